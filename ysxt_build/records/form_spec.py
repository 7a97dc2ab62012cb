"""What a record of each type holds, and what it counts for: the one description that
``ysxt new`` and the portal's 填报 page both work from.

:func:`record_form_spec` reads the record types of the repository's vocabulary from the schemas
derived from it (their Chinese names, short id codes, the fields each must and may carry:
:func:`~.record_types.record_vocabulary`), the fields themselves from the record schema
(titles, descriptions, kinds, limits) and the plans in force (which duties a type serves, which
fields those duties look at). It is the only place that reads the record types for authoring;
no record type, code or field is listed here.

Every field gets a *kind* that says how a form asks for it (a date, a member of the leading
group, records of other types to answer, a choice, free text …), read from the schema's
``$ref`` names and types; nothing here lists the fields by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Optional, Sequence

from .model import Plan, Record
from .record_types import RecordTypeInfo, fields_of, record_vocabulary
from .refused import multiline_fields
from .schemas import Choice, SchemaSet

FIXED = ("id", "type", "organization")  # written by the program, never asked for
DEFAULT_EVIDENCE = ({"title": "会议记录", "archive": ""},)
# The field by which an event names its approval, and the field kind an approval carries (the
# link the status engine follows: ``status.index.RecordIndex.linked_approvals``). Which record
# types may be named comes from the plans' preconditions, else from the schema.
APPROVAL_LINK = ("lecture.approval", "approval")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record (or of a block inside it), as a form asks for it."""

    key: str
    path: str  # dotted, items of lists as ``[]``: ``evidence[].sha256``
    title: str
    description: str
    help: str  # the comment above the field in a record file (without "# ")
    kind: str  # text textarea date integer number choice choices member members org orgs
    #            record records strings scope object objects evidence
    shape: str  # scalar | list | object | objects: how the YAML holds it
    blank: str  # the YAML of an empty value, which ``ysxt check`` asks to fill
    choices: tuple[Choice, ...] = ()
    children: tuple["FieldSpec", ...] = ()
    required: tuple[str, ...] = ()  # of the children
    limits: Mapping[str, Any] = field(default_factory=dict)

    def child(self, key: str) -> Optional["FieldSpec"]:
        return next((c for c in self.children if c.key == key), None)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key, "path": self.path, "title": self.title, "description": self.description,
            "help": self.help, "kind": self.kind, "shape": self.shape, "blank": self.blank,
        }
        if self.choices:
            out["choices"] = [[c.value, c.title] for c in self.choices]
        if self.children:
            out["children"] = [c.to_json() for c in self.children]
            out["required"] = list(self.required)
        if self.limits:
            out["limits"] = dict(self.limits)
        return out


@dataclass(frozen=True)
class Duty:
    """One duty of a plan that a record type serves, and how (a
    :class:`~.record_types.CountsFor` with what the form needs of the duty besides)."""

    plan: str
    obligation: str
    clause: str
    title: str
    role: str  # qualifies | response | event | approval | trigger | evidence (record_types.CountsFor)
    level: str  # organization | member
    by: str = "any"  # any | lead | participant: whose duty a record counts for
    period: str = ""
    count: int = 1
    keywords: tuple[str, ...] = ()  # a record counts only when its title or topics name one
    trigger_types: tuple[str, ...] = ()  # for a response: what it answers
    report_to: Optional[str] = None
    evidence: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan, "obligation": self.obligation, "clause": self.clause, "title": self.title, "role": self.role,
            "level": self.level, "by": self.by, "period": self.period, "count": self.count,
            "keywords": list(self.keywords), "trigger_types": list(self.trigger_types),
            "report_to": self.report_to, "evidence": self.evidence,
        }


@dataclass(frozen=True)
class TypeSpec:
    value: str
    title: str
    description: str
    code: str  # in record ids: the vocabulary's short code (zyyj)
    fields: tuple[str, ...]  # the fields this type may have, in the schema's order
    required: tuple[str, ...]  # by the schema
    # (field, why): fields the plan's duties look at. A record is valid without them but then
    # does not count (or is incomplete): a blank template asks for them, the form says why.
    needed: tuple[tuple[str, str], ...] = ()
    duties: tuple[Duty, ...] = ()
    group: str = ""  # the duty it is listed under: "二（一）4 每年至少两次专题研究意识形态工作"
    refs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (field path, record types it names)
    defaults: Mapping[str, Any] = field(default_factory=dict)  # of a blank template
    default_participants: bool = False  # a blank template lists the members in office

    def refs_for(self, path: str) -> tuple[str, ...]:
        return dict(self.refs).get(path, ())

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value, "title": self.title, "description": self.description, "code": self.code,
            "fields": list(self.fields), "required": list(self.required),
            "needed": {k: why for k, why in self.needed}, "duties": [d.to_json() for d in self.duties],
            "group": self.group, "refs": {k: list(v) for k, v in self.refs},
            "defaults": dict(self.defaults), "default_participants": self.default_participants,
        }


