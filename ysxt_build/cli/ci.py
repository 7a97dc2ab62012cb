"""``ysxt pr-summary`` and ``ysxt alerts``: the reports the pipelines publish.

Git, temporary files, the clock and exit codes live here; what the reports say is decided by
the pure functions of :mod:`.ci_reports`. The commands are registered on ``ysxt`` at the end
of :mod:`.cli`; this module imports only :mod:`.cli_common` from the command line side.

Exit codes: 0 成功, 1 有新近逾期的事项（只用于 alerts）, 2 用法或环境错误.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import NoReturn, Optional

import click

from ..ci.reports import (
    FileChange,
    Names,
    alerts_markdown,
    compare_pr,
    compute_alerts,
    parse_name_status,
    pr_summary_markdown,
    touched_organizations,
    uncounted_records,
)
from ..records.layout import RECORDS
from ..status.engine import compute_status
from ..status.pipeline import Computed, compute_repository
from .common import CONTEXT, DATE, repo_option, require_repo, usage_error


def _usage_error(message: str, hint: str = "") -> NoReturn:
    usage_error(message + (f"\n提示：{hint}" if hint else ""))


def _load_error_paths(computed: Computed) -> list[str]:
    return sorted({p.path for p in computed.load_errors})


# -- git --------------------------------------------------------------------------------------


class _GitError(Exception):
    pass


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise _GitError("找不到 git 命令，请先安装 Git。") from None
    if done.returncode != 0:
        raise _GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} 失败")
    return done.stdout


def _git_text(root: Path, *args: str) -> str:
    return _git(root, *args).decode("utf-8", "surrogateescape")


def _fork_point(root: Path, base: str) -> str:
    """The commit the pull request starts from: where ``base`` and ``HEAD`` meet.

    In a pipeline HEAD is the merge of the pull request into the base, so this is the base
    itself; on a clerk's branch that is behind the base, it is where the branch began.
    """
    try:
        _git(root, "rev-parse", "--show-toplevel")
    except _GitError:
        _usage_error(f"{root} 不是 Git 仓库。", "pr-summary 要在记录仓库的 Git 工作目录中运行。")
    try:
        commit = _git_text(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").strip()
    except _GitError:
        commit = ""
    if not commit:
        _usage_error(f"找不到基准分支或提交“{base}”。", "请检查名称（例如 origin/main），或先运行 git fetch。")
    try:
        return _git_text(root, "merge-base", commit, "HEAD").strip() or commit
    except _GitError:
        return commit


def _changes(root: Path, commit: str) -> list[FileChange]:
    """Files under records/ changed from ``commit`` to the working tree, new files included."""
    diff = _git_text(root, "diff", "-z", "--name-status", "-M", "--relative", commit, "--", RECORDS)
    changes = parse_name_status(diff)
    untracked = _git_text(root, "ls-files", "-z", "--others", "--exclude-standard", "--", RECORDS)
    changes += [FileChange("A", p) for p in untracked.split("\0") if p]
    return sorted(changes, key=lambda c: c.path)


def _extract_records(root: Path, commit: str, target: Path) -> None:
    """Write ``records/`` as it is in ``commit`` into ``target`` (an empty folder if absent)."""
    prefix = _git_text(root, "rev-parse", "--show-prefix").strip()
    (target / RECORDS).mkdir(parents=True, exist_ok=True)
    try:
        _git(root, "cat-file", "-e", f"{commit}:{prefix}{RECORDS}")
    except _GitError:
        return
    data = _git(root, "archive", "--format=tar", f"--prefix={RECORDS}/", f"{commit}:{prefix}{RECORDS}")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:  # pragma: no cover - Python without extraction filters
            tar.extractall(target)


def _pr_summary_text(root: Path, base: str, as_of: date) -> str:
    commit = _fork_point(root, base)
    try:
        changes = _changes(root, commit)
        head = compute_repository(root, as_of)
        with tempfile.TemporaryDirectory(prefix="ysxt-base-") as tmp:
            _extract_records(root, commit, Path(tmp))
            before = compute_repository(Path(tmp), as_of, use_cache=False)
    except _GitError as exc:
        _usage_error(f"读取 Git 仓库失败：{exc}")
    touched = touched_organizations(changes)
    comparison = compare_pr(before.report, head.report, touched)
    names = Names.of([head.dataset, before.dataset], head.labels)
    label = f"`{base}`（共同起点 {commit[:10]}）"
    uncounted = uncounted_records(changes, head.report, names)
    return pr_summary_markdown(
        changes, comparison, names, as_of, label, touched, _load_error_paths(head), uncounted
    )


def _alerts_text(root: Path, as_of: date, since: date, within: int) -> tuple[str, int]:
    now = compute_repository(root, as_of)
    before = compute_status(now.dataset, since, now.labels)
    alerts = compute_alerts(before, now.report, within)
    names = Names.of([now.dataset], now.labels)
    return alerts_markdown(alerts, names, _load_error_paths(now)), alerts.exit_code


# -- commands ---------------------------------------------------------------------------------

@click.command("pr-summary", context_settings=CONTEXT)
@click.option("--base", "base", required=True, metavar="分支或提交", help="合并的目标分支，例如 origin/main。")
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help="按哪一天的情况计算（YYYY-MM-DD），默认今天。")
def pr_summary(base: str, repo: Path, as_of: Optional[date]) -> None:
    """说明一个合并请求对各项责任的影响（Markdown，供流水线的摘要页使用）。

    列出本次新增、修改的记录文件；本次完成了哪些责任、哪些有进展、带来了哪些新责任；
    改动后状态变差的事项（请核对）；以及本次涉及的组织仍需处理的事项（供参考，
    与本次提交无关）。两边按同一天计算：目标分支上的记录和本次改动后的记录。

    \b
    例：
      ysxt pr-summary --base origin/main >> "$GITHUB_STEP_SUMMARY"
      ysxt pr-summary --base main --as-of 2025-12-31

    退出码：0 已输出说明（逾期事项不影响退出码），2 用法或环境错误（例如找不到基准分支）。
    """
    root = require_repo(repo)
    click.echo(_pr_summary_text(root, base, as_of or date.today()), nl=False)


@click.command("alerts", context_settings=CONTEXT)
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help="按哪一天的情况计算（YYYY-MM-DD），默认今天。")
@click.option("--since", "since", type=DATE, default=None, help="与哪一天比较，找出此后新近逾期的事项。默认 --as-of 的前一天。")
@click.option(
    "--within",
    type=click.IntRange(min=0),
    default=14,
    show_default=True,
    metavar="天数",
    help="列出多少天内到期的事项。",
)
def alerts(repo: Path, as_of: Optional[date], since: Optional[date], within: int) -> None:
    """定时提醒：新近逾期的事项和即将到期的事项（Markdown）。

    比较 --since 那天和 --as-of 那天的情况，列出这期间变为已逾期、未开展或不完整的事项，
    以及 --within 天内到期、尚未完成的事项。流水线每天运行一次；有新近逾期的事项时
    退出码为 1，让流水线报告失败，从而通知维护人员。漏跑了几天时，可用 --since 指定
    上次运行的日期。

    \b
    例：
      ysxt alerts --within 14 >> "$GITHUB_STEP_SUMMARY"
      ysxt alerts --as-of 2025-07-16 --since 2025-07-01

    退出码：0 没有新近逾期的事项，1 有新近逾期的事项，2 用法或环境错误。
    """
    root = require_repo(repo)
    day = as_of or date.today()
    start = since or day - timedelta(days=1)
    if start >= day:
        _usage_error(f"--since（{start.isoformat()}）要早于 --as-of（{day.isoformat()}）。")
    text, code = _alerts_text(root, day, start, within)
    click.echo(text, nl=False)
    sys.exit(code)
