"""The privacy scan of text evidence files: ``.txt``, ``.md``, ``.csv`` and the text of ``.docx``.

Each file is read once and its findings kept with the file's size, modification time, inode and
change time (any of which a different content would change, even after ``cp -p``), so that a run
reads only the files changed since the last one. Reading is bounded: the first
:data:`MAX_TEXT_BYTES` of a text file; a Word file whose parts unpack to more than
:data:`MAX_DOCX_BYTES` (a "zip bomb") is not opened, and says so.
"""

from __future__ import annotations

import zipfile
from typing import Any, Iterator

from ..records.layout import SourceFile
from ..records.problems import Problem
from . import privacy
from .cache import problem_from_tuple, problem_to_tuple

MAX_TEXT_BYTES = 8 * 1024 * 1024
MAX_DOCX_BYTES = 64 * 1024 * 1024

Stat = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Windows Notepad and WPS save GBK by default
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _paragraphs(path: str) -> Iterator[str]:
    """The text of every paragraph of a Word file: the body (tables and text boxes included),
    then the headers and footers."""
    import docx  # python-docx: only when there is a Word file to read
    from docx.oxml.ns import qn

    document = docx.Document(path)
    parts: list[Any] = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    paragraph, text_run = qn("w:p"), qn("w:t")
    for element in parts:
        for p in element.iter(paragraph):
            yield "".join(t.text or "" for t in p.iter(text_run))


def _too_big_docx(path: str) -> bool:
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist()) > MAX_DOCX_BYTES


def _not_scanned(path: str, why: str) -> Problem:
    return Problem(
        path,
        "privacy.not-scanned",
        f"没有检查这个材料中是否有个人信息：{why}",
        "请确认文件中没有群众的身份证号或手机号码；能改成较小的文件（例如只保留文字）更好。",
        severity="warning",
    )


def scan_file(root: str, path: str) -> list[Problem]:
    """The findings of one evidence file."""
    full = f"{root}/{path}"
    try:
        if path.endswith(".docx"):
            if _too_big_docx(full):
                return [_not_scanned(path, f"解压后超过 {MAX_DOCX_BYTES // (1024 * 1024)} MB")]
            return privacy.paragraph_problems(path, _paragraphs(full))
        with open(full, "rb") as handle:
            raw = handle.read(MAX_TEXT_BYTES)
        return privacy.text_problems(path, _decode(raw))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        # Not a Word file after all (renamed), damaged, or gone since the walk.
        return [_not_scanned(path, f"无法读取（{type(exc).__name__}）")]
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise their own kinds
        return [_not_scanned(path, f"无法读取（{type(exc).__name__}）")]


def scan(
    root: str, files: list[SourceFile], known: dict[str, Any], racy_ns: int
) -> tuple[list[Problem], dict[str, tuple[Stat, tuple[tuple[Any, ...], ...]]]]:
    """The findings of every text evidence file, and what to remember for the next run:
    path → (stat, findings as tuples). ``known`` is what the last run remembered (any shape: an
    entry that does not fit is read again). A file changed at ``racy_ns`` or later may change
    again unseen within the same clock tick: it is not remembered."""

    found: list[Problem] = []
    remembered: dict[str, tuple[Stat, tuple[tuple[Any, ...], ...]]] = {}
    for f in files:
        stat: Stat = (f.size, f.mtime_ns, f.inode, f.ctime_ns)
        entry = known.get(f.path)
        rows = None
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stat and f.size >= 0:
            try:
                problems = [problem_from_tuple(f.path, t) for t in entry[1]]
                rows = entry[1]
            except (TypeError, IndexError):
                rows = None
        if rows is None:
            problems = scan_file(root, f.path)
            rows = tuple(problem_to_tuple(p) for p in problems)
        found += problems
        if f.size >= 0 and f.mtime_ns < racy_ns:
            remembered[f.path] = (stat, rows)
    return found, remembered

