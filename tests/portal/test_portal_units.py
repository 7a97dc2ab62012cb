"""Unit tests of the portal's small modules: page writer, anchors, charts, calendar,
status.json reading, the schema-generated guide pages, and lists of things to do."""

from __future__ import annotations

import re

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from tests.builders.engine import real_vocabulary
from tests.builders.portal import AS_OF, fixture_repo
from ysxt_build.portal import pages_records, paths, svg
from ysxt_build.portal.assets import site_assets
from ysxt_build.portal.config import read_settings
from ysxt_build.portal.context import PortalSettings, SiteContext, worst
from ysxt_build.portal.escape import text
from ysxt_build.portal.generate import context_for, pages
from ysxt_build.portal.ics import calendar, town_calendar
from ysxt_build.portal.pages_guide import field_reference, fields, template, templates
from ysxt_build.portal.site import LEGACY_MANIFEST, write_pages
from ysxt_build.portal.status_data import StatusData, StatusEntry, StatusFormatError
from ysxt_build.records.schemas import FILE_KINDS, SchemaSet
from ysxt_build.records.templates import required_for_type
from ysxt_build.status.model import DONE
from ysxt_build.status.serialize import to_json


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> SiteContext:
    repo = fixture_repo(tmp_path_factory.mktemp("units") / "repo")
    return context_for(repo, AS_OF, PortalSettings(), use_cache=False)


# -- writing pages --------------------------------------------------------------------------


def test_write_pages_only_when_changed_and_removes_stale(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "index.md").write_text("手写", encoding="utf-8")
    first = write_pages(docs, {"index.md": "甲", "orgs/a.md": "乙", "orgs/a.ics": b"BEGIN"})
    assert sorted(first.written) == ["index.md", "orgs/a.ics", "orgs/a.md"]
    stamp = (docs / "orgs" / "a.md").stat().st_mtime_ns
    second = write_pages(docs, {"index.md": "甲", "orgs/a.md": "乙", "orgs/a.ics": b"BEGIN"})
    assert second.written == [] and second.unchanged == 3 and second.deleted == []
    assert (docs / "orgs" / "a.md").stat().st_mtime_ns == stamp
    third = write_pages(docs, {"index.md": "丙"})
    assert third.written == ["index.md"]
    assert sorted(third.deleted) == ["orgs/a.ics", "orgs/a.md"]
    assert not (docs / "orgs").exists()
    assert (docs / "guide" / "index.md").read_text(encoding="utf-8") == "手写"  # hand-written: untouched
    assert not (docs / LEGACY_MANIFEST).exists()  # the proof is kept outside docs/


def test_files_the_build_cannot_prove_it_wrote_are_kept_and_reported(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "records").mkdir(parents=True)
    (docs / "records" / "1999.md").write_text("旧", encoding="utf-8")
    result = write_pages(docs, {"records/index.md": "新"})
    assert result.deleted == [] and result.kept == ["records/1999.md"]
    assert (docs / "records" / "1999.md").read_text(encoding="utf-8") == "旧"


def test_write_pages_refuses_paths_outside_docs(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_pages(tmp_path, {"../evil.md": "x"})


# -- anchors and links ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref, anchor, level",
    [("一", "c-1", 1), ("二（一）", "c-2-1", 2), ("二（一）4", "c-2-1-4", 3), ("四（三）9", "c-4-3-9", 3), ("十二", "c-12", 1), ("二十三（十）10", "c-23-10-10", 3)],
)
def test_clause_anchor(ref: str, anchor: str, level: int) -> None:
    assert paths.clause_anchor(ref) == anchor
    assert paths.clause_level(ref) == level


def test_odd_clause_gets_a_safe_anchor() -> None:
    assert paths.clause_anchor('附件"1"').startswith("c-x-")


def test_relative_links() -> None:
    assert paths.link("index.md", "orgs/a.md", "ob-x") == "orgs/a.md#ob-x"
    assert paths.link("orgs/a.md", "obligations.md") == "../obligations.md"
    assert paths.link("orgs/a.md", "orgs/b.md") == "b.md"
    assert paths.link("orgs/a.md", "orgs/a.md", "r-1") == "#r-1"


