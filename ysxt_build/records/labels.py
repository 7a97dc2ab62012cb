"""Chinese names of coded values, read from the (derived) schemas, and the unit's own words.

The record types, organisation kinds, roles and categories are the vocabularies' (the derived
schemas carry their titles); ``whole`` (全镇, 全县, 全校) and ``leading_body`` (镇党委) are the
words of the vocabulary in use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .schemas import SchemaSet
from .vocabulary import Vocabulary

WHOLE_DEFAULT = "全体"  # only when a repository has no vocabulary
LEADING_BODY_DEFAULT = "上级党组织"


@dataclass(frozen=True)
class Labels:
    record_types: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    org_kinds: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    obligation_kinds: dict[str, str] = field(default_factory=dict)
    periods: dict[str, str] = field(default_factory=dict)
    whole: str = WHOLE_DEFAULT  # 全镇
    leading_body: str = LEADING_BODY_DEFAULT  # 镇党委

    @classmethod
    def from_schemas(cls, schemas: Optional[SchemaSet] = None, vocabulary: Optional[Vocabulary] = None) -> "Labels":
        """Labels of a schema set (derived from a repository's vocabularies, for their names);
        ``vocabulary`` gives the unit's words (default: the first of the schema set's)."""
        s = schemas or SchemaSet.load()
        words = vocabulary or (s.vocabularies[0] if s.vocabularies else None)

        def table(kind: str, *path: str) -> dict[str, str]:
            return {c.value: c.title for c in s.choices(kind, *path)}

        return cls(
            record_types=table("record", "type"),
            roles=table("organization", "members", "[]", "role"),
            org_kinds=table("organization", "kind"),
            categories=table("organization", "category"),
            obligation_kinds=_plan_table(s, "kind"),
            periods=_plan_table(s, "period"),
            whole=words.whole if words else WHOLE_DEFAULT,
            leading_body=words.leading_body if words else LEADING_BODY_DEFAULT,
        )

    def record_type(self, code: str) -> str:
        return self.record_types.get(code, code)

    def role(self, code: str) -> str:
        return self.roles.get(code, code)

    def org_kind_rank(self, code: str) -> int:
        """The place of a kind of organisation in the vocabulary's order (leading body first)."""
        for i, kind in enumerate(self.org_kinds):
            if kind == code:
                return i
        return len(self.org_kinds)


def _plan_table(s: SchemaSet, name: str) -> dict[str, str]:
    node = s.resolve(s.documents["plan"]["$defs"]["obligation"]["properties"][name], "plan")
    return {alt["const"]: alt.get("title", alt["const"]) for alt in node.get("oneOf", [])}
