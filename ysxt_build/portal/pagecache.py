"""A content-addressed page cache for the MkDocs build: an accelerator, never a source of truth.

``ysxt build`` and ``ysxt serve`` add :class:`PageCachePlugin` to the configuration they load
(it is not listed in ``mkdocs.yml``: a plain ``mkdocs build``, or a successor that reads
``mkdocs.yml``, builds the same site without it). It makes three things cheaper, each giving
exactly the bytes MkDocs and Material would give:

- converting a page's Markdown: the HTML, table of contents, title, anchors and links of a page
  are reused while its Markdown, its address, the Markdown settings, the versions of the
  libraries and the answer to every link lookup it made are the same (a page whose conversion
  logged anything is never cached, so every warning is given again, and strict mode still fails);
- the search entries of a page (Material's HTML re-parse and jieba segmentation): reused while
  the page's HTML, address, title, table of contents and search settings are the same;
- Chinese word segmentation: each run of Han characters is segmented once per build;
- and, on a build with many pages to convert, the conversion and segmentation run in worker
  processes (``fork``; one per core, at most :data:`MAX_WORKERS`) before MkDocs walks the pages.

Entries live in ``<repo>/.ysxt-cache/pages.sqlite`` (compressed JSON, never pickle), keyed by a
SHA-256 of everything that decides them and of a random key of the machine kept outside the
repository (so a cache file committed to the repository matches nothing); a malformed entry is
dropped with a warning and recomputed. Entries not used by the last two builds are removed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import stat
import sys
import threading
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from ..records.machine_key import cache_folder
from ..records.machine_key import machine_key as _machine_key

log = logging.getLogger("ysxt.portal")
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
_SEARCH_LOG = logging.getLogger("mkdocs.material.search")
CACHED_TEMPLATE = "ysxt-cached-output.html"

FORMAT = 1
MAX_WORKERS = 4
PARALLEL_FROM = 24  # pages to convert before worker processes pay for themselves
ALONGSIDE_FROM = 200_000  # characters of Markdown to convert from which one process converts them alongside
NAME = "ysxt-pagecache"
OUTPUT = "o:"  # keys of whole rendered pages (text)
CONTENT = "c:"  # keys of a page's converted HTML (text)
SEARCH = "s:"  # keys of a page's search entries (text: the entries as the search index writes them)
RENDER = "r:"  # keys of what else a conversion gives (table of contents, title, anchors, links)
_TEXT = (OUTPUT, CONTENT, SEARCH)  # kept as compressed text; the others as compressed JSON
_BIG = (OUTPUT, CONTENT)  # read once a build where needed: not kept in memory


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = [_machine_key(), sys.version.split()[0], str(FORMAT), _module_digest()]
    for dist in ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "jieba", "backrefs"):
        try:
            out.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            out.append(f"{dist}=-")
    return "|".join(out)


def _module_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _fingerprint(value: Any) -> str:
    """A stable text for settings that may hold functions or classes (named, not by address)."""

    def name(o: Any) -> str:
        return f"{getattr(o, '__module__', '')}.{getattr(o, '__qualname__', type(o).__qualname__)}"

    return json.dumps(value, sort_keys=True, default=name, ensure_ascii=False)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        data = p.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class Store:
    """Entries by key in a SQLite file (or only in memory when ``path`` is None)."""

    def __init__(self, path: Optional[Path]) -> None:
        self.path = path
        self.memory: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.used: set[str] = set()
        self._db: Optional[sqlite3.Connection] = None
        self._lock = threading.Lock()

    def _connect(self) -> Optional[sqlite3.Connection]:
        if self.path is None:
            return None
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                ignore = self.path.parent / ".gitignore"
                if not ignore.exists():
                    ignore.write_text("*\n", encoding="utf-8")
                db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, build INTEGER, value BLOB)")
                db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER)")
                self._db = db
            except (OSError, sqlite3.Error) as exc:
                log.warning("页面缓存不可用，本次不使用缓存（%s）：%s", self.path, exc)
                self.path = None
                return None
        return self._db

    def get(self, key: str) -> Any:
        self.used.add(key)
        if key in self.new:
            return _decode(key, self.new[key])
        if key in self.memory:
            return self.memory[key]
        with self._lock:
            db = self._connect()
            if db is None:
                return None
            try:
                row = db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                log.warning("页面缓存读取失败，忽略缓存：%s", exc)
                return None
        if row is None:
            return None
        try:
            value = _decode(key, row[0])
        except (zlib.error, ValueError, UnicodeDecodeError, TypeError):
            log.warning("页面缓存中有一项已损坏，已丢弃并重新生成（%s）", self.path)
            return None
        if not key.startswith(_BIG):
            self.memory[key] = value
        return value

    def touch(self, key: str) -> None:
        """Keep ``key`` as used by this build without reading it."""
        self.used.add(key)

    def has(self, key: str) -> bool:
        """Whether ``key`` is stored (without reading it)."""
        if key in self.new or key in self.memory:
            return True
        with self._lock:
            db = self._connect()
            if db is None:
                return False
            try:
                return db.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None
            except sqlite3.Error:
                return False

    def put(self, key: str, value: Any) -> None:
        """Kept compressed until saved (a county's new entries are hundreds of MB as text); the
        value of a text key (``_TEXT``) must be a ``str``."""
        self.used.add(key)
        data = value if key.startswith(_TEXT) else json.dumps(value, ensure_ascii=False)
        if not isinstance(data, str):
            raise TypeError(f"page cache: {key[:2]} holds text")
        self.new[key] = zlib.compress(data.encode("utf-8", "surrogatepass"), 1)

    def save(self) -> None:
        """Write the new entries; keep only those used by this build and the one before."""
        with self._lock:
            new, self.new = self.new, {}
            used, self.used = self.used, set()
            db = self._connect()
            if db is None:  # only in memory (--no-cache): keep what a next build may reuse
                self.memory = {k: v for k, v in self.memory.items() if k in used}
                self.memory.update((k, _decode(k, v)) for k, v in new.items() if not k.startswith(_BIG))
                return
            try:
                with db:
                    row = db.execute("SELECT value FROM meta WHERE name = 'build'").fetchone()
                    build = (row[0] if row else 0) + 1
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('build', ?)", (build,))
                    db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", ((k, build, v) for k, v in new.items()))
                    db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                    db.execute("DELETE FROM used")
                    db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in used))
                    db.execute("UPDATE entries SET build = ? WHERE key IN (SELECT key FROM used)", (build,))
                    db.execute("DELETE FROM entries WHERE build < ?", (build - 1,))
            except sqlite3.Error as exc:
                log.warning("页面缓存写入失败（下次生成会慢一些）：%s", exc)
            # memory holds what this process may need again (``ysxt serve``): the used entries;
            # the new ones are read back from the file when needed
            self.memory = {k: v for k, v in self.memory.items() if k in used}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _decode(key: str, blob: bytes) -> Any:
    text = zlib.decompress(blob).decode("utf-8", "surrogatepass")
    return text if key.startswith(_TEXT) else json.loads(text)


class _Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PageCachePlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """See the module's documentation. One instance may serve many builds (``ysxt serve``)."""

    def __init__(self, cache_file: Optional[Path] = None, workers: Optional[int] = None) -> None:
        super().__init__()
        self.store = Store(cache_file)
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, MAX_WORKERS)
        self._versions = _versions()
        self._render_ns = ""
        self._search_ns = ""
        self._search_index: Any = None
        self._segments: dict[str, str] = {}
        # jieba's dictionaries, taken from the search plugin's settings by :func:`defer_dictionaries`
        # and loaded only when a text must be segmented (a warm build segments nothing)
        self.dictionaries: dict[str, str] = {}
        self._dictionary_state: Optional[tuple[tuple[str, str, str], ...]] = None
        self._nav: Optional[Navigation] = None
        self._site = ""
        self._outputs: dict[str, str] = {}
        self._output_keys: dict[str, str] = {}
        self._config_events: Optional[dict[str, list[Any]]] = None
        self._templates: dict[str, str] = {}
        self._originals: dict[str, Optional[str]] = {}
        self._env: Any = None
        self._files: Optional[Files] = None
        self._config: Optional[MkDocsConfig] = None
        # the site of the last build: unchanged files are linked from it (see :meth:`_link_from_last`)
        self.last_site: Optional[Path] = None  # where the last build's site is now
        self.site_goes_to: Optional[Path] = None  # where this build's site will be (after the swap)
        self._last: dict[str, list[Any]] = {}  # the last build's files: path in the site → [key, size, mtime, inode, device]
        self._site_keys: dict[str, str] = {}  # this build's files: path in the site → key of what it holds
        self._linked: set[str] = set()  # pages linked from the last build's site
        self._skipped = _SkippedPages(self._linked)
        self._lazy: dict[str, str] = {}  # pages whose HTML is not read yet: the digest of their HTML
        self._lazy_ok = False
        self._converters: dict[str, Callable[[MkDocsConfig, Files], None]] = {}
        self._pending: Optional[tuple[Any, Any, set[str]]] = None  # pages converted alongside: pool, result, pages
        self._render_keys: dict[str, tuple[int, str]] = {}  # page → (its Markdown's length, its conversion's key), by on_nav
        self.stats = {"converted": 0, "reused": 0, "indexed": 0, "index_reused": 0, "parallel": 0, "rendered": 0,
                      "output_reused": 0, "linked": 0}

    # -- configuration ------------------------------------------------------------------------

    @event_priority(-100)  # after the search plugin made its index
    def on_config(self, config: MkDocsConfig) -> Optional[MkDocsConfig]:
        self.stats = dict.fromkeys(self.stats, 0)
        self._config, self._files = config, None
        self._dictionary_state = None  # the files are read again once this build
        self._render_ns = _digest(
            self._versions,
            _fingerprint(config["markdown_extensions"]),
            _fingerprint(config["mdx_configs"]),
            _fingerprint(bool(config["use_directory_urls"])),
            _fingerprint({k: str(v) for k, v in config["validation"]["links"].items()}),
            str(config["docs_dir"]),
        )
        self._search_index = None
        self._lazy, self._converters, self._render_keys = {}, {}, {}
        # a page's HTML may be left unread when no other plugin (or hook) looks at it
        self._lazy_ok = set(config["plugins"].keys()) <= {"search", "material/search", NAME}
        self._config_events = getattr(config["plugins"], "events", None)
        for name, plugin in config["plugins"].items():
            index = getattr(plugin, "search_index", None)
            if name in ("material/search", "search") and index is not None and hasattr(index, "add_entry_from_context"):
                self._wrap_search(plugin, index)
        return config

    def _wrap_search(self, plugin: Any, index: Any) -> None:
        from material.plugins.search import plugin as material_search  # type: ignore[import-untyped]

        self._search_index = index
        dictionaries = []
        for option in ("jieba_dict", "jieba_dict_user"):
            path = self.dictionaries.get(option) or plugin.config.get(option)
            try:
                dictionaries.append(hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else "")
            except OSError:
                dictionaries.append("-")
                _SEARCH_LOG.warning(f"Configuration error for 'search.{option}': '{path}' does not exist.")
        namespace = _digest(self._versions, _fingerprint(dict(plugin.config)), *dictionaries)
        if namespace != self._search_ns:
            self._segments.clear()  # other dictionaries, other words
        self._search_ns = namespace
        original_add: Callable[[Page], None] = index.add_entry_from_context
        jieba = material_search.jieba
        expression = material_search.bre.compile(r"(\p{script: Han}+)", material_search.bre.UNICODE)
        segments = self._segments

        def segment(data: str) -> str:
            # Material's _segment_chinese, with each run of Han characters segmented once
            if self._dictionary_state is None or _JIEBA_LOADED != self._dictionary_state:
                self.load_dictionaries()

            def replace(match: Any) -> str:
                value = match.group(0)
                done = segments.get(value)
                if done is None:
                    done = "".join(["\u200b", "\u200b".join(jieba.cut(value.encode("utf-8"))), "\u200b"])
                    if len(segments) > 500_000:
                        segments.clear()
                    segments[value] = done
                return done

            return str(expression.sub(replace, data).strip("\u200b"))

        def add_entry_from_context(page: Page) -> None:
            key = self._search_key(page)
            cached = self.store.get(key)
            if isinstance(cached, str) and (cached == "" or cached[:1] == "{" and cached[-1:] == "}"):
                if cached:
                    index.entries.append(_Encoded(cached))  # written into the index as it is
                self.stats["index_reused"] += 1
                return
            if self._files is not None and self._config is not None:
                self._ensure_content(page, self._config, self._files)
            before = len(index.entries)
            original_add(page)
            self.store.put(key, ",".join(_encode_entry(e) for e in index.entries[before:]))
            self.stats["indexed"] += 1

        original_generate: Callable[[Any], str] = index.generate_search_index

        def generate_search_index(prev: Any) -> str:
            """Material's index, with each page's entries written as the cache holds them (the
            same bytes: :func:`_splices` checks that Material writes entries that way)."""
            if prev is None and _splices(index, original_generate):
                entries, index.entries = index.entries, []
                try:
                    empty = original_generate(None)
                finally:
                    index.entries = entries
                head = empty[: -len("[]}")]
                return head + "[" + ",".join(e if isinstance(e, _Encoded) else _encode_entry(e) for e in entries) + "]}"
            index.entries = _decoded(index.entries)
            if prev is not None:
                prev.entries = _decoded(prev.entries)
            return original_generate(prev)

        index.generate_search_index = generate_search_index

        if jieba is not None:
            index._segment_chinese = segment
        index.add_entry_from_context = add_entry_from_context

        # For a page whose whole output is reused, the search plugin's page_context event only
        # needs to add the page's (reused) entries: the HTML it then strips of data-search
        # attributes is not rendered again.
        original_context = plugin.on_page_context

        def on_page_context(context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
            if page.file.src_uri in self._outputs and plugin.config.enabled:
                index.add_entry_from_context(page)
                return context
            return original_context(context, page=page, config=config, nav=nav)

        events = self._config_events.get("page_context", []) if self._config_events is not None else []
        for i, method in enumerate(events):
            if method == original_context:
                events[i] = on_page_context

    def defer_dictionaries(self, config: MkDocsConfig) -> None:
        """Take jieba's dictionaries from the search plugin's settings (before its on_config,
        which would load them at once) to load them when first needed, as it would have."""
        self.dictionaries = {}
        for name in ("material/search", "search"):
            search = config.plugins.get(name)
            if search is None or not hasattr(search, "config"):
                continue
            for option in ("jieba_dict", "jieba_dict_user"):
                value = search.config.get(option)
                if value:
                    self.dictionaries[option] = os.path.normpath(str(value))
                    search.config[option] = None

    def load_dictionaries(self) -> None:
        """jieba as a new process with these dictionaries has it: loading a user dictionary a
        second time raises jieba's word total, which changes how it cuts (``ysxt serve`` and
        tests build many times in one process), so a different set starts jieba afresh."""
        global _JIEBA_LOADED
        if self._dictionary_state is None:
            wanted: list[tuple[str, str, str]] = []
            for option, path in sorted(self.dictionaries.items()):
                try:
                    wanted.append((option, path, hashlib.sha256(Path(path).read_bytes()).hexdigest()))
                except OSError:
                    continue
            self._dictionary_state = tuple(wanted)
        state = self._dictionary_state
        if _JIEBA_LOADED == state:
            return
        import jieba  # type: ignore[import-untyped]

        if jieba.dt.initialized:  # holds other words (or words counted twice): read it again
            jieba.dt.initialized = False
        for option, path, _ in state:
            if option == "jieba_dict":
                jieba.set_dictionary(path)
            else:
                jieba.load_userdict(path)
        _JIEBA_LOADED = state

    def _search_key(self, page: Page) -> str:
        meta = page.meta or {}
        toc = _toc_tokens(page.toc)
        return "s:" + _digest(
            self._search_ns, str(page.url), str(page.title),
            _fingerprint({k: meta.get(k) for k in ("search", "tags", "title")}),
            _fingerprint(toc), self._content_digest(page),
        )

    # -- a page's HTML, read only where needed ----------------------------------------------------

    def _content_key(self, digest: str) -> str:
        return CONTENT + _digest(self._render_ns, digest)

    def _content_digest(self, page: Page) -> str:
        """The SHA-256 of the page's HTML (known without reading it while it is not read)."""
        lazy = self._lazy.get(page.file.src_uri)
        if lazy is not None:
            return lazy
        return hashlib.sha256((page.content or "").encode("utf-8", "surrogatepass")).hexdigest()

    def _ensure_content(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Give the page its HTML where it was left unread (see :meth:`_restore`): from the
        cache, or converted again if the cache no longer has it."""
        digest = self._lazy.pop(page.file.src_uri, None)
        if digest is None:
            return
        content = self.store.get(self._content_key(digest))
        if isinstance(content, str) and hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest() == digest:
            page.content = content
            return
        convert = self._converters.get(page.file.src_uri)
        if convert is None:  # pragma: no cover - every page passes through on_pre_page
            raise RuntimeError(f"page cache: no HTML for {page.file.src_uri}")
        convert(config, files)
        page.content = config.plugins.on_page_content(page.content or "", page=page, config=config, files=files)

    # -- conversion -----------------------------------------------------------------------------

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        original = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            self._render(page, original, config, files)

        def convert(config: MkDocsConfig, files: Files) -> None:
            self._render(page, original, config, files, use_cache=False)

        page.render = render  # type: ignore[method-assign]
        self._converters[page.file.src_uri] = convert
        return page

    def _render_key(self, page: Page) -> str:
        known = self._render_keys.pop(page.file.src_uri, None)
        markdown = page.markdown or ""
        if known is None:
            return self._render_key_for(page.file, markdown)
        source, page.file._content = page.file._content, None  # read by now: not kept (the Markdown is)
        if isinstance(source, str) and known[0] == len(markdown):
            found = meta.YAML_RE.match(source)
            if (source[found.end():].lstrip("\n") if found else source) == markdown:  # as on_nav found it
                return known[1]
        return self._render_key_for(page.file, markdown)

    def _render_key_for(self, f: File, markdown: str) -> str:
        return "r:" + _digest(self._render_ns, f.src_uri, f.url, str(_excluded(f)), markdown)

    def _render(
        self, page: Page, original: Callable[[MkDocsConfig, Files], None], config: MkDocsConfig, files: Files,
        use_cache: bool = True,
    ) -> None:
        if self._pending is not None and page.file.src_uri in self._pending[2]:
            self._collect()
        key = self._render_key(page)
        self._lazy.pop(page.file.src_uri, None)
        cached = self.store.get(key) if use_cache else None
        if cached is not None and self._restore(page, cached, files):
            self.stats["reused"] += 1
            return
        lookups: dict[str, Optional[list[Any]]] = {}
        lookup = files.get_file_from_path

        def recording(path: str) -> Optional[File]:
            found = lookup(path)
            lookups[path] = None if found is None else [found.src_uri, found.url, _excluded(found)]
            return found

        captured = _Captured()
        watched = [logging.getLogger(n) for n in ("mkdocs", "MARKDOWN", "markdown")]
        for logger in watched:
            logger.addHandler(captured)
        files.get_file_from_path = recording  # type: ignore[method-assign]
        try:
            original(config, files)
        finally:
            del files.get_file_from_path
            for logger in watched:
                logger.removeHandler(captured)
        self.stats["converted"] += 1
        if captured.count:
            return  # said something: convert again next time, so that it is said again
        links = page.links_to_anchors
        content = page.content or ""
        digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
        self.store.put(self._content_key(digest), content)
        self.store.put(key, {
            "digest": digest,
            "toc": _toc_tokens(page.toc),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
            "lookups": lookups,
        })

    def _restore(self, page: Page, cached: Any, files: Files) -> bool:
        try:
            for path, want in cached["lookups"].items():
                found = files.get_file_from_path(path)
                now = None if found is None else [found.src_uri, found.url, _excluded(found)]
                if now != want:
                    return False
            links = cached["links"]
            restored_links: Optional[dict[File, dict[str, str]]] = None
            if links is not None and _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
                restored_links = {}
                for src, anchors in links.items():
                    target = page.file if src == page.file.src_uri else files.get_file_from_path(src)
                    if target is None:
                        return False
                    restored_links[target] = {str(a): str(u) for a, u in anchors.items()}
            digest, title = cached["digest"], cached["title"]
            if not isinstance(digest, str) or len(digest) != 64 or not (title is None or isinstance(title, str)):
                raise TypeError("digest")
            toc = get_toc(cached["toc"])
            anchors = {str(a) for a in cached["anchors"]}
        except (KeyError, TypeError, AttributeError, ValueError):
            log.warning("页面缓存中有一项已损坏，已丢弃并重新生成（%s）", page.file.src_uri)
            return False
        if self._lazy_ok and not _excluded(page.file):
            # the HTML is read only if the page is rendered or indexed again (:meth:`_ensure_content`)
            page.content = ""
            self._lazy[page.file.src_uri] = digest
            self.store.touch(self._content_key(digest))
        else:
            content = self.store.get(self._content_key(digest))
            if not isinstance(content, str):
                return False
            page.content = content
        page.toc = toc
        page._title_from_render = title
        page.present_anchor_ids = anchors
        if restored_links is not None:
            page.links_to_anchors = restored_links
        return True

    # -- parallel conversion ------------------------------------------------------------------

    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Optional[Navigation]:
        self._nav = nav
        if self.workers < 2 or threading.active_count() > 1 or "fork" not in _start_methods():
            return nav
        todo = []
        for f in files.documentation_pages():
            try:
                source = f.content_string
            except (OSError, ValueError):
                continue
            # the Markdown after the front matter, as meta.get_data cuts it when the front
            # matter is a mapping (the YAML is not parsed here: a page whose front matter is
            # something else only gets converted in a worker needlessly)
            found = meta.YAML_RE.match(source)
            markdown = source[found.end():].lstrip("\n") if found else source
            key = self._render_key_for(f, markdown)
            if f._content is None and f.abs_src_path:  # read once: MkDocs reads the page from here (its path stays)
                self._render_keys[f.src_uri] = (len(markdown), key)
                f._content = source
            if self.store.get(key) is None:
                todo.append((len(markdown), f.src_uri))
        if len(todo) < PARALLEL_FROM:
            if todo and sum(size for size, _ in todo) >= ALONGSIDE_FROM:
                self._prerender_alongside(_larger_half(todo), config, files)
            return nav
        self._prerender(sorted(todo, reverse=True), config, files)
        return nav

    def _prerender_alongside(self, uris: list[str], config: MkDocsConfig, files: Files) -> None:
        """A few pages to convert, and large ones (a year's records): one forked process
        converts and indexes the largest (:func:`_larger_half`; loading jieba if it must) while
        this one restores the other pages and converts the rest itself; the build waits for it
        at the first of its pages (:meth:`_collect`)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _WORKER
        _WORKER = (self, config, files)
        try:
            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self._pending = (pool, pool.submit(_prerender_chunk, uris), set(uris))  # forked here
        except Exception as exc:  # pragma: no cover - converted by the build itself
            log.debug("parallel conversion skipped: %s", exc)
        finally:
            _WORKER = None

    def _collect(self) -> None:
        """The pages converted alongside (:meth:`_prerender_alongside`), into the cache."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        pool, future, _ = pending
        try:
            found = future.result()
            self.store.new.update(found)  # compressed, as put() keeps them
            self.stats["parallel"] += len(found)
        except Exception as exc:  # a worker that fails leaves the work to the build itself
            log.debug("parallel conversion skipped: %s", exc)
        finally:
            pool.shutdown(wait=True)

    def _prerender(self, todo: list[tuple[int, str]], config: MkDocsConfig, files: Files) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if self._search_index is not None:
            try:
                import jieba

                self.load_dictionaries()
                jieba.initialize()  # once, before the workers are forked
            except ImportError:  # pragma: no cover
                pass
        workers = self.workers
        chunks: list[list[str]] = [[] for _ in range(workers * 4)]
        for i, (_, uri) in enumerate(todo):  # largest first, dealt round-robin
            chunks[i % len(chunks)].append(uri)
        global _WORKER
        _WORKER = (self, config, files)
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                for found in pool.map(_prerender_chunk, [c for c in chunks if c]):
                    self.store.new.update(found)  # compressed, as put() keeps them
                    self.stats["parallel"] += len(found)
        except Exception as exc:  # a worker that fails leaves the work to the build itself
            log.debug("parallel conversion skipped: %s", exc)
        finally:
            _WORKER = None
        self.store.used.clear()  # the build itself marks what it uses

    # -- the rendered page ---------------------------------------------------------------------

    @event_priority(-100)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Pages whose whole rendered output is known (same content, navigation, settings and
        theme) are given a template that writes that output as it is."""
        import jinja2

        self._outputs, self._output_keys, self._templates, self._env = {}, {}, {}, env
        self._originals = {}
        self._files = files
        self._read_site_files(config)
        _BUILD_LOG.removeFilter(self._skipped)
        _BUILD_LOG.addFilter(self._skipped)
        others = [m for m in config.plugins.events.get("post_page", []) if getattr(m, "__self__", None) is not self]
        if others or self._nav is None:  # another plugin changes the output after rendering: render every page
            for f in files.documentation_pages():
                if f.page is not None:
                    self._ensure_content(f.page, config, files)
            return env
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({CACHED_TEMPLATE: "{{ ysxt_cached_output }}"}), env.loader])
        if self.store.path is not None and env.bytecode_cache is None:
            # the theme's templates compiled once, not at every build: Jinja keeps them by name
            # and source (same source, same code) in the user's cache folder, outside the repository
            folder = cache_folder() / "templates"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
            except OSError:
                pass
        self._site = _digest(self._versions, _fingerprint(_plain_config(config)), _theme_files(config), _nav_text(self._nav))
        for f in files.documentation_pages():
            page = f.page
            if page is None or page.content is None:
                continue
            key = self._output_key(page)
            self._output_keys[f.src_uri] = key
            if self.store.has(key):  # read when the page is written (a county's pages are 150 MB)
                self._outputs[f.src_uri] = key
                self._originals[f.src_uri] = page.meta.get("template")
                page.meta["template"] = CACHED_TEMPLATE
            else:  # rendered by its template: it needs its HTML
                self._ensure_content(page, config, files)
        self._link_static(config, files)
        return env

    def _restore_meta(self, page: Page) -> None:
        original = self._originals.pop(page.file.src_uri, None)
        if original is None:
            page.meta.pop("template", None)
        else:
            page.meta["template"] = original

    def _output_key(self, page: Page) -> str:
        def neighbour(p: Any) -> Any:
            return None if p is None else [str(p.url), str(p.title)]

        parents = []
        parent = page.parent
        while parent is not None:
            parents.append(str(parent.title))
            parent = parent.parent
        return OUTPUT + _digest(
            self._site, page.file.src_uri, str(page.url), str(page.title), str(page.canonical_url), str(page.edit_url),
            str(page.is_homepage), str(_excluded(page.file)),
            _fingerprint(_plain(page.meta)), _fingerprint(_toc_tokens(page.toc)),
            _fingerprint([neighbour(page.previous_page), neighbour(page.next_page), parents]),
            self._content_digest(page),
        )

    @event_priority(-100)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        key = self._outputs.pop(page.file.src_uri, None)
        if key is not None and self._link_from_last(page.file.dest_uri, key, page.file.abs_dest_path):
            self.store.touch(key)  # kept for a build that cannot link it
            self._linked.add(page.file.src_uri)  # nothing to write (see on_post_page)
            context["ysxt_cached_output"] = ""
            return context
        if key is not None:
            output = self.store.get(key)
            if not isinstance(output, str) and self._env is not None:
                # damaged or gone since it was looked up: render it as MkDocs would have
                if self._files is not None:
                    self._ensure_content(page, config, self._files)
                template = self._originals.get(page.file.src_uri) or "main.html"
                self._templates[page.file.src_uri] = ""
                self._restore_meta(page)
                if self._search_index is not None and page.content:  # what the search plugin skipped
                    import re

                    page.content = re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", page.content)
                output = self._env.get_template(template).render(context)
            context["ysxt_cached_output"] = output
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        key = self._output_keys.get(page.file.src_uri)
        if key is not None:
            self._site_keys[page.file.dest_uri] = key
        if page.file.src_uri in self._linked:  # the file is in the site already: MkDocs writes nothing
            self.stats["output_reused"] += 1
            self.stats["linked"] += 1
            self._restore_meta(page)
            return ""
        if self._templates.get(page.file.src_uri) == "":  # rendered after all (see on_page_context)
            self.store.put(key or "", output)
        elif page.meta.get("template") == CACHED_TEMPLATE:
            self.stats["output_reused"] += 1
            self._restore_meta(page)
        elif key is not None:
            self.store.put(key, output)
            self.stats["rendered"] += 1
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._collect()
        self.store.save()
        _BUILD_LOG.removeFilter(self._skipped)
        self._save_site_files(Path(config["site_dir"]))

    def on_build_error(self, *, error: Exception) -> None:
        self._collect()
        self.store.new.clear()
        self.store.used.clear()
        _BUILD_LOG.removeFilter(self._skipped)
        self._site_keys = {}

    # -- files linked from the last build's site ---------------------------------------------------

    def _site_files_path(self) -> Optional[Path]:
        return None if self.store.path is None else self.store.path.with_name(SITE_FILES)

    def _read_site_files(self, config: MkDocsConfig) -> None:
        """The files of the last build's site, if it is where it was put and this build goes
        into another folder (:attr:`last_site`)."""
        self._last, self._site_keys, self._linked = {}, {}, set()
        self._skipped.pages = self._linked
        path = self._site_files_path()
        if path is None or self.last_site is None:
            return
        try:
            if os.path.abspath(self.last_site) == os.path.abspath(config["site_dir"]):
                return
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("format") != 1 or data.get("site") != os.path.abspath(self.last_site):
            return
        files = data.get("files")
        if isinstance(files, dict):
            self._last = {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, list) and len(v) == 5}

    def _link_from_last(self, rel: str, key: str, target: str) -> bool:
        """Link the last build's file at ``rel`` to ``target`` (in this build's folder) when it
        holds what ``key`` stands for: the last build wrote it for that key, and it is still
        that very file (size, modification time, inode and device as it was written). A hard
        link: nothing is written or copied; each build still has its own folder."""
        self._site_keys[rel] = key
        last = self._last.get(rel)
        if last is None or last[0] != key or self.last_site is None or not _safe_rel(rel):
            return False
        source = os.path.join(self.last_site, *rel.split("/"))
        try:
            st = os.lstat(source)
            if not stat.S_ISREG(st.st_mode) or [st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev] != last[1:]:
                return False
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(source, target)
        except OSError:  # another file system, no hard links, a file in the way: written as usual
            return False
        return True

    def _link_static(self, config: MkDocsConfig, files: Files) -> None:
        """Static files (the theme's, the .ics and data files) unchanged since the last build
        are linked from its site; MkDocs then finds them in place and copies nothing."""
        for f in files:
            if f.is_documentation_page() or not _included(f) or f._content is not None or not f.abs_src_path:
                continue
            try:
                st = os.stat(f.abs_src_path)
            except OSError:
                continue
            key = "f:" + _digest(self._versions, os.path.abspath(f.abs_src_path), str(st.st_size), str(st.st_mtime_ns),
                                 str(st.st_ino), str(st.st_dev))
            if self._link_from_last(f.dest_uri, key, f.abs_dest_path):
                f.abs_src_path = f.abs_dest_path  # MkDocs sees the same file and leaves it (SameFileError)
                self.stats["linked"] += 1

    def _save_site_files(self, site: Path) -> None:
        path = self._site_files_path()
        keys, self._site_keys = self._site_keys, {}
        if path is None or self.site_goes_to is None:
            return
        files: dict[str, list[Any]] = {}
        for rel, key in keys.items():
            try:
                st = os.lstat(os.path.join(site, *rel.split("/")))
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                files[rel] = [key, st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev]
        data = {"format": 1, "site": os.path.abspath(self.site_goes_to), "files": files}
        try:
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # the next build writes every file

    def on_shutdown(self) -> None:
        self._collect()
        self.store.close()


