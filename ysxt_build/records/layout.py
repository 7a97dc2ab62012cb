"""Where files live in a records repository, and what kind each one is.

::

    records/plans/<plan id>.yaml                          实施方案
    records/vocabularies/<vocabulary id>.yaml             词汇表（方案的用语）
    records/rubrics/<rubric id>.yaml                      考评方案
    records/organizations/<org id>.yaml                   党组织登记
    records/activities/<year>/<org id>/<record id>.yaml   工作记录
    records/evidence/...                                  证明材料（任意文件）
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from .problems import Problem

RECORDS = "records"
PLANS = f"{RECORDS}/plans"
RUBRICS = f"{RECORDS}/rubrics"
VOCABULARIES = f"{RECORDS}/vocabularies"
ORGANIZATIONS = f"{RECORDS}/organizations"
ACTIVITIES = f"{RECORDS}/activities"
EVIDENCE = f"{RECORDS}/evidence"

_KIND_BY_DIR = {PLANS: "plan", ORGANIZATIONS: "organization", RUBRICS: "rubric", VOCABULARIES: "vocabulary"}
_IGNORED_NAMES = {".gitkeep", "README.md", ".DS_Store", "Thumbs.db", "desktop.ini"}


class SourceFile(NamedTuple):  # a tuple: 100,000 of them are made on every run
    path: str  # relative, forward slashes
    kind: str  # plan | organization | record | rubric | vocabulary
    size: int = -1  # from the walk; -1 when unknown
    mtime_ns: int = -1


def record_path(year: int | str, org_id: str, record_id: str) -> str:
    return f"{ACTIVITIES}/{year}/{org_id}/{record_id}.yaml"


def organization_path(org_id: str) -> str:
    return f"{ORGANIZATIONS}/{org_id}.yaml"


def plan_path(plan_id: str) -> str:
    return f"{PLANS}/{plan_id}.yaml"


def vocabulary_path(vocabulary_id: str) -> str:
    return f"{VOCABULARIES}/{vocabulary_id}.yaml"


def _walk(directory: str, rel: str) -> list[tuple[str, os.DirEntry[str]]]:
    found: list[tuple[str, os.DirEntry[str]]] = []
    stack = [(directory, rel)]
    while stack:
        absolute, relative = stack.pop()
        try:
            entries = list(os.scandir(absolute))
        except OSError:
            continue
        for entry in entries:
            child = f"{relative}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    stack.append((entry.path, child))
            else:
                found.append((child, entry))
    return found


def _source(rel: str, kind: str, entry: os.DirEntry[str]) -> SourceFile:
    try:
        stat = entry.stat(follow_symlinks=False)
    except OSError:
        return SourceFile(rel, kind)
    return SourceFile(rel, kind, stat.st_size, stat.st_mtime_ns)


def discover(root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """All YAML files under ``records/`` with their kind, and findings for misplaced ones."""
    files: list[SourceFile] = []
    problems: list[Problem] = []
    base = root / RECORDS
    if not base.is_dir():
        return files, [
            Problem(
                path=RECORDS,
                code="layout.no-records",
                message="找不到 records/ 文件夹",
                hint="请在仓库根目录运行，或用 --repo 指定仓库位置。",
            )
        ]
    evidence = EVIDENCE + "/"
    activities = ACTIVITIES + "/"
    for rel, entry in _walk(str(base), RECORDS):
        name = entry.name
        if rel.startswith(evidence) or name in _IGNORED_NAMES:
            continue
        if name.endswith(".yaml") and not entry.is_symlink():  # the usual case, in short
            if rel.startswith(activities) and rel.count("/") == 4:
                files.append(_source(rel, "record", entry))
                continue
            kind = _KIND_BY_DIR.get(rel[: len(rel) - len(name) - 1])
            if kind is not None:
                files.append(_source(rel, kind, entry))
                continue
        parent = rel.rsplit("/", 1)[0]
        if name.endswith(".yml"):
            problems.append(
                Problem(rel, "layout.yml-extension", "文件扩展名是 .yml", "请改名为 .yaml 结尾（git mv 旧名 新名）。")
            )
            continue
        if not name.endswith(".yaml"):
            problems.append(
                Problem(
                    rel,
                    "layout.unexpected-file",
                    "records/ 下有不认识的文件",
                    "记录文件以 .yaml 结尾；证明材料请放在 records/evidence/ 下。",
                    severity="warning",
                )
            )
            continue
        if entry.is_symlink():
            problems.append(
                Problem(rel, "layout.symlink", "记录文件不能是链接（symlink）", "请把文件本身放进仓库。")
            )
            continue
        if parent in _KIND_BY_DIR:
            files.append(_source(rel, _KIND_BY_DIR[parent], entry))
            continue
        parts = rel.split("/")
        if len(parts) == 5 and parts[1] == "activities":
            files.append(_source(rel, "record", entry))
            continue
        problems.append(
            Problem(
                rel,
                "layout.misplaced",
                "文件放错了位置",
                "方案放在 records/plans/，词汇表放在 records/vocabularies/，组织放在 records/organizations/，"
                "工作记录放在 records/activities/年份/组织编号/记录编号.yaml。",
            )
        )
    files.sort()  # by path: paths are unique, so the other fields are never compared
    return files, problems
