"""``ysxt check``: the whole repository, every file, every cross-file rule.

Reads top to bottom: read the vocabularies and derive the schemas from them, check each changed
file on its own (the others come from the fact index,
:class:`~ysxt_build.check.cache.FactIndex`), check vocabularies, organisations, plans and rubrics across files,
then the records a change can affect (the others keep their findings of the last run), put a
line number on every finding. Returns a :class:`CheckResult`; prints nothing.
"""

from __future__ import annotations

import gc
import marshal
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional

from ..records import layout
from ..records.files import fingerprint
from ..records.filing import FilingRules, reaches
from ..records.model import Dataset, Organization, Plan, Record, Rubric
from ..records.problems import CheckResult, Problem
from ..records.schemas import SchemaSet
from ..records.vocabulary import Vocabulary
from . import evidence_text, tree
from .bounds import bounded
from .cache import (
    RACY_NS,
    CacheCorrupt,
    FactIndex,
    ResultCache,
    code_fingerprint,
    discarded,
    problem_from_tuple,
    problem_to_tuple,
    record_from_row,
    record_row,
)
from .file_check import LineLocator, check_bytes, read_source, unreadable
from .integrity import EvidenceHasher, IntegrityChecker, duplicate_ids, repeated_ids
from .member_hints import suggest_member_ids
from .record_checks import id_name_mismatch
from .repository import build_model, read_vocabularies


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


def _points_at(row: tuple[Any, ...], ids: set[str]) -> bool:
    """Whether a record (its ``record_row``) names one of the record ``ids``."""
    if row[8] and not ids.isdisjoint(row[8]):
        return True
    lecture, approval = row[11], row[12]
    return (
        (lecture is not None and lecture[1] in ids)
        or (row[13] is not None and row[13] in ids)
        or (approval is not None and approval[1] in ids)
    )


def _names_org(row: tuple[Any, ...], orgs: set[str]) -> bool:
    """Whether a record names one of ``orgs`` as the one it reports to or a directive's scope."""
    report, directive = row[9], row[10]
    return (report is not None and report[0] in orgs) or (directive is not None and not orgs.isdisjoint(directive[0]))


def _filing_findings(rules: FilingRules, rows: list[tuple[str, tuple[Any, ...]]]) -> Iterator[Problem]:
    """A record (its ``record_row``) filed by an organisation that may not file it
    (:mod:`ysxt_build.records.filing`)."""
    known: dict[Any, Any] = {}  # the answer for a type, organisation and reach: most records share one
    for path, row in rows:
        directive = row[10]
        try:
            key: Any = (row[2], row[1], directive[:2] if directive is not None else None, row[14])
            refusal = known[key]
        except TypeError:  # a value that cannot be a key (not expected): worked out on its own
            key, refusal = None, _refusal(rules, row)
        except KeyError:
            refusal = known[key] = _refusal(rules, row)
        if refusal is not None:
            yield Problem(path, refusal.code, refusal.message, refusal.hint, pointer=refusal.pointer)


def _refusal(rules: FilingRules, row: tuple[Any, ...]) -> Any:
    directive = row[10]
    reach = reaches(directive[0], directive[1], row[14]) if directive is not None else reaches((), False, row[14])
    return rules.refusal(row[2], row[1], reach)


_RULES = ("plan", "vocabulary")  # kinds of file whose change bears on every record's findings


