"""``ysxt export``: Word, Excel and calendar files for the town office.

Each command computes the status as of ``--as-of`` (default: today), builds the file with a
pure builder from :mod:`ysxt_build.exports`, and writes it — to a default name in the current
folder unless ``-o`` says otherwise — never over an existing file unless ``--force``. The
path written is printed.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Optional

import click
from pathvalidate import sanitize_filename

from ..assessment.scoring import score_rows
from ..records.files import write_atomic
from ..records.model import this_period
from ..records.schemas import SchemaSet
from ..status.pipeline import Computed, compute_repository
from .common import CONTEXT, DATE, EXIT_FINDINGS, parse_period, repo_option, require_repo, resolve_organization, usage_error

_OUTPUT_HELP = "输出文件；默认在当前文件夹下用 {name}。"
_FORCE_HELP = "输出文件已存在时覆盖它（默认不覆盖）。"
_AS_OF_HELP = "按哪一天的落实情况计算（YYYY-MM-DD），默认今天。"
REPORT_KINDS = ("year", "half")  # reports and summaries: a year, a half-year, or a period of the vocabulary's own


def _compute(repo: Path, as_of: Optional[date], no_cache: bool) -> tuple[Computed, date]:
    root = require_repo(repo)
    day = as_of or date.today()
    computed = compute_repository(root, day, use_cache=not no_cache)
    if computed.load_errors:
        files = len({p.path for p in computed.load_errors})
        click.echo(f"注意：有 {files} 个文件有错误，没有计入；请运行 ysxt check 查看并改正。", err=True)
    return computed, day


def default_name(name: str) -> Path:
    """A default file name in the reader's words (自查报告-柳树村党支部-2026年下半年.docx), made
    safe for Windows: characters it refuses (/ : * ? " < > |) become _, no trailing dot or
    space, no device name."""
    return Path(sanitize_filename(name, replacement_text="_", platform="windows"))


def write_output(path: Path, data: bytes, force: bool) -> None:
    """Write ``data`` to ``path`` (never over an existing file unless ``force``); print it."""
    exists = f"错误：{path} 已存在，没有覆盖。\n提示：用 -o 换一个文件名，或加 --force 覆盖。"
    if path.is_dir():
        usage_error(f"{path} 是文件夹，请用 -o 写文件名。")
    if path.exists() and not force:
        click.echo(exists, err=True)
        sys.exit(EXIT_FINDINGS)
    parent = path.parent
    if not parent.is_dir():
        usage_error(f"文件夹 {parent} 不存在。")
    if not force:
        try:
            with open(path, "xb") as handle:
                handle.write(data)
        except FileExistsError:
            click.echo(exists, err=True)
            sys.exit(EXIT_FINDINGS)
    else:
        write_atomic(path, data)
    click.echo(str(path))


@click.group(context_settings=CONTEXT)
def export() -> None:
    """导出 Word、Excel 和日历文件：自查报告草稿、汇总表、截止日期日历。

    文件用 Word、WPS 或 LibreOffice 打开即可编辑；已存在的文件不会被覆盖（除非加 --force）。

    \b
    例：
      ysxt export self-inspection --org qingshan-village --period 2026年上半年
      ysxt export summary --period 2025
      ysxt export calendar -o deadlines.ics
    """


@export.command("self-inspection", context_settings=CONTEXT)
@click.option("--org", "org_id", required=True, metavar="组织", help="哪个组织的自查报告：编号或名称，例如 qingshan-village 或 青山村党总支。")
@click.option("--period", "period_label", required=True, metavar="期间",
              help="自查的半年或年度，例如 2026年上半年（2026H1）、2026年下半年（2026H2）或 2026年；"
                   "词汇表自定的期间也可以，例如学期 2025—2026学年第一学期（2025S1）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_OUTPUT_HELP.format(name="自查报告-组织名称-期间.docx（例如 自查报告-柳树村党支部-2026年下半年.docx）"))
@click.option("--force", is_flag=True, help=_FORCE_HELP)
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help=_AS_OF_HELP + "落款日期也用这一天。")
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新读取。")
def self_inspection(
    org_id: str, period_label: str, output: Optional[Path], force: bool, repo: Path, as_of: Optional[date], no_cache: bool
) -> None:
    """生成一个组织半年（或全年）意识形态工作专题自查报告的 Word 草稿（.docx）。

    按实施方案条款逐项写明做了什么（日期、记录），哪些还没有完成，
    以及下一步措施（【】中的内容需要修改补充），带标题、抬头、落款和日期。
    每项责任按它自己的期间计算（年度责任计全年），数字与 ysxt status 一致。

    \b
    例：
      ysxt export self-inspection --org qingshan-village --period 2026年上半年
      ysxt export self-inspection --org qingshan-village --period 2026 -o 青山村年度自查报告.docx

    退出码：0 已生成，1 输出文件已存在，2 用法或环境错误。
    """
    from ..exports.docx import render_docx, self_inspection_content, superior_of_leading_body

    computed, day = _compute(repo, as_of, no_cache)
    ds = computed.dataset
    period = parse_period(period_label, ds.cycles, REPORT_KINDS, "自查报告")  # the vocabulary's own periods too (a semester)
    org = resolve_organization(ds, org_id, day)
    if day < period.start:
        usage_error(f"{period.label_zh}还没有开始（截至 {day.isoformat()}）。")
    if not org.exists_on(min(period.end, day)) and not org.exists_on(period.start):
        usage_error(f"{org.name}在{period.label_zh}不存续，不用写自查报告。")
    if org.kind in ds.top_kinds and not superior_of_leading_body(ds, None):
        vocabulary = ds.current_vocabulary
        where = (vocabulary.source or f"词汇表 {vocabulary.id}") if vocabulary is not None else "词汇表"
        usage_error(
            f"{org.name}是领导机关（{computed.labels.leading_body}）本身：它的自查报告报送上级机关，不报给自己，"
            f"而词汇表没有写上级机关是谁。\n提示：在 {where} 的 labels 下加一行“reports_to: 上级机关全称”"
            f"（例如 reports_to: 中共XX县委宣传部）后再导出。各下属组织的自查报告报{computed.labels.leading_body}，不受影响。"
        )
    content = self_inspection_content(ds, computed.report, computed.labels, org.id, period, day)
    path = output or default_name(f"自查报告-{org.name}-{period.label_zh}.docx")
    write_output(path, render_docx(content), force)


@export.command("summary", context_settings=CONTEXT)
@click.option("--period", "period_label", default=None, metavar="期间",
              help="汇总的期间：一年（例如 2025年）、半年（例如 2026年上半年）或词汇表自定的期间（例如 2025—2026学年第一学期）。"
                   "不写时为本期：--as-of 那天所在的半年（按学期等自定期间计算的单位为那一期），与 ysxt status 的“本期”相同。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_OUTPUT_HELP.format(name="汇总-期间.xlsx（例如 汇总-2026年.xlsx）"))
@click.option("--force", is_flag=True, help=_FORCE_HELP)
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help=_AS_OF_HELP)
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新读取。")
def summary(period_label: Optional[str], output: Optional[Path], force: bool, repo: Path, as_of: Optional[date], no_cache: bool) -> None:
    """生成领导机关（如镇党委）用的 Excel 汇总表（.xlsx）。

    工作表：组织×责任（每格是落实状态，带颜色）、逾期事项、考核得分和扣分明细
    （按年度导出时；半年不考核），以及“说明”（各表按哪一天、哪些期间计算）。表头冻结，可筛选。
    不写 --period 时汇总本期（--as-of 那天所在的半年或学期）。

    \b
    例：
      ysxt export summary                              本期
      ysxt export summary --period 2026年上半年
      ysxt export summary --period 2025 --as-of 2026-02-05 -o 2025年度汇总.xlsx

    退出码：0 已生成，1 输出文件已存在，2 用法或环境错误。
    """
    from ..exports.xlsx import summary_workbook

    computed, day = _compute(repo, as_of, no_cache)
    ds = computed.dataset
    period = parse_period(period_label, ds.cycles, REPORT_KINDS, "汇总表") if period_label is not None else this_period(ds.plans, day)
    if day < period.start:
        usage_error(f"{period.label_zh}还没有开始（截至 {day.isoformat()}）。")
    rows = score_rows(ds, computed.report, period.year) if period.kind == "year" else []
    town = next((o for o in ds.organizations if o.kind in ds.top_kinds), None)
    data = summary_workbook(ds, computed.report, computed.labels, period, rows, town.name if town else "")
    path = output or default_name(f"汇总-{period.label_zh}.xlsx")
    write_output(path, data, force)


@export.command("calendar", context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_OUTPUT_HELP.format(name="deadlines.ics"))
@click.option("--force", is_flag=True, help=_FORCE_HELP)
@click.option("--org", "org_id", default=None, metavar="组织", help="只要一个组织的截止日期：编号或名称，例如 qingshan-village 或 青山村党总支。")
@click.option("--days", type=click.IntRange(1, 1000), default=366, show_default=True, help="以后各期的截止日期，列出多少天以内的。")
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help=_AS_OF_HELP)
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新读取。")
def calendar(
    output: Optional[Path], force: bool, org_id: Optional[str], days: int, repo: Path, as_of: Optional[date], no_cache: bool
) -> None:
    """生成截止日期日历（.ics），可导入手机、Outlook 或 WPS 日历。

    包括尚未完成、还没到期的事项（进行中、即将到期），以及以后各期（例如下半年的专题自查）的截止日期。

    \b
    例：
      ysxt export calendar
      ysxt export calendar --org qingshan-village -o 青山村截止日期.ics

    退出码：0 已生成，1 输出文件已存在，2 用法或环境错误。
    """
    from ..exports.ics import calendar_bytes

    computed, day = _compute(repo, as_of, no_cache)
    ds = computed.dataset
    name = "意识形态工作责任制截止日期"
    if org_id is not None:
        org = resolve_organization(ds, org_id, day)
        org_id = org.id
        name = f"{org.name}{name}"
    else:
        town = next((o for o in ds.organizations if o.kind in ds.top_kinds), None)
        if town is not None:
            name = f"{town.name}{name}"
    data = calendar_bytes(computed.report, ds, computed.labels, SchemaSet.load(), name, days, org_id)
    path = output or Path("deadlines.ics")
    write_output(path, data, force)


__all__ = ["export", "write_output"]
