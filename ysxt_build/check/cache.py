"""Caches that make a check after one edit (or none) fast.

:class:`FactIndex` is the check's compact per-file index with each record's cross-file
findings; :class:`ResultCache` the whole answer of the last check; :class:`CheckCache` the
full per-file outcomes the status engine and the portal load. Entries are kept per file with
its size, modification time, inode and change time; a file whose stat changed is read again and
its content fingerprint compared, so that a copy with the old times (``cp -p``, ``rsync -t``,
unzip) is never mistaken for the file it replaced. Everything is dropped when the schemas, the
code that decides the check (:data:`CHECK_MODULES`) or the Python version change.

They live in ``<repo>/.ysxt-cache/`` (ignored by Git) and are only accelerators: deleting them is
safe. Each file starts with a plain header (its key's id, the folder it was written into by
device and inode, this machine's key id) and a MAC of header and content under a random key of
the machine kept outside the repository (:mod:`ysxt_build.records.machine_key`): a cache that
came from elsewhere (committed, copied, unpacked, made to harm) is never decoded, let alone
believed; a link in its place is neither read nor written through; and a cache of ours that is
damaged is discarded, with a warning, by whoever finds it (:data:`DISCARDED`).
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import stat
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

from ..records.files import keep_out_of_git, write_atomic
from ..records.layout import SourceFile
from ..records.machine_key import machine_key
from ..records.model import Amends, Approval, Directive, Evidence, Lecture, Record, Report
from ..records.problems import Problem
from .file_check import FileOutcome

CACHE_DIR = ".ysxt-cache"
_FORMAT = 3
# A file modified this close to the run may change again within the same timestamp tick
# (FAT and network shares keep 2-second times): such "racy" files are not cached, as Git does.
RACY_NS = 3_000_000_000


def is_racy(stat: os.stat_result, started_ns: int) -> bool:
    return stat.st_mtime_ns >= started_ns - RACY_NS


class CacheCorrupt(Exception):
    """A cache file with the right key whose content does not have the shape written."""


def _folder_identity(folder: Path) -> Optional[tuple[int, int]]:
    """(device, inode) of the cache folder when it is a real folder (not a link), else None."""
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


MAGIC = b"ysxt-cache\n"


def _seal_header(key: str, folder: tuple[int, int]) -> bytes:
    """The plain first line of a cache file: whose key, which folder, which machine (the key's
    public id, never the key)."""
    machine = hashlib.blake2b(b"ysxt machine id", key=bytes.fromhex(machine_key()), digest_size=8).hexdigest()
    key_id = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return f"{_FORMAT} {key_id} {folder[0]}:{folder[1]} {machine}".encode("ascii")


def _mac(header: bytes, payload: bytes) -> bytes:
    mac = hashlib.blake2b(key=bytes.fromhex(machine_key()), digest_size=32)
    mac.update(header)
    mac.update(b"\n")
    mac.update(payload)
    return mac.hexdigest().encode("ascii")


def seal(stored: dict[str, Any], folder: tuple[int, int]) -> bytes:
    """A cache file's bytes: the plain header, the MAC of header and payload under this machine's
    key (:mod:`ysxt_build.records.machine_key`), then the marshalled payload."""
    header = _seal_header(str(stored.get("key", "")), folder)
    payload = marshal.dumps(stored)
    return MAGIC + header + b"\n" + _mac(header, payload) + b"\n" + payload


def split(blob: bytes) -> Optional[tuple[bytes, bytes, bytes]]:
    """(header, MAC, payload) of a cache file's bytes, or None when it is not one."""
    if not blob.startswith(MAGIC):
        return None
    parts = blob[len(MAGIC):].split(b"\n", 2)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def read_store(path: Path, key: str) -> Optional[dict[str, Any]]:
    """A cache file's content when this machine wrote it under ``key`` into this very folder; None
    when absent, stale, from elsewhere (another folder, another machine, committed to the
    repository), or not a plain file (a link is not followed, a pipe not waited on). Raises
    :class:`CacheCorrupt` when it is ours by its header but its content is damaged.

    Nothing is decoded before the seal is verified: ``marshal`` is not safe against data made to
    harm, so only bytes this machine wrote (proven by the MAC under its key, kept outside the
    repository) are ever unmarshalled."""
    folder = _folder_identity(path.parent)
    if folder is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            # marshal.load(file) reads in small pieces through Python calls: 3-5x slower
            blob = handle.read()
    except OSError:
        return None
    parts = split(blob)
    if parts is None:
        return None  # not a cache file of this version
    header, mac, payload = parts
    if header != _seal_header(key, folder):
        return None  # another key, another folder or another machine: stale or from elsewhere
    if not hmac.compare_digest(mac, _mac(header, payload)):
        raise CacheCorrupt(path.name)  # ours by its header, damaged since
    try:
        stored = marshal.loads(payload)
    except (EOFError, ValueError, TypeError) as exc:
        raise CacheCorrupt(path.name) from exc
    if not isinstance(stored, dict) or stored.get("key") != key:
        raise CacheCorrupt(path.name)
    return stored


