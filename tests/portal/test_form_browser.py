"""填报 in a real browser: a clerk files records on the demo portal with Chromium alone.

The demo repository is built as of 2026-11-29 with a fake forge on 127.0.0.1 as its
``repo_url``. The form is filled as a clerk would (organisation and people by their Chinese
names, a directive from the list, an evidence file picked from disk); the file it produces must
be byte-identical to ``ysxt new --answers`` with the same answers, pass ``ysxt check``, and be
what the forge's new-file link and the download carry. Bad input is flagged before any file
is made; 修改或更正 opens a record and writes it back unchanged.

Screenshots of the form (1280 px and 390 px wide) are written to the test's folder, and to
``$YSXT_SCREENSHOTS`` when set (``YSXT_SCREENSHOTS=docs/assets/screenshots pytest …``).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from tests.builders.browser import FakeForge, Session, fake_forge, require_chromium, static_server
from tests.builders.portal import demo_repo
from tests.builders.repo import record_text, write_minimal_repo
from ysxt_build.check.control_chars import control_char_problems
from ysxt_build.check.repository import load_repository
from ysxt_build.cli.main import main
from ysxt_build.records import strict_yaml
from ysxt_build.records.form_spec import record_form_spec, record_values
from ysxt_build.records.characters import first_refused
from ysxt_build.records.templates import FILL_BLANKS, MODELINE, RefusedCharacters, render_record, roster_line

require_chromium()

AS_OF = "2026-11-29"
NOW = "2026-11-29T10:00:00"  # the browser's clock: "today" for the form
PDF = b"%PDF-1.4\n% \xe4\xbc\x9a\xe8\xae\xae\xe8\xae\xb0\xe5\xbd\x95 scan\n" + bytes(range(256)) * 40
EDITED = "records/activities/2026/liushu-village/2026-liushu-village-dntb-02.yaml"
runner = CliRunner()


def ysxt(*argv: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(argv), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@dataclass
class Portal:
    root: Path  # the repository the site was built from (never changed after the build)
    base: str
    forge: FakeForge

    def copy(self, target: Path) -> Path:
        """A copy of the repository's records, to run ``ysxt new`` and ``ysxt check`` in."""
        shutil.copytree(self.root / "records", target / "records")
        return target


