"""各组织: an index page, and one page per organisation (not in the navigation)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Sequence

from ..records.model import Organization, Record
from ..records.periods import Cycle
from ..status.items import Item
from ..status.model import DONE, LATE, STATUSES
from . import md, paths, svg, trends
from .context import SiteContext, worst
from .escape import text
from .fmt import badge, day, days_left, pct, period_zh, status_class
from .status_data import StatusEntry


def index(ctx: SiteContext) -> str:
    page = paths.ORGS
    rows = []
    # one scale for every small line of the table, so that the lines can be compared
    lo = svg.axis_floor([share for org in ctx.organizations for _, share in trends.org_series(ctx, org.id)])
    for org in ctx.organizations:
        s = ctx.status.org_summaries.get(org.id)
        n = ctx.org_counts.get(org.id)
        indent = "　" * ctx.org_depth.get(org.id, 0)
        name = f"{indent}[{text(org.name)}]({paths.link(page, paths.org(org.id))})"
        kind = text(ctx.labels.org_kinds.get(org.kind, org.kind))
        if org.dissolved is not None and org.dissolved <= ctx.as_of:
            kind += f"（已于 {day(org.dissolved)} 撤销）"
        secretary = "、".join(text(t.name) for t in org.holders_on(ctx.as_of, "secretary")) or "—"
        if s is None or n is None:
            rows.append([name, kind, secretary, "—", "—", "—", "不承担本方案的组织责任"])
            continue
        series = trends.org_series(ctx, org.id)
        rows.append([
            name, kind, secretary,
            f'<span class="{status_class("overdue")}">✖ {n.late}</span>' if n.late else "0",
            f'<span class="{status_class("due_soon")}">◔ {n.due_soon}</span>' if n.due_soon else "0",
            pct(s.share_met),
            svg.sparkline(series, lo=lo),
        ])
    return md.page(
        md.front_matter(hide=["navigation", "toc"], search_exclude=True),
        "# 各组织 { #top }",
        f"截至 {ctx.as_of.isoformat()}，共 {len(ctx.organizations)} 个组织。点组织名称查看班子成员、各项责任和记录。",
        md.table(["组织", "类型", "书记", "需要处理", "即将到期", "完成率",
                  "各期完成率" + (f"（纵轴 {lo * 100:.0f}%–100%）" if lo > 0 else "")], rows, "lllrrrl"),
    )


def _short_period(label: str, cycles: Sequence[Cycle] = ()) -> str:
    """2025上, 2025三季 for the built-in periods; a vocabulary's own period by its name."""
    named = period_zh(label, cycles)
    if named != period_zh(label):  # a cycle's: its name is the vocabulary's, kept whole
        return named
    return named.replace("上半年", "上").replace("下半年", "下").replace("年第", "").replace("季度", "季")


def _overview(ctx: SiteContext, entries: list[StatusEntry], page: str) -> str:
    """One row per obligation: this period's status and what is missing, then the past
    periods' statuses. Each row carries the obligation's anchor, which the other pages link to."""
    by_ob: dict[str, list[StatusEntry]] = defaultdict(list)
    for e in entries:
        by_ob[e.obligation].append(e)
    rows = []
    for ob_id in sorted(by_ob, key=lambda o: ctx.obligation_rank.get(o, 999)):
        mine = by_ob[ob_id]
        now = [e for e in mine if ctx.is_current(e)]
        by_period: dict[str, list[StatusEntry]] = defaultdict(list)
        for e in mine:
            if not ctx.is_current(e):
                by_period[e.period].append(e)
        past = [
            f"{text(_short_period(p, ctx.dataset.cycles))} {badge(worst([e.status for e in es]), short=True)}"
            for p, es in sorted(by_period.items(), reverse=True)
        ]
        title = text(ctx.obligation_title(mine[0]))
        who = "（班子成员）" if any(e.member for e in mine) else ""
        target = paths.link(page, paths.OBLIGATIONS, paths.obligation_anchor(ob_id))
        note = ""
        if now:
            first = min(now, key=lambda e: STATUSES.index(e.status))
            note = text(first.note)
            if note and first.member and len(now) > 1:
                note = f"{text(ctx.member_name(first.member))}等 {len(now)} 人：{note}"
        rows.append([
            f'<span id="{paths.obligation_anchor(ob_id)}"></span>[{title}]({target}){who}',
            badge(worst([e.status for e in now])) if now else "—",
            note,
            " ".join(past) or "—",
        ])
    return md.table(["事项", "本期", "本期说明", "往期"], rows)


