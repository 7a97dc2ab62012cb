"""Entries grouped into the items a reader counts (ysxt_build.status.items), and the
registry's order of organisations: the pieces every list of things to do is built from."""

from __future__ import annotations

from datetime import date

from tests.builders.engine import branch_data, town_data
from ysxt_build.records.model import Organization
from ysxt_build.records.order import registry_order
from ysxt_build.status.items import counts, group, late_items
from ysxt_build.status.model import Entry

HALVES = {
    "2025H1": (date(2025, 1, 1), date(2025, 6, 30)),
    "2025H2": (date(2025, 7, 1), date(2025, 12, 31)),
    "2026H1": (date(2026, 1, 1), date(2026, 6, 30)),
    "2026H2": (date(2026, 7, 1), date(2026, 12, 31)),
}


def _entry(period: str = "2025H1", **kw: object) -> Entry:
    start, end = HALVES[period]
    base: dict[str, object] = dict(
        obligation="o", plan="p", organization="a", period=period, period_start=start, period_end=end,
        status="missing", due=end, note="n",
    )
    base.update(kw)
    return Entry(**base)  # type: ignore[arg-type]


def test_late_entries_of_one_duty_are_one_item_across_periods_and_members() -> None:
    late = [_entry(), _entry("2025H2"), _entry(member="m-b"), _entry(obligation="other")]
    items = group(late)
    assert len(items) == 2
    merged = next(i for i in items if i.obligation == "o")
    assert merged.periods == "2025年上半年 至 2025年下半年（共 2 期）"
    assert merged.members == ["m-b"] and merged.due == date(2025, 6, 30)
    soon = group([_entry(status="due_soon"), _entry("2025H2", status="due_soon")])
    assert len(soon) == 2  # pending items of different periods stay apart


def test_late_directives_merge_but_pending_ones_do_not() -> None:
    late = [_entry(trigger="d-1"), _entry(trigger="d-2", due=date(2025, 7, 20)), _entry(trigger="d-3", member="m-b")]
    (item,) = group(late)
    assert item.periods == "2025年上半年（共 3 项）"
    assert item.last.trigger == "d-2"  # its note is of the latest deadline
    assert len(group([_entry(trigger="d-1", status="open"), _entry(trigger="d-2", status="open")])) == 2


def test_a_standing_condition_false_for_four_half_years_is_one_item_since_its_first_check() -> None:
    note = "未登记舆情日常监测应对机制（在组织登记文件的“工作机制”中写明建立日期）"
    entries = [_entry(p, obligation="org-opinion-watch", note=note) for p in HALVES]
    (item,) = late_items(entries, standing={"org-opinion-watch"})
    assert item.note == "自 2025-06-30 起" + note
    assert item.periods == "2025年上半年起至今"
    assert counts(entries, {"org-opinion-watch"}).late == 1
    # a condition false in one period only reads as that period's note
    (single,) = group(entries[-1:], {"org-opinion-watch"})
    assert single.note == note and single.periods == "2026年下半年"
    # another kind of note is joined with a colon
    other = [_entry(p, obligation="w", status="overdue", note="阵地登记上次核对于 2025-03-18") for p in ("2025H2", "2026H1")]
    (item,) = group(other, {"w"})
    assert item.note == "自 2025-12-31 起：阵地登记上次核对于 2025-03-18"


def _org(data: dict[str, object]) -> Organization:
    return Organization.from_data(data, f"records/organizations/{data['id']}.yaml")


def test_registry_order_is_town_first_then_each_parent_with_its_children() -> None:
    orgs = [
        _org(branch_data("a-school", name="小学党支部", category="school")),
        _org(branch_data("b-tea", name="茶厂党支部", category="enterprise", dissolved="2025-09-30")),
        _org(branch_data("c-tea", name="茶业党支部", category="enterprise")),
        _org(branch_data("z-village", name="青山村党总支", kind="general_branch", category="village")),
        _org(branch_data("y-village", name="柳树村党支部", category="village")),
        _org(branch_data("z-village-1", name="青山村第一党支部", category="village", parent="z-village")),
        _org(town_data()),
    ]
    categories = ["town", "village", "community", "office", "school", "clinic", "enterprise"]
    kinds = ["town_committee", "general_branch", "branch"]  # the vocabulary's order
    order = [o.id for o in registry_order(orgs, categories, kinds)]
    assert order == ["town", "z-village", "z-village-1", "y-village", "a-school", "c-tea", "b-tea"]
