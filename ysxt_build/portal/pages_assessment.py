"""Portal pages for sections 三 and 四 of the plan: inspections, assessments, accountability.

Pure functions returning Markdown (MkDocs with attr_list and admonitions, like the rest of
the portal). Every piece of text that comes from a record, an organisation, a plan or a
rubric goes through :func:`ysxt_build.portal.escape.text`; ids in anchors go through
:func:`~ysxt_build.portal.escape.slug`. Charts are inline SVG with a text equivalent.

Accountability pages show counts and outcomes per organisation; the names of members on a
case only when ``show_names`` is true (the plan's setting, see
:func:`ysxt_build.assessment.accountability.names_shown`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Collection, Mapping, Optional, Sequence

from ..assessment.accountability import Case, Flag, OrgCases, Response, Situation, flag_wording, outcome_text
from ..assessment.scoring import ScoreRow, fmt_points
from ..records.labels import LEADING_BODY_DEFAULT
from ..records.model import Dataset, Record
from ..records.periods import Period, period_zh
from ..status.items import group
from ..status.model import StatusReport
from . import md
from .escape import slug, text
from .fmt import badge

INSPECTIONS_TITLE = "半年检查"
ASSESSMENTS_TITLE = "年度考核"
ACCOUNTABILITY_TITLE = "追责问责"
_OPEN = ("open", "due_soon", "overdue", "missing", "incomplete")


def _org_name(dataset: Dataset, org_id: str) -> str:
    org = dataset.organization(org_id)
    return org.name if org is not None else org_id


def _joined(items: Sequence[str]) -> str:
    """Sentences joined with ；, one full stop at the end."""
    return "；".join(i.strip().rstrip("。；;") for i in items if i.strip()) + "。"



# -- inspections ----------------------------------------------------------------------------


def inspections_page(
    dataset: Dataset,
    report: StatusReport,
    methods: Mapping[str, str],
    conclusions: Mapping[str, str],
    coverage_obligation: str = "town-inspection",
    org_order: Sequence[str] = (),
) -> str:
    """Per half year: which organisations were inspected, how, the conclusions, and the
    corrections still open. ``methods`` and ``conclusions`` are the schema's labels
    (``inspection.methods`` and ``inspection.conclusion`` choices); ``org_order`` the
    organisations in the registry's order, which the tables follow."""
    rank = {org_id: i for i, org_id in enumerate(org_order)}
    as_of = report.as_of
    visible = [r for r in dataset.records if r.date <= as_of]
    superseded = {r.amends.record for r in visible if r.amends is not None}
    by_half: dict[str, list[Record]] = defaultdict(list)
    body = dataset.current_vocabulary.leading_body if dataset.current_vocabulary is not None else "上级党组织"
    for r in visible:
        if r.block("inspection") is None or r.id in superseded:
            continue
        block = r.block("inspection") or {}
        label = block.get("period") if isinstance(block.get("period"), str) else Period.containing("half", r.date).label
        by_half[str(label)].append(r)
    coverage = {e.period: e for e in report.entries if e.obligation == coverage_obligation}
    halves = sorted(set(by_half) | set(coverage), reverse=True)
    blocks = [
        md.heading(1, INSPECTIONS_TITLE, "inspections"),
        f"{text(body)}每半年对各党组织检查一次（实施方案三）"
        + (f"，方式包括{text('、'.join(methods.values()))}" if methods else "")
        + f"。检查提出的整改要求由被检查的组织按期完成（截至 {as_of.isoformat()}）。",
    ]
    if not halves:
        blocks.append("还没有检查记录。")
    for half in halves:
        blocks.append(md.heading(2, text(period_zh(half, dataset.cycles)), slug(half.lower(), "h-")))
        cov = coverage.get(half)
        if cov is not None:
            blocks.append(f"{text(body)}本期检查覆盖：{badge(cov.status)}　已检查 {cov.done} 个，应检查 {cov.required} 个"
                          + (f"。{text(cov.note)}" if cov.note and cov.status != "met" else ""))
        rows = []
        for r in sorted(by_half.get(half, []), key=lambda r: (rank.get(str((r.block("inspection") or {}).get("target", "")), len(rank)), r.date)):
            block = r.block("inspection") or {}
            target = str(block.get("target", ""))
            findings = [str(f) for f in block.get("findings") or ()]
            corrections = block.get("corrections") or ()
            rows.append([
                text(_org_name(dataset, target)),
                r.date.isoformat(),
                text("、".join(methods.get(m, m) for m in block.get("methods") or ())),
                text(conclusions.get(str(block.get("conclusion", "")), "—")) if block.get("conclusion") else "—",
                text(_joined(findings)) if findings else "未发现问题",
                str(len(corrections)) if corrections else "—",
            ])
        table = md.table(["组织", "检查日期", "检查方式", "结论", "发现的问题", "整改要求"], rows, "llllll")
        blocks.append(table or "本期还没有检查记录。")
    open_items = [
        e for e in report.entries
        if e.trigger is not None and "#" in e.trigger and e.status in _OPEN
    ]
    blocks.append(md.heading(2, "未完成的整改", "open-corrections"))
    if open_items:
        rows = []
        for e in sorted(open_items, key=lambda e: (e.due or as_of, rank.get(e.organization, len(rank)), e.trigger or "")):
            rows.append([
                text(_org_name(dataset, e.organization)),
                text(e.note),
                e.due.isoformat() if e.due else "—",
                badge(e.status),
            ])
        blocks.append(md.table(["组织", "整改要求", "期限", "状态"], rows, "llll"))
    else:
        blocks.append("没有未完成的整改要求。")
    return md.page(*blocks)


