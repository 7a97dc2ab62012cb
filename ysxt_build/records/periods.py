"""Periods (year, half, quarter, month, and a plan's own cycles), their bounds, labels and
due dates.

Labels: ``2025``, ``2025H1``, ``2025Q3``, ``2025M03``; Chinese: 2025年, 2025年上半年,
2025年第三季度, 2025年3月. A plan's vocabulary may add a :class:`Cycle` of its own: periods
that begin on fixed days of the year, such as semesters from 09-01 and 02-01 (labels
``2025S1``, ``2025S2``: the first and second period of the cycle that begins in 2025) or a
fiscal year from 04-01. All arithmetic is on ``datetime.date``; nothing reads the clock.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Iterable, Iterator, Optional, Sequence, Union

KINDS = ("year", "half", "quarter", "month")
_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}
_COUNT = {"year": 1, "half": 2, "quarter": 4, "month": 12}
_QUARTER_ZH = "一二三四"
KIND_ZH = {"year": "每年", "half": "每半年", "quarter": "每季度", "month": "每月"}

_LABEL = re.compile(r"^(\d{4})(?:(H)([12])|(Q)([1-4])|(M|-)(0[1-9]|1[0-2]))?$")
# as people write them: 2026年, 2026年度, 2026上半年, 2026年下半年, 2026年第三季度, 2026年3月
_LABEL_ZH = re.compile(r"^(\d{4})\s*年?\s*(?:(度)|([上下])半年|第([一二三四1-4])季度?|(0?[1-9]|1[0-2])月份?)?$")
_CYCLE_LABEL = re.compile(r"^(\d{4})([A-Z])([1-9][0-9]?)$")
RESERVED_LETTERS = frozenset("HQM")  # the built-in kinds' letters
CYCLE_RANK = len(KINDS)


def _month_day(value: str) -> tuple[int, int]:
    month, day = (int(x) for x in value.split("-"))
    return month, day


@dataclass(frozen=True)
class Cycle:
    """A kind of period of a plan's own: periods that begin on fixed days of the year.

    ``starts`` are the first days (MM-DD) of the periods in the order they come, beginning
    with the first of the cycle: ``("09-01", "02-01")`` for two semesters, ``("04-01",)`` for
    a fiscal year. A cycle is named by the year of its first start: the semesters of the
    2025 cycle are ``2025S1`` (2025-09-01 to 2026-01-31) and ``2025S2`` (2026-02-01 to
    2026-08-31). ``names`` are the Chinese labels of the periods, with ``{year}`` and
    ``{next}`` for the cycle's year and the year after (``{year}—{next}学年第一学期``).
    """

    code: str
    name: str  # the cadence in words: 每学期
    letter: str  # S → 2025S1
    starts: tuple[str, ...]
    names: tuple[str, ...] = ()

    def problem(self) -> Optional[str]:
        """What is wrong with the definition (in Chinese), or None."""
        if len(self.letter) != 1 or not self.letter.isupper() or self.letter in RESERVED_LETTERS:
            return f"期间字母“{self.letter}”不可用：请用 H、Q、M 以外的一个大写字母"
        if not self.starts:
            return "至少写一个开始日期"
        for value in self.starts:
            try:
                date(2023, *_month_day(value))  # a common year: 02-29 would start no period in most years
            except ValueError:
                return f"开始日期“{value}”不是每年都有的日期"
        first = _month_day(self.starts[0])
        rotated = [(md < first, md) for md in map(_month_day, self.starts)]
        if any(a >= b for a, b in zip(rotated, rotated[1:])):
            return "开始日期须按一个周期内的先后顺序排列，且不能重复"
        if self.names and len(self.names) != len(self.starts):
            return f"names 应有 {len(self.starts)} 项（每个期间一个名称）"
        return None

    def start_of(self, year: int, index: int) -> date:
        first = _month_day(self.starts[0])
        md = _month_day(self.starts[index - 1])
        return date(year + (1 if md < first else 0), *md)


PeriodKind = Union[str, Cycle]  # a built-in kind (year, half, quarter, month) or a plan's cycle


@dataclass(frozen=True, order=True)
class Period:
    year: int  # for a cycle: the year its first period begins
    kind_rank: int
    index: int  # 1-based within the year (or the cycle)
    kind: str  # for a cycle: its code
    cycle: Optional[Cycle] = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, kind: str, year: int, index: int = 1) -> "Period":
        if kind not in _COUNT:
            raise ValueError(f"unknown period kind {kind!r}")
        if not 1 <= index <= _COUNT[kind]:
            raise ValueError(f"{kind} index {index} out of range")
        return cls(year, KINDS.index(kind), index, kind)

    @classmethod
    def of_cycle(cls, cycle: Cycle, year: int, index: int = 1) -> "Period":
        if not 1 <= index <= len(cycle.starts):
            raise ValueError(f"{cycle.code} index {index} out of range")
        return cls(year, CYCLE_RANK, index, cycle.code, cycle)

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> "Period":
        if isinstance(kind, Cycle):
            year = day.year if day >= kind.start_of(day.year, 1) else day.year - 1
            index = max(i for i in range(1, len(kind.starts) + 1) if kind.start_of(year, i) <= day)
            return cls.of_cycle(kind, year, index)
        if kind not in _MONTHS:
            raise ValueError(f"unknown period kind {kind!r}")
        return cls.of(kind, day.year, (day.month - 1) // _MONTHS[kind] + 1)

    @classmethod
    def parse(cls, label: str, cycles: Iterable[Cycle] = ()) -> "Period":
        """``2025``, ``2025H1``, ``2025Q3``, ``2025M03`` or ``2025-03``; or in Chinese as
        :attr:`label_zh` writes it (2025年上半年), with or without 年 (2025上半年); with
        ``cycles``, also their labels (``2025S1``) and their names, spaces and the dash as
        written (2025-2026 学年第一学期). What a person typed goes through :func:`as_typed` first."""
        try:
            return _parse(label)
        except ValueError:
            found = _cycle_period(label, tuple(cycles))
            if found is None:
                raise
            return found

    @classmethod
    def _parse(cls, label: str) -> "Period":
        m = _LABEL.match(label.strip().upper())
        if not m:
            return cls._parse_zh(label)
        year = int(m.group(1))
        if m.group(2):
            return cls.of("half", year, int(m.group(3)))
        if m.group(4):
            return cls.of("quarter", year, int(m.group(5)))
        if m.group(6):
            return cls.of("month", year, int(m.group(7)))
        return cls.of("year", year)

    @classmethod
    def _parse_zh(cls, label: str) -> "Period":
        m = _LABEL_ZH.match(label.strip())
        if not m:
            raise ValueError(label)
        year = int(m.group(1))
        if m.group(3):
            return cls.of("half", year, 1 if m.group(3) == "上" else 2)
        if m.group(4):
            quarter = m.group(4)
            return cls.of("quarter", year, int(quarter) if quarter.isdigit() else _QUARTER_ZH.index(quarter) + 1)
        if m.group(5):
            return cls.of("month", year, int(m.group(5)))
        return cls.of("year", year)

    @cached_property  # periods are immutable; the engine asks for these millions of times
    def start(self) -> date:
        if self.cycle is not None:
            return self.cycle.start_of(self.year, self.index)
        return date(self.year, (self.index - 1) * _MONTHS[self.kind] + 1, 1)

    @cached_property
    def end(self) -> date:
        if self.cycle is not None:
            return self.next().start - timedelta(days=1)
        month = self.index * _MONTHS[self.kind]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @cached_property
    def label(self) -> str:
        if self.cycle is not None:
            return f"{self.year}{self.cycle.letter}{self.index}"
        if self.kind == "year":
            return str(self.year)
        if self.kind == "half":
            return f"{self.year}H{self.index}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.index}"
        return f"{self.year}M{self.index:02d}"

    @cached_property
    def label_zh(self) -> str:
        if self.cycle is not None:
            if self.cycle.names:
                return self.cycle.names[self.index - 1].format(year=self.year, next=self.year + 1)
            start, end = self.start, self.end
            return f"{date_zh(start)}至{date_zh(end)}"
        if self.kind == "year":
            return f"{self.year}年"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        if self.kind == "quarter":
            return f"{self.year}年第{_QUARTER_ZH[self.index - 1]}季度"
        return f"{self.year}年{self.index}月"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and first <= self.end

    def next(self) -> "Period":
        if self.cycle is not None:
            if self.index < len(self.cycle.starts):
                return Period.of_cycle(self.cycle, self.year, self.index + 1)
            return Period.of_cycle(self.cycle, self.year + 1, 1)
        if self.index < _COUNT[self.kind]:
            return Period.of(self.kind, self.year, self.index + 1)
        return Period.of(self.kind, self.year + 1, 1)

    def previous(self) -> "Period":
        if self.cycle is not None:
            if self.index > 1:
                return Period.of_cycle(self.cycle, self.year, self.index - 1)
            return Period.of_cycle(self.cycle, self.year - 1, len(self.cycle.starts))
        if self.index > 1:
            return Period.of(self.kind, self.year, self.index - 1)
        return Period.of(self.kind, self.year - 1, _COUNT[self.kind])

    def __str__(self) -> str:
        return self.label


@lru_cache(maxsize=4096)
def _parse(label: str) -> Period:
    return Period._parse(label)


_DASHES = str.maketrans({ch: "-" for ch in "—–‐‑‒―－~～"})


def as_typed(label: str) -> str:
    """A period as a person typed it on a Chinese keyboard, made readable by :meth:`Period.parse`:
    full-width characters as ASCII (NFKC: ２０２５Ｓ１ → 2025S1), no spaces, every dash a hyphen."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", label)).translate(_DASHES)


