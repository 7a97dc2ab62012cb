"""``ysxt post-review`` against a fake forge on 127.0.0.1 that records what it receives.

The clerk's view on Gitea/Forgejo: a broken record in a pull request gets one review with a
Chinese line comment at the file and line, and the pull-request summary in its body; a second
run replaces the first review; with no token or no API the review goes to the log, saying why.
"""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path
from typing import Optional

import pytest
from click.testing import CliRunner, Result

from tests.builders.ci_log import commands
from tests.builders.fake_forge import BOT, TOKEN, FakeForge, serve
from tests.builders.repo import AS_OF, RECORD, Repo, record_text
from tests.ci.test_ci_cli import NEW_ID, NEW_RECORD, commit, git, git_repo  # noqa: F401 (fixture)
from ysxt_build.check.reporters import REVIEW_MARKER
from ysxt_build.ci.forge import detect, detect_kind
from ysxt_build.cli.main import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="需要 git 命令")

#: Every variable the poster looks at; the tests set the ones they need and clear the others.
VARIABLES = (
    "YSXT_FORGE", "YSXT_FORGE_TOKEN", "YSXT_FORGE_API_URL", "GITEA_ACTIONS", "FORGEJO_ACTIONS", "GITHUB_ACTIONS",
    "GITLAB_CI", "CI_SERVER_URL", "CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "GITHUB_SERVER_URL",
    "GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_EVENT_PATH", "GITHUB_REF", "GITHUB_TOKEN", "GITEA_TOKEN",
    "FORGEJO_TOKEN", "GITLAB_TOKEN", "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", "CI_COMMIT_SHA",
)


def broken_pr(repo: Repo) -> int:
    """A pull request adding a record whose attendance is negative; returns that line."""
    text = record_text(NEW_ID, title="第二次意识形态工作专题研究会议", attendance="-3")
    repo.write(NEW_RECORD, text)
    commit(repo)
    return repo.line_of(NEW_RECORD, "attendance:")


def gitea_env(repo: Repo, forge: FakeForge, token: Optional[str] = TOKEN, **more: str) -> dict[str, Optional[str]]:
    event = repo.root.parent / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7, "head": {"sha": "abc123"}}}), encoding="utf-8")
    env: dict[str, Optional[str]] = {v: None for v in VARIABLES}
    env.update(
        GITEA_ACTIONS="true",
        GITHUB_ACTIONS="true",
        GITHUB_SERVER_URL=forge.url,
        GITHUB_REPOSITORY="town/records",
        GITHUB_EVENT_PATH=str(event),
        YSXT_FORGE_TOKEN=token,
    )
    env.update(more)
    return env


def post(repo: Repo, env: dict[str, Optional[str]], *args: str) -> Result:
    argv = ["post-review", "--repo", str(repo.root), "--as-of", AS_OF, "--base", "main", *args]
    return CliRunner().invoke(main, argv, env=env, catch_exceptions=False)


# -- Gitea and Forgejo ------------------------------------------------------------------------


def test_a_broken_record_gets_a_chinese_comment_at_its_line(git_repo: Repo) -> None:
    line = broken_pr(git_repo)
    with serve() as forge:
        result = post(git_repo, gitea_env(git_repo, forge))
    assert result.exit_code == 0, result.output
    (request,) = forge.calls("POST")
    assert request.path == "/api/v1/repos/town/records/pulls/7/reviews"
    assert request.headers["Authorization"] == f"token {TOKEN}"
    review = request.body
    assert review["event"] == "COMMENT" and review["commit_id"] == "abc123"
    (comment,) = review["comments"]
    assert (comment["path"], comment["new_position"]) == (NEW_RECORD, line)
    assert comment["body"].startswith("**错误**：字段“attendance”（参加人数）不能小于 0（这里是 -3）")
    body = review["body"]
    assert body.startswith(REVIEW_MARKER + "\n## ysxt 检查结果\n")
    assert "发现 1 个错误" in body and "问题已逐条标在文件的对应行上（1 处）" in body
    assert "### 本次合并请求的记录情况" in body and f"`{NEW_RECORD}`" in body  # the pr-summary
    assert result.output == (
        "已在 Gitea 的合并请求 #7 上发表审查意见：检查了 6 个文件，发现 1 个错误。请按提示改正后再提交。行内意见 1 处。\n"
    )


