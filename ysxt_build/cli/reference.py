"""Every command's help as ``ysxt 命令 --help`` prints it, for the portal's 命令参考 page."""

from __future__ import annotations

import click

from .main import main

WIDTH = {"terminal_width": 100, "max_content_width": 100}  # the same page on every machine


def command_reference() -> tuple[tuple[str, str], ...]:
    """``("", help of ysxt)`` then ``(name, help)`` for each command, sorted by name."""
    out: list[tuple[str, str]] = []
    with click.Context(main, info_name="ysxt", **{**main.context_settings, **WIDTH}) as parent:
        out.append(("", main.get_help(parent)))
        for name in sorted(main.commands):
            command = main.commands[name]
            settings = {**command.context_settings, **WIDTH}
            with click.Context(command, info_name=name, parent=parent, **settings) as ctx:
                out.append((name, command.get_help(ctx)))
    return tuple(out)
