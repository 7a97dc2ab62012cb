"""Shared by the browser tests: a static site and a fake forge served on 127.0.0.1, Debian's
Chromium started through Playwright, and a page that lets only local requests through and
records the rest.

A test module starts with ``sync_api = require_chromium()`` (it skips itself with the reason
where Chromium or Playwright is missing), serves its built site with :func:`static_server`
and opens the browser with :func:`chromium`; each test gets a :class:`Session`."""

from __future__ import annotations

import contextlib
import functools
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
LOCAL_HOSTS = ("127.0.0.1", "localhost")
LOCAL_SCHEMES = ("blob:", "data:", "file:")  # never leave the machine


def require_chromium() -> Any:
    """Playwright's sync API, or a skip of the calling module with the reason."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"浏览器测试跳过：找不到 {CHROMIUM}（apt-get install chromium）", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api", reason="浏览器测试跳过：没有安装 playwright（pip install -e '.[test]'）")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """``with chromium() as browser:`` Debian's Chromium, headless, driven by Playwright."""
    sync_api = require_chromium()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def static_server(folder: Path) -> contextlib.AbstractContextManager[str]:
    """``with static_server(site) as url:`` a quiet static web server of ``folder`` on 127.0.0.1
    (a free port)."""
    return _running(ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))))


@dataclass
class FakeForge:
    """Answers every GET with a small page and remembers the paths and queries asked for."""

    base: str = ""
    requests: list[str] = field(default_factory=list)


@contextlib.contextmanager
def fake_forge() -> Iterator[FakeForge]:
    """``with fake_forge() as forge:`` a forge's new-file page on 127.0.0.1 that records what it
    was asked for."""
    forge = FakeForge()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            forge.requests.append(self.path)
            body = "<!doctype html><title>新建文件</title><p>forge</p>".encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with _running(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as base:
        forge.base = base
        yield forge


@contextlib.contextmanager
def _running(server: ThreadingHTTPServer) -> Iterator[str]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Session:
    """A browser context that records every request and dialog and lets only local ones through."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.context.set_default_timeout(10000)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if _local(url):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def outside(self) -> list[str]:
        return [u for u in self.requests if not _local(u)]

    def close(self) -> None:
        self.context.close()


def _local(url: str) -> bool:
    return urlsplit(url).hostname in LOCAL_HOSTS or url.startswith(LOCAL_SCHEMES)
