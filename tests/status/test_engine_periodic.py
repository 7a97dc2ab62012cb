"""Quota and deliverable obligations of the real plan: exact statuses and notes.

The town's plan (records/plans/xx-town-2025.yaml): due_soon_days 30, min_coverage 0.5,
handover holder_at_end, topic keywords 意识形态/网络舆情/舆论/宣传思想.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.builders.engine import (
    PLAIN_TITLE,
    branch_data,
    dataset,
    one,
    plan,
    quota,
    real_plan,
    record_data,
    status,
    town_data,
)
from ysxt_build.status.model import StatusReport

ORG = "qingshan-village"
ZHANG, CHEN = "m-zhang-wei", "m-chen-fang"  # secretary, member in charge


def run(records: list[dict[str, Any]], as_of: str, plans: Any = None) -> StatusReport:
    return status(dataset(plans or [real_plan()], [town_data(), branch_data(ORG)], records), as_of)


def study(id: str, day: str, title: str = "意识形态工作专题研究会议", **kw: Any) -> dict[str, Any]:
    return record_data(id, "special_study", ORG, day, title, lead=ZHANG, participants=[ZHANG, CHEN], **kw)


# -- quota: org-special-study (≥2 a year, due 12-31) -------------------------------------


def test_two_studies_in_the_year_meet_the_quota() -> None:
    e = one(run([study("s-1", "2025-03-12"), study("s-2", "2025-09-01")], "2025-12-31"),
            "org-special-study", ORG, "2025")
    assert e.status == "met"
    assert e.completed_on == date(2025, 9, 1)
    assert e.due == date(2025, 12, 31)
    assert (e.required, e.done, e.incomplete) == (2, 2, 0)
    assert e.records == ("s-1", "s-2")
    assert e.member is None and e.trigger is None
    assert e.plan == "xx-town-2025"
    assert (e.period_start, e.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert e.note == ""


def test_quota_met_on_the_last_day_is_not_late() -> None:
    e = one(run([study("s-1", "2025-03-12"), study("s-2", "2025-12-31")], "2026-06-01"),
            "org-special-study", ORG, "2025")
    assert e.status == "met"
    assert e.completed_on == date(2025, 12, 31)


def test_quota_cannot_be_met_late_by_a_record_in_the_next_period() -> None:
    """Without a report to wait for, a record dated after the period counts for the next one."""
    report = run([study("s-1", "2025-03-12"), study("s-2", "2026-01-05")], "2026-01-10")
    e = one(report, "org-special-study", ORG, "2025")
    assert e.status == "overdue"
    assert e.records == ("s-1",)
    nxt = one(report, "org-special-study", ORG, "2026")
    assert nxt.status == "open"
    assert nxt.records == ("s-2",)
    assert nxt.note == "还差 1 次专题研究会议，截止 2026-12-31"


@pytest.mark.parametrize(("as_of", "expected"), [("2025-11-30", "open"), ("2025-12-01", "due_soon"), ("2025-12-31", "due_soon")])
def test_open_until_the_warning_window(as_of: str, expected: str) -> None:
    e = one(run([study("s-1", "2025-03-12")], as_of), "org-special-study", ORG, "2025")
    assert e.status == expected
    assert e.note == "还差 1 次专题研究会议，截止 2025-12-31"
    assert (e.required, e.done) == (2, 1)
    assert e.completed_on is None


def test_due_soon_days_is_a_plan_setting() -> None:
    e = one(run([], "2025-11-30", plans=[real_plan(due_soon_days=31)]), "org-special-study", ORG, "2025")
    assert e.status == "due_soon"
    e = one(run([], "2025-11-30", plans=[real_plan(due_soon_days=0)]), "org-special-study", ORG, "2025")
    assert e.status == "open"
    e = one(run([], "2025-12-31", plans=[real_plan(due_soon_days=0)]), "org-special-study", ORG, "2025")
    assert e.status == "due_soon"


def test_one_of_two_past_due_is_overdue() -> None:
    e = one(run([study("s-1", "2025-03-12")], "2026-01-01"), "org-special-study", ORG, "2025")
    assert e.status == "overdue"
    assert e.note == "还差 1 次专题研究会议，已于 2025-12-31 截止"
    assert (e.required, e.done, e.incomplete) == (2, 1, 0)
    assert e.records == ("s-1",)


def test_none_past_due_is_missing() -> None:
    e = one(run([], "2026-01-01"), "org-special-study", ORG, "2025")
    assert e.status == "missing"
    assert e.note == "未开展专题研究会议（应至少 2 次），已于 2025-12-31 截止"
    assert (e.required, e.done) == (2, 0)


def test_a_study_without_the_topic_does_not_count() -> None:
    plain = study("s-plain", "2025-04-01", PLAIN_TITLE, topics=["集体经济"])
    e = one(run([plain], "2026-01-01"), "org-special-study", ORG, "2025")
    assert e.status == "missing"
    assert e.records == ()
    e = one(run([plain, study("s-1", "2025-05-01")], "2026-01-01"), "org-special-study", ORG, "2025")
    assert e.status == "overdue"
    assert e.records == ("s-1",)


@pytest.mark.parametrize(
    ("title", "topics", "counts"),
    [
        (PLAIN_TITLE, ["网络舆情管理"], True),  # a keyword inside a topic
        ("宣传思想工作会议", None, True),  # a keyword in the title
        (PLAIN_TITLE, ["舆论"], True),
        (PLAIN_TITLE, ["集体经济", "环境整治"], False),
        ("意识到问题的会议", ["思想"], False),  # 意识 is not 意识形态
    ],
)
def test_topic_keywords_in_title_or_topics(title: str, topics: Any, counts: bool) -> None:
    records = [study("s-1", "2025-03-01"), study("s-2", "2025-04-01", title, topics=topics)]
    e = one(run(records, "2026-01-01"), "org-special-study", ORG, "2025")
    assert e.status == ("met" if counts else "overdue")


def test_topics_any_empty_means_no_keyword_needed() -> None:
    """member-theory-training has ``topics_any: []``: any group study counts."""
    rec = record_data("g-1", "group_study", ORG, "2025-05-01", PLAIN_TITLE, participants=[ZHANG])
    report = run([rec], "2026-01-01")
    assert one(report, "member-theory-training", ORG, "2025", ZHANG).status == "met"
    assert one(report, "member-theory-training", ORG, "2025", CHEN).status == "missing"
    # … while the organisation's group-study quota uses the plan's keywords
    assert one(report, "org-group-study", ORG, "2025").status == "missing"


def test_fixed_due_day_makes_a_quota_late() -> None:
    """org-annual-work-plan is due on 03-31: the one way a plain quota can be met late."""
    rec = record_data("p-1", "annual_work_plan", ORG, "2025-05-10", "2025年意识形态工作要点")
    e = one(run([rec], "2025-12-31"), "org-annual-work-plan", ORG, "2025")
    assert e.status == "met_late"
    assert e.due == date(2025, 3, 31)
    assert e.completed_on == date(2025, 5, 10)
    assert e.note == "截止 2025-03-31，2025-05-10 才完成"


@pytest.mark.parametrize(("as_of", "expected"), [("2025-03-01", "due_soon"), ("2025-02-28", "open"), ("2025-03-31", "due_soon"), ("2025-04-01", "missing")])
def test_fixed_due_day_windows(as_of: str, expected: str) -> None:
    e = one(run([], as_of), "org-annual-work-plan", ORG, "2025")
    assert e.status == expected
    assert e.due == date(2025, 3, 31)


def test_member_quota_by_lead_counts_only_for_the_lead() -> None:
    rec = record_data("sv-1", "supervision", ORG, "2025-05-01", "督促检查", lead=ZHANG, participants=[ZHANG, CHEN])
    report = run([rec], "2025-07-01")
    zhang = one(report, "member-supervision", ORG, "2025H1", ZHANG)
    assert zhang.status == "met" and zhang.records == ("sv-1",)
    chen = one(report, "member-supervision", ORG, "2025H1", CHEN)
    assert chen.status == "missing"
    assert chen.note == "未开展督促指导和工作检查（应至少 1 次），已于 2025-06-30 截止"


# -- boundaries ---------------------------------------------------------------------------


def test_30_june_counts_for_h1_and_1_july_for_h2() -> None:
    records = [
        record_data("sv-h1", "supervision", ORG, "2025-06-30", "督促检查", lead=ZHANG),
        record_data("sv-h2", "supervision", ORG, "2025-07-01", "督促检查", lead=CHEN),
    ]
    report = run(records, "2026-01-01")
    assert one(report, "member-supervision", ORG, "2025H1", ZHANG).records == ("sv-h1",)
    assert one(report, "member-supervision", ORG, "2025H1", ZHANG).status == "met"
    assert one(report, "member-supervision", ORG, "2025H2", ZHANG).status == "missing"
    assert one(report, "member-supervision", ORG, "2025H1", CHEN).status == "missing"
    assert one(report, "member-supervision", ORG, "2025H2", CHEN).records == ("sv-h2",)
    assert one(report, "member-supervision", ORG, "2025H2", CHEN).status == "met"


def test_31_december_counts_for_that_year() -> None:
    rec = record_data("b-1", "party_briefing", ORG, "2025-12-31", "意识形态领域情况通报")
    report = run([rec], "2026-02-01")
    assert one(report, "org-party-briefing", ORG, "2025").status == "met"
    e2026 = one(report, "org-party-briefing", ORG, "2026")
    assert e2026.status == "open" and e2026.done == 0


def test_leap_day_counts_for_february_and_q1() -> None:
    p = plan(
        [quota("monthly", ("party_briefing",), period="month"), quota("quarterly", ("party_briefing",), period="quarter")],
        effective_from="2028-01-01",
    )
    rec = record_data("b-1", "party_briefing", ORG, "2028-02-29", "意识形态领域情况通报")
    report = run([rec], "2028-04-15", plans=[p])
    feb = one(report, "monthly", ORG, "2028M02")
    assert (feb.status, feb.due, feb.completed_on) == ("met", date(2028, 2, 29), date(2028, 2, 29))
    assert one(report, "monthly", ORG, "2028M01").status == "missing"
    assert one(report, "monthly", ORG, "2028M03").status == "missing"
    assert one(report, "monthly", ORG, "2028M04").status == "due_soon"
    assert one(report, "quarterly", ORG, "2028Q1").status == "met"


# -- a record for an earlier period ("period" field) --------------------------------------


def test_record_for_last_year_dated_in_january_counts_for_last_year_and_is_late() -> None:
    records = [study("s-1", "2025-03-12"), study("s-2", "2026-01-10", period="2025")]
    report = run(records, "2026-02-01")
    e = one(report, "org-special-study", ORG, "2025")
    assert e.status == "met_late"
    assert e.completed_on == date(2026, 1, 10)
    assert e.records == ("s-1", "s-2")
    assert e.note == "截止 2025-12-31，2026-01-10 才完成"
    e2026 = one(report, "org-special-study", ORG, "2026")
    assert e2026.done == 0 and e2026.records == ()


def test_duty_report_in_january_within_grace_is_met() -> None:
    rec = record_data("dr-1", "duty_report", ORG, "2026-01-10", "2025年度述职报告（含意识形态工作）", period="2025", lead=ZHANG)
    report = run([rec], "2026-02-01")
    e = one(report, "member-duty-report", ORG, "2025", ZHANG)
    assert e.status == "met"
    assert e.due == date(2026, 1, 31)
    assert e.completed_on == date(2026, 1, 10)
    assert one(report, "member-duty-report", ORG, "2026", ZHANG).done == 0
    assert one(report, "member-duty-report", ORG, "2025", CHEN).status == "missing"


def test_record_for_last_year_is_unknown_before_its_date() -> None:
    rec = study("s-2", "2026-01-10", period="2025")
    e = one(run([study("s-1", "2025-03-12"), rec], "2026-01-09"), "org-special-study", ORG, "2025")
    assert e.status == "overdue" and e.records == ("s-1",)


# -- deliverable: org-self-inspection (half-yearly, report to town, evidence, +15 days) ----


def inspection(id: str = "zc-1", day: str = "2025-06-20", *, report: Any = ("town", "2025-07-10"),
               evidence: bool = True, **kw: Any) -> dict[str, Any]:
    return record_data(id, "self_inspection", ORG, day, "上半年专题自查", report=report, evidence=evidence, **kw)


def test_self_inspection_with_report_in_time_is_met() -> None:
    e = one(run([inspection()], "2025-07-31"), "org-self-inspection", ORG, "2025H1")
    assert e.status == "met"
    assert e.due == date(2025, 7, 15)
    assert e.completed_on == date(2025, 7, 10)  # the day the report went in
    assert e.records == ("zc-1",)
    assert e.note == ""


def test_self_inspection_reported_after_due_is_met_late() -> None:
    e = one(run([inspection(report=("town", "2025-07-20"))], "2025-07-31"), "org-self-inspection", ORG, "2025H1")
    assert e.status == "met_late"
    assert e.completed_on == date(2025, 7, 20)
    assert e.note == "截止 2025-07-15，2025-07-20 才完成"


def test_self_inspection_without_report_past_due_is_incomplete() -> None:
    e = one(run([inspection(report=None)], "2025-08-01"), "org-self-inspection", ORG, "2025H1")
    assert e.status == "incomplete"
    assert (e.required, e.done, e.incomplete) == (1, 0, 1)
    assert e.records == () and e.incomplete_records == ("zc-1",)
    assert e.note == "专题自查记录不完整（有 1 条记录未书面报送），已于 2025-07-15 截止"


def test_self_inspection_without_evidence_is_incomplete() -> None:
    e = one(run([inspection(evidence=False)], "2025-08-01"), "org-self-inspection", ORG, "2025H1")
    assert e.status == "incomplete"
    assert e.note == "专题自查记录不完整（有 1 条记录缺少证明材料），已于 2025-07-15 截止"


def test_report_to_another_body_does_not_count() -> None:
    e = one(run([inspection(report=("county", "2025-07-10"))], "2025-08-01"), "org-self-inspection", ORG, "2025H1")
    assert e.status == "incomplete"
    assert "未书面报送" in e.note


def test_self_inspection_without_report_before_due_is_due_soon_with_what_it_lacks() -> None:
    e = one(run([inspection(report=None)], "2025-07-01"), "org-self-inspection", ORG, "2025H1")
    assert e.status == "due_soon"
    assert e.note == "还差 1 次专题自查，截止 2025-07-15；有 1 条记录未书面报送"


def test_a_report_submitted_after_as_of_is_not_yet_known() -> None:
    before = one(run([inspection()], "2025-07-05"), "org-self-inspection", ORG, "2025H1")
    assert before.status == "due_soon"
    assert before.incomplete_records == ("zc-1",)
    after = one(run([inspection()], "2025-07-10"), "org-self-inspection", ORG, "2025H1")
    assert after.status == "met"


def test_no_self_inspection_is_missing() -> None:
    e = one(run([], "2025-07-16"), "org-self-inspection", ORG, "2025H1")
    assert e.status == "missing"
    assert e.note == "未开展专题自查（应至少 1 次），已于 2025-07-15 截止"


def test_self_inspection_needs_no_keyword() -> None:
    rec = record_data("zc-1", "self_inspection", ORG, "2025-06-20", "上半年工作自查", report=("town", "2025-06-25"), evidence=True)
    assert one(run([rec], "2025-07-31"), "org-self-inspection", ORG, "2025H1").status == "met"


def test_second_half_inspection_done_in_january_for_2025h2() -> None:
    rec = inspection("zc-2", "2026-01-05", report=("town", "2026-01-08"), period="2025H2")
    report = run([rec], "2026-01-20")
    e = one(report, "org-self-inspection", ORG, "2025H2")
    assert e.status == "met"
    assert e.due == date(2026, 1, 15)
    assert e.completed_on == date(2026, 1, 8)
    assert one(report, "org-self-inspection", ORG, "2026H1").done == 0


def test_one_complete_one_incomplete_of_two_is_incomplete_not_overdue() -> None:
    p = plan([quota("twice", ("self_inspection",), count=2, period="half", topics_any=[], report_to="town",
                    kind="deliverable")])
    records = [inspection("zc-1"), inspection("zc-2", "2025-06-21", report=None)]
    e = one(run(records, "2025-08-01", plans=[p]), "twice", ORG, "2025H1")
    assert e.status == "incomplete"
    assert (e.done, e.incomplete) == (1, 1)
    e = one(run(records[1:], "2025-08-01", plans=[p]), "twice", ORG, "2025H1")
    assert e.status == "overdue"  # one incomplete record can't make up two
    assert e.note == "还差 2 次专题自查，已于 2025-06-30 截止；有 1 条记录未书面报送"
