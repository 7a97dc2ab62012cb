"""``ysxt check`` as a whole: exit codes, output formats, isolation of bad files, the cache."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.builders.repo import AS_OF, EVIDENCE, RECORD, RECORD_TEXT, TOWN, VILLAGE, Repo, record_text
from ysxt_build.check.checker import check_repository
from ysxt_build.records.schemas import SchemaSet

CACHE_FILE = ".ysxt-cache/check.marshal"


# -- exit codes -----------------------------------------------------------------------------


def test_exit_0_when_everything_is_fine(repo: Repo) -> None:
    result = repo.check()
    assert (result.exit_code, result.stdout, result.stderr) == (0, "检查了 5 个文件，没有发现问题。\n", "")


def test_exit_1_when_something_is_wrong(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", "attendance: -1")
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{RECORD}:8: 错误：字段“attendance”（参加人数）不能小于 0（这里是 -1）"


def test_exit_2_without_a_records_folder(tmp_path: Path) -> None:
    result = Repo(tmp_path).check()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"错误：在 {tmp_path.resolve()} 下找不到 records/ 文件夹。\n"
        "提示：请在记录仓库的根目录运行，或用 --repo 指定仓库位置。\n"
    )


@pytest.mark.parametrize(("bad", "why"), [
    ("2025-13-01", "（没有13月）"),
    ("2025-02-30", "（2025年2月没有30日）"),
    ("2025/06/30", "，应写 2025-06-30"),
    ("20250630", "，应写 2025-06-30"),
    ("昨天", ""),
])
def test_exit_2_for_a_bad_as_of_date(repo: Repo, bad: str, why: str) -> None:
    result = repo.check(as_of=bad)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"错误：'--as-of' 的值不对：“{bad}”不是有效日期{why}，请写成 YYYY-MM-DD，例如 2025-06-30\n" in result.stderr
    assert "用法：" in result.stderr


def test_exit_2_for_an_unknown_option(repo: Repo) -> None:
    result = repo.check("--bogus")
    assert result.exit_code == 2
    assert "错误：没有选项 '--bogus'。" in result.stderr


def test_exit_2_for_an_unknown_format(repo: Repo) -> None:
    result = repo.check("--format", "xml")
    assert result.exit_code == 2
    assert "错误：'--format' 的值不对：'xml' 不是可选值 'gitea', 'github', 'gitlab', 'json', 'junit', 'text' 之一。" in result.stderr


def test_warnings_alone_exit_0(repo: Repo) -> None:
    repo.write("records/organizations/说明.txt", "组织文件说明")
    result = repo.check()
    assert result.exit_code == 0
    assert "1 个提醒" in result.stdout


# -- one bad file never stops the others ----------------------------------------------------


def test_two_bad_files_are_both_reported(repo: Repo) -> None:
    repo.write(RECORD, RECORD_TEXT.encode("gbk"))
    repo.replace(VILLAGE, "kind: general_branch", "kind: 总支")
    other = "records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-02.yaml"
    repo.write(other, record_text("2025-qingshan-village-zyyj-02", date='"2025-02-30"'))
    found = repo.problems()
    assert [(p["path"], p["line"], p["code"]) for p in found] == [
        (RECORD, 5, "file.encoding"),
        (other, 4, "schema.date"),
        (VILLAGE, 3, "schema.choice"),
    ]


def test_broken_organization_does_not_cause_follow_up_errors(repo: Repo) -> None:
    # The record refers to the village and its members; the village file is broken, so the
    # record cannot be checked against it, but it must not be called "unknown" either.
    repo.replace(VILLAGE, "founded:", "founded_on:")
    found = repo.problems()
    assert {p["path"] for p in found} == {VILLAGE}


def test_unreadable_organization_does_not_cause_follow_up_errors(repo: Repo) -> None:
    repo.write(VILLAGE, repo.read(VILLAGE).encode("gbk"))
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (VILLAGE, 2, "file.encoding")


def test_a_record_after_a_broken_one_is_still_checked(repo: Repo) -> None:
    repo.write("records/activities/2025/qingshan-village/2025-a.yaml", "id: [broken\n")
    repo.replace(RECORD, "lead: m-zhang-wei", "lead: m-nobody")
    paths = [p["path"] for p in repo.problems()]
    assert paths == ["records/activities/2025/qingshan-village/2025-a.yaml", RECORD]


# -- output formats -------------------------------------------------------------------------


def test_json_format(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", 'attendance: "十"')
    repo.write("records/notes.txt", "x")
    result = repo.check("--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload == {
        "format": "ysxt-check",
        "version": 1,
        "as_of": AS_OF,
        "files_checked": 5,
        "errors": 1,
        "warnings": 1,
        "problems": [
            {
                "path": RECORD,
                "line": 8,
                "severity": "error",
                "code": "schema.type",
                "message": "字段“attendance”（参加人数）应为整数，这里写的是文字",
                "hint": "请写阿拉伯数字，不加引号，例如 attendance: 10。"
                "参加活动的总人数（含班子成员以外的党员），只写人数，不写群众姓名。",
            },
            {
                "path": "records/notes.txt",
                "line": 0,
                "severity": "warning",
                "code": "layout.unexpected-file",
                "message": "records/ 下有不认识的文件",
                "hint": "记录文件以 .yaml 结尾；证明材料请放在 records/evidence/ 下。",
            },
        ],
    }
    # Chinese as characters, not \\u escapes, so that the file is readable as it is.
    assert "参加人数" in result.stdout


def test_json_format_when_everything_is_fine(repo: Repo) -> None:
    payload = repo.check_json()
    assert payload == {
        "format": "ysxt-check", "version": 1, "as_of": AS_OF, "files_checked": 5,
        "errors": 0, "warnings": 0, "problems": [],
    }


def test_github_format(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", 'attendance: "十"')
    repo.write("records/notes.txt", "x")
    result = repo.check("--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file={RECORD},line=8,title=ysxt schema.type::"
        "字段“attendance”（参加人数）应为整数，这里写的是文字%0A"
        "提示：请写阿拉伯数字，不加引号，例如 attendance: 10。"
        "参加活动的总人数（含班子成员以外的党员），只写人数，不写群众姓名。",
        "::warning file=records/notes.txt,title=ysxt layout.unexpected-file::"
        "records/ 下有不认识的文件%0A提示：记录文件以 .yaml 结尾；证明材料请放在 records/evidence/ 下。",
        "检查了 5 个文件，发现 1 个错误、1 个提醒。请按提示改正后再提交。",
    ]


def test_github_format_escapes_properties_and_data(repo: Repo) -> None:
    odd = "records/activities/2025/qingshan-village/a,b:c.yaml"
    repo.write(odd, record_text("a,b:c") + "100%: 完成\n")
    lines = repo.check("--format", "github").stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert annotations, lines
    for line in annotations:
        match = re.fullmatch(r"::(error|warning) ((?:[a-z]+=[^,:]*,?)+)::(.*)", line)
        assert match, line
        assert "file=records/activities/2025/qingshan-village/a%2Cb%3Ac.yaml" in match.group(2)
        assert "\n" not in match.group(3)
    unknown = [line for line in annotations if "schema.unknown-field" in line]
    assert len(unknown) == 1
    assert "::不认识的字段“100%25”%0A提示：" in unknown[0]


def test_text_output_is_sorted_by_file_and_line(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", 'attendance: "十"')
    repo.replace(RECORD, '"2025-03-12"', '"2025-02-30"')
    repo.replace(TOWN, "kind: town_committee", "kind: town")
    lines = [line for line in repo.check().stdout.splitlines() if not line.startswith(" ")]
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [f"{RECORD}:4", f"{RECORD}:8", f"{TOWN}:3"]
    assert lines[-1] == "检查了 5 个文件，发现 3 个错误。请按提示改正后再提交。"


# -- never touches the user's files ---------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    state: dict[str, tuple[str, int, int]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] == ".ysxt-cache":
            continue
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        state[rel] = (digest, stat.st_mtime_ns, stat.st_mode)
    return state


def test_check_never_modifies_user_files(repo: Repo) -> None:
    repo.write(RECORD, b"\xef\xbb\xbf" + RECORD_TEXT.replace("attendance: 12", 'attendance: "十"').encode())
    repo.write(VILLAGE, repo.read(VILLAGE).replace("  ", "\t", 1))
    repo.write("records/activities/2025/qingshan-village/2025-x.yml", "id: x\r\n")
    repo.write(EVIDENCE, b"changed\n")
    before = snapshot(repo.root)
    for args in ((), ("--format", "json"), ("--format", "github"), ("--no-cache",), ()):
        assert repo.check(*args).exit_code == 1
    assert snapshot(repo.root) == before
    assert sorted(p.name for p in repo.root.iterdir()) == [".ysxt-cache", "records"]


# -- the cache ------------------------------------------------------------------------------


def test_second_run_gives_identical_output_from_the_cache(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", 'attendance: "十"')
    repo.replace(VILLAGE, 'founded: "2003-06-01"', 'founded: "2003-06-31"')
    first = repo.check()
    assert repo.path(CACHE_FILE).is_file()
    second = repo.check()
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
    assert repo.check("--format", "json").stdout == repo.check("--format", "json", "--no-cache").stdout


def test_second_run_reads_files_from_the_cache(repo: Repo) -> None:
    as_of = date.fromisoformat(AS_OF)
    first = check_repository(repo.root, as_of)
    second = check_repository(repo.root, as_of)
    assert (first.from_cache, second.from_cache) == (0, 5)
    assert second.problems == first.problems


def test_cache_ignores_git(repo: Repo) -> None:
    repo.check()
    assert repo.path(".ysxt-cache/.gitignore").read_text(encoding="utf-8") == "*\n"


def test_edit_after_a_run_is_seen(repo: Repo) -> None:
    assert repo.check().exit_code == 0
    repo.replace(RECORD, "type: special_study", "type: special_studdy")
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 2, "schema.choice")


def test_same_size_edit_after_a_run_is_seen(repo: Repo) -> None:
    assert repo.check().exit_code == 0
    size = repo.path(RECORD).stat().st_size
    repo.replace(RECORD, "attendance: 12", "attendance: -1")
    assert repo.path(RECORD).stat().st_size == size
    problem = repo.only_problem()
    assert (problem["line"], problem["message"]) == (8, "字段“attendance”（参加人数）不能小于 0（这里是 -1）")


def test_fixing_a_file_after_a_run_is_seen(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", "attendance: -1")
    assert repo.check().exit_code == 1
    repo.replace(RECORD, "attendance: -1", "attendance: 12")
    assert repo.check().exit_code == 0


def test_same_size_edit_with_the_same_mtime_is_seen(repo: Repo) -> None:
    """A file saved moments before a run may be saved again within the same timestamp tick
    (FAT, network shares): such a racy file is not cached, so the next run still sees it."""
    repo.path(RECORD).write_bytes(repo.path(RECORD).read_bytes())  # saved just now
    assert repo.check().exit_code == 0
    stat = repo.path(RECORD).stat()
    repo.replace(RECORD, "attendance: 12", "attendance: -1")
    os.utime(repo.path(RECORD), ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert repo.check().exit_code == 1


def test_cached_record_is_rechecked_against_a_changed_organization(repo: Repo) -> None:
    assert repo.check().exit_code == 0
    repo.replace(VILLAGE, 'portfolio: 宣传、组织\n    from: "2021-01-10"', 'portfolio: 宣传、组织\n    from: "2025-04-01"')
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 7, "member.not-in-office")


def test_evidence_changed_after_a_run_is_seen(repo: Repo) -> None:
    assert repo.check().exit_code == 0
    repo.write(EVIDENCE, "会议记录（改过的）\n".encode("utf-8"))
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (14, "evidence.hash")


def test_deleted_file_leaves_no_stale_finding(repo: Repo) -> None:
    bad = "records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-02.yaml"
    repo.write(bad, "id: [\n")
    assert repo.check().exit_code == 1
    repo.remove(bad)
    assert repo.check().exit_code == 0


def test_schema_change_invalidates_the_cache(repo: Repo) -> None:
    as_of = date.fromisoformat(AS_OF)
    assert check_repository(repo.root, as_of).ok
    schemas = SchemaSet.load()
    stricter = SchemaSet(directory=schemas.directory, documents=copy.deepcopy(schemas.documents))
    stricter.documents["record"]["properties"]["attendance"]["maximum"] = 10
    result = check_repository(repo.root, as_of, schemas=stricter)
    assert result.from_cache == 0
    assert [(p.path, p.line, p.code) for p in result.problems] == [(RECORD, 8, "schema.too-large")]
    assert check_repository(repo.root, as_of).ok


def test_corrupt_cache_is_ignored(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", "attendance: -1")
    expected = repo.check().stdout
    for garbage in (b"", b"\x00garbage", b"{not marshal"):
        repo.path(CACHE_FILE).write_bytes(garbage)
        result = repo.check()
        assert (result.exit_code, result.stdout) == (1, expected)


def test_no_cache_neither_reads_nor_writes_the_cache(repo: Repo) -> None:
    result = repo.check("--no-cache")
    assert result.exit_code == 0
    assert not repo.path(".ysxt-cache").exists()
    repo.check()
    # A cache that says "all fine" for a file now broken is not consulted with --no-cache.
    stat = repo.path(RECORD).stat()
    repo.replace(RECORD, "attendance: 12", "attendance: -1")
    os.utime(repo.path(RECORD), ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert repo.check("--no-cache").exit_code == 1


def test_unwritable_cache_costs_only_time(repo: Repo) -> None:
    repo.path(".ysxt-cache").write_text("not a folder", encoding="utf-8")
    result = repo.check()
    assert (result.exit_code, result.stdout) == (0, "检查了 5 个文件，没有发现问题。\n")
    shutil.rmtree(repo.path("records/activities"))
    assert repo.check().stdout == "检查了 4 个文件，没有发现问题。\n"


def test_the_tests_never_read_the_clock(repo: Repo) -> None:
    with pytest.raises(AssertionError, match="--as-of"):
        repo.check(as_of=None)
