""".gitlab-ci.yml: the same three jobs as the workflows, with GitLab's reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import yaml
from click.testing import CliRunner

from tests.ci.test_ci_workflows import COMMANDS_USED_BY_CI, ysxt_calls
from ysxt_build.cli.main import main

PROJECT = Path(__file__).resolve().parents[2]
CI = yaml.safe_load((PROJECT / ".gitlab-ci.yml").read_text(encoding="utf-8"))


def script(job: str) -> str:
    data: dict[str, Any] = CI[job]
    template = CI.get(data.get("extends", ""), {})
    return "\n".join([*template.get("before_script", []), *data["script"]])


def test_the_three_jobs_and_when_they_run() -> None:
    assert CI["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert CI["pages"]["rules"] == [{"if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"'}]
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in CI["alerts"]["rules"]
    assert CI["variables"]["TZ"] == "Asia/Shanghai" and CI["variables"]["GIT_DEPTH"] == "0"


def test_check_publishes_code_quality_and_junit_written_by_ysxt_check() -> None:
    reports = CI["check"]["artifacts"]["reports"]
    text = script("check")
    assert f"--report gitlab={reports['codequality']}" in text
    assert f"--report junit={reports['junit']}" in text
    assert CI["check"]["artifacts"]["when"] == "always"
    # the summary and the review run whatever the check found; the job fails on errors
    assert text.strip().endswith('exit "$status"')
    assert "ysxt post-review" in text and "YSXT_REVIEW_TOKEN" in text


def test_pages_publishes_the_portal_and_install_needs_only_the_package() -> None:
    assert "ysxt build" in script("pages") and "mv site public" in script("pages")
    assert CI["pages"]["artifacts"]["paths"] == ["public"]
    assert "pip install -q -c constraints.txt .\n" in script("pages") + "\n"


def test_alerts_fail_on_newly_overdue_and_keep_the_report() -> None:
    text = script("alerts")
    assert "ysxt alerts --within 14" in text and text.strip().endswith('exit "$status"')
    assert CI["alerts"]["artifacts"] == {"when": "always", "expire_in": "30 days", "paths": ["report/"]}


def test_every_command_and_option_exists() -> None:
    calls = [call for job in ("check", "pages", "alerts") for call in ysxt_calls(script(job))]
    assert calls
    for command, options in calls:
        assert command in COMMANDS_USED_BY_CI
        found = main.commands[command]
        known = {opt for p in found.params if isinstance(p, click.Option) for opt in p.opts}
        assert set(options) <= known, (command, set(options) - known)
        assert CliRunner().invoke(main, [command, "--help"]).exit_code == 0
