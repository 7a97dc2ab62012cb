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
from typing import Any, Optional, Sequence, Union

from .assets import site_assets
from .config import read_settings
from .context import SiteContext
from .generate import context_for, org_pages, pages
from .messages import ChineseFormatter, in_chinese
from .site import WriteResult, check_outputs, check_site_dir, discard, new_site_dir, swap_site, write_pages

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
    files: frozenset[str] = frozenset()  # every generated file, relative to docs/


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
    check_outputs(root)
    ctx = context_for(root, as_of, settings, use_cache=use_cache, commands=commands)
    generated = _pages(ctx)
    generated.update(site_assets())  # the portal's styles and scripts (docs/assets/), generated files too
    result = write_pages(docs_dir(root), generated)
    return Generated(
        result, len(generated), len({p.path for p in ctx.load_errors}), time.perf_counter() - started, frozenset(generated)
    )


PARALLEL_ORGS = 200  # organisations from which a second process makes half of their pages
_CONTEXT: Optional[SiteContext] = None


def _pages(ctx: SiteContext) -> dict[str, Union[str, bytes]]:
    """:func:`generate.pages`, with half of the organisations' pages made by a forked process
    on a large repository (the same pages; only where ``fork`` exists and no thread runs)."""
    import multiprocessing

    if (
        len(ctx.organizations) < PARALLEL_ORGS or (os.cpu_count() or 1) < 2 or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return pages(ctx)
    from concurrent.futures import ProcessPoolExecutor

    global _CONTEXT
    theirs = [org.id for org in ctx.organizations[1::2]]
    _CONTEXT = ctx
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            part = pool.submit(_org_pages_of, theirs)
            out = pages(ctx, skip_orgs=frozenset(theirs))
            out.update(part.result())
    finally:
        _CONTEXT = None
    return out


def _org_pages_of(ids: list[str]) -> dict[str, Union[str, bytes]]:
    assert _CONTEXT is not None
    wanted = set(ids)
    return org_pages(_CONTEXT, [org for org in _CONTEXT.organizations if org.id in wanted])


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
    handler.setFormatter(ChineseFormatter())
    handler.setLevel(level)
    setattr(handler, "_ysxt", True)
    logger.addHandler(handler)


PAGE_CACHE = "pages.sqlite"


def page_cache(root: Path, use_cache: bool = True) -> Any:
    """The page cache plugin for builds of ``root`` (kept only in memory without ``use_cache``)."""
    from ..check.cache import CACHE_DIR
    from .pagecache import PageCachePlugin

    return PageCachePlugin(root / CACHE_DIR / PAGE_CACHE if use_cache else None)


def load_site_config(root: Path, site_dir: Path, plugin: Any, strict: bool = True, **options: Any) -> Any:
    """mkdocs.yml of ``root`` with the page cache added (an accelerator: same site without it)."""
    from mkdocs.config import load_config

    from .pagecache import NAME

    config = load_config(config_file=str(config_path(root)), strict=strict, site_dir=str(site_dir), **options)
    for name in ("material/search", "search"):  # mkdocs.yml gives the dictionaries relative to its folder
        search = config.plugins.get(name)
        for option in ("jieba_dict", "jieba_dict_user"):
            value = getattr(search, "config", {}).get(option) if search is not None else None
            if isinstance(value, str) and value and not os.path.isabs(value):
                search.config[option] = str(root / value)  # type: ignore[union-attr]
    if plugin is not None:
        plugin.defer_dictionaries(config)
        config.plugins[NAME] = plugin
    return config


def build_site(root: Path, site_dir: Path, strict: bool = True, use_cache: bool = True) -> None:
    """``mkdocs build`` (strict: any warning fails) with the repository's mkdocs.yml."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    _quiet_libraries()
    _mkdocs_logging()
    check_outputs(root)
    check_site_dir(root, site_dir)
    plugin = page_cache(root, use_cache)
    try:
        into = new_site_dir(site_dir)
    except OSError as exc:
        plugin.on_shutdown()
        raise PortalError(f"不能在 {site_dir.parent} 中新建网站文件夹（{exc.strerror}）：请检查这个文件夹的写入权限。") from exc
    try:
        build(load_site_config(root, into, plugin, strict=strict))
        swap_site(into, site_dir)
    except MkDocsException as exc:
        raise PortalError(f"MkDocs 生成网站失败：{in_chinese(str(exc))}") from exc
    except OSError as exc:
        raise PortalError(f"网站文件写不进 {site_dir}（{exc.strerror}）：请检查磁盘空间和写入权限。") from exc
    finally:
        plugin.on_shutdown()
        discard(into)
