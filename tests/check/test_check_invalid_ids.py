"""A record file with errors in other fields is still checked for what needs only its id: the
file name is the id, and no other file has it (all problems of a file at once, not the id's
only after the date is mended)."""

from __future__ import annotations

from tests.builders.repo import RECORD, RECORD_ID, Repo, record_text

FOLDER = RECORD.rsplit("/", 1)[0]
BAD_DATE = '"2025-02-30"'
DATE_LINE = (
    f"{FOLDER}/copy.yaml:4: 错误：字段“date”（日期）的“2025-02-30”不是真实存在的日期：2025年2月没有30日\n"
    "    提示：2025年2月只有 28 天。请核对后写成 YYYY-MM-DD：年份四位，月和日各两位，例如 2025-03-05。\n"
)
COPIED = (
    f"{FOLDER}/copy.yaml:1: 错误：记录编号“{RECORD_ID}”与 {RECORD} 相同：这个文件像是复制后没有改编号\n"
    f"    提示：请把 id 改成 2025-qingshan-village-zyyj-02，文件名改成 {FOLDER}/2025-qingshan-village-zyyj-02.yaml（原记录不用改）。\n"
)


def _output(repo: Repo) -> tuple[int, str]:
    """Exit code and text of a check, after making sure a check without the cache says the same."""
    cached = repo.check()
    fresh = repo.check("--no-cache")
    assert (cached.exit_code, cached.stdout) == (fresh.exit_code, fresh.stdout)
    return cached.exit_code, cached.stdout


def test_a_copied_record_with_a_bad_date_is_told_its_id_is_taken(repo: Repo) -> None:
    copy = f"{FOLDER}/copy.yaml"
    repo.write(copy, record_text(RECORD_ID, date=BAD_DATE))
    assert _output(repo) == (1, COPIED + DATE_LINE + "检查了 6 个文件，发现 2 个错误。请按提示改正后再提交。\n")
    # the same message as for the copy once its date is mended: nothing was hidden
    repo.replace(copy, BAD_DATE, '"2025-04-01"')
    assert _output(repo) == (1, COPIED + "检查了 6 个文件，发现 1 个错误。请按提示改正后再提交。\n")


def test_a_record_with_a_bad_date_not_named_after_its_id(repo: Repo) -> None:
    repo.write(f"{FOLDER}/copy.yaml", record_text("2025-qingshan-village-zyyj-05", date=BAD_DATE))
    assert _output(repo) == (1, (
        f"{FOLDER}/copy.yaml:1: 错误：记录编号“2025-qingshan-village-zyyj-05”与文件名“copy.yaml”不一致\n"
        f"    提示：文件名须与 id 相同：{FOLDER}/2025-qingshan-village-zyyj-05.yaml\n"
        + DATE_LINE + "检查了 6 个文件，发现 2 个错误。请按提示改正后再提交。\n"
    ))


def test_an_invalid_original_and_a_valid_copy_of_its_id(repo: Repo) -> None:
    """The other file is valid: the one not named after the id is the copy to change."""
    repo.replace(RECORD, 'date: "2025-03-12"', f"date: {BAD_DATE}")
    copy = f"{FOLDER}/2025-qingshan-village-zyyj-05.yaml"
    repo.write(copy, record_text(RECORD_ID))
    code, out = _output(repo)
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{RECORD}:4: 错误：字段“date”（日期）的“2025-02-30”不是真实存在的日期：2025年2月没有30日",
        "    提示：2025年2月只有 28 天。请核对后写成 YYYY-MM-DD：年份四位，月和日各两位，例如 2025-03-05。",
    ]
    assert out.splitlines()[2:] == [
        f"{copy}:1: 错误：记录编号“{RECORD_ID}”与 {RECORD} 相同：这个文件像是复制后没有改编号",
        "    提示：请把 id 改成 2025-qingshan-village-zyyj-05，与文件名相同（文件名不用改，原记录也不用改）。",
        "检查了 6 个文件，发现 2 个错误。请按提示改正后再提交。",
    ]


def test_an_invalid_id_is_not_checked_against_file_names_or_other_ids(repo: Repo) -> None:
    repo.write(f"{FOLDER}/copy.yaml", record_text("Copy_01", date=BAD_DATE))
    code, out = _output(repo)
    assert code == 1
    assert [line.split("：", 1)[0] for line in out.splitlines() if not line.startswith(" ")] == [
        f"{FOLDER}/copy.yaml:1: 错误", f"{FOLDER}/copy.yaml:4: 错误", "检查了 6 个文件，发现 2 个错误。请按提示改正后再提交。",
    ]
    assert out.splitlines()[0].endswith("字段“id”（记录编号）的写法不对：“Copy_01”")
