"""What a revision of a plan changes, in Chinese: ``ysxt plan diff OLD NEW``.

:func:`diff_plans` compares two plans (usually two versions of one responsibility system, or a
draft against the plan in force) and returns a :class:`PlanDiff`: the plan's own facts that
changed (title, document number, dates, vocabulary, settings), the clauses added, removed or
reworded, and the duties added, removed and changed, each change said in words (how often, how
many, by when, who, what counts). :func:`render` writes it as text. Pure: plans in, words out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from .labels import Labels
from .model import Need, Obligation, Plan, Precondition
from .periods import KIND_ZH

_BY = {"lead": "本人主持或负责", "participant": "本人参加（含主持）", "any": "不限"}
_RESULTS = {"approved": "同意", "filed": "已备案", "rejected": "不同意"}
_LEVEL = {"incomplete": "不完整", "warning": "只提醒"}


@dataclass(frozen=True)
class ObligationChange:
    obligation: Obligation  # the new version (the old one for a removed duty)
    lines: tuple[str, ...] = ()  # what changed: "次数：每年至少 2 次 → 每年至少 3 次"


@dataclass(frozen=True)
class PlanDiff:
    old: Plan
    new: Plan
    facts: tuple[str, ...] = ()  # the plan's own facts and settings that changed
    clauses_added: tuple[str, ...] = ()
    clauses_removed: tuple[str, ...] = ()
    clauses_reworded: tuple[str, ...] = ()
    added: tuple[ObligationChange, ...] = ()
    removed: tuple[ObligationChange, ...] = ()
    changed: tuple[ObligationChange, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not (self.facts or self.clauses_added or self.clauses_removed or self.clauses_reworded
                    or self.added or self.removed or self.changed)


class _Words:
    """Coded values in Chinese, with the labels of the plans' vocabulary."""

    def __init__(self, labels: Optional[Labels]) -> None:
        self.labels = labels or Labels()

    def types(self, codes: tuple[str, ...]) -> str:
        """Record types, any of which will do: 专题研究会议或党内通报."""
        return "或".join(self.labels.record_type(c) for c in codes) or "（无）"

    def kinds(self, codes: tuple[str, ...]) -> str:
        return "、".join(self.labels.org_kinds.get(c, c) for c in codes) or "（无）"

    def roles(self, codes: tuple[str, ...]) -> str:
        return "、".join(self.labels.role(c) for c in codes) or "全体班子成员"

    def period(self, ob: Obligation) -> str:
        if ob.period is None:
            return "（按发生）" if ob.kind == "triggered" else "（默认）"
        if ob.cycle is not None:
            return ob.cycle.name
        return self.labels.periods.get(ob.period) or KIND_ZH.get(ob.period, ob.period)

    def due(self, ob: Obligation) -> str:
        if ob.due_on is not None:
            month, day = (int(x) for x in ob.due_on.split("-"))
            return f"每年 {month} 月 {day} 日前"
        return f"期末后 {ob.grace_days} 天内" if ob.grace_days else "期末当天"

    def need(self, n: Need) -> str:
        parts = [n.name]
        if n.types:
            parts.append(self.types(n.types))
        parts.append("结果为" + "或".join(_RESULTS.get(r, r) for r in n.results))
        if n.days_ahead:
            parts.append(f"提前 {n.days_ahead} 天")
        if n.recorded_by:
            parts.append("可由" + self.kinds(n.recorded_by) + "登记")
        if n.approver:
            parts.append("审核单位含" + "或".join(n.approver))
        return "（" + "，".join(parts) + "）"

    def condition(self, ob: Obligation) -> str:
        parts = []
        for key, value in ob.condition:
            if key == "has_roles":
                parts.append("须有在任的" + self.roles(tuple(value)))
            elif key == "mechanism":
                parts.append(f"须已建立工作机制（{value}）")
            elif key == "positions_reviewed_within_days":
                parts.append(f"阵地登记每 {value} 天内至少核对一次")
            else:
                parts.append(f"{key}: {value}")
        return "；".join(parts) or "（无）"

    def precondition(self, p: Optional[Precondition]) -> str:
        if p is None:
            return "（无）"
        text = f"{self.types(p.types)}须有" + "和".join(self.need(n) for n in p.needs)
        return text + f"；缺少：{_LEVEL.get(p.missing, p.missing)}；不够提前：{_LEVEL.get(p.late, p.late)}"


