"""Caches that make a check after one edit (or none) fast.

:class:`FactIndex` is the check's compact per-file index with each record's cross-file
findings; :class:`ResultCache` the whole answer of the last check; :class:`CheckCache` the
full per-file outcomes the status engine and the portal load. Entries are kept per file with
its size and modification time; everything is dropped when the schemas, the code that decides
the check (:data:`CHECK_MODULES`) or the Python version change. They live in
``<repo>/.ysxt-cache/`` (ignored by Git) and are only accelerators: deleting them is safe.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

from ..records.layout import SourceFile
from ..records.model import Amends, Approval, Directive, Evidence, Lecture, Record, Report
from ..records.problems import Problem
from .file_check import FileOutcome

CACHE_DIR = ".ysxt-cache"
_FORMAT = 1
# A file modified this close to the run may change again within the same timestamp tick
# (FAT and network shares keep 2-second times): such "racy" files are not cached, as Git does.
RACY_NS = 3_000_000_000


def is_racy(stat: os.stat_result, started_ns: int) -> bool:
    return stat.st_mtime_ns >= started_ns - RACY_NS


def read_store(path: Path, key: str) -> Optional[dict[str, Any]]:
    """A cache file's content when it was written under ``key``; None when absent or stale."""
    try:
        with open(path, "rb") as handle:
            # marshal.load(file) reads in small pieces through Python calls: 3-5x slower
            stored = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    return stored


def write_store(path: Path, stored: dict[str, Any]) -> None:
    """Replace a cache file atomically; the cache folder keeps itself out of Git."""
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(marshal.dumps(stored))
        os.replace(tmp, path)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
    except OSError:
        pass  # a cache that cannot be written only costs time


# The modules whose code decides a check's findings (what ``ysxt_build.check.checker`` imports, and the
# schema messages it imports for an invalid file): an edit to the portal, the exports or the
# status engine leaves the cache valid. tests/check/test_check_incremental.py keeps this list whole.
CHECK_MODULES = (
    "__init__",
    "check.__init__",
    "check.assessment_checks",
    "check.checker",
    "check.cache",
    "check.evidence_checks",
    "check.file_check",
    "check.findings",
    "check.integrity",
    "check.member_hints",
    "check.organization_checks",
    "check.plan_checks",
    "check.record_checks",
    "check.reference_checks",
    "check.repository",
    "check.schema_messages",
    "check.vocabulary_checks",
    "records.__init__",
    "records.derive",
    "records.layout",
    "records.model",
    "records.periods",
    "records.problems",
    "records.schemas",
    "records.strict_yaml",
    "records.vocabulary",
)


def code_fingerprint() -> str:
    digest = hashlib.sha256(f"{_FORMAT}:{sys.version}".encode())
    package = Path(__file__).resolve().parent.parent
    for name in CHECK_MODULES:
        path = package.joinpath(*name.split(".")).with_suffix(".py")
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def problem_to_tuple(p: Problem) -> tuple[Any, ...]:
    return (p.code, p.message, p.hint, p.line, p.severity)


def problem_from_tuple(path: str, t: tuple[Any, ...]) -> Problem:
    return Problem(path=path, code=t[0], message=t[1], hint=t[2], line=t[3], severity=t[4])