def test_a_second_run_replaces_the_first_review(git_repo: Repo) -> None:
    broken_pr(git_repo)
    with serve() as forge:
        forge.reviews.append({"id": 5, "user": {"login": "secretary"}, "body": "同意，请改正后合并。"})
        forge.reviews.append({"id": 6, "user": {"login": "someone"}, "body": f"{REVIEW_MARKER} 抄来的"})
        first = post(git_repo, gitea_env(git_repo, forge))
        (first_id,) = [r["id"] for r in forge.reviews if r["user"]["login"] == BOT]
        second = post(git_repo, gitea_env(git_repo, forge))
    assert first.exit_code == second.exit_code == 0
    assert "替换了之前的 1 条" in second.output
    deleted = [r.path for r in forge.calls("DELETE")]
    assert deleted == [f"/api/v1/repos/town/records/pulls/7/reviews/{first_id}"]
    ours = [r for r in forge.reviews if r["user"]["login"] == BOT]
    assert len(ours) == 1 and ours[0]["id"] != first_id
    assert {r["id"] for r in forge.reviews} >= {5, 6}  # other people's reviews stay


def test_a_change_to_an_existing_record_is_commented_at_the_changed_line(git_repo: Repo) -> None:
    git_repo.replace(RECORD, "attendance: 12", "attendance: -120")  # another size: git sees the change
    commit(git_repo)
    line = git_repo.line_of(RECORD, "attendance:")
    with serve() as forge:
        result = post(git_repo, gitea_env(git_repo, forge))
    assert result.exit_code == 0, result.output
    (request,) = forge.calls("POST")
    assert [(c["path"], c["new_position"]) for c in request.body["comments"]] == [(RECORD, line)]


def test_forgejo_is_detected_and_uses_the_same_api(git_repo: Repo) -> None:
    broken_pr(git_repo)
    with serve() as forge:
        result = post(git_repo, gitea_env(git_repo, forge, FORGEJO_ACTIONS="true"))
    assert result.exit_code == 0, result.output
    assert "Forgejo 的合并请求 #7" in result.output
    assert forge.calls("POST")[0].path == "/api/v1/repos/town/records/pulls/7/reviews"


def test_a_clean_pull_request_gets_a_short_review(git_repo: Repo) -> None:
    git_repo.write(NEW_RECORD, record_text(NEW_ID, title="第二次意识形态工作专题研究会议"))
    commit(git_repo)
    with serve() as forge:
        result = post(git_repo, gitea_env(git_repo, forge))
    assert result.exit_code == 0, result.output
    review = forge.calls("POST")[0].body
    assert review["comments"] == [] and "没有发现问题" in review["body"]


# -- when it cannot post ----------------------------------------------------------------------


def test_without_a_token_the_review_goes_to_the_log(git_repo: Repo) -> None:
    line = broken_pr(git_repo)
    with serve() as forge:
        result = post(git_repo, gitea_env(git_repo, forge, token=None))
    assert result.exit_code == 0, result.output
    assert forge.requests == []
    first = result.output.splitlines()[0]
    assert first.startswith("::warning title=ysxt post-review::审查意见没有发到合并请求上：没有可用的令牌")
    assert f"- {NEW_RECORD}:{line}：**错误**：字段“attendance”（参加人数）不能小于 0" in result.output
    assert "### 本次合并请求的记录情况" in result.output


def test_when_the_forge_fails_the_review_goes_to_the_log(git_repo: Repo) -> None:
    broken_pr(git_repo)
    with serve() as forge:
        forge.fail_with = 500
        result = post(git_repo, gitea_env(git_repo, forge))
    assert result.exit_code == 0, result.output
    assert "审查意见没有发出：Gitea 接口返回 HTTP 500" in result.output
    assert "## ysxt 检查结果" in result.output


