"""Shared by the portal tests: the fixed small repository in tests/portal/golden/repo, copied with
the portal's mkdocs.yml and hand-written pages into a temporary folder, and its build."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from ysxt_build.cli.portal import build as build_command

PROJECT = Path(__file__).resolve().parents[2]
GOLDEN = PROJECT / "tests" / "portal" / "golden"
AS_OF = date(2025, 12, 10)
HAND_WRITTEN = ("mkdocs.yml", "docs/assets/screenshots", "docs/guide/index.md", "docs/guide/rules.md", "docs/guide/vocabulary.md",
                "docs/portal.md", "docs/developers.md", "docs/forges.md")


def fixture_repo(target: Path) -> Path:
    """The golden repository with the portal's settings and hand-written pages."""
    shutil.copytree(GOLDEN / "repo", target)
    return _with_hand_written(target)


def demo_repo(target: Path) -> Path:
    """The project's demo records (records/) with the portal's settings and hand-written pages."""
    shutil.copytree(PROJECT / "records", target / "records")
    return _with_hand_written(target)


def _with_hand_written(target: Path) -> Path:
    for rel in HAND_WRITTEN:
        src = PROJECT / rel
        if src.is_dir():
            shutil.copytree(src, target / rel)
        else:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / rel)
    return target


def build(repo: Path, *args: str) -> str:
    """``ysxt build`` on ``repo`` as of AS_OF; returns its output, failing on a non-zero exit."""
    result = CliRunner().invoke(build_command, ["--repo", str(repo), "--as-of", AS_OF.isoformat(), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output

