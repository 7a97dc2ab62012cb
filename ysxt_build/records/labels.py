"""Chinese names of coded values, read from the schemas (the one source of truth)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .schemas import SchemaSet


@dataclass(frozen=True)
class Labels:
    record_types: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    org_kinds: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    obligation_kinds: dict[str, str] = field(default_factory=dict)
    periods: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_schemas(cls, schemas: Optional[SchemaSet] = None) -> "Labels":
        s = schemas or SchemaSet.load()

        def table(kind: str, *path: str) -> dict[str, str]:
            return {c.value: c.title for c in s.choices(kind, *path)}

        return cls(
            record_types=table("record", "type"),
            roles=table("organization", "members", "[]", "role"),
            org_kinds=table("organization", "kind"),
            categories=table("organization", "category"),
            obligation_kinds=_plan_table(s, "kind"),
            periods=_plan_table(s, "period"),
        )

    def record_type(self, code: str) -> str:
        return self.record_types.get(code, code)

    def role(self, code: str) -> str:
        return self.roles.get(code, code)


def _plan_table(s: SchemaSet, name: str) -> dict[str, str]:
    node = s.resolve(s.documents["plan"]["$defs"]["obligation"]["properties"][name], "plan")
    return {alt["const"]: alt.get("title", alt["const"]) for alt in node.get("oneOf", [])}
