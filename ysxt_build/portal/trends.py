"""Share met per half-year: the numbers behind the trend charts.

An entry belongs to the half-year in which its period ends (a yearly duty to the second
half). The share is met / due, counting only entries already decided (met, met late,
overdue, missing, incomplete); a half-year with nothing decided has no share (None).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional

from ..periods import Period
from ..status_model import DECIDED, DONE
from .context import SiteContext
from .status_data import StatusEntry

Series = list[tuple[str, Optional[float]]]  # (half-year label, share or None)


def series(entries: Iterable[StatusEntry], halves: list[Period]) -> Series:
    done: dict[str, int] = defaultdict(int)
    decided: dict[str, int] = defaultdict(int)
    for e in entries:
        label = Period.containing("half", e.period_end).label
        if e.status in DECIDED:
            decided[label] += 1
            if e.status in DONE:
                done[label] += 1
    return [(h.label, done[h.label] / decided[h.label] if decided[h.label] else None) for h in halves]


def halves(ctx: SiteContext) -> list[Period]:
    if not ctx.status.entries:
        return []
    first = min(e.period_end for e in ctx.status.entries)
    out = []
    h = Period.containing("half", first)
    last = Period.containing("half", ctx.as_of)
    while h <= last:
        out.append(h)
        h = h.next()
    return out


def org_series(ctx: SiteContext, org_id: str) -> Series:
    return series(ctx.entries_by_org.get(org_id, []), halves(ctx))


def town_series(ctx: SiteContext) -> Series:
    return series(ctx.status.entries, halves(ctx))
