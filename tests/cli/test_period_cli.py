"""``--period`` as a clerk types it, through the real entry point, on the shipped examples: the
school (semesters and school years of its vocabulary's own) and the county department (years,
halves, quarters, months). One parser for ``ysxt status``, ``ysxt export self-inspection`` and
``ysxt export summary``; a period it cannot take is refused in Chinese, listing what may be
written. Exact messages and exit codes; ``--as-of`` always, ``--no-cache`` so the examples are
only read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ysxt_build.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCHOOL, COUNTY = EXAMPLES / "school", EXAMPLES / "county-department"
AS_OF = "2026-11-29"

SCHOOL_REPORTS = (
    "可以写年度（如 2026年）、半年（如 2026年上半年或 2026H1）、学期（如 2025—2026学年第一学期或 2025S1）"
    "或学年（如 2025—2026学年或 2025A1）。\n"
)
COUNTY_ANY = "可以写年度（如 2026年）、半年（如 2026年上半年或 2026H1）、季度（如 2026年第三季度或 2026Q3）或月份（如 2026年3月）。\n"
COUNTY_REPORTS = "可以写年度（如 2026年）或半年（如 2026年上半年或 2026H1）。\n"


def ysxt(repo: Path, *argv: str) -> Result:
    return CliRunner().invoke(main, [*argv, "--repo", str(repo), "--as-of", AS_OF, "--no-cache"])


@pytest.mark.parametrize("written", [
    "2025S1", "2025s1", "2025 S1", "２０２５Ｓ１",
    "2025—2026学年第一学期", "2025-2026学年第一学期", "2025－2026 学年第一学期", "2025～2026学年第一学期",
])
def test_status_takes_a_semester_however_typed(written: str) -> None:
    result = ysxt(SCHOOL, "status", "--period", written)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] == ["全校意识形态工作责任制落实情况", "期间：2025—2026学年第一学期（截至 2026-11-29）"]


@pytest.mark.parametrize(("written", "named"), [
    ("2025A1", "2025—2026学年"), ("2025-2026学年", "2025—2026学年"), ("2026 年 上半年", "2026年上半年"), ("２０２６年", "2026年"),
])
def test_status_takes_the_other_periods_too(written: str, named: str) -> None:
    result = ysxt(SCHOOL, "status", "--period", written)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == f"期间：{named}（截至 2026-11-29）"


@pytest.mark.parametrize(("written", "name"), [
    ("2025S1", "自查报告-八年级组-2025—2026学年第一学期.docx"),
    ("2025-2026学年第二学期", "自查报告-八年级组-2025—2026学年第二学期.docx"),
    ("2025—2026学年", "自查报告-八年级组-2025—2026学年.docx"),
    ("2026H1", "自查报告-八年级组-2026年上半年.docx"),
])
def test_a_schools_report_by_any_of_its_periods(written: str, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = ysxt(SCHOOL, "export", "self-inspection", "--org", "grade-8", "--period", written)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{name}\n", "")
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(("argv", "name"), [
    ((), "汇总-2026—2027学年第一学期.xlsx"),  # 本期 of a school: the semester of --as-of
    (("--period", "２０２５Ｓ２"), "汇总-2025—2026学年第二学期.xlsx"),
    (("--period", "2025-2026学年"), "汇总-2025—2026学年.xlsx"),
])
def test_a_schools_summary(argv: tuple[str, ...], name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = ysxt(SCHOOL, "export", "summary", *argv)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{name}\n", "")


def test_the_county_departments_summary_defaults_to_the_half_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = ysxt(COUNTY, "export", "summary")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "汇总-2026年下半年.xlsx\n", "")


@pytest.mark.parametrize(("repo", "argv", "message"), [
    (SCHOOL, ["status", "--period", "第一学期"],
     "错误：期间“第一学期”写法不对。可以写年度（如 2026年）、半年（如 2026年上半年或 2026H1）、季度（如 2026年第三季度或 2026Q3）、"
     "月份（如 2026年3月）、学期（如 2025—2026学年第一学期或 2025S1）或学年（如 2025—2026学年或 2025A1）。\n"),
    (SCHOOL, ["export", "summary", "--period", "2025S3"], "错误：期间“2025S3”写法不对。" + SCHOOL_REPORTS),
    (SCHOOL, ["export", "summary", "--period", "2025—2027学年第一学期"], "错误：期间“2025—2027学年第一学期”写法不对。" + SCHOOL_REPORTS),
    (SCHOOL, ["export", "summary", "--period", "2026Q1"],
     "错误：期间“2026Q1”（2026年第一季度）是季度，汇总表不按季度计算。" + SCHOOL_REPORTS),
    (SCHOOL, ["export", "self-inspection", "--org", "grade-8", "--period", "2026年3月"],
     "错误：期间“2026年3月”是月份，自查报告不按月份计算。" + SCHOOL_REPORTS),
    (SCHOOL, ["export", "self-inspection", "--org", "grade-8", "--period", "2027S1"],
     "错误：2027—2028学年第一学期还没有开始（截至 2026-11-29）。\n"),
    (COUNTY, ["status", "--period", "2025S1"], "错误：期间“2025S1”写法不对。" + COUNTY_ANY),
    (COUNTY, ["status", "--period", "2025—2026学年第一学期"], "错误：期间“2025—2026学年第一学期”写法不对。" + COUNTY_ANY),
    (COUNTY, ["export", "summary", "--period", "2026Q3"], "错误：期间“2026Q3”（2026年第三季度）是季度，汇总表不按季度计算。" + COUNTY_REPORTS),
    (COUNTY, ["export", "summary", "--period", "下半年"], "错误：期间“下半年”写法不对。" + COUNTY_REPORTS),
    (COUNTY, ["export", "summary", "--period", "x\x1b[31my"], "错误：期间“x\\x1b[31my”写法不对。" + COUNTY_REPORTS),
    (COUNTY, ["export", "summary", "--period", "2027"], "错误：2027年还没有开始（截至 2026-11-29）。\n"),
])
def test_a_period_that_cannot_be_taken(repo: Path, argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = ysxt(repo, *argv)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert list(tmp_path.iterdir()) == []


def test_status_of_a_period_not_begun_says_so() -> None:
    result = ysxt(SCHOOL, "status", "--period", "2027S1")
    assert (result.exit_code, result.stdout) == (0, "没有符合条件的事项。\n")
    assert result.stderr == "注意：2027—2028学年第一学期还没有开始（截至 2026-11-29），只列出与它重叠、已经开始的期间的事项。\n"
