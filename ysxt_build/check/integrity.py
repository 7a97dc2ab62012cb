"""Checks across files: ids unique, references resolve, people in office, paths agree.

Works on the loaded :class:`~ysxt_build.records.model.Dataset` and returns findings with pointers
into the files; the pipeline turns pointers into line numbers. ``as_of`` is the check date:
nothing may be dated after it.

:class:`IntegrityChecker` runs the checks in the order of a full check and holds what they
share; the checks themselves are in one module per kind of file:

======================  ===========================================================================
vocabulary_checks       the vocabularies: codes, short codes, fields, clause pattern, own periods
organization_checks     the organisation registry: parents, dates, terms of office, positions
plan_checks             plans, and rubrics against their plan
record_checks           each record: file path, dates, its organisation and people; unique ids
reference_checks        what a record names: responses, approvals, amendments, reports, scopes
evidence_checks         evidence files: inside the repository, present, SHA-256 right
assessment_checks       assessment, accountability and inspection records
findings                a finding at a pointer, dates after the check date (used by all of them)
======================  ===========================================================================
"""

from __future__ import annotations

from datetime import date
from collections import Counter
from typing import Any, Collection, Iterable, Iterator, Mapping, Optional

from ..records.model import Dataset, Record
from ..records.problems import Problem
from .assessment_checks import AssessmentChecker
from .evidence_checks import EvidenceHasher
from .organization_checks import organization_findings
from .plan_checks import plan_findings, rubric_findings
from .record_checks import RecordChecker, duplicate_ids
from .reference_checks import ReferenceChecker
from .vocabulary_checks import vocabulary_findings

__all__ = [
    "EvidenceHasher",
    "IntegrityChecker",
    "check_integrity",
    "duplicate_ids",
    "rubric_findings",
]


class IntegrityChecker:
    """Organisations, plans and rubrics first (:meth:`run_setup`), then each record
    (:meth:`record_findings`, against ``records``), then the assessment records.

    ``broken_ids`` are the ids, by kind, of files with errors of their own: a reference to one
    of them is not reported again as missing. ``record_schema`` is the base record schema (the
    fields a vocabulary's record types choose from); by default the one in ``schema/``.
    """

    def __init__(
        self,
        dataset: Dataset,
        as_of: date,
        hasher: EvidenceHasher,
        broken_ids: Optional[dict[str, set[str]]] = None,
        record_schema: Optional[dict[str, Any]] = None,
    ) -> None:
        self.ds = dataset
        self.as_of = as_of
        self.hasher = hasher
        self.broken = broken_ids or {}
        self.orgs = dataset.organizations_by_id
        self.names: dict[str, tuple[str, str]] = {}  # member id -> (name, org source)
        if record_schema is None:
            from ..records.schemas import SchemaSet

            record_schema = SchemaSet.load().documents["record"]
        self.record_schema = record_schema
        self._references = ReferenceChecker(self._org_known, self.broken.get("record", set()), as_of,
                                            dataset.vocabularies, dataset.plans, self.orgs)
        self._checker = RecordChecker(self.orgs, self._org_known, self.names, as_of, self._references, hasher,
                                      dataset.cycles)
        self._record = self._checker.findings

    @property
    def records(self) -> Mapping[str, Record]:
        """The first record of each id: what the references of a record resolve against."""
        return self._references.records

    @records.setter
    def records(self, records: Mapping[str, Record]) -> None:
        self._references.records = records

    @property
    def duplicated(self) -> Collection[str]:
        """Record ids used by more than one file (set with ``records``)."""
        return self._checker.duplicated

    @duplicated.setter
    def duplicated(self, ids: Collection[str]) -> None:
        self._checker.duplicated = ids

    def _org_known(self, org_id: str) -> bool:
        return org_id in self.orgs or org_id in self.broken.get("organization", set())

    def run(self) -> list[Problem]:
        problems = self.run_setup()
        problems.extend(self._records())
        problems.extend(self.assessments(self.ds.records))
        return problems

    def run_setup(self) -> list[Problem]:
        """Organisations, plans and rubrics (and the member names records are checked with)."""
        problems: list[Problem] = []
        problems.extend(vocabulary_findings(self.ds.vocabularies, self.record_schema))
        problems.extend(organization_findings(self.ds.organizations, self.orgs, self._org_known, self.as_of, self.names,
                                              self.ds.vocabularies))
        problems.extend(plan_findings(self.ds.plans, self._org_known, self.ds, self.broken.get("vocabulary", set())))
        for rubric in self.ds.rubrics:
            problems.extend(rubric_findings(rubric, self.ds.plans))
        return problems

    def record_findings(self, rec: Record) -> list[Problem]:
        """One record against the others (``self.records``: the first record of each id)."""
        return list(self._record(rec))

    def assessments(self, records: Iterable[Record]) -> Iterator[Problem]:
        """The assessment, accountability and inspection records among ``records``."""
        checker = AssessmentChecker(self.ds.rubrics, self.ds.plans, self.orgs, self._org_known,
                                    self.broken.get("rubric", set()))
        return checker.findings(records)

    def _records(self) -> Iterator[Problem]:
        first: dict[str, Record] = {}
        for rec in self.ds.records:
            first.setdefault(rec.id, rec)
        self.records = first
        self.duplicated = repeated_ids(rec.id for rec in self.ds.records)
        yield from duplicate_ids([(rec.source, rec.id) for rec in self.ds.records])
        for rec in self.ds.records:
            yield from self._record(rec)


def repeated_ids(ids: Iterable[str]) -> set[str]:
    """The ids that occur more than once."""
    return {i for i, n in Counter(ids).items() if n > 1}


def check_integrity(
    dataset: Dataset,
    as_of: date,
    hasher: EvidenceHasher,
    broken_ids: Optional[dict[str, set[str]]] = None,
    record_schema: Optional[dict[str, Any]] = None,
) -> list[Problem]:
    return IntegrityChecker(dataset, as_of, hasher, broken_ids, record_schema).run()
