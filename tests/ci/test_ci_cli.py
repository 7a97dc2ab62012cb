"""``ysxt pr-summary`` and ``ysxt alerts`` end to end, through the ``ysxt`` entry point.

``pr-summary`` runs in a temporary Git repository: the minimal record repository of
``tests/builders/repo.py`` committed on ``main``, then a branch that changes records. Every run passes
``--as-of``: the tests never read today's date.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from tests.builders.repo import AS_OF, PLAN_SOURCE, RECORD, Repo, record_text, write_minimal_repo
from ysxt_build.cli.main import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="需要 git 命令")

NEW_ID = "2025-qingshan-village-zyyj-02"
NEW_RECORD = f"records/activities/2025/qingshan-village/{NEW_ID}.yaml"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def item(obligation_id: str) -> str:
    """How the summary names an obligation: its clause and title, read from the plan."""
    plan = yaml.safe_load(PLAN_SOURCE.read_text(encoding="utf-8"))
    ob = next(o for o in plan["obligations"] if o["id"] == obligation_id)
    return f"{ob['clause']} {ob['title']}"


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(root.parent)}
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


@pytest.fixture
def git_repo(tmp_path: Path) -> Repo:
    """The minimal repository committed on ``main``, checked out on a branch ``pr``."""
    repo = write_minimal_repo(tmp_path / "repo")
    git(repo.root, "init", "-q")
    git(repo.root, "symbolic-ref", "HEAD", "refs/heads/main")
    (repo.root / ".gitignore").write_text(".ysxt-cache/\n", encoding="utf-8")
    git(repo.root, "add", ".")
    git(repo.root, "commit", "-q", "-m", "base")
    git(repo.root, "checkout", "-q", "-b", "pr")
    return repo


def commit(repo: Repo, message: str = "pr") -> None:
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", message)


def pr_summary(repo: Repo, *args: str) -> Result:
    argv = ["pr-summary", "--repo", str(repo.root), "--as-of", AS_OF, "--base", "main", *args]
    return CliRunner().invoke(main, argv, catch_exceptions=False)


def alerts(repo: Repo, *args: str) -> Result:
    return CliRunner().invoke(main, ["alerts", "--repo", str(repo.root), *args], catch_exceptions=False)


# -- pr-summary -------------------------------------------------------------------------------


def test_a_record_that_completes_a_duty(git_repo: Repo) -> None:
    git_repo.write(NEW_RECORD, record_text(NEW_ID, date='"2025-04-01"', title="第二次意识形态工作专题研究会议"))
    commit(git_repo)
    result = pr_summary(git_repo)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    fork = git(git_repo.root, "rev-parse", "main")[:10]
    assert lines[0] == "## 本次合并请求的记录情况"
    assert lines[2] == (
        f"按 {AS_OF} 的情况计算，与 `main`（共同起点 {fork}）比较。"
        "本说明只供参考，不影响合并；记录有没有错误，以“ysxt check”一步的结果为准。"
    )
    assert "### 改动的文件（1 个）" in lines
    assert f"- 新增 `{NEW_RECORD}`：专题研究会议“第二次意识形态工作专题研究会议”（2025-04-01）" in lines
    assert "### 本次完成的责任（1 项）" in lines
    assert "没有计入任何责任的记录" not in result.output
    done = f"- ✔ 已完成 · 青山村党总支 · 2025年 · {item('org-special-study')}（改动前：◔ 即将到期）"
    assert done in lines
    # what is still overdue is shown for the organisation, as information
    assert "### 相关组织仍需处理的事项（供参考）" in lines
    assert "与本次提交无关" in result.output
    late_head = f"- ✖ 未开展 · 2025年 · {item('org-annual-work-plan')}："
    assert sum(line.startswith(late_head) for line in lines) == 1
    header = next(line for line in lines if line.startswith("**青山村党总支**："))
    count = int(header.split("：")[1].split(" ")[0])
    block = lines[lines.index(header) + 2 : lines.index(header) + 2 + count]
    assert all(line.startswith(("- ✖ ", "- ◐ ")) for line in block)
    assert not any(item("org-special-study") in line for line in block)


def test_a_record_that_counts_for_nothing_is_pointed_out(git_repo: Repo) -> None:
    # a special study whose title and topics do not say what it was about does not count
    git_repo.write(NEW_RECORD, record_text(NEW_ID, date='"2025-04-01"', title="第二次专题会议"))
    commit(git_repo)
    result = pr_summary(git_repo)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "### 没有计入任何责任的记录（1 个）" in lines
    assert f"- `{NEW_RECORD}`：专题研究会议“第二次专题会议”（2025-04-01）" in lines
    assert "### 本次完成的责任（1 项）" not in lines


def test_an_uncommitted_record_counts_too(git_repo: Repo) -> None:
    git_repo.write(NEW_RECORD, record_text(NEW_ID, date='"2025-04-01"'))
    result = pr_summary(git_repo)
    assert result.exit_code == 0, result.output
    assert f"- 新增 `{NEW_RECORD}`：专题研究会议“意识形态工作专题研究会议”（2025-04-01）" in result.output.splitlines()


def test_a_deleted_record_is_flagged_for_review(git_repo: Repo) -> None:
    git_repo.write(NEW_RECORD, record_text(NEW_ID, date='"2025-04-01"'))
    commit(git_repo, "second study")
    git(git_repo.root, "branch", "-f", "main", "HEAD")  # the base now has both studies
    git_repo.remove(NEW_RECORD)
    commit(git_repo, "remove one")
    result = pr_summary(git_repo)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"- 删除 `{NEW_RECORD}`：专题研究会议“意识形态工作专题研究会议”（2025-04-01）" in lines
    assert "### 请核对：改动后状态变差或不再计算的事项（1 项）" in lines
    regressed = [line for line in lines if item("org-special-study") in line]
    assert len(regressed) == 1
    assert regressed[0].startswith(f"- ◔ 即将到期 · 青山村党总支 · 2025年 · {item('org-special-study')}（改动前：✔ 已完成）：")


def test_no_record_changes(git_repo: Repo) -> None:
    (git_repo.root / "README.md").write_text("说明\n", encoding="utf-8")
    commit(git_repo)
    result = pr_summary(git_repo)
    assert result.exit_code == 0, result.output
    assert "本次合并请求没有改动 records/ 下的文件。" in result.output.splitlines()
    assert "### 相关组织仍需处理的事项（供参考）" not in result.output


def test_an_invalid_record_is_left_out_and_named(git_repo: Repo) -> None:
    git_repo.write(NEW_RECORD, "id: [\n")
    result = pr_summary(git_repo)
    assert result.exit_code == 0, result.output
    assert f"> 注意：有 1 个文件有错误，没有计入上面的统计：`{NEW_RECORD}`。" in result.output


def test_an_unknown_base_is_a_usage_error(git_repo: Repo) -> None:
    result = pr_summary(git_repo, "--base", "origin/nowhere")
    assert result.exit_code == 2
    assert "找不到基准分支或提交“origin/nowhere”" in result.output


def test_outside_git_is_a_usage_error(repo: Repo) -> None:
    result = pr_summary(repo)
    assert result.exit_code == 2
    assert "不是 Git 仓库" in result.output


def test_first_pull_request_into_an_empty_base(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "symbolic-ref", "HEAD", "refs/heads/main")
    (root / "README.md").write_text("记录仓库\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "empty")
    git(root, "checkout", "-q", "-b", "pr")
    repo = write_minimal_repo(root)
    result = pr_summary(repo)
    assert result.exit_code == 0, result.output
    assert f"- 新增 `{RECORD}`：专题研究会议“2025年第一次意识形态工作专题研究会议”（2025-03-12）" in result.output


# -- alerts -----------------------------------------------------------------------------------


def test_alerts_fail_when_something_newly_became_overdue(repo: Repo) -> None:
    # the half-year self-inspection was due on 2025-07-15 and nothing was recorded
    result = alerts(repo, "--as-of", "2025-07-16", "--within", "15")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == "## 意识形态工作责任制提醒（2025-07-16）"
    assert lines[2] == "按 2025-07-16 的情况计算，与 2025-07-15 比较。"
    assert "### 新近逾期的事项（1 项）" in lines
    assert (
        f"- ✖ 未开展 · 青山村党总支 · 2025年上半年 · {item('org-self-inspection')}："
        "未开展专题自查（应至少 1 次），已于 2025-07-15 截止"
    ) in lines
    assert "### 15 天内到期的事项（1 项）" in lines
    assert any(
        line.startswith(f"- 2025-07-31（还有 15 天） · ◔ 即将到期 · 中共XX镇委员会 · 2025年上半年 · {item('town-inspection')}：")
        for line in lines
    )


def test_alerts_pass_when_nothing_new(repo: Repo) -> None:
    result = alerts(repo, "--as-of", "2025-07-20", "--since", "2025-07-19")
    assert result.exit_code == 0, result.output
    assert "自 2025-07-19 以来没有新近逾期的事项。" in result.output.splitlines()
    assert "### 14 天内到期的事项（1 项）" in result.output.splitlines()


def test_alerts_compare_with_an_earlier_run(repo: Repo) -> None:
    # a week without runs: --since the last run still finds what became overdue meanwhile
    result = alerts(repo, "--as-of", "2025-07-20", "--since", "2025-07-13")
    assert result.exit_code == 1, result.output
    assert "### 新近逾期的事项（1 项）" in result.output.splitlines()


def test_alerts_since_must_be_earlier(repo: Repo) -> None:
    result = alerts(repo, "--as-of", "2025-07-20", "--since", "2025-07-20")
    assert result.exit_code == 2
    assert "--since（2025-07-20）要早于 --as-of（2025-07-20）" in result.output


def test_alerts_help_documents_exit_codes() -> None:
    result = CliRunner().invoke(main, ["alerts", "--help"], prog_name="ysxt")
    assert result.exit_code == 0
    assert "退出码：0 没有新近逾期的事项，1 有新近逾期的事项，2 用法或环境错误。" in result.output


# -- no record text reaches the log as a command (issue #11, point 2) ----------------------------

from tests.builders.ci_log import HOSTILE, commands  # noqa: E402
from tests.builders.repo import VILLAGE  # noqa: E402


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


@pytest.mark.parametrize("hostile", HOSTILE)
def test_pr_summary_and_alerts_print_no_command_from_records(git_repo: Repo, hostile: str) -> None:
    git_repo.replace(VILLAGE, "name: 青山村党总支", f"name: {_yaml_string('青山村党总支' + hostile)}")
    git_repo.replace(VILLAGE, "name: 张伟", f"name: {_yaml_string('张伟' + hostile)}")
    git_repo.write(NEW_RECORD, record_text(NEW_ID, title=_yaml_string("意识形态工作专题研究会议" + hostile)))
    odd_file = f"records/evidence/2025/qingshan-village/{hostile}.txt"
    try:
        git_repo.write(odd_file, "材料\n")
    except OSError:
        pass  # a name this file system refuses
    commit(git_repo)
    summary = pr_summary(git_repo)
    assert summary.exit_code == 0, summary.output
    assert commands(summary.output) == [], summary.output
    assert "\x1b" not in summary.output and "\r" not in summary.output
    report = alerts(git_repo, "--as-of", "2025-07-16", "--within", "30")
    assert commands(report.output) == [], report.output
    for fmt in ("text", "json", "github", "gitea", "gitlab", "junit"):
        out = CliRunner().invoke(main, ["check", "--repo", str(git_repo.root), "--as-of", AS_OF, "--format", fmt]).output
        found = commands(out)
        assert all(line.startswith(("::error file=", "::warning file=")) for line in found), (fmt, found)
        assert "\x1b" not in out, fmt
