"""``ysxt build`` on the small fixed repository: the strict MkDocs build passes, the site loads
nothing from other hosts, links resolve, Chinese search is segmented, and rebuilding rewrites
only what changed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.builders.portal import AS_OF, build, fixture_repo
from ysxt_build.portal.build import generate


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = fixture_repo(tmp_path_factory.mktemp("build") / "repo")
    out = build(repo)
    assert "网站已生成" in out
    return repo / "site"


def test_strict_build_produces_every_page(site: Path) -> None:
    for rel in ("index.html", "obligations.html", "orgs/index.html", "orgs/hexi-village.html", "records/2025.html",
                "calendar.html", "ysxt.ics", "orgs/hexi-village.ics", "trends.html", "plan/xx-town-2025.html",
                "guide/index.html", "guide/fields.html", "guide/templates.html", "portal.html", "search/search_index.json"):
        assert (site / rel).is_file(), rel
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="zh"' in html
    assert "截至 <strong>2025年12月10日</strong>" in html


def test_plain_mkdocs_build_after_markdown_only(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path / "repo")
    build(repo, "--markdown-only")
    assert not (repo / "site").exists()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo, capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    assert (repo / "site" / "orgs" / "hexi-school.html").is_file()


_URL = re.compile(r"""(?:https?:)?//([^/"'\s<>)]+)""")
_LOCAL = ("127.0.0.1", "localhost")


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and key != "xmlns":  # the SVG namespace is a name, never fetched
                self.values.append((tag, key, value))


def test_no_reference_to_another_host(site: Path) -> None:
    """No attribute of any element (src, href, srcset, content, style …) and no CSS url() or
    @import points at another host: every asset is served by the site itself."""
    offenders = []
    for path in site.rglob("*.html"):
        parser = _Attrs()
        parser.feed(path.read_text(encoding="utf-8"))
        for tag, key, value in parser.values:
            for m in _URL.finditer(value):
                if m.group(1).split(":")[0] not in _LOCAL:
                    offenders.append(f"{path.relative_to(site)}: <{tag} {key}={value!r}>")
    for path in site.rglob("*.css"):
        css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for m in re.finditer(r"(?:url\(|@import)\s*['\"]?((?:https?:)?//[^'\")\s]+)", css):
            offenders.append(f"{path.relative_to(site)}: {m.group(1)}")
    assert offenders == []


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        for key in ("href", "src"):
            if a.get(key):
                self.refs.append(str(a[key]))


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    parsed: dict[Path, _Links] = {}

    def page(path: Path) -> _Links:
        if path not in parsed:
            p = _Links()
            p.feed(path.read_text(encoding="utf-8"))
            parsed[path] = p
        return parsed[path]

    broken = []
    for path in site.rglob("*.html"):
        if path.name == "404.html":  # MkDocs writes it with absolute paths, for any depth
            continue
        for ref in page(path).refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("mailto:", "data:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)} → {ref}")
                continue
            if parts.fragment and target.suffix == ".html" and parts.fragment not in page(target).ids:
                broken.append(f"{path.relative_to(site)} → {ref} (no such anchor)")
    assert broken == []


def test_record_markup_never_reaches_the_html(site: Path) -> None:
    """The fixture's organisation and member names and a record title hold markup; no built
    page may contain it as markup, not even the <title> the theme builds (Jinja's striptags
    turns character references back into tags, so such pages set an escaped title)."""
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for raw in ("<script>alert", "</title><script>", "<i>x</i>", "onerror=alert", "<img src=x", "<b>测试"):
            assert raw not in html, (path.relative_to(site), raw)
    head = (site / "orgs" / "hexi-school.html").read_text(encoding="utf-8")
    assert "<title>河西小学党支部&#60;/title&#62;&#60;script&#62;alert&#40;3&#41;&#60;/script&#62; - " in head


