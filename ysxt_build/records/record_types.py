"""The record types of a repository, for whoever writes a record: the 填报 form, ``ysxt new``
(both through :func:`~.form_spec.record_form_spec`, which builds on this).

:func:`record_vocabulary` is the one place to ask. It answers from the schemas derived from the
repository's vocabularies (:meth:`~.schemas.SchemaSet.with_vocabularies`) and from its plans:

- the derived record schema, self-contained (the common definitions inlined, no ``$ref`` to
  another file), ready to hand to a JSON Schema validator or a form generator in a browser;
- each record type: its code, Chinese name, short id code (``zyyj``), description, the fields it
  must carry, the fields it may carry, the record types it may respond to, and what it counts
  for: every duty of the plans that names it, and how (counted, a response, a trigger, an event
  needing approval, an approval, evidence shown to inspectors), with the member's part
  (``lead``/``participant``) where the duty is a member's.

Get the schemas from the loader::

    loaded = load_repository(root)                       # ysxt_build.check.repository
    vocab = record_vocabulary(loaded.schemas, loaded.dataset.plans, as_of)
    vocab.type("special_study").short                    # "zyyj"
    vocab.by_name("专题研究会议").code                    # "special_study"

Pure: schemas and plans in, plain data out.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator, Optional, Sequence

from .model import Plan
from .schemas import SchemaSet

COMMON_REF = "common.schema.json#/$defs/"


@dataclass(frozen=True)
class CountsFor:
    """One duty a record type counts for, and how."""

    plan: str
    obligation: str
    clause: str
    title: str
    role: str  # qualifies | response | trigger | event (needs approval) | approval | evidence
    level: str  # organization | member
    by: str = "any"  # for a member's duty: lead | participant | any


@dataclass(frozen=True)
class RecordTypeInfo:
    code: str
    name: str
    short: str
    description: str
    required: tuple[str, ...]  # every field a record of this type must carry, in schema order
    optional: tuple[str, ...]  # the other fields it may carry
    responds_to: tuple[str, ...]  # the record types its responds_to may name (() = any)
    counts_for: tuple[CountsFor, ...]

    @property
    def lead_needed(self) -> bool:
        """Whether some member's duty counts this record only for the member who leads it."""
        return "lead" in self.required or any(c.level == "member" and c.by == "lead" for c in self.counts_for)


@dataclass(frozen=True)
class RecordVocabulary:
    schema: dict[str, Any]  # the derived record schema, self-contained
    types: tuple[RecordTypeInfo, ...]

    def type(self, code: str) -> Optional[RecordTypeInfo]:
        return next((t for t in self.types if t.code == code), None)

    def by_short(self, short: str) -> Optional[RecordTypeInfo]:
        return next((t for t in self.types if t.short == short), None)

    def by_name(self, name: str) -> Optional[RecordTypeInfo]:
        """The type whose Chinese name is ``name`` (spaces around it ignored)."""
        return next((t for t in self.types if t.name == name.strip()), None)


def record_vocabulary(schemas: SchemaSet, plans: Sequence[Plan] = (), as_of: Optional[date] = None) -> RecordVocabulary:
    """The record types of the repository whose derived ``schemas`` these are, with what each
    counts for in ``plans`` (those in force on ``as_of`` if given, else all of them)."""
    doc = schemas.documents["record"]
    in_force = [p for p in plans if as_of is None or p.in_force_on(as_of)]
    responds = {t.code: t.responds_to for v in schemas.vocabularies for t in reversed(v.record_types)}
    node = schemas.property_schema("record", "type") or {}
    types = []
    for alt in node.get("oneOf", ()):
        code = str(alt["const"])
        required, optional = fields_of(doc, code)
        types.append(RecordTypeInfo(
            code=code,
            name=str(alt.get("title", code)),
            short=str(alt.get("x-short", "")),
            description=str(alt.get("description", "")),
            required=required,
            optional=optional,
            responds_to=responds.get(code, ()),
            counts_for=tuple(_counts_for(in_force, code)),
        ))
    return RecordVocabulary(schema=bundled(schemas), types=tuple(types))


def _condition_types(rule: dict[str, Any]) -> Optional[list[str]]:
    """The record types an ``if`` on ``type`` names; None for a rule without one."""
    cond = rule.get("if", {}).get("properties", {}).get("type")
    if cond is None:
        return None
    return [cond["const"]] if "const" in cond else list(cond.get("enum", ()))


def fields_of(record_doc: dict[str, Any], record_type: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) fields of a record type under a derived record schema: the
    schema's ``required``, plus what each ``allOf`` rule requires of the type, less what a
    rule forbids it."""
    required = list(record_doc.get("required", ()))
    forbidden: set[str] = set()
    for rule in record_doc.get("allOf", ()):
        names = _condition_types(rule)
        if names is None:  # refused on every record
            forbidden.update(rule.get("not", {}).get("required", ()))
            continue
        branch = rule.get("then", {}) if record_type in names else rule.get("else", {})
        required += [n for n in branch.get("required", ()) if n not in required]
        forbidden.update(branch.get("not", {}).get("required", ()))
    props = list(record_doc.get("properties", {}))
    ordered_required = tuple(n for n in props if n in required)
    optional = tuple(n for n in props if n not in required and n not in forbidden)
    return ordered_required, optional


def _counts_for(plans: Sequence[Plan], code: str) -> Iterator[CountsFor]:
    for plan in plans:
        for ob in plan.obligations:
            roles: list[tuple[str, str]] = []
            if ob.qualifies is not None and code in ob.qualifies.types:
                roles.append(("qualifies", ob.qualifies.by))
            if ob.response is not None and code in ob.response.types:
                roles.append(("response", ob.response.by))
            if code in ob.trigger_types:
                roles.append(("trigger", "any"))
            rule = ob.precondition
            if rule is not None and code in rule.types:
                roles.append(("event", "any"))
            if rule is not None and any(code in need.types for need in rule.needs):
                roles.append(("approval", "any"))
            if code in ob.evidence_types:
                roles.append(("evidence", "any"))
            for role, by in roles:
                yield CountsFor(plan.id, ob.id, ob.clause, ob.title, role, ob.subject.level, by)


def bundled(schemas: SchemaSet) -> dict[str, Any]:
    """The derived record schema with the common definitions it uses copied in: one document."""
    doc = copy.deepcopy(schemas.documents["record"])
    common = schemas.documents["common"].get("$defs", {})
    defs: dict[str, Any] = doc.setdefault("$defs", {})

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(COMMON_REF):
                name = ref[len(COMMON_REF):]
                node["$ref"] = f"#/$defs/{name}"
                if name not in defs:
                    defs[name] = copy.deepcopy(common[name])
                    visit(defs[name])
            for value in list(node.values()):
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(doc)
    return doc
