"""Checks of what a record refers to: other records and organisations.

A response names a record of a type its vocabulary says it answers, dated before it, whose
directive applies to the responding organisation; a directive's scope and a report's recipient
are organisations; a report is submitted on or after the activity and not after the check
date; an amendment names another record of the same organisation.

Approvals are linked, not found: a lecture (or any event) that names its approval
(``lecture.approval``) names a record carrying an approval, of the same organisation (or of a
body the plan in force says may approve: ``recorded_by``), dated no later than the event, and
for that event (its ``approval.event``, if written, is the event's id or title); an approval
that names its event by id names an existing event it may approve, not after it. Anything else
is an error at the line; an approval that was refused is a warning (the status shows it).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable, Iterator, Mapping, Optional, Sequence

from ..records.model import Organization, Plan, Record, names_event
from ..records.problems import Pointer, Problem
from ..records.vocabulary import RecordType, Vocabulary, merged
from .findings import future
from .findings import problem as _p

_RECORD_ID = re.compile(r"^[0-9]{4}-[a-z0-9-]+$")


def response_targets(vocabularies: Sequence[Vocabulary]) -> dict[str, tuple[str, ...]]:
    """For each record type that says so, the record types its ``responds_to`` may name."""
    types: list[RecordType] = merged(tuple(vocabularies), "record_types")
    return {t.code: t.responds_to for t in types if t.responds_to}


class ReferenceChecker:
    """The references of one record at a time, resolved against ``records``.

    ``records`` is the first record of each id (set once they are known); ``broken_records``
    the ids of record files with errors of their own, which a reference may name without a
    second finding; ``org_known`` likewise for organisations.
    """

    def __init__(
        self,
        org_known: Callable[[str], bool],
        broken_records: set[str],
        as_of: date,
        vocabularies: Sequence[Vocabulary] = (),
        plans: Sequence[Plan] = (),
        orgs: Optional[Mapping[str, Organization]] = None,
    ) -> None:
        self.org_known = org_known
        self.broken_records = broken_records
        self.as_of = as_of
        self.records: Mapping[str, Record] = {}
        self.targets = response_targets(vocabularies)
        types: list[RecordType] = merged(tuple(vocabularies), "record_types")
        self.type_names = {t.code: t.name for t in types}
        self.plans = plans
        self.orgs = orgs or {}

    def _record_known(self, record_id: str) -> bool:
        return record_id in self.records or record_id in self.broken_records

    def findings(self, rec: Record) -> Iterator[Problem]:
        src = rec.source
        wanted = self.targets.get(rec.type)
        for i, target_id in enumerate(rec.responds_to):
            pointer: Pointer = ("responds_to", i)
            target = self.records.get(target_id)
            if target is None:
                if not self._record_known(target_id):
                    yield _p(src, "ref.record", f"回应的记录“{target_id}”不存在",
                             "请写被回应记录的 id（上级部署或事件记录的文件名，不含 .yaml）。", pointer)
                continue
            if wanted and target.type not in wanted:
                names = "或".join(self._name(t) for t in wanted)
                yield _p(src, "ref.record-type", f"回应的记录“{target_id}”不是{names}记录",
                         f"{self._name(rec.type)}回应{names}：请写{names}记录的编号。", pointer)
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
                         "请写报送对象的组织编号（records/organizations/ 中的文件名，例如 town）。", ("report", "submitted_to"))
            if rec.report.submitted_on < rec.date:
                yield _p(src, "date.order", "报送日期早于活动日期", "请检查 report.submitted_on。",
                         ("report", "submitted_on"))
            p = future(src, ("report", "submitted_on"), "报送日期", rec.report.submitted_on, self.as_of)
            if p:
                yield p
        if rec.lecture is not None:
            yield from self._lecture_approval(rec)
        if rec.approval is not None and rec.approval.event is not None:
            yield from self._approved_event(rec)
        if rec.amends is not None:
            yield from self._amendment(rec)

    def _name(self, record_type: str) -> str:
        return self.type_names.get(record_type, record_type)

    def _org_name(self, org_id: str) -> str:
        org = self.orgs.get(org_id)
        return org.name if org is not None else org_id

    def _approving_kinds(self, event: Record) -> set[str]:
        """The kinds of organisation besides the event's own that may record its approval,
        by the plans in force on its day (``recorded_by`` of their preconditions)."""
        kinds: set[str] = set()
        for plan in self.plans:
            if not plan.in_force_on(event.date):
                continue
            for ob in plan.obligations:
                if ob.precondition is not None and event.type in ob.precondition.types:
                    for need in ob.precondition.needs:
                        kinds.update(need.recorded_by)
        return kinds

    def _may_approve(self, approval: Record, event: Record) -> bool:
        if approval.organization == event.organization:
            return True
        org = self.orgs.get(approval.organization)
        return org is not None and org.kind in self._approving_kinds(event)

    def _approved_event(self, rec: Record) -> Iterator[Problem]:
        """An approval that names its event by record id: the event exists, may be approved by
        this organisation, and is not before the approval."""
        assert rec.approval is not None and rec.approval.event is not None
        named, at = rec.approval.event, ("approval", "event")
        if not _RECORD_ID.match(named):
            return  # a title: the event may not be recorded yet
        event = self.records.get(named)
        if event is None:
            if not self._record_known(named):
                yield _p(rec.source, "ref.record", f"审核报备的活动“{named}”不存在",
                         "请写活动记录的编号；活动还没有登记时，写活动的标题。", at)
            return
        if not self._may_approve(rec, event):
            yield _p(rec.source, "approval.organization",
                     f"活动“{named}”属于{self._org_name(event.organization)}，本记录属于{self._org_name(rec.organization)}",
                     "审核报备记录登记在举办活动的组织（或实施方案规定的审核机关）名下；请检查活动编号或 organization。", at)
        if rec.date > event.date:
            yield _p(rec.source, "approval.after-event",
                     f"审核报备日期 {rec.date.isoformat()} 晚于活动“{named}”的日期 {event.date.isoformat()}",
                     "事先审核报备须在活动之前（或当天）；如果日期写错了，请改正写错的那条记录。", ("date",))

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
        """A lecture, forum or seminar is approved or filed beforehand (二（一）5 of the town's plan).

        A lecture held without an approval, or despite a refusal, is a fact the status shows
        as "incomplete", so it is a warning here; an approval that leads nowhere, to another
        organisation's, to one given after the event or for another event is an error.
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
                         "请先登记审核报备记录，再在这里写它的 id。", at)
        elif target.approval is None:
            yield _p(src, "ref.record-type", f"“{approval}”不是审核报备记录（{self._name(target.type)}）",
                     "lecture.approval 须写审核报备记录（写有 approval 的记录）的编号。", at)
        elif not self._may_approve(target, rec):
            yield _p(src, "approval.organization",
                     f"审核报备记录“{approval}”属于{self._org_name(target.organization)}，不是本组织为这次活动登记的",
                     "只能写本组织（或实施方案规定的审核机关）为这次活动登记的审核报备记录；"
                     "请改正编号，或先为本活动登记审核报备记录。", at)
        elif target.approval.event is not None and not names_event(target.approval.event, rec.id, rec.title):
            yield _p(src, "approval.event",
                     f"审核报备记录“{approval}”审核的是“{target.approval.event}”，不是本活动",
                     "请写为本活动登记的审核报备记录；如果是同一活动，请把审核报备记录的 approval.event "
                     f"改成本记录编号 {rec.id}。", at)
        elif target.date > rec.date:
            yield _p(src, "lecture.late-approval",
                     f"审核报备记录“{approval}”的日期 {target.date.isoformat()} 晚于活动日期 "
                     f"{rec.date.isoformat()}，不是事先审核报备",
                     "事后的审核报备不能作为事先审核报备：没有事先审核报备的，删除 lecture.approval"
                     "（责任状态将显示为不完整）；如果日期写错了，请改正两条记录中写错的那个。", at)
        elif target.approval.result == "rejected":
            yield _p(src, "lecture.rejected", f"审核报备记录“{approval}”的审核结果是不同意",
                     "未获同意的活动不应举办；如果审核结果写错了，请改正审核报备记录。", at,
                     severity="warning")
