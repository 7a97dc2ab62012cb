"""The synthetic county generator: its output passes ``ysxt check`` and is reproducible."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ysxt_build.cli.main import main
from ysxt_build.devtools.synthetic import RECORD_TYPES, generate
from ysxt_build.devtools.synthetic import main as synthetic_main

AS_OF = "2026-12-31"


def _check(repo: Path) -> str:
    result = CliRunner().invoke(main, ["check", "--repo", str(repo), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return result.output


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".ysxt-cache" not in p.parts
    }


def test_tiny_county_passes_check(tmp_path: Path) -> None:
    summary = generate(tmp_path, orgs=5, records=200, seed=1)
    assert summary.records == 200
    assert summary.organizations == 6  # the town committee and five organisations
    records = list((tmp_path / "records" / "activities").rglob("*.yaml"))
    assert len(records) == 200
    output = _check(tmp_path)
    assert output.rstrip().endswith("没有发现问题。")
    assert f"检查了 {200 + 6 + 2} 个文件" in output  # records, organisations, the plan and its vocabulary


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(first, orgs=5, records=200, seed=7)
    generate(second, orgs=5, records=200, seed=7)
    generate(other, orgs=5, records=200, seed=8)
    files = _files(first)
    assert files == _files(second)
    assert files != _files(other)


def test_every_record_type_and_evidence_file(tmp_path: Path) -> None:
    summary = generate(tmp_path, orgs=30, records=4000, seed=3)
    assert set(summary.by_type) == set(RECORD_TYPES)
    assert summary.evidence_files >= 1
    assert _check(tmp_path).rstrip().endswith("没有发现问题。")


def test_refuses_existing_records_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert synthetic_main([str(tmp_path), "--orgs", "3", "--records", "50"]) == 0
    assert synthetic_main([str(tmp_path), "--orgs", "3", "--records", "50"]) == 2
    assert "--force" in capsys.readouterr().err
    assert synthetic_main([str(tmp_path), "--orgs", "3", "--records", "60", "--force"]) == 0
    assert len(list((tmp_path / "records" / "activities").rglob("*.yaml"))) == 60


def test_directives_from_above_can_be_set(tmp_path: Path) -> None:
    """A county twice the size gets the same directives from above (bench_portal's growth
    figure): their number is set apart from the records'."""
    by_default = generate(tmp_path / "a", orgs=5, records=400, seed=1)
    assert by_default.by_type["directive"] == 2  # one for every two hundred records
    assert synthetic_main([str(tmp_path / "b"), "--orgs", "5", "--records", "400", "--directives", "5"]) == 0
    directives = [p for p in (tmp_path / "b" / "records" / "activities").rglob("*.yaml")
                  if "\ntype: directive\n" in p.read_text(encoding="utf-8")]
    assert len(directives) == 5
    assert _check(tmp_path / "b").rstrip().endswith("没有发现问题。")
