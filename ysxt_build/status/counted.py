"""Counted duties: enough qualifying records by the period's due date.

A quota or deliverable wants ``count`` records of the qualifying types (led or attended by the
member, on the topic, reported in writing and with evidence where the obligation says so);
coverage wants one record per organisation of the target kinds, from the leading body (an
inspection's ``target``). The
due date is the period's end plus ``grace_days``, or ``due_on``; until it passes the duty is
``open`` or ``due_soon``, after it ``overdue``, ``missing`` or (records lacking what is
required) ``incomplete``.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..records.model import Obligation, Plan, Qualifies, Record
from ..records.periods import Period, due_date, overlap_days
from .context import Context, entry
from .index import by_member, counts_on, target_block
from .model import Entry
from .subjects import Known


def _matches(plan: Plan, q: Qualifies, r: Record, member: Optional[str]) -> bool:
    if not by_member(r, member, q.by):
        return False
    keywords = plan.settings.topic_keywords if q.topics_any is None else q.topics_any
    if not keywords:
        return True
    return any(word in r.title or any(word in t for t in r.topics) for word in keywords)


def _completed_on(ob: Obligation, r: Record, as_of: date) -> tuple[Optional[date], str]:
    """When the record became complete for this obligation, or None and what it lacks."""
    when = r.date
    if ob.report_to is not None:
        rep = r.report
        if rep is None or rep.submitted_to != ob.report_to or rep.submitted_on > as_of:
            return None, "未书面报送"
        when = max(when, rep.submitted_on)
    if ob.requires_evidence and not r.evidence:
        return None, "缺少证明材料"
    return when, ""


def what_lacks(ob: Obligation, r: Record, as_of: date) -> str:
    """What a record lacks to count for ``ob`` on ``as_of`` ("未书面报送", "缺少证明材料"), or ""."""
    return _completed_on(ob, r, as_of)[1]


def quota(ctx: Context, plan: Plan, ob: Obligation, period: Period, k: Known, member: Optional[str]) -> Entry:
    """At least ``count`` qualifying records in the period, complete by the due date."""
    q = ob.qualifies
    assert q is not None
    candidates = ctx.index.between(k.org.id, q.types, period.start, min(period.end, ctx.as_of))
    qualifying = [r for r in candidates if _matches(plan, q, r, member)]
    complete: list[tuple[date, Record]] = []
    lacking: list[tuple[Record, str]] = []
    for r in qualifying:
        when, why = _completed_on(ob, r, ctx.as_of)
        if when is None:
            lacking.append((r, why))
        else:
            complete.append((when, r))
    complete.sort(key=lambda it: (it[0], it[1].id))
    due = due_date(period, ob.grace_days, ob.due_on)
    need = ob.count
    what = ctx.what(q.types)
    common = dict(
        due=due,
        required=need,
        done=len(complete),
        incomplete=len(lacking),
        records=tuple(r.id for _, r in complete),
        incomplete_records=tuple(r.id for r, _ in lacking),
    )
    if len(complete) >= need:
        finished = complete[need - 1][0]
        if finished <= due:
            return entry(plan, ob, period, k, member, "met", completed_on=finished, **common)
        return entry(
            plan, ob, period, k, member, "met_late", completed_on=finished,
            note=f"截止 {due.isoformat()}，{finished.isoformat()} 才完成", **common,
        )
    short = need - len(complete)
    lack_note = ""
    if lacking:
        reasons = "、".join(sorted({why for _, why in lacking}))
        lack_note = f"；有 {len(lacking)} 条记录{reasons}"
    if ctx.as_of <= due:
        soon = (due - ctx.as_of).days <= plan.settings.due_soon_days
        return entry(
            plan, ob, period, k, member, "due_soon" if soon else "open",
            note=f"还差 {short} 次{what}，截止 {due.isoformat()}{lack_note}", **common,
        )
    if lacking and len(complete) + len(lacking) >= need:
        return entry(
            plan, ob, period, k, member, "incomplete",
            note=f"{what}记录不完整（{lack_note.lstrip('；')}），已于 {due.isoformat()} 截止", **common,
        )
    if not qualifying:
        return entry(
            plan, ob, period, k, member, "missing",
            note=f"未开展{what}（应至少 {need} 次），已于 {due.isoformat()} 截止", **common,
        )
    return entry(
        plan, ob, period, k, member, "overdue",
        note=f"还差 {short} 次{what}，已于 {due.isoformat()} 截止{lack_note}", **common,
    )


def coverage(ctx: Context, plan: Plan, ob: Obligation, period: Period, k: Known, member: Optional[str]) -> Entry:
    """The subject (the town committee) covers every organisation of the given kinds."""
    q = ob.qualifies
    assert q is not None
    targets = []
    for t in ctx.orgs:
        if t.org.id == k.org.id or t.org.kind not in ob.target_kinds:
            continue
        days = overlap_days(period.start, period.end, t.org.founded, t.end)
        if days and days / period.days >= plan.settings.min_coverage:
            targets.append(t)
    found: dict[str, Record] = {}
    for record_type in q.types:
        for r in ctx.index.by_type.get(record_type, []):
            if r.organization != k.org.id or r.id in ctx.index.superseded:
                continue
            block = target_block(r) or {}
            label = block.get("period")
            in_period = label == period.label if label else period.contains(counts_on(r, ctx.index.cycles))
            target = block.get("target")
            if in_period and isinstance(target, str) and target not in found:
                found[target] = r
    due = due_date(period, ob.grace_days, ob.due_on)
    covered = [t for t in targets if t.org.id in found]
    lacking = [t for t in targets if t.org.id not in found]
    common = dict(due=due, required=len(targets), done=len(covered),
                  records=tuple(sorted(found[t.org.id].id for t in covered)))
    if not targets:
        return entry(plan, ob, period, k, member, "not_applicable", note="本期没有需要覆盖的组织")
    if not lacking:
        finished = max(found[t.org.id].date for t in covered)
        if finished <= due:
            return entry(plan, ob, period, k, member, "met", completed_on=finished, **common)
        return entry(plan, ob, period, k, member, "met_late", completed_on=finished,
                     note=f"截止 {due.isoformat()}，{finished.isoformat()} 才完成", **common)
    names = "、".join(t.org.name for t in lacking[:5]) + ("等" if len(lacking) > 5 else "")
    what = ctx.what(q.types)
    note = f"还有 {len(lacking)} 个组织未{what}：{names}；截止 {due.isoformat()}"
    if ctx.as_of <= due:
        soon = (due - ctx.as_of).days <= plan.settings.due_soon_days
        return entry(plan, ob, period, k, member, "due_soon" if soon else "open", note=note, **common)
    return entry(plan, ob, period, k, member, "overdue" if covered else "missing", note=note, **common)
