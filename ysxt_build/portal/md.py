"""Markdown building blocks. Every argument is already-safe Markdown (escape data with
:func:`ysxt_build.portal.escape.text` first); these functions only arrange it."""

from __future__ import annotations

from typing import Iterable, Sequence


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> str:
    """A pipe table; ``align`` is one letter per column (l, c, r), default left."""
    rows = list(rows)
    if not rows:
        return ""
    marks = {"l": ":--", "c": ":-:", "r": "--:"}
    sep = [marks.get(align[i] if i < len(align) else "l", ":--") for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(sep) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(c if c else "&nbsp;" for c in row) + " |")
    return "\n".join(lines) + "\n"


def heading(level: int, title: str, anchor: str, classes: str = "", search: bool = True) -> str:
    """``## title { #anchor .class }``; ``search=False`` leaves the section (up to the next
    heading) out of the search index (Material's ``data-search-exclude``)."""
    attrs = f"#{anchor}" + "".join(f" .{c}" for c in classes.split()) + ("" if search else " data-search-exclude")
    return f"{'#' * level} {title} {{ {attrs} }}\n"


def admonition(kind: str, title: str, body: str, collapsible: bool = False) -> str:
    """``!!! kind "title"`` with an indented body (title must not contain a double quote)."""
    marker = "???" if collapsible else "!!!"
    indented = "\n".join(("    " + line) if line else "" for line in body.rstrip("\n").split("\n"))
    return f'{marker} {kind} "{title}"\n\n{indented}\n'


def bullets(items: Iterable[str]) -> str:
    lines = [f"- {item}" for item in items]
    return ("\n".join(lines) + "\n") if lines else ""


def page(*blocks: str) -> str:
    """Blocks joined by one blank line, ending with exactly one newline."""
    parts = [b.strip("\n") for b in blocks if b and b.strip()]
    return "\n\n".join(parts) + "\n"


def front_matter(
    hide: Sequence[str] = (), search_boost: float | None = None, title: str = "", search_exclude: bool = False
) -> str:
    """YAML front matter. ``title`` must be escaped text (it has no quote or backslash then):
    an explicit title keeps the theme from building the HTML ``<title>`` out of the heading
    with Jinja's ``striptags``, which turns character references back into markup.

    ``search_exclude`` keeps the page out of the search index: for the status overviews, whose
    text is the same few words for every organisation and whose records are found on the
    organisations' pages (indexing them would also cost most of a large county's build)."""
    lines = ["---"]
    if title:
        assert '"' not in title and "\\" not in title and "\n" not in title, title
        lines.append(f'title: "{title}"')
    if hide:
        lines.append("hide:")
        lines += [f"  - {h}" for h in hide]
    if search_boost is not None or search_exclude:
        lines.append("search:")
        if search_boost is not None:
            lines.append(f"  boost: {search_boost}")
        if search_exclude:
            lines.append("  exclude: true")
    lines.append("---")
    return "\n".join(lines) + "\n"
