"""The two example repositories under ``examples/`` (issue 15): each passes ``ysxt check``, shows
its deliberate gaps in the statuses, and builds its own portal.

- ``county-department``: XX县文化和旅游局 — a 局党组 (the leading body), an 意识形态工作领导小组
  and three 党支部; clauses 第N条; quarterly analysis meetings that are not special studies;
  lectures that need 审核 (by the branch or the party group, 5 days ahead) and 报备.
- ``school``: XX县第一中学 — a 学校党支部 (leading body), the 行政领导班子 and three 年级组;
  clauses 2.1; semesters (2025S1 = 2025-09-01 to 2026-01-31) and school years; lectures
  approved by the branch 7 days ahead.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ysxt_build.cli.main import main
from ysxt_build.portal.assets import site_assets

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = "2026-03-31"


def run(*argv: str) -> Any:
    return CliRunner().invoke(main, list(argv), catch_exceptions=False)


def statuses(name: str, as_of: str = AS_OF) -> dict[tuple[str, str, str], dict[str, Any]]:
    result = run("status", "--repo", str(EXAMPLES / name), "--as-of", as_of, "--format", "json", "--no-cache")
    payload = json.loads(result.stdout)
    return {(e["organization"], e["obligation"], e["trigger"] or e["period"]): e for e in payload["entries"]}


@pytest.mark.parametrize("name", ["county-department", "school"])
def test_the_example_passes_the_check(name: str) -> None:
    result = run("check", "--repo", str(EXAMPLES / name), "--as-of", AS_OF, "--no-cache")
    assert (result.exit_code, result.output) == (0, result.output)
    assert result.output.endswith("没有发现问题。\n")


@pytest.fixture(scope="module", params=["county-department", "school"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The example's portal built as of AS_OF in a copy of it: (its name, the copy)."""
    name: str = request.param
    repo = tmp_path_factory.mktemp("built") / name
    shutil.copytree(EXAMPLES / name, repo, ignore=shutil.ignore_patterns(".ysxt-cache", "site"))
    result = run("build", "--repo", str(repo), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return name, repo


def _generated_pages(repo: Path) -> dict[str, str]:
    """The Markdown pages ysxt build wrote (the hand-written guide/index.md left out)."""
    return {p.relative_to(repo / "docs").as_posix(): p.read_text(encoding="utf-8")
            for p in (repo / "docs").rglob("*.md") if p.relative_to(repo / "docs").as_posix() != "guide/index.md"}


def test_the_example_builds_its_own_portal(built: tuple[str, Path]) -> None:
    name, repo = built
    assert (repo / "site" / "index.html").is_file()
    for rel, data in site_assets().items():  # the program's styles and scripts, not a copy of the example's
        assert (repo / "site" / rel).read_bytes() == data, rel
    home = (repo / "docs" / "index.md").read_text(encoding="utf-8")
    whole = "全局" if name == "county-department" else "全校"
    assert whole in (repo / "docs" / "trends.md").read_text(encoding="utf-8")
    assert "全镇" not in home
    obligations = (repo / "docs" / "obligations.md").read_text(encoding="utf-8")
    if name == "county-department":
        assert ("每次报告会、讲座、论坛都有事先的审核记录（即审核报备记录，结果为同意，至少提前 5 天，本组织或局党组登记）"
                "和事先的报备记录（即审核报备记录，结果为已备案，审核单位为县委宣传部）；不够提前的只作提醒，不算不完整") in obligations
        assert "**多久一次**：每季度至少 1 次，期满后 15 天内完成" in obligations
    else:
        assert "2025—2026学年第二学期各组织情况：" in obligations
        assert "**多久一次**：每学期至少 2 次，期满前完成" in obligations


def test_the_examples_pages_name_their_own_leading_body(built: tuple[str, Path]) -> None:
    """Who assesses and judges is the vocabulary's leading body (局党组, 学校党支部), never a
    fixed 镇党委 (the field reference and the templates quote the schema's examples, the commands'
    help its own, and may)."""
    name, repo = built
    body = "局党组" if name == "county-department" else "学校党支部"
    pages = _generated_pages(repo)
    assert f"{body}每年按考评方案对各党组织进行年度考核" in pages["assessments.md"]
    assert f"“登记得分”是{body}审定后登记的考核结果" in pages["assessments.md"]
    if name == "school":  # the school's 九年级组 lecture approval came late (may fall under 四（三）)
        assert f"按其性质可能涉及，供{body}研判" in pages["accountability.md"]
    assert [rel for rel, page in pages.items() if "镇党委" in page and rel not in ("guide/fields.md", "guide/templates.md", "guide/commands.md")] == []


CYCLE_LABEL = re.compile(r"\b20[0-9]{2}[SA][0-9]\b")  # 2025S1, 2025A1: the labels of the school's own periods


def test_a_reader_sees_the_vocabularys_names_of_its_own_periods(built: tuple[str, Path]) -> None:
    """Every page and calendar names a semester as the vocabulary does, never 2025S1 (the guide
    explains how to write the labels and may)."""
    name, repo = built
    files = [p for p in (repo / "docs").rglob("*") if p.suffix in (".md", ".ics") and "guide" not in p.parts]
    assert [p.relative_to(repo).as_posix() for p in files if CYCLE_LABEL.search(p.read_text(encoding="utf-8"))] == []
    if name == "school":
        home = (repo / "docs" / "index.md").read_text(encoding="utf-8")
        assert "| [八年级组](orgs/grade-8.md) | <span class=\"ysxt-st ysxt-overdue\">✖ 已逾期</span> |" in home
        assert "| 2025—2026学年第一学期 | 还差 1 次主题班会，已于 2026-01-31 截止 |" in home
        org = (repo / "docs" / "orgs" / "grade-8.md").read_text(encoding="utf-8")
        assert "2025—2026学年第一学期 <span class=\"ysxt-st ysxt-overdue\">✖ 逾期</span>" in org
        assert "学年第二学期；截至 2026-03-31" in (repo / "docs" / "orgs" / "grade-8.ics").read_text(encoding="utf-8")


# -- the county department ------------------------------------------------------------------


def test_county_analysis_meetings_do_not_count_as_special_studies() -> None:
    s = statuses("county-department")
    study = s[("party-group", "pg-special-study", "2025")]
    assert (study["status"], study["done"], study["required"]) == ("overdue", 1, 2)
    assert study["note"] == "还差 1 次专题研究会议，已于 2025-12-31 截止"
    quarters = {q: s[("party-group", "pg-analysis", q)]["status"] for q in ("2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1")}
    assert quarters == {"2025Q1": "met", "2025Q2": "met", "2025Q3": "missing", "2025Q4": "met", "2026Q1": "met"}
    assert s[("party-group", "pg-analysis", "2025Q3")]["note"] == "未开展意识形态分析研判会（应至少 1 次），已于 2025-10-15 截止"


def test_county_leading_group_and_branches() -> None:
    s = statuses("county-department")
    assert s[("leading-group", "lg-meeting", "2025H1")]["status"] == "met"
    assert s[("leading-group", "lg-meeting", "2025H2")]["status"] == "missing"
    assert s[("leading-group", "lg-leader", "2025H2")]["status"] == "met"
    assert s[("museum-branch", "branch-self-inspection", "2025H1")]["status"] == "incomplete"  # not reported in writing
    assert s[("museum-branch", "branch-self-inspection", "2025H2")]["status"] == "met_late"
    assert s[("office-branch", "branch-self-inspection", "2025H2")]["status"] == "met"
    assert s[("museum-branch", "responsible-persons", "2025H2")]["status"] == "missing"  # no member in charge
    assert s[("museum-branch", "responsible-persons", "2026H1")]["status"] == "met"
    coverage = s[("party-group", "branch-inspection", "2025H2")]
    assert (coverage["status"], coverage["done"], coverage["required"]) == ("overdue", 2, 3)
    directive = "2025-party-group-sjbs-01"
    assert {org: s[(org, "directive-study", directive)]["status"]
            for org in ("party-group", "office-branch", "library-branch", "museum-branch")} == {
        "party-group": "met", "office-branch": "met", "library-branch": "met_late", "museum-branch": "missing"}
    assert ("leading-group", "directive-study", directive) not in s  # not a kind the duty names


def test_county_lectures_need_approval_and_filing() -> None:
    s = statuses("county-department")
    library = s[("library-branch", "lecture-approval", "2025")]
    assert (library["status"], library["note"]) == ("met", "")  # approved by the party group, filed with the county
    office = s[("office-branch", "lecture-approval", "2025")]
    assert (office["status"], office["note"]) == ("met", "提醒：《文旅政策解读报告会》（2025-09-18）的审核未提前 5 天")
    museum = s[("museum-branch", "lecture-approval", "2025")]
    assert (museum["status"], museum["note"]) == ("incomplete", "《文物保护与红色文化讲座》（2025-11-06）没有事先报备")


# -- the school -------------------------------------------------------------------------------


def test_school_semesters() -> None:
    s = statuses("school")
    first = s[("grade-8", "class-meetings", "2025S1")]
    assert (first["period_start"], first["period_end"], first["status"], first["done"]) == ("2025-09-01", "2026-01-31", "overdue", 1)
    assert s[("grade-7", "class-meetings", "2025S1")]["status"] == "met"
    assert s[("grade-9", "class-meetings", "2025S1")]["status"] == "met_late"  # the second one after the winter break
    second = s[("grade-7", "class-meetings", "2025S2")]
    assert (second["period_start"], second["status"], second["done"], second["due"]) == ("2026-02-01", "open", 1, "2026-08-31")
    study = s[("school-branch", "branch-study", "2025S1")]
    assert (study["status"], study["due"]) == ("met", "2026-02-15")
    plan = s[("school-branch", "work-plan", "2025A1")]
    assert (plan["period_start"], plan["period_end"], plan["due"], plan["status"]) == ("2025-09-01", "2026-08-31", "2025-09-30", "met")


def test_school_lectures_approved_by_the_branch_seven_days_ahead() -> None:
    s = statuses("school")
    assert s[("administration", "lecture-approval", "2025S1")]["status"] == "met"
    grade9 = s[("grade-9", "lecture-approval", "2025S1")]
    assert (grade9["status"], grade9["note"]) == ("incomplete", "《“理想信念与中考心理”报告会》（2025-12-05）的审核未提前 7 天")
    assert s[("school-branch", "directive-study", "2025-school-branch-sjbs-01")]["status"] == "met"
    assert ("school-branch", "lecture-approval", "2025S1") not in s  # the branch approves; it owes no approval


def test_school_as_the_first_semester_closes() -> None:
    s = statuses("school", "2026-01-20")
    assert s[("grade-8", "class-meetings", "2025S1")]["status"] == "due_soon"
    assert s[("grade-8", "class-meetings", "2025S1")]["note"] == "还差 1 次主题班会，截止 2026-01-31"


def test_school_terminal_alerts_and_excel_name_the_semester(tmp_path: Path) -> None:
    """ysxt status, ysxt alerts and the Excel summary say 2025—2026学年第一学期, not 2025S1;
    --period takes the school's own label."""
    school = str(EXAMPLES / "school")
    shown = run("status", "--repo", school, "--as-of", AS_OF, "--no-cache").output
    assert "✖ 已逾期      八年级组 · 2025—2026学年第一学期 · 2.3 各年级组每学期至少开展两次思想政治教育主题班会" in shown
    assert not CYCLE_LABEL.search(shown)
    one = run("status", "--repo", school, "--as-of", AS_OF, "--no-cache", "--period", "2025S1")
    assert one.exit_code == 0 and "九年级组 · 2025—2026学年第一学期 · 3.1" in one.output
    bad = run("status", "--repo", school, "--as-of", AS_OF, "--no-cache", "--period", "2025X1")
    assert bad.exit_code == 2 and "学期（如 2025—2026学年第一学期或 2025S1）或学年（如 2025—2026学年或 2025A1）。" in bad.stderr
    alerts = run("alerts", "--repo", school, "--as-of", "2026-02-02", "--since", "2026-01-30").output
    assert "- ✖ 已逾期 · 八年级组 · 2025—2026学年第一学期 · 2.3 各年级组每学期至少开展两次思想政治教育主题班会：" in alerts
    assert not CYCLE_LABEL.search(alerts)
    import openpyxl

    out = tmp_path / "summary.xlsx"
    assert run("export", "summary", "--repo", school, "--period", "2025", "--as-of", AS_OF, "-o", str(out)).exit_code == 0
    late = openpyxl.load_workbook(out)["逾期事项"]
    header = [c.value for c in late[1]]
    assert {row[header.index("期间")] for row in late.iter_rows(min_row=2, values_only=True)} == {"2025—2026学年第一学期"}


def test_school_this_period_is_the_semester() -> None:
    """The header of ysxt status and the home page name 本期 as the school counts: its semester,
    not the calendar half-year."""
    school = str(EXAMPLES / "school")
    header = run("status", "--repo", school, "--as-of", AS_OF, "--no-cache").output.splitlines()[1]
    assert header == "截至 2026-03-31（2025—2026学年第二学期）"
    autumn = run("status", "--repo", school, "--as-of", "2025-10-31", "--no-cache").output.splitlines()[1]
    assert autumn == "截至 2025-10-31（2025—2026学年第一学期）"
    county = run("status", "--repo", str(EXAMPLES / "county-department"), "--as-of", AS_OF, "--no-cache").output
    assert county.splitlines()[1] == "截至 2026-03-31（2026年上半年）"  # no periods of its own: the half-year


def test_the_home_page_names_this_period_as_the_unit_counts(built: tuple[str, Path]) -> None:
    name, repo = built
    home = (repo / "docs" / "index.md").read_text(encoding="utf-8")
    if name == "school":
        assert "本期为 <strong>2025—2026学年第二学期</strong>" in home
        assert "每格是一个组织在本期（每学期的事项为2025—2026学年第二学期，每学年的事项为2025—2026学年）的状态" in home
    else:
        assert "本期为 <strong>2026年上半年</strong>" in home
        assert "每格是一个组织在本期（年度事项为2026年，半年事项为2026年上半年）的状态" in home
