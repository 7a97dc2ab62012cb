"""The record form spec (fields from the schema, duties from the plan) and the record writer
that ``ysxt new`` and the 填报 page share."""

from __future__ import annotations

import copy
from dataclasses import replace
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ysxt_build.check.repository import Loaded, load_repository
from ysxt_build.records import strict_yaml
from ysxt_build.records.form_spec import FormSpec, record_form_spec, record_values
from ysxt_build.records.model import Dataset
from ysxt_build.records.schemas import SchemaSet
from ysxt_build.records.templates import FILL_BLANKS, blank_values, next_record_id, render_record, roster_line, scalar

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return load_repository(PROJECT, use_cache=False)


@pytest.fixture(scope="module")
def demo(loaded: Loaded) -> Dataset:
    return loaded.dataset


@pytest.fixture(scope="module")
def spec(loaded: Loaded) -> FormSpec:
    assert loaded.schemas is not None
    return record_form_spec(loaded.schemas, loaded.dataset.plans)  # the schemas derived from the demo's vocabulary


def test_every_record_type_has_a_code_and_the_demo_uses_them(demo: Dataset, spec: FormSpec) -> None:
    # the types, their names and id codes are the vocabulary's, in its order
    (vocabulary,) = demo.vocabularies
    assert [(t.value, t.title, t.code) for t in spec.types] == [(t.code, t.name, t.short) for t in vocabulary.record_types]
    codes = {t.value: t.code for t in spec.types}
    assert len(set(codes.values())) == len(codes)
    for r in demo.records:
        code = codes[r.type]
        if r.amends is None and r.id.startswith(f"{r.date.year}-{r.organization}-"):
            assert r.id.rsplit("-", 1)[0].endswith(f"-{code}"), r.id


def test_type_fields_follow_the_schema(spec: FormSpec) -> None:
    directive = spec.type("directive")
    assert "directive" in directive.fields and "incident" not in directive.fields
    assert directive.required == ("date", "title", "directive")
    assert spec.fields["participants"].kind == "members" and spec.fields["lead"].kind == "member"
    assert spec.fields["responds_to"].kind == "records" and spec.fields["evidence"].kind == "evidence"
    applies = spec.fields["directive"].child("applies_to")
    assert applies is not None and applies.kind == "scope"


def test_the_plan_says_what_a_type_counts_for(spec: FormSpec) -> None:
    study = spec.type("special_study")
    assert study.group == "二（一）4 每年至少两次专题研究意识形态工作"
    first = study.duties[0]
    assert (first.role, first.clause, first.count, first.period) == ("qualifies", "二（一）4", 2, "year")
    assert "意识形态" in first.keywords
    assert dict(spec.type("directive_study").refs) == {"responds_to": ("directive",)}
    assert dict(spec.type("rectification").refs)["responds_to"] == ("inspection",)
    assert dict(spec.type("self_inspection").needed)["report"].endswith("要求书面报送")
    assert spec.type("self_inspection").defaults["report"] == {"submitted_to": "town"}


def test_a_new_records_topics_come_from_its_plan(loaded: Loaded, demo: Dataset) -> None:
    """意识形态工作 for the demo's plan (its system's name); a second system such as 党风廉政
    fills in its own, and a plan may say what (settings.default_topics)."""
    assert loaded.schemas is not None
    (plan,) = demo.plans
    assert plan.record_topics == ("意识形态工作",)
    assert record_form_spec(loaded.schemas, [plan]).type("special_study").defaults["topics"] == ["意识形态工作"]
    clean = replace(plan, system="党风廉政建设责任制", settings=replace(plan.settings, topic_keywords=("党风廉政", "廉洁")))
    assert record_form_spec(loaded.schemas, [clean]).type("special_study").defaults["topics"] == ["党风廉政建设"]
    unnamed = replace(clean, system="")
    assert unnamed.record_topics == ("党风廉政",)  # no system's name: the first word that makes a record count
    chosen = replace(clean, settings=replace(clean.settings, default_topics=("廉政教育", "作风建设")))
    spec = record_form_spec(loaded.schemas, [chosen])
    assert spec.type("special_study").defaults["topics"] == ["廉政教育", "作风建设"]
    text = render_record(spec, spec.type("special_study"), "2026-x-zyyj-01", "x",
                         blank_values(spec, spec.type("special_study"), "2026-03-02", []))
    assert "\ntopics: [廉政教育, 作风建设]\n" in text


