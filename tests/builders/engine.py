"""Small builders for the engine tests: plans, organisations, records and datasets in memory,
and small record repositories on disk.

Everything is built as the plain data a YAML file would hold (dates as ISO strings), then
turned into model objects with the model's own ``from_data``, so a dataset built here and a
repository written here mean the same thing. Nothing here reads today's date.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from ysxt_build.records.labels import Labels
from ysxt_build.records.model import Dataset, Organization, Plan, Record
from ysxt_build.records.schemas import SchemaSet
from ysxt_build.records.strict_yaml import load_text
from ysxt_build.records.vocabulary import Vocabulary
from ysxt_build.status.engine import compute_status
from ysxt_build.status.model import Entry, StatusReport

PROJECT = Path(__file__).resolve().parents[2]
REAL_PLAN_PATH = PROJECT / "records" / "plans" / "xx-town-2025.yaml"
REAL_VOCABULARY_PATH = PROJECT / "records" / "vocabularies" / "xx-town.yaml"
STATUS_SCHEMA_PATH = PROJECT / "schema" / "status.schema.json"

DateLike = Union[str, date]
Data = dict[str, Any]

TOPIC_TITLE = "意识形态工作专题研究会议"  # contains the plan's keyword 意识形态
PLAIN_TITLE = "村集体经济发展专题研究会议"  # contains none of the plan's keywords


def d(value: DateLike) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def iso(value: Optional[DateLike]) -> Optional[str]:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else value


# -- shared, loaded once ------------------------------------------------------------------


@lru_cache(maxsize=None)
def _real_vocabulary_loaded() -> Data:
    data, refusals = load_text(REAL_VOCABULARY_PATH.read_text(encoding="utf-8"))
    assert not refusals, refusals
    assert isinstance(data, dict)
    return data


def real_vocabulary_data() -> Data:
    """The town's real vocabulary as YAML data (a fresh copy)."""
    return copy.deepcopy(_real_vocabulary_loaded())


@lru_cache(maxsize=None)
def real_vocabulary() -> Vocabulary:
    return Vocabulary.from_data(_real_vocabulary_loaded(), "records/vocabularies/xx-town.yaml")


@lru_cache(maxsize=None)
def labels() -> Labels:
    """The labels of the town's vocabulary (record type names, roles …)."""
    return Labels.from_schemas(SchemaSet.load().with_vocabularies([real_vocabulary()]))


@lru_cache(maxsize=None)
def _real_plan_loaded() -> Data:
    data, refusals = load_text(REAL_PLAN_PATH.read_text(encoding="utf-8"))
    assert not refusals, refusals
    assert isinstance(data, dict)
    return data


def real_plan_data(**settings: Any) -> Data:
    """The town's real plan as YAML data (a fresh copy), with ``settings`` overridden."""
    data = copy.deepcopy(_real_plan_loaded())
    data.setdefault("settings", {}).update(settings)
    return data


def real_plan(**settings: Any) -> Plan:
    return Plan.from_data(real_plan_data(**settings))


