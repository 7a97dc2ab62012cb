"""Bounded input: no file makes a command crash, hang or print without end.

The crash tests run the real command in a child process: a segmentation fault there (what a
deeply nested file did before) fails the test instead of killing the test run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders.repo import AS_OF, EVIDENCE, PLAN, RECORD, VILLAGE, Repo, record_text
from ysxt_build.check.bounds import MAX_PER_FILE
from ysxt_build.cli.main import main

DEEP = "[" * 200_000


def ysxt(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    code = "import sys; from ysxt_build.cli.main import main; sys.argv[0] = 'ysxt'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, encoding="utf-8", timeout=300, cwd=cwd
    )


@pytest.mark.parametrize("target", [RECORD, VILLAGE, PLAN])
def test_a_deeply_nested_file_is_a_located_error_for_check_and_status(repo: Repo, target: str) -> None:
    repo.write(target, DEEP)
    check = ysxt("check", "--repo", str(repo.root), "--as-of", AS_OF)
    assert check.returncode == 1, check.stderr
    assert f"{target}:1: 错误：内容嵌套太深" in check.stdout
    status = ysxt("status", "--repo", str(repo.root), "--as-of", AS_OF)
    assert status.returncode == 0, status.stderr
    assert "没有计入统计" in status.stderr


def test_a_deeply_nested_file_does_not_stop_the_portal(tmp_path: Path) -> None:
    from tests.builders.portal import AS_OF as PORTAL_AS_OF
    from tests.builders.portal import fixture_repo

    repo = fixture_repo(tmp_path / "repo")
    bad = "records/activities/2025/hexi-village/2025-hexi-village-deep-01.yaml"
    (repo / bad).write_text(DEEP, encoding="utf-8")
    built = ysxt("build", "--repo", str(repo), "--as-of", PORTAL_AS_OF.isoformat())
    assert built.returncode == 0, built.stderr
    assert bad.replace(".", "&#46;") in (repo / "docs" / "index.md").read_text(encoding="utf-8")


def test_long_values_are_cut_in_messages(repo: Repo) -> None:
    huge = "某" * 300_000
    repo.replace(RECORD, "lead: m-zhang-wei", f"lead: m-{huge}")
    out = repo.check().stdout
    assert len(out) < 3000
    assert "…（共 " in out


def test_output_for_one_file_is_capped_with_a_count(repo: Repo) -> None:
    participants = ", ".join(f"m-nobody-{i}" for i in range(500))
    repo.write(RECORD, record_text("2025-qingshan-village-zyyj-01", participants=f"[{participants}]"))
    found = repo.problems()
    mine = [p for p in found if p["path"] == RECORD]
    assert len(mine) == MAX_PER_FILE + 1
    [count] = [p for p in mine if p["code"] == "output.truncated"]
    assert count["message"] == f"这个文件还有 {500 - MAX_PER_FILE} 个问题没有列出（其中错误 {500 - MAX_PER_FILE} 个）"
    assert count["line"] == 7
    assert repo.check().exit_code == 1


def test_an_evidence_path_too_long_for_the_file_system_is_a_finding(repo: Repo) -> None:
    long_name = "会" * 99 + ".pdf"  # 301 bytes in one component: more than any file system allows
    repo.replace(RECORD, f"file: {EVIDENCE}", f"file: records/evidence/{long_name}")
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 13, "evidence.unreadable")
    assert "文件名或路径太长" in problem["message"]


def test_a_repository_path_too_long_is_a_usage_error(repo: Repo) -> None:
    result = repo.runner.invoke(main, ["check", "--repo", "x" * 300, "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "文件名或路径太长" in result.stderr


def test_an_output_path_too_long_is_a_usage_error(repo: Repo, tmp_path: Path) -> None:
    result = repo.runner.invoke(
        main, ["status", "--repo", str(repo.root), "--as-of", AS_OF, "-o", str(tmp_path / ("y" * 300))]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：文件名或路径太长")


def test_a_pipe_in_place_of_a_record_does_not_hang(repo: Repo) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    fifo = repo.path("records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-09.yaml")
    os.mkfifo(fifo)
    found = ysxt("check", "--repo", str(repo.root), "--as-of", AS_OF)
    assert found.returncode == 1
    assert "无法读取文件（不是普通文件）" in found.stdout


def test_hash_streams_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "scan.pdf"
    with open(big, "wb") as handle:
        for i in range(40):
            handle.write(bytes([i]) * (1 << 20))
    expected = hashlib.sha256(big.read_bytes()).hexdigest()
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["hash", str(big)])
    assert result.exit_code == 0
    assert result.stdout == f"{expected}  {big.as_posix()}\n"
