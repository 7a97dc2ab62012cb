"""Derive a repository's schemas from the base schemas and its vocabularies.

The base schemas in ``schema/`` are the single source of truth for file formats: the record
schema lists every field a record may have (the common ones, and the *field kinds* marked
``x-exclusive`` that only some record types carry), but leaves the coded values open (a record
type, an organisation kind, a role is any code). :func:`derive_documents` closes them with the
vocabularies' lists, so that what ``ysxt check`` validates against, the templates, the portal's
字段参考 and the 填报 form all say the same thing:

- record: ``type`` is one of the vocabularies' record types (each with its Chinese name and
  ``x-short`` id code); for every field kind, an ``if``/``then``/``else`` rule in ``allOf``
  requires it of the types that must carry it and forbids it on the types that may not; a
  common field a type must carry (``responds_to``, ``report``, ``lead`` …) is required of it;
  ``period`` (and an inspection's period) also takes the labels of the vocabularies' cycles
  (``2025S1``), and its description says how they are written (:func:`cycle_forms`);
- organization: ``kind``, ``category`` and a member's ``role`` are the vocabularies' choices;
- plan: an obligation's ``period`` may also be one of the cycles.

The plan and rubric schemas refer to the record and organisation schemas for record types,
kinds and roles, so they follow. With no vocabulary (or a broken one) the base schemas are used
as they are: every code is accepted, and only the vocabulary's own findings are reported.
Pure: documents in, documents out; :meth:`~.schemas.SchemaSet.with_vocabularies` caches.
"""

from __future__ import annotations

import copy
from typing import Any, Iterable, Sequence

from .periods import Cycle, Period
from .vocabulary import RecordType, Vocabulary, merged

Document = dict[str, Any]
ALWAYS_REQUIRED = ("id", "type", "organization", "date", "title")


def exclusive_fields(record_doc: Document) -> list[str]:
    """The field kinds of the base record schema that only the types naming them may carry."""
    return [name for name, node in record_doc.get("properties", {}).items() if node.get("x-exclusive")]


def _type_condition(types: Sequence[str]) -> dict[str, Any]:
    return {"const": types[0]} if len(types) == 1 else {"enum": list(types)}


def _rule(types: Sequence[str]) -> dict[str, Any]:
    return {"if": {"properties": {"type": _type_condition(types)}, "required": ["type"]}}


def _names(types: Iterable[RecordType]) -> str:
    return "、".join(t.name for t in types)


def _codes(types: Iterable[RecordType]) -> str:
    return "、".join(t.code for t in types)


def _period_pattern(base: str, cycles: Sequence[Cycle], whole_year: bool = True) -> str:
    """A period label pattern that also takes the cycles' labels (``2025S1``)."""
    labels = "|".join(f"{c.letter}(?:{'|'.join(str(i) for i in range(1, len(c.starts) + 1))})" for c in cycles)
    if base.endswith(")?$"):  # the record's period: a year, or a year and a part of it
        return base[: -len(")?$")] + "|" + labels + ")?$"
    head, _, tail = base.rpartition("H[12]")  # an inspection's period: a half-year
    return f"{head}(?:H[12]|{labels}){tail}"


def cycle_forms(cycles: Sequence[Cycle], year: int = 2025) -> str:
    """How a record names the vocabulary's own periods, for the schema's description and the
    check's hints: 学期写成 2025S1（2025—2026学年第一学期）或 2025S2（2025—2026学年第二学期），
    学年写成 2025A1（2025—2026学年）."""
    parts = []
    for c in cycles:
        named = [f"{p.label}（{p.label_zh}）" for p in (Period.of_cycle(c, year, i) for i in range(1, len(c.starts) + 1))]
        listed = named[0] if len(named) == 1 else "、".join(named[:-1]) + "或 " + named[-1]
        parts.append(f"{c.name.removeprefix('每')}写成 {listed}")
    return "，".join(parts)


