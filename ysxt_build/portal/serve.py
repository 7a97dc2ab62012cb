"""``ysxt serve``: the live preview, which never stalls.

One thread does everything in turn: regenerate the Markdown, then build the site with the page
cache (only the pages whose Markdown changed are converted again; the search index is whole
after every build), into a new folder that the server then serves (the previous one stays
until the next build). MkDocs never reads a page while it is being rewritten, because nothing
else writes them. Changes are noticed by the operating system's file events under
``records/``, ``docs/`` (not the generated pages) and ``mkdocs.yml``.

A build that fails (a strict-mode warning, a broken link, any error) does not stop the server:
it serves a page that says in Chinese what went wrong, and the next save builds again.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional

from .site import check_outputs
from .messages import in_chinese
from .build import PortalError, _mkdocs_logging, _quiet_libraries, config_path, load_site_config, page_cache

log = logging.getLogger("ysxt.portal")


class _RecordsWatcher:
    """Calls ``changed`` (debounced by ``delay`` seconds) when a file under ``records/``, a
    hand-written page under ``docs/`` or ``mkdocs.yml`` changes; ``ignore(path)`` tells which
    changes are the build's own (the generated pages)."""

    # Reading a file is an event too (opened, closed_no_write): only changes count, or each
    # regeneration, which reads every record, would set off the next one.
    CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})

    def __init__(
        self, root: Path, changed: Callable[[], None], delay: float = 0.5, ignore: Optional[Callable[[str], bool]] = None
    ) -> None:
        self.root = Path(os.path.abspath(root))
        self.changed = changed
        self.delay = delay
        self.ignore = ignore or (lambda path: False)
        self._timer: Optional[threading.Timer] = None
        self._lock = threading.Lock()
        self._observer: Any = None

    def _event(self, event: Any) -> None:
        kind = getattr(event, "event_type", "")
        if kind not in self.CHANGES or (getattr(event, "is_directory", False) and kind == "modified"):
            return
        paths = [str(p) for p in (getattr(event, "src_path", ""), getattr(event, "dest_path", "")) if p]
        if all(self.ignore(p) or (Path(p).parent == self.root and Path(p).name != "mkdocs.yml") for p in paths):
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._run)
            self._timer.daemon = True
            self._timer.start()

    def _run(self) -> None:
        try:
            self.changed()
        except Exception as exc:  # keep watching; report and wait for the next change
            log.error("重新生成页面失败：%s", exc)

    def start(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                watcher._event(event)

        self._observer = Observer()
        for sub in ("records", "docs"):
            if (self.root / sub).is_dir():
                self._observer.schedule(Handler(), str(self.root / sub), recursive=True)
        self._observer.schedule(Handler(), str(self.root), recursive=False)  # mkdocs.yml
        self._observer.daemon = True
        self._observer.start()

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()


class _Collected(logging.Handler):
    """The warnings and errors MkDocs logs during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def error_page(messages: list[str]) -> bytes:
    items = "".join(f"<li>{html.escape(in_chinese(m))}</li>" for m in messages) or "<li>（没有更多信息）</li>"
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>门户预览：生成失败</title>'
        '<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.6}'
        "h1{color:#b71c1c}li{margin:.5em 0;white-space:pre-wrap}</style></head><body>"
        "<h1>门户预览：这次没有生成成功</h1>"
        "<p>按下面的提示改正记录或页面并保存，预览会自动重新生成，这个页面也会自动刷新。</p>"
        f"<ul>{items}</ul>"
        "<p>要查看记录文件的问题，可以运行 <code>ysxt check</code>。</p></body></html>"
    ).encode("utf-8")


class Preview:
    """Regenerate and build into a new folder, one build at a time; never raises."""

    def __init__(self, root: Path, regenerate: Callable[[], Optional[set[str]]], dev_addr: str) -> None:
        self.root = root
        self.regenerate = regenerate
        self.dev_addr = dev_addr
        self.base = Path(tempfile.mkdtemp(prefix="ysxt-serve-"))
        self.plugin = page_cache(root)
        self.generated: set[str] = set()
        self.current: Optional[Path] = None
        self.previous: Optional[Path] = None
        self.serve_url = ""
        self.on_swap: Callable[[Path], None] = lambda path: None
        self.last_seconds = 0.0
        self.ok = False
        self._lock = threading.Lock()
        self._count = 0

    def is_generated(self, path: str) -> bool:
        """A change the build made itself (a generated page or a temporary file)."""
        p = Path(path)
        if p.name.startswith(".") or p.name.endswith(".tmp"):
            return True
        try:
            rel = p.resolve().relative_to((self.root / "docs").resolve()).as_posix()
        except (ValueError, OSError):
            return False
        return rel in self.generated

    def build(self) -> bool:
        from mkdocs.commands.build import build

        with self._lock:
            started = time.perf_counter()
            self._count += 1
            into = self.base / f"site-{self._count}"
            collected = _Collected()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(collected)
            try:
                written = self.regenerate()
                if written is not None:
                    self.generated = written
                self.plugin.last_site = self.current if self.ok else None  # unchanged files linked from the site served now
                self.plugin.site_goes_to = into
                config = load_site_config(self.root, into, self.plugin, dev_addr=self.dev_addr)
                config.site_url = self.serve_url or config.site_url
                build(config, serve_url=self.serve_url or None)
                ok = True
            except (Exception, SystemExit) as exc:  # Abort is a SystemExit: the server must go on
                ok = False
                text = str(exc)
                if text and text not in collected.messages:
                    collected.messages.append(text)
                shutil.rmtree(into, ignore_errors=True)
                into.mkdir(parents=True)
                page = error_page(collected.messages)
                (into / "index.html").write_bytes(page)
                (into / "404.html").write_bytes(page)
                log.error("门户预览生成失败：%s", " ".join(in_chinese(m) for m in collected.messages) or text)
            finally:
                logger.removeHandler(collected)
            self.ok = ok
            self._swap(into)
            self.last_seconds = time.perf_counter() - started
            return ok

    def _swap(self, into: Path) -> None:
        old, self.previous, self.current = self.previous, self.current, into
        self.on_swap(into)
        if old is not None:  # two builds ago: no request can still be reading it
            shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        self.plugin.on_shutdown()
        shutil.rmtree(self.base, ignore_errors=True)


def serve_site(root: Path, dev_addr: str, regenerate: Callable[[], Optional[set[str]]]) -> None:
    """The preview on ``dev_addr``: built now, rebuilt on every change, until Ctrl+C."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.livereload import LiveReloadServer, _serve_url

    _quiet_libraries()
    _mkdocs_logging(logging.INFO)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
    cfg = config_path(root)
    check_outputs(root)  # a link in place of a generated folder: refused before anything runs
    try:
        address = load_config(config_file=str(cfg), dev_addr=dev_addr).dev_addr
    except MkDocsException as exc:
        raise PortalError(f"预览服务器的地址 {dev_addr} 不对：{exc}") from exc
    preview = Preview(root, regenerate, dev_addr)
    preview.serve_url = _serve_url(address.host, address.port, "/")
    preview.build()  # before any thread starts: a large first build may use worker processes
    assert preview.current is not None
    def builder() -> None:
        preview.build()

    server = LiveReloadServer(builder=builder, host=address.host, port=address.port, root=str(preview.current))

    def swapped(path: Path) -> None:
        server.root = str(path)

    def error_handler(code: int) -> Optional[bytes]:
        page = Path(server.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    preview.on_swap = swapped
    server.error_handler = error_handler
    server.watch(str(cfg))  # MkDocs' own (polling) watch: one file; it also turns on the reload script

    def changed() -> None:  # what server.watch's handler does, for our event-driven watcher
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    watcher = _RecordsWatcher(root, changed, delay=0.05, ignore=preview.is_generated)
    watcher.start()
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        log.info("预览已停止。")
    finally:
        watcher.stop()
        server.shutdown()
        preview.close()
