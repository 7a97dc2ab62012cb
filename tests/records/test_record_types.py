"""The record types of a repository, for the 填报 form and ``ysxt new`` (``records/record_types.py``)."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest

from tests.builders.engine import real_plan, real_vocabulary
from ysxt_build.records.model import bind
from ysxt_build.records.record_types import CountsFor, RecordVocabulary, record_vocabulary
from ysxt_build.records.schemas import SchemaSet


@pytest.fixture(scope="module")
def vocab() -> RecordVocabulary:
    schemas = SchemaSet.load().with_vocabularies([real_vocabulary()])
    return record_vocabulary(schemas, [bind(real_plan(), real_vocabulary())], date(2025, 6, 30))


def test_names_and_short_codes(vocab: RecordVocabulary) -> None:
    study = vocab.type("special_study")
    assert study is not None and (study.name, study.short) == ("专题研究会议", "zyyj")
    assert vocab.by_short("cdxx") == vocab.type("directive_study")
    assert vocab.by_name(" 专题研究会议 ") == study
    assert len(vocab.types) == 24


def test_fields_each_type_must_and_may_carry(vocab: RecordVocabulary) -> None:
    relay = vocab.type("directive_study")
    assert relay is not None
    assert relay.required == ("id", "type", "organization", "date", "title", "responds_to")
    assert relay.responds_to == ("directive",)
    assert "lecture" not in relay.optional and "report" in relay.optional and "lead" in relay.optional
    lecture = vocab.type("lecture")
    assert lecture is not None and "lecture" in lecture.required and "approval" not in lecture.optional


def test_what_each_type_counts_for(vocab: RecordVocabulary) -> None:
    study = vocab.type("special_study")
    assert study is not None
    assert [(c.obligation, c.role, c.level, c.by) for c in study.counts_for] == [
        ("org-political-direction", "evidence", "organization", "any"),
        ("org-directive-study", "response", "organization", "any"),
        ("org-special-study", "qualifies", "organization", "any"),
        ("member-portfolio-meeting", "response", "member", "lead"),
    ]
    approval = vocab.type("approval")
    assert approval is not None and approval.counts_for == (
        CountsFor("xx-town-2025", "org-lecture-approval", "二（一）5", "报告会、研讨会、讲座、论坛、讲坛事先审核报备",
                  "approval", "organization"),)
    supervision = vocab.type("supervision")
    assert supervision is not None and supervision.lead_needed


def test_the_schema_is_one_self_contained_document(vocab: RecordVocabulary) -> None:
    assert "common.schema.json" not in str(vocab.schema)
    validator = jsonschema.Draft202012Validator(vocab.schema)
    record = {"id": "2025-qingshan-village-zyyj-09", "type": "special_study", "organization": "qingshan-village",
              "date": "2025-05-01", "title": "专题研究会议"}
    assert validator.is_valid(record)
    assert not validator.is_valid({**record, "type": "analysis_meeting"})
    assert not validator.is_valid({**record, "type": "directive_study"})  # responds_to missing
