"""Golden files: the pages generated from the fixed repository in tests/portal/golden/repo as of
2025-12-10 must equal tests/portal/golden/pages/. After an intended change, regenerate them with

    YSXT_UPDATE_GOLDEN=1 pytest tests/portal/test_portal_golden.py

and review the diff. The field reference, templates and the 填报 page's data are left out: they follow the schemas,
which change on their own (tests/portal/test_portal_units.py and test_form_data.py check them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.builders.portal import AS_OF, GOLDEN, fixture_repo
from ysxt_build.cli.reference import command_reference
from ysxt_build.portal import paths
from ysxt_build.portal.context import PortalSettings
from ysxt_build.portal.generate import context_for, pages

EXPECTED = GOLDEN / "pages"
SKIP = {paths.FIELDS, paths.TEMPLATES}
UPDATE = os.environ.get("YSXT_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    repo = fixture_repo(tmp_path_factory.mktemp("golden") / "repo")
    ctx = context_for(repo, AS_OF, PortalSettings(), use_cache=False, commands=command_reference())
    out = {}
    for rel, content in pages(ctx).items():
        if rel in SKIP or rel.endswith(".ics") and rel != paths.ICS or rel.startswith("fill/"):  # 填报 data: tests/portal/test_form_*
            continue
        out[rel] = content.encode("utf-8") if isinstance(content, str) else content
    return out


def test_golden_pages(generated: dict[str, bytes]) -> None:
    if UPDATE:
        for old in EXPECTED.rglob("*"):
            if old.is_file() and old.relative_to(EXPECTED).as_posix() not in generated:
                old.unlink()
        for rel, data in generated.items():
            target = EXPECTED / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        pytest.skip("golden files regenerated; review the diff")
    expected = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()}
    assert expected == set(generated), "pages added or removed: run with YSXT_UPDATE_GOLDEN=1"
    changed = [rel for rel in sorted(generated) if (EXPECTED / rel).read_bytes() != generated[rel]]
    if changed:
        import difflib

        rel = changed[0]
        diff = "".join(
            difflib.unified_diff(
                (EXPECTED / rel).read_text(encoding="utf-8").splitlines(True),
                generated[rel].decode("utf-8").splitlines(True),
                f"golden/{rel}",
                f"generated/{rel}",
                n=1,
            )
        )
        pytest.fail(f"{len(changed)} page(s) differ: {changed}\n(YSXT_UPDATE_GOLDEN=1 to accept)\n{diff[:4000]}")


def test_generation_is_deterministic(tmp_path: Path, generated: dict[str, bytes]) -> None:
    repo = fixture_repo(tmp_path / "repo")
    again = pages(context_for(repo, AS_OF, PortalSettings(), use_cache=False, commands=command_reference()))
    for rel, data in generated.items():
        content = again[rel]
        assert (content.encode("utf-8") if isinstance(content, str) else content) == data, rel


def test_script_title_is_escaped_in_every_page(generated: dict[str, bytes]) -> None:
    for rel, data in generated.items():
        if rel.endswith(".md"):
            body = data.decode("utf-8")
            assert "<script" not in body and "javascript:" not in body and "<img" not in body, rel
            assert "</title><script>" not in body and "<i>x</i>" not in body, rel
    org = generated["orgs/hexi-village.md"].decode("utf-8")
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;联系党外代表人士座谈" in org
