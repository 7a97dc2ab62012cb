"""The ``ysxt`` command line: thin wrappers that read the clock, print and exit.

Exit codes (all commands): 0 成功/没有问题, 1 发现问题, 2 用法或环境错误.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import json
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import click

from .. import __version__
from ..check.checker import check_repository
from ..check.closed_periods import closed_period_problems
from ..check.reporters import REPORTERS
from ..ci import git_base
from ..records.periods import Period
from ..status.model import LATE, StatusReport
from ..status.pipeline import compute_repository
from ..status.serialize import to_json
from ..status.view import StatusView
from . import zh as cli_zh
from .common import CONTEXT, DATE, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, repo_option, require_repo, usage_error

cli_zh.install()

# Commands defined in other modules, imported only when run or listed: ``ysxt check`` does
# not pay for the portal, the exports or the CI reports.
_LAZY: dict[str, tuple[str, str]] = {
    "new": ("authoring", "new"),
    "codeowners": ("authoring", "codeowners_command"),
    "build": ("portal", "build"),
    "serve": ("portal", "serve"),
    "pr-summary": ("ci", "pr_summary"),
    "alerts": ("ci", "alerts"),
    "assess": ("assess", "assess"),
    "export": ("export", "export"),
}


def _chinese_usage(command: click.Command) -> click.Command:
    # click's usage line says [OPTIONS]; every command, wherever defined, says it in Chinese
    command.options_metavar = "[选项]"
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



@main.command(context_settings=CONTEXT)
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help="检查日期（YYYY-MM-DD），晚于此日期的记录算错误。默认今天。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="输出格式：text 中文文字，json 机器读取，github 流水线注释。",
)
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新检查。")
@click.option(
    "--base",
    default=None,
    metavar="分支",
    help="与基准分支比较（例如 origin/main）：已考核年度的记录不能修改、删除或新增，只能更正。",
)
def check(repo: Path, as_of: Optional[date], fmt: str, no_cache: bool, base: Optional[str]) -> None:
    """检查记录仓库中的全部文件。

    逐个检查 records/ 下的方案、组织和工作记录：YAML 格式、字段、日期、编号、
    人员任职、证明材料的路径和校验值，以及文件位置是否与内容一致。
    一个文件有错不影响检查其他文件。

    \b
    例：
      ysxt check
      ysxt check --format github
      ysxt check --repo ../ysxt-records --as-of 2025-12-31
      ysxt check --base origin/main     合并请求中：已考核年度的记录不能改

    退出码：0 没有错误（可能有提醒），1 发现错误，2 用法或环境错误。
    """
    root = require_repo(repo)
    day = as_of or date.today()
    if base is not None:
        try:
            git_base.verify_base(root, base)
        except git_base.GitError as exc:
            usage_error(str(exc))
    result = check_repository(root, day, use_cache=not no_cache)
    if base is not None:
        changes = git_base.changes_against(root, base)
        added = {c.path: git_base.is_amendment(root, c.path) for c in changes if c.status == "A"}
        result.problems.extend(closed_period_problems(changes, git_base.closures_at(root, base), added))
    click.echo(REPORTERS[fmt](result, day), nl=False)
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


@main.command(context_settings=CONTEXT)
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help="按哪一天的情况计算（YYYY-MM-DD），默认今天。")
@click.option("--org", "org_id", default=None, metavar="组织编号", help="只看一个组织，例如 qingshan-village。")
@click.option("--member", "member_id", default=None, metavar="成员编号", help="只看一位班子成员，例如 m-zhang-wei。")
@click.option("--period", "period_label", default=None, metavar="期间", help="只看一个期间：2025、2025H1、2025Q3 或 2025M03。")
@click.option(
    "--only",
    type=click.Choice(["overdue", "due-soon"]),
    default=None,
    help="overdue 只看需要处理的（已逾期、未开展、不完整）；due-soon 只看即将到期的。",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式：text 中文表格，json 即 status.json。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="把 status.json 写到这个文件（与 --format json 的内容相同）。")
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
    no_cache: bool,
) -> None:
    """查看各项责任的落实情况：哪些已完成，哪些即将到期，哪些已逾期。

    按实施方案逐项计算每个组织、每位班子成员在每个期间的状态，
    并说明还差什么、何时截止。

    \b
    例：
      ysxt status                          全镇汇总和需要处理的事项
      ysxt status --org qingshan-village   一个组织
      ysxt status --member m-zhang-wei     一位班子成员的“一岗双责”
      ysxt status --period 2025H1 --only overdue
      ysxt status --as-of 2025-12-31 --format json > status.json

    退出码：0 正常，2 用法或环境错误。
    """
    root = require_repo(repo)
    day = as_of or date.today()
    period: Optional[Period] = None
    if period_label is not None:
        try:
            period = Period.parse(period_label)
        except ValueError:
            usage_error(f"期间“{period_label}”写法不对，请写 2025、2025H1、2025Q3 或 2025M03。")
    computed = compute_repository(root, day, use_cache=not no_cache)
    ds = computed.dataset
    if computed.load_errors:
        files = len({p.path for p in computed.load_errors})
        click.echo(f"注意：有 {files} 个文件有错误，没有计入统计；请运行 ysxt check 查看并改正。", err=True)
    entries = list(computed.report.entries)
    org = None
    member_name = None
    if org_id is not None:
        org = ds.organization(org_id)
        if org is None:
            usage_error(f"没有编号为“{org_id}”的组织。{_suggest(org_id, [o.id for o in ds.organizations])}")
        entries = [e for e in entries if e.organization == org_id]
    if member_id is not None:
        owners = [o for o in ds.organizations if any(t.member_id == member_id for t in o.terms)]
        if not owners:
            ids = sorted({t.member_id for o in ds.organizations for t in o.terms})
            usage_error(f"没有编号为“{member_id}”的班子成员。{_suggest(member_id, ids)}")
        org = org or owners[0]
        member_name = next(t.name for t in owners[0].terms if t.member_id == member_id)
        entries = [e for e in entries if e.member == member_id]
    if period is not None:
        entries = [e for e in entries if period.overlaps(e.period_start, e.period_end)]
    if only == "overdue":
        entries = [e for e in entries if e.status in LATE]
    elif only == "due-soon":
        entries = [e for e in entries if e.status == "due_soon"]
    if fmt == "json" or output is not None:
        report = StatusReport(as_of=day, entries=tuple(entries))
        text = json.dumps(to_json(report, ds, computed.labels), ensure_ascii=False, indent=1) + "\n"
        if output is not None:
            output.write_text(text, encoding="utf-8")
            click.echo(f"已写入 {output}", err=True)
        if fmt == "json":
            click.echo(text, nl=False)
            return
    view = StatusView(computed.report, ds, computed.labels, shutil.get_terminal_size((100, 24)).columns)
    if only is not None or period is not None and org is None:
        click.echo(view.flat(entries))
    elif member_id is not None and org is not None and member_name is not None:
        click.echo(view.member(member_name, org, entries))
    elif org is not None:
        click.echo(view.organization(org, entries))
    else:
        click.echo(view.town(entries))


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=3)
    return f"是不是想写：{'、'.join(close)}？" if close else "请检查编号。"


@main.command("hash", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def hash_command(files: tuple[Path, ...]) -> None:
    """计算证明材料文件的 sha256 校验值，填入记录的 evidence。

    \b
    例：
      ysxt hash records/evidence/2025/qingshan-village/zyyj-01.pdf
    """
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        click.echo(f"{digest}  {path.as_posix()}")
