"""``ysxt check`` rules across files: dates, organisations, people, ids, references, evidence."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.builders.repo import (
    EVIDENCE,
    EVIDENCE_BYTES,
    EVIDENCE_SHA,
    PLAN,
    PROJECT,
    RECORD,
    RECORD_ID,
    TOWN,
    VILLAGE,
    VILLAGE_TEXT,
    VOCABULARY,
    Repo,
    record_text,
)

FOLDER = "records/activities/2025/qingshan-village"
RUBRIC_SOURCE = PROJECT / "records" / "rubrics" / "xx-county-2025.yaml"


def where(problem: dict[str, Any]) -> tuple[Any, ...]:
    return (problem["path"], problem["line"], problem["code"], problem["message"])


# -- dates ----------------------------------------------------------------------------------


def test_date_after_the_check_date(repo: Repo) -> None:
    repo.replace(RECORD, '"2025-03-12"', '"2025-12-30"')
    result = repo.check(as_of="2025-12-29")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:4: 错误：日期 2025-12-30 晚于检查日期 2025-12-29\n"
        "    提示：只登记已经发生的事；如果日期写错了请改正。\n"
        "检查了 5 个文件，发现 1 个错误。请按提示改正后再提交。\n"
    )


def test_date_on_the_check_date_is_fine(repo: Repo) -> None:
    repo.replace(RECORD, '"2025-03-12"', '"2025-12-29"')
    assert repo.check(as_of="2025-12-29").exit_code == 0


def test_the_check_date_decides_not_the_clock(repo: Repo) -> None:
    # The same repository was fine as of a later day and is wrong as of an earlier one.
    assert repo.check(as_of="2025-03-12").exit_code == 0
    problem = repo.only_problem(as_of="2025-03-11")
    assert where(problem) == (RECORD, 4, "date.future", "日期 2025-03-12 晚于检查日期 2025-03-11")


def test_future_term_start_in_an_organization(repo: Repo) -> None:
    repo.replace(VILLAGE, "    role: member_in_charge\n", "    role: member_in_charge\n    to: \"2025-06-30\"\n")
    repo.write(
        VILLAGE,
        repo.read(VILLAGE)
        + '  - id: m-zhao-min\n    name: 赵敏\n    role: member_in_charge\n    from: "2026-01-05"\n',
    )
    problem = repo.only_problem()
    assert where(problem) == (VILLAGE, 22, "date.future", "任职日期 2026-01-05 晚于检查日期 2025-12-31")


# -- organisations and people ---------------------------------------------------------------


def test_unknown_organization(repo: Repo) -> None:
    repo.replace(RECORD, "organization: qingshan-village", "organization: baishi-village")
    found = repo.problems()
    assert [where(p) for p in found] == [
        (RECORD, 3, "path.organization", "记录放在组织“qingshan-village”的文件夹里，但 organization 写的是“baishi-village”"),
        (RECORD, 3, "ref.organization", "组织“baishi-village”不存在"),
    ]
    assert found[1]["hint"] == "请检查编号；组织登记在 records/organizations/ 下。"


def test_participant_whose_term_starts_later(repo: Repo) -> None:
    repo.replace(VILLAGE, 'portfolio: 宣传、组织\n    from: "2021-01-10"', 'portfolio: 宣传、组织\n    from: "2025-04-01"')
    problem = repo.only_problem()
    assert where(problem) == (
        RECORD, 7, "member.not-in-office",
        "陈芳（m-chen-fang）在 2025-03-12 不在青山村党总支任职（任期 2025-04-01 起至今）",
    )
    assert problem["hint"] == "请检查活动日期和参加人员；任职变动请先在组织文件中登记。"


def test_lead_whose_term_ended_earlier(repo: Repo) -> None:
    repo.replace(VILLAGE, "    portfolio: 全面工作\n", '    portfolio: 全面工作\n    to: "2024-12-31"\n')
    found = repo.problems()
    assert [where(p) for p in found] == [
        (RECORD, 6, "member.not-in-office",
         "张伟（m-zhang-wei）在 2025-03-12 不在青山村党总支任职（任期 2021-01-10 至 2024-12-31）"),
        (RECORD, 7, "member.not-in-office",
         "张伟（m-zhang-wei）在 2025-03-12 不在青山村党总支任职（任期 2021-01-10 至 2024-12-31）"),
    ]


def test_last_day_of_a_term_is_still_in_office(repo: Repo) -> None:
    repo.replace(VILLAGE, "    portfolio: 全面工作\n", '    portfolio: 全面工作\n    to: "2025-03-12"\n')
    assert repo.check().exit_code == 0


def test_participant_from_another_organization(repo: Repo) -> None:
    repo.replace(RECORD, "participants: [m-zhang-wei, m-chen-fang]", "participants: [m-zhang-wei, m-li-xiaohong]")
    problem = repo.only_problem()
    assert where(problem) == (
        RECORD, 7, "ref.member", "“m-li-xiaohong”不是青山村党总支的班子成员（登记在 records/organizations/town.yaml）"
    )
    assert problem["hint"] == (
        f"青山村党总支的班子成员：m-zhang-wei（张伟）、m-chen-fang（陈芳）。成员编号登记在 {VILLAGE} 的 members 中。"
    )


def test_participant_nowhere_registered(repo: Repo) -> None:
    repo.replace(RECORD, "participants: [m-zhang-wei, m-chen-fang]", "participants: [m-zhang-wei, m-chen-fan]")
    problem = repo.only_problem()
    assert where(problem) == (RECORD, 7, "ref.member", "“m-chen-fan”不是青山村党总支的班子成员")
    # the closest ids, then every member of the organisation with their names
    assert problem["hint"] == (
        "是不是 m-chen-fang（陈芳）？青山村党总支的班子成员：m-zhang-wei（张伟）、m-chen-fang（陈芳）。"
        f"成员编号登记在 {VILLAGE} 的 members 中。"
    )


def test_a_copied_record_whose_id_was_left_unchanged(repo: Repo) -> None:
    """The copy is flagged, with the next free id for both its id and its file name; the
    original is left alone."""
    copy = RECORD.replace("2025-qingshan-village-zyyj-01", "会议记录 - 副本")
    repo.write(copy, repo.read(RECORD))
    problem = repo.only_problem()
    folder = RECORD.rsplit("/", 1)[0]
    assert where(problem) == (copy, 1, "id.duplicate", f"记录编号“2025-qingshan-village-zyyj-01”与 {RECORD} 相同：这个文件像是复制后没有改编号")
    assert problem["hint"] == (
        f"请把 id 改成 2025-qingshan-village-zyyj-02，文件名改成 {folder}/2025-qingshan-village-zyyj-02.yaml（原记录不用改）。"
    )


@pytest.mark.parametrize(("number", "named"), [("02", "03"), ("01", "07")])
def test_a_copy_already_named_for_a_free_id_changes_only_its_id(repo: Repo, number: str, named: str) -> None:
    """The clerk renamed the copied file (to the next number, or another free one) but not its
    id: only the id is to change, to the file name (never "文件名改成" the name it has)."""
    second = repo.read(RECORD).replace(RECORD_ID, "2025-qingshan-village-zyyj-02")
    repo.write(RECORD.replace("zyyj-01", "zyyj-02"), second)
    copy = RECORD.replace("zyyj-01", f"zyyj-{named}")
    repo.write(copy, repo.read(RECORD).replace(RECORD_ID, f"2025-qingshan-village-zyyj-{number}"))
    problem = repo.only_problem()
    original = RECORD.replace("zyyj-01", f"zyyj-{number}")
    assert where(problem) == (copy, 1, "id.duplicate",
                              f"记录编号“2025-qingshan-village-zyyj-{number}”与 {original} 相同：这个文件像是复制后没有改编号")
    assert problem["hint"] == f"请把 id 改成 2025-qingshan-village-zyyj-{named}，与文件名相同（文件名不用改，原记录也不用改）。"
    repo.replace(copy, f"id: 2025-qingshan-village-zyyj-{number}", f"id: 2025-qingshan-village-zyyj-{named}")
    assert repo.check().exit_code == 0, repo.check().output


def test_a_copy_named_for_an_id_in_use_takes_the_next_free_one(repo: Repo) -> None:
    """The copy's file name is an id another record already has: both change, to a free id."""
    repo.write(RECORD.replace("2025-qingshan-village-zyyj-01", "misnamed"),
               repo.read(RECORD).replace(RECORD_ID, "2025-qingshan-village-zyyj-03"))  # id -03, file of another name
    copy = RECORD.replace("zyyj-01", "zyyj-03")
    repo.write(copy, repo.read(RECORD))
    found = [p for p in repo.problems() if p["code"] == "id.duplicate"]
    folder = RECORD.rsplit("/", 1)[0]
    assert [(p["path"], p["hint"]) for p in found] == [(
        copy,
        f"请把 id 改成 2025-qingshan-village-zyyj-04，文件名改成 {folder}/2025-qingshan-village-zyyj-04.yaml（原记录不用改）。",
    )]