def _check(
    root: Path,
    as_of: date,
    base: SchemaSet,
    vocabularies: tuple[Vocabulary, ...],
    schemas: SchemaSet,
    discovered: layout.Discovered,
    found: list[Problem],
    index: FactIndex,
    save: bool,
) -> tuple[list[Problem], int, set[str]]:
    """Every finding (in the order of a full check), how many files came from the index, the
    evidence files named. Only the records a change can affect are checked across files again.

    ``schemas`` are ``base`` derived from the repository's ``vocabularies`` (:func:`read_vocabularies`).
    A file whose stat changed is read; when its content is the one indexed, its entry stands.
    """
    files = discovered.files
    old = index.columns
    n = len(files)
    paths = [f.path for f in files]
    kinds = [f.kind for f in files]
    stats = [(f.size, f.mtime_ns, f.inode, f.ctime_ns) for f in files]
    changed_ids: set[str] = set()  # record ids whose file changed, appeared or went away
    changed_orgs: set[str] = set()  # likewise organisation ids
    plans_changed = False  # a plan or vocabulary went away (one that changed is among the stale)
    if paths == old["paths"]:  # the same files as last time: only compare their stats
        before: list[Optional[int]] = list(range(n))
        facts_col, problems_col, declared_col = list(old["facts"]), list(old["problems"]), list(old["declared"])
        ids_col: list[Optional[str]] = list(old["ids"])
        digests = list(old["digests"])
        old_stats = old["stats"]
        stale = [i for i in range(n) if stats[i][0] < 0 or stats[i] != old_stats[i]]
    else:
        position = {p: i for i, p in enumerate(old["paths"])}
        before = [position.get(p) for p in paths]
        facts_col, problems_col, declared_col = [None] * n, [()] * n, [None] * n
        ids_col = [None] * n
        digests = [None] * n
        stale = []
        for i, j in enumerate(before):
            if j is not None:
                digests[i] = old["digests"][j]
            if j is None or stats[i][0] < 0 or stats[i] != old["stats"][j]:
                stale.append(i)
            else:
                facts_col[i], problems_col[i], declared_col[i] = old["facts"][j], old["problems"][j], old["declared"][j]
                ids_col[i] = old["ids"][j]
        now = set(paths)
        for j, p in enumerate(old["paths"]):
            if p not in now and old["kinds"][j] in _RULES:
                plans_changed = True
            if p not in now and old["declared"][j]:
                {"organization": changed_orgs, "record": changed_ids}.get(old["kinds"][j], set()).add(old["declared"][j])
    fresh: dict[str, Record] = {}  # records built from a file read in this run
    stored_stats = list(stats)
    racy = index.started_ns - RACY_NS  # files this new may change unseen: kept as "changed"
    # the plans' rules (which bodies may approve, what responds to what) bear on every record
    plans_changed = plans_changed or any(kinds[i] in _RULES for i in stale)
    everything = index.as_of != as_of.isoformat() or not old["paths"] or plans_changed
    tracking = not everything  # what changed only matters when not every record is checked
    read = 0
    for i in stale:
        path, kind = paths[i], kinds[i]
        j = before[i]
        if stats[i][0] < 0 or stats[i][1] >= racy:
            stored_stats[i] = (-1, -1, -1, -1)
        try:
            raw, size = read_source(root, path)
        except OSError as exc:
            outcome = unreadable(path, kind, exc)
            digest = None
        else:
            digest = fingerprint(raw)
            if j is not None and digest == old["digests"][j]:  # touched or copied over, not changed
                facts_col[i], problems_col[i], declared_col[i] = old["facts"][j], old["problems"][j], old["declared"][j]
                ids_col[i] = old["ids"][j]
                digests[i] = digest
                continue
            outcome = check_bytes(path, kind, schemas, raw, size)
        read += 1
        digests[i] = digest
        file_problems = list(outcome.problems)
        facts: Any = None
        if outcome.data is not None:
            built, problem = build_model(outcome)
            if problem is not None:
                file_problems.append(problem)
            elif isinstance(built, Record):
                fresh[path] = built
                facts = record_row(built)
            else:
                facts = marshal.dumps(outcome.data)
        if tracking:
            changed = changed_orgs if kind == "organization" else changed_ids if kind == "record" else None
            if changed is not None:
                if j is not None and old["declared"][j]:
                    changed.add(old["declared"][j])
                if outcome.declared_id:
                    changed.add(outcome.declared_id)
        facts_col[i] = facts
        problems_col[i] = tuple(map(problem_to_tuple, file_problems)) if file_problems else ()
        declared_col[i] = outcome.declared_id
        ids_col[i] = outcome.record_id

    problems = list(found)
    for i in [i for i in range(n) if problems_col[i]]:
        path = paths[i]
        problems.extend(problem_from_tuple(path, t) for t in problems_col[i])
    plans: list[Plan] = []
    orgs: list[Organization] = []
    rubrics: list[Rubric] = []
    broken: dict[str, set[str]] = {kind: set() for kind in ("plan", "organization", "record", "rubric", "vocabulary")}
    records: list[int] = []
    for i in range(n):
        blob = facts_col[i]
        if blob is None:
            if declared_col[i]:
                broken[kinds[i]].add(declared_col[i])
        elif kinds[i] == "record":
            records.append(i)
        elif kinds[i] == "organization":
            orgs.append(Organization.from_data(marshal.loads(blob), paths[i]))
        elif kinds[i] == "plan":
            plans.append(Plan.from_data(marshal.loads(blob), paths[i]))
        elif kinds[i] == "rubric":
            rubrics.append(Rubric.from_data(marshal.loads(blob), paths[i]))
        # vocabularies: read before everything else (read_vocabularies)

    text_findings, text_known = evidence_text.scan(str(root), discovered.evidence, index.evidence_text, racy)
    problems.extend(text_findings)

    dataset = Dataset(plans=tuple(plans), organizations=tuple(orgs), records=(), rubrics=tuple(rubrics),
                      vocabularies=vocabularies)
    hasher = EvidenceHasher(root, dict(index.evidence))
    checker = IntegrityChecker(dataset, as_of, hasher, broken, base.documents["record"])
    problems.extend(checker.run_setup())
    problems = suggest_member_ids(problems, checker.names)  # a member written by name: which id

    made: dict[str, Record] = {}
    row = {paths[i]: i for i in records}

    def build(path: str) -> Record:
        rec = made.get(path)
        if rec is None:
            rec = fresh.get(path) or record_from_row(facts_col[row[path]], path)
            made[path] = rec
        return rec

    def recheck_one(path: str) -> tuple[tuple[Any, ...], ...]:
        found = checker.record_findings(build(path))
        return tuple(map(problem_to_tuple, _locate(root, found))) if found else ()

    first: dict[str, str] = {}
    for i in records:
        first.setdefault(facts_col[i][0], paths[i])
    checker.records = _Records(first, build)
    # the checks that need only a record's id also take the files left out for errors of other
    # fields whose id is valid: a copy with a wrong date is told at once that its id is taken
    loose = {i: rid for i, rid in enumerate(ids_col) if rid and facts_col[i] is None and kinds[i] == "record"}
    ids = [(paths[i], loose[i] if i in loose else facts_col[i][0]) for i in sorted([*records, *loose])]
    checker.duplicated = repeated_ids(rid for _, rid in ids)
    problems.extend(duplicate_ids(ids))
    for i, rid in loose.items():
        folder = paths[i].rsplit("/", 1)[0]
        mismatch = id_name_mismatch(paths[i], rid, f"{folder}/{rid}.yaml", checker.duplicated)
        if mismatch:
            problems.append(mismatch)
    # who filed what (the leading body's records, directives for others): every run, from the index
    problems.extend(_filing_findings(FilingRules(vocabularies, orgs), [(paths[i], facts_col[i]) for i in records]))

    findings: dict[str, tuple[tuple[Any, ...], ...]] = {}
    assessed: list[Record] = []
    evidence: set[str] = set()
    recheck = set(fresh)
    for i in records:
        facts = facts_col[i]
        path = paths[i]
        named = facts[7][1]
        if named:
            evidence.update(e[1] for e in named)
        if (
            everything
            or named  # evidence files are looked at on every run
            or path in recheck
            or facts[0] in changed_ids
            or facts[1] in changed_orgs
            or (changed_ids and _points_at(facts, changed_ids))
            or (changed_orgs and _names_org(facts, changed_orgs))
        ):
            record_problems = recheck_one(path)
        else:
            record_problems = index.findings.get(path, ())
            # the names of members come from every organisation
            if changed_orgs and record_problems and any(t[0] == "ref.member" for t in record_problems):
                record_problems = recheck_one(path)
        if record_problems:
            findings[path] = record_problems
            problems.extend(problem_from_tuple(path, t) for t in record_problems)
        if facts[14]:  # an inspection, assessment or accountability block
            assessed.append(build(path))
    problems.extend(checker.assessments(assessed))
    if save:
        columns: dict[str, list[Any]] = {
            "paths": paths,
            "stats": stored_stats,
            "digests": digests,
            "kinds": kinds,
            "facts": facts_col,
            "problems": problems_col,
            "declared": declared_col,
            "ids": ids_col,
        }
        index.save(columns, findings, as_of.isoformat(), hasher.known, text_known)
    return problems, n - read, evidence



