"""Deadlines as an ``.ics`` calendar: what is still to do, and the next periods' due dates.

The calendar file itself is written by the portal's builder
(:func:`ysxt_build.portal.ics.entry_calendar`), so that ``ysxt export calendar`` and the portal's
``ysxt.ics`` are the same kind of file with the same event ids. This module only chooses
the deadlines:

- every entry of the status that is still open or due soon (进行中、即将到期), with its due
  date;
- for each periodic duty of the plan in force (quota and written deliverables), the due
  dates of the periods that have not begun yet, up to ``horizon_days`` ahead: one event per
  organisation that owes it (for members' duties: per organisation, covering its members).

Pure: reads only its arguments.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, Optional

from ..portal.context import SiteContext
from ..portal.ics import entry_calendar
from ..portal.status_data import StatusData, StatusEntry
from ..records.labels import Labels
from ..records.model import Dataset, Plan
from ..records.periods import Period, due_date
from ..records.schemas import SchemaSet
from ..status.engine import period_kind
from ..status.model import StatusReport

UPCOMING_STATUS_ZH = "尚未开始"


def _plan_on(plans: Iterable[Plan], day: date) -> Optional[Plan]:
    for plan in sorted(plans, key=lambda p: p.effective_from, reverse=True):
        if plan.in_force_on(day):
            return plan
    return None


def upcoming_entries(dataset: Dataset, as_of: date, horizon_days: int = 366, org_id: Optional[str] = None) -> list[StatusEntry]:
    """Due dates of the periods that begin after ``as_of`` (within the horizon)."""
    plan = _plan_on(dataset.plans, as_of)
    if plan is None:
        return []
    last = as_of + timedelta(days=horizon_days)
    out: list[StatusEntry] = []
    for ob in plan.obligations:
        if ob.kind not in ("quota", "deliverable"):
            continue
        kind = period_kind(ob)
        period = Period.containing(kind, as_of).next()
        while True:
            due = due_date(period, ob.grace_days, ob.due_on)
            if due > last:
                break
            for org in dataset.organizations:
                if org_id is not None and org.id != org_id:
                    continue
                if org.kind not in ob.subject.org_kinds or not org.exists_on(as_of):
                    continue
                if ob.subject.categories and org.category not in ob.subject.categories:
                    continue
                who = "本组织每位班子成员" if ob.subject.level == "member" else "本组织"
                out.append(StatusEntry(
                    obligation=ob.id,
                    plan=plan.id,
                    organization=org.id,
                    member=None,
                    period=period.label,
                    period_start=period.start,
                    period_end=period.end,
                    trigger=None,
                    status="open",
                    status_zh=UPCOMING_STATUS_ZH,
                    due=due,
                    required=ob.count,
                    done=0,
                    incomplete=0,
                    completed_on=None,
                    records=(),
                    incomplete_records=(),
                    note=f"{period.label_zh}自 {period.start.isoformat()} 开始，{who}应至少完成 {ob.count} 次，截止 {due.isoformat()}",
                ))
            period = period.next()
    return out


def deadline_entries(
    context: SiteContext, dataset: Dataset, horizon_days: int = 366, org_id: Optional[str] = None
) -> list[StatusEntry]:
    """Open and due-soon entries of the status, then the upcoming periods' due dates."""
    current = [
        e for e in context.status.entries
        if e.status in ("open", "due_soon") and e.due is not None and (org_id is None or e.organization == org_id)
    ]
    return current + upcoming_entries(dataset, context.as_of, horizon_days, org_id)


def site_context(report: StatusReport, dataset: Dataset, labels: Labels, schemas: SchemaSet) -> SiteContext:
    """The portal's view of a computed status (through status.json, as the portal reads it)."""
    status = StatusData.from_report(report, dataset, labels)
    return SiteContext(status=status, dataset=dataset, labels=labels, schemas=schemas)


def calendar_bytes(
    report: StatusReport,
    dataset: Dataset,
    labels: Labels,
    schemas: SchemaSet,
    name: str,
    horizon_days: int = 366,
    org_id: Optional[str] = None,
) -> bytes:
    """The ``.ics`` file of deadlines."""
    ctx = site_context(report, dataset, labels, schemas)
    return entry_calendar(ctx, deadline_entries(ctx, dataset, horizon_days, org_id), name)
