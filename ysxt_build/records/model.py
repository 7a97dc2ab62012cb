"""The data model: plans, organisations with their leading groups, and activity records.

Frozen dataclasses built from schema-valid data (see ``schema/``); dates are
``datetime.date``. Each object remembers the file it came from (``source``), relative to the
repository root, so findings and pages can point back at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Mapping, Optional

ORG_KINDS_DEFAULT = ("general_branch", "branch")


EXTRA_BLOCKS = ("inspection", "assessment", "accountability", "rectification")


def _d(value: Any) -> date:
    return date.fromisoformat(value)


def _od(value: Any) -> Optional[date]:
    return date.fromisoformat(value) if value is not None else None


def _t(values: Any) -> tuple[Any, ...]:
    return tuple(values) if values else ()


# -- registry -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One term of one leading-group member in one role."""

    member_id: str
    name: str
    role: str  # secretary | member_in_charge | committee_member
    start: date
    end: Optional[date] = None  # last day in office, inclusive
    portfolio: str = ""

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass(frozen=True, slots=True)
class Position:
    id: str
    name: str
    kind: str
    since: date
    until: Optional[date] = None
    manager: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    kind: str  # town_committee | general_branch | branch
    founded: date
    terms: tuple[Term, ...] = ()
    category: str = "other"
    parent: Optional[str] = None
    dissolved: Optional[date] = None  # last day of existence, inclusive
    maintainers: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    positions_reviewed: tuple[date, ...] = ()  # every review of the position register
    public_opinion_watch: Optional[date] = None  # date established
    source: str = ""

    def exists_on(self, day: date) -> bool:
        return self.founded <= day and (self.dissolved is None or day <= self.dissolved)

    def holders_on(self, day: date, role: Optional[str] = None) -> list[Term]:
        return [t for t in self.terms if t.holds_on(day) and (role is None or t.role == role)]

    def member_terms(self, member_id: str) -> list[Term]:
        return [t for t in self.terms if t.member_id == member_id]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], source: str = "") -> "Organization":
        mechanisms = data.get("mechanisms") or {}
        watch = mechanisms.get("public_opinion_watch")
        return cls(
            id=data["id"],
            name=data["name"],
            kind=data["kind"],
            category=data.get("category", "other"),
            parent=data.get("parent"),
            founded=_d(data["founded"]),
            dissolved=_od(data.get("dissolved")),
            maintainers=_t(data.get("maintainers")),
            terms=tuple(
                Term(
                    member_id=m["id"],
                    name=m["name"],
                    role=m["role"],
                    start=_d(m["from"]),
                    end=_od(m.get("to")),
                    portfolio=m.get("portfolio", ""),
                )
                for m in data.get("members", ())
            ),
            positions=tuple(
                Position(
                    id=p["id"],
                    name=p["name"],
                    kind=p["kind"],
                    since=_d(p["since"]),
                    until=_od(p.get("until")),
                    manager=p.get("manager"),
                )
                for p in data.get("positions", ())
            ),
            positions_reviewed=tuple(sorted(_d(x) for x in data.get("positions_reviewed", ()))),
            public_opinion_watch=_od(watch["established"]) if watch else None,
            source=source,
        )


# -- records ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    title: str
    file: Optional[str] = None
    sha256: Optional[str] = None
    archive: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Report:
    submitted_to: str
    submitted_on: date
    document_no: str = ""


@dataclass(frozen=True, slots=True)
class Directive:
    issuer: str
    applies_to: tuple[str, ...]  # () means every organisation ("all")
    applies_to_all: bool
    document_no: str = ""
    deadline_days: Optional[int] = None


@dataclass(frozen=True, slots=True)
class Incident:
    category: str
    level: str


@dataclass(frozen=True, slots=True)
class Lecture:
    form: str
    speaker: str = ""
    approval: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Approval:
    approver: str
    result: str