# -- charts -----------------------------------------------------------------------------------


def test_line_chart_is_valid_svg_with_escaped_title() -> None:
    html = svg.line_chart([("2025H1", 0.5), ("2025H2", None), ("2026H1", 1.0)], "<script>标题</script>")
    assert "<script" not in html
    root = ET.fromstring(html.replace("&#", "&amp;#"))  # references kept literal for the XML parser
    svg_el = root.find("svg")
    assert svg_el is not None
    assert len(svg_el.findall("circle")) == 2
    assert "2025上 50%" in html and "2026上 100%" in html


def _ys(html: str) -> list[float]:
    return [float(y) for y in re.findall(r'<circle class="ysxt-point" cx="[\d.]+" cy="([\d.]+)"', html)]


def test_a_chart_of_shares_near_100_percent_is_scaled_to_the_data_and_says_so() -> None:
    """93 % and 100 % are not the same flat line at the top of a 0–100 % axis."""
    html = svg.line_chart([("2025H1", 0.93), ("2025H2", 1.0), ("2026H1", 0.97)], "t")
    low, high, mid = _ys(html)
    assert low - high > 100  # of a 158-pixel plot: the drop is most of the chart's height
    assert ">90%</text>" in html and ">100%</text>" in html and ">0%</text>" not in html
    assert "纵轴从 90% 到 100%（不从 0 开始" in html and "ysxt-axis-break" in html
    # shares that reach low keep the axis from 0
    wide = svg.line_chart([("2025H1", 0.3), ("2025H2", 1.0)], "t")
    assert ">0%</text>" in wide and "不从 0 开始" not in wide
    assert svg.axis_floor([0.93, None, 1.0]) == 0.9 and svg.axis_floor([1.0, 1.0]) == 0.9
    assert svg.axis_floor([None]) == 0.0 and svg.axis_floor([0.51]) == 0.4


def test_sparkline_without_data() -> None:
    assert svg.sparkline([("2025H1", None)]) == "—"
    assert "<polyline" in svg.sparkline([("2025H1", 0.2), ("2025H2", 0.8)])


# -- calendar -------------------------------------------------------------------------------


def test_ics_has_one_event_per_duty_and_due_day_and_is_deterministic(ctx: SiteContext) -> None:
    org = "hexi-school"
    mine = ctx.entries_by_org[org]
    data = calendar(ctx, org, mine, "测试")
    assert data == calendar(ctx, org, mine, "测试")
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    since = AS_OF - timedelta(days=183)
    expected = [
        e for e in mine
        if e.due is not None and e.due >= since and e.status not in ("not_applicable", "by_inspection")
    ]
    keys = {(e.due, e.obligation, e.trigger) for e in expected if e.due is not None}
    assert any(k[0] < AS_OF for k in keys)  # past deadlines are on the page, not in the calendar
    assert len(events) == len({k for k in keys if k[0] >= AS_OF}) > 0
    assert len({str(ev["UID"]) for ev in events}) == len(events)
    assert all(str(ev["UID"]).startswith(f"{org}-") for ev in events)
    assert all(str(ev["SUMMARY"]).startswith("截止：") for ev in events)
    assert all(isinstance(ev.decoded("DTSTART"), date) for ev in events)
    assert any("未完成：" in str(ev["DESCRIPTION"]) for ev in events)
    town = list(Calendar.from_ical(town_calendar(ctx, "全镇")).walk("VEVENT"))
    everyone = [
        e for e in ctx.status.entries
        if e.due is not None and e.due >= since and e.status not in ("not_applicable", "by_inspection")
    ]
    groups: dict[tuple[date, str, str], list[StatusEntry]] = {}
    for e in everyone:
        assert e.due is not None
        groups.setdefault((e.due, e.obligation, e.trigger or ""), []).append(e)
    shown = [k for k, g in groups.items() if k[0] >= AS_OF or any(e.status not in DONE for e in g)]
    assert len(shown) == len(town) < len(groups)
    assert any("未完成：河西小学党支部" in str(ev["DESCRIPTION"]) for ev in town)


