"""Search words from the registry (jieba's user dictionary, docs/.ysxt-words.txt): a member's
name and an organisation's short form stay whole in the search index, so that a search for 黄国庆
or 柳树村 finds that organisation's page. The search box itself is tried in
tests/portal/test_portal_search.py (Chromium)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from tests.builders.portal import AS_OF, build, fixture_repo
from ysxt_build.portal.context import PortalSettings
from ysxt_build.portal.generate import context_for, registry_words, search_words
from ysxt_build.records.model import Organization, Term

_DAY = date(2021, 1, 1)


def _org(id: str, name: str, members: tuple[str, ...] = (), parent: str | None = None) -> Organization:
    terms = tuple(Term(f"m-{i}", n, "committee_member", _DAY) for i, n in enumerate(members))
    return Organization(id, name, "branch", _DAY, terms=terms, parent=parent)


def test_registry_words_are_member_names_and_short_forms_of_organisations() -> None:
    orgs = [
        _org("town", "中共青山镇委员会", ("王建国",)),
        _org("liushu", "柳树村党支部", ("黄国庆", "欧阳娜娜"), parent="town"),
        _org("heping", "和平社区党总支", ("杨莉",), parent="town"),
        _org("heping-1", "和平社区第一网格党支部", ("何东升",), parent="heping"),
        _org("hongda", "宏达建材有限公司党支部", parent="town"),
        _org("bad", "河西小学党支部</title><script>", ("钱军</a>", "李 四", "赵\n五", "周")),
    ]
    assert registry_words(orgs, ["党支部", "党总支"]) == {
        "青山镇", "王建国", "柳树村", "黄国庆", "欧阳娜娜", "和平社区", "杨莉",
        "第一网格",  # 和平社区 is its parent's word
        "何东升",
    }  # 宏达建材有限公司 is 宏达 + 建材 + 有限公司; markup, spaces, line breaks and one character never


def test_search_words_file_holds_record_types_and_registry_words(tmp_path: Path) -> None:
    ctx = context_for(fixture_repo(tmp_path / "repo"), AS_OF, PortalSettings(), use_cache=False)
    lines = search_words(ctx).splitlines()
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,} 100000", line) for line in lines), lines
    words = {line.split()[0] for line in lines}
    assert {"专题研究会议", "周明", "河西村"} <= words


# names jieba cuts apart on its own (黄 + 国庆, 柳树 + 村), given to the fixture's 周明 and 河西村
_RENAMED = {"周明": "黄国庆", "河西村": "柳树村"}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    repo = fixture_repo(tmp_path_factory.mktemp("words") / "repo")
    for path in (repo / "records").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for old, new in _RENAMED.items():
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    build(repo)
    docs: list[dict[str, str]] = json.loads((repo / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return docs


def _words(index: list[dict[str, str]], page: str) -> set[str]:
    text = " ".join(d["title"] + " " + d["text"] for d in index if d["location"].split("#")[0] == page)
    return set(re.split(r"[\s\u200b\-，。、：；（）()<>/\"'=]+", re.sub(r"<[^>]+>", " ", text)))


def test_a_member_name_and_the_short_form_are_whole_words_of_the_index(index: list[dict[str, str]]) -> None:
    words = _words(index, "orgs/hexi-village.html")
    assert {"黄国庆", "柳树村", "党总支"} <= words  # 柳树村党总支 is 柳树村 + 党总支
    assert not {"黄", "国庆", "柳树"} & words
