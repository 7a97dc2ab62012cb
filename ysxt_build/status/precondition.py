"""Preconditions: every event of the given types held in the period was approved beforehand.

An event counts as approved if its ``lecture.approval`` names an approval record (or that
record's amendment) with the result approved or filed, dated no later than the event. No events
in the period: ``not_applicable``.
"""

from __future__ import annotations

from typing import Optional

from ..records.model import Obligation, Plan, Record
from ..records.periods import Period
from .context import Context, entry
from .model import Entry
from .subjects import Known

APPROVAL_OK = ("approved", "filed")


def _approved_before(r: Record, by_id: dict[str, Record]) -> bool:
    ref = r.lecture.approval if r.lecture is not None else None
    if ref is None:
        return False
    approval = by_id.get(ref)
    return (
        approval is not None
        and approval.type == "approval"
        and approval.approval is not None
        and approval.approval.result in APPROVAL_OK
        and approval.date <= r.date
    )


def precondition(ctx: Context, plan: Plan, ob: Obligation, period: Period, k: Known, member: Optional[str]) -> Entry:
    events = ctx.index.between(k.org.id, ob.precondition_types, period.start, min(period.end, ctx.as_of))
    what = ctx.what(ob.precondition_types)
    if not events:
        return entry(plan, ob, period, k, member, "not_applicable", note=f"本期没有举办{what}")
    bad = [r for r in events if not _approved_before(r, ctx.index.by_id)]
    good = [r for r in events if r not in bad]
    common = dict(required=len(events), done=len(good), incomplete=len(bad),
                  records=tuple(r.id for r in good), incomplete_records=tuple(r.id for r in bad))
    if bad:
        titles = "、".join(f"《{r.title}》（{r.date.isoformat()}）" for r in bad)
        return entry(plan, ob, period, k, member, "incomplete",
                     note=f"{titles}没有事先审核报备", **common)
    return entry(plan, ob, period, k, member, "met", completed_on=events[-1].date, **common)
