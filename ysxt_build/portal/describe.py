"""Plain-language descriptions of an obligation: who owes it, how often, what counts.

Returns plain (unescaped) Chinese text built from plan data and schema labels; callers escape
it with :func:`ysxt_build.portal.escape.text` like any other data.
"""

from __future__ import annotations

from typing import Callable, Mapping

from ..records.labels import Labels
from ..records.model import Obligation, Plan, Precondition
from ..records.periods import cadence_zh
from ..status.engine import period_kind

__all__ = ["cadence", "period_kind", "short_label", "what_counts", "who"]

_BY = {"lead": "由本人主持或负责", "participant": "本人参加", "any": ""}
_RESULTS = {"approved": "同意", "filed": "已备案", "rejected": "不同意"}


def who(ob: Obligation, labels: Labels) -> str:
    s = ob.subject
    kinds = "、".join(labels.org_kinds.get(k, k) for k in s.org_kinds)
    text = f"各{kinds}"
    if s.categories:
        text += "（限" + "、".join(labels.categories.get(c, c) for c in s.categories) + "）"
    if s.level == "member":
        roles = "、".join(labels.role(r) for r in s.roles) if s.roles else "全体班子成员"
        text += f"的{roles}"
    return text


def cadence(ob: Obligation, leading_body: str = "") -> str:
    """How often, in words; ``leading_body`` (镇党委) settles the judged ones."""
    every = cadence_zh(period_kind(ob))
    if ob.kind in ("quota", "deliverable"):
        base = f"{every}至少 {ob.count} 次"
        if ob.due_on:
            month, day = (int(x) for x in ob.due_on.split("-"))
            return f"{base}，每年 {month} 月 {day} 日前完成"
        if ob.grace_days:
            return f"{base}，期满后 {ob.grace_days} 天内完成"
        return f"{base}，期满前完成"
    if ob.kind == "coverage":
        grace = f"，期满后 {ob.grace_days} 天内完成" if ob.grace_days else "，期满前完成"
        return f"{every}对每个组织至少 {ob.count} 次{grace}"
    if ob.kind == "triggered":
        return f"每次发生后 {ob.deadline_days or 0} 天内"
    if ob.kind == "standing":
        return f"任何时候都应做到（{every}检查一次）"
    if ob.kind == "precondition":
        return "每次举办之前"
    return f"{every}由{leading_body or '上级党组织'}检查评定"


def what_counts(
    ob: Obligation, plan: Plan, labels: Labels, org_name: Callable[[str], str], level_names: Mapping[str, str]
) -> str:
    def types(ts: tuple[str, ...]) -> str:
        return "或".join(labels.record_type(t) for t in ts)

    parts: list[str] = []
    if ob.qualifies is not None:
        q = ob.qualifies
        parts.append(f"{types(q.types)}记录")
        words = plan.settings.topic_keywords if q.topics_any is None else q.topics_any
        if words:
            parts.append("标题或议题含“" + "”“".join(words) + "”之一")
        if _BY.get(q.by):
            parts.append(_BY[q.by])
    if ob.report_to is not None:
        parts.append(f"书面报送{org_name(ob.report_to)}（记录中写 report）")
    if ob.requires_evidence:
        parts.append("附证明材料")
    if ob.kind == "triggered" and ob.response is not None:
        trigger = types(ob.trigger_types)
        if ob.trigger_levels:
            trigger = "、".join(level_names.get(v, v) for v in ob.trigger_levels) + "的" + trigger
        parts.append(f"出现{trigger}记录后，有写明 responds_to 的{types(ob.response.types)}记录")
        if _BY.get(ob.response.by):
            parts.append(_BY[ob.response.by])
    if ob.kind == "standing":
        for key, value in ob.condition:
            if key == "has_roles":
                parts.append("组织登记中有在任的" + "、".join(labels.role(r) for r in value))
            elif key == "mechanism":
                parts.append("组织登记中写明已建立舆情日常监测应对机制（mechanisms）")
            elif key == "positions_reviewed_within_days":
                parts.append(f"阵地登记每 {value} 天内至少核对一次（positions_reviewed）")
    if ob.kind == "precondition":
        parts.append(_precondition(ob.precondition or Precondition(types=ob.precondition_types), labels))
    if ob.kind == "coverage" and ob.target_kinds:
        parts.append("覆盖每个" + "、".join(labels.org_kinds.get(k, k) for k in ob.target_kinds))
    if ob.kind == "judged":
        parts.append(f"检查时查看{types(ob.evidence_types)}等记录")
    return "；".join(parts)


def _precondition(rule: Precondition, labels: Labels) -> str:
    """每次讲座都有事先的审核报备记录（结果为同意或已备案）, and the plan's other needs."""
    needs = []
    for need in rule.needs:
        detail = []
        names = [labels.record_type(t) for t in need.types]
        if names and names != [need.name]:
            detail.append("即" + "或".join(names) + "记录")
        detail.append("结果为" + "或".join(_RESULTS.get(r, r) for r in need.results))
        if need.days_ahead:
            detail.append(f"至少提前 {need.days_ahead} 天")
        if need.recorded_by:
            detail.append("本组织或" + "、".join(labels.org_kinds.get(k, k) for k in need.recorded_by) + "登记")
        if need.approver:
            detail.append("审核单位为" + "或".join(need.approver))
        needs.append(f"事先的{need.name}记录（{'，'.join(detail)}）")
    events = "或".join(labels.record_type(t) for t in rule.types)
    out = f"每次{events}都有" + "和".join(needs)
    lenient = [what for what, level in (("缺少", rule.missing), ("不够提前", rule.late)) if level == "warning"]
    if lenient:
        out += "；" + "或".join(lenient) + "的只作提醒，不算不完整"
    return out


def short_label(ob: Obligation, labels: Labels) -> str:
    """A few characters for a column head (the full title is always shown beside it)."""
    if ob.kind in ("quota", "deliverable", "coverage") and ob.qualifies is not None:
        label = labels.record_type(ob.qualifies.types[0])
        if ob.subject.level == "member" and ob.qualifies.types[0] in ("democratic_life_meeting",):
            label = "对照检查材料"
        return label
    if ob.kind == "triggered" and ob.response is not None:
        return labels.record_type(ob.response.types[0])
    if ob.kind == "standing":
        for key, _ in ob.condition:
            return {"has_roles": "责任人在任", "mechanism": "舆情监测机制", "positions_reviewed_within_days": "阵地登记核对"}.get(key, key)
    if ob.kind == "precondition":
        return "事先审核报备"
    return ob.title[:6]