def _members(ctx: SiteContext, org: Organization, entries: list[StatusEntry], page: str) -> list[str]:
    blocks: list[str] = []
    terms = sorted(org.terms, key=lambda t: (t.end is not None and t.end < ctx.as_of, t.start), reverse=False)
    with_duties = {e.member for e in entries if e.member is not None}
    rows = []
    for t in terms:
        if t.start > ctx.as_of:
            continue
        current = t.holds_on(ctx.as_of)
        until = "至今" if t.end is None or t.end >= ctx.as_of else f"至 {day(t.end)}"
        rows.append([
            f"[{text(t.name)}](#{paths.member_anchor(t.member_id)})" if t.member_id in with_duties else text(t.name),
            text(ctx.labels.role(t.role)), text(t.portfolio) or "—", f"{day(t.start)} {until}",
            "在任" if current else "已离任",
        ])
    blocks.append(md.heading(2, "领导班子", "team"))
    blocks.append(md.table(["姓名", "职务", "分工", "任职", "状态"], rows) or "没有登记班子成员。")
    by_member: dict[str, list[StatusEntry]] = defaultdict(list)
    for e in entries:
        if e.member is not None:
            by_member[e.member].append(e)
    if not by_member:
        return blocks
    blocks.append(md.heading(2, "班子成员“一岗双责”清单", "duties", search=False))
    blocks.append("每位班子成员本期还没有完成的事项和往期未完成的事项，以及本期已完成的事项和所计入的记录。")
    order = [t.member_id for t in terms]
    for member in sorted(by_member, key=lambda m: order.index(m) if m in order else 999):
        mine = by_member[member]
        holding = [t for t in org.terms if t.member_id == member and t.holds_on(ctx.as_of)]
        role = "、".join(text(ctx.labels.role(t.role)) for t in holding) or "已离任"
        portfolio = "、".join(text(t.portfolio) for t in holding if t.portfolio)
        blocks.append(md.heading(3, f"{text(ctx.member_name(member))} · {role}", paths.member_anchor(member), search=False))
        if portfolio:
            blocks.append(f"分工：{portfolio}")
        now = [e for e in mine if ctx.is_current(e)]
        show = [e for e in mine if (ctx.is_current(e) and e.status not in DONE) or e.status in LATE]
        items = []
        for item in sorted(ctx.items(show), key=lambda i: (ctx.obligation_rank.get(i.obligation, 999), i.first.period_start)):
            target = paths.link(page, paths.OBLIGATIONS, paths.obligation_anchor(item.obligation))
            line = f"{badge(item.status)} [{text(ctx.obligation_title(item.first))}]({target})（{text(item.periods)}）"
            if item.note:
                line += f"：{text(item.note)}"
            items.append(line)
        done_now = sorted(
            (e for e in now if e.status in DONE), key=lambda e: (ctx.obligation_rank.get(e.obligation, 999), e.trigger or "")
        )
        if done_now:
            items.append(f"{badge('met')} 本期已完成：" + "；".join(
                text(ctx.obligation_title(e))
                + ("（逾期完成）" if e.status == "met_late" else "")
                + ("（" + "、".join(ctx.record_link(page, r) for r in e.records) + "）" if e.records else "")
                for e in done_now
            ))
        past_done = sum(1 for e in mine if not ctx.is_current(e) and e.status in DONE)
        blocks.append(md.bullets(items) if items else "本期没有应做的事项。")
        if past_done:
            blocks.append(f"往期已完成 {past_done} 项。")
    return blocks