def test_two_secretaries_with_overlapping_terms(repo: Repo) -> None:
    repo.write(
        VILLAGE,
        VILLAGE_TEXT + '  - id: m-zhao-min\n    name: 赵敏\n    role: secretary\n    from: "2024-06-01"\n',
    )
    problem = repo.only_problem()
    assert where(problem) == (VILLAGE, 21, "member.overlap", "同一时间有两位书记：张伟和赵敏（2024-06-01 起）")
    assert problem["hint"] == "前任离任时请给前任写 to（离任日期），且早于 2024-06-01。"


def test_secretary_handover_without_overlap_is_fine(repo: Repo) -> None:
    repo.replace(VILLAGE, "    portfolio: 全面工作\n", '    portfolio: 全面工作\n    to: "2025-05-31"\n')
    repo.write(
        VILLAGE,
        repo.read(VILLAGE) + '  - id: m-zhao-min\n    name: 赵敏\n    role: secretary\n    from: "2025-06-01"\n',
    )
    assert repo.check().exit_code == 0


def test_member_id_reused_for_a_different_name(repo: Repo) -> None:
    repo.write(
        VILLAGE,
        VILLAGE_TEXT
        + '  - id: m-wang-jianguo\n    name: 王建军\n    role: committee_member\n    from: "2022-01-01"\n',
    )
    found = repo.problems()
    # Reported in both files, so the clerk of either file sees it.
    assert [where(p) for p in found] == [
        (VILLAGE, 18, "member.id-reused",
         "成员编号“m-wang-jianguo”已用于王建国（records/organizations/town.yaml），这里是王建军"),
        (TOWN, 7, "member.id-reused",
         "成员编号“m-wang-jianguo”已用于王建军（records/organizations/qingshan-village.yaml），这里是王建国"),
    ]
    assert "m-zhang-wei-2" in found[0]["hint"]