@dataclass(frozen=True, slots=True)
class Amends:
    record: str
    reason: str


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    type: str
    organization: str
    date: date
    title: str
    period: Optional[str] = None  # the period the record is for, when its date is later
    lead: Optional[str] = None
    participants: tuple[str, ...] = ()
    attendance: Optional[int] = None
    topics: tuple[str, ...] = ()
    summary: str = ""
    evidence: tuple[Evidence, ...] = ()
    responds_to: tuple[str, ...] = ()
    report: Optional[Report] = None
    directive: Optional[Directive] = None
    incident: Optional[Incident] = None
    lecture: Optional[Lecture] = None
    approval: Optional[Approval] = None
    amends: Optional[Amends] = None
    extra: tuple[tuple[str, Any], ...] = ()  # inspection/assessment/accountability/rectification blocks, as data
    source: str = ""

    def block(self, name: str) -> Any:
        """One of the ``extra`` blocks (e.g. ``inspection``) as plain data, or None."""
        for key, value in self.extra:
            if key == name:
                return value
        return None

    @property
    def members(self) -> tuple[str, ...]:
        """Everyone named on the record: the lead first, then the participants."""
        if self.lead and self.lead not in self.participants:
            return (self.lead,) + self.participants
        return self.participants

    @classmethod
    def from_data(cls, data: Mapping[str, Any], source: str = "") -> "Record":
        report = data.get("report")
        directive = data.get("directive")
        incident = data.get("incident")
        lecture = data.get("lecture")
        approval = data.get("approval")
        applies = directive["applies_to"] if directive else None
        return cls(
            id=data["id"],
            type=data["type"],
            organization=data["organization"],
            date=_d(data["date"]),
            title=data["title"],
            period=data.get("period"),
            lead=data.get("lead"),
            participants=_t(data.get("participants")),
            attendance=data.get("attendance"),
            topics=_t(data.get("topics")),
            summary=data.get("summary", ""),
            evidence=tuple(
                Evidence(
                    title=e["title"],
                    file=e.get("file"),
                    sha256=e.get("sha256"),
                    archive=e.get("archive"),
                )
                for e in data.get("evidence", ())
            ),
            responds_to=_t(data.get("responds_to")),
            report=Report(
                submitted_to=report["submitted_to"],
                submitted_on=_d(report["submitted_on"]),
                document_no=report.get("document_no", ""),
            )
            if report
            else None,
            directive=Directive(
                issuer=directive["issuer"],
                applies_to=() if applies == "all" else tuple(applies or ()),
                applies_to_all=applies == "all",
                document_no=directive.get("document_no", ""),
                deadline_days=directive.get("deadline_days"),
            )
            if directive
            else None,
            incident=Incident(category=incident["category"], level=incident["level"])
            if incident
            else None,
            lecture=Lecture(
                form=lecture["form"],
                speaker=lecture.get("speaker", ""),
                approval=lecture.get("approval"),
            )
            if lecture
            else None,
            approval=Approval(approver=approval["approver"], result=approval["result"])
            if approval
            else None,
            amends=Amends(record=data["amends"]["record"], reason=data["amends"]["reason"])
            if data.get("amends")
            else None,
            extra=tuple((k, data[k]) for k in EXTRA_BLOCKS if k in data),
            source=source,
        )


# -- plans --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Clause:
    ref: str
    text: str
    heading: str = ""


@dataclass(frozen=True, slots=True)
class Subject:
    level: str  # organization | member
    org_kinds: tuple[str, ...] = ORG_KINDS_DEFAULT
    categories: tuple[str, ...] = ()  # () = any
    roles: tuple[str, ...] = ()  # () = every leading-group member


@dataclass(frozen=True, slots=True)
class Qualifies:
    types: tuple[str, ...]
    topics_any: Optional[tuple[str, ...]] = None  # None = the plan's topic_keywords
    by: str = "any"


@dataclass(frozen=True, slots=True)
class Obligation:
    id: str
    clause: str
    title: str
    kind: str  # quota | deliverable | triggered | standing | precondition | judged
    subject: Subject
    period: Optional[str] = None
    count: int = 1
    grace_days: int = 0
    due_on: Optional[str] = None  # MM-DD within a yearly period
    qualifies: Optional[Qualifies] = None
    report_to: Optional[str] = None
    requires_evidence: bool = False
    trigger_types: tuple[str, ...] = ()
    trigger_categories: tuple[str, ...] = ()
    trigger_levels: tuple[str, ...] = ()
    response: Optional[Qualifies] = None
    deadline_days: Optional[int] = None
    condition: tuple[tuple[str, Any], ...] = ()
    precondition_types: tuple[str, ...] = ()
    evidence_types: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()  # coverage: the kinds of organisation to cover

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "Obligation":
        subject = data["subject"]
        due = data.get("due") or {}
        qualifies = data.get("qualifies")
        requires = data.get("requires") or {}
        trigger = data.get("trigger") or {}
        response = data.get("response")
        condition = data.get("condition") or {}
        return cls(
            id=data["id"],
            clause=data["clause"],
            title=data["title"],
            kind=data["kind"],
            subject=Subject(
                level=subject["level"],
                org_kinds=_t(subject.get("org_kinds")) or ORG_KINDS_DEFAULT,
                categories=_t(subject.get("categories")),
                roles=_t(subject.get("roles")),
            ),
            period=data.get("period"),
            count=data.get("count", 1),
            grace_days=due.get("grace_days", 0),
            due_on=due.get("on"),
            qualifies=_qualifies(qualifies),
            report_to=requires.get("report_to"),
            requires_evidence=bool(requires.get("evidence", False)),
            trigger_types=_t(trigger.get("types")),
            trigger_categories=_t(trigger.get("categories")),
            trigger_levels=_t(trigger.get("levels")),
            response=_qualifies(response),
            deadline_days=data.get("deadline_days"),
            condition=tuple(sorted((k, _freeze(v)) for k, v in condition.items())),
            precondition_types=_t((data.get("precondition") or {}).get("types")),
            evidence_types=_t(data.get("evidence_types")),
            target_kinds=_t((data.get("targets") or {}).get("org_kinds")),
        )


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _qualifies(data: Optional[Mapping[str, Any]]) -> Optional[Qualifies]:
    if not data:
        return None
    topics = data.get("topics_any")
    return Qualifies(
        types=tuple(data["types"]),
        topics_any=None if topics is None else tuple(topics),
        by=data.get("by", "any"),
    )


