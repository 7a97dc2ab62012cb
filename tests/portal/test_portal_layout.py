"""The demo portal (as of 2026-12-01) at 1280 and 390 pixels wide, in Debian's Chromium: no page
is wider than the screen, no table overflows its container without a way to see the rest (it
scrolls sideways, shows a shadow at the edge that has more, and keeps its first column in
place), the first (key) column is never cut, and the organisation × duty grid fits a 1280 px
screen whole — the one red cell of 第一网格 included.

The tests leave screenshots of the home page, an organisation page, the grid and 追责问责 at
both widths in pytest's temporary folder (printed at the end; ``YSXT_SCREENSHOTS=folder`` puts
them there instead), for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from tests.builders.browser import Session, require_chromium, static_server
from tests.builders.portal import demo_repo
from ysxt_build.cli.portal import build as build_command

WIDTHS = (1280, 390)
PAGES = {
    "home": "index.html",
    "organisation": "orgs/heping-community-1.html",
    "accountability": "accountability.html",
    "trends": "trends.html",
}

require_chromium()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = demo_repo(tmp_path_factory.mktemp("demo") / "repo")
    result = CliRunner().invoke(build_command, ["--repo", str(repo), "--as-of", "2026-12-01"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with static_server(repo / "site") as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = Path(os.environ["YSXT_SCREENSHOTS"]) if os.environ.get("YSXT_SCREENSHOTS") else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\n门户截图：{folder}")


def _page(browser: Any, base_url: str, width: int, name: str) -> Session:
    session = Session(browser, width=width)
    page = session.page
    page.goto(f"{base_url}/{PAGES[name]}")
    page.wait_for_load_state("load")
    # Material's script wraps each table in a scrolling box once the page has loaded
    page.wait_for_function("!document.querySelector('article table') || !!document.querySelector('.md-typeset__scrollwrap')")
    return session


# For every table of the page: is it wider than what shows it, and if so, can one see there is more?
_TABLES = """() => Array.from(document.querySelectorAll('article table')).map((table, i) => {
  let box = table;
  for (let e = table; e && e !== document.body; e = e.parentElement) {
    const ox = getComputedStyle(e).overflowX;
    if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') { box = e; break; }
  }
  const style = getComputedStyle(box);
  const first = Array.from(table.querySelectorAll('tr > :first-child'));
  const right = box.getBoundingClientRect().right;
  return {
    i, heading: (table.closest('.ysxt-grid') ? 'grid ' : '') + (table.querySelector('th') || {}).textContent,
    overflows: box.scrollWidth > box.clientWidth + 1,
    scrolls: style.overflowX === 'auto' || style.overflowX === 'scroll',
    shadow: style.backgroundImage.includes('gradient'),
    sticky: first.every(c => getComputedStyle(c).position === 'sticky'),
    firstCut: first.filter(c => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > right + 1)
                   .map(c => c.textContent.trim()),
  };
})"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_table_overflows_without_a_way_to_see_the_rest(browser: Any, base_url: str, shots: Path, name: str, width: int) -> None:
    session = _page(browser, base_url, width, name)
    page = session.page
    try:
        height = min(6000, int(page.evaluate("document.documentElement.scrollHeight")))  # the top of a long page
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page is wider than the screen"
        tables = page.evaluate(_TABLES)
        assert tables or name == "trends"
        for t in tables:
            assert not t["firstCut"], f"{name} {width}px table {t['heading']}: first column cut: {t['firstCut']}"
            if t["overflows"]:
                assert t["scrolls"] and t["shadow"] and t["sticky"], f"{name} {width}px table {t['heading']}: {t}"
    finally:
        session.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_grid_fits_a_wide_screen_and_scrolls_under_a_fixed_first_column_on_a_phone(
    browser: Any, base_url: str, shots: Path, width: int
) -> None:
    session = _page(browser, base_url, width, "home")
    page = session.page
    try:
        grid = page.locator(".ysxt-grid").first
        grid.scroll_into_view_if_needed()
        grid.screenshot(path=str(shots / f"grid-{width}.png"))
        (t,) = [t for t in page.evaluate(_TABLES) if t["heading"].startswith("grid") and "组织" in t["heading"]][:1]
        if width >= 1280:
            assert not t["overflows"], "the grid does not fit a 1280 px screen"
        assert t["sticky"]
        # no row for the town committee, which owns none of these duties: a line says what it owns
        assert "中共XX镇委员会" not in grid.inner_text()
        assert page.locator("text=镇党委本身不承担上表中的责任").count() == 1
        # 第一网格's one red cell (no public-opinion watch registered) is on the screen
        row = grid.locator("tr", has_text="和平社区第一网格党支部")
        red = row.locator("a.ysxt-st.ysxt-missing")
        assert red.count() == 1 and red.get_attribute("title") == "未开展"
        if width >= 1280:
            box = red.bounding_box()
            assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= width
        # every column head is short, with the full title on hover
        head = grid.locator("th a").nth(1)
        assert len(head.inner_text().replace("\n", "")) <= 8 and len(head.get_attribute("title") or "") > 8
    finally:
        session.close()


def test_the_screenshot_set_is_complete(shots: Path) -> None:
    expected = {f"{name}-{w}.png" for name in PAGES for w in WIDTHS} | {f"grid-{w}.png" for w in WIDTHS}
    assert expected <= {p.name for p in shots.glob("*.png")}
