"""Things that change: the plan, the secretary, the organisation itself, and the as-of date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.builders.engine import (
    branch_data,
    dataset,
    directive_data,
    find,
    member,
    one,
    plan_data,
    quota,
    real_plan,
    record_data,
    status,
    town_data,
    triggered,
)
from ysxt_build.status.model import StatusReport

A, B = "qingshan-village", "hexi-village"
ZHANG, CHEN, ZHAO = "m-zhang-wei", "m-chen-fang", "m-zhao-lei"


def study(id: str, org: str, day: str, **kw: Any) -> dict[str, Any]:
    return record_data(id, "special_study", org, day, "意识形态工作专题研究会议", **kw)


# -- a new plan for 2026 ------------------------------------------------------------------


def two_plans() -> list[dict[str, Any]]:
    return [
        plan_data([quota("org-special-study", count=2)], id="town-2025", effective_to="2025-12-31"),
        plan_data([quota("org-special-study", count=3)], id="town-2026", effective_from="2026-01-01"),
    ]


def plans_run(as_of: str) -> StatusReport:
    records = [study("s-a1", A, "2025-03-01"), study("s-a2", A, "2025-09-01"), study("s-b1", B, "2025-03-01"),
               study("s-a3", A, "2026-02-01")]
    orgs = [town_data(), branch_data(A), branch_data(B, members=[member(ZHAO, "secretary")])]
    return status(dataset(two_plans(), orgs, records), as_of)


def test_each_year_is_judged_by_its_own_plan() -> None:
    report = plans_run("2026-11-29")
    a2025 = one(report, "org-special-study", A, "2025")
    assert (a2025.plan, a2025.required, a2025.status) == ("town-2025", 2, "met")
    a2026 = one(report, "org-special-study", A, "2026")
    assert (a2026.plan, a2026.required, a2026.done, a2026.status) == ("town-2026", 3, 1, "open")
    assert a2026.note == "还差 2 次专题研究会议，截止 2026-12-31"
    b2025 = one(report, "org-special-study", B, "2025")
    assert (b2025.plan, b2025.required, b2025.status) == ("town-2025", 2, "overdue")


def test_a_later_date_does_not_change_how_2025_was_judged() -> None:
    then, later = plans_run("2025-12-31"), plans_run("2026-11-29")
    assert find(then, period="2026") == []
    old = {(e.organization, e.obligation): e for e in find(then, period="2025")}
    new = {(e.organization, e.obligation): e for e in find(later, period="2025")}
    assert old.keys() == new.keys() == {(A, "org-special-study"), (B, "org-special-study")}
    assert old[(A, "org-special-study")] == new[(A, "org-special-study")]  # identical, met
    for k in old:
        assert (old[k].plan, old[k].required, old[k].due, old[k].records) == (new[k].plan, new[k].required, new[k].due, new[k].records)
    assert (old[(B, "org-special-study")].status, new[(B, "org-special-study")].status) == ("due_soon", "overdue")


def test_a_plan_not_yet_in_force_is_not_used() -> None:
    only_new = plan_data([quota("org-special-study", count=3)], id="town-2026", effective_from="2026-01-01")
    report = status(dataset([only_new], [town_data(), branch_data(A)], []), "2025-12-31")
    assert report.entries == ()


def test_triggered_duties_follow_the_plan_in_force_on_the_trigger_day() -> None:
    old = plan_data([triggered("relay", ["directive"], ["directive_study"], 7)], id="town-2025", effective_to="2025-12-31")
    new = plan_data([triggered("relay", ["directive"], ["directive_study"], 3)], id="town-2026", effective_from="2026-01-01")
    records = [directive_data("d-1", "2025-12-30"), directive_data("d-2", "2026-01-02")]
    report = status(dataset([old, new], [town_data(), branch_data(A)], records), "2026-03-01")
    d1 = one(report, "relay", A, trigger="d-1")
    assert (d1.plan, d1.due, d1.period) == ("town-2025", date(2026, 1, 6), "2025H2")
    d2 = one(report, "relay", A, trigger="d-2")
    assert (d2.plan, d2.due) == ("town-2026", date(2026, 1, 5))


# -- a new secretary on 2025-07-01 --------------------------------------------------------

SECRETARY_DUTIES = [
    quota("sec-year", ("duty_report",), level="member", roles=["secretary"], by="lead", grace_days=31),
    quota("sec-half", ("supervision",), level="member", roles=["secretary"], by="lead", period="half", topics_any=[]),
]


def secretary_run(as_of: str, **settings: Any) -> StatusReport:
    members = [member(ZHANG, "secretary", "2020-01-01", "2025-06-30"), member(ZHAO, "secretary", "2025-07-01"),
               member(CHEN, "member_in_charge")]
    records = [record_data("dr-1", "duty_report", A, "2026-01-10", "2025年度述职报告（意识形态）", period="2025", lead=ZHAO)]
    ds = dataset([plan_data(SECRETARY_DUTIES, **settings)], [town_data(), branch_data(A, members=members)], records)
    return status(ds, as_of)


def test_holder_at_end_only_the_new_secretary_owes_the_year() -> None:
    report = secretary_run("2026-02-15")
    zhao = one(report, "sec-year", A, "2025", ZHAO)
    assert (zhao.status, zhao.records) == ("met", ("dr-1",))
    zhang = one(report, "sec-year", A, "2025", ZHANG)
    assert zhang.status == "not_applicable"
    assert zhang.note == "期末已不在此职务，本期责任由赵磊承担"
    assert find(report, "sec-year", member=CHEN) == []
    assert [e.member for e in find(report, "sec-year", A, "2026")] == [ZHAO]
    # each half belongs to whoever held the post in it
    assert [(e.member, e.status) for e in find(report, "sec-half", A, "2025H1")] == [(ZHANG, "missing")]
    assert [(e.member, e.status) for e in find(report, "sec-half", A, "2025H2")] == [(ZHAO, "missing")]


@pytest.mark.parametrize(("as_of", "owner"), [("2025-05-01", ZHANG), ("2025-06-30", ZHANG), ("2025-07-01", ZHAO)])
def test_holder_at_end_before_the_year_ends_is_the_holder_as_of_then(as_of: str, owner: str) -> None:
    report = secretary_run(as_of)
    owing = [e for e in find(report, "sec-year", A, "2025") if e.status != "not_applicable"]
    assert [e.member for e in owing] == [owner]
    assert owing[0].status == "open"
    if owner == ZHANG:  # the successor's term had not begun: nobody knew of him
        assert find(report, member=ZHAO) == []


def test_each_holder_needs_the_minimum_share_of_the_year() -> None:
    """1 Jan – 30 Jun is 181 of 365 days: under half, so the old secretary does not owe 2025."""
    report = secretary_run("2026-02-15", handover="each_holder")
    zhang = one(report, "sec-year", A, "2025", ZHANG)
    assert zhang.status == "not_applicable"
    assert zhang.note == "本期内任职 181 天，不足期间的 50%"
    assert one(report, "sec-year", A, "2025", ZHAO).status == "met"  # 184 days


def test_each_holder_both_owe_when_both_reach_the_minimum() -> None:
    report = secretary_run("2026-02-15", handover="each_holder", min_coverage=0.4)
    zhang = one(report, "sec-year", A, "2025", ZHANG)
    assert (zhang.status, zhang.note) == ("missing", "未开展述职报告（应至少 1 次），已于 2026-01-31 截止")
    assert one(report, "sec-year", A, "2025", ZHAO).status == "met"


# -- a dissolved branch -------------------------------------------------------------------


def dissolved_run(dissolved: str, as_of: str, records: Any = ()) -> StatusReport:
    orgs = [town_data(), branch_data(A, dissolved=dissolved), branch_data(B, members=[member(ZHAO, "secretary")])]
    return status(dataset([real_plan()], orgs, list(records)), as_of)


def test_a_dissolved_branch_owes_nothing_after_it_is_gone() -> None:
    report = dissolved_run("2025-09-30", "2026-11-29", [directive_data("d-1", "2025-10-15")])
    assert [e for e in find(report, org=A) if e.period_end >= date(2026, 1, 1)] == []
    assert find(report, "org-directive-study", A) == []
    assert one(report, "org-directive-study", B).status == "missing"


def test_a_dissolved_branch_owes_the_year_it_existed_for_most_of() -> None:
    report = dissolved_run("2025-09-30", "2026-11-29")  # 273 of 365 days
    assert one(report, "org-special-study", A, "2025").status == "missing"
    assert one(report, "member-theory-training", A, "2025", ZHANG).status == "missing"
    assert one(report, "org-responsible-persons", A, "2025H2").due == date(2025, 9, 30)  # judged on its last day


def test_dissolved_on_30_september_existed_for_exactly_half_of_h2_and_owes_it() -> None:
    """92 of 184 days is exactly min_coverage 0.5, and the plan says "at least" (至少) that share."""
    report = dissolved_run("2025-09-30", "2026-11-29")
    assert one(report, "org-self-inspection", A, "2025H2").status == "missing"
    assert one(report, "member-supervision", A, "2025H2", ZHANG).status == "missing"


def test_dissolved_before_half_of_h2_is_not_applicable() -> None:
    report = dissolved_run("2025-09-29", "2026-11-29")  # 91 of 184 days
    e = one(report, "org-self-inspection", A, "2025H2")
    assert e.status == "not_applicable"
    assert e.note == "本期内存续 91 天，不足期间的 50%"
    assert {x.status for x in find(report, org=A, period="2025H2")} == {"not_applicable"}
    assert find(report, "member-supervision", A, "2025H2") == []  # members owe nothing either
    assert one(report, "org-self-inspection", A, "2025H1").status == "missing"
    assert one(report, "org-special-study", A, "2025").status == "missing"  # 272 of 365 days


def test_as_of_in_the_past_ignores_later_records_and_a_later_dissolution() -> None:
    records = [study("s-1", A, "2025-03-01"), study("s-2", A, "2025-08-15")]
    then = dissolved_run("2025-09-29", "2025-08-01", records)
    e = one(then, "org-special-study", A, "2025")
    assert (e.status, e.records) == ("open", ("s-1",))
    h2 = one(then, "org-self-inspection", A, "2025H2")
    assert (h2.status, h2.due) == ("open", date(2026, 1, 15))  # the branch still exists then
    assert one(then, "member-supervision", A, "2025H2", ZHANG).status == "open"
    later = dissolved_run("2025-09-29", "2026-01-20", records)
    assert one(later, "org-special-study", A, "2025").status == "met"
    assert one(later, "org-self-inspection", A, "2025H2").status == "not_applicable"


def test_a_branch_founded_mid_year() -> None:
    orgs = [town_data(), branch_data(A, founded="2025-08-01")]
    report = status(dataset([real_plan()], orgs, []), "2025-12-31")
    assert find(report, org=A, period="2025H1") == []
    year = one(report, "org-special-study", A, "2025")
    assert (year.status, year.note) == ("not_applicable", "本期内存续 153 天，不足期间的 50%")
    assert one(report, "org-self-inspection", A, "2025H2").status == "due_soon"  # 153 of 184 days
    before = status(dataset([real_plan()], orgs, []), "2025-07-31")
    assert find(before, org=A) == []


def test_a_vacancy_at_the_end_of_the_year_does_not_erase_the_duty() -> None:
    members = [member(ZHANG, "secretary", "2020-01-01", "2025-12-15"), member(ZHAO, "secretary", "2026-01-05")]
    ds = dataset([plan_data(SECRETARY_DUTIES)], [town_data(), branch_data(A, members=members)], [])
    owing = [e for e in find(status(ds, "2026-03-01"), "sec-year", A, "2025") if e.status != "not_applicable"]
    assert [e.member for e in owing] == [ZHANG]


def test_a_mid_year_plan_change_judges_the_running_period_by_the_new_plan() -> None:
    """Documented rule: a period is judged by the plan in force on its last day, or on as_of
    while it runs. So a plan that takes effect mid-year replaces the old rule for that whole
    year: an entry missed under the old due day can be open again under the new one. This is
    the one exception to "moving as_of forward never turns overdue into open"."""
    old = plan_data([quota("org-annual-work-plan", ("annual_work_plan",), due_on="03-31")], id="town-2025",
                    effective_to="2026-06-30")
    new = plan_data([quota("org-annual-work-plan", ("annual_work_plan",))], id="town-2026h2",
                    effective_from="2026-07-01")
    ds = dataset([old, new], [town_data(), branch_data(A)], [])
    then = one(status(ds, "2026-05-01"), "org-annual-work-plan", A, "2026")
    assert (then.plan, then.status) == ("town-2025", "missing")
    later = one(status(ds, "2026-08-01"), "org-annual-work-plan", A, "2026")
    assert (later.plan, later.status) == ("town-2026h2", "open")
