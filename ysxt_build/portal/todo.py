"""Lists of things to do: late (or soon-due) entries of the same duty and organisation
merged into one line, so that a duty missed for four half-years (or for six directives) reads
as one item rather than four (or six) lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from ..status.model import LATE
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
        triggers = {(e.period, e.trigger) for e in self.entries if e.trigger}
        text = period_zh(labels[0][1])
        if len(labels) > 1:
            text += f" 至 {period_zh(labels[-1][1])}"
        if len(triggers) > 1:
            return text + f"（共 {len(triggers)} 项）"  # e.g. several directives not relayed
        return text + (f"（共 {len(labels)} 期）" if len(labels) > 1 else "")

    @property
    def note(self) -> str:
        return self.last.note


def group(entries: Iterable[StatusEntry]) -> list[Item]:
    """Merge entries of one duty of one organisation: late ones across periods, triggers
    (directives) and members; pending ones across members of the same period and trigger."""
    buckets: dict[tuple[str, str, str, str, str], list[StatusEntry]] = {}
    for e in entries:
        if e.status in LATE:
            key = (e.organization, e.obligation, "", "", "late")
        else:  # pending (due soon or open) together; any other status on its own
            kind = "pending" if e.status in ("due_soon", "open") else e.status
            key = (e.organization, e.obligation, e.trigger or "", e.period, kind)
        buckets.setdefault(key, []).append(e)
    return [Item(tuple(sorted(v, key=lambda e: (e.period_start, e.due or e.period_end, e.member or "")))) for v in buckets.values()]
