"""``ysxt new``, ``ysxt codeowners`` and ``ysxt check --base`` (closed periods), end to end."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders.repo import RECORD, RECORD_ID, Repo
from ysxt_build.check.control_chars import control_char_problems
from ysxt_build.cli.main import main
from ysxt_build.records import strict_yaml
from ysxt_build.records.characters import first_refused, json_escapes
from ysxt_build.records.refused import multiline_fields
from ysxt_build.records.schemas import SchemaSet
from ysxt_build.records.templates import FILL_BLANKS

runner = CliRunner()


def run(*argv: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(argv), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout


def init_git(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "clerk@example.invalid")
    git(root, "config", "user.name", "clerk")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")


# -- ysxt new -----------------------------------------------------------------------------


def test_new_writes_a_template_that_passes_once_blanks_are_filled(repo: Repo) -> None:
    code, out, err = run("new", "special_study", "--repo", str(repo.root), "--org", "qingshan-village", "--date", "2025-05-08")
    # the id follows the guide's convention, and -01 is taken by the repository's record
    path = "records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-02.yaml"
    assert (code, out) == (0, path + "\n")
    assert "已创建" in err
    text = repo.read(path)
    assert text.startswith("# yaml-language-server: $schema=../../../../schema/record.schema.json\n")
    assert "m-zhang-wei（张伟）、m-chen-fang（陈芳）" in text  # members in office that day
    # blanks fail the check, each with a line and a Chinese message
    messages = {(p["line"], p["message"]) for p in repo.problems() if p["path"] == path}
    assert (repo.line_of(path, 'title: ""'), "字段“title”（标题）不能为空") in messages
    filled = (
        text.replace('title: ""', "title: 第二次意识形态工作专题研究会议")
        .replace('lead: ""', "lead: m-zhang-wei")
        .replace('# summary: ""', "summary: 研究网络舆情应对。")
        .replace('archive: ""', "archive: 党建档案2025-05号")
    )
    repo.write(path, filled)
    assert repo.check().exit_code == 0, repo.check().output


@pytest.mark.parametrize(
    ("type_name", "org_name"),
    [
        ("专题研究会议", "青山村党总支"),  # Chinese names, as the clerk knows them
        ("zyyj", "qingshan-village"),  # the id code and the organisation's id
        ("special_study", "青山村"),  # a part of the name that names one organisation only
    ],
)
def test_new_takes_chinese_names(repo: Repo, type_name: str, org_name: str) -> None:
    code, out, err = run("new", type_name, "--repo", str(repo.root), "--org", org_name, "--date", "2025-05-08")
    assert (code, out) == (0, "records/activities/2025/qingshan-village/2025-qingshan-village-zyyj-02.yaml\n"), err


def test_new_never_overwrites_and_never_reuses_a_number(repo: Repo) -> None:
    argv = ["new", "党内通报", "--repo", str(repo.root), "--org", "qingshan-village", "--date", "2025-05-08"]
    assert run(*argv)[0] == 0
    path = repo.path("records/activities/2025/qingshan-village/2025-qingshan-village-dntb-01.yaml")
    path.write_text("# 我的草稿\n", encoding="utf-8")  # not even valid: its name still takes the number
    code, out, _ = run(*argv)
    assert code == 0 and out.strip().endswith("dntb-02.yaml")
    assert path.read_text(encoding="utf-8") == "# 我的草稿\n"


def test_new_for_a_member_fills_the_lead(repo: Repo) -> None:
    code, out, _ = run("new", "supervision", "--repo", str(repo.root), "--org", "qingshan-village",
                       "--member", "m-chen-fang", "--date", "2025-05-08")
    assert code == 0
    assert "\nlead: m-chen-fang\n" in repo.read(out.strip())


def test_new_self_inspection_has_a_report_block(repo: Repo) -> None:
    code, out, _ = run("new", "self_inspection", "--repo", str(repo.root), "--org", "qingshan-village", "--date", "2025-06-20")
    text = repo.read(out.strip())
    assert "\nreport:\n  # 报送对象：" in text
    assert "\n  submitted_to: town\n  # 报送日期：书面报告报出的日期。\n  submitted_on: \"\"\n" in text


def test_new_with_answers_writes_a_complete_record(repo: Repo) -> None:
    answers = repo.root / "answers.json"
    answers.write_text(json.dumps({
        "title": "2025年第二次意识形态工作专题研究会议",
        "lead": "m-zhang-wei",
        "participants": ["m-zhang-wei", "m-chen-fang"],
        "topics": ["意识形态工作", "网络舆情"],
        "summary": "研究网络舆情应对：“谁主管谁负责”。",
        "evidence": [{"title": "会议记录", "archive": "党建档案2025-05号"}],
    }, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("new", "专题研究会议", "--repo", str(repo.root), "--org", "青山村党总支",
                         "--date", "2025-05-08", "--answers", str(answers))
    assert code == 0 and err == "已创建。请运行 ysxt check 检查，然后提交。\n"
    text = repo.read(out.strip())
    assert FILL_BLANKS not in text
    assert "\ntitle: 2025年第二次意识形态工作专题研究会议\n" in text
    assert "\nparticipants: [m-zhang-wei, m-chen-fang]\n" in text
    assert "\n# lead: " not in text and "\nsummary: 研究网络舆情应对：“谁主管谁负责”。\n" in text
    assert repo.check().exit_code == 0, repo.check().output


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"id": "x"}, "错误：--answers 中不能写 id：编号、类型和组织由程序填写。\n"),
        ({"titel": "x"}, "错误：专题研究会议没有字段 titel。可以写的字段：date、period、title、lead、participants、"
                          "attendance、topics、summary、evidence、responds_to、report、amends。\n"),
    ],
)
def test_new_refuses_answers_it_cannot_place(repo: Repo, answers: dict[str, str], message: str) -> None:
    path = repo.root / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    code, _, err = run("new", "special_study", "--repo", str(repo.root), "--org", "qingshan-village", "--answers", str(path))
    assert (code, err) == (2, message)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "bogus", "--org", "qingshan-village"], "错误：记录类型“bogus”不存在。可用的类型见 ysxt new --list-types，例如 专题研究会议（special_study）。\n"),
        (["new", "special_study"], "错误：请用 --org 写组织名称或编号，例如 --org 柳树村党支部。\n"),
        (["new", "--amend", "no-such-record"], "错误：找不到记录“no-such-record”（或它有错误，请先运行 ysxt check）。\n"),
    ],
)
def test_new_usage_errors(repo: Repo, argv: list[str], message: str) -> None:
    code, _, err = run(*argv, "--repo", str(repo.root))
    assert (code, err) == (2, message)


def test_an_unknown_organisation_lists_the_valid_ones(repo: Repo) -> None:
    code, _, err = run("new", "专题研究会议", "--repo", str(repo.root), "--org", "柳树村党支部", "--date", "2025-05-08")
    assert code == 2
    assert err == (
        "错误：没有“柳树村党支部”这个组织。请写组织编号或完整名称：\n"
        "  town                     中共XX镇委员会\n"
        "  qingshan-village         青山村党总支\n"
    )


def test_new_list_types_names_every_type_in_chinese() -> None:
    code, out, _ = run("new", "--list-types")
    assert code == 0
    assert "special_study                zyyj        专题研究会议" in out.splitlines()


# -- amendments and closed periods -------------------------------------------------------

ASSESSMENT = """\
id: 2025-town-kh-qingshan
type: assessment
organization: town
date: "2026-01-20"
title: 2025年度意识形态工作责任制考核（青山村党总支）
assessment:
  target: qingshan-village
  year: 2025
  rubric: xx-county-2025
  score: 92
  grade: 好
  signed_off_by: 镇党委会议
