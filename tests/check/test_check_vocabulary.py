"""``ysxt check`` on the plan's words: the vocabulary file, a plan against its vocabulary, and
approvals linked to the event they approve."""

from __future__ import annotations

from typing import Any

from tests.builders.repo import PLAN, TOWN, VOCABULARY, Repo, record_text

FOLDER = "records/activities/2025/qingshan-village"


def where(problem: dict[str, Any]) -> tuple[Any, ...]:
    return (problem["path"], problem["line"], problem["code"], problem["message"])


# -- the vocabulary file ------------------------------------------------------------------


def test_duplicate_code_and_short_code(repo: Repo) -> None:
    repo.replace(VOCABULARY, "    short: dntb\n", "    short: zyyj\n")
    problem = repo.only_problem()
    assert where(problem) == (VOCABULARY, repo.line_of(VOCABULARY, "code: party_briefing") + 2, "vocabulary.short",
                              "编号缩写“zyyj”已用于“专题研究会议”")


def test_unknown_field_of_a_record_type(repo: Repo) -> None:
    repo.replace(VOCABULARY, "    fields: [directive]\n", "    fields: [directiv]\n")
    problem = repo.only_problem()
    assert where(problem)[1:] == (repo.line_of(VOCABULARY, "fields: [directiv]"), "vocabulary.field", "工作记录没有“directiv”这个字段")
    assert "directive" in problem["hint"]


def test_no_leading_body(repo: Repo) -> None:
    repo.replace(VOCABULARY, "{code: town_committee, name: 镇党委, top: true}", "{code: town_committee, name: 镇党委}")
    found = {p["code"]: p for p in repo.problems()}
    assert found["vocabulary.no-top"]["message"] == "组织类型中没有领导机关（top: true）"
    # and the town committee, no longer a leading body, has no parent
    assert found["org.parent"]["path"] == TOWN


def test_a_broken_vocabulary_does_not_fail_every_record(repo: Repo) -> None:
    repo.replace(VOCABULARY, "  whole: 全镇\n", "")
    found = repo.problems()
    assert {p["path"] for p in found} == {VOCABULARY}
    assert [p["message"] for p in found] == ["缺少必填字段“labels.whole”（全体的称呼）"]


def test_bad_clause_pattern_and_period(repo: Repo) -> None:
    repo.replace(VOCABULARY, 'example: 二（一）4\n', 'example: 二（一）4\nperiods:\n  - {code: term, name: 每学期, letter: H, starts: ["09-01"]}\n')
    problem = repo.only_problem()
    assert problem["code"] == "vocabulary.period"
    assert problem["message"] == "自定期间“每学期”：期间字母“H”不可用：请用 H、Q、M 以外的一个大写字母"


# -- a plan in the words of its vocabulary ------------------------------------------------


def test_plan_names_a_missing_vocabulary(repo: Repo) -> None:
    repo.replace(PLAN, "vocabulary: xx-town", "vocabulary: xx-county")
    problem = repo.only_problem()
    assert where(problem) == (PLAN, repo.line_of(PLAN, "vocabulary: xx-county"), "ref.vocabulary", "词汇表“xx-county”不存在")


def test_clause_numbers_follow_the_vocabulary(repo: Repo) -> None:
    repo.replace(PLAN, "- ref: 二（二）6\n", "- ref: 第二十六条\n")
    repo.replace(PLAN, "    clause: 二（二）6\n", "    clause: 第二十六条\n")
    problem = repo.only_problem()
    assert where(problem) == (PLAN, repo.line_of(PLAN, "- ref: 第二十六条"), "plan.clause-ref",
                              "条款号“第二十六条”不符合词汇表 xx-town 规定的写法")
    assert problem["hint"] == "请按词汇表 clauses.pattern 的格式写条款号，例如 二（一）4。"


def test_default_topics_that_would_not_count_are_a_warning(repo: Repo) -> None:
    keywords = "  topic_keywords: [意识形态, 网络舆情, 舆论, 宣传思想]\n"
    repo.replace(PLAN, keywords, keywords + "  default_topics: [廉政教育]\n")
    problem = repo.only_problem()
    assert where(problem) == (PLAN, repo.line_of(PLAN, "default_topics: [廉政教育]"), "plan.default-topics",
                              "默认议题不含任何关键词：按默认议题新建的记录，不改议题就不计入看议题的责任")
    assert problem["severity"] == "warning"
    repo.replace(PLAN, "default_topics: [廉政教育]", "default_topics: [意识形态工作, 网络舆情]")
    assert repo.problems() == []


def test_other_numberings_need_only_another_pattern(repo: Repo) -> None:
    repo.replace(VOCABULARY, 'pattern: "^[一二三四五六七八九十]+(（[一二三四五六七八九十]+）)?([0-9]+)?$"',
                 'pattern: "^(第[一二三四五六七八九十]+条|[一二三四五六七八九十]+(（[一二三四五六七八九十]+）)?([0-9]+)?)$"')
    repo.replace(PLAN, "- ref: 二（二）6\n", "- ref: 第二十六条\n")
    repo.replace(PLAN, "    clause: 二（二）6\n", "    clause: 第二十六条\n")
    assert repo.problems() == []