def test_same_person_in_two_organizations_is_fine(repo: Repo) -> None:
    repo.write(
        VILLAGE,
        VILLAGE_TEXT + '  - id: m-wang-jianguo\n    name: 王建国\n    role: committee_member\n    from: "2022-01-01"\n',
    )
    assert repo.check().exit_code == 0


def test_organization_parent_missing(repo: Repo) -> None:
    repo.replace(VILLAGE, "parent: town", "parent: dongshan-town")
    problem = repo.only_problem()
    assert where(problem) == (VILLAGE, 5, "ref.organization", "上级组织“dongshan-town”不存在")


def test_organization_without_parent(repo: Repo) -> None:
    repo.replace(VILLAGE, "parent: town\n", "")
    problem = repo.only_problem()
    assert where(problem) == (VILLAGE, 1, "org.parent", "缺少上级组织（parent）")


def test_organization_parent_cycle(repo: Repo) -> None:
    for this, other in (("a-branch", "b-branch"), ("b-branch", "a-branch")):
        repo.write(
            f"records/organizations/{this}.yaml",
            f"id: {this}\nname: {this}党支部\nkind: branch\nparent: {other}\n"
            'founded: "2010-01-01"\nmembers: []\n',
        )
    found = repo.problems()
    assert [where(p) for p in found] == [
        ("records/organizations/a-branch.yaml", 4, "org.parent-cycle", "上级组织关系形成了循环"),
        ("records/organizations/b-branch.yaml", 4, "org.parent-cycle", "上级组织关系形成了循环"),
    ]


