"""``ysxt check``: every file of the repository, with ``--base`` the closed-year lock."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Optional

import click

from ..check.reporters import FORMATS_ZH, REPORTERS
from ..ci import git_base
from .common import CONTEXT, DATE, EXIT_FINDINGS, EXIT_OK, repo_option, require_repo, usage_error

_FORMATS = sorted(REPORTERS)


class ReportParam(click.ParamType):  # type: ignore[type-arg]
    """``格式=文件``: another report, written to a file."""

    name = "格式=文件"

    def convert(self, value: object, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> tuple[str, Path]:
        if isinstance(value, tuple):
            return value
        fmt, sep, path = str(value).partition("=")
        if not sep or not path or fmt not in REPORTERS:
            self.fail(
                f"“{value}”应写成 格式=文件，格式是 {'、'.join(_FORMATS)} 之一，例如 gitlab=gl-code-quality-report.json",
                param,
                ctx,
            )
        return fmt, Path(path)


@click.command(context_settings=CONTEXT)
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help="检查日期（YYYY-MM-DD），晚于此日期的记录算错误。默认今天。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    default="text",
    show_default=True,
    help="输出格式：" + "，".join(f"{k} {v}" for k, v in FORMATS_ZH.items()) + "。",
)
@click.option(
    "--report",
    "reports",
    type=ReportParam(),
    multiple=True,
    help="另外把结果按某种格式写入文件，可写多次（例如流水线同时要代码质量报告和 JUnit 报告）。",
)
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新检查。")
@click.option(
    "--base",
    default=None,
    metavar="分支",
    help="与基准分支比较（例如 origin/main）：已考核年度的记录不能修改、删除或新增，只能更正。",
)
def check(
    repo: Path, as_of: Optional[date], fmt: str, reports: tuple[tuple[str, Path], ...], no_cache: bool, base: Optional[str]
) -> None:
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
      ysxt check --report gitlab=gl-code-quality-report.json --report junit=ysxt-check.xml

    退出码：0 没有错误（可能有提醒），1 发现错误，2 用法或环境错误。
    """
    root = require_repo(repo)
    day = as_of or date.today()
    try:
        result = git_base.check_against(root, day, base, use_cache=not no_cache)
    except git_base.GitError as exc:
        usage_error(str(exc))
    for report_fmt, path in reports:
        try:
            path.write_text(REPORTERS[report_fmt](result, day), encoding="utf-8")
        except OSError as exc:
            usage_error(f"无法写入报告文件 {path}：{exc.strerror or exc}")
    click.echo(REPORTERS[fmt](result, day), nl=False)
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)
