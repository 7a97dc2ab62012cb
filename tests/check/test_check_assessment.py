"""``ysxt check`` on rubrics and on assessment and accountability records."""

from __future__ import annotations

from pathlib import Path

from tests.builders.repo import Repo

RUBRIC_SOURCE = Path(__file__).resolve().parents[2] / "records" / "rubrics" / "xx-county-2025.yaml"
ASSESSMENT = "records/activities/2026/town/2025-town-assessment-01.yaml"
TEXT = """\
id: 2025-town-assessment-01
type: assessment
organization: town
date: "2026-02-10"
title: 2025年度意识形态工作责任制考核（青山村党总支）
assessment:
  target: qingshan-village
  year: 2025
  rubric: xx-county-2025
  manual:
    - indicator: {manual}
      score: {score}
  score: 90
  grade: {grade}
  signed_off_by: 镇党委会议
"""


def with_rubric(repo: Repo) -> Repo:
    repo.write("records/rubrics/xx-county-2025.yaml", RUBRIC_SOURCE.read_bytes())
    return repo


def manual_indicator() -> str:
    import yaml

    data = yaml.safe_load(RUBRIC_SOURCE.read_text(encoding="utf-8"))
    return str(next(i["id"] for i in data["indicators"] if i.get("manual")))


def test_the_example_rubric_and_a_valid_assessment_pass(repo: Repo) -> None:
    with_rubric(repo).write(ASSESSMENT, TEXT.format(manual=manual_indicator(), score=1, grade="好"))
    result = repo.check(as_of="2026-03-01")
    assert result.exit_code == 0, result.output


def test_assessment_grade_and_manual_items_are_checked_against_the_rubric(repo: Repo) -> None:
    with_rubric(repo).write(ASSESSMENT, TEXT.format(manual="no-such", score=1, grade="优秀"))
    found = {(p["line"], p["message"]) for p in repo.problems(as_of="2026-03-01")}
    assert (11, "“no-such”不是考评方案中的人工评分指标") in found
    assert (14, "等次“优秀”不在考评方案中") in found


def test_a_manual_score_above_the_indicator_points_is_refused(repo: Repo) -> None:
    with_rubric(repo).write(ASSESSMENT, TEXT.format(manual=manual_indicator(), score=99, grade="好"))
    (problem,) = repo.problems(as_of="2026-03-01")
    assert problem["line"] == 12 and problem["message"].endswith("这里写了 99 分")


def test_a_rubric_whose_points_do_not_add_up_is_reported_at_its_total(repo: Repo) -> None:
    with_rubric(repo).replace("records/rubrics/xx-county-2025.yaml", "total: 100", "total: 90")
    (problem,) = repo.problems()
    assert (problem["path"], problem["code"]) == ("records/rubrics/xx-county-2025.yaml", "rubric.total")
    assert problem["line"] == repo.line_of("records/rubrics/xx-county-2025.yaml", "total: 90")
