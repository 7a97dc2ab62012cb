"""Check one file on its own: readable, strict YAML, valid against its schema, no private data.

Everything found in the file is collected (all schema errors, not only the first). The
result is plain data so that it can be cached between runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..records import strict_yaml
from ..records.files import os_error_zh, read_bounded
from ..records.problems import Pointer, Problem
from ..records.schemas import SchemaSet
from . import privacy
from .control_chars import control_char_problems, may_hold_controls, multiline_fields


# A line indented with full-width spaces (U+3000, what a Chinese input method types) before a
# field name or a list item: YAML reads the spaces as part of the name.
_FULLWIDTH_INDENT = re.compile(r"^[ \t]*\u3000[ \t\u3000]*(?:- |-$|[A-Za-z_][A-Za-z0-9_-]*[ \t]*:)", re.M)


def fullwidth_indent(path: str, text: str) -> Optional[Problem]:
    """One finding for lines indented with full-width spaces, at the first of them."""
    found = list(_FULLWIDTH_INDENT.finditer(text))
    if not found:
        return None
    first = text.count("\n", 0, found[0].start()) + 1
    more = f"（共 {len(found)} 行）" if len(found) > 1 else ""
    return Problem(
        path, "yaml.fullwidth-indent",
        f"第 {first} 行用全角空格（“　”）缩进{more}，YAML 不认识全角空格，会把它当成字段名的一部分",
        "请把行首的全角空格换成半角空格（英文输入法下的空格键）：每深一层缩进两个半角空格，与上下行对齐。",
        line=first,
    )


@dataclass(frozen=True)
class FileOutcome:
    path: str
    kind: str
    data: Optional[dict[str, Any]]  # None unless the file is valid against its schema
    problems: tuple[Problem, ...]
    declared_id: Optional[str] = None  # the id the file claims (or its name), even when invalid
    # a record's id when it is valid on its own (even if other fields are not): the checks that
    # need only the id (file name, unique ids) run on it
    record_id: Optional[str] = None


class LineLocator:
    """Finds the line of a pointer in one file's text, composing the YAML once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._root: Any = None
        self._composed = False

    def line(self, pointer: Pointer) -> int:
        if not self._composed:
            self._root = strict_yaml._compose(self.text)
            self._composed = True
        if self._root is None:
            return 0
        line = 1
        for value, key in strict_yaml._walk(self._root, pointer):
            mark = key.start_mark if key is not None else value.start_mark
            line = mark.line + 1
        return line


def privacy_problems(path: str, text: str) -> list[Problem]:
    """The privacy findings in a text (see :mod:`.privacy`); the 填报 page shows the same rule."""
    return privacy.record_problems(path, text, None)


def check_file(root: Path, path: str, kind: str, schemas: SchemaSet) -> FileOutcome:
    try:
        raw, size = read_source(root, path)
    except OSError as exc:
        return unreadable(path, kind, exc)
    return check_bytes(path, kind, schemas, raw, size)


def read_source(root: Path, path: str) -> tuple[bytes, int]:
    """A file's bytes (never more than the size bound and one byte) and its size."""
    return read_bounded(f"{root}/{path}", strict_yaml.MAX_BYTES)


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")


def unreadable(path: str, kind: str, exc: OSError) -> FileOutcome:
    # Until the file says otherwise, its id is its name: references to a file that cannot be
    # read are then not reported a second time, as "does not exist", in every other file.
    return FileOutcome(
        path,
        kind,
        None,
        (Problem(path, "file.unreadable", f"无法读取文件（{os_error_zh(exc)}）", "请检查文件权限，或把文件换成普通文件。"),),
        _stem(path),
    )


def check_bytes(path: str, kind: str, schemas: SchemaSet, raw: bytes, size: int) -> FileOutcome:
    """Check a file's content (``raw``, read by :func:`read_source`)."""
    stem = _stem(path)
    if size <= strict_yaml.MAX_BYTES and b"\xe3\x80\x80" in raw:  # U+3000 in UTF-8
        decoded = raw.decode("utf-8", errors="replace")
        indent = fullwidth_indent(path, decoded)
        if indent is not None:  # the structure is not what the clerk meant: fix this first
            return FileOutcome(path, kind, None, (indent, *privacy.record_problems(path, decoded, None)), stem)
    try:
        if size > strict_yaml.MAX_BYTES:
            raise strict_yaml.too_large(size)
        data, refusals, text = strict_yaml.load_bytes(raw)
    except strict_yaml.StrictYamlError as exc:
        r = exc.refusal
        return FileOutcome(path, kind, None, (Problem(path, r.code, r.message, r.hint, line=r.line),), stem)
    problems = [Problem(path, r.code, r.message, r.hint, line=r.line) for r in refusals]
    if not isinstance(data, dict):
        if isinstance(data, str) and "：" in data:
            hint = "字段名后要用英文冒号加一个空格，例如 id: …，不能用中文冒号“：”。"
        elif isinstance(data, list):
            hint = "文件的第一层不能是列表（以“- ”开头）；请对照模板，从第一行起写 id: …、type: … 等字段。"
        else:
            hint = "请对照模板，从第一行起写 id: …、type: … 等字段。"
        problems.append(
            Problem(path, "yaml.not-mapping", "文件内容应是一组“字段名: 值”，这里不是", hint, line=1)
        )
        return FileOutcome(path, kind, None, tuple(problems), stem)
    declared = data["id"] if isinstance(data.get("id"), str) else stem
    valid = schemas.is_valid(kind, data)
    locator = LineLocator(text)
    if not valid:
        from .schema_messages import SchemaMessages  # with jsonschema: only for an invalid file

        translated = SchemaMessages(schemas, kind).problems(path, schemas.iter_errors(kind, data))
        problems.extend(p.at_line(locator.line(p.pointer or ())) for p in translated)
    # A control character makes the file as unusable as a schema error: it is left out.
    controls = control_char_problems(path, data, multiline_fields(schemas)) if may_hold_controls(text) else []
    problems.extend(p.at_line(locator.line(p.pointer or ())) for p in controls)
    private = privacy.record_problems(path, text, data)
    problems.extend(p if p.line else p.at_line(locator.line(p.pointer or ())) for p in private)
    # A control character or a private number makes the file unusable: it is left out of the
    # status and the portal (which must not publish the number) until it is corrected.
    usable = valid and not controls and not private
    record_id = None
    if kind == "record" and isinstance(data.get("id"), str) and not controls and not private:
        record_id = data["id"] if valid or _valid_id(schemas, data["id"]) else None
    return FileOutcome(path, kind, data if usable else None, tuple(problems), declared, record_id)


def _valid_id(schemas: SchemaSet, value: str) -> bool:
    """Whether ``value`` is valid as a record's id (its schema: a string of the id pattern)."""
    import jsonschema  # only for an invalid file

    node = schemas.property_schema("record", "id")
    return node is not None and jsonschema.Draft202012Validator(node).is_valid(value)
