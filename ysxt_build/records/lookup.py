"""Organisations and leading-group members as a clerk names them: by id or by Chinese name.

Every command that takes ``--org`` or ``--member`` resolves it here, so ``柳树村党支部``,
``柳树村`` and ``liushu-village`` mean the same organisation everywhere, and ``黄国庆`` the same
member as ``m-huang-guoqing``. A name that answers to nothing, or to more than one, raises
:class:`NotFound`, whose message (Chinese) says so and lists the valid ones to choose from.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from .model import Dataset, Organization
from .order import registry_order


class NotFound(ValueError):
    """No organisation or member (or more than one) answers to a name; ``str()`` is the message."""


@dataclass(frozen=True)
class Member:
    """A leading-group member: the id, the registered name and the organisations that list them."""

    id: str
    name: str
    organizations: tuple[Organization, ...]


# how the names of party organisations end, longest first: taken off for the short form
_ORG_ENDINGS = ("总支部委员会", "支部委员会", "委员会", "党总支", "党支部", "党工委", "党委", "党组", "总支", "支部")


def short_name(name: str, kind_names: Iterable[str] = ()) -> str:
    """An organisation's name as people say it: 柳树村 for 柳树村党支部, 和平社区 for
    中共和平社区党总支 (``kind_names``: the vocabulary's words for kinds of organisation, taken
    off too)."""
    bare = name.removeprefix("中共")
    endings = sorted({*_ORG_ENDINGS, *kind_names}, key=len, reverse=True)
    return next((bare[: -len(e)] for e in endings if e and bare.endswith(e) and len(bare) > len(e)), bare)


def find_organization(ds: Dataset, name: str, day: date) -> Organization:
    """The organisation whose id or full name is ``name``, else the one existing on ``day``
    whose name people say so (:func:`short_name`: 和平社区 for 和平社区党总支, not its branches
    和平社区第一网格党支部 …), else the one whose name contains it (``柳树村``)."""
    wanted = name.strip()
    org = ds.organization(wanted)
    if org is not None:
        return org
    by_name = [o for o in _ordered(ds) if o.name == wanted]
    if len(by_name) > 1:  # a name used again after a dissolution: the one existing that day
        by_name = [o for o in by_name if o.exists_on(day)] or by_name
    if len(by_name) == 1:
        return by_name[0]
    current = [o for o in _ordered(ds) if o.dissolved is None or o.dissolved >= day]
    said = [o for o in current if wanted and short_name(o.name) == wanted]
    if not by_name and len(said) == 1:
        return said[0]
    partial = by_name or [o for o in current if wanted and wanted in o.name]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        lead = f"“{wanted}”对应多个组织。"
        listed = partial
    else:
        close = difflib.get_close_matches(wanted, [o.id for o in current], n=3, cutoff=0.8)
        guess = f"是不是 {' 或 '.join(f'{c}（{ds.organizations_by_id[c].name}）' for c in close)}？" if close else ""
        lead = f"没有“{wanted}”这个组织。{guess}"
        listed = current
    lines = "\n".join(f"  {o.id:<24} {o.name}" for o in listed)
    raise NotFound(f"{lead}请写组织编号或完整名称：\n{lines}")


def find_member(ds: Dataset, name: str, day: date, within: Optional[Organization] = None) -> Member:
    """The member whose id or name is ``name``; ``within`` an organisation, one of its members.

    A name several members share is refused with the candidates and their organisations
    (within an organisation, only its own members count)."""
    wanted = name.strip()
    members = _members(ds, within)
    if wanted in members:
        return members[wanted]
    same_name = [m for m in members.values() if m.name == wanted]
    if len(same_name) == 1:
        return same_name[0]
    if same_name:
        raise NotFound(f"“{wanted}”是{len(same_name)}位班子成员的姓名，请写成员编号：\n{_lines(same_name, day)}")
    if within is None:
        current = [m for m in members.values() if any(o.dissolved is None or o.dissolved >= day for o in m.organizations)]
        lead = f"没有“{wanted}”这位班子成员。{_guess(wanted, members)}"
        raise NotFound(f"{lead}请写成员编号或姓名：\n{_lines(current or list(members.values()), day)}")
    everyone = _members(ds, None)
    elsewhere = everyone.get(wanted) or next((m for m in everyone.values() if m.name == wanted), None)
    if elsewhere is not None:
        where = "、".join(o.name for o in elsewhere.organizations)
        lead = f"{elsewhere.name}（{elsewhere.id}）不是{within.name}的班子成员（登记在{where}）。"
    else:
        lead = f"{within.name}没有“{wanted}”这位班子成员。{_guess(wanted, members)}"
    if not members:
        raise NotFound(f"{lead}{within.name}没有登记班子成员（在 {within.source or '组织登记文件'} 的 members 中登记）。")
    raise NotFound(f"{lead}请写{within.name}的班子成员（编号或姓名）：\n{_lines(list(members.values()), day, orgs=False)}")


def _ordered(ds: Dataset) -> list[Organization]:
    vocabulary = ds.current_vocabulary
    if vocabulary is None:
        return registry_order(ds.organizations)
    return registry_order(ds.organizations, [c.code for c in vocabulary.categories], [k.code for k in vocabulary.org_kinds])


def _members(ds: Dataset, within: Optional[Organization]) -> dict[str, Member]:
    """Every member by id, in the registry's order (organisations, then their lists)."""
    names: dict[str, str] = {}
    orgs: dict[str, list[Organization]] = {}
    for org in [within] if within is not None else _ordered(ds):
        for term in org.terms:
            names.setdefault(term.member_id, term.name)
            listed = orgs.setdefault(term.member_id, [])
            if org not in listed:
                listed.append(org)
    return {m: Member(m, names[m], tuple(orgs[m])) for m in names}


def _guess(wanted: str, members: dict[str, Member]) -> str:
    close = difflib.get_close_matches(wanted, list(members), n=3, cutoff=0.8)
    return f"是不是 {' 或 '.join(f'{c}（{members[c].name}）' for c in close)}？" if close else ""


def _lines(members: list[Member], day: date, orgs: bool = True) -> str:
    """One line a member: the id, the name and (``orgs``) where registered, with those out of
    office on ``day`` marked."""

    def where(m: Member) -> str:
        parts = []
        for o in m.organizations:
            in_office = any(t.holds_on(day) for t in o.member_terms(m.id))
            away = "" if in_office else f"{day.isoformat()} 不在任"
            parts.append(f"{o.name}，{away}" if orgs and away else o.name if orgs else away)
        said = "；".join(p for p in parts if p)
        return f"（{said}）" if said else ""

    return "\n".join(f"  {m.id:<24} {m.name}{where(m)}" for m in members)
