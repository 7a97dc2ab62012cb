"""Checks of the evidence files a record names: inside the repository, present, hash right.

:class:`EvidenceHasher` computes the SHA-256 of each file, remembering it between runs by the
file's size, modification time, inode and change time (the fact index stores what it knows).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from ..records import layout
from ..records.files import os_error_zh, sha256_of
from ..records.model import Record
from ..records.problems import Pointer, Problem
from .findings import problem as _p


@dataclass
class EvidenceHasher:
    """SHA-256 of evidence files, remembered between runs by (size, mtime, inode, ctime): a file
    put in place with its old times (``cp -p``, ``rsync -t``, unzip) has a new inode or ctime."""

    root: Path
    known: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def digest(self, rel: str) -> str:
        full = self.root / rel
        stat = full.stat()
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)
        cached = self.known.get(rel)
        if type(cached) is tuple and len(cached) == 5 and cached[:4] == key and type(cached[4]) is str:
            return cached[4]
        value = sha256_of(str(full))
        self.known[rel] = (*key, value)
        return value


def evidence_findings(rec: Record, hasher: EvidenceHasher) -> Iterator[Problem]:
    """Each evidence file of ``rec`` (paper archives are not looked at)."""
    root = hasher.root
    for i, ev in enumerate(rec.evidence):
        if ev.file is None:
            continue
        pointer: Pointer = ("evidence", i, "file")
        pure = PurePosixPath(ev.file)
        if pure.is_absolute() or ".." in pure.parts or ":" in pure.parts[0]:
            yield _p(rec.source, "evidence.outside", f"证明材料路径“{ev.file}”跳出了仓库",
                     f"材料文件须放在仓库内（建议 {layout.EVIDENCE}/年份/组织编号/ 下），路径从仓库根目录写起，不用 ..。",
                     pointer)
            continue
        full = root / ev.file
        try:
            resolved = full.resolve()
            inside = os.path.commonpath([resolved, root.resolve()]) == str(root.resolve())
        except (OSError, ValueError):
            inside = False
        if not inside:
            yield _p(rec.source, "evidence.outside", f"证明材料“{ev.file}”是指向仓库外的链接",
                     "请把材料文件本身放进仓库。", pointer)
            continue
        try:
            is_file = full.is_file()
            actual = hasher.digest(ev.file) if is_file else ""
        except (OSError, ValueError) as exc:  # a name too long, no permission, a NUL in the path
            why = os_error_zh(exc) if isinstance(exc, OSError) else "路径中有不允许的字符"
            yield _p(rec.source, "evidence.unreadable", f"无法读取证明材料“{ev.file}”（{why}）",
                     "请检查文件路径：每段文件名最多 255 字节（约 85 个汉字），文件须能读取。", pointer)
            continue
        if not is_file:
            yield _p(rec.source, "evidence.missing", f"找不到证明材料文件“{ev.file}”",
                     "请把文件加入仓库（git add），并检查路径和大小写。", pointer)
            continue
        if actual != ev.sha256:
            yield _p(rec.source, "evidence.hash", f"证明材料“{ev.file}”的校验值不符",
                     f"文件的实际 sha256 是 {actual}；若文件无误，请把 sha256 改成这个值，否则请换回原文件。",
                     ("evidence", i, "sha256"))
