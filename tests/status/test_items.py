"""Entries grouped into the items a reader counts (ysxt_build.status.items), and the
registry's order of organisations: the pieces every list of things to do is built from."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders.engine import branch_data, town_data
from ysxt_build.records.model import Organization
from ysxt_build.records.order import registry_order
from ysxt_build.status.items import counts, group, late_items
from ysxt_build.status.model import LATE, STATUSES, Entry

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
    assert merged.periods == "2025年上半年、下半年"
    assert merged.members == ["m-b"] and merged.due == date(2025, 12, 31)  # the latest entry's, as its note
    soon = group([_entry(status="due_soon"), _entry("2025H2", status="due_soon")])
    assert len(soon) == 2  # pending items of different periods stay apart


QUARTERS = {"2025Q3": (date(2025, 7, 1), date(2025, 9, 30)), "2025Q4": (date(2025, 10, 1), date(2025, 12, 31)),
            "2026Q1": (date(2026, 1, 1), date(2026, 3, 31)), "2026Q2": (date(2026, 4, 1), date(2026, 6, 30)),
            "2026Q3": (date(2026, 7, 1), date(2026, 9, 30))}


def _quarter(label: str, status: str = "missing") -> Entry:
    start, end = QUARTERS[label]
    due = end + timedelta(days=15)
    return Entry(obligation="analysis", plan="p", organization="pg", period=label, period_start=start, period_end=end,
                 status=status, due=due, note=f"未开展分析研判会，已于 {due.isoformat()} 截止")


def test_missed_quarters_are_named_one_by_one_and_done_ones_are_not_in_between() -> None:
    """The county department as of 2026-12-01: Q3 2025, Q2 and Q3 2026 missed, Q4 and Q1 done."""
    entries = [_quarter("2025Q3"), _quarter("2025Q4", "met"), _quarter("2026Q1", "met_late"),
               _quarter("2026Q2"), _quarter("2026Q3")]
    (item,) = late_items(entries)
    assert item.periods == "2025年第三季度、2026年第二、三季度"
    assert item.due == date(2026, 10, 15) and item.note == "未开展分析研判会，已于 2026-10-15 截止"
    # the Excel sheet of 2026 names only 2026's quarters; of 2025 only 2025's
    in_2026 = item.within(date(2026, 1, 1), date(2026, 12, 31))
    assert in_2026 is not None and in_2026.periods == "2026年第二、三季度"
    in_2025 = item.within(date(2025, 1, 1), date(2025, 12, 31))
    assert in_2025 is not None and in_2025.periods == "2025年第三季度" and in_2025.due == date(2025, 10, 15)
    assert item.within(date(2024, 1, 1), date(2024, 12, 31)) is None


def test_entries_of_one_duty_with_different_statuses_are_different_items() -> None:
    """The museum's self-inspection: 2025H1 incomplete, 2025H2 done late, 2026H1 not done."""
    entries = [_entry("2025H1", status="incomplete", note="记录不完整"), _entry("2025H2", status="met_late"),
               _entry("2026H1", status="missing", note="未开展专题自查")]
    items = late_items(entries)
    assert [(i.status, i.periods, i.note) for i in items] == [
        ("incomplete", "2025年上半年", "记录不完整"), ("missing", "2026年上半年", "未开展专题自查"),
    ]
    assert counts(entries).late == 2


def test_late_directives_merge_but_pending_ones_do_not() -> None:
    late = [_entry(trigger="d-1"), _entry(trigger="d-2", due=date(2025, 7, 20)), _entry(trigger="d-3", member="m-b")]
    (item,) = group(late)
    assert item.periods == "2025年上半年（共 3 项）"
    assert item.last.trigger == "d-2"  # its note is of the latest deadline
    assert len(group([_entry(trigger="d-1", status="open"), _entry(trigger="d-2", status="open")])) == 2


