"""Invariants of the status, over small generated datasets judged by the real plan.

Each dataset has the town committee and one or two branches (founded, maybe dissolved, a
secretary who may change, maybe a member in charge, position reviews, an opinion-watch
mechanism) and a handful of random records of the types the plan uses: directives,
incidents and inspections, responses to them, quota records with or without the topic,
reports, evidence, a ``period`` for an earlier period, lectures and approvals, amendments.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any, Optional

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders.engine import (
    PLAIN_TITLE,
    TOPIC_TITLE,
    by_key,
    dataset,
    key,
    labels,
    member,
    org_data,
    real_plan,
    record_data,
    schema_errors,
    status,
    town_data,
)
from ysxt_build.records.model import Dataset, Organization, Record, Term
from ysxt_build.records.periods import Period
from ysxt_build.status.model import STATUSES, StatusReport
from ysxt_build.status.serialize import to_json

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PLAN = real_plan()
OBLIGATIONS = {o.id: o for o in PLAN.obligations}
BRANCHES = ("branch-a", "branch-b")
AS_OF = st.dates(date(2025, 1, 1), date(2027, 12, 31))
DAY = st.dates(date(2024, 10, 1), date(2027, 12, 31))

# records that can only help: they count towards quotas or answer triggers
QUALIFYING = (
    "special_study", "party_briefing", "self_inspection", "directive_study", "group_study", "cadre_training",
    "theory_training", "supervision", "portfolio_meeting", "democratic_life_meeting",
    "organisational_life_meeting", "duty_report", "annual_work_plan", "incident_report", "incident_response",
    "rectification", "other",
)


RANK = {"met": 5, "met_late": 4, "open": 3, "due_soon": 3, "incomplete": 2, "overdue": 1, "missing": 0}
FIXED = ("by_inspection", "not_applicable")


# -- generating datasets ------------------------------------------------------------------


def members_of(org: dict[str, Any]) -> list[str]:
    return sorted({m["id"] for m in org.get("members", [])})


@st.composite
def branch(draw: st.DrawFn, oid: str) -> dict[str, Any]:
    tag = oid[-1]
    founded = draw(st.sampled_from([date(2010, 1, 1), date(2010, 1, 1)]) | st.dates(date(2024, 6, 1), date(2026, 12, 31)))
    dissolved = draw(st.none() | st.none() | st.dates(founded, date(2027, 12, 31)))
    members = []
    change = draw(st.none() | st.dates(date(2025, 1, 2), date(2027, 12, 31)))
    if change is None:
        members.append(member(f"m-{tag}-sec1", "secretary", "2020-01-01"))
    else:
        members.append(member(f"m-{tag}-sec1", "secretary", "2020-01-01", change - timedelta(days=1)))
        members.append(member(f"m-{tag}-sec2", "secretary", change))
    if draw(st.booleans()):
        start = draw(st.dates(date(2020, 1, 1), date(2026, 6, 30)))
        end = draw(st.none() | st.dates(start, date(2027, 12, 31)))
        members.append(member(f"m-{tag}-mic", "member_in_charge", start, end))
    if draw(st.booleans()):
        members.append(member(f"m-{tag}-cm", "committee_member", draw(st.dates(date(2020, 1, 1), date(2026, 6, 30)))))
    reviewed = draw(st.lists(st.dates(date(2024, 6, 1), date(2027, 12, 31)), max_size=3, unique=True))
    watch = draw(st.none() | st.dates(date(2024, 1, 1), date(2027, 12, 31)))
    return org_data(oid, kind=draw(st.sampled_from(["branch", "general_branch"])), founded=founded,
                    dissolved=dissolved, members=members, positions_reviewed=reviewed, watch=watch)


def _period_before(day: date) -> Optional[str]:
    """A label for the period just before ``day``'s, as a clerk would write in January."""
    if day.month == 1:
        return str(day.year - 1)
    if day.month == 7:
        return f"{day.year}H1"
    return None


