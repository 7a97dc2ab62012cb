"""A random key of this machine, kept outside the repository, mixed into the keys of the
portal's caches (the page cache, the digests of the generated pages): a cache file committed to
the repository (``git add -f``), or copied from another machine, can never match here."""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path:
    """The user's cache folder for ysxt (outside any repository)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or str(Path.home() / ".cache")
    return Path(base) / "ysxt"


def machine_key() -> str:
    """A random key kept outside the repository (the user's cache folder), mixed into every
    cache key: a cache file committed to the repository (``git add -f``), which CI would
    otherwise trust, can never match, so it cannot put HTML of its own into the site. Where no
    such folder can be written, a key for this process only (the cache then lasts one process)."""
    path = cache_folder() / "page-cache-key"
    try:
        key = path.read_text(encoding="ascii").strip()
        if len(key) == 64:
            return key
    except (OSError, ValueError):
        pass
    key = os.urandom(32).hex()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(key, encoding="ascii")
        os.replace(tmp, path)
        return path.read_text(encoding="ascii").strip()  # whoever wrote last, both use it
    except (OSError, ValueError):
        return key