# -- status.json ------------------------------------------------------------------------------


def test_status_data_rejects_other_formats() -> None:
    with pytest.raises(StatusFormatError):
        StatusData.from_json({"format": "something-else", "version": 1})
    with pytest.raises(StatusFormatError):
        StatusData.from_json({"format": "ysxt-status", "version": 999})


def test_status_data_round_trip(ctx: SiteContext) -> None:
    assert ctx.status.as_of == AS_OF
    assert all(isinstance(e, StatusEntry) for e in ctx.status.entries)
    assert {o.id for o in ctx.dataset.organizations} <= set(ctx.status.org_summaries)


def test_status_data_from_the_report_equals_status_json_read_back(ctx: SiteContext) -> None:
    """The portal converts the engine's entries directly; it must see exactly status.json."""
    assert ctx.report is not None
    published = StatusData.from_json(to_json(ctx.report, ctx.dataset, ctx.labels))
    assert ctx.status == published
    assert len(ctx.status.entries) > 50


def test_worst_status() -> None:
    assert worst(["met", "due_soon", "open"]) == "due_soon"
    assert worst(["met", "missing"]) == "missing"


# -- settings ---------------------------------------------------------------------------------


def test_settings_from_mkdocs_yml(tmp_path: Path) -> None:
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  ysxt:\n    source_url: https://git.example.cn/r/src/main/\n    recent_records: 3\n",
        encoding="utf-8",
    )
    s = read_settings(cfg)
    assert s.source_url == "https://git.example.cn/r/src/main/" and s.recent_records == 3
    assert read_settings(tmp_path / "missing.yml") == PortalSettings()


def test_source_links(ctx: SiteContext) -> None:
    assert ctx.source_link("records/a b.yaml") == "<code>records/a b&#46;yaml</code>"
    linked = SiteContext(ctx.status, ctx.dataset, ctx.labels, ctx.schemas, PortalSettings(source_url="https://git.example.cn/t/src/main/"))
    assert linked.source_link("records/a b.yaml") == "[records/a b&#46;yaml](<https://git.example.cn/t/src/main/records/a%20b.yaml>)"
    unsafe = SiteContext(ctx.status, ctx.dataset, ctx.labels, ctx.schemas, PortalSettings(source_url="javascript:alert(1)//"))
    assert unsafe.source_link("x.yaml").startswith("<code>")
    # the records-by-year lists link each record's source file only where it is a web link
    year = max(r.date.year for r in ctx.records)
    assert "| 来源文件 |" not in pages_records.year_page(ctx, year)
    assert "git.example.cn/t/src/main/records/activities/" in pages_records.year_page(linked, year)


# -- guide pages from the schemas ---------------------------------------------------------------


def test_field_reference_lists_every_field_of_every_schema() -> None:
    schemas = SchemaSet.load().with_vocabularies([real_vocabulary()])  # as a repository's, with its types
    page = field_reference(schemas)
    for kind in FILE_KINDS:
        assert f"{{ #k-{kind} }}" in page
        for path, node, _required, _depth in fields(schemas, kind):
            assert f"<code>{text(path)}</code>" in page, (kind, path)
            if node.get("title"):
                assert text(node["title"]) in page, (kind, path)
    # choices come with their Chinese titles, straight from the schema
    for choice in schemas.choices("record", "type"):
        assert f"<code>{text(choice.value)}</code> {text(choice.title)}" in page