def derive_record(base: Document, vocabularies: Sequence[Vocabulary]) -> Document:
    doc = copy.deepcopy(base)
    props: dict[str, Any] = doc["properties"]
    types: list[RecordType] = merged(tuple(vocabularies), "record_types")
    node = props["type"]
    node.pop("pattern", None)
    node["oneOf"] = [
        {"const": t.code, "title": t.name, **({"description": t.description} if t.description else {}), "x-short": t.short}
        for t in types
    ]
    rules: list[dict[str, Any]] = []
    for name in list(props):
        field = props[name]
        title = str(field.get("title", name))
        requiring = [t for t in types if name in t.fields]
        if field.get("x-exclusive"):
            allowing = [t for t in types if name in t.fields or name in t.optional]
            if not allowing:  # kept (the plan schema refers into it), never allowed
                rules.append({"not": {"required": [name]},
                              "x-hint": f"{name}（{title}）不用于词汇表中的任何记录类型，请删除。"})
                continue
            hint = f"{name}（{title}）只用于 type: {_codes(allowing)}"
            if requiring:
                hint += f"，{_names(requiring)}记录必须写 {name}"
            hint += "。"
            if requiring and len(requiring) == len(allowing):
                rules.append({**_rule([t.code for t in allowing]), "then": {"required": [name]},
                              "else": {"not": {"required": [name]}}, "x-hint": hint})
                continue
            rules.append({**_rule([t.code for t in allowing]), "else": {"not": {"required": [name]}}, "x-hint": hint})
            if requiring:
                rules.append({**_rule([t.code for t in requiring]), "then": {"required": [name]}, "x-hint": hint})
        elif requiring and name not in ALWAYS_REQUIRED:
            rules.append({**_rule([t.code for t in requiring]), "then": {"required": [name]},
                          "x-hint": f"{_names(requiring)}记录必须写 {name}（{title}）。"})
    if rules:
        doc["allOf"] = rules
    cycles: list[Cycle] = merged(tuple(vocabularies), "cycles")
    if cycles:
        period = props.get("period")
        if period is not None and "pattern" in period:
            period["pattern"] = _period_pattern(period["pattern"], cycles)
            period["examples"] = list(period.get("examples", ())) + [f"2025{cycles[0].letter}1"]
            period["description"] = f"{period.get('description', '')}本单位自定的期间：{cycle_forms(cycles)}。"
        inspection = props.get("inspection", {}).get("properties", {}).get("period")
        if inspection is not None and "pattern" in inspection:
            inspection["pattern"] = _period_pattern(inspection["pattern"], cycles)
            inspection["description"] = f"{inspection.get('description', '')}本单位自定的期间：{cycle_forms(cycles)}。"
    return doc


def _choices(node: dict[str, Any], items: Sequence[Any]) -> None:
    node.pop("pattern", None)
    node["oneOf"] = [
        {"const": i.code, "title": i.name, **({"description": i.description} if i.description else {})} for i in items
    ]


def derive_organization(base: Document, vocabularies: Sequence[Vocabulary]) -> Document:
    doc = copy.deepcopy(base)
    props = doc["properties"]
    vocabs = tuple(vocabularies)
    _choices(props["kind"], merged(vocabs, "org_kinds"))
    _choices(props["members"]["items"]["properties"]["role"], merged(vocabs, "roles"))
    categories = merged(vocabs, "categories")
    if categories:
        _choices(props["category"], categories)
    return doc


def derive_plan(base: Document, vocabularies: Sequence[Vocabulary]) -> Document:
    cycles: list[Cycle] = merged(tuple(vocabularies), "cycles")
    if not cycles:
        return base
    doc = copy.deepcopy(base)
    period = doc["$defs"]["obligation"]["properties"]["period"]
    period["oneOf"] = list(period.get("oneOf", ())) + [{"const": c.code, "title": c.name} for c in cycles]
    return doc


def derive_documents(base: dict[str, Document], vocabularies: Sequence[Vocabulary]) -> dict[str, Document]:
    """The base documents with the record, organisation and plan schemas closed by the vocabularies."""
    documents = dict(base)
    if not vocabularies:
        return documents
    documents["record"] = derive_record(base["record"], vocabularies)
    documents["organization"] = derive_organization(base["organization"], vocabularies)
    documents["plan"] = derive_plan(base["plan"], vocabularies)
    return documents
