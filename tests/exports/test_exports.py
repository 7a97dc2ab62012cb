"""``ysxt export``: the files are opened again with their own libraries and checked paragraph
by paragraph (Word) and cell by cell (Excel); the calendar is parsed back; where LibreOffice
is installed, the .docx and .xlsx are converted to PDF headless.

The repository is the minimal one of ``tests/builders/repo.py`` (青山村党总支, one special-study meeting
on 2025-03-12) plus a self-inspection with its written report, and the example rubric.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import Result
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from icalendar import Calendar
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from tests.builders.repo import PROJECT, NoClock, Repo, write_minimal_repo
from ysxt_build.cli import export as export_cli
from ysxt_build.cli.main import main
from ysxt_build.exports.docx import book_title, cn_number, self_inspection_content
from ysxt_build.exports.xlsx import cell_text
from ysxt_build.records.periods import Period
from ysxt_build.status.pipeline import compute_repository

RUBRIC = "records/rubrics/xx-county-2025.yaml"
SELF_ID = "2025-qingshan-village-ztzc-01"
SELF_RECORD = f"""\
id: {SELF_ID}
type: self_inspection
organization: qingshan-village
date: "2025-06-20"
title: 对照《意识形态工作责任制实施方案》开展上半年专题自查
lead: m-zhang-wei
participants: [m-zhang-wei, m-chen-fang]
summary: 对照责任清单逐项自查。
report:
  submitted_to: town
  submitted_on: "2025-06-28"
  document_no: 青党总支〔2025〕5号
evidence:
  - title: 自查报告
    archive: 青山村党总支档案盒 2025-02号盒
