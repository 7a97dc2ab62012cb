"""``ysxt check`` flags every link (symlink) under records/, docs/ and schema/: a committed link
such as ``docs/records -> ..`` lets a build reach outside what it generates."""

from __future__ import annotations

import os

import pytest

from tests.builders.repo import Repo

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("docs/records", ".."),
        ("docs/orgs", "/"),
        ("docs/guide/index.md", "../../records/organizations/town.yaml"),
        ("docs/assets/deep/x", "/etc/passwd"),
        ("schema/common.schema.json", "/dev/zero"),
        ("records/evidence/2025/qingshan-village/scan.pdf", "/etc/shadow"),
        ("records/activities/2025/qingshan-village", "../../../docs"),
        ("records/.hidden", ".."),
        ("records/organizations/dangling.yaml", "nowhere.yaml"),
    ],
)
def test_a_link_anywhere_is_an_error_naming_it(repo: Repo, link: str, target: str) -> None:
    path = repo.path(link)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        for child in sorted(path.rglob("*"), reverse=True):
            child.unlink() if child.is_file() else child.rmdir()
        path.rmdir()
    os.symlink(target, path)
    found = [p for p in repo.problems() if p["code"] == "layout.symlink"]
    assert [p["path"] for p in found] == [link]
    assert found[0]["severity"] == "error"
    assert found[0]["message"].startswith("这是一个链接（symlink，指向“")
    assert "git rm" in found[0]["hint"]
    assert repo.check().exit_code == 1


@pytest.mark.parametrize("folder", ["docs", "schema", "records/plans"])
def test_a_folder_that_is_a_link(repo: Repo, folder: str, tmp_path: os.PathLike[str]) -> None:
    elsewhere = repo.root.parent / f"elsewhere-{folder.replace('/', '-')}"
    elsewhere.mkdir()
    path = repo.path(folder)
    if path.exists():
        for child in sorted(path.rglob("*"), reverse=True):
            child.unlink() if child.is_file() else child.rmdir()
        path.rmdir()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(elsewhere, path)
    found = [p for p in repo.problems() if p["code"] == "layout.symlink"]
    assert [p["path"] for p in found] == [folder]


def test_plain_folders_and_files_are_fine(repo: Repo) -> None:
    repo.write("docs/guide/index.md", "# 使用说明\n")
    repo.write("docs/assets/logo.svg", "<svg/>")
    repo.write("schema/README.md", "说明\n")
    assert repo.check().exit_code == 0
