"""The county being generated: organisations, terms of office, and activity records.

Plain data, filled in by the registry (organisations, members, terms, positions) and the
record makers, then numbered, titled and written out. Besides the data, only the questions
every maker asks: who holds office in an organisation on a given day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from .days import END, START, iso

TOWN_ID = "town"


@dataclass
class Term:
    """One person's term in one role of a leading group."""

    member_id: str
    name: str
    role: str
    portfolio: str
    start: int
    end: Optional[int] = None

    def holds(self, day: int) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Position(NamedTuple):
    """A propaganda position (notice board, chat group, account …) an organisation manages."""

    id: str
    name: str
    kind: str
    manager: str
    since: int


@dataclass
class Org:
    """A party organisation: its place in the tree, its lifetime, leading group and positions."""

    id: str
    name: str
    short: str  # the unit's name, e.g. 青山村
    kind: str
    category: str
    parent: Optional[str]
    founded: int
    dissolved: Optional[int] = None
    terms: list[Term] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    reviewed: list[int] = field(default_factory=list)
    watch: Optional[int] = None
    size: int = 3

    @property
    def first(self) -> int:
        """The first day of the period it exists."""
        return max(self.founded, START)

    @property
    def last(self) -> int:
        """The last day of the period it exists."""
        return min(self.dissolved, END) if self.dissolved is not None else END

    def holders(self, day: int) -> list[Term]:
        return [t for t in self.terms if t.holds(day)]

    def holder(self, day: int, role: str) -> Term:
        for t in self.terms:
            if t.role == role and t.holds(day):
                return t
        raise AssertionError(f"{self.id}: no {role} on {iso(day)}")


class Directive(NamedTuple):
    """What a directive from above says about itself."""

    issuer: str
    document_no: str
    applies_to: Optional[list[str]]  # None: every organisation
    deadline_days: Optional[int]


class Lecture(NamedTuple):
    """A lecture's form and speaker, and the approval it had beforehand."""

    form: str
    speaker: str
    approval: Optional[Rec]


@dataclass(eq=False)
class Rec:
    """One activity record, before and after it has its id."""

    type: str
    org: Org
    day: int
    theme: str
    summary: str
    topics: list[str]
    lead: Optional[str] = None
    participants: list[str] = field(default_factory=list)
    attendance: Optional[int] = None
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (title, archive)
    evidence_file: bool = False
    responds_to: list[Rec] = field(default_factory=list)
    report: Optional[tuple[int, str]] = None  # (submitted_on, document_no)
    directive: Optional[Directive] = None
    incident: Optional[tuple[str, str]] = None  # (category, level)
    lecture: Optional[Lecture] = None
    approval: Optional[tuple[str, str]] = None  # (approver, result)
    serial: int = 0
    id: str = ""
    seq: int = 0

    def led_by(self, role: str) -> None:
        """Make whoever holds ``role`` in the organisation on the day the lead."""
        self.lead = self.org.holder(self.day, role).member_id
