"""``ysxt check``: every file in its place, named after its id."""

from __future__ import annotations

import os

import pytest

from tests.builders.repo import RECORD, RECORD_ID, Repo

MOVE_HINT = f"请把文件移到 {RECORD}，"


def move(repo: Repo, target: str) -> None:
    repo.write(target, repo.read(RECORD))
    repo.remove(RECORD)


def test_record_in_another_organizations_folder(repo: Repo) -> None:
    wrong = f"records/activities/2025/baishi-village/{RECORD_ID}.yaml"
    move(repo, wrong)
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{wrong}:3: 错误：记录放在组织“baishi-village”的文件夹里，但 organization 写的是“qingshan-village”\n"
        f"    提示：{MOVE_HINT}或改正 organization。\n"
        "检查了 5 个文件，发现 1 个错误。请按提示改正后再提交。\n"
    )


def test_record_in_the_wrong_year_folder(repo: Repo) -> None:
    wrong = f"records/activities/2024/qingshan-village/{RECORD_ID}.yaml"
    move(repo, wrong)
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"], problem["message"]) == (
        wrong, 4, "path.year", "记录放在 2024 年的文件夹里，但日期是 2025-03-12"
    )
    assert problem["hint"] == f"{MOVE_HINT}或改正 date。"


def test_record_file_name_differs_from_id(repo: Repo) -> None:
    wrong = "records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-1.yaml"
    move(repo, wrong)
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"], problem["message"]) == (
        wrong, 1, "path.id-mismatch",
        f"记录编号“{RECORD_ID}”与文件名“2025-qingshan-village-zyyj-1.yaml”不一致",
    )
    assert problem["hint"] == f"文件名须与 id 相同：{RECORD}"


def test_yml_extension(repo: Repo) -> None:
    wrong = RECORD[: -len(".yaml")] + ".yml"
    move(repo, wrong)
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{wrong}: 错误：文件扩展名是 .yml\n"
        "    提示：请改名为 .yaml 结尾（git mv 旧名 新名）。\n"
        "检查了 4 个文件，发现 1 个错误。请按提示改正后再提交。\n"
    )


@pytest.mark.parametrize(
    "wrong",
    [
        f"records/{RECORD_ID}.yaml",
        f"records/activities/{RECORD_ID}.yaml",
        f"records/activities/qingshan-village/{RECORD_ID}.yaml",
        f"records/activities/2025/qingshan-village/extra/{RECORD_ID}.yaml",
        "records/plans/old/xx-town-2024.yaml",
    ],
)
def test_misplaced_file(repo: Repo, wrong: str) -> None:
    repo.write(wrong, repo.read(RECORD))
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["severity"], problem["code"], problem["message"]) == (
        wrong, 0, "error", "layout.misplaced", "文件放错了位置"
    )
    assert "records/activities/年份/组织编号/记录编号.yaml" in problem["hint"]


def test_unknown_file_under_records_is_a_warning(repo: Repo) -> None:
    repo.write("records/activities/2025/qingshan-village/会议记录.docx", b"PK\x03\x04")
    result = repo.check()
    assert result.exit_code == 0
    assert result.stdout == (
        "records/activities/2025/qingshan-village/会议记录.docx: 提醒：records/ 下有不认识的文件\n"
        "    提示：记录文件以 .yaml 结尾；证明材料请放在 records/evidence/ 下。\n"
        "检查了 5 个文件：另有 1 个提醒（见上，不影响提交，但请留意）。没有发现问题。\n"
    )


def test_anything_goes_under_evidence_and_readme_files_are_ignored(repo: Repo) -> None:
    repo.write("records/evidence/2025/qingshan-village/notes.yaml", "not: [checked\n")
    repo.write("records/README.md", "# 说明\n")
    repo.write("records/activities/.gitkeep", "")
    assert repo.check().exit_code == 0


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_record_file_that_is_a_symlink(repo: Repo) -> None:
    target = repo.root.parent / "elsewhere.yaml"
    target.write_text(repo.read(RECORD), encoding="utf-8")
    repo.remove(RECORD)
    os.symlink(target, repo.path(RECORD))
    problem = repo.only_problem()
    assert (problem["path"], problem["code"]) == (RECORD, "layout.symlink")
    assert problem["message"].startswith(f"这是一个链接（symlink，指向“{str(target)[:30]}")
    assert problem["message"].endswith("”），仓库中不能有链接")