@lru_cache(maxsize=None)
def status_validator() -> Draft202012Validator:
    schema = json.loads(STATUS_SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def schema_errors(payload: Any) -> list[str]:
    """Every way ``payload`` breaks ``schema/status.schema.json`` (empty when valid)."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in status_validator().iter_errors(payload)]


# -- plans and obligations ----------------------------------------------------------------


def _clean(data: Mapping[str, Any]) -> Data:
    return {k: v for k, v in data.items() if v is not None}


def obligation(
    id: str,
    kind: str,
    *,
    level: str = "organization",
    roles: Optional[Sequence[str]] = None,
    org_kinds: Optional[Sequence[str]] = None,
    clause: str = "二（一）4",
    title: Optional[str] = None,
    **fields: Any,
) -> Data:
    subject: Data = {"level": level}
    if roles:
        subject["roles"] = list(roles)
    if org_kinds:
        subject["org_kinds"] = list(org_kinds)
    return _clean({"id": id, "clause": clause, "title": title or f"测试责任 {id}", "kind": kind,
                   "subject": subject, **fields})


def quota(
    id: str = "ob-quota",
    types: Sequence[str] = ("special_study",),
    *,
    count: int = 1,
    period: str = "year",
    topics_any: Optional[Sequence[str]] = None,
    by: Optional[str] = None,
    grace_days: Optional[int] = None,
    due_on: Optional[str] = None,
    report_to: Optional[str] = None,
    evidence: Optional[bool] = None,
    kind: str = "quota",
    **subject: Any,
) -> Data:
    qualifies: Data = {"types": list(types)}
    if topics_any is not None:
        qualifies["topics_any"] = list(topics_any)
    if by is not None:
        qualifies["by"] = by
    due: Optional[Data] = None
    if grace_days is not None:
        due = {"grace_days": grace_days}
    elif due_on is not None:
        due = {"on": due_on}
    requires = _clean({"report_to": report_to, "evidence": evidence}) or None
    return obligation(id, kind, period=period, count=count, due=due, qualifies=qualifies, requires=requires,
                      **subject)


def triggered(
    id: str,
    trigger_types: Sequence[str],
    response_types: Sequence[str],
    deadline_days: int,
    *,
    by: Optional[str] = None,
    levels: Optional[Sequence[str]] = None,
    categories: Optional[Sequence[str]] = None,
    **subject: Any,
) -> Data:
    trigger: Data = {"types": list(trigger_types)}
    if levels:
        trigger["levels"] = list(levels)
    if categories:
        trigger["categories"] = list(categories)
    response: Data = {"types": list(response_types)}
    if by is not None:
        response["by"] = by
    return obligation(id, "triggered", trigger=trigger, response=response, deadline_days=deadline_days, **subject)


def standing(id: str, condition: Mapping[str, Any], *, period: str = "half", **subject: Any) -> Data:
    return obligation(id, "standing", period=period, condition=dict(condition), **subject)


def precondition(id: str = "ob-lecture", types: Sequence[str] = ("lecture",), *, period: str = "year") -> Data:
    return obligation(id, "precondition", period=period, precondition={"types": list(types)})


def judged(id: str, evidence_types: Sequence[str], *, period: str = "year", **subject: Any) -> Data:
    return obligation(id, "judged", period=period, evidence_types=list(evidence_types), **subject)


def plan_data(
    obligations: Iterable[Data],
    *,
    id: str = "test-plan",
    effective_from: DateLike = "2025-01-01",
    effective_to: Optional[DateLike] = None,
    system: Optional[str] = None,
    **settings: Any,
) -> Data:
    """A plan holding ``obligations``; ``settings`` as in the plan file (due_soon_days, …);
    ``system``: the responsibility system it belongs to."""
    obs = [copy.deepcopy(o) for o in obligations]
    refs = sorted({o["clause"] for o in obs})
    return _clean({
        "id": id,
        "title": f"测试方案 {id}",
        "issuer": "town",
        "vocabulary": "xx-town",
        "system": system,
        "effective_from": iso(effective_from),
        "effective_to": iso(effective_to),
        "settings": settings or None,
        "obligations": obs,
        "clauses": [{"ref": r, "text": f"条款 {r} 原文"} for r in refs],
    })


def plan(obligations: Iterable[Data], **kw: Any) -> Plan:
    return Plan.from_data(plan_data(obligations, **kw))


# -- organisations ------------------------------------------------------------------------

NAMES = {
    "m-zhang-wei": "张伟",
    "m-chen-fang": "陈芳",
    "m-liu-yang": "刘洋",
    "m-zhao-lei": "赵磊",
    "m-sun-li": "孙丽",
    "m-zhou-qiang": "周强",
    "m-wu-min": "吴敏",
    "m-zheng-hua": "郑华",
    "m-wang-jianguo": "王建国",
    "m-li-xiaohong": "李晓红",
}


def member(
    id: str,
    role: str,
    start: DateLike = "2020-01-01",
    end: Optional[DateLike] = None,
    *,
    name: Optional[str] = None,
    portfolio: Optional[str] = None,
) -> Data:
    return _clean({"id": id, "name": name or NAMES.get(id, id), "role": role, "portfolio": portfolio,
                   "from": iso(start), "to": iso(end)})


def org_data(
    id: str = "qingshan-village",
    *,
    kind: str = "branch",
    name: Optional[str] = None,
    founded: DateLike = "2000-01-01",
    dissolved: Optional[DateLike] = None,
    parent: Optional[str] = "town",
    category: str = "village",
    members: Sequence[Data] = (),
    positions_reviewed: Optional[Sequence[DateLike]] = None,
    watch: Optional[DateLike] = None,
) -> Data:
    data: Data = _clean({
        "id": id,
        "name": name or f"{id} 党支部",
        "kind": kind,
        "category": category,
        "parent": parent,
        "founded": iso(founded),
        "dissolved": iso(dissolved),
    })
    if members:
        data["members"] = [dict(m) for m in members]
    if positions_reviewed is not None:
        data["positions_reviewed"] = [iso(x) for x in positions_reviewed]
    if watch is not None:
        data["mechanisms"] = {"public_opinion_watch": {"established": iso(watch), "document": "舆情监测应对制度"}}
    return data


def town_data() -> Data:
    return org_data(
        "town", kind="town_committee", name="中共XX镇委员会", parent=None, category="town", founded="1984-01-01",
        members=[member("m-wang-jianguo", "secretary", "2021-09-01"),
                 member("m-li-xiaohong", "member_in_charge", "2022-03-15")],
    )


def branch_data(id: str = "qingshan-village", **kw: Any) -> Data:
    """A branch with a secretary (张伟) and a member in charge (陈芳) since 2020."""
    kw.setdefault("members", [member("m-zhang-wei", "secretary"), member("m-chen-fang", "member_in_charge")])
    return org_data(id, **kw)


def organization(id: str = "qingshan-village", **kw: Any) -> Organization:
    return Organization.from_data(org_data(id, **kw))


# -- records ------------------------------------------------------------------------------


def record_data(
    id: str,
    type: str,
    org: str,
    day: DateLike,
    title: str = TOPIC_TITLE,
    *,
    period: Optional[str] = None,
    lead: Optional[str] = None,
    participants: Optional[Sequence[str]] = None,
    topics: Optional[Sequence[str]] = None,
    evidence: bool = False,
    report: Optional[tuple[str, DateLike]] = None,
    responds_to: Optional[Sequence[str]] = None,
    **blocks: Any,
) -> Data:
    """One record as YAML data. ``report=("town", "2025-07-10")``; ``evidence=True`` adds a
    paper-archive evidence item; ``blocks`` are directive/incident/lecture/approval mappings."""
    data: Data = _clean({
        "id": id,
        "type": type,
        "organization": org,
        "date": iso(day),
        "period": period,
        "title": title,
        "lead": lead,
    })
    if participants is not None:
        data["participants"] = list(participants)
    if topics is not None:
        data["topics"] = list(topics)
    if evidence:
        data["evidence"] = [{"title": "会议记录", "archive": f"党建档案 {id}"}]
    if report is not None:
        data["report"] = {"submitted_to": report[0], "submitted_on": iso(report[1])}
    if responds_to:
        data["responds_to"] = list(responds_to)
    for key, value in blocks.items():
        if value is not None:
            data[key] = dict(value)
    return data


def directive_data(id: str, day: DateLike, applies_to: Union[str, Sequence[str]] = "all", *,
                   deadline_days: Optional[int] = None, org: str = "town") -> Data:
    block: Data = {"issuer": "中共XX县委宣传部", "applies_to": applies_to if isinstance(applies_to, str) else list(applies_to)}
    if deadline_days is not None:
        block["deadline_days"] = deadline_days
    return record_data(id, "directive", org, day, "关于加强意识形态工作的通知", directive=block)


def incident_data(id: str, org: str, day: DateLike, *, level: str = "major",
                  category: str = "public_opinion") -> Data:
    return record_data(id, "incident", org, day, "网络舆情事件", incident={"category": category, "level": level})


def lecture_data(id: str, org: str, day: DateLike, approval: Optional[str] = None) -> Data:
    block: Data = {"form": "讲座", "speaker": "县委党校讲师"}
    if approval is not None:
        block["approval"] = approval
    return record_data(id, "lecture", org, day, "意识形态专题讲座", lecture=block)


def approval_data(id: str, org: str, day: DateLike, result: str = "approved") -> Data:
    return record_data(id, "approval", org, day, "讲座审核报备", approval={"approver": "镇党委宣传办", "result": result})


def record(*args: Any, **kw: Any) -> Record:
    return Record.from_data(record_data(*args, **kw))


# -- datasets and results -----------------------------------------------------------------


def dataset(
    plans: Iterable[Union[Plan, Data]] = (),
    orgs: Iterable[Union[Organization, Data]] = (),
    records: Iterable[Union[Record, Data]] = (),
    vocabularies: Iterable[Union[Vocabulary, Data]] = (),
) -> Dataset:
    """A dataset whose plans are bound to ``vocabularies`` (default: the town's)."""
    vocabs = tuple(v if isinstance(v, Vocabulary) else Vocabulary.from_data(v) for v in vocabularies)
    return Dataset(
        plans=tuple(p if isinstance(p, Plan) else Plan.from_data(p) for p in plans),
        organizations=tuple(o if isinstance(o, Organization) else Organization.from_data(o) for o in orgs),
        records=tuple(r if isinstance(r, Record) else Record.from_data(r) for r in records),
        vocabularies=vocabs or (real_vocabulary(),),
    )


def status(ds: Dataset, as_of: DateLike) -> StatusReport:
    return compute_status(ds, d(as_of), labels())


class _Any:
    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _Any()


def find(
    report: StatusReport,
    obligation: Any = ANY,
    org: Any = ANY,
    period: Any = ANY,
    member: Any = ANY,
    trigger: Any = ANY,
    status: Any = ANY,
) -> list[Entry]:
    """Entries matching every given field (``member=None`` means organisation-level)."""
    wanted = {"obligation": obligation, "organization": org, "period": period, "member": member,
              "trigger": trigger, "status": status}
    return [e for e in report.entries if all(v is ANY or getattr(e, k) == v for k, v in wanted.items())]


def one(report: StatusReport, obligation: Any = ANY, org: Any = ANY, period: Any = ANY,
        member: Any = ANY, trigger: Any = ANY) -> Entry:
    found = find(report, obligation, org, period, member, trigger)
    assert len(found) == 1, f"{len(found)} entries for {obligation}/{org}/{period}/{member}/{trigger}: {found}"
    return found[0]


def key(e: Entry) -> tuple[str, str, str, str, str]:
    """What identifies an entry: subject, obligation, period and trigger."""
    return (e.organization, e.member or "", e.obligation, e.period, e.trigger or "")


def by_key(report: StatusReport) -> dict[tuple[str, str, str, str, str], Entry]:
    return {key(e): e for e in report.entries}


# -- repositories on disk -----------------------------------------------------------------


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False)


def write_repo(
    root: Path,
    plans: Iterable[Data] = (),
    orgs: Iterable[Data] = (),
    records: Iterable[Data] = (),
    vocabularies: Iterable[Data] = (),
) -> Path:
    """Write a record repository at ``root`` laid out as ``ysxt`` expects; returns ``root``.
    The vocabularies are the town's unless given."""
    files: list[tuple[str, Data]] = []
    files += [(f"records/vocabularies/{v['id']}.yaml", v) for v in (list(vocabularies) or [real_vocabulary_data()])]
    files += [(f"records/plans/{p['id']}.yaml", p) for p in plans]
    files += [(f"records/organizations/{o['id']}.yaml", o) for o in orgs]
    files += [(f"records/activities/{r['date'][:4]}/{r['organization']}/{r['id']}.yaml", r) for r in records]
    (root / "records").mkdir(parents=True, exist_ok=True)
    for rel, data in files:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump_yaml(data), encoding="utf-8")
    return root
