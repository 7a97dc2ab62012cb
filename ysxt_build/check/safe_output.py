"""Output that text from a record can never turn into a CI command or a terminal escape.

Every line the pipelines print is read by the runner as well as by people: GitHub's runner
and the Gitea/Forgejo runner (nektos/act) treat a line that starts with ``::`` as a workflow
command (``::set-env``, ``::add-path``, ``::add-mask``, ``::stop-commands``, ``::error`` …);
GitHub's runner also looks for the older ``##[command]`` form anywhere in a line. Its lines
end at ``\\n``, at ``\\r`` and at ``\\r\\n``. So a record title like ``"x\\n::set-env name=A::b"``
or a file named ``"a\\r::add-path::/tmp"`` must not reach a log unchanged.

This module owns the rule; the reporters of ``ysxt check`` and the CI reports use it. Which
characters are dangerous, and how they are shown, is one table and one escaping:
:mod:`ysxt_build.records.characters` (the characters ``ysxt check`` refuses in records: C0 and
C1 controls, line and paragraph separators, direction controls, surrogates, noncharacters).

* :func:`one_line` for a value placed inside a line (a title, a name, a file name, a
  message): every line break and refused character becomes a visible escape (``\\n``,
  ``\\r``, ``\\x1b`` …), so the value stays on its line and cannot move the cursor or colour
  a terminal (the same as :func:`~ysxt_build.records.characters.for_terminal`);
* :func:`log_safe` for a whole text about to be printed (plain text or Markdown): in every
  line, a leading ``::`` becomes ``\\::`` and ``##[`` becomes ``#\\#[`` (in Markdown the
  backslash escapes the punctuation, so the page shows the same text), after
  :func:`one_line` has made the remaining control characters visible;
* :func:`json_safe` for JSON text: the same, spelt with JSON's own ``\\u`` escapes, so the
  data stays equal;
* :func:`workflow_command` to write the one kind of line that is meant to be a command
  (an ``::error``/``::warning`` annotation), with its properties and message escaped as the
  runners unescape them.
"""

from __future__ import annotations

import re
from typing import Mapping

from ..records.characters import for_terminal, json_escapes

#: What makes a line a workflow command: ``::`` at its start (after white space), ``##[``
#: anywhere (GitHub's older form).
COMMAND_START = "::"
OLD_COMMAND = "##["


def one_line(value: str) -> str:
    """``value`` made to stay on one line: every character :mod:`ysxt_build.records.characters`
    refuses (tab and line breaks included) shown as an escape (the terminal's
    :func:`~ysxt_build.records.characters.for_terminal`, under the name the reporters use)."""
    return for_terminal(value)


def _safe_line(line: str) -> str:
    line = for_terminal(line, keep_tabs=True)
    body = line.lstrip()
    if body.startswith(COMMAND_START):
        cut = len(line) - len(body)
        line = line[:cut] + "\\" + body
    while OLD_COMMAND in line:
        line = line.replace(OLD_COMMAND, "#\\#[")
    return line


def is_command(line: str) -> bool:
    """Whether a runner could read ``line`` as a workflow command."""
    return line.lstrip().startswith(COMMAND_START) or OLD_COMMAND in line


def log_safe(text: str) -> str:
    """``text`` with no line a runner would read as a command; line breaks become ``\\n``.

    Lines are split the way the widest reader splits them (Python's ``splitlines``: ``\\r``,
    ``\\n``, ``\\r\\n``, ``\\v``, ``\\f``, ``\\x1c``–``\\x1e``, ``\\x85``, U+2028, U+2029), so a
    bare ``\\r`` in the text can no more start a command than a ``\\n``. A final line break is
    kept.
    """
    with_ends = text.splitlines(keepends=True)
    lines = [line.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029") for line in with_ends]
    tail = "\n" if with_ends and lines[-1] != with_ends[-1] else ""
    return "\n".join(_safe_line(line) for line in lines) + tail


def json_safe(text: str) -> str:
    """JSON text (from :func:`json.dumps`) that no runner reads as a command, same data.

    ``json.dumps`` already escapes C0 controls; this also escapes every other character the
    table refuses (C1 controls, U+2028/2029, direction controls, surrogates, noncharacters) and
    ``#`` in ``##[``, which may only occur inside strings, so the decoded data is equal.
    """
    text = json_escapes(text)
    while OLD_COMMAND in text:
        text = text.replace(OLD_COMMAND, "#\\u0023[")
    return text


def _escape_data(value: str) -> str:
    # the runners unescape %25, %0D and %0A in a command's message
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # act splits properties from the message at the last "::" of the line
    return for_terminal(value.replace("::", ": :"))


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(name: str, properties: Mapping[str, object], message: str) -> str:
    """One workflow command line, e.g. ``::error file=a.yaml,line=3::message``.

    ``name`` and the property names are ours; property values and the message may come from
    records and are escaped so that the command ends at the end of its line.
    """
    props = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{_escape_data(message)}"


_MARKDOWN_PUNCT = re.compile(r"([\\`*\[\]<>|~])")
_LOOSE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def markdown_text(value: str) -> str:
    """``value`` as literal text inside one line of Markdown: no markup, no HTML, no break.

    Backslash escapes for the punctuation Markdown reads (an underscore only at a word's
    edge, so ``snake_case`` ids stay readable in a plain log too).
    """
    text = _MARKDOWN_PUNCT.sub(r"\\\1", one_line(value))
    return _LOOSE_UNDERSCORE.sub(r"\\_", text)


def markdown_code(value: str) -> str:
    """``value`` as a Markdown code span on one line (a longer fence when it holds backticks)."""
    text = one_line(value)
    run = max((len(m) for m in re.findall("`+", text)), default=0)
    if not run:
        return f"`{text}`"
    fence = "`" * (run + 1)
    return f"{fence} {text} {fence}"