@dataclass(frozen=True, slots=True)
class PlanSettings:
    due_soon_days: int = 30
    min_coverage: float = 0.5
    handover: str = "holder_at_end"
    topic_keywords: tuple[str, ...] = ("意识形态",)
    accountability_names: bool = False  # show members' names on accountability pages


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    title: str
    issuer: str
    effective_from: date
    clauses: tuple[Clause, ...]
    obligations: tuple[Obligation, ...]
    settings: PlanSettings = field(default_factory=PlanSettings)
    effective_to: Optional[date] = None
    document_no: str = ""
    basis: str = ""
    source: str = ""

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], source: str = "") -> "Plan":
        settings = data.get("settings") or {}
        defaults = PlanSettings()
        return cls(
            id=data["id"],
            title=data["title"],
            issuer=data["issuer"],
            document_no=data.get("document_no", ""),
            basis=data.get("basis", ""),
            effective_from=_d(data["effective_from"]),
            effective_to=_od(data.get("effective_to")),
            settings=PlanSettings(
                due_soon_days=settings.get("due_soon_days", defaults.due_soon_days),
                min_coverage=float(settings.get("min_coverage", defaults.min_coverage)),
                handover=settings.get("handover", defaults.handover),
                topic_keywords=_t(settings.get("topic_keywords")) or defaults.topic_keywords,
                accountability_names=bool(settings.get("accountability_names", False)),
            ),
            clauses=tuple(
                Clause(ref=c["ref"], text=c["text"], heading=c.get("heading", ""))
                for c in data["clauses"]
            ),
            obligations=tuple(Obligation.from_data(o) for o in data["obligations"]),
            source=source,
        )


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    title: str
    points: float
    clause: str = ""
    rule: str = ""
    obligations: tuple[str, ...] = ()
    per_missing: float = 0.0
    per_late: float = 0.0
    per_incomplete: float = 0.0
    cap: Optional[float] = None  # most that can be deducted; None = the indicator's points
    manual: bool = False


@dataclass(frozen=True, slots=True)
class Grade:
    grade: str
    min: float


@dataclass(frozen=True, slots=True)
class Rubric:
    """A county's assessment rubric (考评方案): indicators with points, deductions, grades."""

    id: str
    title: str
    plan: str
    effective_from: date
    total: float
    indicators: tuple[Indicator, ...]
    grades: tuple[Grade, ...]
    org_kinds: tuple[str, ...] = ORG_KINDS_DEFAULT
    effective_to: Optional[date] = None
    basis: str = ""
    source: str = ""

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], source: str = "") -> "Rubric":
        return cls(
            id=data["id"],
            title=data["title"],
            plan=data["plan"],
            basis=data.get("basis", ""),
            effective_from=_d(data["effective_from"]),
            effective_to=_od(data.get("effective_to")),
            org_kinds=_t(data.get("org_kinds")) or ORG_KINDS_DEFAULT,
            total=float(data["total"]),
            indicators=tuple(
                Indicator(
                    id=i["id"],
                    title=i["title"],
                    points=float(i["points"]),
                    clause=i.get("clause", ""),
                    rule=i.get("rule", ""),
                    obligations=_t(i.get("obligations")),
                    per_missing=float((i.get("deduct") or {}).get("per_missing", 0)),
                    per_late=float((i.get("deduct") or {}).get("per_late", 0)),
                    per_incomplete=float((i.get("deduct") or {}).get("per_incomplete", 0)),
                    cap=float(i["cap"]) if "cap" in i else None,
                    manual=bool(i.get("manual", False)),
                )
                for i in data["indicators"]
            ),
            grades=tuple(
                sorted((Grade(g["grade"], float(g["min"])) for g in data["grades"]), key=lambda g: -g.min)
            ),
            source=source,
        )


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one repository."""

    plans: tuple[Plan, ...] = ()
    organizations: tuple[Organization, ...] = ()
    records: tuple[Record, ...] = ()
    rubrics: tuple[Rubric, ...] = ()

    def organization(self, org_id: str) -> Optional[Organization]:
        return self.organizations_by_id.get(org_id)

    @cached_property
    def organizations_by_id(self) -> dict[str, Organization]:
        return {o.id: o for o in self.organizations}

    @cached_property
    def records_by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}
