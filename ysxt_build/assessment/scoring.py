"""The annual assessment (年度考核): a rubric applied to the status, with every deduction traced.

Pure: :func:`propose_score` reads only its arguments (a :class:`~ysxt_build.records.model.Rubric`, a
:class:`~ysxt_build.status.model.StatusReport` from :func:`ysxt_build.status.engine.compute_status`,
an organisation and a year, and optionally the assessment record's ``assessment`` block).

Which entries count
    The organisation's entries (organisation-level and those of its leading-group members)
    of the indicator's obligations whose period lies inside the year. A triggered duty's
    period is the half year containing the trigger's date, so it counts in the year of its
    trigger. Only entries *decided* on the report's as-of date count: met, met late, overdue,
    missing, incomplete. Entries still open or due soon are listed as pending and deduct
    nothing, so the proposal is final only when it is computed after the last due date of the
    year (year-end duties have grace periods into January: ``ysxt assess`` says when).

Deductions, per entry
    overdue or missing: ``max(1, required − done) × per_missing`` (a triggered or standing
    duty counts as one); met late: ``per_late``; incomplete: ``per_incomplete``. The
    indicator loses at most ``cap`` (or its points when there is no cap), never below 0.

Manual indicators
    Scored by the assessor in the record's ``manual`` list; until then they are 待评分 and
    count 0 in the total. ``adjustments`` (with reasons) are added to an indicator's score,
    which stays between 0 and the indicator's points.

Grade
    The first band (highest ``min`` first) whose ``min`` the total reaches: with bands
    好 ≥ 90, 较好 ≥ 80, 一般 ≥ 60, 差 ≥ 0, exactly 90 is 好 and 89.5 is 较好.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping, Optional, Sequence

from ..check.integrity import rubric_findings
from ..records.model import Dataset, Indicator, Plan, Record, Rubric
from ..records.order import registry_order
from ..records.periods import Cycle, period_zh
from ..status.model import DECIDED, STATUS_ZH, Entry, StatusReport

PENDING = frozenset({"open", "due_soon"})


def fmt_points(value: float) -> str:
    """2.0 → ``2``, 0.5 → ``0.5``, 84.25 → ``84.25``."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _r(value: float) -> float:
    return round(value + 0.0, 2)


@dataclass(frozen=True)
class Deduction:
    """Points taken off one indicator for one entry of the status."""

    indicator: str
    obligation: str
    period: str
    status: str
    count: int  # how many times the rate applies (shortfall, or 1)
    rate: float  # per_missing, per_late or per_incomplete
    points: float  # count × rate, before the indicator's cap
    explanation: str  # Chinese, one line
    member: Optional[str] = None
    trigger: Optional[str] = None
    due: Optional[date] = None
    records: tuple[str, ...] = ()  # records that count (met late) or are incomplete
    missing_of: tuple[str, ...] = ()  # the trigger record a missing response was owed for
    note: str = ""  # the engine's note on the entry


@dataclass(frozen=True)
class Adjustment:
    indicator: str
    points: float
    reason: str


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator
    score: Optional[float]  # None: a manual indicator not yet scored (待评分)
    deductions: tuple[Deduction, ...] = ()
    deducted: float = 0.0  # after the cap
    uncapped: float = 0.0  # the sum of the deductions
    manual_reason: str = ""
    adjustments: tuple[Adjustment, ...] = ()
    pending: tuple[Entry, ...] = ()  # entries not yet due: not counted

    @property
    def capped(self) -> bool:
        return self.uncapped > self.deducted

    @property
    def lost(self) -> float:
        """Points below full marks (0 for an unscored manual indicator)."""
        return _r(self.indicator.points - self.score) if self.score is not None else 0.0