def _larger_half(todo: list[tuple[int, str]]) -> list[str]:
    """The largest of the pages to convert (size, page), up to half of their Markdown: the share
    of a second process, so that neither waits long for the other (a year's records page alone,
    while the build converts the organisation's page itself)."""
    half = sum(size for size, _ in todo) / 2
    share: list[str] = []
    taken = 0
    for size, uri in sorted(todo, reverse=True):
        if taken >= half:
            break
        share.append(uri)
        taken += size
    return share


_WORKER: Optional[tuple[PageCachePlugin, MkDocsConfig, Files]] = None
_JIEBA_LOADED: Optional[tuple[tuple[str, str, str], ...]] = None  # the user dictionaries jieba holds
_INHERITED: list[sqlite3.Connection] = []  # a worker's copy of the parent's connection, never used


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


def _prerender_chunk(uris: list[str]) -> dict[str, Any]:
    """In a forked worker: convert and index these pages as the build would; the new entries."""
    assert _WORKER is not None
    plugin, config, files = _WORKER
    if plugin.store._db is not None:  # SQLite: a connection must not be used across fork; not
        _INHERITED.append(plugin.store._db)  # closed either (that would drop the parent's locks)
        plugin.store._db = None
    plugin.store.new.clear()
    for name in ("mkdocs", "ysxt", ""):  # silent: the build itself says all there is to say
        logger = logging.getLogger(name)
        logger.handlers = [h for h in logger.handlers if isinstance(h, _Captured)]
        logger.propagate = False
    for uri in uris:
        f = files.get_file_from_path(uri)
        if f is None:
            continue
        try:
            page = f.page if f.page is not None else Page(None, f, config)
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown or "", page=page, config=config, files=files)
            page.render(config, files)
            page.content = config.plugins.on_page_content(page.content or "", page=page, config=config, files=files)
            if plugin._search_index is not None:
                plugin._search_index.add_entry_from_context(page)
        except Exception:  # the build converts it again and reports the problem
            continue
    return dict(plugin.store.new)


