"""Period arithmetic: bounds, neighbours, labels and due dates (``ysxt_build.records.periods``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ysxt_build.records.periods import KINDS, Cycle, Period, as_typed, due_date, month_day_in, overlap_days, periods_between, periods_zh

FAST = settings(max_examples=200, deadline=None)

kinds = st.sampled_from(KINDS)
days = st.dates(date(1990, 1, 1), date(2100, 12, 31))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    return Period.containing(draw(kinds), draw(days))


# -- properties ---------------------------------------------------------------------------


@FAST
@given(kinds, days)
def test_containing_contains_the_day(kind: str, day: date) -> None:
    p = Period.containing(kind, day)
    assert p.kind == kind
    assert p.contains(day)
    assert p.start <= day <= p.end
    assert p.year == day.year


@FAST
@given(periods())
def test_start_is_not_after_end_and_days_match(p: Period) -> None:
    assert p.start <= p.end
    assert p.days == (p.end - p.start).days + 1
    assert p.start.day == 1
    assert (p.end + timedelta(days=1)).day == 1  # ends on the last day of a month
    assert Period.containing(p.kind, p.start) == p
    assert Period.containing(p.kind, p.end) == p


@FAST
@given(periods())
def test_next_starts_the_day_after_the_end(p: Period) -> None:
    assert p.next().start == p.end + timedelta(days=1)
    assert p.previous().end == p.start - timedelta(days=1)
    assert p.next().kind == p.previous().kind == p.kind


@FAST
@given(periods())
def test_next_and_previous_are_inverse(p: Period) -> None:
    assert p.next().previous() == p
    assert p.previous().next() == p


@FAST
@given(kinds, days, st.integers(0, 800))
def test_periods_between_cover_the_range_without_gaps_or_overlaps(kind: str, first: date, span: int) -> None:
    last = first + timedelta(days=span)
    found = list(periods_between(kind, first, last))
    assert found
    assert found[0].contains(first)
    assert found[-1].contains(last)
    for a, b in zip(found, found[1:]):
        assert b.start == a.end + timedelta(days=1)  # no gap, no overlap
    assert all(p.overlaps(first, last) for p in found)
    covered = sum(p.days for p in found)
    assert covered >= span + 1
    assert covered == (found[-1].end - found[0].start).days + 1


@FAST
@given(kinds, days, st.integers(1, 400))
def test_periods_between_is_empty_when_the_range_is_reversed(kind: str, first: date, back: int) -> None:
    assert list(periods_between(kind, first, first - timedelta(days=back))) == []


@FAST
@given(periods())
def test_labels_round_trip_through_parse(p: Period) -> None:
    assert Period.parse(p.label) == p
    assert str(p) == p.label
    assert Period.parse(p.label.lower()) == p
    assert Period.parse(f" {p.label} ") == p


@FAST
@given(periods())
def test_chinese_labels_round_trip_through_parse(p: Period) -> None:
    """What the portal and the terminal show can be typed back (ysxt status --period 2026年下半年)."""
    assert Period.parse(p.label_zh) == p
    assert Period.parse(p.label_zh.replace("年", "", 1)) == p or p.kind in ("year", "month")


@FAST
@given(periods(), st.integers(0, 366))
def test_due_date_with_grace_is_end_plus_grace(p: Period, grace: int) -> None:
    assert due_date(p, grace) == p.end + timedelta(days=grace)
    assert due_date(p) == p.end


@FAST
@given(st.integers(1990, 2100), st.integers(1, 12), st.integers(1, 31))
def test_due_on_is_that_day_of_the_period_year_or_the_last_day_of_the_month(year: int, month: int, day: int) -> None:
    p = Period.of("year", year)
    got = due_date(p, 99, f"{month:02d}-{day:02d}")  # due_on wins over grace
    assert got.year == year and got.month == month
    try:
        assert got == date(year, month, day)
    except ValueError:  # 02-30, 04-31 …: clipped to the month's last day
        assert (got + timedelta(days=1)).day == 1


near = st.dates(date(2024, 1, 1), date(2027, 12, 31))


@FAST
@given(near, st.integers(-5, 800), near, st.one_of(st.none(), near))
def test_overlap_days_counts_the_shared_days(first: date, span: int, start: date, end: date | None) -> None:
    last = first + timedelta(days=span)
    expected = sum(
        1
        for i in range(max(0, span + 1))
        if start <= first + timedelta(days=i) and (end is None or first + timedelta(days=i) <= end)
    )
    assert overlap_days(first, last, start, end) == expected


# -- examples -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "half", "quarter", "month"),
    [
        ("2025-06-30", "2025H1", "2025Q2", "2025M06"),
        ("2025-07-01", "2025H2", "2025Q3", "2025M07"),
        ("2025-12-31", "2025H2", "2025Q4", "2025M12"),
        ("2026-01-01", "2026H1", "2026Q1", "2026M01"),
        ("2025-03-31", "2025H1", "2025Q1", "2025M03"),
        ("2025-04-01", "2025H1", "2025Q2", "2025M04"),
    ],
)
def test_boundaries(day: str, half: str, quarter: str, month: str) -> None:
    d = date.fromisoformat(day)
    assert Period.containing("half", d).label == half
    assert Period.containing("quarter", d).label == quarter
    assert Period.containing("month", d).label == month
    assert Period.containing("year", d).label == day[:4]


def test_bounds_of_the_halves_and_the_year() -> None:
    h1, h2 = Period.parse("2025H1"), Period.parse("2025H2")
    assert (h1.start, h1.end, h1.days) == (date(2025, 1, 1), date(2025, 6, 30), 181)
    assert (h2.start, h2.end, h2.days) == (date(2025, 7, 1), date(2025, 12, 31), 184)
    assert h1.next() == h2 and h2.next() == Period.parse("2026H1")
    assert Period.parse("2025").days == 365
    assert Period.parse("2024").days == 366
    assert Period.parse("2025Q4").next() == Period.parse("2026Q1")
    assert Period.parse("2026M01").previous() == Period.parse("2025M12")


def test_leap_years() -> None:
    assert Period.parse("2028M02").end == date(2028, 2, 29)
    assert Period.parse("2027M02").end == date(2027, 2, 28)
    assert Period.parse("2100M02").end == date(2100, 2, 28)  # not a leap year
    assert Period.parse("2000M02").end == date(2000, 2, 29)
    assert Period.containing("month", date(2028, 2, 29)).label == "2028M02"
    assert Period.containing("quarter", date(2028, 2, 29)).days == 91
    assert Period.parse("2028H1").days == 182


def test_due_on_february_29() -> None:
    assert month_day_in(2025, "02-29") == date(2025, 2, 28)
    assert month_day_in(2028, "02-29") == date(2028, 2, 29)
    assert due_date(Period.parse("2025"), due_on="02-29") == date(2025, 2, 28)
    assert due_date(Period.parse("2028"), due_on="02-29") == date(2028, 2, 29)
    assert due_date(Period.parse("2025"), due_on="03-31") == date(2025, 3, 31)


def test_grace_crosses_the_year() -> None:
    assert due_date(Period.parse("2025"), 31) == date(2026, 1, 31)
    assert due_date(Period.parse("2025H1"), 15) == date(2025, 7, 15)
    assert due_date(Period.parse("2025H2"), 15) == date(2026, 1, 15)


def test_labels() -> None:
    assert [Period.parse(x).label_zh for x in ("2025", "2025H1", "2025H2", "2025Q3", "2025M03")] == [
        "2025年", "2025年上半年", "2025年下半年", "2025年第三季度", "2025年3月",
    ]
    assert Period.parse("2025-03") == Period.parse("2025M03")
    assert Period.parse("2025h2") == Period.parse("2025H2")
    assert [Period.parse(x).label for x in ("2026上半年", "2026年下半年", "2026年度", "2026第3季度", "2026年03月")] == [
        "2026H1", "2026H2", "2026", "2026Q3", "2026M03",
    ]


@pytest.mark.parametrize("bad", ["", "25", "2025H3", "2025Q0", "2025Q5", "2025M13", "2025M00", "2025M3", "2025-13", "H1", "2025 H1",
                                 "2025年13月", "2025年中", "上半年", "2025年上", "2025年第五季度"])
def test_bad_labels_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        Period.parse(bad)


def test_of_refuses_unknown_kind_and_index() -> None:
    with pytest.raises(ValueError):
        Period.of("week", 2025)
    with pytest.raises(ValueError):
        Period.of("half", 2025, 3)
    with pytest.raises(ValueError):
        Period.of("month", 2025, 0)


def test_containing_refuses_unknown_kind_with_value_error() -> None:
    with pytest.raises(ValueError):
        Period.containing("week", date(2025, 1, 1))


def test_overlaps_and_contains() -> None:
    h1 = Period.parse("2025H1")
    assert h1.contains(date(2025, 6, 30)) and not h1.contains(date(2025, 7, 1))
    assert h1.overlaps(date(2025, 6, 30), date(2025, 12, 31))
    assert not h1.overlaps(date(2025, 7, 1), date(2025, 12, 31))
    assert overlap_days(date(2025, 7, 1), date(2025, 12, 31), date(2000, 1, 1), date(2025, 9, 30)) == 92
    assert overlap_days(date(2025, 1, 1), date(2025, 12, 31), date(2000, 1, 1), date(2025, 9, 30)) == 273
    assert overlap_days(date(2026, 1, 1), date(2026, 12, 31), date(2000, 1, 1), date(2025, 9, 30)) == 0
    assert overlap_days(date(2025, 1, 1), date(2025, 12, 31), date(2025, 7, 1), None) == 184


# -- cycles: a plan's own kinds of period (semesters, fiscal years) -------------------------

SEMESTER = Cycle("semester", "每学期", "S", ("09-01", "02-01"), ("{year}—{next}学年第一学期", "{year}—{next}学年第二学期"))
FISCAL = Cycle("fiscal", "每财年", "F", ("04-01",))
THIRDS = Cycle("thirds", "每学段", "T", ("02-15", "06-10", "10-01"))


@st.composite
def cycles(draw: st.DrawFn) -> Cycle:
    n = draw(st.integers(1, 4))
    days = sorted(draw(st.lists(st.dates(date(2023, 1, 1), date(2023, 12, 31)), min_size=n, max_size=n, unique=True)))
    shift = draw(st.integers(0, n - 1))
    ordered = days[shift:] + days[:shift]  # a cycle may begin at any of its starts
    return Cycle("c", "每期", "X", tuple(d.strftime("%m-%d") for d in ordered))


def test_semesters_are_the_schools() -> None:
    first = Period.containing(SEMESTER, date(2025, 12, 3))
    assert (first.label, first.start, first.end) == ("2025S1", date(2025, 9, 1), date(2026, 1, 31))
    assert first.label_zh == "2025—2026学年第一学期"
    second = first.next()
    assert (second.label, second.start, second.end) == ("2025S2", date(2026, 2, 1), date(2026, 8, 31))
    assert Period.containing(SEMESTER, date(2026, 8, 31)) == second
    assert Period.containing(SEMESTER, date(2026, 1, 31)) == first
    assert Period.parse("2025S2", [SEMESTER]) == second
    with pytest.raises(ValueError):
        Period.parse("2025S2")  # without the cycle, the label means nothing


def test_a_fiscal_year_and_its_fixed_due_day() -> None:
    p = Period.containing(FISCAL, date(2026, 3, 31))
    assert (p.label, p.start, p.end) == ("2025F1", date(2025, 4, 1), date(2026, 3, 31))
    assert p.label_zh == "2025年4月1日至2026年3月31日"
    assert due_date(p, due_on="06-30") == date(2025, 6, 30)
    assert due_date(p, due_on="03-31") == date(2026, 3, 31)


def test_periods_between_a_cycle() -> None:
    labels = [p.label for p in periods_between(THIRDS, date(2025, 1, 1), date(2025, 12, 31))]
    assert labels == ["2024T3", "2025T1", "2025T2", "2025T3"]


@pytest.mark.parametrize(("starts", "problem"), [
    (("09-01", "02-01"), None),
    (("02-01", "09-01", "01-15"), None),
    (("02-30",), "开始日期“02-30”不是每年都有的日期"),
    (("02-29",), "开始日期“02-29”不是每年都有的日期"),
    (("09-01", "10-01", "09-15"), "开始日期须按一个周期内的先后顺序排列，且不能重复"),
    (("09-01", "09-01"), "开始日期须按一个周期内的先后顺序排列，且不能重复"),
])
def test_cycle_definitions_are_checked(starts: tuple[str, ...], problem: str | None) -> None:
    assert Cycle("c", "每期", "X", starts).problem() == problem


def test_a_cycle_letter_may_not_be_a_built_in_one() -> None:
    assert Cycle("c", "每期", "H", ("09-01",)).problem() == "期间字母“H”不可用：请用 H、Q、M 以外的一个大写字母"


@FAST
@given(cycles(), days)
def test_a_cycle_partitions_time(cycle: Cycle, day: date) -> None:
    p = Period.containing(cycle, day)
    assert p.start <= day <= p.end
    assert p.next().start == p.end + timedelta(days=1)
    assert p.previous().end == p.start - timedelta(days=1)
    assert p.next().previous() == p and p.previous().next() == p
    assert Period.parse(p.label, [cycle]) == p
    assert Period.containing(cycle, p.start) == p and Period.containing(cycle, p.end) == p


# -- several periods named as a reader lists them (periods_zh) ------------------------------


def _read_back(text: str, kind: str) -> set[Period]:
    """The periods a reader takes from ``periods_zh``'s text: a range, or the list with a
    year carried to the entries after it (2026年第二、三季度)."""
    import re

    if " 至 " in text:
        first, rest = text.split(" 至 ")
        last = rest.split("（")[0]
        out, p = set(), Period.parse(first)
        while p <= Period.parse(last):
            out.add(p)
            p = p.next()
        assert rest.endswith(f"（共 {len(out)} 期）")
        return out
    found: set[Period] = set()
    for part in re.findall(r"\d{4}年[^\d]*?(?=、\d{4}年|$)|\d{4}年\d[\d、]*月", text):
        year = int(part[:4])
        body = part[5:]
        if kind == "year":
            found.add(Period.of("year", year))
        elif kind == "half":
            found |= {Period.of("half", year, i) for i, w in ((1, "上半年"), (2, "下半年")) if w in body}
        elif kind == "quarter":
            found |= {Period.of("quarter", year, "一二三四".index(c) + 1) for c in body if c in "一二三四"}
        else:
            found |= {Period.of("month", year, int(m)) for m in re.findall(r"\d+", body)}
    return found


@FAST
@given(kinds, st.sets(st.integers(0, 40), min_size=1, max_size=12))
def test_periods_zh_names_exactly_the_periods_given(kind: str, offsets: set[int]) -> None:
    first = Period.containing(kind, date(2024, 1, 1))
    chosen = set()
    for n in offsets:
        p = first
        for _ in range(n):
            p = p.next()
        chosen.add(p)
    text = periods_zh(chosen)
    assert _read_back(text, kind) == chosen, text
    consecutive = sorted(chosen)
    if " 至 " in text:  # a range only over periods that are all there
        assert all(a.next() == b for a, b in zip(consecutive, consecutive[1:]))


def test_periods_zh_examples() -> None:
    def q(year: int, index: int) -> Period:
        return Period.of("quarter", year, index)

    assert periods_zh([q(2025, 3), q(2026, 2), q(2026, 3)]) == "2025年第三季度、2026年第二、三季度"
    assert periods_zh([q(2025, 3), q(2025, 4), q(2026, 1)]) == "2025年第三季度 至 2026年第一季度（共 3 期）"
    assert periods_zh([Period.parse("2025H1"), Period.parse("2025H2")]) == "2025年上半年、下半年"
    assert periods_zh([Period.parse("2025H2"), Period.parse("2026H1")]) == "2025年下半年、2026年上半年"
    assert periods_zh([Period.parse("2026M03"), Period.parse("2026M05")]) == "2026年3、5月"
    semesters = Cycle("semester", "每学期", "S", ("09-01", "02-01"), ("{year}—{next}学年第一学期", "{year}—{next}学年第二学期"))
    both = [Period.of_cycle(semesters, 2025, 1), Period.of_cycle(semesters, 2026, 1)]
    assert periods_zh(both) == "2025—2026学年第一学期、2026—2027学年第一学期"


def test_a_cycles_periods_are_read_by_their_names_too() -> None:
    """ysxt status|export --period 2025—2026学年第一学期 (as the portal and the report write it)."""
    first = Period.of_cycle(SEMESTER, 2025, 1)
    for written in ("2025S1", "2025s1", "2025—2026学年第一学期", "2025-2026学年第一学期", "2025－2026 学年第一学期"):
        assert Period.parse(written, [SEMESTER]) == first, written
    assert Period.parse("2025—2026学年第二学期", [SEMESTER]) == Period.of_cycle(SEMESTER, 2025, 2)
    for wrong in ("2025—2027学年第一学期", "2025学年第一学期", "2025—2026学年第三学期"):
        with pytest.raises(ValueError):
            Period.parse(wrong, [SEMESTER])
    with pytest.raises(ValueError):
        Period.parse("2025—2026学年第一学期")  # without the vocabulary's cycles


@FAST
@given(st.integers(1990, 2100), st.integers(1, 2))
def test_a_cycle_periods_name_reads_back(year: int, index: int) -> None:
    p = Period.of_cycle(SEMESTER, year, index)
    assert Period.parse(p.label_zh, [SEMESTER]) == p
    assert Period.parse(p.label, [SEMESTER]) == p


def test_a_cycle_without_names_is_read_by_its_dates_and_names_may_begin_with_next() -> None:
    """A period is read back as label_zh writes it: a fiscal year without names by its dates; a
    semester named after the year it falls in ({next}年春季学期) by that year."""
    fiscal = Cycle("fiscal", "每财年", "F", ("04-01",))
    seasons = Cycle("season", "每学期", "T", ("09-01", "02-01"), ("{year}年秋季学期", "{next}年春季学期"))
    assert Period.parse("2025年4月1日至2026年3月31日", [fiscal]) == Period.of_cycle(fiscal, 2025)
    assert Period.parse("2026年春季学期", [seasons]) == Period.of_cycle(seasons, 2025, 2)
    assert Period.parse("2025年秋季学期", [seasons]) == Period.of_cycle(seasons, 2025, 1)
    with pytest.raises(ValueError):
        Period.parse("2025年4月2日至2026年3月31日", [fiscal])


@FAST
@given(st.integers(1990, 2100), st.sampled_from([("04-01",), ("09-01", "02-01"), ("01-15", "05-01", "09-01")]), st.data())
def test_a_cycle_period_without_names_reads_back(year: int, starts: tuple[str, ...], data: st.DataObject) -> None:
    cycle = Cycle("own", "每期", "P", starts)
    p = Period.of_cycle(cycle, year, data.draw(st.integers(1, len(starts))))
    assert Period.parse(p.label_zh, [cycle]) == p


def test_as_typed_on_a_chinese_keyboard() -> None:
    """What ysxt --period reads: full-width letters and digits, spaces, any dash."""
    assert as_typed("２０２５Ｓ１") == "2025S1"
    assert as_typed(" 2026 年 上半年 ") == "2026年上半年"
    assert as_typed("2025—2026学年") == as_typed("2025－2026学年") == as_typed("2025～2026学年") == "2025-2026学年"
    assert Period.parse(as_typed("２０２６Ｈ１")) == Period.of("half", 2026, 1)
    with pytest.raises(ValueError):
        Period.parse("2026 H1")  # the core reads labels as written; the command line types them first
