"""Escaping: the one place where text from records becomes safe Markdown (and HTML).

Every string that comes from a record, an organisation file, a plan or a file path goes
through :func:`text` before it is put into a generated page. The result is inert in every
place a page uses it: Markdown inline text, table cells, list items, headings, link texts,
and raw HTML text or attribute values (inside ``<svg>``, ``<td>`` …).

How: characters that Markdown, its extensions (attr_list, tables, emphasis, links, abbr,
footnotes, admonitions, snippets) or HTML could read as syntax are written as numeric
character references (``<`` → ``&#60;``). A character reference is never syntax to
Python-Markdown, yet the browser shows the character itself, so a title of
``<script>alert(1)</script>`` is shown as exactly that text and runs nothing. Line breaks
and the other characters of the one table (:mod:`ysxt_build.records.characters`: control
characters, separators, surrogates, noncharacters) become a space (Python-Markdown uses the
control characters STX/ETX for its own placeholders, so they must never pass), and
bidirectional controls, which could make text display differently from what it is, are dropped.

Identifiers used in URLs and anchors do not go through :func:`text`: see :func:`slug`.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Callable, Optional
from urllib.parse import quote

from ..records.characters import DIRECTION_CONTROLS, refused_code_points

# Always written as a character reference. Letters, digits, CJK and other non-ASCII text, and
# the harmless , / ? ; @ % are kept as they are, so that the Markdown stays readable.
_ALWAYS = frozenset("\\`*_{}[]()#+!|<>&\"'~^=:$.")
# Only syntax at the start of a line (lists, setext and rules): written as a reference when
# the text starts with them. The text is a single line, so only its first character counts.
_AT_START = frozenset("-")
_SPACES = re.compile(r"\s+")
_SLUG_OK = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def _ref(ch: str) -> str:
    return f"&#{ord(ch)};"


# One pass for every character of the one table (records.characters): control characters,
# separators, surrogates and noncharacters to a space, bidirectional controls dropped …
_CLEAN: dict[int, Optional[str]] = {code: " " for code in refused_code_points()}
_CLEAN.update({ord(ch): None for ch in DIRECTION_CONTROLS})
# … and one for the characters written as references.
_REFS = {ord(ch): _ref(ch) for ch in _ALWAYS}


def text(value: object) -> str:
    """Any value as one line of inert Markdown/HTML text that shows exactly that value.

    ``None`` gives an empty string. Runs of whitespace (including line breaks) become one
    space; control characters become a space and bidirectional overrides are dropped.
    """
    if value is None:
        return ""
    return _text(str(value))


@lru_cache(maxsize=1 << 16)  # the same names, titles and notes recur on thousands of pages
def _text(value: str) -> str:
    one_line = _SPACES.sub(" ", value.translate(_CLEAN)).strip()
    out = one_line.translate(_REFS)
    if out[:1] in _AT_START:
        out = _ref(out[0]) + out[1:]
    return out


def text_with_code(value: str) -> str:
    """Like :func:`text`, but `backtick spans` become inline code (for schema descriptions).

    The code content is escaped the same way, inside ``<code>`` written as raw HTML.
    """
    parts = value.split("`")
    if len(parts) % 2 == 0:  # unbalanced: show the backticks as they are
        return text(value)
    out = []
    for i, part in enumerate(parts):
        inner = text(part)
        if i % 2:
            out.append(f"<code>{inner}</code>")
            continue
        if inner and part[:1].isspace() and i > 0:
            inner = " " + inner
        if inner and part[-1:].isspace() and i < len(parts) - 1:
            inner += " "
        out.append(inner)
    return "".join(out)


def _nothing_reserved(value: str) -> Optional[str]:
    return None


def slug(value: str, prefix: str = "", reserved: Callable[[str], Optional[str]] = _nothing_reserved) -> str:
    """An anchor or file name for an identifier: the identifier itself when it is already
    safe (lower-case letters, digits and hyphens, as the schemas require) and not
    ``reserved`` (a name the folder keeps for itself), else a stable hash, so that a strange id
    can never break out of a URL or an ``id`` attribute, nor take another page's place."""
    if _SLUG_OK.match(value) and reserved(value) is None:
        return prefix + value
    return prefix + "x-" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def url_path(path: str) -> str:
    """A relative file path as a URL path: every byte outside ``A-Za-z0-9-._~/`` is
    percent-encoded, so it cannot end a Markdown link or carry a scheme."""
    return quote(path, safe="/")


_URL_PREFIX = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%/+-]*)?$")


def safe_url_prefix(prefix: str) -> bool:
    """Whether a configured web address prefix (for links to source files) is a plain
    http(s) address without characters that could break a link."""
    return bool(_URL_PREFIX.match(prefix))
