"""The town committee's summary workbook (汇总表) as Excel.

Pure: :func:`summary_workbook` takes the loaded data, the status and (for a year) the
proposed scores, and returns ``.xlsx`` bytes. Sheets:

- ``组织×责任``: one row per organisation, one column per duty of the plan; each cell is the
  status word, or, when the duty has entries of several statuses in the period (one per
  member, per directive or per half-year), how many of each ("已完成 8 项 / 不适用 1 项"),
  coloured like the portal by the most urgent;
- ``逾期事项``: every item past due and not done (已逾期、未开展、不完整) that concerns the
  period, with its deadline and note: the entries of the period of one duty of one
  organisation with one status as one row, as the portal lists them
  (:mod:`ysxt_build.status.items`), a standing condition since it became false;
- ``考核得分`` and ``扣分明细``: for a year, the proposed score of each organisation with
  every deduction (and the recorded result where there is one); for a half year, a note
  that the assessment is annual;
- ``说明``: what each sheet counts, as of which day and over which periods.

An entry belongs to the period when their dates overlap (so a half-year summary shows the
year's duties as they stand too). Header rows are frozen, tables have filters.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, datetime, time
from typing import Any, Optional, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..assessment.scoring import ScoreRow
from ..records.labels import Labels
from ..records.model import Dataset, Obligation, Plan
from ..records.order import registry_order
from ..records.periods import Period, period_zh
from ..status.items import late_items, standing_ids
from ..status.model import STATUS_ZH, STATUSES, Entry, StatusReport
from .cells import data_as_text
from .docx import book_title

FONT = "宋体"
FILLS = {
    "met": "C6EFCE",
    "met_late": "E2EFDA",
    "open": "DDEBF7",
    "due_soon": "FFEB9C",
    "overdue": "FFC7CE",
    "missing": "FFC7CE",
    "incomplete": "FCE4D6",
    "by_inspection": "E4DFEC",
    "not_applicable": "EDEDED",
}
HEADER_FILL = "D9D9D9"
SHEET_GRID = "组织×责任"
SHEET_LATE = "逾期事项"
SHEET_SCORES = "考核得分"
SHEET_DEDUCTIONS = "扣分明细"
SHEET_NOTES = "说明"


def overlaps(e: Entry, period: Period) -> bool:
    return e.period_start <= period.end and e.period_end >= period.start


def cell_text(statuses: Sequence[str]) -> tuple[str, str]:
    """(text, status) of a grid cell: the status word; when the cell holds entries of several
    statuses (periods, members, directives), how many of each, most urgent first, one per
    line ("已完成 8 项" over "不适用 1 项"), so that nothing reads as "one not done" when the
    rest is not applicable or left to inspection. Coloured by the most urgent."""
    worst = min(statuses, key=STATUSES.index)
    kinds = sorted(set(statuses), key=STATUSES.index)
    if len(kinds) == 1:
        return STATUS_ZH[worst], worst
    return "\n".join(f"{STATUS_ZH[s]} {statuses.count(s)} 项" for s in kinds), worst


def record_refs(dataset: Dataset, ids: Sequence[str]) -> str:
    """Records as a reader names them, by date and title (2026-04-15《专题研究…》), each once,
    in date order; a directive's correction (``id#item``) by its record. An id the dataset
    does not hold stays as it is."""
    found: dict[str, Any] = {}
    for rid in ids:
        base = rid.split("#", 1)[0]
        found.setdefault(base, dataset.records_by_id.get(base))
    known = sorted((r for r in found.values() if r is not None), key=lambda r: (r.date, r.id))
    titles = [f"{r.date.isoformat()}{book_title(r.title)}" for r in known]
    return "；".join(titles + [rid for rid, r in found.items() if r is None])


def _plan_for(plans: Sequence[Plan], period: Period, as_of: Any) -> Optional[Plan]:
    day = min(period.end, as_of)
    for plan in sorted(plans, key=lambda p: p.effective_from, reverse=True):
        if plan.in_force_on(day):
            return plan
    return None


_thin = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _header(ws: Any, row: int, values: Sequence[str]) -> None:
    for col, value in enumerate(values, 1):
        c = ws.cell(row=row, column=col, value=value)
        c.font = Font(name=FONT, bold=True)
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = _BORDER


def _widths(ws: Any, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _body(c: Any, wrap: bool = False) -> None:
    c.font = Font(name=FONT)
    c.alignment = Alignment(vertical="top", wrap_text=wrap)
    c.border = _BORDER


def summary_workbook(
    dataset: Dataset,
    report: StatusReport,
    labels: Labels,
    period: Period,
    scores: Sequence[ScoreRow] = (),
    town_name: str = "",
) -> bytes:
    """The workbook as ``.xlsx`` bytes (see the module docstring)."""
    wb = Workbook()
    made = datetime.combine(report.as_of, time())  # the file says the day of its figures, never the clock's
    wb.properties.creator = wb.properties.lastModifiedBy = town_name or "ysxt"
    wb.properties.created = wb.properties.modified = made
    wb.properties.description = f"由 ysxt 根据记录生成（截至 {report.as_of.isoformat()}）"
    wb.properties.language = "zh-CN"
    entries = [e for e in report.entries if overlaps(e, period)]
    plan = _plan_for(dataset.plans, period, report.as_of)
    obligations: list[Obligation] = list(plan.obligations) if plan is not None else []
    used = {e.obligation for e in entries}
    columns = [o for o in obligations if o.id in used]
    orgs = {o.id: o for o in dataset.organizations}
    member_names = {t.member_id: t.name for o in dataset.organizations for t in o.terms}
    system = (plan.system if plan is not None else "") or "责任制"  # 意识形态工作责任制
    heading = f"{town_name or labels.whole}{system}落实情况汇总（{period.label_zh}，截至 {report.as_of.isoformat()}）"
    wb.properties.title = heading

    # -- 组织×责任 -------------------------------------------------------------------------
    ws = wb.active
    assert ws is not None  # a new workbook opens on one empty worksheet
    ws.title = SHEET_GRID
    ws.cell(row=1, column=1, value=heading).font = Font(name=FONT, bold=True, size=14)
    ws.cell(row=1, column=4, value="颜色：绿 已完成，浅蓝 进行中，黄 即将到期，橙 不完整，红 逾期/未开展，紫 待检查评定，灰 不适用；一格有几期、几人或几份文件时写出各状态的项数。各表计算口径见“说明”表").font = Font(name=FONT, color="595959")
    _header(ws, 2, ["", ""] + [o.clause for o in columns])
    _header(ws, 3, ["组织", "类型"] + [o.title for o in columns])
    grid: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in entries:
        grid[(e.organization, e.obligation)].append(e.status)
    ordered = registry_order(dataset.organizations, list(labels.categories), list(labels.org_kinds))
    row_orgs = [o for o in ordered if any((o.id, c.id) in grid for c in columns)]
    for r, org in enumerate(row_orgs, 4):
        _body(ws.cell(row=r, column=1, value=org.name))
        _body(ws.cell(row=r, column=2, value=labels.org_kinds.get(org.kind, org.kind)))
        tallest = 1
        for col, ob in enumerate(columns, 3):
            statuses = grid.get((org.id, ob.id))
            c = ws.cell(row=r, column=col, value=None)
            _body(c)
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if statuses:
                text, worst = cell_text(statuses)
                c.value = text
                c.fill = PatternFill("solid", fgColor=FILLS[worst])
                tallest = max(tallest, text.count("\n") + 1)
        if tallest > 1:  # a cell with a count per status: room for every line
            ws.row_dimensions[r].height = 15 * tallest
    ws.row_dimensions[3].height = 60
    _widths(ws, [26, 8] + [13] * len(columns))
    ws.freeze_panes = "C4"
    _landscape(ws, "2:3")
    last = max(3, 3 + len(row_orgs))
    ws.auto_filter.ref = f"A3:{get_column_letter(2 + len(columns))}{last}"

    # -- 逾期事项 ----------------------------------------------------------------------------
    ws = wb.create_sheet(SHEET_LATE)
    titles = {o.id: o for o in obligations}
    _header(ws, 1, ["组织", "班子成员", "条款", "责任事项", "期间", "截止日期", "状态", "说明", "相关记录"])
    org_rank = {o.id: i for i, o in enumerate(ordered)}
    ob_rank = {o.id: i for i, o in enumerate(obligations)}
    # items as the portal lists them, as far as they concern the period: only their entries of
    # the period (a duty missed in 2025Q3 and 2026Q2 is 2026年第二季度 in the 2026 summary), a
    # condition false since 2025 whole (it is one item since then)
    grouped = late_items(report.entries, standing_ids(dataset.plans), dataset.cycles, report.as_of)
    late = sorted(
        (i for i in (g.within(period.start, period.end) for g in grouped) if i is not None),
        key=lambda i: (org_rank.get(i.organization, 1 << 30), ob_rank.get(i.obligation, 1 << 30), i.due or report.as_of),
    )
    for r, item in enumerate(late, 2):
        duty = titles.get(item.obligation)
        owner = orgs.get(item.organization)
        named = [rid for e in item.entries for rid in e.records + e.incomplete_records + ((e.trigger,) if e.trigger else ())]
        values: list[Any] = [
            owner.name if owner is not None else item.organization,
            "、".join(member_names.get(m, m) for m in item.members) or None,
            duty.clause if duty is not None else "",
            duty.title if duty is not None else item.obligation,
            item.periods,
            item.due,
            STATUS_ZH[item.status],
            item.note,
            record_refs(dataset, named),
        ]
        for col, value in enumerate(values, 1):
            c = ws.cell(row=r, column=col, value=value)
            _body(c, wrap=col in (4, 5, 8, 9))
            if col == 6 and value is not None:
                c.number_format = "yyyy-mm-dd"
            if col == 7:
                c.fill = PatternFill("solid", fgColor=FILLS[item.status])
    _widths(ws, [24, 10, 10, 30, 14, 12, 10, 50, 30])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{max(1, 1 + len(late))}"
    _landscape(ws)

    # -- 考核得分 / 扣分明细 -------------------------------------------------------------------
    ws = wb.create_sheet(SHEET_SCORES)
    if period.kind != "year":
        ws.cell(row=1, column=1, value=f"年度考核按年度计算，{period.label_zh}的汇总不含考核得分。").font = Font(name=FONT, bold=True)
        ws.cell(row=2, column=1, value=f"请导出年度汇总，例如：ysxt export summary --period {period.year}").font = Font(name=FONT)
        _widths(ws, [60])
        _notes(wb, heading, period, report.as_of, scored=False)
        return _save(wb)
    _header(ws, 1, [
        "组织", "自动计分", "人工评分", "建议得分", "建议等次", "待人工评分分值",
        "已登记得分", "已登记等次", "与建议相差", "考核记录", "扣分说明",
    ])
    for r, row in enumerate(scores, 2):
        card = row.card
        auto = sum(s.score or 0.0 for s in card.automatic)
        manual = sum(s.score or 0.0 for s in card.manual)
        cmp = row.comparison
        lines = [f"{d.explanation}" for d in card.deductions]
        values = [
            row.org_name,
            round(auto, 2),
            round(manual, 2) if any(s.score is not None for s in card.manual) else None,
            card.total,
            card.grade if card.complete else "待人工评分",
            card.unscored_points or None,
            cmp.score if cmp is not None else None,
            cmp.grade if cmp is not None else None,
            cmp.score_difference if cmp is not None else None,
            (record_refs(dataset, [cmp.record]) or cmp.record) if cmp is not None and cmp.record else None,
            "\n".join(lines) if lines else "无扣分",
        ]
        for col, value in enumerate(values, 1):
            c = ws.cell(row=r, column=col, value=value)
            _body(c, wrap=col == 11)
    _widths(ws, [24, 10, 10, 10, 16, 14, 11, 11, 11, 26, 90])
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:K{max(1, 1 + len(scores))}"
    _landscape(ws)

    ws = wb.create_sheet(SHEET_DEDUCTIONS)
    _header(ws, 1, ["组织", "指标", "分值", "期间", "班子成员", "状态", "扣分", "说明", "相关记录"])
    r = 2
    for row in scores:
        for s in row.card.indicators:
            for d in s.deductions:
                values = [
                    row.org_name,
                    s.indicator.title,
                    s.indicator.points,
                    period_zh(d.period, dataset.cycles),
                    member_names.get(d.member, d.member) if d.member else None,
                    STATUS_ZH[d.status],
                    d.points,
                    d.explanation,
                    record_refs(dataset, d.records + d.missing_of),
                ]
                for col, value in enumerate(values, 1):
                    _body(ws.cell(row=r, column=col, value=value), wrap=col in (2, 8, 9))
                r += 1
            if s.capped:
                values = [row.org_name, s.indicator.title, s.indicator.points, "", "", "封顶",
                          round(s.deducted - s.uncapped, 2),
                          f"扣分合计 {s.uncapped:g} 分，超过本指标最多扣分，按 {s.deducted:g} 分计", ""]
                for col, value in enumerate(values, 1):
                    _body(ws.cell(row=r, column=col, value=value), wrap=col in (2, 8))
                r += 1
    _widths(ws, [24, 26, 8, 14, 10, 10, 8, 80, 30])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{max(1, r - 1)}"
    _landscape(ws)
    _notes(wb, heading, period, report.as_of, scored=True)
    return _save(wb)


def _notes(wb: Any, heading: str, period: Period, as_of: date, scored: bool) -> None:
    """The sheet 说明: what each sheet counts — as of which day, over which periods."""
    ws = wb.create_sheet(SHEET_NOTES)
    span = f"{period.start.isoformat()} 至 {period.end.isoformat()}"
    rows = [
        ("说明", heading),
        ("截至日期", f"各表按截至 {as_of.isoformat()} 已登记的记录计算；以后补登的记录不在其中。"),
        ("汇总期间", f"{period.label_zh}（{span}）。"),
        (SHEET_GRID, f"每格是一个组织的一项责任在与本汇总期间（{span}）重叠的各期的落实情况（比汇总期间长的，"
                     "如半年汇总中的年度责任，按其整个期间计）；一格有几期、几位班子成员或几份上级文件而状态不同时，"
                     "写出各状态的项数。颜色按最紧急的状态。尚未到期的写“进行中”或“即将到期”。"),
        (SHEET_LATE, f"截至 {as_of.isoformat()} 已过截止日期仍未完成（已逾期、未开展）或记录不完整的事项，"
                     "只计本汇总期间内的各期。一个组织的一项责任、同一种情况合为一行（几期、几位班子成员或几份上级文件），"
                     "“期间”列出是哪几期；截止日期和说明是其中最近一期的。长期未落实的条件（如没有在任的负责人、"
                     "未建立工作机制）从开始未落实之日起算作一行。"),
        (SHEET_SCORES, (f"按考核细则对{period.label_zh}计算的建议得分和等次，待人工评分的指标另行评定；“已登记”各列是已登记的考核结果。"
                        if scored else "年度考核按年度计算，本汇总不含考核得分。")),
    ]
    if scored:
        rows.append((SHEET_DEDUCTIONS, "考核得分中每一项扣分的依据：哪项责任、哪一期、哪位班子成员，扣几分，相关记录（日期和标题）。"))
    rows.append(("来源", "由 ysxt 根据各组织登记的工作记录生成，数字与门户和 ysxt status 一致。"))
    for r, (name, text) in enumerate(rows, 1):
        a = ws.cell(row=r, column=1, value=name)
        a.font = Font(name=FONT, bold=True)
        a.alignment = Alignment(vertical="top")
        b = ws.cell(row=r, column=2, value=text)
        b.font = Font(name=FONT, bold=r == 1)
        b.alignment = Alignment(vertical="top", wrap_text=True)
    _widths(ws, [14, 90])


def _landscape(ws: Any, header_rows: str = "1:1") -> None:
    """Print on A4 landscape, one page wide, repeating the header rows."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = header_rows



def _save(wb: Any) -> bytes:
    data_as_text(wb)  # no cell starts a formula from a record's text
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