@dataclass(frozen=True)
class FormSpec:
    fields: Mapping[str, FieldSpec]  # the top-level fields, in the schema's order
    types: tuple[TypeSpec, ...]
    groups: tuple[str, ...]  # the duty groups in the plan's order ("" last: other records)
    # the fields that may hold newlines and tabs, by name, as ysxt check reads them (records.refused)
    multiline: frozenset[str] = frozenset()

    def type(self, value: str) -> TypeSpec:
        for t in self.types:
            if t.value == value:
                return t
        raise KeyError(value)

    def find_type(self, name: str) -> Optional[TypeSpec]:
        """A type by its code (special_study), Chinese name (专题研究会议) or id code (zyyj)."""
        wanted = name.strip()
        for attr in ("value", "title", "code"):
            for t in self.types:
                if getattr(t, attr) == wanted:
                    return t
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "fields": {k: f.to_json() for k, f in self.fields.items()},
            "types": [t.to_json() for t in self.types],
            "groups": list(self.groups),
            "multiline": sorted(self.multiline),
        }


# -- reading the schema ----------------------------------------------------------------------


def _ref_name(node: Mapping[str, Any]) -> str:
    ref = node.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else ""


def _choices(node: Mapping[str, Any]) -> tuple[Choice, ...]:
    alts = node.get("oneOf") or []
    if alts and all(isinstance(a, dict) and "const" in a for a in alts):
        return tuple(Choice(str(a["const"]), str(a.get("title", a["const"])), str(a.get("description", ""))) for a in alts)
    if "enum" in node:
        return tuple(Choice(str(v), str(v)) for v in node["enum"])
    return ()


def _help(title: str, description: str, choices: Iterable[Choice]) -> str:
    text = f"{title}：{description}" if description else title
    listed = "、".join(c.value if c.value == c.title else f"{c.value}（{c.title}）" for c in choices)
    if listed:
        text += ("" if description else "，") + "可选：" + listed
    return text


