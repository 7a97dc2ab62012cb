"""The page cache is only an accelerator (issue #16): after random edits of records, hand-written
pages and settings, a build with warm caches gives the same site, byte for byte, as a build
with no cache at all, and as a plain ``mkdocs build --strict`` of the same Markdown (MkDocs and
Material without the project's plugin)."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.builders.portal import AS_OF, fixture_repo
from tests.builders.repo import copy_record
from ysxt_build.cli.portal import build as build_command

MARKER = ".ysxt-site"


def _build(repo: Path, site: Path, *args: str, as_of: str = AS_OF.isoformat()) -> str:
    result = CliRunner().invoke(
        build_command, ["--repo", str(repo), "--as-of", as_of, "--site-dir", str(site), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file() and p.name != MARKER}


def _same(a: Path, b: Path, note: str = "") -> None:
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb), note
    differ = [k for k in fa if fa[k] != fb[k]]
    assert differ == [], f"{differ} {note}"


def _records(repo: Path) -> list[Path]:
    return sorted((repo / "records" / "activities").rglob("*.yaml"))


def _edit(repo: Path, rng: random.Random, step: int) -> str:
    kind = rng.choice(["retitle", "retitle", "copy", "delete", "page", "setting"])
    records = _records(repo)
    if kind == "retitle":
        path = rng.choice(records)
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^title: (.*)$", rf"title: \1（第{step}次修改，专题研究）", text, count=1, flags=re.M),
                        encoding="utf-8")
    elif kind == "copy":
        path = rng.choice(records)
        copy_record(path, f"-c{step}")
    elif kind == "delete":
        candidates = [p for p in records if not re.search(r"^(type: directive|responds_to)", p.read_text(encoding="utf-8"), re.M)]
        rng.choice(candidates).unlink()
    elif kind == "page":
        with (repo / "docs" / "portal.md").open("a", encoding="utf-8") as handle:
            handle.write(f"\n第 {step} 次补充的一段说明：搜索和专题研究。\n")
    else:
        config = repo / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"recent_records: \d+", f"recent_records: {3 + step}", text), encoding="utf-8")
    return kind


def test_cached_builds_equal_clean_builds_after_random_edits(tmp_path: Path) -> None:
    seed = int(os.environ.get("YSXT_TEST_SEED", "0")) or random.randrange(1, 10_000)
    rng = random.Random(seed)
    repo = fixture_repo(tmp_path / "repo")
    cached_site = tmp_path / "cached"
    _build(repo, cached_site)  # fills the caches
    done = []
    for step in range(4):
        done += [_edit(repo, rng, 10 * step + i) for i in range(rng.randint(1, 2))]
        out = _build(repo, cached_site)
        assert "网站已生成" in out
        clean = tmp_path / f"clean-{step}"
        shutil.copytree(repo, clean, ignore=shutil.ignore_patterns(".ysxt-cache", "site", ".site.*"))
        _build(clean, clean / "site", "--no-cache")
        _same(cached_site, clean / "site", f"seed {seed} (YSXT_TEST_SEED={seed} repeats it), edits {done}")
    assert done


def test_a_plain_mkdocs_build_gives_the_same_site(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path / "repo")
    _build(repo, repo / "site")
    _build(repo, repo / "site")  # warm: every page from the cache
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "plain")],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    _same(repo / "site", tmp_path / "plain")


def test_a_damaged_cache_is_dropped_with_a_warning_and_the_site_is_the_same(tmp_path: Path) -> None:
    import sqlite3

    repo = fixture_repo(tmp_path / "repo")
    _build(repo, tmp_path / "first")
    db = sqlite3.connect(repo / ".ysxt-cache" / "pages.sqlite")
    with db:
        db.execute("UPDATE entries SET value = ?", (b"not zlib",))
    db.close()
    _build(repo, tmp_path / "second")
    _same(tmp_path / "first", tmp_path / "second")
    (repo / ".ysxt-cache" / "pages.sqlite").write_bytes(b"not a database at all")
    _build(repo, tmp_path / "third")
    _same(tmp_path / "first", tmp_path / "third")


def test_a_cache_file_from_elsewhere_is_never_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page cache made on another machine (or committed to the repository with its HTML
    changed) matches nothing here: every key holds a random key kept outside the repository."""
    import sqlite3
    import zlib

    repo = fixture_repo(tmp_path / "repo")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    _build(repo, tmp_path / "first")
    db = sqlite3.connect(repo / ".ysxt-cache" / "pages.sqlite")
    with db:  # an attacker's HTML under every key the other machine used
        for key, blob in db.execute("SELECT key, value FROM entries").fetchall():
            text = zlib.decompress(blob).decode("utf-8").replace("专题", "<script>alert(1)</script>")
            db.execute("UPDATE entries SET value = ? WHERE key = ?", (zlib.compress(text.encode("utf-8")), key))
    db.close()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "here"))
    _build(repo, tmp_path / "second")
    for page in (tmp_path / "second").rglob("*.html"):
        assert "<script>alert(1)</script>" not in page.read_text(encoding="utf-8"), page
    _same(tmp_path / "first", tmp_path / "second")


