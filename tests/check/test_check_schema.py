"""``ysxt check`` on files that are YAML but not what the schema asks for."""

from __future__ import annotations

import pytest

from tests.builders.repo import RECORD, VILLAGE, Repo


def test_unknown_field_suggests_the_close_one(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", "atendance: 12")
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{RECORD}:8: 错误：不认识的字段“atendance”"
    assert result.stdout.splitlines()[1].startswith("    提示：是不是想写“attendance”？这里可以写的字段：id、type、")


def test_unknown_field_inside_a_list_item(repo: Repo) -> None:
    repo.replace(RECORD, "    sha256:", "    sha265:")
    found = repo.problems()
    unknown = [p for p in found if p["code"] == "schema.unknown-field"]
    assert [(p["path"], p["line"], p["message"]) for p in unknown] == [
        (RECORD, 14, "不认识的字段“evidence[0].sha265”")
    ]
    assert unknown[0]["hint"].startswith("是不是想写“sha256”？")


def test_wrong_type_chinese_numeral(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", 'attendance: "十"')
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 8, "schema.type")
    assert problem["message"] == "字段“attendance”（参加人数）应为整数，这里写的是文字"
    assert problem["hint"].startswith("请写阿拉伯数字，不加引号，例如 attendance: 10。")


def test_number_where_text_is_expected(repo: Repo) -> None:
    repo.replace(RECORD, "title: 2025年第一次意识形态工作专题研究会议", "title: 2025")
    problem = repo.only_problem()
    assert (problem["line"], problem["message"]) == (5, "字段“title”（标题）应为文字，这里写的是整数")
    assert problem["hint"].startswith('请用英文引号括起来，例如 "2025"。')


def test_impossible_date(repo: Repo) -> None:
    repo.replace(RECORD, '"2025-03-12"', '"2025-02-30"')
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:4: 错误：字段“date”（日期）的“2025-02-30”不是真实存在的日期：2025年2月没有30日\n"
        "    提示：2025年2月只有 28 天。请核对后写成 YYYY-MM-DD：年份四位，月和日各两位，例如 2025-03-05。\n"
        "检查了 5 个文件，发现 1 个错误。请按提示改正后再提交。\n"
    )


NO_DAY_HINT = "请核对后写成 YYYY-MM-DD：年份四位，月和日各两位，例如 2025-03-05。"


@pytest.mark.parametrize(("written", "reason", "hint"), [
    # a day the month does not have, however it is written: why, never the field's description
    ('"2026-2-30"', "2026年2月没有30日", "2026年2月只有 28 天。"),
    ('"2026-02-30"', "2026年2月没有30日", "2026年2月只有 28 天。"),
    ("2026-02-30", "2026年2月没有30日", "2026年2月只有 28 天。"),  # unquoted
    ('"2026/02/30"', "2026年2月没有30日", "2026年2月只有 28 天。"),
    ("2026年2月30日", "2026年2月没有30日", "2026年2月只有 28 天。"),
    ("20260230", "2026年2月没有30日", "2026年2月只有 28 天。"),
    ('"2026-04-31"', "2026年4月没有31日", "2026年4月只有 30 天。"),
    ('"2026.4.0"', "2026年4月没有0日", "2026年4月只有 30 天。"),
    ('"2026-2-29"', "2026年2月没有29日（2026年不是闰年）", "2026年2月只有 28 天。"),
    ('"2026-13-05"', "没有13月", "月份只能是 1 到 12。"),
    ('"2026/13/5"', "没有13月", "月份只能是 1 到 12。"),
    ('"2026-00-10"', "没有0月", "月份只能是 1 到 12。"),
])
def test_a_date_of_no_day_says_why(repo: Repo, written: str, reason: str, hint: str) -> None:
    repo.replace(RECORD, '"2025-03-12"', written)
    problem = repo.only_problem(as_of="2026-12-31")
    value = written.strip('"')
    assert (problem["line"], problem["code"]) == (4, "schema.date")
    assert problem["message"] == f"字段“date”（日期）的“{value}”不是真实存在的日期：{reason}"
    assert problem["hint"] == hint + NO_DAY_HINT


@pytest.mark.parametrize(("written", "fixed"), [
    ('"2026-2-3"', "2026-02-03"), ('"2026-02-3"', "2026-02-03"), ("2026/2/3", "2026-02-03"),
    ("2026.02.03", "2026-02-03"), ("2026年2月3日", "2026-02-03"), ('"2024-2-29"', "2024-02-29"),
    ('"２０２６－２－３"', "2026-02-03"),
])
def test_a_real_day_written_another_way_shows_the_corrected_form(repo: Repo, written: str, fixed: str) -> None:
    repo.replace(RECORD, '"2025-03-12"', written)
    problem = repo.only_problem(as_of="2026-12-31")
    assert (problem["line"], problem["code"]) == (4, "schema.date-form")
    assert problem["message"] == f"字段“date”（日期）的写法不对：“{written.strip(chr(34))}”，应写 {fixed}"
    assert problem["hint"] == f"日期写成 YYYY-MM-DD：年份四位，月和日各两位，用半角连字符“-”连接，例如 {fixed}。"