def test_every_template_is_the_file_ysxt_new_writes(ctx: SiteContext, tmp_path: Path) -> None:
    """记录模板, ysxt new and the 填报 page share one writer: each template is the file
    ``ysxt new`` writes before anything is filled in, but for the organisation's own id, name
    and members in office."""
    from click.testing import CliRunner

    from ysxt_build.cli.main import main
    from ysxt_build.portal.pages_form import form_spec

    repo = fixture_repo(tmp_path / "repo")
    spec = form_spec(ctx)
    page = templates(ctx)
    assert len(spec.types) == len(ctx.schemas.choices("record", "type"))

    def own(text: str) -> list[str]:  # what only an organisation has: who is in office
        return [line for line in text.splitlines() if not line.startswith(("# 本组织 ", "participants:", "# participants:"))]

    for t in spec.types:
        body = template(spec, t, AS_OF)
        assert body in page
        data = yaml.safe_load(body)
        assert (data["type"], data["organization"]) == (t.value, "组织编号")
        for name in required_for_type(ctx.schemas, t.value):
            assert name in data, (t.value, name)
        result = CliRunner().invoke(main, ["new", t.value, "--repo", str(repo), "--org", "hexi-village", "--date", AS_OF.isoformat()])
        assert result.exit_code == 0, result.output
        written = (repo / result.stdout.strip()).read_text(encoding="utf-8")
        record_id = str(yaml.safe_load(written)["id"])
        expected = body.replace(f"id: {AS_OF.year}-组织编号-{t.code}-01\n", f"id: {record_id}\n").replace(
            "organization: 组织编号\n", "organization: hexi-village\n")
        assert own(written) == own(expected), t.value


# -- the whole set of pages ---------------------------------------------------------------------


def test_pages_cover_every_organisation_year_and_plan(ctx: SiteContext) -> None:
    out = pages(ctx)
    for org in ctx.dataset.organizations:
        assert paths.org(org.id) in out and paths.org_ics(org.id) in out
    assert paths.records_year(2025) in out
    assert all(paths.plan(p.id) in out for p in ctx.dataset.plans)
    assert set(paths.GENERATED_FILES) <= set(out)
    for rel in out:
        assert rel.split("/")[0] in paths.GENERATED_DIRS or rel in paths.GENERATED_FILES, rel


def test_gitignore_excludes_every_generated_path() -> None:
    from tests.builders.portal import PROJECT

    ignore = (PROJECT / ".gitignore").read_text(encoding="utf-8").splitlines()
    for docs in ("/docs", "/examples/*/docs"):  # the demo's and the examples'
        for rel in (*paths.GENERATED_FILES, *site_assets()):
            assert f"{docs}/{rel}" in ignore, rel
        for d in paths.GENERATED_DIRS:
            assert f"{docs}/{d}/" in ignore, d
        assert f"{docs}/{LEGACY_MANIFEST}" in ignore


def test_an_organisation_called_index_never_takes_the_index_pages_place(tmp_path: Path) -> None:
    """ysxt check refuses the id; until it is changed the organisation's page has a name of its
    own and 各组织 (orgs/index.md) still lists every organisation."""
    repo = fixture_repo(tmp_path / "repo")
    source = (repo / "records/organizations/hexi-school.yaml").read_text(encoding="utf-8")
    (repo / "records/organizations/index.yaml").write_text(
        source.replace("id: hexi-school", "id: index").replace("name: 河西小学党支部", "name: 索引小学党支部"), encoding="utf-8")
    out = pages(context_for(repo, AS_OF, PortalSettings(), use_cache=False))
    own = paths.org("index")
    assert own not in (paths.ORGS, "orgs/index.md") and own.startswith("orgs/x-") and paths.org_ics("index") in out
    assert str(out[paths.ORGS]).startswith("---") and "# 各组织 { #top }" in str(out[paths.ORGS])
    assert "索引小学党支部" in str(out[own]) and "# 索引小学党支部" not in str(out[paths.ORGS])
    assert paths.plan("index") != paths.PLANS and paths.org("con") != "orgs/con.md"


def test_records_after_the_as_of_date_are_not_shown(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path / "repo")
    early = context_for(repo, date(2025, 6, 1), PortalSettings(), use_cache=False)
    assert all(r.date <= date(2025, 6, 1) for r in early.records)
    page = pages(early)[paths.org("hexi-village")]
    assert isinstance(page, str) and "专题自查" not in page.split("## 记录")[1]


