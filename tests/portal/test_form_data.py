"""The 填报 page's data (fill/data.js and fill/o-<org>.js): the same messages as ``ysxt check``,
the privacy rule, the forge's address, the ids taken and the records to correct."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.builders.repo import RECORD, RECORD_ID, Repo, record_text
from ysxt_build.check.file_check import privacy_problems
from ysxt_build.portal import pages_form, paths
from ysxt_build.portal.context import PortalSettings, SiteContext
from ysxt_build.portal.generate import context_for
from ysxt_build.records import templates
from ysxt_build.records.characters import first_refused

PROJECT = Path(__file__).resolve().parents[2]


def _load(script: str) -> Any:
    """The JSON a generated data script assigns."""
    return json.loads(script.split("\n", 1)[1].rstrip().rstrip(";"))


def _context(repo: Repo, as_of: str = "2025-12-31", **settings: str) -> SiteContext:
    return context_for(repo.root, date.fromisoformat(as_of), PortalSettings(**settings), use_cache=False)  # type: ignore[arg-type]


def fill(template: str, value: str, **extra: str) -> str:
    out = template.replace("{v}", value)
    for k, v in extra.items():
        out = out.replace("{" + k + "}", v)
    return out


@pytest.fixture
def data(repo: Repo) -> dict[str, Any]:
    out = pages_form.render(_context(repo))
    return {"main": _load(out[paths.FILL_DATA]), "village": _load(out[paths.fill_org("qingshan-village")])}


@pytest.mark.parametrize(
    ("place", "rule", "yaml_value", "value"),
    [
        ("date", "pattern", '"3月12日"', "3月12日"),
        ("title", "empty", '""', ""),
        ("title", "long", "x" * 201, "x" * 201),
        ("lead", "pattern", "zhang-wei", "zhang-wei"),
        ("attendance", "maximum", "100001", "100001"),
        ("attendance", "type", "十二", ""),
    ],
)
def test_the_form_says_what_ysxt_check_says(repo: Repo, data: dict[str, Any], place: str, rule: str,
                                          yaml_value: str, value: str) -> None:
    repo.replace(RECORD, next(line for line in repo.read(RECORD).splitlines() if line.startswith(f"{place}:")),
                 f"{place}: {yaml_value}")
    found = [p for p in repo.problems() if p["path"] == RECORD]
    template = data["main"]["messages"][place][rule]
    assert fill(template["message"], value) in [p["message"] for p in found]
    assert fill(template["hint"], value) in [p["hint"] for p in found]


def test_a_date_of_no_day_gets_the_checks_reason(repo: Repo, data: dict[str, Any]) -> None:
    repo.replace(RECORD, 'date: "2025-03-12"', 'date: "2025-02-30"')
    found = next(p for p in repo.problems() if p["path"] == RECORD)
    rules = data["main"]["messages"]["date"]
    reason = fill(rules["date-day"]["message"], "", y="2025", m="2", d="30", n="28")
    reason_hint = fill(rules["date-day"]["hint"], "", y="2025", m="2", d="30", n="28")
    assert fill(rules["date"]["message"], "2025-02-30", reason=reason) == found["message"]
    assert fill(rules["date"]["hint"], "2025-02-30", reason_hint=reason_hint) == found["hint"]
    assert {k for k in rules if k.startswith("date-")} == {"date-year", "date-month", "date-leap", "date-day"}


def test_a_date_written_another_way_gets_the_checks_suggestion(repo: Repo, data: dict[str, Any]) -> None:
    repo.replace(RECORD, 'date: "2025-03-12"', 'date: "2025年3月12日"')
    found = next(p for p in repo.problems() if p["path"] == RECORD)
    rule = data["main"]["messages"]["date"]["loose"]
    assert re.match(rule["pattern"], "2025年3月12日")  # the pattern the script runs
    assert fill(rule["message"], "2025年3月12日", fixed="2025-03-12") == found["message"]
    assert fill(rule["hint"], "", fixed="2025-03-12") == found["hint"]


def test_a_date_after_today_is_refused_as_the_check_does(repo: Repo, data: dict[str, Any]) -> None:
    repo.replace(RECORD, 'date: "2025-03-12"', 'date: "2026-01-05"')
    message = next(p["message"] for p in repo.problems() if p["code"] == "date.future")
    template = data["main"]["messages"]["date"]["future"]["message"]
    assert fill(template, "2026-01-05", today="2025-12-31") == message


@pytest.mark.parametrize("text", ["联系电话13812345678", "身份证11010519491231002X", "编号 2025-qingshan-village-zyyj-01", "电话 139-1234-5678"])
def test_the_privacy_rule_is_the_checks(data: dict[str, Any], text: str) -> None:
    expected = [p.message for p in privacy_problems("x", text)]
    shown = []
    for rule in data["main"]["privacy"]:
        for m in re.finditer(rule["pattern"], text):  # the same pattern source runs in the browser
            shown.append(fill(rule["message"], m.group()[:3]))
    assert sorted(shown) == sorted(expected)


@pytest.mark.parametrize(
    ("forge", "repo_url", "source_url", "expected"),
    [
        ("gitea", "", "https://git.example.cn/town/records/src/branch/main/", ("https://git.example.cn/town/records", "main")),
        ("forgejo", "", "http://10.0.0.5:3000/town/records/src/branch/master", ("http://10.0.0.5:3000/town/records", "master")),
        ("github", "", "https://github.com/town/records/blob/main/", ("https://github.com/town/records", "main")),
        ("gitlab", "", "https://gitlab.example.cn/town/records/-/blob/main/", ("https://gitlab.example.cn/town/records", "main")),
        ("gitea", "https://git.example.cn/town/records/", "", ("https://git.example.cn/town/records", "main")),
        ("gitea", "", "", None),
        ("gitea", "javascript:alert(1)", "", None),
        ("sourcehut", "https://git.example.cn/town/records", "", None),
    ],
)
def test_where_the_repository_is(forge: str, repo_url: str, source_url: str, expected: Any) -> None:
    found = pages_form.forge_settings(forge, repo_url, "main", source_url)
    assert (None if found is None else (found["repo"], found["branch"])) == expected


def test_the_forge_comes_from_mkdocs_yml(repo: Repo) -> None:
    (repo.root / "mkdocs.yml").write_text(
        "site_name: x\nextra:\n  ysxt:\n    forge: github\n    repo_url: https://github.com/town/records\n    branch: records\n",
        encoding="utf-8",
    )
    from ysxt_build.portal.config import read_settings

    settings = read_settings(repo.root / "mkdocs.yml")
    main = _load(pages_form.render(_context(repo, forge=settings.forge, repo_url=settings.repo_url, branch=settings.branch))[paths.FILL_DATA])
    assert main["forge"] == {"kind": "github", "repo": "https://github.com/town/records", "branch": "records"}


def test_the_page_knows_how_long_a_forge_link_may_be(repo: Repo) -> None:
    """ysxt-form.js offers no new-file link longer than this (tests/portal/test_form_browser.py):
    under the request-line limits of common servers (nginx 8 KiB, Apache 8 190 bytes)."""
    main = _load(pages_form.render(_context(repo))[paths.FILL_DATA])
    assert main["url_limit"] == pages_form.FORGE_URL_LIMIT == 8000
    # a longer record is linked without the template's guidance comments, as records/templates.py says they are
    assert main["guidance"] == {"comment": templates.GUIDANCE_LINE, "block": templates.BLOCK_SCALAR, "keep": [templates.MODELINE]}


def test_ids_taken_include_files_with_errors(repo: Repo) -> None:
    broken = "records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-02.yaml"
    repo.write(broken, "id: [\n")
    village = _load(pages_form.render(_context(repo))[paths.fill_org("qingshan-village")])
    assert village["ids"] == [RECORD_ID, "2025-qingshan-village-zyyj-02"]


def test_records_to_correct_and_to_answer(repo: Repo) -> None:
    repo.write("records/activities/2025/town/2025-town-sjbs-01.yaml", record_text(
        "2025-town-sjbs-01", type="directive", organization="town", lead="", date='"2025-02-01"',
        title="转发县委宣传部通知", directive="\n  issuer: 县委宣传部\n  applies_to: all"))
    out = pages_form.render(_context(repo))
    village = _load(out[paths.fill_org("qingshan-village")])
    record = _load(out[paths.fill_records("qingshan-village", 2025)])[RECORD_ID]
    assert record["values"]["participants"] == ["m-zhang-wei", "m-chen-fang"]
    assert (record["closed"], record["path"]) == (False, RECORD)
    assert [(r["id"], r["applies"]) for r in village["refs"]] == [("2025-town-sjbs-01", "all")]
    special = [e for e in village["entries"] if e["ob"] == "org-special-study" and e["period"] == "2025"]
    assert [(e["done"], e["required"], e["zh"]) for e in special] == [(1, 2, "2025年")]


def test_the_demo_data_is_small_and_safe_to_load() -> None:
    ctx = context_for(PROJECT, date(2026, 11, 29), PortalSettings(), use_cache=False)
    out = pages_form.render(ctx)
    main = out[paths.FILL_DATA]
    assert main.startswith("window.YSXT_FORM =\n{") and "\u2028" not in main
    assert len(main.encode("utf-8")) < 150_000
    assert max(len(v.encode("utf-8")) for k, v in out.items() if k.startswith("fill/")) < 150_000
    listed = [o["id"] for o in _load(main)["orgs"] if o["listed"]]
    assert "liushu-village" in listed and "hongda-building" not in listed  # dissolved on 2025-09-30


def test_the_form_data_spells_every_character_of_the_one_table_as_an_escape() -> None:
    """The form's data script escapes what records.characters refuses (not only U+2028/2029):
    the script holds none of them, and reads back as the same data (issue #11.2, D1)."""
    hostile = "a\u2028b\u2029c\x85d\u202ee\ufffef\U0001fffe"
    script = pages_form._js("window.X =", {"t": hostile})
    body = script.split("\n", 1)[1].rstrip(";\n")
    assert first_refused(script, multiline=True) is None
    assert json.loads(body) == {"t": hostile}