def test_adding_a_field_to_the_schema_adds_it_to_every_form(demo: Dataset) -> None:
    schemas = SchemaSet.load()
    documents = copy.deepcopy(schemas.documents)
    documents["record"]["properties"]["venue"] = {
        "$ref": "common.schema.json#/$defs/short_text", "title": "地点", "description": "活动举行的地点。",
    }
    # the base schema gains the field; the repository's schema is derived from it as always
    patched = SchemaSet(directory=schemas.directory, documents=documents).with_vocabularies(demo.vocabularies)
    spec = record_form_spec(patched)
    venue = spec.fields["venue"]
    assert (venue.title, venue.kind, venue.help) == ("地点", "text", "地点：活动举行的地点。")
    assert all("venue" in t.fields for t in spec.types)
    text = render_record(spec, spec.type("party_briefing"), "2025-x-dntb-01", "x", {"date": "2025-05-08", "venue": "村部会议室"})
    assert "\n# 地点：活动举行的地点。\nvenue: 村部会议室\n" in text
    assert json.dumps(spec.to_json(), ensure_ascii=False).count('"venue"') > len(spec.types)


def test_the_next_number_is_the_first_free_one(spec: FormSpec) -> None:
    taken = ["2026-liushu-village-zyyj-01", "2026-liushu-village-zyyj-03", "2026-liushu-village-dntb-02"]
    assert next_record_id(taken, 2026, "liushu-village", "zyyj") == "2026-liushu-village-zyyj-02"
    assert next_record_id(taken, 2026, "liushu-village", spec.type("special_study").code) == "2026-liushu-village-zyyj-02"
    assert next_record_id([], 2026, "heping-community-1", "dntb") == "2026-heping-community-1-dntb-01"


def _data(text: str) -> Any:
    data, refusals, _ = strict_yaml.load_bytes(text.encode("utf-8"))
    assert refusals == []
    return data


def test_every_demo_record_reads_back_the_same_through_the_writer(demo: Dataset, spec: FormSpec) -> None:
    """What the 修改/更正 button relies on: the form's values of a record write it back unchanged."""
    for r in demo.records:
        original = _data((PROJECT / r.source).read_text(encoding="utf-8"))
        org = demo.organization(r.organization)
        assert org is not None
        roster = roster_line(r.date.isoformat(), ((t.member_id, t.name) for t in org.holders_on(r.date)))
        text = render_record(spec, spec.type(r.type), r.id, r.organization, record_values(r), roster)
        assert FILL_BLANKS not in text, r.id
        assert _data(text) == original, r.id


_TRICKY = [
    "", "a", "yes", "no", "on", "null", "true", "2026-05-08", "12", "0x1f", "1.5", "1e5", ".inf", "~", "-", "- a",
    "a: b", "a #b", "#x", "[x]", "{x}", "*x", "&x", "!x", "|x", ">x", "'x'", '"x"', "%x", "@x", "`x`", "x ",
    " x", "意识形态工作", "2026年第二次会议", "会议：研究", "m-huang-guoqing", "2026-town-sjbs-01", "c1",
    "records/evidence/2026/x/zyyj-01.pdf", "档案盒 2026-02号", "a\nb", "\t", "\x7f", "\x85", "\u2028", "\ufeff",
    "“谁主管谁负责”", "…", "·", "—", "ｘ", "１２", "abc,def", "N", "Y", "off", "中文 ", "中文#注", "中文: 值",
]


@pytest.mark.parametrize("value", _TRICKY)
def test_a_scalar_reads_back_as_itself(value: str) -> None:
    for text in (f"k: {scalar(value)}\n", f"k: [{scalar(value)}, x]\n"):
        loaded = _data(text)
        assert loaded["k"] in (value, [value, "x"]), (value, text)
        assert yaml.safe_load(text)["k"] in (value, [value, "x"]), (value, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30))
def test_any_text_reads_back_as_itself(value: str) -> None:
    text = f"k: {scalar(value)}\nl: [{scalar(value)}]\n"
    loaded = _data(text)
    assert loaded == {"k": value, "l": [value]}


def test_plain_where_it_is_safe() -> None:
    assert scalar("2026年第二次意识形态工作专题研究会议") == "2026年第二次意识形态工作专题研究会议"
    assert scalar("m-huang-guoqing") == "m-huang-guoqing"
    assert scalar("2026-05-08") == '"2026-05-08"'
    assert scalar("yes") == '"yes"'
    assert scalar(12) == "12" and scalar(92.0) == "92" and scalar(92.5) == "92.5"
