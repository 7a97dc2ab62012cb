"""Plans over time and side by side.

A revision of a plan (same ``system``) takes over from the day it takes effect: each period is
judged by the plan in force then, and a duty the revision dropped keeps its earlier periods.
Two responsibility systems (意识形态工作责任制 and 党风廉政建设责任制) are in force at once, each
judged by its own plan; the check refuses overlapping revisions of one system and a duty id
shared by two systems in force together.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.builders.engine import (
    branch_data,
    dataset,
    find,
    judged,
    one,
    plan_data,
    quota,
    record_data,
    status,
    town_data,
    write_repo,
)
from ysxt_build.cli.main import main

ORG = "qingshan-village"


def _studies(*days: str) -> list[dict[str, Any]]:
    return [record_data(f"s-{i}", "special_study", ORG, day) for i, day in enumerate(days)]


def _revisions() -> list[dict[str, Any]]:
    old = plan_data([quota("study", count=2), judged("team", ("other",))], id="town-2025", effective_to="2025-12-31",
                    system="意识形态工作责任制")
    new = plan_data([quota("study", count=3)], id="town-2026", effective_from="2026-01-01", system="意识形态工作责任制")
    return [old, new]


def test_each_year_is_judged_by_the_revision_in_force() -> None:
    ds = dataset(_revisions(), [town_data(), branch_data(ORG)], _studies("2025-03-01", "2025-09-01", "2026-03-01", "2026-05-01"))
    report = status(ds, "2027-01-01")
    y2025, y2026 = one(report, "study", ORG, "2025"), one(report, "study", ORG, "2026")
    assert (y2025.plan, y2025.required, y2025.status) == ("town-2025", 2, "met")
    assert (y2026.plan, y2026.required, y2026.status, y2026.done) == ("town-2026", 3, "overdue", 2)
    # the dropped duty keeps 2025 and has no 2026
    assert [e.period for e in find(report, "team", ORG)] == ["2025"]


def test_two_systems_side_by_side_are_judged_each_by_its_own_plan() -> None:
    ideology = plan_data([quota("study", count=2)], id="ysgz-2025", system="意识形态工作责任制")
    integrity = plan_data([quota("lianzheng-briefing", ("party_briefing",), count=1, topics_any=[])], id="dflz-2025",
                          system="党风廉政建设责任制")
    records = _studies("2025-03-01") + [record_data("b-1", "party_briefing", ORG, "2025-06-01", "党风廉政建设情况通报")]
    report = status(dataset([ideology, integrity], [town_data(), branch_data(ORG)], records), "2026-01-01")
    study, briefing = one(report, "study", ORG, "2025"), one(report, "lianzheng-briefing", ORG, "2025")
    assert (study.plan, study.status) == ("ysgz-2025", "overdue")
    assert (briefing.plan, briefing.status) == ("dflz-2025", "met")


def _check(root: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", "--repo", str(root), "--as-of", "2025-12-31", "--format", "json"])
    problems: list[dict[str, Any]] = json.loads(result.stdout)["problems"]
    return problems


def test_the_check_accepts_two_systems_and_refuses_overlapping_revisions(tmp_path: Path) -> None:
    orgs = [town_data(), branch_data(ORG)]
    ideology = plan_data([quota("study")], id="ysgz-2025", system="意识形态工作责任制")
    integrity = plan_data([quota("lianzheng", ("party_briefing",))], id="dflz-2025", system="党风廉政建设责任制")
    assert _check(write_repo(tmp_path / "ok", [ideology, integrity], orgs)) == []
    revision = plan_data([quota("study")], id="ysgz-2025b", effective_from="2025-06-01", system="意识形态工作责任制")
    (problem,) = _check(write_repo(tmp_path / "overlap", [ideology, integrity, revision], orgs))
    assert (problem["path"], problem["code"], problem["message"]) == (
        "records/plans/ysgz-2025b.yaml", "plan.overlap", "方案施行期与 records/plans/ysgz-2025.yaml 重叠")
    shared = plan_data([quota("study")], id="dflz-2025", system="党风廉政建设责任制")
    (problem,) = _check(write_repo(tmp_path / "shared", [ideology, shared], orgs))
    assert (problem["code"], problem["message"]) == (
        "id.duplicate", "责任事项编号“study”与同时施行的 records/plans/dflz-2025.yaml（党风廉政建设责任制）重复")