@dataclass(frozen=True)
class ScoreCard:
    rubric: Rubric
    organization: str
    year: int
    as_of: date
    indicators: tuple[IndicatorScore, ...]
    total: float  # unscored manual indicators count 0
    grade: Optional[str]
    record: Optional[str] = None  # the assessment record whose manual items and adjustments were used
    problems: tuple[str, ...] = ()  # Chinese: what in the record does not fit the rubric

    @property
    def complete(self) -> bool:
        """Every manual indicator has a score."""
        return all(i.score is not None for i in self.indicators)

    @property
    def unscored_points(self) -> float:
        return _r(sum(i.indicator.points for i in self.indicators if i.score is None))

    @property
    def automatic(self) -> tuple[IndicatorScore, ...]:
        return tuple(i for i in self.indicators if not i.indicator.manual)

    @property
    def manual(self) -> tuple[IndicatorScore, ...]:
        return tuple(i for i in self.indicators if i.indicator.manual)

    @property
    def deductions(self) -> tuple[Deduction, ...]:
        return tuple(d for i in self.indicators for d in i.deductions)

    @property
    def pending(self) -> tuple[Entry, ...]:
        seen: dict[tuple[str, str, str, str], Entry] = {}
        for i in self.indicators:
            for e in i.pending:
                seen.setdefault((e.obligation, e.period, e.member or "", e.trigger or ""), e)
        return tuple(seen.values())


def grade_for(rubric: Rubric, score: float) -> Optional[str]:
    """The grade band a score falls in (bands are sorted highest first)."""
    for band in sorted(rubric.grades, key=lambda g: -g.min):
        if _r(score) >= band.min:
            return band.grade
    return None


def in_year(e: Entry, year: int) -> bool:
    return e.period_start.year == year and e.period_end.year == year


@dataclass(frozen=True)
class Names:
    """How to name things in explanations (all optional; ids are shown when unknown)."""

    obligations: Mapping[str, str] = field(default_factory=dict)  # id → title
    members: Mapping[str, str] = field(default_factory=dict)  # id → name
    cycles: tuple[Cycle, ...] = ()  # the vocabularies' own periods (semesters), named in their words

    @classmethod
    def of(cls, dataset: Dataset, plan: Optional[Plan] = None) -> "Names":
        titles: dict[str, str] = {}
        plans = [plan] if plan is not None else sorted(dataset.plans, key=lambda p: p.effective_from)
        for p in plans:
            for ob in p.obligations:
                titles[ob.id] = ob.title
        members = {t.member_id: t.name for o in dataset.organizations for t in o.terms}
        return cls(titles, members, dataset.cycles)

    def member(self, member_id: str) -> str:
        """A member by name, as the explanations go to the leading body (张伟); with the id only
        where two members share the name (张伟（m-zhang-wei-2）)."""
        name = self.members.get(member_id)
        if not name:
            return member_id
        namesakes = sum(1 for other in self.members.values() if other == name)
        return f"{name}（{member_id}）" if namesakes > 1 else name


