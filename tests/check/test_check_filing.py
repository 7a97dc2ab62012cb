"""Who may file a record (``filed_by``, ``filed_for_others_by`` in the vocabulary): the leading
body's records (inspection, assessment, accountability) and directives for other organisations.

A branch that could file them would score itself, cancel its deductions, lock its own year or
put an overdue duty on every organisation: ``ysxt check`` refuses such a record at its line,
naming who may file it, and ``status``/``assess``/the closed-year lock leave it out.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.builders.repo import PROJECT, VOCABULARY, Repo
from ysxt_build.cli.main import main
from ysxt_build.status.pipeline import compute_repository

RUBRIC = "records/rubrics/xx-county-2025.yaml"
BRANCH = "records/organizations/qingshan-village-1.yaml"
BRANCH_TEXT = """\
id: qingshan-village-1
name: 青山村第一党支部
kind: branch
category: village
parent: qingshan-village
founded: "2010-01-01"
members:
  - id: m-sun-li
    name: 孙丽
    role: secretary
    from: "2020-01-01"
"""

ASSESSMENT = "records/activities/2026/qingshan-village/2026-qingshan-village-assessment-01.yaml"
ASSESSMENT_TEXT = """\
id: 2026-qingshan-village-assessment-01
type: assessment
organization: qingshan-village
date: "2026-02-10"
title: 2025年度考核
assessment:
  target: qingshan-village
  year: 2025
  rubric: xx-county-2025
  score: 100
  grade: 好
  signed_off_by: 支部会议
"""
INSPECTION = "records/activities/2025/qingshan-village/2025-qingshan-village-jc-01.yaml"
INSPECTION_TEXT = """\
id: 2025-qingshan-village-jc-01
type: inspection
organization: qingshan-village
date: "2025-07-10"
title: 上半年检查
inspection:
  target: {target}
  period: 2025H1
  methods: [on_site]
  conclusion: good
"""
ACCOUNTABILITY = "records/activities/2025/qingshan-village/2025-qingshan-village-wz-01.yaml"
ACCOUNTABILITY_TEXT = """\
id: 2025-qingshan-village-wz-01
type: accountability
organization: qingshan-village
date: "2025-07-10"
title: 问责决定
accountability:
  target: qingshan-village
  situation: 1
  response: reminder
  decided_on: "2025-07-10"
  decision_document: 青山村党总支会议纪要
"""
DIRECTIVE = "records/activities/2025/qingshan-village/2025-qingshan-village-sjbs-01.yaml"
DIRECTIVE_TEXT = """\
id: 2025-qingshan-village-sjbs-01
type: directive
organization: qingshan-village
date: "2025-05-10"
title: 关于加强村级阵地管理的通知
directive:
  issuer: 某上级单位
  applies_to: {applies}
