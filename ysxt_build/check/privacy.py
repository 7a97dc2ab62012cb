"""The privacy scan: resident ID numbers and mobile numbers, as people actually type them.

Records hold what party organisations and their leading members did, never data about members
of the public. The scan finds numbers written with full-width digits (Chinese input methods),
with spaces, hyphens, dots or zero-width characters inside (``139-1234-5678``,
``139 1234 5678``), with ``+86``/``0086`` in front, IDs with an ``x``/``X`` check digit, numbers
split over lines or written as YAML escapes (the parsed values are scanned as well as the text,
whose comments are no value), and in text evidence files (.txt, .md, .csv, .docx).

A candidate is a run of at least 11 digits with short separators between them and no letter or
digit around it (so no part of a sha256 value or an id). Only a candidate that validates is
reported: an 18-character ID whose birth date exists and whose check digit is right (ISO 7064
MOD 11-2, by python-stdnum), an 11-digit number of a mainland mobile range (by phonenumbers), so
dates, periods, ids and checksums are not mistaken for them. A hit shows only the first three
digits: the finding must not copy the number into a CI log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from typing import Any, Iterable, Iterator, Optional

from ..records.problems import Pointer, Problem

_DIGITS = "0-9\uff10-\uff19"
_LETTERS = "A-Za-z\uff21-\uff3a\uff41-\uff5a"
# spaces (also no-break and ideographic), zero-width characters, soft hyphen, hyphens and dashes,
# dots and brackets, in their ASCII and full-width forms
_SEPARATORS = (
    " \t\u00a0\u3000\u2000-\u200d\u2060\ufeff\u00ad\u180e"
    ".\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d\uff0e\u30fb\u00b7()\uff08\uff09"
)
_GAP = f"[{_SEPARATORS}]{{0,3}}"
# In a file's text a value may continue on the next line, after any indentation.
_TEXT_GAP = f"(?:{_GAP}|[{_SEPARATORS}]*\\r?\\n[ \\t]*)"


def _candidates(gap: str) -> re.Pattern[str]:
    return re.compile(
        f"(?<![{_DIGITS}{_LETTERS}])[+\uff0b]?[{_DIGITS}](?:{gap}[{_DIGITS}]){{10,}}"
        f"(?:{gap}[Xx\uff38\uff58])?(?![{_DIGITS}{_LETTERS}])"
    )


# Necessary for a candidate, and quick to look for: a digit and ten more digits or separators.
_MAYBE = re.compile(f"[{_DIGITS}][{_DIGITS}{_SEPARATORS}\\r\\n]{{10}}")
_IN_VALUE = _candidates(_GAP)
_IN_TEXT = _candidates(_TEXT_GAP)
_GROUP = re.compile(f"[{_DIGITS}Xx\uff38\uff58]+")
_TO_ASCII = str.maketrans(
    {**{0xFF10 + i: str(i) for i in range(10)}, 0xFF38: "X", 0xFF58: "X", ord("x"): "X"}
)

ID_NUMBER = "身份证号"
MOBILE = "手机号码"

# The same numbers as single regular expressions, for where only a pattern can run (the
# script of the portal's 填报 page, which warns while the clerk types): the same spellings,
# without the check digit and the mobile ranges, so a few more warn there than the check
# refuses. The syntax is common to Python and JavaScript.
_ONE = f"[{_DIGITS}]"
_EDGE_BEFORE, _EDGE_AFTER = f"(?<![{_DIGITS}{_LETTERS}])", f"(?![{_DIGITS}{_LETTERS}])"
PERSONAL_NUMBERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(f"{_EDGE_BEFORE}[1-9\uff11-\uff19](?:{_GAP}{_ONE}){{16}}{_GAP}[{_DIGITS}Xx\uff38\uff58]{_EDGE_AFTER}"), ID_NUMBER),
    (
        re.compile(
            f"{_EDGE_BEFORE}(?:[+\uff0b]?(?:86|\uff18\uff16){_GAP}|00(?:86){_GAP})?[1\uff11]{_GAP}"
            f"[3-9\uff13-\uff19](?:{_GAP}{_ONE}){{9}}{_EDGE_AFTER}"
        ),
        MOBILE,
    ),
)


@dataclass(frozen=True)
class Hit:
    what: str  # ID_NUMBER or MOBILE
    number: str  # the number, ASCII digits (not shown to anyone: it identifies the hit)
    start: int  # where the candidate starts in the scanned text


def _is_mobile(digits: str) -> bool:
    import phonenumbers  # imported on the first candidate only: most runs never see one

    try:
        number = phonenumbers.parse("+86" + digits)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def _is_id_number(digits: str) -> bool:
    from stdnum.cn import ric  # the birth date and the ISO 7064 MOD 11-2 check digit

    return bool(ric.is_valid(digits))


def _classify(digits: str) -> Optional[tuple[str, str]]:
    """What a run of digits (an X only last) is, if it is a private number, and the number."""
    n = len(digits)
    if "X" in digits[:-1]:
        return None
    if n == 18:
        return (ID_NUMBER, digits) if _is_id_number(digits) else None
    if "X" in digits:
        return None
    for prefix in ("", "86", "0086"):
        if n == 11 + len(prefix) and digits.startswith(prefix + "1"):
            core = digits[len(prefix) :]
            return (MOBILE, core) if _is_mobile(core) else None
    return None


def _hits_in(match: re.Match[str]) -> Iterator[Hit]:
    """The private numbers in one candidate: any run of its digit groups that validates (a
    candidate may hold several numbers, or a number among dates, separated by spaces)."""
    groups = [g.translate(_TO_ASCII) for g in _GROUP.findall(match.group())]
    first = 0
    while first < len(groups):
        digits, found = "", None
        for last in range(first, len(groups)):
            digits += groups[last]
            if len(digits) > 18:
                break
            found = _classify(digits)
            if found is not None:
                yield Hit(found[0], found[1], match.start())
                break
        first = last + 1 if found is not None else first + 1


def scan_text(text: str) -> list[Hit]:
    """Private numbers in a file's text, as typed (line breaks and indentation may split them)."""
    if _MAYBE.search(text) is None:
        return []
    return [hit for match in _IN_TEXT.finditer(text) for hit in _hits_in(match)]


