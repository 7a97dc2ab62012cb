"""``--org`` and ``--member`` name the same organisation or member in every command, by id or by
Chinese name, through the real entry point; a name that answers to nothing (or to several)
lists the valid ones, in the same words everywhere.

The repository is the minimal one of ``tests/builders/repo.py`` (中共XX镇委员会; 青山村党总支 with
张伟 and 陈芳) plus 柳树村党支部, whose secretary is another 张伟 (m-zhang-wei-2), a dissolved
branch, and the example rubric.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from tests.builders.repo import PROJECT, Repo, write_minimal_repo
from ysxt_build.cli.main import main

AS_OF = "2026-02-05"
RUBRIC = "records/rubrics/xx-county-2025.yaml"
LIUSHU = """\
id: liushu-village
name: 柳树村党支部
kind: branch
category: village
parent: town
founded: "1998-03-01"
members:
  - id: m-zhang-wei-2
    name: 张伟
    role: secretary
    from: "2020-12-20"
  - id: m-yang-li
    name: 杨莉
    role: member_in_charge
    from: "2021-01-08"
    to: "2025-12-31"
"""
GONE = """\
id: hexi-village
name: 河西村党支部
kind: branch
category: village
parent: town
founded: "2001-03-01"
dissolved: "2024-06-30"
members:
  - id: m-zhou-he
    name: 周河
    role: secretary
    from: "2001-03-01"
    to: "2024-06-30"
"""

ORG_LIST = (
    "  town                     中共XX镇委员会\n"
    "  qingshan-village         青山村党总支\n"
    "  liushu-village           柳树村党支部\n"
)
MEMBER_LIST = (
    "  m-wang-jianguo           王建国（中共XX镇委员会）\n"
    "  m-li-xiaohong            李晓红（中共XX镇委员会）\n"
    "  m-zhang-wei              张伟（青山村党总支）\n"
    "  m-chen-fang              陈芳（青山村党总支）\n"
    "  m-zhang-wei-2            张伟（柳树村党支部）\n"
    "  m-yang-li                杨莉（柳树村党支部，2026-02-05 不在任）\n"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.chdir(tmp_path)  # exports write their default file names here
    repo = write_minimal_repo(tmp_path / "repo")
    repo.write(RUBRIC, (PROJECT / RUBRIC).read_bytes())
    repo.write("records/organizations/liushu-village.yaml", LIUSHU)
    repo.write("records/organizations/hexi-village.yaml", GONE)
    assert repo.check(as_of=AS_OF).exit_code == 0, repo.check(as_of=AS_OF).output
    return repo


def ysxt(repo: Repo, *argv: str) -> Result:
    return repo.runner.invoke(main, [*argv, "--repo", str(repo.root)], catch_exceptions=False)


# every command that takes --org, with what it needs besides
ORG_COMMANDS = {
    "status": ["status", "--as-of", AS_OF],
    "assess": ["assess", "--year", "2025", "--as-of", AS_OF],
    "self-inspection": ["export", "self-inspection", "--period", "2025", "--as-of", AS_OF, "-o", "report.docx", "--force"],
    "calendar": ["export", "calendar", "--as-of", AS_OF, "-o", "deadlines.ics", "--force"],
    "new": ["new", "专题研究会议", "--date", "2026-01-20"],
}


@pytest.mark.parametrize("command", sorted(ORG_COMMANDS))
@pytest.mark.parametrize("name", ["柳树村党支部", "柳树村", " liushu-village "])
def test_every_command_takes_the_organisation_by_id_or_name(repo: Repo, command: str, name: str) -> None:
    by_id = ysxt(repo, *ORG_COMMANDS[command], "--org", "liushu-village")
    if command == "new":  # a second file, not the same one again
        repo.remove("records/activities/2026/liushu-village/2026-liushu-village-zyyj-01.yaml")
    by_name = ysxt(repo, *ORG_COMMANDS[command], "--org", name)
    assert (by_name.exit_code, by_name.stdout, by_name.stderr) == (by_id.exit_code, by_id.stdout, by_id.stderr)
    assert by_id.exit_code == 0, by_id.stderr
    if command == "status":
        assert by_name.stdout.startswith("柳树村党支部（liushu-village）\n")
    if command == "assess":
        assert "━━ 柳树村党支部（liushu-village）\n" in by_name.stdout


@pytest.mark.parametrize("command", sorted(ORG_COMMANDS))
def test_an_unknown_organisation_lists_the_valid_ones_in_every_command(repo: Repo, command: str) -> None:
    result = ysxt(repo, *ORG_COMMANDS[command], "--org", "柳村党支部")
    assert (result.exit_code, result.stdout) == (2, "")
    # the dissolved branch is not offered
    assert result.stderr == "错误：没有“柳村党支部”这个组织。请写组织编号或完整名称：\n" + ORG_LIST


def test_a_misspelt_organisation_id_is_guessed(repo: Repo) -> None:
    result = ysxt(repo, "status", "--as-of", AS_OF, "--org", "liushu-vilage")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "错误：没有“liushu-vilage”这个组织。是不是 liushu-village（柳树村党支部）？请写组织编号或完整名称：\n" + ORG_LIST
    )


def test_a_part_of_several_names_lists_those(repo: Repo) -> None:
    result = ysxt(repo, "status", "--as-of", AS_OF, "--org", "村")
    assert (result.exit_code, result.stderr) == (
        2,
        "错误：“村”对应多个组织。请写组织编号或完整名称：\n"
        "  qingshan-village         青山村党总支\n"
        "  liushu-village           柳树村党支部\n",
    )


def test_a_dissolved_organisation_by_its_full_name(repo: Repo) -> None:
    result = ysxt(repo, "status", "--as-of", AS_OF, "--org", "河西村党支部")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("河西村党支部（hexi-village）\n")


# -- members -----------------------------------------------------------------------------------


def test_status_takes_a_member_by_name(repo: Repo) -> None:
    by_id = ysxt(repo, "status", "--as-of", AS_OF, "--member", "m-chen-fang")
    by_name = ysxt(repo, "status", "--as-of", AS_OF, "--member", "陈芳")
    assert (by_name.exit_code, by_name.stdout) == (0, by_id.stdout)
    assert by_name.stdout.startswith("陈芳（青山村党总支）“一岗双责”\n")


def test_a_shared_name_lists_the_candidates_with_their_organisations(repo: Repo) -> None:
    result = ysxt(repo, "status", "--as-of", AS_OF, "--member", "张伟")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "错误：“张伟”是2位班子成员的姓名，请写成员编号：\n"
        "  m-zhang-wei              张伟（青山村党总支）\n"
        "  m-zhang-wei-2            张伟（柳树村党支部）\n"
    )


def test_the_organisation_tells_a_shared_name_apart(repo: Repo) -> None:
    by_name = ysxt(repo, "status", "--as-of", AS_OF, "--org", "柳树村", "--member", "张伟")
    by_id = ysxt(repo, "status", "--as-of", AS_OF, "--member", "m-zhang-wei-2")
    assert (by_name.exit_code, by_name.stdout) == (0, by_id.stdout)
    assert by_name.stdout.startswith("张伟（柳树村党支部）“一岗双责”\n")


def test_an_unknown_member_lists_the_members(repo: Repo) -> None:
    result = ysxt(repo, "status", "--as-of", AS_OF, "--member", "m-zhang-wie")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "错误：没有“m-zhang-wie”这位班子成员。是不是 m-zhang-wei（张伟） 或 m-zhang-wei-2（张伟）？请写成员编号或姓名：\n"
        + MEMBER_LIST
    )


def test_a_member_of_another_organisation(repo: Repo) -> None:
    result = ysxt(repo, "status", "--as-of", AS_OF, "--org", "青山村党总支", "--member", "杨莉")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "错误：杨莉（m-yang-li）不是青山村党总支的班子成员（登记在柳树村党支部）。请写青山村党总支的班子成员（编号或姓名）：\n"
        "  m-zhang-wei              张伟\n"
        "  m-chen-fang              陈芳\n"
    )


def test_new_takes_the_member_by_name(repo: Repo) -> None:
    result = ysxt(repo, "new", "专题研究会议", "--org", "柳树村党支部", "--member", "张伟", "--date", "2026-01-20")
    path = "records/activities/2026/liushu-village/2026-liushu-village-zyyj-01.yaml"
    assert (result.exit_code, result.stdout) == (0, path + "\n"), result.stderr
    text = repo.read(path)
    assert "\nlead: m-zhang-wei-2\n" in text
    assert "\nparticipants: [m-zhang-wei-2]\n" in text  # 杨莉 left office at the end of 2025


def test_new_refuses_a_member_of_no_organisation(repo: Repo) -> None:
    result = ysxt(repo, "new", "专题研究会议", "--org", "柳树村党支部", "--member", "黄国庆", "--date", "2026-01-20")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "错误：柳树村党支部没有“黄国庆”这位班子成员。请写柳树村党支部的班子成员（编号或姓名）：\n"
        "  m-zhang-wei-2            张伟\n"
        "  m-yang-li                杨莉（2026-01-20 不在任）\n"
    )
    assert not repo.path("records/activities/2026/liushu-village").exists()


BRANCH_OF_QINGSHAN = """\
id: qingshan-village-b1
name: 青山村第一党支部
kind: branch
category: village
parent: qingshan-village
founded: "2015-03-01"
members:
  - id: m-qian-hai
    name: 钱海
    role: secretary
    from: "2020-01-01"
