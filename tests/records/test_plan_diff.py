"""What a plan revision changes, in words (``ysxt_build.records.plan_diff``)."""

from __future__ import annotations

from typing import Any

from tests.builders.engine import (
    labels,
    plan_data,
    precondition,
    quota,
    real_plan_data,
    real_vocabulary,
    standing,
    triggered,
)
from ysxt_build.records.model import Plan, bind
from ysxt_build.records.plan_diff import diff_plans, render


def _plan(obligations: list[dict[str, Any]], **kw: Any) -> Plan:
    """A plan read in the town's words (duties with no kinds: 党总支、党支部)."""
    return bind(Plan.from_data(plan_data(obligations, **kw)), real_vocabulary())


def test_the_same_plan_has_no_changes() -> None:
    plan = Plan.from_data(real_plan_data())
    d = diff_plans(plan, plan, labels())
    assert d.empty
    assert render(d).splitlines()[-1] == "两个方案的责任事项、条款和设置相同，没有改动。"


def test_duties_added_removed_and_changed_are_said_in_words() -> None:
    old = _plan([quota("study", ("special_study",), count=2), standing("roles", {"has_roles": ["secretary"]}),
                 triggered("relay", ("directive",), ("directive_study",), 7)], id="p", due_soon_days=30)
    new = _plan([quota("study", ("special_study",), count=3, grace_days=15),
                 triggered("relay", ("directive",), ("directive_study",), 5),
                 quota("analysis", ("special_study", "party_briefing"), period="quarter")],
                id="p", effective_from="2026-01-01", due_soon_days=15)
    d = diff_plans(old, new, labels())
    assert [c.obligation.id for c in d.added] == ["analysis"]
    assert [c.obligation.id for c in d.removed] == ["roles"]
    changed = {c.obligation.id: c.lines for c in d.changed}
    assert changed == {
        "study": ("次数：每年至少 2 次 → 每年至少 3 次", "截止：期末当天 → 期末后 15 天内"),
        "relay": ("回应期限：7 天 → 5 天",),
    }
    assert d.facts == ("施行日期：2025-01-01 → 2026-01-01", "临期提醒天数：30 → 15")
    assert render(d) == (
        "方案修订：测试方案 p：p → p\n"
        "\n"
        "方案信息和评判设置：\n"
        "  施行日期：2025-01-01 → 2026-01-01\n"
        "  临期提醒天数：30 → 15\n"
        "\n"
        "新增责任 1 项：\n"
        "  + 二（一）4 测试责任 analysis（analysis）\n"
        "      党总支、党支部：每季度至少 1 次专题研究会议或党内通报，期末当天\n"
        "\n"
        "删除责任 1 项：\n"
        "  - 二（一）4 测试责任 roles（roles）\n"
        "      党总支、党支部：须有在任的书记（第一责任人）\n"
        "\n"
        "修改责任 2 项：\n"
        "  * 二（一）4 测试责任 study（study）\n"
        "      次数：每年至少 2 次 → 每年至少 3 次\n"
        "      截止：期末当天 → 期末后 15 天内\n"
        "  * 二（一）4 测试责任 relay（relay）\n"
        "      回应期限：7 天 → 5 天\n"
    )


def test_precondition_rules_and_clauses() -> None:
    old = _plan([precondition("lecture")])
    rule = {"types": ["lecture"], "needs": [{"name": "审核", "types": ["approval"], "results": ["approved"], "days_ahead": 7}],
            "late": "warning"}
    new_data = plan_data([{**precondition("lecture"), "precondition": rule, "clause": "二（一）5"}])
    new = bind(Plan.from_data(new_data), real_vocabulary())
    d = diff_plans(old, new, labels())
    (change,) = d.changed
    assert change.lines == (
        "条款：二（一）4 → 二（一）5",
        "事先审核：报告会、研讨会、讲座、论坛、讲坛须有（审核报备，结果为同意或已备案）；缺少：不完整；不够提前：不完整"
        " → 报告会、研讨会、讲座、论坛、讲坛须有（审核，审核报备，结果为同意，提前 7 天）；缺少：不完整；不够提前：只提醒",
    )
    assert (d.clauses_added, d.clauses_removed) == (("二（一）5",), ("二（一）4",))