# -- the dev server's watcher ---------------------------------------------------------------------


def test_records_watcher_regenerates_on_change_but_not_on_read(tmp_path: Path) -> None:
    import threading
    import time

    from ysxt_build.portal.serve import _RecordsWatcher

    (tmp_path / "records" / "activities").mkdir(parents=True)
    target = tmp_path / "records" / "activities" / "a.yaml"
    target.write_text("id: a\n", encoding="utf-8")
    calls: list[float] = []
    done = threading.Event()

    def regenerate() -> None:
        calls.append(time.monotonic())
        target.read_text(encoding="utf-8")  # what a regeneration does: read the records
        done.set()

    watcher = _RecordsWatcher(tmp_path, regenerate, delay=0.2)
    watcher.start()
    try:
        time.sleep(0.3)
        target.write_text("id: b\n", encoding="utf-8")
        assert done.wait(5), "no regeneration after a change"
        time.sleep(1.0)
        assert len(calls) == 1, "reading the records must not trigger another regeneration"
    finally:
        watcher.stop()


def test_a_repository_without_plan_or_records_still_builds_its_pages(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path / "repo")
    for sub in ("plans", "activities"):
        import shutil

        shutil.rmtree(repo / "records" / sub)
    (repo / "records" / "activities").mkdir()
    out = pages(context_for(repo, AS_OF, PortalSettings(), use_cache=False))
    assert "还没有实施方案" in str(out[paths.OBLIGATIONS])
    assert "还没有记录" in str(out[paths.HOME])


def test_files_with_errors_are_named_on_the_home_page(tmp_path: Path) -> None:
    repo = fixture_repo(tmp_path / "repo")
    bad = repo / "records/activities/2025/hexi-village/2025-hexi-village-bad-01.yaml"
    bad.write_text("id: 2025-hexi-village-bad-01\ntype: nonsense\n", encoding="utf-8")
    home = str(pages(context_for(repo, AS_OF, PortalSettings(), use_cache=False))[paths.HOME])
    assert '!!! warning "1 个文件未计入"' in home
    assert "2025-hexi-village-bad-01&#46;yaml" in home


def test_command_reference_page_documents_every_command() -> None:
    from ysxt_build.cli.main import main
    from ysxt_build.cli.reference import command_reference
    from ysxt_build.portal import pages_commands

    page = pages_commands.render(command_reference())
    for name in main.commands:
        assert f"## ysxt {name} {{ #cmd-{name} }}" in page, name
    assert "例：" in page and "[OPTIONS]" not in page


def test_organisation_overview_on_the_demo_data() -> None:
    """Each obligation's row: its anchor, this period's status, and a note only where there is
    something to say (a member duty everyone has done has no 'X等 N 人：' without a text)."""
    from tests.builders.portal import PROJECT

    demo = context_for(PROJECT, date(2026, 11, 29), PortalSettings(), use_cache=False)
    out = pages(demo)
    page = out[paths.org("qingshan-village")]
    assert isinstance(page, str)
    assert '<span id="ob-member-theory-training"></span>' in page
    assert "人： |" not in page and "人：&nbsp;" not in page
    assert "陈芳等 4 人：还差 1 次民主生活会或组织生活会" in page


def test_member_checklist_marks_a_duty_done_late(ctx: SiteContext) -> None:
    from dataclasses import replace

    from ysxt_build.portal import pages_orgs

    done = next(e for e in ctx.status.entries if e.member and ctx.is_current(e))
    late = replace(done, status="met_late", status_zh="逾期完成")
    status = replace(ctx.status, entries=tuple(late if e is done else e for e in ctx.status.entries))
    changed = SiteContext(status, ctx.dataset, ctx.labels, ctx.schemas, ctx.settings)
    org = ctx.dataset.organization(done.organization)
    assert org is not None
    title = text(changed.obligation_title(late))
    assert f"{title}（逾期完成）" in pages_orgs.org_page(changed, org)
    assert f"{title}（逾期完成）" not in pages_orgs.org_page(ctx, org)
