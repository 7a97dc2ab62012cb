"""The caches cannot lie or jam: a file put in place with its old size and times is seen, a
damaged cache under its right key is discarded with a warning, a cache brought from elsewhere
is not believed, a link is never read or written through, and on random edits a cached answer
always equals the answer without cache."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders.repo import AS_OF, EVIDENCE, RECORD, VILLAGE, Repo, record_text, write_minimal_repo
from ysxt_build.check.cache import CACHE_DIR, CheckCache, FactIndex, ResultCache, seal, split
from ysxt_build.cli.main import main

FOLDER = "records/activities/2025/qingshan-village"


def checked(repo: Repo, *args: str) -> tuple[int, str]:
    result = repo.check("--format", "json", *args)
    return result.exit_code, result.stdout


def status_json(repo: Repo, *args: str) -> str:
    result = repo.runner.invoke(main, ["status", "--repo", str(repo.root), "--as-of", AS_OF, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def same_as_without_cache(repo: Repo) -> list[dict[str, Any]]:
    cached, fresh = checked(repo), checked(repo, "--no-cache")
    assert cached == fresh
    assert status_json(repo) == status_json(repo, "--no-cache")
    problems: list[dict[str, Any]] = json.loads(cached[1])["problems"]
    return problems


def put_back_times(path: Path, before: os.stat_result) -> None:
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


# -- cp -p, rsync -t, unzip: the same size and times, another content ------------------------


def test_a_record_replaced_with_the_same_size_and_times_is_seen(repo: Repo) -> None:
    assert same_as_without_cache(repo) == []
    path = repo.path(RECORD)
    before = path.stat()
    text = repo.read(RECORD)
    path.write_text(text.replace('date: "2025-03-12"', 'date: "2099-03-12"'), encoding="utf-8")  # same size
    put_back_times(path, before)
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert "date.future" in {p["code"] for p in same_as_without_cache(repo)}


def test_an_organisation_replaced_with_the_same_size_and_times_is_seen_by_status(repo: Repo) -> None:
    first = status_json(repo)
    path = repo.path(VILLAGE)
    before = path.stat()
    path.write_text(repo.read(VILLAGE).replace("name: 张伟", "name: 李伟"), encoding="utf-8")
    put_back_times(path, before)
    assert status_json(repo) == status_json(repo, "--no-cache") != first


def test_an_evidence_file_replaced_with_the_same_size_and_times_is_hashed_again(repo: Repo) -> None:
    assert same_as_without_cache(repo) == []
    path = repo.path(EVIDENCE)
    before = path.stat()
    raw = path.read_bytes()
    path.write_bytes(raw[:-2] + b"X\n")
    put_back_times(path, before)
    assert [p["code"] for p in same_as_without_cache(repo)] == ["evidence.hash"]


def test_a_touched_file_is_compared_by_content_not_checked_again(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    same_as_without_cache(repo)
    aged = time.time_ns() - 20_000_000_000
    os.utime(repo.path(RECORD), ns=(aged, aged))
    from ysxt_build.check import checker, file_check

    calls: list[str] = []
    original = file_check.check_bytes

    def counted(path: str, *a: Any) -> file_check.FileOutcome:
        calls.append(path)
        return original(path, *a)

    monkeypatch.setattr(checker, "check_bytes", counted)
    assert checked(repo)[0] == 0
    assert calls == []


# -- damaged caches -----------------------------------------------------------------------------


def _payload(path: Path) -> Any:
    """The content of a cache file this test run wrote (the test trusts its own files)."""
    parts = split(path.read_bytes())
    assert parts is not None
    return marshal.loads(parts[2])


def _rewrite(path: Path, change: Any) -> None:
    """Change a cache file as this machine's own code could have written it (sealed again):
    a valid seal over content of the wrong shape."""
    stored = _payload(path)
    change(stored)
    info = os.lstat(path.parent)
    path.write_bytes(seal(stored, (info.st_dev, info.st_ino)))


DAMAGES = {
    "result: problems not a list": (ResultCache.FILE, lambda s: s.__setitem__("problems", 5)),
    "result: a finding of wrong types": (ResultCache.FILE, lambda s: s.__setitem__("problems", [(1, 2, 3, 4, 5, 6)])),
    "index: a column cut short": (FactIndex.FILE, lambda s: s["columns"]["facts"].pop()),
    "index: facts of wrong types": (FactIndex.FILE, lambda s: s["columns"].__setitem__("facts", [7] * len(s["columns"]["facts"]))),
    "index: findings of wrong types": (FactIndex.FILE, lambda s: s["columns"].__setitem__("problems", [("x",)] * len(s["columns"]["problems"]))),
    "index: evidence of wrong types": (FactIndex.FILE, lambda s: s.__setitem__("evidence", {EVIDENCE: "x"})),
    "index: not a dict": (FactIndex.FILE, lambda s: s.__setitem__("columns", [1, 2])),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_check_cache_is_discarded_with_a_warning(repo: Repo, damage: str) -> None:
    name, change = DAMAGES[damage]
    repo.replace(RECORD, "attendance: 12", "attendance: -3")
    fresh = json.loads(checked(repo, "--no-cache")[1])["problems"]
    checked(repo)  # writes the caches
    if name == FactIndex.FILE:
        os.unlink(repo.path(f"{CACHE_DIR}/{ResultCache.FILE}"))  # so that the index is used
    _rewrite(repo.path(f"{CACHE_DIR}/{name}"), change)
    code, out = checked(repo)
    problems = json.loads(out)["problems"]
    warning = [p for p in problems if p["code"] == "cache.discarded"]
    assert [p["path"] for p in warning] == [f"{CACHE_DIR}/{name}"] and warning[0]["severity"] == "warning"
    assert [p for p in problems if p["code"] != "cache.discarded"] == fresh
    assert code == 1
    # the next run has a good cache again and says nothing more
    assert json.loads(checked(repo)[1])["problems"] == fresh


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.__setitem__("files", 3),
        lambda s: s["files"].__setitem__(RECORD, ("x",)),
        lambda s: s["files"].__setitem__(RECORD, (s["files"][RECORD][0], b"", "record", {"id": 1}, (), None)),
        lambda s: s["files"].__setitem__(RECORD, (s["files"][RECORD][0], b"", "record", None, ((1,),), None)),
        lambda s: s["files"].__setitem__(
            RECORD, (*s["files"][RECORD][:3], {**s["files"][RECORD][3], "date": "2025-02-30"}, (), RECORD)
        ),
    ],
)
def test_a_damaged_status_cache_is_discarded_with_a_warning(repo: Repo, change: Any) -> None:
    fresh = status_json(repo, "--no-cache")
    status_json(repo)
    _rewrite(repo.path(f"{CACHE_DIR}/{CheckCache.FILE}"), change)
    result = repo.runner.invoke(main, ["status", "--repo", str(repo.root), "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code == 0
    assert result.stdout == fresh
    assert "缓存文件已损坏，已丢弃" in result.stderr


def test_stats_that_never_match_only_cost_time(repo: Repo) -> None:
    checked(repo)
    os.unlink(repo.path(f"{CACHE_DIR}/{ResultCache.FILE}"))
    _rewrite(repo.path(f"{CACHE_DIR}/{FactIndex.FILE}"), lambda s: s["columns"].__setitem__("stats", ["?"] * len(s["columns"]["stats"])))
    assert same_as_without_cache(repo) == []


def test_a_cache_that_is_not_even_marshal_is_ignored(repo: Repo) -> None:
    checked(repo)
    for name in (ResultCache.FILE, FactIndex.FILE, CheckCache.FILE):
        repo.path(f"{CACHE_DIR}/{name}").write_bytes(b"\x00garbage")
    assert same_as_without_cache(repo) == []


@pytest.mark.parametrize("name", [ResultCache.FILE, FactIndex.FILE, CheckCache.FILE])
def test_a_cache_file_damaged_after_it_was_written_is_discarded_with_a_warning(repo: Repo, name: str) -> None:
    """One byte of the content changed (a disk error, a hand edit): the seal no longer holds."""
    checked(repo)
    status_json(repo)
    if name != ResultCache.FILE:
        os.unlink(repo.path(f"{CACHE_DIR}/{ResultCache.FILE}"))
    path = repo.path(f"{CACHE_DIR}/{name}")
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 1
    path.write_bytes(bytes(blob))
    if name == CheckCache.FILE:
        result = repo.runner.invoke(main, ["status", "--repo", str(repo.root), "--as-of", AS_OF, "--format", "json"])
        assert result.exit_code == 0 and "缓存文件已损坏，已丢弃" in result.stderr
    else:
        problems = json.loads(checked(repo)[1])["problems"]
        assert [(p["path"], p["code"]) for p in problems] == [(f"{CACHE_DIR}/{name}", "cache.discarded")]
    assert same_as_without_cache(repo) == []


@pytest.mark.parametrize("name", [ResultCache.FILE, FactIndex.FILE, CheckCache.FILE])
def test_a_cache_file_not_sealed_on_this_machine_is_never_unmarshalled(
    repo: Repo, name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``marshal`` is not safe against data made to harm: a cache file committed in a pull request
    (sealed on another machine, or with this machine's header and a forged MAC) is refused from
    its plain header and MAC, before any byte of it is decoded."""
    from types import SimpleNamespace

    from ysxt_build.check import cache as cache_module
    from ysxt_build.records import machine_key

    checked(repo)
    status_json(repo)
    path = repo.path(f"{CACHE_DIR}/{name}")
    parts = split(path.read_bytes())
    assert parts is not None
    header, _, payload = parts
    folder = os.lstat(path.parent)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    machine_key._KEYS.clear()
    elsewhere = seal(marshal.loads(payload), (folder.st_dev, folder.st_ino))
    monkeypatch.delenv("XDG_CACHE_HOME")
    machine_key._KEYS.clear()
    assert split(elsewhere) is not None and split(elsewhere)[0] != header  # type: ignore[index]
    forged = cache_module.MAGIC + header + b"\n" + b"0" * 64 + b"\n" + payload

    decoded: list[bytes] = []

    def loads(data: bytes) -> Any:
        decoded.append(bytes(data))
        return marshal.loads(data)

    monkeypatch.setattr(cache_module, "marshal", SimpleNamespace(loads=loads, dumps=marshal.dumps))
    for blob, warned in ((elsewhere, False), (forged, True)):
        path.write_bytes(blob)
        if name != ResultCache.FILE and repo.path(f"{CACHE_DIR}/{ResultCache.FILE}").exists():
            os.unlink(repo.path(f"{CACHE_DIR}/{ResultCache.FILE}"))  # so that the file under test is read
        if name == CheckCache.FILE:
            result = repo.runner.invoke(main, ["status", "--repo", str(repo.root), "--as-of", AS_OF, "--format", "json"])
            assert result.exit_code == 0
            assert ("缓存文件已损坏，已丢弃" in result.stderr) is warned
        else:
            code, out = checked(repo)
            assert code == 0
            assert [p["code"] for p in json.loads(out)["problems"]] == (["cache.discarded"] if warned else [])
        assert payload not in decoded, "a cache file this machine did not seal was unmarshalled"
    assert same_as_without_cache(repo) == []