def check_repository(
    root: Path,
    as_of: date,
    schemas: Optional[SchemaSet] = None,
    use_cache: bool = True,
) -> CheckResult:
    schemas = schemas or SchemaSet.load()
    discovered = layout.discover_all(root)
    files = discovered.files
    found = discovered.problems + tree.unsafe_entries(root)
    key = f"{schemas.fingerprint}:{code_fingerprint()}"
    last = ResultCache(root, f"{key}:{as_of.isoformat()}", files + discovered.evidence, found)
    notes: list[Problem] = []  # a damaged cache, said once and not remembered
    if use_cache:
        try:
            unchanged = last.lookup()
        except CacheCorrupt:
            unchanged = None
            notes.append(discarded(ResultCache.FILE))
        if unchanged is not None:  # nothing changed since the last run: its answer stands
            return CheckResult(problems=unchanged, files_checked=len(files), from_cache=len(files))
    # Loading builds millions of small containers and none of them form cycles: the cyclic
    # collector would only rescan them again and again (about a tenth of the run).
    collecting = gc.isenabled()
    gc.disable()
    try:
        # the vocabularies first: every other file is checked against the schemas derived from them
        derived, vocabularies = read_vocabularies(root, files, schemas)
        facts_key = f"{derived.fingerprint}:{code_fingerprint()}"
        index = FactIndex(root, facts_key, load=use_cache)
        run = (root, as_of, schemas, vocabularies, derived, discovered, found)
        try:
            problems, from_cache, evidence = _check(*run, index, use_cache)
        except Exception:
            if not index.loaded:
                raise  # not the cache's doing
            # The index had the right key but not the content written: check without it.
            index = FactIndex(root, facts_key, load=False)
            index.corrupt = True
            problems, from_cache, evidence = _check(*run, index, use_cache)
        if index.corrupt:
            notes.append(discarded(FactIndex.FILE))
    finally:
        if collecting:
            gc.enable()
    answer = bounded(_locate(root, problems))
    if use_cache:
        last.store(answer, evidence)
    return CheckResult(problems=answer + notes, files_checked=len(files), from_cache=from_cache)
