"""How fast is the portal (``ysxt build``) on a county-scale repository?

Generates the synthetic county (``ysxt_build.devtools.synthetic``; 1,000 organisations, 20,000 records
by default) into a temporary folder, or uses the one given with ``--dir``, copies the portal's
``mkdocs.yml`` and hand-written pages into it (as tests/builders/portal.py does), then measures
(issue #16's targets):

  (a) plain ``mkdocs build --strict`` of the same generated Markdown (MkDocs and Material alone,
      no page cache): for comparison;
  (f) the floor: writing the same site's files (HTML, search index, theme assets) into an empty
      folder, read into memory beforehand: for comparison;
  (b) ``ysxt build --repo DIR --as-of 2026-12-31`` cold: no ``.ysxt-cache`` at all, only the
      hand-written pages in ``docs/``; target ≤ 60 s;
  (c) warm: the same after one record's title changed (caches and site of (b)); target ≤ 10 s;
  (d) (b) for a county with twice the organisations and records and the same directives from
      above (a county twice the size does not get twice the directives; each applies to every
      organisation, so doubling them too would quadruple those duties): growth (d)/(b),
      target ≤ 2.2×;
  and the peak memory (max RSS of the largest process) of each run, target < 1 GiB.

Every figure is a command run in a subprocess; wall and CPU time (user + sys, worker processes
included) are printed: on a shared machine trust the CPU column, and run it when ``uptime``
shows a low load. Prints a table; always exits 0 (a report, not a test), except for usage errors.

    python benchmarks/bench_portal.py            # 1,000 orgs, 20,000 records; and 2,000 / 40,000
    python benchmarks/bench_portal.py --small    # a quick look: 100 orgs, 2,000 records; and 200 / 4,000
    python benchmarks/bench_portal.py --dir /tmp/portal   # reuse (or create) a repository
    python benchmarks/bench_portal.py --small --no-growth --breakdown   # where MkDocs spends its time

The edit loop of ``ysxt serve`` and the town's cold build are measured by ``bench_edit_loop.py``.
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

from bench_common import (  # noqa: E402
    add_county_options, copy_hand_written, county_size, ensure_county, verdict, ysxt_command,
)

AS_OF = "2026-12-31"
COLD_TARGET = 60.0
WARM_TARGET = 10.0
GROWTH_TARGET = 2.2
MEMORY_TARGET_MIB = 1024.0
PROJECT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    seconds: float
    cpu: float
    max_rss_mib: float
    exit_code: int
    generate_seconds: float = float("nan")
    note: str = ""


def _run(command: list[str], cwd: Optional[Path] = None) -> Run:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=cwd)
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
    copy_hand_written(root)


USER_CACHE = "user-cache"  # the user's cache folder (compiled templates, the machine key) of a run, in its scratch folder


def build_portal(root: Path, site: Path, cold: bool) -> Run:
    """``ysxt build``; ``cold``: from fresh docs/, no cache at all and no site; warm: as a clerk
    builds again, with the site of the last build in place (the build links its unchanged files)."""
    if cold:
        fresh_docs(root)
        shutil.rmtree(root / ".ysxt-cache", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        user_cache = os.environ.get("XDG_CACHE_HOME")
        if user_cache and Path(user_cache).name == USER_CACHE:  # the user's cache folder of this run (main)
            shutil.rmtree(user_cache, ignore_errors=True)  # the compiled templates too
    return _run(ysxt_command() + ["build", "--repo", str(root), "--as-of", AS_OF, "--site-dir", str(site)])


def touch_one_record(root: Path, n: int) -> Path:
    """Change the title of one record (the ``n``-th), as a clerk's edit would."""
    records = sorted((root / "records" / "activities").rglob("*.yaml"))
    path = records[(n * 7919) % len(records)]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: (.*)$", rf"title: \1（改{n}）", text, count=1, flags=re.M), encoding="utf-8")
    return path


def plain_mkdocs(root: Path, site: Path) -> Run:
    """``mkdocs build --strict`` of the Markdown ``ysxt build`` left in docs/ (no page cache)."""
    shutil.rmtree(site, ignore_errors=True)
    return _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                cwd=root)


def write_floor(site: Path, into: Path) -> Run:
    """Writing every file of ``site`` into an empty folder (the bytes read beforehand)."""
    files = [(p.relative_to(site), p.read_bytes()) for p in site.rglob("*") if p.is_file()]
    shutil.rmtree(into, ignore_errors=True)
    start, cpu = time.perf_counter(), time.process_time()
    for rel, data in files:
        target = into / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    run = Run(time.perf_counter() - start, time.process_time() - cpu, 0.0, 0)
    print(f"    {run.seconds:.2f} s wall, {run.cpu:.2f} s cpu ({len(files)} files, "
          f"{sum(len(d) for _, d in files) / 2**20:.0f} MiB)", flush=True)
    shutil.rmtree(into, ignore_errors=True)
    return run


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
    subprocess.run([sys.executable, "-c", _BREAKDOWN, str(root / "mkdocs.yml"), str(site)], env=env, check=False, cwd=root,
                   stderr=subprocess.DEVNULL)


