"""MkDocs' usual build messages in Chinese (for ``ysxt build`` and the preview's error page)."""

from __future__ import annotations

import logging
import re

_MESSAGES = [
    (re.compile(r"Doc file '([^']+)' contains a link '([^']+)', but the target(?: '[^']+')? is not found among documentation files\.(.*)"),
     r"页面 docs/\1 中的链接“\2”指向的页面不存在。\3"),
    (re.compile(r"Doc file '([^']+)' contains a link '([^']+)', but the doc '([^']+)' does not contain an anchor '#([^']+)'\."),
     r"页面 docs/\1 中的链接“\2”指向的位置 #\4 在 docs/\3 中不存在。"),
    (re.compile(r"Doc file '([^']+)' contains a link '([^']+)', but there is no such anchor on this page\."),
     r"页面 docs/\1 中的链接“\2”指向本页中不存在的位置。"),
    (re.compile(r"Doc file '([^']+)' contains an unrecognized relative link '([^']+)', it was left as is\.(.*)"),
     r"页面 docs/\1 中的链接“\2”无法识别。\3"),
    (re.compile(r"Doc file '([^']+)' contains an absolute link '([^']+)', it was left as is\.(.*)"),
     r"页面 docs/\1 中的链接“\2”是绝对路径，请改为相对路径。\3"),
    (re.compile(r"Aborted with (\d+) warnings? in strict mode!"), r"严格模式下有 \1 个警告，网站没有生成。"),
    (re.compile(r"Error reading page '([^']+)':(.*)"), r"读取页面 docs/\1 时出错：\2"),
    (re.compile(r"Error building page '([^']+)':(.*)"), r"生成页面 docs/\1 时出错：\2"),
]


def in_chinese(message: str) -> str:
    """MkDocs' usual build messages in Chinese; others are kept as they are."""
    for pattern, replacement in _MESSAGES:
        if pattern.fullmatch(message.strip()):
            return pattern.sub(replacement, message.strip()).replace("Did you mean", "是不是").strip()
    return message


class ChineseFormatter(logging.Formatter):
    """``MkDocs 警告：…`` with the message in Chinese where it is one of the usual ones."""

    LEVELS = {"WARNING": "警告", "ERROR": "错误", "INFO": "信息", "DEBUG": "调试", "CRITICAL": "严重错误"}

    def format(self, record: logging.LogRecord) -> str:
        return f"MkDocs {self.LEVELS.get(record.levelname, record.levelname)}：{in_chinese(record.getMessage())}"