class CheckCache:
    """The full per-file outcomes (data included), for the status engine and the portal."""

    def __init__(self, root: Path, key: str) -> None:
        self.file = root / CACHE_DIR / "files.marshal"
        self.key = key
        self.files: dict[str, tuple[Any, ...]] = {}
        self.evidence: dict[str, tuple[int, int, str]] = {}
        self.dirty = False
        self.started_ns = time.time_ns()
        self._load()

    def _load(self) -> None:
        stored = read_store(self.file, self.key)
        if stored is None:
            return
        self.files = stored.get("files", {})
        self.evidence = stored.get("evidence", {})

    def get(self, path: str, size: int, mtime_ns: int) -> Optional[FileOutcome]:
        entry = self.files.get(path)
        if entry is None or entry[0] != size or entry[1] != mtime_ns:
            return None
        _, _, kind, data, problems, declared = entry
        return FileOutcome(path, kind, data, tuple(problem_from_tuple(path, t) for t in problems), declared)

    def put(self, outcome: FileOutcome, size: int, mtime_ns: int) -> None:
        if mtime_ns >= self.started_ns - RACY_NS:
            return
        self.dirty = True
        self.files[outcome.path] = (
            size,
            mtime_ns,
            outcome.kind,
            outcome.data,
            tuple(problem_to_tuple(p) for p in outcome.problems),
            outcome.declared_id,
        )

    def set_evidence(self, known: dict[str, tuple[int, int, str]]) -> None:
        known = {k: v for k, v in known.items() if v[1] < self.started_ns - RACY_NS}
        if known != self.evidence:
            self.evidence = dict(known)
            self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the cache if anything changed, keeping only entries for ``keep``."""
        if not self.dirty and set(self.files) <= keep:
            return
        files = {k: v for k, v in self.files.items() if k in keep}
        write_store(self.file, {"key": self.key, "files": files, "evidence": self.evidence})


_CHECKED_BLOCKS = ("inspection", "assessment", "accountability")


def record_row(rec: Record) -> tuple[Any, ...]:
    """What the cross-file checks need of a record, as one flat tuple (no long texts):

    0 id, 1 organisation, 2 type, 3 date (ordinal), 4 period, 5 lead, 6 participants,
    7 evidence (how many items, the items with a file as (position, file, sha256)),
    8 responds_to, 9 report (submitted_to, submitted_on ordinal), 10 directive (applies_to,
    applies to all), 11 lecture (form, approval, the record's title: an approval may name it),
    12 approval (result, event), 13 the record amended,
    14 the inspection/assessment/accountability blocks as data.
    """
    report, directive, lecture = rec.report, rec.directive, rec.lecture
    return (
        rec.id,
        sys.intern(rec.organization),
        sys.intern(rec.type),
        rec.date.toordinal(),
        rec.period,
        rec.lead,
        rec.participants,
        (len(rec.evidence), tuple((i, e.file, e.sha256) for i, e in enumerate(rec.evidence) if e.file))
        if rec.evidence
        else (0, ()),
        rec.responds_to,
        (report.submitted_to, report.submitted_on.toordinal()) if report else None,
        (directive.applies_to, directive.applies_to_all) if directive else None,
        (lecture.form, lecture.approval, rec.title) if lecture else None,
        (rec.approval.result, rec.approval.event) if rec.approval else None,
        rec.amends.record if rec.amends else None,
        tuple(item for item in rec.extra if item[0] in _CHECKED_BLOCKS),
    )


def record_from_row(row: tuple[Any, ...], source: str) -> Record:
    """A record fit for the cross-file checks (its texts left empty) from :func:`record_row`."""
    count, with_files = row[7]
    evidence = [_NO_FILE] * count
    for i, file, sha256 in with_files:
        evidence[i] = Evidence(title="", file=file, sha256=sha256)
    report, directive, lecture = row[9], row[10], row[11]
    return Record(
        id=row[0],
        type=row[2],
        organization=row[1],
        date=date.fromordinal(row[3]),
        title=lecture[2] if lecture else "",
        period=row[4],
        lead=row[5],
        participants=row[6],
        evidence=tuple(evidence),
        responds_to=row[8],
        report=Report(submitted_to=report[0], submitted_on=date.fromordinal(report[1])) if report else None,
        directive=Directive(issuer="", applies_to=directive[0], applies_to_all=directive[1]) if directive else None,
        lecture=Lecture(form=lecture[0], approval=lecture[1]) if lecture else None,
        approval=Approval(approver="", result=row[12][0], event=row[12][1]) if row[12] is not None else None,
        amends=Amends(record=row[13], reason="") if row[13] is not None else None,
        extra=row[14],
        source=source,
    )


_NO_FILE = Evidence(title="")


class FactIndex:
    """The compact per-file index of ``ysxt check``, kept in columns (one list per field, in
    the order of the paths): size and mtime, kind, the file's own findings, its declared id and
    its facts: for a record its :func:`record_row`, for organisations, plans and rubrics their
    whole data marshalled on its own.
    Besides: each record's cross-file findings of the last run (with line numbers, only the
    records that have some) and the check date they were for.

    A file too new to trust ("racy") or not stat-able is kept with size -1, so that the next
    run sees it as changed yet still knows the id it had.
    """

    FILE = "check.marshal"
    COLUMNS = ("paths", "sizes", "mtimes", "kinds", "facts", "problems", "declared")

    def __init__(self, root: Path, key: str, load: bool = True) -> None:
        self.file = root / CACHE_DIR / self.FILE
        self.key = key
        self.columns: dict[str, list[Any]] = {name: [] for name in self.COLUMNS}
        self.findings: dict[str, tuple[tuple[Any, ...], ...]] = {}
        self.as_of: Optional[str] = None
        self.evidence: dict[str, tuple[int, int, str]] = {}
        self.started_ns = time.time_ns()
        if load:
            self._load()

    def _load(self) -> None:
        stored = read_store(self.file, self.key)
        if stored is None:
            return
        columns = stored.get("columns")
        if not isinstance(columns, dict) or any(not isinstance(columns.get(c), list) for c in self.COLUMNS):
            return
        if len({len(columns[c]) for c in self.COLUMNS}) != 1:
            return
        self.columns = columns
        self.findings = stored.get("findings", {})
        self.as_of = stored.get("as_of")
        self.evidence = stored.get("evidence", {})

    def save(
        self,
        columns: dict[str, list[Any]],
        findings: dict[str, tuple[tuple[Any, ...], ...]],
        as_of: str,
        evidence: dict[str, tuple[int, int, str]],
    ) -> None:
        racy = self.started_ns - RACY_NS
        stored = {
            "key": self.key,
            "columns": columns,
            "findings": findings,
            "as_of": as_of,
            "evidence": {k: v for k, v in evidence.items() if v[1] < racy},
        }
        write_store(self.file, stored)


class ResultCache:
    """The whole answer of the last check: when no file changed (the same paths, sizes and
    times, the same evidence files) and the check date, the code and the schemas are the same,
    it is the answer again, without reading any record."""

    FILE = "result.marshal"

    def __init__(self, root: Path, key: str, files: list[SourceFile], found: list[Problem]) -> None:
        self.root = root
        self.key = key
        digest = hashlib.sha256()
        for f in files:
            digest.update(f"{f.path}\0{f.size}\0{f.mtime_ns}\n".encode())
        for p in found:
            digest.update(f"{p.path}\0{p.code}\n".encode())
        self.signature = digest.hexdigest()
        self.files = files
        self.started_ns = time.time_ns()  # for the racy-file rule only; no date comes from it

    def _evidence_stats(self, paths: Iterable[str]) -> dict[str, Optional[tuple[int, int]]]:
        stats: dict[str, Optional[tuple[int, int]]] = {}
        for rel in sorted(paths):
            try:
                st = os.stat(f"{self.root}/{rel}")
                stats[rel] = (st.st_size, st.st_mtime_ns)
            except (OSError, ValueError):
                stats[rel] = None
        return stats

    def lookup(self) -> Optional[list[Problem]]:
        stored = read_store(self.root / CACHE_DIR / self.FILE, self.key)
        if (
            stored is None
            or stored.get("signature") != self.signature
            or self._evidence_stats(stored.get("evidence", {})) != stored.get("evidence")
        ):
            return None
        return [Problem(p[0], p[1], p[2], p[3], p[4], None, p[5]) for p in stored["problems"]]

    def store(self, problems: list[Problem], evidence: Iterable[str]) -> None:
        """Remember the answer, unless a file is so new that it may still change unseen."""
        stats = self._evidence_stats(evidence)
        racy = self.started_ns - RACY_NS
        if any(f.mtime_ns >= racy for f in self.files) or any(s is not None and s[1] >= racy for s in stats.values()):
            return
        stored = {
            "key": self.key,
            "signature": self.signature,
            "evidence": stats,
            "problems": [(p.path, p.code, p.message, p.hint, p.line, p.severity) for p in problems],
        }
        write_store(self.root / CACHE_DIR / self.FILE, stored)
