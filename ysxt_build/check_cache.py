"""A cache of per-file check results, so that a check after one edit is instant.

An entry is kept per file with its size and modification time; the whole cache is dropped
when the schemas, the code or the Python version change. It lives in
``<repo>/.ysxt-cache/`` (ignored by Git) and is only an accelerator: deleting it is safe.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Optional

from .file_check import FileOutcome
from .layout import SourceFile
from .problems import Problem

CACHE_DIR = ".ysxt-cache"
_FORMAT = 1
# A file modified this close to the run may change again within the same timestamp tick
# (FAT and network shares keep 2-second times): such "racy" files are not cached, as Git does.
RACY_NS = 3_000_000_000


def is_racy(stat: os.stat_result, started_ns: int) -> bool:
    return stat.st_mtime_ns >= started_ns - RACY_NS


# The modules whose code decides a check's findings (what ``ysxt_build.check`` imports, and the
# schema messages it imports for an invalid file): an edit to the portal, the exports or the
# status engine leaves the cache valid. tests/test_check_incremental.py keeps this list whole.
CHECK_MODULES = (
    "__init__",
    "check",
    "check_cache",
    "file_check",
    "integrity",
    "layout",
    "model",
    "periods",
    "problems",
    "repository",
    "schema_messages",
    "schemas",
    "strict_yaml",
)


def code_fingerprint() -> str:
    digest = hashlib.sha256(f"{_FORMAT}:{sys.version}".encode())
    here = Path(__file__).resolve().parent
    for name in CHECK_MODULES:
        path = here / f"{name}.py"
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
        try:
            with open(self.file, "rb") as handle:
                # marshal.load(file) reads in small pieces through Python calls: 3-5x slower
                stored = marshal.loads(handle.read())
        except (OSError, EOFError, ValueError, TypeError):
            return
        if not isinstance(stored, dict) or stored.get("key") != self.key:
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
        try:
            self.file.parent.mkdir(exist_ok=True)
            tmp = self.file.with_suffix(".tmp")
            with open(tmp, "wb") as handle:
                handle.write(marshal.dumps({"key": self.key, "files": files, "evidence": self.evidence}))
            os.replace(tmp, self.file)
            ignore = self.file.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time


# Record fields no cross-file check reads: left out of the compact index (``title`` stays, empty,
# because the model requires it).
_RECORD_DROP = frozenset({"title", "summary", "topics", "attendance", "rectification", "incident"})


def record_facts(data: dict[str, Any]) -> dict[str, Any]:
    """What the cross-file checks need of a record: its data without the long texts."""
    facts = {k: v for k, v in data.items() if k not in _RECORD_DROP}
    facts["title"] = ""
    evidence = data.get("evidence")
    if evidence:  # every item kept: findings point at them by position
        facts["evidence"] = [
            {"title": "", **{k: e[k] for k in ("file", "sha256") if k in e}} for e in evidence
        ]
    lecture = data.get("lecture")
    if lecture:
        facts["lecture"] = {k: lecture[k] for k in ("form", "approval") if k in lecture}
    report = data.get("report")
    if report:
        facts["report"] = {k: report[k] for k in ("submitted_to", "submitted_on") if k in report}
    amends = data.get("amends")
    if amends:
        facts["amends"] = {"record": amends["record"], "reason": ""}
    return facts


def record_deps(facts: dict[str, Any]) -> tuple[Any, ...]:
    """What the dependency scan needs of a record: ``(id, organisation, type, record ids it
    points at, organisation ids it points at, evidence files)``."""
    ids: list[str] = list(facts.get("responds_to", ()))
    lecture = facts.get("lecture")
    if lecture and lecture.get("approval"):
        ids.append(lecture["approval"])
    amends = facts.get("amends")
    if amends:
        ids.append(amends["record"])
    orgs: list[str] = []
    report = facts.get("report")
    if report:
        orgs.append(report["submitted_to"])
    directive = facts.get("directive")
    if directive and isinstance(directive.get("applies_to"), list):
        orgs.extend(directive["applies_to"])
    evidence = tuple(e["file"] for e in facts.get("evidence", ()) if e.get("file"))
    return (
        facts["id"],
        sys.intern(facts["organization"]),
        sys.intern(facts["type"]),
        tuple(ids),
        tuple(sys.intern(o) for o in orgs),
        evidence,
    )


class FactIndex:
    """The compact per-file index of ``ysxt check``, kept in columns (one list per field, in
    the order of the paths): size and mtime, kind, the file's own findings, its declared id,
    its facts (marshalled on their own, read only when needed: whole data for organisations,
    plans and rubrics, :func:`record_facts` for records) and, for records, :func:`record_deps`.
    Besides: each record's cross-file findings of the last run (with line numbers, only the
    records that have some) and the check date they were for.

    A file too new to trust ("racy") or not stat-able is kept with size -1, so that the next
    run sees it as changed yet still knows the id it had.
    """

    FILE = "check.marshal"
    COLUMNS = ("paths", "sizes", "mtimes", "kinds", "facts", "problems", "declared", "deps")

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
        try:
            with open(self.file, "rb") as handle:
                stored = marshal.loads(handle.read())
        except (OSError, EOFError, ValueError, TypeError):
            return
        if not isinstance(stored, dict) or stored.get("key") != self.key:
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

    def trusted(self, size: int, mtime_ns: int) -> bool:
        return size >= 0 and mtime_ns < self.started_ns - RACY_NS

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
        try:
            self.file.parent.mkdir(exist_ok=True)
            tmp = self.file.with_suffix(".tmp")
            with open(tmp, "wb") as handle:
                handle.write(marshal.dumps(stored))
            os.replace(tmp, self.file)
            ignore = self.file.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time


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
        try:
            with open(self.root / CACHE_DIR / self.FILE, "rb") as handle:
                stored = marshal.loads(handle.read())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if (
            not isinstance(stored, dict)
            or stored.get("key") != self.key
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
        target = self.root / CACHE_DIR / self.FILE
        try:
            target.parent.mkdir(exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(marshal.dumps(stored))
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written only costs time
