"""How the runners read a log: which lines of an output they would take as workflow commands.

Written apart from :mod:`ysxt_build.check.safe_output` so the tests check the rule against
the runners, not against itself:

* GitHub's runner reads lines the way .NET's ``ReadLine`` splits them (``\\n``, ``\\r``,
  ``\\r\\n``); a line is a command when, after leading white space, it starts with ``::``, or
  when it holds ``##[`` anywhere (the older form);
* the Gitea/Forgejo runner (nektos/act) splits at ``\\n``; a line is a command when it starts
  with ``::`` or ``##[``.
"""

from __future__ import annotations

import re

HOSTILE = [
    "标题\n::set-env name=YSXT_PWNED::yes",
    "标题\r::add-path::/tmp/evil",
    "标题%0A::set-env name=YSXT_PWNED::yes",
    "标题\r\n  ::stop-commands::tok",
    "x ##[set-env name=YSXT_PWNED;]yes",
    "标题\u2028::add-mask::x",
    "\x1b]0;title\x07\x1b[31m红\x1b[0m",
]


def github_commands(output: str) -> list[str]:
    lines = re.split(r"\r\n|\r|\n", output)
    return [line for line in lines if line.lstrip().startswith("::") or "##[" in line]


def act_commands(output: str) -> list[str]:
    return [line for line in output.split("\n") if line.startswith("::") or line.startswith("##[")]


def commands(output: str) -> list[str]:
    """Lines either runner would act on (each counted once)."""
    return sorted(set(github_commands(output)) | set(act_commands(output)))
