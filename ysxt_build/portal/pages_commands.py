"""命令参考: every ``ysxt`` command's help, as the command itself prints it (one source)."""

from __future__ import annotations

import click

from . import md
from .escape import text


def render() -> str:
    from ..cli.main import main  # the portal is part of the CLI; import late to avoid a cycle

    blocks = [
        "# 命令参考 { #top }",
        "下面是每个 <code>ysxt</code> 命令的说明，与在终端运行 <code>ysxt 命令 --help</code> 看到的相同"
        "（本页由程序自动生成）。退出码：0 正常，1 发现问题，2 用法或环境错误。",
    ]
    width = {"terminal_width": 100, "max_content_width": 100}  # the same page on every machine
    with click.Context(main, info_name="ysxt", **{**main.context_settings, **width}) as parent:
        blocks.append(md.heading(2, "ysxt", "cmd-ysxt"))
        blocks.append(_help(main.get_help(parent)))
        for name in sorted(main.commands):
            command = main.commands[name]
            command.options_metavar = "[选项]"
            settings = {**command.context_settings, **width}
            with click.Context(command, info_name=name, parent=parent, **settings) as ctx:
                blocks.append(md.heading(2, f"ysxt {text(name)}", f"cmd-{name}"))
                blocks.append(_help(command.get_help(ctx)))
    return md.page(*blocks)


def _help(help_text: str) -> str:
    fence = "````" if "```" in help_text else "```"
    return f"{fence} text\n{help_text.rstrip()}\n{fence}"
