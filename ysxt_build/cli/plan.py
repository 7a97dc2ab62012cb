"""``ysxt plan diff``: what a revision of a plan changes, in Chinese (logic in :mod:`ysxt_build.records.plan_diff`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..check.repository import read_plan
from ..records import layout
from ..records.labels import Labels
from ..records.plan_diff import diff_plans, render
from ..records.model import Plan
from .common import CONTEXT, EXIT_FINDINGS, EXIT_OK, repo_option, usage_error


@click.group("plan", context_settings=CONTEXT, options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
def plan() -> None:
    """实施方案的工具：比较方案的两个版本。

    \b
    例：
      ysxt plan diff xx-town-2025 xx-town-2026
    """


def _load(root: Path, name: str) -> Plan:
    """A plan by file path, or by id among the repository's plans."""
    file = Path(name)
    if not file.is_file():
        file = root / layout.plan_path(name)
    if not file.is_file():
        usage_error(f"找不到方案“{name}”：既不是文件，也不是 {layout.PLANS}/ 下的方案编号。")
    found, problems, _ = read_plan(root, file)
    if found is None:
        lines = "\n".join(f"  第 {p.line} 行：{p.message}" if p.line else f"  {p.message}" for p in problems[:5])
        usage_error(f"{file} 不是有效的实施方案：\n{lines}\n提示：请先改正（ysxt check 会指出每一处）。")
    return found


@plan.command("diff", context_settings=CONTEXT, options_metavar="[选项]")
@click.argument("old", metavar="旧方案")
@click.argument("new", metavar="新方案")
@repo_option
def diff(old: str, new: str, repo: Path) -> None:
    """比较两个实施方案，用中文列出新方案改了什么。

    旧方案、新方案写方案编号（records/plans/ 下的文件名，不含 .yaml）或方案文件的路径
    （例如还没有提交的修订稿）。列出：新增、删除的责任事项；修改的责任事项改了哪里
    （次数、期间、截止日期、责任主体、什么样的记录算数、回应期限、事先审核等）；
    方案信息和评判设置的改动；新增、删除和原文有改动的条款。

    \b
    例：
      ysxt plan diff xx-town-2025 xx-town-2026
      ysxt plan diff xx-town-2025 ../修订稿/xx-town-2026.yaml

    退出码：0 没有改动，1 有改动，2 用法错误（找不到方案或方案有错误）。
    """
    root = repo.resolve()
    before, after = _load(root, old), _load(root, new)
    _, _, schemas = read_plan(root, root / layout.plan_path(before.id))
    labels = Labels.from_schemas(schemas, after.vocab or before.vocab)
    result = diff_plans(before, after, labels)
    click.echo(render(result), nl=False)
    sys.exit(EXIT_OK if result.empty else EXIT_FINDINGS)