def test_a_standing_condition_false_for_four_half_years_is_one_item_since_its_first_check() -> None:
    note = "未登记舆情日常监测应对机制（在组织登记文件的“工作机制”中写明建立日期）"
    entries = [_entry(p, obligation="org-opinion-watch", note=note) for p in HALVES]
    (item,) = late_items(entries, standing={"org-opinion-watch"}, as_of=date(2026, 12, 1))
    assert item.note == "自 2025-06-30 起" + note
    assert item.due == date(2025, 6, 30)  # the day the note names
    assert item.periods == "2025年上半年起至今"
    assert counts(entries, {"org-opinion-watch"}).late == 1
    # in a summary of 2026 it is still the one item false since 2025
    assert item.within(date(2026, 1, 1), date(2026, 12, 31)) == item
    # a condition false in one period only reads as that period's note
    (single,) = group(entries[-1:], {"org-opinion-watch"})
    assert single.note == note and single.periods == "2026年下半年"
    # another kind of note is joined with a colon
    other = [_entry(p, obligation="w", status="overdue", note="阵地登记上次核对于 2025-03-18") for p in ("2025H2", "2026H1")]
    (item,) = group(other, {"w"})
    assert item.note == "自 2025-12-31 起：阵地登记上次核对于 2025-03-18"


def test_a_standing_condition_is_one_item_per_run_of_the_same_gap() -> None:
    """False in 2025H1–H2, met in 2026H1, false again in 2026H2: two gaps, the first over."""
    lacking = "没有在任的分管领导（直接责任人）（截至 {}）"
    entries = [_entry(p, obligation="roles", note=lacking.format(HALVES[p][1])) for p in ("2025H1", "2025H2", "2026H2")]
    first, again = group(entries, {"roles"}, as_of=date(2026, 12, 1))
    assert first.periods == "2025年上半年 至 2025年下半年" and first.due == date(2025, 6, 30)
    assert first.note == "自 2025-06-30 起没有在任的分管领导（直接责任人）（截至 2025-12-31）"
    assert again.periods == "2026年下半年" and again.note == lacking.format("2026-12-31")
    # another role lacking is another gap, though the periods are consecutive
    other = _entry("2026H1", obligation="roles", note="没有在任的书记（第一责任人）（截至 2026-06-30）")
    assert len(group(entries + [other], {"roles"})) == 3
    # and so is another status
    late_review = [_entry("2025H1", obligation="w", note="没有核对阵地登记的记录"),
                   _entry("2025H2", obligation="w", status="overdue", note="阵地登记上次核对于 2025-08-01")]
    assert len(group(late_review, {"w"})) == 2


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


# -- the grouping as a property ---------------------------------------------------------------

_keys = st.tuples(
    st.sampled_from(["a", "b"]), st.sampled_from(["o", "s"]), st.sampled_from([None, "m-1", "m-2"]),
    st.sampled_from(sorted(HALVES)), st.sampled_from([None, "d-1", "d-2"]),
)
_values = st.tuples(st.sampled_from(STATUSES), st.sampled_from(["缺 A", "缺 B"]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_keys, _values, max_size=30), st.sampled_from([date(2025, 12, 1), date(2026, 12, 1)]))
def test_grouping_merges_only_the_same_gap_and_loses_nothing(
    table: dict[tuple[str, str, str | None, str, str | None], tuple[str, str]], as_of: date,
) -> None:
    entries = [
        _entry(period, organization=org, obligation=ob, member=member, trigger=trigger, status=status, note=note)
        for (org, ob, member, period, trigger), (status, note) in table.items()
    ]
    items = group(entries, {"s"}, as_of=as_of)
    grouped = [e for i in items for e in i.entries]
    assert sorted(map(id, grouped)) == sorted(map(id, entries))  # each entry in exactly one item
    for i in items:
        assert len({(e.organization, e.obligation) for e in i.entries}) == 1
        assert len({e.status for e in i.entries}) == 1  # one kind of gap
        if i.standing and len(i.entries) > 1:
            halves = sorted({e.period_start for e in i.entries})
            assert all(HALVES[p][0] in halves for p in HALVES if halves[0] <= HALVES[p][0] <= halves[-1])  # no gap
            assert i.due == i.first.due and i.note.endswith(i.last.note)
        else:
            assert i.due == i.last.due and i.note == i.last.note  # deadline and note of one entry
        if i.status not in LATE:
            assert len({(e.period, e.trigger) for e in i.entries}) == 1
        if " 至 " in i.periods:  # a range only over periods all in the item
            starts = sorted({e.period_start for e in i.entries})
            assert len(starts) == len([p for p in HALVES.values() if starts[0] <= p[0] <= starts[-1]])
    # late entries of one duty of a non-standing kind with one status are one item
    late = [i for i in items if i.status in LATE and not i.standing]
    assert len(late) == len({(i.organization, i.obligation, i.status) for i in late})