def _record_block(ctx: SiteContext, r: Record, page: str) -> list[str]:
    head = f"{day(r.date)} {text(ctx.labels.record_type(r.type))}：{text(r.title)}"
    lines: list[str] = []
    people = []
    if r.period:
        people.append(f"所属期间：{text(period_zh(r.period, ctx.dataset.cycles))}")
    if r.lead:
        people.append(f"主持/负责：{text(ctx.member_name(r.lead))}")
    others = [p for p in r.participants if p != r.lead]
    if others:
        people.append("参加：" + "、".join(text(ctx.member_name(p)) for p in others))
    if r.attendance is not None:
        people.append(f"共 {r.attendance} 人参加")
    if r.topics:
        people.append("议题：" + "、".join(text(t) for t in r.topics))
    if people:
        lines.append("；".join(people))
    if r.summary:
        lines.append("摘要：" + text(r.summary))
    if r.report is not None:
        doc = f"（{text(r.report.document_no)}）" if r.report.document_no else ""
        lines.append(f"书面报告：{day(r.report.submitted_on)} 报送{text(ctx.org_name(r.report.submitted_to))}{doc}")
    if r.directive is not None:
        scope = f"{text(ctx.labels.whole)}各党组织" if r.directive.applies_to_all else "、".join(text(ctx.org_name(o)) for o in r.directive.applies_to)
        doc = f"{text(r.directive.document_no)}，" if r.directive.document_no else ""
        lines.append(f"发文：{text(r.directive.issuer)}（{doc}适用：{scope}）")
    if r.lecture is not None:
        sp = f"，主讲：{text(r.lecture.speaker)}" if r.lecture.speaker else ""
        appr = "审核报备：" + ctx.record_link(page, r.lecture.approval) if r.lecture.approval else "没有写审核报备记录"
        lines.append(f"形式：{text(r.lecture.form)}{sp}；{appr}")
    if r.approval is not None:
        lines.append(f"审核单位：{text(r.approval.approver)}；结果：{text(r.approval.result)}")
    if r.amends is not None:
        lines.append(f"更正记录：{ctx.record_link(page, r.amends.record)}（原因：{text(r.amends.reason)}）")
    fixed_by = ctx.amended_by.get(r.id)
    if fixed_by:
        lines.append("**已被更正**，以更正后的记录为准：" + "、".join(ctx.record_link(page, x) for x in fixed_by))
    if r.responds_to:
        lines.append("回应：" + "、".join(ctx.record_link(page, x) for x in r.responds_to))
    evidence = [
        f"{text(ev.title)}（{ctx.source_link(ev.file) if ev.file else '纸质档案 ' + text(ev.archive)}）" for ev in r.evidence
    ]
    lines.append("证明材料：" + ("；".join(evidence) if evidence else "无"))
    counted = [e for e in ctx.counted_for.get(r.id, []) if e.trigger != r.id and e.organization == r.organization]
    if counted:
        # plain text: the obligations' rows (with their links) are in 各项责任 above
        titles = {e.obligation: ctx.obligation_title(e) for e in counted}
        order = sorted(titles, key=lambda o: (ctx.obligation_rank.get(o, 999), o))
        lines.append("计入：" + "、".join(text(titles[o]) for o in order))
    started = [e for e in ctx.counted_for.get(r.id, []) if e.trigger == r.id]
    if started:
        done = sum(1 for e in started if e.status in DONE)
        obs = sorted({e.obligation for e in started}, key=lambda o: ctx.obligation_rank.get(o, 999))
        what = "、".join(
            f"[{text(ctx.obligation_title(next(e for e in started if e.obligation == o)))}]"
            f"({paths.link(page, paths.OBLIGATIONS, paths.obligation_anchor(o))})"
            for o in obs
        )
        lines.append(f"由此产生的责任：{what}（{len(started)} 项，已完成 {done} 项）")
    edit = paths.link(page, paths.FILL) + paths.fill_edit(r.organization, r.date.year, r.id)  # 填报 page, filled with this record
    lines.append("来源文件：" + ctx.source_link(r.source) + f" · [修改或更正]({edit}){{ .ysxt-edit data-search-exclude }}")
    return [md.heading(4, head, paths.record_anchor(r.id)), md.bullets(lines)]


