"""The ``ysxt`` command line: thin wrappers that read the clock, print and exit.

Exit codes (all commands): 0 成功/没有问题, 1 发现问题, 2 用法或环境错误.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import click

from . import __version__, cli_zh
from .check import check_repository
from .reporters import REPORTERS

cli_zh.install()

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DateParam(click.ParamType):  # type: ignore[type-arg]
    name = "日期"

    def convert(self, value: object, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"“{value}”不是有效日期，请写成 YYYY-MM-DD，例如 2025-06-30", param, ctx)


DATE = DateParam()


def _repo_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--repo",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        help="记录仓库的位置（含 records/ 的文件夹）。",
    )(f)


def _require_repo(repo: Path) -> Path:
    root = repo.resolve()
    if not (root / "records").is_dir():
        click.echo(
            f"错误：在 {root} 下找不到 records/ 文件夹。\n"
            "提示：请在记录仓库的根目录运行，或用 --repo 指定仓库位置。",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    return root


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="ysxt")
def main() -> None:
    """ysxt：意识形态工作责任制记录与门户。

    \b
    常用命令：
      ysxt check              检查全部记录文件，指出错误所在的文件和行
      ysxt hash 文件          计算证明材料的 sha256 校验值

    退出码：0 没有问题，1 发现问题，2 用法或环境错误。
    """


@main.command(context_settings=CONTEXT)
@_repo_option
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
def check(repo: Path, as_of: Optional[date], fmt: str, no_cache: bool) -> None:
    """检查记录仓库中的全部文件。

    逐个检查 records/ 下的方案、组织和工作记录：YAML 格式、字段、日期、编号、
    人员任职、证明材料的路径和校验值，以及文件位置是否与内容一致。
    一个文件有错不影响检查其他文件。

    \b
    例：
      ysxt check
      ysxt check --format github
      ysxt check --repo ../ysxt-records --as-of 2025-12-31

    退出码：0 没有错误（可能有提醒），1 发现错误，2 用法或环境错误。
    """
    root = _require_repo(repo)
    day = as_of or date.today()
    result = check_repository(root, day, use_cache=not no_cache)
    click.echo(REPORTERS[fmt](result, day), nl=False)
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


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
