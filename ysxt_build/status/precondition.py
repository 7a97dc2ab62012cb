"""Preconditions: every event of the given types held in the period was approved (or filed)
beforehand, as the plan says.

Approvals are linked, not found: an approval counts for an event only if the event names it
(``lecture.approval``, an amendment standing in for the original) or it names the event
(``approval.event``: the event's id or title), and it is of the event's organisation or of a
body the plan names (``recorded_by``: kinds of organisation), dated no later than the event,
not for another event, with an accepted result (and an approver the plan names, if it does).
Each of the plan's ``needs`` (an approval, a filing, both) must be met by one such record; one
dated less than ``days_ahead`` before the event is *late*. A missing or late one makes the
period ``incomplete``, or, where the plan says ``warning``, is only noted. No events in the
period: ``not_applicable``.
"""

from __future__ import annotations

from typing import Optional

from ..records.model import Need, Obligation, Plan, Precondition, Record, names_event
from ..records.periods import Period
from .context import Context, entry
from .model import Entry
from .subjects import Known


def _for_event(approval: Record, event: Record) -> bool:
    """An approval that names an event names this one (id or title), or names none."""
    named = approval.approval.event if approval.approval is not None else None
    return not named or names_event(named, event.id, event.title)


def _accepts(ctx: Context, need: Need, approval: Record, event: Record) -> bool:
    a = approval.approval
    if a is None or (need.types and approval.type not in need.types) or a.result not in need.results:
        return False
    if approval.organization != event.organization:
        body = ctx.orgs_by_id.get(approval.organization)
        if body is None or body.org.kind not in need.recorded_by:
            return False
    if need.approver and not any(word in a.approver for word in need.approver):
        return False
    return approval.date <= event.date and _for_event(approval, event)


def _verdict(ctx: Context, rule: Precondition, linked: list[Record], event: Record) -> list[tuple[str, str]]:
    """(level, what is wrong) for each need the event does not meet; level is the plan's
    ``missing`` or ``late`` (incomplete or warning)."""
    out: list[tuple[str, str]] = []
    for need in rule.needs:
        good = [a for a in linked if _accepts(ctx, need, a, event)]
        if not good:
            out.append((rule.missing, f"没有事先{need.name}"))
        elif need.days_ahead and not any((event.date - a.date).days >= need.days_ahead for a in good):
            out.append((rule.late, f"的{need.name}未提前 {need.days_ahead} 天"))
    return out


def _notes(items: list[tuple[Record, str]]) -> str:
    """``《A》（date）、《B》（date）没有事先审核报备``: events grouped by what they lack."""
    by_reason: dict[str, list[Record]] = {}
    for r, reason in items:
        by_reason.setdefault(reason, []).append(r)
    return "；".join(
        "、".join(f"《{r.title}》（{r.date.isoformat()}）" for r in records) + reason
        for reason, records in by_reason.items()
    )


def precondition(ctx: Context, plan: Plan, ob: Obligation, period: Period, k: Known, member: Optional[str]) -> Entry:
    rule = ob.precondition or Precondition(types=ob.precondition_types)
    events = ctx.index.between(k.org.id, rule.types, period.start, min(period.end, ctx.as_of))
    what = ctx.what(rule.types)
    if not events:
        return entry(plan, ob, period, k, member, "not_applicable", note=f"本期没有举办{what}")
    bad: list[Record] = []
    lacking: list[tuple[Record, str]] = []
    warned: list[tuple[Record, str]] = []
    for r in events:
        verdict = _verdict(ctx, rule, ctx.index.linked_approvals(r), r)
        if any(level == "incomplete" for level, _ in verdict):
            bad.append(r)
        for level, reason in verdict:
            (lacking if level == "incomplete" else warned).append((r, reason))
    good = [r for r in events if r not in bad]
    common = dict(required=len(events), done=len(good), incomplete=len(bad),
                  records=tuple(r.id for r in good), incomplete_records=tuple(r.id for r in bad))
    if bad:
        note = _notes(lacking) + (f"；提醒：{_notes(warned)}" if warned else "")
        return entry(plan, ob, period, k, member, "incomplete", note=note, **common)
    note = f"提醒：{_notes(warned)}" if warned else ""
    return entry(plan, ob, period, k, member, "met", completed_on=events[-1].date, note=note, **common)
