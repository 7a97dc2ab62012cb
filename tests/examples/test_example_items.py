"""What the examples show as things to do, as of 2026-12-01, is true to the statuses: an item
merges entries of one duty only when they are the same gap, names its periods one by one
(never a range over a period that was done), and its deadline is the one its note names — in
the terminal, the Excel sheet 逾期事项 (limited to the summary's period) and the portal."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from ysxt_build.cli.main import main
from ysxt_build.exports.xlsx import SHEET_LATE
from ysxt_build.portal import pages_home
from ysxt_build.portal.context import PortalSettings
from ysxt_build.portal.generate import context_for

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = "2026-12-01"


def _run(*argv: str) -> str:
    result = CliRunner().invoke(main, list(argv), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_terminal_names_the_missed_quarters_and_keeps_different_gaps_apart() -> None:
    out = _run("status", "--repo", str(EXAMPLES / "county-department"), "--as-of", AS_OF, "--no-cache")
    # 党组's analysis meetings: Q3 2025, Q2 and Q3 2026 missed; Q4 2025 and Q1 2026 were held
    assert "2025年第三季度、2026年第二、三季度 · 第四条 每季度召开一次意识形态分析研判会" in out
    assert "2025年第三季度 至" not in out
    # 博物馆's self-inspections: 2025H1 incomplete, 2025H2 done late, 2026H1 not held: two items
    museum = [line for line in out.splitlines() if "博物馆" in line and "第七条" in line]
    assert [line.split()[1] for line in museum] == ["不完整", "未开展"], museum
    assert "2025年上半年 · 第七条" in museum[0] and "2026年上半年 · 第七条" in museum[1]


def test_the_excel_rows_are_of_the_summary_period_with_the_deadline_their_note_names(tmp_path: Path) -> None:
    target = tmp_path / "2026.xlsx"
    _run("export", "summary", "--repo", str(EXAMPLES / "county-department"), "--period", "2026", "--as-of", AS_OF,
         "--no-cache", "-o", str(target))
    ws = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))[SHEET_LATE]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    analysis = next(r for r in rows if r["条款"] == "第四条")
    assert analysis["期间"] == "2026年第二、三季度"  # 2025's quarter belongs to the 2025 summary
    for r in rows:
        assert "2025年" not in str(r["期间"]), r
        due = r["截止日期"]
        assert isinstance(due, datetime)
        named = re.findall(r"\d{4}-\d{2}-\d{2}", str(r["说明"]))
        assert not named or due.date().isoformat() == named[-1], r


def test_the_portal_deadline_is_the_one_of_the_note() -> None:
    ctx = context_for(EXAMPLES / "school", date.fromisoformat(AS_OF), PortalSettings(), use_cache=False)
    home = pages_home.render(ctx)
    rows = [line for line in home.split("## 需要处理", 1)[1].split("\n## ", 1)[0].splitlines() if "ysxt-st" in line]
    assert rows
    for row in rows:
        cells = row.split(" | ")
        note, due = cells[-2], cells[-1]
        named = re.findall(r"已于 (\d{4}-\d{2}-\d{2}) 截止", note)
        if named:
            assert due.startswith(named[0]), row
    grade8 = [r for r in rows if "八年级组" in r]
    assert len(grade8) == 2  # one semester overdue, the next one missing: two gaps
