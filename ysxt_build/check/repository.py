"""Load a records repository: discover → check each file → build the model.

The one entry point the check, the status engine and the portal share. It never stops at a
bad file: every file is read, and the ones with problems are left out of the model (their
ids are kept, so that references to them do not cause a second, misleading finding).

The vocabularies are read first (:func:`read_vocabularies`): every other file is checked
against the schemas derived from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from ..records import layout
from ..records.files import fingerprint
from ..records.filing import FilingRules
from ..records.model import Dataset, Organization, Plan, Record, Rubric, bind
from ..records.problems import Problem
from ..records.schemas import SchemaSet
from ..records.vocabulary import Vocabulary
from .cache import CacheCorrupt, CheckCache, code_fingerprint, discarded
from .file_check import FileOutcome, check_bytes, check_file, read_source, unreadable


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
    schemas: Optional[SchemaSet] = None  # derived from the repository's vocabularies

    def save_cache(self, evidence: Optional[dict[str, tuple[Any, ...]]] = None) -> None:
        if self.cache is None:
            return
        if evidence is not None:
            self.cache.set_evidence(evidence)
        self.cache.save(self.paths)


def read_vocabularies(
    root: Path, files: Sequence[layout.SourceFile], schemas: SchemaSet
) -> tuple[SchemaSet, tuple[Vocabulary, ...]]:
    """The repository's vocabularies (those valid on their own) and the schema set derived
    from them (their well-formed cycles only). While a vocabulary file has errors, or there is
    none, the base schemas stand: every code is accepted, so that one broken file does not make
    every record wrong."""
    found: list[Vocabulary] = []
    broken = False
    for source in files:
        if source.kind != "vocabulary":
            continue
        outcome = check_file(root, source.path, source.kind, schemas)
        built, problem = build_model(outcome) if outcome.data is not None else (None, None)
        if not isinstance(built, Vocabulary):
            broken = True
            continue
        found.append(built)
    vocabularies = tuple(found)
    if broken or not vocabularies:
        return schemas, vocabularies
    return schemas.with_vocabularies(vocabularies), vocabularies


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
        if outcome.kind == "vocabulary":
            return Vocabulary.from_data(data, outcome.path), None
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
    files, problems = discovered if discovered is not None else layout.discover(root)
    problems = list(problems)
    schemas, vocabularies = read_vocabularies(root, files, schemas or SchemaSet.load())
    cache = CheckCache(root, f"{schemas.fingerprint}:{code_fingerprint()}") if use_cache else None
    plans: list[Plan] = []
    orgs: list[Organization] = []
    records: list[Record] = []
    rubrics: list[Rubric] = []
    broken: dict[str, set[str]] = {kind: set() for kind in ("plan", "organization", "record", "rubric", "vocabulary")}
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
    # a record its organisation may not file (an assessment by a branch, a directive for the
    # whole town by a branch) counts for nothing, like an invalid file
    rules = FilingRules(vocabularies, orgs)
    allowed: list[Record] = []
    for rec in records:
        refusal = rules.refusal_of(rec, strict=True)
        if refusal is None:
            allowed.append(rec)
        else:
            problems.append(Problem(rec.source, refusal.code, refusal.message, refusal.hint, pointer=refusal.pointer))
            broken["record"].add(rec.id)
    records = allowed
    if cache is not None and cache.corrupt:
        problems.append(discarded(CheckCache.FILE))
    return Loaded(
        dataset=Dataset(plans=tuple(plans), organizations=tuple(orgs), records=tuple(records), rubrics=tuple(rubrics),
                        vocabularies=vocabularies),
        problems=problems,
        broken_ids=broken,
        evidence_hashes=dict(cache.evidence) if cache is not None else {},
        files=len(files),
        from_cache=from_cache,
        paths={f.path for f in files},
        cache=cache,
        schemas=schemas,
    )


def read_plan(root: Path, file: Path, schemas: Optional[SchemaSet] = None) -> tuple[Optional[Plan], list[Problem], SchemaSet]:
    """One plan file (in the repository at ``root`` or anywhere, such as a draft revision),
    checked against the schemas of the repository's vocabularies and bound to its vocabulary;
    None and the problems when it is not a valid plan. Also the schema set (for labels)."""
    files, _ = layout.discover(root) if (root / layout.RECORDS).is_dir() else ([], [])
    derived, vocabularies = read_vocabularies(root, [f for f in files if f.kind == "vocabulary"], schemas or SchemaSet.load())
    outcome = check_file(file.parent, file.name, "plan", derived)
    errors = [p for p in outcome.problems if p.severity == "error"]
    if outcome.data is None or errors:
        return None, list(outcome.problems), derived
    built, problem = build_model(outcome)
    if not isinstance(built, Plan):
        return None, [problem] if problem else [], derived
    by_id = {v.id: v for v in vocabularies}
    return bind(built, by_id.get(built.vocabulary)), [], derived
