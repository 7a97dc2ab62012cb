"""What every duty's rule reads, and how it writes its verdict.

:class:`Context` is the world as known on ``as_of``: the plans, the organisations
(:class:`~.subjects.Known`) and the records (:class:`~.index.RecordIndex`). :func:`entry` makes
one status entry for a subject, obligation and period; :func:`period_kind` says which periods
an obligation runs by (a built-in kind, or its vocabulary's cycle).

Plans are grouped by responsibility system (``Plan.system``): each system's periods are judged
by that system's plan in force, side by side with the others.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Optional

from ..records.labels import Labels
from ..records.model import Dataset, Obligation, Plan
from ..records.periods import KINDS, Period, PeriodKind
from .index import RecordIndex
from .model import Entry
from .subjects import Known, known

DEFAULT_PERIOD = {"standing": "half", "precondition": "year", "judged": "year", "triggered": "half"}


def period_kind(ob: Obligation) -> PeriodKind:
    """The obligation's kind of period: a built-in one, or its vocabulary's cycle. A period code
    its vocabulary does not define well (the check says so) falls back to the default."""
    if ob.cycle is not None:
        return ob.cycle
    if ob.period in KINDS:
        return ob.period
    return DEFAULT_PERIOD.get(ob.kind, "year")


def judged_by_period(ob: Obligation) -> bool:
    """Whether the engine can run the obligation's periods (its period code is known)."""
    return ob.period is None or ob.period in KINDS or ob.cycle is not None


class Context:
    """The plans, organisations and records as known on ``as_of``."""

    def __init__(self, dataset: Dataset, as_of: date, labels: Labels) -> None:
        self.as_of = as_of
        self.labels = labels
        self.plans = sorted(dataset.plans, key=lambda p: p.effective_from)
        self.systems: dict[str, list[Plan]] = defaultdict(list)  # plans of each system, in order
        for plan in self.plans:
            self.systems[plan.system].append(plan)
        self.orgs = [known(o, as_of) for o in dataset.organizations if o.founded <= as_of]
        self.orgs_by_id = {k.org.id: k for k in self.orgs}
        self.index = RecordIndex(dataset.records, as_of, dataset.cycles)

    def plan_for(self, day: date, system: str = "") -> Optional[Plan]:
        """The plan of ``system`` in force on ``day`` (the latest to take effect), if any."""
        for plan in reversed(self.systems.get(system, ())):
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
