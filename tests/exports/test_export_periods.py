"""``--period`` is read by one parser for every command (cli/common.parse_period): ysxt export
self-inspection and summary take the vocabulary's own periods as ysxt status does — a school's
semester as 2025S1 or as the portal names it, 2025—2026学年第一学期."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from ysxt_build.cli.main import main

SCHOOL = Path(__file__).resolve().parents[2] / "examples" / "school"
AS_OF = "2026-12-01"


def run(*argv: str) -> Result:
    return CliRunner().invoke(main, [*argv, "--repo", str(SCHOOL), "--as-of", AS_OF, "--no-cache"], catch_exceptions=False)


@pytest.mark.parametrize("written", ["2025S1", "2025—2026学年第一学期", "2025-2026学年第一学期"])
def test_a_semester_report(written: str, tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    result = run("export", "self-inspection", "--org", "grade-8", "--period", written, "-o", str(target))
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(target)).paragraphs if p.text]
    assert texts[0] == "八年级组关于2025—2026学年第一学期意识形态工作责任制落实情况的自查报告"
    assert "2025—2026学年第一学期应至少 2 次，已开展 1 次（2025年10月24日《爱国主义教育主题班会》），截至2026年1月31日未完成。" in texts


def test_a_semester_summary(tmp_path: Path) -> None:
    target = tmp_path / "s.xlsx"
    result = run("export", "summary", "--period", "2025—2026学年第二学期", "-o", str(target))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(target)
    assert "2025—2026学年第二学期" in str(wb["组织×责任"]["A1"].value)
    late = [r for r in wb["逾期事项"].iter_rows(min_row=2, values_only=True)]
    assert late and all(r[4] == "2025—2026学年第二学期" for r in late), late


def test_every_command_reads_a_period_alike() -> None:
    status = run("status", "--period", "2025—2026学年第二学期")
    assert status.exit_code == 0, status.output
    assert "2025—2026学年第二学期" in status.stdout
    for command in (["status"], ["export", "summary"], ["export", "self-inspection", "--org", "grade-8"]):
        bad = run(*command, "--period", "第一学期")
        assert bad.exit_code == 2
        assert "期间“第一学期”写法不对。" in bad.stderr and "学期（如 2025—2026学年第一学期或 2025S1）" in bad.stderr
    quarter = run("export", "summary", "--period", "2026Q1")
    assert (quarter.exit_code, quarter.stderr) == (2, (
        "错误：期间“2026Q1”（2026年第一季度）是季度，汇总表不按季度计算。可以写年度（如 2026年）、半年（如 2026年上半年或 2026H1）、"
        "学期（如 2025—2026学年第一学期或 2025S1）或学年（如 2025—2026学年或 2025A1）。\n"
    ))