"""


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setattr(export_cli, "date", NoClock)
    repo = write_minimal_repo(tmp_path / "repo")
    repo.write(RUBRIC, (PROJECT / RUBRIC).read_bytes())
    repo.write(f"records/activities/2025/qingshan-village/{SELF_ID}.yaml", SELF_RECORD)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    return repo


def export(repo: Repo, *args: str) -> Result:
    return repo.runner.invoke(main, ["export", *args, "--repo", str(repo.root)], catch_exceptions=False)


# -- pieces ---------------------------------------------------------------------------------


def test_default_file_names_are_safe_on_windows() -> None:
    assert export_cli.default_name("自查报告-柳树村党支部-2026年下半年.docx") == Path("自查报告-柳树村党支部-2026年下半年.docx")
    assert export_cli.default_name("自查报告-A/B:C*D?-2025—2026学年第一学期.docx") == Path("自查报告-A_B_C_D_-2025—2026学年第一学期.docx")


def test_small_pieces() -> None:
    assert [cn_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]
    assert book_title("学习《实施方案》") == "《学习〈实施方案〉》"
    assert cell_text(["met", "met"]) == ("已完成", "met")
    assert cell_text(["met", "missing", "met"]) == ("未开展 1 项\n已完成 2 项", "missing")
    # the rest not applicable or left to inspection never reads as one not done
    assert cell_text(["met"] * 8 + ["not_applicable"]) == ("已完成 8 项\n不适用 1 项", "met")
    assert cell_text(["by_inspection", "met"]) == ("已完成 1 项\n待检查评定 1 项", "met")


# -- Word -----------------------------------------------------------------------------------


def test_self_inspection_report(county: Repo) -> None:
    result = export(county, "self-inspection", "--org", "qingshan-village", "--period", "2025H1", "--as-of", "2025-07-20")
    name = "自查报告-青山村党总支-2025年上半年.docx"  # the reader's words, not the ids
    assert (result.exit_code, result.stdout, result.stderr) == (0, name + "\n", "")
    document = docx.Document(name)
    props = document.core_properties
    assert (props.author, props.last_modified_by) == ("青山村党总支", "青山村党总支")
    assert props.created is not None and props.created.date() == date(2025, 7, 20)  # not the template's 2013
    paragraphs = [p for p in document.paragraphs if p.text]
    texts = [p.text for p in paragraphs]

    computed = compute_repository(county.root, date(2025, 7, 20), use_cache=False)
    content = self_inspection_content(computed.dataset, computed.report, computed.labels, "qingshan-village",
                                      Period.parse("2025H1"), date(2025, 7, 20))
    assert texts == content.texts()

    assert texts[:4] == [
        "青山村党总支关于2025年上半年意识形态工作责任制落实情况的自查报告",
        "中共XX镇委员会：",
        "根据《XX镇意识形态工作责任制实施方案》（X党发〔2025〕1号）要求，我党总支对照实施方案规定的各项责任，"
        "对2025年上半年意识形态工作责任制落实情况进行了专题自查。现将有关情况报告如下：",
        "一、主要工作开展情况",
    ]
    i = texts.index("（二）明确第一责任人（书记）和直接责任人（分管领导）（二（一）2）")
    assert texts[i + 1] == "已落实（2025年6月30日在任：书记张伟、分管领导陈芳）。"
    i = texts.index("（七）每年至少两次专题研究意识形态工作（二（一）4）")
    assert texts[i + 1] == (
        "2025年应至少 2 次，已开展 1 次（2025年3月12日《2025年第一次意识形态工作专题研究会议》），"
        "还需开展 1 次，应于2025年12月31日前完成。"
    )
    i = texts.index("（九）每半年开展专题自查，自查结果书面报镇党委（二（一）4）")
    assert texts[i + 1] == (
        "2025年上半年应至少 1 次，已完成（2025年6月20日《对照〈意识形态工作责任制实施方案〉开展上半年专题自查》，"
        "2025年6月28日书面报送中共XX镇委员会（青党总支〔2025〕5号））。"
    )
    i = texts.index("（十七）每半年对意识形态工作开展一次督促指导和工作检查（二（二）2）")
    assert texts[i + 1:i + 3] == [
        "张伟（书记）：2025年上半年应至少 1 次，未开展（期限为2025年6月30日）。",
        "陈芳（分管领导）：2025年上半年应至少 1 次，未开展（期限为2025年6月30日）。",
    ]
    problems = texts[texts.index("二、存在的问题和不足") + 1:texts.index("三、下一步工作措施")]
    assert problems == [
        "1．把意识形态工作纳入年度重点工作安排部署：2025年应至少 1 次，未开展（期限为2025年3月31日）。",
        "2．意识形态阵地登记保持最新（每半年核对一次）：截至2025年6月30日，没有核对阵地登记。",
        "3．建立舆情日常监测应对机制：截至2025年6月30日，未建立舆情日常监测应对机制。",
        "4．每半年对意识形态工作开展一次督促指导和工作检查：张伟（书记）2025年上半年应至少 1 次，未开展（期限为2025年6月30日）；"
        "陈芳（分管领导）2025年上半年应至少 1 次，未开展（期限为2025年6月30日）。",  # one duty missed by two: one problem
        "【请补充自查中发现的其他问题和不足】",
    ]
    measures = texts[texts.index("三、下一步工作措施") + 1:]
    assert measures[:4] == [
        "（一）针对“把意识形态工作纳入年度重点工作安排部署”的问题：【写明整改措施、责任人和完成时限】。",
        "（二）针对“意识形态阵地登记保持最新（每半年核对一次）”的问题：【写明整改措施、责任人和完成时限】。",
        "（三）针对“建立舆情日常监测应对机制”的问题：【写明整改措施、责任人和完成时限】。",
        "（四）针对“每半年对意识形态工作开展一次督促指导和工作检查”的问题：【写明整改措施、责任人和完成时限】。",
    ]
    assert measures[-3:] == ["特此报告。", "青山村党总支", "2025年7月20日"]

    # layout: A4, fonts set as east-asian fonts, alignment
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert abs(section.page_width - Cm(21.0)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)

    def east_asian(p: Paragraph) -> str:
        properties = p.runs[0]._r.rPr
        assert properties is not None
        fonts = properties.find(qn("w:rFonts"))
        assert fonts is not None
        return str(fonts.get(qn("w:eastAsia")))

    by_text = {p.text: p for p in paragraphs}
    assert east_asian(paragraphs[0]) == "方正小标宋简体"
    assert east_asian(by_text["一、主要工作开展情况"]) == "黑体"
    assert east_asian(by_text["（九）每半年开展专题自查，自查结果书面报镇党委（二（一）4）"]) == "楷体_GB2312"
    assert east_asian(by_text["特此报告。"]) == "仿宋_GB2312"
    assert paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert by_text["青山村党总支"].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    normal = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_never_overwrites_without_force(county: Repo) -> None:
    args = ("self-inspection", "--org", "qingshan-village", "--period", "2025H1", "--as-of", "2025-07-20", "-o", "报告.docx")
    assert export(county, *args).exit_code == 0
    Path("报告.docx").write_bytes(b"mine")
    again = export(county, *args)
    assert (again.exit_code, again.stdout, again.stderr) == (
        1, "", "错误：报告.docx 已存在，没有覆盖。\n提示：用 -o 换一个文件名，或加 --force 覆盖。\n",
    )
    assert Path("报告.docx").read_bytes() == b"mine"
    forced = export(county, *args, "--force")
    assert (forced.exit_code, forced.stdout) == (0, "报告.docx\n")
    assert Path("报告.docx").read_bytes()[:2] == b"PK"
    assert [p.name for p in Path(".").iterdir()] == ["报告.docx"]  # no temporary file left


def test_the_leading_bodys_own_report_goes_to_the_body_above_it(county: Repo) -> None:
    """中共XX镇委员会's own report is addressed to the vocabulary's reports_to, never to itself."""
    result = export(county, "self-inspection", "--org", "town", "--period", "2025H1", "--as-of", "2025-07-20", "-o", "town.docx")
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document("town.docx").paragraphs if p.text]
    assert texts[1] == "中共XX县委宣传部："
    assert texts[-2:] == ["中共XX镇委员会", "2025年7月20日"]
    assert not any(t.startswith("中共XX镇委员会：") for t in texts)
    assert any("及时书面报告中共XX县委宣传部" in t for t in texts)
    # a branch's report still goes to the leading body
    export(county, "self-inspection", "--org", "qingshan-village", "--period", "2025H1", "--as-of", "2025-07-20", "-o", "q.docx")
    assert [p.text for p in docx.Document("q.docx").paragraphs if p.text][1] == "中共XX镇委员会："


def test_without_a_body_above_the_leading_bodys_report_is_refused(county: Repo) -> None:
    county.replace("records/vocabularies/xx-town.yaml", "  reports_to: 中共XX县委宣传部\n", "")
    result = export(county, "self-inspection", "--org", "town", "--period", "2025H1", "--as-of", "2025-07-20")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "错误：中共XX镇委员会是领导机关（镇党委）本身：它的自查报告报送上级机关，不报给自己，而词汇表没有写上级机关是谁。\n"
        "提示：在 records/vocabularies/xx-town.yaml 的 labels 下加一行“reports_to: 上级机关全称”"
        "（例如 reports_to: 中共XX县委宣传部）后再导出。各下属组织的自查报告报镇党委，不受影响。\n"
    )
    assert list(Path(".").iterdir()) == []


@pytest.mark.parametrize(("args", "message"), [
    (["self-inspection", "--org", "qingshan-village", "--period", "2025Q1"], "错误：期间“2025Q1”（2025年第一季度）是季度，自查报告不按季度计算。可以写年度（如 2026年）或半年（如 2026年上半年或 2026H1）。\n"),
    (["self-inspection", "--org", "qingshan-village", "--period", "上半年"], "错误：期间“上半年”写法不对。可以写年度（如 2026年）或半年（如 2026年上半年或 2026H1）。\n"),
    (["self-inspection", "--org", "nowhere", "--period", "2025H1"], "错误：没有“nowhere”这个组织。请写组织编号或完整名称：\n  town                     中共XX镇委员会\n  qingshan-village         青山村党总支\n"),
    (["self-inspection", "--org", "qingshan-village", "--period", "2025H2"], "错误：2025年下半年还没有开始（截至 2025-06-30）。\n"),
    (["summary", "--period", "2025年第一季度"], "错误：期间“2025年第一季度”是季度，汇总表不按季度计算。可以写年度（如 2026年）或半年（如 2026年上半年或 2026H1）。\n"),
    (["calendar", "--org", "nowhere"], "错误：没有“nowhere”这个组织。请写组织编号或完整名称：\n  town                     中共XX镇委员会\n  qingshan-village         青山村党总支\n"),
])
def test_usage_errors(county: Repo, args: list[str], message: str) -> None:
    result = export(county, *args, "--as-of", "2025-06-30")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


# -- Excel ----------------------------------------------------------------------------------


def values(ws: Worksheet, row: int) -> list[object]:
    return [c.value for c in ws[row]]


def test_summary_for_a_year(county: Repo) -> None:
    result = export(county, "summary", "--period", "2025", "--as-of", "2026-02-05")
    assert (result.exit_code, result.stdout) == (0, "汇总-2025年.xlsx\n")
    wb = openpyxl.load_workbook("汇总-2025年.xlsx")
    # the file's properties name the unit and the day of its figures, not the library or the clock
    assert (wb.properties.creator, wb.properties.lastModifiedBy) == ("中共XX镇委员会", "中共XX镇委员会")
    assert wb.properties.created == datetime(2026, 2, 5)
    assert wb.sheetnames == ["组织×责任", "逾期事项", "考核得分", "扣分明细", "说明"]
    notes = {str(r[0]): str(r[1]) for r in wb["说明"].iter_rows(values_only=True)}
    assert notes["截至日期"].startswith("各表按截至 2026-02-05 已登记的记录计算")
    assert notes["汇总期间"] == "2025年（2025-01-01 至 2025-12-31）。"
    assert "只计本汇总期间内的各期" in notes["逾期事项"] and "扣分明细" in notes

    grid = wb["组织×责任"]
    assert grid["A1"].value == "中共XX镇委员会意识形态工作责任制落实情况汇总（2025年，截至 2026-02-05）"
    headers = values(grid, 3)
    assert headers[:2] == ["组织", "类型"]
    clauses = values(grid, 2)
    assert clauses[headers.index("每年至少两次专题研究意识形态工作")] == "二（一）4"
    assert [grid.cell(row=r, column=1).value for r in (4, 5)] == ["中共XX镇委员会", "青山村党总支"]
    assert grid["B5"].value == "党总支"

    def cell(title: str) -> Cell | MergedCell:
        return grid.cell(row=5, column=headers.index(title) + 1)

    expected = {
        "每年至少两次专题研究意识形态工作": ("已逾期", "FFC7CE"),
        "每半年开展专题自查，自查结果书面报镇党委": ("未开展 1 项\n已完成 1 项", "FFC7CE"),
        "明确第一责任人（书记）和直接责任人（分管领导）": ("已完成", "C6EFCE"),
        "每半年对意识形态工作开展一次督促指导和工作检查": ("未开展", "FFC7CE"),
        "牢牢把握正确的政治方向和舆论导向": ("待检查评定", "E4DFEC"),
        "报告会、研讨会、讲座、论坛、讲坛事先审核报备": ("不适用", "EDEDED"),
    }
    for title, (word, colour) in expected.items():
        c = cell(title)
        assert (c.value, c.fill.fgColor.rgb[-6:]) == (word, colour), title
    assert grid.row_dimensions[5].height == 30  # a cell of two lines (a count per status) shows both
    town_row = values(grid, 4)
    assert town_row[headers.index("镇党委每半年对各党组织检查一次")] == "未开展"
    assert grid.freeze_panes == "C4"
    assert grid.auto_filter.ref == f"A3:{openpyxl.utils.get_column_letter(len(headers))}5"

    late = wb["逾期事项"]
    assert values(late, 1) == ["组织", "班子成员", "条款", "责任事项", "期间", "截止日期", "状态", "说明", "相关记录"]
    rows = [values(late, r) for r in range(2, late.max_row + 1)]
    assert [
        "青山村党总支", None, "二（一）4", "每年至少两次专题研究意识形态工作", "2025年", datetime(2025, 12, 31),
        "已逾期", "还差 1 次专题研究会议，已于 2025-12-31 截止", "2025-03-12《2025年第一次意识形态工作专题研究会议》",
    ] in rows
    for sheet in ("逾期事项", "扣分明细"):  # records by date and title: no English ids before the committee
        column = [str(v) for r in wb[sheet].iter_rows(min_row=2, values_only=True) for v in r[8:9] if v]
        assert not any(re.search(r"\d{4}-[a-z]", v) for v in column), column
    # one row per duty of an organisation: the members who owe it are named together
    (duty_report,) = [r for r in rows if r[3] == "意识形态工作纳入年终个人述职报告"]
    assert duty_report[0] == "青山村党总支" and "张伟" in str(duty_report[1])
    assert len(rows) == len({(r[0], r[3], r[6]) for r in rows})
    assert late.freeze_panes == "A2" and late.auto_filter.ref == f"A1:I{late.max_row}"

    scores = wb["考核得分"]
    assert values(scores, 1) == [
        "组织", "自动计分", "人工评分", "建议得分", "建议等次", "待人工评分分值",
        "已登记得分", "已登记等次", "与建议相差", "考核记录", "扣分说明",
    ]
    row = values(scores, 2)
    # 86 − (4 + 6 + 5 + 5 + 5 + 4 + 4 + 10): H1's self-inspection was done, H2's is missing
    assert row[:10] == ["青山村党总支", 43, None, 43, "待人工评分", 14, None, None, None, None]
    assert str(row[10]).splitlines()[0].startswith("2025年“把意识形态工作纳入年度重点工作安排部署”未开展")
    assert scores.max_row == 2 and scores.freeze_panes == "B2"

    detail = wb["扣分明细"]
    assert values(detail, 1) == ["组织", "指标", "分值", "期间", "班子成员", "状态", "扣分", "说明", "相关记录"]
    assert detail.max_row == 1 + 21
    assert values(detail, 2)[:7] == ["青山村党总支", "纳入年度重点工作安排部署", 4, "2025年", None, "未开展", 4]


def test_summary_for_a_half_year_has_no_scores(county: Repo) -> None:
    result = export(county, "summary", "--period", "2025H1", "--as-of", "2025-07-20", "-o", "h1.xlsx")
    assert (result.exit_code, result.stdout) == (0, "h1.xlsx\n")
    wb = openpyxl.load_workbook("h1.xlsx")
    assert wb.sheetnames == ["组织×责任", "逾期事项", "考核得分", "说明"]
    assert dict((r[0], r[1]) for r in wb["说明"].iter_rows(values_only=True))["考核得分"] == "年度考核按年度计算，本汇总不含考核得分。"
    assert wb["考核得分"]["A1"].value == "年度考核按年度计算，2025年上半年的汇总不含考核得分。"
    assert wb["考核得分"]["A2"].value == "请导出年度汇总，例如：ysxt export summary --period 2025"
    grid = wb["组织×责任"]
    headers = values(grid, 3)
    # the year's duties are shown as they stand in the half
    assert grid.cell(row=5, column=headers.index("每年至少两次专题研究意识形态工作") + 1).value == "进行中"
    assert grid.cell(row=5, column=headers.index("每半年开展专题自查，自查结果书面报镇党委") + 1).value == "已完成"


def test_summary_of_this_period_by_default(county: Repo) -> None:
    """Without --period: 本期, the half-year of --as-of (as ysxt status's header says)."""
    result = export(county, "summary", "--as-of", "2025-07-20")
    assert (result.exit_code, result.stdout) == (0, "汇总-2025年下半年.xlsx\n")
    wb = openpyxl.load_workbook("汇总-2025年下半年.xlsx")
    assert wb["组织×责任"]["A1"].value == "中共XX镇委员会意识形态工作责任制落实情况汇总（2025年下半年，截至 2025-07-20）"
    assert dict((r[0], r[1]) for r in wb["说明"].iter_rows(values_only=True))["汇总期间"] == "2025年下半年（2025-07-01 至 2025-12-31）。"
    help_text = county.runner.invoke(main, ["export", "summary", "--help"]).stdout
    assert "不写时为本期" in help_text


# -- calendar -------------------------------------------------------------------------------


def test_calendar(county: Repo) -> None:
    result = export(county, "calendar", "--as-of", "2025-12-31")
    assert (result.exit_code, result.stdout) == (0, "deadlines.ics\n")
    cal = Calendar.from_ical(Path("deadlines.ics").read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "中共XX镇委员会意识形态工作责任制截止日期"
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    # still open on the day: the year-end meetings and reports (due 2026-01-31)
    life = events["qingshan-village-org-life-meeting-2025@ysxt"]
    assert life.decoded("DTSTART") == date(2026, 1, 31)
    assert str(life["SUMMARY"]) == "截止：把意识形态工作纳入民主生活会（组织生活会）（青山村党总支）"
    assert "qingshan-village-m-zhang-wei-member-duty-report-2025@ysxt" in events
    # due that very day: still a deadline; past due and not done: not a deadline any more
    assert events["qingshan-village-org-special-study-2025@ysxt"].decoded("DTSTART") == date(2025, 12, 31)
    assert "qingshan-village-org-annual-work-plan-2025@ysxt" not in events
    # the next periods' due dates
    nxt = events["qingshan-village-org-self-inspection-2026H1@ysxt"]
    assert nxt.decoded("DTSTART") == date(2026, 7, 15)
    assert "尚未开始" in str(nxt["DESCRIPTION"])
    assert "qingshan-village-org-annual-work-plan-2026@ysxt" in events
    assert all(e.decoded("DTSTART") >= date(2025, 12, 31) for e in events.values())
    assert not any(uid.startswith("town-") for uid in events if "town-inspection" not in uid)


def test_calendar_for_one_organisation(county: Repo) -> None:
    result = export(county, "calendar", "--org", "qingshan-village", "--days", "30", "--as-of", "2025-12-31", "-o", "q.ics")
    assert (result.exit_code, result.stdout) == (0, "q.ics\n")
    cal = Calendar.from_ical(Path("q.ics").read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "青山村党总支意识形态工作责任制截止日期"
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert uids and all(uid.startswith("qingshan-village-") for uid in uids)
    assert not any("2026H1" in uid for uid in uids)  # 2026-07-15 is beyond 30 days


# -- LibreOffice ------------------------------------------------------------------------------


def test_libreoffice_converts_the_files(county: Repo, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("没有安装 LibreOffice（soffice），跳过转换为 PDF 的检查")
    assert export(county, "self-inspection", "--org", "qingshan-village", "--period", "2025H1",
                  "--as-of", "2025-07-20", "-o", "report.docx").exit_code == 0
    assert export(county, "summary", "--period", "2025", "--as-of", "2026-02-05", "-o", "summary.xlsx").exit_code == 0
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), "report.docx", "summary.xlsx"],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    for name in ("report.pdf", "summary.pdf"):
        pdf = tmp_path / "pdf" / name
        assert pdf.is_file(), done.stdout + done.stderr
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 1000
