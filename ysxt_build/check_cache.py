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
from typing import Any, Optional

from .file_check import FileOutcome
from .problems import Problem

CACHE_DIR = ".ysxt-cache"
_FORMAT = 1
# A file modified this close to the run may change again within the same timestamp tick
# (FAT and network shares keep 2-second times): such "racy" files are not cached, as Git does.
RACY_NS = 3_000_000_000


def is_racy(stat: os.stat_result, started_ns: int) -> bool:
    return stat.st_mtime_ns >= started_ns - RACY_NS


def code_fingerprint() -> str:
    digest = hashlib.sha256(f"{_FORMAT}:{sys.version}".encode())
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _problem_to_tuple(p: Problem) -> tuple[Any, ...]:
    return (p.code, p.message, p.hint, p.line, p.severity)


def _problem_from_tuple(path: str, t: tuple[Any, ...]) -> Problem:
    return Problem(path=path, code=t[0], message=t[1], hint=t[2], line=t[3], severity=t[4])


class CheckCache:
    def __init__(self, root: Path, key: str) -> None:
        self.file = root / CACHE_DIR / "check.marshal"
        self.key = key
        self.files: dict[str, tuple[Any, ...]] = {}
        self.evidence: dict[str, tuple[int, int, str]] = {}
        self.dirty = False
        self.started_ns = time.time_ns()
        self._load()

    def _load(self) -> None:
        try:
            with open(self.file, "rb") as handle:
                stored = marshal.load(handle)
        except (OSError, EOFError, ValueError, TypeError):
            return
        if not isinstance(stored, dict) or stored.get("key") != self.key:
            return
        self.files = stored.get("files", {})
        self.evidence = stored.get("evidence", {})

    def get(self, path: str, stat: os.stat_result) -> Optional[FileOutcome]:
        entry = self.files.get(path)
        if entry is None or entry[0] != stat.st_size or entry[1] != stat.st_mtime_ns:
            return None
        _, _, kind, data, problems, declared = entry
        return FileOutcome(path, kind, data, tuple(_problem_from_tuple(path, t) for t in problems), declared)

    def put(self, outcome: FileOutcome, stat: os.stat_result) -> None:
        if is_racy(stat, self.started_ns):
            return
        self.dirty = True
        self.files[outcome.path] = (
            stat.st_size,
            stat.st_mtime_ns,
            outcome.kind,
            outcome.data,
            tuple(_problem_to_tuple(p) for p in outcome.problems),
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
                marshal.dump({"key": self.key, "files": files, "evidence": self.evidence}, handle)
            os.replace(tmp, self.file)
            ignore = self.file.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time