def scan_value(value: str) -> list[Hit]:
    """Private numbers in one parsed value."""
    return [hit for match in _IN_VALUE.finditer(value) for hit in _hits_in(match)]


def _values(data: Any) -> Iterator[tuple[str, Pointer]]:
    stack: list[tuple[Any, Pointer]] = [(data, ())]
    while stack:
        value, pointer = stack.pop()
        if isinstance(value, str):
            yield value, pointer
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    yield key, pointer + (key,)
                    stack.append((item, pointer + (key,)))
        elif isinstance(value, list):
            stack.extend((item, pointer + (i,)) for i, item in enumerate(value))


RECORD_HINT = (
    "记录只写党组织和任职人员履行职责的情况，不得写群众的身份证号、电话号码或网民姓名；"
    "请删除这一内容（事件只写组织层面的概况）。"
)
EVIDENCE_HINT = (
    "证明材料中不得含有群众的身份证号或手机号码：请在原文件中删除或遮盖这个号码后重新放入仓库，"
    "再用 ysxt hash 文件 重新计算校验值，改正记录中的 sha256。"
)


def _problem(path: str, hit: Hit, hint: str, line: int = 0, pointer: Optional[Pointer] = None, where: str = "") -> Problem:
    return Problem(
        path=path,
        code="privacy.personal-number",
        message=f"{where}疑似{hit.what}“{hit.number[:3]}…”，记录中不得保存个人信息",
        hint=hint,
        line=line,
        pointer=pointer,
    )


Located = tuple[Hit, int, Optional[Pointer], str]  # a number found: its line, its place in the data, or words saying where


def _each_number_once(path: str, hint: str, located: Iterable[Located]) -> list[Problem]:
    """One finding per number, at the first place it was found."""
    found: list[Problem] = []
    seen: set[str] = set()
    for hit, line, pointer, where in located:
        if hit.number not in seen:
            seen.add(hit.number)
            found.append(_problem(path, hit, hint, line=line, pointer=pointer, where=where))
    return found


def _by_line(text: str) -> Iterator[Located]:
    for hit in scan_text(text):
        yield hit, text.count("\n", 0, hit.start) + 1, None, ""


def record_problems(path: str, text: str, data: Any) -> list[Problem]:
    """Findings in a record (or any YAML file): its text, and its parsed values when YAML
    escapes could spell a number the text does not show."""
    located: Iterable[Located] = _by_line(text)
    if "\\" in text and data is not None:
        located = chain(located, ((hit, 0, pointer, "") for value, pointer in _values(data) for hit in scan_value(value)))
    return _each_number_once(path, RECORD_HINT, located)


def text_problems(path: str, text: str) -> list[Problem]:
    """Findings in a text evidence file (.txt, .md, .csv), each at its line."""
    return _each_number_once(path, EVIDENCE_HINT, _by_line(text))


def paragraph_problems(path: str, paragraphs: Iterable[str]) -> list[Problem]:
    """Findings in a Word file's paragraphs (table cells included), each named by its number."""
    return _each_number_once(
        path, EVIDENCE_HINT, ((hit, 0, None, f"第 {number} 段中") for number, paragraph in enumerate(paragraphs, 1) for hit in scan_text(paragraph))
    )