def org_page(ctx: SiteContext, org: Organization) -> str:
    page = paths.org(org.id)
    entries = ctx.entries_by_org.get(org.id, [])
    s = ctx.status.org_summaries.get(org.id)
    facts = [text(ctx.labels.org_kinds.get(org.kind, org.kind))]
    if org.category:
        facts.append(text(ctx.labels.categories.get(org.category, org.category)))
    if org.parent:
        parent = ctx.dataset.organization(org.parent)
        facts.append("上级：" + (f"[{text(parent.name)}]({paths.link(page, paths.org(parent.id))})" if parent else text(org.parent)))
    children = ctx.children.get(org.id, [])
    many = len(children) > ctx.settings.list_limit  # listed in parts below (search sections under 32 KB)
    if children:
        facts.append(f"下属：[{len(children)} 个组织](#children)" if many else
                     "下属：" + "、".join(f"[{text(c.name)}]({paths.link(page, paths.org(c.id))})" for c in children))
    facts.append(f"成立：{day(org.founded)}")
    if org.dissolved is not None and org.dissolved <= ctx.as_of:
        facts.append(f"撤销：{day(org.dissolved)}")
    if org.maintainers:
        facts.append("记录维护人：" + "、".join(text(m) for m in org.maintainers))
    blocks = [
        md.front_matter(hide=["navigation"], search_boost=2, title=text(org.name)),
        f"# {text(org.name)} {{ #top }}",
        " · ".join(facts),
        f"[订阅本组织的截止日期（.ics）]({paths.link(page, paths.org_ics(org.id))}) · 来源文件：{ctx.source_link(org.source)}",
    ]
    late = ctx.items(sorted((e for e in entries if e.status in LATE), key=lambda e: (e.due or date.min, ctx.sort_key(e))))
    soon = ctx.items(sorted((e for e in entries if e.status in ("due_soon", "open")), key=lambda e: (e.due or date.max, ctx.sort_key(e))))
    n = ctx.org_counts.get(org.id)
    if s is not None and n is not None:
        blocks.append(
            f'<p class="ysxt-asof">截至 {ctx.as_of.isoformat()}：需要处理 <strong>{n.late}</strong> 项，'
            f"即将到期 <strong>{n.due_soon}</strong> 项，已到期事项完成率 <strong>{pct(s.share_met)}</strong>。</p>"
        )
        blocks.append(md.heading(2, f"需要处理（{len(late)} 项）", "late", search=False))
        if late:
            blocks.append(_todo_table(ctx, page, late))
        else:
            blocks.append('<p class="ysxt-none-msg">✔ 没有逾期或不完整的事项。</p>')
        blocks.append(md.heading(2, f"待完成（{len(soon)} 项）", "todo", search=False))
        blocks.append(_todo_table(ctx, page, soon) if soon else "没有尚未到期的待办事项。")
    elif not entries:
        blocks.append(f"本组织不承担实施方案中的组织责任（例如{text(ctx.labels.leading_body)}本身），这里只列出班子和记录。")
    if many:
        blocks.append(md.heading(2, f"下属组织（{len(children)} 个）", "children"))
        for start in range(0, len(children), 100):
            part = children[start:start + 100]
            blocks.append(md.heading(3, f"第 {start + 1}–{start + len(part)} 个", f"children-{start // 100 + 1}"))
            blocks.append("、".join(f"[{text(c.name)}]({paths.link(page, paths.org(c.id))})" for c in part))
    blocks += _members(ctx, org, entries, page)
    if entries:
        blocks.append(md.heading(2, "各项责任（本期和往期）", "obligations", search=False))
        blocks.append("每项责任在本期和往期的状态。点事项名称看它的出处和什么样的记录算数；每条记录计入哪些事项写在下面的记录里。")
        blocks.append(_overview(ctx, entries, page))
        series = trends.org_series(ctx, org.id)
        if any(share is not None for _, share in series):
            blocks.append(md.heading(2, "各期完成率", "trend", search=False))
            blocks.append(svg.line_chart(series, f"{org.name}各期已到期事项完成率"))
    records = ctx.records_by_org.get(org.id, [])
    blocks.append(md.heading(2, f"记录（{len(records)} 条）", "records"))
    if not records:
        blocks.append("还没有记录。")
    year = None
    for r in records:
        if r.date.year != year:
            year = r.date.year
            count = sum(1 for x in records if x.date.year == year)
            blocks.append(md.heading(3, f"{year} 年（{count} 条）", f"records-{year}"))
        blocks += _record_block(ctx, r, page)
    return md.page(*blocks)


def _todo_table(ctx: SiteContext, page: str, items: list[Item[StatusEntry]]) -> str:
    rows = []
    for item in items:
        e = item.first
        title = text(ctx.obligation_title(e))
        who = (
            "（" + "、".join(f"[{text(ctx.member_name(m))}](#{paths.member_anchor(m)})" for m in item.members) + "）"
            if item.members else ""
        )
        rows.append([
            badge(item.status), f"[{title}](#{paths.obligation_anchor(e.obligation)}){who}", text(item.periods), text(item.note),
            f"{day(item.due)}<br>{days_left(item.due, ctx.as_of)}" if item.due else "—",
        ])
    return md.table(["状态", "事项", "期间", "还差什么", "截止"], rows)
