"""The build never deletes or writes outside what it generated (issue #11.1): a committed link
in place of a generated folder, the site folder or the cache folder is refused with a Chinese
message and exit code 2, before anything is touched; a list of files a user can edit (the old
``docs/.ysxt-generated``, or a forged proof in ``.ysxt-cache``) never makes the build delete a
hand-written page; a site folder the build did not make is never emptied."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.builders.portal import AS_OF, build, fixture_repo
from ysxt_build.cli.portal import build as build_command

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")


def _run(repo: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_command, ["--repo", str(repo), "--as-of", AS_OF.isoformat(), *args])
    return result.exit_code, result.output


def _everything(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_symlink()}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = fixture_repo(tmp_path / "repo")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("folder", ["docs/records", "docs/orgs", "docs/plan", "docs/guide", "docs/assets", "docs"])
def test_a_generated_folder_that_is_a_link_to_the_repository_is_refused(repo: Path, folder: str) -> None:
    target = repo / folder
    if target.exists():
        shutil.move(str(target), str(repo.parent / "moved"))
    target.symlink_to(os.path.relpath(repo, target.parent), target_is_directory=True)
    before = _everything(repo)
    code, out = _run(repo)
    assert code == 2, out
    assert f"{folder} 是一个符号链接" in out and "没有生成" in out and "git rm" in out
    assert _everything(repo) == before  # nothing written, nothing deleted
    assert (repo / ".git" / "HEAD").is_file() and (repo / "records").is_dir()


def test_a_generated_folder_behind_a_link_outside_the_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.md").write_text("别删我", encoding="utf-8")
    (repo / "docs" / "orgs").symlink_to(outside, target_is_directory=True)
    code, out = _run(repo, "--markdown-only")
    assert code == 2 and "docs/orgs 是一个符号链接" in out
    assert [p.name for p in outside.iterdir()] == ["precious.md"]


def test_a_site_folder_that_is_a_link_to_the_repository_is_refused(repo: Path) -> None:
    (repo / "site").symlink_to(".", target_is_directory=True)
    before = _everything(repo)
    code, out = _run(repo)
    assert code == 2, out
    assert "site 是一个符号链接" in out
    assert _everything(repo) == before  # refused before anything was written
    assert (repo / ".git" / "HEAD").is_file() and (repo / "records").is_dir() and (repo / "mkdocs.yml").is_file()


@pytest.mark.parametrize("site", ["..", "."])
def test_a_site_folder_holding_the_repository_is_refused(repo: Path, site: str) -> None:
    code, out = _run(repo, "--site-dir", str(repo / site))
    assert code == 2 and "包含记录仓库本身" in out
    assert (repo / ".git" / "HEAD").is_file() and (repo / "records").is_dir()


def test_the_cache_folder_as_a_link_is_refused(repo: Path, tmp_path: Path) -> None:
    (repo / ".ysxt-cache").symlink_to(tmp_path, target_is_directory=True)
    code, out = _run(repo, "--markdown-only")
    assert code == 2 and ".ysxt-cache 是一个符号链接" in out


def test_a_force_added_manifest_listing_hand_written_pages_deletes_nothing(repo: Path) -> None:
    hand = ["guide/index.md", "portal.md", "developers.md", "guide/rules.md"]
    build(repo, "--markdown-only")
    (repo / "docs" / ".ysxt-generated").write_text("".join(f"{h}\n" for h in hand) + "orgs/hexi-village.md\n", encoding="utf-8")
    build(repo, "--markdown-only")
    for h in hand:
        assert (repo / "docs" / h).is_file(), h


def test_a_forged_proof_in_the_cache_deletes_nothing(repo: Path) -> None:
    """The proof holds size, time, inode and hash of the file the build wrote: a copy of the
    same bytes (a checkout, ``cp -p``) is not that file."""
    import hashlib

    build(repo, "--markdown-only")
    record = repo / ".ysxt-cache" / "generated.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    page = repo / "docs" / "guide" / "index.md"
    st = page.stat()
    data["files"]["guide/index.md"] = [st.st_size, st.st_mtime_ns, st.st_ino + 1, hashlib.sha256(page.read_bytes()).hexdigest()]
    record.write_text(json.dumps(data), encoding="utf-8")
    build(repo, "--markdown-only")
    assert page.is_file()


def test_stale_pages_the_build_wrote_are_removed(repo: Path) -> None:
    build(repo, "--markdown-only")
    assert (repo / "docs/orgs/hexi-school.md").is_file()
    for p in (repo / "records/activities").rglob("hexi-school"):
        shutil.rmtree(p)
    (repo / "records/organizations/hexi-school.yaml").unlink()
    build(repo, "--markdown-only")
    assert not (repo / "docs/orgs/hexi-school.md").exists()


def test_a_site_folder_the_build_did_not_make_is_left_alone(repo: Path) -> None:
    (repo / "site").mkdir()
    (repo / "site" / "notes.txt").write_text("手写的笔记", encoding="utf-8")
    code, out = _run(repo)
    assert code == 2 and "不是 ysxt 生成的" in out
    assert (repo / "site" / "notes.txt").read_text(encoding="utf-8") == "手写的笔记"


def test_the_site_is_swapped_in_whole_and_rebuilt_in_place(repo: Path) -> None:
    build(repo)
    assert (repo / "site" / ".ysxt-site").is_file() and (repo / "site" / "index.html").is_file()
    (repo / "site" / "old.html").write_text("旧", encoding="utf-8")
    build(repo)
    assert not (repo / "site" / "old.html").exists() and (repo / "site" / "index.html").is_file()
    assert not [p for p in repo.iterdir() if p.name.startswith(".site.")]  # no temporary folder left


def test_a_failed_build_keeps_the_previous_site(repo: Path) -> None:
    build(repo)
    (repo / "docs" / "portal.md").write_text("# 门户\n\n[坏链接](nowhere.md)\n", encoding="utf-8")
    code, out = _run(repo)
    assert code == 1, out
    assert "个警告，网站没有生成" in out and "严格模式下有" in out  # in Chinese
    assert (repo / "site" / "index.html").is_file()
    assert not [p for p in repo.iterdir() if p.name.startswith(".site.")]


def test_a_site_folder_that_cannot_be_renamed_gets_its_content_replaced(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows will not rename a folder a web server has open: the build then replaces its content."""
    build(repo)
    (repo / "site" / "old.html").write_text("旧", encoding="utf-8")
    real = os.replace

    def refuse_the_site(src: object, dst: object) -> None:
        if Path(str(src)) == repo / "site":
            raise PermissionError(13, "in use")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refuse_the_site)
    build(repo)
    assert (repo / "site" / "index.html").is_file() and (repo / "site" / ".ysxt-site").is_file()
    assert not (repo / "site" / "old.html").exists()
    assert not [p for p in repo.iterdir() if p.name.startswith(".site.")]