@st.composite
def activity(draw: st.DrawFn, rid: str, orgs: dict[str, dict[str, Any]], triggers: list[str],
             types: tuple[str, ...] = QUALIFYING,
             days: st.SearchStrategy[date] = DAY) -> dict[str, Any]:
    rtype = draw(st.sampled_from(types))
    oid = draw(st.sampled_from(sorted(orgs)))
    day = draw(days)
    people = members_of(orgs[oid])
    lead = draw(st.none() | st.sampled_from(people)) if people else None
    participants = draw(st.lists(st.sampled_from(people), unique=True, max_size=3)) if people else []
    report = None
    if draw(st.booleans()):
        to = draw(st.sampled_from(["town", "town", "town", "county"]))
        report = (to, day + timedelta(days=draw(st.integers(0, 5) | st.integers(0, 40))))
    period = _period_before(day) if draw(st.booleans()) else None
    blocks: dict[str, Any] = {}
    if rtype == "rectification":
        blocks["rectification"] = {"items": draw(st.lists(st.sampled_from(["c1", "c2"]), min_size=1, unique=True))}
    responds = draw(st.lists(st.sampled_from(triggers), max_size=1)) if triggers else []
    return record_data(
        rid, rtype, oid, day, draw(st.sampled_from([TOPIC_TITLE, PLAIN_TITLE])),
        period=period, lead=lead, participants=participants or None,
        topics=draw(st.none() | st.just(["网络舆情"]) | st.just(["集体经济"])),
        evidence=draw(st.booleans() | st.just(True)), report=report, responds_to=responds or None, **blocks,
    )


@st.composite
def trigger(draw: st.DrawFn, rid: str, branches: list[str], days: st.SearchStrategy[date] = DAY) -> dict[str, Any]:
    kind = draw(st.sampled_from(["directive", "incident", "inspection"]))
    day = draw(days)
    if kind == "directive":
        applies: Any = draw(st.just("all") | st.lists(st.sampled_from(branches), min_size=1, unique=True))
        block: dict[str, Any] = {"issuer": "县委宣传部", "applies_to": applies}
        deadline = draw(st.none() | st.integers(0, 40))
        if deadline is not None:
            block["deadline_days"] = deadline
        return record_data(rid, "directive", "town", day, "上级通知", directive=block)
    if kind == "incident":
        incident = {"category": draw(st.sampled_from(["public_opinion", "public_event"])),
                    "level": draw(st.sampled_from(["general", "major"]))}
        return record_data(rid, "incident", draw(st.sampled_from(branches)), day, "网络舆情事件", incident=incident)
    half = Period.containing("half", day)
    corrections = [
        {"id": c, "text": f"整改 {c}", "deadline": (day + timedelta(days=draw(st.integers(0, 90)))).isoformat()}
        for c in draw(st.lists(st.sampled_from(["c1", "c2"]), unique=True, max_size=2))
    ]
    inspection: dict[str, Any] = {
        "target": draw(st.sampled_from(branches)),
        "period": draw(st.sampled_from([half.label, half.previous().label])),
        "methods": ["on_site"],
    }
    if corrections:
        inspection["corrections"] = corrections
    return record_data(rid, "inspection", "town", day, "半年检查", inspection=inspection)


RESPONSES = {
    "directive": ("directive_study", "special_study", "group_study", "portfolio_meeting"),
    "incident": ("incident_report", "incident_response"),
    "inspection": ("rectification",),
}


def _targets(t: dict[str, Any], branches: list[str]) -> list[str]:
    if t["type"] == "directive":
        applies = t["directive"]["applies_to"]
        return branches if applies == "all" else list(applies)
    if t["type"] == "inspection":
        return [t["inspection"]["target"]]
    return [t["organization"]]