_BUILD_LOG = logging.getLogger("mkdocs.commands.build")
SITE_FILES = "site-files.json"


class _SkippedPages(logging.Filter):
    """Drops MkDocs' note that a page gave no output, for the pages linked from the last site."""

    def __init__(self, pages: set[str]) -> None:
        super().__init__()
        self.pages = pages

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '") and message.endswith("'. Generated empty output."):
            return message[len("Page skipped: '"):-len("'. Generated empty output.")] not in self.pages
        return True


def _safe_rel(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "" not in parts and "\\" not in rel


class _Encoded(str):
    """Search entries of one page as the index writes them (JSON objects separated by commas)."""


def _encode_entry(entry: Any) -> str:
    return json.dumps(entry, separators=(",", ":"), default=str)


def _decoded(entries: list[Any]) -> list[Any]:
    out: list[Any] = []
    for e in entries:
        if isinstance(e, _Encoded):
            out.extend(json.loads("[" + e + "]"))
        else:
            out.append(e)
    return out


_PROBE = {"location": "a.html#b", "title": "标题\u200b\"<>", "text": "正文 \\ /", "tags": ["x"], "boost": 2}


def _splices(index: Any, generate: Callable[[Any], str]) -> bool:
    """Whether Material writes the index as ``…"docs":[`` entries ``]}`` with each entry as
    :func:`_encode_entry` writes it (checked on a sample entry, for the installed version)."""
    entries, index.entries = index.entries, [dict(_PROBE)]
    try:
        probe = generate(None)
        index.entries = []
        empty = generate(None)
    except Exception:  # pragma: no cover - another version of Material
        return False
    finally:
        index.entries = entries
    return empty.endswith(',"docs":[]}') and probe == empty[: -len("[]}")] + "[" + _encode_entry(_PROBE) + "]}"


def _toc_tokens(toc: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {"level": item.level, "id": item.id, "name": item.title, "children": _toc_tokens(item.children)} for item in toc
    ]


def _plain(value: Any) -> Any:
    """Settings as plain data for a fingerprint (mappings, lists, text and numbers)."""
    from collections.abc import Mapping

    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}:{value}"


