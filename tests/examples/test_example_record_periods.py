"""A record of the school names the semester it is for (``period: 2025S1``): ``ysxt new`` says
how, ``ysxt check`` takes it (and says what to write for a wrong one), and the status counts it
for that semester's duty, not for the semester its date falls in.

The school's rules have no self-inspection; a copy of the example gets one, as a school would
add it: 专题自查 each semester by the 行政领导班子, the report in writing to the 学校党支部,
due 15 days after the semester.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ysxt_build.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = "2026-11-29"
RECORD = "records/activities/2026/administration/2026-administration-ztzc-01.yaml"

SELF_INSPECTION_TYPE = """\
  - code: self_inspection
    name: 专题自查
    short: ztzc
    description: 行政领导班子每学期的意识形态工作专题自查，自查报告书面报学校党支部。
    fields: [report]
"""

SELF_INSPECTION_DUTY = """\
  - id: self-inspection
    clause: "2.6"
    title: 行政领导班子每学期开展一次专题自查，自查报告书面报学校党支部
    kind: deliverable
    subject: {level: organization}
    period: semester
    count: 1
    due: {grace_days: 15}
    qualifies: {types: [self_inspection], topics_any: []}
    requires: {report_to: school-branch, evidence: true}
"""

CLAUSE = """\
  - ref: "2.6"
    text: 行政领导班子每学期开展一次意识形态工作专题自查，自查报告书面报学校党支部。
"""

ANSWERS: dict[str, Any] = {
    "title": "2025—2026学年第一学期意识形态工作专题自查",
    "period": "2025S1",
    "lead": "m-wu-tao",
    "topics": ["意识形态工作", "专题自查"],
    "summary": "自查校园阵地管理和课堂教学中的意识形态工作，列出问题和整改措施。",
    "report": {"submitted_to": "school-branch", "submitted_on": "2026-02-06"},
    "evidence": [{"title": "自查报告", "archive": "学校党建档案 2026-02"}],
}


def ysxt(*argv: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(argv), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A copy of the school with a semester self-inspection in its vocabulary and rules."""
    repo = tmp_path / "school"
    shutil.copytree(EXAMPLES / "school", repo, ignore=shutil.ignore_patterns(".ysxt-cache", "site"))
    vocabulary = repo / "records/vocabularies/school.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + SELF_INSPECTION_TYPE, encoding="utf-8")
    plan = repo / "records/plans/school-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "\nclauses:\n" in text and '  - ref: "3"\n' in text
    text = text.replace("\nclauses:\n", "\n" + SELF_INSPECTION_DUTY + "clauses:\n").replace('  - ref: "3"\n', CLAUSE + '  - ref: "3"\n')
    plan.write_text(text, encoding="utf-8")
    return repo


def write_self_inspection(repo: Path, answers: dict[str, Any]) -> Path:
    """What a clerk does: ``ysxt new 专题自查`` after the winter break, for the first semester."""
    path = repo.parent / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    code, out, err = ysxt("new", "专题自查", "--repo", str(repo), "--org", "administration", "--date", "2026-02-05",
                          "--answers", str(path))
    assert (code, out, err) == (0, f"{RECORD}\n", "已创建。请运行 ysxt check 检查，然后提交。\n")
    return repo / RECORD


def self_inspections(repo: Path) -> dict[str, dict[str, Any]]:
    code, out, _ = ysxt("status", "--repo", str(repo), "--as-of", AS_OF, "--format", "json", "--no-cache")
    assert code == 0
    return {e["period"]: e for e in json.loads(out)["entries"]
            if (e["organization"], e["obligation"]) == ("administration", "self-inspection")}


def test_a_semester_self_inspection_passes_the_check_and_counts_for_that_semester(school: Path) -> None:
    written = write_self_inspection(school, ANSWERS).read_text(encoding="utf-8")
    assert 'period: "2025S1"\n' in written
    # the template says how the school writes its own periods
    assert "本单位自定的期间：学期写成 2025S1（2025—2026学年第一学期）或 2025S2（2025—2026学年第二学期），" \
           "学年写成 2025A1（2025—2026学年）。\nperiod:" in written
    code, out, _ = ysxt("check", "--repo", str(school), "--as-of", AS_OF, "--no-cache")
    assert (code, out) == (0, "检查了 24 个文件，没有发现问题。\n")
    s = self_inspections(school)
    first = s["2025S1"]
    assert (first["status"], first["due"], first["records"]) == ("met", "2026-02-15", ["2026-administration-ztzc-01"])
    assert s["2025S2"]["status"] == "missing" and s["2025S2"]["records"] == []
    code, out, _ = ysxt("status", "--repo", str(school), "--as-of", AS_OF, "--no-cache", "--period", "2025—2026学年第一学期")
    assert code == 0
    assert "✔ 已完成      XX县第一中学行政领导班子 · 2025—2026学年第一学期 · 2.6 行政领导班子每学期开展一次专题自查，自查报告书面报学校党支部" in out


def test_without_the_period_the_same_record_counts_for_the_semester_of_its_date(school: Path) -> None:
    write_self_inspection(school, {k: v for k, v in ANSWERS.items() if k != "period"})
    s = self_inspections(school)
    assert (s["2025S1"]["status"], s["2025S2"]["status"]) == ("missing", "met")


@pytest.mark.parametrize(("written", "message"), [
    ("2025S3", "字段“period”（所属期间）的“2025S3”不存在：学期只有 2 期，即 2025S1（2025—2026学年第一学期）、2025S2（2025—2026学年第二学期）"),
    ("2025X1", "字段“period”（所属期间）的“2025X1”不是本仓库的期间：本仓库的自定期间只有 S（学期）、A（学年），没有字母 X 的期间"),
    ("2025—2026学年第一学期", "字段“period”（所属期间）的写法不对：“2025—2026学年第一学期”，应写 2025S1（2025—2026学年第一学期）"),
    ("2025年下半年", "字段“period”（所属期间）的写法不对：“2025年下半年”，应写 2025H2（2025年下半年）"),
])
def test_a_wrong_semester_says_what_to_write(school: Path, written: str, message: str) -> None:
    record = write_self_inspection(school, ANSWERS)
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace('period: "2025S1"', f'period: "{written}"'), encoding="utf-8")
    line = text.splitlines().index('period: "2025S1"') + 1
    code, out, _ = ysxt("check", "--repo", str(school), "--as-of", AS_OF, "--no-cache")
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{RECORD}:{line}: 错误：{message}",
        '    提示：活动针对的期间，写成 2025（年）、2025H2（下半年）、2025Q4（季度）或 2025M12（月）。'
        '只在活动日期已进入下一期间时写，例如 2026年1月的述职报告针对 2025 年就写 period: "2025"；不写时按日期所在期间计算。'
        "本单位自定的期间：学期写成 2025S1（2025—2026学年第一学期）或 2025S2（2025—2026学年第二学期），学年写成 2025A1（2025—2026学年）。",
    ]