def test_unchanged_files_are_linked_from_the_last_site_and_changed_ones_written(tmp_path: Path) -> None:
    """A warm build hard-links the files it would write the same from the site it replaces (the
    same inode: nothing written), writes the changed page anew, and gives the clean build's site."""
    repo = fixture_repo(tmp_path / "repo")
    site = tmp_path / "site"
    _build(repo, site)
    _build(repo, site)  # every output in the cache now
    inodes = {rel: (site / rel).stat().st_ino for rel in _files(site)}
    record = repo / "records" / "activities" / "2025" / "hexi-village" / "2025-hexi-village-xss-01.yaml"
    record.write_text(re.sub(r"^title: (.*)$", r"title: \1（改）", record.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    _build(repo, site)
    now = {rel: (site / rel).stat().st_ino for rel in _files(site)}
    kept = {rel for rel in now if inodes.get(rel) == now[rel]}
    assert "orgs/hexi-village.html" not in kept  # its record's title changed
    assert {"orgs/town.html", "obligations.html", "assets/ysxt.css", "orgs/hexi-village.ics"} <= kept
    clean = tmp_path / "clean"
    shutil.copytree(repo, clean, ignore=shutil.ignore_patterns(".ysxt-cache", "site", ".site.*"))
    _build(clean, clean / "site", "--no-cache")
    _same(site, clean / "site")


def test_a_file_changed_in_the_published_site_is_written_again(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path / "repo")
    site = tmp_path / "site"
    _build(repo, site)
    _build(repo, site)
    expected = _files(site)
    page = site / "orgs" / "town.html"
    page.write_bytes(page.read_bytes().replace("镇党委".encode(), "村党委".encode()))
    (site / "assets" / "ysxt.css").write_text("body { display: none }", encoding="utf-8")
    _build(repo, site)
    assert _files(site) == expected


def test_a_site_built_elsewhere_links_nothing_and_is_the_same(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path / "repo")
    _build(repo, tmp_path / "one")
    _build(repo, tmp_path / "two")  # the last site is elsewhere: every file written
    one = {p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file()}
    assert all((tmp_path / "one" / rel).stat().st_ino != (tmp_path / "two" / rel).stat().st_ino for rel in one
               if (tmp_path / "two" / rel).exists())
    _same(tmp_path / "one", tmp_path / "two")


def test_entries_linked_or_left_unread_stay_in_the_cache(tmp_path: Path) -> None:
    """Entries no build used for two builds are removed: a page linked from the last site (its
    output not read) or whose HTML was not needed still counts as used, so that a build that
    cannot link (another site folder) finds every page's output in the cache."""
    import sqlite3

    repo = fixture_repo(tmp_path / "repo")
    site = tmp_path / "site"
    for _ in range(3):  # the third build removes what the first two did not use
        _build(repo, site)
    pages = sum(1 for rel in _files(site) if rel.endswith(".html") and rel != "404.html")
    db = sqlite3.connect(repo / ".ysxt-cache" / "pages.sqlite")
    try:
        counts = {kind: db.execute("SELECT count(*) FROM entries WHERE key LIKE ?", (f"{kind}:%",)).fetchone()[0]
                  for kind in ("o", "c", "r")}
    finally:
        db.close()
    assert counts == {"o": pages, "c": pages, "r": pages}, counts


def test_pages_converted_alongside_give_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A few large pages to convert (a year's records after a title changed) are converted by a
    forked process while the build restores the others: the site is the clean build's."""
    from ysxt_build.portal import pagecache

    calls: list[list[str]] = []
    original = pagecache.PageCachePlugin._prerender_alongside

    def spy(self: pagecache.PageCachePlugin, uris: list[str], *args: object) -> None:
        calls.append(uris)
        original(self, uris, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pagecache, "ALONGSIDE_FROM", 0)
    monkeypatch.setattr(pagecache.PageCachePlugin, "_prerender_alongside", spy)
    repo = fixture_repo(tmp_path / "repo")
    site = tmp_path / "site"
    _build(repo, site)
    record = repo / "records" / "activities" / "2025" / "hexi-village" / "2025-hexi-village-xss-01.yaml"
    record.write_text(re.sub(r"^title: (.*)$", r"title: \1（专题研究）", record.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    _build(repo, site)
    assert calls and calls[-1], calls  # the larger of the changed pages went to the second process
    clean = tmp_path / "clean"
    shutil.copytree(repo, clean, ignore=shutil.ignore_patterns(".ysxt-cache", "site", ".site.*"))
    _build(clean, clean / "site", "--no-cache")
    _same(site, clean / "site")


def test_the_second_process_takes_the_larger_pages_up_to_half() -> None:
    from ysxt_build.portal.pagecache import _larger_half

    assert _larger_half([(100_000, "orgs/a.md"), (700_000, "records/2023.md")]) == ["records/2023.md"]
    assert _larger_half([(300, "b.md"), (300, "a.md"), (300, "c.md")]) == ["c.md", "b.md"]
    assert _larger_half([(5, "only.md")]) == ["only.md"]
