"""Writing a record file: the YAML of one record, with a Chinese comment above every field.

:func:`render_record` is what ``ysxt new`` writes and what the portal's 填报 page produces: the
page's script (``ysxt_build/portal/assets/ysxt-form.js``, ``renderRecord``) is its twin, line for line, and
the tests keep the two byte-identical. What a type holds comes from
:func:`~ysxt_build.records.form_spec.record_form_spec` (the schemas derived from the
repository's vocabulary, and the plans); the values
come from the clerk. A field without a value is written as a blank (``""``) when it is
required, so that ``ysxt check`` asks for it, or as a commented-out line when it is optional.

Strings are written plain when that cannot change their meaning (Chinese text, ids) and as
JSON-style double-quoted strings otherwise (dates, numbers written as text, anything with
YAML syntax in it), so every value reads back exactly as it was given.

A value or key holding a character ``ysxt check`` refuses (the one table of
:mod:`.characters`: controls, U+2028/2029, direction controls, noncharacters …; a newline or a
tab outside a multi-line field) is not written at all: :func:`render_record` raises
:class:`RefusedCharacters`, as the script's ``renderRecord`` throws, so that no record file ever
holds one (escaping it would not help: check reads the value, not its spelling). ``ysxt new``
and the 填报 page tell the clerk which field and character before that, in check's words.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, Mapping, Optional, Sequence

from .form_spec import FieldSpec, FormSpec, TypeSpec, required_for_type
from .refused import Refused, refused_in

__all__ = [
    "MODELINE", "FILL_BLANKS", "PRIVACY", "GUIDANCE_LINE", "BLOCK_SCALAR", "render_record", "scalar", "comment", "next_record_id",
    "amendment_id", "roster_line", "blank_values", "required_for_type", "RefusedCharacters",
]


class RefusedCharacters(ValueError):
    """The values hold characters ``ysxt check`` refuses (``found``): no record is written."""

    def __init__(self, found: Sequence[Refused]) -> None:
        self.found = tuple(found)
        where = "、".join(".".join(str(p) for p in r.pointer) for r in self.found)
        super().__init__(f"refused characters in {where}")

MODELINE = "# yaml-language-server: $schema=../../../../schema/record.schema.json"
FILL_BLANKS = '# 填写所有空着的 ""，不用的可选字段整行删除；保存后运行 ysxt check。'
PRIVACY = "# 不得写群众的身份证号、电话号码或网民姓名。"

# The guidance render_record writes: every line that is a comment after its indentation (the
# type's description, FILL_BLANKS, PRIVACY, each field's help, optional fields left out, the
# roster); the writer puts every value on its key's line, so no value's line starts with "#".
# A record whose new-file link would be too long is linked without them but MODELINE (the
# editor's schema hint); a line after the start of a block scalar (BLOCK_SCALAR: the writer
# writes none, a file written by hand may) and more indented is content, never dropped. The
# 填报 page does this (ysxt-form.js withoutGuidance) with these patterns, put into its data by
# portal/pages_form.py. Both are written for Python's re and JavaScript's RegExp alike.
GUIDANCE_LINE = r"^ *#"
BLOCK_SCALAR = r"(^|[ :-])[|>][1-9+-]{0,2}( +#.*)? *$"

# -- scalars (the script has the same patterns) ----------------------------------------------

_SPACE = re.compile("[\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\ufffe\uffff]+")
_ID = re.compile(r"^[a-z0-9][a-z0-9_./-]*$")
_ID_LETTER = re.compile(r"[g-np-wyz]")  # not a-f, e, o, x: no number of any YAML version
_KEYWORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_WIDE = "\u00b7\u2014\u2018\u2019\u201c\u201d\u2026\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e"
_TEXT = re.compile(f"^[A-Za-z0-9{_WIDE}][A-Za-z0-9 ._/()%{_WIDE}-]*$")
_HAS_WIDE = re.compile(f"[{_WIDE}]")
_UNPRINTABLE = re.compile("[\x7f-\x9f]")


def comment(text: str) -> str:
    """``# text`` on one line (whitespace and control characters become single spaces)."""
    return ("# " + _SPACE.sub(" ", text).strip(" ")).rstrip(" ")