def test_organization_file_name_differs_from_id(repo: Repo) -> None:
    repo.write("records/organizations/qingshan.yaml", repo.read(VILLAGE))
    repo.remove(VILLAGE)
    found = repo.problems()
    assert where(found[0]) == (
        "records/organizations/qingshan.yaml", 1, "path.id-mismatch",
        "组织编号“qingshan-village”与文件名“qingshan.yaml”不一致",
    )


@pytest.mark.parametrize("org_id", ["index", "con", "lpt1"])
def test_an_organisation_id_the_portal_or_windows_keeps_is_refused(repo: Repo, org_id: str) -> None:
    """orgs/index.md lists the organisations: an organisation called index would take its place;
    con, nul, lpt1 … cannot be a file or folder on a Windows computer."""
    rel = f"records/organizations/{org_id}.yaml"
    repo.write(rel, VILLAGE_TEXT.replace("id: qingshan-village", f"id: {org_id}"))
    (problem,) = [p for p in repo.problems() if p["path"] == rel]
    assert (problem["line"], problem["code"], problem["severity"]) == (repo.line_of(rel, f"id: {org_id}"), "id.reserved", "error")
    assert problem["message"].startswith(f"组织编号不能用 {org_id}：")
    assert ("列出全部组织" in problem["message"]) == (org_id == "index")
    assert problem["hint"].startswith(f"请换一个编号（例如 {org_id}-1），文件随之改名为 records/organizations/{org_id}-1.yaml")


def test_a_plan_called_index_is_refused(repo: Repo) -> None:
    repo.write("records/plans/index.yaml", repo.read(PLAN).replace("id: xx-town-2025", "id: index"))
    repo.remove(PLAN)
    found = [where(p) for p in repo.problems() if p["code"] == "id.reserved"]
    assert found == [("records/plans/index.yaml", repo.line_of("records/plans/index.yaml", "id: index"), "id.reserved",
                      "方案编号不能用 index：“index”是门户中列出全部组织、全部方案的页面的名字，用作编号会覆盖那个页面")]


# -- the plan -------------------------------------------------------------------------------


def test_plan_obligation_with_unknown_clause(repo: Repo) -> None:
    repo.replace(PLAN, "clause: 二（一）1\n", "clause: 二（一）11\n")
    problem = repo.only_problem()
    assert where(problem) == (PLAN, repo.line_of(PLAN, "clause: 二（一）11"), "ref.clause", "条款号“二（一）11”不在 clauses 中")
    assert problem["hint"] == "请写 clauses 中已有的条款号，例如 二（一）4。"


def test_plan_issuer_unknown(repo: Repo) -> None:
    repo.replace(PLAN, "issuer: town\n", "issuer: xx-town\n")
    problem = repo.only_problem()
    assert where(problem) == (PLAN, repo.line_of(PLAN, "issuer: xx-town"), "ref.organization", "制定组织“xx-town”不存在")


# -- record ids and references --------------------------------------------------------------


def test_record_id_duplicated_in_two_files(repo: Repo) -> None:
    other = f"records/activities/2024/qingshan-village/{RECORD_ID}.yaml"
    repo.write(other, repo.read(RECORD).replace('"2025-03-12"', '"2024-03-12"'))
    found = repo.problems()
    # Reported in both files: either may be the one to change.
    assert [where(p) for p in found] == [
        (other, 1, "id.duplicate", f"记录编号“{RECORD_ID}”已在 {RECORD} 使用"),
        (RECORD, 1, "id.duplicate", f"记录编号“{RECORD_ID}”已在 {other} 使用"),
    ]
    assert found[0]["hint"] == "每条记录的编号全库唯一；请换一个编号（文件名也一起改）。"


def directive(repo: Repo, day: str = "2025-03-01") -> str:
    record_id = "2025-qingshan-village-sjbs-01"
    repo.write(
        f"{FOLDER}/{record_id}.yaml",
        record_text(record_id, type="directive", date=f'"{day}"', lead="",
                    directive="{issuer: 中共XX县委宣传部, applies_to: [qingshan-village]}"),
    )
    return record_id


