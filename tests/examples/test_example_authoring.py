"""Writing records in the example repositories: ``ysxt new`` and the 填报 page's data speak each
unit's own vocabulary (its record types, Chinese names, short id codes, semesters, who approves).

The browser side (the school's 填报 page writing what ``ysxt new --answers`` writes) is in
``tests/portal/test_form_browser.py``.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ysxt_build.check.repository import Loaded, load_repository
from ysxt_build.cli.main import main
from ysxt_build.portal import pages_form, paths
from ysxt_build.portal.context import PortalSettings
from ysxt_build.portal.generate import context_for
from ysxt_build.records import strict_yaml
from ysxt_build.records.form_spec import FormSpec, record_form_spec, record_values
from ysxt_build.records.templates import FILL_BLANKS, render_record, roster_line

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = "2026-03-31"
runner = CliRunner()


def ysxt(*argv: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(argv), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def copy(name: str, tmp_path: Path) -> Path:
    repo = tmp_path / name
    shutil.copytree(EXAMPLES / name, repo, ignore=shutil.ignore_patterns(".ysxt-cache", "site"))
    return repo


def loaded(name: str) -> Loaded:
    return load_repository(EXAMPLES / name, use_cache=False)


def spec_of(found: Loaded) -> FormSpec:
    assert found.schemas is not None
    return record_form_spec(found.schemas, found.dataset.plans)


# -- ysxt new -----------------------------------------------------------------------------------


def test_ysxt_new_in_the_school_writes_a_class_meeting_that_passes_the_check(tmp_path: Path) -> None:
    repo = copy("school", tmp_path)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({
        "title": "八年级“理想信念”主题班会", "participants": ["m-dong-wei"], "topics": ["思想政治", "理想信念"],
        "summary": "各班开展理想信念教育主题班会。", "evidence": [{"title": "班会记录", "archive": "八年级组档案 2026-03号"}],
    }, ensure_ascii=False), encoding="utf-8")
    code, out, err = ysxt("new", "主题班会", "--repo", str(repo), "--org", "八年级组", "--date", "2026-03-20",
                          "--answers", str(answers))
    path = "records/activities/2026/grade-8/2026-grade-8-zthh-01.yaml"  # zthh: the vocabulary's short code
    assert (code, out) == (0, path + "\n"), err
    text = (repo / path).read_text(encoding="utf-8")
    assert "# 主题班会：年级组组织的思想政治教育主题班会（2.3：每学期至少两次）。\n" in text
    assert FILL_BLANKS not in text
    code, out, err = ysxt("check", "--repo", str(repo), "--as-of", AS_OF, "--no-cache")
    assert (code, out) == (0, "检查了 24 个文件，没有发现问题。\n"), out + err
    # the grade's semester is now begun: one of the two class meetings it owes
    code, out, _ = ysxt("status", "--repo", str(repo), "--as-of", AS_OF, "--format", "json", "--no-cache")
    entries = [e for e in json.loads(out)["entries"]
               if (e["organization"], e["obligation"], e["period"]) == ("grade-8", "class-meetings", "2025S2")]
    assert [(e["done"], e["required"]) for e in entries] == [(1, 2)]


def test_ysxt_new_in_the_county_department_knows_only_its_own_types(tmp_path: Path) -> None:
    repo = copy("county-department", tmp_path)
    code, out, _ = ysxt("new", "--list-types", "--repo", str(repo))
    assert code == 0
    assert "analysis_meeting             fxyp        意识形态分析研判会" in out.splitlines()
    assert "party_briefing" not in out
    code, out, err = ysxt("new", "fxyp", "--repo", str(repo), "--org", "中共XX县文化和旅游局党组", "--date", "2026-04-10")
    path = "records/activities/2026/party-group/2026-party-group-fxyp-02.yaml"  # -01 is the repository's
    assert (code, out) == (0, path + "\n"), err
    assert "type: analysis_meeting\n" in (repo / path).read_text(encoding="utf-8")
    code, _, err = ysxt("new", "党内通报", "--repo", str(repo), "--org", "party-group")
    assert (code, err) == (2, "错误：记录类型“党内通报”不存在。可用的类型见 ysxt new --list-types，例如 专题研究会议（special_study）。\n")


def test_ysxt_new_without_a_vocabulary_says_so(tmp_path: Path) -> None:
    repo = copy("county-department", tmp_path)
    shutil.rmtree(repo / "records" / "vocabularies")
    code, _, err = ysxt("new", "--list-types", "--repo", str(repo))
    assert (code, err) == (2, "错误：仓库没有可用的词汇表（records/vocabularies/），不知道有哪些记录类型。请先运行 ysxt check 改正。\n")


# -- the form's description of each type ----------------------------------------------------------


def test_the_county_form_counts_an_analysis_meeting_only_where_its_plan_says() -> None:
    spec = spec_of(loaded("county-department"))
    analysis = spec.type("analysis_meeting")
    assert (analysis.title, analysis.code) == ("意识形态分析研判会", "fxyp")
    assert [(d.obligation, d.role, d.period) for d in analysis.duties if d.role == "qualifies"] == [("pg-analysis", "qualifies", "quarter")]
    assert analysis.group.startswith("第四条 ")
    assert all(d.obligation != "pg-special-study" for d in analysis.duties)
    lecture = spec.type("lecture")
    assert lecture.refs_for("lecture.approval") == ("approval",)
    assert spec.type("approval").group == lecture.group  # listed under the duty it serves


def test_the_school_form_offers_the_branchs_approvals_to_a_grades_lecture() -> None:
    ctx = context_for(EXAMPLES / "school", date.fromisoformat(AS_OF), PortalSettings(), use_cache=False)
    out = pages_form.render(ctx)

    def load(rel: str) -> Any:
        return json.loads(out[rel].split("\n", 1)[1].rstrip().rstrip(";"))

    main_data = load(paths.FILL_DATA)
    assert main_data["labels"]["periods"]["semester"] == "每学期"
    assert (main_data["labels"]["whole"], main_data["labels"]["leading_body"]) == ("全校", "学校党支部")
    types = {t["value"]: t for t in main_data["spec"]["types"]}
    assert "incident" not in types["lecture"]["fields"]  # a field kind the school's types never carry
    grade = load(paths.fill_org("grade-9"))
    # recorded by the school's party branch (the plan's recorded_by), offered to the grade's lecture
    assert "2025-school-branch-shbb-02" in [r["id"] for r in grade["refs"] if r["type"] == "approval"]
    semester = [e for e in grade["entries"] if e["ob"] == "class-meetings" and e["period"] == "2025S2"]
    assert [(e["plan"], e["zh"]) for e in semester] == [("school-2025", "2025—2026学年第二学期")]


@pytest.mark.parametrize("name", ["county-department", "school"])
def test_every_example_record_reads_back_the_same_through_the_writer(name: str) -> None:
    """What 修改或更正 relies on, in another unit's words (approval.event, semesters …)."""
    found = loaded(name)
    spec = spec_of(found)
    ds = found.dataset
    assert ds.records
    for r in ds.records:
        original, refusals, _ = strict_yaml.load_bytes((EXAMPLES / name / r.source).read_bytes())
        assert refusals == []
        org = ds.organization(r.organization)
        assert org is not None
        roster = roster_line(r.date.isoformat(), ((t.member_id, t.name) for t in org.holders_on(r.date)))
        text = render_record(spec, spec.type(r.type), r.id, r.organization, record_values(r), roster)
        again, _, _ = strict_yaml.load_bytes(text.encode("utf-8"))
        assert again == original, r.id