def _cycle_period(label: str, cycles: tuple[Cycle, ...]) -> Optional[Period]:
    """The period of one of ``cycles`` that ``label`` names: by label (2025S1) or as
    :attr:`Period.label_zh` writes it, spaces and dashes aside — the vocabulary's name
    (2025—2026学年第一学期) or, for a cycle without names, its dates (2025年4月1日至2026年3月31日)."""
    m = _CYCLE_LABEL.match(label.strip().upper())
    if m is not None:
        for cycle in cycles:
            if cycle.letter == m.group(2) and int(m.group(3)) <= len(cycle.starts):
                return Period.of_cycle(cycle, int(m.group(1)), int(m.group(3)))
        return None
    written = as_typed(label)
    first = re.search(r"\d{4}", written)
    if first is None:
        return None
    year = int(first.group())
    for cycle in cycles:
        for start in (year, year - 1):  # a name may begin with the year after the cycle's ({next})
            for index in range(1, len(cycle.starts) + 1):
                period = Period.of_cycle(cycle, start, index)
                if as_typed(period.label_zh) == written:
                    return period
    return None


def date_zh(day: date) -> str:
    """A day as Chinese documents write it: 2026年6月30日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def period_zh(label: str, cycles: Sequence[Cycle] = ()) -> str:
    """A period label in Chinese (``2026H2`` → 2026年下半年; with the vocabularies' ``cycles``,
    ``2025S1`` → 2025—2026学年第一学期); a label it cannot read stays."""
    try:
        return Period.parse(label, cycles).label_zh
    except ValueError:
        return label


def periods_between(kind: PeriodKind, first: date, last: date) -> Iterator[Period]:
    """Every period of ``kind`` that overlaps [first, last], in order."""
    if last < first:
        return
    period = Period.containing(kind, first)
    while period.start <= last:
        yield period
        period = period.next()


def month_day_in(year: int, month_day: str) -> date:
    """``MM-DD`` in a given year; 02-29 becomes 02-28 in a common year."""
    month, day = (int(x) for x in month_day.split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_date(period: Period, grace_days: int = 0, due_on: str | None = None) -> date:
    """When a periodic obligation falls due: a fixed day in the year (for a cycle: its first
    occurrence on or after the period's start), or the end plus grace."""
    if due_on is not None:
        if period.cycle is not None:
            day = month_day_in(period.start.year, due_on)
            return day if day >= period.start else month_day_in(period.start.year + 1, due_on)
        return month_day_in(period.year, due_on)
    return period.end + timedelta(days=grace_days)


def cadence_zh(kind: PeriodKind) -> str:
    """每年, 每半年, … or a cycle's own word (每学期)."""
    return kind.name if isinstance(kind, Cycle) else KIND_ZH.get(kind, kind)


def overlap_days(first: date, last: date, start: date, end: date | None) -> int:
    """Days of [start, end] (end None = open) inside [first, last]."""
    lo = max(first, start)
    hi = last if end is None else min(last, end)
    return max(0, (hi - lo).days + 1)


def periods_zh(periods: Iterable[Period]) -> str:
    """Several periods in Chinese, as a reader lists them: a run of three or more in a row
    as a range (2025年第三季度 至 2026年第一季度（共 3 期）); otherwise each one, those of one
    year and kind sharing the year (2025年第三季度、2026年第二、三季度; 2025年上半年、下半年;
    2026年3、5月). Gaps are never hidden in a range."""
    found = sorted(set(periods))
    if not found:
        return ""
    if len(found) >= 3 and all(a.next() == b for a, b in zip(found, found[1:])):
        return f"{found[0].label_zh} 至 {found[-1].label_zh}（共 {len(found)} 期）"
    parts: list[str] = []
    run: list[Period] = []

    def flush() -> None:
        if not run:
            return
        first, kind = run[0], run[0].kind
        if len(run) == 1 or first.cycle is not None or kind == "year":
            parts.extend(p.label_zh for p in run)
        elif kind == "quarter":
            parts.append(f"{first.year}年第{'、'.join(_QUARTER_ZH[p.index - 1] for p in run)}季度")
        elif kind == "half":
            parts.append(f"{first.year}年上半年、下半年")  # a year has two halves: both are here
        else:
            parts.append(f"{first.year}年{'、'.join(str(p.index) for p in run)}月")
        run.clear()

    for p in found:
        if run and (p.year, p.kind) != (run[0].year, run[0].kind):
            flush()
        run.append(p)
    flush()
    return "、".join(parts)
