"""The one writer of the program's own files (caches, the portal's generated pages, exports):
whole or not at all, never through a link; a cache folder keeps itself out of Git."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ysxt_build.records.files import keep_out_of_git, write_atomic


def test_a_file_is_replaced_whole_and_no_temporary_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old")
    write_atomic(target, "新".encode("utf-8"))
    assert target.read_bytes() == "新".encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_a_link_in_place_of_the_file_is_replaced_not_written_through(tmp_path: Path) -> None:
    precious = tmp_path / "precious.yaml"
    precious.write_bytes(b"keep me")
    target = tmp_path / "out" / "page.md"
    target.parent.mkdir()
    target.symlink_to(precious)
    write_atomic(target, b"generated")
    assert precious.read_bytes() == b"keep me"
    assert not target.is_symlink() and target.read_bytes() == b"generated"


def test_a_failed_write_leaves_the_old_file_and_nothing_else(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "check.marshal"
    target.write_bytes(b"old")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["check.marshal"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_keep_out_of_git_writes_once_and_never_through_a_link(tmp_path: Path) -> None:
    keep_out_of_git(tmp_path)
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*\n"
    (tmp_path / ".gitignore").write_text("mine\n", encoding="utf-8")
    keep_out_of_git(tmp_path)
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "mine\n"
    other = tmp_path / "other"
    other.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    (other / ".gitignore").symlink_to(elsewhere)  # dangling: would be created through the link
    keep_out_of_git(other)
    assert not elsewhere.exists()


@pytest.mark.skipif(os.name != "posix", reason="file permissions as POSIX has them")
def test_written_files_get_the_permissions_of_an_ordinary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated page, an export or a cache is readable as a file made by open() would be (a
    web server reading site/ runs as another user), keeps the permissions a user gave it, and
    a key is the user's alone."""
    from ysxt_build.records import files

    monkeypatch.setattr(files, "_UMASK", 0o022)
    page = tmp_path / "page.html"
    write_atomic(page, b"one")
    assert stat.S_IMODE(page.stat().st_mode) == 0o644
    page.chmod(0o640)
    write_atomic(page, b"two")
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    monkeypatch.setattr(files, "_UMASK", 0o077)
    write_atomic(tmp_path / "strict.html", b"x")
    assert stat.S_IMODE((tmp_path / "strict.html").stat().st_mode) == 0o600
    monkeypatch.setattr(files, "_UMASK", 0o002)
    write_atomic(tmp_path / "key", b"secret", private=True)
    assert stat.S_IMODE((tmp_path / "key").stat().st_mode) == 0o600
