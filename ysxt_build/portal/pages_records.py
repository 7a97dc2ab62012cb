"""记录: every record by year, type and organisation, each linking to its details and source
file on its organisation's page."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..records.model import Record
from . import md, paths
from .context import SiteContext
from .escape import text
from .fmt import day


def years(ctx: SiteContext) -> list[int]:
    return sorted({r.date.year for r in ctx.records}, reverse=True)


def index(ctx: SiteContext) -> str:
    page = paths.RECORDS
    ys = years(ctx)
    if not ys:
        return md.page("# 记录 { #top }", "还没有记录。")
    by_type: Counter[tuple[str, int]] = Counter((r.type, r.date.year) for r in ctx.records)
    by_org: Counter[tuple[str, int]] = Counter((r.organization, r.date.year) for r in ctx.records)
    types = [t for t in ctx.labels.record_types if any((t, y) in by_type for y in ys)]
    type_rows = []
    for t in types:
        row = [text(ctx.labels.record_type(t))]
        for y in ys:
            n = by_type.get((t, y), 0)
            row.append(f"[{n}]({paths.link(page, paths.records_year(y), paths.type_anchor(t))})" if n else "0")
        type_rows.append(row)
    org_rows = []
    for org in ctx.organizations:
        counts = [by_org.get((org.id, y), 0) for y in ys]
        if not any(counts):
            continue
        org_rows.append(
            [f"[{text(org.name)}]({paths.link(page, paths.org(org.id), 'records')})"] + [str(n) for n in counts]
        )
    year_links = " · ".join(f"[{y} 年（{sum(1 for r in ctx.records if r.date.year == y)} 条）]({paths.link(page, paths.records_year(y))})" for y in ys)
    return md.page(
        md.front_matter(hide=["navigation"]),
        "# 记录 { #top }",
        f"截至 {ctx.as_of.isoformat()} 共 {len(ctx.records)} 条记录。按年份：{year_links}",
        md.heading(2, "按类型", "by-type"),
        md.table(["类型"] + [f"{y} 年" for y in ys], type_rows, "l" + "r" * len(ys)),
        md.heading(2, "按组织", "by-org"),
        *_in_parts(org_rows, ["组织"] + [f"{y} 年" for y in ys], "l" + "r" * len(ys)),
        f"怎样新增一条记录，见[填报指南]({paths.link(page, paths.GUIDE)})。",
    )


PART = 100  # rows of one part: every search section stays well under 32 KB (Zensical's limit)


def _in_parts(rows: list[list[str]], headers: list[str], align: str) -> list[str]:
    """A long table as parts of :data:`PART` rows, each under its own heading (a county has a
    thousand organisations: one table would be one search section of about 50 KB)."""
    if len(rows) <= PART:
        return [md.table(headers, rows, align)]
    blocks = []
    for start in range(0, len(rows), PART):
        part = rows[start:start + PART]
        blocks.append(md.heading(3, f"第 {start + 1}–{start + len(part)} 个组织", f"by-org-{start // PART + 1}"))
        blocks.append(md.table(headers, part, align))
    return blocks


def year_page(ctx: SiteContext, year: int) -> str:
    page = paths.records_year(year)
    mine = [r for r in ctx.records if r.date.year == year]
    by_type: dict[str, list[Record]] = defaultdict(list)
    for r in mine:
        by_type[r.type].append(r)
    order = {o.id: i for i, o in enumerate(ctx.organizations)}
    linked = ctx.has_source_links
    types = [t for t in ctx.labels.record_types if t in by_type] + sorted(t for t in by_type if t not in ctx.labels.record_types)
    toc = " · ".join(f"[{text(ctx.labels.record_type(t))}（{len(by_type[t])}）](#{paths.type_anchor(t)})" for t in types)
    blocks = [
        md.front_matter(hide=["navigation"], search_exclude=True),
        f"# {year} 年的记录 {{ #top }}",
        f"共 {len(mine)} 条。点标题看记录的详细内容、证明材料和来源文件。{toc}",
    ]
    for t in types:
        rows = []
        for r in sorted(by_type[t], key=lambda r: (order.get(r.organization, 1 << 30), r.date, r.id)):
            # the title links to the record on its organisation's page (details, evidence and
            # the file's path); a link to the source file itself where the repository has a web
            # address (a county has thousands of records a year: few links a row)
            row = [text(ctx.org_name(r.organization)), day(r.date), ctx.record_link(page, r.id)]
            if linked:
                row.append(ctx.source_link(r.source))
            rows.append(row)
        blocks.append(md.heading(2, f"{text(ctx.labels.record_type(t))}（{len(rows)} 条）", paths.type_anchor(t)))
        blocks.append(md.table(["组织", "日期", "标题"] + (["来源文件"] if linked else []), rows))
    return md.page(*blocks)