# -- assessments ----------------------------------------------------------------------------


def grade_chart(counts: Sequence[tuple[str, int]], title: str) -> str:
    """A horizontal bar chart of how many organisations got each grade (inline SVG)."""
    width, bar_h, gap, left, right = 480, 22, 8, 72, 48
    height = max(1, len(counts)) * (bar_h + gap) + gap
    top = max([n for _, n in counts] + [1])
    plot = width - left - right
    parts = [f'<svg class="ysxt-chart ysxt-grades" viewBox="0 0 {width} {height}" width="100%" role="img"><title>{text(title)}</title>']
    for i, (grade, n) in enumerate(counts):
        y = gap + i * (bar_h + gap)
        w = round(plot * n / top, 1)
        parts.append(
            f'<text class="ysxt-axis" x="{left - 8}" y="{y + bar_h - 6}" text-anchor="end">{text(grade)}</text>'
            f'<rect class="ysxt-bar" x="{left}" y="{y}" width="{w}" height="{bar_h}"/>'
            f'<text class="ysxt-value" x="{left + w + 6}" y="{y + bar_h - 6}">{n}</text>'
        )
    parts.append("</svg>")
    summary = "；".join(f"{text(g)} {n} 个" for g, n in counts)
    return f'<div class="ysxt-chart-box">{"".join(parts)}<p class="ysxt-chart-text">{summary}</p></div>\n'


def assessments_page(years: Sequence[tuple[int, Sequence[ScoreRow]]], leading_body: str = LEADING_BODY_DEFAULT) -> str:
    """Per year: the score table (proposed and recorded), the grade distribution as a chart,
    and every deduction with its explanation. ``years`` newest first is the usual order;
    ``leading_body`` is the vocabulary's word for who assesses (镇党委, 局党组)."""
    body = text(leading_body)
    blocks = [
        md.heading(1, ASSESSMENTS_TITLE, "assessments"),
        f"{body}每年按考评方案对各党组织进行年度考核。“建议得分”由各项责任的落实情况按考评方案自动计算，"
        f"人工评分项由考核人员打分；“登记得分”是{body}审定后登记的考核结果。",
    ]
    if not years:
        blocks.append("还没有考核年度。")
    for year, rows in years:
        blocks.append(md.heading(2, f"{year}年度", f"y-{year}"))
        if not rows:
            blocks.append("本年度没有需要考核的组织。")
            continue
        rubric = rows[0].card.rubric
        blocks.append(f"考评方案：{text(rubric.title)}（满分 {fmt_points(rubric.total)} 分）。")
        table_rows = []
        for row in rows:
            card, cmp = row.card, row.comparison
            proposed = fmt_points(card.total) + ("" if card.complete else f"（另有 {fmt_points(card.unscored_points)} 分待人工评分）")
            table_rows.append([
                text(row.org_name),
                proposed,
                text(card.grade) if card.complete and card.grade else "待评定",
                fmt_points(cmp.score) if cmp is not None and cmp.score is not None else "—",
                text(cmp.grade) if cmp is not None and cmp.grade else "—",
                fmt_points(sum(s.deducted for s in card.automatic)),
            ])
        blocks.append(md.table(["组织", "建议得分", "建议等次", "登记得分", "登记等次", "自动扣分"], table_rows, "lrlrlr"))
        counted = Counter(row.final_grade or "待评定" for row in rows)
        order = [g.grade for g in sorted(rubric.grades, key=lambda g: -g.min)]
        series = [(g, counted.get(g, 0)) for g in order]
        if counted.get("待评定"):
            series.append(("待评定", counted["待评定"]))
        blocks.append(md.heading(3, "等次分布", f"y-{year}-grades"))
        blocks.append(grade_chart(series, f"{year}年度考核等次分布"))
        blocks.append(md.heading(3, "扣分明细", f"y-{year}-deductions"))
        details = []
        for row in rows:
            lines = [text(d.explanation) for d in row.card.deductions]
            for s in row.card.indicators:
                if s.capped:
                    lines.append(text(f"“{s.indicator.title}”扣分合计 {fmt_points(s.uncapped)} 分，按最多扣 {fmt_points(s.deducted)} 分计"))
                for a in s.adjustments:
                    lines.append(text(f"“{s.indicator.title}”调整 {fmt_points(a.points)} 分：{a.reason}"))
            if lines:
                details.append(md.admonition("warning", f"{text(row.org_name)}：扣 {fmt_points(sum(s.deducted for s in row.card.automatic))} 分", md.bullets(lines), collapsible=True))
        blocks.append("\n".join(details) if details else "本年度各组织自动计分项均未扣分。")
    return md.page(*blocks)


