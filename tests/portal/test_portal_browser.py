"""The built portal in a real browser (Debian's Chromium driven by Playwright), served by a
tiny http.server on 127.0.0.1: the dashboard renders, Chinese search finds a word from inside a
record's sentence, an organisation page shows its overdue duty, a record whose title is a
script runs nothing, and no request leaves the machine.

Skipped, with the reason, where Chromium or Playwright is not installed (CI installs both).
"""

from __future__ import annotations

from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest

from tests.builders.browser import Session, require_chromium, static_server
from tests.builders.portal import build, fixture_repo

require_chromium()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = fixture_repo(tmp_path_factory.mktemp("browser") / "repo")
    build(repo)
    with static_server(repo / "site") as url:
        yield url


@pytest.fixture
def session(browser: Any) -> Iterator[Session]:
    s = Session(browser)
    try:
        yield s
        assert s.outside() == [], "requests left the machine"
        assert s.dialogs == [], "a dialog was opened"
    finally:
        s.close()


def test_dashboard_renders(session: Session, base_url: str) -> None:
    page = session.page
    page.goto(f"{base_url}/index.html")
    assert page.locator("h1").first.inner_text().startswith("意识形态工作责任制落实情况")
    assert "2025年12月10日" in page.locator(".ysxt-asof").inner_text()
    figures = page.locator(".ysxt-fig")
    assert figures.count() == 4 and "需要处理" in figures.first.inner_text()
    late = page.locator("xpath=//*[@id='late']/following::table[1]")
    assert "河西小学党支部" in late.inner_text()
    cell = page.locator("a.ysxt-st.ysxt-missing").first
    assert cell.is_visible() and "✖" in cell.inner_text()
    assert len(session.requests) > 3  # the page, its stylesheets and scripts: all local


def test_chinese_search_finds_a_word_inside_a_sentence(session: Session, base_url: str) -> None:
    page = session.page
    page.goto(f"{base_url}/index.html")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("座谈")  # inside the record title “…联系党外代表人士座谈”
    box.press("End")  # a key event, as typing with an input method gives: the search runs on key-up
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    found = {(urlsplit(h).path, urlsplit(h).fragment) for h in hrefs}
    assert ("/orgs/hexi-village.html", "r-2025-hexi-village-xss-01") in found, hrefs
    # the result shows the record's script title as text too
    shown = page.locator(".md-search-result").inner_text().replace("\u200b", "")  # the segmenter's marks
    assert "<script>alert(1)</script>联系党外代表人士座谈" in shown


def test_organisation_page_shows_its_overdue_duty(session: Session, base_url: str) -> None:
    page = session.page
    page.goto(f"{base_url}/orgs/hexi-school.html")
    late = page.locator("xpath=//*[@id='late']/following::table[1]")
    text = late.inner_text()
    assert "建立舆情日常监测应对机制" in text and "未开展" in text
    assert "阵地登记" in text and "已逾期" in text
    assert late.locator(".ysxt-st").first.is_visible()


def test_script_in_a_record_title_runs_nothing(session: Session, base_url: str) -> None:
    page = session.page
    page.add_init_script("window.__ysxt_alerts = 0; window.alert = () => { window.__ysxt_alerts += 1; };")
    page.goto(f"{base_url}/orgs/hexi-village.html")
    heading = page.locator("#r-2025-hexi-village-xss-01")
    assert "<script>alert(1)</script>联系党外代表人士座谈" in heading.inner_text()
    body = page.locator("#r-2025-hexi-village-xss-01 + ul").inner_text()
    assert "[点我](javascript:alert(1))" in body and "<img src=x onerror=alert(2)>" in body
    page.goto(f"{base_url}/orgs/hexi-school.html")  # an organisation name that closes <title>
    assert page.title().startswith("河西小学党支部</title><script>alert(3)</script> - ")
    assert "钱军</a><i>x</i>" in page.locator("#team").locator("xpath=following::table[1]").inner_text()
    page.goto(f"{base_url}/index.html")
    page.goto(f"{base_url}/records/2025.html")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ysxt_alerts") == 0
    assert page.locator("img[src='x']").count() == 0
