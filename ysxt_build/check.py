"""``ysxt check``: the whole repository, every file, every cross-file rule.

Reads top to bottom: load the repository (per-file checks, cached), check integrity across
files, put a line number on every finding. Returns a :class:`CheckResult`; prints nothing.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Optional

from . import layout
from .check_cache import ResultCache, code_fingerprint
from .file_check import LineLocator
from .integrity import EvidenceHasher, check_integrity
from .problems import CheckResult, Problem
from .repository import load_repository
from .schemas import SchemaSet


def _locate(root: Path, problems: list[Problem]) -> list[Problem]:
    pending: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(problems):
        if p.line == 0 and p.pointer is not None:
            pending[p.path].append(i)
    located = list(problems)
    for path, indexes in pending.items():
        try:
            text = (root / path).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        locator = LineLocator(text)
        for i in indexes:
            located[i] = problems[i].at_line(locator.line(problems[i].pointer or ()))
    return located


def check_repository(
    root: Path,
    as_of: date,
    schemas: Optional[SchemaSet] = None,
    use_cache: bool = True,
) -> CheckResult:
    schemas = schemas or SchemaSet.load()
    files, found = layout.discover(root)
    last = ResultCache(root, f"{schemas.fingerprint}:{code_fingerprint()}:{as_of.isoformat()}", files, found)
    if use_cache:
        unchanged = last.lookup()
        if unchanged is not None:  # nothing changed since the last run: its answer stands
            return CheckResult(problems=unchanged, files_checked=len(files), from_cache=len(files))
    # Loading builds millions of small containers and none of them form cycles: the cyclic
    # collector would only rescan them again and again (about a tenth of the run).
    collecting = gc.isenabled()
    gc.disable()
    try:
        loaded = load_repository(root, schemas, use_cache=use_cache, discovered=(files, found))
        hasher = EvidenceHasher(root, dict(loaded.evidence_hashes))
        problems = loaded.problems + check_integrity(loaded.dataset, as_of, hasher, loaded.broken_ids)
        loaded.save_cache(hasher.known)
        evidence = {ev.file for rec in loaded.dataset.records for ev in rec.evidence if ev.file}
    finally:
        if collecting:
            gc.enable()
    result = CheckResult(
        problems=_locate(root, problems),
        files_checked=loaded.files,
        from_cache=loaded.from_cache,
    )
    if use_cache:
        last.store(result.problems, evidence)
    return result
