"""Checks of the implementation plans and the rubrics scored against them.

A plan: file name and id agree, its issuer and its vocabulary exist, it is in force after it
starts, clause numbers are unique and written as its vocabulary says, obligation ids are
unique, obligations cite its clauses and use only the words of its vocabulary (record types,
kinds of organisation, roles, categories, periods), fixed due days are real and only on yearly
(or cycle) obligations. Plans of one responsibility system (``system``) are revisions: their
terms do not overlap; plans of different systems run side by side, and do not share
obligation ids while both are in force. A rubric: its plan exists, its indicators cite that
plan's obligations, have unique ids and add up to the total.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Callable, Iterable, Iterator, Optional

from ..records import layout
from ..records.model import Dataset, Obligation, Plan, Rubric
from ..records.periods import KINDS
from ..records.problems import Pointer, Problem
from ..records.vocabulary import Vocabulary
from .findings import points, reserved, stem
from .findings import problem as _p


def plan_findings(
    plans: Iterable[Plan],
    org_known: Callable[[str], bool],
    dataset: Optional[Dataset] = None,
    broken_vocabularies: Optional[set[str]] = None,
) -> Iterator[Problem]:
    """Every plan, in the order they come into force, then the ones that overlap."""
    ordered = sorted(plans, key=lambda p: p.effective_from)
    known = {v.id for v in dataset.vocabularies} if dataset is not None else set()
    for plan in ordered:
        yield from _plan(plan, org_known)
        if plan.vocabulary not in known and plan.vocabulary not in (broken_vocabularies or set()):
            yield _p(plan.source, "ref.vocabulary", f"词汇表“{plan.vocabulary}”不存在",
                     f"请写 {layout.VOCABULARIES}/ 下词汇表的编号（文件名，不含 .yaml）。", ("vocabulary",))
        elif plan.vocab is not None:
            yield from _words(plan, plan.vocab)
    by_system: dict[str, list[Plan]] = defaultdict(list)
    for plan in ordered:
        by_system[plan.system].append(plan)
    for revisions in by_system.values():
        for a, b in zip(revisions, revisions[1:]):
            if a.effective_to is None or a.effective_to >= b.effective_from:
                yield _p(b.source, "plan.overlap",
                         f"方案施行期与 {a.source} 重叠",
                         f"同一责任制的方案是前后修订的版本：请给旧方案写 effective_to（废止日期），且早于 "
                         f"{b.effective_from.isoformat()}；两者是不同的责任制时，请分别写明 system。",
                         ("effective_from",))
    yield from _shared_ids(ordered)


def _overlap(a: Plan, b: Plan) -> bool:
    return (a.effective_to is None or a.effective_to >= b.effective_from) and (
        b.effective_to is None or b.effective_to >= a.effective_from
    )


def _shared_ids(ordered: list[Plan]) -> Iterator[Problem]:
    """Plans of different systems in force at once do not share an obligation id."""
    for i, b in enumerate(ordered):
        for a in ordered[:i]:
            if a.system == b.system or not _overlap(a, b):
                continue
            ids = {o.id for o in a.obligations}
            for j, ob in enumerate(b.obligations):
                if ob.id in ids:
                    yield _p(b.source, "id.duplicate",
                             f"责任事项编号“{ob.id}”与同时施行的 {a.source}（{a.system or '未写 system'}）重复",
                             "同时施行的不同责任制，责任事项用不同的编号（例如加上责任制的缩写）。",
                             ("obligations", j, "id"))


def _words(plan: Plan, v: Vocabulary) -> Iterator[Problem]:
    """The plan says only what its vocabulary has words for."""
    src = plan.source
    if v.clause_pattern is not None:
        try:
            pattern: Optional[re.Pattern[str]] = re.compile(v.clause_pattern)
        except re.error:
            pattern = None  # the vocabulary's finding says so
        for i, clause in enumerate(plan.clauses):
            if pattern is not None and not pattern.fullmatch(clause.ref):
                example = f"，例如 {v.clause_example}" if v.clause_example else ""
                yield _p(src, "plan.clause-ref", f"条款号“{clause.ref}”不符合词汇表 {v.id} 规定的写法",
                         f"请按词汇表 clauses.pattern 的格式写条款号{example}。", ("clauses", i, "ref"))
    types = {t.code for t in v.record_types}
    kinds = {k.code for k in v.org_kinds}
    roles = {r.code for r in v.roles}
    categories = {c.code for c in v.categories}
    periods = set(KINDS) | {c.code for c in v.cycles}
    for i, ob in enumerate(plan.obligations):
        at: Pointer = ("obligations", i)
        for pointer, code, known, what in _used(ob):
            if what == "types":
                ok, name = code in types, "记录类型"
            elif what == "kinds":
                ok, name = code in kinds, "组织类型"
            elif what == "roles":
                ok, name = code in roles, "职务"
            elif what == "categories":
                ok, name = not categories or code in categories, "单位类别"
            else:
                ok, name = code in periods, "期间"
            if not ok:
                yield _p(src, "plan.vocabulary", f"{name}“{code}”不在词汇表 {v.id} 中",
                         f"请写词汇表 {layout.vocabulary_path(v.id)} 中的代码，或先在词汇表中加上它。", at + pointer)


def _used(ob: Obligation) -> Iterator[tuple[Pointer, str, bool, str]]:
    """(pointer, code, _, what) for every code an obligation uses."""
    lists: list[tuple[Pointer, tuple[str, ...], str]] = [
        (("subject", "org_kinds"), ob.subject.org_kinds, "kinds"),
        (("subject", "roles"), ob.subject.roles, "roles"),
        (("subject", "categories"), ob.subject.categories, "categories"),
        (("qualifies", "types"), ob.qualifies.types if ob.qualifies else (), "types"),
        (("response", "types"), ob.response.types if ob.response else (), "types"),
        (("trigger", "types"), ob.trigger_types, "types"),
        (("evidence_types",), ob.evidence_types, "types"),
        (("targets", "org_kinds"), ob.target_kinds, "kinds"),
        (("condition", "has_roles"), tuple(dict(ob.condition).get("has_roles", ())), "roles"),
    ]
    if ob.precondition is not None:
        lists.append((("precondition", "types"), ob.precondition.types, "types"))
        for n, need in enumerate(ob.precondition.needs):
            lists.append((("precondition", "needs", n, "types"), need.types, "types"))
            lists.append((("precondition", "needs", n, "recorded_by"), need.recorded_by, "kinds"))
    for pointer, codes, what in lists:
        for j, code in enumerate(codes):
            yield pointer + (j,), code, True, what
    if ob.period is not None:
        yield ("period",), ob.period, True, "periods"


def _plan(plan: Plan, org_known: Callable[[str], bool]) -> Iterator[Problem]:
    src = plan.source
    taken = reserved(src, plan.id, "方案编号", layout.plan_path(f"{plan.id}-2025"), "考评方案中写到这个方案编号的地方（plan）也一并改掉。")
    if taken is not None:
        yield taken
    if stem(src) != plan.id:
        yield _p(src, "path.id-mismatch", f"方案编号“{plan.id}”与文件名“{stem(src)}.yaml”不一致",
                 f"请把文件改名为 {layout.plan_path(plan.id)}。", ("id",))
    leading = f"{plan.vocab.leading_body}的组织编号" if plan.vocab is not None else "制定方案的组织的编号"
    if not org_known(plan.issuer):
        yield _p(src, "ref.organization", f"制定组织“{plan.issuer}”不存在", f"请写{leading}。", ("issuer",))
    if plan.effective_to is not None and plan.effective_to < plan.effective_from:
        yield _p(src, "date.order", "废止日期早于施行日期", "请检查 effective_from 和 effective_to。", ("effective_to",))
    words, topics = plan.settings.topic_keywords, plan.settings.default_topics
    if topics and not any(w in t for t in topics for w in words):
        yield _p(src, "plan.default-topics", "默认议题不含任何关键词：按默认议题新建的记录，不改议题就不计入看议题的责任",
                 f"请在 default_topics 中写一个含“{'”“'.join(words)}”之一的议题，或删去 default_topics。",
                 ("settings", "default_topics"), severity="warning")
    refs: set[str] = set()
    for i, clause in enumerate(plan.clauses):
        if clause.ref in refs:
            yield _p(src, "id.duplicate", f"条款号“{clause.ref}”重复", "每条条款号只写一次。", ("clauses", i, "ref"))
        refs.add(clause.ref)
    ids: set[str] = set()
    for i, ob in enumerate(plan.obligations):
        at: Pointer = ("obligations", i)
        if ob.id in ids:
            yield _p(src, "id.duplicate", f"责任事项编号“{ob.id}”重复", "每项责任用不同的编号。", at + ("id",))
        ids.add(ob.id)
        if ob.clause not in refs:
            yield _p(src, "ref.clause", f"条款号“{ob.clause}”不在 clauses 中",
                     "请写 clauses 中已有的条款号，例如 二（一）4。", at + ("clause",))
        if ob.report_to is not None and not org_known(ob.report_to):
            yield _p(src, "ref.organization", f"报送对象“{ob.report_to}”不存在", f"请写{leading}。",
                     at + ("requires", "report_to"))
        if ob.due_on is not None and ob.period != "year" and ob.cycle is None:
            yield _p(src, "plan.due-on", "固定截止日（due.on）只能用于每年（period: year）或自定期间的责任",
                     "其他期间请用 due.grace_days（期末后宽限天数）。", at + ("due", "on"))
        if ob.due_on is not None:
            try:
                date.fromisoformat(f"2024-{ob.due_on}")
            except ValueError:
                yield _p(src, "schema.date", f"固定截止日“{ob.due_on}”不是真实存在的日期",
                         "请检查月份和日期。", at + ("due", "on"))


def rubric_findings(rubric: Rubric, plans: Iterable[Plan]) -> list[Problem]:
    """What in a rubric does not fit its plan: unknown plan or obligations, points ≠ total."""
    src = rubric.source
    found: list[Problem] = []
    taken = reserved(src, rubric.id, "考评方案编号", f"{layout.RUBRICS}/{rubric.id}-1.yaml",
                     "考核记录中写到这个考评方案编号的地方（rubric）也一并改掉。", page=False)
    if taken is not None:
        found.append(taken)
    if stem(src) != rubric.id:
        found.append(_p(src, "path.id-mismatch", f"考评方案编号“{rubric.id}”与文件名“{stem(src)}.yaml”不一致",
                        f"请把文件改名为 {layout.RUBRICS}/{rubric.id}.yaml。", ("id",)))
    plan = next((p for p in plans if p.id == rubric.plan), None)
    if plan is None:
        found.append(_p(src, "ref.plan", f"考评方案 {rubric.id} 对应的实施方案“{rubric.plan}”不存在",
                        "请写 records/plans/ 下实施方案的编号。", ("plan",)))
    else:
        ids = {o.id for o in plan.obligations}
        for i, ind in enumerate(rubric.indicators):
            for j, ob in enumerate(ind.obligations):
                if ob not in ids:
                    found.append(_p(src, "ref.obligation",
                                    f"指标“{ind.title}”（{ind.id}）引用的责任事项“{ob}”不在实施方案 {plan.id} 中",
                                    "请写实施方案 obligations 中的编号。", ("indicators", i, "obligations", j)))
    total = round(sum(i.points for i in rubric.indicators), 2)
    if total != round(rubric.total, 2):
        found.append(_p(src, "rubric.total", f"考评方案 {rubric.id} 各指标分值合计 {points(total)} 分，与满分 {points(rubric.total)} 分不符",
                        "请核对各指标的 points 和 total。", ("total",)))
    seen: set[str] = set()
    for i, ind in enumerate(rubric.indicators):
        if ind.id in seen:
            found.append(_p(src, "id.duplicate", f"考评方案 {rubric.id} 的指标编号“{ind.id}”重复", "每个指标用不同的编号。",
                            ("indicators", i, "id")))
        seen.add(ind.id)
    return found
