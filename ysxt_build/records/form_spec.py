"""What a record of each type holds, and what it counts for: the one description that
``ysxt new`` and the portal's 填报 page both work from.

:func:`record_form_spec` reads the record schema (fields, titles, descriptions, required
fields, the blocks each type may have) and the plan (which duties a type serves, which fields
those duties look at). It is the only place that reads the record types for authoring: when
the plan carries its own vocabulary of record types, only this function changes.

Every field gets a *kind* that says how a form asks for it (a date, a member of the leading
group, records of other types to answer, a choice, free text …), read from the schema's
``$ref`` names and types; nothing here lists the fields by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Optional

from .model import Plan, Record
from .schemas import Choice, SchemaSet

# The short code of each record type in record ids: ``2026-liushu-village-zyyj-01`` (pinyin
# initials of the Chinese name). The guide and the demo data use these.
ID_CODES: dict[str, str] = {
    "special_study": "zyyj",  # 专题研究
    "party_briefing": "dntb",  # 党内通报
    "self_inspection": "ztzc",  # 专题自查
    "directive": "sjbs",  # 上级部署
    "directive_study": "cdxx",  # 传达学习
    "group_study": "zxzxx",  # 中心组学习
    "cadre_training": "gbpx",  # 干部培训
    "theory_training": "llpx",  # 理论培训
    "supervision": "dcjc",  # 督促检查
    "portfolio_meeting": "fghy",  # 分管会议
    "democratic_life_meeting": "mzshh",  # 民主生活会
    "organisational_life_meeting": "zzshh",  # 组织生活会
    "duty_report": "szbg",  # 述职报告
    "annual_work_plan": "ndap",  # 年度安排
    "lecture": "jz",  # 讲座
    "approval": "shbb",  # 审核报备
    "incident": "sjqk",  # 事件情况
    "incident_report": "qkbg",  # 情况报告
    "incident_response": "sjcz",  # 事件处置
    "other": "qt",  # 其他
    "rectification": "zg",  # 整改
    "inspection": "jc",  # 检查
    "assessment": "assessment",  # as `ysxt assess --new-record` has always written it
    "accountability": "wz",  # 问责
}

FIXED = ("id", "type", "organization")  # written by the program, never asked for
DEFAULT_TOPICS = ("意识形态工作",)
DEFAULT_EVIDENCE = ({"title": "会议记录", "archive": ""},)
# Fields naming records of given types that no duty of the plan links (a response names its
# trigger: that comes from the plan).
REFERENCE_TYPES: dict[str, tuple[str, ...]] = {"lecture.approval": ("approval",)}


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
    """One duty of the plan that a record type serves, and how."""

    obligation: str
    clause: str
    title: str
    role: str  # counts | responds | starts | precondition | evidence
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
            "obligation": self.obligation, "clause": self.clause, "title": self.title, "role": self.role,
            "level": self.level, "by": self.by, "period": self.period, "count": self.count,
            "keywords": list(self.keywords), "trigger_types": list(self.trigger_types),
            "report_to": self.report_to, "evidence": self.evidence,
        }


@dataclass(frozen=True)
class TypeSpec:
    value: str
    title: str
    description: str
    code: str  # in record ids
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


def _type_rule_values(rule: Mapping[str, Any]) -> list[str]:
    cond = rule.get("if", {}).get("properties", {}).get("type", {})
    return [cond["const"]] if "const" in cond else list(cond.get("enum", ()))


def required_for_type(schemas: SchemaSet, record_type: str) -> list[str]:
    """Top-level fields a record of this type must have: the schema's ``required`` plus the
    ``then.required`` of every ``allOf`` rule whose ``if`` matches the type."""
    doc = schemas.documents["record"]
    needed = list(doc.get("required", ()))
    for rule in doc.get("allOf", ()):
        if record_type in _type_rule_values(rule):
            for name in rule.get("then", {}).get("required", ()):
                if name not in needed:
                    needed.append(name)
    return needed


def forbidden_for_type(schemas: SchemaSet, record_type: str) -> set[str]:
    """Fields the schema forbids on this type (``else: not: required`` of the type rules)."""
    out: set[str] = set()
    for rule in schemas.documents["record"].get("allOf", ()):
        if record_type not in _type_rule_values(rule):
            out.update(rule.get("else", {}).get("not", {}).get("required", ()))
    return out


# -- reading the plan ---------------------------------------------------------------------


_PRIMARY = ("counts", "responds", "precondition", "starts", "evidence")  # how a type serves a duty, first first


def _duties(plan: Optional[Plan], record_type: str) -> list[Duty]:
    if plan is None:
        return []
    found: list[Duty] = []
    words = plan.settings.topic_keywords
    for ob in plan.obligations:
        base = Duty(obligation=ob.id, clause=ob.clause, title=ob.title, role="", level=ob.subject.level,
                    period=ob.period or "", count=ob.count)
        q = ob.qualifies
        if q is not None and record_type in q.types:
            keywords = tuple(words if q.topics_any is None else q.topics_any)
            found.append(replace(base, role="counts", by=q.by, keywords=keywords, report_to=ob.report_to,
                                 evidence=ob.requires_evidence))
        r = ob.response
        if r is not None and record_type in r.types:
            # a response counts whatever its topics (the engine does not look at them)
            found.append(replace(base, role="responds", by=r.by, trigger_types=ob.trigger_types))
        for role, types in (("precondition", ob.precondition_types), ("starts", ob.trigger_types),
                            ("evidence", ob.evidence_types)):
            if record_type in types:
                found.append(replace(base, role=role))
    found.sort(key=lambda d: _PRIMARY.index(d.role))  # what it counts for first; stable: plan order
    return found


def _group(duties: list[Duty]) -> str:
    for role in _PRIMARY:
        for d in duties:
            if d.role == role:
                return f"{d.clause} {d.title}"
    return ""


def record_form_spec(schemas: SchemaSet, plan: Optional[Plan]) -> FormSpec:
    """Every record type with its fields (from the record schema) and duties (from the plan)."""
    root = schemas.resolve(schemas.documents["record"], "record")
    fields = {k: _field(schemas, k, v, k) for k, v in root.get("properties", {}).items() if k not in FIXED}
    types: list[TypeSpec] = []
    for choice in schemas.choices("record", "type"):
        t = choice.value
        forbidden = forbidden_for_type(schemas, t)
        allowed = tuple(k for k in fields if k not in forbidden)
        required = [k for k in required_for_type(schemas, t) if k in fields]
        duties = _duties(plan, t)
        needed: list[tuple[str, str]] = []
        defaults: dict[str, Any] = {}
        for d in duties:
            if d.role in ("counts", "responds") and d.level == "member" and d.by == "lead" and "lead" in allowed:
                if "lead" not in dict(needed):
                    needed.append(("lead", f"计入“{d.title}”（{d.clause}）要写{fields['lead'].title}"))
            if d.role == "counts" and d.report_to and "report" in allowed and "report" not in dict(needed):
                needed.append(("report", f"“{d.title}”（{d.clause}）要求书面报送"))
                defaults["report"] = {"submitted_to": d.report_to}
        refs: dict[str, tuple[str, ...]] = {}
        triggers = tuple(dict.fromkeys(x for d in duties if d.role == "responds" for x in d.trigger_types))
        if triggers and "responds_to" in allowed:
            refs["responds_to"] = triggers
        for path, targets in REFERENCE_TYPES.items():
            if path.split(".")[0] in allowed:
                refs[path] = targets
        if "topics" in allowed:
            defaults["topics"] = list(DEFAULT_TOPICS)
        if "evidence" in allowed:
            defaults["evidence"] = [dict(e) for e in DEFAULT_EVIDENCE]
        counts_participants = any(
            d.role in ("counts", "responds") and d.level == "member" and d.by in ("participant", "any") for d in duties
        )
        has_block = any(fields[k].shape == "object" for k in required if k in fields)
        types.append(TypeSpec(
            value=t, title=choice.title, description=choice.description, code=ID_CODES.get(t, t.replace("_", "-")),
            fields=allowed, required=tuple(required), needed=tuple(needed), duties=tuple(duties),
            group=_group(duties), refs=tuple(refs.items()), defaults=defaults,
            default_participants="participants" in allowed and (counts_participants or not has_block),
        ))
    order = []
    if plan is not None:
        order = [f"{o.clause} {o.title}" for o in plan.obligations]
    groups = [g for g in dict.fromkeys(order) if any(t.group == g for t in types)]
    if any(not t.group for t in types):
        groups.append("")
    return FormSpec(fields=fields, types=tuple(types), groups=tuple(groups))


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
    for key, value in r.extra:
        out[key] = value
    if r.amends is not None:
        out["amends"] = {"record": r.amends.record, "reason": r.amends.reason}
    return out
