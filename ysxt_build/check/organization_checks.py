"""Checks of the organisation registry: each organisation file against the others.

File name and id agree, the leading body (a kind the vocabulary marks ``top``) has no parent
and every other organisation has one that exists, with no cycle; dates are in order and not
after the check date, a role the vocabulary marks ``single`` (书记, 分管领导, 组长) has one
holder at a time, one person's terms do not overlap, positions are managed by the
organisation's own members, and a member id names one person everywhere. Gives the record
checks the name each member id stands for.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from ..records import layout
from ..records.model import Organization
from ..records.problems import Pointer, Problem
from ..records.vocabulary import Role, Vocabulary, merged
from .findings import future, reserved, stem
from .findings import problem as _p


def organization_findings(
    organizations: Sequence[Organization],
    by_id: Mapping[str, Organization],
    org_known: Callable[[str], bool],
    as_of: date,
    names: dict[str, tuple[str, str]],
    vocabularies: Sequence[Vocabulary] = (),
) -> Iterator[Problem]:
    """Every organisation, then the member ids shared between them.

    ``org_known`` says whether an id names an organisation (loaded, or a file with errors of
    its own); ``names`` is filled with each member id's name and the file that registered it
    first, for the record checks. The kinds and roles are those of ``vocabularies``.
    """
    vocabs = tuple(vocabularies)
    kinds = {k.code: k for k in merged(vocabs, "org_kinds")}
    roles: list[Role] = merged(vocabs, "roles")
    single = {r.code: r.name for r in roles if r.single}
    top = [k for k in kinds.values() if k.top]
    for org in organizations:
        yield from _organization(org, by_id, org_known, as_of, kinds, single, top)
    yield from _member_names(organizations, names)


def _organization(
    org: Organization,
    by_id: Mapping[str, Organization],
    org_known: Callable[[str], bool],
    as_of: date,
    kinds: Mapping[str, Any],
    single: Mapping[str, str],
    top: Sequence[Any],
) -> Iterator[Problem]:
    src = org.source
    taken = reserved(src, org.id, "组织编号", layout.organization_path(f"{org.id}-1"), "记录中写到这个组织编号的地方也一并改掉。")
    if taken is not None:
        yield taken
    if stem(src) != org.id:
        yield _p(src, "path.id-mismatch", f"组织编号“{org.id}”与文件名“{stem(src)}.yaml”不一致",
                 f"请把文件改名为 {layout.organization_path(org.id)}，或把 id 改成文件名。", ("id",))
    kind = kinds.get(org.kind)
    if not kinds:
        pass  # no vocabulary says which kind leads: the plan's finding says what to do
    elif kind is not None and kind.top:
        if org.parent is not None:
            yield _p(src, "org.parent", f"{kind.name}不应写上级组织（parent）", "请删除 parent 这一行。", ("parent",))
    elif org.parent is None:
        leading = "、".join(k.name for k in top) or "领导机关"
        yield _p(src, "org.parent", "缺少上级组织（parent）",
                 f"写上级组织的编号：直属{leading}的写{leading}的编号，下一级组织写所在上级组织的编号。", ("id",))
    elif org.parent == org.id:
        yield _p(src, "org.parent", "上级组织不能是自己", "请写上级党组织的编号。", ("parent",))
    elif not org_known(org.parent):
        yield _p(src, "ref.organization", f"上级组织“{org.parent}”不存在",
                 f"请检查编号，或先在 {layout.ORGANIZATIONS}/ 下登记该组织。", ("parent",))
    elif org.parent in by_id and _has_cycle(org, by_id):
        yield _p(src, "org.parent-cycle", "上级组织关系形成了循环", "请检查 parent 的层级关系。", ("parent",))
    if org.dissolved is not None and org.dissolved < org.founded:
        yield _p(src, "date.order", "撤销日期早于成立日期", "请检查 founded 和 dissolved。", ("dissolved",))
    for pointer, what, day in (
        (("founded",), "成立日期", org.founded),
        (("dissolved",), "撤销日期", org.dissolved),
        (("positions_reviewed",), "阵地登记核对日期", max(org.positions_reviewed, default=None)),
        (("mechanisms", "public_opinion_watch", "established"), "机制建立日期", org.public_opinion_watch),
    ):
        if day is not None:
            p = future(src, pointer, what, day, as_of)
            if p:
                yield p
    by_role: dict[str, list[int]] = defaultdict(list)
    by_member: dict[str, list[int]] = defaultdict(list)
    for i, term in enumerate(org.terms):
        at: Pointer = ("members", i)
        if term.end is not None and term.end < term.start:
            yield _p(src, "date.order", f"{term.name}的离任日期早于任职日期", "请检查 from 和 to。", at + ("to",))
        p = future(src, at + ("from",), "任职日期", term.start, as_of)
        if p:
            yield p
        if term.role in single:
            by_role[term.role].append(i)
        by_member[term.member_id].append(i)
    yield from _overlaps(org, by_role, "role", single)
    yield from _overlaps(org, by_member, "member", single)
    seen_positions: set[str] = set()
    members = {t.member_id for t in org.terms}
    for i, pos in enumerate(org.positions):
        if pos.id in seen_positions:
            yield _p(src, "id.duplicate", f"阵地编号“{pos.id}”重复", "每个阵地用不同的编号。", ("positions", i, "id"))
        seen_positions.add(pos.id)
        if pos.manager is not None and pos.manager not in members:
            yield _p(src, "ref.member", f"阵地负责人“{pos.manager}”不是本组织的班子成员",
                     "请写本组织 members 中登记的成员编号。", ("positions", i, "manager"))


def _overlaps(org: Organization, groups: dict[str, list[int]], what: str, single: Mapping[str, str]) -> Iterator[Problem]:
    """Terms of one role (``what="role"``) or of one member (``"member"``) that overlap."""
    for key, indexes in groups.items():
        terms = [(i, org.terms[i]) for i in indexes]
        terms.sort(key=lambda it: it[1].start)
        for (i, a), (j, b) in zip(terms, terms[1:]):
            if a.end is None or a.end >= b.start:
                if what == "role":
                    label = _short_role(single.get(key, key))
                    message = f"同一时间有两位{label}：{a.name}和{b.name}（{b.start.isoformat()} 起）"
                    hint = f"前任离任时请给前任写 to（离任日期），且早于 {b.start.isoformat()}。"
                else:
                    message = f"{a.name}的两段任职时间重叠"
                    hint = "职务变动时给原任职写 to（离任日期），新任职的 from 在其后。"
                yield _p(org.source, "member.overlap", message, hint, ("members", j, "from"))


def _member_names(organizations: Iterable[Organization], names: dict[str, tuple[str, str]]) -> Iterator[Problem]:
    """One member id, one person: reported at every place, so each file's clerk sees it.

    Fills ``names`` with the first place of each member id (its name and file).
    """
    uses: dict[str, list[tuple[str, str, int]]] = defaultdict(list)  # id -> (name, src, i)
    for org in organizations:
        for i, term in enumerate(org.terms):
            uses[term.member_id].append((term.name, org.source, i))
    for member_id, places in uses.items():
        first_name, first_src, _ = places[0]
        names.setdefault(member_id, (first_name, first_src))
        for name, src, i in places:
            other = next(((n, s) for n, s, _ in places if n != name), None)
            if other is not None:
                yield _p(src, "member.id-reused",
                         f"成员编号“{member_id}”已用于{other[0]}（{other[1]}），这里是{name}",
                         "同一人在各处用同一编号；不同的人请用不同编号，例如加数字 m-zhang-wei-2。",
                         ("members", i, "id"))


def _short_role(name: str) -> str:
    """书记（第一责任人） → 书记: the role's name without the words in brackets."""
    return name.split("（")[0].split("(")[0] or name


def _has_cycle(org: Organization, by_id: Mapping[str, Organization]) -> bool:
    seen = {org.id}
    parent = org.parent
    while parent is not None and parent in by_id:
        if parent in seen:
            return True
        seen.add(parent)
        parent = by_id[parent].parent
    return False
