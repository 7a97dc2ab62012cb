"""The portal's one escaping function: text from records shows as text and runs nothing.

Rendered with the Markdown extensions of the portal's own mkdocs.yml, in every context a
generated page puts record text: paragraph, table cell, start of a list item, heading with an
id, link text, admonition title, and raw HTML (a chart's title, an attribute value).
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ysxt_build.portal import md
from ysxt_build.portal.escape import safe_url_prefix, slug, text, text_with_code, url_path
from ysxt_build.records.characters import first_refused

PROJECT = Path(__file__).resolve().parents[2]


def _markdown() -> markdown.Markdown:
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(PROJECT / "mkdocs.yml"))
    return markdown.Markdown(extensions=cfg["markdown_extensions"], extension_configs=cfg["mdx_configs"])


MD = _markdown()


def render(source: str) -> str:
    MD.reset()
    return MD.convert(source)


class Tree(HTMLParser):
    """Tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, Any]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


def normalised(value: str) -> str:
    """What the reader must see: the value on one line, control characters as spaces."""
    bidi = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

    def noncharacter(ch: str) -> bool:
        return 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE

    out = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs") or noncharacter(ch) else ch
        for ch in value if ch not in bidi
    )
    return re.sub(r"\s+", " ", out).strip()


ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[点我](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "![图](http://evil.example/x.png)",
    "<http://evil.example>",
    "**粗体** _斜体_ `代码` ~~删除~~ ==标记==",
    "列1 | 列2 | 列3",
    "标题 {: onclick=\"alert(1)\" }",
    "{ #id .class onclick=alert(1) }",
    "文字\n{: .x onmouseover=alert(1) }",
    "# 假标题",
    "- 假列表",
    "1. 有序",
    "> 引用",
    "    缩进代码",
    "---",
    "!!! danger \"警告\"",
    "*[HTML]: 缩写",
    "[^1]: 脚注",
    "--8<-- \"/etc/passwd\"",
    "&lt;b&gt; &amp; &#60;",
    "\\<script\\>",
    "<!-- 注释 --> 后面",
    "\x02wzxhzdk:0\x03 占位",
    "反向\u202e文字",
    "行一\n\n行二\r\n行三\u2028行四",
    "\"引号\" '单引号' <b>",
    ":smile: :+1:",
    "<style>body{display:none}</style>",
    "```\n代码块\n```",
    "a\\|b",
    "http://evil.example/a?b=c&d=e",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_paragraph_shows_the_text_and_nothing_else(value: str) -> None:
    tree = parse(render(text(value)))
    assert [t for t, _ in tree.tags] == ["p"], render(text(value))
    assert "".join(tree.text) == normalised(value)


@pytest.mark.parametrize("value", ATTACKS)
def test_table_cell(value: str) -> None:
    html = render(md.table(["标题", "其他"], [[text(value), "固定"]]))
    tree = parse(html)
    assert [t for t, _ in tree.tags] == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"], html
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    assert len(cells) == 2 and cells[1] == "固定"
    assert "".join(parse(cells[0]).text) == normalised(value)


@pytest.mark.parametrize("value", ATTACKS)
def test_list_item_start(value: str) -> None:
    tree = parse(render(md.bullets([text(value), "第二项"])))
    assert [t for t, _ in tree.tags] == ["ul", "li", "li"]
    assert "".join(tree.text).strip().split("\n")[0] == normalised(value)


@pytest.mark.parametrize("value", ATTACKS)
def test_heading_with_id(value: str) -> None:
    html = render(md.heading(3, text(value), "r-x"))
    tree = parse(html)
    tags = [t for t, _ in tree.tags]
    assert tags[0] == "h3" and tree.tags[0][1]["id"] == "r-x"
    assert set(tags) <= {"h3", "a"}  # the permalink added by toc
    assert all(a.get("href") == "#r-x" for t, a in tree.tags if t == "a")
    assert "".join(tree.text).replace("¶", "").strip() == normalised(value)


@pytest.mark.parametrize("value", ATTACKS)
def test_link_text(value: str) -> None:
    html = render(f"[{text(value)}](orgs/x.md#r-1)")
    tree = parse(html)
    assert [t for t, _ in tree.tags] == ["p", "a"], html
    assert tree.tags[1][1] == {"href": "orgs/x.md#r-1"}
    assert "".join(tree.text) == normalised(value)


@pytest.mark.parametrize("value", ATTACKS)
def test_admonition_title_and_body(value: str) -> None:
    html = render(md.admonition("warning", text(value), text(value)))
    tree = parse(html)
    assert [t for t, _ in tree.tags] == ["div", "p", "p"], html
    assert [p for p in "".join(tree.text).split("\n") if p.strip()] == [normalised(value)] * 2


@pytest.mark.parametrize("value", ATTACKS)
def test_raw_html_text_and_attribute(value: str) -> None:
    html = render(f'<div class="c" title="{text(value)}"><svg><title>{text(value)}</title></svg></div>')
    tree = parse(html)
    assert [t for t, _ in tree.tags] == ["div", "svg", "title"], html
    assert tree.tags[0][1] == {"class": "c", "title": normalised(value)}
    assert "".join(tree.text) == normalised(value)


def test_nothing_executable_survives_anywhere() -> None:
    for value in ATTACKS:
        html = render(md.bullets([text(value)]) + "\n" + md.table(["a"], [[text(value)]]))
        tree = parse(html)
        assert {t for t, _ in tree.tags} <= {"ul", "li", "table", "thead", "tbody", "tr", "th", "td"}, html
        assert not [a for _, attrs in tree.tags for a in attrs if a.startswith("on") or a in ("href", "src")]
        assert not re.search(r"<(script|img|svg|style|a)\b", html, re.I)


def test_plain_text_stays_readable() -> None:
    assert text("2025年第一次意识形态工作专题研究会议") == "2025年第一次意识形态工作专题研究会议"
    assert text("会议记录，签到表/照片？") == "会议记录，签到表/照片？"
    assert text("2025-qingshan-village-zyyj-01") == "2025-qingshan-village-zyyj-01"
    assert text(None) == ""
    assert text(12) == "12"


def test_leading_hyphen_only_at_start() -> None:
    assert text("-x-y") == "&#45;x-y"
    assert text("  - 列表") == "&#45; 列表"


def test_text_with_code() -> None:
    html = render(text_with_code("可用 `sha256sum <文件>` 计算"))
    tree = parse(html)
    assert [t for t, _ in tree.tags] == ["p", "code"]
    assert "".join(tree.text) == "可用 sha256sum <文件> 计算"
    assert text_with_code("单个 ` 反引号") == text("单个 ` 反引号")


def test_slug_and_url_path() -> None:
    assert slug("qingshan-village", "ob-") == "ob-qingshan-village"
    strange = slug('x" onclick="alert(1)')
    assert re.fullmatch(r"x-[0-9a-f]{16}", strange)
    assert slug("青山村") != slug("柳树村")
    assert url_path("records/活动 (1).yaml") == "records/%E6%B4%BB%E5%8A%A8%20%281%29.yaml"
    assert safe_url_prefix("https://git.example.cn/town/records/src/branch/main/")
    assert not safe_url_prefix("javascript:alert(1)//")
    assert not safe_url_prefix("https://x.example/a b")
    assert not safe_url_prefix('https://x.example/"onclick')


_SPECIAL = st.sampled_from(list("\\`*_{}[]()#+-.!|<>&\"':~^=$%@;/?,\n\t \x00\x02\x03\u202e\u2028") + ["&#60;", "-->", "<!--", "{:", "](", "javascript:"])
_WORDS = st.sampled_from(["意识形态", "会议", "a", "1", "script", "onclick", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_SPECIAL, _WORDS, st.text(max_size=3)), max_size=25).map("".join))
def test_any_text_renders_as_itself(value: str) -> None:
    expected = normalised(value)
    html = render(text(value))
    tree = parse(html)
    if not expected:
        assert tree.tags in ([], [("p", {})])
        return
    assert [t for t, _ in tree.tags] == ["p"], (value, html)
    assert "".join(tree.text) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_SPECIAL, _WORDS), min_size=1, max_size=15).map("".join))
def test_any_text_in_a_table_cell_keeps_the_columns(value: str) -> None:
    html = render(md.table(["甲", "乙"], [[text(value) or "—", "尾"]]))
    assert html.count("<td") == 2, html
    assert re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)[1] == "尾"


@given(st.lists(st.one_of(st.text(max_size=4), st.sampled_from(
    ["\x00", "\x1b", "\x85", "\u061c", "\u202e", "\u2028", "\ud800", "\udcff", "\ufdd0", "\ufffe", "\U0010ffff"])), max_size=10).map("".join))
def test_no_character_of_the_one_table_reaches_a_page(value: str) -> None:
    """The portal's escaping uses records.characters: a surrogate or a noncharacter (which no
    page can be written with) becomes a space like a control character (issue #11.2, D1)."""
    out = text(value)
    assert first_refused(out) is None
    out.encode("utf-8")
