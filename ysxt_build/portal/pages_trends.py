"""趋势: each organisation's share met per half-year, drawn at build time."""

from __future__ import annotations

from . import md, paths, svg, trends
from .context import SiteContext
from .escape import slug, text

PAGE = paths.TRENDS


def render(ctx: SiteContext) -> str:
    town = trends.town_series(ctx)
    shown = [(org, trends.org_series(ctx, org.id)) for org in ctx.organizations]
    shown = [(org, series) for org, series in shown if any(share is not None for _, share in series)]
    # one scale for every organisation's chart, so that they can be compared at a glance
    lo = svg.axis_floor([share for _, series in shown for _, share in series])
    blocks = [
        md.front_matter(hide=["navigation"], search_exclude=True),
        "# 各期完成率 { #top }",
        "每个半年已到期事项中按时或逾期完成的比例（年度事项计入下半年）。"
        f"本期（截至 {ctx.as_of.isoformat()}）只计已到期的事项。"
        "纵轴按数据的范围画出（不一定从 0 开始），范围写在每张图的纵轴和图下。",
        md.heading(2, text(ctx.labels.whole), "town"),
        svg.line_chart(town, f"{ctx.labels.whole}各期已到期事项完成率"),
    ]
    cards = []
    for org, series in shown:
        # raw HTML (no Markdown inside): the link is to the built page, checked by the tests
        href = paths.link(PAGE, paths.org(org.id))[: -len(".md")] + ".html"
        cards.append(
            f'<div class="ysxt-chart-card" id="{slug(org.id, "o-")}"><p><a href="{href}">{text(org.name)}</a></p>'
            f"{svg.line_chart(series, f'{org.name}各期已到期事项完成率', lo).strip()}</div>"
        )
    if cards:
        blocks.append(md.heading(2, "各组织", "orgs"))
        if lo > 0:
            blocks.append(f"各组织的图用同一个纵轴，{svg.axis_note(lo)}。")
        blocks.append('<div class="ysxt-chart-grid">' + "".join(cards) + "</div>")
    return md.page(*blocks)
