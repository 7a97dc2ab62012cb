"""The order in which every table lists organisations: the registry's order.

The leading body (the town committee) first, then each organisation followed by the ones
under it. Siblings go by the kind of unit (the order of the vocabulary's ``categories``: 镇机关,
村, 社区, 机关站所, 学校, 卫生院, 企业…), then by the order of its kinds of organisation (a general
branch before the branches of the same kind of unit), dissolved organisations after the
others, then by founding date. Ids (English words) never decide an order a reader sees,
except to break a last tie. Both orders are the vocabulary's (``Labels.categories`` and
``Labels.org_kinds`` keep it); without them, the tree and the dates decide.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Optional, Sequence

from .model import Organization


def registry_order(
    orgs: Sequence[Organization], categories: Optional[Sequence[str]] = None, kinds: Optional[Sequence[str]] = None
) -> list[Organization]:
    """``orgs`` in the registry's order (see the module docs); ``categories`` and ``kinds`` are
    the category and organisation-kind codes in the vocabulary's order (``Labels.categories``,
    ``Labels.org_kinds``), the leading body's kind first."""
    category_rank = {c: i for i, c in enumerate(categories or ())}
    kind_rank = {k: i for i, k in enumerate(kinds or ())}
    ids = {o.id for o in orgs}
    children: dict[Optional[str], list[Organization]] = defaultdict(list)
    for o in orgs:
        children[o.parent if o.parent in ids and o.parent != o.id else None].append(o)

    def key(o: Organization) -> tuple[bool, int, bool, int, str, str]:
        return (
            kind_rank.get(o.kind, len(kind_rank)) != 0 if kind_rank else o.parent is not None,
            category_rank.get(o.category, len(category_rank)),
            o.dissolved is not None,
            kind_rank.get(o.kind, len(kind_rank)),
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
