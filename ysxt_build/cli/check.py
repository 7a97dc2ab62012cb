"""``ysxt check``: every file of the repository, with ``--base`` the closed-year lock."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Optional

import click

from ..check.checker import check_repository
from ..check.closed_periods import closed_period_problems
from ..check.reporters import REPORTERS
from ..ci import git_base
from .common import CONTEXT, DATE, EXIT_FINDINGS, EXIT_OK, repo_option, require_repo, usage_error


@click.command(context_settings=CONTEXT)
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