def _deduction(ind: Indicator, e: Entry, names: Names) -> Optional[Deduction]:
    if e.status in ("overdue", "missing"):
        count, rate, what = max(1, e.required - e.done), ind.per_missing, "缺"
    elif e.status == "met_late":
        count, rate, what = 1, ind.per_late, "逾期完成"
    elif e.status == "incomplete":
        count, rate, what = 1, ind.per_incomplete, "不完整"
    else:
        return None
    if rate <= 0:
        return None
    points = _r(count * rate)
    title = names.obligations.get(e.obligation, e.obligation)
    who = f"班子成员{names.member(e.member)}，" if e.member else ""
    if e.status in ("overdue", "missing"):
        if e.required > 1:
            arith = f"应 {e.required} 次，完成 {e.done} 次，缺 {count} 次 × {fmt_points(rate)} 分"
        else:
            arith = f"{what} 1 次 × {fmt_points(rate)} 分"
    else:
        arith = f"{what} 1 项 × {fmt_points(rate)} 分"
    detail = f"：{e.note}" if e.note else ""
    explanation = (
        f"{period_zh(e.period, names.cycles)}“{title}”{who}{STATUS_ZH[e.status]}"
        f"（{arith}），扣 {fmt_points(points)} 分{detail}"
    )
    if e.status == "incomplete":
        traced = e.incomplete_records
    elif e.status == "met_late":
        traced = e.records
    else:
        traced = e.records + e.incomplete_records
    missing_of = (e.trigger.split("#", 1)[0],) if e.trigger and e.status in ("overdue", "missing") else ()
    return Deduction(
        indicator=ind.id,
        obligation=e.obligation,
        period=e.period,
        status=e.status,
        count=count,
        rate=rate,
        points=points,
        explanation=explanation,
        member=e.member,
        trigger=e.trigger,
        due=e.due,
        records=traced,
        missing_of=missing_of,
        note=e.note,
    )


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def propose_score(
    rubric: Rubric,
    report: StatusReport,
    org_id: str,
    year: int,
    assessment: Optional[Mapping[str, Any]] = None,
    names: Optional[Names] = None,
    record_id: Optional[str] = None,
) -> ScoreCard:
    """The proposed score of one organisation for one year (see the module docstring).

    ``assessment`` is the ``assessment`` block of the assessor's record, if there is one:
    its ``manual`` scores and ``adjustments`` are applied. Its own ``score`` and ``grade``
    are not read here: compare them with the result (:func:`compare`).
    """
    names = names or Names()
    block = assessment or {}
    problems: list[str] = []
    known = {i.id: i for i in rubric.indicators}
    manual: dict[str, tuple[float, str]] = {}
    for item in block.get("manual") or ():
        ind_id = str(item.get("indicator", ""))
        value = _number(item.get("score"))
        ind = known.get(ind_id)
        if ind is None:
            problems.append(f"人工评分项“{ind_id}”不是考评方案 {rubric.id} 的指标，未计入")
            continue
        if not ind.manual:
            problems.append(f"指标“{ind.title}”（{ind_id}）自动计分，不需人工评分；如要改动请写在 adjustments 中，此项未计入")
            continue
        if value is None:
            problems.append(f"人工评分项“{ind.title}”（{ind_id}）没有分数")
            continue
        if ind_id in manual:
            problems.append(f"人工评分项“{ind.title}”（{ind_id}）写了两次，按第一次计")
            continue
        if value > ind.points:
            problems.append(f"人工评分项“{ind.title}”得 {fmt_points(value)} 分，超过分值 {fmt_points(ind.points)} 分，按 {fmt_points(ind.points)} 分计")
            value = ind.points
        manual[ind_id] = (value, str(item.get("reason", "") or ""))
    adjustments: dict[str, list[Adjustment]] = {}
    for item in block.get("adjustments") or ():
        ind_id = str(item.get("indicator", ""))
        value = _number(item.get("points"))
        if ind_id not in known:
            problems.append(f"调整项“{ind_id}”不是考评方案 {rubric.id} 的指标，未计入")
            continue
        if value is None:
            problems.append(f"调整项“{ind_id}”没有分值，未计入")
            continue
        adjustments.setdefault(ind_id, []).append(Adjustment(ind_id, value, str(item.get("reason", "") or "")))

    entries = [e for e in report.entries if e.organization == org_id and in_year(e, year)]
    by_obligation: dict[str, list[Entry]] = {}
    for e in entries:
        by_obligation.setdefault(e.obligation, []).append(e)

    scores: list[IndicatorScore] = []
    for ind in rubric.indicators:
        adj = tuple(adjustments.get(ind.id, ()))
        adj_sum = sum(a.points for a in adj)
        mine = [e for ob in ind.obligations for e in by_obligation.get(ob, ())]
        pending = tuple(e for e in mine if e.status in PENDING)
        if ind.manual:
            given = manual.get(ind.id)
            if given is None:
                scores.append(IndicatorScore(ind, None, adjustments=adj, pending=pending))
                continue
            raw = given[0] + adj_sum
            score = min(ind.points, max(0.0, raw))
            if adj and score != raw:
                problems.append(f"指标“{ind.title}”调整后为 {fmt_points(raw)} 分，超出 0–{fmt_points(ind.points)} 分，按 {fmt_points(score)} 分计")
            scores.append(IndicatorScore(ind, _r(score), manual_reason=given[1], adjustments=adj, pending=pending))
            continue
        deductions = []
        for e in mine:
            if e.status not in DECIDED:
                continue
            d = _deduction(ind, e, names)
            if d is not None:
                deductions.append(d)
        uncapped = _r(sum(d.points for d in deductions))
        limit = ind.points if ind.cap is None else min(ind.cap, ind.points)
        deducted = _r(min(uncapped, limit))
        raw = ind.points - deducted + adj_sum
        score = min(ind.points, max(0.0, raw))
        if adj and _r(score) != _r(raw):
            problems.append(f"指标“{ind.title}”调整后为 {fmt_points(raw)} 分，超出 0–{fmt_points(ind.points)} 分，按 {fmt_points(score)} 分计")
        scores.append(IndicatorScore(
            ind, _r(score), deductions=tuple(deductions), deducted=deducted, uncapped=uncapped,
            adjustments=adj, pending=pending,
        ))
    total = _r(sum(s.score or 0.0 for s in scores))
    return ScoreCard(
        rubric=rubric,
        organization=org_id,
        year=year,
        as_of=report.as_of,
        indicators=tuple(scores),
        total=total,
        grade=grade_for(rubric, total),
        record=record_id,
        problems=tuple(problems),
    )


