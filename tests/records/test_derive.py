"""Deriving a repository's schemas from the base schemas and its vocabularies (``records/derive.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.builders.engine import real_vocabulary
from ysxt_build.records.derive import derive_documents, exclusive_fields
from ysxt_build.records.schemas import SchemaSet
from ysxt_build.records.vocabulary import Vocabulary

BASE = SchemaSet.load()


def vocabulary(**extra: Any) -> Vocabulary:
    data: dict[str, Any] = {
        "id": "unit",
        "title": "测试单位用语",
        "labels": {"whole": "全单位", "leading_body": "单位党委"},
        "org_kinds": [{"code": "committee", "name": "党委", "top": True}, {"code": "cell", "name": "党小组", "default_subject": True}],
        "roles": [{"code": "head", "name": "组长", "single": True}],
        "record_types": [
            {"code": "talk", "name": "谈心谈话", "short": "txth"},
            {"code": "forum", "name": "论坛", "short": "lt", "fields": ["lecture", "lead"]},
            {"code": "okay", "name": "审核", "short": "sh", "fields": ["approval"], "optional": ["incident"]},
            {"code": "reply", "name": "回复", "short": "hf", "fields": ["responds_to"], "responds_to": ["talk"]},
        ],
        **extra,
    }
    return Vocabulary.from_data(data)


@pytest.fixture(scope="module")
def derived() -> SchemaSet:
    return BASE.with_vocabularies([vocabulary(periods=[{"code": "term", "name": "每学期", "letter": "T", "starts": ["09-01", "03-01"]}])])


def record(**fields: Any) -> dict[str, Any]:
    return {"id": "2025-cell-1", "organization": "cell-1", "date": "2025-05-01", "title": "测试", **fields}


def test_the_base_accepts_any_code_and_marks_its_field_kinds() -> None:
    assert BASE.is_valid("record", record(type="anything", lecture={"form": "讲座"}))
    assert set(exclusive_fields(BASE.documents["record"])) == {
        "directive", "incident", "lecture", "approval", "rectification", "inspection", "assessment", "accountability"}


def test_no_vocabulary_leaves_the_base_as_it_is() -> None:
    assert derive_documents(BASE.documents, []) == BASE.documents
    assert BASE.with_vocabularies([]).documents == BASE.documents


def test_record_types_are_the_vocabularys_with_names_and_short_codes(derived: SchemaSet) -> None:
    assert [(c.value, c.title) for c in derived.choices("record", "type")] == [
        ("talk", "谈心谈话"), ("forum", "论坛"), ("okay", "审核"), ("reply", "回复")]
    assert derived.record_type_shorts() == {"talk": "txth", "forum": "lt", "okay": "sh", "reply": "hf"}
    assert derived.is_valid("record", record(type="talk"))
    assert not derived.is_valid("record", record(type="special_study"))  # the town's type is not this unit's


def test_required_and_optional_field_kinds(derived: SchemaSet) -> None:
    lecture = {"form": "讲座"}
    assert derived.is_valid("record", record(type="forum", lead="m-a", lecture=lecture))
    assert not derived.is_valid("record", record(type="forum", lecture=lecture))  # lead required of this type
    assert not derived.is_valid("record", record(type="talk", lecture=lecture))  # lecture only on a forum
    approval = {"approver": "党委", "result": "approved"}
    incident = {"category": "other", "level": "general"}
    assert derived.is_valid("record", record(type="okay", approval=approval))
    assert derived.is_valid("record", record(type="okay", approval=approval, incident=incident))  # optional
    assert not derived.is_valid("record", record(type="reply"))  # responds_to required
    assert derived.is_valid("record", record(type="reply", responds_to=["2025-cell-1"]))


def test_a_field_kind_no_type_uses_is_refused_everywhere_but_stays_referable(derived: SchemaSet) -> None:
    assert "directive" in derived.documents["record"]["properties"]  # the plan schema refers into it
    assert not derived.is_valid("record", record(type="talk", directive={"issuer": "县委", "applies_to": "all"}))
    errors = list(derived.iter_errors("record", record(type="talk", directive={"issuer": "县委", "applies_to": "all"})))
    assert errors and all(e.validator == "not" for e in errors)


def test_cycles_extend_the_period_labels(derived: SchemaSet) -> None:
    assert derived.is_valid("record", record(type="talk", period="2025T2"))
    assert not derived.is_valid("record", record(type="talk", period="2025T3"))
    assert not BASE.is_valid("record", record(type="talk", period="2025T1"))
    period = derived.property_schema("plan", "obligations", "[]", "period") or {}
    assert {"const": "term", "title": "每学期"} in period["oneOf"]


def test_the_period_description_says_how_the_cycles_are_written() -> None:
    """The template, the 字段参考 and the 填报 form read it; a cycle without names by its dates."""
    fiscal = {"code": "fiscal", "name": "每财年", "letter": "F", "starts": ["04-01"]}
    derived = BASE.with_vocabularies([vocabulary(periods=[{"code": "term", "name": "每学期", "letter": "T", "starts": ["09-01", "03-01"],
                                                            "names": ["{year}—{next}学年秋季学期", "{year}—{next}学年春季学期"]}, fiscal])])
    base = str((BASE.property_schema("record", "period") or {})["description"])
    period = derived.property_schema("record", "period") or {}
    assert period["description"] == base + ("本单位自定的期间：学期写成 2025T1（2025—2026学年秋季学期）或 2025T2（2025—2026学年春季学期），"
                                            "财年写成 2025F1（2025年4月1日至2026年3月31日）。")
    assert period["x-period"] is True
    inspection = derived.property_schema("record", "inspection", "period") or {}
    assert str(inspection["description"]).endswith("财年写成 2025F1（2025年4月1日至2026年3月31日）。")


def test_organisation_kinds_and_roles(derived: SchemaSet) -> None:
    org = {"id": "cell-1", "name": "第一党小组", "kind": "cell", "founded": "2020-01-01",
           "members": [{"id": "m-a", "name": "张三", "role": "head", "from": "2020-01-01"}]}
    assert derived.is_valid("organization", org)
    assert not derived.is_valid("organization", {**org, "kind": "branch"})
    assert [c.title for c in derived.choices("organization", "members", "[]", "role")] == ["组长"]


def test_derived_sets_are_kept_and_fingerprinted_by_vocabulary() -> None:
    town = real_vocabulary()
    assert BASE.with_vocabularies([town]) is BASE.with_vocabularies([town])
    assert BASE.with_vocabularies([town]).fingerprint != BASE.with_vocabularies([vocabulary()]).fingerprint
    assert BASE.with_vocabularies([town]).fingerprint != BASE.fingerprint
