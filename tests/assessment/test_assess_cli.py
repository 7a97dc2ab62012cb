"""``ysxt assess`` through the real entry point: the proposal, the pending warning, JSON, the
draft assessment record and the comparison with the recorded result, and usage errors.

The repository is the minimal one of ``tests/builders/repo.py`` (青山村党总支 with one special-study
meeting in 2025) plus the example county rubric. Worked by hand for 2025, as of 2026-02-05
(自动计分 86 分): 年度工作安排 −4，中心组学习/干部培训/生活会 −6，专题研究（1/2）−5，
党内通报 −5，专题自查（两个半年）−10，阵地核对（两个半年）−4，舆情机制（两个半年）−4，
班子成员两人 × 5 项 −10 → 38 分，人工评分项 14 分待评。
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result

from tests.builders.repo import PROJECT, NoClock, Repo, write_minimal_repo
from ysxt_build.cli import assess as assess_cli
from ysxt_build.cli.main import main

RUBRIC = "records/rubrics/xx-county-2025.yaml"
DRAFT = "records/activities/2026/town/2026-town-assessment-01.yaml"


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setattr(assess_cli, "date", NoClock)
    repo = write_minimal_repo(tmp_path / "repo")
    repo.write(RUBRIC, (PROJECT / RUBRIC).read_bytes())
    return repo


def assess(repo: Repo, *args: str) -> Result:
    return repo.runner.invoke(main, ["assess", "--repo", str(repo.root), *args], catch_exceptions=False)


def test_proposal_for_one_organisation(county: Repo) -> None:
    result = assess(county, "--year", "2025", "--org", "qingshan-village", "--as-of", "2026-02-05")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        "2025 年度考核建议得分（按 2026-02-05 的落实情况计算）",
        "考评方案：XX县意识形态工作责任制考评方案（党总支、党支部年度考核评分细则）（xx-county-2025），满分 100 分；"
        "等次：好 ≥90，较好 ≥80，一般 ≥60，差 ≥0",
        "",
        "━━ 青山村党总支（qingshan-village）",
        "建议得分 38 分：自动计分 38/86 分，人工评分项 14 分待评分；等次待人工评分后确定",
        "扣分：",
    ]
    i = lines.index("  ✖ 专题研究意识形态工作（10 分）扣 5 分，得 5 分")
    assert lines[i + 1:i + 3] == [
        "     · 2025年“每年至少两次专题研究意识形态工作”已逾期（应 2 次，完成 1 次，缺 1 次 × 5 分），"
        "扣 5 分：还差 1 次专题研究会议，已于 2025-12-31 截止",
        "       相关记录：2025-qingshan-village-zyyj-01",
    ]
    assert "  ✖ 班子成员履行“一岗双责”（12 分）扣 10 分，得 2 分" in lines
    assert "  其余 4 项自动计分指标未扣分。" in lines
    assert lines[-4:] == [
        "人工评分：",
        "  · 把握正确的政治方向和舆论导向（6 分）：待评分",
        "  · 宣传思想文化队伍建设（4 分）：待评分",
        "  · 发挥群团作用，联系党外代表人士和新媒体从业人员（4 分）：待评分",
    ]


def test_before_the_last_due_date_it_says_what_is_pending(county: Repo) -> None:
    result = assess(county, "--year", "2025", "--as-of", "2026-01-10")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[3] == "注意：有 6 项责任截至 2026-01-10 尚未到期，没有计入扣分；最晚 2026-01-31 截止，建议在此之后考核（--as-of）。"
    assert lines[5:8] == [
        "组织          建议得分  建议等次    自动扣分  扣分项  已登记",
        "────────────  ────────  ──────────  ────────  ──────  ──────",
        "青山村党总支  49        待人工评分  37        16      —",
    ]


def test_json(county: Repo) -> None:
    result = assess(county, "--year", "2025", "--as-of", "2026-02-05", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["format"], data["version"], data["year"], data["rubric"]["id"]) == ("ysxt-assess", 1, 2025, "xx-county-2025")
    (org,) = data["organizations"]
    assert (org["organization"], org["total"], org["grade"], org["complete"], org["unscored_points"]) == (
        "qingshan-village", 38, "差", False, 14,
    )
    study = next(i for i in org["indicators"] if i["id"] == "study-and-training")
    assert [d["obligation"] for d in study["deductions"]] == ["org-group-study", "org-cadre-training", "org-life-meeting"]
    assert sum(len(i["deductions"]) for i in org["indicators"]) == 22
    assert "recorded" not in org


def test_draft_record_then_recorded_result(county: Repo) -> None:
    result = assess(county, "--year", "2025", "--org", "qingshan-village", "--as-of", "2026-02-05", "--new-record")
    assert (result.exit_code, result.stdout) == (0, DRAFT + "\n")
    assert result.stderr == (
        "已创建考核记录草稿。请填写人工评分（manual）、最终得分和等次（score、grade）和审定（signed_off_by），"
        "然后运行 ysxt check。\n"
    )
    text = county.read(DRAFT)
    for line in ("type: assessment", "organization: town", 'date: "2026-02-05"', "  target: qingshan-village",
                 "  year: 2025", "  rubric: xx-county-2025", "    - indicator: political-direction",
                 "  score: 38", '  grade: "差"', '  signed_off_by: ""'):
        assert line in text.splitlines(), line
    assert text.count('      reason: ""') == 3
    # blanks make ysxt check fail until filled
    assert county.check(as_of="2026-02-05").exit_code == 1
    county.write(DRAFT, text.replace('reason: ""', "reason: 检查情况一般").replace(
        'signed_off_by: ""', "signed_off_by: 镇党委会议（2026年2月6日）"))
    checked = county.check(as_of="2026-02-05")
    assert checked.exit_code == 0, checked.stdout

    shown = assess(county, "--year", "2025", "--org", "qingshan-village", "--as-of", "2026-02-05")
    lines = shown.stdout.splitlines()
    assert lines[-2:] == [
        "已登记的考核结果（2026-town-assessment-01）：得分 38 分，等次 差，审定：镇党委会议（2026年2月6日）",
        "  与建议比较：一致",
    ]
    assert "  · 把握正确的政治方向和舆论导向（6 分）：0 分（检查情况一般）" in lines

    county.replace(DRAFT, "  score: 38", "  score: 40")
    county.replace(DRAFT, '  grade: "差"', "  grade: 一般")
    lines = assess(county, "--year", "2025", "--org", "qingshan-village", "--as-of", "2026-02-05").stdout.splitlines()
    assert lines[-1] == (
        "  与建议比较：登记得分比建议得分高 2 分；登记等次“一般”与建议等次“差”不同；登记的等次与登记得分所在的分档不符"
    )
    table = assess(county, "--year", "2025", "--as-of", "2026-02-05").stdout.splitlines()
    assert "青山村党总支  38        差        48        22      40 分 一般" in table

    again = assess(county, "--year", "2025", "--org", "qingshan-village", "--as-of", "2026-02-05", "--new-record")
    assert (again.exit_code, again.stdout) == (1, "")
    assert again.stderr == (
        f"错误：青山村党总支 2025 年度已有考核记录 2026-town-assessment-01（{DRAFT}），没有新建。\n"
        "提示：要更正已登记的考核结果，请运行 ysxt new --amend 2026-town-assessment-01\n"
    )


@pytest.mark.parametrize(("args", "message"), [
    (["--new-record"], "错误：--new-record 需要用 --org 指定组织，例如 --org qingshan-village。\n"),
    (["--org", "qingshan-village", "--new-record", "--as-of", "2025-12-31"],
     "错误：年度考核记录在 2025 年度结束后登记：请用 --as-of 写考核日期（2026 年的日期），例如 --as-of 2026-02-05。\n"),
    (["--org", "nowhere"], "错误：没有“nowhere”这个组织。请写组织编号或完整名称：\n  town                     中共XX镇委员会\n  qingshan-village         青山村党总支\n"),
    (["--org", "town"], "错误：中共XX镇委员会不在考评方案 xx-county-2025 的考核范围内（考核党总支、党支部）。\n"),
    (["--rubric", "nope"], "错误：没有编号为“nope”的考评方案（records/rubrics/ 下现有：xx-county-2025）。\n"),
])
def test_usage_errors(county: Repo, args: list[str], message: str) -> None:
    if "--as-of" not in args:
        args = args + ["--as-of", "2026-02-05"]
    result = assess(county, "--year", "2025", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_without_a_rubric(county: Repo) -> None:
    county.remove(RUBRIC)
    result = assess(county, "--year", "2025", "--as-of", "2026-02-05")
    assert (result.exit_code, result.stderr) == (
        2, "错误：没有 2025 年度施行的考评方案。\n提示：考评方案放在 records/rubrics/方案编号.yaml。\n",
    )


def test_year_is_required(county: Repo) -> None:
    result = assess(county, "--as-of", "2026-02-05")
    assert result.exit_code == 2 and "--year" in result.stderr