def test_search_index_is_segmented_chinese(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    docs = [d for d in index["docs"] if d["location"].startswith("orgs/hexi-village.html")]
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    assert "\u200b" in text  # jieba segmented it
    tokens = set(re.split(index["config"]["separator"], re.sub(r"<[^>]+>", " ", text)))
    # words from inside a record's sentence: “明确村务公开栏和党员微信群的管理责任”
    assert {"党员", "管理", "责任"} <= tokens


def test_search_covers_records_and_explanations_but_not_status_lists(site: Path) -> None:
    """docs/portal.md: the status overviews are left out of the index, the records are in it."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    pages = {loc.split("#")[0] for loc in locations}
    for left_out in ("", "index.html", "calendar.html", "trends.html", "accountability.html", "records/2025.html", "orgs/index.html"):
        assert left_out not in pages, left_out
    assert {"obligations.html", "plan/xx-town-2025.html", "guide/index.html", "orgs/hexi-village.html"} <= pages
    org = {loc.partition("#")[2] for loc in locations if loc.startswith("orgs/hexi-village.html")}
    assert "team" in org and "r-2025-hexi-village-xss-01" in org
    assert not org & {"late", "todo", "duties", "obligations", "trend"}


def test_rebuild_writes_only_what_changed(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path / "repo")
    first = generate(repo, AS_OF)
    assert len(first.result.written) == first.pages
    again = generate(repo, AS_OF)
    assert again.result.written == [] and again.result.unchanged == again.pages
    (repo / "records/activities/2025/hexi-school/2025-hexi-school-lt-01.yaml").unlink()
    (repo / "records/organizations/hexi-school.yaml").unlink()
    shrunk = generate(repo, AS_OF)
    assert "orgs/hexi-school.md" in shrunk.result.deleted and "orgs/hexi-school.ics" in shrunk.result.deleted
    assert not (repo / "docs/orgs/hexi-school.md").exists()
    assert "orgs/hexi-village.md" in shrunk.result.written  # its page listed the branch
    assert (repo / "docs/guide/index.md").is_file()  # hand-written pages stay


def test_the_portals_assets_are_generated_beside_a_towns_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The styles and scripts come from the program (portal/assets/) into docs/assets/ as
    generated files: an older copy there is brought up to date, a town's own file there is kept
    and published, and an asset a later version no longer has is removed because the build can
    prove it wrote it."""
    from ysxt_build.portal import build as portal_build
    from ysxt_build.portal.assets import site_assets

    repo = fixture_repo(tmp_path / "repo")
    (repo / "docs/assets/ysxt.css").write_text("/* 旧的副本 */\n", encoding="utf-8")
    (repo / "docs/assets/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    build(repo)
    shipped = site_assets()
    assert {"assets/ysxt.css", "assets/ysxt.js", "assets/ysxt-form.js", "assets/ysxt-form.css", "assets/ysxt-sha256.js"} <= set(shipped)
    for rel, data in shipped.items():
        assert (repo / "docs" / rel).read_bytes() == data, rel
        assert (repo / "site" / rel).read_bytes() == data, rel
    assert (repo / "site/assets/logo.svg").is_file()

    fewer = {rel: data for rel, data in shipped.items() if rel != "assets/ysxt.js"}
    monkeypatch.setattr(portal_build, "site_assets", lambda: fewer)
    later = generate(repo, AS_OF)
    assert "assets/ysxt.js" in later.result.deleted and not (repo / "docs/assets/ysxt.js").exists()
    assert (repo / "docs/assets/logo.svg").is_file() and (repo / "docs/assets/ysxt.css").is_file()


def test_build_without_mkdocs_yml_explains(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ysxt_build.cli.portal import build as build_command

    repo = fixture_repo(tmp_path / "repo")
    (repo / "mkdocs.yml").unlink()
    result = CliRunner().invoke(build_command, ["--repo", str(repo), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 1
    assert "找不到 mkdocs.yml" in result.output


def test_help_is_chinese_with_an_example() -> None:
    from click.testing import CliRunner

    from ysxt_build.cli.portal import build as build_command
    from ysxt_build.cli.portal import serve as serve_command

    for command in (build_command, serve_command):
        out = CliRunner().invoke(command, ["--help"]).output
        assert "例：" in out and "--as-of" in out
