"""The town committee's summary workbook (汇总表) as Excel.

Pure: :func:`summary_workbook` takes the loaded data, the status and (for a year) the
proposed scores, and returns ``.xlsx`` bytes. Sheets:

- ``组织×责任``: one row per organisation, one column per duty of the plan; each cell is the
  status word (the most urgent one when the duty has several entries in the period, e.g.
  one per member or per directive, with how many of them), coloured like the portal;
- ``逾期事项``: every item past due and not done (已逾期、未开展、不完整) that concerns the
  period, with its note: the entries of one duty of one organisation as one row, as the
  portal lists them (:mod:`ysxt_build.status.items`);
- ``考核得分`` and ``扣分明细``: for a year, the proposed score of each organisation with
  every deduction (and the recorded result where there is one); for a half year, a note
  that the assessment is annual.

An entry belongs to the period when their dates overlap (so a half-year summary shows the
year's duties as they stand too). Header rows are frozen, tables have filters.
"""

from __future__ import annotations

import io
from collections import defaultdict
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


def overlaps(e: Entry, period: Period) -> bool:
    return e.period_start <= period.end and e.period_end >= period.start


def cell_text(statuses: Sequence[str]) -> tuple[str, str]:
    """(text, status) of a grid cell: the most urgent status, with a count when mixed."""
    worst = min(statuses, key=STATUSES.index)
    word = STATUS_ZH[worst]
    n = len(statuses)
    same = statuses.count(worst)
    if n > 1 and same < n:
        word += f"（{n}项中{same}项）"
    return word, worst


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
    entries = [e for e in report.entries if overlaps(e, period)]
    plan = _plan_for(dataset.plans, period, report.as_of)
    obligations: list[Obligation] = list(plan.obligations) if plan is not None else []
    used = {e.obligation for e in entries}
    columns = [o for o in obligations if o.id in used]
    orgs = {o.id: o for o in dataset.organizations}
    member_names = {t.member_id: t.name for o in dataset.organizations for t in o.terms}
    system = (plan.system if plan is not None else "") or "责任制"  # 意识形态工作责任制
    heading = f"{town_name or labels.whole}{system}落实情况汇总（{period.label_zh}，截至 {report.as_of.isoformat()}）"

    # -- 组织×责任 -------------------------------------------------------------------------
    ws = wb.active
    assert ws is not None  # a new workbook opens on one empty worksheet
    ws.title = SHEET_GRID
    ws.cell(row=1, column=1, value=heading).font = Font(name=FONT, bold=True, size=14)
    ws.cell(row=1, column=4, value="颜色：绿 已完成，浅蓝 进行中，黄 即将到期，橙 不完整，红 逾期/未开展，紫 待检查评定，灰 不适用").font = Font(name=FONT, color="595959")
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
        for col, ob in enumerate(columns, 3):
            statuses = grid.get((org.id, ob.id))
            c = ws.cell(row=r, column=col, value=None)
            _body(c)
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if statuses:
                text, worst = cell_text(statuses)
                c.value = text
                c.fill = PatternFill("solid", fgColor=FILLS[worst])
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
    # items as the portal lists them (from every period: a condition false since 2025 is one
    # item since then), those that concern the period
    late = sorted(
        (i for i in late_items(report.entries, standing_ids(dataset.plans), dataset.cycles) if any(overlaps(e, period) for e in i.entries)),
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
            "、".join(dict.fromkeys(named)),
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
        ws.cell(row=1, column=1, value="年度考核按年度计算，半年汇总不适用。").font = Font(name=FONT, bold=True)
        ws.cell(row=2, column=1, value=f"请导出年度汇总，例如：ysxt export summary --period {period.year}").font = Font(name=FONT)
        _widths(ws, [60])
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
            cmp.record if cmp is not None else None,
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
                    "、".join(d.records + d.missing_of),
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
    return _save(wb)


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
