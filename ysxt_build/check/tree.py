"""Links and unsafe names in the folders the portal and the check read: ``docs/`` and ``schema/``
(``records/`` is looked at while its files are found, :func:`ysxt_build.records.layout.discover`).

A committed link (a symlink: ``git add`` takes one as it is) can point the build or the check at
anything outside the repository, ``..`` included; a file name with a control character can
forge lines in a terminal or a CI log. Both are errors wherever they are in these folders, and
so is one of the folders itself being a link.
"""

from __future__ import annotations

from pathlib import Path

from ..records import layout
from ..records.problems import Problem

FOLDERS = ("docs", "schema")


def _top_link(root: Path, name: str) -> list[Problem]:
    path = root / name
    if not path.is_symlink():
        return []
    return [
        Problem(
            name,
            "layout.symlink",
            f"文件夹 {name}/ 是一个链接（symlink），仓库中不能有链接",
            f"请删除这个链接（git rm {name}），把文件夹本身放进仓库。",
        )
    ]


def unsafe_entries(root: Path) -> list[Problem]:
    """Every link and every name with a control character under ``docs/`` and ``schema/`` (a
    linked folder is not entered; hidden folders neither, as MkDocs skips them), and
    ``records/``, ``docs/`` or ``schema/`` being a link."""
    found: list[Problem] = []
    for name in (layout.RECORDS, *FOLDERS):
        found += _top_link(root, name)
    for name in FOLDERS:
        top = root / name
        if top.is_symlink() or not top.is_dir():
            continue
        for rel, entry in layout.walk(str(top), name):
            problem = layout.unsafe_entry(rel, entry)
            if problem is not None:
                found.append(problem)
    return sorted(found, key=Problem.sort_key)
