"""The half-year self-inspection report (专题自查报告) as a Word draft.

Two steps, both pure:

- :func:`self_inspection_content` turns the records and the status of one organisation in
  one half year (or one year, or a period of the vocabulary's own: a semester) into the
  report's paragraphs (:class:`ReportDoc`), laid out as such reports are: title, addressee,
  opening, 一、what was done (one item per duty of the plan, counted over the duty's own
  period — the year for a yearly duty — with dates and records, "已完成（…）" where done),
  二、what is missing (one problem per item, as every list of things to do counts them:
  :mod:`ysxt_build.status.items`), 三、measures (template text in 【】 to edit), closing,
  signature and date. The numbers are status.json's, in plain sentences.
- :func:`render_docx` writes a ``.docx`` in the usual official-document layout (GB/T 9704):
  A4, title in 方正小标宋简体 二号, headings in 黑体 / 楷体_GB2312, body in 仿宋_GB2312 三号
  with a fixed 28-point line and a two-character first-line indent. Chinese fonts are set as
  the east-asian font (``w:eastAsia``), so Word, WPS and LibreOffice use them for Chinese
  text; a machine without a font substitutes a similar one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Optional, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from ..records.labels import Labels
from ..records.model import Dataset, Obligation, Organization, Plan, Record
from ..records.periods import Period, date_zh, period_zh
from ..status.counted import what_lacks
from ..status.items import Item, group, standing_ids
from ..status.model import DONE, LATE, STATUS_ZH, Entry, StatusReport

TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
BODY_SIZE = 16  # 三号
TITLE_SIZE = 22  # 二号
LINE = 28  # points, fixed

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (1–99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Block:
    """One paragraph: ``title``, ``addressee``, ``body``, ``heading1``, ``heading2``,
    ``signature`` or ``date``."""

    kind: str
    text: str


@dataclass(frozen=True)
class ReportDoc:
    title: str
    blocks: tuple[Block, ...]
    organization: str
    period: str
    author: str = ""  # the organisation's name, for the file's properties
    signed_on: Optional[date] = None

    def texts(self, kind: Optional[str] = None) -> list[str]:
        return [b.text for b in self.blocks if kind is None or b.kind == kind]


# -- content --------------------------------------------------------------------------------


class _Writer:
    """Plain official sentences for the status entries of one organisation.

    Each line counts over the duty's own period (the year for a yearly duty, whatever the
    report's period), with the numbers of status.json: ``应至少 N 次`` is ``required``,
    ``已开展 d 次`` is ``done``, ``另有 k 次`` is ``incomplete``; a duty done reads
    ``已完成（date《title》；…）`` with the records that count. Deadlines are written as dates
    in words; nothing of the system's own wording (进行中、还差…、截止 YYYY-MM-DD) appears.
    """

    def __init__(self, dataset: Dataset, report: StatusReport, labels: Labels, org: Organization, period: Period) -> None:
        self.ds = dataset
        self.report = report
        self.labels = labels
        self.org = org
        self.period = period

    def record(self, record_id: str) -> Optional[Record]:
        return self.ds.records_by_id.get(record_id)

    def record_phrase(self, r: Record) -> str:
        text = f"{date_zh(r.date)}{book_title(r.title)}"
        if r.report is not None:
            to = self.ds.organization(r.report.submitted_to)
            who = to.name if to is not None else r.report.submitted_to
            doc = f"（{r.report.document_no}）" if r.report.document_no else ""
            text += f"，{date_zh(r.report.submitted_on)}书面报送{who}{doc}"
        return text

    def records(self, ids: Sequence[str]) -> str:
        found = [r for r in (self.record(i) for i in ids) if r is not None]
        return "；".join(self.record_phrase(r) for r in sorted(found, key=lambda r: (r.date, r.id)))

    def what(self, types: Sequence[str]) -> str:
        return "或".join(self.labels.record_type(t) for t in types)

    def lacks(self, ob: Obligation, ids: Sequence[str]) -> str:
        reasons = [what_lacks(ob, r, self.report.as_of) for r in (self.record(i) for i in ids) if r is not None]
        return "、".join(dict.fromkeys(x for x in reasons if x)) or "记录不完整"

    def when(self, e: Entry) -> str:
        """The entry's period as a prefix: 2026年, 2026年上半年, 2025—2026学年第一学期."""
        return period_zh(e.period, self.ds.cycles)

    def entry_phrase(self, ob: Obligation, e: Entry) -> str:
        if ob.kind == "triggered":
            return self.triggered(ob, e)
        if ob.kind == "standing":
            # a condition is judged per half year: the period is named unless it is the report's
            when = "" if e.period == self.period.label else f"{self.when(e)}："
            if e.status in DONE:
                return when + "已落实" + self.standing_detail(ob, e)
            return when + self.standing_problem(ob, e)
        if ob.kind == "judged":
            if not e.records:
                return f"{self.when(e)}没有相关记录。【请补充开展情况】"
            return f"{self.when(e)}相关记录 {len(e.records)} 条：{self.records(e.records)}"
        if ob.kind == "precondition":
            if e.status == "not_applicable":
                return f"{self.when(e)}没有举办{self.what(ob.precondition_types)}"
            text = f"{self.when(e)}举办 {e.required} 次"
            if e.status in DONE:
                return f"{text}，均事先审核报备（{self.records(e.records)}）"
            return f"{text}，其中 {e.incomplete} 次没有事先审核报备（{self.records(e.incomplete_records)}）"
        return self.counted(ob, e)

    def counted(self, ob: Obligation, e: Entry) -> str:
        """Quota, deliverable and coverage: how many were needed and done over the period."""
        unit, verb = ("个组织", "已检查") if ob.kind == "coverage" else ("次", "已开展")
        text = f"{self.when(e)}应至少 {e.required} {unit}" if ob.kind != "coverage" else f"{self.when(e)}应检查 {e.required} {unit}"
        due = f"{date_zh(e.due)}" if e.due is not None else ""
        if e.status in DONE:
            text += f"，已完成（{self.records(e.records)}）"
            if e.status == "met_late" and e.completed_on is not None:
                text += f"，{date_zh(e.completed_on)}完成，晚于{due}的期限"
            return text
        if e.done:
            text += f"，{verb} {e.done} {unit}（{self.records(e.records)}）"
        elif ob.kind == "coverage":
            text += f"，{verb} 0 {unit}"
        if e.incomplete:
            text += f"，另有 {e.incomplete} {unit}{self.lacks(ob, e.incomplete_records)}、不能计入（{self.records(e.incomplete_records)}）"
        if e.status in ("open", "due_soon"):
            if e.done and ob.kind != "coverage":
                text += f"，还需开展 {e.required - e.done} {unit}"
            return text + (f"，应于{due}前完成" if due else "")
        if e.status == "missing" and not e.done and not e.incomplete:
            return text + f"，未开展（期限为{due}）"
        return text + f"，截至{due}未完成"

    def triggered(self, ob: Obligation, e: Entry) -> str:
        trigger_id, _, item = (e.trigger or "").partition("#")
        trigger = self.record(trigger_id)
        if trigger is None:
            head = e.trigger or ""
        elif item:
            corrections = (trigger.block("inspection") or {}).get("corrections") or []
            wanted = next((c.get("text", "") for c in corrections if c.get("id") == item), "")
            head = f"整改要求“{wanted}”（{book_title(trigger.title)}，{date_zh(trigger.date)}）"
        else:
            head = f"{book_title(trigger.title)}（{date_zh(trigger.date)}）"
        due = date_zh(e.due) if e.due is not None else ""
        what = self.what(ob.response.types) if ob.response is not None else ""
        if e.status in DONE:
            text = f"{head}：已完成（{self.records(e.records)}）"
            if e.status == "met_late" and e.completed_on is not None:
                text += f"，{date_zh(e.completed_on)}完成，晚于{due}的期限"
            return text
        if item:
            if e.status in ("open", "due_soon"):
                return f"{head}：正在整改，应于{due}前完成"
            return f"{head}：截至{due}未完成整改"
        if e.status in ("open", "due_soon"):
            return f"{head}：尚未开展{what}，应于{due}前完成"
        return f"{head}：未按期开展{what}（期限为{due}）"

    def problem(self, ob: Obligation, item: Item[Entry]) -> str:
        """One problem of 二、: the duty, then what is missing — a standing condition false
        over several periods once, since when; the entries of a duty missed in several
        periods, for several directives or by several members one after another."""
        if item.standing and len(item.entries) > 1:
            return f"{ob.title}：{self.standing_problem(ob, item.last, since=item.first.due)}"
        entries = sorted(item.entries, key=lambda e: (self.member_rank(e.member), e.period_start, e.period_end, e.trigger or ""))
        members = item.members
        if len(members) > 1:
            parts = [f"{self.member_label(e.member)}{self.entry_phrase(ob, e)}" if e.member else self.entry_phrase(ob, e)
                     for e in entries]
            return f"{ob.title}：" + "；".join(p.rstrip("。") for p in parts)
        who = f"（{self.member_label(members[0], '，')}）" if members else ""
        return f"{ob.title}{who}：" + "；".join(self.entry_phrase(ob, e).rstrip("。") for e in entries)

    def standing_detail(self, ob: Obligation, e: Entry) -> str:
        keys = dict(ob.condition)
        if e.completed_on is None:
            return ""
        if "mechanism" in keys:
            return f"（{date_zh(e.completed_on)}建立）"
        if "positions_reviewed_within_days" in keys:
            return f"（阵地登记最近一次核对：{date_zh(e.completed_on)}）"
        if "has_roles" in keys:
            holders = [
                f"{self.role(t.role)}{t.name}" for t in self.org.holders_on(e.completed_on)
                if t.role in keys["has_roles"]
            ]
            return f"（{date_zh(e.completed_on)}在任：{'、'.join(holders)}）" if holders else ""
        return ""

    def standing_problem(self, ob: Obligation, e: Entry, since: Optional[date] = None) -> str:
        """A condition on the registry that was not met, from the registry itself; ``since``:
        the day it was first found false, for a condition false over several periods."""
        keys = dict(ob.condition)
        day = min(e.period_end, self.report.as_of)
        start = f"自{date_zh(since)}起，" if since is not None and since < day else ""
        still = "仍" if start else ""
        if "mechanism" in keys:
            return f"{start}截至{date_zh(day)}{still}未建立舆情日常监测应对机制" if start else f"截至{date_zh(day)}，未建立舆情日常监测应对机制"
        if "has_roles" in keys:
            lacking = [self.role(r) for r in keys["has_roles"] if not self.org.holders_on(day, r)]
            if start:
                return f"{start}截至{date_zh(day)}{still}没有在任的{'、'.join(lacking)}"
            return f"{date_zh(day)}没有在任的{'、'.join(lacking)}"
        if "positions_reviewed_within_days" in keys:
            reviews = [d for d in self.org.positions_reviewed if d <= day]
            limit = keys["positions_reviewed_within_days"]
            if not reviews:
                return f"{start}截至{date_zh(day)}{still}没有核对阵地登记" if start else f"截至{date_zh(day)}，没有核对阵地登记"
            return f"阵地登记最近一次核对是{date_zh(reviews[-1])}，未按每 {limit} 天核对一次的要求及时核对"
        return STATUS_ZH[e.status]

    def role(self, code: str) -> str:
        return self.labels.role(code).split("（", 1)[0]

    def member_label(self, member_id: str, joiner: str = "") -> str:
        """``张伟（书记）``, or ``张伟，书记`` with a joiner (inside parentheses)."""
        term = next((t for t in reversed(self.org.terms) if t.member_id == member_id), None)
        if term is None:
            return member_id
        return f"{term.name}{joiner}{self.role(term.role)}" if joiner else f"{term.name}（{self.role(term.role)}）"

    def member_rank(self, member_id: Optional[str]) -> tuple[int, str]:
        term = next((t for t in reversed(self.org.terms) if t.member_id == member_id), None)
        order = ("secretary", "member_in_charge", "committee_member")
        return (order.index(term.role) if term is not None and term.role in order else 9, member_id or "")