@pytest.mark.parametrize("page", ["index.md", "orgs/hexi-school.md"])
def test_a_file_link_at_a_generated_page_is_refused_not_replaced(repo: Path, page: str) -> None:
    """A committed ``docs/index.md -> ../README.md`` (a link to a file) is not silently turned
    into a file (Git would show a type change): refused like a linked folder, before anything
    is written, and ``ysxt check`` names it too."""
    from tests.builders.repo import Repo

    (repo / "README.md").write_text("# 说明\n", encoding="utf-8")
    link = repo / "docs" / page
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(os.path.relpath(repo / "README.md", link.parent))
    before = _everything(repo)
    code, out = _run(repo, "--markdown-only")
    assert code == 2, out
    assert f"docs/{page} 是一个符号链接" in out and f"git rm docs/{page}" in out and "没有生成" in out
    assert link.is_symlink() and (repo / "README.md").read_text(encoding="utf-8") == "# 说明\n"
    # no page written (the check's cache, an accelerator outside docs/, may be)
    assert {p for p in _everything(repo) if not p.startswith(".ysxt-cache")} == before
    found = Repo(repo).problems(as_of=AS_OF.isoformat())
    assert [(p["path"], p["code"]) for p in found if p["code"] == "layout.symlink"] == [(f"docs/{page}", "layout.symlink")]


@pytest.mark.skipif(os.name != "posix", reason="file permissions as POSIX has them")
def test_the_site_is_readable_by_the_web_server(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """site/ is built in a private temporary folder, then put in place: it must end up open to
    read like any folder made by mkdir (nginx runs as another user), and its pages likewise."""
    from ysxt_build.records import files

    monkeypatch.setattr(files, "_UMASK", 0o022)
    code, output = _run(repo)
    assert code == 0, output
    site = repo / "site"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    for page in (site / "index.html", next((site / "orgs").glob("*.html"))):
        assert stat.S_IMODE(page.stat().st_mode) & 0o044 == 0o044, page
    generated = repo / "docs" / "index.md"
    assert stat.S_IMODE(generated.stat().st_mode) == 0o644
