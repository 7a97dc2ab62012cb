"""The words a plan speaks: kinds of organisation, roles, record types, clause numbers, cycles.

A vocabulary is a file of its own (``records/vocabularies/<id>.yaml``, format in
``schema/vocabulary.schema.json``) that plans name (``vocabulary: <id>``): a town, a county
department, a school or an enterprise says in it which kinds of organisation it has (党委, 党组,
党总支, 党支部, 领导小组 …) and which of them owe a plan's duties when a duty does not say,
what a leading group's roles are, which record types it keeps (their Chinese names, the short
code used in record ids, the fields each must or may carry beyond the common ones, and what
they answer), how its clauses are numbered, its own kinds of period (semesters, a fiscal
year), and the words for the whole unit (全镇, 全县, 全校) and its leading body (镇党委).

The fields a record type may carry are chosen from the field kinds of ``schema/record.schema.json``;
the record schema that ``ysxt check`` validates against is derived from that base and the
vocabularies (:mod:`.derive`). Nothing about a particular unit is written in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from .periods import Cycle


def _t(values: Any) -> tuple[Any, ...]:
    return tuple(values) if values else ()


@dataclass(frozen=True)
class Choice:
    """A coded value with its Chinese name: an organisation kind, a role, a category."""

    code: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class OrgKind:
    code: str
    name: str
    top: bool = False  # the unit's leading body (issues the plan): no parent organisation
    default_subject: bool = False  # owes a plan's organisation duties that name no kinds
    description: str = ""


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    single: bool = False  # one holder at a time (书记, 分管领导, 组长)
    description: str = ""


@dataclass(frozen=True)
class RecordType:
    """One kind of record: what it is called, its id code, the fields it carries."""

    code: str  # special_study
    name: str  # 专题研究会议
    short: str  # zyyj: the code in record ids (2025-qingshan-village-zyyj-01)
    description: str = ""
    fields: tuple[str, ...] = ()  # fields it must carry beyond the common required ones
    optional: tuple[str, ...] = ()  # type-specific fields (field kinds) it may carry
    responds_to: tuple[str, ...] = ()  # the record types its responds_to may name
    filed_by: tuple[str, ...] = ()  # the kinds of organisation that may file it (() = every kind)
    # the kinds that may file one naming organisations beyond their own subtree (None = the top kinds)
    filed_for_others_by: Optional[tuple[str, ...]] = None


@dataclass(frozen=True)
class Vocabulary:
    id: str
    title: str
    whole: str  # the whole unit: 全镇, 全县, 全校
    leading_body: str  # the body that issues the plan, inspects and assesses: 镇党委
    org_kinds: tuple[OrgKind, ...]
    roles: tuple[Role, ...]
    record_types: tuple[RecordType, ...]
    categories: tuple[Choice, ...] = ()
    clause_pattern: Optional[str] = None  # a regular expression clause numbers must match
    clause_example: str = ""
    cycles: tuple[Cycle, ...] = ()
    source: str = ""
    reports_to: str = ""  # the body the leading body's own reports go to: 中共XX县委宣传部 ("" = not said)

    def record_type(self, code: str) -> Optional[RecordType]:
        return next((t for t in self.record_types if t.code == code), None)

    @property
    def default_kinds(self) -> tuple[str, ...]:
        """The kinds of organisation that owe duties whose subject names no kinds."""
        return tuple(k.code for k in self.org_kinds if k.default_subject)

    @property
    def top_kinds(self) -> tuple[str, ...]:
        return tuple(k.code for k in self.org_kinds if k.top)

    def cycle(self, code: str) -> Optional[Cycle]:
        """The vocabulary's period of this code, if it is well formed (else the check says why)."""
        return next((c for c in self.cycles if c.code == code and c.problem() is None), None)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], source: str = "") -> "Vocabulary":
        labels = data.get("labels") or {}
        clauses = data.get("clauses") or {}
        return cls(
            id=data["id"],
            title=data["title"],
            whole=labels["whole"],
            leading_body=labels["leading_body"],
            reports_to=labels.get("reports_to", ""),
            org_kinds=tuple(
                OrgKind(k["code"], k["name"], bool(k.get("top", False)), bool(k.get("default_subject", False)),
                        k.get("description", ""))
                for k in data["org_kinds"]
            ),
            roles=tuple(
                Role(r["code"], r["name"], bool(r.get("single", False)), r.get("description", ""))
                for r in data["roles"]
            ),
            categories=tuple(Choice(c["code"], c["name"], c.get("description", "")) for c in data.get("categories", ())),
            record_types=tuple(
                RecordType(
                    code=t["code"],
                    name=t["name"],
                    short=t["short"],
                    description=t.get("description", ""),
                    fields=_t(t.get("fields")),
                    optional=_t(t.get("optional")),
                    responds_to=_t(t.get("responds_to")),
                    filed_by=_t(t.get("filed_by")),
                    filed_for_others_by=tuple(t["filed_for_others_by"]) if "filed_for_others_by" in t else None,
                )
                for t in data["record_types"]
            ),
            clause_pattern=clauses.get("pattern"),
            clause_example=clauses.get("example", ""),
            cycles=tuple(
                Cycle(c["code"], c["name"], c["letter"], tuple(c["starts"]), _t(c.get("names")))
                for c in data.get("periods", ())
            ),
            source=source,
        )


def merged(vocabularies: tuple[Vocabulary, ...], attribute: str) -> list[Any]:
    """The items of one list of every vocabulary, the first of each code (vocabularies in order);
    of the cycles, only the well-formed ones."""
    seen: set[str] = set()
    out: list[Any] = []
    for v in vocabularies:
        for item in getattr(v, attribute):
            if isinstance(item, Cycle) and item.problem() is not None:
                continue
            if item.code not in seen:
                seen.add(item.code)
                out.append(item)
    return out