def book_title(title: str) -> str:
    """A title in 《》; book-title marks inside it become 〈〉, as Chinese usage nests them."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"



def _plan_for(plans: Sequence[Plan], day: date) -> Optional[Plan]:
    for plan in sorted(plans, key=lambda p: p.effective_from, reverse=True):
        if plan.in_force_on(day):
            return plan
    return None


def _town_name(dataset: Dataset) -> str:
    town = next((o for o in dataset.organizations if o.kind in dataset.top_kinds), None)
    if town is not None:
        return town.name
    vocabulary = dataset.current_vocabulary
    return vocabulary.leading_body if vocabulary is not None else "上级党组织"


UNKNOWN_SUPERIOR = "【上级机关】"


def superior_of_leading_body(dataset: Dataset, plan: Optional[Plan]) -> str:
    """Where the leading body's own report goes: its vocabulary's ``labels.reports_to``
    (中共XX县委宣传部), or "" when the vocabulary does not say."""
    vocabulary = (plan.vocab if plan is not None else None) or dataset.current_vocabulary
    return vocabulary.reports_to if vocabulary is not None else ""


def addressee(dataset: Dataset, org: Organization, plan: Optional[Plan]) -> str:
    """Whom a self-inspection report is addressed to: the leading body (中共XX镇委员会), or,
    for the leading body's own report, the body above it that its vocabulary names (a
    placeholder in 【】 when it names none; ``ysxt export`` refuses that case first)."""
    if org.kind in dataset.top_kinds:
        return superior_of_leading_body(dataset, plan) or UNKNOWN_SUPERIOR
    return _town_name(dataset)


def self_inspection_content(
    dataset: Dataset, report: StatusReport, labels: Labels, org_id: str, period: Period, signed_on: date
) -> ReportDoc:
    """The report's paragraphs for one organisation and one half year, one year or one period
    of the vocabulary's own (see the module docs). Every duty whose period overlaps the report's is described over its own
    period, as of ``report.as_of``."""
    if period.kind not in ("half", "year") and period.cycle is None:
        raise ValueError("self-inspection reports are per half year, per year or per period of the vocabulary's own")
    org = dataset.organization(org_id)
    if org is None:
        raise KeyError(org_id)
    w = _Writer(dataset, report, labels, org, period)
    plan = _plan_for(dataset.plans, min(period.end, report.as_of))
    entries = [
        e for e in report.for_organization(org_id)
        if e.period_start <= period.end and e.period_end >= period.start
    ]
    title = f"{org.name}关于{period.label_zh}意识形态工作责任制落实情况的自查报告"
    to = addressee(dataset, org, plan)
    blocks: list[Block] = [Block("title", title), Block("addressee", f"{to}：")]
    basis = f"《{plan.title}》" + (f"（{plan.document_no}）" if plan.document_no else "") if plan else "意识形态工作责任制实施方案"
    blocks.append(Block("body", (
        f"根据{basis}要求，我{labels.org_kinds.get(org.kind, '党组织')}对照实施方案规定的各项责任，"
        f"对{period.label_zh}意识形态工作责任制落实情况进行了专题自查。现将有关情况报告如下："
    )))

    # 一、what was done, duty by duty in the plan's order
    blocks.append(Block("heading1", "一、主要工作开展情况"))
    obligations = list(plan.obligations) if plan is not None else []
    by_ob: dict[str, list[Entry]] = {}
    for e in entries:
        by_ob.setdefault(e.obligation, []).append(e)
    n = 0
    for ob in obligations:
        mine = by_ob.get(ob.id, [])
        shown = [e for e in mine if e.status != "not_applicable" or ob.kind == "precondition"]
        if not shown:
            continue
        n += 1
        blocks.append(Block("heading2", f"（{cn_number(n)}）{ob.title}（{ob.clause}）"))
        shown.sort(key=lambda e: (w.member_rank(e.member), e.period_start, e.period_end, e.trigger or ""))
        for e in shown:
            who = f"{w.member_label(e.member)}：" if e.member else ""
            blocks.append(Block("body", f"{who}{w.entry_phrase(ob, e).rstrip('。')}。"))
    if n == 0:
        blocks.append(Block("body", "本期没有记录。【请补充本期开展的工作】"))

    # 二、what is missing: one numbered problem per item, as every list of things to do counts
    # them (ysxt_build.status.items): a condition false in both halves is one problem
    blocks.append(Block("heading1", "二、存在的问题和不足"))
    titles: dict[str, Obligation] = {o.id: o for o in obligations}
    problems = [
        e for e in entries
        if e.obligation in titles
        and (e.status in LATE or ("#" in (e.trigger or "") and e.status in ("open", "due_soon")))
    ]
    items = group(problems, standing_ids(dataset.plans), dataset.cycles, report.as_of)
    items.sort(key=lambda i: (
        obligations.index(titles[i.obligation]), i.first.period_start, w.member_rank(i.first.member), i.first.trigger or "",
    ))
    if items:
        for i, item in enumerate(items, 1):
            blocks.append(Block("body", f"{i}．{w.problem(titles[item.obligation], item).rstrip('。')}。"))
    else:
        blocks.append(Block("body", "对照实施方案逐项自查，已到期的各项责任均已落实，未发现未完成的事项。"))
    blocks.append(Block("body", "【请补充自查中发现的其他问题和不足】"))

    # 三、measures (a template to edit), one per duty with a problem
    blocks.append(Block("heading1", "三、下一步工作措施"))
    named = list(dict.fromkeys(titles[i.obligation].title for i in items))
    for i, name in enumerate(named, 1):
        blocks.append(Block("body", f"（{cn_number(i)}）针对“{name}”的问题：【写明整改措施、责任人和完成时限】。"))
    k = len(named)
    blocks += [
        Block("body", f"（{cn_number(k + 1)}）压紧压实意识形态工作责任。书记切实履行第一责任人职责，分管领导履行直接责任，"
                      "班子成员落实“一岗双责”，【结合本单位实际补充具体措施】。"),
        Block("body", f"（{cn_number(k + 2)}）加强阵地建设管理和网络舆情监测研判，【补充具体措施】。"),
        Block("body", f"（{cn_number(k + 3)}）按期开展专题研究、党内通报和专题自查，及时书面报告"
                      f"{to if org.kind in dataset.top_kinds else labels.leading_body}，【补充具体安排】。"),
        Block("body", "特此报告。"),
        Block("signature", org.name),
        Block("date", date_zh(signed_on)),
    ]
    return ReportDoc(title=title, blocks=tuple(blocks), organization=org.id, period=period.label, author=org.name,
                     signed_on=signed_on)


# -- rendering ------------------------------------------------------------------------------


def _set_fonts(rpr_owner: object, east_asian: str, size: Optional[int] = None, bold: Optional[bool] = None) -> None:
    """Set the Latin and the east-asian font (``w:eastAsia``) of a run or a style."""
    font = rpr_owner.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = rpr_owner.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), LATIN_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _layout(p: Paragraph, align: Optional[WD_ALIGN_PARAGRAPH] = None, indent: bool = True) -> None:
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    if indent:
        fmt.first_line_indent = Pt(BODY_SIZE * 2)
        ind.set(qn("w:firstLineChars"), "200")  # two characters, as WPS and Word count them
    else:
        fmt.first_line_indent = Pt(0)
        ind.set(qn("w:firstLineChars"), "0")


_STYLE = {
    # kind: (font, size, bold, alignment, first-line indent)
    "title": (TITLE_FONT, TITLE_SIZE, False, WD_ALIGN_PARAGRAPH.CENTER, False),
    "addressee": (BODY_FONT, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.LEFT, False),
    "heading1": (HEADING1_FONT, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    "heading2": (HEADING2_FONT, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    "body": (BODY_FONT, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    "signature": (BODY_FONT, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.RIGHT, False),
    "date": (BODY_FONT, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.RIGHT, False),
}


def render_docx(doc: ReportDoc) -> bytes:
    """The report as ``.docx`` bytes."""
    d = Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = d.styles["Normal"]
    _set_fonts(normal, BODY_FONT, BODY_SIZE)
    props = d.core_properties
    props.title = doc.title
    props.language = "zh-CN"
    props.author = props.last_modified_by = doc.author
    if doc.signed_on is not None:  # the report's date, not the template's (python-docx's is of 2013)
        props.created = props.modified = datetime.combine(doc.signed_on, time())
    props.comments = "由 ysxt 根据记录生成的自查报告草稿，请核实修改【】中的内容后定稿。"
    for i, block in enumerate(doc.blocks):
        font, size, bold, align, indent = _STYLE[block.kind]
        if block.kind == "addressee" or (block.kind == "signature" and i > 0):
            _layout(d.add_paragraph(), indent=False)  # a blank line before, as in official documents
        p = d.add_paragraph()
        _layout(p, align, indent)
        if block.kind == "signature":
            p.paragraph_format.right_indent = Pt(BODY_SIZE * 2)
        if block.kind == "date":
            p.paragraph_format.right_indent = Pt(BODY_SIZE * 2)
        run = p.add_run(block.text)
        _set_fonts(run, font, size, bold)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
