"""YAML written by hand: scalars quoted only when they must be, flow lists, keys and blocks.

The generator writes its files as text, as a person would (and much faster than a YAML
emitter). These helpers hold the quoting rules and the shapes the files repeat: a list of
keys, a nested block of keys, an item of a block list. A key whose value is ``None`` is left
out; other values are written with ``str``.
"""

from __future__ import annotations

import json
import re
from typing import Iterable, Optional, Sequence

_PLAIN = re.compile(
    "[0-9A-Za-z\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u201c\u2018]"
    "[^\\x00-\\x1f:#\\[\\]{},&*!|>'\"%@`\\\\]*"
)
_RESERVED = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false|null|~)|[-+]?[0-9][0-9_.eE+-]*|[-+]?\.[0-9].*"
)

Fields = Sequence[tuple[str, Optional[object]]]


def scalar(value: str) -> str:
    """A YAML scalar: plain when it is safe to be, double-quoted otherwise."""
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and not _RESERVED.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow(values: Sequence[str]) -> str:
    """A flow list of scalars, each quoted if it must be."""
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def raw_flow(values: Iterable[str]) -> str:
    """A flow list of values written as they are: identifiers, or dates already quoted."""
    return "[" + ", ".join(values) + "]"


def keys(fields: Fields, indent: str = "") -> list[str]:
    """``key: value`` lines, leaving out the ``None`` values."""
    return [f"{indent}{k}: {v}" for k, v in fields if v is not None]


def block(key: str, fields: Fields, indent: str = "") -> list[str]:
    """A nested mapping: ``key:`` and its keys indented under it."""
    return [f"{indent}{key}:"] + keys(fields, indent + "  ")


def item(fields: Fields, indent: str = "  ") -> list[str]:
    """One item of a block list of mappings: ``- first: …`` and the rest aligned under it."""
    lines: list[str] = []
    lead, inner = indent + "- ", indent + "  "
    for k, v in fields:
        if v is not None:
            lines.append(f"{inner if lines else lead}{k}: {v}")
    return lines
