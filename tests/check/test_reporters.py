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
    assert sorted(REPORTERS) == ["github", "json", "text"]


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
