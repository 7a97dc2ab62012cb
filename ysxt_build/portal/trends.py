"""Share met per half-year: the numbers behind the trend charts.

An entry belongs to the half-year in which its period ends (a yearly duty to the second
half). The share is met / due, counting only entries already decided (met, met late,
overdue, missing, incomplete); a half-year with nothing decided has no share (None).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable, Optional

from ..records.periods import Period
from ..status.model import DECIDED, DONE
from .context import SiteContext
from .status_data import StatusEntry

Series = list[tuple[str, Optional[float]]]  # (half-year label, share or None)


def series(entries: Iterable[StatusEntry], halves: list[Period]) -> Series:
    done: dict[str, int] = defaultdict(int)
    decided: dict[str, int] = defaultdict(int)
    half_of: dict[date, str] = {}
    for e in entries:
        if e.status not in DECIDED:
            continue
        label = half_of.get(e.period_end)
        if label is None:
            label = half_of[e.period_end] = Period.containing("half", e.period_end).label
        decided[label] += 1
        if e.status in DONE:
            done[label] += 1
    return [(h.label, done[h.label] / decided[h.label] if decided[h.label] else None) for h in halves]


def org_series(ctx: SiteContext, org_id: str) -> Series:
    found = ctx.org_series.get(org_id)
    if found is None:
        found = ctx.org_series[org_id] = series(ctx.entries_by_org.get(org_id, []), ctx.halves)
    return found


def town_series(ctx: SiteContext) -> Series:
    return series(ctx.status.entries, ctx.halves)
