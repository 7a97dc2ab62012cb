"""``ysxt plan diff``, end to end through the real command: exact messages and exit codes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.builders.repo import PLAN, Repo
from ysxt_build.cli.main import main

runner = CliRunner()


def revise(repo: Repo) -> str:
    """A 2026 revision of the town's plan: three special studies, self-inspection reported in 10
    days, the team-building duty dropped; the 2025 plan ends on 2025-12-31."""
    text = repo.read(PLAN)
    new = (
        text.replace("id: xx-town-2025", "id: xx-town-2026")
        .replace('effective_from: "2025-01-01"', 'effective_from: "2026-01-01"')
        .replace("title: 每年至少两次专题研究意识形态工作", "title: 每年至少三次专题研究意识形态工作")
        .replace("    period: year\n    count: 2\n", "    period: year\n    count: 3\n")
        .replace("due: {grace_days: 15}", "due: {grace_days: 10}")
    )
    start, end = new.index("  - id: org-team-building"), new.index("  - id: org-accountability")
    repo.write("records/plans/xx-town-2026.yaml", new[:start] + new[end:])
    repo.replace(PLAN, 'effective_from: "2025-01-01"', 'effective_from: "2025-01-01"\neffective_to: "2025-12-31"')
    return "records/plans/xx-town-2026.yaml"


def run(repo: Repo, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, ["plan", "diff", *args, "--repo", str(repo.root)])
    return result.exit_code, result.stdout, result.stderr


def test_a_revision_is_said_in_chinese(repo: Repo) -> None:
    revise(repo)
    assert repo.check().exit_code == 0, repo.check().output
    code, out, _ = run(repo, "xx-town-2025", "xx-town-2026")
    assert code == 1
    assert out == (
        "方案修订：XX镇意识形态工作责任制实施方案：xx-town-2025 → xx-town-2026\n"
        "\n"
        "方案信息和评判设置：\n"
        "  施行日期：2025-01-01 → 2026-01-01\n"
        "  废止日期：2025-12-31 → （未写）\n"
        "\n"
        "删除责任 1 项：\n"
        "  - 二（一）9 加强宣传思想文化队伍建设（org-team-building）\n"
        "      党总支、党支部：每年检查评定\n"
        "\n"
        "修改责任 2 项：\n"
        "  * 二（一）4 每年至少三次专题研究意识形态工作（org-special-study）\n"
        "      名称：每年至少两次专题研究意识形态工作 → 每年至少三次专题研究意识形态工作\n"
        "      次数：每年至少 2 次 → 每年至少 3 次\n"
        "  * 二（一）4 每半年开展专题自查，自查结果书面报镇党委（org-self-inspection）\n"
        "      截止：期末后 15 天内 → 期末后 10 天内\n"
    )


def test_no_change_exits_0(repo: Repo) -> None:
    code, out, _ = run(repo, "xx-town-2025", str(repo.path(PLAN)))
    assert (code, out.splitlines()[-1]) == (0, "两个方案的责任事项、条款和设置相同，没有改动。")


def test_a_draft_outside_the_repository(repo: Repo, tmp_path: Path) -> None:
    draft = tmp_path / "修订稿.yaml"
    draft.write_text(repo.read(PLAN).replace("due_soon_days: 30", "due_soon_days: 20"), encoding="utf-8")
    code, out, _ = run(repo, "xx-town-2025", str(draft))
    assert code == 1
    assert "  临期提醒天数：30 → 20\n" in out


def test_unknown_plan_is_a_usage_error(repo: Repo) -> None:
    code, _, err = run(repo, "xx-town-2025", "xx-town-2030")
    assert (code, err) == (2, "错误：找不到方案“xx-town-2030”：既不是文件，也不是 records/plans/ 下的方案编号。\n")


def test_an_invalid_plan_names_the_line(repo: Repo, tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(repo.read(PLAN).replace("    count: 2\n", "    count: 两次\n"), encoding="utf-8")
    code, _, err = run(repo, "xx-town-2025", str(draft))
    assert code == 2
    line = next(i for i, text in enumerate(draft.read_text(encoding="utf-8").splitlines(), 1) if "count: 两次" in text)
    assert err.startswith(f"错误：{draft} 不是有效的实施方案：\n  第 {line} 行：字段“obligations[7].count”（至少次数）应为整数，这里写的是文字\n")
    assert err.endswith("提示：请先改正（ysxt check 会指出每一处）。\n")
