"""Windows: nothing a clerk runs may depend on POSIX defaults.

CI runs on Linux, so these tests look for what would differ on a Windows office computer: a
file opened without ``encoding=`` (Windows would use GBK), text written without ``newline=``
(Windows would write CRLF into the repository), a record saved by Notepad (CRLF line ends and
a byte-order mark), paths written the Windows way, and output sent to a GBK console or file.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest

from tests.builders.repo import EVIDENCE, RECORD, Repo

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT / "ysxt_build"


def _keywords(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg}


def _mode(call: ast.Call, position: int) -> str:
    for k in call.keywords:
        if k.arg == "mode" and isinstance(k.value, ast.Constant):
            return str(k.value.value)
    arg = call.args[position] if len(call.args) > position else None
    if isinstance(arg, ast.Constant):
        return str(arg.value)
    return "r"


def _offences(path: Path, base: Path = PROJECT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        words = _keywords(node)
        where = f"{path.relative_to(base).as_posix()}:{node.lineno}"
        if name == "open" and isinstance(func, ast.Name) or name == "open" and isinstance(func, ast.Attribute) \
                and not (isinstance(func.value, ast.Name) and func.value.id in ("tarfile", "zipfile", "os")):
            mode = _mode(node, 1 if isinstance(func, ast.Name) else 0)
            if "b" not in mode and "encoding" not in words:
                found.append(f"{where} open() in text mode without encoding=")
            if "b" not in mode and any(c in mode for c in "wxa") and "newline" not in words:
                found.append(f"{where} open() writes text without newline=")
        if name in ("read_text", "write_text") and "encoding" not in words:
            found.append(f"{where} {name}() without encoding=")
        if name in ("run", "check_output", "Popen") and ({"text", "universal_newlines"} & words) and "encoding" not in words:
            found.append(f"{where} subprocess {name}(text=True) without encoding=")
    return found


def test_every_file_is_opened_with_an_encoding() -> None:
    offences = [o for path in sorted(PACKAGE.rglob("*.py")) for o in _offences(path)]
    assert offences == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("open('a')\nopen('a', 'w', encoding='utf-8')\nopen('a', 'rb')\nP.read_text()\n"
                      "subprocess.run(['git'], text=True)\n", encoding="utf-8")
    found = [o.split(" ", 1)[1] for o in _offences(sample, tmp_path)]
    assert found == ["open() in text mode without encoding=", "open() writes text without newline=",
                     "read_text() without encoding=", "subprocess run(text=True) without encoding="]


def test_a_record_saved_by_notepad_passes(repo: Repo) -> None:
    """UTF-8 with a byte-order mark and CRLF line ends, as Windows Notepad saves it."""
    text = repo.read(RECORD)
    repo.write(RECORD, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = repo.check()
    assert result.exit_code == 0, result.output
    # and a mistake in such a file is reported on its line
    repo.write(RECORD, b"\xef\xbb\xbf" + text.replace('date: "2025-03-12"', 'date: "2025-02-30"').replace("\n", "\r\n").encode("utf-8"))
    problem = repo.only_problem()
    assert (problem["line"], problem["message"]) == (4, "字段“date”（日期）的“2025-02-30”不是真实存在的日期：2025年2月没有30日")


def test_an_organisation_saved_by_notepad_passes(repo: Repo) -> None:
    path = "records/organizations/qingshan-village.yaml"
    repo.write(path, b"\xef\xbb\xbf" + repo.read(path).replace("\n", "\r\n").encode("utf-8"))
    assert repo.check().exit_code == 0


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("records\\evidence\\2025\\qingshan-village\\zyyj-01.txt", "schema.pattern"),  # copied from Explorer
        ("C:/Users/clerk/Desktop/zyyj-01.txt", "evidence.outside"),
        ("../outside.txt", "evidence.outside"),
    ],
)
def test_windows_paths_of_evidence_are_refused_clearly(repo: Repo, written: str, code: str) -> None:
    assert PureWindowsPath(written).as_posix() != EVIDENCE or "\\" in written
    quoted = '"' + written.replace("\\", "\\\\") + '"'
    repo.replace(RECORD, f"file: {EVIDENCE}", f"file: {quoted}")
    codes = {p["code"] for p in repo.problems()}
    assert code in codes


def test_ysxt_new_writes_lf_only(repo: Repo) -> None:
    from click.testing import CliRunner

    from ysxt_build.cli.main import main

    result = CliRunner().invoke(main, ["new", "党内通报", "--repo", str(repo.root), "--org", "青山村党总支", "--date", "2025-05-08"])
    assert result.exit_code == 0, result.output
    assert b"\r" not in (repo.root / result.stdout.strip()).read_bytes()


def test_output_to_a_gbk_console_or_file_never_fails(repo: Repo) -> None:
    """A Windows console or a redirected output in the office's code page lacks ✖ and ◔."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    code = "import sys; from ysxt_build.cli.main import main; sys.argv[0] = 'ysxt'; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "status", "--repo", str(repo.root), "--as-of", "2026-03-01"],
        capture_output=True, env=env, check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode("gbk", "replace")
    assert b"UnicodeEncodeError" not in done.stderr
    assert "青山村党总支".encode("gbk") in done.stdout


def test_readme_and_guide_give_the_windows_quick_start() -> None:
    for doc in (PROJECT / "README.md", PROJECT / "docs" / "guide" / "index.md"):
        text = doc.read_text(encoding="utf-8")
        assert "py -m venv .venv" in text and ".venv\\Scripts\\activate" in text, doc
        assert "另开一个" in text, doc  # the first command keeps serving


def test_evidence_files_are_kept_byte_for_byte_by_git() -> None:
    """Git on Windows converts line ends of text files unless told not to: an evidence file's
    hash would then differ between computers."""
    attributes = (PROJECT / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "records/evidence/** -text" in attributes
