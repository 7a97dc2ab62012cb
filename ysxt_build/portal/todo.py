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
    def members(self) -> list[str]:
        """Every member concerned, in order of first appearance (empty for organisation duties)."""
        out: list[str] = []
        for e in self.entries:
            if e.member is not None and e.member not in out:
                out.append(e.member)
        return out

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
        labels = sorted({(e.period_start, e.period) for e in self.entries})
        if len(labels) == 1:
            return period_zh(labels[0][1])
        return f"{period_zh(labels[0][1])} 至 {period_zh(labels[-1][1])}（共 {len(labels)} 期）"

    @property
    def note(self) -> str:
        return self.last.note


def group(entries: Iterable[StatusEntry]) -> list[Item]:
    """Merge entries of one duty of one organisation (and one trigger): late ones across
    periods and members, pending ones across members of the same period."""
    buckets: dict[tuple[str, str, str, str], list[StatusEntry]] = {}
    for e in entries:
        pending = e.status in ("due_soon", "open")
        key = (e.organization, e.obligation, e.trigger or "", e.period if pending else "late")
        buckets.setdefault(key, []).append(e)
    return [Item(tuple(sorted(v, key=lambda e: (e.period_start, e.member or "")))) for v in buckets.values()]
