"""Control characters in a record's values, keys and file names: refused at check with the
field, the character and the line; the file is left out of the status like an invalid one."""

from __future__ import annotations

import json

import pytest

from tests.builders.repo import AS_OF, RECORD, VILLAGE, Repo
from ysxt_build.cli.main import main


@pytest.mark.parametrize(
    ("written", "char"),
    [
        ('"会议\\e[31m红字"', "U+001B"),  # YAML's escape for ESC
        ('"会议\\x1b]0;新标题\\x07"', "U+001B"),
        ('"会议\\u001b[2J"', "U+001B"),
        ('"会议\\r::set-env name=X::y"', "U+000D"),
        ('"会议\\n::warning::伪造的提示"', "U+000A"),  # a newline in a one-line field
        ('"会议\\x9b31m"', "U+009B"),
        ('"会议\\u202e议会"', "U+202E"),
        ('"会议\\0"', "U+0000"),
        ('"会议\\L下一行"', "U+2028"),
        ('"会议\\t议程"', "U+0009"),
        ("|\n  会议\n  第二行", "U+000A"),  # a block scalar in a one-line field
        ("会议\n\n  第二行", "U+000A"),  # a blank line in a plain value keeps a newline
    ],
)
def test_single_line_field_refuses(repo: Repo, written: str, char: str) -> None:
    repo.replace(RECORD, "title: 2025年第一次意识形态工作专题研究会议", f"title: {written}")
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 5, "text.control-char")
    assert problem["message"].startswith("字段“title”的第 3 个字符是不允许的控制字符 " + char)


def test_multi_line_field_keeps_newlines_and_tabs_but_not_escapes(repo: Repo) -> None:
    repo.replace(RECORD, "summary: 研究本年度", "summary: |\n  第一段\n  \t第二段\n  研究本年度")
    assert repo.check().exit_code == 0
    repo.replace(RECORD, "  第一段\n", '  第一段\x85\n')  # NEL is a line break to YAML: typed in it stays out
    repo.replace(RECORD, "summary: |", 'summary: "\\e[8m隐藏"\nx_note: |')
    codes = [p["code"] for p in repo.problems()]
    assert "text.control-char" in codes


def test_a_key_with_a_control_character(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", '"atten\\x1bdance": 12')
    found = [p for p in repo.problems() if p["code"] == "text.control-char"]
    assert len(found) == 1 and found[0]["message"].startswith("字段名“atten")
    assert found[0]["line"] == 8


def test_names_of_members_and_organisations(repo: Repo) -> None:
    repo.replace(VILLAGE, "name: 张伟", 'name: "张伟\\r\\n::add-mask::x"')
    problem = [p for p in repo.problems() if p["code"] == "text.control-char"][0]
    assert (problem["path"], problem["line"]) == (VILLAGE, 9)
    assert problem["message"].startswith("字段“members.0.name”")


def test_the_file_is_left_out_of_the_status(repo: Repo) -> None:
    repo.replace(RECORD, "title: 2025年第一次意识形态工作专题研究会议", 'title: "会议\\e]0;x\\a"')
    result = repo.runner.invoke(main, ["status", "--repo", str(repo.root), "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code == 0
    assert "有 1 个文件有错误，没有计入统计" in result.stderr
    assert "\x1b" not in result.stdout and "\\u001b" not in result.stdout


@pytest.mark.parametrize("name", ["2025-x\x1b[31m.yaml", "a\nb.yaml", "a\u202eb.txt", "a\rb"])
def test_file_names_with_control_characters(repo: Repo, name: str) -> None:
    rel = f"records/activities/2025/qingshan-village/{name}"
    repo.write(rel, "id: x\n")
    problem = repo.only_problem()
    assert (problem["path"], problem["code"]) == (rel, "layout.control-char")
    text = repo.check().stdout
    assert "\x1b" not in text and "\r" not in text and "\u202e" not in text
    assert text.count("\n") == 3  # finding, hint, summary: no line forged by the name


def test_the_text_report_never_prints_a_control_character(repo: Repo) -> None:
    repo.replace(RECORD, "lead: m-zhang-wei", 'lead: "m-\\e]52;c;ZWNobyBldmls\\a"')
    out = repo.check().stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]52;c;ZWNobyBldmls\\x07" in out  # shown, so the clerk sees what is there
    payload = json.loads(repo.check("--format", "json").stdout)
    assert payload["errors"] >= 1
