"""首页: what is late, what is due soon, for every organisation, as of one day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Optional

from ..records.model import Obligation, own_cycles, this_period
from ..records.periods import Period
from ..status.model import DONE, LATE
from ..status.items import Item
from . import md, paths
from .context import SiteContext, worst
from .describe import period_kind, short_label
from .escape import text
from .fmt import badge, badge_link, date_zh, day, days_left, pct, period_zh
from .status_data import StatusEntry

PAGE = paths.HOME


def _figures(ctx: SiteContext, soon_days: int) -> str:
    t = ctx.status.town
    n = ctx.town_counts  # items, as the tables below list them
    decided = sum(t.counts.get(s, 0) for s in DONE | LATE)
    cards = [
        ("ysxt-fig-late" if n.late else "ysxt-fig-ok", str(n.late), "项需要处理", "已逾期、未开展或不完整", "#late"),
        ("ysxt-fig-soon" if n.due_soon else "ysxt-fig-ok", str(n.due_soon), f"项 {soon_days} 天内到期", "尚未完成，截止日临近", "#soon"),
        ("ysxt-fig-share", pct(t.share_met), "已到期事项完成率", f"已到期 {decided} 项", "#grid"),
        ("ysxt-fig-open", str(t.counts.get("open", 0)), "项进行中", "尚未到期", "#grid"),
    ]
    items = "".join(
        f'<a class="ysxt-fig {cls}" href="{href}"><span class="ysxt-fig-n">{n}</span>'
        f'<span class="ysxt-fig-l">{label}</span><span class="ysxt-fig-s">{sub}</span></a>'
        for cls, n, label, sub, href in cards
    )
    return f'<div class="ysxt-figures">{items}</div>\n'


def _org_chips(ctx: SiteContext) -> str:
    chips = []
    for org in ctx.organizations:
        s = ctx.org_counts.get(org.id)  # items, as the tables list them
        gone = org.dissolved is not None and org.dissolved < ctx.as_of
        if s is None or (gone and not s.late):
            continue
        marks = []
        if s.late:
            marks.append(f"✖{s.late}")
        if s.due_soon:
            marks.append(f"◔{s.due_soon}")
        cls = "ysxt-chip-late" if s.late else ("ysxt-chip-soon" if s.due_soon else "ysxt-chip-ok")
        extra = (" " + " ".join(marks)) if marks else " ✔"
        chips.append(f"[{text(org.name)}{extra}]({paths.link(PAGE, paths.org(org.id))}){{ .ysxt-chip .{cls} }}")
    if not chips:
        return ""
    return '<p class="ysxt-chips-title">查看本组织（✖ 需要处理，◔ 即将到期，✔ 没有待办）：</p>\n\n' + " ".join(chips) + "\n{ .ysxt-chips }\n"


def _item(ctx: SiteContext, item: Item[StatusEntry]) -> str:
    e = item.first
    title = text(ctx.obligation_title(e))
    link = paths.link(PAGE, paths.org(e.organization), paths.obligation_anchor(e.obligation))
    who = "（" + "、".join(text(ctx.member_name(m)) for m in item.members) + "）" if item.members else ""
    return f"[{title}]({link}){who}"


def _due(item: Item[StatusEntry], as_of: date) -> str:
    return f"{day(item.due)}<br>{days_left(item.due, as_of)}" if item.due else "—"


def _org(ctx: SiteContext, org_id: str) -> str:
    return f"[{text(ctx.org_name(org_id))}]({paths.link(PAGE, paths.org(org_id))})"


def late_table(ctx: SiteContext, items: list[Item[StatusEntry]]) -> str:
    order = {o.id: i for i, o in enumerate(ctx.organizations)}
    items = sorted(items, key=lambda i: (order.get(i.organization, 1 << 30), i.due or date.min, ctx.sort_key(i.first)))
    limit = ctx.settings.list_limit
    rows = [
        [_org(ctx, i.organization), badge(i.status), _item(ctx, i), text(i.periods), text(i.note), _due(i, ctx.as_of)]
        for i in items[:limit]
    ]
    out = md.table(["组织", "状态", "事项", "期间", "还差什么", "截止"], rows)
    if len(items) > limit:
        out += f"\n另有 {len(items) - limit} 项，请到各组织页面查看。\n"
    return out


def soon_table(ctx: SiteContext, items: list[Item[StatusEntry]]) -> str:
    order = {o.id: i for i, o in enumerate(ctx.organizations)}
    items = sorted(items, key=lambda i: (i.due or date.max, order.get(i.organization, 1 << 30), ctx.sort_key(i.first)))
    limit = ctx.settings.list_limit
    rows = [
        [_due(i, ctx.as_of), _org(ctx, i.organization), _item(ctx, i), text(i.periods), text(i.note)]
        for i in items[:limit]
    ]
    out = md.table(["截止", "组织", "事项", "期间", "还差什么"], rows)
    if len(items) > limit:
        out += f"\n另有 {len(items) - limit} 项，请到各组织页面或[日历]({paths.link(PAGE, paths.CALENDAR)})查看。\n"
    return out


def _town_only(ob: Obligation, top_kinds: frozenset[str]) -> bool:
    """A duty of the leading body alone (the town committee's half-year inspection of every
    organisation); ``top_kinds``: the vocabulary's kinds of leading body."""
    return bool(ob.subject.org_kinds) and set(ob.subject.org_kinds) <= top_kinds


