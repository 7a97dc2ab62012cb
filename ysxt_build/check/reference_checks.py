"""Checks of what a record refers to: other records and organisations.

A response names a record of the right type, dated before it, whose directive applies to the
responding organisation; a directive's scope and a report's recipient are organisations; a
report is submitted on or after the activity and not after the check date; a lecture names its
approval, given beforehand and not rejected; an amendment names another record of the same
organisation.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterator, Mapping

from ..records.model import Record
from ..records.problems import Pointer, Problem
from .findings import future
from .findings import problem as _p

RESPONSE_TARGETS = {
    "directive_study": ("directive",),
    "portfolio_meeting": ("directive",),
    "incident_report": ("incident",),
    "incident_response": ("incident",),
}


class ReferenceChecker:
    """The references of one record at a time, resolved against ``records``.

    ``records`` is the first record of each id (set once they are known); ``broken_records``
    the ids of record files with errors of their own, which a reference may name without a
    second finding; ``org_known`` likewise for organisations.
    """

    def __init__(self, org_known: Callable[[str], bool], broken_records: set[str], as_of: date) -> None:
        self.org_known = org_known
        self.broken_records = broken_records
        self.as_of = as_of
        self.records: Mapping[str, Record] = {}

    def _record_known(self, record_id: str) -> bool:
        return record_id in self.records or record_id in self.broken_records

    def findings(self, rec: Record) -> Iterator[Problem]:
        src = rec.source
        wanted = RESPONSE_TARGETS.get(rec.type)
        for i, target_id in enumerate(rec.responds_to):
            pointer: Pointer = ("responds_to", i)
            target = self.records.get(target_id)
            if target is None:
                if not self._record_known(target_id):
                    yield _p(src, "ref.record", f"回应的记录“{target_id}”不存在",
                             "请写被回应记录的 id（上级部署或事件记录的文件名，不含 .yaml）。", pointer)
                continue
            if wanted and target.type not in wanted:
                yield _p(src, "ref.record-type", f"回应的记录“{target_id}”不是{'上级部署' if wanted == ('directive',) else '事件'}记录",
                         "传达学习、分管范围专题会议回应上级部署；重大情况报告、事件处置回应事件。", pointer)
            if target.date > rec.date:
                yield _p(src, "date.order", f"回应的记录“{target_id}”的日期 {target.date.isoformat()} 晚于本记录",
                         "回应只能在被回应的事之后；请检查日期。", pointer)
            if target.directive is not None and not target.directive.applies_to_all \
                    and rec.organization not in target.directive.applies_to:
                yield _p(src, "ref.not-applicable", f"上级部署“{target_id}”的适用范围不含本组织",
                         "请检查回应的记录编号。", pointer, severity="warning")
        if rec.directive is not None:
            for i, org_id in enumerate(rec.directive.applies_to):
                if not self.org_known(org_id):
                    yield _p(src, "ref.organization", f"适用范围中的组织“{org_id}”不存在", "请检查组织编号。",
                             ("directive", "applies_to", i))
        if rec.report is not None:
            if not self.org_known(rec.report.submitted_to):
                yield _p(src, "ref.organization", f"报送对象“{rec.report.submitted_to}”不存在",
                         "报镇党委时写镇党委的组织编号（例如 town）。", ("report", "submitted_to"))
            if rec.report.submitted_on < rec.date:
                yield _p(src, "date.order", "报送日期早于活动日期", "请检查 report.submitted_on。",
                         ("report", "submitted_on"))
            p = future(src, ("report", "submitted_on"), "报送日期", rec.report.submitted_on, self.as_of)
            if p:
                yield p
        if rec.lecture is not None:
            yield from self._lecture_approval(rec)
        if rec.amends is not None:
            yield from self._amendment(rec)

    def _amendment(self, rec: Record) -> Iterator[Problem]:
        """An amendment names an existing record of the same organisation."""
        assert rec.amends is not None
        src, target_id = rec.source, rec.amends.record
        original = self.records.get(target_id)
        if target_id == rec.id:
            yield _p(src, "ref.amends-self", "记录不能更正自己", "更正须新建一条记录：ysxt new --amend 记录编号。",
                     ("amends", "record"))
        elif original is None:
            if not self._record_known(target_id):
                yield _p(src, "ref.record", f"被更正的记录“{target_id}”不存在",
                         "请写被更正记录的 id（文件名，不含 .yaml）。", ("amends", "record"))
        elif original.organization != rec.organization:
            yield _p(src, "ref.amends-organization",
                     f"更正记录须与被更正的记录属于同一组织（原记录属于“{original.organization}”）",
                     "请把 organization 改成原记录的组织，文件放到该组织的文件夹。", ("organization",))

    def _lecture_approval(self, rec: Record) -> Iterator[Problem]:
        """二（一）5: a lecture, forum or seminar is approved or filed beforehand.

        A lecture held without (or before) its approval is a fact the status shows as
        "incomplete", so it is a warning here; a reference that leads nowhere is an error.
        """
        assert rec.lecture is not None
        src, approval, form = rec.source, rec.lecture.approval, rec.lecture.form
        at: Pointer = ("lecture", "approval")
        if approval is None:
            yield _p(src, "lecture.no-approval",
                     f"{form}没有写事先审核报备记录（lecture.approval），责任状态将显示为不完整",
                     "如已审核报备，请先登记审核报备记录（type: approval），再在 lecture 下加一行 "
                     "approval: 审核报备记录编号。", ("lecture",), severity="warning")
            return
        target = self.records.get(approval)
        if target is None:
            if not self._record_known(approval):
                yield _p(src, "ref.record", f"审核报备记录“{approval}”不存在",
                         "请先登记审核报备记录（type: approval），再在这里写它的 id。", at)
        elif target.type != "approval":
            yield _p(src, "ref.record-type", f"“{approval}”不是审核报备记录",
                     "lecture.approval 须写 type: approval 的记录编号。", at)
        elif target.date > rec.date:
            yield _p(src, "lecture.late-approval",
                     f"审核报备记录“{approval}”的日期 {target.date.isoformat()} 晚于活动日期 "
                     f"{rec.date.isoformat()}，不是事先审核报备",
                     "须在活动之前（或当天）审核报备；如果日期写错了，请改正两条记录中写错的那个。", at,
                     severity="warning")
        elif target.approval is not None and target.approval.result == "rejected":
            yield _p(src, "lecture.rejected", f"审核报备记录“{approval}”的审核结果是不同意",
                     "未获同意的活动不应举办；如果审核结果写错了，请改正审核报备记录。", at,
                     severity="warning")