# -- caches from elsewhere, links ----------------------------------------------------------------


def test_a_cache_brought_from_another_folder_is_not_believed(repo: Repo, tmp_path: Path) -> None:
    checked(repo)  # a good cache: no findings
    copy = Repo(tmp_path / "copy")
    shutil.copytree(repo.root, copy.root, symlinks=True)  # cache and all, as a commit or a zip would
    copy.replace(RECORD, 'date: "2025-03-12"', 'date: "2099-03-12"')
    # forge the answer for the copy's files: the signature is right, the folder is not
    cache = copy.path(f"{CACHE_DIR}/{ResultCache.FILE}")
    stored = _payload(cache)
    from ysxt_build.check.cache import code_fingerprint
    from ysxt_build.records import layout
    from ysxt_build.records.schemas import SchemaSet

    schemas = SchemaSet.load()
    found = layout.discover_all(copy.root)
    stored["signature"] = ResultCache(copy.root, stored["key"], found.files + found.evidence, found.problems).signature
    stored["problems"] = []
    info = os.lstat(repo.path(CACHE_DIR))  # sealed for the folder it came from
    cache.write_bytes(seal(stored, (info.st_dev, info.st_ino)))
    assert stored["key"].startswith(f"{schemas.fingerprint}:{code_fingerprint()}")
    assert "date.future" in {p["code"] for p in json.loads(checked(copy)[1])["problems"]}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, repo.path(CACHE_DIR))
    assert checked(repo)[0] == 0
    status_json(repo)
    assert list(outside.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_links_inside_the_cache_folder_are_not_followed(repo: Repo, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    cache = repo.path(CACHE_DIR)
    cache.mkdir()
    os.symlink(victim, cache / ".gitignore")
    os.symlink(victim, cache / ResultCache.FILE)
    os.symlink("/dev/zero", cache / FactIndex.FILE)  # never read (it would never end)
    if hasattr(os, "mkfifo"):
        os.mkfifo(cache / CheckCache.FILE)  # never waited on
    assert same_as_without_cache(repo) == []
    assert victim.read_text(encoding="utf-8") == "keep me"


# -- random edits: cached equals uncached ----------------------------------------------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["rewrite", "same-size", "touch", "copy-p", "delete", "add", "evidence", "organization", "restore"]),
        st.integers(min_value=0, max_value=3),
    ),
    min_size=1,
    max_size=6,
)
VARIANTS = [
    ('date: "2025-04-01"', 'date: "2025-04-02"'),
    ('date: "2025-04-01"', 'date: "2099-04-01"'),  # same size, now an error
    ("lead: m-zhang-wei", "lead: m-chen-fang"),
    ("lead: m-zhang-wei", "lead: m-nobody-xx"),
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(EDITS)
def test_cached_answers_equal_answers_without_cache_after_random_edits(edits: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repo = write_minimal_repo(Path(folder) / "repo")
        ids = [f"2025-qingshan-village-zyyj-{n:02d}" for n in range(2, 6)]
        for rid in ids[:2]:
            repo.write(f"{FOLDER}/{rid}.yaml", record_text(rid))
        original = {p: p.read_bytes() for p in repo.root.rglob("*.yaml")}
        same_as_without_cache(repo)
        for action, n in edits:
            rid = ids[n % 2]
            path = repo.path(f"{FOLDER}/{rid}.yaml")
            before = path.stat() if path.exists() else None
            if action == "rewrite" and before:
                old, new = VARIANTS[n]
                repo.write(path.relative_to(repo.root).as_posix(), repo.read(f"{FOLDER}/{rid}.yaml").replace(old, new))
            elif action == "same-size" and before:
                text = repo.read(f"{FOLDER}/{rid}.yaml")
                path.write_text(text.replace('"2025-04-01"', '"2099-04-01"').replace('"2099-04-01"', '"2025-04-01"')
                                if n % 2 else text.replace('"2025-04-01"', '"2099-04-01"'), encoding="utf-8")
                put_back_times(path, before)
            elif action == "touch" and before:
                os.utime(path)
            elif action == "copy-p":
                other = repo.path(f"{FOLDER}/{ids[(n + 1) % 2]}.yaml")
                if other.exists() and before and other.stat().st_size == before.st_size:
                    shutil.copy2(other, path)
                    put_back_times(path, before)
            elif action == "delete" and before:
                path.unlink()
            elif action == "add":
                repo.write(f"{FOLDER}/{ids[2 + n % 2]}.yaml", record_text(ids[2 + n % 2], title=f"会议{n}"))
            elif action == "evidence":
                repo.write(f"records/evidence/2025/qingshan-village/n{n}.txt", f"电话 139 1234 567{n}\n" if n % 2 else "无\n")
            elif action == "organization":
                repo.write(VILLAGE, repo.read(VILLAGE).replace("name: 陈芳", "name: 陈芳芳") if n % 2 else repo.read(VILLAGE))
            elif action == "restore":
                for p, raw in original.items():
                    p.write_bytes(raw)
            same_as_without_cache(repo)
