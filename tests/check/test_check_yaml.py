"""``ysxt check`` on files that cannot be read as strict YAML: where, what, how to fix."""

from __future__ import annotations

import time

from tests.builders.repo import RECORD, RECORD_TEXT, Repo

SUMMARY_ONE_ERROR = "检查了 5 个文件，发现 1 个错误。请按提示改正后再提交。\n"


def summary(problem: dict[str, object]) -> tuple[object, ...]:
    return (problem["path"], problem["line"], problem["severity"], problem["code"], problem["message"])


def test_minimal_repo_passes(repo: Repo) -> None:
    result = repo.check()
    assert result.exit_code == 0
    assert result.stdout == "检查了 5 个文件，没有发现问题。\n"
    assert result.stderr == ""


def test_unclosed_quote_is_reported_on_the_line_where_the_quote_opens(repo: Repo) -> None:
    repo.replace(RECORD, "title: 2025年第一次", 'title: "2025年第一次')
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:5: 错误：YAML 格式错误：引号没有配对，这一行的引号只有开头没有结尾\n"
        "    提示：请在值的末尾补上同样的英文引号（\" 或 '），或者去掉开头的引号。\n"
        + SUMMARY_ONE_ERROR
    )


def test_unclosed_quote_swallowing_the_next_quoted_value(repo: Repo) -> None:
    # The opening quote on line 4 pairs with the first quote of a later line; YAML itself
    # complains further down, the clerk needs line 4.
    repo.replace(RECORD, 'date: "2025-03-12"', 'date: "2025-03-12')
    repo.replace(RECORD, "attendance: 12", 'attendance: "12"')
    problem = repo.only_problem()
    assert summary(problem) == (
        RECORD, 4, "error", "yaml.syntax", "YAML 格式错误：引号没有配对，这一行的引号只有开头没有结尾"
    )


def test_unclosed_single_quote(repo: Repo) -> None:
    repo.replace(RECORD, "title: 2025年第一次意识形态工作专题研究会议", "title: '2025年第一次意识形态工作专题研究会议")
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (5, "yaml.syntax")
    assert "引号没有配对" in problem["message"]


def test_unclosed_square_bracket(repo: Repo) -> None:
    repo.replace(RECORD, "participants: [m-zhang-wei, m-chen-fang]", "participants: [m-zhang-wei, m-chen-fang")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 7, "error", "yaml.syntax", "YAML 格式错误：方括号“[”没有配对")
    assert "补上“]”" in problem["hint"]


def test_field_indented_more_than_the_one_above(repo: Repo) -> None:
    repo.replace(RECORD, "type: special_study", " type: special_study")
    problem = repo.only_problem()
    assert summary(problem) == (
        RECORD, 2, "error", "yaml.syntax", "YAML 格式错误：缩进没有对齐，这一行比上一行多了空格"
    )
    assert "左对齐" in problem["hint"]


def test_field_in_a_list_item_not_aligned(repo: Repo) -> None:
    repo.replace(RECORD, "    file:", "   file:")
    problem = repo.only_problem()
    assert summary(problem) == (
        RECORD, 13, "error", "yaml.syntax", "YAML 格式错误：缩进没有对齐，这一行和上一个字段没有左对齐"
    )


def test_tab_used_for_indentation(repo: Repo) -> None:
    repo.replace(RECORD, "    file:", "\tfile:")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 13, "error", "yaml.syntax", "YAML 格式错误：不能用 Tab 键缩进")
    assert problem["hint"] == "请把 Tab 换成空格，每级缩进 2 个空格。"


def test_tab_before_a_list_dash(repo: Repo) -> None:
    repo.replace(RECORD, "  - title: 会议记录", "\t- title: 会议记录")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 12, "error", "yaml.syntax", "YAML 格式错误：不能用 Tab 键缩进")


def test_chinese_colon_after_a_field_name(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", "attendance：12")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 8, "error", "yaml.syntax", "YAML 格式错误：字段名后面用了中文冒号“：”")
    assert "英文冒号" in problem["hint"]


def test_unquoted_colon_in_a_value(repo: Repo) -> None:
    repo.replace(RECORD, "title: 2025年第一次意识形态工作专题研究会议", "title: 会议: 第一次")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 5, "error", "yaml.syntax", "YAML 格式错误：这里不能出现冒号“:”")
    assert 'title: "会议：第一次"' in problem["hint"]


def test_gbk_file_is_named_as_gbk(repo: Repo) -> None:
    repo.write(RECORD, RECORD_TEXT.encode("gbk"))
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:5: 错误：文件像是 GBK/GB2312 编码（Windows 记事本或 WPS 的默认编码），不是 UTF-8\n"
        "    提示：请在编辑器中选择“另存为”，编码选 UTF-8 后保存；不要直接改文件扩展名。\n"
        + SUMMARY_ONE_ERROR
    )


def test_utf8_with_bom_is_accepted(repo: Repo) -> None:
    repo.write(RECORD, b"\xef\xbb\xbf" + RECORD_TEXT.encode("utf-8"))
    result = repo.check()
    assert result.exit_code == 0, result.output
    assert result.stdout == "检查了 5 个文件，没有发现问题。\n"


def test_utf8_with_bom_still_gets_exact_lines(repo: Repo) -> None:
    repo.write(RECORD, b"\xef\xbb\xbf" + RECORD_TEXT.replace("attendance: 12", 'attendance: "十"').encode())
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 8, "schema.type")


