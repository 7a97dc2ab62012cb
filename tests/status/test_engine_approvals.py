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
