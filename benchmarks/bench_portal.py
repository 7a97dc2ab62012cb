"""How fast is the portal (``ysxt build``) on a county-scale repository, against plain MkDocs?

Generates the synthetic county (``ysxt_build.devtools.synthetic``; 1,000 organisations, 20,000 records
by default: see below) into a temporary folder, or uses the one given with ``--dir``, copies
the portal's ``mkdocs.yml`` and hand-written pages into it (as tests/builders/portal.py
does), then measures:

  (a) ``mkdocs build`` of a trivial MkDocs project with the repository's ``mkdocs.yml`` (same
      theme, plugins, Markdown extensions, navigation) and N one-line pages at the paths of
      the N pages the portal has (baseline);
  (b) ``ysxt build --repo DIR --as-of 2026-12-31``: load, compute, generate the Markdown and
      build the site, from a ``docs/`` with no generated pages and with the load cache
      (``.ysxt-cache/files.marshal``) of an earlier build warm (the usual state of
      ``ysxt serve`` and of builds after the first); target ≤ 2.0× (a);
  (b') the same with no cache (every file read and checked), for information;
  (c) (b) for a county with twice the organisations and records: growth, target ≤ 2.3×.

Every figure is a command line run in a subprocess. Prints a table; always exits 0 (a report,
not a test), except for usage errors.

    python benchmarks/bench_portal.py            # 1,000 orgs, 20,000 records; and 2,000 / 40,000
    python benchmarks/bench_portal.py --small    # a quick look: 100 orgs, 2,000 records; and 200 / 4,000
    python benchmarks/bench_portal.py --dir /tmp/portal   # reuse (or create) a repository
    python benchmarks/bench_portal.py --small --no-growth --breakdown   # where MkDocs spends its time
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from bench_common import add_county_options, county_size, ensure_county, verdict, ysxt_command  # noqa: E402

AS_OF = "2026-12-31"
RATIO_TARGET = 2.0
GROWTH_TARGET = 2.3
PROJECT = Path(__file__).resolve().parent.parent
HAND_WRITTEN = ("mkdocs.yml", "docs/assets", "docs/guide/index.md", "docs/guide/rules.md", "docs/portal.md",
                "docs/developers.md")


@dataclass
class Run:
    seconds: float
    cpu: float
    max_rss_mib: float
    exit_code: int
    generate_seconds: float = float("nan")
    note: str = ""


def _run(command: list[str]) -> Run:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = (out.read() + err.read()).decode("utf-8", "replace")
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    run = Run(seconds, usage.ru_utime + usage.ru_stime, rss, code)
    found = re.search(r"用时 ([0-9.]+) 秒", text)
    if found:
        run.generate_seconds = float(found.group(1))
    if code != 0:
        tail = [line for line in text.strip().splitlines() if line.strip()][-1:] or ["(no output)"]
        run.note = tail[0][:120]
    print(f"    {seconds:.2f} s wall, {run.cpu:.2f} s cpu, exit {code}", flush=True)
    return run


def fresh_docs(root: Path) -> None:
    """``docs/`` with only the hand-written pages, and the portal's mkdocs.yml."""
    shutil.rmtree(root / "docs", ignore_errors=True)
    for rel in HAND_WRITTEN:
        src, dst = PROJECT / rel, root / rel
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def warm_cache(root: Path) -> Run:
    """Fill the load cache as an earlier build would: ``ysxt build --markdown-only``."""
    fresh_docs(root)
    return _run(ysxt_command() + ["build", "--repo", str(root), "--as-of", AS_OF, "--markdown-only"])


def build_portal(root: Path, site: Path, cache: bool) -> tuple[Run, list[str]]:
    """``ysxt build`` from fresh docs; the run and the Markdown pages it left in docs/."""
    fresh_docs(root)
    shutil.rmtree(site, ignore_errors=True)
    if not cache:
        shutil.rmtree(root / ".ysxt-cache", ignore_errors=True)
    run = _run(ysxt_command() + ["build", "--repo", str(root), "--as-of", AS_OF, "--site-dir", str(site)])
    docs = root / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    return run, pages


def trivial_project(root: Path, pages: list[str], into: Path) -> Path:
    """A MkDocs project with root's mkdocs.yml and a one-line page at each of ``pages``."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    shutil.copy2(root / "mkdocs.yml", into / "mkdocs.yml")
    shutil.copytree(root / "docs" / "assets", into / "docs" / "assets")
    for i, rel in enumerate(pages):
        target = into / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# 页面 {i}\n\n一段文字。\n", encoding="utf-8")
    return into / "mkdocs.yml"


def build_trivial(config: Path, site: Path) -> Run:
    shutil.rmtree(site, ignore_errors=True)
    return _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)])


# Run in a child process on a project whose docs/ holds the generated pages: MkDocs' build with
# the time of reading, rendering and writing each page (and the plugins' events on it) summed
# per folder (orgs/, records/ …) or top-level page, CPU seconds, largest first.
_BREAKDOWN = r"""
import collections, os, sys, time
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
from mkdocs.commands import build as b
from mkdocs.config import load_config
spent = collections.Counter()
count = collections.Counter()
def timed(original, counts):
    def run(page, *args, **kwargs):
        start = time.process_time()
        try:
            return original(page, *args, **kwargs)
        finally:
            key = page.file.src_uri.split("/")[0] + ("/" if "/" in page.file.src_uri else "")
            spent[key] += time.process_time() - start
            count[key] += counts
    return run
b._populate_page, b._build_page = timed(b._populate_page, 0), timed(b._build_page, 1)
start = time.process_time()
b.build(load_config(config_file=sys.argv[1], site_dir=sys.argv[2]))
total = time.process_time() - start
print(f"    MkDocs build {total:.1f} s CPU; pages {sum(spent.values()):.1f} s, the rest (start, search index, copying) "
      f"{total - sum(spent.values()):.1f} s; the first page built also loads jieba and compiles the templates (~1 s)")
