"""What every duty's rule reads, and how it writes its verdict.

:class:`Context` is the world as known on ``as_of``: the plans, the organisations
(:class:`~.subjects.Known`) and the records (:class:`~.index.RecordIndex`). :func:`entry` makes
one status entry for a subject, obligation and period; :func:`period_kind` says which periods
an obligation runs by.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..records.labels import Labels
from ..records.model import Dataset, Obligation, Plan
from ..records.periods import Period
from .index import RecordIndex
from .model import Entry
from .subjects import Known, known

DEFAULT_PERIOD = {"standing": "half", "precondition": "year", "judged": "year", "triggered": "half"}


def period_kind(ob: Obligation) -> str:
    return ob.period or DEFAULT_PERIOD.get(ob.kind, "year")


class Context:
    """The plans, organisations and records as known on ``as_of``."""

    def __init__(self, dataset: Dataset, as_of: date, labels: Labels) -> None:
        self.as_of = as_of
        self.labels = labels
        self.plans = sorted(dataset.plans, key=lambda p: p.effective_from)
        self.orgs = [known(o, as_of) for o in dataset.organizations if o.founded <= as_of]
        self.orgs_by_id = {k.org.id: k for k in self.orgs}
        self.index = RecordIndex(dataset.records, as_of)

    def plan_for(self, day: date) -> Optional[Plan]:
        """The plan in force on ``day`` (the latest to take effect), if any."""
        for plan in reversed(self.plans):
            if plan.in_force_on(day):
                return plan
        return None

    def what(self, types: tuple[str, ...]) -> str:
        """The record types in words, for a note: "A或B"."""
        return "或".join(self.labels.record_type(t) for t in types)


def entry(plan: Plan, ob: Obligation, period: Period, k: Known, member: Optional[str], status: str, **kw: object) -> Entry:
    return Entry(
        obligation=ob.id,
        plan=plan.id,
        organization=k.org.id,
        member=member,
        period=period.label,
        period_start=period.start,
        period_end=period.end,
        status=status,
        **kw,  # type: ignore[arg-type]
    )
