"""Generate the pages into ``docs/``, then build (or serve) the site with MkDocs.

Nothing here reads the clock: the CLI passes the as-of date (or, for the dev server, a
function that gives it, so that a server left running past midnight moves on by itself).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from .config import read_settings
from .generate import context_for, pages
from .site import WriteResult, write_pages

CONFIG = "mkdocs.yml"
log = logging.getLogger("ysxt.portal")


class PortalError(Exception):
    """A problem the user can fix (Chinese message)."""


@dataclass(frozen=True)
class Generated:
    result: WriteResult
    pages: int
    load_errors: int
    seconds: float


def config_path(root: Path) -> Path:
    path = root / CONFIG
    if not path.is_file():
        raise PortalError(
            f"在 {root} 下找不到 {CONFIG}。门户的设置和手写页面放在记录仓库的根目录："
            f"请从 ysxt 项目复制 {CONFIG} 和 docs/ 文件夹。"
        )
    return path


def docs_dir(root: Path) -> Path:
    return root / "docs"


def generate(
    root: Path,
    as_of: date,
    source_url: Optional[str] = None,
    use_cache: bool = True,
    commands: Sequence[tuple[str, str]] = (),
) -> Generated:
    """Write the generated Markdown (and .ics files) into ``root/docs``."""
    started = time.perf_counter()
    settings = read_settings(root / CONFIG)
    if source_url is not None:
        settings = replace(settings, source_url=source_url)
    ctx = context_for(root, as_of, settings, use_cache=use_cache, commands=commands)
    generated = pages(ctx)
    result = write_pages(docs_dir(root), generated)
    return Generated(result, len(generated), len({p.path for p in ctx.load_errors}), time.perf_counter() - started)


def _quiet_libraries() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # a notice printed by the theme on every run
    try:
        import jieba  # type: ignore[import-untyped]

        jieba.setLogLevel(logging.WARNING)
    except ImportError:  # pragma: no cover - jieba is a dependency; search still works without it
        pass


def _mkdocs_logging(level: int = logging.WARNING) -> None:
    logger = logging.getLogger("mkdocs")
    for h in logger.handlers:
        if getattr(h, "_ysxt", False):
            h.setLevel(level)
            return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("MkDocs %(levelname)s: %(message)s"))
    handler.setLevel(level)
    setattr(handler, "_ysxt", True)
    logger.addHandler(handler)


def build_site(root: Path, site_dir: Path, strict: bool = True) -> None:
    """``mkdocs build`` (strict: any warning fails) with the repository's mkdocs.yml."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _quiet_libraries()
    _mkdocs_logging()
    cfg = config_path(root)
    try:
        config = load_config(config_file=str(cfg), strict=strict, site_dir=str(site_dir.resolve()))
        build(config)
    except MkDocsException as exc:
        raise PortalError(f"MkDocs 生成网站失败：{exc}") from exc


class _RecordsWatcher:
    """Regenerates the pages when a file under records/ changes (debounced)."""

    def __init__(self, root: Path, regenerate: Callable[[], None], delay: float = 0.5) -> None:
        self.root = root
        self.regenerate = regenerate
        self.delay = delay
        self._timer: Optional[threading.Timer] = None
        self._lock = threading.Lock()
        self._observer: Any = None

    # Reading a file is an event too (opened, closed_no_write): only changes count, or each
    # regeneration, which reads every record, would set off the next one.
    CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})

    def _changed(self, event: Any) -> None:
        kind = getattr(event, "event_type", "")
        if kind not in self.CHANGES or (getattr(event, "is_directory", False) and kind == "modified"):
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._run)
            self._timer.daemon = True
            self._timer.start()

    def _run(self) -> None:
        try:
            self.regenerate()
        except Exception as exc:  # keep serving; report and wait for the next change
            log.error("重新生成页面失败：%s", exc)

    def start(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                watcher._changed(event)

        self._observer = Observer()
        self._observer.schedule(Handler(), str(self.root / "records"), recursive=True)
        self._observer.daemon = True
        self._observer.start()

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()


def serve_site(root: Path, dev_addr: str, regenerate: Callable[[], None]) -> None:
    """MkDocs' dev server on ``dev_addr``; pages are regenerated when records/ changes."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    _quiet_libraries()
    _mkdocs_logging(logging.INFO)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    cfg = config_path(root)
    watcher = _RecordsWatcher(root, regenerate)
    watcher.start()
    try:
        serve(config_file=str(cfg), livereload=True, dev_addr=dev_addr)
    except MkDocsException as exc:
        raise PortalError(f"MkDocs 开发服务器出错：{exc}") from exc
    finally:
        watcher.stop()