def test_a_record_type_of_another_vocabulary(repo: Repo) -> None:
    repo.write("records/vocabularies/county.yaml", repo.read(VOCABULARY).replace("id: xx-town", "id: county").replace(
        "  - code: special_study\n", "  - code: analysis_meeting\n    name: 意识形态分析研判会\n    short: fxyp\n  - code: special_study\n"))
    repo.replace(PLAN, "qualifies: {types: [special_study]}", "qualifies: {types: [analysis_meeting]}")
    found = [where(p) for p in repo.problems()]
    line = repo.line_of(PLAN, "qualifies: {types: [analysis_meeting]}")
    assert found == [(PLAN, line, "plan.vocabulary", "记录类型“analysis_meeting”不在词汇表 xx-town 中")]


# -- approvals linked to their event --------------------------------------------------------


def approval(repo: Repo, record_id: str = "2025-qingshan-village-shbb-01", org: str = "qingshan-village",
             day: str = "2025-06-01", event: str | None = None, result: str = "approved") -> str:
    block = f"{{approver: 镇党委宣传办, result: {result}" + (f", event: {event}" if event else "") + "}"
    repo.write(f"records/activities/2025/{org}/{record_id}.yaml",
               record_text(record_id, type="approval", organization=org, date=f'"{day}"', lead="" if org != "qingshan-village" else "m-zhang-wei",
                           title="关于举办理论宣讲讲座的审核报备", approval=block))
    return record_id


def lecture(repo: Repo, approval_id: str, title: str = "理论宣讲讲座") -> str:
    path = f"{FOLDER}/2025-qingshan-village-jz-01.yaml"
    repo.write(path, record_text("2025-qingshan-village-jz-01", type="lecture", date='"2025-06-10"', title=title,
                                 lecture=f"{{form: 讲座, approval: {approval_id}}}"))
    return path


def test_an_approval_for_this_event_by_title_or_id_is_fine(repo: Repo) -> None:
    lecture(repo, approval(repo, event="“理论宣讲”讲座"))
    assert repo.problems() == []
    lecture(repo, approval(repo, event="2025-qingshan-village-jz-01"))
    assert repo.problems() == []


def test_another_organisations_approval_is_an_error(repo: Repo) -> None:
    repo.write("records/organizations/hexi-village.yaml", repo.read("records/organizations/qingshan-village.yaml")
               .replace("id: qingshan-village", "id: hexi-village").replace("青山村", "河西村")
               .replace("m-zhang-wei", "m-he-a").replace("m-chen-fang", "m-he-b").replace("张伟", "何甲").replace("陈芳", "何乙"))
    other = approval(repo, "2025-hexi-village-shbb-01", org="hexi-village", day="2025-02-01")
    path = lecture(repo, other)
    problem = repo.only_problem()
    assert (problem["severity"], *where(problem)) == (
        "error", path, 7, "approval.organization", "审核报备记录“2025-hexi-village-shbb-01”属于河西村党总支，不是本组织为这次活动登记的")


def test_the_leading_body_may_record_it_where_the_plan_says(repo: Repo) -> None:
    approval(repo, "2025-town-shbb-01", org="town", day="2025-06-01")
    path = lecture(repo, "2025-town-shbb-01")
    assert [p["code"] for p in repo.problems()] == ["approval.organization"]
    repo.replace(PLAN, "- {name: 审核报备, types: [approval], results: [approved, filed]}",
                 "- {name: 审核报备, types: [approval], results: [approved, filed], recorded_by: [town_committee]}")
    assert repo.problems() == [], path


def test_an_approval_for_another_event_is_an_error(repo: Repo) -> None:
    path = lecture(repo, approval(repo, event="乡村振兴专题讲座"))
    problem = repo.only_problem()
    assert where(problem) == (path, 7, "approval.event",
                              "审核报备记录“2025-qingshan-village-shbb-01”审核的是“乡村振兴专题讲座”，不是本活动")


def test_an_approval_naming_a_missing_or_earlier_event(repo: Repo) -> None:
    approval(repo, event="2025-qingshan-village-jz-09")
    (problem,) = repo.problems()
    assert (problem["code"], problem["message"]) == ("ref.record", "审核报备的活动“2025-qingshan-village-jz-09”不存在")
    approval(repo, day="2025-06-12", event="2025-qingshan-village-jz-01")
    path = f"{FOLDER}/2025-qingshan-village-jz-01.yaml"
    repo.write(path, record_text("2025-qingshan-village-jz-01", type="lecture", date='"2025-06-10"', lecture="{form: 讲座}"))
    codes = sorted(p["code"] for p in repo.problems())
    assert codes == ["approval.after-event", "lecture.no-approval"]
