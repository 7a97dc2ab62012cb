"""``ysxt serve`` as a clerk uses it (issue #12.8 and #16's edit loop): the real command in a
subprocess on 127.0.0.1; saving quickly several times never stalls it, a broken page shows a
Chinese message and the preview recovers by itself on the next save, and after every rebuild
the search index is the one a clean build gives."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from tests.builders.portal import AS_OF, build, fixture_repo

RECORD = "records/activities/2025/hexi-village/2025-hexi-village-xss-01.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def _wait(check: Callable[[], bool], seconds: float = 60) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if check():
                return time.monotonic() - start
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.05)
    raise AssertionError("the preview did not show the change in time")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    repo = fixture_repo(tmp_path / "repo")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from ysxt_build.cli.main import main; sys.exit(main())",
         "serve", "--repo", str(repo), "--as-of", AS_OF.isoformat(), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _get(f"{base}/index.html")[0] == 200, 120)
        yield repo, base
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    assert proc.returncode is not None


def _retitle(repo: Path, title: str) -> None:
    path = repo / RECORD
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), encoding="utf-8")


def test_quick_saves_never_stall_the_preview(served: tuple[Path, str]) -> None:
    repo, base = served
    for i in range(6):
        _retitle(repo, f"快速保存第{i}次")
        time.sleep(0.05 * (i % 3))
    _wait(lambda: "快速保存第5次" in _get(f"{base}/orgs/hexi-village.html")[1])
    assert _get(f"{base}/index.html")[0] == 200


def test_a_broken_page_shows_a_chinese_message_and_the_preview_recovers(served: tuple[Path, str]) -> None:
    repo, base = served
    page = repo / "docs" / "portal.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n[坏链接](nowhere.md)\n", encoding="utf-8")
    _wait(lambda: "没有生成成功" in _get(f"{base}/portal.html")[1])
    body = _get(f"{base}/index.html")[1]
    assert "docs/portal.md 中的链接“nowhere.md”指向的页面不存在" in body
    page.write_text(original, encoding="utf-8")
    _wait(lambda: "本门户" in _get(f"{base}/portal.html")[1])
    _retitle(repo, "恢复以后的改动")
    _wait(lambda: "恢复以后的改动" in _get(f"{base}/orgs/hexi-village.html")[1])


def _docs(index: dict) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return sorted((d["location"], d["title"], d["text"]) for d in index["docs"])


def test_the_search_index_after_each_rebuild_is_a_clean_builds(served: tuple[Path, str], tmp_path: Path) -> None:
    repo, base = served
    for i, title in enumerate(["第一次改标题：专题研究网络意识形态", "第二次改标题：理论学习中心组"]):
        _retitle(repo, title)
        _wait(lambda: title in _get(f"{base}/orgs/hexi-village.html")[1])
        served_index = json.loads(_get(f"{base}/search/search_index.json")[1])
        clean = tmp_path / f"clean{i}"
        shutil.copytree(repo, clean, ignore=shutil.ignore_patterns(".ysxt-cache", "site", ".site.*"))
        build(clean, "--no-cache")
        expected = json.loads((clean / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert _docs(served_index) == _docs(expected)
        assert served_index["config"] == expected["config"]
