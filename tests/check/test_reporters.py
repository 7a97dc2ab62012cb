"""The three output formats of ``ysxt check``, on hand-made results."""

from __future__ import annotations

import json
from datetime import date

from ysxt_build.check.reporters import REPORTERS, github, json_report, text
from ysxt_build.records.problems import CheckResult, Problem

AS_OF = date(2025, 6, 30)

ERROR = Problem(
    path="records/activities/2025/x/a.yaml",
    code="schema.type",
    message="字段“attendance”应为整数",
    hint="请写阿拉伯数字。",
    line=8,
)
FILE_WARNING = Problem(
    path="records/notes.txt", code="layout.unexpected-file", message="records/ 下有不认识的文件", severity="warning"
)
EARLIER_ERROR = Problem(path="records/activities/2025/x/a.yaml", code="yaml.duplicate-key", message="重复", line=3)


def result(*problems: Problem, files: int = 3) -> CheckResult:
    return CheckResult(problems=list(problems), files_checked=files)


def test_reporters_by_name() -> None:
    assert sorted(REPORTERS) == ["gitea", "github", "gitlab", "json", "junit", "text"]


def test_text_without_problems() -> None:
    assert text(result(), AS_OF) == "检查了 3 个文件，没有发现问题。\n"


def test_text_with_errors_and_warnings_sorted_by_file_and_line() -> None:
    out = text(result(FILE_WARNING, ERROR, EARLIER_ERROR), AS_OF)
    assert out == (
        "records/activities/2025/x/a.yaml:3: 错误：重复\n"
        "records/activities/2025/x/a.yaml:8: 错误：字段“attendance”应为整数\n"
        "    提示：请写阿拉伯数字。\n"
        "records/notes.txt: 提醒：records/ 下有不认识的文件\n"
        "检查了 3 个文件，发现 2 个错误、1 个提醒。请按提示改正后再提交。\n"
    )


def test_text_with_warnings_only() -> None:
    assert text(result(FILE_WARNING), AS_OF).splitlines()[-1] == "检查了 3 个文件：另有 1 个提醒（见上，不影响提交，但请留意）。没有发现问题。"


def test_json_report() -> None:
    payload = json.loads(json_report(result(ERROR, FILE_WARNING), AS_OF))
    assert list(payload) == ["format", "version", "as_of", "files_checked", "errors", "warnings", "problems"]
    assert payload["as_of"] == "2025-06-30"
    assert (payload["errors"], payload["warnings"]) == (1, 1)
    assert payload["problems"][0] == {
        "path": "records/activities/2025/x/a.yaml",
        "line": 8,
        "severity": "error",
        "code": "schema.type",
        "message": "字段“attendance”应为整数",
        "hint": "请写阿拉伯数字。",
    }
    assert payload["problems"][1]["line"] == 0


def test_json_keeps_chinese_readable() -> None:
    assert "字段“attendance”" in json_report(result(ERROR), AS_OF)


def test_github_annotation() -> None:
    assert github(result(ERROR), AS_OF).splitlines() == [
        "::error file=records/activities/2025/x/a.yaml,line=8,title=ysxt schema.type::"
        "字段“attendance”应为整数%0A提示：请写阿拉伯数字。",
        "检查了 3 个文件，发现 1 个错误。请按提示改正后再提交。",
    ]


def test_github_without_line_or_hint() -> None:
    assert github(result(FILE_WARNING), AS_OF).splitlines()[0] == (
        "::warning file=records/notes.txt,title=ysxt layout.unexpected-file::records/ 下有不认识的文件"
    )


def test_github_escapes() -> None:
    odd = Problem(
        path="records/a,b:c%d.yaml",
        code="x:y,z",
        message="50% 完成\r\n第二行: a,b",
        hint="提示%",
        line=2,
    )
    assert github(result(odd), AS_OF).splitlines()[0] == (
        "::error file=records/a%2Cb%3Ac%25d.yaml,line=2,title=ysxt x%3Ay%2Cz::"
        "50%25 完成%0D%0A第二行: a,b%0A提示：提示%25"
    )


# -- the forges' formats --------------------------------------------------------------------

import re  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

import jsonschema  # noqa: E402

from tests.builders.fake_forge import GITEA_REVIEW  # noqa: E402  (Gitea's CreatePullReviewOptions)

from ysxt_build.check.reporters import REVIEW_MARKER, gitea, gitlab, junit, review_payload  # noqa: E402

#: GitLab's Code Quality report as its documentation describes it (docs.gitlab.com,
#: ci/testing/code_quality, "Code Quality report format"): an array of issues, each with the
#: required description, check_name, fingerprint, severity (info, minor, major, critical,
#: blocker), location.path and location.lines.begin.
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}

