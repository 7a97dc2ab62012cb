"""The deadlines as an iCalendar file (RFC 5545) to subscribe to in any calendar program.

An organisation's calendar has an all-day event per deadline (obligation, period or trigger,
member); the town's has one per obligation and due day, naming who has not done it. Deadlines
from the start of last year on. Deterministic:
the same data and as-of date give the same bytes (UID from the ids, DTSTAMP = the as-of day),
so the file is rewritten only when a deadline changes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Iterable

from icalendar import Calendar, Event

from ..status_model import DONE
from .context import SiteContext
from .fmt import period_zh
from .status_data import StatusEntry


def _uid(e: StatusEntry) -> str:
    parts = [e.organization, e.member or "", e.obligation, e.period, e.trigger or ""]
    return "-".join(p for p in parts if p) + "@ysxt"


def _due_entries(ctx: SiteContext, entries: Iterable[StatusEntry]) -> list[StatusEntry]:
    since = date(ctx.as_of.year - 1, 1, 1)  # last year's deadlines and later: enough history
    return sorted(
        (e for e in entries if e.due is not None and e.due >= since and e.status not in ("not_applicable", "by_inspection")),
        key=lambda e: (e.due or ctx.as_of, _uid(e)),
    )


def _calendar(ctx: SiteContext, name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//ysxt//意识形态工作责任制//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    return cal


def _event(ctx: SiteContext, uid: str, day: date, summary: str, description: str) -> Event:
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", datetime.combine(ctx.as_of, time(0, 0), tzinfo=timezone.utc))
    ev.add("dtstart", day)
    ev.add("summary", summary)
    ev.add("description", description)
    ev.add("transp", "TRANSPARENT")
    return ev


def calendar(ctx: SiteContext, entries: Iterable[StatusEntry], name: str) -> bytes:
    """One organisation's deadlines: an event per duty, period (or trigger) and member."""
    cal = _calendar(ctx, name)
    for e in _due_entries(ctx, entries):
        assert e.due is not None
        who = ctx.org_name(e.organization) + (f" {ctx.member_name(e.member)}" if e.member else "")
        desc = f"{period_zh(e.period)}；状态（截至 {ctx.as_of.isoformat()}）：{e.status_zh}"
        if e.note:
            desc += f"；{e.note}"
        cal.add_component(_event(ctx, _uid(e), e.due, f"截止：{ctx.obligation_title(e)}（{who}）", desc))
    return bytes(cal.to_ical())


def town_calendar(ctx: SiteContext, name: str) -> bytes:
    """The whole town's deadlines: one event per duty and due day, naming who has not done it."""
    cal = _calendar(ctx, name)
    groups: dict[tuple[date, str, str], list[StatusEntry]] = {}
    for e in _due_entries(ctx, ctx.status.entries):
        assert e.due is not None
        groups.setdefault((e.due, e.obligation, e.trigger or ""), []).append(e)
    for (due, obligation, trigger), group in groups.items():
        undone = [e for e in group if e.status not in DONE]
        names = "、".join(
            ctx.org_name(e.organization) + (f" {ctx.member_name(e.member)}" if e.member else "") for e in undone
        )
        desc = f"截至 {ctx.as_of.isoformat()}：已完成 {len(group) - len(undone)}/{len(group)}"
        if names:
            desc += f"；未完成：{names}"
        uid = "-".join(p for p in (obligation, due.isoformat(), trigger) if p) + "@ysxt"
        cal.add_component(_event(ctx, uid, due, f"截止：{ctx.obligation_title(group[0])}", desc))
    return bytes(cal.to_ical())
