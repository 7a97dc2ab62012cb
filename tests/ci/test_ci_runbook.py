"""The air-gapped runbook (docs/forges.md) and the trust model match what the pipelines do."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[2]
RUNBOOK = (PROJECT / "docs" / "forges.md").read_text(encoding="utf-8")
WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))


def runbook_actions() -> set[tuple[str, str, str]]:
    """(action, version, commit) from the runbook's table of actions to mirror."""
    section = RUNBOOK.split("### 要镜像的 actions", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| (\S+/\S+) \| (v[\d.]+) \| ([0-9a-f]{40}) \|", section, re.MULTILINE)
    return set(rows)


def workflow_actions() -> set[tuple[str, str, str]]:
    """(action, version, commit) from every ``uses:`` line of the workflows."""
    found = set()
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                m = re.search(r"uses: ([^@\s]+)@([0-9a-f]{40})\s+# (v[\d.]+)$", line)
                assert m, f"{path.name}: {line.strip()}"
                found.add((m.group(1), m.group(3), m.group(2)))
    return found


def test_the_runbook_lists_exactly_the_actions_the_workflows_name() -> None:
    listed = runbook_actions()
    assert listed, "docs/forges.md 中没有找到要镜像的 actions 表"
    assert listed == workflow_actions()


def test_actions_a_gitea_runner_starts_are_the_ones_to_mirror() -> None:
    # what a Gitea/Forgejo runner fetches: the actions of every job not reserved to GitHub
    fetched = set()
    for path in WORKFLOWS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in data["jobs"].values():
            if "github.server_url == 'https://github.com'" in str(job.get("if", "")):
                continue
            fetched |= {s["uses"].split("@")[0] + "@" + s["uses"].split("@")[1] for s in job.get("steps", []) if "uses" in s}
    names = {f"{a}@{sha}" for a, _, sha in runbook_actions()}
    assert fetched <= names
    intranet = RUNBOOK.split("内网只需要前三个", 1)[1].split("\n\n", 1)[0]
    for action in {f.split("@")[0] for f in fetched}:
        assert action in intranet, action


def test_the_runbook_names_the_settings_and_the_build_backend() -> None:
    for needle in ("DEFAULT_ACTIONS_URL = self", "DEFAULT_ACTIONS_URL = https://", "hatchling==1.27.0", "setuptools",
                   "ubuntu-latest:docker://", "YSXT_RUNNER_PYTHON", "rsync -a --delete", "YSXT_REVIEW_TOKEN"):
        assert needle in RUNBOOK, needle
    backend = re.search(r'requires = \["(hatchling==[\d.]+)"\]', (PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert backend and backend.group(1) in RUNBOOK


def test_branch_protection_is_written_down_for_each_forge() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    portal = (PROJECT / "docs" / "portal.md").read_text(encoding="utf-8")
    protection = RUNBOOK.split("## 分支保护", 1)[1]
    for forge in ("GitHub", "Gitea", "Forgejo", "GitLab"):
        assert forge in protection and forge in readme, forge
    for text in (readme, portal, protection):
        for path in ("ysxt_build/", "schema/", "records/plans/", ".github/"):
            assert path in text, path
    assert "forges.md#protection" in portal


def test_codeowners_gives_the_trusted_paths_to_the_town_office() -> None:
    lines = (PROJECT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    owners = dict(line.split(" ", 1) for line in lines if line and not line.startswith("#"))
    office = owners["*"]
    for path in ("/ysxt_build/", "/schema/", "/records/plans/", "/.github/", "/.gitlab-ci.yml"):
        assert owners.get(path) == office, path


def test_gitea_codeowners_are_anchored_regexes_without_a_catch_all() -> None:
    lines = (PROJECT / ".gitea" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    rules = [line.split(" ", 1) for line in lines if line and not line.startswith("#")]
    office = dict(rules)["^ysxt_build/.*$"]

    def owners(path: str) -> set[str]:  # Gitea: every matching line adds its owners
        return {o for pattern, who in rules if re.fullmatch(pattern, path) for o in who.split()}

    for path in ("ysxt_build/check/checker.py", "schema/record.schema.json", "records/plans/xx-town-2025.yaml",
                 ".github/workflows/pr.yml", ".gitea/CODEOWNERS", "mkdocs.yml"):
        assert owners(path) == set(office.split()), path
    record = "records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-01.yaml"
    assert owners(record) and owners(record) != set(office.split())  # the village's maintainers, not the office
    assert owners("docs/ysxt_build/x.md") == set() and all(p.startswith("^") and p.endswith("$") for p, _ in rules)


def test_the_runbook_says_who_holds_the_review_token_and_how_little_it_may_do() -> None:
    token = RUNBOOK.split("### 发表审查意见的令牌", 1)[1].split("\n## ", 1)[0]
    for needle in ("pull_request_target", "pr-review.yml", "目标分支上的", "Gitea 1.21", "“读取”权限", "write:repository",
                   "不能推送、合并", "代码质量", "不受保护", "Reporter"):
        assert needle in token, needle
    assert "写权限，用它生成令牌" not in RUNBOOK  # the old advice: a bot with write permission
    # the check holds no token and posts nothing; GitLab has no pull_request_target, so it is not split there
    for needle in ("不用任何令牌或密钥，也不发表任何", "运行日志中", "没有分成两条流水线", "没有与 `pull_request_target` 相当"):
        assert needle in token, needle
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for needle in ("pr-review.yml", "pull_request_target", "不用任何令牌", "GitLab 没有相当的触发方式"):
        assert needle in readme, needle
    gitlab = (PROJECT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "不受保护" in gitlab and "Reporter" in gitlab and "受保护、隐藏" not in gitlab
    assert "不分成两个流水线" in gitlab and "pull_request_target" in gitlab
