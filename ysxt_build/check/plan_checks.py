"""Checks of the implementation plans and the rubrics scored against them.

A plan: file name and id agree, its issuer exists, it is in force after it starts, clause
numbers and obligation ids are unique, obligations cite its clauses, fixed due days are real
and only on yearly obligations; plans in force do not overlap. A rubric: its plan exists, its
indicators cite that plan's obligations, have unique ids and add up to the total.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterable, Iterator

from ..records import layout
from ..records.model import Plan, Rubric
from ..records.problems import Pointer, Problem
from .findings import points, stem
from .findings import problem as _p


def plan_findings(plans: Iterable[Plan], org_known: Callable[[str], bool]) -> Iterator[Problem]:
    """Every plan, in the order they come into force, then the ones that overlap."""
    ordered = sorted(plans, key=lambda p: p.effective_from)
    for plan in ordered:
        yield from _plan(plan, org_known)
    for a, b in zip(ordered, ordered[1:]):
        if a.effective_to is None or a.effective_to >= b.effective_from:
            yield _p(b.source, "plan.overlap",
                     f"方案施行期与 {a.source} 重叠",
                     f"请给旧方案写 effective_to（废止日期），且早于 {b.effective_from.isoformat()}。",
                     ("effective_from",))


def _plan(plan: Plan, org_known: Callable[[str], bool]) -> Iterator[Problem]:
    src = plan.source
    if stem(src) != plan.id:
        yield _p(src, "path.id-mismatch", f"方案编号“{plan.id}”与文件名“{stem(src)}.yaml”不一致",
                 f"请把文件改名为 {layout.plan_path(plan.id)}。", ("id",))
    if not org_known(plan.issuer):
        yield _p(src, "ref.organization", f"制定组织“{plan.issuer}”不存在", "请写镇党委的组织编号。", ("issuer",))
    if plan.effective_to is not None and plan.effective_to < plan.effective_from:
        yield _p(src, "date.order", "废止日期早于施行日期", "请检查 effective_from 和 effective_to。", ("effective_to",))
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
            yield _p(src, "ref.organization", f"报送对象“{ob.report_to}”不存在", "请写镇党委的组织编号。",
                     at + ("requires", "report_to"))
        if ob.due_on is not None and ob.period != "year":
            yield _p(src, "plan.due-on", "固定截止日（due.on）只能用于每年（period: year）的责任",
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
