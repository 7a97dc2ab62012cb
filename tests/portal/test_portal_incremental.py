"""The generation remakes an organisation's own files (page, calendar, 填报 data) only when what
they are made from changed (``portal.inputs``): after random edits of records, organisations,
plans, settings and the date, the files in ``docs/`` equal a clean generation's, byte for byte,
and no file is left over; a record of digests that does not hold (another machine's, a file
changed by hand) reuses nothing."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.builders.portal import demo_repo
from tests.builders.repo import copy_record
from ysxt_build.portal import paths
from ysxt_build.portal.assets import site_assets
from ysxt_build.portal.build import generate
from ysxt_build.portal.config import read_settings
from ysxt_build.portal.generate import context_for, pages
from ysxt_build.portal.inputs import org_digests
from ysxt_build.portal.pages_form import form_spec, org_shared

AS_OF = date(2026, 12, 1)


def _clean(repo: Path, as_of: date) -> dict[str, bytes]:
    ctx = context_for(repo, as_of, read_settings(repo / "mkdocs.yml"), use_cache=False)
    made = {**pages(ctx), **site_assets()}  # as ysxt build writes them: the portal's styles and scripts too
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in made.items()}


def _generated(repo: Path) -> dict[str, bytes]:
    docs = repo / "docs"
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for d in paths.GENERATED_DIRS
        for p in sorted((docs / d).rglob("*"))
        if p.is_file()
    }


def _same_as_clean(repo: Path, as_of: date, note: str) -> None:
    expected = _clean(repo, as_of)
    docs = repo / "docs"
    differ = [rel for rel, data in expected.items() if (docs / rel).read_bytes() != data]
    assert differ == [], f"{differ[:5]} {note}"
    left_over = sorted(set(_generated(repo)) - set(expected))
    assert left_over == [], f"{left_over[:5]} {note}"


def _sub(path: Path, pattern: str, replacement: str) -> bool:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, replacement, text, count=1, flags=re.M)
    path.write_text(new, encoding="utf-8")
    return n > 0


def _edit(repo: Path, rng: random.Random, step: int) -> str:
    """One edit a clerk or the town office could make; what it was, for the message."""
    records = sorted((repo / "records" / "activities").rglob("*.yaml"))
    orgs = sorted((repo / "records" / "organizations").glob("*.yaml"))
    kind = rng.choice(["retitle", "retitle", "summary", "date", "copy", "delete", "member", "org_name", "directive",
                       "plan", "setting", "response"])
    path = rng.choice(records)
    if kind == "retitle":
        _sub(path, r"^title: (.*)$", rf"title: \1（第{step}次修改）")
    elif kind == "summary":
        if not _sub(path, r"^summary: (.*)$", rf"summary: \1 补充{step}。"):
            _sub(path, r"^title: (.*)$", rf"title: \1（补{step}）")
    elif kind == "date":  # another day of the same year: counts for another period, or comes later than the date
        found = re.search(r'^date: "(\d{4})-\d\d-\d\d"$', path.read_text(encoding="utf-8"), flags=re.M)
        if found:
            _sub(path, r'^date: "\d{4}-\d\d-\d\d"$', f'date: "{found.group(1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"')
    elif kind == "copy":
        copy_record(path, f"-c{step}")
    elif kind == "delete":
        path.unlink()
    elif kind == "response":  # taken back: the directive's page counts the responses of every organisation
        responses = [p for p in records if "responds_to" in p.read_text(encoding="utf-8")]
        if responses:
            path = rng.choice(responses)
            path.unlink()
    elif kind == "member":  # a member's name: shown on the pages of other organisations' records too
        _sub(rng.choice(orgs), r"^(\s+name: )(.*)$", rf"\g<1>\g<2>{step}")
    elif kind == "org_name":
        _sub(rng.choice(orgs), r"^name: (.*)$", rf"name: \1（{step}）")
    elif kind == "directive":  # offered to every organisation's 填报 data, names their duties
        directives = [p for p in records if re.search(r"^type: directive", p.read_text(encoding="utf-8"), re.M)]
        if directives:
            _sub(rng.choice(directives), r"^title: (.*)$", rf"title: \1（第{step}号）")
    elif kind == "plan":
        plan = sorted((repo / "records" / "plans").glob("*.yaml"))[0]
        titles = re.findall(r"^    title: .*$", plan.read_text(encoding="utf-8"), flags=re.M)
        if titles:
            chosen = rng.choice(titles)
            text = plan.read_text(encoding="utf-8")
            plan.write_text(text.replace(chosen, f"{chosen}（{step}）", 1), encoding="utf-8")
    else:
        config = repo / "mkdocs.yml"
        _sub(config, r"list_limit: \d+", f"list_limit: {rng.randint(1, 60)}")
    return f"{kind} {path.name}"


def test_incremental_generation_equals_a_clean_one_after_random_edits(tmp_path: Path) -> None:
    seed = int(os.environ.get("YSXT_TEST_SEED", "0")) or random.randrange(1, 10_000)
    rng = random.Random(seed)
    repo = demo_repo(tmp_path / "repo")
    first = generate(repo, AS_OF)
    assert first.result.unchanged == 0
    done: list[str] = []
    reused = 0
    as_of = AS_OF
    for step in range(6):
        done += [_edit(repo, rng, 10 * step + i) for i in range(rng.randint(1, 3))]
        if rng.random() < 0.2:
            as_of = as_of + timedelta(days=rng.choice([1, 40]))
            done.append(f"as of {as_of}")
        g = generate(repo, as_of)
        reused += g.result.unchanged
        _same_as_clean(repo, as_of, f"seed {seed} (YSXT_TEST_SEED={seed} repeats it), edits {done}")
        assert g.files == set(_clean(repo, as_of))
    assert reused > 0  # the organisations an edit did not touch were not made again


def test_one_changed_record_remakes_only_its_organisation(tmp_path: Path) -> None:
    repo = demo_repo(tmp_path / "repo")
    generate(repo, AS_OF)
    record = repo / "records" / "activities" / "2026" / "liushu-village"
    path = sorted(p for p in record.glob("*.yaml") if "responds_to" not in p.read_text(encoding="utf-8"))[0]
    _sub(path, r"^title: (.*)$", r"title: \1（改）")
    g = generate(repo, AS_OF)
    own = [rel for rel in g.result.written if rel.startswith(("orgs/", "fill/"))]
    assert own and all("liushu-village" in rel for rel in own), own
    _same_as_clean(repo, AS_OF, "")


def test_a_response_in_one_organisation_remakes_the_page_of_the_directive(tmp_path: Path) -> None:
    """The town's page shows, under each directive, how many organisations have responded:
    a response recorded (or taken back) elsewhere changes it."""
    repo = demo_repo(tmp_path / "repo")
    generate(repo, AS_OF)
    response = next(p for p in sorted((repo / "records" / "activities").rglob("*.yaml"))
                    if "responds_to" in p.read_text(encoding="utf-8") and "/town/" not in p.as_posix())
    before = (repo / "docs" / paths.org("town")).read_bytes()
    response.unlink()
    g = generate(repo, AS_OF)
    assert paths.org("town") in g.result.written
    assert (repo / "docs" / paths.org("town")).read_bytes() != before
    _same_as_clean(repo, AS_OF, "")


def test_a_digest_covers_the_records_a_page_links_to_and_nothing_more(tmp_path: Path) -> None:
    """A record's block links to the directives it answers by their titles: a new title changes
    the digest of each organisation that answers it (the 填报 data's offers held as they were,
    so that only the link can tell), and of no other."""
    repo = demo_repo(tmp_path / "repo")
    ctx = context_for(repo, AS_OF, read_settings(repo / "mkdocs.yml"), use_cache=False)
    form = org_shared(ctx, form_spec(ctx))
    before = org_digests(ctx, form)
    target = next(r for r in ctx.dataset.records if r.responds_to and r.organization != "town").responds_to[0]
    answering = {r.organization for r in ctx.records if target in r.responds_to} | {"town"}
    records = tuple(replace(r, title=r.title + "（新）") if r.id == target else r for r in ctx.dataset.records)
    after = org_digests(replace(ctx, dataset=replace(ctx.dataset, records=records)), form)
    assert {o for o in before if after[o] != before[o]} == answering


def _record(repo: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((repo / ".ysxt-cache" / "generated.json").read_text(encoding="utf-8"))
    return data


def test_a_file_changed_since_it_was_written_is_made_again(tmp_path: Path) -> None:
    repo = demo_repo(tmp_path / "repo")
    generate(repo, AS_OF)
    page = repo / "docs" / paths.org("liushu-village")
    original = page.read_bytes()
    stat = page.stat()
    page.write_bytes(original.replace("柳树村".encode(), "杨树村".encode()))  # same size
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time
    g = generate(repo, AS_OF)
    assert paths.org("liushu-village") in g.result.written
    assert page.read_bytes() == original


def test_a_record_of_digests_from_another_machine_reuses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = demo_repo(tmp_path / "repo")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    generate(repo, AS_OF)
    groups = _record(repo)["groups"]
    assert isinstance(groups, dict) and "liushu-village" in groups
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "here"))
    kept: dict[str, object] = {}
    from ysxt_build.portal import build as build_module

    original = build_module.reusable  # type: ignore[attr-defined]

    def spy(*args: object, **kwargs: object) -> dict[str, object]:
        found = original(*args, **kwargs)  # type: ignore[arg-type]
        kept.update(found)
        return found  # type: ignore[return-value]

    monkeypatch.setattr(build_module, "reusable", spy)
    generate(repo, AS_OF)
    assert kept == {}
    _same_as_clean(repo, AS_OF, "")


_DIGESTS = """
import hashlib, json, sys
from datetime import date
from pathlib import Path
from ysxt_build.portal.config import read_settings
from ysxt_build.portal.generate import context_for
from ysxt_build.portal.inputs import org_digests
from ysxt_build.portal.pages_form import form_spec, org_shared
repo = Path(sys.argv[1])
ctx = context_for(repo, date(2026, 12, 1), read_settings(repo / "mkdocs.yml"), use_cache=sys.argv[2] == "cache")
print(json.dumps(org_digests(ctx, org_shared(ctx, form_spec(ctx))), sort_keys=True))
"""


def test_digests_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Sets are ordered by each process's string hashes, and a loaded cache shares strings that
    a fresh read does not: the digests must be the same in every process, or nothing is reused."""
    repo = demo_repo(tmp_path / "repo")
    outputs = set()
    for seed, cache in (("1", "no"), ("2", "cache"), ("3", "cache")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(tmp_path / "key")}
        proc = subprocess.run([sys.executable, "-c", _DIGESTS, str(repo), cache], capture_output=True, text=True, env=env,
                              timeout=300, check=True)
        outputs.add(hashlib.sha256(proc.stdout.encode()).hexdigest())
    assert len(outputs) == 1


def _dies(*args: object) -> None:
    os._exit(9)  # as a process killed for lack of memory


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process is forked")
def test_a_second_process_that_dies_leaves_the_work_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """On a county the digests and half of the organisations' pages are made by a forked
    process; if it dies (out of memory, killed), the build makes them itself: the same files."""
    from ysxt_build.portal import build as build_module

    monkeypatch.setattr(build_module, "PARALLEL_ORGS", 0)
    monkeypatch.setattr(build_module, "_changes_of", _dies)
    repo = demo_repo(tmp_path / "repo")
    with caplog.at_level("DEBUG", logger="ysxt.portal"):
        g = generate(repo, AS_OF)
    assert "generation alongside skipped" in caplog.text  # it did die
    assert g.result.unchanged == 0
    _same_as_clean(repo, AS_OF, "after the second process died")
    record = sorted((repo / "records" / "activities" / "2026" / "liushu-village").glob("*.yaml"))[0]
    _sub(record, r"^title: (.*)$", r"title: \1（改）")
    generate(repo, AS_OF)
    _same_as_clean(repo, AS_OF, "after an edit, the second process dying again")