def study(repo: Repo, target: str, day: str = "2025-04-01") -> str:
    path = f"{FOLDER}/2025-qingshan-village-cdxx-01.yaml"
    repo.write(path, record_text("2025-qingshan-village-cdxx-01", type="directive_study",
                                 date=f'"{day}"', responds_to=f"[{target}]"))
    return path


def test_directive_study_of_an_existing_directive_is_fine(repo: Repo) -> None:
    study(repo, directive(repo))
    assert repo.check().exit_code == 0


def test_responds_to_a_missing_record(repo: Repo) -> None:
    path = study(repo, "2025-town-sjbs-99")
    problem = repo.only_problem()
    assert where(problem) == (path, 7, "ref.record", "回应的记录“2025-town-sjbs-99”不存在")
    assert "上级部署或事件记录" in problem["hint"]


def test_responds_to_a_record_of_the_wrong_type(repo: Repo) -> None:
    path = study(repo, RECORD_ID)
    problem = repo.only_problem()
    assert where(problem) == (path, 7, "ref.record-type", f"回应的记录“{RECORD_ID}”不是上级部署/文件记录")
    assert problem["hint"] == "传达学习回应上级部署/文件：请写上级部署/文件记录的编号。"


def test_responds_to_a_later_record(repo: Repo) -> None:
    target = directive(repo, day="2025-05-10")
    path = study(repo, target, day="2025-04-01")
    problem = repo.only_problem()
    assert where(problem) == (path, 7, "date.order", f"回应的记录“{target}”的日期 2025-05-10 晚于本记录")


def test_responds_to_a_broken_record_reports_only_the_broken_file(repo: Repo) -> None:
    target = directive(repo)
    study(repo, target)
    repo.replace(f"{FOLDER}/{target}.yaml", "type: directive", "type: directiv")
    found = repo.problems()
    assert {p["path"] for p in found} == {f"{FOLDER}/{target}.yaml"}
    assert "schema.choice" in {p["code"] for p in found}


def lecture(repo: Repo, **fields: str) -> str:
    path = f"{FOLDER}/2025-qingshan-village-jz-01.yaml"
    repo.write(path, record_text("2025-qingshan-village-jz-01", type="lecture", date='"2025-06-10"', **fields))
    return path


def approval(repo: Repo, day: str = "2025-06-01", result: str = "approved") -> str:
    record_id = "2025-qingshan-village-shbb-01"
    repo.write(
        f"{FOLDER}/{record_id}.yaml",
        record_text(record_id, type="approval", date=f'"{day}"', title="关于举办理论宣讲讲座的审核报备",
                    approval=f"{{approver: 镇党委宣传办, result: {result}}}"),
    )
    return record_id


def test_lecture_with_an_earlier_approval_is_fine(repo: Repo) -> None:
    lecture(repo, lecture=f"{{form: 讲座, approval: {approval(repo)}}}")
    assert repo.check().exit_code == 0


def test_lecture_without_approval_is_a_warning(repo: Repo) -> None:
    # Held without approval is a fact the status shows as "incomplete"; the check reminds.
    path = lecture(repo, lecture="{form: 讲座}")
    result = repo.check()
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}:7: 提醒：讲座没有写事先审核报备记录（lecture.approval），责任状态将显示为不完整\n"
        "    提示：如已审核报备，请先登记审核报备记录（type: approval），再在 lecture 下加一行 "
        "approval: 审核报备记录编号。\n"
        "检查了 6 个文件：另有 1 个提醒（见上，不影响提交，但请留意）。没有发现问题。\n"
    )


def test_lecture_approval_record_missing(repo: Repo) -> None:
    path = lecture(repo, lecture="{form: 讲座, approval: 2025-qingshan-village-shbb-09}")
    problem = repo.only_problem()
    assert where(problem) == (path, 7, "ref.record", "审核报备记录“2025-qingshan-village-shbb-09”不存在")


def test_lecture_approval_is_not_an_approval(repo: Repo) -> None:
    path = lecture(repo, lecture=f"{{form: 讲座, approval: {RECORD_ID}}}")
    problem = repo.only_problem()
    assert where(problem) == (path, 7, "ref.record-type", f"“{RECORD_ID}”不是审核报备记录（专题研究会议）")


