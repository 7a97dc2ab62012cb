"""Writing the generated pages into ``docs/``, and the built site into its folder, safely.

- Before anything is written or removed, every folder the build writes into (``docs/``, the
  generated folders under it, ``.ysxt-cache/``, the site folder) is checked: none of them, nor a
  folder between them and the repository, may be a symbolic link, and they must lie inside the
  repository (the site folder may be elsewhere when given with ``--site-dir``). Otherwise
  :class:`UnsafeOutput` is raised and nothing is touched.
- Only files whose content changed are written (MkDocs then redoes only what changed), each
  through a new temporary file that replaces the old one (never writing through a link).
- A page generated last time but not this time is removed only when the build can prove it
  wrote that very file: ``.ysxt-cache/generated.json`` (outside ``docs/``, never committed)
  holds, for each file the build wrote, its size, modification time, inode and SHA-256, and
  all four must still match. A list in ``docs/`` (as older versions kept) is never read; any
  other file is left where it is and reported.
- The site is built into a new folder beside the target and swapped in when the build
  succeeded (a failed build leaves the previous site as it was). An existing site folder is
  replaced only when it is empty or carries the marker ``.ysxt-site`` of an earlier build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Union

from ..records.files import keep_out_of_git, new_file_mode
from ..records.files import write_atomic as _write_atomic
from . import paths

LEGACY_MANIFEST = ".ysxt-generated"  # written by older versions; never read
RECORD = "generated.json"
SITE_MARKER = ".ysxt-site"
Content = Union[str, bytes]


class UnsafeOutput(Exception):
    """The build would write or delete through a link or outside the repository (Chinese)."""


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # stale-looking files the build cannot prove it wrote


def _bytes(content: Content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _safe(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "" not in parts and "\\" not in rel


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode) or bool(getattr(os.lstat(path), "st_reparse_tag", 0))
    except OSError:
        return False


def check_folder(root: Path, folder: Path, what: str) -> None:
    """Refuse when ``folder`` or a folder between the repository and it is a link, or it lies
    outside the repository; also when something that is not a folder stands in its place."""
    root = Path(os.path.abspath(root))
    folder = Path(os.path.abspath(folder))
    try:
        rel = folder.relative_to(root)
    except ValueError:
        raise UnsafeOutput(
            f"{what}（{folder}）不在记录仓库 {root} 之内，为防止误删或覆盖仓库以外的文件，没有生成。"
        ) from None
    current = root
    for part in rel.parts:
        current = current / part
        if _is_link(current):
            shown = current.relative_to(root).as_posix()
            raise UnsafeOutput(
                f"{shown} 是一个符号链接（快捷方式），{what}会经过它写到别处，为防止误删仓库中的文件，没有生成。"
                f"请删除这个链接（git rm {shown}），再重新运行。"
            )
        if current.exists() and not current.is_dir():
            shown = current.relative_to(root).as_posix()
            raise UnsafeOutput(f"{shown} 应当是一个文件夹（{what}），现在却是一个文件。请把它改名或删除后再运行。")


def check_outputs(root: Path) -> None:
    """Every folder ``ysxt build`` writes into under the repository (see the module's text)."""
    from ..check.cache import CACHE_DIR

    check_folder(root, root / "docs", "生成的页面（docs/）")
    for d in paths.GENERATED_DIRS + ("guide", paths.ASSETS_DIR):
        check_folder(root, root / "docs" / d, f"生成的页面（docs/{d}/）")
    check_folder(root, root / CACHE_DIR, f"缓存文件夹（{CACHE_DIR}/）")


def _signature(path: Path, data: Optional[bytes] = None) -> Optional[list[Any]]:
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            return None
        if data is None:
            data = path.read_bytes()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino, hashlib.sha256(data).hexdigest()]


def _read_record(file: Path) -> dict[str, list[Any]]:
    return _read_full_record(file)[0]


Group = tuple[str, list[str]]  # (digest of what the files are made from, the files)


