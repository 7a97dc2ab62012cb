"""Checks across files: ids unique, references resolve, people in office, paths agree.

Works on the loaded :class:`~ysxt_build.records.model.Dataset` and returns findings with pointers
into the files; the pipeline turns pointers into line numbers. ``as_of`` is the check date:
nothing may be dated after it.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Mapping, Optional

from ..records import layout
from ..records.model import Dataset, Organization, Plan, Record, Rubric
from ..records.periods import Period
from ..records.problems import Pointer, Problem

RESPONSE_TARGETS = {
    "directive_study": ("directive",),
    "portfolio_meeting": ("directive",),
    "incident_report": ("incident",),
    "incident_response": ("incident",),
}


@dataclass
class EvidenceHasher:
    """SHA-256 of evidence files, remembered by (size, mtime) between runs."""

    root: Path
    known: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    def digest(self, rel: str) -> str:
        full = self.root / rel
        stat = full.stat()
        cached = self.known.get(rel)
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            return cached[2]
        h = hashlib.sha256()
        with open(full, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                h.update(chunk)
        value = h.hexdigest()
        self.known[rel] = (stat.st_size, stat.st_mtime_ns, value)
        return value


def _p(path: str, code: str, message: str, hint: str, pointer: Pointer, severity: str = "error") -> Problem:
    return Problem(path=path, code=code, message=message, hint=hint, pointer=pointer, severity=severity)


def _future(path: str, pointer: Pointer, what: str, day: date, as_of: date) -> Optional[Problem]:
    if day > as_of:
        return _p(
            path,
            "date.future",
            f"{what} {day.isoformat()} 晚于检查日期 {as_of.isoformat()}",
            "只登记已经发生的事；如果日期写错了请改正。",
            pointer,
        )
    return None


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1][: -len(".yaml")]


class IntegrityChecker:
    def __init__(
        self,
        dataset: Dataset,
        as_of: date,
        hasher: EvidenceHasher,
        broken_ids: Optional[dict[str, set[str]]] = None,
    ) -> None:
        self.ds = dataset
        self.as_of = as_of
        self.hasher = hasher
        self.broken = broken_ids or {}
        self.orgs = dataset.organizations_by_id
        self.records: Mapping[str, Record] = {}
        self.names: dict[str, tuple[str, str]] = {}  # member id -> (name, org source)

    def _org_known(self, org_id: str) -> bool:
        return org_id in self.orgs or org_id in self.broken.get("organization", set())

    def _record_known(self, record_id: str) -> bool:
        return record_id in self.records or record_id in self.broken.get("record", set())

    def run(self) -> list[Problem]:
        problems = self.run_setup()
        problems.extend(self._records())
        problems.extend(self.assessments(self.ds.records))
        return problems

    def run_setup(self) -> list[Problem]:
        """Organisations, plans and rubrics (and the member names records are checked with)."""
        problems: list[Problem] = []
        problems.extend(self._organizations())
        problems.extend(self._plans())
        for rubric in self.ds.rubrics:
            problems.extend(rubric_findings(rubric, self.ds.plans))
        return problems

    def record_findings(self, rec: Record) -> list[Problem]:
        """One record against the others (``self.records``: the first record of each id)."""
        return list(self._record(rec))

    # -- assessment and accountability records ----------------------------------------------

    def assessments(self, records: Iterable[Record]) -> Iterator[Problem]:
        rubrics = {r.id: r for r in self.ds.rubrics}
        seen: dict[tuple[str, int], str] = {}
        for rec in records:
            if rec.type == "assessment":
                yield from self._assessment(rec, rubrics, seen)
            elif rec.type in ("accountability", "inspection"):
                block = rec.block(rec.type) or {}
                target = block.get("target")
                if isinstance(target, str) and not self._org_known(target):
                    yield _p(rec.source, "ref.organization", f"“{target}”这个组织不存在", "请检查组织编号。",
                             (rec.type, "target"))
                if rec.type == "accountability":
                    n = block.get("situation")
                    refs = {c.ref for p in self.ds.plans for c in p.clauses}
                    if refs and f"四（三）{n}" not in refs:
                        yield _p(rec.source, "accountability.situation", f"实施方案中没有第 {n} 种问责情形（四（三）{n}）",
                                 "请对照实施方案四（三）写情形编号。", ("accountability", "situation"))

    def _assessment(self, rec: Record, rubrics: dict[str, Rubric], seen: dict[tuple[str, int], str]) -> Iterator[Problem]:
        src = rec.source
        block = rec.block("assessment") or {}
        target, year = str(block.get("target", "")), int(block.get("year", 0))
        org = self.orgs.get(target)
        if org is None:
            if not self._org_known(target):
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
            if block.get("rubric") not in self.broken.get("rubric", set()):
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
                yield _p(src, "assessment.score", f"指标“{ind.title}”最多 {_pts(ind.points)} 分，这里写了 {_pts(item['score'])} 分",
                         "请改正得分。", ("assessment", "manual", i, "score"))
        for i, item in enumerate(block.get("adjustments", [])):
            if item["indicator"] not in indicators:
                yield _p(src, "assessment.indicator", f"调整项的指标“{item['indicator']}”不在考评方案中",
                         f"可用的指标：{'、'.join(indicators)}。", ("assessment", "adjustments", i, "indicator"))
        grades = [g.grade for g in rubric.grades]
        if block.get("grade") not in grades:
            yield _p(src, "assessment.grade", f"等次“{block.get('grade')}”不在考评方案中", f"可选：{'、'.join(grades)}。",
                     ("assessment", "grade"))

    # -- organisations --------------------------------------------------------------------

    def _organizations(self) -> Iterator[Problem]:
        for org in self.ds.organizations:
            yield from self._organization(org)
        yield from self._member_names()

    def _organization(self, org: Organization) -> Iterator[Problem]:
        src = org.source
        if _stem(src) != org.id:
            yield _p(src, "path.id-mismatch", f"组织编号“{org.id}”与文件名“{_stem(src)}.yaml”不一致",
                     f"请把文件改名为 {layout.organization_path(org.id)}，或把 id 改成文件名。", ("id",))
        if org.kind == "town_committee":
            if org.parent is not None:
                yield _p(src, "org.parent", "镇党委不应写上级组织（parent）", "请删除 parent 这一行。", ("parent",))
        elif org.parent is None:
            yield _p(src, "org.parent", "缺少上级组织（parent）",
                     "党总支写镇党委的编号，党总支下的支部写党总支的编号。", ("id",))
        elif org.parent == org.id:
            yield _p(src, "org.parent", "上级组织不能是自己", "请写上级党组织的编号。", ("parent",))
        elif not self._org_known(org.parent):
            yield _p(src, "ref.organization", f"上级组织“{org.parent}”不存在",
                     f"请检查编号，或先在 {layout.ORGANIZATIONS}/ 下登记该组织。", ("parent",))
        elif org.parent in self.orgs and self._has_cycle(org):
            yield _p(src, "org.parent-cycle", "上级组织关系形成了循环", "请检查 parent 的层级关系。", ("parent",))
        if org.dissolved is not None and org.dissolved < org.founded:
            yield _p(src, "date.order", "撤销日期早于成立日期", "请检查 founded 和 dissolved。", ("dissolved",))
        for pointer, what, day in (
            (("founded",), "成立日期", org.founded),
            (("dissolved",), "撤销日期", org.dissolved),
            (("positions_reviewed",), "阵地登记核对日期", max(org.positions_reviewed, default=None)),
            (("mechanisms", "public_opinion_watch", "established"), "机制建立日期", org.public_opinion_watch),
        ):
            if day is not None:
                p = _future(src, pointer, what, day, self.as_of)
                if p:
                    yield p
        by_role: dict[str, list[int]] = defaultdict(list)
        by_member: dict[str, list[int]] = defaultdict(list)
        for i, term in enumerate(org.terms):
            at: Pointer = ("members", i)
            if term.end is not None and term.end < term.start:
                yield _p(src, "date.order", f"{term.name}的离任日期早于任职日期", "请检查 from 和 to。", at + ("to",))
            p = _future(src, at + ("from",), "任职日期", term.start, self.as_of)
            if p:
                yield p
            if term.role in ("secretary", "member_in_charge"):
                by_role[term.role].append(i)
            by_member[term.member_id].append(i)
            known = self.names.get(term.member_id)
            if known is None:
                self.names[term.member_id] = (term.name, src)
        yield from self._overlaps(org, by_role, "role")
        yield from self._overlaps(org, by_member, "member")
        seen_positions: set[str] = set()
        members = {t.member_id for t in org.terms}
        for i, pos in enumerate(org.positions):
            if pos.id in seen_positions:
                yield _p(src, "id.duplicate", f"阵地编号“{pos.id}”重复", "每个阵地用不同的编号。", ("positions", i, "id"))
            seen_positions.add(pos.id)
            if pos.manager is not None and pos.manager not in members:
                yield _p(src, "ref.member", f"阵地负责人“{pos.manager}”不是本组织的班子成员",
                         "请写本组织 members 中登记的成员编号。", ("positions", i, "manager"))

    def _overlaps(self, org: Organization, groups: dict[str, list[int]], what: str) -> Iterator[Problem]:
        for key, indexes in groups.items():
            terms = [(i, org.terms[i]) for i in indexes]
            terms.sort(key=lambda it: it[1].start)
            for (i, a), (j, b) in zip(terms, terms[1:]):
                if a.end is None or a.end >= b.start:
                    if what == "role":
                        label = "书记" if key == "secretary" else "分管领导"
                        message = f"同一时间有两位{label}：{a.name}和{b.name}（{b.start.isoformat()} 起）"
                        hint = f"前任离任时请给前任写 to（离任日期），且早于 {b.start.isoformat()}。"
                    else:
                        message = f"{a.name}的两段任职时间重叠"
                        hint = "职务变动时给原任职写 to（离任日期），新任职的 from 在其后。"
                    yield _p(org.source, "member.overlap", message, hint, ("members", j, "from"))

    def _member_names(self) -> Iterator[Problem]:
        """One member id, one person: reported at every place, so each file's clerk sees it."""
        uses: dict[str, list[tuple[str, str, int]]] = defaultdict(list)  # id -> (name, src, i)
        for org in self.ds.organizations:
            for i, term in enumerate(org.terms):
                uses[term.member_id].append((term.name, org.source, i))
        for member_id, places in uses.items():
            for name, src, i in places:
                other = next(((n, s) for n, s, _ in places if n != name), None)
                if other is not None:
                    yield _p(src, "member.id-reused",
                             f"成员编号“{member_id}”已用于{other[0]}（{other[1]}），这里是{name}",
                             "同一人在各处用同一编号；不同的人请用不同编号，例如加数字 m-zhang-wei-2。",
                             ("members", i, "id"))

    def _has_cycle(self, org: Organization) -> bool:
        seen = {org.id}
        parent = org.parent
        while parent is not None and parent in self.orgs:
            if parent in seen:
                return True
            seen.add(parent)
            parent = self.orgs[parent].parent
        return False

    # -- plans ----------------------------------------------------------------------------

    def _plans(self) -> Iterator[Problem]:
        plans = sorted(self.ds.plans, key=lambda p: p.effective_from)
        for plan in plans:
            yield from self._plan(plan)
        for a, b in zip(plans, plans[1:]):
            if a.effective_to is None or a.effective_to >= b.effective_from:
                yield _p(b.source, "plan.overlap",
                         f"方案施行期与 {a.source} 重叠",
                         f"请给旧方案写 effective_to（废止日期），且早于 {b.effective_from.isoformat()}。",
                         ("effective_from",))

    def _plan(self, plan: Plan) -> Iterator[Problem]:
        src = plan.source
        if _stem(src) != plan.id:
            yield _p(src, "path.id-mismatch", f"方案编号“{plan.id}”与文件名“{_stem(src)}.yaml”不一致",
                     f"请把文件改名为 {layout.plan_path(plan.id)}。", ("id",))
        if not self._org_known(plan.issuer):
            yield _p(src, "ref.organization", f"制定组织“{plan.issuer}”不存在", "请写镇党委的组织编号。", ("issuer",))
        if plan.effective_to is not None and plan.effective_to < plan.effective_from:
            yield _p(src, "date.order", "废止日期早于施行日期", "请检查 effective_from 和 effective_to。", ("effective_to",))
        refs: set[str] = set()
        for i, clause in enumerate(plan.clauses):
            if clause.ref in refs:
                yield _p(src, "id.duplicate", f"条款号“{clause.ref}”重复", "每条条款号只写一次。", ("clauses", i, "ref"))
            refs.add(clause.ref)
        ids: set[str] = set()
        for i, ob in enumerate(plan.obligations):
            at: Pointer = ("obligations", i)
            if ob.id in ids:
                yield _p(src, "id.duplicate", f"责任事项编号“{ob.id}”重复", "每项责任用不同的编号。", at + ("id",))
            ids.add(ob.id)
            if ob.clause not in refs:
                yield _p(src, "ref.clause", f"条款号“{ob.clause}”不在 clauses 中",
                         "请写 clauses 中已有的条款号，例如 二（一）4。", at + ("clause",))
            if ob.report_to is not None and not self._org_known(ob.report_to):
                yield _p(src, "ref.organization", f"报送对象“{ob.report_to}”不存在", "请写镇党委的组织编号。",
                         at + ("requires", "report_to"))
            if ob.due_on is not None and ob.period != "year":
                yield _p(src, "plan.due-on", "固定截止日（due.on）只能用于每年（period: year）的责任",
                         "其他期间请用 due.grace_days（期末后宽限天数）。", at + ("due", "on"))
            if ob.due_on is not None:
                try:
                    date.fromisoformat(f"2024-{ob.due_on}")
                except ValueError:
                    yield _p(src, "schema.date", f"固定截止日“{ob.due_on}”不是真实存在的日期",
                             "请检查月份和日期。", at + ("due", "on"))

    # -- records --------------------------------------------------------------------------

    def _records(self) -> Iterator[Problem]:
        first: dict[str, Record] = {}
        for rec in self.ds.records:
            first.setdefault(rec.id, rec)
        self.records = first
        yield from duplicate_ids([(rec.source, rec.id) for rec in self.ds.records])
        for rec in self.ds.records:
            yield from self._record(rec)

    def _record(self, rec: Record) -> Iterator[Problem]:
        src = rec.source
        expected = layout.record_path(rec.date.year, rec.organization, rec.id)
        if src != expected:
            parts = src.split("/")
            if _stem(src) != rec.id:
                yield _p(src, "path.id-mismatch", f"记录编号“{rec.id}”与文件名“{_stem(src)}.yaml”不一致",
                         f"文件名须与 id 相同：{expected}", ("id",))
            if len(parts) == 5 and parts[3] != rec.organization:
                yield _p(src, "path.organization", f"记录放在组织“{parts[3]}”的文件夹里，但 organization 写的是“{rec.organization}”",
                         f"请把文件移到 {expected}，或改正 organization。", ("organization",))
            if len(parts) == 5 and parts[2] != str(rec.date.year):
                yield _p(src, "path.year", f"记录放在 {parts[2]} 年的文件夹里，但日期是 {rec.date.isoformat()}",
                         f"请把文件移到 {expected}，或改正 date。", ("date",))
        p = _future(src, ("date",), "日期", rec.date, self.as_of)
        if p:
            yield p
        if rec.period is not None and Period.parse(rec.period).start > rec.date:
            yield _p(src, "date.period", f"所属期间 {rec.period} 晚于活动日期 {rec.date.isoformat()}",
                     "period 只用于针对已过去期间的活动（例如次年1月的述职报告写上一年）；请改正或删除。", ("period",))
        org = self.orgs.get(rec.organization)
        if org is None:
            if not self._org_known(rec.organization):
                yield _p(src, "ref.organization", f"组织“{rec.organization}”不存在",
                         f"请检查编号；组织登记在 {layout.ORGANIZATIONS}/ 下。", ("organization",))
        else:
            if not org.exists_on(rec.date):
                if rec.date < org.founded:
                    msg = f"{rec.date.isoformat()} 时{org.name}尚未成立（{org.founded.isoformat()} 成立）"
                else:
                    msg = f"{rec.date.isoformat()} 时{org.name}已撤销（{org.dissolved.isoformat() if org.dissolved else ''} 撤销）"
                yield _p(src, "org.not-existing", msg, "请检查日期，或把记录归到正确的组织。", ("date",))
            yield from self._people(rec, org)
        yield from self._references(rec)
        yield from self._evidence(rec)

    def _people(self, rec: Record, org: Organization) -> Iterator[Problem]:
        named: list[tuple[Pointer, str]] = []
        if rec.lead:
            named.append((("lead",), rec.lead))
        named.extend((("participants", i), m) for i, m in enumerate(rec.participants))
        for pointer, member in named:
            terms = org.member_terms(member)
            if not terms:
                elsewhere = self.names.get(member)
                where = f"（登记在 {elsewhere[1]}）" if elsewhere else ""
                yield _p(rec.source, "ref.member", f"“{member}”不是{org.name}的班子成员{where}",
                         f"请写 {org.source} 中 members 登记的成员编号。", pointer)
            elif not any(t.holds_on(rec.date) for t in terms):
                spans = "、".join(
                    f"{t.start.isoformat()} 至 {t.end.isoformat()}" if t.end else f"{t.start.isoformat()} 起至今"
                    for t in terms
                )
                yield _p(rec.source, "member.not-in-office",
                         f"{terms[0].name}（{member}）在 {rec.date.isoformat()} 不在{org.name}任职（任期 {spans}）",
                         "请检查活动日期和参加人员；任职变动请先在组织文件中登记。", pointer)

    def _references(self, rec: Record) -> Iterator[Problem]:
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
                if not self._org_known(org_id):
                    yield _p(src, "ref.organization", f"适用范围中的组织“{org_id}”不存在", "请检查组织编号。",
                             ("directive", "applies_to", i))
        if rec.report is not None:
            if not self._org_known(rec.report.submitted_to):
                yield _p(src, "ref.organization", f"报送对象“{rec.report.submitted_to}”不存在",
                         "报镇党委时写镇党委的组织编号（例如 town）。", ("report", "submitted_to"))
            if rec.report.submitted_on < rec.date:
                yield _p(src, "date.order", "报送日期早于活动日期", "请检查 report.submitted_on。",
                         ("report", "submitted_on"))
            p = _future(src, ("report", "submitted_on"), "报送日期", rec.report.submitted_on, self.as_of)
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

    def _evidence(self, rec: Record) -> Iterator[Problem]:
        root = self.hasher.root
        for i, ev in enumerate(rec.evidence):
            if ev.file is None:
                continue
            pointer: Pointer = ("evidence", i, "file")
            pure = PurePosixPath(ev.file)
            if pure.is_absolute() or ".." in pure.parts or ":" in pure.parts[0]:
                yield _p(rec.source, "evidence.outside", f"证明材料路径“{ev.file}”跳出了仓库",
                         f"材料文件须放在仓库内（建议 {layout.EVIDENCE}/年份/组织编号/ 下），路径从仓库根目录写起，不用 ..。",
                         pointer)
                continue
            full = root / ev.file
            try:
                resolved = full.resolve()
                inside = os.path.commonpath([resolved, root.resolve()]) == str(root.resolve())
            except (OSError, ValueError):
                inside = False
            if not inside:
                yield _p(rec.source, "evidence.outside", f"证明材料“{ev.file}”是指向仓库外的链接",
                         "请把材料文件本身放进仓库。", pointer)
                continue
            if not full.is_file():
                yield _p(rec.source, "evidence.missing", f"找不到证明材料文件“{ev.file}”",
                         "请把文件加入仓库（git add），并检查路径和大小写。", pointer)
                continue
            actual = self.hasher.digest(ev.file)
            if actual != ev.sha256:
                yield _p(rec.source, "evidence.hash", f"证明材料“{ev.file}”的校验值不符",
                         f"文件的实际 sha256 是 {actual}；若文件无误，请把 sha256 改成这个值，否则请换回原文件。",
                         ("evidence", i, "sha256"))


