"""Where the characters of the one table (:mod:`.characters`) sit in a record's data.

Multi-line fields (a summary, a reason: the schemas' long texts, by field name) may hold
newlines and tabs; every other value, and every key, is one line. ``ysxt check`` refuses a
file with such a character (:mod:`ysxt_build.check.control_chars`), and the record writers
(:func:`~ysxt_build.records.templates.render_record`, the 填报 page's twin) refuse to write one,
both by this walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from .characters import first_refused
from .problems import Pointer
from .schemas import SchemaSet

_LONG_TEXT = 1000  # a string allowed this long is a multi-line text (a file path may have 300)
_multiline_by_schemas: dict[str, frozenset[str]] = {}


def _is_multiline(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if str(schema.get("$ref", "")).endswith("/$defs/text"):
        return True
    length = schema.get("maxLength")
    if isinstance(length, int) and length > _LONG_TEXT:
        return True
    return schema.get("type") == "array" and _is_multiline(schema.get("items"))


def _walk_schema(schema: Any, found: set[str]) -> None:
    if isinstance(schema, dict):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            found.update(name for name, sub in properties.items() if _is_multiline(sub))
        for value in schema.values():
            _walk_schema(value, found)
    elif isinstance(schema, list):
        for value in schema:
            _walk_schema(value, found)


def multiline_fields(schemas: SchemaSet) -> frozenset[str]:
    """The names of the fields that hold a multi-line text in any schema (summary, reason, …)."""
    found = _multiline_by_schemas.get(schemas.fingerprint)
    if found is None:
        names: set[str] = set()
        _walk_schema(schemas.documents, names)
        found = _multiline_by_schemas[schemas.fingerprint] = frozenset(names)
    return found


@dataclass(frozen=True)
class Refused:
    """A refused character in a key or a string value: where (``pointer``; a key's pointer ends
    with the key), its index in the text (in code points) and the character."""

    pointer: Pointer
    is_key: bool
    at: int
    char: str
    multiline: bool  # the text may hold newlines and tabs


def refused_in(data: Any, multiline: frozenset[str]) -> Iterator[Refused]:
    """The first refused character of every key and string value of ``data``: a mapping's keys
    before what they hold, otherwise in the order written."""
    stack: list[tuple[Any, Pointer, bool]] = [(data, (), False)]
    while stack:
        value, pointer, long_text = stack.pop()
        if isinstance(value, str):
            at = first_refused(value, multiline=long_text)
            if at is not None:
                yield Refused(pointer, False, at, value[at], long_text)
        elif isinstance(value, dict):
            items: list[tuple[Any, Pointer, bool]] = []
            for key, item in value.items():
                if isinstance(key, str):
                    at = first_refused(key)
                    if at is not None:
                        yield Refused(pointer + (key,), True, at, key[at], False)
                    items.append((item, pointer + (key,), key in multiline))
            stack.extend(reversed(items))
        elif isinstance(value, list):
            stack.extend(reversed([(item, pointer + (i,), long_text) for i, item in enumerate(value)]))
