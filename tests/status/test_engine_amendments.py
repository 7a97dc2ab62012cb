"""Amendments: a record with ``amends`` stands in for the record it corrects."""

from __future__ import annotations

from typing import Any

from tests.builders.engine import (
    PLAIN_TITLE,
    approval_data,
    branch_data,
    dataset,
    directive_data,
    lecture_data,
    one,
    real_plan,
    record_data,
    status,
    town_data,
)
from ysxt_build.status.model import StatusReport

ORG = "qingshan-village"


def amended(data: dict[str, Any], original: str) -> dict[str, Any]:
    data["amends"] = {"record": original, "reason": "更正记录内容"}
    return data


def run(records: list[dict[str, Any]], as_of: str) -> StatusReport:
    return status(dataset([real_plan()], [town_data(), branch_data(ORG)], records), as_of)


def test_the_amendment_replaces_the_original() -> None:
    records = [
        record_data("s-1", "special_study", ORG, "2025-03-01", PLAIN_TITLE),
        amended(record_data("s-1-fix", "special_study", ORG, "2025-03-01"), "s-1"),
        record_data("s-2", "special_study", ORG, "2025-04-01"),
    ]
    e = one(run(records, "2026-01-10"), "org-special-study", ORG, "2025")
    assert (e.status, e.records) == ("met", ("s-1-fix", "s-2"))


def test_an_amendment_can_take_a_record_away() -> None:
    records = [
        record_data("s-1", "special_study", ORG, "2025-03-01"),
        amended(record_data("s-1-fix", "special_study", ORG, "2025-03-01", PLAIN_TITLE), "s-1"),
    ]
    e = one(run(records, "2026-01-10"), "org-special-study", ORG, "2025")
    assert (e.status, e.records) == ("missing", ())


def test_an_amendment_of_an_amendment() -> None:
    records = [
        record_data("s-1", "special_study", ORG, "2025-03-01"),
        amended(record_data("s-1-fix", "special_study", ORG, "2025-03-01", PLAIN_TITLE), "s-1"),
        amended(record_data("s-1-fix2", "special_study", ORG, "2025-03-02"), "s-1-fix"),
        record_data("s-2", "special_study", ORG, "2025-04-01"),
    ]
    e = one(run(records, "2026-01-10"), "org-special-study", ORG, "2025")
    assert (e.status, e.records) == ("met", ("s-1-fix2", "s-2"))


def test_an_amendment_dated_after_as_of_is_not_yet_known() -> None:
    records = [
        record_data("s-1", "special_study", ORG, "2025-03-01"),
        amended(record_data("s-1-fix", "special_study", ORG, "2025-05-01"), "s-1"),
    ]
    assert one(run(records, "2025-04-01"), "org-special-study", ORG, "2025").records == ("s-1",)
    assert one(run(records, "2025-06-01"), "org-special-study", ORG, "2025").records == ("s-1-fix",)


def test_amending_a_directive_keeps_the_responses_to_it() -> None:
    records = [
        directive_data("d-1", "2025-03-01"),
        amended(directive_data("d-1-fix", "2025-03-01"), "d-1"),
        record_data("r-1", "directive_study", ORG, "2025-03-05", responds_to=["d-1"]),
    ]
    e = one(run(records, "2025-04-01"), "org-directive-study", ORG)
    assert (e.status, e.records) == ("met", ("r-1",))


def test_amending_an_approval_keeps_the_lecture_approved() -> None:
    records = [
        approval_data("ap-1", ORG, "2025-03-01"),
        amended(approval_data("ap-1-fix", ORG, "2025-03-01"), "ap-1"),
        lecture_data("l-1", ORG, "2025-03-05", "ap-1"),
    ]
    assert one(run(records, "2025-04-01"), "org-lecture-approval", ORG, "2025").status == "met"
