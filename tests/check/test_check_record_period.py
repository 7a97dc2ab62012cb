"""``ysxt check`` on a record's ``period`` that the repository has no such period for: a
semester label in the town's repository (its vocabulary defines no periods of its own), a
period written in words. Each names file and line, the period meant or why there is none, and
what may be written (the field's description). The school's own periods: tests/examples/test_example_record_periods.py."""

from __future__ import annotations

import pytest

from tests.builders.repo import RECORD, Repo

TOWN_HINT = ('活动针对的期间，写成 2025（年）、2025H2（下半年）、2025Q4（季度）或 2025M12（月）。只在活动日期已进入下一期间时写，'
             '例如 2026年1月的述职报告针对 2025 年就写 period: "2025"；不写时按日期所在期间计算。')


@pytest.mark.parametrize(("written", "code", "message"), [
    ("2024S1", "schema.period-unknown",
     "字段“period”（所属期间）的“2024S1”不是本仓库的期间：本仓库的词汇表没有可用的自定期间（如学期），期间只能写年、半年、季度或月"),
    ("2024—2025学年第一学期", "schema.pattern", "字段“period”（所属期间）的写法不对：“2024—2025学年第一学期”"),
    ("2024年下半年", "schema.period-form", "字段“period”（所属期间）的写法不对：“2024年下半年”，应写 2024H2（2024年下半年）"),
    ("2024h2", "schema.period-form", "字段“period”（所属期间）的写法不对：“2024h2”，应写 2024H2（2024年下半年）"),
    ("2024H3", "schema.pattern", "字段“period”（所属期间）的写法不对：“2024H3”"),
])
def test_a_period_the_town_has_not_says_what_may_be_written(repo: Repo, written: str, code: str, message: str) -> None:
    repo.replace(RECORD, 'date: "2025-03-12"\n', f'date: "2025-03-12"\nperiod: "{written}"\n')
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"], problem["severity"]) == (RECORD, 5, code, "error")
    assert (problem["message"], problem["hint"]) == (message, TOWN_HINT)


def test_the_terminal_names_file_and_line(repo: Repo) -> None:
    repo.replace(RECORD, 'date: "2025-03-12"\n', 'date: "2025-03-12"\nperiod: "2024S2"\n')
    result = repo.check()
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:5: 错误：字段“period”（所属期间）的“2024S2”不是本仓库的期间："
        "本仓库的词汇表没有可用的自定期间（如学期），期间只能写年、半年、季度或月\n"
        f"    提示：{TOWN_HINT}\n"
        "检查了 5 个文件，发现 1 个错误。请按提示改正后再提交。\n"
    )


def test_a_half_year_written_right_passes(repo: Repo) -> None:
    repo.replace(RECORD, 'date: "2025-03-12"\n', 'date: "2025-03-12"\nperiod: "2024H2"\n')
    assert repo.check().exit_code == 0