def test_when_the_forge_cannot_be_reached_the_review_goes_to_the_log(git_repo: Repo) -> None:
    broken_pr(git_repo)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = gitea_env(git_repo, FakeForge(url=f"http://127.0.0.1:{port}"))
    result = post(git_repo, env)
    assert result.exit_code == 0, result.output
    assert f"连不上 Gitea 的接口 http://127.0.0.1:{port}/api/v1" in result.output


def test_outside_a_pull_request_the_review_goes_to_the_log(git_repo: Repo) -> None:
    broken_pr(git_repo)
    with serve() as forge:
        env = gitea_env(git_repo, forge)
        env["GITHUB_EVENT_PATH"] = None
        result = post(git_repo, env)
    assert "这次运行不是由合并请求触发的" in result.output and forge.requests == []


def test_forge_none_only_writes_the_log(git_repo: Repo) -> None:
    broken_pr(git_repo)
    with serve() as forge:
        result = post(git_repo, gitea_env(git_repo, forge), "--forge", "none")
    assert forge.requests == [] and "没有识别出所在的代码托管平台" in result.output


def test_an_unknown_base_is_a_usage_error(git_repo: Repo) -> None:
    result = CliRunner().invoke(main, ["post-review", "--repo", str(git_repo.root), "--base", "origin/nowhere"])
    assert result.exit_code == 2 and "找不到基准分支或提交“origin/nowhere”" in result.output


def test_record_text_never_becomes_a_command_in_the_review_or_the_log(git_repo: Repo) -> None:
    hostile = "意识形态工作\n::set-env name=YSXT_PWNED::yes\r::add-path::/tmp ##[set-output name=a;]b"
    git_repo.write(NEW_RECORD, record_text(NEW_ID, title=json.dumps(hostile, ensure_ascii=False), attendance="-3"))
    commit(git_repo)
    with serve() as forge:
        posted = post(git_repo, gitea_env(git_repo, forge))
        logged = post(git_repo, gitea_env(git_repo, forge, token=None))
    review = forge.calls("POST")[0].body
    for text in (posted.output, logged.output, review["body"], *(c["body"] for c in review["comments"])):
        assert [c for c in commands(text) if not c.startswith("::warning title=ysxt post-review::")] == []


# -- GitHub and GitLab ------------------------------------------------------------------------


def test_github_gets_line_and_side_and_an_earlier_review_is_rewritten(git_repo: Repo) -> None:
    line = broken_pr(git_repo)
    with serve() as forge:
        env = gitea_env(git_repo, forge, GITEA_ACTIONS=None, GITHUB_API_URL=forge.url + "/gh")  # type: ignore[arg-type]
        env["GITEA_ACTIONS"] = None
        post(git_repo, env)
        result = post(git_repo, env)
    assert result.exit_code == 0, result.output
    first, second = forge.calls("POST")
    assert first.path == "/gh/repos/town/records/pulls/7/reviews"
    assert first.headers["Authorization"] == f"Bearer {TOKEN}"
    assert first.body["comments"][0] == {
        "path": NEW_RECORD,
        "line": line,
        "side": "RIGHT",
        "body": first.body["comments"][0]["body"],
    }
    (put,) = forge.calls("PUT")
    assert put.body == {"body": "（这条检查结果已由较新的一次检查取代。）"}


def test_gitlab_gets_one_note_replaced_on_the_next_run(git_repo: Repo) -> None:
    line = broken_pr(git_repo)
    with serve() as forge:
        env: dict[str, Optional[str]] = {v: None for v in VARIABLES}
        env.update(
            GITLAB_CI="true",
            CI_SERVER_URL=forge.url,
            CI_API_V4_URL=forge.url + "/api/v4",
            CI_PROJECT_ID="42",
            CI_MERGE_REQUEST_IID="3",
            YSXT_FORGE_TOKEN=TOKEN,
        )
        post(git_repo, env)
        result = post(git_repo, env)
    assert result.exit_code == 0, result.output
    posts = forge.calls("POST")
    assert [p.path for p in posts] == ["/api/v4/projects/42/merge_requests/3/notes"] * 2
    assert posts[0].headers["Private-Token"] == TOKEN
    note = posts[1].body["body"]
    assert f"- `{NEW_RECORD}` 第 {line} 行：**错误**：字段“attendance”（参加人数）不能小于 0" in note
    assert len(forge.notes) == 1 and len(forge.calls("DELETE")) == 1


