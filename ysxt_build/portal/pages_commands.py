"""命令参考: every ``ysxt`` command's help, as the command itself prints it (one source).

The help texts come from the command line (:func:`ysxt_build.cli.reference.command_reference`),
passed in with the site context: the portal does not import the commands.
"""

from __future__ import annotations

from typing import Sequence

from . import md
from .escape import text


def render(commands: Sequence[tuple[str, str]]) -> str:
    blocks = [
        "# 命令参考 { #top }",
        "下面是每个 <code>ysxt</code> 命令的说明，与在终端运行 <code>ysxt 命令 --help</code> 看到的相同"
        "（本页由程序自动生成）。退出码：0 正常，1 发现问题，2 用法或环境错误。",
    ]
    for name, help_text in commands:
        title = f"ysxt {text(name)}" if name else "ysxt"
        blocks.append(md.heading(2, title, f"cmd-{name}" if name else "cmd-ysxt"))
        blocks.append(_help(help_text))
    return md.page(*blocks)


def _help(help_text: str) -> str:
    fence = "````" if "```" in help_text else "```"
    return f"{fence} text\n{help_text.rstrip()}\n{fence}"