def write_store(path: Path, stored: dict[str, Any]) -> None:
    """Replace a cache file atomically; the cache folder keeps itself out of Git.

    Writes nothing when the cache folder is a link or not a folder; a new file is created under
    a fresh name and renamed over the old one, so no link in the folder is ever written through.
    """
    try:
        folder = path.parent
        if not os.path.lexists(folder):
            folder.mkdir()
        identity = _folder_identity(folder)
        if identity is None:
            return
        write_atomic(path, seal(stored, identity))
        keep_out_of_git(folder)
    except OSError:
        pass  # a cache that cannot be written only costs time


DISCARDED = "cache.discarded"


def discarded(name: str) -> Problem:
    """The warning of a run that found its cache damaged and worked without it."""
    return Problem(
        path=f"{CACHE_DIR}/{name}",
        code=DISCARDED,
        message="缓存文件已损坏，已丢弃，这次全部重新检查",
        hint=f"缓存只用于加快检查，删除它不会丢失任何数据；如果反复出现，请删除 {CACHE_DIR} 文件夹。",
        severity="warning",
    )


# The modules whose code decides a check's findings (what ``ysxt_build.check.checker`` imports, and the
# schema messages it imports for an invalid file): an edit to the portal, the exports or the
# status engine leaves the cache valid. tests/check/test_check_incremental.py keeps this list whole.
CHECK_MODULES = (
    "__init__",
    "check.__init__",
    "check.assessment_checks",
    "check.bounds",
    "check.checker",
    "check.cache",
    "check.control_chars",
    "check.evidence_checks",
    "check.file_check",
    "check.findings",
    "check.integrity",
    "check.member_hints",
    "check.organization_checks",
    "check.plan_checks",
    "check.privacy",
    "check.evidence_text",
    "check.tree",
    "check.record_checks",
    "check.reference_checks",
    "check.repository",
    "check.schema_messages",
    "check.vocabulary_checks",
    "records.__init__",
    "records.characters",
    "records.derive",
    "records.files",
    "records.filing",
    "records.layout",
    "records.machine_key",
    "records.model",
    "records.periods",
    "records.problems",
    "records.refused",
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


def _valid_problem_tuple(t: Any) -> bool:
    return (
        type(t) is tuple
        and len(t) == 5
        and type(t[0]) is str
        and type(t[1]) is str
        and type(t[2]) is str
        and type(t[3]) is int
        and t[4] in ("error", "warning")
    )


def problem_from_tuple(path: str, t: tuple[Any, ...]) -> Problem:
    if not _valid_problem_tuple(t):
        raise CacheCorrupt(f"finding {t!r:.80}")
    return Problem(path=path, code=t[0], message=t[1], hint=t[2], line=t[3], severity=t[4])


Stat = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def stat_of(f: SourceFile) -> Stat:
    return (f.size, f.mtime_ns, f.inode, f.ctime_ns)


def _valid_stat(value: Any) -> bool:
    return type(value) is tuple and len(value) == 4 and all(type(v) is int for v in value)


class CheckCache:
    """The full per-file outcomes (data included), for the status engine and the portal.

    An entry is (stat, fingerprint, kind, data, findings, declared id): trusted as it is while
    the file's stat is the same, and after a change of stat while its content fingerprint is.
    """

    FILE = "files.marshal"

    def __init__(self, root: Path, key: str) -> None:
        self.file = root / CACHE_DIR / self.FILE
        self.key = key
        self.files: dict[str, tuple[Any, ...]] = {}
        self.evidence: dict[str, tuple[Any, ...]] = {}
        self.dirty = False
        self.corrupt = False  # the stored cache was damaged and has been dropped
        self.started_ns = time.time_ns()
        self._load()

    def _load(self) -> None:
        try:
            stored = read_store(self.file, self.key)
        except CacheCorrupt:
            stored, self.corrupt = None, True
        if stored is None:
            return
        files, evidence = stored.get("files"), stored.get("evidence")
        if not isinstance(files, dict) or not isinstance(evidence, dict):
            self.discard()
            return
        self.files = files
        self.evidence = evidence

    def discard(self) -> None:
        """Forget everything stored (found damaged); the next save writes a new cache."""
        self.files, self.evidence = {}, {}
        self.corrupt = self.dirty = True

    def _outcome(self, path: str, kind: str, entry: Any) -> FileOutcome:
        if type(entry) is not tuple or len(entry) != 6:
            raise CacheCorrupt(path)
        _, _, stored_kind, data, problems, declared = entry
        if stored_kind != kind or not (data is None or type(data) is dict) or type(problems) is not tuple:
            raise CacheCorrupt(path)
        if not (declared is None or type(declared) is str):
            raise CacheCorrupt(path)
        return FileOutcome(path, kind, data, tuple(problem_from_tuple(path, t) for t in problems), declared)

    def get(self, source: SourceFile) -> Optional[FileOutcome]:
        """The stored outcome when the file's stat is the one stored. Raises CacheCorrupt."""
        entry = self.files.get(source.path)
        if entry is None or source.size < 0:
            return None
        if type(entry) is not tuple or len(entry) != 6 or not _valid_stat(entry[0]):
            raise CacheCorrupt(source.path)
        if entry[0] != stat_of(source):
            return None
        return self._outcome(source.path, source.kind, entry)

    def get_same_content(self, source: SourceFile, fingerprint: bytes) -> Optional[FileOutcome]:
        """The stored outcome when the content is the one stored (the stat changed)."""
        entry = self.files.get(source.path)
        if entry is None or type(entry) is not tuple or len(entry) != 6 or entry[1] != fingerprint:
            return None
        return self._outcome(source.path, source.kind, entry)

    def put(self, outcome: FileOutcome, source: SourceFile, fingerprint: Optional[bytes]) -> None:
        if fingerprint is None or source.size < 0:
            return
        racy = source.mtime_ns >= self.started_ns - RACY_NS
        self.dirty = True
        self.files[outcome.path] = (
            (-1, -1, -1, -1) if racy else stat_of(source),  # too new to trust its stat: compare content
            fingerprint,
            outcome.kind,
            outcome.data,
            tuple(problem_to_tuple(p) for p in outcome.problems),
            outcome.declared_id,
        )

    def set_evidence(self, known: dict[str, tuple[Any, ...]]) -> None:
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
    the order of the paths): stat and content fingerprint, kind, the file's own findings, its
    declared id, a record's id when valid on its own (:attr:`FileOutcome.record_id`, or None) and
    its facts: for a record its :func:`record_row`, for organisations, plans and
    rubrics their whole data marshalled on its own.
    Besides: each record's cross-file findings of the last run (with line numbers, only the
    records that have some), the check date they were for, the evidence files' SHA-256 and the
    text evidence files' privacy findings.

    A file too new to trust ("racy") or not stat-able is kept with the stat (-1, -1, -1, -1), so
    that the next run compares its content and still knows the id it had. The content is
    checked by whoever uses it: a damaged index raises (TypeError, CacheCorrupt, …) and the
    check runs again without it.
    """

    FILE = "check.marshal"
    COLUMNS = ("paths", "stats", "digests", "kinds", "facts", "problems", "declared", "ids")

    def __init__(self, root: Path, key: str, load: bool = True) -> None:
        self.file = root / CACHE_DIR / self.FILE
        self.key = key
        self.columns: dict[str, list[Any]] = {name: [] for name in self.COLUMNS}
        self.findings: dict[str, tuple[tuple[Any, ...], ...]] = {}
        self.as_of: Optional[str] = None
        self.evidence: dict[str, tuple[Any, ...]] = {}
        self.evidence_text: dict[str, Any] = {}
        self.loaded = False  # something was read from disk
        self.corrupt = False
        self.started_ns = time.time_ns()
        if load:
            self._load()

    def _load(self) -> None:
        try:
            stored = read_store(self.file, self.key)
        except CacheCorrupt:
            self.corrupt = True
            return
        if stored is None:
            return
        columns = stored.get("columns")
        findings: Any = stored.get("findings")
        evidence: Any = stored.get("evidence")
        text: Any = stored.get("evidence_text")
        if (
            not isinstance(columns, dict)
            or any(type(columns.get(c)) is not list for c in self.COLUMNS)
            or len({len(columns[c]) for c in self.COLUMNS}) != 1
            or not all(isinstance(x, dict) for x in (findings, evidence, text))
            or not (stored.get("as_of") is None or isinstance(stored.get("as_of"), str))
        ):
            self.corrupt = True
            return
        self.columns = columns
        self.findings = findings
        self.as_of = stored.get("as_of")
        self.evidence = evidence
        self.evidence_text = text
        self.loaded = True

    def save(
        self,
        columns: dict[str, list[Any]],
        findings: dict[str, tuple[tuple[Any, ...], ...]],
        as_of: str,
        evidence: dict[str, tuple[Any, ...]],
        evidence_text: dict[str, Any],
    ) -> None:
        racy = self.started_ns - RACY_NS
        stored = {
            "key": self.key,
            "columns": columns,
            "findings": findings,
            "as_of": as_of,
            "evidence": {k: v for k, v in evidence.items() if v[1] < racy},
            "evidence_text": evidence_text,
        }
        write_store(self.file, stored)


class ResultCache:
    """The whole answer of the last check: when no file changed (the same paths and stats, the
    same evidence files) and the check date, the code and the schemas are the same, it is the
    answer again, without reading any record."""

    FILE = "result.marshal"

    def __init__(self, root: Path, key: str, files: list[SourceFile], found: list[Problem]) -> None:
        self.root = root
        self.key = key
        digest = hashlib.sha256()
        for f in files:
            digest.update(f"{f.path}\0{f.size}\0{f.mtime_ns}\0{f.inode}\0{f.ctime_ns}\n".encode("utf-8", "surrogateescape"))
        for p in found:
            digest.update(f"{p.path}\0{p.code}\n".encode("utf-8", "surrogateescape"))
        self.signature = digest.hexdigest()
        self.files = files
        self.started_ns = time.time_ns()  # for the racy-file rule only; no date comes from it

    def _evidence_stats(self, paths: Iterable[str]) -> dict[str, Optional[tuple[int, int, int, int]]]:
        stats: dict[str, Optional[tuple[int, int, int, int]]] = {}
        for rel in sorted(paths):
            try:
                st = os.stat(f"{self.root}/{rel}")
                stats[rel] = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
            except (OSError, ValueError):
                stats[rel] = None
        return stats

    def lookup(self) -> Optional[list[Problem]]:
        """The stored answer, or None. Raises CacheCorrupt when the stored answer is damaged."""
        stored = read_store(self.root / CACHE_DIR / self.FILE, self.key)
        if stored is None or stored.get("signature") != self.signature:
            return None
        evidence, problems = stored.get("evidence"), stored.get("problems")
        if not isinstance(evidence, dict) or type(problems) is not list:
            raise CacheCorrupt(self.FILE)
        if self._evidence_stats(evidence) != evidence:
            return None
        answer = []
        for p in problems:
            if type(p) is not tuple or len(p) != 6 or type(p[0]) is not str or not _valid_problem_tuple(p[1:]):
                raise CacheCorrupt(self.FILE)
            answer.append(Problem(p[0], p[1], p[2], p[3], p[4], None, p[5]))
        return answer

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
