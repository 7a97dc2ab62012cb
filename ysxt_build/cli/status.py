"""``ysxt status``: the computed status in the terminal, or as status.json."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import click

from ..status.model import LATE, Entry, StatusReport
from ..status.pipeline import compute_repository
from ..status.serialize import to_json
from ..status.view import StatusView
from .common import (
    CONTEXT, DATE, EXIT_FINDINGS, EXIT_OK, parse_period, repo_option, require_repo, resolve_member, resolve_organization,
    usage_error,
)


@click.command(context_settings=CONTEXT)
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help="按哪一天的情况计算（YYYY-MM-DD），默认今天。")
@click.option("--org", "org_id", default=None, metavar="组织", help="只看一个组织：编号或名称，例如 qingshan-village 或 青山村党总支。")
@click.option("--member", "member_id", default=None, metavar="成员", help="只看一位班子成员：编号或姓名，例如 m-zhang-wei 或 张伟。")
@click.option("--period", "period_label", default=None, metavar="期间",
              help="只看一个期间：2025年、2025年上半年（或 2025上半年、2025H1）、2025年第三季度、2025年3月，"
                   "或词汇表自定的期间（如学期：2025—2026学年第一学期，或 2025S1）。")
@click.option(
    "--only",
    type=click.Choice(["overdue", "due-soon"]),
    default=None,
    help="overdue 只看需要处理的（已逾期、未开展、不完整）；due-soon 只看即将到期的。",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式：text 中文表格，json 即 status.json。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="把 status.json 写到这个文件（与 --format json 的内容相同）。")
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(["overdue", "due-soon"]),
    default=None,
    help="供流水线使用：有需要处理的事项（overdue），或有需要处理或即将到期的事项（due-soon）时，以退出码 1 结束。",
)
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新读取。")
def status(
    repo: Path,
    as_of: Optional[date],
    org_id: Optional[str],
    member_id: Optional[str],
    period_label: Optional[str],
    only: Optional[str],
    fmt: str,
    output: Optional[Path],
    fail_on: Optional[str],
    no_cache: bool,
) -> None:
    """查看各项责任的落实情况：哪些已完成，哪些即将到期，哪些已逾期。

    按实施方案逐项计算每个组织、每位班子成员在每个期间的状态，
    并说明还差什么、何时截止。

    \b
    例：
      ysxt status                          全镇汇总和需要处理的事项
      ysxt status --org qingshan-village   一个组织（也可以写名称：--org 青山村党总支）
      ysxt status --member 张伟            一位班子成员的“一岗双责”（姓名或成员编号）
      ysxt status --period 2025年上半年 --only overdue
      ysxt status --as-of 2025-12-31 --format json > status.json
      ysxt status --org qingshan-village --fail-on overdue   流水线中：有逾期事项时失败

    退出码：0 正常，1 有 --fail-on 所说的事项，2 用法或环境错误。
    """
    root = require_repo(repo)
    day = as_of or date.today()
    computed = compute_repository(root, day, use_cache=not no_cache)
    ds = computed.dataset
    period = parse_period(period_label, ds.cycles) if period_label is not None else None  # the vocabulary's own too
    for note in computed.notes:
        click.echo(f"注意：{note.message}。{note.hint}", err=True)
    if period is not None and day < period.start:
        click.echo(f"注意：{period.label_zh}还没有开始（截至 {day.isoformat()}），只列出与它重叠、已经开始的期间的事项。", err=True)
    if computed.load_errors:
        files = len({p.path for p in computed.load_errors})
        click.echo(f"注意：有 {files} 个文件有错误，没有计入统计；请运行 ysxt check 查看并改正。", err=True)
    entries = list(computed.report.entries)
    org = None
    member_name = None
    if org_id is not None:
        org = resolve_organization(ds, org_id, day)
        entries = [e for e in entries if e.organization == org.id]
    if member_id is not None:
        member = resolve_member(ds, member_id, day, org)
        org = org or member.organizations[0]
        member_id, member_name = member.id, member.name
        entries = [e for e in entries if e.member == member_id]
    if period is not None:
        entries = [e for e in entries if period.overlaps(e.period_start, e.period_end)]
    if only == "overdue":
        entries = [e for e in entries if e.status in LATE]
    elif only == "due-soon":
        entries = [e for e in entries if e.status == "due_soon"]
    if fmt == "json" or output is not None:
        report = StatusReport(as_of=day, entries=tuple(entries))
        about = None if org is None else {org.id} | {e.organization for e in entries}  # --org, --member
        text = json.dumps(to_json(report, ds, computed.labels, about), ensure_ascii=False, indent=1) + "\n"
        if output is not None:
            output.write_text(text, encoding="utf-8")
            click.echo(f"已写入 {output}", err=True)
        if fmt == "json":
            click.echo(text, nl=False)
            sys.exit(_exit_code(entries, fail_on))
    view = StatusView(computed.report, ds, computed.labels, shutil.get_terminal_size((100, 24)).columns, period)
    if only is not None or period is not None and org is None:
        click.echo(view.flat(entries))
    elif member_id is not None and org is not None and member_name is not None:
        click.echo(view.member(member_name, org, entries))
    elif org is not None:
        click.echo(view.organization(org, entries))
    else:
        click.echo(view.town(entries))
    code = _exit_code(entries, fail_on)
    if code:
        what = "需要处理的事项" if fail_on == "overdue" else "需要处理或即将到期的事项"
        click.echo(f"有{what}（--fail-on {fail_on}），退出码 {code}。", err=True)
    sys.exit(code)


def _exit_code(entries: list[Entry], fail_on: Optional[str]) -> int:
    """1 when ``--fail-on`` names something the selection holds, else 0."""
    if fail_on is None:
        return EXIT_OK
    bad = LATE if fail_on == "overdue" else LATE | {"due_soon"}
    return EXIT_FINDINGS if any(e.status in bad for e in entries) else EXIT_OK

