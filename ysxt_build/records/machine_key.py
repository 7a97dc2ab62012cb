"""A random key of this machine, kept outside every repository, that the caches are sealed with.

Whatever lies in a repository's ``.ysxt-cache/`` may have been committed, copied or unpacked by
anyone. The check's caches trust a file only under a MAC made with this key, verified before a
byte of it is decoded; the page cache mixes it into its keys. It lives in the user's cache
folder (``$XDG_CACHE_HOME``, ``%LOCALAPPDATA%`` or ``~/.cache``, then ``ysxt/machine-key``), never
in a repository. Where that folder cannot be written, the key is one for this process only (the
caches then last one process: slower, never wrong).
"""

from __future__ import annotations

import os
from pathlib import Path

from .files import write_atomic

_KEYS: dict[str, str] = {}  # by file: read once a process


def cache_folder() -> Path:
    """The user's cache folder for ysxt, outside every repository (the key, compiled templates)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or str(Path.home() / ".cache")
    return Path(base) / "ysxt"


def key_file() -> Path:
    return cache_folder() / "machine-key"


def machine_key() -> str:
    """64 hexadecimal digits (32 random bytes), the same for every process of this user."""
    path = key_file()
    known = _KEYS.get(str(path))
    if known is not None:
        return known
    key = _read(path)
    if key is None:
        key = os.urandom(32).hex()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, key.encode("ascii"), private=True)  # readable by this user only
            key = _read(path) or key  # whoever wrote last, every process uses it
        except OSError:
            pass
    _KEYS[str(path)] = key
    return key


def _read(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    return text if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else None