# -- finding the rubric, the organisations and the assessor's record ---------------------------


def rubric_for(rubrics: Iterable[Rubric], year: int, rubric_id: Optional[str] = None) -> Optional[Rubric]:
    """The rubric named, or else the one in force on the year's last day (latest first)."""
    items = list(rubrics)
    if rubric_id is not None:
        return next((r for r in items if r.id == rubric_id), None)
    last = date(year, 12, 31)
    found = [r for r in items if r.in_force_on(last)]
    found.sort(key=lambda r: (r.effective_from, r.id))
    return found[-1] if found else None



def _vocabulary_order(dataset: Dataset) -> tuple[list[str], list[str]]:
    """The category and organisation-kind codes in the order of the dataset's vocabulary."""
    vocabulary = dataset.current_vocabulary
    if vocabulary is None:
        return [], []
    return [c.code for c in vocabulary.categories], [k.code for k in vocabulary.org_kinds]


def organizations_to_assess(rubric: Rubric, dataset: Dataset, report: StatusReport, year: int) -> list[str]:
    """Organisations of the rubric's kinds that owed anything in the year, in registry order."""
    owing = {e.organization for e in report.entries if in_year(e, year) and e.status != "not_applicable"}
    return [o.id for o in registry_order(dataset.organizations, *_vocabulary_order(dataset)) if o.kind in rubric.org_kinds and o.id in owing]


def assessment_records(records: Iterable[Record], as_of: date) -> dict[tuple[str, int], Record]:
    """The assessment record in force for each (organisation, year) on ``as_of``.

    A record that another record amends is replaced by the amendment; when several remain,
    the latest (by date, then id) stands.
    """
    visible = [r for r in records if r.date <= as_of]
    superseded = {r.amends.record for r in visible if r.amends is not None}
    found: dict[tuple[str, int], Record] = {}
    for r in sorted(visible, key=lambda r: (r.date, r.id)):
        if r.type != "assessment" or r.id in superseded:
            continue
        block = r.block("assessment")
        if not isinstance(block, Mapping):
            continue
        target, year = block.get("target"), block.get("year")
        if isinstance(target, str) and isinstance(year, int) and not isinstance(year, bool):
            found[(target, year)] = r
    return found


@dataclass(frozen=True)
class Comparison:
    """The assessor's recorded result beside the proposal."""

    record: str
    score: Optional[float]
    grade: Optional[str]
    signed_off_by: str
    score_difference: Optional[float]  # recorded − proposed
    grade_differs: bool
    grade_fits_score: bool  # the recorded grade is the band of the recorded score
    rubric_differs: bool


def compare(card: ScoreCard, record: Record) -> Comparison:
    block = record.block("assessment") or {}
    score = _number(block.get("score"))
    grade = block.get("grade") if isinstance(block.get("grade"), str) else None
    diff = _r(score - card.total) if score is not None else None
    return Comparison(
        record=record.id,
        score=score,
        grade=grade,
        signed_off_by=str(block.get("signed_off_by", "") or ""),
        score_difference=diff,
        grade_differs=grade != card.grade,
        grade_fits_score=score is not None and grade == grade_for(card.rubric, score),
        rubric_differs=block.get("rubric") != card.rubric.id,
    )


@dataclass(frozen=True)
class ScoreRow:
    """One organisation's line in a score table: the proposal and the recorded result."""

    card: ScoreCard
    org_name: str
    comparison: Optional[Comparison] = None

    @property
    def final_grade(self) -> Optional[str]:
        """The recorded grade, else the proposed one once every manual item is scored."""
        if self.comparison is not None and self.comparison.grade:
            return self.comparison.grade
        return self.card.grade if self.card.complete else None