def test_lecture_citing_an_approval_given_afterwards_is_an_error(repo: Repo) -> None:
    # An approval after the event is no approval beforehand: citing it is a wrong link. (A
    # lecture really held without one leaves lecture.approval out, and the status says so.)
    target = approval(repo, day="2025-06-20")
    path = lecture(repo, lecture=f"{{form: 讲座, approval: {target}}}")
    assert repo.check().exit_code == 1
    problem = repo.only_problem()
    assert (problem["severity"], *where(problem)) == (
        "error", path, 7, "lecture.late-approval",
        f"审核报备记录“{target}”的日期 2025-06-20 晚于活动日期 2025-06-10，不是事先审核报备",
    )


def test_lecture_whose_approval_was_rejected_is_a_warning(repo: Repo) -> None:
    target = approval(repo, result="rejected")
    path = lecture(repo, lecture=f"{{form: 讲座, approval: {target}}}")
    result = repo.check()
    assert result.exit_code == 0
    problem = repo.only_problem()
    assert (problem["severity"], *where(problem)) == (
        "warning", path, 7, "lecture.rejected", f"审核报备记录“{target}”的审核结果是不同意"
    )


# -- evidence -------------------------------------------------------------------------------


def test_evidence_outside_the_repository(repo: Repo) -> None:
    repo.replace(RECORD, f"file: {EVIDENCE}", "file: ../x")
    problem = repo.only_problem()
    assert where(problem) == (RECORD, 13, "evidence.outside", "证明材料路径“../x”跳出了仓库")
    assert "不用 .." in problem["hint"]


def test_evidence_path_climbing_out_in_the_middle(repo: Repo) -> None:
    repo.replace(RECORD, f"file: {EVIDENCE}", "file: records/../../x")
    problem = repo.only_problem()
    assert where(problem) == (RECORD, 13, "evidence.outside", "证明材料路径“records/../../x”跳出了仓库")


def test_evidence_absolute_path(repo: Repo) -> None:
    repo.replace(RECORD, f"file: {EVIDENCE}", "file: /etc/passwd")
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 13, "schema.pattern")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_evidence_symlink_pointing_outside(repo: Repo) -> None:
    outside = repo.root.parent / "outside.txt"
    outside.write_bytes(EVIDENCE_BYTES)
    repo.remove(EVIDENCE)
    os.symlink(outside, repo.path(EVIDENCE))
    problem, link = repo.problems()
    assert (link["path"], link["code"]) == (EVIDENCE, "layout.symlink")  # the link itself
    assert where(problem) == (RECORD, 13, "evidence.outside", f"证明材料“{EVIDENCE}”是指向仓库外的链接")
    assert problem["hint"] == "请把材料文件本身放进仓库。"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_evidence_folder_symlink_pointing_outside(repo: Repo) -> None:
    outside = repo.root.parent / "scans"
    outside.mkdir()
    (outside / "zyyj-01.txt").write_bytes(EVIDENCE_BYTES)
    repo.remove(EVIDENCE)
    repo.path(EVIDENCE).parent.rmdir()
    os.symlink(outside, repo.path(EVIDENCE).parent)
    problem, link = repo.problems()
    assert (link["path"], link["code"]) == ("records/evidence/2025/qingshan-village", "layout.symlink")
    assert (problem["line"], problem["code"]) == (13, "evidence.outside")


def test_evidence_missing(repo: Repo) -> None:
    repo.remove(EVIDENCE)
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:13: 错误：找不到证明材料文件“{EVIDENCE}”\n"
        "    提示：请把文件加入仓库（git add），并检查路径和大小写。\n"
        "检查了 5 个文件，发现 1 个错误。请按提示改正后再提交。\n"
    )


