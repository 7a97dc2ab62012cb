"""Every number in the self-inspection report is status.json's, for every organisation of the
demo, in a half-year and a full-year report (issue: the report understated work done).

The report is read as a clerk reads it: each line under a duty's heading is matched to its
entry in ``ysxt status --format json`` by the member's name and the period it names, and then
every count (应至少 N 次, 已开展 d 次, 另有 k 次, 相关记录 n 条, 举办 N 次), every record it
lists (date and title) and every deadline must be that entry's.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from ysxt_build.cli.main import main
from ysxt_build.exports.docx import book_title, self_inspection_content
from ysxt_build.records.periods import date_zh
from ysxt_build.records.periods import Period
from ysxt_build.status.model import DONE, LATE
from ysxt_build.status.pipeline import Computed, compute_repository

PROJECT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 12, 1)
REPORTS = ["2026H2", "2026", "2025"]  # the half-year, the year that holds it, a closed year

_LINE = re.compile(
    r"^(?:(?P<name>[^：（《]+)（(?:书记|分管领导|班子成员)）：)?"
    r"(?P<period>\d{4}年(?:上半年|下半年)?)(?P<body>(?:应至少|应检查|相关记录|举办|没有).*)$"
)
_PROBLEM = re.compile(r"^\d+．(?P<title>[^（：]+(?:（[^，）]*）)?)(?:（(?P<name>[^，]+)，[^）]+）)?：(?P<line>.*)$")
_HEAD = re.compile(r"(《[^》]*》)[（，](\d{4}年\d{1,2}月\d{1,2}日)")  # a directive or an inspection
_RECORD = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)(《[^》]*》)")


@pytest.fixture(scope="module")
def computed() -> Computed:
    return compute_repository(PROJECT, AS_OF, use_cache=False)


@pytest.fixture(scope="module")
def status_json() -> dict[str, Any]:
    result = CliRunner().invoke(
        main, ["status", "--repo", str(PROJECT), "--as-of", AS_OF.isoformat(), "--format", "json", "--no-cache"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def _records(computed: Computed) -> dict[tuple[str, str], set[str]]:
    """(date in words, title in 《》) → the ids of the records the report may mean."""
    out: dict[tuple[str, str], set[str]] = {}
    for r in computed.dataset.records:
        out.setdefault((date_zh(r.date), book_title(r.title)), set()).add(r.id)
    return out


def _correction_text(computed: Computed, trigger: str) -> str:
    record_id, _, item = trigger.partition("#")
    block = computed.dataset.records_by_id[record_id].block("inspection") or {}
    return next(str(c["text"]) for c in block["corrections"] if c["id"] == item)


def _lines(computed: Computed, org_id: str, label: str) -> Iterator[tuple[str, str, str]]:
    """(section, duty title, line) for every line of sections 一 and 二."""
    content = self_inspection_content(computed.dataset, computed.report, computed.labels, org_id, Period.parse(label), AS_OF)
    section, duty = "", ""
    for block in content.blocks:
        if block.kind == "heading1":
            section = block.text[:1]
        elif block.kind == "heading2":
            duty = re.sub(r"^（[一二三四五六七八九十]+）", "", block.text)
        elif block.kind == "body" and section in ("一", "二") and not block.text.startswith(("【", "对照实施方案逐项自查")):
            yield section, duty, block.text


def _check_line(line: str, e: dict[str, Any], records: dict[tuple[str, str], set[str]]) -> None:
    """Every number, record and date of one line against its entry."""
    listed = [records.get(found, set()) for found in _RECORD.findall(line)]
    allowed = set(e.get("records", [])) | set(e.get("incomplete_records", [])) | {e.get("trigger")}
    assert all(ids & allowed for ids in listed), f"{line}（status.json：{e}）"
    counts = dict(re.findall(r"(应至少|应检查|已开展|已检查|还需开展|另有|相关记录|举办) (\d+) ", line))
    expected = {
        "还需开展": e.get("required", 0) - e.get("done", 0),
        "应至少": e.get("required"), "应检查": e.get("required"), "已开展": e.get("done"), "已检查": e.get("done"),
        "另有": e.get("incomplete"), "相关记录": len(e.get("records", [])), "举办": e.get("required"),
    }
    for word, n in counts.items():
        assert int(n) == expected[word], f"{word} {n}：{line}（status.json：{e}）"
    if "已完成（" in line:
        assert e["status"] in DONE, line
        done = line.split("已完成（", 1)[1]
        assert len(_RECORD.findall(done)) >= e.get("done", 0) > 0 or e.get("trigger"), line
    else:
        assert e["status"] not in DONE or "已落实" in line or "举办" in line, line
    if "已开展" in line:
        assert len(listed) >= e.get("done", 0)
    due = e.get("due")
    for word in ("应于", "截至", "期限为"):
        for when in re.findall(word + r"(\d{4}年\d{1,2}月\d{1,2}日)", line):
            allowed = {date_zh(date.fromisoformat(d)) for d in (due, e.get("period_end")) if d}
            assert when in allowed | {date_zh(AS_OF)}, f"{when}：{line}（status.json：{e}）"
    if "应于" in line:
        assert e["status"] in ("open", "due_soon"), line
    if "未完成" in line or "未开展" in line or "未按期" in line or line.startswith("截至"):
        assert e["status"] in LATE, line
    for system in ("进行中", "还差", "截止 ", "已逾期", "未开展：", "-"):
        assert system not in re.sub(r"《[^》]*》|（[^）]*〔[^）]*）", "", line), f"system wording “{system}”：{line}"


_MEMBER = re.compile(r"^([^：（《；]+)（(?:书记|分管领导|班子成员)）(?=\d{4}年|《|整改)")
_SINCE = re.compile(r"^自(\d{4}年\d{1,2}月\d{1,2}日)起，截至(\d{4}年\d{1,2}月\d{1,2}日)仍")


def _top_level(text: str) -> list[str]:
    """``text`` cut at each ； outside brackets (a problem's entries; records in （） stay)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（《“":
            depth += 1
        elif ch in "）》”":
            depth -= 1
        elif ch == "；" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]


