"""Approvals are linked, not found (the precondition 二（一）5 of the town's plan).

The defect this guards against: any approval record used to satisfy any lecture. A lecture of
one branch that cited another branch's approval, of another date and for another event, counted
as approved. Now an approval counts only for the event it is linked to (the event names it, or
it names the event), recorded by the event's own organisation (or by a body the plan says may
approve), dated no later than the event.
"""

from __future__ import annotations

from tests.builders.engine import (
    approval_data,
    branch_data,
    dataset,
    lecture_data,
    one,
    precondition,
    plan_data,
    record_data,
    status,
    town_data,
)

ORG = "qingshan-village"
OTHER = "hexi-village"


def _run(records: list[dict[str, object]], as_of: str = "2025-12-31"):  # type: ignore[no-untyped-def]
    orgs = [town_data(), branch_data(ORG), branch_data(OTHER)]
    return status(dataset([plan_data([precondition()])], orgs, records), as_of)


def test_another_branchs_approval_for_another_event_does_not_approve_a_lecture() -> None:
    other_approval = record_data("ap-other", "approval", OTHER, "2025-02-01", "关于举办“乡村振兴”讲座的审核报备",
                                 approval={"approver": "镇党委宣传办", "result": "approved"})
    records = [other_approval, lecture_data("l-1", ORG, "2025-04-10", "ap-other")]
    e = one(_run(records), "ob-lecture", ORG, "2025")
    assert e.status == "incomplete"
    assert e.incomplete_records == ("l-1",)


def test_own_approval_still_approves() -> None:
    records = [approval_data("ap-1", ORG, "2025-04-01"), lecture_data("l-1", ORG, "2025-04-10", "ap-1")]
    assert one(_run(records), "ob-lecture", ORG, "2025").status == "met"


# -- the plan's rules for approvals, as data ---------------------------------------------------


def _rule(needs: list[dict[str, object]], **kw: object) -> dict[str, object]:
    return {**precondition(), "precondition": {"types": ["lecture"], "needs": needs, **kw}}


def _status_of(rule: dict[str, object], records: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    orgs = [town_data(), branch_data(ORG), branch_data(OTHER)]
    return one(status(dataset([plan_data([rule])], orgs, records), "2025-12-31"), "ob-lecture", ORG, "2025")


def _approval(id: str, org: str, day: str, result: str = "approved", event: str | None = None,
              approver: str = "镇党委宣传办") -> dict[str, object]:
    block: dict[str, object] = {"approver": approver, "result": result}
    if event is not None:
        block["event"] = event
    return record_data(id, "approval", org, day, "审核报备", approval=block)


def test_an_approval_that_names_its_event_needs_no_link_from_the_event() -> None:
    by_id = [_approval("ap-1", ORG, "2025-04-01", event="l-1"), lecture_data("l-1", ORG, "2025-04-10")]
    assert _status_of(precondition(), by_id).status == "met"
    by_title = [_approval("ap-1", ORG, "2025-04-01", event="《意识形态专题讲座》"), lecture_data("l-1", ORG, "2025-04-10")]
    assert _status_of(precondition(), by_title).status == "met"


def test_an_approval_for_another_event_does_not_count_even_if_named() -> None:
    records = [_approval("ap-1", ORG, "2025-04-01", event="乡村振兴讲座"), lecture_data("l-1", ORG, "2025-04-10", "ap-1")]
    assert _status_of(precondition(), records).status == "incomplete"


def test_the_body_the_plan_names_may_record_the_approval() -> None:
    records = [_approval("ap-t", "town", "2025-04-01", event="l-1"), lecture_data("l-1", ORG, "2025-04-10")]
    assert _status_of(precondition(), records).status == "incomplete"  # the town is not the branch
    rule = _rule([{"name": "审核", "types": ["approval"], "recorded_by": ["town_committee"]}])
    assert _status_of(rule, records).status == "met"


def test_approval_and_filing_both_needed_with_days_ahead_and_an_approver() -> None:
    rule = _rule([
        {"name": "审核", "results": ["approved"], "days_ahead": 5},
        {"name": "报备", "results": ["filed"], "approver": ["县委宣传部"]},
    ])
    approved = _approval("ap-1", ORG, "2025-04-01")
    filed = _approval("ap-2", ORG, "2025-04-02", result="filed", event="l-1", approver="中共XX县委宣传部")
    lecture = lecture_data("l-1", ORG, "2025-04-10", "ap-1")
    assert _status_of(rule, [approved, filed, lecture]).status == "met"
    e = _status_of(rule, [approved, lecture])
    assert (e.status, e.note) == ("incomplete", "《意识形态专题讲座》（2025-04-10）没有事先报备")
    filed_elsewhere = {**filed, "approval": {**filed["approval"], "approver": "镇党委宣传办"}}  # type: ignore[dict-item]
    assert _status_of(rule, [approved, filed_elsewhere, lecture]).status == "incomplete"
    late = _approval("ap-1", ORG, "2025-04-08")
    e = _status_of(rule, [late, filed, lecture])
    assert (e.status, e.note) == ("incomplete", "《意识形态专题讲座》（2025-04-10）的审核未提前 5 天")


def test_what_a_missing_or_late_approval_yields_is_the_plans_choice() -> None:
    rule = _rule([{"name": "审核", "days_ahead": 5}], missing="warning", late="warning")
    e = _status_of(rule, [_approval("ap-1", ORG, "2025-04-08"), lecture_data("l-1", ORG, "2025-04-10", "ap-1")])
    assert (e.status, e.note) == ("met", "提醒：《意识形态专题讲座》（2025-04-10）的审核未提前 5 天")
    e = _status_of(rule, [lecture_data("l-1", ORG, "2025-04-10")])
    assert (e.status, e.note) == ("met", "提醒：《意识形态专题讲座》（2025-04-10）没有事先审核")