"""


def test_the_name_people_say_means_the_organisation_not_its_branches(repo: Repo) -> None:
    """青山村 is how people say 青山村党总支; its 青山村第一党支部 contains the word too, but is
    not what they mean (the portal's search keeps the same short form whole)."""
    repo.write("records/organizations/qingshan-village-b1.yaml", BRANCH_OF_QINGSHAN)
    result = ysxt(repo, "status", "--as-of", AS_OF, "--org", "青山村")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("青山村党总支（qingshan-village）\n")
    branch = ysxt(repo, "status", "--as-of", AS_OF, "--org", "青山村第一")
    assert branch.stdout.startswith("青山村第一党支部（qingshan-village-b1）\n"), branch.stderr


def test_status_json_of_one_organisation_lists_that_organisation_alone(repo: Repo) -> None:
    """status.json of ``--org`` (or ``--member``) lists the organisations it is about, not every
    other one with all its counts at zero, as if it had nothing to do."""
    import json

    whole = json.loads(ysxt(repo, "status", "--as-of", AS_OF, "--format", "json").stdout)
    assert sorted(o["id"] for o in whole["organizations"]) == ["hexi-village", "liushu-village", "qingshan-village", "town"]
    one = json.loads(ysxt(repo, "status", "--as-of", AS_OF, "--format", "json", "--org", "柳树村").stdout)
    assert [o["id"] for o in one["organizations"]] == ["liushu-village"]
    assert {e["organization"] for e in one["entries"]} == {"liushu-village"}
    member = json.loads(ysxt(repo, "status", "--as-of", AS_OF, "--format", "json", "--member", "陈芳").stdout)
    assert [o["id"] for o in member["organizations"]] == ["qingshan-village"]
