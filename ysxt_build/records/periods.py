"""Periods (year, half, quarter, month), their bounds, labels and due dates.

Labels: ``2025``, ``2025H1``, ``2025Q3``, ``2025M03``; Chinese: 2025年, 2025年上半年,
2025年第三季度, 2025年3月. All arithmetic is on ``datetime.date``; nothing reads the clock.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Iterator

KINDS = ("year", "half", "quarter", "month")
_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}
_COUNT = {"year": 1, "half": 2, "quarter": 4, "month": 12}
_QUARTER_ZH = "一二三四"
KIND_ZH = {"year": "每年", "half": "每半年", "quarter": "每季度", "month": "每月"}

_LABEL = re.compile(r"^(\d{4})(?:(H)([12])|(Q)([1-4])|(M|-)(0[1-9]|1[0-2]))?$")
# as people write them: 2026年, 2026年度, 2026上半年, 2026年下半年, 2026年第三季度, 2026年3月
_LABEL_ZH = re.compile(r"^(\d{4})\s*年?\s*(?:(度)|([上下])半年|第([一二三四1-4])季度?|(0?[1-9]|1[0-2])月份?)?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind_rank: int
    index: int  # 1-based within the year
    kind: str

    @classmethod
    def of(cls, kind: str, year: int, index: int = 1) -> "Period":
        if kind not in _COUNT:
            raise ValueError(f"unknown period kind {kind!r}")
        if not 1 <= index <= _COUNT[kind]:
            raise ValueError(f"{kind} index {index} out of range")
        return cls(year, KINDS.index(kind), index, kind)

    @classmethod
    def containing(cls, kind: str, day: date) -> "Period":
        if kind not in _MONTHS:
            raise ValueError(f"unknown period kind {kind!r}")
        return cls.of(kind, day.year, (day.month - 1) // _MONTHS[kind] + 1)

    @classmethod
    def parse(cls, label: str) -> "Period":
        """``2025``, ``2025H1``, ``2025Q3``, ``2025M03`` or ``2025-03``; or in Chinese as
        :attr:`label_zh` writes it (2025年上半年), with or without 年 (2025上半年)."""
        return _parse(label)

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
        return date(self.year, (self.index - 1) * _MONTHS[self.kind] + 1, 1)

    @cached_property
    def end(self) -> date:
        month = self.index * _MONTHS[self.kind]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @cached_property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.year)
        if self.kind == "half":
            return f"{self.year}H{self.index}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.index}"
        return f"{self.year}M{self.index:02d}"

    @cached_property
    def label_zh(self) -> str:
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
        if self.index < _COUNT[self.kind]:
            return Period.of(self.kind, self.year, self.index + 1)
        return Period.of(self.kind, self.year + 1, 1)

    def previous(self) -> "Period":
        if self.index > 1:
            return Period.of(self.kind, self.year, self.index - 1)
        return Period.of(self.kind, self.year - 1, _COUNT[self.kind])

    def __str__(self) -> str:
        return self.label


@lru_cache(maxsize=4096)
def _parse(label: str) -> Period:
    return Period._parse(label)


def period_zh(label: str) -> str:
    """A period label in Chinese (``2026H2`` → 2026年下半年); a label it cannot read stays."""
    try:
        return Period.parse(label).label_zh
    except ValueError:
        return label


def periods_between(kind: str, first: date, last: date) -> Iterator[Period]:
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
    """When a periodic obligation falls due: a fixed day in the year, or the end plus grace."""
    if due_on is not None:
        return month_day_in(period.year, due_on)
    return period.end + timedelta(days=grace_days)


def overlap_days(first: date, last: date, start: date, end: date | None) -> int:
    """Days of [start, end] (end None = open) inside [first, last]."""
    lo = max(first, start)
    hi = last if end is None else min(last, end)
    return max(0, (hi - lo).days + 1)
