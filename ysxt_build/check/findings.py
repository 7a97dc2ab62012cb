"""What the cross-file checks build their findings with.

A finding at a pointer into a file (the checks import :func:`problem` as ``_p``), the one rule
on dates every check applies (nothing may be dated after the check date ``as_of``), the id a
file's name gives, and points written the way a rubric writes them.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..records.problems import Pointer, Problem


def problem(path: str, code: str, message: str, hint: str, pointer: Pointer, severity: str = "error") -> Problem:
    return Problem(path=path, code=code, message=message, hint=hint, pointer=pointer, severity=severity)


def future(path: str, pointer: Pointer, what: str, day: date, as_of: date) -> Optional[Problem]:
    """A finding when ``day`` is after the check date, else None."""
    if day > as_of:
        return problem(
            path,
            "date.future",
            f"{what} {day.isoformat()} 晚于检查日期 {as_of.isoformat()}",
            "只登记已经发生的事；如果日期写错了请改正。",
            pointer,
        )
    return None


def stem(path: str) -> str:
    """The file name without ``.yaml``: the id the file should declare."""
    return path.rsplit("/", 1)[-1][: -len(".yaml")]


def points(value: float) -> str:
    """Points as a rubric writes them: 4, 2.5, 0.25 (no trailing zeros)."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
