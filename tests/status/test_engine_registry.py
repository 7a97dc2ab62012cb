"""Standing, precondition and judged obligations of the real plan."""

from __future__ import annotations

from datetime import date
from typing import Any, Optional, Sequence

import pytest

from tests.builders.engine import (
    approval_data,
    branch_data,
    dataset,
    find,
    lecture_data,
    member,
    one,
    real_plan,
    record_data,
    status,
    town_data,
)
from ysxt_build.status.model import StatusReport

ORG = "qingshan-village"
ZHANG, CHEN = "m-zhang-wei", "m-chen-fang"


def run(records: Sequence[dict[str, Any]], as_of: str, **org_kw: Any) -> StatusReport:
    return status(dataset([real_plan()], [town_data(), branch_data(ORG, **org_kw)], records), as_of)


# -- standing: org-responsible-persons (has_roles secretary, member_in_charge) ------------


def test_secretary_and_member_in_charge_in_office_is_met() -> None:
    report = run([], "2025-12-31")
    h1 = one(report, "org-responsible-persons", ORG, "2025H1")
    assert (h1.status, h1.due, h1.completed_on, h1.note) == ("met", date(2025, 6, 30), date(2025, 6, 30), "")
    h2 = one(report, "org-responsible-persons", ORG, "2025H2")
    assert (h2.status, h2.due) == ("met", date(2025, 12, 31))


def test_no_member_in_charge_is_missing() -> None:
    report = run([], "2025-09-15", members=[member(ZHANG, "secretary")])
    h1 = one(report, "org-responsible-persons", ORG, "2025H1")
    assert h1.status == "missing"
    assert h1.note == "没有在任的分管领导（直接责任人）（截至 2025-06-30）"
    h2 = one(report, "org-responsible-persons", ORG, "2025H2")
    assert h2.status == "missing"
    assert h2.note == "没有在任的分管领导（直接责任人）（截至 2025-09-15）"  # the current half: as of today


def test_no_one_at_all_names_both_roles() -> None:
    report = run([], "2025-12-31", members=[member("m-liu-yang", "committee_member")])
    e = one(report, "org-responsible-persons", ORG, "2025H2")
    assert e.note == "没有在任的书记（第一责任人）、分管领导（直接责任人）（截至 2025-12-31）"


def test_roles_are_judged_on_the_last_day_of_the_half() -> None:
    members = [member(ZHANG, "secretary"), member(CHEN, "member_in_charge", end="2025-05-31"),
               member("m-liu-yang", "member_in_charge", "2025-08-01")]
    report = run([], "2025-12-31", members=members)
    assert one(report, "org-responsible-persons", ORG, "2025H1").status == "missing"
    assert one(report, "org-responsible-persons", ORG, "2025H2").status == "met"


def test_a_departure_after_as_of_is_not_yet_known() -> None:
    members = [member(ZHANG, "secretary"), member(CHEN, "member_in_charge", end="2025-05-31")]
    assert one(run([], "2025-05-30", members=members), "org-responsible-persons", ORG, "2025H1").status == "met"
    assert one(run([], "2025-06-01", members=members), "org-responsible-persons", ORG, "2025H1").status == "missing"


# -- standing: org-positions-register (reviewed within 184 days) --------------------------


def test_review_older_than_184_days_is_overdue() -> None:
    report = run([], "2025-12-31", positions_reviewed=["2025-01-10"])
    h1 = one(report, "org-positions-register", ORG, "2025H1")
    assert (h1.status, h1.completed_on, h1.due) == ("met", date(2025, 1, 10), date(2025, 7, 13))
    h2 = one(report, "org-positions-register", ORG, "2025H2")
    assert (h2.status, h2.due) == ("overdue", date(2025, 7, 13))
    assert h2.note == "阵地登记上次核对于 2025-01-10，超过 184 天未核对"


