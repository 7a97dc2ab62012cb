"""Characters that text from a record or a file name may not carry, and text made safe to print.

Refused everywhere: control characters (C0 and C1, which include the escape that starts ANSI
and OSC terminal sequences, and CR), the Unicode line and paragraph separators, the
bidirectional controls that reorder what a reader sees, lone surrogates (no UTF-8 for them)
and noncharacters (no XML for U+FFFE and U+FFFF, so no Word or Excel file). A multi-line field
(a summary, a note) may hold newlines and tabs; a single-line one (a name, a title, an id, a
file name) may not.

:func:`for_terminal` shows such characters as visible escapes (``\\x1b``, ``\\n``) instead, so that
a name printed to a terminal or a CI log can neither colour, move, retitle nor forge lines; it is
the one table and the one escaping that every output uses (:mod:`ysxt_build.check.safe_output`
builds the CI-log rules on it; the portal's escaping drops or blanks the characters of
:func:`refused_code_points`), and :func:`json_escapes` spells the same characters as JSON.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator, Optional

MULTILINE_ALLOWED = "\n\t"

#: The one table, as ranges of code points (first, last): what every text refuses.
_DIRECTION_RANGES = ((0x061C, 0x061C), (0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069))
_REFUSED_RANGES = (
    (0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F),  # C0 controls but tab and newline, DEL, C1 controls
    (0x2028, 0x2029),  # line and paragraph separators
    *_DIRECTION_RANGES,
    (0xD800, 0xDFFF),  # surrogates
    (0xFDD0, 0xFDEF), *((plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF) for plane in range(17)),  # noncharacters
)
#: The bidirectional controls (also refused): a page may drop them rather than show a space.
DIRECTION_CONTROLS = frozenset(chr(code) for first, last in _DIRECTION_RANGES for code in range(first, last + 1))


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(chr(first) if first == last else f"{chr(first)}-{chr(last)}" for first, last in ranges)


_COMMON = _class(_REFUSED_RANGES)
_REFUSED_MULTILINE = re.compile(f"[{_COMMON}]")
_REFUSED_SINGLE_LINE = re.compile(f"[\t\n{_COMMON}]")
_REFUSED_BUT_TAB = re.compile(f"[\n{_COMMON}]")  # in a line of a whole text, a tab is harmless


def refused_code_points(multiline: bool = False) -> Iterator[int]:
    """Every code point the table refuses (tab and newline too unless ``multiline``): for a
    :meth:`str.translate` table of an output with its own way of showing them."""
    if not multiline:
        yield from (0x09, 0x0A)
    for first, last in _REFUSED_RANGES:
        yield from range(first, last + 1)


_NAMES = {
    "\x00": "NUL 空字符",
    "\t": "Tab 制表符",
    "\n": "换行",
    "\r": "回车（CR）",
    "\x1b": "ESC，终端控制序列的开头",
    "\x7f": "DEL 删除符",
    "\x85": "NEL 换行",
    "\x9b": "CSI，终端控制序列的开头",
    "\x9d": "OSC，终端控制序列的开头",
    "\u2028": "行分隔符",
    "\u2029": "段分隔符",
}


def first_refused(text: str, multiline: bool = False) -> Optional[int]:
    """Where the first refused character of ``text`` is (an index), or None."""
    if text.isprintable():  # the usual case: no control, format, separator or unassigned char
        return None
    found = (_REFUSED_MULTILINE if multiline else _REFUSED_SINGLE_LINE).search(text)
    return found.start() if found else None


def describe(char: str) -> str:
    """A refused character as a clerk can look it up: ``U+001B（ESC，终端控制序列的开头）``."""
    code = f"U+{ord(char):04X}"
    name = _NAMES.get(char)
    if name is None:
        category = unicodedata.category(char)
        if category == "Cc":
            name = "控制字符"
        elif "\udc80" <= char <= "\udcff":  # a byte of a file name that is not UTF-8
            name = f"无法识别的字节 0x{ord(char) - 0xDC00:02X}，名字不是 UTF-8 编码"
        elif category == "Cs":
            name = "残缺的代理字符，无法保存为 UTF-8"
        elif char in DIRECTION_CONTROLS:
            name = "改变文字显示方向的隐形字符"
        else:
            name = "非字符（noncharacter）"
    return f"{code}（{name}）"


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(char: str) -> str:
    """A refused character as a visible escape: ``\\n``, ``\\r``, ``\\t``, ``\\x1b``, ``\\u202e``,
    ``\\U0001fffe``."""
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _shown(match: re.Match[str]) -> str:
    return visible(match.group())


def for_terminal(text: str, keep_tabs: bool = False) -> str:
    """``text`` on one line with every refused character (newline included, and tab unless
    ``keep_tabs``) shown as a visible escape; an ANSI/OSC sequence is left as harmless text after
    its shown escape."""
    if text.isprintable():
        return text
    return (_REFUSED_BUT_TAB if keep_tabs else _REFUSED_SINGLE_LINE).sub(_shown, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_escapes(text: str) -> str:
    """JSON text (from :func:`json.dumps`, which escapes C0 controls in strings) with every other
    refused character spelt as a JSON escape (a surrogate pair beyond U+FFFF): the same data.
    Newlines and tabs are left alone (outside strings they are JSON's own white space)."""
    return _REFUSED_MULTILINE.sub(_json_escape, text)


def visible_only(text: str) -> str:
    """``text`` with every refused character but newline and tab replaced by U+FFFD: for a
    file format whose library escapes line breaks itself (a calendar's text) yet cannot carry
    control characters."""
    if first_refused(text, multiline=True) is None:
        return text
    return _REFUSED_MULTILINE.sub("\ufffd", text)