Cells = dict[tuple[str, str], list[StatusEntry]]


def _current_cells(ctx: SiteContext, level: str) -> Cells:
    """(organisation, obligation) → this period's entries of the current plan."""
    return _all_current_cells(ctx)[level]


def _all_current_cells(ctx: SiteContext) -> dict[str, Cells]:
    """:func:`_current_cells` of both levels (organisation, member), in one pass."""
    plan = ctx.current_plan
    out: dict[str, Cells] = {"organization": defaultdict(list), "member": defaultdict(list)}
    if plan is None:
        return out
    current = {o.id: Period.containing(period_kind(o), ctx.as_of).label for o in plan.obligations}
    for e in ctx.status.entries:
        if e.plan != plan.id:
            continue
        ob = ctx.obligation_of(e)
        if ob is None or e.period != current.get(ob.id):
            continue
        out["member" if e.member is not None else "organization"][(e.organization, e.obligation)].append(e)
    return out


def grid(ctx: SiteContext, level: str, cells: Optional[Cells] = None) -> str:
    """Organisation × obligation for the current periods: one coloured link per cell, its
    icon only (the word is its title and is read out), short column labels written top to
    bottom with the full title on hover, so that the whole table fits a 1280 px screen; on a
    phone it scrolls sideways under a fixed first column. The town committee's own duty (its
    inspection of every organisation) is a line of its own below, not a row of empty cells."""
    plan = ctx.current_plan
    if plan is None:
        return ""
    if cells is None:
        cells = _current_cells(ctx, level)
    current = {o.id: Period.containing(period_kind(o), ctx.as_of).label for o in plan.obligations}
    columns = [
        o for o in plan.obligations
        if o.kind != "judged" and o.subject.level == level and not _town_only(o, ctx.dataset.top_kinds)
        and any(k[1] == o.id for k in cells)
    ]
    if not columns:
        return ""
    headers = ["组织"] + [
        f"[{text(short_label(o, ctx.labels))}]({paths.link(PAGE, paths.OBLIGATIONS, paths.obligation_anchor(o.id))} "
        f"\"{text(o.title)}（{text(o.clause)}，{text(period_zh(current[o.id], ctx.dataset.cycles))}）\")"
        for o in columns
    ]
    rows = []
    for org in ctx.organizations:
        if not any((org.id, o.id) in cells for o in columns):
            continue
        row = [_org(ctx, org.id)]
        for o in columns:
            found = cells.get((org.id, o.id), [])
            if not found:
                row.append('<span class="ysxt-st ysxt-none" title="不承担">·</span>')
                continue
            status = worst([e.status for e in found])
            extra = ""
            if len(found) > 1:
                done = sum(1 for e in found if e.status in DONE)
                extra = f"{done}/{len(found)}"
            target = paths.link(PAGE, paths.org(org.id), paths.obligation_anchor(o.id))
            row.append(badge_link(status, target, extra, compact=True))
        rows.append(row)
    table = md.table(headers, rows, "l" + "c" * len(columns))
    return f'<div class="ysxt-grid" markdown="1">\n\n{table}\n</div>\n'  # a class for the table's CSS


def town_duties(ctx: SiteContext, cells: Optional[Cells] = None) -> str:
    """The town committee's own duties of this period (its inspections), one line each."""
    plan = ctx.current_plan
    if plan is None:
        return ""
    if cells is None:
        cells = _current_cells(ctx, "organization")
    lines = []
    for o in plan.obligations:
        if not _town_only(o, ctx.dataset.top_kinds):
            continue
        for (org_id, ob_id), found in cells.items():
            if ob_id != o.id:
                continue
            e = found[0]
            target = paths.link(PAGE, paths.org(org_id), paths.obligation_anchor(o.id))
            what = "或".join(ctx.labels.record_type(t) for t in o.qualifies.types) if o.qualifies else "完成"
            progress = f"，已{what} {e.done} 个组织，应{what} {e.required} 个" if e.required else ""
            lines.append(
                f"{_org(ctx, org_id)}：[{text(o.title)}]({target})（{text(o.clause)}，{text(period_zh(e.period, ctx.dataset.cycles))}）"
                f" {badge(worst([x.status for x in found]))}{progress}"
            )
    return "\n\n".join(lines) + "\n" if lines else ""


