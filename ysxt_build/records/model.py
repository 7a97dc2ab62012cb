"""The data model: plans, organisations with their leading groups, and activity records.

Frozen dataclasses built from schema-valid data (see ``schema/``); dates are
``datetime.date``. Each object remembers the file it came from (``source``), relative to the
repository root, so findings and pages can point back at it.

A plan is written in the words of its vocabulary (:mod:`.vocabulary`). A :class:`Dataset`
binds each plan to the vocabulary it names: an organisation duty that names no kinds of
organisation is owed by the vocabulary's ``default_subject`` kinds, and a period of the
vocabulary's own (a semester) becomes its :class:`~.periods.Cycle`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any, Mapping, Optional, Sequence

from .periods import Cycle, Period
from .vocabulary import Vocabulary, merged


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
    role: str  # a role of the vocabulary: secretary | member_in_charge | committee_member …
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
    kind: str  # a kind of the vocabulary: town_committee | general_branch | branch …
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
    event: Optional[str] = None  # the event approved: its record id, or its title


_PUNCTUATION = re.compile(r"[\s《》〈〉“”‘’\"'「」『』()（）:：,，.。、!！?？·—-]+")


def plain_title(text: str) -> str:
    """A title without spaces, quotes and punctuation, for comparing two ways of writing it."""
    return _PUNCTUATION.sub("", text)


def names_event(named: str, event_id: str, event_title: str) -> bool:
    """Whether an approval's ``event`` (a record id, or a title) names this event: its id, or
    its title with punctuation, quotes and spaces aside (one may contain the other)."""
    if named == event_id:
        return True
    a, b = plain_title(named), plain_title(event_title)
    return bool(a) and bool(b) and (a in b or b in a)


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
            approval=Approval(approver=approval["approver"], result=approval["result"], event=approval.get("event"))
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
    org_kinds: tuple[str, ...] = ()  # () until bound: the vocabulary's default_subject kinds
    categories: tuple[str, ...] = ()  # () = any
    roles: tuple[str, ...] = ()  # () = every leading-group member


@dataclass(frozen=True, slots=True)
class Qualifies:
    types: tuple[str, ...]
    topics_any: Optional[tuple[str, ...]] = None  # None = the plan's topic_keywords
    by: str = "any"


APPROVAL_RESULTS = ("approved", "filed")  # the results of an approval that approve (schema: approval.result)


@dataclass(frozen=True, slots=True)
class Need:
    """One approval or filing an event must have before it (a precondition's ``needs``)."""

    name: str = "审核报备"
    types: tuple[str, ...] = ()  # () = any record that carries an approval
    results: tuple[str, ...] = ("approved", "filed")  # APPROVAL_RESULTS
    recorded_by: tuple[str, ...] = ()  # kinds of organisation that may record it besides the event's own
    approver: tuple[str, ...] = ()  # words one of which the approver must contain; () = any
    days_ahead: int = 0


@dataclass(frozen=True, slots=True)
class Precondition:
    types: tuple[str, ...]  # the events that need approval
    needs: tuple[Need, ...] = (Need(),)
    missing: str = "incomplete"  # incomplete | warning
    late: str = "incomplete"  # incomplete | warning (approved, but not days_ahead before)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "Precondition":
        needs = tuple(
            Need(
                name=n.get("name", "审核报备"),
                types=_t(n.get("types")),
                results=_t(n.get("results")) or APPROVAL_RESULTS,
                recorded_by=_t(n.get("recorded_by")),
                approver=_t(n.get("approver")),
                days_ahead=n.get("days_ahead", 0),
            )
            for n in data.get("needs", ())
        )
        return cls(
            types=tuple(data["types"]),
            needs=needs or (Need(),),
            missing=data.get("missing", "incomplete"),
            late=data.get("late", "incomplete"),
        )


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
    trigger_deadline: bool = False  # a trigger's own deadline (a directive's deadline_days) wins
    precondition: Optional[Precondition] = None
    cycle: Optional[Cycle] = None  # set when bound: ``period`` is the vocabulary's cycle

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "Obligation":
        subject = data["subject"]
        due = data.get("due") or {}
        qualifies = data.get("qualifies")
        requires = data.get("requires") or {}
        trigger = data.get("trigger") or {}
        response = data.get("response")
        condition = data.get("condition") or {}
        precondition = data.get("precondition")
        return cls(
            id=data["id"],
            clause=data["clause"],
            title=data["title"],
            kind=data["kind"],
            subject=Subject(
                level=subject["level"],
                org_kinds=_t(subject.get("org_kinds")),
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
            trigger_deadline=bool(data.get("trigger_deadline", False)),
            precondition=Precondition.from_data(precondition) if precondition else None,
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
    default_topics: tuple[str, ...] = ()  # what a new record's topics are filled with (Plan.record_topics)


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
    vocabulary: str = ""  # the id of the vocabulary the plan is written in
    system: str = ""  # the responsibility system; plans of one system are revisions of each other
    source: str = ""
    vocab: Optional[Vocabulary] = field(default=None, compare=False, repr=False)  # set when bound

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def record_topics(self) -> tuple[str, ...]:
        """What a new record's 议题 is filled with: ``settings.default_topics``; else the name of
        the responsibility system without 责任制 (意识形态工作, 党风廉政建设) when it names one
        of the topic keywords; else the first keyword."""
        if self.settings.default_topics:
            return self.settings.default_topics
        named = self.system.removesuffix("责任制")
        keywords = self.settings.topic_keywords
        if named and any(word in named for word in keywords):
            return (named,)
        return keywords[:1]

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
                default_topics=_t(settings.get("default_topics")),
            ),
            clauses=tuple(
                Clause(ref=c["ref"], text=c["text"], heading=c.get("heading", ""))
                for c in data["clauses"]
            ),
            obligations=tuple(Obligation.from_data(o) for o in data["obligations"]),
            vocabulary=data.get("vocabulary", ""),
            system=data.get("system", ""),
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
    org_kinds: tuple[str, ...] = ()  # () until bound: the plan's vocabulary's default_subject kinds
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
            org_kinds=_t(data.get("org_kinds")),
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


def bind(plan: Plan, vocabulary: Optional[Vocabulary]) -> Plan:
    """The plan read in the words of ``vocabulary``: duties whose subject names no kinds of
    organisation are owed by its ``default_subject`` kinds, and a period code of its own is
    its cycle. A plan without its vocabulary is left as it is (the check reports it)."""
    if vocabulary is None or plan.vocab == vocabulary:
        return plan
    defaults = vocabulary.default_kinds
    obligations = []
    for ob in plan.obligations:
        changes: dict[str, Any] = {}
        if not ob.subject.org_kinds and defaults:
            changes["subject"] = replace(ob.subject, org_kinds=defaults)
        cycle = vocabulary.cycle(ob.period) if ob.period else None
        if cycle is not None:
            changes["cycle"] = cycle
        obligations.append(replace(ob, **changes) if changes else ob)
    return replace(plan, obligations=tuple(obligations), vocab=vocabulary)


def plans_on(plans: Sequence[Plan], day: date) -> list[Plan]:
    """The plans a record of the day is judged by: of each responsibility system, the plan in
    force on the day (the latest one when none is); first the system of the plan that took
    effect last of those in force."""
    ordered = sorted(plans, key=lambda p: (p.effective_from, p.id))
    in_force = [p for p in ordered if p.in_force_on(day)]
    main = in_force[-1] if in_force else ordered[-1] if ordered else None
    systems: dict[str, Plan] = {}
    for plan in ordered:
        held = systems.get(plan.system)
        if held is None or plan.in_force_on(day) or not held.in_force_on(day):
            systems[plan.system] = plan
    return sorted(systems.values(), key=lambda p: (p is not main, p.effective_from, p.id))


def own_cycles(plan: Optional[Plan]) -> list[Cycle]:
    """The vocabulary's own kinds of period ``plan`` counts its duties in (semesters, school
    years), the one most duties use first."""
    used = [ob.cycle for ob in (plan.obligations if plan is not None else ()) if ob.cycle is not None]
    return sorted(dict.fromkeys(used), key=lambda c: -used.count(c))


def this_period(plans: Sequence[Plan], day: date) -> Period:
    """本期 on ``day``, as the header of the status and the home page name it: the half-year;
    where the plan in force counts its duties in periods of its vocabulary's own, the period of
    the cycle most of them use (a school's semester, 2025—2026学年第二学期)."""
    in_force = plans_on(plans, day)
    cycles = own_cycles(in_force[0] if in_force else None)
    return Period.containing(cycles[0] if cycles else "half", day)


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one repository; each plan bound to its vocabulary (:func:`bind`)."""

    plans: tuple[Plan, ...] = ()
    organizations: tuple[Organization, ...] = ()
    records: tuple[Record, ...] = ()
    rubrics: tuple[Rubric, ...] = ()
    vocabularies: tuple[Vocabulary, ...] = ()

    def __post_init__(self) -> None:
        if not self.vocabularies:
            return
        by_id = {v.id: v for v in reversed(self.vocabularies)}  # the first of an id wins
        plans = tuple(bind(p, by_id.get(p.vocabulary)) for p in self.plans)
        object.__setattr__(self, "plans", plans)
        plan_vocab = {p.id: p.vocab for p in plans}
        rubrics = []
        for r in self.rubrics:
            vocab = plan_vocab.get(r.plan)
            rubrics.append(replace(r, org_kinds=vocab.default_kinds) if not r.org_kinds and vocab else r)
        object.__setattr__(self, "rubrics", tuple(rubrics))

    def vocabulary(self, vocabulary_id: str) -> Optional[Vocabulary]:
        return next((v for v in self.vocabularies if v.id == vocabulary_id), None)

    @cached_property
    def cycles(self) -> tuple[Cycle, ...]:
        """The vocabularies' own kinds of period (for reading a record's ``period``)."""
        return tuple(merged(self.vocabularies, "cycles"))

    @cached_property
    def top_kinds(self) -> frozenset[str]:
        """The kinds of organisation that are a unit's leading body (镇党委, 局党组)."""
        return frozenset(k for v in self.vocabularies for k in v.top_kinds)

    @cached_property
    def current_vocabulary(self) -> Optional[Vocabulary]:
        """The vocabulary of the plan that took effect last (else the first vocabulary)."""
        for plan in sorted(self.plans, key=lambda p: p.effective_from, reverse=True):
            if plan.vocab is not None:
                return plan.vocab
        return self.vocabularies[0] if self.vocabularies else None

    def organization(self, org_id: str) -> Optional[Organization]:
        return self.organizations_by_id.get(org_id)

    @cached_property
    def organizations_by_id(self) -> dict[str, Organization]:
        return {o.id: o for o in self.organizations}

    @cached_property
    def records_by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}