"""
TOWN_ASSESSMENT = "records/activities/2026/town/2026-town-assessment-01.yaml"

KIND_HINT = "这类记录由镇党委登记在自己名下：中共XX镇委员会（organization 写 town）；本组织自己的工作请改用相应的记录类型（type）。"


def _kind_message(type_name: str) -> str:
    return f"“{type_name}”记录只能由镇党委登记，青山村党总支（党总支）不能登记"


@pytest.mark.parametrize(
    ("path", "text", "type_name"),
    [
        (ASSESSMENT, ASSESSMENT_TEXT, "年度考核"),
        (INSPECTION, INSPECTION_TEXT.format(target="qingshan-village"), "检查"),
        (ACCOUNTABILITY, ACCOUNTABILITY_TEXT, "问责"),
    ],
)
def test_a_branch_cannot_file_the_leading_bodys_records(repo: Repo, path: str, text: str, type_name: str) -> None:
    repo.write(RUBRIC, (PROJECT / RUBRIC).read_bytes())
    repo.write(path, text)
    result = repo.check(as_of="2026-03-01")
    assert result.exit_code == 1, result.output
    problem = repo.only_problem(as_of="2026-03-01")
    assert (problem["path"], problem["line"], problem["code"]) == (path, repo.line_of(path, "organization:"), "filing.kind")
    assert problem["message"] == _kind_message(type_name)
    assert problem["hint"] == KIND_HINT


def test_a_vocabulary_that_says_nothing_still_keeps_judging_records_to_the_leading_body(repo: Repo) -> None:
    """A town's vocabulary written before ``filed_by`` existed: a record with a target (检查、考核、
    问责) is filed by the leading body (``top``) only."""
    text = repo.read(VOCABULARY)
    repo.write(VOCABULARY, "".join(line for line in text.splitlines(keepends=True) if "filed_by" not in line))
    repo.write(INSPECTION, INSPECTION_TEXT.format(target="qingshan-village"))
    problem = repo.only_problem()
    assert (problem["code"], problem["message"]) == ("filing.kind", _kind_message("检查"))


@pytest.mark.parametrize(
    ("applies", "pointer_line", "whom"),
    [
        ("all", "applies_to", "全镇所有组织（all）"),
        ("[town]", "applies_to", "中共XX镇委员会（town）"),
        ("[qingshan-village, town]", "applies_to", "中共XX镇委员会（town）"),
    ],
)
def test_a_branch_cannot_file_a_directive_for_organisations_beyond_its_own(
    repo: Repo, applies: str, pointer_line: str, whom: str
) -> None:
    repo.write(DIRECTIVE, DIRECTIVE_TEXT.format(applies=applies))
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (DIRECTIVE, repo.line_of(DIRECTIVE, pointer_line), "filing.reach")
    assert problem["message"] == f"青山村党总支登记的“上级部署/文件”涉及{whom}，超出了本组织及下属组织的范围"
    assert problem["hint"] == (
        "涉及其他组织的“上级部署/文件”只能由镇党委登记（中共XX镇委员会（organization 写 town））；"
        "本组织的只写本组织（qingshan-village）或下属组织的编号。"
    )


@pytest.mark.parametrize("applies", ["[qingshan-village]", "[qingshan-village, qingshan-village-1]", "[qingshan-village-1]"])
def test_a_branch_may_record_a_directive_it_received_for_itself_and_those_under_it(repo: Repo, applies: str) -> None:
    repo.write(BRANCH, BRANCH_TEXT)
    repo.write(DIRECTIVE, DIRECTIVE_TEXT.format(applies=applies))
    result = repo.check()
    assert result.exit_code == 0, result.output


def test_the_town_committee_files_for_everyone(repo: Repo) -> None:
    repo.write(DIRECTIVE.replace("qingshan-village", "town"),
               DIRECTIVE_TEXT.format(applies="all").replace("qingshan-village", "town"))
    repo.write(INSPECTION.replace("qingshan-village", "town"),
               INSPECTION_TEXT.format(target="qingshan-village").replace("qingshan-village-jc", "town-jc")
               .replace("organization: qingshan-village", "organization: town"))
    result = repo.check()
    assert result.exit_code == 0, result.output


def test_a_kind_the_vocabulary_allows_files_only_within_its_own_subtree(repo: Repo) -> None:
    """A vocabulary that lets general branches inspect (``filed_by: [town_committee,
    general_branch]``): their branches, not another organisation."""
    repo.replace(VOCABULARY, "    fields: [inspection]\n    filed_by: [town_committee]",
                 "    fields: [inspection]\n    filed_by: [town_committee, general_branch]")
    repo.write(BRANCH, BRANCH_TEXT)
    repo.write(INSPECTION, INSPECTION_TEXT.format(target="qingshan-village-1"))
    assert repo.check().exit_code == 0
    repo.write(INSPECTION, INSPECTION_TEXT.format(target="town"))
    problem = repo.only_problem()
    assert (problem["code"], problem["line"]) == ("filing.reach", repo.line_of(INSPECTION, "target:"))
    assert problem["message"] == "青山村党总支登记的“检查”涉及中共XX镇委员会（town），超出了本组织及下属组织的范围"


def test_moving_an_organisation_out_of_the_subtree_is_seen_by_a_cached_check(repo: Repo) -> None:
    """The rule runs on every check, cached or not: a change of an organisation's parent
    (not of the record) makes the directive reach beyond its filer."""
    repo.write(BRANCH, BRANCH_TEXT)
    repo.write(DIRECTIVE, DIRECTIVE_TEXT.format(applies="[qingshan-village-1]"))
    assert repo.check().exit_code == 0
    repo.replace(BRANCH, "parent: qingshan-village", "parent: town")
    cached, fresh = repo.problems(), repo.problems("--no-cache")
    assert cached == fresh and [p["code"] for p in cached] == ["filing.reach"]


def test_a_vocabulary_naming_an_unknown_kind_is_refused(repo: Repo) -> None:
    repo.replace(VOCABULARY, "    fields: [inspection]\n    filed_by: [town_committee]",
                 "    fields: [inspection]\n    filed_by: [town_comittee]")
    problem = repo.only_problem()
    assert (problem["path"], problem["code"], problem["line"]) == (VOCABULARY, "ref.org-kind", repo.line_of(VOCABULARY, "town_comittee"))
    assert problem["message"] == "登记的组织类型“town_comittee”不在本词汇表的 org_kinds 中"


# -- status, assess and the closed-year lock leave such a record out ----------------------


runner = CliRunner()


def test_status_leaves_out_a_directive_a_branch_filed_for_everyone(repo: Repo) -> None:
    repo.write(DIRECTIVE, DIRECTIVE_TEXT.format(applies="all"))
    computed = compute_repository(repo.root, date(2025, 12, 31), use_cache=False)
    assert "2025-qingshan-village-sjbs-01" not in computed.dataset.records_by_id
    assert [(p.path, p.code) for p in computed.load_errors] == [(DIRECTIVE, "filing.reach")]
    # no relay duty on the town committee (or anyone) from it
    assert not [e for e in computed.report.entries if e.trigger == "2025-qingshan-village-sjbs-01"]
    result = runner.invoke(main, ["status", "--repo", str(repo.root), "--as-of", "2025-12-31"])
    assert "2025-qingshan-village-sjbs-01" not in result.output
    assert "有 1 个文件有错误，没有计入" in result.output


def test_assess_ignores_a_branchs_own_assessment(repo: Repo) -> None:
    repo.write(RUBRIC, (PROJECT / RUBRIC).read_bytes())
    repo.write(ASSESSMENT, ASSESSMENT_TEXT)
    result = runner.invoke(main, ["assess", "--repo", str(repo.root), "--year", "2025", "--as-of", "2026-03-01"])
    assert "已登记的考核结果" not in result.output and "2026-qingshan-village-assessment-01" not in result.output
    assert "有 1 个文件有错误，没有计入" in result.output


def _commit_base(root: Path) -> None:
    """The repository as it is becomes the base branch ``main``."""
    for args in (("init", "-q", "-b", "main"), ("config", "user.email", "clerk@example.invalid"),
                 ("config", "user.name", "clerk"), ("add", "-A"), ("commit", "-qm", "base")):
        subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True)


def test_a_branchs_own_assessment_already_in_the_base_locks_nothing(repo: Repo) -> None:
    """A town that merged such a record before the rule: it does not close the branch's year,
    and the branch can delete it (its year is not locked by its own record)."""
    repo.write(RUBRIC, (PROJECT / RUBRIC).read_bytes())
    repo.write(ASSESSMENT, ASSESSMENT_TEXT)
    _commit_base(repo.root)
    repo.remove(ASSESSMENT)
    repo.replace("records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-01.yaml", "研究本年度", "认真研究本年度")
    result = runner.invoke(main, ["check", "--repo", str(repo.root), "--as-of", "2026-03-01", "--base", "main"])
    assert result.exit_code == 0, result.output


def test_the_town_committees_assessment_in_the_base_still_locks_the_year(repo: Repo) -> None:
    repo.write(RUBRIC, (PROJECT / RUBRIC).read_bytes())
    repo.write(TOWN_ASSESSMENT, ASSESSMENT_TEXT.replace("2026-qingshan-village-assessment-01", "2026-town-assessment-01")
               .replace("organization: qingshan-village", "organization: town"))
    _commit_base(repo.root)
    repo.replace("records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-01.yaml", "研究本年度", "认真研究本年度")
    result = runner.invoke(main, ["check", "--repo", str(repo.root), "--as-of", "2026-03-01", "--base", "main", "--format", "json"])
    assert result.exit_code == 1 and "closed.modified" in result.output
