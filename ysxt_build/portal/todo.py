"""Lists of things to do: late (or soon-due) entries of the same duty, subject and trigger
merged into one line, so that a duty missed for four half-years reads as one item with four
periods rather than four lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from .context import worst
from .fmt import period_zh
from .status_data import StatusEntry


@dataclass(frozen=True)
class Item:
    entries: tuple[StatusEntry, ...]  # oldest period first

    @property
    def first(self) -> StatusEntry:
        return self.entries[0]

    @property
    def last(self) -> StatusEntry:
        return self.entries[-1]

    @property
    def organization(self) -> str:
        return self.first.organization

    @property
    def member(self) -> Optional[str]:
        return self.first.member

    @property
    def obligation(self) -> str:
        return self.first.obligation

    @property
    def status(self) -> str:
        return worst([e.status for e in self.entries])

    @property
    def due(self) -> Optional[date]:
        dues = [e.due for e in self.entries if e.due is not None]
        return min(dues) if dues else None

    @property
    def periods(self) -> str:
        if len(self.entries) == 1:
            return period_zh(self.first.period)
        return f"{period_zh(self.first.period)} 至 {period_zh(self.last.period)}（共 {len(self.entries)} 期）"

    @property
    def note(self) -> str:
        return self.last.note


def group(entries: Iterable[StatusEntry]) -> list[Item]:
    buckets: dict[tuple[str, str, str, str, str], list[StatusEntry]] = {}
    for e in entries:
        key = (e.organization, e.member or "", e.obligation, e.trigger or "", e.status in ("due_soon", "open") and e.period or "")
        buckets.setdefault(key, []).append(e)
    return [Item(tuple(sorted(v, key=lambda e: e.period_start))) for v in buckets.values()]
