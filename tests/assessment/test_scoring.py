"""Score computation against hand-worked rubrics: deductions, caps, late and incomplete
items, grade edges, manual items and adjustments, the assessor's record.

The status is written by hand (``Entry`` objects), so every number here can be checked on
paper; one test at the end runs the example county rubric on the demo data.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Optional

import pytest

from ysxt_build.assessment.scoring import (
    Names,
    ScoreCard,
    assessment_records,
    compare,
    fmt_points,
    grade_for,
    propose_score,
    rubric_problems,
    score_rows,
)
from ysxt_build.records.model import Record, Rubric
from ysxt_build.status.model import Entry, StatusReport

AS_OF = date(2026, 2, 5)
ORG = "qingshan-village"


def rubric(*indicators: dict[str, Any], total: float = 100) -> Rubric:
    return Rubric.from_data({
        "id": "test-rubric",
        "title": "测试考评方案",
        "plan": "xx-town-2025",
        "effective_from": "2025-01-01",
        "total": total,
        "indicators": list(indicators),
        "grades": [
            {"grade": "较好", "min": 80},
            {"grade": "好", "min": 90},  # deliberately out of order: bands are sorted
            {"grade": "一般", "min": 60},
            {"grade": "差", "min": 0},
        ],
    })


def entry(
    obligation: str,
    status: str,
    period: str = "2025",
    org: str = ORG,
    member: Optional[str] = None,
    required: int = 1,
    done: int = 0,
    trigger: Optional[str] = None,
    records: tuple[str, ...] = (),
    incomplete_records: tuple[str, ...] = (),
    note: str = "",
    due: Optional[date] = None,
) -> Entry:
    starts = {"2025": (date(2025, 1, 1), date(2025, 12, 31)), "2025H1": (date(2025, 1, 1), date(2025, 6, 30)),
              "2025H2": (date(2025, 7, 1), date(2025, 12, 31)), "2026": (date(2026, 1, 1), date(2026, 12, 31)),
              "2024": (date(2024, 1, 1), date(2024, 12, 31))}
    start, end = starts[period]
    return Entry(
        obligation=obligation, plan="xx-town-2025", organization=org, period=period, period_start=start,
        period_end=end, status=status, member=member, required=required, done=done, trigger=trigger,
        records=records, incomplete_records=incomplete_records, note=note, due=due or end,
    )


def report(*entries: Entry) -> StatusReport:
    return StatusReport(as_of=AS_OF, entries=tuple(entries))


def only(card: ScoreCard, indicator: str) -> Any:
    return next(s for s in card.indicators if s.indicator.id == indicator)


STUDY = {"id": "study", "title": "专题研究", "points": 10, "obligations": ["org-special-study"],
         "deduct": {"per_missing": 2, "per_late": 1}}
MANUAL = {"id": "direction", "title": "把握政治方向", "points": 6, "manual": True}


# -- deductions -------------------------------------------------------------------------------


def test_shortfall_times_per_missing() -> None:
    # required 2, done 0 (missing): 2 × 2 = 4; the next year's entry and another org's do not count
    card = propose_score(rubric(STUDY, {**MANUAL, "points": 90}), report(
        entry("org-special-study", "missing", required=2, done=0, note="未开展专题研究会议（应至少 2 次），已于 2025-12-31 截止"),
        entry("org-special-study", "missing", period="2026", required=2),
        entry("org-special-study", "missing", org="liushu-village", required=2),
    ), ORG, 2025, names=Names(obligations={"org-special-study": "每年至少两次专题研究意识形态工作"}))
    s = only(card, "study")
    assert s.deducted == 4 and s.score == 6 and not s.capped
    (d,) = s.deductions
    assert (d.count, d.rate, d.points, d.status) == (2, 2.0, 4.0, "missing")
    assert d.explanation == (
        "2025年“每年至少两次专题研究意识形态工作”未开展（应 2 次，完成 0 次，缺 2 次 × 2 分），"
        "扣 4 分：未开展专题研究会议（应至少 2 次），已于 2025-12-31 截止"
    )


def test_overdue_traces_the_records_that_exist() -> None:
    card = propose_score(rubric(STUDY), report(
        entry("org-special-study", "overdue", required=2, done=1, records=("2025-qingshan-village-zyyj-01",)),
    ), ORG, 2025)
    (d,) = card.deductions
    assert d.points == 2 and d.count == 1
    assert d.records == ("2025-qingshan-village-zyyj-01",)


def test_triggered_missing_counts_once_and_names_the_trigger() -> None:
    ind = {"id": "relay", "title": "传达学习", "points": 10, "obligations": ["org-directive-study"],
           "deduct": {"per_missing": 2}}
    rect = {"id": "rect", "title": "整改", "points": 4, "obligations": ["org-rectification"], "deduct": {"per_missing": 2}}
    card = propose_score(rubric(ind, rect), report(
        entry("org-directive-study", "missing", period="2025H2", trigger="2025-town-sjbs-03"),
        entry("org-rectification", "missing", period="2025H2", trigger="2025-town-jc-01#c2"),
    ), ORG, 2025)
    relay, fix = only(card, "relay"), only(card, "rect")
    assert relay.deducted == 2 and relay.deductions[0].missing_of == ("2025-town-sjbs-03",)
    assert fix.deducted == 2 and fix.deductions[0].missing_of == ("2025-town-jc-01",)


def test_standing_condition_missing_counts_one_per_period() -> None:
    ind = {"id": "watch", "title": "舆情机制", "points": 8, "obligations": ["org-opinion-watch"],
           "deduct": {"per_missing": 2}}
    card = propose_score(rubric(ind), report(
        entry("org-opinion-watch", "missing", period="2025H1", required=0),
        entry("org-opinion-watch", "missing", period="2025H2", required=0),
    ), ORG, 2025)
    assert only(card, "watch").deducted == 4
    assert [d.count for d in card.deductions] == [1, 1]


def test_per_late_and_per_incomplete() -> None:
    ind = {"id": "self", "title": "专题自查", "points": 10, "obligations": ["org-self-inspection"],
           "deduct": {"per_missing": 5, "per_late": 2, "per_incomplete": 3}}
    card = propose_score(rubric(ind), report(
        entry("org-self-inspection", "met_late", period="2025H1", done=1, records=("r-late",)),
        entry("org-self-inspection", "incomplete", period="2025H2", incomplete_records=("r-draft",)),
    ), ORG, 2025)
    s = only(card, "self")
    assert [(d.status, d.points, d.records) for d in s.deductions] == [
        ("met_late", 2.0, ("r-late",)),
        ("incomplete", 3.0, ("r-draft",)),
    ]
    assert s.deducted == 5 and s.score == 5


def test_a_rate_of_zero_deducts_nothing() -> None:
    card = propose_score(rubric(STUDY), report(entry("org-special-study", "incomplete")), ORG, 2025)
    assert card.deductions == () and only(card, "study").score == 10


def test_met_open_by_inspection_and_not_applicable_deduct_nothing() -> None:
    card = propose_score(rubric(STUDY), report(
        entry("org-special-study", "met", done=2, required=2),
        entry("org-special-study", "by_inspection", period="2025H1"),
        entry("org-special-study", "not_applicable", period="2025H2"),
    ), ORG, 2025)
    assert card.deductions == () and only(card, "study").score == 10


def test_entries_not_yet_due_are_pending_not_deducted() -> None:
    pending = entry("org-special-study", "due_soon", required=2, done=1)
    card = propose_score(rubric(STUDY), report(pending), ORG, 2025)
    assert card.deductions == ()
    assert only(card, "study").pending == (pending,)
    assert card.pending == (pending,)


def test_member_entries_are_counted_across_the_leading_group() -> None:
    ind = {"id": "members", "title": "一岗双责", "points": 12, "obligations": ["member-supervision", "member-duty-report"],
           "deduct": {"per_missing": 1, "per_late": 0.5}}
    card = propose_score(rubric(ind), report(
        entry("member-supervision", "missing", period="2025H1", member="m-zhang-wei"),
        entry("member-supervision", "missing", period="2025H2", member="m-zhang-wei"),
        entry("member-supervision", "met_late", period="2025H1", member="m-chen-fang", done=1),
        entry("member-duty-report", "missing", member="m-chen-fang"),
    ), ORG, 2025, names=Names(members={"m-zhang-wei": "张伟"}))
    s = only(card, "members")
    assert s.deducted == 3.5 and s.score == 8.5
    assert [d.member for d in s.deductions] == ["m-zhang-wei", "m-zhang-wei", "m-chen-fang", "m-chen-fang"]
    assert "班子成员张伟，" in s.deductions[0].explanation  # by name: the explanation goes to the leading body
    assert "班子成员m-chen-fang，" in s.deductions[2].explanation
    namesakes = Names(members={"m-zhang-wei": "张伟", "m-zhang-wei-2": "张伟"})
    assert namesakes.member("m-zhang-wei-2") == "张伟（m-zhang-wei-2）"  # only two of one name need the id


# -- caps ---------------------------------------------------------------------------------


def test_cap_limits_the_deduction() -> None:
    ind = {"id": "relay", "title": "传达学习", "points": 10, "obligations": ["org-directive-study"],
           "deduct": {"per_missing": 2}, "cap": 5}
    card = propose_score(rubric(ind), report(*(
        entry("org-directive-study", "missing", period="2025H1", trigger=f"t{i}") for i in range(4)
    )), ORG, 2025)
    s = only(card, "relay")
    assert (s.uncapped, s.deducted, s.score, s.capped) == (8, 5, 5, True)


def test_without_a_cap_the_points_are_the_limit() -> None:
    card = propose_score(rubric(STUDY), report(*(
        entry("org-special-study", "missing", required=2, period=p) for p in ("2025", "2025H1", "2025H2")
    )), ORG, 2025)
    s = only(card, "study")
    assert (s.uncapped, s.deducted, s.score) == (12, 10, 0)


def test_a_cap_above_the_points_still_stops_at_zero() -> None:
    ind = {**STUDY, "cap": 15}
    card = propose_score(rubric(ind), report(*(
        entry("org-special-study", "missing", required=2, period=p) for p in ("2025", "2025H1", "2025H2")
    )), ORG, 2025)
    assert only(card, "study").score == 0


# -- grades ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "grade"), [
    (100, "好"), (90, "好"), (89.99, "较好"), (89.5, "较好"), (80, "较好"), (79.5, "一般"), (60, "一般"), (59.5, "差"), (0, "差"),
])
def test_grade_bands(score: float, grade: str) -> None:
    assert grade_for(rubric(STUDY), score) == grade


@pytest.mark.parametrize(("late", "total", "grade"), [(20, 90, "好"), (21, 89.5, "较好")])
def test_grade_edges_through_the_score(late: int, total: float, grade: str) -> None:
    ind = {"id": "all", "title": "全部", "points": 100, "obligations": ["member-supervision"], "deduct": {"per_late": 0.5}}
    card = propose_score(rubric(ind), report(*(
        entry("member-supervision", "met_late", member=f"m-{i}", done=1) for i in range(late)
    )), ORG, 2025)
    assert (card.total, card.grade, card.complete) == (total, grade, True)


def test_float_sums_are_rounded() -> None:
    ind = {"id": "all", "title": "全部", "points": 100, "obligations": ["member-supervision"], "deduct": {"per_late": 0.1}}
    card = propose_score(rubric(ind), report(*(
        entry("member-supervision", "met_late", member=f"m-{i}", done=1) for i in range(3)
    )), ORG, 2025)
    assert card.total == 99.7 and fmt_points(card.total) == "99.7"


# -- manual items and adjustments ---------------------------------------------------------------


def test_manual_items_pending_until_scored() -> None:
    card = propose_score(rubric({**STUDY, "points": 94}, MANUAL), report(), ORG, 2025)
    s = only(card, "direction")
    assert s.score is None and not card.complete
    assert card.total == 94 and card.unscored_points == 6


def test_manual_scores_and_adjustments_from_the_record() -> None:
    block = {
        "manual": [{"indicator": "direction", "score": 5, "reason": "检查情况较好"}],
        "adjustments": [
            {"indicator": "study", "points": 2, "reason": "第二次专题研究会议记录在档案中，补登前按已开展计"},
            {"indicator": "direction", "points": -1, "reason": "舆论引导不够及时"},
        ],
    }
    card = propose_score(rubric({**STUDY, "points": 94}, MANUAL), report(
        entry("org-special-study", "overdue", required=2, done=1),
    ), ORG, 2025, assessment=block, record_id="2026-town-assessment-01")
    study, direction = only(card, "study"), only(card, "direction")
    assert (study.deducted, study.score) == (2, 94)
    assert (direction.score, direction.manual_reason) == (4, "检查情况较好")
    assert card.total == 98 and card.grade == "好" and card.complete
    assert card.record == "2026-town-assessment-01" and card.problems == ()


def test_scores_stay_within_the_points_and_say_so() -> None:
    block = {
        "manual": [{"indicator": "direction", "score": 9}],
        "adjustments": [{"indicator": "study", "points": 5, "reason": "多加"}, {"indicator": "nope", "points": 1, "reason": "x"}],
    }
    card = propose_score(rubric({**STUDY, "points": 94}, MANUAL), report(), ORG, 2025, assessment=block)
    assert only(card, "direction").score == 6
    assert only(card, "study").score == 94
    assert card.problems == (
        "人工评分项“把握政治方向”得 9 分，超过分值 6 分，按 6 分计",
        "调整项“nope”不是考评方案 test-rubric 的指标，未计入",
        "指标“专题研究”调整后为 99 分，超出 0–94 分，按 94 分计",
    )


def test_manual_score_for_an_automatic_indicator_is_refused() -> None:
    card = propose_score(rubric(STUDY), report(), ORG, 2025, assessment={"manual": [{"indicator": "study", "score": 3}]})
    assert only(card, "study").score == 10
    assert card.problems == ("指标“专题研究”（study）自动计分，不需人工评分；如要改动请写在 adjustments 中，此项未计入",)


# -- the assessor's record ----------------------------------------------------------------------


def assessment_record(record_id: str, day: str, score: float, grade: str, **extra: Any) -> Record:
    return Record.from_data({
        "id": record_id, "type": "assessment", "organization": "town", "date": day, "title": "考核",
        "assessment": {"target": ORG, "year": 2025, "rubric": "test-rubric", "score": score, "grade": grade,
                       "signed_off_by": "镇党委会议"},
        **extra,
    })


def test_assessment_records_amendments_and_dates() -> None:
    first = assessment_record("2026-town-assessment-01", "2026-01-20", 88, "较好")
    fixed = assessment_record("2026-town-assessment-01-gz1", "2026-01-25", 90, "好",
                              amends={"record": "2026-town-assessment-01", "reason": "分数录错"})
    later = assessment_record("2026-town-assessment-02", "2026-03-01", 70, "一般")
    found = assessment_records([first, fixed, later], AS_OF)
    assert found[(ORG, 2025)].id == "2026-town-assessment-01-gz1"
    assert assessment_records([first], date(2026, 1, 19)) == {}


def test_compare_recorded_with_proposed() -> None:
    card = propose_score(rubric(STUDY, {**MANUAL, "points": 90}), report(entry("org-special-study", "overdue", required=2, done=1)),
                         ORG, 2025, assessment={"manual": [{"indicator": "direction", "score": 80}]})
    assert (card.total, card.grade) == (88, "较好")
    same = compare(card, assessment_record("a-01", "2026-01-20", 88, "较好"))
    assert (same.score_difference, same.grade_differs, same.grade_fits_score, same.rubric_differs) == (0, False, True, False)
    other = compare(card, assessment_record("a-02", "2026-01-20", 90.5, "较好"))
    assert (other.score_difference, other.grade_differs, other.grade_fits_score) == (2.5, False, False)


def test_rubric_problems() -> None:
    from ysxt_build.records.model import Plan

    plan = Plan.from_data({
        "id": "xx-town-2025", "title": "方案", "issuer": "town", "effective_from": "2025-01-01",
        "clauses": [{"ref": "一", "text": "x"}],
        "obligations": [{"id": "org-special-study", "clause": "一", "title": "专题研究", "kind": "quota",
                         "subject": {"level": "organization"}, "qualifies": {"types": ["special_study"]}}],
    })
    bad = rubric(STUDY, {**STUDY, "id": "other", "obligations": ["org-nope"]})
    assert rubric_problems(bad, [plan]) == [
        "指标“专题研究”（other）引用的责任事项“org-nope”不在实施方案 xx-town-2025 中",
        "考评方案 test-rubric 各指标分值合计 20 分，与满分 100 分不符",
    ]
    assert rubric_problems(rubric({**STUDY, "points": 100}), []) == ["考评方案 test-rubric 对应的实施方案“xx-town-2025”不存在"]


# -- the example county rubric on the demo data -------------------------------------------------


def test_example_rubric_on_the_demo_data() -> None:
    from ysxt_build.status.pipeline import compute_repository

    computed = compute_repository(Path(__file__).resolve().parents[2], AS_OF, use_cache=False)
    ds = computed.dataset
    (county,) = ds.rubrics
    assert county.id == "xx-county-2025" and county.total == 100
    assert rubric_problems(county, ds.plans) == []
    assert [g.grade for g in county.grades] == ["好", "较好", "一般", "差"]
    rows = {r.card.organization: r for r in score_rows(ds, computed.report, 2025)}
    assert "town" not in rows and len(rows) == 10
    liushu = rows["liushu-village"].card
    (d,) = liushu.deductions
    assert (d.indicator, d.points, d.records) == ("special-study", 5.0, ("2025-liushu-village-zyyj-01",))
    assert liushu.total == 81 and liushu.unscored_points == 14 and liushu.pending == ()
    assert rows["heping-community-1"].card.total == 82
    assert rows["qingshan-village"].card.total == 86


# -- portal pages: inspections and assessments ----------------------------------------------------


def _dataset() -> Any:
    from ysxt_build.records.model import Dataset, Organization

    orgs = tuple(Organization.from_data({"id": i, "name": n, "kind": k, "founded": "2000-01-01"}) for i, n, k in (
        ("town", "中共XX镇委员会", "town_committee"), (ORG, "青山村党总支", "general_branch"),
        ("liushu-village", "柳树村<党支部>", "branch"),
    ))
    inspections = (
        Record.from_data({
            "id": "2025-town-jc-01", "type": "inspection", "organization": "town", "date": "2025-07-20", "title": "检查",
            "inspection": {"target": ORG, "period": "2025H1", "methods": ["on_site", "files"], "conclusion": "fair",
                           "findings": ["讲座未报备。", "台账不全"],
                           "corrections": [{"id": "c1", "text": "补办报备", "deadline": "2025-09-30"}]},
        }),
        Record.from_data({
            "id": "2025-town-jc-02", "type": "inspection", "organization": "town", "date": "2025-07-21", "title": "检查",
            "inspection": {"target": "liushu-village", "period": "2025H1", "methods": ["hearing"], "conclusion": "poor",
                           "findings": ["<script>alert(1)</script>"]},
        }),
        Record.from_data({
            "id": "2025-town-jc-02-gz1", "type": "inspection", "organization": "town", "date": "2025-07-22", "title": "检查（更正）",
            "amends": {"record": "2025-town-jc-02", "reason": "结论录错"},
            "inspection": {"target": "liushu-village", "period": "2025H1", "methods": ["hearing"], "conclusion": "good",
                           "findings": ["<script>alert(1)</script>"]},
        }),
    )
    from tests.builders.engine import real_vocabulary  # the town's words: 镇党委

    return Dataset(organizations=orgs, records=inspections, vocabularies=(real_vocabulary(),))


def test_inspections_page() -> None:
    from ysxt_build.portal.pages_assessment import inspections_page

    rep = StatusReport(as_of=date(2025, 10, 8), entries=(
        entry("town-inspection", "met", period="2025H1", org="town", required=2, done=2),
        entry("org-rectification", "overdue", period="2025H2", trigger="2025-town-jc-01#c1", due=date(2025, 9, 30),
              note="整改要求“补办报备”（检查），期限 2025-09-30"),
    ))
    page = inspections_page(_dataset(), rep, {"on_site": "实地检查", "hearing": "听取汇报", "files": "查阅资料"},
                            {"good": "好", "fair": "较好", "poor": "差"})
    lines = page.splitlines()
    assert lines[0] == "# 半年检查 { #inspections }"
    assert "## 2025年上半年 { #h-2025h1 }" in lines
    assert '镇党委本期检查覆盖：<span class="ysxt-st ysxt-met">✔ 已完成</span>　已检查 2 个，应检查 2 个' in lines
    assert "| 柳树村&#60;党支部&#62; | 2025-07-22 | 听取汇报 | 好 | &#60;script&#62;alert&#40;1&#41;&#60;/script&#62;。 | — |" in lines
    assert "| 青山村党总支 | 2025-07-20 | 实地检查、查阅资料 | 较好 | 讲座未报备；台账不全。 | 1 |" in lines
    assert "<script>" not in page and "2025-07-21" not in page  # the amended record is replaced
    i = lines.index("## 未完成的整改 { #open-corrections }")
    assert lines[i + 4] == (
        '| 青山村党总支 | 整改要求“补办报备”（检查），期限 2025-09-30 | 2025-09-30 | <span class="ysxt-st ysxt-overdue">✖ 已逾期</span> |'
    )


def test_assessments_page() -> None:
    from ysxt_build.assessment.scoring import ScoreRow
    from ysxt_build.portal.pages_assessment import assessments_page

    r = rubric(STUDY, {**MANUAL, "points": 90})
    done = propose_score(r, report(entry("org-special-study", "overdue", required=2, done=1, note="还差 1 次")), ORG, 2025,
                         assessment={"manual": [{"indicator": "direction", "score": 90}]})
    pending = propose_score(r, report(), "liushu-village", 2025)
    recorded = compare(done, assessment_record("2026-town-assessment-01", "2026-01-20", 98, "好"))
    page = assessments_page([(2025, [ScoreRow(done, "青山村党总支", recorded), ScoreRow(pending, "柳树村<党支部>")])])
    lines = page.splitlines()
    assert "## 2025年度 { #y-2025 }" in lines
    assert "| 青山村党总支 | 98 | 好 | 98 | 好 | 2 |" in lines
    assert "| 柳树村&#60;党支部&#62; | 10（另有 90 分待人工评分） | 待评定 | — | — | 0 |" in lines
    assert '<p class="ysxt-chart-text">好 1 个；较好 0 个；一般 0 个；差 0 个；待评定 1 个</p>' in page
    assert '??? warning "青山村党总支：扣 2 分"' in lines
    assert "    - 2025年“org-special-study”已逾期（应 2 次，完成 1 次，缺 1 次 × 2 分），扣 2 分：还差 1 次" in lines
    assert "<党支部>" not in page
