"""One bad file does not take the portal down: an invalid organisation, plan, rubric or record is
left out, named in the home page's banner, and the strict MkDocs build passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders.portal import build, fixture_repo

BAD = {
    "organization": ("records/organizations/hexi-village.yaml", "kind: general_branch", "kind: 不存在的类型"),
    "plan": ("records/plans/xx-town-2025.yaml", "title:", "titel:"),
    "record": ("records/activities/2025/hexi-village/2025-hexi-village-zyyj-01.yaml", "date:", "date: [\ndate_x:"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_one_bad_file_is_left_out_with_a_banner(tmp_path: Path, kind: str) -> None:
    repo = fixture_repo(tmp_path / "repo")
    rel, old, new = BAD[kind]
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = build(repo)  # fails the test on a non-zero exit (a failed strict build)
    assert "网站已生成" in out
    home = (repo / "docs" / "index.md").read_text(encoding="utf-8")
    assert '!!! warning "1 个文件未计入"' in home
    assert rel.replace(".", "&#46;") in home
    if kind == "organization":
        assert not (repo / "docs" / "orgs" / "hexi-village.md").exists()
        assert "这个组织的记录（" in home and "也暂不显示" in home
        assert "hexi-village.md" not in (repo / "docs" / "records" / "2025.md").read_text(encoding="utf-8")
