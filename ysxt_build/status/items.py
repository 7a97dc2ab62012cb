"""Things to do: status entries grouped into the items a reader counts.

The engine gives one entry per duty, subject and period (or trigger). A reader counts what
must be done: a duty of an organisation missed for four half-years, for six directives or by
three members is one item to deal with, and a standing condition that has been false since
mid-2025 (no public-opinion watch registered) is one item "自 2025-06-30 起未登记…", not one
per half-year. Every list and count of things to do — the portal's chips, figures and tables,
the Excel sheet 逾期事项 and the terminal — takes its items from :func:`group`, so they agree.

Works on the engine's :class:`~.model.Entry` and on the portal's reading of status.json alike
(anything with the attributes of :class:`EntryLike`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Collection, Generic, Iterable, Optional, Protocol, Sequence, TypeVar

from ..records.model import Plan
from ..records.periods import Cycle, period_zh
from .model import LATE, STATUSES

PENDING = ("due_soon", "open")


class EntryLike(Protocol):
    @property
    def organization(self) -> str: ...
    @property
    def obligation(self) -> str: ...
    @property
    def member(self) -> Optional[str]: ...
    @property
    def period(self) -> str: ...
    @property
    def period_start(self) -> date: ...
    @property
    def period_end(self) -> date: ...
    @property
    def status(self) -> str: ...
    @property
    def due(self) -> Optional[date]: ...
    @property
    def trigger(self) -> Optional[str]: ...
    @property
    def note(self) -> str: ...


E = TypeVar("E", bound=EntryLike)


def worst(statuses: Iterable[str]) -> str:
    """The most urgent status: the first in :data:`~.model.STATUSES` order."""
    return min(statuses, key=STATUSES.index)


@dataclass(frozen=True)
class Item(Generic[E]):
    """One thing to do: entries of one duty of one organisation (see :func:`group`)."""

    entries: tuple[E, ...]  # oldest period first
    standing: bool = False  # a condition on the registry (true or false on any day)
    cycles: tuple[Cycle, ...] = field(default=(), compare=False)  # the vocabularies' periods, to name them

    @property
    def first(self) -> E:
        return self.entries[0]

    @property
    def last(self) -> E:
        return self.entries[-1]

    @property
    def organization(self) -> str:
        return self.first.organization

    @property
    def obligation(self) -> str:
        return self.first.obligation

    @property
    def members(self) -> list[str]:
        """Every member concerned, in order of first appearance (empty for organisation duties)."""
        return list(dict.fromkeys(e.member for e in self.entries if e.member is not None))

    @property
    def status(self) -> str:
        return worst(e.status for e in self.entries)

    @property
    def due(self) -> Optional[date]:
        dues = [e.due for e in self.entries if e.due is not None]
        return min(dues) if dues else None

    @property
    def _labels(self) -> list[tuple[date, str]]:
        return sorted({(e.period_start, e.period) for e in self.entries})

    @property
    def periods(self) -> str:
        """The periods in Chinese: 2025年上半年, 2025年上半年 至 2026年上半年（共 3 期）,
        2025年下半年（共 3 项） for several directives; a standing condition: 2025年上半年起至今;
        a vocabulary's own period by its name (2025—2026学年第一学期)."""
        labels = self._labels
        text = period_zh(labels[0][1], self.cycles)
        if self.standing and len(labels) > 1:
            return f"{text}起至今"
        if len(labels) > 1:
            text += f" 至 {period_zh(labels[-1][1], self.cycles)}"
        triggers = {(e.period, e.trigger) for e in self.entries if e.trigger}
        if len(triggers) > 1:
            return text + f"（共 {len(triggers)} 项）"  # e.g. several directives not relayed
        return text + (f"（共 {len(labels)} 期）" if len(labels) > 1 else "")

    @property
    def note(self) -> str:
        """What is missing: the latest entry's note; for a standing condition false over
        several periods, since when (自 2025-06-30 起未登记…)."""
        note = self.last.note
        if self.standing and len(self._labels) > 1 and self.first.due is not None:
            joiner = "" if note.startswith(("未", "没有", "尚未")) else "："
            return f"自 {self.first.due.isoformat()} 起{joiner}{note}"
        return note


def standing_ids(plans: Iterable[Plan]) -> frozenset[str]:
    """The obligations that are standing conditions, in any of ``plans``."""
    return frozenset(o.id for p in plans for o in p.obligations if o.kind == "standing")


def group(entries: Iterable[E], standing: Collection[str] = (), cycles: Sequence[Cycle] = ()) -> list[Item[E]]:
    """Entries merged into items, in order of first appearance.

    Late entries (已逾期、未开展、不完整) of one duty of one organisation are one item, across
    periods, triggers (directives) and members. Pending ones (due soon, open) are one item
    per duty, period and trigger, across members. Any other status of a duty stays one item
    per period and trigger. ``standing`` names the obligations that are standing conditions;
    ``cycles`` are the vocabularies' own periods (the items name them in their words).
    """
    buckets: dict[tuple[str, str, str, str, str], list[E]] = {}
    named = tuple(cycles)
    for e in entries:
        if e.status in LATE:
            key = (e.organization, e.obligation, "", "", "late")
        else:
            kind = "pending" if e.status in PENDING else e.status
            key = (e.organization, e.obligation, e.trigger or "", e.period, kind)
        buckets.setdefault(key, []).append(e)
    return [
        Item(tuple(sorted(v, key=lambda e: (e.period_start, e.due or e.period_end, e.member or ""))), v[0].obligation in standing,
             named)
        for v in buckets.values()
    ]


def late_items(entries: Iterable[E], standing: Collection[str] = (), cycles: Sequence[Cycle] = ()) -> list[Item[E]]:
    """The items that need action now (已逾期、未开展、不完整)."""
    return group((e for e in entries if e.status in LATE), standing, cycles)


def soon_items(entries: Iterable[E], standing: Collection[str] = (), cycles: Sequence[Cycle] = ()) -> list[Item[E]]:
    """The items due soon (即将到期)."""
    return group((e for e in entries if e.status == "due_soon"), standing, cycles)


@dataclass(frozen=True)
class ItemCounts:
    late: int
    due_soon: int


def counts(entries: Sequence[E], standing: Collection[str] = ()) -> ItemCounts:
    """How many items need action and how many are due soon: what every count shows."""
    return ItemCounts(len(late_items(entries, standing)), len(soon_items(entries, standing)))
