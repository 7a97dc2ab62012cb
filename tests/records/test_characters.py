"""Which characters a record's text and a file name may not hold, and how they are shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ysxt_build.records.characters import describe, first_refused, for_terminal, visible_only


@pytest.mark.parametrize(
    "text",
    [
        "标题\x1b[31m红字",  # ANSI colour (ESC is C0)
        "标题\x1b]0;新的窗口标题\x07",  # OSC: retitles a terminal
        "标题\x9b31m",  # the C1 form of CSI
        "第一行\r第二行",  # CR: overwrites the line in a terminal
        "第一行\n::set-env name=X::y",  # a CI command on a line of its own
        "名字\u2028下一行",  # Unicode line separator
        "名字\u202e反向",  # bidi override: shows text reversed
        "名字\x00",
        "名字\x7f",
        "名字\ud800",  # a lone surrogate: no UTF-8 for it
        "名字\ufffe",  # a noncharacter: no XML for it
        "名字\U0010ffff",
        "名\t字",
    ],
)
def test_single_line_text_refuses(text: str) -> None:
    assert first_refused(text) is not None


def test_multi_line_text_may_hold_newlines_and_tabs_only() -> None:
    assert first_refused("第一段\n第二段\t（续）", multiline=True) is None
    assert first_refused("第一段\r\n第二段", multiline=True) == 3
    assert first_refused("第一段\n\x1b[2J", multiline=True) == 4


def test_everyday_chinese_text_passes() -> None:
    for text in ("青山村党总支", "2025年第一次意识形态工作专题研究会议（扩大）", "X办发〔2025〕12号", "《通知》：“一岗双责”", "全角　空格", "emoji 👍"):
        assert first_refused(text) is None, text


def test_descriptions_name_the_character() -> None:
    assert describe("\x1b") == "U+001B（ESC，终端控制序列的开头）"
    assert describe("\u202e") == "U+202E（改变文字显示方向的隐形字符）"
    assert describe("\x01") == "U+0001（控制字符）"


def test_terminal_text_shows_escapes_instead_of_running_them() -> None:
    shown = for_terminal("a\x1b]0;title\x07b\n::set-env name=X::y\r")
    assert shown == "a\\x1b]0;title\\x07b\\n::set-env name=X::y\\r"
    assert shown.isprintable()
    assert for_terminal("青山村党总支") == "青山村党总支"


@given(st.text())
def test_terminal_text_is_always_one_printable_line(text: str) -> None:
    shown = for_terminal(text)
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown and "\x9b" not in shown
    assert first_refused(shown) is None


@given(st.text())
def test_visible_only_keeps_lines_and_drops_controls(text: str) -> None:
    assert first_refused(visible_only(text), multiline=True) is None


def _xml_compatible(char: str) -> bool:
    try:
        etree.Element("p").text = char
    except ValueError:
        return False
    return True


def test_every_character_xml_cannot_hold_is_refused() -> None:
    # What python-docx and openpyxl write is XML: a text that passed the check can always be written.
    for code in [*range(0x0, 0x100), *range(0xD7F0, 0xE010), *range(0xFDC0, 0xFE00), *range(0xFFF0, 0x10000),
                 *(plane * 0x10000 + end for plane in range(1, 17) for end in (0xFFFE, 0xFFFF))]:
        char = chr(code)
        if char in "\n\t":
            continue
        if not _xml_compatible(char):
            assert first_refused(char, multiline=True) is not None, hex(code)


@given(st.text())
def test_text_that_passes_is_xml_compatible(text: str) -> None:
    if first_refused(text, multiline=True) is None:
        assert all(_xml_compatible(c) for c in set(text) - {"\n", "\t"})



def test_a_file_name_byte_that_is_not_utf8_is_named() -> None:
    import os

    name = os.fsdecode(b"bad\xff.yaml")
    at = first_refused(name)
    assert at == 3 and describe(name[at]) == "U+DCFF（无法识别的字节 0xFF，名字不是 UTF-8 编码）"