@pytest.fixture(scope="module")
def forge() -> Iterator[FakeForge]:
    with fake_forge() as running:
        yield running


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory, forge: FakeForge) -> Iterator[Portal]:
    root = demo_repo(tmp_path_factory.mktemp("form") / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert '    repo_url: ""\n' in text
    config.write_text(text.replace('    repo_url: ""\n', f'    repo_url: "{forge.base}/town/records"\n'), encoding="utf-8")
    # a record written by ysxt new from answers: the form must open it and write it back byte for byte
    answers = root / "answers.json"
    answers.write_text(json.dumps({
        "title": "2026年上半年意识形态领域情况党内通报", "lead": "m-huang-guoqing",
        "participants": ["m-huang-guoqing", "m-yang-li"], "topics": ["意识形态工作", "网络舆情"],
        "summary": "通报上半年网络舆情和阵地管理情况：“谁主管谁负责”。",
        "evidence": [{"title": "通报文稿", "archive": "柳树村党支部档案盒 2026-05号"}],
    }, ensure_ascii=False), encoding="utf-8")
    code, out, err = ysxt("new", "党内通报", "--repo", str(root), "--org", "柳树村党支部", "--date", "2026-05-06", "--answers", str(answers))
    assert (code, out.strip()) == (0, EDITED), err
    answers.unlink()
    code, out, err = ysxt("build", "--repo", str(root), "--as-of", AS_OF)
    assert code == 0, out + err
    with static_server(root / "site") as base:
        yield Portal(root, base, forge)


@pytest.fixture
def session(browser: Any) -> Iterator[Session]:
    s = Session(browser)
    s.page.clock.set_fixed_time(NOW)
    try:
        yield s
        assert s.outside() == [], "requests left the machine"
        assert s.dialogs == [] and s.errors == [], (s.dialogs, s.errors)
    finally:
        s.close()


# -- what a clerk does ----------------------------------------------------------------------


def open_form(page: Any, portal: Portal, query: str = "") -> None:
    page.goto(f"{portal.base}/fill.html{query}")
    page.wait_for_selector("#ysxt-org")


def choose(page: Any, select: str, text: str) -> None:
    """Choose the option of a <select> whose text starts with ``text`` (a Chinese name)."""
    values = page.eval_on_selector_all(
        f"{select} option", "(os, t) => os.filter(o => o.textContent.trim().startsWith(t)).map(o => o.value)", text
    )
    assert len(values) == 1, (select, text, values)
    page.select_option(select, values[0])


def start(page: Any, portal: Portal, org: str, record_type: str) -> None:
    open_form(page, portal)
    choose(page, "#ysxt-org", org)
    page.select_option("#ysxt-type", label=record_type)
    page.wait_for_selector("#ysxt-f-date")


def tick(page: Any, group: str, text: str, on: bool = True) -> None:
    box = page.locator(f"{group} label", has_text=text).locator("input")
    box.set_checked(on)


def ready_text(page: Any) -> str:
    page.wait_for_selector("#ysxt-form[data-state=ready] .ysxt-form-yaml")
    return str(page.locator(".ysxt-form-yaml").text_content())


def cli_file(portal: Portal, tmp: Path, answers: dict[str, Any], *argv: str) -> tuple[str, Path]:
    """``ysxt new … --answers`` in a copy of the portal's repository: (its path, the copy)."""
    repo = portal.copy(tmp / "cli")
    path = tmp / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    code, out, err = ysxt("new", *argv, "--repo", str(repo), "--answers", str(path))
    assert code == 0, err
    return out.strip(), repo


def check(repo: Path) -> None:
    result = runner.invoke(main, ["check", "--repo", str(repo), "--as-of", AS_OF], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def screenshots(page: Any, tmp_path: Path, name: str) -> None:
    folders = [tmp_path] + ([Path(os.environ["YSXT_SCREENSHOTS"])] if os.environ.get("YSXT_SCREENSHOTS") else [])
    page.evaluate("window.scrollTo(0, 0)")
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


# -- the tests --------------------------------------------------------------------------------


def test_a_special_study_meeting_with_two_members_and_a_scan(session: Session, portal: Portal, tmp_path: Path,
                                                               browser: Any) -> None:
    """Done when: 柳树村党支部 files a special study meeting with two members and an evidence
    file, ends on the forge's new-file page with the right path and content, and the file passes."""
    page = session.page
    start(page, portal, "柳树村党支部", "专题研究会议")
    assert "计入：二（一）4 每年至少两次专题研究意识形态工作（每年 2 次）" in page.locator(".ysxt-form-typeinfo").inner_text()
    page.fill("#ysxt-f-date", "2026-10-20")
    page.fill("#ysxt-f-title", "2026年第二次意识形态工作专题研究会议")
    choose(page, "#ysxt-f-lead", "黄国庆")
    tick(page, "#ysxt-f-participants", "何东升", on=False)  # all in office are ticked: he was away
    page.fill("#ysxt-f-topics", "意识形态工作\n网络舆情")
    page.fill("#ysxt-f-summary", "研究第四季度网络舆情应对，落实阵地管理“谁主管谁负责”。")
    page.fill(".ysxt-form-evidence input[type=text] >> nth=0", "会议记录扫描件")
    page.check(".ysxt-form-evidence input[value=file]")
    page.set_input_files(".ysxt-form-evidence input[type=file]", files=[{"name": "会议记录 扫描.PDF", "mimeType": "application/pdf", "buffer": PDF}])
    page.wait_for_function("() => (document.querySelector('.ysxt-form-yaml') || {}).textContent?.includes('sha256')")
    text = ready_text(page)
    counts = page.locator(".ysxt-form-counts").inner_text()
    assert "将计入：2026年 每年至少两次专题研究意识形态工作（第 2 次，共需 2 次）" in counts
    assert "records/evidence/2026/liushu-village/ zyyj-02.pdf" not in counts
    path = "records/activities/2026/liushu-village/2026-liushu-village-zyyj-02.yaml"  # -01 exists
    assert page.locator(".ysxt-form-path").inner_text() == path
    evidence = "records/evidence/2026/liushu-village/zyyj-02.pdf"
    answers = {
        "date": "2026-10-20", "title": "2026年第二次意识形态工作专题研究会议", "lead": "m-huang-guoqing",
        "participants": ["m-huang-guoqing", "m-yang-li"], "topics": ["意识形态工作", "网络舆情"],
        "summary": "研究第四季度网络舆情应对，落实阵地管理“谁主管谁负责”。",
        "evidence": [{"title": "会议记录扫描件", "file": evidence, "sha256": hashlib.sha256(PDF).hexdigest()}],
    }
    rel, repo = cli_file(portal, tmp_path, answers, "专题研究会议", "--org", "柳树村党支部", "--date", "2026-10-20")
    assert rel == path
    assert (repo / rel).read_text(encoding="utf-8") == text  # byte for byte what ysxt new writes
    # the evidence file, renamed as the page says, in the folder it names
    with page.expect_download() as got:
        page.click("a[download='zyyj-02.pdf']")
    assert Path(got.value.path()).read_bytes() == PDF
    (repo / evidence).parent.mkdir(parents=True, exist_ok=True)
    (repo / evidence).write_bytes(PDF)
    check(repo)
    # 下载文件 gives the same bytes
    with page.expect_download() as got:
        page.click(".ysxt-form-download")
    assert got.value.suggested_filename == "2026-liushu-village-zyyj-02.yaml"
    assert Path(got.value.path()).read_bytes() == text.encode("utf-8")
    # 在仓库网页中新建 opens the forge's new-file page with the path and the content
    with session.context.expect_page() as opened:
        page.click("text=在仓库网页中新建")
    forge_page = opened.value
    forge_page.wait_for_load_state()
    url = urlsplit(forge_page.url)
    assert url.path == "/town/records/_new/main/records/activities/2026/liushu-village/"
    query = parse_qs(url.query, keep_blank_values=True)
    assert query["filename"] == ["2026-liushu-village-zyyj-02.yaml"]
    assert query["value"] == [text]
    assert forge_page.title() == "新建文件"
    upload = page.locator("a", has_text="打开仓库网页中的上传页面").get_attribute("href")
    assert upload == f"{portal.forge.base}/town/records/_upload/tianbao-2026-liushu-village-zyyj-02/records/evidence/2026/liushu-village"
    screenshots(page, tmp_path, "fill-desktop.png")
    phone = Session(browser, width=390, height=844)
    try:
        phone.page.clock.set_fixed_time(NOW)
        start(phone.page, portal, "柳树村党支部", "专题研究会议")
        phone.page.fill("#ysxt-f-date", "2026-10-20")
        phone.page.fill("#ysxt-f-title", "2026年第二次意识形态工作专题研究会议")
        choose(phone.page, "#ysxt-f-lead", "黄国庆")
        phone.page.fill("#ysxt-f-summary", "研究第四季度网络舆情应对。")
        phone.page.fill(".ysxt-form-evidence input[type=text] >> nth=1", "柳树村党支部档案盒 2026-10号")
        ready_text(phone.page)
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
        screenshots(phone.page, tmp_path, "fill-phone.png")
    finally:
        phone.close()


def test_a_directive_study_answers_a_directive_chosen_from_the_list(session: Session, portal: Portal, tmp_path: Path) -> None:
    page = session.page
    start(page, portal, "青山村党总支", "传达学习")
    page.fill("#ysxt-f-date", "2026-09-18")
    page.fill("#ysxt-f-title", "传达学习县委关于意识形态工作的通知")
    tick(page, "#ysxt-f-responds-to", "2026-09-15")  # the directive, by its date and title
    page.fill(".ysxt-form-evidence input[type=text] >> nth=1", "青山村党总支档案 2026-09号")
    text = ready_text(page)
    assert "将完成：" in page.locator(".ysxt-form-counts").inner_text()
    answers = {
        "date": "2026-09-18", "title": "传达学习县委关于意识形态工作的通知",
        "participants": json.loads(page.evaluate("JSON.stringify(window.ysxtForm.form.collect().participants)")),
        "topics": ["意识形态工作"], "evidence": [{"title": "会议记录", "archive": "青山村党总支档案 2026-09号"}],
        "responds_to": ["2026-town-sjbs-02"],
    }
    assert answers["participants"] and "\nresponds_to: [2026-town-sjbs-02]\n" in text
    rel, repo = cli_file(portal, tmp_path, answers, "传达学习", "--org", "青山村党总支", "--date", "2026-09-18")
    assert (repo / rel).read_text(encoding="utf-8") == text
    check(repo)


def test_a_self_inspection_reported_in_writing(session: Session, portal: Portal, tmp_path: Path) -> None:
    page = session.page
    start(page, portal, "和平社区党总支", "专题自查")
    page.fill("#ysxt-f-date", "2026-11-20")
    page.fill("#ysxt-f-title", "2026年下半年意识形态工作责任制落实情况专题自查")
    page.fill("#ysxt-f-summary", "对照责任清单逐项自查，形成自查报告报镇党委。")
    choose(page, "#ysxt-f-report-submitted-to", "中共XX镇委员会")
    page.fill("#ysxt-f-report-submitted-on", "2026-11-25")
    page.fill(".ysxt-form-evidence input[type=text] >> nth=0", "自查报告")
    page.fill(".ysxt-form-evidence input[type=text] >> nth=1", "和平社区档案 2026-11号")
    text = ready_text(page)
    participants = json.loads(page.evaluate("JSON.stringify(window.ysxtForm.form.collect().participants || null)"))
    answers: dict[str, Any] = {
        "date": "2026-11-20", "title": "2026年下半年意识形态工作责任制落实情况专题自查",
        "topics": ["意识形态工作"], "summary": "对照责任清单逐项自查，形成自查报告报镇党委。",
        "evidence": [{"title": "自查报告", "archive": "和平社区档案 2026-11号"}],
        "report": {"submitted_to": "town", "submitted_on": "2026-11-25"},
    }
    if participants:
        answers["participants"] = participants
    rel, repo = cli_file(portal, tmp_path, answers, "专题自查", "--org", "和平社区党总支", "--date", "2026-11-20")
    assert (repo / rel).read_text(encoding="utf-8") == text
    assert "\nreport:\n  # 报送对象：" in text
    check(repo)


def _forge_link_state(page: Any) -> tuple[str, int]:
    """("link", bytes of the new-file link), ("shorter link", the same for a link that carries
    the record without its guidance comments) or ("too long", bytes of the blank new-file link)."""
    link = page.locator(".ysxt-form-forge")
    if link.count():
        assert page.locator(".ysxt-form-toolong").count() == 0
        state = "shorter link" if page.locator(".ysxt-form-short").count() else "link"
        return state, len(str(link.get_attribute("href")).encode("utf-8"))
    assert page.locator(".ysxt-form-short").count() == 0
    return "too long", len(str(page.locator(".ysxt-form-forge-blank").get_attribute("href")).encode("utf-8"))


def _linked_text(page: Any) -> str:
    """The record the new-file link carries (its ``value``), decoded."""
    query = parse_qs(urlsplit(str(page.locator(".ysxt-form-forge").get_attribute("href"))).query, keep_blank_values=True)
    (value,) = query["value"]
    return value


def _long_meeting(page: Any, portal: Portal) -> None:
    start(page, portal, "柳树村党支部", "专题研究会议")
    page.fill("#ysxt-f-date", "2026-10-20")
    page.fill("#ysxt-f-title", "2026年第二次意识形态工作专题研究会议")
    choose(page, "#ysxt-f-lead", "黄国庆")
    page.fill(".ysxt-form-evidence input[type=text] >> nth=1", "柳树村党支部档案盒 2026-10号")


_SUMMARY = "研究第四季度网络舆情应对工作，" * 200


def test_a_long_record_is_linked_without_the_templates_comments(session: Session, portal: Portal, tmp_path: Path) -> None:
    """The template's guidance comments alone make a link of about 5 750 bytes: past about 250
    characters of summary the link carries the record without them (the modeline kept), with a
    quiet note and no warning. What it carries reads as the same data as the downloaded file
    (byte for byte ysxt new's) and passes ysxt check; the download and the copy keep the comments."""
    from ysxt_build.portal.pages_form import FORGE_URL_LIMIT

    page = session.page
    _long_meeting(page, portal)
    name = "2026-liushu-village-zyyj-02.yaml"
    folder = "records/activities/2026/liushu-village"
    for size in (100, 275, 400, 600):
        page.fill("#ysxt-f-summary", _SUMMARY[:size])
        text = ready_text(page)
        state, length = _forge_link_state(page)
        assert length <= FORGE_URL_LIMIT, (size, state, length)
        assert state == ("link" if size == 100 else "shorter link"), (size, length)
        linked = _linked_text(page)
        with page.expect_download() as got:
            page.click(".ysxt-form-download")
        downloaded = Path(got.value.path()).read_bytes().decode("utf-8")
        assert downloaded == text and FILL_BLANKS not in text
        if size == 100:
            assert linked == text
            continue
        assert page.locator(".ysxt-form-toolong, .ysxt-form-upload, .ysxt-form-forge-blank").count() == 0
        assert "省去了以 # 开头的填写说明，记录内容相同" in page.locator(".ysxt-form-short").inner_text()
        assert "文件名和内容已经填好" in page.locator(".ysxt-form-steps").inner_text()
        assert yaml.safe_load(linked) == yaml.safe_load(downloaded)
        assert strict_yaml.load_bytes(linked.encode("utf-8"))[:2] == (strict_yaml.load_bytes(text.encode("utf-8"))[0], [])
        kept = [line for line in text.split("\n") if not line.lstrip(" ").startswith("#")]
        assert linked.split("\n") == [MODELINE] + kept  # only the template's comments left out
        repo = portal.copy(tmp_path / f"linked-{size}")
        (repo / folder / name).write_bytes(linked.encode("utf-8"))
        check(repo)
    with session.context.expect_page() as opened:
        page.click(".ysxt-form-forge")
    opened.value.wait_for_load_state()
    assert opened.value.title() == "新建文件"  # the fake forge answered: the link is whole
    assert parse_qs(urlsplit(opened.value.url).query)["value"] == [linked]


def test_a_record_too_long_for_a_link_is_uploaded_or_pasted(session: Session, portal: Portal, tmp_path: Path) -> None:
    """A summary so long that even the record without its comments makes the new-file link
    longer than servers take (FORGE_URL_LIMIT, 8000 bytes): no such link is offered; the page
    says why, in Chinese, and offers the download with the forge's upload page for the record's
    folder, and the text to paste into a blank new-file page whose short link names the file.
    The downloaded file passes ysxt check."""
    from ysxt_build.portal.pages_form import FORGE_URL_LIMIT

    page = session.page
    _long_meeting(page, portal)
    states = []
    # characters of the summary, 9 bytes each in the link: without the comments the rest of
    # the record takes about 900 bytes, so the shorter link passes 8 000 bytes at about 780
    for size in (700, 800, 1000, 2000):
        page.fill("#ysxt-f-summary", _SUMMARY[:size])
        ready_text(page)
        state, length = _forge_link_state(page)
        assert length <= FORGE_URL_LIMIT, (size, state, length)
        states.append(state)
    assert states == ["shorter link", "too long", "too long", "too long"]  # both sides of the limit
    text = ready_text(page)  # the longest
    warning = page.locator(".ysxt-form-toolong").inner_text()
    assert "这条记录内容较长，不能放进“在仓库网页中新建”的链接（链接超过 8000 字节" in warning
    assert page.locator("a", has_text="在仓库网页中新建").all_inner_texts() == ["在仓库网页中新建（粘贴内容）"]
    steps = page.locator(".ysxt-form-steps").inner_text()
    name = "2026-liushu-village-zyyj-02.yaml"
    assert f"点“下载文件”，保存的文件名是 {name}，不要改名。" in steps
    assert "点“打开仓库网页中的上传页面”：打开仓库的 records/activities/2026/liushu-village/ 文件夹" in steps
    assert "分支名写 tianbao-2026-liushu-village-zyyj-02" in steps
    upload = page.locator(".ysxt-form-upload").get_attribute("href")
    assert upload == f"{portal.forge.base}/town/records/_upload/main/records/activities/2026/liushu-village"
    blank = urlsplit(str(page.locator(".ysxt-form-forge-blank").get_attribute("href")))
    assert blank.path == "/town/records/_new/main/records/activities/2026/liushu-village/"
    assert parse_qs(blank.query) == {"filename": [name]}
    with page.expect_download() as got:
        page.click(".ysxt-form-download")
    assert got.value.suggested_filename == name
    assert Path(got.value.path()).read_bytes() == text.encode("utf-8")
    repo = portal.copy(tmp_path / "uploaded")
    (repo / "records/activities/2026/liushu-village" / name).write_bytes(text.encode("utf-8"))
    check(repo)
    with session.context.expect_page() as opened:
        page.click(".ysxt-form-upload")
    opened.value.wait_for_load_state()
    assert opened.value.title() == "新建文件"  # the fake forge answered: the link is whole


def test_a_bad_date_and_a_phone_number_are_flagged_before_any_file(session: Session, portal: Portal) -> None:
    page = session.page
    start(page, portal, "柳树村党支部", "党内通报")
    page.fill("#ysxt-f-date", "2026-02-30")
    page.fill("#ysxt-f-title", "党内通报意识形态领域情况")
    page.fill("#ysxt-f-summary", "群众反映问题，联系电话13812345678。")
    date_error = page.locator("#ysxt-f-date").locator("xpath=..").locator(".ysxt-form-error").inner_text()
    assert "字段“date”（日期）的“2026-02-30”不是真实存在的日期" in date_error
    summary_error = page.locator("#ysxt-f-summary").locator("xpath=..").locator(".ysxt-form-error").inner_text()
    assert "疑似手机号码“138…”，记录中不得保存个人信息" in summary_error
    assert page.get_attribute("#ysxt-form", "data-state") == "invalid"
    assert page.locator(".ysxt-form-download, .ysxt-form-forge, .ysxt-form-yaml").count() == 0
    assert "还有" in page.locator(".ysxt-form-blocked").inner_text()
    page.fill("#ysxt-f-date", "2026年3月5日")  # the check says how to write it, and so does the page
    assert "的写法不对：“2026年3月5日”，应写 2026-03-05" in page.locator("#ysxt-f-date").locator("xpath=..").inner_text()
    page.fill("#ysxt-f-date", "2026-12-05")  # after today (the browser's clock)
    assert "晚于检查日期 2026-11-29" in page.locator("#ysxt-f-date").locator("xpath=..").inner_text()
    page.fill("#ysxt-f-date", "2026-03-30")
    page.fill("#ysxt-f-summary", "通报上半年意识形态领域情况。")
    page.fill(".ysxt-form-evidence input[type=text] >> nth=1", "档案 2026-03号")
    assert ready_text(page).startswith("# yaml-language-server:")


def test_invisible_characters_are_flagged_in_the_checks_words_before_any_file(session: Session, portal: Portal) -> None:
    """Text pasted with a character ysxt check refuses (U+202E that shows text reversed, U+2028,
    a noncharacter, NEL) is flagged under its field in check's own words, and no file is made."""
    page = session.page
    start(page, portal, "柳树村党支部", "党内通报")
    page.fill("#ysxt-f-date", "2026-03-30")
    page.fill(".ysxt-form-evidence input[type=text] >> nth=1", "档案 2026-03号")
    title, summary = "党内通报\u202e情况😀", "😀第一段\u2028第二段\ufffe\x85"
    page.fill("#ysxt-f-title", title)
    page.fill("#ysxt-f-summary", summary)
    expected = control_char_problems("", {"title": title, "summary": summary}, frozenset({"summary"}))
    assert [p.message for p in expected] == [
        "字段“title”的第 5 个字符是不允许的控制字符 U+202E（改变文字显示方向的隐形字符）",
        "字段“summary”的第 5 个字符是不允许的控制字符 U+2028（行分隔符）",
    ]
    for widget, problem in zip(("#ysxt-f-title", "#ysxt-f-summary"), expected):
        error = page.locator(widget).locator("xpath=..").locator(".ysxt-form-error")
        assert error.locator(".ysxt-form-msg").inner_text() == problem.message
        assert error.locator(".ysxt-form-hint").inner_text() == "提示：" + problem.hint
    assert page.get_attribute("#ysxt-form", "data-state") == "invalid"
    assert page.locator(".ysxt-form-download, .ysxt-form-forge, .ysxt-form-yaml").count() == 0
    page.fill("#ysxt-f-title", "党内通报情况😀")
    page.fill("#ysxt-f-summary", "😀第一段\n第二段")
    text = ready_text(page)
    data, refusals, _ = strict_yaml.load_bytes(text.encode("utf-8"))
    assert refusals == [] and data["title"] == "党内通报情况😀" and data["summary"] == "😀第一段\n第二段"


BAD_DATES = [
    "2026-2-30", "2026-02-30", "2026/02/30", "2026年2月30日", "2026.2.29", "2026-04-31", "2026-4-0",  # no such day
    "2026-13-05", "2026/13/5", "2026-00-10",  # no such month
    "2026-2-3", "2026/2/3", "2026.02.03", "2026年2月3日", "20260203", "２０２６－２－３",  # a real day, written another way
]


def test_a_bad_date_gets_the_checks_own_words(session: Session, portal: Portal, tmp_path: Path) -> None:
    """Every date the page flags, it flags in the words of ysxt check: the same message and
    hint, with why there is no such day (2026年2月没有30日) or how to write it (应写 2026-02-03)."""
    repo = write_minimal_repo(tmp_path / "repo")
    for i, bad in enumerate(BAD_DATES, 2):
        rid = f"2025-qingshan-village-zyyj-{i:02d}"
        repo.write(f"records/activities/2025/qingshan-village/{rid}.yaml", record_text(rid, date=json.dumps(bad, ensure_ascii=False)))
    said = {p["path"]: (p["message"], p["hint"]) for p in repo.problems(as_of="2026-11-29") if p["code"].startswith("schema.date")}
    expected = [said[f"records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-{i:02d}.yaml"]
                for i in range(2, len(BAD_DATES) + 2)]
    assert "字段“date”（日期）的“2026-2-30”不是真实存在的日期：2026年2月没有30日" == expected[0][0]
    assert "字段“date”（日期）的写法不对：“2026-2-3”，应写 2026-02-03" == expected[10][0]
    page = session.page
    start(page, portal, "柳树村党支部", "党内通报")
    shown = []
    for bad in BAD_DATES:
        page.fill("#ysxt-f-date", bad)
        error = page.locator("#ysxt-f-date").locator("xpath=..").locator(".ysxt-form-error")
        shown.append((error.locator(".ysxt-form-msg").inner_text(), error.locator(".ysxt-form-hint").inner_text().removeprefix("提示：")))
    assert shown == expected


def test_the_edit_button_opens_a_record_and_writes_it_back_unchanged(session: Session, portal: Portal) -> None:
    page = session.page
    page.goto(f"{portal.base}/orgs/liushu-village.html")
    page.locator("#r-2026-liushu-village-dntb-02 + ul a.ysxt-edit").click()
    page.wait_for_selector("#ysxt-f-date")
    assert "正在修改" in page.locator(".ysxt-form-banner").inner_text()
    assert ready_text(page) == (portal.root / EDITED).read_text(encoding="utf-8")
    assert page.locator(".ysxt-form-forge").inner_text() == "在仓库网页中修改"
    assert page.locator(".ysxt-form-forge").get_attribute("href") == f"{portal.forge.base}/town/records/_edit/main/{EDITED}"
    # a record written by hand: the same data, now with the comments of the template
    rec = "records/activities/2026/liushu-village/2026-liushu-village-zyyj-01.yaml"
    open_form(page, portal, "?edit=liushu-village/2026/2026-liushu-village-zyyj-01")
    text = ready_text(page)
    original, _, _ = strict_yaml.load_bytes((portal.root / rec).read_bytes())
    again, _, _ = strict_yaml.load_bytes(text.encode("utf-8"))
    assert again == original


def test_a_record_of_an_assessed_year_is_corrected_as_ysxt_new_amend_does(session: Session, portal: Portal, tmp_path: Path) -> None:
    page = session.page
    record_id = "2025-qingshan-village-zyyj-01"
    open_form(page, portal, f"?edit=qingshan-village/2025/{record_id}")
    page.wait_for_selector("#ysxt-f-amends-reason")
    assert "正在更正" in page.locator(".ysxt-form-banner").inner_text()
    page.fill("#ysxt-f-amends-reason", "原记录漏写了一位参加人员")
    page.fill("#ysxt-f-attendance", "15")
    text = ready_text(page)
    assert page.locator(".ysxt-form-path").inner_text() == f"records/activities/2025/qingshan-village/{record_id}-gz1.yaml"
    ds = load_repository(portal.root, use_cache=False).dataset
    answers = record_values(ds.records_by_id[record_id])
    answers["attendance"] = 15
    answers["amends"] = {"record": record_id, "reason": "原记录漏写了一位参加人员"}
    rel, repo = cli_file(portal, tmp_path, answers, "--amend", record_id)
    assert (repo / rel).read_text(encoding="utf-8") == text
    check(repo)


def test_the_page_writes_exactly_what_python_writes(session: Session, portal: Portal) -> None:
    """renderRecord (the script) against render_record (ysxt new) on random values of every
    field of every type, and the script's SHA-256 against hashlib."""
    page = session.page
    open_form(page, portal)
    loaded = load_repository(portal.root, use_cache=False)
    assert loaded.schemas is not None  # derived from the demo's vocabulary
    spec = record_form_spec(loaded.schemas, loaded.dataset.plans)
    rng = random.Random(13)
    words = ["意识形态工作", "2026-05-08", "m-huang-guoqing", "yes", "a: b", "x #y", "“引号”", "多行\n文字", "\t", "c1",
             "", "12", "研究 阵地", "records/evidence/2026/x/zyyj-01.pdf", "\x7f", "null", "~", "[x]", "表情😀在U+10000之上",
             # characters check refuses: neither writer writes them, both say where
             "第一行\u2028第二行", "正\u202e反", "非字符\ufffe", "\x85#", "😀\U0001fffe", "\r\n"]

    clean = [w for w in words if first_refused(w) is None]  # half the cases: every record written

    def value(f: Any) -> Any:
        if f.shape == "object":
            return {c.key: value(c) for c in f.children if rng.random() < 0.7}
        if f.shape == "objects":
            return [{c.key: value(c) for c in f.children if rng.random() < 0.7} for _ in range(rng.randint(0, 2))]
        if f.shape == "list":
            return [rng.choice(pool) for _ in range(rng.randint(0, 3))]
        if f.kind in ("integer", "number"):
            return rng.choice([0, 12, 100000, 92.5])
        return rng.choice(pool)

    cases = []
    for t in spec.types:
        for i in range(12):
            pool = words if i % 2 else clean
            values = {k: value(spec.fields[k]) for k in t.fields if rng.random() < 0.6}
            roster = roster_line("2026-05-08", [("m-a", "甲"), ("m-b", "乙")]) if rng.random() < 0.8 else None
            try:
                expected: Any = render_record(spec, t, "2026-x-qt-01", "x-org", values, roster)
            except RefusedCharacters as error:
                expected = [[list(r.pointer), r.is_key, r.at, ord(r.char)] for r in error.found]
            cases.append((t.value, values, roster, expected))
    got = page.evaluate(
        """(cases) => cases.map(([t, values, roster]) => {
            const spec = window.YSXT_FORM.spec, type = spec.types.find(x => x.value === t);
            try {
                return window.ysxtForm.renderRecord(spec, type, "2026-x-qt-01", "x-org", values, roster, window.YSXT_FORM.lines,
                                                    window.YSXT_FORM.characters);
            } catch (e) {
                return e.refused.map(r => [r.pointer, r.key, r.at, r.code]);
            }
        })""",
        [[t, v, r] for t, v, r, _ in cases],
    )
    for (type_value, values, _r, expected), actual in zip(cases, got):
        assert actual == expected, (type_value, values)
    refused = [expected for _t, _v, _r, expected in cases if isinstance(expected, list)]
    assert {code for found in refused for *_, code in found} >= {0x2028, 0x202E, 0xFFFE, 0x85, 0x1FFFE, 0x0D, 0x09, 0x0A}
    assert len(refused) < len(cases)  # and records written too
    for size in (0, 1, 55, 56, 64, 1000, 70000):
        data = bytes(rng.getrandbits(8) for _ in range(size))
        digest = page.evaluate("(xs) => window.ysxtSha256(new Uint8Array(xs))", list(data))
        assert digest == hashlib.sha256(data).hexdigest()


# values a clerk might type, YAML's syntax among them: a "#" that must stay, line breaks, "|"
# (but no character ysxt check refuses: the writers refuse those, see the test above)
_WORDS = ["意识形态工作", "# 不是注释", "#", "a #b", "x: |", "|", ">-", "- # x", "多行\n# 文字", "\u3000# x", "\n#",
          "2026-05-08", "m-huang-guoqing", "yes", "", "“引号”", "  # 缩进", "\xa0#", "[x] #", "😀 #"]


def _texts(multiline: bool) -> Any:
    def allowed(text: str) -> bool:
        return first_refused(text, multiline=multiline) is None

    words = st.sampled_from([w for w in _WORDS if allowed(w)])
    chars = st.characters(codec="utf-8", exclude_categories=["Cs"]).filter(allowed)
    return st.one_of(words, st.text(alphabet=chars, max_size=12), st.lists(words, min_size=1, max_size=3).map("\n".join).filter(allowed))


def _field_values(f: Any, multiline: frozenset[str]) -> Any:
    long = f.key in multiline  # as check reads it: by the field's name, a list's items too
    if f.shape == "object":
        return st.fixed_dictionaries({}, optional={c.key: _field_values(c, multiline) for c in f.children})
    if f.shape == "objects":
        return st.lists(st.fixed_dictionaries({}, optional={c.key: _field_values(c, multiline) for c in f.children}), max_size=2)
    if f.shape == "list":
        return st.lists(_texts(long), max_size=3)
    if f.kind in ("integer", "number"):
        return st.sampled_from([0, 12, 100000, 92.5])
    return _texts(long)


@pytest.fixture(scope="module")
def demo_spec(portal: Portal) -> Any:
    loaded = load_repository(portal.root, use_cache=False)
    assert loaded.schemas is not None
    return record_form_spec(loaded.schemas, loaded.dataset.plans)


def test_a_record_without_its_guidance_comments_is_the_same_data(session: Session, portal: Portal, demo_spec: Any) -> None:
    """withoutGuidance (what the shorter new-file link carries) on records written from any
    answers to any type: the same data as the whole file, for PyYAML and for the loader of
    ysxt check, with every line but the template's comments kept in order, the modeline kept."""
    page = session.page
    open_form(page, portal)
    spec = demo_spec
    answers = st.sampled_from(spec.types).flatmap(lambda t: st.tuples(
        st.just(t), st.fixed_dictionaries({}, optional={k: _field_values(spec.fields[k], spec.multiline) for k in t.fields}), st.booleans()))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(answers)
    def same_data(case: tuple[Any, dict[str, Any], bool]) -> None:
        t, values, rostered = case
        roster = roster_line("2026-05-08", [("m-a", "甲"), ("m-b", "乙")]) if rostered else None
        text = render_record(spec, t, "2026-x-qt-01", "x-org", values, roster)
        bare = page.evaluate("(text) => window.ysxtForm.withoutGuidance(text, window.YSXT_FORM.guidance)", text)
        lines = text.split("\n")
        assert bare.split("\n") == [MODELINE] + [line for line in lines if not line.lstrip(" ").startswith("#")]
        whole, refused, _ = strict_yaml.load_bytes(text.encode("utf-8"))
        assert refused == []
        assert strict_yaml.load_bytes(bare.encode("utf-8"))[:2] == (whole, [])
        assert yaml.safe_load(bare) == yaml.safe_load(text) == whole

    same_data()


def test_the_lines_of_a_block_scalar_are_never_dropped(session: Session, portal: Portal) -> None:
    """The writer writes no block scalar; a "#" line inside one is content all the same."""
    page = session.page
    open_form(page, portal)
    text = (f"{MODELINE}\n# 说明 ->\nid: x\nsummary: |-\n  第一行\n  # 第二行\n\n  第三行\n# 参加人员\nitems:\n"
            "  - a: >\n      # 内容\n  # 注释\n  - b\n")
    bare = page.evaluate("(text) => window.ysxtForm.withoutGuidance(text, window.YSXT_FORM.guidance)", text)
    assert bare == f"{MODELINE}\nid: x\nsummary: |-\n  第一行\n  # 第二行\n\n  第三行\nitems:\n  - a: >\n      # 内容\n  - b\n"
    assert yaml.safe_load(bare) == yaml.safe_load(text)


def test_every_type_shows_its_fields(session: Session, portal: Portal) -> None:
    page = session.page
    open_form(page, portal)
    choose(page, "#ysxt-org", "中共XX镇委员会")
    types = page.evaluate("window.YSXT_FORM.spec.types.map(t => [t.value, t.fields.filter(f => f !== 'amends').length])")
    for value, count in types:
        page.select_option("#ysxt-type", value)
        page.wait_for_selector("#ysxt-f-date")
        shown = page.evaluate("window.ysxtForm.form.widgets.length")
        assert shown == count, value


def test_the_form_keeps_the_search_index_as_it_was(portal: Portal) -> None:
    """The 修改或更正 links are left out of the index (they are on every record); the page is in."""
    index = json.loads((portal.root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d["text"] + d["title"] for d in index["docs"])
    assert "修改或更正" not in texts
    assert any(d["location"] == "fill.html" for d in index["docs"])
    assert any(d["location"].startswith("orgs/liushu-village.html#r-2026-liushu-village-zyyj-01") for d in index["docs"])


# -- an example repository: another unit's vocabulary -------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCHOOL_AS_OF = "2026-03-31"


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory, forge: FakeForge) -> Iterator[Portal]:
    """The school example (学校党支部, 年级组, semesters), built with its own mkdocs.yml."""
    root = tmp_path_factory.mktemp("school") / "repo"
    shutil.copytree(EXAMPLES / "school", root, ignore=shutil.ignore_patterns(".ysxt-cache", "site"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert '    repo_url: ""\n' in text
    config.write_text(text.replace('    repo_url: ""\n', f'    repo_url: "{forge.base}/school/records"\n'), encoding="utf-8")
    code, out, err = ysxt("build", "--repo", str(root), "--as-of", SCHOOL_AS_OF)
    assert code == 0, out + err
    with static_server(root / "site") as base:
        yield Portal(root, base, forge)


def test_the_school_files_a_class_meeting_in_its_own_words(session: Session, school: Portal, tmp_path: Path) -> None:
    """The school's record types, short codes and semesters come from its vocabulary: the page
    writes what ``ysxt new --answers`` writes there, and the file passes the check."""
    page = session.page
    page.clock.set_fixed_time("2026-03-31T10:00:00")
    start(page, school, "八年级组", "主题班会")
    types = page.evaluate("window.YSXT_FORM.spec.types.map(t => [t.value, t.code])")
    assert ["class_meeting", "zthh"] in types and all(t != "special_study" for t, _ in types)
    info = page.locator(".ysxt-form-typeinfo").inner_text()
    assert "计入：2.3 各年级组每学期至少开展两次思想政治教育主题班会（每学期 2 次）" in info
    page.fill("#ysxt-f-date", "2026-03-20")
    page.fill("#ysxt-f-title", "八年级“理想信念”主题班会")
    page.fill("#ysxt-f-topics", "思想政治\n理想信念")
    page.fill(".ysxt-form-evidence input[type=text] >> nth=0", "班会记录")
    page.fill(".ysxt-form-evidence input[type=text] >> nth=1", "八年级组档案 2026-03号")
    text = ready_text(page)
    counts = page.locator(".ysxt-form-counts").inner_text()
    assert "将计入：2025—2026学年第二学期 各年级组每学期至少开展两次思想政治教育主题班会（第 1 次，共需 2 次）" in counts
    path = "records/activities/2026/grade-8/2026-grade-8-zthh-01.yaml"
    assert page.locator(".ysxt-form-path").inner_text() == path
    answers = {
        "date": "2026-03-20", "title": "八年级“理想信念”主题班会",
        "participants": json.loads(page.evaluate("JSON.stringify(window.ysxtForm.form.collect().participants)")),
        "topics": ["思想政治", "理想信念"], "evidence": [{"title": "班会记录", "archive": "八年级组档案 2026-03号"}],
    }
    assert answers["participants"] == ["m-dong-wei"]  # the group's head, in office that day
    rel, repo = cli_file(school, tmp_path, answers, "主题班会", "--org", "八年级组", "--date", "2026-03-20")
    assert rel == path
    assert (repo / rel).read_text(encoding="utf-8") == text
    result = runner.invoke(main, ["check", "--repo", str(repo), "--as-of", SCHOOL_AS_OF], catch_exceptions=False)
    assert (result.exit_code, result.output.endswith("没有发现问题。\n")) == (0, True), result.output