@st.composite
def datasets(draw: st.DrawFn) -> tuple[Dataset, date]:
    """A dataset and an as-of date; most records fall in one year near the as-of date."""
    year = draw(st.sampled_from([2025, 2026, 2027]))
    focus = st.dates(date(year, 1, 1), date(year + 1, 1, 31))
    days = focus | DAY
    n = draw(st.integers(1, 2))
    branches = {oid: draw(branch(oid)) for oid in BRANCHES[:n]}
    names = sorted(branches)
    triggers = [draw(trigger(f"t-{i}", names, days)) for i in range(draw(st.integers(0, 3)))]
    trigger_ids = [t["id"] for t in triggers]
    records = [draw(activity(f"r-{i}", branches, trigger_ids, days=days)) for i in range(draw(st.integers(0, 14)))]
    for t in triggers:  # answers, mostly soon after
        for oid in _targets(t, names):
            if draw(st.booleans()):
                day = date.fromisoformat(t["date"]) + timedelta(days=draw(st.integers(0, 3) | st.integers(0, 25)))
                people = members_of(branches[oid])
                rtype = draw(st.sampled_from(RESPONSES[t["type"]]))
                blocks: dict[str, Any] = {"rectification": {"items": ["c1"]}} if rtype == "rectification" else {}
                records.append(record_data(
                    f"a-{t['id']}-{oid}", rtype, oid, day, TOPIC_TITLE, responds_to=[t["id"]],
                    lead=draw(st.sampled_from(people)), participants=people, **blocks,
                ))
    for i in range(draw(st.integers(0, 2))):  # lectures, approved before, after, or not at all
        oid = draw(st.sampled_from(names))
        day = draw(focus)
        approval = draw(st.none() | st.integers(-10, 5))
        if approval is not None:
            result = draw(st.sampled_from(["approved", "filed", "rejected"]))
            records.append(record_data(f"ap-{i}", "approval", oid, day + timedelta(days=approval), "审核报备",
                                       approval={"approver": "镇党委宣传办", "result": result}))
        records.append(record_data(f"lec-{i}", "lecture", oid, day, "讲座",
                                   lecture={"form": "讲座", **({"approval": f"ap-{i}"} if approval is not None else {})}))
    plain = [r for r in records if r["type"] in QUALIFYING]
    amend: bool = draw(st.booleans())
    if plain and amend:  # an amendment of one of them
        target = draw(st.sampled_from(plain))
        fixed = draw(activity("r-amend", branches, trigger_ids, (target["type"],)))
        fixed["amends"] = {"record": target["id"], "reason": "更正标题"}
        records.append(fixed)
    as_of = draw(st.dates(max(date(2025, 1, 1), date(year, 1, 1)), min(date(2027, 12, 31), date(year + 1, 6, 30))) | AS_OF)
    return dataset([PLAN], [town_data(), *branches.values()], triggers + records), as_of


def extra_record(ds: Dataset) -> st.SearchStrategy[dict[str, Any]]:
    orgs = {o.id: {"members": [{"id": t.member_id} for t in o.terms]} for o in ds.organizations if o.id != "town"}
    triggers = [r.id for r in ds.records if r.type in ("directive", "incident", "inspection")]
    return activity("extra", orgs, triggers, QUALIFYING)


def run(ds: Dataset, as_of: date) -> StatusReport:
    return status(ds, as_of)


# -- the invariants -----------------------------------------------------------------------


@PROPS
@given(datasets(), st.data())
def test_adding_a_qualifying_record_never_makes_anything_worse(case: tuple[Dataset, date], data: st.DataObject) -> None:
    ds, as_of = case
    extra = Record.from_data(data.draw(extra_record(ds)))
    before = by_key(run(ds, as_of))
    after = by_key(run(dataclasses.replace(ds, records=ds.records + (extra,)), as_of))
    assert before.keys() == after.keys()
    for k, old in before.items():
        new = after[k].status
        if old.status in FIXED:
            assert new == old.status, (k, old.status, new)
        else:
            assert RANK[new] >= RANK[old.status], (k, old.status, new, after[k].note)


@PROPS
@given(datasets(), st.integers(1, 400))
def test_a_later_date_never_reopens_what_was_overdue(case: tuple[Dataset, date], step: int) -> None:
    ds, first = case
    then = by_key(run(ds, first))
    later = by_key(run(ds, first + timedelta(days=step)))
    for k, old in then.items():
        if old.status in ("overdue", "missing") and k in later:
            assert later[k].status not in ("open", "due_soon"), (k, old, later[k])


@PROPS
@given(datasets())
def test_one_entry_per_subject_obligation_period_and_trigger(case: tuple[Dataset, date]) -> None:
    ds, as_of = case
    report = run(ds, as_of)
    keys = [key(e) for e in report.entries]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates


@PROPS
@given(datasets())
def test_status_json_validates_against_its_schema(case: tuple[Dataset, date]) -> None:
    ds, as_of = case
    payload = to_json(run(ds, as_of), ds, labels())
    assert schema_errors(payload) == []
    assert payload["as_of"] == as_of.isoformat()
    assert sum(payload["town"]["counts"].values()) == len(payload["entries"])


