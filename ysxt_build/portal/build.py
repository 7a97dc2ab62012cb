"""Generate the pages into ``docs/``, then build (or serve) the site with MkDocs.

Nothing here reads the clock: the CLI passes the as-of date (or, for the dev server, a
function that gives it, so that a server left running past midnight moves on by itself).
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Optional, Sequence

from .assets import site_assets
from .config import read_settings
from .context import SiteContext
from .generate import context_for, org_pages, site_pages
from .inputs import org_digests
from .pages_form import OrgShared, form_spec, org_shared
from .messages import ChineseFormatter, in_chinese
from .site import (
    Content,
    Group,
    WriteResult,
    check_outputs,
    check_site_dir,
    discard,
    new_site_dir,
    reusable,
    swap_site,
    write_pages,
)

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
    # The status and the pages are millions of small containers and none of them form cycles:
    # the cyclic collector would only scan them again and again (about a fifth of the step).
    collecting = gc.isenabled()
    gc.disable()
    try:
        ctx = context_for(root, as_of, settings, use_cache=use_cache, commands=commands)
        made = _pages(ctx, docs_dir(root), incremental=use_cache)
        made.files.update(site_assets())  # the portal's styles and scripts (docs/assets/), generated files too
        result = write_pages(docs_dir(root), made.files, groups=made.groups, kept=made.kept)
    finally:
        if collecting:
            gc.enable()
    files = frozenset(made.files) | {rel for _, rels in made.kept.values() for rel in rels}
    return Generated(result, len(files), len({p.path for p in ctx.load_errors}), time.perf_counter() - started, files)


@dataclass
class _Made:
    files: dict[str, Content]  # the files made now
    groups: dict[str, Group]  # organisations whose files were made now: the digest of their inputs, their files
    kept: dict[str, Group]  # organisations whose files stay as the last build wrote them


PARALLEL_ORGS = 200  # organisations from which a second process works alongside (see _pages)
_CONTEXT: Optional[tuple[SiteContext, OrgShared]] = None


def _pages(ctx: SiteContext, docs: Path, incremental: bool = True) -> _Made:
    """:func:`generate.pages`, but an organisation's own files (page, calendar, 填报 data) only
    where what they are made from changed since the last build (:mod:`.inputs`; every one
    without ``incremental``). On a large repository a forked process works out those changes
    while this one makes the other pages, then makes half of the organisations' files (the same
    files; only where ``fork`` exists and no thread runs)."""
    import multiprocessing

    form = org_shared(ctx, form_spec(ctx))
    files: dict[str, Content]
    if (
        len(ctx.organizations) < PARALLEL_ORGS or (os.cpu_count() or 1) < 2 or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        digests, kept = _changes(ctx, form, docs, incremental)
        todo = [org for org in ctx.organizations if org.id not in kept]
        made = org_pages(ctx, todo, form)
        files = site_pages(ctx)
    else:
        import pickle
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        global _CONTEXT
        _CONTEXT = (ctx, form)
        for lookup in ("entries_by_org", "records_by_org", "counted_for", "record_ids", "amended_by"):
            getattr(ctx, lookup)  # made once, before the fork: both processes use them
        files = {}
        try:
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
                changes = pool.submit(_changes_of, docs, incremental)
                files = site_pages(ctx)
                digests, kept = changes.result()
                todo = [org for org in ctx.organizations if org.id not in kept]
                theirs = todo[1::2] if len(todo) >= 2 else []
                part = pool.submit(_org_pages_of, [org.id for org in theirs]) if theirs else None
                made = org_pages(ctx, todo[0::2] if theirs else todo, form)
                if part is not None:
                    made.update(part.result())
        except (BrokenProcessPool, OSError, pickle.PicklingError) as exc:
            # the second process died (out of memory, killed) or could not start: this one does it all
            log.debug("generation alongside skipped: %s", exc)
            digests, kept = _changes(ctx, form, docs, incremental)
            made = org_pages(ctx, [org for org in ctx.organizations if org.id not in kept], form)
            files = files or site_pages(ctx)
        finally:
            _CONTEXT = None
    groups: dict[str, Group] = {}
    for org_id, own in made.items():
        files.update(own)
        groups[org_id] = (digests[org_id], sorted(own))
    return _Made(files, groups, kept)


def _changes(ctx: SiteContext, form: OrgShared, docs: Path, incremental: bool) -> tuple[dict[str, str], dict[str, Group]]:
    """The digest of each organisation's inputs, and the organisations whose files stay."""
    digests = org_digests(ctx, form)
    return digests, (reusable(docs, digests) if incremental else {})


def _changes_of(docs: Path, incremental: bool) -> tuple[dict[str, str], dict[str, Group]]:
    assert _CONTEXT is not None
    return _changes(*_CONTEXT, docs, incremental)


def _org_pages_of(ids: list[str]) -> dict[str, dict[str, Content]]:
    assert _CONTEXT is not None
    ctx, form = _CONTEXT
    wanted = set(ids)
    return org_pages(ctx, [org for org in ctx.organizations if org.id in wanted], form)


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
    plugin.last_site = site_dir  # unchanged files are linked from the site being replaced
    plugin.site_goes_to = site_dir
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
