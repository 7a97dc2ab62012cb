"""The strict YAML reader on its own: what it accepts, what it refuses, and that it never crashes."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ysxt_build.records import strict_yaml
from ysxt_build.records.strict_yaml import StrictYamlError, YamlRefusal, line_of, load_bytes, load_text


def refusal(text: str | bytes) -> YamlRefusal:
    with pytest.raises(StrictYamlError) as caught:
        if isinstance(text, bytes):
            load_bytes(text)
        else:
            load_text(text)
    return caught.value.refusal


# -- what values become ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("true", True),
        ("false", False),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("14:30", "14:30"),
        ("2025-06-30", "2025-06-30"),
        ("2025-06-30 10:00:00", "2025-06-30 10:00:00"),
        ("12", 12),
        ("-3", -3),
        ("012", "012"),
        ("0x10", "0x10"),
        ("1_000", "1_000"),
        ("1.5", 1.5),
        ("=", "="),
        ("~", None),
        ("null", None),
        ('"12"', "12"),
        ("二（一）4", "二（一）4"),
    ],
)
def test_scalar_values(written: str, value: Any) -> None:
    data, refusals = load_text(f"a: {written}\n")
    assert data == {"a": value}
    assert type(data["a"]) is type(value)
    assert refusals == []


def test_duplicate_keys_are_collected_not_raised() -> None:
    data, refusals = load_text("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n")
    assert data == {"a": 1, "b": {"c": 2}}
    assert sorted((r.line, r.code, r.message) for r in refusals) == [
        (4, "yaml.duplicate-key", "字段“c”重复出现"),
        (5, "yaml.duplicate-key", "字段“a”重复出现"),
    ]


def test_keys_must_be_text() -> None:
    data, refusals = load_text("1: a\ntrue: b\nc: d\n")
    assert data == {"c": "d"}
    assert [(r.code, r.line) for r in refusals] == [("yaml.key-not-text", 1), ("yaml.key-not-text", 2)]


# -- what is refused ------------------------------------------------------------------------


def test_merge_key_is_refused_with_its_alias() -> None:
    r = refusal("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert (r.code, r.line) == ("yaml.anchor", 1)


def test_undefined_alias() -> None:
    r = refusal("a: *nothing\n")
    assert (r.code, r.line, r.message) == ("yaml.alias", 1, "不允许使用别名“*nothing”")


def test_tag_on_the_document() -> None:
    r = refusal("--- !!map\na: 1\n")
    assert (r.code, r.message) == ("yaml.tag", "不允许使用标签“!!map”")


def test_quoted_special_characters_are_fine() -> None:
    data, _ = load_text('a: "&x *y !z"\nb: \'!important\'\n')
    assert data == {"a": "&x *y !z", "b": "!important"}


def test_second_document() -> None:
    r = refusal("a: 1\n---\nb: 2\n")
    assert (r.code, r.line) == ("yaml.syntax", 2)
    assert r.message == "YAML 格式错误：一个文件只能写一条"


def test_control_character() -> None:
    r = refusal("a: 1\nb: 会议\nc: d\x07\n")
    assert (r.code, r.line) == ("yaml.syntax", 3)
    assert r.message == "YAML 格式错误：文件里有不可见的控制字符"


def test_empty_text() -> None:
    assert (refusal("").code, refusal("  \n# 说明\n").code) == ("yaml.empty", "yaml.empty")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('a: 1\nb: "x\nc: 2\n', 2, "YAML 格式错误：引号没有配对，这一行的引号只有开头没有结尾"),
        ("a: 1\nb: 'x\nc: 2\n", 2, "YAML 格式错误：引号没有配对，这一行的引号只有开头没有结尾"),
        ('a: 1\nb: "x\nc: "y"\nd: 3\n', 2, "YAML 格式错误：引号没有配对，这一行的引号只有开头没有结尾"),
        ("a: 1\nb: [x, y\nc: 2\n", 2, "YAML 格式错误：方括号“[”没有配对"),
        ("a: 1\nb: {x: y\nc: 2\n", 2, "YAML 格式错误：花括号“{”没有配对"),
        ("a: 1\n b: 2\n", 2, "YAML 格式错误：缩进没有对齐，这一行比上一行多了空格"),
        ("a:\n\tb: 2\n", 2, "YAML 格式错误：不能用 Tab 键缩进"),
        ("a: 1\nb：2\nc: 3\n", 2, "YAML 格式错误：字段名后面用了中文冒号“：”"),
        ("a: 1\nb\nc: 3\n", 2, "YAML 格式错误：缺少冒号“:”"),
        ("a: x: y\n", 1, "YAML 格式错误：这里不能出现冒号“:”"),
        ("a: @x\n", 1, "YAML 格式错误：这一行有不能开头的字符"),
    ],
)
def test_syntax_errors_name_the_line_to_fix(text: str, line: int, message: str) -> None:
    r = refusal(text)
    assert (r.code, r.line, r.message) == ("yaml.syntax", line, message)
    assert r.hint


def test_escaped_quote_does_not_close_a_string() -> None:
    r = refusal('a: 1\nb: "他说\\"好\nc: 2\n')
    assert r.line == 2


# -- bytes ----------------------------------------------------------------------------------


def test_bom_is_dropped() -> None:
    data, _, text = load_bytes(b"\xef\xbb\xbfa: 1\n")
    assert data == {"a": 1}
    assert text == "a: 1\n"


def test_gbk_names_the_first_bad_line() -> None:
    r = refusal("a: 1\nb: 2\ntitle: 会议\n".encode("gbk"))
    assert (r.code, r.line) == ("file.encoding", 3)
    assert "GBK" in r.message


def test_other_encodings() -> None:
    assert refusal("a: 会议\n".encode("utf-16")).message == "文件是 UTF-16 编码，不是 UTF-8"
    assert refusal("a: 会议\n".encode("utf-16-be")).message == "文件是 UTF-16 编码，不是 UTF-8"
    assert refusal(b"a: \xff\xfe\xfd\n").message == "文件不是 UTF-8 编码"


def test_size_bound() -> None:
    r = refusal(b"a: " + b"x" * strict_yaml.MAX_BYTES)
    assert (r.code, r.line) == ("file.too-large", 0)
    assert r.message == "文件太大（1025 KB），一个记录文件最多 1024 KB"


# -- lines of places inside a file ----------------------------------------------------------


def test_line_of() -> None:
    text = "id: x\nmembers:\n  - id: m-a\n    name: 甲\n  - id: m-b\n    from: '2025'\n"
    assert line_of(text, ()) == 1
    assert line_of(text, ("members",)) == 2
    assert line_of(text, ("members", 1)) == 5
    assert line_of(text, ("members", 1, "from")) == 6
    assert line_of(text, ("members", 1, "missing")) == 5
    assert line_of(text, ("members", 7, "from")) == 2
    assert line_of("a: [unclosed\n", ("a",)) == 0


# -- never crashes --------------------------------------------------------------------------

YAMLISH = st.text(alphabet=list("ab1 :-_[]{},\"'#&*!|>?%@`\\\n\t\r：会议"), max_size=60)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_any_text_is_read_or_refused_with_a_line(text: str) -> None:
    try:
        load_text(text)
    except StrictYamlError as exc:
        r = exc.refusal
        assert r.code.startswith("yaml.")
        assert 1 <= r.line <= text.count("\n") + text.count("\r") + 2
        assert re.search(r"[\u4e00-\u9fff]", r.message), r.message
        assert r.hint


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused(raw: bytes) -> None:
    try:
        load_bytes(raw)
    except StrictYamlError as exc:
        assert exc.refusal.code.startswith(("yaml.", "file."))


SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).filter(
    lambda s: not re.fullmatch(r"[-+0-9._eE]*", s)
)
VALUES = st.one_of(SAFE_TEXT, st.integers(), st.booleans(), st.none())


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(SAFE_TEXT, st.one_of(VALUES, st.lists(VALUES, max_size=3)), min_size=1, max_size=5))
def test_dumped_data_round_trips(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded, refusals = load_text(text)
    assert loaded == data
    assert refusals == []


# -- nesting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * 200_000, 1),  # 200 KB: used to overflow the C stack (a segmentation fault)
        ("{a: " * 50_000, 1),
        ("x: " + "[" * 40 + "]" * 40 + "\n", 1),  # well formed, still too deep
        ("".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "v\n", 33),  # block mappings
        ("- " * 40 + "x\n", 1),  # compact block sequences on one line
        ("a: 1\nb:\n" + "".join(f"{' ' * (i + 2)}- \n" for i in range(39)), 34),
    ],
)
def test_nesting_deeper_than_the_limit_is_refused_at_its_line(text: str, line: int) -> None:
    found = refusal(text)
    assert (found.code, found.line) == ("yaml.too-deep", line)
    assert "嵌套太深" in found.message and "32" in found.message
    assert line_of(text, ("x",)) == 0  # the line finder refuses it too, without recursing


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "x: " + "[" * 31 + "1" + "]" * 31 + "\n"
    data, _ = load_text(text)
    depth, value = 0, data
    while isinstance(value, (dict, list)):
        value = value["x"] if isinstance(value, dict) else value[0]
        depth += 1
    assert depth == 32


@given(st.integers(min_value=1, max_value=80), st.sampled_from(["[", "{a: ", "- ", "k:\n"]))
def test_any_nesting_is_read_or_refused_never_crashes(depth: int, opener: str) -> None:
    if opener == "k:\n":
        text = "".join(f"{' ' * i}k{i}:\n" for i in range(depth)) + " " * depth + "v\n"
    else:
        text = opener * depth + "v" + ("]" * depth if opener == "[" else "}" * depth if opener == "{a: " else "") + "\n"
    try:
        load_text(text)
    except StrictYamlError as exc:
        assert exc.refusal.line >= 1


# -- any spelling (for the closed-year lock) ----------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"type: assessment\n",
        b'type: "assessment"\n',
        b"type: 'assessment'\n",
        b"{type: assessment}\n",
        b"type: !!str assessment\n",
        b'type: "\\x61ssessment"\n',
        b'type: "assess\\\n  ment"\n',
        b"t: &t assessment\ntype: *t\n",
        b"type: >-\n  assessment\n",
        "\ufefftype: assessment\n".encode("utf-16"),
        "type: assessment\n".encode("utf-16-le"),
        "type: assessment\n".encode("utf-32"),
    ],
)
def test_load_any_reads_every_spelling(raw: bytes) -> None:
    data = strict_yaml.load_any(raw)
    assert isinstance(data, dict) and data["type"] == "assessment"


def test_load_any_gives_up_on_what_no_reader_should_try() -> None:
    assert strict_yaml.load_any(b"[" * 200_000) is None
    assert strict_yaml.load_any(b"a: [\n") is None
    assert strict_yaml.load_any(b"x" * (strict_yaml.MAX_BYTES + 1)) is None
    assert strict_yaml.load_any(b"!!python/object:os.system x\n") is None