def _aspects(w: _Words) -> list[tuple[str, Callable[[Obligation], Any], Callable[[Obligation], str]]]:
    """(name, what is compared, how it is said) for every part of a duty."""

    def qualifies(ob: Obligation) -> str:
        q = ob.qualifies
        if q is None:
            return "（无）"
        words = "默认关键词" if q.topics_any is None else ("不限" if not q.topics_any else "须含“" + "”“".join(q.topics_any) + "”之一")
        return f"{w.types(q.types)}；议题：{words}；成员：{_BY.get(q.by, q.by)}"

    def response(ob: Obligation) -> str:
        r = ob.response
        return "（无）" if r is None else f"{w.types(r.types)}（{_BY.get(r.by, r.by)}）"

    def trigger(ob: Obligation) -> str:
        text = w.types(ob.trigger_types)
        if ob.trigger_levels or ob.trigger_categories:
            text += "（" + "、".join(ob.trigger_levels + ob.trigger_categories) + "）"
        return text

    return [
        ("名称", lambda o: o.title, lambda o: o.title),
        ("条款", lambda o: o.clause, lambda o: o.clause),
        ("类型", lambda o: o.kind, lambda o: w.labels.obligation_kinds.get(o.kind, o.kind)),
        ("责任主体", lambda o: (o.subject.level, o.subject.org_kinds, o.subject.categories, o.subject.roles),
         lambda o: w.kinds(o.subject.org_kinds) + ("" if o.subject.level == "organization" else "的" + w.roles(o.subject.roles))
         + ("（限" + "、".join(w.labels.categories.get(c, c) for c in o.subject.categories) + "）" if o.subject.categories else "")),
        ("期间", lambda o: o.period, w.period),
        ("次数", lambda o: (o.count, o.period) if o.kind in ("quota", "deliverable", "coverage") else None,
         lambda o: f"{w.period(o)}至少 {o.count} 次"),
        ("截止", lambda o: (o.grace_days, o.due_on) if o.kind in ("quota", "deliverable", "coverage") else None, w.due),
        ("什么算数", lambda o: o.qualifies, qualifies),
        ("书面报送", lambda o: o.report_to, lambda o: o.report_to or "（不要求）"),
        ("证明材料", lambda o: o.requires_evidence, lambda o: "须有" if o.requires_evidence else "不要求"),
        ("触发", lambda o: (o.trigger_types, o.trigger_levels, o.trigger_categories), trigger),
        ("回应", lambda o: o.response, response),
        ("回应期限", lambda o: (o.deadline_days, o.trigger_deadline) if o.kind == "triggered" else None,
         lambda o: f"{o.deadline_days or 0} 天" + ("（上级文件另有期限的按文件）" if o.trigger_deadline else "")),
        ("常态条件", lambda o: o.condition, w.condition),
        ("事先审核", lambda o: o.precondition, lambda o: w.precondition(o.precondition)),
        ("检查时查看", lambda o: o.evidence_types, lambda o: w.types(o.evidence_types)),
        ("覆盖对象", lambda o: o.target_kinds, lambda o: w.kinds(o.target_kinds)),
    ]


def _facts(old: Plan, new: Plan) -> list[str]:
    lines = []
    facts: list[tuple[str, Callable[[Plan], str]]] = [

        ("标题", lambda p: p.title),
        ("文号", lambda p: p.document_no or "（无）"),
        ("施行日期", lambda p: p.effective_from.isoformat()),
        ("废止日期", lambda p: p.effective_to.isoformat() if p.effective_to else "（未写）"),
        ("责任制", lambda p: p.system or "（未写）"),
        ("词汇表", lambda p: p.vocabulary),
        ("制定组织", lambda p: p.issuer),
        ("临期提醒天数", lambda p: str(p.settings.due_soon_days)),
        ("最低在期比例", lambda p: f"{p.settings.min_coverage:.0%}"),
        ("职务交接", lambda p: p.settings.handover),
        ("意识形态关键词", lambda p: "、".join(p.settings.topic_keywords)),
    ]
    for name, get in facts:
        a, b = get(old), get(new)
        if a != b:
            lines.append(f"{name}：{a} → {b}")
    return lines


