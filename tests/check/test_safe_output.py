"""No text from a record reaches a CI log as a command (issue #11, point 2)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.builders.ci_log import HOSTILE, act_commands, commands, github_commands
from ysxt_build.check.reporters import REPORTERS, github
from ysxt_build.check.safe_output import (
    json_safe,
    log_safe,
    markdown_code,
    markdown_text,
    one_line,
    workflow_command,
)
from ysxt_build.records.characters import first_refused, for_terminal
from ysxt_build.records.problems import CheckResult, Problem

AS_OF = date(2025, 6, 30)


def test_the_log_readers_see_the_attacks() -> None:
    # the stand-ins for the runners do see a command in each hostile text (else the tests below prove nothing)
    for text in HOSTILE[:2] + HOSTILE[3:5]:
        assert commands(f"- 标题：{text}\n"), text
    assert act_commands("a\n::set-env name=A::b") and not act_commands("a\r::set-env name=A::b")
    assert github_commands("a\r::set-env name=A::b")


@pytest.mark.parametrize("text", HOSTILE)
def test_one_line_keeps_a_value_on_its_line(text: str) -> None:
    out = one_line(text)
    assert len(out.splitlines()) == 1 and "\x1b" not in out
    assert commands(f"- {out}") == [] or "##[" in text


def test_one_line_shows_what_it_escaped() -> None:
    assert one_line("a\nb\rc\td\x1be\u2028f\x85") == "a\\nb\\rc\\td\\x1be\\u2028f\\x85"
    assert one_line("青山村党总支 2025年") == "青山村党总支 2025年"


@pytest.mark.parametrize("text", HOSTILE)
def test_log_safe_leaves_no_command(text: str) -> None:
    for wrapped in (text, f"- 标题：{text}\n", f"{text}\n下一行\n"):
        out = log_safe(wrapped)
        assert commands(out) == [], out
        assert "\x1b" not in out and "\r" not in out


def test_log_safe_changes_nothing_else() -> None:
    text = "## 标题\n\n- 青山村 · 2025年：已完成 2/2\n\t缩进\n"
    assert log_safe(text) == text
    assert log_safe("无换行结尾") == "无换行结尾"
    assert log_safe("") == ""


def test_log_safe_escapes_commands_visibly_and_markdown_still_reads_them() -> None:
    assert log_safe("::set-env name=A::b\n") == "\\::set-env name=A::b\n"
    assert log_safe("  ::error::x") == "  \\::error::x"
    assert log_safe("x ##[set-output name=a;]b") == "x #\\#[set-output name=a;]b"
    assert log_safe("a\rb") == "a\nb"


@pytest.mark.parametrize("text", HOSTILE)
def test_json_safe_keeps_the_data(text: str) -> None:
    dumped = json_safe(json.dumps({"title": text, "list": [text]}, ensure_ascii=False, indent=2))
    assert json.loads(dumped) == {"title": text, "list": [text]}
    assert commands(dumped) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_a_workflow_command_ends_at_its_line(text: str) -> None:
    line = workflow_command("error", {"file": text, "line": 3, "title": text}, text)
    assert len(commands(line)) == 1 and commands(line)[0] == line
    assert line.startswith("::error file=") and "\n" not in line and "\r" not in line


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_is_literal_and_on_one_line(text: str) -> None:
    out = markdown_text(text + " <script>*x*</script> [a](b) |")
    assert len(out.splitlines()) == 1
    assert "<script>" not in out and "\\*x\\*" in out and "\\[a\\]" in out


def test_markdown_code_with_backticks() -> None:
    assert markdown_code("records/a.yaml") == "`records/a.yaml`"
    assert markdown_code("a`b\nc") == "`` a`b\\nc ``"


# -- every format of ysxt check -------------------------------------------------------------


def hostile_result() -> CheckResult:
    problems = []
    for i, text in enumerate(HOSTILE):
        problems.append(
            Problem(
                path=f"records/activities/2025/x/{text}-{i}.yaml",
                code="schema.type",
                message=f"标题“{text}”不对",
                hint=f"改成 {text}",
                line=i + 1,
            )
        )
        problems.append(Problem(path=f"records/{text}.txt", code="layout.unexpected-file", message=text, severity="warning"))
    return CheckResult(problems=problems, files_checked=20)


@pytest.mark.parametrize("fmt", sorted(set(REPORTERS) - {"github"}))
def test_no_format_of_check_prints_a_command(fmt: str) -> None:
    out = REPORTERS[fmt](hostile_result(), AS_OF)
    assert commands(out) == [], out
    assert "\x1b" not in out and "\r" not in out


def test_github_format_prints_only_its_own_annotations() -> None:
    result = hostile_result()
    out = github(result, AS_OF)
    found = commands(out)
    assert len(found) == len(result.problems)
    assert all(line.startswith(("::error file=records/", "::warning file=records/")) for line in found)
    assert len(out.splitlines()) == len(result.problems) + 1  # plus the summary
    assert "\x1b" not in out


# -- one character table for every output (issue #11.2): records.characters -------------------

#: Every character the table refuses, one of each kind, mixed into the generated texts.
REFUSED = st.sampled_from(
    ["\x00", "\x07", "\x1b", "\r", "\n", "\t", "\x0b", "\x7f", "\x85", "\x9b", "\x9d", "\u2028", "\u2029",
     "\u061c", "\u200e", "\u202e", "\u2066", "\ud800", "\udcff", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe",
     "\U0010ffff"]
)
TEXTS = st.lists(st.one_of(st.text(max_size=8), REFUSED, st.sampled_from(["::set-env name=A::b", "##[", "%0A", "青山村"])),
                 max_size=12).map("".join)


@given(TEXTS)
def test_no_refused_character_survives_one_line(text: str) -> None:
    out = one_line(text)
    assert out == for_terminal(text)  # one helper, two names
    assert first_refused(out) is None and len(out.splitlines()) <= 1


@given(TEXTS)
def test_no_refused_character_survives_log_safe(text: str) -> None:
    out = log_safe(text)
    assert first_refused(out, multiline=True) is None  # newlines and tabs only
    assert commands(out) == []


@given(TEXTS)
def test_no_refused_character_survives_json_safe_and_the_data_is_the_same(text: str) -> None:
    out = json_safe(json.dumps({"t": text}, ensure_ascii=False, indent=1))
    assert first_refused(out, multiline=True) is None and commands(out) == []
    assert json.loads(out) == {"t": text}


@given(TEXTS, TEXTS)
def test_no_refused_character_survives_a_workflow_command(value: str, message: str) -> None:
    line = workflow_command("error", {"file": value}, message)
    assert first_refused(line) is None and commands(line) == [line]


def test_the_characters_the_log_helpers_missed_are_escaped() -> None:
    """U+061C (Arabic letter mark), surrogates and noncharacters: in the table of the check,
    missing from the first version of the log helpers."""
    assert one_line("a\u061cb\udcffc\ufffed\U0001fffe") == "a\\u061cb\\udcffc\\ufffed\\U0001fffe"
    assert log_safe("x\u061c\n") == "x\\u061c\n"
    assert json_safe('"\u061c\U0001fffe"') == '"\\u061c\\ud83f\\udffe"'
