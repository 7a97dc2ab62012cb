"""A member written by name where the id belongs: say which id the name stands for.

The schema check of one file sees ``participants: [黄国庆]`` and says a member id is needed
(``schema.member-name``); only the registry knows that 黄国庆 is ``m-huang-guoqing``. Once the
organisations are loaded, :func:`suggest_member_ids` adds "是不是 m-huang-guoqing（黄国庆）？"
to each such finding, preferring the members of the organisation whose folder the record is in.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Mapping, Sequence

from ..records import layout
from ..records.problems import Problem

CODE = "schema.member-name"
_NAME = re.compile(r"写的是姓名“([^”]*)”")


def suggest_member_ids(problems: Sequence[Problem], names: Mapping[str, tuple[str, str]]) -> list[Problem]:
    """``problems`` with the id of each member written by name; ``names`` maps member ids to
    their name and the organisation file that registers them."""
    if not any(p.code == CODE for p in problems):
        return list(problems)
    by_name: dict[str, list[tuple[str, str]]] = {}
    for member_id, (name, source) in names.items():
        by_name.setdefault(name, []).append((member_id, source))
    out = []
    for p in problems:
        m = _NAME.search(p.message) if p.code == CODE else None
        found = by_name.get(m.group(1).strip(), []) if m else []
        if found:
            parts = p.path.split("/")
            own = layout.organization_path(parts[3]) if len(parts) == 5 else ""
            mine = [f for f in found if f[1] == own] or found
            guess = "或".join(f"{member_id}（{m.group(1).strip()}）" for member_id, _ in mine)  # type: ignore[union-attr]
            p = replace(p, hint=f"是不是 {guess}？" + p.hint)
        out.append(p)
    return out
