"""Pieces every command module shares: exit codes, the date type, the --repo option.

Importing it makes click speak Chinese (:mod:`.zh`) before any option is declared: click
names some metavars when an option is created.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Callable, NoReturn, Optional, Sequence, TypeVar

import click

from ..check.schema_messages import corrected_date, date_parts, no_such_day
from ..records import lookup
from ..records.characters import for_terminal
from ..records.files import os_error_zh
from ..records.model import Dataset, Organization
from ..records.periods import KINDS, Cycle, Period, as_typed
from . import zh

zh.install()

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

F = TypeVar("F", bound=Callable[..., object])


class DateParam(click.ParamType):  # type: ignore[type-arg]
    name = "日期"

    def convert(self, value: object, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> date:
        if isinstance(value, date):
            return value
        text = str(value)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        fixed = corrected_date(text)
        parts = date_parts(text)
        why = f"，应写 {fixed}" if fixed else f"（{no_such_day(*parts)[0]}）" if parts else ""
        self.fail(f"“{text}”不是有效日期{why}，请写成 YYYY-MM-DD，例如 2025-06-30", param, ctx)


DATE = DateParam()


def repo_option(f: F) -> F:
    return click.option(
        "--repo",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        help="记录仓库的位置（含 records/ 的文件夹）。",
    )(f)


def require_repo(repo: Path) -> Path:
    try:
        root = repo.resolve()
        found = (root / "records").is_dir()
    except OSError as exc:  # a name too long, no permission
        usage_error(f"无法打开记录仓库 {for_terminal(str(repo))}：{os_error_zh(exc)}")
    if not found:
        usage_error(f"在 {root} 下找不到 records/ 文件夹。\n提示：请在记录仓库的根目录运行，或用 --repo 指定仓库位置。")
    return root


def describe_os_error(exc: OSError) -> str:
    """A system error on a file, for a clerk: what went wrong and with which file."""
    where = f"：{for_terminal(os.fsdecode(exc.filename))}" if exc.filename is not None else ""
    return f"{os_error_zh(exc)}{where}"


def usage_error(message: str) -> NoReturn:
    click.echo(f"错误：{message}", err=True)
    sys.exit(EXIT_USAGE)


_KIND_WORD = {"year": "年度", "half": "半年", "quarter": "季度", "month": "月份"}
_EXAMPLE = {"year": "2026年", "half": "2026年上半年或 2026H1", "quarter": "2026年第三季度或 2026Q3", "month": "2026年3月"}


def period_examples(cycles: Sequence[Cycle], kinds: Sequence[str] = KINDS) -> str:
    """Which periods a --period may name and how, for messages: the built-in ``kinds`` and the
    vocabulary's own periods — 年度（如 2026年）、半年（如 2026年上半年或 2026H1）、学期（如
    2025—2026学年第一学期或 2025S1）."""
    words = [f"{_KIND_WORD[k]}（如 {_EXAMPLE[k]}）" for k in KINDS if k in kinds]
    for c in cycles:
        example = Period.of_cycle(c, 2025, 1)
        words.append(f"{c.name.removeprefix('每')}（如 {example.label_zh}或 {example.label}）")
    return words[0] if len(words) == 1 else "、".join(words[:-1]) + "或" + words[-1]


def parse_period(label: str, cycles: Sequence[Cycle], kinds: Sequence[str] = KINDS, what: str = "") -> Period:
    """``--period`` of every command, by one parser (:meth:`Period.parse`): 2026年上半年, 2026H1,
    2026上半年, 2026年; the vocabulary's own periods by label or name (2025S1,
    2025—2026学年第一学期), as typed on a Chinese keyboard. ``kinds``: the built-in kinds the
    command takes (the vocabulary's own are always taken), ``what`` it makes (自查报告) to say
    so. A usage error in Chinese otherwise, listing what may be written."""
    shown = for_terminal(label)
    try:
        period = Period.parse(as_typed(label), cycles)
    except ValueError:
        usage_error(f"期间“{shown}”写法不对。可以写{period_examples(cycles, kinds)}。")
    if period.cycle is None and period.kind not in kinds:
        word = _KIND_WORD[period.kind]
        named = f"（{period.label_zh}）" if period.label_zh != shown else ""
        usage_error(f"期间“{shown}”{named}是{word}，{what or '这里'}不按{word}计算。可以写{period_examples(cycles, kinds)}。")
    return period


def resolve_organization(ds: Dataset, name: str, day: date) -> Organization:
    """``--org``: an organisation by id, full name or a part naming one; else a usage error
    listing the organisations (:func:`ysxt_build.records.lookup.find_organization`)."""
    try:
        return lookup.find_organization(ds, name, day)
    except lookup.NotFound as exc:
        usage_error(_terminal_lines(str(exc)))


def resolve_member(ds: Dataset, name: str, day: date, within: Optional[Organization] = None) -> lookup.Member:
    """``--member``: a leading-group member by id or name (of ``within`` when given); else a
    usage error listing the candidates or the members."""
    try:
        return lookup.find_member(ds, name, day, within)
    except lookup.NotFound as exc:
        usage_error(_terminal_lines(str(exc)))


def _terminal_lines(message: str) -> str:
    return "\n".join(for_terminal(line) for line in message.split("\n"))
