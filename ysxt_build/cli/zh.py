"""Chinese for click's own words (usage lines, help headings, usage errors).

click looks its messages up through :mod:`gettext` with module-level ``_`` and
``ngettext`` names; we point those at this table, so that help and usage errors read in
Chinese whatever the machine's locale. Unknown messages fall through unchanged.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不用写值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "Aborted!": "已取消。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "integer": "整数",
    "Got unexpected extra argument ({args})": "多了一个参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了几个参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要写 {nargs} 个值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值 {choices} 之一。",
    "Did you mean {possibility}?": "是不是想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是想写其中之一：{possibilities}？）",
}


def _gettext(message: str) -> str:
    return ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return ZH.get(singular if n == 1 else plural, singular if n == 1 else plural)


def install() -> None:
    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ):
        if hasattr(module, "_"):
            setattr(module, "_", _gettext)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", _ngettext)
