"""The ``ysxt`` command group: every command lives in a module of this package, loaded when used.

Exit codes (all commands): 0 成功/没有问题, 1 发现问题, 2 用法或环境错误.
"""

from __future__ import annotations

import importlib
import sys
from typing import Optional

import click

from .. import __version__
from .common import CONTEXT  # first: it makes click speak Chinese
from .common import EXIT_FINDINGS, describe_os_error, usage_error

# Every command is a module of this package, imported only when run or listed: ``ysxt check``
# does not pay for the portal, the exports or the CI reports.
_LAZY: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "status": ("status", "status"),
    "hash": ("authoring", "hash_command"),
    "new": ("authoring", "new"),
    "codeowners": ("authoring", "codeowners_command"),
    "build": ("portal", "build"),
    "serve": ("portal", "serve"),
    "pr-summary": ("ci", "pr_summary"),
    "alerts": ("ci", "alerts"),
    "post-review": ("ci", "post_review"),
    "assess": ("assess", "assess"),
    "export": ("export", "export"),
    "plan": ("plan", "plan"),
}


# click names a value by its type (INTEGER, TEXT, PATH…) unless the option gives a metavar
_METAVAR = {"integer": "整数", "integer range": "整数", "float": "数字", "float range": "数字", "text": "文字",
            "path": "路径", "file": "文件", "directory": "文件夹", "filename": "文件名", "boolean": "是或否"}


def _chinese_usage(command: click.Command) -> click.Command:
    """Every word of a command's help in Chinese, in nested groups too: the usage line
    ([选项], 命令 [参数]...) and the names of values (整数 rather than INTEGER)."""
    command.options_metavar = "[选项]"
    for param in command.params:
        if param.metavar is not None or isinstance(param.type, click.Choice) or getattr(param, "is_flag", False):
            continue
        if isinstance(param.type, click.Path):
            word = "文件夹" if not param.type.file_okay else "文件"
        else:
            word = _METAVAR.get(param.type.name, "")
        if word:
            word += "..." if param.nargs != 1 else ""
            param.metavar = word if isinstance(param, click.Option) or param.required else f"[{word}]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            _chinese_usage(sub)
    return command


class _LazyGroup(click.Group):
    """A group whose ``commands`` (all of them, loaded) is there for whoever lists them, while
    running one command imports only that command's module."""

    _loaded: dict[str, click.Command]

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        for name in _LAZY:
            self._resolve(name)
        return self._loaded

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._loaded = value

    def _resolve(self, name: str) -> Optional[click.Command]:
        command = self._loaded.get(name)
        if command is None and name in _LAZY:
            module, attr = _LAZY[name]
            command = getattr(importlib.import_module(f".{module}", __package__), attr)
            assert isinstance(command, click.Command)
            self._loaded[name] = _chinese_usage(command)
        return command

    def add_command(self, cmd: click.Command, name: Optional[str] = None) -> None:
        self._loaded[name or cmd.name or ""] = _chinese_usage(cmd)

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        return self._resolve(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self._loaded) | set(_LAZY))

    def invoke(self, ctx: click.Context) -> object:
        """The one error boundary of every command: a file the system cannot read or write (a
        name too long, no permission, a full disk) is a Chinese error and exit code 2, not a
        traceback."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # ysxt status | head: the reader has gone; nothing to say
            sys.stderr.close()
            sys.exit(EXIT_FINDINGS)
        except OSError as exc:
            usage_error(describe_os_error(exc))


@click.group(cls=_LazyGroup, context_settings=CONTEXT, options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
@click.version_option(__version__, "-V", "--version", prog_name="ysxt")
def main() -> None:
    """ysxt：意识形态工作责任制记录与门户。

    \b
    常用命令：
      ysxt check              检查全部记录文件，指出错误所在的文件和行
      ysxt status             查看各项责任的落实情况（逾期、即将到期）
      ysxt new 类型 --org 组织  按模板新建一条记录
      ysxt hash 文件          计算证明材料的 sha256 校验值

    \b
    例：
      ysxt check --as-of 2026-11-29
      ysxt status --org qingshan-village

    退出码：0 没有问题，1 发现问题，2 用法或环境错误。

    每个命令的详细说明：ysxt 命令 --help
    """
    _tolerant_output()


def _tolerant_output() -> None:
    """Output that cannot fail on a character. On Windows, output sent to a file or a pipe is
    encoded in the office computer's code page (GBK), which lacks symbols such as ✖ and ◔:
    they become "?" instead of stopping the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8", "utf-8-sig") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot be changed
                pass
