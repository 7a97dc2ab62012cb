"""The plan vocabulary moved from code into data (issue 15) without changing any status.

Before the change, ``ysxt status --format json`` was saved on the XX镇 demo as of 2026-12-01
(``golden/demo-status-2026-12-01.json``) and on the synthetic county (40 organisations, 3,000
records, seed 1) as of 2026-06-30 (its SHA-256 below: the file is 2 MB), with the code of main
as merged into the branch (main's engine, the old file format). After the migration
of the demo and of the generator to the new format (a vocabulary file, the plan naming it)
both must be the same, entry for entry.

The county's digest was taken again with main's code after issue 13 landed there: it gave the
synthetic county's record ids the guide's short codes (``zxzxx`` for ``zxz`` …), which the
statuses name. Taken with that main (the old format, the ids' codes written in code) and with
the integration (codes from the vocabulary), the digest is the same.

If the demo's records are changed on purpose, regenerate the golden file with
``YSXT_UPDATE_GOLDEN=1 pytest tests/status/test_migration.py`` and review the diff.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ysxt_build.cli.main import main
from ysxt_build.devtools.synthetic import generate

PROJECT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden" / "demo-status-2026-12-01.json"
COUNTY_SHA256 = "36b027ecb1ba335f8bf9ed1ae89a03044ae57b5a1c9f80322d7ba23a19ada4c3"


def _status(repo: Path, as_of: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        main, ["status", "--repo", str(repo), "--as-of", as_of, "--format", "json", "--no-cache"], catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    payload.pop("generator")  # the program's version
    return payload


def _key(e: dict[str, Any]) -> tuple[str, str, str, str, str]:
    return (e["organization"], e["member"] or "", e["obligation"], e["period"], e["trigger"] or "")


def test_demo_status_is_unchanged() -> None:
    now = _status(PROJECT, "2026-12-01")
    if os.environ.get("YSXT_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps({"generator": "ysxt", **now}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.skip("golden status regenerated; review the diff")
    before = json.loads(GOLDEN.read_text(encoding="utf-8"))
    before.pop("generator")
    old = {_key(e): e for e in before["entries"]}
    new = {_key(e): e for e in now["entries"]}
    assert sorted(set(old) ^ set(new)) == []
    changed = [(k, {f: (old[k][f], new[k][f]) for f in old[k] if old[k][f] != new[k][f]}) for k in old if old[k] != new[k]]
    assert changed == []
    assert now == before


def test_synthetic_county_status_is_unchanged(tmp_path: Path) -> None:
    generate(tmp_path, orgs=40, records=3000, seed=1)
    now = _status(tmp_path, "2026-06-30")
    digest = hashlib.sha256(json.dumps(now, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    assert (len(now["entries"]), digest) == (3657, COUNTY_SHA256)
