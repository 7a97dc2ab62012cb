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

from .characters import describe, first_refused
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
    kind: str  # plan | organization | record | rubric | vocabulary (| evidence: a text evidence file)
    size: int = -1  # from the walk; -1 when unknown
    mtime_ns: int = -1
    inode: int = -1  # with ctime: what ``cp -p``, ``rsync -t`` or unzip cannot carry over
    ctime_ns: int = -1


class Discovered(NamedTuple):
    files: list[SourceFile]  # plans, organisations, rubrics and records, by path
    problems: list[Problem]  # misplaced files, links, names with control characters
    evidence: list[SourceFile]  # text evidence files (scanned for private numbers), by path


# Evidence files whose text the privacy scan reads.
TEXT_EVIDENCE = (".txt", ".md", ".csv", ".docx")


# Ids no organisation or plan (nor, but index, vocabulary or rubric) may have: ``index`` names the portal's page listing them
# (docs/orgs/index.md, docs/plan/index.md), which an organisation's or a plan's page would
# overwrite; the others are Windows' device names, which no file or folder on a Windows
# computer may have (the id is the file's name, and an organisation's folder of records).
INDEX_PAGE = "index"
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
)


def reserved_id(value: str, page: bool = True) -> str | None:
    """Why ``value`` cannot be an organisation's or a plan's id (Chinese), or None; with
    ``page=False`` (a vocabulary's or a rubric's id: a file name, no page of the portal) only
    Windows' device names."""
    if page and value == INDEX_PAGE:
        return "“index”是门户中列出全部组织、全部方案的页面的名字，用作编号会覆盖那个页面"
    if value.lower() in WINDOWS_DEVICES:
        return f"“{value}”是 Windows 保留的设备名，Windows 电脑上的文件和文件夹都不能叫这个名字"
    return None


def record_path(year: int | str, org_id: str, record_id: str) -> str:
    return f"{ACTIVITIES}/{year}/{org_id}/{record_id}.yaml"


def organization_path(org_id: str) -> str:
    return f"{ORGANIZATIONS}/{org_id}.yaml"


def plan_path(plan_id: str) -> str:
    return f"{PLANS}/{plan_id}.yaml"


def vocabulary_path(vocabulary_id: str) -> str:
    return f"{VOCABULARIES}/{vocabulary_id}.yaml"


def walk(directory: str, rel: str) -> list[tuple[str, os.DirEntry[str]]]:
    """Every entry under ``directory`` that is not a folder (links, even to folders, included),
    and every folder whose name would be refused; hidden folders are not entered."""
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
                if not entry.name.isprintable() and first_refused(entry.name) is not None:
                    found.append((child, entry))
                elif not entry.name.startswith("."):
                    stack.append((entry.path, child))
            else:
                found.append((child, entry))
    return found


def _source(rel: str, kind: str, entry: os.DirEntry[str]) -> SourceFile:
    try:
        stat = entry.stat(follow_symlinks=False)
    except OSError:
        return SourceFile(rel, kind)
    return SourceFile(rel, kind, stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


def unsafe_entry(rel: str, entry: os.DirEntry[str]) -> Problem | None:
    """A finding for a link (to a file or a folder) or a name with a control character."""
    name = entry.name
    if not name.isprintable():
        at = first_refused(name)
        if at is not None:
            return Problem(
                rel,
                "layout.control-char",
                f"文件名或文件夹名中有不允许的控制字符 {describe(name[at])}",
                "请给它改名（git mv 旧名 新名），只用汉字、字母、数字、连字符和点。",
            )
    if entry.is_symlink():
        try:
            target = os.readlink(entry.path)
        except OSError:
            target = "?"
        return Problem(
            rel,
            "layout.symlink",
            f"这是一个链接（symlink，指向“{target}”），仓库中不能有链接",
            "链接会让程序读写仓库以外的地方：请删除它（git rm 路径），需要的文件请把文件本身放进仓库。",
        )
    return None


def discover(root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """All YAML files under ``records/`` with their kind, and findings for misplaced ones."""
    found = discover_all(root)
    return found.files, found.problems


def discover_all(root: Path) -> Discovered:
    """As :func:`discover`, and the text evidence files."""
    files: list[SourceFile] = []
    problems: list[Problem] = []
    evidence_files: list[SourceFile] = []
    base = root / RECORDS
    if not base.is_dir():
        return Discovered(files, [
            Problem(
                path=RECORDS,
                code="layout.no-records",
                message="找不到 records/ 文件夹",
                hint="请在仓库根目录运行，或用 --repo 指定仓库位置。",
            )
        ], evidence_files)
    evidence = EVIDENCE + "/"
    activities = ACTIVITIES + "/"
    for rel, entry in walk(str(base), RECORDS):
        name = entry.name
        if not name.isprintable() or entry.is_symlink():
            unsafe = unsafe_entry(rel, entry)
            if unsafe is not None:
                problems.append(unsafe)
                continue
        if rel.startswith(evidence):
            if name.endswith(TEXT_EVIDENCE):
                evidence_files.append(_source(rel, "evidence", entry))
            continue
        if name in _IGNORED_NAMES:
            continue
        if name.endswith(".yaml"):  # the usual case, in short
            if rel.startswith(activities) and rel.count("/") == 4:
                files.append(_source(rel, "record", entry))
                continue
            kind = _KIND_BY_DIR.get(rel[: len(rel) - len(name) - 1])
            if kind is not None:
                files.append(_source(rel, kind, entry))
                continue
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
    evidence_files.sort()
    return Discovered(files, problems, evidence_files)