"""


@pytest.fixture
def closed(repo: Repo) -> Repo:
    rubric = Path(__file__).resolve().parents[2] / "records" / "rubrics" / "xx-county-2025.yaml"
    repo.write("records/rubrics/xx-county-2025.yaml", rubric.read_bytes())
    repo.write("records/activities/2026/town/2025-town-kh-qingshan.yaml", ASSESSMENT)
    init_git(repo.root)
    return repo


def check_base(repo: Repo) -> tuple[int, str]:
    result = runner.invoke(main, ["check", "--repo", str(repo.root), "--as-of", "2026-03-01", "--base", "main"])
    return result.exit_code, result.stdout


def test_editing_a_record_of_an_assessed_year_is_refused(closed: Repo) -> None:
    closed.replace(RECORD, "研究本年度", "认真研究本年度")
    code, out = check_base(closed)
    assert code == 1
    assert (
        f"{RECORD}: 错误：2025 年度（qingshan-village）已经考核（考核记录 2025-town-kh-qingshan），已有记录不能修改\n"
        f"    提示：请恢复原文件（git checkout 基准分支 -- {RECORD}），改为新建更正记录：ysxt new --amend {RECORD_ID}\n"
    ) in out


def test_deleting_or_adding_in_an_assessed_year_is_refused(closed: Repo) -> None:
    closed.remove(RECORD)
    code, out = check_base(closed)
    assert code == 1 and "已有记录不能删除" in out
    subprocess.run(["git", "-C", str(closed.root), "checkout", "-q", "--", RECORD], check=True)
    run("new", "party_briefing", "--repo", str(closed.root), "--org", "qingshan-village", "--date", "2025-11-08")
    code, out = check_base(closed)
    assert "不能再新增记录" in out


def test_an_amendment_passes_and_stands_in_for_the_original(closed: Repo) -> None:
    code, out, _ = run("new", "--repo", str(closed.root), "--amend", RECORD_ID)
    path = out.strip()
    assert path == f"records/activities/2025/qingshan-village/{RECORD_ID}-gz1.yaml"
    text = closed.read(path)
    assert f"\n  record: {RECORD_ID}\n  # 更正原因\n  reason: \"\"\n" in text
    assert text.count("amends:") == 1 and text.rstrip("\n").endswith('reason: ""')
    closed.write(path, text.replace('reason: ""', "reason: 原记录参加人数写错").replace("attendance: 12", "attendance: 15"))
    code, out = check_base(closed)
    assert code == 0, out
    assert closed.read(RECORD).count("attendance: 12") == 1  # the original is untouched


def test_check_base_with_an_unknown_branch_is_a_usage_error(closed: Repo) -> None:
    result = runner.invoke(main, ["check", "--repo", str(closed.root), "--as-of", "2026-03-01", "--base", "nope"])
    assert result.exit_code == 2
    assert result.stderr == "错误：找不到基准分支或提交“nope”，请检查名称（例如 origin/main），或先 git fetch。\n"


# -- codeowners ---------------------------------------------------------------------------


def test_codeowners_written_then_checked_then_stale(repo: Repo) -> None:
    repo.replace("records/organizations/town.yaml", "category: town\n", "category: town\nmaintainers: [town-office]\n")
    repo.replace("records/organizations/qingshan-village.yaml", "category: village\n", "category: village\nmaintainers: [qs-clerk]\n")
    code, out, _ = run("codeowners", "--repo", str(repo.root))
    assert (code, out) == (0, "已写入 .github/CODEOWNERS\n")
    text = repo.read(".github/CODEOWNERS")
    assert "* @town-office\n" in text
    assert "/records/activities/*/qingshan-village/ @qs-clerk\n" in text
    assert "/records/evidence/*/qingshan-village/ @qs-clerk\n" in text
    assert run("codeowners", "--check", "--repo", str(repo.root))[0] == 0
    repo.replace("records/organizations/qingshan-village.yaml", "[qs-clerk]", "[qs-clerk, qs-deputy]")
    code, _, err = run("codeowners", "--check", "--repo", str(repo.root))
    assert code == 1
    assert err == "错误：.github/CODEOWNERS 与组织登记中的维护人不一致。\n提示：运行 ysxt codeowners 重新生成，并把它一起提交。\n"


def test_an_amendment_must_name_an_existing_record_of_the_same_organisation(repo: Repo) -> None:
    path = f"records/activities/2025/qingshan-village/{RECORD_ID}-gz1.yaml"
    text = repo.read(RECORD).replace(f"id: {RECORD_ID}", f"id: {RECORD_ID}-gz1\namends:\n  record: nowhere\n  reason: 写错了")
    repo.write(path, text)
    problem = repo.only_problem()
    assert (problem["path"], problem["line"], problem["message"]) == (path, 3, "被更正的记录“nowhere”不存在")


def test_the_projects_own_codeowners_is_up_to_date() -> None:
    project = Path(__file__).resolve().parents[2]
    code, out, err = run("codeowners", "--check", "--repo", str(project))
    assert (code, out) == (0, ".github/CODEOWNERS 是最新的。\n.gitea/CODEOWNERS 是最新的。\n"), err


def test_codeowners_name_the_office_of_the_vocabularys_leading_body(tmp_path: Path) -> None:
    """A school's protected paths belong to its 学校党支部's office, not to a 镇党委's."""
    import shutil

    school = tmp_path / "school"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples" / "school" / "records", school / "records")
    code, out, err = run("codeowners", "--forge", "github", "--forge", "gitea", "--repo", str(school))
    assert code == 0, err
    for path in (".github/CODEOWNERS", ".gitea/CODEOWNERS"):
        text = (school / path).read_text(encoding="utf-8")
        assert "必须由学校党支部办公室\n" in text and "镇党委" not in text, path