for key, seconds in spent.most_common(8):
    print(f"    {key:<22}{seconds:>8.1f} s  {count[key]:>5} page(s)  {1000 * seconds / max(count[key], 1):>7.1f} ms a page")
"""


def breakdown(root: Path, site: Path) -> None:
    """Where the MkDocs build of the generated pages spends its time (printed by a child)."""
    shutil.rmtree(site, ignore_errors=True)
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    subprocess.run([sys.executable, "-c", _BREAKDOWN, str(root / "mkdocs.yml"), str(site)], env=env, check=False,
                   stderr=subprocess.DEVNULL)


def _line(label: str, run: Run, base: Optional[Run], target: Optional[float]) -> str:
    text = f"{label:<46}{run.seconds:>8.2f}{run.cpu:>8.2f}{run.generate_seconds:>8.1f}"
    if base is not None:
        rw, rc = run.seconds / base.seconds, run.cpu / base.cpu
        text += f"{rw:>8.2f}×{rc:>7.2f}×"
        if target is not None:
            text += f"  ≤{target:.1f}×   {verdict(rw <= target)}/{verdict(rc <= target)}"
    text += f"  {run.max_rss_mib:.0f} MiB"
    if run.exit_code != 0:
        text += f"  FAILED (exit {run.exit_code}: {run.note})"
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=(
            "内部门户（ysxt build）的性能基准：生成（或使用已有的）合成县级记录仓库，比较生成门户的用时与 "
            "MkDocs 生成同样多个简单页面的用时，以及组织数加倍时的增长。"
        ),
    )
    add_county_options(parser, 20_000, 2_000, "组织加倍的对照仓库放在同级的“文件夹名-double”。门户的 mkdocs.yml 和 docs/ 会被覆盖。",
                       members=False)
    parser.add_argument("--no-growth", action="store_true", help="不测组织加倍的对照仓库。")
    parser.add_argument("--no-cold", action="store_true", help="不测没有缓存时的用时。")
    parser.add_argument("--breakdown", action="store_true",
                        help="在 (b) 之后再用 MkDocs 生成一次这些页面，按文件夹（orgs/、records/ 等）和页面列出各自的用时。")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    orgs, records = county_size(args, 20_000, 2_000)
    scratch = Path(tempfile.mkdtemp(prefix="ysxt-bench-portal-"))
    root = args.dir.resolve() if args.dir is not None else scratch / "county"
    double_root = root.with_name(root.name + "-double")
    site = scratch / "site"
    try:
        ensure_county(root, orgs, None, records, args.seed)
        if not args.no_growth:
            ensure_county(double_root, orgs * 2, None, records * 2, args.seed)
        load_before = os.getloadavg()[0]

        cold: Optional[Run] = None
        if not args.no_cold:
            print("(b') ysxt build, no cache ...", flush=True)
            cold, _ = build_portal(root, site, cache=False)
        else:
            print("warming the check cache ...", flush=True)
            warm_cache(root)
        print("(b) ysxt build, load cache warm ...", flush=True)
        portal, pages = build_portal(root, site, cache=True)
        if args.breakdown:
            print("    where the MkDocs build of these pages spends its time:", flush=True)
            breakdown(root, site)
        print(f"(a) mkdocs build, {len(pages)} trivial pages ...", flush=True)
        config = trivial_project(root, pages, scratch / "trivial")
        build_trivial(config, site)  # once to warm imports and the OS file cache
        base = build_trivial(config, site)
        double: Optional[Run] = None
        double_pages: list[str] = []
        if not args.no_growth:
            print("(c) ysxt build, twice the organisations ...", flush=True)
            warm_cache(double_root)
            double, double_pages = build_portal(double_root, site, cache=True)
        load_after = os.getloadavg()[0]

        print()
        found_orgs = len(list((root / "records" / "organizations").glob("*.yaml")))
        found_records = sum(1 for _ in (root / "records" / "activities").rglob("*.yaml"))
        print(f"repository: {root} ({found_orgs} organisations, {found_records} records); portal pages: {len(pages)} Markdown")
        print(f"python {sys.version.split()[0]}; as of {AS_OF}; load average {load_before:.1f} → {load_after:.1f} "
              f"on {os.cpu_count()} CPUs")
        print()
        print(f"{'figure':<46}{'wall s':>8}{'cpu s':>8}{'gen s':>8}{'wall×':>9}{'cpu×':>8}  {'target':<8}"
              f"{'wall/cpu':<14}max RSS")
        print("-" * 118)
        print(_line(f"(a) mkdocs build, {len(pages)} trivial pages", base, None, None))
        print(_line("(b) ysxt build (load cache warm)", portal, base, RATIO_TARGET))
        if cold is not None:
            print(_line("(b') ysxt build (no cache)", cold, base, None))
        if double is not None:
            print(_line(f"(c) ysxt build, {orgs * 2} orgs ({len(double_pages)} pages)", double, None, None))
            gw, gc_ = double.seconds / portal.seconds, double.cpu / portal.cpu
            print(f"{'    growth ×2 organisations: (c) / (b)':<46}{'':>24}{gw:>8.2f}×{gc_:>7.2f}×  "
                  f"≤{GROWTH_TARGET:.1f}×   {verdict(gw <= GROWTH_TARGET)}/{verdict(gc_ <= GROWTH_TARGET)}")
        print()
        print("ratios of (b) are to (a); gen s = the generation step alone (load, compute, Markdown), as "
              "ysxt build reports it; cpu = user + sys of the process. On a busy machine trust the cpu column.")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
