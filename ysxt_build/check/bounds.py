"""Output of a check that stays readable whatever the input: a value quoted in a message is cut
after its start (a finding never repeats a megabyte of a file), and one file shows at most
:data:`MAX_PER_FILE` findings, then how many more it has.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..records.problems import Problem

MAX_QUOTED = 60  # characters of a value shown inside “…”
MAX_TEXT = 600  # characters of a whole message or hint
MAX_PER_FILE = 50
TRUNCATED = "output.truncated"

_QUOTED = re.compile("“([^”]{%d,})”" % (MAX_QUOTED + 1))


def clip(text: str) -> str:
    """``text`` with every long quoted value cut to its start, and the whole to :data:`MAX_TEXT`."""
    if len(text) <= MAX_QUOTED:
        return text
    text = _QUOTED.sub(lambda m: f"“{m.group(1)[:MAX_QUOTED]}…（共 {len(m.group(1))} 个字符）”", text)
    if len(text) > MAX_TEXT:
        text = f"{text[:MAX_TEXT]}…（共 {len(text)} 个字符）"
    return text


def bounded(problems: list[Problem]) -> list[Problem]:
    """Every finding with its texts clipped, and at most :data:`MAX_PER_FILE` of one file (the
    first ones in reading order), followed by a finding that counts the others."""
    out = []
    for p in problems:
        message, hint = clip(p.message), clip(p.hint)
        out.append(p if message == p.message and hint == p.hint else replace(p, message=message, hint=hint))
    per_file = Counter(p.path for p in out)
    crowded = {path for path, count in per_file.items() if count > MAX_PER_FILE}
    if not crowded:
        return out
    kept: list[Problem] = [p for p in out if p.path not in crowded]
    for path in sorted(crowded):
        mine = sorted((p for p in out if p.path == path), key=Problem.sort_key)
        shown, hidden = mine[:MAX_PER_FILE], mine[MAX_PER_FILE:]
        kept += shown
        errors = sum(p.severity == "error" for p in hidden)
        kept.append(
            Problem(
                path,
                TRUNCATED,
                f"这个文件还有 {len(hidden)} 个问题没有列出（其中错误 {errors} 个）",
                "请先改正上面列出的问题，再运行 ysxt check 查看其余的。",
                line=hidden[0].line,  # where the findings not shown begin
                severity="error" if errors else "warning",
            )
        )
    return kept