def _read_full_record(file: Path) -> tuple[dict[str, list[Any]], dict[str, Group]]:
    """The files of the last build (path → signature) and its groups (see :func:`reusable`)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return {}, {}
    files = {k: v for k, v in data["files"].items() if isinstance(k, str) and isinstance(v, list) and len(v) == 4}
    groups: dict[str, Group] = {}
    found = data.get("groups")
    for key, value in (found.items() if isinstance(found, dict) else ()):
        if (
            isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], list)
            and all(isinstance(rel, str) and rel in files for rel in value[1])
        ):
            groups[key] = (value[0], list(value[1]))
    return files, groups


def reusable(docs: Path, digests: Mapping[str, str], record_file: Optional[Path] = None) -> dict[str, Group]:
    """The groups of generated files (an organisation's page, calendar and data) that need not
    be made again: the last build recorded the same digest of what they are made from
    (``digests``, by group), and each of their files is still the very file it wrote (size,
    modification time, inode and SHA-256 of the content as recorded; not a link)."""
    files, groups = _read_full_record(record_file if record_file is not None else docs.parent / ".ysxt-cache" / RECORD)
    out: dict[str, Group] = {}
    for key, (digest, rels) in groups.items():
        if digests.get(key) != digest:
            continue
        if all(_safe(rel) and rel.split("/")[0] in paths.GENERATED_DIRS and _signature(docs / rel) == files[rel]
               for rel in rels):
            out[key] = (digest, rels)
    return out


def _refuse_links(docs: Path, pages: Mapping[str, Content]) -> None:
    """Refuse, before anything is written, when a page to write (or a folder on its way) is a
    link: writing would replace a committed link such as ``docs/index.md -> ../README.md``."""
    seen: set[str] = set()
    for rel in pages:
        parts = rel.split("/")
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            if sub in seen:
                continue
            seen.add(sub)
            if _is_link(docs / sub):
                shown = f"{docs.name}/{sub}"
                raise UnsafeOutput(
                    f"{shown} 是一个符号链接（快捷方式），生成的页面会把它换成文件，为防止改动仓库中的文件，没有生成。"
                    f"请删除这个链接（git rm {shown}），再重新运行；这个页面由 ysxt build 生成。"
                )


def write_pages(
    docs: Path,
    pages: Mapping[str, Content],
    record_file: Optional[Path] = None,
    groups: Optional[Mapping[str, Group]] = None,
    kept: Optional[Mapping[str, Group]] = None,
) -> WriteResult:
    """Write ``pages`` (path relative to ``docs`` → content) and remove the stale generated files
    the build can prove it wrote (``record_file``: where that proof is kept).

    ``groups``: files of ``pages`` made together from what a digest covers, recorded for the
    next build (:func:`reusable`); ``kept``: groups :func:`reusable` found, whose files stay as
    they are (neither written nor removed).

    The caller checks the folders first (:func:`check_outputs`)."""
    result = WriteResult()
    for rel in pages:
        if not _safe(rel):
            raise ValueError(f"unsafe page path {rel!r}")
    _refuse_links(docs, pages)
    if record_file is None:
        record_file = docs.parent / ".ysxt-cache" / RECORD
    before = _read_record(record_file)
    now: dict[str, list[Any]] = {}
    staying: set[str] = set()
    for _, rels in (kept or {}).values():
        for rel in rels:
            if rel in before and rel not in pages:
                now[rel] = before[rel]  # checked by reusable(): the very file the build wrote
                staying.add(rel)
                result.unchanged += 1
    docs.mkdir(exist_ok=True)
    for rel, content in sorted(pages.items()):
        data = _bytes(content)
        target = docs / rel
        sig = _signature(target)
        if sig is not None and before.get(rel) == sig and sig[0] == len(data) and sig[3] == hashlib.sha256(data).hexdigest():
            result.unchanged += 1  # the very file this build wrote before, with this content
            now[rel] = sig
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if _is_link(target.parent):  # a folder made a link between the check and now
            raise UnsafeOutput(f"{target.parent} 是一个符号链接，没有生成。")
        _write_atomic(target, data)
        result.written.append(rel)
        written = _signature(target, data)
        if written is not None:
            now[rel] = written
    for rel in sorted(set(before) - set(pages) - staying):
        target = docs / rel
        if not _safe(rel):
            continue
        if _signature(target) == before[rel] and not any(_is_link(p) for p in target.parents if docs in p.parents or p == docs):
            target.unlink()
            result.deleted.append(rel)
    # what stays in the generated folders without being generated now
    for d in paths.GENERATED_DIRS:
        folder = docs / d
        if folder.is_dir() and not _is_link(folder):
            for p in sorted(folder.rglob("*")):
                rel = p.relative_to(docs).as_posix()
                if p.is_file() and rel not in pages and rel not in staying and not p.name.startswith("."):
                    result.kept.append(rel)
            for sub in sorted((p for p in folder.rglob("*") if p.is_dir() and not _is_link(p)), reverse=True) + [folder]:
                try:
                    sub.rmdir()  # only an empty folder
                except OSError:
                    pass
    recorded = {k: [d, rels] for k, (d, rels) in (kept or {}).items() if all(rel in now for rel in rels)}
    recorded.update((k, [d, rels]) for k, (d, rels) in (groups or {}).items() if all(rel in now for rel in rels))
    _save_record(record_file, now, recorded)
    return result


def _save_record(file: Path, files: dict[str, list[Any]], groups: Optional[dict[str, list[Any]]] = None) -> None:
    try:
        file.parent.mkdir(exist_ok=True)
        keep_out_of_git(file.parent)
        _write_atomic(file, json.dumps({"format": 1, "files": files, "groups": groups or {}}, sort_keys=True).encode("utf-8"))
    except OSError:
        pass  # without the proof the next build removes nothing: it never guesses


# -- the site folder ---------------------------------------------------------------------------


def check_site_dir(root: Path, site: Path) -> None:
    """The site folder may be replaced: not a link, not a folder holding the repository, empty
    or built by ysxt before (see the module's text)."""
    root_abs, site_abs = Path(os.path.abspath(root)), Path(os.path.abspath(site))
    if site_abs == root_abs or site_abs in root_abs.parents:
        raise UnsafeOutput(f"网站文件夹 {site} 包含记录仓库本身，生成时会删除仓库，没有生成。请换一个文件夹（--site-dir）。")
    if root_abs in site_abs.parents:
        check_folder(root, site_abs, "网站文件夹")
        top = site_abs.relative_to(root_abs).parts[0]
        if top in ("docs", "records", "schema", ".git"):
            raise UnsafeOutput(f"网站文件夹 {site} 在仓库的 {top}/ 之内，没有生成。请换一个文件夹（--site-dir）。")
    elif _is_link(site_abs):
        raise UnsafeOutput(f"网站文件夹 {site} 是一个符号链接，没有生成。请指定一个真实的文件夹（--site-dir）。")
    if site_abs.exists():
        if not site_abs.is_dir():
            raise UnsafeOutput(f"{site} 是一个文件，不是文件夹，没有生成。")
        if any(site_abs.iterdir()) and not (site_abs / SITE_MARKER).is_file():
            raise UnsafeOutput(
                f"网站文件夹 {site} 里已有文件，但不是 ysxt 生成的（没有 {SITE_MARKER} 标记）。为防止误删，没有覆盖它。"
                "请确认其中没有需要的文件后删除这个文件夹，或用 --site-dir 指定一个新的文件夹。"
            )


def new_site_dir(site: Path) -> Path:
    """A new, empty folder beside ``site`` to build into, open to read as a folder made by
    ``mkdir`` would be (it becomes ``site``, which a web server running as another user reads)."""
    parent = Path(os.path.abspath(site)).parent
    parent.mkdir(parents=True, exist_ok=True)
    made = Path(tempfile.mkdtemp(prefix=f".{site.name}.new-", dir=parent))
    if os.name == "posix":
        os.chmod(made, new_file_mode(executable=True))
    return made


def swap_site(built: Path, site: Path) -> None:
    """Put the freshly built folder in place of ``site``; the old one (checked by
    :func:`check_site_dir`) is removed after."""
    (built / SITE_MARKER).write_text("由 ysxt build 生成；再次生成时整个文件夹会被替换。\n", encoding="utf-8")
    site_abs = Path(os.path.abspath(site))
    old: Optional[Path] = None
    if site_abs.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site_abs.parent))
        try:
            os.replace(site_abs, old / "site")
        except OSError:  # a folder in use cannot be renamed (Windows, a web server): its content is replaced
            shutil.rmtree(old, ignore_errors=True)
            _replace_content(built, site_abs)
            return
    os.replace(built, site_abs)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _replace_content(built: Path, site: Path) -> None:
    for entry in list(site.iterdir()):  # the folder was checked: no link, made by ysxt
        if entry.is_dir() and not _is_link(entry):
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in list(built.iterdir()):
        os.replace(entry, site / entry.name)
    built.rmdir()


def discard(built: Path) -> None:
    """A folder made by :func:`new_site_dir` whose build failed."""
    if built.name.startswith(".") and ".new-" in built.name and not _is_link(built):
        shutil.rmtree(built, ignore_errors=True)
