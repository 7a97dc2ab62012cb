"""The period the synthetic county covers (2022–2026), and days as plain integers.

Every day in the generator is a ``date.toordinal()``: cheap to compare, add to and draw at
random. ``ordinal`` makes one from a calendar date; ``iso`` and ``year`` read one back.
"""

from __future__ import annotations

from datetime import date

FIRST_YEAR = 2022
LAST_YEAR = 2026
AS_OF = date(LAST_YEAR, 12, 31)

START = date(FIRST_YEAR, 1, 1).toordinal()
END = AS_OF.toordinal()


def ordinal(y: int, m: int, d: int) -> int:
    return date(y, m, d).toordinal()


def iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


def year(day: int) -> int:
    return date.fromordinal(day).year


def month(day: int) -> int:
    return date.fromordinal(day).month
