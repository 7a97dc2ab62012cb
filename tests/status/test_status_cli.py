"""``ysxt status`` through the real entry point, on small repositories in ``tmp_path``.

Every run passes ``--as-of``: no test depends on today's date.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.builders.engine import (
    branch_data,
    member,
    plan_data,
    quota,
    real_plan_data,
    record_data,
    schema_errors,
    town_data,
    write_repo,
)
from ysxt_build.cli.main import main

ORG, OTHER = "qingshan-village", "hexi-village"
STATUS_WORD = re.compile(r"^  \S+ (已完成|逾期完成|进行中|即将到期|已逾期|未开展|不完整|待检查评定|不适用)", re.M)


def small_repo(root: Path, plans: Any = None) -> Path:
    """The real plan; 青山村 (张伟 secretary, 陈芳 in charge) with one special study in 2025
    and one supervision by 陈芳; 河西村 (赵磊) with nothing."""
    orgs = [
        town_data(),
        branch_data(ORG, name="青山村党支部"),
        branch_data(OTHER, name="河西村党支部", members=[member("m-zhao-lei", "secretary")]),
    ]
    records = [
        record_data("2025-qingshan-village-zyyj-01", "special_study", ORG, "2025-03-12", "2025年第一次意识形态工作专题研究会议",
                    lead="m-zhang-wei", participants=["m-zhang-wei", "m-chen-fang"], evidence=True),
        record_data("2025-qingshan-village-dcjc-01", "supervision", ORG, "2025-05-06", "督促检查村务公开栏",
                    lead="m-chen-fang", evidence=True),
        record_data("2026-qingshan-village-zyyj-01", "special_study", ORG, "2026-02-01", "2026年意识形态工作专题研究会议"),
    ]
    return write_repo(root, plans if plans is not None else [real_plan_data()], orgs, records)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return small_repo(tmp_path / "repo")


def ysxt(repo: Path, *args: str, as_of: str = "2026-01-10", color: bool = False) -> Result:
    argv = ["status", "--repo", str(repo), "--as-of", as_of, *args]
    return CliRunner().invoke(main, argv, catch_exceptions=False, color=color)


def statuses(text: str) -> set[str]:
    return set(STATUS_WORD.findall(text))


def test_town_summary_shows_what_is_overdue(repo: Path) -> None:
    result = ysxt(repo)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("全镇意识形态工作责任制落实情况\n截至 2026-01-10（2026年上半年）\n全镇：已到期 ")
    assert "青山村党支部" in out and "河西村党支部" in out
    assert "需要处理（已逾期、未开展、不完整）" in out
    assert "✖ 已逾期      青山村党支部 · 2025年 · 二（一）4 每年至少两次专题研究意识形态工作" in out
    assert "还差 1 次专题研究会议，已于 2025-12-31 截止" in out
    assert "未开展专题研究会议（应至少 2 次），已于 2025-12-31 截止" in out  # 河西村
    assert "查看一个组织：ysxt status --org 编号" in out
    assert result.stderr == ""


def test_no_colours_when_not_a_terminal(repo: Path) -> None:
    assert "\x1b[" not in ysxt(repo).output
    assert "\x1b[" in ysxt(repo, color=True).output  # the colours exist; they are dropped


def test_one_organisation(repo: Path) -> None:
    result = ysxt(repo, "--org", ORG)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("青山村党支部（qingshan-village）\n截至 2026-01-10")
    assert "班子成员：张伟（书记（第一责任人））；陈芳（分管领导（直接责任人））" in out
    assert "还差 1 次专题研究会议，已于 2025-12-31 截止" in out
    assert "河西村" not in out


def test_one_member(repo: Path) -> None:
    result = ysxt(repo, "--member", "m-chen-fang")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("陈芳（青山村党支部）“一岗双责”\n")
    assert "2025年下半年 · 二（二）2 每半年对意识形态工作开展一次督促指导和工作检查" in out
    assert "张伟" not in out
    assert "二（一）4" not in out  # organisation duties are not the member's


@pytest.mark.parametrize("label", ["2025H1", "2025上半年", "2025年上半年"])
def test_one_period(repo: Path, label: str) -> None:
    result = ysxt(repo, "--period", label)
    assert result.exit_code == 0
    out = result.stdout
    assert " · 2025年上半年 · " in out
    assert " · 2025年 · " in out  # the year overlaps its first half
    assert "下半年" not in out and "2026" not in out.replace("2026-", "")
    assert "2025H1" not in out  # periods read in Chinese
    assert out.startswith("全镇意识形态工作责任制落实情况\n期间：2025年上半年（截至 2026-01-10）\n")


def test_the_header_names_the_period_chosen_not_this_one(repo: Path) -> None:
    out = ysxt(repo, "--org", ORG, "--period", "2025").stdout
    assert out.splitlines()[1] == "期间：2025年（截至 2026-01-10）"
    assert "2026年上半年" not in out
    assert ysxt(repo, "--org", ORG).stdout.splitlines()[1] == "截至 2026-01-10（2026年上半年）"


def test_the_terminal_names_no_internal_keys_and_lists_organisations_in_the_registry_order(repo: Path) -> None:
    out = ysxt(repo).stdout
    assert not re.search(r"\b20\d\dH[12]\b|mechanisms\.|positions_reviewed", out)
    table = out.split("\n\n")[1].splitlines()
    assert [line.split()[0] for line in table[2:]][0] == "中共XX镇委员会"  # the town first, then by parent


def test_an_organisation_is_named_once_and_this_period_goes_by_urgency(repo: Path) -> None:
    out = ysxt(repo, "--org", ORG, as_of="2025-12-15").stdout
    assert out.count("青山村党支部") == 1
    current = out.split("本期各项（按紧急程度）：\n", 1)[1]
    order = [m.group(1) for m in STATUS_WORD.finditer(current)]
    rank = {"即将到期": 1, "进行中": 2, "逾期完成": 3, "已完成": 3, "待检查评定": 4, "不适用": 5}
    assert order == sorted(order, key=rank.__getitem__) and order[0] == "即将到期"
    assert "陈芳 · 2025年下半年 · 二（二）2" in current  # members by name, without the organisation


def test_fail_on_gives_ci_an_exit_code(repo: Path) -> None:
    late = ysxt(repo, "--org", ORG, "--fail-on", "overdue")
    assert late.exit_code == 1
    assert "有需要处理的事项（--fail-on overdue），退出码 1。" in late.stderr
    assert ysxt(repo, "--org", ORG, "--fail-on", "overdue", "--only", "due-soon", as_of="2025-12-15").exit_code == 0
    soon = ysxt(repo, "--org", ORG, "--fail-on", "due-soon", "--only", "due-soon", as_of="2025-12-15")
    assert soon.exit_code == 1 and "即将到期" in soon.stdout
    assert ysxt(repo, "--fail-on", "overdue", "--format", "json").exit_code == 1
    assert ysxt(repo, "--format", "json").exit_code == 0


def test_only_overdue(repo: Path) -> None:
    out = ysxt(repo, "--only", "overdue").stdout
    assert statuses(out) and statuses(out) <= {"已逾期", "未开展", "不完整"}
    assert "还差 1 次专题研究会议，已于 2025-12-31 截止" in out


def test_only_due_soon(repo: Path) -> None:
    out = ysxt(repo, "--only", "due-soon", as_of="2025-12-15").stdout
    assert statuses(out) == {"即将到期"}
    assert "还差 1 次专题研究会议，截止 2025-12-31" in out


def test_only_due_soon_with_nothing_due(repo: Path) -> None:
    out = ysxt(repo, "--only", "due-soon", "--org", ORG, as_of="2025-04-10").stdout
    assert out == "没有符合条件的事项。\n"


def _json(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def test_json_output(repo: Path) -> None:
    payload = _json(ysxt(repo, "--format", "json"))
    assert payload["format"] == "ysxt-status" and payload["version"] == 1
    assert payload["as_of"] == "2026-01-10"
    entry = next(e for e in payload["entries"] if e["organization"] == ORG and e["obligation"] == "org-special-study"
                 and e["period"] == "2025")
    assert entry["status"] == "overdue" and entry["status_zh"] == "已逾期"
    assert entry["records"] == ["2025-qingshan-village-zyyj-01"]
    assert entry["due"] == "2025-12-31"
    # the 2026 record is dated after as_of: not counted anywhere
    assert all("2026-qingshan-village-zyyj-01" not in e["records"] for e in payload["entries"])
    assert schema_errors(payload) == []


def test_status_json_of_the_real_plan_validates(repo: Path) -> None:
    assert schema_errors(_json(ysxt(repo, "--format", "json"))) == []


def test_json_of_a_plan_without_coverage_validates(tmp_path: Path) -> None:
    plan = plan_data([quota("org-special-study", count=2), quota("member-supervision", ("supervision",), level="member",
                                                                   period="half", topics_any=[], by="lead")],
                     id="small-plan")
    root = small_repo(tmp_path / "repo", plans=[plan])
    payload = _json(ysxt(root, "--format", "json"))
    assert schema_errors(payload) == []
    assert {e["status"] for e in payload["entries"]} >= {"overdue", "missing", "met"}


def test_json_follows_the_filters(repo: Path) -> None:
    payload = _json(ysxt(repo, "--format", "json", "--org", OTHER, "--only", "overdue"))
    assert payload["entries"]
    assert {e["organization"] for e in payload["entries"]} == {OTHER}
    assert {e["status"] for e in payload["entries"]} <= {"overdue", "missing", "incomplete"}


def test_output_file(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "status.json"
    result = ysxt(repo, "-o", str(target))
    assert result.exit_code == 0
    assert f"已写入 {target}" in result.stderr
    assert result.stdout.startswith("全镇意识形态工作责任制落实情况")  # the text view still prints
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == _json(ysxt(repo, "--format", "json"))


def test_as_of_in_the_past(repo: Path) -> None:
    payload = _json(ysxt(repo, "--format", "json", "--org", ORG, as_of="2025-03-11"))
    entry = next(e for e in payload["entries"] if e["obligation"] == "org-special-study")
    assert (entry["status"], entry["done"], entry["records"]) == ("open", 0, [])
    assert {e["period"] for e in payload["entries"]} <= {"2025", "2025H1"}


def test_unknown_organisation(repo: Path) -> None:
    result = ysxt(repo, "--org", "qingshan-vilage")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：没有“qingshan-vilage”这个组织。是不是 qingshan-village（青山村党支部）？")
    assert result.stdout == ""


def test_unknown_organisation_without_a_close_match(repo: Path) -> None:
    result = ysxt(repo, "--org", "zzz")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：没有“zzz”这个组织。请写组织编号或完整名称：\n  town ")


def test_unknown_member(repo: Path) -> None:
    result = ysxt(repo, "--member", "m-zhang-wie")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：没有“m-zhang-wie”这位班子成员。是不是 m-zhang-wei（张伟）？")
    assert "\n  m-zhang-wei              张伟（青山村党支部）\n" in result.stderr


@pytest.mark.parametrize("bad", ["2025H3", "2025-H1", "H1", "last-year", "2025年中"])
def test_bad_period(repo: Path, bad: str) -> None:
    result = ysxt(repo, "--period", bad)
    assert result.exit_code == 2
    assert f"期间“{bad}”写法不对" in result.stderr


def test_bad_as_of(repo: Path) -> None:
    result = ysxt(repo, as_of="2025-13-01")
    assert result.exit_code == 2
    assert "不是有效日期" in result.output


def test_no_records_folder(tmp_path: Path) -> None:
    result = ysxt(tmp_path)
    assert result.exit_code == 2
    assert "找不到 records/ 文件夹" in result.stderr


def test_status_word_is_separated_from_the_item(repo: Path) -> None:
    out = ysxt(repo, "--member", "m-chen-fang").stdout
    lines = [line for line in out.splitlines() if STATUS_WORD.match(line)]
    assert any("即将到期" in line for line in lines) and any("待检查评定" in line for line in lines)
    for line in lines:
        word = STATUS_WORD.match(line)
        assert word is not None
        assert line[word.end()] == " ", line
