"""The deadlines as an iCalendar file (RFC 5545) to subscribe to in any calendar program.

One all-day event per deadline (obligation, period or trigger, organisation), deterministic:
the same data and as-of date give the same bytes (UID from the ids, DTSTAMP = the as-of day),
so the file is rewritten only when a deadline changes.
"""

from __future__ import annotations

from datetime import datetime, time, timezone
from typing import Iterable

from icalendar import Calendar, Event

from .context import SiteContext
from .fmt import period_zh
from .status_data import StatusEntry


def _uid(e: StatusEntry) -> str:
    parts = [e.organization, e.member or "", e.obligation, e.period, e.trigger or ""]
    return "-".join(p for p in parts if p) + "@ysxt"


def calendar(ctx: SiteContext, entries: Iterable[StatusEntry], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//ysxt//意识形态工作责任制//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = datetime.combine(ctx.as_of, time(0, 0), tzinfo=timezone.utc)
    for e in sorted(entries, key=lambda e: (e.due or ctx.as_of, _uid(e))):
        if e.due is None or e.status in ("not_applicable", "by_inspection"):
            continue
        who = ctx.org_name(e.organization) + (f" {ctx.member_name(e.member)}" if e.member else "")
        ev = Event()
        ev.add("uid", _uid(e))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.due)
        ev.add("summary", f"截止：{ctx.obligation_title(e)}（{who}）")
        desc = f"{period_zh(e.period)}；状态（截至 {ctx.as_of.isoformat()}）：{e.status_zh}"
        if e.note:
            desc += f"；{e.note}"
        ev.add("description", desc)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return bytes(cal.to_ical())