def rubric_problems(rubric: Rubric, plans: Sequence[Plan]) -> list[str]:
    """What in a rubric does not fit its plan (the check's findings, as sentences)."""
    return [p.message for p in rubric_findings(rubric, plans) if p.code != "path.id-mismatch"]


def last_pending_due(card: ScoreCard) -> Optional[date]:
    """The latest due date among the entries not yet decided (None when all are decided)."""
    dues = [e.due for e in card.pending if e.due is not None]
    return max(dues) if dues else None


def card_json(card: ScoreCard, comparison: Optional[Comparison] = None, org_name: str = "") -> dict[str, Any]:
    """A score card as plain data (``ysxt assess --format json``)."""

    def d(value: Optional[date]) -> Optional[str]:
        return value.isoformat() if value is not None else None

    out: dict[str, Any] = {
        "organization": card.organization,
        "organization_name": org_name or card.organization,
        "year": card.year,
        "as_of": card.as_of.isoformat(),
        "rubric": card.rubric.id,
        "total": card.total,
        "grade": card.grade,
        "complete": card.complete,
        "unscored_points": card.unscored_points,
        "record": card.record,
        "problems": list(card.problems),
        "indicators": [
            {
                "id": s.indicator.id,
                "title": s.indicator.title,
                "points": s.indicator.points,
                "manual": s.indicator.manual,
                "score": s.score,
                "deducted": s.deducted,
                "uncapped": s.uncapped,
                "capped": s.capped,
                "manual_reason": s.manual_reason,
                "adjustments": [{"points": a.points, "reason": a.reason} for a in s.adjustments],
                "deductions": [
                    {
                        "obligation": x.obligation,
                        "period": x.period,
                        "member": x.member,
                        "trigger": x.trigger,
                        "status": x.status,
                        "count": x.count,
                        "rate": x.rate,
                        "points": x.points,
                        "due": d(x.due),
                        "records": list(x.records),
                        "missing_of": list(x.missing_of),
                        "explanation": x.explanation,
                    }
                    for x in s.deductions
                ],
                "pending": [
                    {"obligation": e.obligation, "period": e.period, "member": e.member, "trigger": e.trigger,
                     "status": e.status, "due": d(e.due)}
                    for e in s.pending
                ],
            }
            for s in card.indicators
        ],
    }
    if comparison is not None:
        out["recorded"] = {
            "record": comparison.record,
            "score": comparison.score,
            "grade": comparison.grade,
            "signed_off_by": comparison.signed_off_by,
            "score_difference": comparison.score_difference,
            "grade_differs": comparison.grade_differs,
            "grade_fits_score": comparison.grade_fits_score,
            "rubric_differs": comparison.rubric_differs,
        }
    return out



def score_rows(
    dataset: Dataset,
    report: StatusReport,
    year: int,
    rubric: Optional[Rubric] = None,
    org_ids: Optional[Sequence[str]] = None,
) -> list[ScoreRow]:
    """Every organisation's proposal for the year, beside its recorded assessment if any.

    The rubric is the one given, else the one in force on the year's last day; an
    organisation whose assessment record names another (existing) rubric is scored with that
    one, so that the comparison is like for like.
    """
    default = rubric or rubric_for(dataset.rubrics, year)
    if default is None:
        return []
    records = assessment_records(dataset.records, report.as_of)
    by_id = {r.id: r for r in dataset.rubrics}
    names = Names.of(dataset)
    rows: list[ScoreRow] = []
    for org_id in org_ids if org_ids is not None else organizations_to_assess(default, dataset, report, year):
        record = records.get((org_id, year))
        block = record.block("assessment") if record is not None else None
        used = default
        if rubric is None and isinstance(block, Mapping) and block.get("rubric") in by_id:
            used = by_id[str(block["rubric"])]
        card = propose_score(used, report, org_id, year, block if isinstance(block, Mapping) else None,
                             names, record.id if record is not None else None)
        org = dataset.organization(org_id)
        rows.append(ScoreRow(card, org.name if org is not None else org_id,
                             compare(card, record) if record is not None else None))
    return rows
