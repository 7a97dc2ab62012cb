"""A small, valid record repository on disk, for the ``ysxt check`` tests and others.

The repository holds the real plan (copied from ``records/plans/xx-town-2025.yaml``) and its
vocabulary (``records/vocabularies/xx-town.yaml``), the town committee, one village general branch with its leading group, and one valid record with
one evidence file. It passes ``ysxt check`` with exit code 0; each test then breaks one thing.

Tests never read today's date: every run passes ``--as-of`` (``AS_OF`` unless told).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Union

from click.testing import CliRunner, Result

from ysxt_build.cli.main import main

PROJECT = Path(__file__).resolve().parents[2]
PLAN_SOURCE = PROJECT / "records" / "plans" / "xx-town-2025.yaml"
VOCABULARY_SOURCE = PROJECT / "records" / "vocabularies" / "xx-town.yaml"

AS_OF = "2025-12-31"

PLAN = "records/plans/xx-town-2025.yaml"
VOCABULARY = "records/vocabularies/xx-town.yaml"
TOWN = "records/organizations/town.yaml"
VILLAGE = "records/organizations/qingshan-village.yaml"
RECORD_ID = "2025-qingshan-village-zyyj-01"
RECORD = f"records/activities/2025/qingshan-village/{RECORD_ID}.yaml"
EVIDENCE = "records/evidence/2025/qingshan-village/zyyj-01.txt"
EVIDENCE_BYTES = "会议记录（测试用）\n".encode("utf-8")
EVIDENCE_SHA = hashlib.sha256(EVIDENCE_BYTES).hexdigest()

TOWN_TEXT = """\
id: town
name: 中共XX镇委员会
kind: town_committee
category: town
founded: "1984-01-01"
members:
  - id: m-wang-jianguo
    name: 王建国
    role: secretary
    from: "2021-09-01"
  - id: m-li-xiaohong
    name: 李晓红
    role: member_in_charge
    from: "2022-03-15"
"""

VILLAGE_TEXT = """\
id: qingshan-village
name: 青山村党总支
kind: general_branch
category: village
parent: town
founded: "2003-06-01"
members:
  - id: m-zhang-wei
    name: 张伟
    role: secretary
    portfolio: 全面工作
    from: "2021-01-10"
  - id: m-chen-fang
    name: 陈芳
    role: member_in_charge
    portfolio: 宣传、组织
    from: "2021-01-10"
"""

RECORD_TEXT = f"""\
id: {RECORD_ID}
type: special_study
organization: qingshan-village
date: "2025-03-12"
title: 2025年第一次意识形态工作专题研究会议
lead: m-zhang-wei
participants: [m-zhang-wei, m-chen-fang]
attendance: 12
topics: [意识形态工作]
summary: 研究本年度意识形态工作重点，明确村务公开栏的管理责任。
evidence:
  - title: 会议记录
    file: {EVIDENCE}
    sha256: {EVIDENCE_SHA}
"""

Content = Union[str, bytes]


@dataclass
class Repo:
    """A record repository on disk, with helpers to change it and run ``ysxt check``."""

    root: Path
    runner: CliRunner = field(default_factory=CliRunner)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, content: Content) -> Path:
        """Write (or overwrite) ``rel`` with text (UTF-8) or raw bytes; makes folders."""
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
        # Age the file past the cache's racy window (files modified within seconds of a run
        # are not cached), so that cache tests see the cache at work.
        aged = time.time_ns() - 10_000_000_000
        os.utime(target, ns=(aged, aged))
        return target

    def read(self, rel: str) -> str:
        return (self.root / rel).read_bytes().decode("utf-8")

    def replace(self, rel: str, old: str, new: str) -> str:
        """Replace exactly one occurrence of ``old`` in ``rel``; returns the new text."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        changed = text.replace(old, new)
        self.write(rel, changed)
        return changed

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def line_of(self, rel: str, needle: str) -> int:
        """1-based line of the only line of ``rel`` that contains ``needle``."""
        lines = [i for i, line in enumerate(self.read(rel).splitlines(), 1) if needle in line]
        assert len(lines) == 1, f"{needle!r} is on lines {lines} of {rel}"
        return lines[0]

    def check(self, *args: str, as_of: str | None = AS_OF) -> Result:
        argv = ["check", "--repo", str(self.root)]
        if as_of is not None:
            argv += ["--as-of", as_of]
        return self.runner.invoke(main, argv + list(args), catch_exceptions=False)

    def check_json(self, *args: str, as_of: str | None = AS_OF) -> dict[str, Any]:
        result = self.check("--format", "json", *args, as_of=as_of)
        assert result.exit_code in (0, 1), result.output
        payload: dict[str, Any] = json.loads(result.stdout)
        return payload

    def problems(self, *args: str, as_of: str | None = AS_OF) -> list[dict[str, Any]]:
        problems: list[dict[str, Any]] = self.check_json(*args, as_of=as_of)["problems"]
        return problems

    def only_problem(self, *args: str, as_of: str | None = AS_OF) -> dict[str, Any]:
        """The one finding of a run that must find exactly one thing."""
        found = self.problems(*args, as_of=as_of)
        assert len(found) == 1, json.dumps(found, ensure_ascii=False, indent=1)
        return found[0]


def write_minimal_repo(root: Path) -> Repo:
    repo = Repo(root)
    repo.write(PLAN, PLAN_SOURCE.read_bytes())
    repo.write(VOCABULARY, VOCABULARY_SOURCE.read_bytes())
    repo.write(TOWN, TOWN_TEXT)
    repo.write(VILLAGE, VILLAGE_TEXT)
    repo.write(RECORD, RECORD_TEXT)
    repo.write(EVIDENCE, EVIDENCE_BYTES)
    return repo


class NoClock(date):
    """A ``date`` whose today() fails: the check tests must never depend on the clock."""

    @classmethod
    def today(cls) -> "NoClock":
        raise AssertionError("测试读取了今天的日期；请给 ysxt check 传 --as-of")


def record_text(record_id: str, **fields: str) -> str:
    """A valid record of the village with ``fields`` replacing or adding top-level keys.

    Values are YAML text, written as given (``date='"2025-04-01"'``). No evidence.
    """
    base: dict[str, str] = {
        "id": record_id,
        "type": "special_study",
        "organization": "qingshan-village",
        "date": '"2025-04-01"',
        "title": "意识形态工作专题研究会议",
        "lead": "m-zhang-wei",
    }
    base.update(fields)
    return "".join(f"{key}: {value}\n" for key, value in base.items() if value != "")


def copy_record(path: Path, suffix: str) -> Path:
    """A clerk's copy of the record file at ``path`` beside it, its id (and file name) given
    ``suffix`` — the edit both random-edit tests of the portal make."""
    text = path.read_text(encoding="utf-8")
    old = re.search(r"^id: (\S+)$", text, flags=re.M)
    assert old is not None, path
    new = f"{old.group(1)}{suffix}"
    copy = path.parent / f"{new}.yaml"
    copy.write_text(text.replace(f"id: {old.group(1)}", f"id: {new}", 1), encoding="utf-8")
    return copy