# -- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "kind"),
    [
        ({"GITEA_ACTIONS": "true", "GITHUB_ACTIONS": "true"}, "gitea"),
        ({"FORGEJO_ACTIONS": "true", "GITEA_ACTIONS": "true", "GITHUB_ACTIONS": "true"}, "forgejo"),
        ({"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com"}, "github"),
        ({"GITLAB_CI": "true", "CI_SERVER_URL": "http://gitlab.example.cn"}, "gitlab"),
        ({"YSXT_FORGE": "forgejo", "GITHUB_ACTIONS": "true"}, "forgejo"),
        ({}, None),
    ],
)
def test_detect_kind(env: dict[str, str], kind: Optional[str]) -> None:
    assert detect_kind(env) == kind


def test_detect_reads_the_pull_request_from_the_ref_and_the_api_from_the_server() -> None:
    env = {
        "GITEA_ACTIONS": "true",
        "GITHUB_SERVER_URL": "http://git.town.example/",
        "GITHUB_API_URL": "http://git.town.example/api/v3",  # what act sets: not Gitea's API
        "GITHUB_REPOSITORY": "town/records",
        "GITHUB_REF": "refs/pull/12/head",
        "GITEA_TOKEN": "t",
    }
    forge, why = detect(env, {})
    assert why == "" and forge is not None
    assert (forge.api_url, forge.repository, forge.number, forge.token) == (
        "http://git.town.example/api/v1",
        "town/records",
        12,
        "t",
    )


# -- only the pull request that started the run, only a review of bounded size ----------------


def test_the_review_goes_only_to_the_pull_request_that_started_the_run(git_repo: Repo) -> None:
    broken_pr(git_repo)
    with serve() as forge:
        result = post(git_repo, gitea_env(git_repo, forge), "--pr", "8")
    assert result.exit_code == 2
    assert "--pr 8 与触发本次运行的合并请求 #7 不同" in result.output
    assert forge.calls("POST") == [] and forge.calls("DELETE") == []


def test_what_is_posted_is_a_review_of_bounded_size() -> None:
    from ysxt_build.ci.forge import MAX_BODY, MAX_COMMENT, MAX_POSTED_COMMENTS, ForgeError, bounded_review

    long = "\n".join(f"- 第 {i} 个问题：" + "很长的说明" * 20 for i in range(5000))
    comments = [{"path": f"records/a{i}.yaml", "new_position": i + 1, "body": "说明" * 5000} for i in range(150)]
    review = bounded_review({"event": "COMMENT", "body": long, "comments": comments})
    assert len(review["body"]) <= MAX_BODY and review["body"].endswith("完整的检查结果见流水线的运行日志。）\n")
    assert len(review["comments"]) == MAX_POSTED_COMMENTS
    assert all(len(c["body"]) <= MAX_COMMENT for c in review["comments"])
    small = bounded_review({"event": "COMMENT", "body": "正文\n", "comments": comments[:1]})
    assert small["body"] == "正文\n" and [(c["path"], c["new_position"]) for c in small["comments"]] == [("records/a0.yaml", 1)]
    for bad in (
        {"event": "APPROVE", "body": "x", "comments": []},
        {"event": "COMMENT", "body": 3, "comments": []},
        {"event": "COMMENT", "body": "x", "comments": [{"path": "../../etc/passwd", "new_position": 1, "body": "x"}]},
        {"event": "COMMENT", "body": "x", "comments": [{"path": "/abs", "new_position": 1, "body": "x"}]},
        {"event": "COMMENT", "body": "x", "comments": [{"path": "a.yaml", "new_position": True, "body": "x"}]},
        {"event": "COMMENT", "body": "x", "comments": [{"path": "a.yaml", "new_position": 0, "body": "x"}]},
        {"event": "COMMENT", "body": "x", "comments": ["not a comment"]},
    ):
        with pytest.raises(ForgeError):
            bounded_review(bad)
