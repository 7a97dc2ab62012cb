"""The deadlines as an iCalendar file (RFC 5545) to subscribe to in any calendar program.

One all-day event per obligation, due day (and trigger), naming who has not done it. The
town's calendar has every coming deadline and those of the last six months that are not
done everywhere yet (as the 日历 page); an organisation's calendar, which its members
subscribe to for what is coming, has its coming deadlines (what is already late is on its
page). ``ysxt export calendar`` writes one event per entry instead (:func:`entry_calendar`).
Deterministic: the same data and as-of date give the same bytes (UID from the ids, DTSTAMP =
the as-of day), so the file is rewritten only when a deadline changes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable

from icalendar import Calendar, Event

from ..records.characters import visible_only
from ..status.model import DONE
from .context import SiteContext
from .fmt import period_zh
from .status_data import StatusEntry

DAYS_BACK = 183  # about six months, as the calendar page


def since(as_of: date) -> date:
    """The earliest due day a calendar file shows."""
    return as_of - timedelta(days=DAYS_BACK)


def _groups(
    ctx: SiteContext, entries: Iterable[StatusEntry], coming_only: bool = False
) -> dict[tuple[date, str, str], list[StatusEntry]]:
    first = ctx.as_of if coming_only else since(ctx.as_of)
    groups: dict[tuple[date, str, str], list[StatusEntry]] = {}
    for e in entries:
        if e.due is None or e.due < first or e.status in ("not_applicable", "by_inspection"):
            continue
        groups.setdefault((e.due, e.obligation, e.trigger or ""), []).append(e)
    # past deadlines only where something is still not done; every coming one (as the page)
    return {
        key: group for key, group in sorted(groups.items())
        if key[0] >= ctx.as_of or any(e.status not in DONE for e in group)
    }


def _calendar(name: str) -> Calendar:
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
    ev.add("summary", visible_only(summary))  # icalendar escapes and folds what is left
    ev.add("description", visible_only(description))
    ev.add("transp", "TRANSPARENT")
    return ev


def _who(ctx: SiteContext, e: StatusEntry, with_org: bool) -> str:
    member = ctx.member_name(e.member) if e.member else ""
    if not with_org:
        return member or ctx.org_name(e.organization)
    return ctx.org_name(e.organization) + (f" {member}" if member else "")


def _render(ctx: SiteContext, name: str, entries: Iterable[StatusEntry], uid_prefix: str, with_org: bool) -> bytes:
    cal = _calendar(name)
    for (due, obligation, trigger), group in _groups(ctx, entries, coming_only=not with_org).items():
        undone = [e for e in group if e.status not in DONE]
        desc = f"{period_zh(group[0].period, ctx.dataset.cycles)}；截至 {ctx.as_of.isoformat()}：已完成 {len(group) - len(undone)}/{len(group)}"
        if undone:
            limit = ctx.settings.list_limit  # a county-wide duty: the first ones, then a count
            desc += "；未完成：" + "、".join(_who(ctx, e, with_org) for e in undone[:limit])
            if len(undone) > limit:
                desc += f"等 {len(undone)} 个"
        if len(group) == 1 and group[0].note:
            desc += f"；{group[0].note}"
        uid = "-".join(p for p in (uid_prefix, obligation, due.isoformat(), trigger) if p) + "@ysxt"
        cal.add_component(_event(ctx, uid, due, f"截止：{ctx.obligation_title(group[0])}", desc))
    return bytes(cal.to_ical())


def _uid(e: StatusEntry) -> str:
    parts = [e.organization, e.member or "", e.obligation, e.period, e.trigger or ""]
    return "-".join(p for p in parts if p) + "@ysxt"


def entry_calendar(ctx: SiteContext, entries: Iterable[StatusEntry], name: str) -> bytes:
    """An event per entry (duty, period or trigger, member): ``ysxt export calendar``."""
    cal = _calendar(name)
    first = since(ctx.as_of)
    chosen = sorted(
        (e for e in entries if e.due is not None and e.due >= first and e.status not in ("not_applicable", "by_inspection")),
        key=lambda e: (e.due or ctx.as_of, _uid(e)),
    )
    for e in chosen:
        assert e.due is not None
        who = ctx.org_name(e.organization) + (f" {ctx.member_name(e.member)}" if e.member else "")
        desc = f"{period_zh(e.period, ctx.dataset.cycles)}；状态（截至 {ctx.as_of.isoformat()}）：{e.status_zh}"
        if e.note:
            desc += f"；{e.note}"
        cal.add_component(_event(ctx, _uid(e), e.due, f"截止：{ctx.obligation_title(e)}（{who}）", desc))
    return bytes(cal.to_ical())


def calendar(ctx: SiteContext, org_id: str, entries: Iterable[StatusEntry], name: str) -> bytes:
    """One organisation's deadlines: an event per duty and due day, naming who has not done it."""
    return _render(ctx, name, entries, org_id, with_org=False)


def town_calendar(ctx: SiteContext, name: str) -> bytes:
    """The whole town's deadlines: an event per duty and due day, naming who has not done it."""
    return _render(ctx, name, ctx.status.entries, "", with_org=True)
