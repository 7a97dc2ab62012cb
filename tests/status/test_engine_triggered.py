"""Triggered obligations of the real plan: directives and incidents start a clock."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.builders.engine import (
    branch_data,
    dataset,
    directive_data,
    find,
    incident_data,
    member,
    one,
    real_plan,
    record_data,
    status,
    town_data,
)
from ysxt_build.status.model import StatusReport

A, B, C = "qingshan-village", "hexi-village", "dongshan-school"
ZHANG, CHEN = "m-zhang-wei", "m-chen-fang"  # A: secretary, member in charge
ZHAO, LIU = "m-zhao-lei", "m-liu-yang"  # B: secretary, member in charge
SUN, ZHOU = "m-sun-li", "m-zhou-qiang"  # C: secretary, member in charge


def orgs(**c_kw: Any) -> list[dict[str, Any]]:
    c_kw.setdefault("members", [member(SUN, "secretary"), member(ZHOU, "member_in_charge")])
    return [
        town_data(),
        branch_data(A, kind="general_branch"),
        branch_data(B, members=[member(ZHAO, "secretary"), member(LIU, "member_in_charge")]),
        branch_data(C, category="school", **c_kw),
    ]


def run(records: list[dict[str, Any]], as_of: str, **c_kw: Any) -> StatusReport:
    return status(dataset([real_plan()], orgs(**c_kw), records), as_of)


def response(id: str, org: str, day: str, to: str, type: str = "directive_study", **kw: Any) -> dict[str, Any]:
    return record_data(id, type, org, day, "传达学习上级意识形态工作精神", responds_to=[to], **kw)


DIRECTIVE_NOTE = "“关于加强意识形态工作的通知”（2025-03-01）需要传达学习或专题研究会议或中心组学习，截止 2025-03-08"


# -- directives: org-directive-study (7 days) ---------------------------------------------


def test_directive_to_all_is_owed_by_every_branch_within_7_days() -> None:
    records = [
        directive_data("d-1", "2025-03-01"),
        response("r-a", A, "2025-03-05", "d-1"),
        response("r-b", B, "2025-03-20", "d-1", "special_study"),
    ]
    report = run(records, "2025-04-01")
    entries = find(report, "org-directive-study")
    assert {e.organization for e in entries} == {A, B, C}  # not the town committee itself
    for e in entries:
        assert (e.trigger, e.period, e.due, e.required) == ("d-1", "2025H1", date(2025, 3, 8), 1)
    a = one(report, "org-directive-study", A)
    assert (a.status, a.completed_on, a.records, a.note) == ("met", date(2025, 3, 5), ("r-a",), "")
    b = one(report, "org-directive-study", B)
    assert (b.status, b.completed_on, b.records) == ("met_late", date(2025, 3, 20), ("r-b",))
    assert b.note == "应于 2025-03-08 前完成，2025-03-20 才完成"
    c = one(report, "org-directive-study", C)
    assert (c.status, c.done, c.records) == ("missing", 0, ())
    assert c.note == DIRECTIVE_NOTE + "，至今未开展"


def test_directive_not_yet_due() -> None:
    report = run([directive_data("d-1", "2025-03-01")], "2025-03-08")
    e = one(report, "org-directive-study", A)
    assert e.status == "due_soon"  # 7 days is always inside the 30-day window
    assert e.note == DIRECTIVE_NOTE
    assert one(run([directive_data("d-1", "2025-03-01")], "2025-03-09"), "org-directive-study", A).status == "missing"


def test_directive_own_deadline_overrides_the_plan() -> None:
    report = run([directive_data("d-1", "2025-03-01", deadline_days=60)], "2025-03-10")
    e = one(report, "org-directive-study", A)
    assert e.due == date(2025, 4, 30)
    assert e.status == "open"
    assert one(run([directive_data("d-1", "2025-03-01", deadline_days=60)], "2025-04-05"),
               "org-directive-study", A).status == "due_soon"
    short = [directive_data("d-1", "2025-03-01", deadline_days=3), response("r-a", A, "2025-03-05", "d-1")]
    e = one(run(short, "2025-04-01"), "org-directive-study", A)
    assert (e.due, e.status) == (date(2025, 3, 4), "met_late")
    zero = [directive_data("d-1", "2025-03-01", deadline_days=0), response("r-a", A, "2025-03-01", "d-1")]
    e = one(run(zero, "2025-04-01"), "org-directive-study", A)
    assert (e.due, e.status) == (date(2025, 3, 1), "met")


def test_directive_to_a_list_is_owed_only_by_those() -> None:
    report = run([directive_data("d-1", "2025-03-01", [A, C])], "2025-04-01")
    assert {e.organization for e in find(report, "org-directive-study")} == {A, C}
    assert {e.organization for e in find(report, "member-portfolio-meeting")} == {A, C}


def test_a_response_must_name_the_directive() -> None:
    records = [
        directive_data("d-1", "2025-03-01"),
        directive_data("d-2", "2025-03-02"),
        response("r-a", A, "2025-03-05", "d-2"),
        record_data("r-x", "directive_study", A, "2025-03-04", "传达学习"),  # names nothing
        response("r-y", A, "2025-03-04", "d-1", "party_briefing"),  # not a response type
    ]
    report = run(records, "2025-04-01")
    assert one(report, "org-directive-study", A, trigger="d-1").status == "missing"
    assert one(report, "org-directive-study", A, trigger="d-2").status == "met"


def test_a_response_by_another_organisation_does_not_count() -> None:
    records = [directive_data("d-1", "2025-03-01"), response("r-b", B, "2025-03-05", "d-1")]
    report = run(records, "2025-04-01")
    assert one(report, "org-directive-study", A).status == "missing"
    assert one(report, "org-directive-study", B).status == "met"


def test_the_first_response_decides() -> None:
    records = [directive_data("d-1", "2025-03-01"), response("r-2", A, "2025-03-20", "d-1"),
               response("r-1", A, "2025-03-06", "d-1", "group_study")]
    e = one(run(records, "2025-04-01"), "org-directive-study", A)
    assert (e.status, e.completed_on, e.records, e.done) == ("met", date(2025, 3, 6), ("r-1", "r-2"), 1)


def test_a_branch_founded_after_the_directive_does_not_owe_it() -> None:
    report = run([directive_data("d-1", "2025-03-01")], "2025-04-01", founded="2025-03-02")
    assert {e.organization for e in find(report, "org-directive-study")} == {A, B}


def test_a_directive_dated_after_as_of_is_unknown() -> None:
    assert find(run([directive_data("d-1", "2025-03-01")], "2025-02-28"), "org-directive-study") == []


# -- member-portfolio-meeting: the member in charge leads one within 14 days --------------


def test_member_in_charge_owes_a_portfolio_meeting_led_by_them() -> None:
    records = [
        directive_data("d-1", "2025-03-01"),
        response("pm-a", A, "2025-03-10", "d-1", "portfolio_meeting", lead=CHEN, participants=[CHEN]),
        # in B the secretary leads and the member in charge only attends: does not count for him
        response("pm-b", B, "2025-03-10", "d-1", "portfolio_meeting", lead=ZHAO, participants=[ZHAO, LIU]),
    ]
    report = run(records, "2025-04-01")
    entries = find(report, "member-portfolio-meeting")
    assert {(e.organization, e.member) for e in entries} == {(A, CHEN), (B, LIU), (C, ZHOU)}
    chen = one(report, "member-portfolio-meeting", A, member=CHEN)
    assert (chen.status, chen.due, chen.completed_on, chen.records) == ("met", date(2025, 3, 15), date(2025, 3, 10), ("pm-a",))
    liu = one(report, "member-portfolio-meeting", B, member=LIU)
    assert (liu.status, liu.records) == ("missing", ())
    assert liu.note.endswith("需要分管范围专题会议或专题研究会议，截止 2025-03-15，至今未开展")
    # a portfolio meeting is not one of the plan's ways to relay a directive for the organisation
    assert one(report, "org-directive-study", B).status == "missing"


def test_portfolio_meeting_owed_by_whoever_was_in_charge_on_the_directive_day() -> None:
    members = [member(SUN, "secretary"), member(ZHOU, "member_in_charge", end="2025-03-01"),
               member("m-wu-min", "member_in_charge", "2025-03-02")]
    report = run([directive_data("d-1", "2025-03-01"), directive_data("d-2", "2025-03-02")], "2025-04-01", members=members)
    assert one(report, "member-portfolio-meeting", C, trigger="d-1").member == ZHOU
    assert one(report, "member-portfolio-meeting", C, trigger="d-2").member == "m-wu-min"


# -- incidents ----------------------------------------------------------------------------


def test_major_incident_must_be_reported_within_a_day() -> None:
    records = [
        incident_data("i-1", A, "2025-05-10"),
        response("ir-1", A, "2025-05-11", "i-1", "incident_report"),
        incident_data("i-2", B, "2025-05-10"),
        response("ir-2", B, "2025-05-12", "i-2", "incident_report"),
        incident_data("i-3", C, "2025-05-10"),
    ]
    report = run(records, "2025-06-01")
    a = one(report, "org-incident-report", A)
    assert (a.status, a.due, a.trigger, a.completed_on) == ("met", date(2025, 5, 11), "i-1", date(2025, 5, 11))
    b = one(report, "org-incident-report", B)
    assert (b.status, b.note) == ("met_late", "应于 2025-05-11 前完成，2025-05-12 才完成")
    c = one(report, "org-incident-report", C)
    assert c.status == "missing"
    assert c.note == "“网络舆情事件”（2025-05-10）需要重大情况报告，截止 2025-05-11，至今未开展"
    # only the organisation where it happened owes
    assert [e.organization for e in find(report, "org-incident-report", trigger="i-1")] == [A]


def test_general_incident_needs_handling_but_no_report() -> None:
    report = run([incident_data("i-1", A, "2025-05-10", level="general")], "2025-06-01")
    assert find(report, "org-incident-report") == []
    assert find(report, "member-incident-command") == []
    e = one(report, "org-opinion-handling", A)
    assert (e.status, e.due) == ("missing", date(2025, 5, 13))


def test_major_incident_needs_the_secretary_and_the_member_in_charge_on_site() -> None:
    records = [
        incident_data("i-1", A, "2025-05-10"),
        response("h-1", A, "2025-05-12", "i-1", "incident_response", participants=[ZHANG]),
    ]
    report = run(records, "2025-06-01")
    handling = one(report, "org-opinion-handling", A)
    assert (handling.status, handling.due) == ("met", date(2025, 5, 13))
    zhang = one(report, "member-incident-command", A, member=ZHANG)
    assert (zhang.status, zhang.due, zhang.completed_on) == ("met_late", date(2025, 5, 11), date(2025, 5, 12))
    chen = one(report, "member-incident-command", A, member=CHEN)
    assert chen.status == "missing"


def test_incident_entries_sit_in_the_half_of_the_incident() -> None:
    report = run([incident_data("i-1", A, "2025-06-30"), incident_data("i-2", A, "2025-07-01")], "2025-08-01")
    assert one(report, "org-incident-report", A, trigger="i-1").period == "2025H1"
    assert one(report, "org-incident-report", A, trigger="i-2").period == "2025H2"
    assert one(report, "org-incident-report", A, trigger="i-1").due == date(2025, 7, 1)