@pytest.mark.parametrize(("reviewed", "expected"), [("2025-06-30", "met"), ("2025-06-29", "overdue")])
def test_review_boundary_is_184_days(reviewed: str, expected: str) -> None:
    e = one(run([], "2025-12-31", positions_reviewed=[reviewed]), "org-positions-register", ORG, "2025H2")
    assert e.status == expected


def test_no_review_is_missing() -> None:
    e = one(run([], "2025-12-31"), "org-positions-register", ORG, "2025H1")
    assert e.status == "missing"
    assert e.note == "没有核对阵地登记的记录（截至 2025-06-30；核对后在组织登记文件的“阵地登记核对日期”中加一行）"


def test_latest_review_counts_and_later_reviews_are_unknown() -> None:
    reviewed = ["2025-09-01", "2025-01-15", "2024-06-01", "2026-03-01"]
    report = run([], "2025-12-31", positions_reviewed=reviewed)
    assert one(report, "org-positions-register", ORG, "2025H1").completed_on == date(2025, 1, 15)
    assert one(report, "org-positions-register", ORG, "2025H2").completed_on == date(2025, 9, 1)
    early = one(run([], "2025-08-31", positions_reviewed=reviewed), "org-positions-register", ORG, "2025H2")
    assert (early.status, early.note) == ("overdue", "阵地登记上次核对于 2025-01-15，超过 184 天未核对")


# -- standing: org-opinion-watch (mechanism) ----------------------------------------------


def test_mechanism_established() -> None:
    report = run([], "2025-12-31", watch="2025-08-01")
    h1 = one(report, "org-opinion-watch", ORG, "2025H1")
    assert h1.status == "missing"
    assert h1.note == "未登记舆情日常监测应对机制（在组织登记文件的“工作机制”中写明建立日期）"
    h2 = one(report, "org-opinion-watch", ORG, "2025H2")
    assert (h2.status, h2.completed_on) == ("met", date(2025, 8, 1))
    assert one(run([], "2025-12-31"), "org-opinion-watch", ORG, "2025H2").status == "missing"


# -- precondition: org-lecture-approval ---------------------------------------------------


def test_lecture_approved_before_is_met() -> None:
    records = [approval_data("a-1", ORG, "2025-04-01"), lecture_data("l-1", ORG, "2025-04-10", "a-1")]
    e = one(run(records, "2025-12-31"), "org-lecture-approval", ORG, "2025")
    assert (e.status, e.completed_on, e.records, e.required, e.done) == ("met", date(2025, 4, 10), ("l-1",), 1, 1)
    assert e.note == ""


def test_approval_on_the_day_is_in_time() -> None:
    records = [approval_data("a-1", ORG, "2025-04-10", "filed"), lecture_data("l-1", ORG, "2025-04-10", "a-1")]
    assert one(run(records, "2025-12-31"), "org-lecture-approval", ORG, "2025").status == "met"


def test_approval_dated_after_the_lecture_is_incomplete() -> None:
    records = [approval_data("a-1", ORG, "2025-04-15"), lecture_data("l-1", ORG, "2025-04-10", "a-1")]
    e = one(run(records, "2025-12-31"), "org-lecture-approval", ORG, "2025")
    assert e.status == "incomplete"
    assert (e.required, e.done, e.incomplete, e.incomplete_records) == (1, 0, 1, ("l-1",))
    assert e.note == "《意识形态专题讲座》（2025-04-10）没有事先审核报备"


@pytest.mark.parametrize("approval", [None, "a-missing", "a-rejected", "s-1"])
def test_lecture_without_a_valid_approval_is_incomplete(approval: Optional[str]) -> None:
    records = [
        approval_data("a-rejected", ORG, "2025-04-01", "rejected"),
        record_data("s-1", "special_study", ORG, "2025-04-01"),  # not an approval
        lecture_data("l-1", ORG, "2025-04-10", approval),
    ]
    assert one(run(records, "2025-12-31"), "org-lecture-approval", ORG, "2025").status == "incomplete"