def recent(ctx: SiteContext) -> str:
    rows = [
        [day(r.date), _org(ctx, r.organization), text(ctx.labels.record_type(r.type)), ctx.record_link(PAGE, r.id)]
        for r in ctx.records[: ctx.settings.recent_records]
    ]
    return md.table(["日期", "组织", "类型", "标题"], rows)


def render(ctx: SiteContext) -> str:
    as_of = ctx.as_of
    soon_days = ctx.current_plan.settings.due_soon_days if ctx.current_plan else 30
    late = ctx.items([e for e in ctx.status.entries if e.status in LATE])
    soon = ctx.items([e for e in ctx.status.entries if e.status == "due_soon"])
    half = Period.containing("half", as_of)
    cycles = own_cycles(ctx.current_plan)
    now = f"年度事项为{half.year}年，半年事项为{half.label_zh}" if not cycles else "，".join(
        f"{c.name}的事项为{Period.containing(c, as_of).label_zh}" for c in cycles
    )
    blocks = [
        md.front_matter(hide=["navigation", "toc"], search_exclude=True),
        "# 意识形态工作责任制落实情况 { #top }",
        f'<p class="ysxt-asof">截至 <strong>{date_zh(as_of)}</strong>'
        f"（{as_of.isoformat()}），本期为 <strong>{text(this_period(ctx.plans, as_of).label_zh)}</strong>。"
        "状态按各组织提交的记录自动计算。</p>",
    ]
    if ctx.load_errors:
        files = sorted({p.path for p in ctx.load_errors})
        body = "以下文件有错误，没有计入统计。请运行 `ysxt check` 查看原因并改正：\n\n" + md.bullets(
            f"<code>{text(f)}</code>" for f in files[:20]
        )
        if len(files) > 20:
            body += f"\n……共 {len(files)} 个文件。\n"
        if ctx.hidden_records:
            body += f"\n组织登记文件有错误时，这个组织的记录（{ctx.hidden_records} 条）也暂不显示，改正后即恢复。\n"
        blocks.append(md.admonition("warning", f"{len(files)} 个文件未计入", body))
    blocks += [_figures(ctx, soon_days), _org_chips(ctx)]
    blocks.append(md.heading(2, f"需要处理（{len(late)} 项）", "late"))
    blocks.append(
        "已过截止日期仍未完成（已逾期、未开展）或记录不完整的事项。点事项名称查看该组织的详情。\n\n"
        + late_table(ctx, late)
        if late
        else '<p class="ysxt-none-msg">✔ 没有需要处理的事项。</p>'
    )
    blocks.append(md.heading(2, f"即将到期（{soon_days} 天内，{len(soon)} 项）", "soon"))
    blocks.append(soon_table(ctx, soon) if soon else f'<p class="ysxt-none-msg">✔ {soon_days} 天内没有到期的未完成事项。</p>')
    blocks.append(md.heading(2, "本期各组织落实情况", "grid"))
    blocks.append(
        f"每格是一个组织在本期（{text(now)}）的状态，点开看详情；"
        "把鼠标停在事项名称上可以看到完整名称。"
        "图例：✔ 完成　✖ 逾期或未开展　◐ 不完整　◔ 即将到期　○ 进行中　— 不适用　· 不承担。"
        f"检查评定类事项见[责任清单]({paths.link(PAGE, paths.OBLIGATIONS)})。"
    )
    cells = _all_current_cells(ctx)
    org_grid = grid(ctx, "organization", cells["organization"])
    if org_grid:
        blocks += [md.heading(3, "党组织责任", "grid-org"), org_grid]
    town = town_duties(ctx, cells["organization"])
    if town:
        blocks += [f"{text(ctx.labels.leading_body)}本身不承担上表中的责任，它的责任是对各党组织的检查：", town]
    member_grid = grid(ctx, "member", cells["member"])
    if member_grid:
        blocks += [
            md.heading(3, "班子成员“一岗双责”", "grid-member"),
            "格中数字为本期已完成人数/应完成人数，颜色按最紧急的一人。",
            member_grid,
        ]
    blocks.append(md.heading(2, "最近的记录", "recent"))
    blocks.append(recent(ctx) or "还没有记录。")
    blocks.append(f"[查看全部记录]({paths.link(PAGE, paths.RECORDS)}) · [订阅截止日期日历]({paths.link(PAGE, paths.CALENDAR)})")
    return md.page(*blocks)