def _truncate(ds: Dataset, as_of: date) -> Dataset:
    """What a clerk could have known on ``as_of``: nothing dated later."""

    def cut(day: Optional[date]) -> Optional[date]:
        return day if day is not None and day <= as_of else None

    orgs = []
    for o in ds.organizations:
        if o.founded > as_of:
            continue
        terms = tuple(dataclasses.replace(t, end=cut(t.end)) for t in o.terms if t.start <= as_of)
        orgs.append(dataclasses.replace(
            o, dissolved=cut(o.dissolved), terms=terms,
            positions_reviewed=tuple(x for x in o.positions_reviewed if x <= as_of),
            public_opinion_watch=cut(o.public_opinion_watch),
        ))
    records = tuple(
        dataclasses.replace(r, report=r.report if r.report is None or r.report.submitted_on <= as_of else None)
        for r in ds.records if r.date <= as_of
    )
    return dataclasses.replace(ds, organizations=tuple(orgs), records=records)


@PROPS
@given(datasets())
def test_a_past_date_gives_the_status_as_it_stood_then(case: tuple[Dataset, date]) -> None:
    ds, as_of = case
    assert run(ds, as_of) == run(_truncate(ds, as_of), as_of)


@PROPS
@given(datasets())
def test_each_status_is_consistent_with_its_fields(case: tuple[Dataset, date]) -> None:
    ds, as_of = case
    report = run(ds, as_of)
    visible = {r.id: r for r in ds.records if r.date <= as_of}
    for e in report.entries:
        ob = OBLIGATIONS[e.obligation]
        assert e.status in STATUSES
        assert e.period_start <= e.period_end
        assert e.period_start <= as_of  # no period that has not begun
        assert set(e.records) <= visible.keys() and set(e.incomplete_records) <= visible.keys()
        assert not set(e.records) & set(e.incomplete_records)
        if ob.kind == "judged":
            assert e.status in ("by_inspection", "not_applicable")
        if ob.kind == "precondition":
            assert e.status in ("met", "incomplete", "not_applicable")
        if e.status in ("met", "met_late"):
            assert e.completed_on is not None and e.completed_on <= as_of
            assert e.done >= e.required
        if e.status == "met_late":
            assert e.due is not None and e.completed_on is not None and e.completed_on > e.due
        if e.status == "met" and ob.kind != "standing" and e.due is not None:
            assert e.completed_on is not None and e.completed_on <= e.due
        if e.status in ("open", "due_soon"):
            assert e.due is not None and as_of <= e.due
            assert (e.status == "due_soon") == ((e.due - as_of).days <= PLAN.settings.due_soon_days)
        if e.status in ("overdue", "missing", "incomplete") and ob.kind in ("quota", "deliverable", "triggered", "coverage"):
            assert e.due is not None and e.due < as_of
        if e.status in ("overdue", "incomplete") and ob.kind in ("quota", "deliverable"):
            assert e.records or e.incomplete_records  # something was recorded
        if e.status == "missing" and ob.kind in ("quota", "deliverable"):
            assert not e.records and not e.incomplete_records
        if e.status in ("not_applicable", "overdue", "missing", "incomplete", "open", "due_soon"):
            assert e.note
        if e.status == "met_late" and ob.kind != "coverage":  # coverage: see test_engine_registry.py
            assert e.note


@PROPS
@given(datasets())
def test_a_plain_quota_is_met_late_only_through_a_record_for_an_earlier_period(case: tuple[Dataset, date]) -> None:
    ds, as_of = case
    """Without a report to wait for or a fixed due day, records dated in a period are on time."""
    records = {r.id: r for r in ds.records}
    for e in run(ds, as_of).entries:
        ob = OBLIGATIONS[e.obligation]
        if ob.kind == "quota" and ob.report_to is None and ob.due_on is None and e.status == "met_late":
            assert any(records[r].period is not None for r in e.records), e


@PROPS
@given(datasets())
def test_organisations_owe_only_while_they_exist(case: tuple[Dataset, date]) -> None:
    ds, as_of = case
    orgs: dict[str, Organization] = {o.id: o for o in ds.organizations}
    for e in run(ds, as_of).entries:
        org = orgs[e.organization]
        assert org.founded <= as_of
        assert org.founded <= e.period_end
        if org.dissolved is not None and org.dissolved <= as_of:
            assert e.period_start <= org.dissolved
        if e.member is not None and e.trigger is None:
            terms: list[Term] = [t for t in org.terms if t.member_id == e.member]
            assert any(t.start <= min(e.period_end, as_of) and (t.end is None or t.end >= e.period_start) for t in terms)
