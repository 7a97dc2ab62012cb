"""The closed-year lock (``ysxt check --base``) is decided from each base record's parsed content:
every YAML spelling of ``type: assessment`` closes the year, and a path Git would quote is
compared like any other."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.builders.repo import PROJECT, RECORD, Repo
from ysxt_build.cli.main import main

ASSESSMENT_PATH = "records/activities/2026/town/2025-town-kh-qingshan.yaml"
BODY = """\
id: 2025-town-kh-qingshan
organization: town
date: "2026-01-20"
title: 2025年度意识形态工作责任制考核（青山村党总支）
"""
BLOCK = """\
assessment:
  target: qingshan-village
  year: 2025
  rubric: xx-county-2025
  score: 92
  grade: 好
  signed_off_by: 镇党委会议
"""

SPELLINGS: dict[str, bytes] = {
    "plain": f"type: assessment\n{BODY}{BLOCK}".encode(),
    "double-quoted": f'type: "assessment"\n{BODY}{BLOCK}'.encode(),
    "single-quoted": f"type: 'assessment'\n{BODY}{BLOCK}".encode(),
    "spaces": f"type:    assessment   \n{BODY}{BLOCK}".encode(),
    "indented-key-last": f"{BODY}{BLOCK}type: assessment\n".encode(),
    "flow": (
        "{id: 2025-town-kh-qingshan, type: assessment, organization: town, date: '2026-01-20', "
        "title: 考核, assessment: {target: qingshan-village, year: 2025, rubric: xx-county-2025, "
        "score: 92, grade: 好, signed_off_by: 镇党委会议}}\n"
    ).encode(),
    "anchor": f"kind: &k assessment\ntype: *k\n{BODY}{BLOCK}".encode(),
    "tag": f"type: !!str assessment\n{BODY}{BLOCK}".encode(),
    "escape": f'type: "\\x61ssessment"\n{BODY}{BLOCK}'.encode(),
    "block-scalar": f"type: >-\n  assessment\n{BODY}{BLOCK}".encode(),
    "quoted-year": f"type: assessment\n{BODY}{BLOCK}".replace("year: 2025", 'year: "2025"').encode(),
    "utf-16": f"type: assessment\n{BODY}{BLOCK}".encode("utf-16"),
}

runner = CliRunner()


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True)


def closed_with(repo: Repo, spelling: bytes) -> Repo:
    rubric = PROJECT / "records" / "rubrics" / "xx-county-2025.yaml"
    repo.write("records/rubrics/xx-county-2025.yaml", rubric.read_bytes())
    repo.write(ASSESSMENT_PATH, spelling)
    git(repo.root, "init", "-q", "-b", "main")
    git(repo.root, "config", "user.email", "clerk@example.invalid")
    git(repo.root, "config", "user.name", "clerk")
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "base")
    return repo


def check_base(repo: Repo) -> tuple[int, str]:
    result = runner.invoke(main, ["check", "--repo", str(repo.root), "--as-of", "2026-03-01", "--base", "main"])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_of_an_assessment_closes_the_year(repo: Repo, spelling: str) -> None:
    closed_with(repo, SPELLINGS[spelling])
    repo.replace(RECORD, "研究本年度", "认真研究本年度")
    code, out = check_base(repo)
    assert code == 1
    assert f"{RECORD}: 错误：2025 年度（qingshan-village）已经考核" in out


def test_a_file_name_git_would_quote_is_locked_too(repo: Repo) -> None:
    closed_with(repo, SPELLINGS["plain"])
    added = "records/activities/2025/qingshan-village/补录 会议.yaml"
    repo.write(added, "id: x\n")
    code, out = check_base(repo)
    assert code == 1
    assert f"{added}: 错误：2025 年度（qingshan-village）已经考核（考核记录 2025-town-kh-qingshan），不能再新增记录" in out


def test_an_unassessed_year_stays_open(repo: Repo) -> None:
    closed_with(repo, SPELLINGS["plain"].replace(b"year: 2025", b"year: 2024"))
    repo.replace(RECORD, "研究本年度", "认真研究本年度")
    code, out = check_base(repo)
    assert "已经考核" not in out