def scalar(value: Any) -> str:
    """One value as YAML that reads back as exactly that value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if value is None:
        return '""'
    s = str(value)
    if _ID.match(s) and _ID_LETTER.search(s) and s not in _KEYWORDS:
        return s
    if _TEXT.match(s) and _HAS_WIDE.search(s) and not s.endswith(" "):
        return s
    quoted = json.dumps(s, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    return scalar(value)


def _is_blank(value: Any) -> bool:
    if isinstance(value, list):
        return any(_is_blank(v) for v in value)
    if isinstance(value, dict):
        return any(_is_blank(v) for v in value.values())
    return isinstance(value, str) and not value


# -- the record -----------------------------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.blank = False

    def field(self, f: FieldSpec, value: Any, indent: str) -> None:
        if isinstance(value, dict):
            self.lines.append(f"{indent}{f.key}:")
            self.children(f, value, f.required, indent + "  ")
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            self.lines.append(f"{indent}{f.key}:")
            for item in value:
                keys = [c.key for c in f.children if c.key in item] + [k for k in item if f.child(k) is None]
                if not keys:
                    self.lines.append(f"{indent}  - {{}}")
                for i, key in enumerate(keys):
                    self.lines.append(f"{indent}  {'- ' if i == 0 else '  '}{key}: {_flow(item[key])}")
                    self.blank = self.blank or _is_blank(item[key])
        else:
            self.lines.append(f"{indent}{f.key}: {_flow(value)}")
            self.blank = self.blank or _is_blank(value)

    def absent(self, f: FieldSpec, required: bool, indent: str) -> None:
        """A field without a value: a blank to fill when required, else a commented line."""
        if not required:
            if f.shape in ("scalar", "list"):
                self.lines += [indent + comment(f.help), f"{indent}# {f.key}: {f.blank}"]
            return
        self.blank = True
        self.lines.append(indent + comment(f.help))
        if f.shape == "object":
            self.lines.append(f"{indent}{f.key}:")
            self.children(f, {}, f.required, indent + "  ")
        elif f.shape == "objects":
            self.lines.append(f"{indent}{f.key}:")
            keys = list(f.required) or [f.children[0].key]
            for i, key in enumerate(keys):
                child = f.child(key)
                self.lines.append(f"{indent}  {'- ' if i == 0 else '  '}{key}: {child.blank if child else chr(34) * 2}")
        else:
            self.lines.append(f"{indent}{f.key}: {f.blank}")

    def children(self, f: FieldSpec, value: Mapping[str, Any], required: Sequence[str], indent: str) -> None:
        for child in f.children:
            if child.key in value:
                self.lines.append(indent + comment(child.help))
                self.field(child, value[child.key], indent)
            else:
                self.absent(child, child.key in required, indent)
        for key, v in value.items():  # keys the schema does not know: kept, for check to report
            if f.child(key) is None:
                self.field(_unknown(key), v, indent)


def _unknown(key: str) -> FieldSpec:
    return FieldSpec(key=key, path=key, title=key, description="", help=key, kind="text", shape="scalar", blank='""')


def roster_line(day: str, members: Iterable[tuple[str, str]]) -> str:
    """The comment naming the leading-group members in office on the day."""
    listed = "、".join(f"{member_id}（{name}）" for member_id, name in members)
    return comment(f"本组织 {day} 在任的班子成员：{listed or '（该日没有在任的班子成员）'}")


def render_record(
    spec: FormSpec,
    record_type: TypeSpec,
    record_id: str,
    organization: str,
    values: Mapping[str, Any],
    roster: Optional[str] = None,
) -> str:
    """The record file: fixed lines, then every field of the type in the schema's order.

    ``roster`` (see :func:`roster_line`) is written above the first field naming members.
    Raises :class:`RefusedCharacters` when a value or key holds a character check refuses."""
    found = list(refused_in(dict(values), spec.multiline))
    if found:
        raise RefusedCharacters(found)
    w = _Writer()
    required = set(record_type.required)
    rostered = roster is None
    for key in record_type.fields:
        f = spec.fields[key]
        if not rostered and f.kind in ("member", "members"):
            w.lines.append(roster or "")
            rostered = True
        if key in values:
            w.lines.append(comment(f.help))
            w.field(f, values[key], "")
        else:
            w.absent(f, key in required, "")
    for key, v in values.items():
        if key not in record_type.fields:
            w.field(spec.fields.get(key) or _unknown(key), v, "")
    head = [MODELINE, comment(f"{record_type.title}：{record_type.description}")]
    if w.blank:
        head.append(FILL_BLANKS)
    head += [
        PRIVACY,
        f"id: {scalar(record_id)}",
        f"type: {scalar(record_type.value)}",
        f"organization: {scalar(organization)}",
    ]
    return "\n".join(head + w.lines) + "\n"


def _blank_value(f: FieldSpec) -> Any:
    if f.shape == "object":
        return {c.key: _blank_value(c) for c in f.children if c.key in f.required}
    if f.shape == "objects":
        item: dict[str, Any] = {}
        for key in list(f.required) or [f.children[0].key]:
            child = f.child(key)
            item[key] = _blank_value(child) if child is not None else ""
        return [item]
    if f.shape == "list":
        return [""]
    return 0 if f.kind in ("integer", "number") else ""


def blank_values(spec: FormSpec, record_type: TypeSpec, day: str, in_office: Sequence[str]) -> dict[str, Any]:
    """What a template without answers is filled with: the date, the type's defaults, the
    members in office where the type lists them, and blanks for what the plan's duties need."""
    values: dict[str, Any] = {"date": day}
    for key, value in record_type.defaults.items():
        values[key] = json.loads(json.dumps(value))  # a copy
    if record_type.default_participants and in_office:
        values["participants"] = list(dict.fromkeys(in_office))
    for key, _why in record_type.needed:
        blank = _blank_value(spec.fields[key])
        if isinstance(blank, dict) and isinstance(values.get(key), dict):
            blank.update(values[key])
        values[key] = blank
    return values


def next_record_id(existing: Iterable[str], year: int, org_id: str, code: str) -> str:
    """``2026-qingshan-village-zyyj-03``: the first sequence number not yet taken.

    ``code`` is the type's short code, from the repository's vocabulary (``short``; a
    :class:`~ysxt_build.records.form_spec.TypeSpec`'s ``code``)."""
    prefix = f"{year}-{org_id}-{code}-"
    taken = {x for x in existing if x.startswith(prefix)}
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def amendment_id(existing: Iterable[str], original_id: str) -> str:
    """``原编号-gz1``: the first free number of a correction of ``original_id``."""
    taken = set(existing)
    n = 1
    while f"{original_id}-gz{n}" in taken:
        n += 1
    return f"{original_id}-gz{n}"