def test_gitlab_code_quality_matches_gitlabs_documented_shape() -> None:
    issues = json.loads(gitlab(result(ERROR, FILE_WARNING, EARLIER_ERROR), AS_OF))
    jsonschema.validate(issues, GITLAB_CODE_QUALITY)
    assert issues[1] == {
        "description": "字段“attendance”应为整数 提示：请写阿拉伯数字。",
        "check_name": "ysxt schema.type",
        "fingerprint": issues[1]["fingerprint"],
        "severity": "major",
        "location": {"path": "records/activities/2025/x/a.yaml", "lines": {"begin": 8}},
    }
    assert issues[2]["severity"] == "minor" and issues[2]["location"]["lines"]["begin"] == 1  # a whole file
    assert len({i["fingerprint"] for i in issues}) == 3


def test_gitlab_fingerprints_stay_when_lines_move_and_differ_for_twins() -> None:
    moved = Problem(**{**ERROR.__dict__, "line": 20})
    assert json.loads(gitlab(result(ERROR), AS_OF))[0]["fingerprint"] == json.loads(gitlab(result(moved), AS_OF))[0]["fingerprint"]
    twins = json.loads(gitlab(result(ERROR, moved), AS_OF))
    assert twins[0]["fingerprint"] != twins[1]["fingerprint"]


def test_gitlab_without_problems_is_an_empty_list() -> None:
    assert json.loads(gitlab(result(), AS_OF)) == []


def test_gitea_review_matches_the_api_and_puts_each_problem_at_its_line() -> None:
    review = json.loads(gitea(result(ERROR, FILE_WARNING, EARLIER_ERROR), AS_OF))
    jsonschema.validate(review, GITEA_REVIEW)
    assert review["event"] == "COMMENT"
    assert [(c["path"], c["new_position"]) for c in review["comments"]] == [
        ("records/activities/2025/x/a.yaml", 3),
        ("records/activities/2025/x/a.yaml", 8),
    ]
    assert review["comments"][1]["body"] == (
        "**错误**：字段“attendance”应为整数\n\n提示：请写阿拉伯数字。\n\n<sub>ysxt schema.type</sub>"
    )
    body = review["body"]
    assert body.startswith(REVIEW_MARKER + "\n## ysxt 检查结果\n")
    assert "检查了 3 个文件，发现 2 个错误、1 个提醒。" in body
    # a finding without a line goes into the body, with its file
    assert "- `records/notes.txt` 整个文件：**提醒** records/ 下有不认识的文件" in body


def test_review_leaves_lines_outside_the_diff_in_the_body() -> None:
    review = review_payload(result(ERROR, EARLIER_ERROR), on_diff=lambda path, line: line == 8, extra="## 摘要\n")
    comments = review["comments"]
    assert isinstance(comments, list)
    assert [c["new_position"] for c in comments] == [8]
    body = str(review["body"])
    assert "`records/activities/2025/x/a.yaml` 第 3 行：**错误** 重复" in body
    assert body.endswith("## 摘要\n")


def test_review_escapes_markdown_from_records() -> None:
    odd = Problem(path="records/a.yaml", code="x", message="<img src=x onerror=alert(1)> *粗体* [链接](http://x)", line=1)
    body = json.loads(gitea(result(odd), AS_OF))["comments"][0]["body"]
    assert re.search(r"(?<!\\)<img", body) is None and "\\<img" in body and "\\*粗体\\*" in body and "\\[链接\\]" in body


def test_junit_xml() -> None:
    root = ET.fromstring(junit(result(ERROR, FILE_WARNING, EARLIER_ERROR, files=5), AS_OF))
    assert root.tag == "testsuites"
    (suite,) = root
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"records/activities/2025/x/a.yaml", "records/notes.txt", "其余 3 个文件没有问题"}
    failure = cases["records/activities/2025/x/a.yaml"].find("failure")
    assert failure is not None and failure.get("type") == "yaml.duplicate-key"
    assert failure.text == (
        "records/activities/2025/x/a.yaml:3: 错误：重复\n"
        "records/activities/2025/x/a.yaml:8: 错误：字段“attendance”应为整数\n"
        "    提示：请写阿拉伯数字。"
    )
    notes = cases["records/notes.txt"]
    assert notes.find("failure") is None
    assert notes.findtext("system-out") == "records/notes.txt: 提醒：records/ 下有不认识的文件"


def test_junit_without_problems() -> None:
    root = ET.fromstring(junit(result(files=4), AS_OF))
    assert [c.get("name") for c in root.iter("testcase")] == ["其余 4 个文件没有问题"]
    assert root.get("failures") == "0"


def test_junit_is_valid_xml_whatever_a_record_holds() -> None:
    odd = Problem(path="records/a\x01<&>\".yaml", code="x", message="\x00\x1b[31m]]>", line=1)
    root = ET.fromstring(junit(result(odd), AS_OF))
    assert next(root.iter("testcase")).get("name") == 'records/a\\x01<&>".yaml'