def _limits(node: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    names = {"minLength": "min_length", "maxLength": "max_length", "pattern": "pattern", "minimum": "minimum",
             "maximum": "maximum", "minItems": "min_items", "uniqueItems": "unique"}
    return {prefix + names[k]: node[k] for k in names if k in node}


def _blank(kind: str, node: Mapping[str, Any]) -> str:
    if kind in ("integer", "number"):
        return "0"
    if node.get("type") == "array":
        return '[""]' if node.get("minItems", 0) >= 1 else "[]"
    return '""'


def _field(schemas: SchemaSet, key: str, raw: Mapping[str, Any], path: str) -> FieldSpec:
    node = schemas.resolve(raw, "record")
    ref = _ref_name(raw)
    title, desc = str(node.get("title", key)), str(node.get("description", ""))
    choices = _choices(node)
    children: tuple[FieldSpec, ...] = ()
    required: tuple[str, ...] = ()
    limits = _limits(node)
    shape = "scalar"
    kind_type = node.get("type")
    if ref == "date" or node.get("format") == "date":
        kind = "date"
    elif ref in ("member_id", "org_id", "record_id"):
        kind = ref.split("_")[0]
    elif kind_type == "array":
        items_raw = node.get("items") or {}
        items = schemas.resolve(items_raw, "record")
        item_ref = _ref_name(items_raw)
        limits.update(_limits(items, "item_"))
        shape = "list"
        if item_ref in ("member_id", "org_id", "record_id"):
            kind = item_ref.split("_")[0] + "s"
        elif items.get("type") == "object":
            kind = "evidence" if item_ref == "evidence" else "objects"
            shape = "objects"
            children = tuple(_field(schemas, k, v, f"{path}[].{k}") for k, v in items.get("properties", {}).items())
            required = tuple(items.get("required", ()))
        elif _choices(items):
            kind, choices = "choices", _choices(items)
        else:
            kind = "strings"
    elif kind_type == "object":
        kind, shape = "object", "object"
        children = tuple(_field(schemas, k, v, f"{path}.{k}") for k, v in node.get("properties", {}).items())
        required = tuple(node.get("required", ()))
    elif choices:
        kind = "choice"
    elif node.get("oneOf"):  # a fixed value or a list, e.g. applies_to: all | [orgs]
        kind = "scope"
        choices = tuple(Choice(str(a["const"]), str(a.get("title", a["const"]))) for a in node["oneOf"] if "const" in a)
    elif kind_type in ("integer", "number"):
        kind = str(kind_type)
    else:
        kind = "textarea" if int(node.get("maxLength", 0)) > 200 else "text"
    return FieldSpec(
        key=key, path=path, title=title, description=desc, help=_help(title, desc, choices), kind=kind,
        shape=shape, blank=_blank(kind, node), choices=choices, children=children, required=required, limits=limits,
    )


def required_for_type(schemas: SchemaSet, record_type: str) -> list[str]:
    """Top-level fields a record of this type must have under ``schemas`` (derived from the
    repository's vocabularies): :func:`~.record_types.fields_of`, in the schema's order."""
    return list(fields_of(schemas.documents["record"], record_type)[0])


# -- reading the plans ---------------------------------------------------------------------


# How a type serves a duty (record_types.CountsFor.role), what it counts for first first.
_PRIMARY = ("qualifies", "response", "event", "approval", "trigger", "evidence")


def _duties(plans: Sequence[Plan], info: RecordTypeInfo) -> list[Duty]:
    """The duties of ``info.counts_for`` with what the form tells of each (how often, the words
    a record must name, where it is reported, what a response answers)."""
    found: list[Duty] = []
    obligations = {(p.id, ob.id): (p, ob) for p in plans for ob in p.obligations}
    for c in info.counts_for:
        plan, ob = obligations[(c.plan, c.obligation)]
        duty = Duty(plan=c.plan, obligation=c.obligation, clause=c.clause, title=c.title, role=c.role, level=c.level,
                    by=c.by, period=ob.period or "", count=ob.count)
        q = ob.qualifies
        if c.role == "qualifies" and q is not None:
            keywords = tuple(plan.settings.topic_keywords if q.topics_any is None else q.topics_any)
            duty = replace(duty, keywords=keywords, report_to=ob.report_to, evidence=ob.requires_evidence)
        elif c.role == "response":
            # a response counts whatever its topics (the engine does not look at them)
            duty = replace(duty, trigger_types=ob.trigger_types)
        found.append(duty)
    found.sort(key=lambda d: _PRIMARY.index(d.role))  # what it counts for first; stable: plan order
    return found


def _topics_of(plans: Sequence[Plan], duties: Sequence[Duty]) -> tuple[str, ...]:
    """A new record's topics: those of the plan whose duty looks at them (the first duty with
    words to name, else the first duty), or of the main plan in force (:attr:`Plan.record_topics`)."""
    by_id = {p.id: p for p in plans}
    duty = next((d for d in duties if d.keywords), duties[0] if duties else None)
    plan = by_id.get(duty.plan) if duty is not None else None
    plan = plan or (plans[0] if plans else None)
    return plan.record_topics if plan is not None else ()


def _group(duties: list[Duty]) -> str:
    for role in _PRIMARY:
        for d in duties:
            if d.role == role:
                return f"{d.clause} {d.title}"
    return ""


def _approval_types(plans: Sequence[Plan], record_type: str, carrying: Sequence[str]) -> tuple[str, ...]:
    """The record types an event's approval may be: those the plans' preconditions on this type
    name, else every type that carries an approval (``carrying``)."""
    named = [t for p in plans for ob in p.obligations if ob.precondition is not None
             and record_type in ob.precondition.types for need in ob.precondition.needs for t in need.types]
    return tuple(dict.fromkeys(named)) or tuple(carrying)


def record_form_spec(schemas: SchemaSet, plans: Sequence[Plan] = ()) -> FormSpec:
    """Every record type of the repository's vocabulary with its fields and what it counts for.

    ``schemas`` are the ones derived from the repository's vocabularies (``loaded.schemas``;
    :meth:`~.schemas.SchemaSet.with_vocabularies`), which name the types, their Chinese names,
    short id codes and fields (:func:`~.record_types.record_vocabulary`); ``plans`` (see
    :func:`~.model.plans_on`) say which duties each type serves and which fields those duties look at."""
    vocabulary = record_vocabulary(schemas, plans)
    root = schemas.resolve(schemas.documents["record"], "record")
    fields = {k: _field(schemas, k, v, k) for k, v in root.get("properties", {}).items() if k not in FIXED}
    link, approval_kind = APPROVAL_LINK
    carrying = [t.code for t in vocabulary.types if approval_kind in t.required + t.optional]
    types: list[TypeSpec] = []
    for info in vocabulary.types:
        t = info.code
        allowed = tuple(k for k in fields if k in info.required or k in info.optional)
        required = tuple(k for k in info.required if k in fields)
        duties = _duties(plans, info)
        needed: list[tuple[str, str]] = []
        defaults: dict[str, Any] = {}
        for d in duties:
            if d.role in ("qualifies", "response") and d.level == "member" and d.by == "lead" and "lead" in allowed:
                if "lead" not in dict(needed):
                    needed.append(("lead", f"计入“{d.title}”（{d.clause}）要写{fields['lead'].title}"))
            if d.role == "qualifies" and d.report_to and "report" in allowed and "report" not in dict(needed):
                needed.append(("report", f"“{d.title}”（{d.clause}）要求书面报送"))
                defaults["report"] = {"submitted_to": d.report_to}
        refs: dict[str, tuple[str, ...]] = {}
        triggers = [x for d in duties if d.role == "response" for x in d.trigger_types]
        answers = tuple(dict.fromkeys(triggers + list(info.responds_to)))
        if answers and "responds_to" in allowed:
            refs["responds_to"] = answers
        if link.split(".")[0] in allowed:
            refs[link] = _approval_types(plans, t, carrying)
        topics = _topics_of(plans, duties)
        if "topics" in allowed and topics:
            defaults["topics"] = list(topics)
        if "evidence" in allowed:
            defaults["evidence"] = [dict(e) for e in DEFAULT_EVIDENCE]
        counts_participants = any(
            d.role in ("qualifies", "response") and d.level == "member" and d.by in ("participant", "any")
            for d in duties
        )
        has_block = any(fields[k].shape == "object" for k in required if k in fields)
        types.append(TypeSpec(
            value=t, title=info.name, description=info.description, code=info.short or t,
            fields=allowed, required=required, needed=tuple(needed), duties=tuple(duties),
            group=_group(duties), refs=tuple(refs.items()), defaults=defaults,
            default_participants="participants" in allowed and (counts_participants or not has_block),
        ))
    order = [f"{o.clause} {o.title}" for p in plans for o in p.obligations]
    groups = [g for g in dict.fromkeys(order) if any(t.group == g for t in types)]
    if any(not t.group for t in types):
        groups.append("")
    return FormSpec(fields=fields, types=tuple(types), groups=tuple(groups), multiline=multiline_fields(schemas))


# -- a record as the values of its form ---------------------------------------------------------


def record_values(r: Record) -> dict[str, Any]:
    """The fields of a loaded record as plain data (what its form is filled with), without
    ``id``, ``type`` and ``organization``."""
    out: dict[str, Any] = {"date": r.date.isoformat()}
    if r.period:
        out["period"] = r.period
    out["title"] = r.title
    if r.lead:
        out["lead"] = r.lead
    if r.participants:
        out["participants"] = list(r.participants)
    if r.attendance is not None:
        out["attendance"] = r.attendance
    if r.topics:
        out["topics"] = list(r.topics)
    if r.summary:
        out["summary"] = r.summary
    if r.evidence:
        out["evidence"] = [
            {k: v for k, v in (("title", e.title), ("file", e.file), ("sha256", e.sha256), ("archive", e.archive)) if v is not None}
            for e in r.evidence
        ]
    if r.responds_to:
        out["responds_to"] = list(r.responds_to)
    if r.report is not None:
        out["report"] = {"submitted_to": r.report.submitted_to, "submitted_on": r.report.submitted_on.isoformat()}
        if r.report.document_no:
            out["report"]["document_no"] = r.report.document_no
    if r.directive is not None:
        d = r.directive
        block: dict[str, Any] = {"issuer": d.issuer}
        if d.document_no:
            block["document_no"] = d.document_no
        block["applies_to"] = "all" if d.applies_to_all else list(d.applies_to)
        if d.deadline_days is not None:
            block["deadline_days"] = d.deadline_days
        out["directive"] = block
    if r.incident is not None:
        out["incident"] = {"category": r.incident.category, "level": r.incident.level}
    if r.lecture is not None:
        lecture: dict[str, Any] = {"form": r.lecture.form}
        if r.lecture.speaker:
            lecture["speaker"] = r.lecture.speaker
        if r.lecture.approval:
            lecture["approval"] = r.lecture.approval
        out["lecture"] = lecture
    if r.approval is not None:
        out["approval"] = {"approver": r.approval.approver, "result": r.approval.result}
        if r.approval.event is not None:
            out["approval"]["event"] = r.approval.event
    for key, value in r.extra:
        out[key] = value
    if r.amends is not None:
        out["amends"] = {"record": r.amends.record, "reason": r.amends.reason}
    return out
