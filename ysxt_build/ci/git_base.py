"""What a change does compared with a base branch, asked of Git (used by ``check --base``)."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

from ..check.closed_periods import Change, Closure, closed_period_problems
from ..check.checker import check_repository
from ..records import layout, strict_yaml
from ..records.filing import FilingRules, reaches
from ..records.model import Organization
from ..records.vocabulary import Vocabulary
from ..records.files import read_bounded
from ..records.problems import CheckResult


class GitError(Exception):
    """Git is missing, the folder is not a repository, or the base does not exist."""


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8", check=False
        )
    except FileNotFoundError:
        raise GitError("找不到 git 命令，请先安装 Git。") from None
    if done.returncode not in (0, 1) or (done.returncode == 1 and done.stderr.strip()):
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} 失败")
    return done.stdout


def verify_base(root: Path, base: str) -> None:
    message = f"找不到基准分支或提交“{base}”，请检查名称（例如 origin/main），或先 git fetch。"
    try:
        found = _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").strip()
    except GitError:
        raise GitError(message) from None
    if not found:
        raise GitError(message)


def _git_bytes(root: Path, *args: str, stdin: bytes = b"") -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 命令，请先安装 Git。") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} 失败")
    return done.stdout


def _paths(raw: bytes) -> list[str]:
    return [os.fsdecode(p) for p in raw.split(b"\0") if p]


def changes_against(root: Path, base: str) -> list[Change]:
    """Record files added, modified or deleted in the working tree compared with ``base``.

    Paths are read NUL-separated, as Git stores them: a name Git would otherwise quote (Chinese,
    a space, a control character) is compared like any other."""
    changes: list[Change] = []
    out = _paths(_git_bytes(root, "diff", "--name-status", "-z", "--no-renames", base, "--", layout.ACTIVITIES))
    for status, path in zip(out[0::2], out[1::2]):
        changes.append(Change(status[0], path))
    untracked = _git_bytes(root, "ls-files", "-z", "--others", "--exclude-standard", "--", layout.ACTIVITIES)
    changes.extend(Change("A", path) for path in _paths(untracked))
    return changes


def _blobs(root: Path, base: str, folder: str = layout.ACTIVITIES) -> Iterator[tuple[str, bytes]]:
    """(path, content) of every file under ``folder`` (the activities folder) in ``base``."""
    listing = _git_bytes(root, "ls-tree", "-r", "-z", base, "--", folder)
    entries = []
    for item in listing.split(b"\0"):
        head, _, name = item.partition(b"\t")
        fields = head.split()
        if len(fields) == 3 and fields[1] == b"blob":
            entries.append((os.fsdecode(name), fields[2]))
    if not entries:
        return
    out = _git_bytes(root, "cat-file", "--batch", stdin=b"\n".join(oid for _, oid in entries) + b"\n")
    at = 0
    for path, _oid in entries:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3:  # "<oid> missing": no content follows
            at = end + 1
            continue
        size = int(header[2])
        yield path, out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1


# Any spelling of the value ``assessment`` holds the word itself, or a backslash (a YAML escape
# in double quotes), or is not UTF-8 text (UTF-16 or -32, with zero bytes); only such files are
# parsed, all of them, whatever their quoting, flow style, anchors or tags.
def _may_be_assessment(blob: bytes) -> bool:
    return b"assessment" in blob or b"\\" in blob or b"\x00" in blob or blob[:2] in (b"\xff\xfe", b"\xfe\xff")


def _filing_rules_at(root: Path, base: str) -> FilingRules:
    """Who may file what in ``base``: its vocabularies, and its organisations' kinds and parents
    (read as leniently as the closures: a file that cannot be read is left out)."""
    orgs: list[Organization] = []
    for _path, blob in _blobs(root, base, layout.ORGANIZATIONS):
        data = strict_yaml.load_any(blob)
        if isinstance(data, dict) and isinstance(data.get("id"), str) and isinstance(data.get("kind"), str):
            parent, name = data.get("parent"), data.get("name")
            orgs.append(Organization(id=data["id"], name=name if isinstance(name, str) else data["id"], kind=data["kind"],
                                     founded=date.min, parent=parent if isinstance(parent, str) else None))
    vocabularies: list[Vocabulary] = []
    for path, blob in _blobs(root, base, layout.VOCABULARIES):
        data = strict_yaml.load_any(blob)
        try:
            vocabularies.append(Vocabulary.from_data(data, path))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            continue
    return FilingRules(vocabularies, orgs)


def closures_at(root: Path, base: str) -> list[Closure]:
    """The (organisation, year) pairs assessed in ``base``: its assessment records, decided from
    each file's parsed content (never from how it is written). An assessment filed by an
    organisation that may not file one (a branch assessing itself) closes nothing."""
    closures: list[Closure] = []
    rules: Optional[FilingRules] = None
    for path, blob in _blobs(root, base):
        if not _may_be_assessment(blob):
            continue
        data = strict_yaml.load_any(blob)
        if not isinstance(data, dict) or data.get("type") != "assessment":
            continue
        block = data.get("assessment")
        if not isinstance(block, dict) or not isinstance(block.get("target"), str):
            continue
        year = block.get("year")
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year)
        if isinstance(year, int) and not isinstance(year, bool):
            rules = rules or _filing_rules_at(root, base)
            filer = data.get("organization")
            if rules.refusal("assessment", filer if isinstance(filer, str) else "", reaches((), False, [("assessment", block)]),
                             strict=True) is not None:
                continue
            closures.append(Closure(block["target"], year, str(data.get("id", path))))
    return closures


def is_amendment(root: Path, path: str) -> bool:
    try:
        raw, _ = read_bounded(str(root / path), strict_yaml.MAX_BYTES)
        data, _, _ = strict_yaml.load_bytes(raw)
    except (OSError, strict_yaml.StrictYamlError):
        return False
    return isinstance(data, dict) and isinstance(data.get("amends"), dict)


def check_against(root: Path, as_of: date, base: Optional[str], use_cache: bool = True) -> CheckResult:
    """``ysxt check`` as the pipelines run it: every file, and with ``base`` the closed-year lock.

    Raises :class:`GitError` when ``base`` cannot be found.
    """
    if base is not None:
        verify_base(root, base)
    result = check_repository(root, as_of, use_cache=use_cache)
    if base is not None:
        changes = changes_against(root, base)
        added = {c.path: is_amendment(root, c.path) for c in changes if c.status == "A"}
        result.problems.extend(closed_period_problems(changes, closures_at(root, base), added))
    return result


def fork_point(root: Path, base: str) -> str:
    """Where ``base`` and ``HEAD`` meet (in a pipeline: the base itself)."""
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").strip()
    if not commit:
        raise GitError(f"找不到基准分支或提交“{base}”，请检查名称（例如 origin/main），或先 git fetch。")
    try:
        return _git(root, "merge-base", commit, "HEAD").strip() or commit
    except GitError:
        return commit


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def lines_in_diff(root: Path, base: str) -> dict[str, Optional[frozenset[int]]]:
    """The lines a forge shows in the pull request's diff, file by file (paths from the root).

    A line of a hunk of ``git diff`` against the fork point, context included (the forge shows
    it and takes a comment on it); ``None`` for a new file that Git does not track yet (all of
    its lines are new).
    """
    commit = fork_point(root, base)
    out = _git(root, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "-U3", "--relative", commit, "--")
    found: dict[str, set[int]] = {}
    current: Optional[set[int]] = None
    for line in out.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = found.setdefault(target[2:], set()) if target.startswith("b/") else None
        elif current is not None and (hunk := _HUNK.match(line)):
            start, count = int(hunk.group(1)), int(hunk.group(2) if hunk.group(2) is not None else 1)
            current.update(range(start, start + count))
    result: dict[str, Optional[frozenset[int]]] = {path: frozenset(lines) for path, lines in found.items()}
    for path in _git(root, "ls-files", "--others", "--exclude-standard").splitlines():
        result.setdefault(path, None)
    return result
