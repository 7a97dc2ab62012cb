"""Accountability: situations from the plan, responses from the schema, cases and counts per
organisation, duties that may fall under a situation (never decided), and the portal page
that shows no names unless the plan turns them on."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ysxt_build.assessment.accountability import (
    Flag,
    by_organization,
    cases,
    names_shown,
    outcome_text,
    possible_situations,
    responses,
    situations,
    situations_for,
)
from ysxt_build.portal.pages_assessment import accountability_page
from ysxt_build.records.model import Dataset, Organization, Plan, Record, bind
from ysxt_build.records.schemas import SchemaSet
from ysxt_build.records.strict_yaml import load_text
from ysxt_build.records.vocabulary import Vocabulary
from ysxt_build.status.model import Entry, StatusReport

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plan() -> Plan:
    """The demo's plan in the words of its vocabulary (镇党委), as a repository reads it."""
    data, _ = load_text((PROJECT / "records/plans/xx-town-2025.yaml").read_text(encoding="utf-8"))
    words, _ = load_text((PROJECT / "records/vocabularies/xx-town.yaml").read_text(encoding="utf-8"))
    return bind(Plan.from_data(data), Vocabulary.from_data(words))


@pytest.fixture(scope="module")
def ladder() -> Any:
    return responses((c.value, c.title) for c in SchemaSet.load().choices("record", "accountability", "response"))


def test_nine_situations_come_from_the_plan(plan: Plan) -> None:
    found = situations(plan)
    assert [s.number for s in found] == list(range(1, 10))
    texts = {c.ref: c.text for c in plan.clauses}
    assert all(s.text == texts[s.ref] for s in found)
    assert found[0].ref == "四（三）1" and found[0].label == "情形1"
    assert situations(None) == ()


def test_six_responses_come_from_the_schema(ladder: Any) -> None:
    choices = SchemaSet.load().choices("record", "accountability", "response")
    assert [(r.code, r.title, r.rank) for r in ladder] == [(c.value, c.title, i) for i, c in enumerate(choices, 1)]
    assert [r.code for r in ladder] == [
        "reminder", "criticism", "written_self_examination", "circulated_criticism",
        "organisational_handling", "disciplinary_sanction",
    ]


@pytest.mark.parametrize(("obligation", "expected"), [
    ("org-directive-study", (1,)),
    ("member-portfolio-meeting", (1,)),
    ("org-incident-report", (2, 8)),
    ("org-opinion-handling", (2, 8)),
    ("member-incident-command", (2, 8)),
    ("org-positions-register", (5, 7)),
    ("org-lecture-approval", (5, 7)),
    ("org-opinion-watch", (8,)),
    ("org-rectification", (9,)),
    ("org-special-study", ()),
    ("org-responsible-persons", ()),
    ("org-political-direction", ()),
])
def test_situations_for_each_kind_of_duty(plan: Plan, obligation: str, expected: tuple[int, ...]) -> None:
    ob = next(o for o in plan.obligations if o.id == obligation)
    assert situations_for(ob) == expected


def _entry(obligation: str, status: str, org: str = "central-school", member: str | None = None) -> Entry:
    return Entry(obligation=obligation, plan="xx-town-2025", organization=org, period="2026H2",
                 period_start=date(2026, 7, 1), period_end=date(2026, 12, 31), status=status, member=member,
                 note="“关于加强阵地建设的通知”（2026-09-15）需要传达学习，截止 2026-09-22，至今未开展")


def test_possible_situations_flag_only_late_duties(plan: Plan) -> None:
    report = StatusReport(as_of=date(2026, 11, 29), entries=(
        _entry("org-directive-study", "missing"),
        _entry("org-directive-study", "met"),
        _entry("org-directive-study", "due_soon"),
        _entry("org-special-study", "overdue"),
        _entry("org-positions-register", "overdue", org="lvyuan-tea"),
        _entry("member-portfolio-meeting", "missing", member="m-han-xue"),
    ))
    flags = possible_situations(report, [plan])
    assert [(f.entry.obligation, f.situations) for f in flags] == [
        ("org-directive-study", (1,)), ("org-positions-register", (5, 7)), ("member-portfolio-meeting", (1,)),
    ]
    assert [f.entry.organization for f in possible_situations(report, [plan], org_id="lvyuan-tea")] == ["lvyuan-tea"]
    assert possible_situations(report, [plan], year=2025) == []
    text = flags[0].text(situations(plan), "第一时间传达学习上级关于意识形态工作的精神")
    assert text == (
        "“第一时间传达学习上级关于意识形态工作的精神”2026年下半年（“关于加强阵地建设的通知”（2026-09-15）需要传达学习，"
        "截止 2026-09-22，至今未开展）：四（三）1（情形1），可能涉及，供镇党委研判"
    )
    assert all(f.wording == "可能涉及，供镇党委研判" for f in flags)