def test_evidence_with_a_wrong_sha256_gives_the_actual_one(repo: Repo) -> None:
    repo.write(EVIDENCE, b"changed\n")
    actual = "7f8b1dfc466b6249f06cbe55c9174df2578e7754da793fded244ef5cba2a38f1"
    problem = repo.only_problem()
    assert where(problem) == (RECORD, 14, "evidence.hash", f"证明材料“{EVIDENCE}”的校验值不符")
    assert problem["hint"] == (
        f"文件的实际 sha256 是 {actual}；若文件无误，请把 sha256 改成这个值，否则请换回原文件。"
    )
    assert actual != EVIDENCE_SHA


def test_paper_archive_evidence_needs_no_file(repo: Repo) -> None:
    text = repo.read(RECORD)
    repo.write(RECORD, text[: text.index("    file:")] + "    archive: 党建档案2025-03号盒\n")
    assert repo.check().exit_code == 0


# -- privacy --------------------------------------------------------------------------------


def test_phone_number_in_summary(repo: Repo) -> None:
    repo.replace(RECORD, "明确村务公开栏的管理责任。", "群众来电13812345678反映问题。")
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:10: 错误：疑似手机号码“138…”，记录中不得保存个人信息\n"
        "    提示：记录只写党组织和任职人员履行职责的情况，不得写群众的身份证号、电话号码或网民姓名；"
        "请删除这一内容（事件只写组织层面的概况）。\n"
        "检查了 5 个文件，发现 1 个错误。请按提示改正后再提交。\n"
    )


def test_id_number_in_summary(repo: Repo) -> None:
    repo.replace(RECORD, "明确村务公开栏的管理责任。", "涉及人员身份证号11010119900307109X。")
    problem = repo.only_problem()
    assert where(problem) == (RECORD, 10, "privacy.personal-number", "疑似身份证号“110…”，记录中不得保存个人信息")


def test_the_whole_number_is_not_repeated_in_the_message(repo: Repo) -> None:
    repo.replace(RECORD, "明确村务公开栏的管理责任。", "电话13812345678。")
    result = repo.check("--format", "json")
    assert "13812345678" not in result.stdout


def test_sha256_and_long_numbers_are_not_private(repo: Repo) -> None:
    # 64 hex digits contain long digit runs; a 20-digit number is neither an ID nor a phone.
    repo.replace(RECORD, "明确村务公开栏的管理责任。", "档案编号12345678901234567890。")
    assert repo.check().exit_code == 0


@pytest.mark.parametrize("name", ["con", "nul", "com1", "lpt9"])
def test_a_vocabulary_or_rubric_id_windows_keeps_is_refused(repo: Repo, name: str) -> None:
    """A vocabulary's and a rubric's id is its file's name, like an organisation's: con, nul,
    com1 … cannot be a file on a Windows computer. (index is theirs to use: no portal page.)"""
    vocabulary = f"records/vocabularies/{name}.yaml"
    repo.write(vocabulary, repo.read(VOCABULARY).replace("id: xx-town", f"id: {name}", 1))
    rubric = f"records/rubrics/{name}.yaml"
    repo.write(rubric, RUBRIC_SOURCE.read_text(encoding="utf-8").replace("id: xx-county-2025", f"id: {name}", 1))
    found = {p["path"]: p for p in repo.problems() if p["code"] == "id.reserved"}
    assert set(found) == {vocabulary, rubric}
    for rel, what in ((vocabulary, "词汇表编号"), (rubric, "考评方案编号")):
        problem = found[rel]
        assert (problem["line"], problem["severity"]) == (repo.line_of(rel, f"id: {name}"), "error")
        assert problem["message"] == f"{what}不能用 {name}：“{name}”是 Windows 保留的设备名，Windows 电脑上的文件和文件夹都不能叫这个名字"
        assert problem["hint"].startswith(f"请换一个编号（例如 {name}-1），文件随之改名为 {rel[:-len('.yaml')]}-1.yaml")


def test_a_vocabulary_or_rubric_called_index_is_fine(repo: Repo) -> None:
    repo.write("records/vocabularies/index.yaml", repo.read(VOCABULARY).replace("id: xx-town", "id: index", 1))
    repo.write("records/rubrics/index.yaml", RUBRIC_SOURCE.read_text(encoding="utf-8").replace("id: xx-county-2025", "id: index", 1))
    assert [p for p in repo.problems() if p["code"] == "id.reserved"] == []
