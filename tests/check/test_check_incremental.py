"""The incremental check: after a change only the records it can affect are checked across
files again, and the answer is always the one a check without any cache gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.builders.repo import AS_OF, RECORD, RECORD_ID, VILLAGE, Repo, record_text
from ysxt_build.check import integrity
from ysxt_build.check.cache import CHECK_MODULES
from ysxt_build.check.checker import _locate
from ysxt_build.check.integrity import EvidenceHasher, check_integrity
from ysxt_build.check.repository import load_repository
from ysxt_build.cli.main import main
from ysxt_build.devtools.synthetic import generate

FOLDER = "records/activities/2025/qingshan-village"
DIRECTIVE_ID = "2025-qingshan-village-sjbs-01"
DIRECTIVE = f"{FOLDER}/{DIRECTIVE_ID}.yaml"
STUDY = f"{FOLDER}/2025-qingshan-village-cdxx-01.yaml"


def _directive_and_study(repo: Repo) -> None:
    repo.write(DIRECTIVE, record_text(DIRECTIVE_ID, type="directive", date='"2025-03-01"', lead="",
                                      directive="{issuer: 中共XX县委宣传部, applies_to: [qingshan-village]}"))
    repo.write(STUDY, record_text("2025-qingshan-village-cdxx-01", type="directive_study",
                                  date='"2025-04-01"', responds_to=f"[{DIRECTIVE_ID}]"))


def _same_as_without_cache(repo: Repo, *args: str, as_of: str = AS_OF) -> list[dict[str, Any]]:
    """The findings of a cached run, after checking they equal those of a run without cache."""
    cached = repo.check("--format", "json", *args, as_of=as_of)
    fresh = repo.check("--format", "json", "--no-cache", *args, as_of=as_of)
    assert (cached.exit_code, cached.stdout) == (fresh.exit_code, fresh.stdout)
    found: list[dict[str, Any]] = json.loads(cached.stdout)["problems"]
    return found


def _codes(found: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(p["path"], p["code"]) for p in found]


class _Counter:
    """Counts the records checked across files (``IntegrityChecker.record_findings``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        original = integrity.IntegrityChecker.record_findings

        def counting(checker: integrity.IntegrityChecker, rec: Any) -> Any:
            self.paths.append(rec.source)
            return original(checker, rec)

        monkeypatch.setattr(integrity.IntegrityChecker, "record_findings", counting)


def test_an_unrelated_edit_rechecks_only_the_edited_record(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    _directive_and_study(repo)
    other = f"{FOLDER}/2025-qingshan-village-zyyj-02.yaml"
    repo.write(other, record_text("2025-qingshan-village-zyyj-02"))
    assert repo.check().exit_code == 0
    counter = _Counter(monkeypatch)
    repo.replace(other, "title: 意识形态工作专题研究会议", "title: 意识形态工作专题研究会议（修订）")
    assert repo.check().exit_code == 0
    # The edited record, and the one with an evidence file (evidence is looked at every time).
    assert sorted(counter.paths) == sorted([other, RECORD])


def test_an_edit_to_an_organization_rechecks_its_records(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    _directive_and_study(repo)
    assert repo.check().exit_code == 0
    counter = _Counter(monkeypatch)
    repo.replace(VILLAGE, "  - id: m-zhang-wei\n", "  - id: m-zhang-wei-2\n")
    found = _same_as_without_cache(repo)
    assert set(counter.paths) >= {RECORD, STUDY, DIRECTIVE}
    assert ("ref.member" in {p["code"] for p in found if p["path"] == RECORD})
    assert {p["path"] for p in found if p["code"] == "ref.member"} == {RECORD, STUDY}
    repo.replace(VILLAGE, "  - id: m-zhang-wei-2\n", "  - id: m-zhang-wei\n")
    assert _same_as_without_cache(repo) == []


def test_deleting_a_directive_makes_responses_to_it_missing(repo: Repo) -> None:
    _directive_and_study(repo)
    assert _same_as_without_cache(repo) == []
    repo.remove(DIRECTIVE)
    found = _same_as_without_cache(repo)
    assert [(p["path"], p["code"], p["message"]) for p in found] == [
        (STUDY, "ref.record", f"回应的记录“{DIRECTIVE_ID}”不存在")
    ]
    _directive_and_study(repo)
    assert _same_as_without_cache(repo) == []


def test_a_directive_changing_its_scope_or_breaking(repo: Repo) -> None:
    _directive_and_study(repo)
    assert repo.check().exit_code == 0
    repo.replace(DIRECTIVE, "applies_to: [qingshan-village]", "applies_to: [town]")
    # the village may not file a directive for the town; the study no longer answers it
    assert _codes(_same_as_without_cache(repo)) == [(STUDY, "ref.not-applicable"), (DIRECTIVE, "filing.reach")]
    repo.replace(DIRECTIVE, "type: directive", "type: directiv")  # broken: only its own file is reported
    assert {p["path"] for p in _same_as_without_cache(repo)} == {DIRECTIVE}
    repo.replace(DIRECTIVE, "type: directiv", "type: directive")
    repo.replace(DIRECTIVE, "applies_to: [town]", "applies_to: [qingshan-village]")
    assert _same_as_without_cache(repo) == []


def test_a_duplicated_id_appearing_and_disappearing(repo: Repo) -> None:
    assert repo.check().exit_code == 0
    copy = f"{FOLDER}/2025-qingshan-village-zyyj-09.yaml"
    repo.write(copy, record_text(RECORD_ID))
    found = _same_as_without_cache(repo)
    assert _codes(found) == [(copy, "id.duplicate")]  # the copy, not the original
    repo.remove(copy)
    assert _same_as_without_cache(repo) == []
    repo.write(copy, record_text(RECORD_ID))
    assert _codes(_same_as_without_cache(repo)) == [(copy, "id.duplicate")]
    repo.replace(copy, f"id: {RECORD_ID}", "id: 2025-qingshan-village-zyyj-09")
    assert _same_as_without_cache(repo) == []


def test_an_invalid_copy_is_checked_for_its_id_alike_with_and_without_cache(repo: Repo) -> None:
    """A copy with a schema error keeps the checks that need only its id, in both routes."""
    assert repo.check().exit_code == 0
    copy = f"{FOLDER}/copy.yaml"
    repo.write(copy, record_text(RECORD_ID, date='"2025-02-30"'))
    assert _codes(_same_as_without_cache(repo)) == [(copy, "id.duplicate"), (copy, "schema.date")]
    repo.replace(copy, '"2025-02-30"', '"2025-04-01"')
    assert _codes(_same_as_without_cache(repo)) == [(copy, "id.duplicate")]
    repo.replace(copy, '"2025-04-01"', '"2025-02-30"')
    repo.replace(copy, f"id: {RECORD_ID}", "id: 2025-qingshan-village-zyyj-09")
    assert _codes(_same_as_without_cache(repo)) == [(copy, "path.id-mismatch"), (copy, "schema.date")]
    repo.replace(copy, "id: 2025-qingshan-village-zyyj-09", f"id: {RECORD_ID}")  # the original's id again
    assert _codes(_same_as_without_cache(repo)) == [(copy, "id.duplicate"), (copy, "schema.date")]
    repo.remove(copy)
    assert _same_as_without_cache(repo) == []


def test_another_check_date_rechecks_future_dates(repo: Repo) -> None:
    assert repo.check().exit_code == 0
    found = _same_as_without_cache(repo, as_of="2025-03-01")
    assert [(p["path"], p["code"], p["message"]) for p in found] == [
        (RECORD, "date.future", "日期 2025-03-12 晚于检查日期 2025-03-01")
    ]
    assert _same_as_without_cache(repo, as_of=AS_OF) == []
    assert _same_as_without_cache(repo, as_of="2025-03-01") == found


# -- a small synthetic county, several edits ------------------------------------------------

COUNTY_AS_OF = "2026-12-31"


def _age(path: Path) -> None:
    aged = time.time_ns() - 10_000_000_000
    os.utime(path, ns=(aged, aged))


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--repo", str(root), "--as-of", COUNTY_AS_OF, "--format", "json", *args])
    return result.exit_code, result.stdout


def _full_route(root: Path) -> list[tuple[str, int, str, str, str]]:
    """The findings as the status engine's loading would give them, checked across files in full."""
    loaded = load_repository(root, use_cache=False)
    problems = loaded.problems + check_integrity(
        loaded.dataset, date.fromisoformat(COUNTY_AS_OF), EvidenceHasher(root), loaded.broken_ids
    )
    return sorted((p.path, p.line, p.code, p.message, p.severity) for p in _locate(root, problems))


def _compare(root: Path) -> list[dict[str, Any]]:
    cached = _run(root)
    assert cached == _run(root)  # and again, from the whole-result cache
    assert cached == _run(root, "--no-cache")
    found: list[dict[str, Any]] = json.loads(cached[1])["problems"]
    assert sorted((p["path"], p["line"], p["code"], p["message"], p["severity"]) for p in found) == _full_route(root)
    return found


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _age(path)


def test_incremental_output_equals_a_check_without_cache(tmp_path: Path) -> None:
    root = tmp_path / "county"
    generate(root, orgs=6, records=400, seed=2)
    for path in root.rglob("*"):
        if path.is_file():
            _age(path)
    assert _compare(root) == []
    records = sorted((root / "records" / "activities").rglob("*.yaml"))
    texts = {p: p.read_text(encoding="utf-8") for p in records}

    # 1. Delete a record others respond to.
    responses = [p for p, t in texts.items() if "responds_to:" in t]
    target_id = texts[responses[0]].split("responds_to: [", 1)[1].split("]", 1)[0].split(",")[0].strip()
    target = next(p for p in records if p.stem == target_id)
    target.unlink()
    found = _compare(root)
    assert any(p["code"] == "ref.record" and target_id in p["message"] for p in found)

    # 2. A member leaves an organisation: its records naming them are now wrong.
    orgs = sorted((root / "records" / "organizations").glob("*.yaml"))
    org = next(p for p in orgs if p.stem != "town" and "members:" in p.read_text(encoding="utf-8"))
    text = org.read_text(encoding="utf-8")
    member = text.split("  - id: ", 2)[1].split("\n", 1)[0]
    _edit(org, f"  - id: {member}\n", f"  - id: {member}-x\n")
    assert any(p["code"] == "ref.member" for p in _compare(root))

    # 3. A second file with an existing id; 4. a record dated after the check date.
    first, second = [p for p in records if p.exists() and p != target and p not in responses[:1]][:2]
    copy = first.with_name(f"{first.stem}-copy.yaml")
    copy.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    _age(copy)
    date_line = next(line for line in texts[second].splitlines() if line.startswith("date: "))
    _edit(second, date_line, 'date: "2026-12-30"')
    found = _compare(root)
    assert "id.duplicate" in {p["code"] for p in found if p["path"].endswith("-copy.yaml")}
    assert "path.id-mismatch" not in {p["code"] for p in found}  # the copy is told its new id instead

    # 5. Mend everything: the target back, the member back, the copy gone.
    target.write_text(texts[target], encoding="utf-8")
    _age(target)
    _edit(org, f"  - id: {member}-x\n", f"  - id: {member}\n")
    copy.unlink()
    _edit(second, 'date: "2026-12-30"', date_line)
    assert _compare(root) == []


def test_the_cache_key_covers_every_module_the_check_runs() -> None:
    code = (
        "import sys, ysxt_build.check.checker, ysxt_build.check.schema_messages;"
        "print(' '.join(sorted(m + ('.__init__' if hasattr(sys.modules[m], '__path__') else '')"
        " for m in sys.modules if m.startswith('ysxt_build'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    names = {m.removeprefix("ysxt_build.") for m in loaded}
    assert names <= set(CHECK_MODULES)