def test_utf16_with_bom(repo: Repo) -> None:
    repo.write(RECORD, RECORD_TEXT.encode("utf-16"))
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 1, "error", "file.encoding", "文件是 UTF-16 编码，不是 UTF-8")
    assert "另存为" in problem["hint"]


def test_utf16_without_bom(repo: Repo) -> None:
    repo.write(RECORD, RECORD_TEXT.encode("utf-16-le"))
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 1, "error", "file.encoding", "文件是 UTF-16 编码，不是 UTF-8")


def test_duplicate_key(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12\n", "attendance: 12\nattendance: 13\n")
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:9: 错误：字段“attendance”重复出现\n"
        "    提示：同一层里一个字段只能写一次；请删除或合并重复的那一行。\n"
        + SUMMARY_ONE_ERROR
    )


def test_duplicate_key_inside_a_list_item(repo: Repo) -> None:
    repo.replace(RECORD, "    file:", "    title: 签到表\n    file:")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 13, "error", "yaml.duplicate-key", "字段“title”重复出现")


BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
)


def test_alias_bomb_is_refused_quickly(repo: Repo) -> None:
    repo.write(RECORD, BILLION_LAUGHS)
    started = time.perf_counter()
    problem = repo.only_problem()
    assert time.perf_counter() - started < 5
    assert summary(problem) == (RECORD, 1, "error", "yaml.anchor", "不允许使用锚点“&a”")


def test_alias_without_anchor(repo: Repo) -> None:
    repo.replace(RECORD, "lead: m-zhang-wei", "lead: *zhang")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 6, "error", "yaml.alias", "不允许使用别名“*zhang”")
    assert "加引号" in problem["hint"] or "引号括起来" in problem["hint"]


def test_anchor(repo: Repo) -> None:
    repo.replace(RECORD, "participants: [m-zhang-wei", "participants: &who [m-zhang-wei")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 7, "error", "yaml.anchor", "不允许使用锚点“&who”")
    assert problem["hint"] == "请把内容直接写出来；值以 & 开头时请用英文引号括起来。"


def test_explicit_python_tag(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12", "attendance: !!python/object:os.system 12")
    problem = repo.only_problem()
    assert summary(problem) == (
        RECORD, 8, "error", "yaml.tag", "不允许使用标签“!!python/object:os.system”"
    )


def test_explicit_local_tag(repo: Repo) -> None:
    repo.replace(RECORD, "title: 2025年", "title: !mark 2025年")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 5, "error", "yaml.tag", "不允许使用标签“!mark”")


def test_huge_file(repo: Repo) -> None:
    repo.write(RECORD, RECORD_TEXT + "# " + "x" * (1024 * 1024) + "\n")
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}: 错误：文件太大（1025 KB），一个记录文件最多 1024 KB\n"
        "    提示：记录文件只写文字信息；扫描件、照片等材料放在 records/evidence/ 下，用 evidence 引用。\n"
        + SUMMARY_ONE_ERROR
    )


def test_file_of_exactly_the_limit_is_read(repo: Repo) -> None:
    padding = 1024 * 1024 - len(RECORD_TEXT.encode()) - 3
    repo.write(RECORD, RECORD_TEXT + "#" + "x" * padding + "\n")
    assert len(repo.path(RECORD).read_bytes()) == 1024 * 1024 - 1
    assert repo.check().exit_code == 0


def test_empty_file(repo: Repo) -> None:
    repo.write(RECORD, "")
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:1: 错误：文件是空的\n"
        "    提示：请按模板填写内容，或删除这个文件。\n"
        + SUMMARY_ONE_ERROR
    )


def test_file_with_only_comments_is_empty(repo: Repo) -> None:
    repo.write(RECORD, "# 待填写\n\n")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 1, "error", "yaml.empty", "文件是空的")


def test_top_level_list(repo: Repo) -> None:
    repo.write(RECORD, "- id: 2025-qingshan-village-zyyj-01\n- type: special_study\n")
    problem = repo.only_problem()
    assert summary(problem) == (RECORD, 1, "error", "yaml.not-mapping", "文件内容应是一组“字段名: 值”，这里不是")
    assert "不能是列表" in problem["hint"]


def test_top_level_text_with_chinese_colon(repo: Repo) -> None:
    repo.write(RECORD, "id：2025-qingshan-village-zyyj-01\n")
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (1, "yaml.not-mapping")
    assert "中文冒号" in problem["hint"]


def test_two_documents_in_one_file(repo: Repo) -> None:
    repo.write(RECORD, RECORD_TEXT + "---\nid: other\n")
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 15, "yaml.syntax")
    assert "一个文件只能写一条" in problem["message"]


def test_yes_and_no_stay_text(repo: Repo) -> None:
    # YAML 1.1 would read "no" as false; a clerk's "no" is a word, and here a wrong type.
    repo.replace(RECORD, "attendance: 12", "attendance: no")
    problem = repo.only_problem()
    assert problem["message"] == "字段“attendance”（参加人数）应为整数，这里写的是文字"


def test_windows_line_endings_are_accepted(repo: Repo) -> None:
    repo.write(RECORD, RECORD_TEXT.replace("\n", "\r\n"))
    assert repo.check().exit_code == 0


def test_windows_line_endings_keep_exact_lines(repo: Repo) -> None:
    repo.write(RECORD, RECORD_TEXT.replace("attendance: 12", 'attendance: "十"').replace("\n", "\r\n"))
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 8, "schema.type")
