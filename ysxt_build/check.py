"""``ysxt check``: the whole repository, every file, every cross-file rule.

Reads top to bottom: load the repository (per-file checks, cached), check integrity across
files, put a line number on every finding. Returns a :class:`CheckResult`; prints nothing.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional

from . import layout
from .check_cache import FactIndex, ResultCache, code_fingerprint, problem_from_tuple, problem_to_tuple, record_facts
from .file_check import LineLocator, check_file
from .integrity import EvidenceHasher, IntegrityChecker, duplicate_ids
from .model import Dataset, Organization, Plan, Record, Rubric
from .problems import CheckResult, Problem
from .repository import _build
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


class _Records(Mapping[str, Record]):
    """The first record of each id, built from the index only when a check asks for it."""

    def __init__(self, first: dict[str, str], build: Callable[[str], Record]) -> None:
        self._first = first
        self._build = build

    def __getitem__(self, record_id: str) -> Record:
        return self._build(self._first[record_id])

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._first

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)


def _depends_on(facts: dict[str, Any], ids: set[str], orgs: set[str]) -> bool:
    """Whether a record's cross-file findings may change when ``ids``/``orgs`` changed."""
    if facts["organization"] in orgs:
        return True
    if ids:
        for target in facts.get("responds_to", ()):
            if target in ids:
                return True
        lecture = facts.get("lecture")
        if lecture and lecture.get("approval") in ids:
            return True
        amends = facts.get("amends")
        if amends and amends["record"] in ids:
            return True
    if orgs:
        report = facts.get("report")
        if report and report["submitted_to"] in orgs:
            return True
        directive = facts.get("directive")
        if directive and isinstance(directive.get("applies_to"), list):
            for org_id in directive["applies_to"]:
                if org_id in orgs:
                    return True
    return False


def _check(
    root: Path, as_of: date, schemas: SchemaSet, files: list[layout.SourceFile], found: list[Problem], use_cache: bool
) -> tuple[list[Problem], int, set[str]]:
    """Every finding (in the order of a full check), how many files came from the index, the
    evidence files named. Only the records a change can affect are checked across files again."""
    index = FactIndex(root, f"{schemas.fingerprint}:{code_fingerprint()}", load=use_cache)
    old = index.files
    entries: dict[str, tuple[Any, ...]] = {}
    problems = list(found)
    changed_ids: set[str] = set()  # record ids whose file changed, appeared or went away
    changed_orgs: set[str] = set()  # likewise organisation ids
    fresh: dict[str, Record] = {}  # records built from a file read in this run
    reused: set[str] = set()
    plans: list[Plan] = []
    orgs: list[Organization] = []
    rubrics: list[Rubric] = []
    record_facts_: list[tuple[str, dict[str, Any]]] = []
    broken: dict[str, set[str]] = {"plan": set(), "organization": set(), "record": set(), "rubric": set()}
    for source in files:
        path, kind = source.path, source.kind
        entry = old.get(path)
        if entry is not None and source.size >= 0 and entry[0] == source.size and entry[1] == source.mtime_ns:
            reused.add(path)
            file_problems = [problem_from_tuple(path, t) for t in entry[4]]
        else:
            outcome = check_file(root, path, kind, schemas)
            file_problems = list(outcome.problems)
            facts: Optional[dict[str, Any]] = None
            if outcome.data is not None:
                built, problem = _build(outcome)
                if problem is not None:
                    file_problems.append(problem)
                elif isinstance(built, Record):
                    fresh[path] = built
                    facts = record_facts(outcome.data)
                else:
                    facts = outcome.data
            trusted = index.trusted(source.size, source.mtime_ns)
            new_entry = (
                source.size if trusted else -1,
                source.mtime_ns if trusted else -1,
                kind,
                facts,
                tuple(problem_to_tuple(p) for p in file_problems),
                outcome.declared_id,
            )
            changed = changed_orgs if kind == "organization" else changed_ids if kind == "record" else None
            if changed is not None:
                for e in (entry, new_entry):
                    if e is not None and e[5]:
                        changed.add(e[5])
            entry = new_entry
        entries[path] = entry
        problems.extend(file_problems)
        facts = entry[3]
        if facts is None:
            if entry[5]:
                broken[kind].add(entry[5])
        elif kind == "record":
            record_facts_.append((path, facts))
        elif kind == "organization":
            orgs.append(Organization.from_data(facts, path))
        elif kind == "plan":
            plans.append(Plan.from_data(facts, path))
        else:
            rubrics.append(Rubric.from_data(facts, path))
    for path, entry in old.items():
        if path not in entries and entry[5]:
            {"organization": changed_orgs, "record": changed_ids}.get(entry[2], set()).add(entry[5])

    dataset = Dataset(plans=tuple(plans), organizations=tuple(orgs), records=(), rubrics=tuple(rubrics))
    hasher = EvidenceHasher(root, dict(index.evidence))
    checker = IntegrityChecker(dataset, as_of, hasher, broken)
    problems.extend(checker.run_setup())

    facts_by_path = dict(record_facts_)
    made: dict[str, Record] = {}

    def build(path: str) -> Record:
        rec = made.get(path)
        if rec is None:
            rec = fresh.get(path) or Record.from_data(facts_by_path[path], path)
            made[path] = rec
        return rec

    first: dict[str, str] = {}
    evidence: set[str] = set()
    for path, facts in record_facts_:
        first.setdefault(facts["id"], path)
    checker.records = _Records(first, build)
    problems.extend(duplicate_ids((path, facts["id"]) for path, facts in record_facts_))

    everything = index.as_of != as_of.isoformat()
    orgs_changed = bool(changed_orgs)
    findings: dict[str, tuple[tuple[Any, ...], ...]] = {}
    assessed: list[Record] = []
    for path, facts in record_facts_:
        files_named = [e["file"] for e in facts.get("evidence", ()) if e.get("file")]
        evidence.update(files_named)
        previous = index.findings.get(path, ())
        if (
            everything
            or path not in reused
            or files_named  # evidence files are looked at on every run
            or facts["id"] in changed_ids
            or _depends_on(facts, changed_ids, changed_orgs)
            or (orgs_changed and any(t[0] == "ref.member" for t in previous))  # names come from every organisation
        ):
            located = _locate(root, checker.record_findings(build(path)))
            record_problems = tuple(problem_to_tuple(p) for p in located)
        else:
            record_problems = previous
        if record_problems:
            findings[path] = record_problems
            problems.extend(problem_from_tuple(path, t) for t in record_problems)
        if facts["type"] in _ASSESSED:
            assessed.append(build(path))
    problems.extend(checker.assessments(assessed))
    if use_cache:
        index.save(entries, findings, as_of.isoformat(), hasher.known)
    return problems, len(reused), evidence


_ASSESSED = frozenset({"assessment", "accountability", "inspection"})


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
        problems, from_cache, evidence = _check(root, as_of, schemas, files, found, use_cache)
    finally:
        if collecting:
            gc.enable()
    result = CheckResult(problems=_locate(root, problems), files_checked=len(files), from_cache=from_cache)
    if use_cache:
        last.store(result.problems, evidence)
    return result