def diff_plans(old: Plan, new: Plan, labels: Optional[Labels] = None) -> PlanDiff:
    """What ``new`` changes against ``old`` (``labels``: the vocabulary's names)."""
    w = _Words(labels)
    old_clauses = {c.ref: c for c in old.clauses}
    new_clauses = {c.ref: c for c in new.clauses}
    old_obs = {o.id: o for o in old.obligations}
    new_obs = {o.id: o for o in new.obligations}
    aspects = _aspects(w)
    changed = []
    for ob in new.obligations:
        before = old_obs.get(ob.id)
        if before is None:
            continue
        lines = tuple(
            f"{name}：{say(before)} → {say(ob)}" for name, get, say in aspects if get(before) != get(ob)
        )
        if lines:
            changed.append(ObligationChange(ob, lines))
    return PlanDiff(
        old=old,
        new=new,
        facts=tuple(_facts(old, new)),
        clauses_added=tuple(c.ref for c in new.clauses if c.ref not in old_clauses),
        clauses_removed=tuple(c.ref for c in old.clauses if c.ref not in new_clauses),
        clauses_reworded=tuple(
            c.ref for c in new.clauses
            if c.ref in old_clauses and (old_clauses[c.ref].text, old_clauses[c.ref].heading) != (c.text, c.heading)
        ),
        added=tuple(ObligationChange(o, (_summary(w, o),)) for o in new.obligations if o.id not in old_obs),
        removed=tuple(ObligationChange(o, (_summary(w, o),)) for o in old.obligations if o.id not in new_obs),
        changed=tuple(changed),
    )


def _summary(w: _Words, ob: Obligation) -> str:
    """A duty in one line: who, how often or when, what counts."""
    who = w.kinds(ob.subject.org_kinds) + ("" if ob.subject.level == "organization" else "的" + w.roles(ob.subject.roles))
    if ob.kind in ("quota", "deliverable", "coverage") and ob.qualifies is not None:
        return f"{who}：{w.period(ob)}至少 {ob.count} 次{w.types(ob.qualifies.types)}，{w.due(ob)}"
    if ob.kind == "triggered" and ob.response is not None:
        return f"{who}：出现{w.types(ob.trigger_types)}后 {ob.deadline_days or 0} 天内{w.types(ob.response.types)}"
    if ob.kind == "precondition":
        return f"{who}：{w.precondition(ob.precondition)}"
    if ob.kind == "standing":
        return f"{who}：{w.condition(ob)}"
    return f"{who}：{w.period(ob)}检查评定"


def render(d: PlanDiff) -> str:
    """The diff as Chinese text, one block per kind of change."""
    head = f"{d.old.title}（{d.old.id}）→ {d.new.title}（{d.new.id}）" if d.old.title != d.new.title else (
        f"{d.new.title}：{d.old.id} → {d.new.id}")
    out = [f"方案修订：{head}"]
    if d.empty:
        out.append("两个方案的责任事项、条款和设置相同，没有改动。")
        return "\n".join(out) + "\n"
    if d.facts:
        out += ["", "方案信息和评判设置："] + [f"  {line}" for line in d.facts]

    def block(title: str, mark: str, items: tuple[ObligationChange, ...]) -> None:
        if not items:
            return
        out.extend(["", f"{title} {len(items)} 项："])
        for item in items:
            ob = item.obligation
            out.append(f"  {mark} {ob.clause} {ob.title}（{ob.id}）")
            out.extend(f"      {line}" for line in item.lines)

    block("新增责任", "+", d.added)
    block("删除责任", "-", d.removed)
    block("修改责任", "*", d.changed)
    clauses = []
    if d.clauses_added:
        clauses.append("新增 " + "、".join(d.clauses_added))
    if d.clauses_removed:
        clauses.append("删除 " + "、".join(d.clauses_removed))
    if d.clauses_reworded:
        clauses.append("原文改动 " + "、".join(d.clauses_reworded))
    if clauses:
        out += ["", "条款：" + "；".join(clauses)]
    return "\n".join(out) + "\n"
