"""Turn JSON Schema validation errors into Chinese findings a clerk can act on.

Each message names the field (by its key and its Chinese title from the schema), says what
is wrong with the value, and the hint says what to write instead, from the schema's own
descriptions and choices. ``x-hint`` on a schema node overrides the hint for errors below it.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date
from typing import Any, Callable, Iterable, Mapping, Optional

import jsonschema

from ..records.periods import RESERVED_LETTERS, Period, as_typed
from ..records.problems import Pointer, Problem
from ..records.schemas import SchemaSet
from ..records.vocabulary import merged

_TYPE_ZH = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表（每项以“- ”开头）",
    "object": "一组字段",
    "null": "空值",
}


# what a value read from YAML is, in Chinese (bool before int: True is an int in Python)
_ACTUAL_ZH: tuple[tuple[type, str], ...] = (
    (type(None), "空值"), (bool, "true/false"), (int, "整数"), (float, "小数"), (str, "文字"), (list, "列表"), (dict, "一组字段"),
)


def _actual_type(value: Any) -> str:
    return next((zh for kind, zh in _ACTUAL_ZH if isinstance(value, kind)), type(value).__name__)


def field_name(pointer: Pointer) -> str:
    """``evidence[1].sha256`` style name of a place inside a file."""
    out = ""
    for part in pointer:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "（整个文件）"


def _shape(pointer: Pointer) -> tuple[str, ...]:
    return tuple("[]" if isinstance(p, int) else p for p in pointer)


class SchemaMessages:
    """Translator bound to one schema set and one file kind."""

    def __init__(self, schemas: SchemaSet, kind: str) -> None:
        self.schemas = schemas
        self.kind = kind

    # -- helpers -----------------------------------------------------------------------------

    def _node(self, pointer: Pointer) -> dict[str, Any]:
        return self.schemas.property_schema(self.kind, *_shape(pointer)) or {}

    def _described(self, pointer: Pointer) -> str:
        name = field_name(pointer)
        title = self._node(pointer).get("title") if pointer else None
        return f"字段“{name}”（{title}）" if title else f"字段“{name}”"

    def _x_hint(self, error: jsonschema.ValidationError) -> str:
        """The nearest ``x-hint`` along the failing schema path."""
        node: Any = self.schemas.documents[self.kind]
        hint = ""
        for part in error.absolute_schema_path:
            if isinstance(node, dict) and "$ref" in node and part not in node:
                node = self.schemas.resolve(node, self.kind)
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, dict) and "x-hint" in node:
                hint = str(node["x-hint"])
        return hint

    def _fields_for(self, value: Mapping[str, Any], allowed: list[str]) -> list[str]:
        """The top-level fields a file of this kind may have, given its ``type``: a field
        that the schema allows only for other types (``if type … else not required``) is left out."""
        kind = value.get("type")
        if not isinstance(kind, str):
            return allowed
        banned: set[str] = set()
        for rule in self.schemas.documents[self.kind].get("allOf", []):
            if not isinstance(rule, dict):
                continue
            cond = rule.get("if", {}).get("properties", {}).get("type", {})
            types = [cond["const"]] if "const" in cond else list(cond.get("enum", []))
            only = _required_in(rule.get("else", {}).get("not", {}))
            if types and only and kind not in types:
                banned.update(only)
        return [name for name in allowed if name not in banned]

    def _choices_hint(self, pointer: Pointer, value: Any) -> str:
        choices = self.schemas.choices(self.kind, *_shape(pointer))
        if not choices:
            node = self._node(pointer)
            values = node.get("enum", [])
            listed = "、".join(str(v) for v in values)
            return f"可选的值：{listed}。" if listed else ""
        listed = "；".join(f"{c.value}（{c.title}）" for c in choices)
        close = difflib.get_close_matches(str(value), [c.value for c in choices], n=1)
        by_title = [c.value for c in choices if str(value) and str(value) in c.title]
        guess = (close or by_title or [""])[0]
        lead = f"是不是想写 {guess}？" if guess else ""
        return f"{lead}可选的值：{listed}。"

    @staticmethod
    def _date(make: Callable[[str, str, str], Problem], described: str, value: str) -> Problem:
        """A text read as a date (:func:`date_parts`): the day it means written as it should be
        (``应写 2025-03-05``), or why there is no such day (``2026年2月没有30日``)."""
        fixed = corrected_date(value)
        if fixed:
            return make("date-form", f"{described}的写法不对：“{value}”，应写 {fixed}",
                        f"日期写成 YYYY-MM-DD：年份四位，月和日各两位，用半角连字符“-”连接，例如 {fixed}。")
        reason, hint = no_such_day(*(date_parts(value) or (0, 0, 0)))
        return make("date", f"{described}的“{value}”不是真实存在的日期：{reason}", hint + DATE_FORM_HINT)

    def _period(self, make: Callable[[str, str, str], Problem], described: str, value: str,
                node: Mapping[str, Any]) -> Optional[Problem]:
        """A period label (``x-period``) the pattern refused, when there is more to say than
        "写法不对": the period it means written as it should be (``应写 2025S1`` for
        2025—2026学年第一学期, ``应写 2025H2`` for 2025年下半年), a letter of a period this
        repository's vocabulary does not define (2025S1 where there are no semesters), or a
        period past the last of its cycle (2025S3). The hint says what may be written."""
        cycles = tuple(merged(self.schemas.vocabularies, "cycles"))
        hint = str(node.get("description", ""))
        try:
            meant = Period.parse(as_typed(value), cycles)
        except ValueError:
            meant = None
        if meant is not None and re.search(str(node.get("pattern", "")), meant.label):
            return make("period-form", f"{described}的写法不对：“{value}”，应写 {meant.label}（{meant.label_zh}）", hint)
        m = _CYCLE_LABEL.match(as_typed(value).upper())
        if m is None or m.group(2) in RESERVED_LETTERS:
            return None
        letter, index = m.group(2), int(m.group(3))
        cycle = next((c for c in cycles if c.letter == letter), None)
        if cycle is None:
            own = "、".join(f"{c.letter}（{c.name.removeprefix('每')}）" for c in cycles)
            why = (f"本仓库的自定期间只有 {own}，没有字母 {letter} 的期间" if own
                   else "本仓库的词汇表没有可用的自定期间（如学期），期间只能写年、半年、季度或月")
            return make("period-unknown", f"{described}的“{value}”不是本仓库的期间：{why}", hint)
        if not 1 <= index <= len(cycle.starts):
            year = int(m.group(1))
            names = "、".join(f"{p.label}（{p.label_zh}）" for p in (Period.of_cycle(cycle, year, i) for i in range(1, len(cycle.starts) + 1)))
            return make("period-none", f"{described}的“{value}”不存在：{cycle.name.removeprefix('每')}只有 {len(cycle.starts)} 期，即 {names}", hint)
        return None

    # -- the translation ---------------------------------------------------------------------

    def problems(self, path: str, errors: Iterable[jsonschema.ValidationError]) -> list[Problem]:
        found: list[Problem] = []
        seen: set[tuple[Pointer | None, str]] = set()
        for error in errors:
            for problem in self.translate(path, error):
                key = (problem.pointer, problem.message)
                if key not in seen:
                    seen.add(key)
                    found.append(problem)
        return found

    def translate(self, path: str, error: jsonschema.ValidationError) -> list[Problem]:
        pointer: Pointer = tuple(error.absolute_path)
        keyword = str(error.validator)
        value = error.instance
        spec: Any = error.validator_value
        x_hint = self._x_hint(error)

        def make(code: str, message: str, hint: str, at: Pointer = pointer) -> Problem:
            return Problem(
                path=path,
                code=f"schema.{code}",
                message=message,
                hint=x_hint or hint,
                pointer=at,
            )

        if keyword == "required":
            missing = [p for p in spec if isinstance(value, Mapping) and p not in value]
            out = []
            for name in missing:
                at = pointer + (name,)
                node = self._node(at)
                title = node.get("title", "")
                label = f"“{field_name(at)}”" + (f"（{title}）" if title else "")
                described = node.get("description", "")
                out.append(
                    make(
                        "required",
                        f"缺少必填字段{label}",
                        f"请加上一行 {name}: …。{described}".strip(),
                    )
                )
            return out
        if keyword in ("additionalProperties", "unevaluatedProperties"):
            allowed = list(_schema_of(error).get("properties", {}))
            if not pointer and isinstance(value, Mapping):
                allowed = self._fields_for(value, allowed)
            extras = [k for k in value if k not in allowed] if isinstance(value, Mapping) else []
            out = []
            for extra in extras:
                close = difflib.get_close_matches(str(extra), allowed, n=1, cutoff=0.6)
                lead = f"是不是想写“{close[0]}”？" if close else ""
                out.append(
                    make(
                        "unknown-field",
                        f"不认识的字段“{field_name(pointer + (extra,))}”",
                        f"{lead}这里可以写的字段：{'、'.join(allowed)}。",
                        pointer + (extra,),
                    )
                )
            return out
        if keyword == "type":
            if self._node(pointer).get("format") == "date" and date_parts(str(value)) is not None:  # 20250312
                return [self._date(make, self._described(pointer), str(value))]
            wanted = spec if isinstance(spec, list) else [spec]
            wanted_zh = "或".join(_TYPE_ZH.get(str(t), str(t)) for t in wanted)
            hint = self._node(pointer).get("description", "")
            if "string" in wanted and isinstance(value, (int, float)):
                hint = f"请用英文引号括起来，例如 \"{value}\"。{hint}"
            elif "integer" in wanted and isinstance(value, str):
                key = f"{pointer[-1]}: " if pointer and isinstance(pointer[-1], str) else ""
                hint = f"请写阿拉伯数字，不加引号，例如 {key}10。{hint}"
            return [
                make(
                    "type",
                    f"{self._described(pointer)}应为{wanted_zh}，这里写的是{_actual_type(value)}",
                    hint,
                )
            ]
        if keyword == "format" and spec == "date":
            if not (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)):
                return []  # not shaped like a date at all: the pattern error says so, once
            return [self._date(make, self._described(pointer), value)]
        if keyword == "pattern":
            node = self._node(pointer)
            if value == "":
                return [make("empty", f"{self._described(pointer)}不能为空",
                             "请填写内容。" + str(node.get("description", "")))]
            if node.get("format") == "date" and isinstance(value, str) and date_parts(value) is not None:
                return [self._date(make, self._described(pointer), value)]
            if node.get("x-period") and isinstance(value, str):
                found = self._period(make, self._described(pointer), value, node)
                if found is not None:
                    return [found]
            if str(node.get("pattern", "")).startswith("^m-") and isinstance(value, str) and _CJK.search(value):
                return [make("member-name", f"{self._described(pointer)}写的是姓名“{value}”，这里要写班子成员编号",
                             "班子成员编号登记在组织文件的 members 中（id），以 m- 开头，例如 m-zhang-wei。")]
            return [
                make(
                    "pattern",
                    f"{self._described(pointer)}的写法不对：“{value}”",
                    str(node.get("description", "") or _schema_of(error).get("description", "")),
                )
            ]
        if keyword in ("enum", "const") or (
            keyword == "oneOf" and all("const" in alt for alt in spec if isinstance(alt, dict))
        ):
            return [
                make(
                    "choice",
                    f"{self._described(pointer)}的值“{value}”不在可选范围内",
                    self._choices_hint(pointer, value),
                )
            ]
        if keyword == "oneOf":
            options = "；".join(
                str(alt.get("title", "")) for alt in spec if isinstance(alt, dict)
            )
            return [
                make(
                    "one-of",
                    f"{self._described(pointer)}的写法不对",
                    f"应为以下写法之一：{options}。"
                    + str(self._node(pointer).get("description", "")),
                )
            ]
        if keyword == "not":
            banned = [k for k in _required_in(spec) if isinstance(value, Mapping) and k in value]
            if banned:
                return [
                    make(
                        "not-allowed",
                        f"这类记录不能写字段“{field_name(pointer + (banned[0],))}”",
                        "请删除这个字段。",
                        pointer + (banned[0],),
                    )
                ]
            return [make("not", f"{self._described(pointer)}的写法不对", "")]
        if keyword == "minItems":
            return [make("min-items", f"{self._described(pointer)}至少要写 {spec} 项", "")]
        if keyword == "maxItems":
            return [make("max-items", f"{self._described(pointer)}最多写 {spec} 项", "")]
        if keyword == "uniqueItems":
            return [make("unique-items", f"{self._described(pointer)}中有重复的项", "请删除重复的那一项。")]
        if keyword == "minLength":
            return [make("empty", f"{self._described(pointer)}不能为空", "请填写内容。")]
        if keyword == "maxLength":
            return [make("too-long", f"{self._described(pointer)}太长（最多 {spec} 字）", "请精简；详细内容可放在证明材料中。")]
        if keyword in ("minimum", "exclusiveMinimum"):
            return [make("too-small", f"{self._described(pointer)}不能小于 {spec}（这里是 {value}）", "")]
        if keyword in ("maximum", "exclusiveMaximum"):
            return [make("too-large", f"{self._described(pointer)}不能大于 {spec}（这里是 {value}）", "")]
        if keyword == "maxProperties":
            names = "、".join(value) if isinstance(value, Mapping) else ""
            return [make("max-properties", f"{self._described(pointer)}只能写其中 {spec} 项（这里写了 {names}）", str(self._node(pointer).get("description", "")))]
        if keyword == "minProperties":
            return [make("min-properties", f"{self._described(pointer)}至少要写 {spec} 项", str(self._node(pointer).get("description", "")))]
        return [make(keyword, f"{self._described(pointer)}不符合格式要求（{error.message}）", "")]


_CJK = re.compile(r"[\u3400-\u9fff]")
_CYCLE_LABEL = re.compile(r"^([0-9]{4})([A-Z])([0-9]{1,2})$")  # shaped like a vocabulary's own period: 2025S1
_LOOSE_DATE = re.compile(  # ASCII digits (full-width ones are translated first): the same in the 填报 page's script
    r"^\s*([0-9]{4})\s*(?:[-/.．／－年]\s*([0-9]{1,2})\s*[-/.．／－月]\s*([0-9]{1,2})\s*日?|([0-9]{2})([0-9]{2}))\s*$"
)


def date_parts(value: str) -> Optional[tuple[int, int, int]]:
    """Year, month and day of a text written as a date in any usual way (``2025-3-5``,
    ``2025/03/05``, ``2025.3.5``, ``2025年3月5日``, ``20250305``), whether or not that day
    exists; None when the text is not written as a date."""
    m = _LOOSE_DATE.match(value.translate(_FULLWIDTH_DIGITS))
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or m.group(4)), int(m.group(3) or m.group(5))


def corrected_date(value: str) -> str:
    """``2025-3-5``, ``2025/03/05``, ``2025.3.5``, ``2025年3月5日`` or ``20250305`` as
    ``2025-03-05``; "" when the text is not a real date written some other way."""
    parts = date_parts(value)
    if parts is None:
        return ""
    try:
        return date(*parts).isoformat()
    except ValueError:
        return ""


# Why numbers read as a date (:func:`date_parts`) are no day, and what is true instead: the
# finding's reason and the start of its hint, by case, with {y} {m} {d} the numbers read and
# {n} the days of the month. The 填报 page fills the same texts (portal/pages_form.py).
NO_SUCH_DAY: dict[str, tuple[str, str]] = {
    "year": ("没有{y}年", "年份写公历年份，例如 2025。"),
    "month": ("没有{m}月", "月份只能是 1 到 12。"),
    "leap": ("{y}年2月没有29日（{y}年不是闰年）", "{y}年2月只有 28 天。"),
    "day": ("{y}年{m}月没有{d}日", "{y}年{m}月只有 {n} 天。"),
}
DATE_FORM_HINT = "请核对后写成 YYYY-MM-DD：年份四位，月和日各两位，例如 2025-03-05。"


def no_such_day_case(year: int, month: int, day: int) -> tuple[str, dict[str, int]]:
    """Which :data:`NO_SUCH_DAY` case the numbers are, with the numbers to fill it."""
    numbers = {"y": year, "m": month, "d": day}
    if year < 1:
        return "year", numbers
    if not 1 <= month <= 12:
        return "month", numbers
    days = calendar.monthrange(year, month)[1]
    if month == 2 and day == 29 and days == 28:
        return "leap", numbers
    return "day", {**numbers, "n": days}


def no_such_day(year: int, month: int, day: int) -> tuple[str, str]:
    """The reason (``2026年2月没有30日``) and the hint's start (``2026年2月只有 28 天。``)."""
    case, numbers = no_such_day_case(year, month, day)
    reason, hint = NO_SUCH_DAY[case]
    return reason.format(**numbers), hint.format(**numbers)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _schema_of(error: jsonschema.ValidationError) -> Mapping[str, Any]:
    schema = error.schema
    return schema if isinstance(schema, Mapping) else {}


def _required_in(spec: Any) -> list[str]:
    if isinstance(spec, dict):
        names = list(spec.get("required", []))
        for alt in spec.get("anyOf", []):
            names.extend(_required_in(alt))
        return names
    return []
