"""Ready for Material's successor (issue #16): on a county with more organisations than one list
should hold, every search section stays under Zensical's 32 KB limit (the records-by-organisation
table and a town's list of its organisations come in parts), and where Zensical is installed the
generated Markdown builds with it too (skipped with the reason otherwise; CI does not install it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.builders.portal import HAND_WRITTEN, PROJECT
from ysxt_build.cli.portal import build as build_command

LIMIT = 32 * 1024


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ysxt_build.devtools.synthetic import generate

    root = tmp_path_factory.mktemp("successor") / "county"
    generate(root, orgs=130, members=None, records=260, seed=3)
    for rel in HAND_WRITTEN:
        src, dst = PROJECT / rel, root / rel
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    config = root / "mkdocs.yml"  # a short list limit: the town's organisations come in parts
    config.write_text(config.read_text(encoding="utf-8").replace("list_limit: 50", "list_limit: 10"), encoding="utf-8")
    result = CliRunner().invoke(build_command, ["--repo", str(root), "--as-of", "2026-12-31"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


def test_every_search_section_is_under_32_kb(county: Path) -> None:
    index = json.loads((county / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    sizes = {d["location"]: len((d["title"] + d["text"]).replace("\u200b", "").encode("utf-8")) for d in index["docs"]}
    assert max(sizes.values()) < LIMIT, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]
    locations = set(sizes)
    assert {"records/index.html#by-org-1", "records/index.html#by-org-2"} <= locations  # the table in parts
    assert any(loc.endswith("#children-1") for loc in locations)  # the town's organisations in parts


def test_the_generated_markdown_builds_with_zensical_where_installed(county: Path, tmp_path: Path) -> None:
    zensical = shutil.which("zensical")
    if zensical is None:
        pytest.skip("没有安装 Zensical（pip install zensical）：跳过用它生成网站的检查")
    work = tmp_path / "z"
    shutil.copytree(county, work, ignore=shutil.ignore_patterns("site", ".ysxt-cache", ".site.*"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([zensical, "build", "--clean"], cwd=work, capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    built = work / "site"
    assert (built / "orgs").is_dir() and any((built / "orgs").glob("*.html"))


def test_mkdocs_yml_has_no_key_twice() -> None:
    """A key given twice is read as the last one by PyYAML (MkDocs) and refused or read
    otherwise by other readers: a merge once left two extra_javascript lists."""
    import yaml

    from tests.builders.portal import PROJECT

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    root = yaml.compose((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    twice: list[str] = []

    def walk(node: yaml.Node, where: str) -> None:
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value]
            twice.extend(f"{where}{k}" for k in keys if keys.count(k) > 1)
            for k, v in node.value:
                walk(v, f"{where}{k.value}.")
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, where)

    assert root is not None
    walk(root, "")
    assert twice == []
