"""One missing thing is one item, and every count of things to do agrees: the home page's
figure, each organisation's chip, the 需要处理 table, each organisation's page and the Excel
sheet 逾期事项 (on the demo, as of 2026-12-01)."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ysxt_build.exports.xlsx import SHEET_LATE, summary_workbook
from ysxt_build.portal import pages_home, pages_orgs
from ysxt_build.portal.context import PortalSettings, SiteContext
from ysxt_build.portal.generate import context_for
from ysxt_build.records.periods import Period

PROJECT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 12, 1)


@pytest.fixture(scope="module")
def ctx() -> SiteContext:
    return context_for(PROJECT, AS_OF, PortalSettings(), use_cache=False)


def _late_rows(markdown: str) -> list[str]:
    """The rows of the table under the heading 需要处理."""
    part = markdown.split("## 需要处理", 1)[1].split("\n## ", 1)[0]
    return [line for line in part.splitlines() if line.startswith("| ") and "<span class=\"ysxt-st" in line]


def _name(cell: str) -> str:
    return re.sub(r"^\[([^\]]*)\].*$", r"\1", cell.strip())


def _status(cell: str) -> str:
    return re.sub(r"<[^>]+>", "", cell).strip().split()[-1]  # ✖ 未开展 → 未开展


def test_chips_tables_pages_and_excel_count_the_same_items(ctx: SiteContext) -> None:
    home = pages_home.render(ctx)
    figure = int(re.search(r'<span class="ysxt-fig-n">(\d+)</span><span class="ysxt-fig-l">项需要处理', home).group(1))  # type: ignore[union-attr]
    heading = int(re.search(r"## 需要处理（(\d+) 项）", home).group(1))  # type: ignore[union-attr]
    rows = _late_rows(home)
    assert figure == heading == len(rows)
    chips = {name: int(n) for name, n in re.findall(r"\[([^\]✖◔✔]+?) ✖(\d+)", home)}
    per_org = Counter(_name(r.split(" | ")[0].lstrip("| ")) for r in rows)
    assert chips == dict(per_org)
    assert sum(chips.values()) == figure

    for org in ctx.organizations:
        if org.id not in ctx.org_counts:
            continue
        page = pages_orgs.org_page(ctx, org)
        said = int(re.search(r"需要处理 <strong>(\d+)</strong> 项", page).group(1))  # type: ignore[union-attr]
        assert said == per_org.get(org.name, 0) == len(_late_rows(page)), org.id

    excel: set[tuple[str, str, str]] = set()
    assert ctx.report is not None
    for label in ("2025", "2026"):  # the demo's years; an item of both (a condition false since 2025) is in both
        data = summary_workbook(ctx.dataset, ctx.report, ctx.labels, Period.parse(label), (), "")
        ws = openpyxl.load_workbook(io.BytesIO(data))[SHEET_LATE]
        sheet = [(str(r[0]), str(r[3]), str(r[6])) for r in ws.iter_rows(min_row=2, values_only=True)]
        assert len(sheet) == len(set(sheet)), label  # one row per item: a duty, a kind of gap
        excel.update(sheet)
    portal = {(_name(r.split(" | ")[0].lstrip("| ")), _name(r.split(" | ")[2]), _status(r.split(" | ")[1])) for r in rows}
    assert excel == portal


def test_a_missing_registration_is_one_item_since_its_first_check(ctx: SiteContext) -> None:
    home = pages_home.render(ctx)
    assert "和平社区第一网格党支部 ✖1]" in home
    (row,) = [r for r in _late_rows(home) if "建立舆情日常监测应对机制" in r]
    assert "2025年上半年起至今" in row and "自 2025-06-30 起未登记舆情日常监测应对机制" in row
    assert "mechanisms" not in home and "2026H2" not in home