def duplicate_ids(records: Iterable[tuple[str, str]]) -> Iterator[Problem]:
    """A record id used by more than one file, given (source, id) in file order."""
    pairs = list(records)
    first: dict[str, str] = {}
    repeated: set[str] = set()
    for source, rid in pairs:
        if first.setdefault(rid, source) is not source:
            repeated.add(rid)
    if not repeated:
        return
    sources: dict[str, list[str]] = defaultdict(list)
    for source, rid in pairs:
        if rid in repeated:
            sources[rid].append(source)
    for source, rid in pairs:
        if rid not in repeated:
            continue
        others = [s for s in sources[rid] if s != source]
        if others:  # reported in every copy: either clerk may be the one to change it
            yield _p(source, "id.duplicate", f"记录编号“{rid}”已在 {'、'.join(others)} 使用",
                     "每条记录的编号全库唯一；请换一个编号（文件名也一起改）。", ("id",))


def check_integrity(
    dataset: Dataset,
    as_of: date,
    hasher: EvidenceHasher,
    broken_ids: Optional[dict[str, set[str]]] = None,
) -> list[Problem]:
    return IntegrityChecker(dataset, as_of, hasher, broken_ids).run()




def _pts(value: float) -> str:
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def rubric_findings(rubric: Rubric, plans: Iterable[Plan]) -> list[Problem]:
    """What in a rubric does not fit its plan: unknown plan or obligations, points ≠ total."""
    src = rubric.source
    found: list[Problem] = []
    if _stem(src) != rubric.id:
        found.append(_p(src, "path.id-mismatch", f"考评方案编号“{rubric.id}”与文件名“{_stem(src)}.yaml”不一致",
                        f"请把文件改名为 {layout.RUBRICS}/{rubric.id}.yaml。", ("id",)))
    plan = next((p for p in plans if p.id == rubric.plan), None)
    if plan is None:
        found.append(_p(src, "ref.plan", f"考评方案 {rubric.id} 对应的实施方案“{rubric.plan}”不存在",
                        "请写 records/plans/ 下实施方案的编号。", ("plan",)))
    else:
        ids = {o.id for o in plan.obligations}
        for i, ind in enumerate(rubric.indicators):
            for j, ob in enumerate(ind.obligations):
                if ob not in ids:
                    found.append(_p(src, "ref.obligation",
                                    f"指标“{ind.title}”（{ind.id}）引用的责任事项“{ob}”不在实施方案 {plan.id} 中",
                                    "请写实施方案 obligations 中的编号。", ("indicators", i, "obligations", j)))
    points = round(sum(i.points for i in rubric.indicators), 2)
    if points != round(rubric.total, 2):
        found.append(_p(src, "rubric.total", f"考评方案 {rubric.id} 各指标分值合计 {_pts(points)} 分，与满分 {_pts(rubric.total)} 分不符",
                        "请核对各指标的 points 和 total。", ("total",)))
    seen: set[str] = set()
    for i, ind in enumerate(rubric.indicators):
        if ind.id in seen:
            found.append(_p(src, "id.duplicate", f"考评方案 {rubric.id} 的指标编号“{ind.id}”重复", "每个指标用不同的编号。",
                            ("indicators", i, "id")))
        seen.add(ind.id)
    return found