def test_one_bad_lecture_makes_the_year_incomplete() -> None:
    records = [
        approval_data("a-1", ORG, "2025-04-01"),
        lecture_data("l-1", ORG, "2025-04-10", "a-1"),
        lecture_data("l-2", ORG, "2025-06-10"),
    ]
    e = one(run(records, "2025-12-31"), "org-lecture-approval", ORG, "2025")
    assert (e.status, e.required, e.done, e.records, e.incomplete_records) == ("incomplete", 2, 1, ("l-1",), ("l-2",))


def test_no_lectures_is_not_applicable() -> None:
    e = one(run([], "2025-12-31"), "org-lecture-approval", ORG, "2025")
    assert e.status == "not_applicable"
    assert e.note == "本期没有举办报告会、研讨会、讲座、论坛、讲坛"


def test_a_lecture_after_as_of_is_unknown() -> None:
    records = [lecture_data("l-1", ORG, "2025-06-10")]
    assert one(run(records, "2025-06-09"), "org-lecture-approval", ORG, "2025").status == "not_applicable"


# -- judged -------------------------------------------------------------------------------


def test_judged_obligation_shows_its_evidence() -> None:
    records = [
        record_data("g-1", "group_study", ORG, "2025-03-01"),
        record_data("b-1", "party_briefing", ORG, "2025-08-01"),
        record_data("b-0", "party_briefing", ORG, "2024-08-01"),  # another year
        record_data("o-1", "other", ORG, "2025-08-01", "联系党外代表人士"),  # another obligation's evidence
    ]
    report = run(records, "2025-12-31")
    e = one(report, "org-political-direction", ORG, "2025")
    assert e.status == "by_inspection"
    assert (e.done, e.records) == (2, ("g-1", "b-1"))
    assert e.note == "由镇党委检查评定；本期相关记录 2 条"
    assert e.due is None
    united = one(report, "org-united-front", ORG, "2025")
    assert (united.status, united.records) == ("by_inspection", ("o-1",))


def test_judged_member_obligation_shows_the_member_records() -> None:
    records = [record_data("o-1", "other", ORG, "2025-08-01", "交办事项", lead=ZHANG, participants=[ZHANG])]
    report = run(records, "2025-12-31")
    assert one(report, "member-other-tasks", ORG, "2025", ZHANG).records == ("o-1",)
    chen = one(report, "member-other-tasks", ORG, "2025", CHEN)
    assert (chen.status, chen.records, chen.note) == ("by_inspection", (), "由镇党委检查评定；本期相关记录 0 条")


def test_every_judged_obligation_is_by_inspection() -> None:
    report = run([], "2026-12-31")
    judged = {o.id for o in real_plan().obligations if o.kind == "judged"}
    entries = [e for e in report.entries if e.obligation in judged]
    assert entries and {e.status for e in entries} == {"by_inspection"}
    assert {e.period for e in find(report, "org-political-direction", ORG)} == {"2025", "2026"}


# -- coverage: town-inspection (the town committee inspects every branch each half) -------


def inspection_data(id: str, day: str, target: str = ORG, period: str = "2025H1") -> dict[str, Any]:
    block = {"target": target, "period": period, "methods": ["on_site", "files"]}
    return record_data(id, "inspection", "town", day, "半年检查", inspection=block)


def test_inspection_in_time_covers_the_branch() -> None:
    e = one(run([inspection_data("jc-1", "2025-07-20")], "2025-12-31"), "town-inspection", "town", "2025H1")
    assert (e.status, e.due, e.completed_on, e.records, e.required, e.done) == (
        "met", date(2025, 7, 31), date(2025, 7, 20), ("jc-1",), 1, 1)


def test_inspection_after_due_is_met_late_with_a_note() -> None:
    e = one(run([inspection_data("jc-1", "2025-08-15")], "2025-12-31"), "town-inspection", "town", "2025H1")
    assert (e.status, e.completed_on) == ("met_late", date(2025, 8, 15))
    assert e.note == "截止 2025-07-31，2025-08-15 才完成"
