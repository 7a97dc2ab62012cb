"""趋势: each organisation's share met per half-year, drawn at build time."""

from __future__ import annotations

from . import md, paths, svg, trends
from .context import SiteContext
from .escape import slug, text

PAGE = paths.TRENDS


def render(ctx: SiteContext) -> str:
    blocks = [
        md.front_matter(hide=["navigation"], search_exclude=True),
        "# 各期完成率 { #top }",
        "每个半年已到期事项中按时或逾期完成的比例（年度事项计入下半年）。"
        f"本期（截至 {ctx.as_of.isoformat()}）只计已到期的事项。",
        md.heading(2, text(ctx.labels.whole), "town"),
        svg.line_chart(trends.town_series(ctx), f"{ctx.labels.whole}各期已到期事项完成率"),
    ]
    cards = []
    for org in ctx.organizations:
        series = trends.org_series(ctx, org.id)
        if not any(share is not None for _, share in series):
            continue
        # raw HTML (no Markdown inside): the link is to the built page, checked by the tests
        href = paths.link(PAGE, paths.org(org.id))[: -len(".md")] + ".html"
        cards.append(
            f'<div class="ysxt-chart-card" id="{slug(org.id, "o-")}"><p><a href="{href}">{text(org.name)}</a></p>'
            f"{svg.line_chart(series, f'{org.name}各期已到期事项完成率').strip()}</div>"
        )
    if cards:
        blocks.append(md.heading(2, "各组织", "orgs"))
        blocks.append('<div class="ysxt-chart-grid">' + "".join(cards) + "</div>")
    return md.page(*blocks)
