"""The privacy scan: ID and mobile numbers as people type them, in records and text evidence,
and no false alarm on dates, ids, periods or checksums (the demo data is scanned both ways)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest

from tests.builders.repo import EVIDENCE, PROJECT, RECORD, Repo
from ysxt_build.check.privacy import EVIDENCE_HINT, RECORD_HINT, record_problems, scan_text, scan_value
from ysxt_build.records import strict_yaml

MOBILE = "13912345678"
ID = "11010519491231002X"  # check digit X, birth date 1949-12-31


@pytest.mark.parametrize(
    "typed",
    [
        MOBILE,
        "139-1234-5678",
        "139 1234 5678",
        "139.1234.5678",
        "１３９１２３４５６７８",  # full-width, as Chinese input methods type it
        "１３９－１２３４－５６７８",
        "+86 139 1234 5678",
        "+8613912345678",
        "(+86) 139-1234-5678",
        "０086 13912345678",
        "0086-139-1234-5678",
        "139\u200b1234\u200b5678",  # zero-width spaces
        "1\u00ad39 1234 5678",  # soft hyphen
        "电话：139 1234 5678。",
        ID,
        ID.lower(),
        "110105 19491231 002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105-1949-1231-002x",
    ],
)
def test_private_numbers_as_typed_are_found(typed: str) -> None:
    hits = scan_text(f"summary: 群众{typed}反映问题\n")
    assert len(hits) == 1, hits
    assert hits[0].number in (MOBILE, ID.upper())


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-12 2025-04-01 2025-06-30",  # dates, even run together
        "2025.03.12-2025.04.01",
        "20250312 20250401",
        "2025H1 2025Q3 2025M03",
        "2025-qingshan-village-zyyj-01",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256: 1234567890123456789012345678901234567890123456789012345678901234",
        "12012345678",  # no such mobile range
        "10012345678",
        "110105194912310021",  # wrong check digit
        "110105194913310028",  # no 13th month
        "档案编号12345678901234567890",
        "会议时间 14:30-16:30，参加 12 人，共 3 项议程",
        "X办发〔2025〕12号 第 1,234,567 号",
    ],
)
def test_dates_ids_periods_and_checksums_are_not_private(text: str) -> None:
    assert scan_text(text) == []


def test_the_demo_data_has_no_false_positive() -> None:
    records = sorted((PROJECT / "records").rglob("*.yaml"))
    assert len(records) > 400
    for path in records:
        raw = path.read_bytes()
        data, _, text = strict_yaml.load_bytes(raw)
        assert record_problems(str(path), text, data) == [], path
        # and both ways: the same file with a number in it is caught
        assert len(record_problems(str(path), text + f"# 来电 139 1234 5678\n", data)) == 1, path


def test_yaml_escapes_and_folded_lines_are_scanned_as_values(repo: Repo) -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in MOBILE)
    repo.replace(RECORD, "title: 2025年第一次意识形态工作专题研究会议", f'title: "来电{escaped}"')
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (RECORD, 5, "privacy.personal-number")
    assert problem["message"] == "疑似手机号码“139…”，记录中不得保存个人信息"
    assert problem["hint"] == RECORD_HINT


def test_a_number_folded_over_lines_is_found(repo: Repo) -> None:
    repo.replace(RECORD, "summary: 研究本年度", "summary: >-\n  群众来电 139\n  1234 5678。研究本年度")
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (11, "privacy.personal-number")


def test_a_number_in_a_comment_is_found(repo: Repo) -> None:
    repo.replace(RECORD, "attendance: 12\n", "attendance: 12  # 联系人电话 139-1234-5678\n")
    problem = repo.only_problem()
    assert (problem["line"], problem["code"]) == (8, "privacy.personal-number")
    assert MOBILE not in str(problem)  # the number is never repeated in the output


def _evidence(repo: Repo, rel: str, raw: bytes) -> None:
    repo.write(rel, raw)


@pytest.mark.parametrize(
    ("name", "raw", "line"),
    [
        ("notes.txt", "会议记录\n\n群众来电：１３９ １２３４ ５６７８\n".encode("utf-8"), 3),
        ("notes-gbk.txt", "会议记录\r\n群众身份证号 110105 19491231 002X\r\n".encode("gb18030"), 2),
        ("notes.md", "# 记录\n\n- 电话 +86 139 1234 5678\n".encode("utf-8"), 3),
        ("list.csv", "姓名,电话\n某某,139-1234-5678\n".encode("utf-8-sig"), 2),
    ],
)
def test_text_evidence_files_are_scanned(repo: Repo, name: str, raw: bytes, line: int) -> None:
    rel = f"records/evidence/2025/qingshan-village/{name}"
    repo.write(rel, raw)
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["code"]) == (rel, line, "privacy.personal-number")
    assert problem["hint"] == EVIDENCE_HINT


def test_word_evidence_is_scanned_paragraph_by_paragraph(repo: Repo, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("会议记录")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "联系电话"
    table.cell(0, 1).text = "139 1234 5678"
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    rel = "records/evidence/2025/qingshan-village/minutes.docx"
    repo.write(rel, path.read_bytes())
    problem = repo.only_problem()
    assert (problem["path"], problem["code"]) == (rel, "privacy.personal-number")
    assert problem["message"] == "第 3 段中疑似手机号码“139…”，记录中不得保存个人信息"


def test_a_damaged_word_file_is_a_warning_not_a_crash(repo: Repo) -> None:
    rel = "records/evidence/2025/qingshan-village/broken.docx"
    repo.write(rel, b"PK\x03\x04 not really a zip")
    problem = repo.only_problem()
    assert (problem["path"], problem["severity"], problem["code"]) == (rel, "warning", "privacy.not-scanned")


def test_an_evidence_file_named_by_a_record_is_scanned_and_its_hash_checked(repo: Repo) -> None:
    raw = "会议记录 电话13912345678\n".encode("utf-8")
    repo.write(EVIDENCE, raw)
    repo.replace(RECORD, hashlib.sha256("会议记录（测试用）\n".encode()).hexdigest(), hashlib.sha256(raw).hexdigest())
    assert [(p["path"], p["code"]) for p in repo.problems()] == [(EVIDENCE, "privacy.personal-number")]


def test_scan_value_needs_no_file() -> None:
    assert [h.number for h in scan_value("来电 139 1234 5678，身份证 11010519491231002X")] == [MOBILE, ID]