def test_codeowners_for_gitea_is_kept_once_it_exists(repo: Repo) -> None:
    repo.replace("records/organizations/town.yaml", "category: town\n", "category: town\nmaintainers: [town-office]\n")
    code, out, _ = run("codeowners", "--forge", "gitea", "--repo", str(repo.root))
    assert (code, out) == (0, "已写入 .gitea/CODEOWNERS\n")
    assert "^ysxt_build/.*$ @town-office\n" in repo.read(".gitea/CODEOWNERS")
    assert "\n* " not in repo.read(".gitea/CODEOWNERS")  # no catch-all: Gitea adds every matching line's owners
    code, out, _ = run("codeowners", "--repo", str(repo.root))  # both from now on
    assert out == "已写入 .github/CODEOWNERS\n.gitea/CODEOWNERS 已是最新，没有改动。\n"
    repo.replace("records/organizations/town.yaml", "[town-office]", "[town-office, deputy]")
    code, _, err = run("codeowners", "--check", "--repo", str(repo.root))
    assert code == 1 and "运行 ysxt codeowners --forge gitea 重新生成" in err


# -- a pull request, end to end ---------------------------------------------------------------


def test_a_pull_request_valid_then_invalid_record(repo: Repo) -> None:
    init_git(repo.root)
    git(repo.root, "checkout", "-q", "-b", "clerk/new-record")
    path = "records/activities/2025/qingshan-village/2025-qingshan-village-dnjt-01.yaml"
    repo.write(path, (
        "id: 2025-qingshan-village-dnjt-01\n"
        "type: party_briefing\n"
        "organization: qingshan-village\n"
        'date: "2025-09-01"\n'
        "title: 党内通报意识形态领域情况\n"
        "lead: m-zhang-wei\n"
    ))
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "新增党内通报")
    argv = ["check", "--repo", str(repo.root), "--as-of", "2025-12-31", "--base", "main", "--format", "github"]
    result = runner.invoke(main, argv)
    assert (result.exit_code, result.stdout) == (0, "检查了 6 个文件，没有发现问题。\n")
    repo.replace(path, 'date: "2025-09-01"', 'date: "2025-09-31"')
    result = runner.invoke(main, argv)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"::error file={path},line=4,title=ysxt schema.date::"
        "字段“date”（日期）的“2025-09-31”不是真实存在的日期：2025年9月没有31日%0A提示：2025年9月只有 30 天。请核对后写成 YYYY-MM-DD：年份四位，月和日各两位，例如 2025-03-05。"
    )