def test_a_flag_is_for_the_leading_body_of_its_plans_vocabulary(plan: Plan) -> None:
    """A county department's plan is judged by its 局党组, not by a 镇党委."""
    assert plan.vocab is not None
    department = replace(plan, vocab=replace(plan.vocab, leading_body="局党组"))
    report = StatusReport(as_of=date(2026, 11, 29), entries=(_entry("org-directive-study", "missing"),))
    (flag,) = possible_situations(report, [department])
    assert flag.wording == "可能涉及，供局党组研判"


def test_demo_data_flags_the_missing_relay(plan: Plan) -> None:
    from ysxt_build.status.pipeline import compute_repository

    computed = compute_repository(PROJECT, date(2026, 11, 29), use_cache=False)
    flags = possible_situations(computed.report, computed.dataset.plans, org_id="central-school")
    assert {(f.entry.obligation, f.entry.trigger, f.situations) for f in flags} == {
        ("org-directive-study", "2026-town-sjbs-02", (1,)),
        ("member-portfolio-meeting", "2026-town-sjbs-02", (1,)),
    }


def _case(record_id: str, target: str, situation: int, response: str, day: str, **extra: Any) -> Record:
    return Record.from_data({
        "id": record_id, "type": "accountability", "organization": "town", "date": day, "title": "问责决定",
        "accountability": {"target": target, "situation": situation, "response": response, "decided_on": day,
                           "decision_document": "X纪发〔2026〕1号", "members": ["m-zhang-wei"]},
        **extra,
    })


CASES = [
    _case("2026-town-accountability-01", "qingshan-village", 5, "circulated_criticism", "2026-03-01"),
    _case("2026-town-accountability-02", "qingshan-village", 1, "reminder", "2026-04-01"),
    _case("2026-town-accountability-03", "qingshan-village", 1, "reminder", "2026-05-01"),
    _case("2026-town-accountability-04", "liushu-village", 9, "criticism", "2026-06-01"),
    _case("2026-town-accountability-04-gz1", "liushu-village", 9, "written_self_examination", "2026-06-03",
          amends={"record": "2026-town-accountability-04", "reason": "问责方式录错"}),
    _case("2026-town-accountability-05", "liushu-village", 2, "reminder", "2026-12-01"),
]


def test_cases_counts_and_outcomes(ladder: Any) -> None:
    found = cases(CASES, date(2026, 11, 29))
    assert [c.record for c in found] == [
        "2026-town-accountability-01", "2026-town-accountability-02", "2026-town-accountability-03",
        "2026-town-accountability-04-gz1",
    ]
    summary = by_organization(found)
    assert list(summary) == ["liushu-village", "qingshan-village"]
    qs = summary["qingshan-village"]
    assert qs.count == 3 and dict(qs.by_situation) == {1: 2, 5: 1}
    assert outcome_text(qs, ladder) == "提醒 2 起、通报批评 1 起"
    assert outcome_text(summary["liushu-village"], ladder) == "责令作出书面检查 1 起"
    assert by_organization(found, year=2025) == {}


@dataclass(frozen=True)
class _Settings:
    accountability_names: bool


def test_names_are_off_unless_the_plan_turns_them_on(plan: Plan) -> None:
    assert names_shown(plan) is False
    assert names_shown(None) is False
    assert names_shown(replace(plan, settings=_Settings(True))) is True  # type: ignore[arg-type]


def _dataset() -> Dataset:
    org = Organization.from_data({
        "id": "qingshan-village", "name": "青山村党总支", "kind": "general_branch", "founded": "2003-06-01",
        "members": [{"id": "m-zhang-wei", "name": "张伟", "role": "secretary", "from": "2021-01-10"}],
    })
    return Dataset(organizations=(org,))


def test_page_shows_counts_without_names_by_default(plan: Plan, ladder: Any) -> None:
    evil = _case("2026-town-accountability-09", "qingshan-village", 4, "reminder", "2026-02-01")
    evil = replace(evil, extra=(("accountability", {**evil.block("accountability"), "decision_document": "<script>x</script>"}),))
    summary = by_organization(cases(CASES[:3] + [evil], date(2026, 11, 29)))
    flag = Flag(_entry("member-portfolio-meeting", "missing", org="qingshan-village", member="m-zhang-wei"), (1,))
    page = accountability_page(_dataset(), situations(plan), ladder, summary, [flag], as_of=date(2026, 11, 29), leading_body="镇党委")
    assert "张伟" not in page and "m-zhang-wei" not in page
    assert "| 青山村党总支 | 4 | 情形1（2 起）、情形4（1 起）、情形5（1 起） | 提醒 3 起、通报批评 1 起 |" in page
    assert "可能涉及，供镇党委研判" in page and "<script>" not in page
    assert "| 青山村党总支（班子成员 1 人） |" in page
    named = accountability_page(_dataset(), situations(plan), ladder, summary, [flag], show_names=True)
    assert "张伟" in named
    assert "<script>" not in named and "&#60;script&#62;" in named