_VOLATILE = frozenset({"site_dir", "plugins", "watch", "dev_addr", "config_file_path"})


def _plain_config(config: MkDocsConfig) -> Any:
    out = {k: _plain(config[k]) for k in config.keys() if k not in _VOLATILE and k != "theme"}
    theme = config["theme"]
    out["theme"] = [_plain(dict(theme)), list(theme.dirs), getattr(theme, "name", None)]
    return out


def _theme_files(config: MkDocsConfig) -> str:
    """Size and time of each file of a theme folder that is not an installed package's (a
    ``custom_dir`` of the site): an edited override renders every page again."""
    parts = []
    for folder in config["theme"].dirs:
        if "site-packages" in folder or "dist-packages" in folder:
            continue
        for path in sorted(Path(folder).rglob("*")):
            try:
                st = path.stat()
            except OSError:
                continue
            parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def _nav_text(nav: Navigation) -> str:
    def item(i: Any) -> Any:
        return [type(i).__name__, str(i.title), str(getattr(i, "url", "")), [item(c) for c in (i.children or [])]]

    return _fingerprint([item(i) for i in nav.items])


def _included(f: File) -> bool:
    return bool(f.inclusion.is_included())  # type: ignore[no-untyped-call]


def _excluded(f: File) -> bool:
    return bool(f.inclusion.is_excluded())  # type: ignore[no-untyped-call]
