"""Checks of assessment, accountability and inspection records against rubrics, plans, orgs.

An assessment names an organisation and a rubric that applies to its kind, is the only one
for that organisation and year (else an amendment), scores only the rubric's manual indicators
within their points, adjusts only its indicators and gives one of its grades. Accountability
and inspection records name an existing organisation; accountability cites a situation of the
plan's 四（三）.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Mapping, Sequence

from ..records import layout
from ..records.model import Organization, Plan, Record, Rubric
from ..records.problems import Problem
from .findings import points
from .findings import problem as _p


class AssessmentChecker:
    """The records that judge organisations, checked after all the others.

    ``org_known`` says whether an id names an organisation (loaded, or a file with errors of
    its own); ``broken_rubrics`` the ids of rubric files with errors of their own.
    """

    def __init__(
        self,
        rubrics: Iterable[Rubric],
        plans: Sequence[Plan],
        orgs: Mapping[str, Organization],
        org_known: Callable[[str], bool],
        broken_rubrics: set[str],
    ) -> None:
        self.rubrics = rubrics
        self.plans = plans
        self.orgs = orgs
        self.org_known = org_known
        self.broken_rubrics = broken_rubrics

    def findings(self, records: Iterable[Record]) -> Iterator[Problem]:
        """Every assessment, accountability and inspection record among ``records``, in order."""
        rubrics = {r.id: r for r in self.rubrics}
        seen: dict[tuple[str, int], str] = {}
        for rec in records:
            if rec.block("assessment") is not None:
                yield from self._assessment(rec, rubrics, seen)
            for name in ("accountability", "inspection"):
                block = rec.block(name)
                if block is None:
                    continue
                target = block.get("target")
                if isinstance(target, str) and not self.org_known(target):
                    yield _p(rec.source, "ref.organization", f"“{target}”这个组织不存在", "请检查组织编号。",
                             (name, "target"))
                if name == "accountability":
                    n = block.get("situation")
                    # the situations are the town plan's 四（三）1–9; a plan numbered otherwise lists none
                    refs = {c.ref for p in self.plans for c in p.clauses if c.ref.startswith("四（三）")}
                    if refs and f"四（三）{n}" not in refs:
                        yield _p(rec.source, "accountability.situation", f"实施方案中没有第 {n} 种问责情形（四（三）{n}）",
                                 "请对照实施方案四（三）写情形编号。", ("accountability", "situation"))

    def _assessment(self, rec: Record, rubrics: dict[str, Rubric], seen: dict[tuple[str, int], str]) -> Iterator[Problem]:
        src = rec.source
        block = rec.block("assessment") or {}
        target, year = str(block.get("target", "")), int(block.get("year", 0))
        org = self.orgs.get(target)
        if org is None:
            if not self.org_known(target):
                yield _p(src, "ref.organization", f"被考核的组织“{target}”不存在", "请检查组织编号。", ("assessment", "target"))
        if rec.amends is None:
            key = (target, year)
            if key in seen:
                yield _p(src, "assessment.duplicate", f"{target} 的 {year} 年度考核已在 {seen[key]} 登记",
                         "每个组织每年只登记一条考核记录；要改请新建更正记录（ysxt new --amend 记录编号）。", ("assessment",))
            else:
                seen[key] = src
        rubric = rubrics.get(str(block.get("rubric", "")))
        if rubric is None:
            if block.get("rubric") not in self.broken_rubrics:
                yield _p(src, "ref.rubric", f"考评方案“{block.get('rubric')}”不存在",
                         f"请写 {layout.RUBRICS}/ 下考评方案的编号（文件名）。", ("assessment", "rubric"))
            return
        if org is not None and org.kind not in rubric.org_kinds:
            yield _p(src, "assessment.kind", f"考评方案 {rubric.id} 不适用于{org.name}这类组织", "请检查考评方案。",
                     ("assessment", "target"))
        indicators = {i.id: i for i in rubric.indicators}
        for i, item in enumerate(block.get("manual", [])):
            ind = indicators.get(item["indicator"])
            if ind is None or not ind.manual:
                manual = "、".join(x.id for x in rubric.indicators if x.manual)
                yield _p(src, "assessment.indicator", f"“{item['indicator']}”不是考评方案中的人工评分指标",
                         f"人工评分指标有：{manual}。", ("assessment", "manual", i, "indicator"))
            elif item["score"] > ind.points:
                yield _p(src, "assessment.score", f"指标“{ind.title}”最多 {points(ind.points)} 分，这里写了 {points(item['score'])} 分",
                         "请改正得分。", ("assessment", "manual", i, "score"))
        for i, item in enumerate(block.get("adjustments", [])):
            if item["indicator"] not in indicators:
                yield _p(src, "assessment.indicator", f"调整项的指标“{item['indicator']}”不在考评方案中",
                         f"可用的指标：{'、'.join(indicators)}。", ("assessment", "adjustments", i, "indicator"))
        grades = [g.grade for g in rubric.grades]
        if block.get("grade") not in grades:
            yield _p(src, "assessment.grade", f"等次“{block.get('grade')}”不在考评方案中", f"可选：{'、'.join(grades)}。",
                     ("assessment", "grade"))
