"""Judged duties: settled by the leading body (the town committee) on inspection, not by the engine.

The entry is ``by_inspection`` and lists the period's records of the evidence types (for a
member, those they led or took part in) for the inspectors to look at.
"""

from __future__ import annotations

from typing import Optional

from ..records.model import Obligation, Plan
from ..records.periods import Period
from .context import Context, entry
from .index import by_member
from .model import Entry
from .subjects import Known


def judged(ctx: Context, plan: Plan, ob: Obligation, period: Period, k: Known, member: Optional[str]) -> Entry:
    found = ctx.index.between(k.org.id, ob.evidence_types, period.start, min(period.end, ctx.as_of))
    found = [r for r in found if by_member(r, member, "participant")]
    return entry(
        plan, ob, period, k, member, "by_inspection", done=len(found), records=tuple(r.id for r in found),
        note=f"由{ctx.labels.leading_body}检查评定；本期相关记录 {len(found)} 条",
    )
