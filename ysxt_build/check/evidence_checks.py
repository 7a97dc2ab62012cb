"""Checks of the evidence files a record names: inside the repository, present, hash right.

:class:`EvidenceHasher` computes the SHA-256 of each file, remembering it between runs by the
file's size and modification time (the fact index stores what it knows).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..records import layout
from ..records.model import Record
from ..records.problems import Pointer, Problem
from .findings import problem as _p


@dataclass
class EvidenceHasher:
    """SHA-256 of evidence files, remembered by (size, mtime) between runs."""

    root: Path
    known: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    def digest(self, rel: str) -> str:
        full = self.root / rel
        stat = full.stat()
        cached = self.known.get(rel)
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            return cached[2]
        h = hashlib.sha256()
        with open(full, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                h.update(chunk)
        value = h.hexdigest()
        self.known[rel] = (stat.st_size, stat.st_mtime_ns, value)
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
        if not full.is_file():
            yield _p(rec.source, "evidence.missing", f"找不到证明材料文件“{ev.file}”",
                     "请把文件加入仓库（git add），并检查路径和大小写。", pointer)
            continue
        actual = hasher.digest(ev.file)
        if actual != ev.sha256:
            yield _p(rec.source, "evidence.hash", f"证明材料“{ev.file}”的校验值不符",
                     f"文件的实际 sha256 是 {actual}；若文件无误，请把 sha256 改成这个值，否则请换回原文件。",
                     ("evidence", i, "sha256"))
