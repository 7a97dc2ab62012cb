"""Fixtures shared by every test folder; what they build is in :mod:`tests.builders`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders.repo import NoClock, Repo, write_minimal_repo
from ysxt_build.cli import check as check_cli
from ysxt_build.cli import status as status_cli


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A minimal valid record repository (``ysxt check`` exits 0 on it)."""
    for module in (check_cli, status_cli):
        monkeypatch.setattr(module, "date", NoClock)
    return write_minimal_repo(tmp_path / "repo")
