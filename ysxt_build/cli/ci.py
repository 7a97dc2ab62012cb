"""``ysxt pr-summary`` and ``ysxt alerts``: the reports the pipelines publish.

Git, temporary files, the clock and exit codes live here; what the reports say is decided by
the pure functions of :mod:`.ci_reports`. The commands are registered on ``ysxt`` at the end
of :mod:`.cli`; this module imports only :mod:`.cli_common` from the command line side.

Exit codes: 0 成功, 1 有新近逾期的事项（只用于 alerts）, 2 用法或环境错误.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import NoReturn, Optional

import click

from ..check.reporters import review_payload, summary
from ..check.safe_output import log_safe, one_line, workflow_command
from ..ci import git_base
from ..ci.forge import KINDS, ForgeClient, ForgeError, pull_number, detect
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


# -- post-review ------------------------------------------------------------------------------


def _event(env: dict[str, str]) -> dict[str, object]:
    """The event that started the job (GITHUB_EVENT_PATH), or nothing."""
    path = env.get("GITHUB_EVENT_PATH", "")
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _review_for_log(review: dict[str, object]) -> str:
    lines = [str(review["body"]).rstrip("\n")]
    comments = review.get("comments")
    if isinstance(comments, list) and comments:
        lines += ["", f"### 行内意见（{len(comments)} 处）", ""]
        for c in comments:
            lines.append(f"- {one_line(str(c['path']))}:{c['new_position']}：{one_line(str(c['body']))}")
    return log_safe("\n".join(lines) + "\n")


@click.command("post-review", context_settings=CONTEXT)
@click.option("--base", "base", required=True, metavar="分支或提交", help="合并的目标分支，例如 origin/main。")
@repo_option
@click.option("--as-of", "as_of", type=DATE, default=None, help="检查日期（YYYY-MM-DD），默认今天。")
@click.option(
    "--forge",
    type=click.Choice(["auto", *KINDS, "none"]),
    default="auto",
    show_default=True,
    help="代码托管平台。auto：按流水线的环境变量判断（也可设环境变量 YSXT_FORGE）；none：只写在日志中。",
)
@click.option("--api-url", default="", metavar="网址", help="平台接口地址，默认按流水线变量推算（Gitea/Forgejo 为 服务器/api/v1）。")
@click.option("--pr", "number", type=click.IntRange(min=1), default=None, metavar="编号", help="合并请求的编号，默认从流水线的事件中读取。")
def post_review(
    base: str, repo: Path, as_of: Optional[date], forge: str, api_url: str, number: Optional[int]
) -> None:
    """把检查结果作为审查意见发到合并请求上：每个问题标在文件的对应行，附上本次摘要。

    Gitea 和 Forgejo 不会把流水线注释显示在改动的文件上，本命令改用平台的审查（review）接口：每个问题在对应行留一条中文意见，不在本次改动行上的问题和“ysxt pr-summary”的摘要写在审查意见的正文中。再次运行时删除（GitHub 上改写）自己之前发的审查意见，不会越积越多。GitLab 上发一条合并请求评论（各行的问题另见代码质量报告）。

    令牌从环境变量 YSXT_FORGE_TOKEN 读取（流水线中设为 secrets.YSXT_REVIEW_TOKEN 或自动令牌），只用于发表审查意见，只发到触发本次运行的合并请求上；流水线用目标分支上的 ysxt 运行本命令（由 pull_request_target 触发），--repo 指向合并请求的内容。没有令牌、不在合并请求中或接口出错时，把审查意见写在运行日志中并说明原因。

    \b
    例：
      ysxt post-review --base origin/main
      ysxt post-review --base origin/main --forge none     只写在日志中
      ysxt post-review --base main --forge gitea --api-url http://git.example.cn/api/v1 --pr 7

    退出码：0 已发出或已写在日志中（检查是否通过以 ysxt check 为准），2 用法或环境错误。
    """
    root = require_repo(repo)
    day = as_of or date.today()
    env = dict(os.environ)
    try:
        result = git_base.check_against(root, day, base)
        diff = git_base.lines_in_diff(root, base)
    except git_base.GitError as exc:
        _usage_error(str(exc))
    summary_text = _pr_summary_text(root, base, day)

    def on_diff(path: str, line: int) -> bool:
        if path not in diff:
            return False
        lines = diff[path]
        return lines is None or line in lines

    review = review_payload(result, on_diff, extra=summary_text.replace("## 本次合并请求的记录情况", "### 本次合并请求的记录情况", 1))
    event = _event(env)
    named = pull_number(env, event)
    if number is not None and named is not None and number != named:
        _usage_error(f"--pr {number} 与触发本次运行的合并请求 #{named} 不同。", "审查意见只发到触发本次运行的合并请求上。")
    found, why_not = detect(env, event, forge, api_url, number)
    if found is None:
        click.echo(workflow_command("warning", {"title": "ysxt post-review"}, f"审查意见没有发到合并请求上：{why_not}。内容写在下面的日志中。"))
        click.echo(_review_for_log(review), nl=False)
        return
    client = ForgeClient(found)
    try:
        earlier = client.earlier_reviews()
        client.post(review)
        replaced = 0
        for review_id in earlier:
            try:
                client.remove(review_id)
                replaced += 1
            except ForgeError:
                pass  # one we may not remove: it stays
    except ForgeError as exc:
        click.echo(workflow_command("warning", {"title": "ysxt post-review"}, f"审查意见没有发出：{exc}。内容写在下面的日志中。"))
        click.echo(_review_for_log(review), nl=False)
        return
    comments = review["comments"]
    count = len(comments) if isinstance(comments, list) else 0
    done = f"已在 {found.name} 的合并请求 #{found.number} 上发表审查意见：{summary(result)}行内意见 {count} 处"
    click.echo(log_safe(done + (f"，替换了之前的 {replaced} 条。" if replaced else "。")))
