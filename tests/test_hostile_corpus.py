"""Every command on a repository holding the whole hostile corpus (``tests/corpus/hostile``,
written by ``tests/corpus/make_hostile.py``) and the files made here that Git could not keep:
nothing crashes, hangs or prints a control character; each bad file is an error of the check,
left out of the status and named on the portal's home page; the exports still work.

Commands run in child processes, so that a crash (a segmentation fault) fails a test instead of
the whole run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tests.builders.portal import AS_OF, fixture_repo
from ysxt_build.check.safe_output import one_line
from ysxt_build.records.characters import first_refused

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
FOLDER = "records/activities/2025/hexi-village"


def ysxt(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from ysxt_build.cli.main import main; sys.argv[0] = 'ysxt'; main()"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, encoding="utf-8", errors="replace",
        timeout=600, cwd=cwd, env=env,
    )


def _made_here(repo: Path) -> list[str]:
    """Hostile files that are not kept in Git: too large, or names Git cannot hold everywhere."""
    made = {
        f"{FOLDER}/2025-hexi-village-deep-200k.yaml": b"[" * 200_000,
        f"{FOLDER}/2025-hexi-village-too-large.yaml": b"summary: " + b"x" * (1024 * 1024 + 10) + b"\n",
        f"{FOLDER}/2025-hexi-village-esc\x1b[2J.yaml": b"id: x\n",
        f"{FOLDER}/2025-hexi-village-newline\n::error::x.yaml": b"id: x\n",
        "records/evidence/2025/hexi-village/name\u202egpj.txt": "无\n".encode(),
    }
    for rel, raw in made.items():
        (repo / rel).write_bytes(raw)
    document = docx.Document()
    document.add_paragraph("联系人 139-1234-5678")
    document.save(str(repo / "records/evidence/2025/hexi-village/minutes.docx"))
    names = [*made, "records/evidence/2025/hexi-village/minutes.docx"]
    if hasattr(os, "symlink"):
        os.symlink("/etc/passwd", repo / f"{FOLDER}/2025-hexi-village-link.yaml")
        names.append(f"{FOLDER}/2025-hexi-village-link.yaml")
    return names


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    repo = fixture_repo(tmp_path_factory.mktemp("hostile") / "repo")
    shutil.copytree(CORPUS, repo, dirs_exist_ok=True)
    bad = [rel for rel in (str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file())]
    return repo, sorted(bad + _made_here(repo))


def _printable(text: str) -> bool:
    return all(first_refused(line) is None for line in text.split("\n"))


def test_check_finds_every_bad_file_and_prints_nothing_it_should_not(hostile: tuple[Path, list[str]]) -> None:
    repo, bad = hostile
    text = ysxt("check", "--repo", str(repo), "--as-of", AS_OF.isoformat(), cwd=repo)
    assert text.returncode == 1, text.stderr
    assert text.stderr == ""
    assert _printable(text.stdout)
    found = ysxt("check", "--repo", str(repo), "--as-of", AS_OF.isoformat(), "--format", "json", "--no-cache", cwd=repo)
    assert found.returncode == 1, found.stderr
    problems = json.loads(found.stdout)["problems"]
    errors = {p["path"] for p in problems if p["severity"] == "error"}
    for rel in bad:
        if rel.startswith("records/evidence/") and rel.endswith((".txt", ".csv", ".docx")) and "\u202e" not in rel:
            assert any(p["path"] == rel and p["code"] == "privacy.personal-number" for p in problems), rel
        else:
            assert rel in errors, rel
        assert one_line(rel) in text.stdout
    assert max(len(p["message"]) for p in problems) < 700
    assert max(sum(p["path"] == path for p in problems) for path in errors) <= 51
    assert "13912345678" not in found.stdout and "1234 5678" not in found.stdout


def test_status_leaves_them_out(hostile: tuple[Path, list[str]]) -> None:
    repo, _ = hostile
    for fmt in ("text", "json"):
        done = ysxt("status", "--repo", str(repo), "--as-of", AS_OF.isoformat(), "--format", fmt, cwd=repo)
        assert done.returncode == 0, done.stderr
        assert "没有计入统计" in done.stderr
        assert _printable(done.stdout)
        assert "evil-org" not in done.stdout


def test_the_portal_is_built_with_a_banner(hostile: tuple[Path, list[str]]) -> None:
    repo, _ = hostile
    built = ysxt("build", "--repo", str(repo), "--as-of", AS_OF.isoformat(), cwd=repo)
    assert built.returncode == 0, built.stderr[-3000:]
    home = (repo / "docs" / "index.md").read_text(encoding="utf-8")
    counted = re.search(r'"(\d+) 个文件未计入"', home)
    assert counted is not None and int(counted.group(1)) >= 40
    assert "records/activities/2025/hexi-village/2025-hexi-village-alias-bomb&#46;yaml" in home
    for page in ("orgs/index.md", "records/2025.md", "plan/index.md", "orgs/hexi-village.md"):
        text = (repo / "docs" / page).read_text(encoding="utf-8")
        for left_out in ("evil-org", "deep-plan", "ansi-title", "phone-fullwidth", "id-spaced-x"):
            assert left_out not in text, (page, left_out)
    for generated in (repo / "docs").rglob("*.md"):
        assert _printable(generated.read_text(encoding="utf-8").replace("\t", " ")), generated
    assert (repo / "site" / "orgs" / "hexi-village.html").is_file()


def test_the_exports_still_work(hostile: tuple[Path, list[str]], tmp_path: Path) -> None:
    repo, _ = hostile
    for argv in (
        ["export", "summary", "--period", "2025", "-o", str(tmp_path / "s.xlsx")],
        ["export", "calendar", "-o", str(tmp_path / "c.ics")],
        ["export", "self-inspection", "--org", "hexi-village", "--period", "2025H1", "-o", str(tmp_path / "r.docx")],
    ):
        done = ysxt(*argv, "--repo", str(repo), "--as-of", AS_OF.isoformat(), cwd=tmp_path)
        assert done.returncode == 0, (argv, done.stderr)
