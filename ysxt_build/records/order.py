"""The order in which every table lists organisations: the registry's order.

The town committee first, then each organisation followed by the ones under it. Siblings go
by the kind of unit (the order of ``category`` in the organisation schema: 镇机关, 村, 社区,
机关站所, 学校, 卫生院, 企业…), a general branch before the branches of the same kind of unit,
dissolved organisations after the others, then by founding date. Ids (English words) never
decide an order a reader sees, except to break a last tie.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Optional, Sequence

from .labels import Labels
from .model import Organization

_KIND_RANK = {"town_committee": 0, "general_branch": 1, "branch": 2}


@lru_cache(maxsize=1)
def _schema_categories() -> tuple[str, ...]:
    return tuple(Labels.from_schemas().categories)


def registry_order(orgs: Sequence[Organization], categories: Optional[Sequence[str]] = None) -> list[Organization]:
    """``orgs`` in the registry's order (see the module docs); ``categories`` are the
    category codes in the schema's order (``Labels.categories``; read from the schema when
    not given)."""
    category_rank = {c: i for i, c in enumerate(_schema_categories() if categories is None else categories)}
    ids = {o.id for o in orgs}
    children: dict[Optional[str], list[Organization]] = defaultdict(list)
    for o in orgs:
        children[o.parent if o.parent in ids and o.parent != o.id else None].append(o)

    def key(o: Organization) -> tuple[bool, int, bool, int, str, str]:
        return (
            o.kind != "town_committee",
            category_rank.get(o.category, len(category_rank)),
            o.dissolved is not None,
            _KIND_RANK.get(o.kind, 3),
            o.founded.isoformat(),
            o.id,
        )

    out: list[Organization] = []
    seen: set[str] = set()

    def visit(o: Organization) -> None:
        if o.id in seen:
            return
        seen.add(o.id)
        out.append(o)
        for child in sorted(children.get(o.id, []), key=key):
            visit(child)

    for root in sorted(children.get(None, []), key=key):
        visit(root)
    for o in orgs:  # in a cycle of parents, if any
        visit(o)
    return out
