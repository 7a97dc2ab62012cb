"""The pure side of ``ysxt pr-summary`` and ``ysxt alerts``: comparing two status reports and
writing the Markdown. Entries are made by hand, so these tests do not depend on the plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ysxt_build.ci.reports import (
    MAX_ITEMS,
    FileChange,
    Names,
    alerts_markdown,
    compare_pr,
    compute_alerts,
    md,
    organization_of_path,
    parse_name_status,
    pr_summary_markdown,
    touched_organizations,
    uncounted_records,
)
from ysxt_build.status.model import Entry, StatusReport

AS_OF = date(2025, 12, 31)

NAMES = Names(
    organizations={"village": "青山村党总支", "town": "中共XX镇委员会"},
    org_order={"village": 0, "town": 1},
    members={"m-zhang": "张伟"},
    obligations={"study": "二（一）4 每年至少两次专题研究", "plan": "二（一）3 年度重点工作安排", "relay": "二（一）3 第一时间传达学习"},
    files={"records/activities/2025/village/r2.yaml": "专题研究会议“第二次会议”（2025-04-01）"},
)


def entry(obligation: str = "study", status: str = "open", **kw: Any) -> Entry:
    base: dict[str, Any] = dict(
        obligation=obligation,
        plan="p",
        organization="village",
        period="2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        status=status,
        due=date(2025, 12, 31),
        required=2,
    )
    base.update(kw)
    return Entry(**base)


def report(*entries: Entry, as_of: date = AS_OF) -> StatusReport:
    return StatusReport(as_of=as_of, entries=entries)


# -- git output and paths ----------------------------------------------------------------------


def test_parse_name_status_with_renames_and_chinese_paths() -> None:
    out = "A\0records/activities/2025/v/新.yaml\0R100\0records/a.yaml\0records/b.yaml\0D\0records/c.yaml\0"
    assert parse_name_status(out) == [
        FileChange("A", "records/activities/2025/v/新.yaml"),
        FileChange("R", "records/b.yaml", old_path="records/a.yaml"),
        FileChange("D", "records/c.yaml"),
    ]
    assert parse_name_status("") == []


def test_organization_of_path() -> None:
    assert organization_of_path("records/activities/2025/village/r.yaml") == "village"
    assert organization_of_path("records/evidence/2025/village/x.pdf") == "village"
    assert organization_of_path("records/organizations/village.yaml") == "village"
    assert organization_of_path("records/plans/xx.yaml") is None
    assert organization_of_path("README.md") is None
    moved = FileChange("R", "records/activities/2025/b/r.yaml", old_path="records/activities/2025/a/r.yaml")
    assert touched_organizations([moved]) == {"a", "b"}


def test_markdown_escaping_keeps_words_with_underscores() -> None:
    assert md("mechanisms.public_opinion_watch") == "mechanisms.public_opinion_watch"
    assert md("<b>*x*</b> _y_ a|b") == r"\<b\>\*x\*\</b\> \_y\_ a\|b"


# -- comparing a pull request with its base ------------------------------------------------------


def test_compare_sorts_entries_into_fulfilled_progressed_started_regressed_and_still_late() -> None:
    base = report(
        entry("study", "due_soon", done=1),
        entry("plan", "missing", done=0, required=1),
        entry("plan", "missing", organization="town", required=1),
        entry("study", "met", member="m-zhang", done=2),
        entry("study", "overdue", period="2024", done=1),
        entry("relay", "by_inspection"),
    )
    head = report(
        entry("study", "met", done=2, records=("r1", "r2")),  # fulfilled
        entry("plan", "missing", done=0, required=1),  # still late (village is touched)
        entry("plan", "missing", organization="town", required=1),  # late, but town not touched
        entry("study", "overdue", member="m-zhang", done=1),  # regressed
        entry("study", "overdue", period="2024", done=1),  # still late
        entry("relay", "by_inspection"),  # judged: never compared
        entry("relay", "due_soon", trigger="t1", required=1),  # started
    )
    c = compare_pr(base, head, touched={"village"})
    assert [(e.obligation, b.status if b else None) for e, b in c.fulfilled] == [("study", "due_soon")]
    assert c.progressed == ()
    assert [e.trigger for e in c.started] == ["t1"]
    assert [(r.base.status if r.base else None, r.head.status if r.head else None) for r in c.regressed] == [
        ("met", "overdue")
    ]
    assert sorted((e.obligation, e.period) for e in c.still_late) == [("plan", "2025"), ("study", "2024")]


def test_progress_counts_records_even_when_the_status_word_stays() -> None:
    c = compare_pr(report(entry("study", "overdue", done=0, required=3)), report(entry("study", "overdue", done=1, required=3)))
    assert len(c.progressed) == 1 and c.still_late == ()
    c = compare_pr(report(entry("study", "missing", done=0)), report(entry("study", "incomplete", done=0, incomplete=1)))
    assert len(c.progressed) == 1


def test_an_entry_that_disappears_or_stops_applying_is_a_regression() -> None:
    gone = compare_pr(report(entry("study", "met", done=2)), report())
    assert [(r.base is not None, r.head) for r in gone.regressed] == [(True, None)]
    na = compare_pr(report(entry("study", "open")), report(entry("study", "not_applicable")))
    assert len(na.regressed) == 1
    quiet = compare_pr(report(entry("study", "not_applicable")), report(entry("study", "not_applicable")))
    assert quiet == compare_pr(report(), report())


def test_pr_summary_lines() -> None:
    base = report(entry("study", "due_soon", done=1), entry("plan", "missing", done=0, required=1, note="未开展，已于 2025-03-31 截止"))
    head = report(entry("study", "met", done=2), entry("plan", "missing", done=0, required=1, note="未开展，已于 2025-03-31 截止"))
    changes = [FileChange("A", "records/activities/2025/village/r2.yaml")]
    touched = touched_organizations(changes)
    text = pr_summary_markdown(changes, compare_pr(base, head, touched), NAMES, AS_OF, "`main`（共同起点 abc）", touched)
    lines = text.splitlines()
    assert lines[0] == "## 本次合并请求的记录情况"
    assert lines[2].startswith("按 2025-12-31 的情况计算，与 `main`（共同起点 abc）比较。")
    assert "- 新增 `records/activities/2025/village/r2.yaml`：专题研究会议“第二次会议”（2025-04-01）" in lines
    assert "### 本次完成的责任（1 项）" in lines
    assert "- ✔ 已完成 · 青山村党总支 · 2025年 · 二（一）4 每年至少两次专题研究（改动前：◔ 即将到期）" in lines
    assert "**青山村党总支**：1 项" in lines
    assert "- ✖ 未开展 · 2025年 · 二（一）3 年度重点工作安排：未开展，已于 2025-03-31 截止" in lines
    assert "与本次提交无关" in text
    assert text.endswith("\n")


def test_pr_summary_progress_started_and_regression_lines() -> None:
    base = report(
        entry("study", "overdue", done=0, required=3, period="2024"),
        entry("study", "met", done=2),
    )
    head = report(
        entry("study", "overdue", done=1, required=3, period="2024", note="还差 2 次"),
        entry("study", "open", done=1, note="还差 1 次"),
        entry("relay", "due_soon", required=1, trigger="t1", period="2025H2", note="需要传达学习，截止 2025-12-31"),
    )
    text = pr_summary_markdown([], compare_pr(base, head), NAMES, AS_OF, "`main`")
    lines = text.splitlines()
    assert "本次合并请求没有改动 records/ 下的文件。" in lines
    assert "- ✖ 已逾期 · 青山村党总支 · 2024年 · 二（一）4 每年至少两次专题研究：进度 1/3（改动前 0/3）；还差 2 次" in lines
    assert "- ◔ 即将到期 · 青山村党总支 · 2025年下半年 · 二（一）3 第一时间传达学习：需要传达学习，截止 2025-12-31" in lines
    assert "- ○ 进行中 · 青山村党总支 · 2025年 · 二（一）4 每年至少两次专题研究（改动前：✔ 已完成）：还差 1 次" in lines
    assert "### 请核对：改动后状态变差或不再计算的事项（1 项）" in lines


def test_long_lists_are_capped() -> None:
    many = [entry("plan", "missing", period=f"2025M{m:02d}", member=f"m{i}") for m in range(1, 13) for i in range(5)]
    text = pr_summary_markdown(
        [FileChange("M", "records/organizations/village.yaml")],
        compare_pr(report(*many), report(*many), {"village"}),
        NAMES,
        AS_OF,
        "`main`",
        {"village"},
    )
    assert f"**青山村党总支**：{len(many)} 项" in text
    assert f"- ……另有 {len(many) - MAX_ITEMS} 项未列出，运行 `ysxt status --org village --only overdue` 查看全部。" in text


def test_records_that_count_for_nothing() -> None:
    names = replace(
        NAMES,
        records={
            "records/activities/2025/village/r1.yaml": ("r1", "special_study"),
            "records/activities/2025/village/r2.yaml": ("r2", "special_study"),
            "records/activities/2025/village/t1.yaml": ("t1", "directive"),
            "records/activities/2025/village/a1.yaml": ("a1", "approval"),
            "records/activities/2025/village/o1.yaml": ("o1", "other"),
        },
    )
    head = report(
        entry("study", "open", records=("r1",)),
        entry("relay", "open", trigger="t1#c1"),
        entry("plan", "by_inspection", records=("r2", "o1")),  # evidence for a judged duty
    )
    changes = [FileChange("A", p) for p in sorted(names.records)] + [FileChange("D", "records/activities/2025/village/gone.yaml")]
    assert uncounted_records(changes, head, names) == ["records/activities/2025/village/r2.yaml"]
    text = pr_summary_markdown(changes, compare_pr(head, head), names, AS_OF, "`main`", uncounted=["records/activities/2025/village/r2.yaml"])
    assert "### 没有计入任何责任的记录（1 个）" in text.splitlines()
    assert "- `records/activities/2025/village/r2.yaml`：专题研究会议“第二次会议”（2025-04-01）" in text.splitlines()


def test_load_errors_are_mentioned() -> None:
    text = pr_summary_markdown([], compare_pr(report(), report()), NAMES, AS_OF, "`main`", load_errors=["records/x.yaml"])
    assert "> 注意：有 1 个文件有错误，没有计入上面的统计：`records/x.yaml`。" in text


# -- alerts ----------------------------------------------------------------------------------


def test_alerts_find_what_newly_became_late_and_what_is_due_soon() -> None:
    since, today = date(2025, 7, 15), date(2025, 7, 16)
    half = dict(period="2025H1", period_start=date(2025, 1, 1), period_end=date(2025, 6, 30), required=1)
    before = report(
        entry("study", "due_soon", due=date(2025, 7, 15), **half),
        entry("plan", "missing", due=date(2025, 6, 30), **half),
        as_of=since,
    )
    now = report(
        entry("study", "missing", due=date(2025, 7, 15), note="未开展，已于 2025-07-15 截止", **half),
        entry("plan", "missing", due=date(2025, 6, 30), **half),
        entry("relay", "due_soon", organization="town", due=date(2025, 7, 30), note="截止 2025-07-30", **half),
        entry("relay", "open", organization="town", due=date(2025, 8, 30), trigger="t2", **half),
        entry("study", "met", organization="town", due=date(2025, 7, 20), **half),
        as_of=today,
    )
    alerts = compute_alerts(before, now, within=14)
    assert [e.obligation for e in alerts.newly_late] == ["study"]
    assert [e.obligation for e in alerts.due_within] == ["relay"]
    assert alerts.late_total == 2 and alerts.exit_code == 1
    lines = alerts_markdown(alerts, NAMES).splitlines()
    assert lines[0] == "## 意识形态工作责任制提醒（2025-07-16）"
    assert "### 新近逾期的事项（1 项）" in lines
    assert "- ✖ 未开展 · 青山村党总支 · 2025年上半年 · 二（一）4 每年至少两次专题研究：未开展，已于 2025-07-15 截止" in lines
    assert "### 14 天内到期的事项（1 项）" in lines
    assert "- 2025-07-30（还有 14 天） · ◔ 即将到期 · 中共XX镇委员会 · 2025年上半年 · 二（一）3 第一时间传达学习：截止 2025-07-30" in lines


def test_nothing_new_means_exit_code_zero() -> None:
    late = entry("plan", "missing")
    alerts = compute_alerts(report(late, as_of=date(2025, 7, 1)), report(replace(late), as_of=date(2025, 7, 2)), within=0)
    assert alerts.newly_late == () and alerts.exit_code == 0
    text = alerts_markdown(alerts, NAMES)
    assert "自 2025-07-01 以来没有新近逾期的事项。" in text
    assert "0 天内没有到期的事项。" in text
