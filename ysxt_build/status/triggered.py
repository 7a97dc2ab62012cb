"""Triggered duties: a response owed because something happened (a directive, an incident, an
inspection), due so many days after it.

Each record of a trigger type, as known on ``as_of``, is judged by the plan of each
responsibility system in force on its date. Whoever it is for owes the response: the
organisation its block is about (an inspection's ``target``), a directive's addressees (or
every organisation), otherwise the recording organisation; for a member-level duty, each
holder of the roles on the day. An inspection's required corrections are owed one by one,
each by its own deadline. The response is due ``deadline_days`` after the trigger, or, where
the duty says ``trigger_deadline``, by the trigger's own deadline if it has one (a directive's
传达期限).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Iterator, Optional

from ..records.model import Obligation, Plan, Record
from ..records.periods import Period
from .context import Context, entry, period_kind
from .index import by_member, target_block
from .model import Entry
from .subjects import Known, in_scope


def triggered(ctx: Context) -> Iterator[Entry]:
    """Every triggered duty's entries, trigger type by trigger type, each in date order."""
    types = {t for p in ctx.plans for ob in p.obligations if ob.kind == "triggered" for t in ob.trigger_types}
    for t in sorted(types):
        for trigger in ctx.index.by_type.get(t, []):
            for system in ctx.systems:
                plan = ctx.plan_for(trigger.date, system)
                if plan is None:
                    continue
                for ob in plan.obligations:
                    if ob.kind == "triggered" and _trigger_matches(ob, trigger):
                        yield from _respond(ctx, plan, ob, trigger)


def _trigger_matches(ob: Obligation, r: Record) -> bool:
    if r.type not in ob.trigger_types:
        return False
    if r.incident is not None:
        if ob.trigger_categories and r.incident.category not in ob.trigger_categories:
            return False
        if ob.trigger_levels and r.incident.level not in ob.trigger_levels:
            return False
    return True


def _target_of(r: Record) -> Optional[str]:
    """The organisation a leading body's record is about (an inspection's target), if any."""
    block = target_block(r)
    target = block.get("target") if block is not None else None
    return target if isinstance(target, str) else None


def _trigger_targets(ctx: Context, ob: Obligation, trigger: Record) -> list[Known]:
    target = _target_of(trigger)
    if target is not None:
        k = ctx.orgs_by_id.get(target)
        candidates = [k] if k is not None else []
    elif trigger.directive is not None:
        if trigger.directive.applies_to_all:
            candidates = ctx.orgs
        else:
            candidates = [ctx.orgs_by_id[o] for o in trigger.directive.applies_to if o in ctx.orgs_by_id]
    else:
        k = ctx.orgs_by_id.get(trigger.organization)
        candidates = [k] if k is not None else []
    return [k for k in candidates if in_scope(k, ob) and k.exists_on(trigger.date)]


def _respond(ctx: Context, plan: Plan, ob: Obligation, trigger: Record) -> Iterator[Entry]:
    assert ob.response is not None
    days = ob.deadline_days or 0
    # a directive's own deadline is for relaying it (传达期限): for the duties that say so
    if ob.trigger_deadline and trigger.directive is not None and trigger.directive.deadline_days is not None:
        days = trigger.directive.deadline_days
    due = trigger.date + timedelta(days=days)
    period = Period.containing(period_kind(ob), trigger.date)
    what = ctx.what(ob.response.types)
    if trigger.block("inspection") is not None:
        yield from _corrections(ctx, plan, ob, trigger, period, what)
        return
    for k in _trigger_targets(ctx, ob, trigger):
        responses = [
            r for r in ctx.index.responses.get((k.org.id, trigger.id), [])
            if r.type in ob.response.types
        ]
        if ob.subject.level == "organization":
            yield _response_entry(ctx, plan, ob, period, k, None, trigger, due, responses, what)
            continue
        for term in k.holders_on(trigger.date, ob.subject.roles):
            mine = [r for r in responses if by_member(r, term.member_id, ob.response.by)]
            yield _response_entry(ctx, plan, ob, period, k, term.member_id, trigger, due, mine, what)


def _corrections(ctx: Context, plan: Plan, ob: Obligation, trigger: Record, period: Period, what: str) -> Iterator[Entry]:
    """Each required correction of an inspection is owed by the inspected organisation."""
    assert ob.response is not None
    block = trigger.block("inspection") or {}
    for k in _trigger_targets(ctx, ob, trigger):
        responses = [
            r for r in ctx.index.responses.get((k.org.id, trigger.id), [])
            if r.type in ob.response.types
        ]
        for item in block.get("corrections", []):
            done = [r for r in responses if item["id"] in ((r.block("rectification") or {}).get("items", []))]
            due = date.fromisoformat(item["deadline"])
            owed = _response_entry(ctx, plan, ob, period, k, None, trigger, due, done, what)
            note = owed.note
            if owed.status not in ("met",):
                note = f"整改要求“{item['text']}”（{trigger.title}），期限 {due.isoformat()}" + (
                    "，至今未整改" if owed.status == "missing" else ""
                ) if owed.status != "met_late" else owed.note
            yield replace(owed, trigger=f"{trigger.id}#{item['id']}", note=note)


def _response_entry(
    ctx: Context, plan: Plan, ob: Obligation, period: Period, k: Known, member: Optional[str],
    trigger: Record, due: date, responses: list[Record], what: str,
) -> Entry:
    responses = sorted(responses, key=lambda r: (r.date, r.id))
    common = dict(due=due, required=1, done=min(1, len(responses)), trigger=trigger.id,
                  records=tuple(r.id for r in responses))
    if responses:
        first = responses[0].date
        if first <= due:
            return entry(plan, ob, period, k, member, "met", completed_on=first, **common)
        return entry(plan, ob, period, k, member, "met_late", completed_on=first,
                     note=f"应于 {due.isoformat()} 前完成，{first.isoformat()} 才完成", **common)
    note = f"“{trigger.title}”（{trigger.date.isoformat()}）需要{what}，截止 {due.isoformat()}"
    if ctx.as_of <= due:
        soon = (due - ctx.as_of).days <= plan.settings.due_soon_days
        return entry(plan, ob, period, k, member, "due_soon" if soon else "open", note=note, **common)
    return entry(plan, ob, period, k, member, "missing", note=f"{note}，至今未开展", **common)
