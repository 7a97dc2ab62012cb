"""Who owes a periodic duty: organisations and office-holders as known on ``as_of``.

A subject owes a period's duty if it is in the duty's subject (organisation kinds, categories,
roles) and existed, or held the role, for the plan's ``min_coverage`` share of the period; with
``handover: holder_at_end`` a role's duty falls to whoever holds it at the period's end.
Subjects that fall short are handed on with a note saying why, for a ``not_applicable`` entry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator, Optional

from ..records.model import Obligation, Organization, Plan, Term
from ..records.periods import Period, overlap_days


@dataclass(frozen=True)
class Known:
    """An organisation as it was known on ``as_of``."""

    org: Organization
    end: Optional[date]  # dissolution, if dated on or before as_of
    terms: tuple[Term, ...]  # terms begun by as_of, ends after as_of cleared

    def exists_on(self, day: date) -> bool:
        return self.org.founded <= day and (self.end is None or day <= self.end)

    def holders_on(self, day: date, roles: tuple[str, ...] = ()) -> list[Term]:
        return [t for t in self.terms if t.holds_on(day) and (not roles or t.role in roles)]


def known(org: Organization, as_of: date) -> Known:
    end = org.dissolved if org.dissolved is not None and org.dissolved <= as_of else None
    terms = tuple(
        Term(t.member_id, t.name, t.role, t.start, t.end if t.end is not None and t.end <= as_of else None, t.portfolio)
        for t in org.terms
        if t.start <= as_of
    )
    return Known(org, end, terms)


def in_scope(k: Known, ob: Obligation) -> bool:
    """Whether the organisation is of a kind (and category) the duty's subject names."""
    s = ob.subject
    return k.org.kind in s.org_kinds and (not s.categories or k.org.category in s.categories)


def org_subjects(orgs: Iterable[Known], plan: Plan, ob: Obligation, period: Period) -> Iterator[tuple[Known, Optional[str]]]:
    """(organisation, None) when it owes the period's duty, (organisation, note) when not."""
    for k in orgs:
        if not in_scope(k, ob):
            continue
        days = overlap_days(period.start, period.end, k.org.founded, k.end)
        if days == 0:
            continue
        if days / period.days < plan.settings.min_coverage:
            yield k, f"本期内存续 {days} 天，不足期间的 {plan.settings.min_coverage:.0%}"
        else:
            yield k, None


def member_subjects(
    plan: Plan, ob: Obligation, k: Known, period: Period, as_of: date
) -> Iterator[tuple[Term, Optional[str]]]:
    """(a term of the member, None) when the member owes, (term, note) when not."""
    roles = ob.subject.roles
    by_member: dict[str, list[Term]] = defaultdict(list)
    for t in k.terms:
        if (not roles or t.role in roles) and t.overlaps(period.start, period.end):
            by_member[t.member_id].append(t)
    if roles and plan.settings.handover == "holder_at_end":
        day = min(period.end, as_of)
        if k.end is not None:
            day = min(day, k.end)
        holding = k.holders_on(day, roles)
        if not holding and by_member:
            # the post is vacant at the end: the last holder in the period owes it
            last = max((t for terms in by_member.values() for t in terms), key=lambda t: (t.end or day, t.start))
            holding = [last]
        holders = {t.member_id for t in holding}
        for member, terms in by_member.items():
            if member in holders:
                yield terms[-1], None
            else:
                successor = "、".join(t.name for t in holding)
                yield terms[-1], f"期末已不在此职务，本期责任由{successor}承担"
        return
    for member, terms in by_member.items():
        days = sum(overlap_days(period.start, period.end, t.start, t.end) for t in terms)
        if days / period.days < plan.settings.min_coverage:
            yield terms[-1], f"本期内任职 {days} 天，不足期间的 {plan.settings.min_coverage:.0%}"
        else:
            yield terms[-1], None
