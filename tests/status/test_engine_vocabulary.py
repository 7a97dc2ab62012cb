"""A unit none of whose words the town's demo knows: new kinds of organisation, roles, record
types, clause numbers, a period of its own and an approval rule, all from data. ``ysxt check``
accepts it and the engine gives the statuses the plan says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.builders.engine import dataset, one, status, write_repo
from ysxt_build.cli.main import main

VOCABULARY: dict[str, Any] = {
    "id": "factory",
    "title": "XX机械厂党建工作用语",
    "labels": {"whole": "全厂", "leading_body": "厂党委"},
    "org_kinds": [
        {"code": "factory_committee", "name": "厂党委", "top": True},
        {"code": "workshop_branch", "name": "车间党支部", "default_subject": True},
    ],
    "roles": [
        {"code": "branch_secretary", "name": "支部书记", "single": True},
        {"code": "organiser", "name": "组织委员"},
    ],
    "clauses": {"pattern": r"^[0-9]+\.[0-9]+$", "example": "3.1"},
    "periods": [{"code": "fiscal_half", "name": "每个财务半年", "letter": "F", "starts": ["04-01", "10-01"]}],
    "record_types": [
        {"code": "shift_talk", "name": "班前思想教育会", "short": "bqjy"},
        {"code": "exhibition", "name": "厂区展览", "short": "zl", "fields": ["lecture"]},
        {"code": "permit", "name": "展览审批", "short": "sp", "fields": ["approval"]},
    ],
}

PLAN: dict[str, Any] = {
    "id": "factory-2025",
    "title": "XX机械厂党委意识形态工作责任制落实办法",
    "issuer": "factory",
    "vocabulary": "factory",
    "system": "意识形态工作责任制",
    "effective_from": "2025-04-01",
    "settings": {"topic_keywords": ["思想"]},
    "clauses": [{"ref": "2.1", "text": "各车间党支部每个财务半年至少开展三次班前思想教育会。"},
                {"ref": "2.2", "text": "车间党支部有在任的支部书记。"},
                {"ref": "3.1", "text": "厂区展览须提前3天经厂党委审批。"}],
    "obligations": [
        {"id": "talks", "clause": "2.1", "title": "每个财务半年至少三次班前思想教育会", "kind": "quota",
         "subject": {"level": "organization"}, "period": "fiscal_half", "count": 3, "due": {"grace_days": 10},
         "qualifies": {"types": ["shift_talk"]}},
        {"id": "secretary", "clause": "2.2", "title": "有在任的支部书记", "kind": "standing",
         "subject": {"level": "organization"}, "period": "fiscal_half", "condition": {"has_roles": ["branch_secretary"]}},
        {"id": "exhibitions", "clause": "3.1", "title": "厂区展览提前3天经厂党委审批", "kind": "precondition",
         "subject": {"level": "organization"}, "period": "fiscal_half",
         "precondition": {"types": ["exhibition"], "needs": [
             {"name": "审批", "types": ["permit"], "results": ["approved"], "recorded_by": ["factory_committee"], "days_ahead": 3}]}},
    ],
}

FACTORY = {"id": "factory", "name": "中共XX机械厂委员会", "kind": "factory_committee", "founded": "2000-01-01",
           "members": [{"id": "m-gu-an", "name": "顾安", "role": "branch_secretary", "from": "2020-01-01"}]}
CASTING = {"id": "casting", "name": "铸造车间党支部", "kind": "workshop_branch", "parent": "factory", "founded": "2000-01-01",
           "members": [{"id": "m-lu-feng", "name": "陆峰", "role": "branch_secretary", "from": "2020-01-01", "to": "2025-10-15"},
                       {"id": "m-qi-yun", "name": "戚云", "role": "organiser", "from": "2020-01-01"}]}


def talk(n: int, day: str) -> dict[str, Any]:
    return {"id": f"2025-casting-bqjy-{n:02d}", "type": "shift_talk", "organization": "casting", "date": day,
            "title": "班前思想教育会", "lead": "m-qi-yun"}


RECORDS = [
    talk(1, "2025-04-10"), talk(2, "2025-06-12"), talk(3, "2025-09-05"),  # first fiscal half: three
    talk(4, "2025-10-20"),                                                 # second: one so far
    {"id": "2025-factory-sp-01", "type": "permit", "organization": "factory", "date": "2025-05-01", "title": "关于铸造车间安全文化展的审批",
     "approval": {"approver": "厂党委", "result": "approved", "event": "铸造车间安全文化展"}},
    {"id": "2025-casting-zl-01", "type": "exhibition", "organization": "casting", "date": "2025-05-20", "title": "铸造车间安全文化展",
     "lecture": {"form": "论坛", "approval": "2025-factory-sp-01"}},
]


def test_the_check_accepts_a_unit_written_only_in_its_own_words(tmp_path: Path) -> None:
    root = write_repo(tmp_path, [PLAN], [FACTORY, CASTING], RECORDS, vocabularies=[VOCABULARY])
    result = CliRunner().invoke(main, ["check", "--repo", str(root), "--as-of", "2025-12-31", "--format", "json"])
    assert json.loads(result.stdout)["problems"] == []
    # the town's words are not this unit's
    bad = write_repo(tmp_path / "bad", [PLAN], [FACTORY, {**CASTING, "kind": "branch"}],
                     [{**RECORDS[0], "type": "special_study"}], vocabularies=[VOCABULARY])
    result = CliRunner().invoke(main, ["check", "--repo", str(bad), "--as-of", "2025-12-31", "--format", "json"])
    assert {p["code"] for p in json.loads(result.stdout)["problems"]} == {"schema.choice"}


def test_statuses_follow_the_units_plan() -> None:
    report = status(dataset([PLAN], [FACTORY, CASTING], RECORDS, vocabularies=[VOCABULARY]), "2026-04-20")
    first, second = one(report, "talks", "casting", "2025F1"), one(report, "talks", "casting", "2025F2")
    assert (first.period_start.isoformat(), first.period_end.isoformat(), first.status) == ("2025-04-01", "2025-09-30", "met")
    assert (second.status, second.due.isoformat() if second.due else None, second.done) == ("overdue", "2026-04-10", 1)
    assert one(report, "secretary", "casting", "2025F2").status == "missing"  # the secretary left on 10-15
    assert one(report, "secretary", "casting", "2025F1").status == "met"
    exhibitions = one(report, "exhibitions", "casting", "2025F1")
    assert exhibitions.status == "met"
    assert not [e for e in report.entries if e.organization == "factory"]  # no duty names the committee


def test_the_status_view_speaks_the_units_words(tmp_path: Path) -> None:
    root = write_repo(tmp_path, [PLAN], [FACTORY, CASTING], RECORDS, vocabularies=[VOCABULARY])
    result = CliRunner().invoke(main, ["status", "--repo", str(root), "--as-of", "2026-04-20", "--no-cache"])
    assert result.output.startswith("全厂意识形态工作责任制落实情况\n截至 2026-04-20（2026年4月1日至2026年9月30日）\n")
    assert "\n全厂：已到期" in result.output
    # a period of the vocabulary's own, without names, by its days (not its label 2025F2)
    assert "2025年10月1日至2026年3月31日 · 2.1 每个财务半年至少三次班前思想教育会" in result.output
