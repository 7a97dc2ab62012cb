"""Control characters in a file's values and keys (what :mod:`ysxt_build.records.characters`
refuses), found in the parsed data: a YAML escape such as ``"\\e[31m"`` or ``"\\r"`` counts as
much as the character typed in.

Multi-line fields (a summary, a reason: the schemas' long texts) may hold newlines and tabs;
every other value, and every key, is one line. A file with such a character is not valid: it is
left out of the status and the portal, as a file that fails its schema.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..records.characters import describe, first_refused
from ..records.problems import Pointer, Problem
from ..records.refused import multiline_fields, refused_in

__all__ = ["control_char_problems", "file_name_problem", "may_hold_controls", "multiline_fields"]

_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def may_hold_controls(text: str) -> bool:
    """False when no value parsed from ``text`` can hold a refused character (most files): no
    escape (a backslash), no block scalar (``|``, ``>``), no blank line inside a folded value, no
    such character typed in (line breaks aside)."""
    return (
        "\\" in text
        or "|" in text
        or ">" in text
        or _BLANK_LINE.search(text) is not None
        or not text.replace("\n", "").replace("\r", "").isprintable()
    )


def _where(pointer: Pointer) -> str:
    return ".".join(str(part) for part in pointer) or "文件"


def control_char_problems(path: str, data: Any, multiline: frozenset[str]) -> list[Problem]:
    """One finding per key or value that holds a refused character (at its first one)."""
    found: list[Problem] = []
    for refused in refused_in(data, multiline):
        pointer, is_key, long_text, at, char = refused.pointer, refused.is_key, refused.multiline, refused.at, refused.char
        what = f"字段名“{_where(pointer)}”" if is_key else f"字段“{_where(pointer)}”"
        if char in "\r\n" and not long_text:
            hint = "这个字段只能写一行：请删去换行，把内容写在同一行里（需要分段的内容请写在摘要 summary 中）。"
        else:
            hint = (
                "这是看不见的特殊字符，多半是从网页、聊天软件或其他文件复制时带进来的，或是引号里的"
                "转义写法（如 \\e、\\x1b、\\u202e）；请删除它，重新输入这段文字。"
            )
        found.append(
            Problem(
                path,
                "text.control-char",
                f"{what}的第 {at + 1} 个字符是不允许的控制字符 {describe(char)}",
                hint,
                pointer=pointer,
            )
        )
    return found


def file_name_problem(path: str) -> Optional[Problem]:
    """A finding when a file's path holds a refused character (newline and tab included)."""
    at = first_refused(path)
    if at is None:
        return None
    return Problem(
        path,
        "layout.control-char",
        f"文件名或文件夹名中有不允许的控制字符 {describe(path[at])}",
        "请给文件或文件夹改名（git mv 旧名 新名），只用汉字、字母、数字、连字符和点。",
    )