# -- accountability -------------------------------------------------------------------------


def accountability_page(
    dataset: Dataset,
    situations: Sequence[Situation],
    ladder: Sequence[Response],
    summary: Mapping[str, OrgCases],
    flags: Sequence[Flag] = (),
    show_names: bool = False,
    as_of: Optional[date] = None,
    titles: Optional[Mapping[str, str]] = None,
    standing: Optional[Collection[str]] = None,
    org_order: Sequence[str] = (),
    leading_body: str = LEADING_BODY_DEFAULT,
) -> str:
    """Counts and outcomes per organisation; the situations and responses of 四（三）;
    duties that may fall under a situation (for ``leading_body``, the vocabulary's 镇党委, to
    judge). Names of members only when ``show_names``. ``titles`` names the duties (obligation id → title); ``standing``
    the obligations that are standing conditions (one row since when, not one per period);
    ``org_order`` the organisations in the registry's order, which the tables follow."""
    rank = {org_id: i for i, org_id in enumerate(org_order)}
    titles = titles or {}
    blocks = [
        md.front_matter(search_exclude=True),  # long status lists; the situations are on the plan page
        md.heading(1, ACCOUNTABILITY_TITLE, "accountability"),
        "各党组织领导班子、领导干部有实施方案四（三）所列情形之一的，视情节轻重给予"
        + text("、".join(r.title for r in ladder)) + "。本页只列各组织的问责数量和结果"
        + ("。" if not show_names else "，按方案的设置显示涉及的班子成员。"),
    ]
    rows = []
    for org_id, org in sorted(summary.items(), key=lambda kv: rank.get(kv[0], len(rank))):
        rows.append([
            text(_org_name(dataset, org_id)),
            str(org.count),
            text("、".join(f"情形{n}（{c} 起）" for n, c in org.by_situation.items())),
            text(outcome_text(org, ladder)),
        ])
    blocks.append(md.heading(2, "各组织问责情况", "acc-orgs"))
    blocks.append(md.table(["组织", "问责", "情形", "问责方式"], rows, "lrll") if rows else "没有问责记录。")
    if show_names:
        names = {t.member_id: t.name for o in dataset.organizations for t in o.terms}
        case_rows = []
        ladder_titles = {r.code: r.title for r in ladder}
        for org in summary.values():
            for c in org.cases:
                case_rows.append(_case_row(dataset, c, ladder_titles, names))
        if case_rows:
            blocks.append(md.heading(2, "问责决定", "acc-cases"))
            blocks.append(md.table(["决定日期", "组织", "情形", "问责方式", "决定文书", "涉及的班子成员"], case_rows, "llllll"))
    blocks.append(md.heading(2, "可能涉及问责情形的事项", "acc-flags"))
    if flags:
        # one row per duty of an organisation and kind of gap, as every list of things to do:
        # its periods, directives and members merged (ysxt_build.status.items), so that a large county's page
        # stays readable (a directive to every organisation would otherwise add a row per
        # organisation and member)
        situations_of: dict[tuple[str, str], set[int]] = {}
        for f in flags:
            situations_of.setdefault((f.entry.organization, f.entry.obligation), set()).update(f.situations)
        member_names = {t.member_id: t.name for o in dataset.organizations for t in o.terms} if show_names else {}
        rows = []
        items = group([f.entry for f in flags], standing or (), dataset.cycles, as_of)
        for item in sorted(items, key=lambda i: rank.get(i.organization, len(rank))):  # stable: plan order within
            who = ""
            if item.members:
                who = "、".join(member_names.get(m, m) for m in item.members) if show_names else f"班子成员 {len(item.members)} 人"
            merged = Flag(item.last, tuple(sorted(situations_of[(item.organization, item.obligation)])))
            rows.append([
                text(_org_name(dataset, item.organization)) + (f"（{text(who)}）" if who else ""),
                text(titles.get(item.obligation, item.obligation)),
                text(item.periods),
                badge(item.status),
                text(item.note),
                text(merged.refs(situations)),
            ])
        blocks.append(
            f"下列责任已逾期或未落实，按其性质{text(flag_wording(leading_body))}，不代表已认定问责"
            + (f"（截至 {as_of.isoformat()}）" if as_of else "") + "。"
        )
        blocks.append(md.table(["组织", "责任事项", "期间", "状态", "情况", "可能涉及的情形"], rows, "llllll"))
    else:
        blocks.append("没有需要研判的事项。")
    blocks.append(md.heading(2, "问责情形（实施方案四（三））", "acc-situations"))
    blocks.append(md.bullets(f"{text(s.label)}：{text(s.text)}" for s in situations) or "实施方案中没有列出问责情形。")
    return md.page(*blocks)


def _case_row(dataset: Dataset, c: Case, titles: Mapping[str, str], names: Mapping[str, str]) -> list[str]:
    return [
        c.decided_on.isoformat(),
        text(_org_name(dataset, c.organization)),
        f"情形{c.situation}",
        text(titles.get(c.response, c.response)),
        text(c.decision_document),
        text("、".join(names.get(m, m) for m in c.members)) or "—",
    ]