def test_unquoted_date_is_read_as_text_and_accepted(repo: Repo) -> None:
    repo.replace(RECORD, 'date: "2025-03-12"', "date: 2025-03-12")
    assert repo.check().exit_code == 0


@pytest.mark.parametrize("written", ["2025年3月12日", '"2025-3-12"', "2025/03/12", "2025.3.12", "20250312"])
def test_date_in_another_format_shows_the_corrected_form(repo: Repo, written: str) -> None:
    repo.replace(RECORD, '"2025-03-12"', written)
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (4, "schema.date-form")
    assert problem["message"] == f"字段“date”（日期）的写法不对：“{written.strip(chr(34))}”，应写 2025-03-12"
    assert "YYYY-MM-DD" in problem["hint"]


def test_impossible_date_in_an_organization_file(repo: Repo) -> None:
    repo.replace(VILLAGE, 'founded: "2003-06-01"', 'founded: "2003-06-31"')
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (VILLAGE, 6, "schema.date")
    assert problem["message"] == "字段“founded”（成立日期）的“2003-06-31”不是真实存在的日期：2003年6月没有31日"


def test_value_not_among_the_choices(repo: Repo) -> None:
    repo.replace(RECORD, "type: special_study", "type: special_studdy")
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (2, "schema.choice")
    assert problem["message"] == "字段“type”（记录类型）的值“special_studdy”不在可选范围内"
    assert problem["hint"].startswith("是不是想写 special_study？可选的值：special_study（专题研究会议）；")


def test_missing_required_field(repo: Repo) -> None:
    text = repo.read(RECORD)
    repo.write(RECORD, text.replace("title: 2025年第一次意识形态工作专题研究会议\n", ""))
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 1, "schema.required")
    assert problem["message"] == "缺少必填字段“title”（标题）"


def test_member_written_by_name_instead_of_id(repo: Repo) -> None:
    repo.replace(RECORD, "lead: m-zhang-wei", "lead: 张伟")
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (6, "schema.member-name")
    assert problem["message"] == "字段“lead”（主持人/负责人）写的是姓名“张伟”，这里要写班子成员编号"
    assert problem["hint"].startswith("是不是 m-zhang-wei（张伟）？")


def test_a_misspelled_field_lists_only_the_fields_of_that_record_type(repo: Repo) -> None:
    repo.replace(RECORD, "topics:", "topicss:")
    problem = repo.only_problem()
    assert problem["message"] == "不认识的字段“topicss”"
    assert problem["hint"].startswith("是不是想写“topics”？这里可以写的字段：id、type、organization、date、")
    for other_type in ("directive", "lecture", "approval", "inspection", "assessment", "accountability", "rectification"):
        assert f"、{other_type}、" not in problem["hint"] and not problem["hint"].endswith(f"、{other_type}。")


def test_indentation_with_full_width_spaces_has_its_own_message(repo: Repo) -> None:
    text = repo.read(RECORD)
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("  - "))
    lines[i] = "\u3000\u3000" + lines[i][2:]
    repo.write(RECORD, "\n".join(lines) + "\n")
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (i + 1, "yaml.fullwidth-indent")
    assert problem["message"].startswith(f"第 {i + 1} 行用全角空格（“　”）缩进")
    assert "半角空格" in problem["hint"]
    assert "不认识的字段" not in repo.check().output


def test_all_problems_of_one_file_are_reported(repo: Repo) -> None:
    text = repo.read(RECORD)
    text = (
        text.replace("type: special_study", "type: special_studdy")
        .replace('"2025-03-12"', '"2025-02-30"')
        .replace("lead: m-zhang-wei", "lead: 张伟")
        .replace("attendance: 12", 'attendance: "十"')
        .replace("topics: [意识形态工作]", "topics: [意识形态工作]\nplace: 村委会")
    )
    repo.write(RECORD, text)
    result = repo.check("--format", "json")
    assert result.exit_code == 1
    found = repo.problems()
    assert [(p["path"], p["line"], p["code"]) for p in found] == [
        (RECORD, 2, "schema.choice"),
        (RECORD, 4, "schema.date"),
        (RECORD, 6, "schema.member-name"),
        (RECORD, 8, "schema.type"),
        (RECORD, 10, "schema.unknown-field"),
    ]


def test_schema_error_and_privacy_problem_in_the_same_file(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", 'attendance: "十"')
    repo.replace(RECORD, "明确村务公开栏的管理责任。", "联系电话13912345678。")
    found = repo.problems()
    assert [(p["line"], p["code"]) for p in found] == [(8, "schema.type"), (10, "privacy.personal-number")]


def test_evidence_needs_file_and_sha256_or_archive(repo: Repo) -> None:
    text = repo.read(RECORD)
    repo.write(RECORD, text[: text.index("    sha256:")])
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (12, "schema.one-of")
    assert problem["message"] == "字段“evidence[0]”（证明材料）的写法不对"
    assert "仓库中的文件" in problem["hint"] and "纸质档案" in problem["hint"]


def test_field_that_belongs_to_another_record_type(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", "incident: {category: other, level: general}")
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (8, "schema.not-allowed")
    assert problem["message"] == "这类记录不能写字段“incident”"
    assert problem["hint"] == "incident（事件信息）只用于 type: incident，重大情况/突发事件记录必须写 incident。"
