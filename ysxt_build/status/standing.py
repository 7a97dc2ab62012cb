"""Standing conditions, read from the organisation registry rather than from records.

Judged on the period's last day (or ``as_of``, or the dissolution, if earlier): the roles the
condition names are held (``has_roles``), the public-opinion watch is established
(``mechanism``), or the positions register was reviewed within so many days
(``positions_reviewed_within_days``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Optional

from ..records.model import Obligation, Plan
from ..records.periods import Period
from .context import Context, entry
from .model import Entry
from .subjects import Known


def standing(ctx: Context, plan: Plan, ob: Obligation, period: Period, k: Known, member: Optional[str]) -> Entry:
    day = min(period.end, ctx.as_of)
    if k.end is not None:
        day = min(day, k.end)
    cond = dict(ob.condition)
    if "has_roles" in cond:
        lacking = [ctx.labels.role(r) for r in cond["has_roles"] if not k.holders_on(day, (r,))]
        if lacking:
            return entry(plan, ob, period, k, member, "missing", due=day,
                         note=f"没有在任的{'、'.join(lacking)}（截至 {day.isoformat()}）")
        return entry(plan, ob, period, k, member, "met", due=day, completed_on=day)
    if "mechanism" in cond:
        established = k.org.public_opinion_watch
        if established is None or established > day:
            return entry(plan, ob, period, k, member, "missing", due=day,
                         note="未登记舆情日常监测应对机制（在组织登记文件的“工作机制”中写明建立日期）")
        return entry(plan, ob, period, k, member, "met", due=day, completed_on=established)
    limit = int(cond["positions_reviewed_within_days"])
    reviews = [d for d in k.org.positions_reviewed if d <= day]
    if not reviews:
        return entry(plan, ob, period, k, member, "missing", due=day,
                     note=f"没有核对阵地登记的记录（截至 {day.isoformat()}；核对后在组织登记文件的“阵地登记核对日期”中加一行）")
    last = reviews[-1]
    if (day - last).days > limit:
        return entry(plan, ob, period, k, member, "overdue", due=last + timedelta(days=limit),
                     note=f"阵地登记上次核对于 {last.isoformat()}，超过 {limit} 天未核对")
    return entry(plan, ob, period, k, member, "met", due=last + timedelta(days=limit), completed_on=last)
