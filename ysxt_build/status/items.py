"""Things to do: status entries grouped into the items a reader counts.

The engine gives one entry per duty, subject and period (or trigger). A reader counts what
must be done: a duty of an organisation missed in three quarters, for six directives or by
three members is one item to deal with, as long as it is the same kind of gap (one status:
an incomplete record and a meeting never held are two things); and a standing condition that
has been false since mid-2025 (no public-opinion watch registered) is one item
"自 2025-06-30 起未登记…", not one per half-year. Every list and count of things to do — the
portal's chips, figures and tables, the Excel sheet 逾期事项, the Word report's problems and
the terminal — takes its items from :func:`group`, so they agree.

An item names its periods as they are (2025年第三季度、2026年第二、三季度: never a range over a
period that was done), and its deadline and note come from one entry, the latest.

Works on the engine's :class:`~.model.Entry` and on the portal's reading of status.json alike
(anything with the attributes of :class:`EntryLike`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Collection, Generic, Iterable, Iterator, Optional, Protocol, Sequence, TypeVar

from ..records.model import Plan
from ..records.periods import Cycle, Period, period_zh, periods_zh
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
    standing: bool = False  # a condition on the registry false in consecutive periods
    cycles: tuple[Cycle, ...] = field(default=(), compare=False)  # the vocabularies' periods, to name them
    ongoing: bool = field(default=True, compare=False)  # a standing condition still false on the day of the status

    @property
    def first(self) -> E:
        return self.entries[0]

    @property
    def last(self) -> E:
        """The latest entry: the item's deadline and note are its own."""
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
        """The deadline the note speaks of: the latest entry's; for a standing condition false
        over several periods, the day since which it has been false (自 … 起)."""
        if self._since is not None:
            return self._since
        return self.last.due

    @property
    def _since(self) -> Optional[date]:
        if self.standing and len(self._labels) > 1:
            return self.first.due
        return None

    @property
    def _labels(self) -> list[tuple[date, str]]:
        return sorted({(e.period_start, e.period) for e in self.entries})

    @property
    def periods(self) -> str:
        """The periods in Chinese: 2025年上半年; 2025年第三季度、2026年第二、三季度 (each named,
        never a range over a gap); 2025年上半年 至 2026年上半年（共 3 期） for a run;
        2025年下半年（共 3 项） for several directives; a standing condition:
        2025年上半年起至今; a vocabulary's own period by its name (2025—2026学年第一学期)."""
        labels = [label for _, label in self._labels]
        first = period_zh(labels[0], self.cycles)
        if self.standing and len(labels) > 1:
            return f"{first}起至今" if self.ongoing else f"{first} 至 {period_zh(labels[-1], self.cycles)}"
        try:
            text = periods_zh(Period.parse(label, self.cycles) for label in labels)
        except ValueError:  # a label of no known kind stays as it is
            text = "、".join(period_zh(label, self.cycles) for label in labels)
        triggers = {(e.period, e.trigger) for e in self.entries if e.trigger}
        if len(triggers) > 1:
            return text + f"（共 {len(triggers)} 项）"  # e.g. several directives not relayed
        return text

    @property
    def note(self) -> str:
        """What is missing: the latest entry's note; for a standing condition false over
        several periods, since when (自 2025-06-30 起未登记…)."""
        note = self.last.note
        since = self._since
        if since is not None:
            joiner = "" if note.startswith(("未", "没有", "尚未")) else "："
            return f"自 {since.isoformat()} 起{joiner}{note}"
        return note

    def within(self, first: date, last: date) -> "Optional[Item[E]]":
        """The item as far as it concerns the days ``first`` to ``last`` (a summary's period):
        only its entries of those days; a standing condition whole (it has been false since
        then), if it was false on any of them. None when it does not concern them."""
        inside = tuple(e for e in self.entries if e.period_start <= last and e.period_end >= first)
        if not inside:
            return None
        return self if self.standing or len(inside) == len(self.entries) else replace(self, entries=inside)


def standing_ids(plans: Iterable[Plan]) -> frozenset[str]:
    """The obligations that are standing conditions, in any of ``plans``."""
    return frozenset(o.id for p in plans for o in p.obligations if o.kind == "standing")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _same_gap(a: EntryLike, b: EntryLike) -> bool:
    """Two entries of a standing condition, ``b`` the period after ``a``'s, that say one thing
    is missing: the same status and the same note but for its dates (没有在任的分管领导
    （截至 …）); another role lacking, or a review made but late, is another gap."""
    return (
        b.period_start == a.period_end + timedelta(days=1)
        and a.status == b.status
        and _ISO_DAY.sub("", a.note) == _ISO_DAY.sub("", b.note)
    )


def _order(e: EntryLike) -> tuple[date, date, str, str]:
    return (e.period_start, e.due or e.period_end, e.member or "", e.trigger or "")


def _runs(found: list[E]) -> Iterator[list[E]]:
    """Entries of a standing condition (in order) cut where another gap begins."""
    run = [found[0]]
    for e in found[1:]:
        if _same_gap(run[-1], e):
            run.append(e)
        else:
            yield run
            run = [e]
    yield run


def group(
    entries: Iterable[E], standing: Collection[str] = (), cycles: Sequence[Cycle] = (), as_of: Optional[date] = None
) -> list[Item[E]]:
    """Entries merged into items, in order of first appearance.

    Late entries (已逾期、未开展、不完整) of one duty of one organisation with the same status
    are one item, across periods, triggers (directives) and members. A standing condition
    (``standing`` names those obligations) is one item for each run of consecutive periods in
    which the same thing was missing; with ``as_of``, a run that ends before the period of
    ``as_of`` is over (its periods read 2025年上半年 至 2025年下半年, not 起至今). Pending
    entries (due soon, open) are one item per duty, period, trigger and status, across
    members; any other status of a duty stays one item per period and trigger. ``cycles`` are
    the vocabularies' own periods (the items name them in their words).
    """
    buckets: dict[tuple[str, ...], list[E]] = {}
    for e in entries:
        if e.status in LATE and e.obligation in standing:
            key: tuple[str, ...] = (e.organization, e.obligation, e.member or "", "standing")
        elif e.status in LATE:
            key = (e.organization, e.obligation, e.status)
        else:
            key = (e.organization, e.obligation, e.trigger or "", e.period, e.status)
        buckets.setdefault(key, []).append(e)
    named = tuple(cycles)
    items: list[Item[E]] = []
    for key, found in buckets.items():
        found.sort(key=_order)
        if key[-1] != "standing":
            items.append(Item(tuple(found), False, named))
            continue
        for run in _runs(found):
            items.append(Item(tuple(run), True, named, as_of is None or run[-1].period_end >= as_of))
    return items


def late_items(
    entries: Iterable[E], standing: Collection[str] = (), cycles: Sequence[Cycle] = (), as_of: Optional[date] = None
) -> list[Item[E]]:
    """The items that need action now (已逾期、未开展、不完整)."""
    return group((e for e in entries if e.status in LATE), standing, cycles, as_of)


def soon_items(
    entries: Iterable[E], standing: Collection[str] = (), cycles: Sequence[Cycle] = (), as_of: Optional[date] = None
) -> list[Item[E]]:
    """The items due soon (即将到期)."""
    return group((e for e in entries if e.status == "due_soon"), standing, cycles, as_of)


@dataclass(frozen=True)
class ItemCounts:
    late: int
    due_soon: int


def counts(entries: Sequence[E], standing: Collection[str] = ()) -> ItemCounts:
    """How many items need action and how many are due soon: what every count shows."""
    return ItemCounts(len(late_items(entries, standing)), len(soon_items(entries, standing)))
