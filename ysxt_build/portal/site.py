"""Writing the generated pages into ``docs/``: only files whose content changed are written
(MkDocs' dev server and the build then redo only what changed), and pages generated last time
but not this time are deleted. The list of generated files is kept in ``docs/.ysxt-generated``
(a dotfile, which MkDocs ignores); hand-written files are never touched."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Union

from . import paths

MANIFEST = ".ysxt-generated"
Content = Union[str, bytes]


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


def _bytes(content: Content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _safe(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "" not in parts


def write_pages(docs: Path, pages: Mapping[str, Content]) -> WriteResult:
    """Write ``pages`` (path relative to ``docs`` → content) and remove stale generated files."""
    result = WriteResult()
    for rel in pages:
        if not _safe(rel):
            raise ValueError(f"unsafe page path {rel!r}")
    for rel, content in sorted(pages.items()):
        data = _bytes(content)
        target = docs / rel
        try:
            if target.read_bytes() == data:
                result.unchanged += 1
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        result.written.append(rel)
    stale = set(_previous(docs)) | set(_strays(docs))
    for rel in sorted(stale - set(pages)):
        target = docs / rel
        if _safe(rel) and target.is_file():
            target.unlink()
            result.deleted.append(rel)
    for d in paths.GENERATED_DIRS:
        folder = docs / d
        if folder.is_dir():
            for sub in sorted(folder.rglob("*"), reverse=True) + [folder]:
                if sub.is_dir() and not any(sub.iterdir()):
                    sub.rmdir()
    manifest = "".join(f"{rel}\n" for rel in sorted(pages))
    man_path = docs / MANIFEST
    if not man_path.is_file() or man_path.read_text(encoding="utf-8") != manifest:
        man_path.write_text(manifest, encoding="utf-8")
    return result


def _previous(docs: Path) -> list[str]:
    try:
        return [line for line in (docs / MANIFEST).read_text(encoding="utf-8").splitlines() if line]
    except OSError:
        return []


def _strays(docs: Path) -> list[str]:
    """Files in the folders that belong wholly to the generator (a lost manifest must not
    leave stale pages behind)."""
    out = []
    for d in paths.GENERATED_DIRS:
        folder = docs / d
        if folder.is_dir():
            out += [p.relative_to(docs).as_posix() for p in folder.rglob("*") if p.is_file()]
    return out
