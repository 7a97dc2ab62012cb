"""Load a records repository: discover → check each file → build the model.

The one entry point the check, the status engine and the portal share. It never stops at a
bad file: every file is read, and the ones with problems are left out of the model (their
ids are kept, so that references to them do not cause a second, misleading finding).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..records import layout
from ..records.files import fingerprint
from ..records.model import Dataset, Organization, Plan, Record, Rubric
from ..records.problems import Problem
from ..records.schemas import SchemaSet
from .cache import CacheCorrupt, CheckCache, code_fingerprint, discarded
from .file_check import FileOutcome, check_bytes, read_source, unreadable


@dataclass
class Loaded:
    dataset: Dataset
    problems: list[Problem]
    broken_ids: dict[str, set[str]] = field(default_factory=dict)
    evidence_hashes: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    files: int = 0
    from_cache: int = 0
    paths: set[str] = field(default_factory=set)
    cache: Optional[CheckCache] = None

    def save_cache(self, evidence: Optional[dict[str, tuple[Any, ...]]] = None) -> None:
        if self.cache is None:
            return
        if evidence is not None:
            self.cache.set_evidence(evidence)
        self.cache.save(self.paths)


def build_model(outcome: FileOutcome) -> tuple[Optional[object], Optional[Problem]]:
    data = outcome.data
    assert data is not None
    try:
        if outcome.kind == "record":
            return Record.from_data(data, outcome.path), None
        if outcome.kind == "organization":
            return Organization.from_data(data, outcome.path), None
        if outcome.kind == "rubric":
            return Rubric.from_data(data, outcome.path), None
        return Plan.from_data(data, outcome.path), None
    except (KeyError, ValueError, TypeError) as exc:  # schema-valid yet unusable: a bug to report
        return None, Problem(outcome.path, "model.build", f"无法读取内容（{exc!r}）", "请把这个文件报告给维护人员。")


@dataclass(frozen=True)
class _Outcome:
    problems: tuple[Problem, ...]
    data: Optional[dict[str, Any]]
    declared_id: Optional[str]
    from_cache: bool


def _load_one(
    root: Path, source: layout.SourceFile, schemas: SchemaSet, cache: Optional[CheckCache]
) -> tuple[_Outcome, Optional[object], Optional[Problem]]:
    """One file's outcome, from the cache when its stat or its content is the one cached; a
    cached entry that turns out damaged (bad shape, or data no model can be built from) drops
    the whole cache and the file is checked again."""
    if cache is not None:
        try:
            cached = cache.get(source)
            if cached is not None:
                built, problem = build_model(cached) if cached.data is not None else (None, None)
                if problem is None:
                    return _Outcome(cached.problems, cached.data, cached.declared_id, True), built, None
                raise CacheCorrupt(source.path)
        except CacheCorrupt:
            cache.discard()
    outcome: Optional[FileOutcome] = None
    digest: Optional[bytes] = None
    try:
        raw, size = read_source(root, source.path)
    except OSError as exc:
        outcome = unreadable(source.path, source.kind, exc)
    else:
        digest = fingerprint(raw)
        if cache is not None:
            try:
                outcome = cache.get_same_content(source, digest)
                if outcome is not None and outcome.data is not None and build_model(outcome)[1] is not None:
                    raise CacheCorrupt(source.path)
            except CacheCorrupt:
                cache.discard()
                outcome = None
        if outcome is None:
            outcome = check_bytes(source.path, source.kind, schemas, raw, size)
    if cache is not None:
        cache.put(outcome, source, digest)
    built, problem = build_model(outcome) if outcome.data is not None else (None, None)
    return _Outcome(outcome.problems, outcome.data, outcome.declared_id, False), built, problem


def load_repository(
    root: Path,
    schemas: Optional[SchemaSet] = None,
    use_cache: bool = True,
    discovered: Optional[tuple[list[layout.SourceFile], list[Problem]]] = None,
) -> Loaded:
    """Read every file under ``records/``: the model and the findings.

    The per-file cache is read but not written here; call :meth:`Loaded.save_cache`.
    """
    schemas = schemas or SchemaSet.load()
    files, problems = discovered if discovered is not None else layout.discover(root)
    problems = list(problems)
    cache = CheckCache(root, f"{schemas.fingerprint}:{code_fingerprint()}") if use_cache else None
    plans: list[Plan] = []
    orgs: list[Organization] = []
    records: list[Record] = []
    rubrics: list[Rubric] = []
    broken: dict[str, set[str]] = {"plan": set(), "organization": set(), "record": set(), "rubric": set()}
    from_cache = 0
    for source in files:
        outcome, built, problem = _load_one(root, source, schemas, cache)
        if outcome.from_cache:
            from_cache += 1
        problems.extend(outcome.problems)
        if outcome.data is None:
            if outcome.declared_id:
                broken[source.kind].add(outcome.declared_id)
            continue
        if problem is not None:
            problems.append(problem)
            if outcome.declared_id:
                broken[source.kind].add(outcome.declared_id)
        elif isinstance(built, Record):
            records.append(built)
        elif isinstance(built, Organization):
            orgs.append(built)
        elif isinstance(built, Plan):
            plans.append(built)
        elif isinstance(built, Rubric):
            rubrics.append(built)
    if cache is not None and cache.corrupt:
        problems.append(discarded(CheckCache.FILE))
    return Loaded(
        dataset=Dataset(plans=tuple(plans), organizations=tuple(orgs), records=tuple(records), rubrics=tuple(rubrics)),
        problems=problems,
        broken_ids=broken,
        evidence_hashes=dict(cache.evidence) if cache is not None else {},
        files=len(files),
        from_cache=from_cache,
        paths={f.path for f in files},
        cache=cache,
    )