def _entry_of(computed: Computed, line: str, mine: list[dict[str, Any]], records: dict[tuple[str, str], set[str]]) -> dict[str, Any]:
    """The one entry ``line`` speaks of, among the entries of its duty and member."""
    m = _LINE.match(line)
    if m:
        wanted = Period.parse(m.group("period")).label
        mine = [e for e in mine if e["period"] == wanted]
    elif _SINCE.match(line):  # a condition false over several periods: since the first, as of the last
        since, until = _SINCE.match(line).groups()  # type: ignore[union-attr]
        late = sorted((e for e in mine if e["status"] in LATE), key=lambda e: e["period_start"])
        assert late and date_zh(date.fromisoformat(late[0]["due"])) == since, line
        assert until in {date_zh(min(date.fromisoformat(late[-1]["period_end"]), AS_OF))}, line
        return late[-1]
    else:  # a directive, a correction or a standing condition: find it by what it names
        named = {i for t, d in _HEAD.findall(line.split("：", 1)[0]) for i in records.get((d, t), set())}
        by_trigger = [e for e in mine if (e.get("trigger") or "").split("#")[0] in named]
        mine = by_trigger or mine
        correction = re.match(r"^整改要求“([^”]*)”", line)
        if correction:
            mine = [e for e in mine if _correction_text(computed, e["trigger"]) == correction.group(1)]
        when = re.match(r"^(\d{4}年(?:上半年|下半年)?)：", line)
        if when:
            mine = [e for e in mine if e["period"] == Period.parse(when.group(1)).label]
    assert mine, line
    assert len(mine) == 1 or "已落实" in line, f"{line} matches {len(mine)} entries"
    return mine[0]


@pytest.mark.parametrize("label", REPORTS)
def test_every_number_in_every_report_is_status_json(computed: Computed, status_json: dict[str, Any], label: str) -> None:
    period = Period.parse(label)
    records = _records(computed)
    titles = {o.title: o.id for p in computed.dataset.plans for o in p.obligations}
    checked = 0
    for org in computed.dataset.organizations:
        if not org.exists_on(min(period.end, AS_OF)) and not org.exists_on(period.start):
            continue
        names = {t.name: t.member_id for t in org.terms}
        entries = [
            e for e in status_json["entries"]
            if e["organization"] == org.id and e["period_start"] <= period.end.isoformat()
            and e["period_end"] >= period.start.isoformat()
        ]
        for section, duty, line in _lines(computed, org.id, label):
            parts: list[tuple[str, str | None, str]] = []  # (obligation, member, what the line says of one entry)
            if section == "二":
                m = _PROBLEM.match(line)
                assert m, line
                ob_id = titles[m.group("title")]
                member = names.get(m.group("name") or "")
                for part in _top_level(m.group("line").rstrip("。")):  # one problem: its entries in turn
                    head = _MEMBER.match(part)
                    if head and member is None:
                        parts.append((ob_id, names[head.group(1)], part[head.end():]))
                    else:
                        parts.append((ob_id, member, part))
            else:
                ob_id = titles[max((t for t in titles if duty.startswith(t + "（")), key=len)]
                head = re.match(r"^([^：（《]+)（(?:书记|分管领导|班子成员)）：", line)
                parts.append((ob_id, names[head.group(1)], line[head.end():]) if head else (ob_id, None, line))
            for ob_id, member, part in parts:
                mine = [e for e in entries if e["obligation"] == ob_id and e.get("member") == member]
                assert mine, f"{org.id} {label}: no entry for {duty or ob_id} {member}: {part}"
                _check_line(part, _entry_of(computed, part, mine, records), records)
                checked += 1
    assert checked > 100


def test_a_yearly_duty_done_in_the_first_half_reads_done_in_the_second_half_report(computed: Computed) -> None:
    """柳树村, 2026年下半年: the annual work plan of February and the special study of April count."""
    lines = [line for _, _, line in _lines(computed, "liushu-village", "2026H2")]
    assert "2026年应至少 1 次，已完成（2026年2月11日《柳树村2026年意识形态工作要点》）。" in lines
    assert (
        "2026年应至少 2 次，已开展 1 次（2026年4月15日《专题研究意识形态领域形势和移风易俗工作（2026年第一次）》），"
        "还需开展 1 次，应于2026年12月31日前完成。"
    ) in lines
    assert "杨莉（分管领导）：2026年应至少 1 次，已完成（2026年3月17日《支部集中学习：理论学习：坚持正确舆论导向，牢牢掌握意识形态工作领导权》）。" in lines
    assert not any("已开展 0 次" in line for line in lines)


def test_a_standing_gap_is_one_problem_with_one_measure(computed: Computed) -> None:
    """和平社区第一网格, 2025: no public-opinion watch in either half is one problem, since the first."""
    content = self_inspection_content(computed.dataset, computed.report, computed.labels, "heping-community-1",
                                      Period.parse("2025"), AS_OF)
    body = content.texts("body")
    problems = [t for t in body if re.match(r"^\d+．", t)]
    assert problems == ["1．建立舆情日常监测应对机制：自2025年6月30日起，截至2025年12月31日仍未建立舆情日常监测应对机制。"]
    assert sum("针对“建立舆情日常监测应对机制”" in t for t in body) == 1