def _line(label: str, run: Run, target: Optional[float] = None, base: Optional[Run] = None) -> str:
    text = f"{label:<52}{run.seconds:>8.2f}{run.cpu:>8.2f}{run.generate_seconds:>7.1f}"
    text += f"{run.seconds / base.seconds:>7.2f}×" if base is not None else f"{'':>8}"
    text += f"{run.max_rss_mib:>8.0f}" if run.max_rss_mib else f"{'':>8}"
    if target is not None:
        text += f"   ≤ {target:.0f} s   {verdict(run.seconds <= target)} (wall) / {verdict(run.cpu <= target)} (cpu)"
    if run.max_rss_mib:
        text += f"   mem {verdict(run.max_rss_mib < MEMORY_TARGET_MIB)}"
    if run.exit_code != 0:
        text += f"  FAILED (exit {run.exit_code}: {run.note})"
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=(
            "内部门户（ysxt build）的性能基准：生成（或使用已有的）合成县级记录仓库，测量没有缓存时、改动一条记录后的用时，"
            "组织数加倍时的增长和内存，并与 MkDocs 直接生成同样的 Markdown、写出同样文件的用时对照。"
        ),
    )
    add_county_options(parser, 20_000, 2_000, "组织加倍的对照仓库放在同级的“文件夹名-double”。门户的 mkdocs.yml 和 docs/ 会被覆盖。",
                       members=False)
    parser.add_argument("--no-growth", action="store_true", help="不测组织加倍的对照仓库。")
    parser.add_argument("--no-plain", action="store_true", help="不测 MkDocs 直接生成（(a)，最慢的一项）。")
    parser.add_argument("--breakdown", action="store_true",
                        help="最后再用 MkDocs 生成一次这些页面，按文件夹（orgs/、records/ 等）和页面列出各自的用时。")
    return parser


def base_directives(records: int) -> int:
    """The directives of the base county, as the generator makes them by default."""
    return max(1, records // 200) if records >= 2 else records


def directive_count(root: Path) -> int:
    """How many records of ``root`` are directives from above."""
    return sum(1 for p in (root / "records" / "activities").rglob("*.yaml")
               if re.search(rb"^type: directive\s*$", p.read_bytes(), flags=re.M))


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    orgs, records = county_size(args, 20_000, 2_000)
    scratch = Path(tempfile.mkdtemp(prefix="ysxt-bench-portal-"))
    root = args.dir.resolve() if args.dir is not None else scratch / "county"
    double_root = root.with_name(root.name + "-double")
    site = scratch / "site"
    os.environ["XDG_CACHE_HOME"] = str(scratch / USER_CACHE)  # cold means no cache of the user's either
    try:
        ensure_county(root, orgs, None, records, args.seed)
        if not args.no_growth:
            ensure_county(double_root, orgs * 2, None, records * 2, args.seed, directives=base_directives(records))
        load_before = os.getloadavg()[0]

        print("(b) ysxt build, cold (no cache) ...", flush=True)
        cold = build_portal(root, site, cold=True)
        print("(f) writing the same files into an empty folder ...", flush=True)
        floor = write_floor(site, scratch / "floor")
        print("(c) ysxt build, warm, after one record changed ...", flush=True)
        touch_one_record(root, 1)
        warm = build_portal(root, site, cold=False)
        pages = sorted(p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md"))
        plain: Optional[Run] = None
        if not args.no_plain:
            print("(a) plain mkdocs build --strict of the same Markdown ...", flush=True)
            plain = plain_mkdocs(root, scratch / "plain")
        if args.breakdown:
            print("    where the MkDocs build of these pages spends its time:", flush=True)
            breakdown(root, site)
        double: Optional[Run] = None
        if not args.no_growth:
            print("(d) ysxt build, cold, twice the organisations ...", flush=True)
            double = build_portal(double_root, site, cold=True)
        load_after = os.getloadavg()[0]

        print()
        found_orgs = len(list((root / "records" / "organizations").glob("*.yaml")))
        found_records = sum(1 for _ in (root / "records" / "activities").rglob("*.yaml"))
        print(f"repository: {root} ({found_orgs} organisations, {found_records} records, {directive_count(root)} directives); "
              f"portal pages: {len(pages)} Markdown")
        if double is not None:
            double_orgs = len(list((double_root / "records" / "organizations").glob("*.yaml")))
            double_records = sum(1 for _ in (double_root / "records" / "activities").rglob("*.yaml"))
            print(f"twice the organisations: {double_root} ({double_orgs} organisations, {double_records} records, "
                  f"{directive_count(double_root)} directives)")
        print(f"python {sys.version.split()[0]}; as of {AS_OF}; load average {load_before:.1f} → {load_after:.1f} "
              f"on {os.cpu_count()} CPUs")
        print()
        print(f"{'figure':<52}{'wall s':>8}{'cpu s':>8}{'gen s':>7}{'/(b)':>8}{'MiB':>8}   target")
        print("-" * 118)
        if plain is not None:
            print(_line("(a) plain mkdocs build --strict, same Markdown", plain, base=cold))
        print(_line("(f) floor: write the same files", floor, base=cold))
        print(_line("(b) ysxt build, cold (no cache)", cold, COLD_TARGET))
        print(_line("(c) ysxt build, warm, one record changed", warm, WARM_TARGET, base=cold))
        if double is not None:
            print(_line(f"(d) ysxt build, cold, {orgs * 2} orgs", double, None, base=cold))
            gw, gc_ = double.seconds / cold.seconds, double.cpu / cold.cpu
            print(f"{'    growth ×2 organisations: (d) / (b)':<52}{gw:>8.2f}×{gc_:>7.2f}×{'':>23}"
                  f"≤ {GROWTH_TARGET:.1f}×   {verdict(gw <= GROWTH_TARGET)} (wall) / {verdict(gc_ <= GROWTH_TARGET)} (cpu)")
        print()
        print("gen s = the generation step alone (load, compute, Markdown) as ysxt build reports it; cpu = user + sys of "
              "the process and its worker processes; MiB = max RSS of the largest process. On a busy machine trust the "
              "cpu column.")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
