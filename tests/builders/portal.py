"""Shared by the portal tests: the fixed small repository in tests/portal/golden/repo, copied with
the portal's mkdocs.yml and hand-written pages into a temporary folder, and its build."""

from __future__ import annotations

import contextlib
import shutil
from datetime import date
from pathlib import Path
from typing import Any, Iterator

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


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """A quiet static web server of ``folder`` on 127.0.0.1 (a free port); yields its address."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
