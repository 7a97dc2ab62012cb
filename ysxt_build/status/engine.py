"""The compliance engine: every obligation's status, for every subject, as of a date.

Pure: ``compute_status(dataset, as_of, labels)`` reads nothing but its arguments. What was
known on ``as_of`` is all it uses: records dated later, reports submitted later, terms that
begin later and dissolutions dated later are ignored, so a past date gives the status as it
stood then.

Rules the plan leaves open are settings of the plan (``settings`` in the plan file):
``min_coverage`` (a subject owes a period's duty only if it existed / held the role for that
share of it), ``handover`` (who owes a role's duty when the holder changes mid-period),
``due_soon_days`` and ``topic_keywords``. A period is judged by the plan in force on its last
day, or on ``as_of`` if that is earlier; a triggered duty by the plan in force on the day of
the trigger.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Iterable, Iterator, Optional

from ..records.labels import Labels
from ..records.model import Dataset, Obligation, Organization, Plan, Qualifies, Record, Term
from ..records.periods import Period, due_date, overlap_days, periods_between
from .model import Entry, StatusReport

DEFAULT_PERIOD = {"standing": "half", "precondition": "year", "judged": "year", "triggered": "half"}
APPROVAL_OK = ("approved", "filed")


def period_kind(ob: Obligation) -> str:
    return ob.period or DEFAULT_PERIOD.get(ob.kind, "year")


@dataclass(frozen=True)
class _Known:
    """An organisation as it was known on ``as_of``."""

    org: Organization
    end: Optional[date]  # dissolution, if dated on or before as_of
    terms: tuple[Term, ...]  # terms begun by as_of, ends after as_of cleared

    def exists_on(self, day: date) -> bool:
        return self.org.founded <= day and (self.end is None or day <= self.end)

    def holders_on(self, day: date, roles: tuple[str, ...] = ()) -> list[Term]:
        return [t for t in self.terms if t.holds_on(day) and (not roles or t.role in roles)]


def _known(org: Organization, as_of: date) -> _Known:
    end = org.dissolved if org.dissolved is not None and org.dissolved <= as_of else None
    terms = tuple(
        Term(t.member_id, t.name, t.role, t.start, t.end if t.end is not None and t.end <= as_of else None, t.portfolio)
        for t in org.terms
        if t.start <= as_of
    )
    return _Known(org, end, terms)


def counts_on(r: Record) -> date:
    """The day a record counts on: its date, or the end of the earlier period it is for."""
    if r.period is not None:
        end = Period.parse(r.period).end
        if end < r.date:
            return end
    return r.date


class _RecordIndex:
    """Records visible on ``as_of``, by (organisation, type) in order of the day they count
    on (see :func:`counts_on`), and responses by (organisation, trigger)."""

    def __init__(self, records: Iterable[Record], as_of: date) -> None:
        visible = [r for r in records if r.date <= as_of]
        # an amendment stands in for the record it corrects; the original stays in the repo,
        # and whatever named the original (a response, a lecture's approval) now names it
        replaced_by = {r.amends.record: r.id for r in visible if r.amends is not None}
        self.superseded = set(replaced_by)

        def standing(record_id: str) -> str:
            seen = {record_id}
            while record_id in replaced_by and replaced_by[record_id] not in seen:
                record_id = replaced_by[record_id]
                seen.add(record_id)
            return record_id

        by_key: dict[tuple[str, str], list[Record]] = defaultdict(list)
        self.responses: dict[tuple[str, str], list[Record]] = defaultdict(list)
        self.by_id: dict[str, Record] = {}
        self.by_type: dict[str, list[Record]] = defaultdict(list)
        for r in visible:
            if r.id in self.superseded:
                continue
            by_key[(r.organization, r.type)].append(r)
            self.by_type[r.type].append(r)
            self.by_id.setdefault(r.id, r)
            for target in r.responds_to:
                self.responses[(r.organization, standing(target))].append(r)
        for original in self.superseded:
            current = self.by_id.get(standing(original))
            if current is not None:
                self.by_id[original] = current
        self.by_key: dict[tuple[str, str], tuple[list[date], list[Record]]] = {}
        for key, items in by_key.items():
            items.sort(key=lambda r: (counts_on(r), r.id))
            self.by_key[key] = ([counts_on(r) for r in items], items)
        for items in self.by_type.values():
            items.sort(key=lambda r: (r.date, r.id))

    def between(self, org_id: str, types: tuple[str, ...], first: date, last: date) -> list[Record]:
        found: list[Record] = []
        for t in types:
            entry = self.by_key.get((org_id, t))
            if entry is None:
                continue
            dates, items = entry
            found.extend(items[bisect_left(dates, first) : bisect_right(dates, last)])
        if len(types) > 1:
            found.sort(key=lambda r: (counts_on(r), r.id))
        return found


def _target_of(r: Record) -> Optional[str]:
    """The organisation a town-level record is about (an inspection's target), if any."""
    block = r.block(r.type)
    target = block.get("target") if isinstance(block, dict) else None
    return target if isinstance(target, str) else None


def _by_member(r: Record, member: Optional[str], by: str) -> bool:
    if member is None:
        return True
    if by == "lead":
        return r.lead == member
    return member in r.participants or r.lead == member


class Engine:
    def __init__(self, dataset: Dataset, as_of: date, labels: Labels) -> None:
        self.as_of = as_of
        self.labels = labels
        self.plans = sorted(dataset.plans, key=lambda p: p.effective_from)
        self.orgs = [_known(o, as_of) for o in dataset.organizations if o.founded <= as_of]
        self.orgs_by_id = {k.org.id: k for k in self.orgs}
        self.index = _RecordIndex(dataset.records, as_of)

    # -- plans ----------------------------------------------------------------------------

    def plan_for(self, day: date) -> Optional[Plan]:
        for plan in reversed(self.plans):
            if plan.in_force_on(day):
                return plan
        return None

    # -- the run --------------------------------------------------------------------------

    def run(self) -> StatusReport:
        entries: list[Entry] = []
        if self.plans:
            first = self.plans[0].effective_from
            for kind in ("year", "half", "quarter", "month"):
                for period in periods_between(kind, first, self.as_of):
                    plan = self.plan_for(min(period.end, self.as_of))
                    if plan is None:
                        continue
                    for ob in plan.obligations:
                        if ob.kind != "triggered" and period_kind(ob) == kind:
                            entries.extend(self._periodic(plan, ob, period))
            entries.extend(self._triggered())
        entries.sort(key=lambda e: (e.organization, e.member or "", e.obligation, e.period_start, e.trigger or ""))
        return StatusReport(as_of=self.as_of, entries=tuple(entries))

    # -- subjects -------------------------------------------------------------------------

    def _org_in_scope(self, k: _Known, ob: Obligation) -> bool:
        s = ob.subject
        return k.org.kind in s.org_kinds and (not s.categories or k.org.category in s.categories)

    def _org_subjects(self, plan: Plan, ob: Obligation, period: Period) -> Iterator[tuple[_Known, Optional[str]]]:
        """(organisation, None) when it owes the period's duty, (organisation, note) when not."""
        for k in self.orgs:
            if not self._org_in_scope(k, ob):
                continue
            days = overlap_days(period.start, period.end, k.org.founded, k.end)
            if days == 0:
                continue
            if days / period.days < plan.settings.min_coverage:
                yield k, f"本期内存续 {days} 天，不足期间的 {plan.settings.min_coverage:.0%}"
            else:
                yield k, None

    def _member_subjects(
        self, plan: Plan, ob: Obligation, k: _Known, period: Period
    ) -> Iterator[tuple[Term, Optional[str]]]:
        """(a term of the member, None) when the member owes, (term, note) when not."""
        roles = ob.subject.roles
        by_member: dict[str, list[Term]] = defaultdict(list)
        for t in k.terms:
            if (not roles or t.role in roles) and t.overlaps(period.start, period.end):
                by_member[t.member_id].append(t)
        if roles and plan.settings.handover == "holder_at_end":
            day = min(period.end, self.as_of)
            if k.end is not None:
                day = min(day, k.end)
            holding = k.holders_on(day, roles)
            if not holding and by_member:
                # the post is vacant at the end: the last holder in the period owes it
                last = max((t for terms in by_member.values() for t in terms), key=lambda t: (t.end or day, t.start))
                holding = [last]
            holders = {t.member_id for t in holding}
            for member, terms in by_member.items():
                if member in holders:
                    yield terms[-1], None
                else:
                    successor = "、".join(t.name for t in holding)
                    yield terms[-1], f"期末已不在此职务，本期责任由{successor}承担"
            return
        for member, terms in by_member.items():
            days = sum(overlap_days(period.start, period.end, t.start, t.end) for t in terms)
            if days / period.days < plan.settings.min_coverage:
                yield terms[-1], f"本期内任职 {days} 天，不足期间的 {plan.settings.min_coverage:.0%}"
            else:
                yield terms[-1], None

    def _periodic(self, plan: Plan, ob: Obligation, period: Period) -> Iterator[Entry]:
        for k, org_note in self._org_subjects(plan, ob, period):
            if ob.subject.level == "organization":
                if org_note is not None:
                    yield self._entry(plan, ob, period, k, None, "not_applicable", note=org_note)
                else:
                    yield self._evaluate(plan, ob, period, k, None)
                continue
            if org_note is not None:
                continue
            for term, note in self._member_subjects(plan, ob, k, period):
                if note is not None:
                    yield self._entry(plan, ob, period, k, term.member_id, "not_applicable", note=note)
                else:
                    yield self._evaluate(plan, ob, period, k, term.member_id)

    def _entry(self, plan: Plan, ob: Obligation, period: Period, k: _Known, member: Optional[str], status: str, **kw: object) -> Entry:
        return Entry(
            obligation=ob.id,
            plan=plan.id,
            organization=k.org.id,
            member=member,
            period=period.label,
            period_start=period.start,
            period_end=period.end,
            status=status,
            **kw,  # type: ignore[arg-type]
        )

    def _evaluate(self, plan: Plan, ob: Obligation, period: Period, k: _Known, member: Optional[str]) -> Entry:
        if ob.kind in ("quota", "deliverable"):
            return self._quota(plan, ob, period, k, member)
        if ob.kind == "standing":
            return self._standing(plan, ob, period, k, member)
        if ob.kind == "precondition":
            return self._precondition(plan, ob, period, k, member)
        if ob.kind == "coverage":
            return self._coverage(plan, ob, period, k, member)
        return self._judged(plan, ob, period, k, member)

    # -- quota and deliverable ------------------------------------------------------------

    def _matches(self, plan: Plan, q: Qualifies, r: Record, member: Optional[str]) -> bool:
        if not _by_member(r, member, q.by):
            return False
        keywords = plan.settings.topic_keywords if q.topics_any is None else q.topics_any
        if not keywords:
            return True
        return any(word in r.title or any(word in t for t in r.topics) for word in keywords)

    def _completed_on(self, ob: Obligation, r: Record) -> tuple[Optional[date], str]:
        """When the record became complete for this obligation, or None and what it lacks."""
        when = r.date
        if ob.report_to is not None:
            rep = r.report
            if rep is None or rep.submitted_to != ob.report_to or rep.submitted_on > self.as_of:
                return None, "未书面报送"
            when = max(when, rep.submitted_on)
        if ob.requires_evidence and not r.evidence:
            return None, "缺少证明材料"
        return when, ""

    def _what(self, types: tuple[str, ...]) -> str:
        return "或".join(self.labels.record_type(t) for t in types)

    def _quota(self, plan: Plan, ob: Obligation, period: Period, k: _Known, member: Optional[str]) -> Entry:
        q = ob.qualifies
        assert q is not None
        candidates = self.index.between(k.org.id, q.types, period.start, min(period.end, self.as_of))
        qualifying = [r for r in candidates if self._matches(plan, q, r, member)]
        complete: list[tuple[date, Record]] = []
        lacking: list[tuple[Record, str]] = []
        for r in qualifying:
            when, why = self._completed_on(ob, r)
            if when is None:
                lacking.append((r, why))
            else:
                complete.append((when, r))
        complete.sort(key=lambda it: (it[0], it[1].id))
        due = due_date(period, ob.grace_days, ob.due_on)
        need = ob.count
        what = self._what(q.types)
        common = dict(
            due=due,
            required=need,
            done=len(complete),
            incomplete=len(lacking),
            records=tuple(r.id for _, r in complete),
            incomplete_records=tuple(r.id for r, _ in lacking),
        )
        if len(complete) >= need:
            finished = complete[need - 1][0]
            if finished <= due:
                return self._entry(plan, ob, period, k, member, "met", completed_on=finished, **common)
            return self._entry(
                plan, ob, period, k, member, "met_late", completed_on=finished,
                note=f"截止 {due.isoformat()}，{finished.isoformat()} 才完成", **common,
            )
        short = need - len(complete)
        lack_note = ""
        if lacking:
            reasons = "、".join(sorted({why for _, why in lacking}))
            lack_note = f"；有 {len(lacking)} 条记录{reasons}"
        if self.as_of <= due:
            soon = (due - self.as_of).days <= plan.settings.due_soon_days
            return self._entry(
                plan, ob, period, k, member, "due_soon" if soon else "open",
                note=f"还差 {short} 次{what}，截止 {due.isoformat()}{lack_note}", **common,
            )
        if lacking and len(complete) + len(lacking) >= need:
            return self._entry(
                plan, ob, period, k, member, "incomplete",
                note=f"{what}记录不完整（{lack_note.lstrip('；')}），已于 {due.isoformat()} 截止", **common,
            )
        if not qualifying:
            return self._entry(
                plan, ob, period, k, member, "missing",
                note=f"未开展{what}（应至少 {need} 次），已于 {due.isoformat()} 截止", **common,
            )
        return self._entry(
            plan, ob, period, k, member, "overdue",
            note=f"还差 {short} 次{what}，已于 {due.isoformat()} 截止{lack_note}", **common,
        )

    # -- standing conditions --------------------------------------------------------------

    def _standing(self, plan: Plan, ob: Obligation, period: Period, k: _Known, member: Optional[str]) -> Entry:
        day = min(period.end, self.as_of)
        if k.end is not None:
            day = min(day, k.end)
        cond = dict(ob.condition)
        if "has_roles" in cond:
            lacking = [self.labels.role(r) for r in cond["has_roles"] if not k.holders_on(day, (r,))]
            if lacking:
                return self._entry(plan, ob, period, k, member, "missing", due=day,
                                   note=f"{day.isoformat()} 没有在任的{'、'.join(lacking)}")
            return self._entry(plan, ob, period, k, member, "met", due=day, completed_on=day)
        if "mechanism" in cond:
            established = k.org.public_opinion_watch
            if established is None or established > day:
                return self._entry(plan, ob, period, k, member, "missing", due=day,
                                   note="尚未登记建立舆情日常监测应对机制（组织文件 mechanisms.public_opinion_watch）")
            return self._entry(plan, ob, period, k, member, "met", due=day, completed_on=established)
        limit = int(cond["positions_reviewed_within_days"])
        reviews = [d for d in k.org.positions_reviewed if d <= day]
        if not reviews:
            return self._entry(plan, ob, period, k, member, "missing", due=day,
                               note=f"截至 {day.isoformat()} 没有核对阵地登记的记录（组织文件 positions_reviewed）")
        last = reviews[-1]
        if (day - last).days > limit:
            return self._entry(plan, ob, period, k, member, "overdue", due=last + timedelta(days=limit),
                               note=f"阵地登记上次核对于 {last.isoformat()}，超过 {limit} 天未核对")
        return self._entry(plan, ob, period, k, member, "met", due=last + timedelta(days=limit), completed_on=last)

    # -- preconditions --------------------------------------------------------------------

    def _approved_before(self, r: Record) -> bool:
        ref = r.lecture.approval if r.lecture is not None else None
        if ref is None:
            return False
        approval = self.index.by_id.get(ref)
        return (
            approval is not None
            and approval.type == "approval"
            and approval.approval is not None
            and approval.approval.result in APPROVAL_OK
            and approval.date <= r.date
        )

    def _precondition(self, plan: Plan, ob: Obligation, period: Period, k: _Known, member: Optional[str]) -> Entry:
        events = self.index.between(k.org.id, ob.precondition_types, period.start, min(period.end, self.as_of))
        what = self._what(ob.precondition_types)
        if not events:
            return self._entry(plan, ob, period, k, member, "not_applicable", note=f"本期没有举办{what}")
        bad = [r for r in events if not self._approved_before(r)]
        good = [r for r in events if r not in bad]
        common = dict(required=len(events), done=len(good), incomplete=len(bad),
                      records=tuple(r.id for r in good), incomplete_records=tuple(r.id for r in bad))
        if bad:
            titles = "、".join(f"《{r.title}》（{r.date.isoformat()}）" for r in bad)
            return self._entry(plan, ob, period, k, member, "incomplete",
                               note=f"{titles}没有事先审核报备", **common)
        return self._entry(plan, ob, period, k, member, "met", completed_on=events[-1].date, **common)

    # -- judged ---------------------------------------------------------------------------

    def _judged(self, plan: Plan, ob: Obligation, period: Period, k: _Known, member: Optional[str]) -> Entry:
        found = self.index.between(k.org.id, ob.evidence_types, period.start, min(period.end, self.as_of))
        found = [r for r in found if _by_member(r, member, "participant")]
        return self._entry(
            plan, ob, period, k, member, "by_inspection", done=len(found), records=tuple(r.id for r in found),
            note=f"由镇党委检查评定；本期相关记录 {len(found)} 条",
        )

    # -- triggered ------------------------------------------------------------------------

    def _trigger_targets(self, ob: Obligation, trigger: Record) -> list[_Known]:
        target = _target_of(trigger)
        if target is not None:
            k = self.orgs_by_id.get(target)
            candidates = [k] if k is not None else []
        elif trigger.directive is not None:
            if trigger.directive.applies_to_all:
                candidates = self.orgs
            else:
                candidates = [self.orgs_by_id[o] for o in trigger.directive.applies_to if o in self.orgs_by_id]
        else:
            k = self.orgs_by_id.get(trigger.organization)
            candidates = [k] if k is not None else []
        return [k for k in candidates if self._org_in_scope(k, ob) and k.exists_on(trigger.date)]

    def _trigger_matches(self, ob: Obligation, r: Record) -> bool:
        if r.type not in ob.trigger_types:
            return False
        if r.incident is not None:
            if ob.trigger_categories and r.incident.category not in ob.trigger_categories:
                return False
            if ob.trigger_levels and r.incident.level not in ob.trigger_levels:
                return False
        return True

    def _triggered(self) -> Iterator[Entry]:
        types = {t for p in self.plans for ob in p.obligations if ob.kind == "triggered" for t in ob.trigger_types}
        for t in sorted(types):
            for trigger in self.index.by_type.get(t, []):
                plan = self.plan_for(trigger.date)
                if plan is None:
                    continue
                for ob in plan.obligations:
                    if ob.kind == "triggered" and self._trigger_matches(ob, trigger):
                        yield from self._respond(plan, ob, trigger)

    def _respond(self, plan: Plan, ob: Obligation, trigger: Record) -> Iterator[Entry]:
        assert ob.response is not None
        days = ob.deadline_days or 0
        # a directive's own deadline is for relaying it (传达期限), not for other responses
        if (
            trigger.directive is not None
            and trigger.directive.deadline_days is not None
            and "directive_study" in ob.response.types
        ):
            days = trigger.directive.deadline_days
        due = trigger.date + timedelta(days=days)
        period = Period.containing(period_kind(ob), trigger.date)
        what = self._what(ob.response.types)
        if trigger.type == "inspection":
            yield from self._corrections(plan, ob, trigger, period, what)
            return
        for k in self._trigger_targets(ob, trigger):
            responses = [
                r for r in self.index.responses.get((k.org.id, trigger.id), [])
                if r.type in ob.response.types
            ]
            if ob.subject.level == "organization":
                yield self._response_entry(plan, ob, period, k, None, trigger, due, responses, what)
                continue
            for term in k.holders_on(trigger.date, ob.subject.roles):
                mine = [r for r in responses if _by_member(r, term.member_id, ob.response.by)]
                yield self._response_entry(plan, ob, period, k, term.member_id, trigger, due, mine, what)

    def _corrections(self, plan: Plan, ob: Obligation, trigger: Record, period: Period, what: str) -> Iterator[Entry]:
        """Each required correction of an inspection is owed by the inspected organisation."""
        assert ob.response is not None
        block = trigger.block("inspection") or {}
        for k in self._trigger_targets(ob, trigger):
            responses = [
                r for r in self.index.responses.get((k.org.id, trigger.id), [])
                if r.type in ob.response.types
            ]
            for item in block.get("corrections", []):
                done = [r for r in responses if item["id"] in ((r.block("rectification") or {}).get("items", []))]
                due = date.fromisoformat(item["deadline"])
                entry = self._response_entry(plan, ob, period, k, None, trigger, due, done, what)
                note = entry.note
                if entry.status not in ("met",):
                    note = f"整改要求“{item['text']}”（{trigger.title}），期限 {due.isoformat()}" + (
                        "，至今未整改" if entry.status == "missing" else ""
                    ) if entry.status != "met_late" else entry.note
                yield replace(entry, trigger=f"{trigger.id}#{item['id']}", note=note)

    # -- coverage -------------------------------------------------------------------------

    def _coverage(self, plan: Plan, ob: Obligation, period: Period, k: _Known, member: Optional[str]) -> Entry:
        """The subject (the town committee) covers every organisation of the given kinds."""
        q = ob.qualifies
        assert q is not None
        targets = []
        for t in self.orgs:
            if t.org.id == k.org.id or t.org.kind not in ob.target_kinds:
                continue
            days = overlap_days(period.start, period.end, t.org.founded, t.end)
            if days and days / period.days >= plan.settings.min_coverage:
                targets.append(t)
        found: dict[str, Record] = {}
        for record_type in q.types:
            for r in self.index.by_type.get(record_type, []):
                if r.organization != k.org.id or r.id in self.index.superseded:
                    continue
                block = r.block(r.type) or {}
                label = block.get("period")
                in_period = label == period.label if label else period.contains(counts_on(r))
                target = block.get("target")
                if in_period and isinstance(target, str) and target not in found:
                    found[target] = r
        due = due_date(period, ob.grace_days, ob.due_on)
        covered = [t for t in targets if t.org.id in found]
        lacking = [t for t in targets if t.org.id not in found]
        common = dict(due=due, required=len(targets), done=len(covered),
                      records=tuple(sorted(found[t.org.id].id for t in covered)))
        if not targets:
            return self._entry(plan, ob, period, k, member, "not_applicable", note="本期没有需要覆盖的组织")
        if not lacking:
            finished = max(found[t.org.id].date for t in covered)
            if finished <= due:
                return self._entry(plan, ob, period, k, member, "met", completed_on=finished, **common)
            return self._entry(plan, ob, period, k, member, "met_late", completed_on=finished,
                               note=f"截止 {due.isoformat()}，{finished.isoformat()} 才完成", **common)
        names = "、".join(t.org.name for t in lacking[:5]) + ("等" if len(lacking) > 5 else "")
        what = self._what(q.types)
        note = f"还有 {len(lacking)} 个组织未{what}：{names}；截止 {due.isoformat()}"
        if self.as_of <= due:
            soon = (due - self.as_of).days <= plan.settings.due_soon_days
            return self._entry(plan, ob, period, k, member, "due_soon" if soon else "open", note=note, **common)
        return self._entry(plan, ob, period, k, member, "overdue" if covered else "missing", note=note, **common)

    def _response_entry(
        self, plan: Plan, ob: Obligation, period: Period, k: _Known, member: Optional[str],
        trigger: Record, due: date, responses: list[Record], what: str,
    ) -> Entry:
        responses = sorted(responses, key=lambda r: (r.date, r.id))
        common = dict(due=due, required=1, done=min(1, len(responses)), trigger=trigger.id,
                      records=tuple(r.id for r in responses))
        if responses:
            first = responses[0].date
            if first <= due:
                return self._entry(plan, ob, period, k, member, "met", completed_on=first, **common)
            return self._entry(plan, ob, period, k, member, "met_late", completed_on=first,
                               note=f"应于 {due.isoformat()} 前完成，{first.isoformat()} 才完成", **common)
        note = f"“{trigger.title}”（{trigger.date.isoformat()}）需要{what}，截止 {due.isoformat()}"
        if self.as_of <= due:
            soon = (due - self.as_of).days <= plan.settings.due_soon_days
            return self._entry(plan, ob, period, k, member, "due_soon" if soon else "open", note=note, **common)
        return self._entry(plan, ob, period, k, member, "missing", note=f"{note}，至今未开展", **common)


def compute_status(dataset: Dataset, as_of: date, labels: Optional[Labels] = None) -> StatusReport:
    """Every obligation's status for every subject and period up to ``as_of``."""
    return Engine(dataset, as_of, labels or Labels.from_schemas()).run()