# -- characters ysxt check refuses ------------------------------------------------------------

_REFUSED = ["\u2028", "\u2029", "\u202e", "\u2066", "\ufffe", "\U0001fffe", "\ufdd0", "\x85", "\x1b", "\r", "\t", "\n", "\x00"]
_MEANT = st.lists(st.sampled_from(list("意识形态工作，。、“”‘’：；！？（）《》—…·　 abc123#:-|>[]{}'\"\\") + ["😀", "👍🏽", "𠀋"])).map("".join)
_TEXT = st.one_of(
    _MEANT,  # what a clerk means: Chinese text, punctuation, YAML's syntax, emoji
    st.text(st.characters(exclude_categories=["Cs"])),  # any text at all (a lone surrogate is no UTF-8)
    st.tuples(_MEANT, st.sampled_from(_REFUSED), _MEANT).map("".join),  # pasted with an invisible character
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=_TEXT, summary=_TEXT, topics=st.lists(_TEXT, max_size=2))
def test_new_with_any_text_refuses_it_or_writes_it_back_unchanged(repo: Repo, title: str, summary: str, topics: list[str]) -> None:
    """Whatever text ``--answers`` holds, ``ysxt new`` either refuses it in check's words and
    makes no file, or writes a file that reads back the same and that check's character rule
    accepts: never a file holding a character check refuses."""
    answers = {"title": title, "summary": summary, "topics": topics}
    path = repo.root / "answers.json"
    # refused characters spelt as JSON escapes, as a program would write them: they reach the writer
    path.write_text(json_escapes(json.dumps(answers, ensure_ascii=False)), encoding="utf-8")
    before = set((repo.root / "records").rglob("*.yaml"))
    code, out, err = run("new", "special_study", "--repo", str(repo.root), "--org", "qingshan-village",
                         "--date", "2025-05-08", "--answers", str(path))
    refused = (first_refused(title) is not None or first_refused(summary, multiline=True) is not None
               or any(first_refused(t) is not None for t in topics))
    if refused:
        # in check's words (or, for a character beyond U+FFFF, the answers' reader's: a JSON
        # surrogate pair is not one character to YAML)
        assert code == 2 and err.startswith("错误：") and out == "", (code, err)
        assert set((repo.root / "records").rglob("*.yaml")) == before
        return
    assert code == 0, err
    raw = (repo.root / out.strip()).read_bytes()
    text = raw.decode("utf-8")
    assert first_refused(text, multiline=True) is None  # the file itself holds none either
    data, refusals, _ = strict_yaml.load_bytes(raw)
    assert refusals == []
    assert (data["title"], data["summary"], data.get("topics", [])) == (title, summary, topics)
    assert control_char_problems("x.yaml", data, multiline_fields(SchemaSet.load())) == []


def test_new_names_the_field_and_the_character_it_refuses(repo: Repo) -> None:
    path = repo.root / "answers.json"
    path.write_text(json.dumps({"title": "会议\u202e纪要", "summary": "第一段\u2028第二段", "topics": ["a\x1b[31m"]}), encoding="utf-8")
    code, out, err = run("new", "special_study", "--repo", str(repo.root), "--org", "qingshan-village", "--answers", str(path))
    hint = ("提示：这是看不见的特殊字符，多半是从网页、聊天软件或其他文件复制时带进来的，或是引号里的转义写法"
            "（如 \\e、\\x1b、\\u202e）；请删除它，重新输入这段文字。")
    assert (code, out) == (2, "")
    assert err == "\n".join([
        "错误：--answers 中有不允许的字符，没有创建文件：",
        "字段“title”的第 3 个字符是不允许的控制字符 U+202E（改变文字显示方向的隐形字符）", hint,
        "字段“summary”的第 4 个字符是不允许的控制字符 U+2028（行分隔符）", hint,
        "字段“topics.0”的第 2 个字符是不允许的控制字符 U+001B（ESC，终端控制序列的开头）", hint,
    ]) + "\n"
