"""What the cross-file checks build their findings with.

A finding at a pointer into a file (the checks import :func:`problem` as ``_p``), the one rule
on dates every check applies (nothing may be dated after the check date ``as_of``), the id a
file's name gives and the ids no file may have, and points written the way a rubric writes them.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..records import layout
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


def reserved(path: str, value: str, what: str, renamed: str, also: str, page: bool = True) -> Optional[Problem]:
    """A finding when ``value`` (the ``id`` of the file at ``path``: an organisation's, a plan's,
    a vocabulary's or a rubric's) is one the portal or Windows keeps
    (:func:`~ysxt_build.records.layout.reserved_id`; ``page=False`` for an id that names no page,
    so only Windows' device names); ``what`` names the id (组织编号), ``renamed`` is the file's path
    under another id, ``also`` says what else to change."""
    why = layout.reserved_id(value, page)
    if why is None:
        return None
    return problem(path, "id.reserved", f"{what}不能用 {value}：{why}",
                   f"请换一个编号（例如 {stem(renamed)}），文件随之改名为 {renamed}，{also}",
                   ("id",))


def stem(path: str) -> str:
    """The file name without ``.yaml``: the id the file should declare."""
    return path.rsplit("/", 1)[-1][: -len(".yaml")]


def points(value: float) -> str:
    """Points as a rubric writes them: 4, 2.5, 0.25 (no trailing zeros)."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
