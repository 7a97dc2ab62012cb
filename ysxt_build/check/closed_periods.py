"""Closed periods: once an organisation's year is assessed, its records are kept as they are.

A change against the base branch that edits, deletes or adds a record of an assessed
(organisation, year) is refused, except a new amendment record (``amends``), which is how a
correction is made. Pure: the caller supplies the changes and the assessments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from ..records import layout
from ..records.problems import Problem


@dataclass(frozen=True)
class Change:
    status: str  # A added, M modified, D deleted (a rename is a D plus an A)
    path: str


@dataclass(frozen=True)
class Closure:
    organization: str
    year: int
    by: str  # the assessment record's id


def _org_year(path: str) -> Optional[tuple[str, int]]:
    parts = path.split("/")
    if len(parts) == 5 and f"{parts[0]}/{parts[1]}" == layout.ACTIVITIES and parts[2].isdigit():
        return parts[3], int(parts[2])
    return None


def closed_period_problems(
    changes: Iterable[Change],
    closures: Iterable[Closure],
    is_amendment: dict[str, bool],
) -> list[Problem]:
    """Findings for changes that touch an assessed (organisation, year)."""
    closed = {(c.organization, c.year): c for c in closures}
    found: list[Problem] = []
    for change in changes:
        key = _org_year(change.path)
        if key is None or key not in closed:
            continue
        closure = closed[key]
        record_id = change.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        where = f"{key[1]} 年度（{key[0]}）已经考核（考核记录 {closure.by}）"
        amend = f"ysxt new --amend {record_id}"
        if change.status == "A":
            if is_amendment.get(change.path, False):
                continue
            found.append(Problem(
                change.path, "closed.added", f"{where}，不能再新增记录",
                "如果是更正已有记录，请用 ysxt new --amend 记录编号 新建更正记录；如确需补录，请联系登记考核结果的办公室。",
            ))
        elif change.status == "M":
            found.append(Problem(
                change.path, "closed.modified", f"{where}，已有记录不能修改",
                f"请恢复原文件（git checkout 基准分支 -- {change.path}），改为新建更正记录：{amend}",
            ))
        elif change.status == "D":
            found.append(Problem(
                change.path, "closed.deleted", f"{where}，已有记录不能删除",
                f"请恢复这个文件（git checkout 基准分支 -- {change.path}）；记录有误时新建更正记录：{amend}",
            ))
    return found
