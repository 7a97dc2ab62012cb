"""日历: deadlines month by month, and the .ics files to subscribe to."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..status.model import DONE
from . import md, paths
from .context import SiteContext
from .escape import text
from .fmt import badge, days_left
from .status_data import StatusEntry

PAGE = paths.CALENDAR
MONTHS_BACK = 6


def _month_start(d: date, back: int = 0) -> date:
    index = d.year * 12 + d.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def render(ctx: SiteContext) -> str:
    start = _month_start(ctx.as_of, MONTHS_BACK)
    groups: dict[tuple[date, str], list[StatusEntry]] = defaultdict(list)
    for e in ctx.status.entries:
        if e.due is None or e.due < start or e.status in ("not_applicable", "by_inspection"):
            continue
        groups[(e.due, e.obligation)].append(e)
    months: dict[tuple[int, int], list[tuple[date, str]]] = defaultdict(list)
    for key, entries in groups.items():
        # past deadlines only where something is still not done; every coming one
        if key[0] < ctx.as_of and all(e.status in DONE for e in entries):
            continue
        months[(key[0].year, key[0].month)].append(key)
    blocks = [
        md.front_matter(hide=["navigation"], search_exclude=True),
        "# 日历 { #top }",
        f"截至 {ctx.as_of.isoformat()}：今后的截止日期，以及 {MONTHS_BACK} 个月内已过截止日期、仍有组织未完成的事项。"
        "“未完成”列出还没有完成的组织和班子成员。",
        md.admonition(
            "tip",
            "订阅日历",
            f"[下载{text(ctx.labels.whole)}截止日期日历（ysxt.ics）]({paths.link(PAGE, paths.ICS)})，可导入 Outlook、手机日历等；"
            "把它在门户上的网址添加为“订阅日历”，门户更新后日历也会更新。"
            "各组织自己的日历在该组织页面的顶部。",
        ),
    ]
    current = (ctx.as_of.year, ctx.as_of.month)
    org_rank = {o.id: i for i, o in enumerate(ctx.organizations)}
    for ym in sorted(months):
        y, m = ym
        mark = "（本月）" if ym == current else ""
        blocks.append(md.heading(2, f"{y}年{m}月{mark}", f"m-{y}-{m:02d}"))
        rows = []
        for due, ob_id in sorted(months[ym], key=lambda k: (k[0], ctx.obligation_rank.get(k[1], 999))):
            entries = groups[(due, ob_id)]
            undone = [e for e in entries if e.status not in DONE]
            done = len(entries) - len(undone)
            title = text(ctx.obligation_title(entries[0]))
            link = paths.link(PAGE, paths.OBLIGATIONS, paths.obligation_anchor(ob_id))
            names = []
            limit = ctx.settings.list_limit
            for e in sorted(undone, key=lambda e: (org_rank.get(e.organization, 1 << 30), e.member or ""))[:limit]:
                who = text(ctx.org_name(e.organization)) + (f" {text(ctx.member_name(e.member))}" if e.member else "")
                target = paths.link(PAGE, paths.org(e.organization), paths.obligation_anchor(e.obligation))
                names.append(f"{badge(e.status, short=True)} [{who}]({target})")
            if len(undone) > limit:
                names.append(f"……等 {len(undone)} 项，见[责任清单]({link})")
            when = f"{due.month}月{due.day}日"
            if due >= ctx.as_of:
                when += f"<br><small>{days_left(due, ctx.as_of)}</small>"
            rows.append([when, f"[{title}]({link})", "<br>".join(names) or "—", f"{done}/{len(entries)}"])
        blocks.append(md.table(["截止", "事项", "未完成", "已完成"], rows, "llll"))
    if not months:
        blocks.append("这段时间没有截止日期。")
    return md.page(*blocks)
