"""The compliance engine: every obligation's status, for every subject, as of a date.

Pure: ``compute_status(dataset, as_of, labels)`` reads nothing but its arguments. What was
known on ``as_of`` is all it uses: records dated later, reports submitted later, terms that
begin later and dissolutions dated later are ignored, so a past date gives the status as it
stood then.

Rules the plan leaves open are settings of the plan (``settings`` in the plan file):
``min_coverage`` (a subject owes a period's duty only if it existed / held the role for that
share of it), ``handover`` (who owes a role's duty when the holder changes mid-period),
``due_soon_days`` and ``topic_keywords``. A period is judged by the plan in force on its last
day, or on ``as_of`` if that is earlier; a triggered duty by the plan in force on the day of
the trigger. Plans of different responsibility systems (``Plan.system``) are in force side by
side: each system's periods are judged by its own plan. Periods are the built-in kinds (year,
half, quarter, month) and the vocabularies' own cycles (semesters, a fiscal year).

This module runs the periods and hands each duty to its rule:

====================  ===========================================================================
:mod:`.context`       the plans, organisations and records as known on ``as_of``; making an entry
:mod:`.index`         the records, indexed (amendments resolved); :func:`counts_on`
:mod:`.subjects`      who owes a periodic duty, or why not
:mod:`.counted`       quota and deliverable (so many records), coverage (one per organisation)
:mod:`.standing`      standing conditions on the organisation registry
:mod:`.precondition`  events approved (or filed) beforehand, by the approvals linked to them
:mod:`.judged`        settled by the town committee on inspection
:mod:`.triggered`     responses owed to directives, incidents and inspections
====================  ===========================================================================
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterator, Optional

from ..records.labels import Labels
from ..records.model import Dataset, Obligation, Plan
from ..records.schemas import SchemaSet
from ..records.periods import KINDS, Period, PeriodKind, periods_between
from .context import DEFAULT_PERIOD, Context, entry, judged_by_period, period_kind
from .counted import coverage, quota
from .index import counts_on
from .judged import judged
from .model import Entry, StatusReport
from .precondition import precondition
from .standing import standing
from .subjects import Known, member_subjects, org_subjects
from .triggered import triggered

__all__ = ["DEFAULT_PERIOD", "Engine", "compute_status", "counts_on", "period_kind"]

Rule = Callable[[Context, Plan, Obligation, Period, Known, Optional[str]], Entry]

# the rule for each kind of periodic duty; any other kind is judged
RULES: dict[str, Rule] = {
    "quota": quota,
    "deliverable": quota,
    "standing": standing,
    "precondition": precondition,
    "coverage": coverage,
}


class Engine:
    def __init__(self, dataset: Dataset, as_of: date, labels: Labels) -> None:
        self.context = Context(dataset, as_of, labels)

    def run(self) -> StatusReport:
        ctx = self.context
        entries: list[Entry] = []
        kinds: list[PeriodKind] = list(KINDS)
        for p in ctx.plans:
            for ob in p.obligations:
                kind = period_kind(ob)
                if kind not in kinds:
                    kinds.append(kind)  # a cycle of the plan's vocabulary
        for system, plans in ctx.systems.items():
            first = plans[0].effective_from
            for kind in kinds:
                for period in periods_between(kind, first, ctx.as_of):
                    plan = ctx.plan_for(min(period.end, ctx.as_of), system)
                    if plan is None:
                        continue
                    for ob in plan.obligations:
                        if ob.kind != "triggered" and period_kind(ob) == kind and judged_by_period(ob):
                            entries.extend(self._periodic(plan, ob, period))
        entries.extend(triggered(ctx))
        entries.sort(key=lambda e: (e.organization, e.member or "", e.obligation, e.period_start, e.trigger or ""))
        return StatusReport(as_of=ctx.as_of, entries=tuple(entries))

    def _periodic(self, plan: Plan, ob: Obligation, period: Period) -> Iterator[Entry]:
        """The period's entries for every subject in scope: owed (by the rule) or not applicable."""
        ctx = self.context
        rule = RULES.get(ob.kind, judged)
        for k, org_note in org_subjects(ctx.orgs, plan, ob, period):
            if ob.subject.level == "organization":
                if org_note is not None:
                    yield entry(plan, ob, period, k, None, "not_applicable", note=org_note)
                else:
                    yield rule(ctx, plan, ob, period, k, None)
                continue
            if org_note is not None:
                continue
            for term, note in member_subjects(plan, ob, k, period, ctx.as_of):
                if note is not None:
                    yield entry(plan, ob, period, k, term.member_id, "not_applicable", note=note)
                else:
                    yield rule(ctx, plan, ob, period, k, term.member_id)


def compute_status(dataset: Dataset, as_of: date, labels: Optional[Labels] = None) -> StatusReport:
    """Every obligation's status for every subject and period up to ``as_of`` (``labels``:
    by default those of the schemas derived from the dataset's vocabularies)."""
    if labels is None:
        labels = Labels.from_schemas(SchemaSet.load().with_vocabularies(dataset.vocabularies), dataset.current_vocabulary)
    return Engine(dataset, as_of, labels).run()
