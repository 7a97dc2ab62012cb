"""How fast is the compliance engine on a county-scale repository, against plain YAML parsing?

Generates the synthetic county (``ysxt_build.devtools.synthetic``) into a temporary folder, or uses
the one given with ``--dir``, then measures:

  (a) reading and parsing every record file with PyYAML's C loader, nothing else (baseline);
  (b) ``engine.compute_status(dataset, as_of=2026-12-31)``: every status for the five years,
      the computation alone, in a fresh process after the repository was loaded (the load
      is timed separately and reported for information); target ≤ 1.0× (a);
  (c) the same for a county with half the records (same organisations and seed): the growth
      from half to full size, target ≤ 2.2×;
  (d) peak memory (max RSS) of the whole load + compute process, target < 1 GiB.

The load and computation run in a child process (this script with ``--worker``), so that the
peak memory is that of load + compute alone (``resource.getrusage(RUSAGE_CHILDREN)``). The
load reads every file through the full check (``use_cache=False``), as ``ysxt status`` does on
a repository without a cache. Prints a table; always exits 0 (a report, not a test), except
for usage errors.

    python benchmarks/bench_status.py            # the full county: 1,000 orgs, 100,000 records
    python benchmarks/bench_status.py --small    # a quick look: 100 orgs, 10,000 records
    python benchmarks/bench_status.py --dir /tmp/county   # reuse (or create) a repository
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional, Sequence

from bench_common import add_county_options, county_size, ensure_county, parse_only, verdict  # noqa: E402

AS_OF = "2026-12-31"
RATIO_TARGET = 1.0
GROWTH_TARGET = 2.2
MEMORY_TARGET_MIB = 1024.0


@dataclass
class Measured:
    records: int
    entries: int
    load_wall: float
    load_cpu: float
    compute_wall: float
    compute_cpu: float
    max_rss_mib: float
    note: str = ""


def worker(root: Path, repeat: int) -> int:
    """In the child process: load, then compute (best of ``repeat``); a JSON line on stdout."""
    from ysxt_build.check.repository import load_repository
    from ysxt_build.records.labels import Labels
    from ysxt_build.records.schemas import SchemaSet
    from ysxt_build.status.engine import compute_status

    as_of = date.fromisoformat(AS_OF)
    start, cpu = time.perf_counter(), time.process_time()
    schemas = SchemaSet.load()
    loaded = load_repository(root, schemas, use_cache=False)
    labels = Labels.from_schemas(schemas)
    load_wall, load_cpu = time.perf_counter() - start, time.process_time() - cpu
    errors = sum(1 for p in loaded.problems if p.severity == "error")
    best_wall = best_cpu = float("inf")
    entries = 0
    for _ in range(max(1, repeat)):
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        report = compute_status(loaded.dataset, as_of, labels)
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, used)
        entries = len(report.entries)
        del report
    print(json.dumps({
        "records": len(loaded.dataset.records), "entries": entries, "errors": errors,
        "load_wall": load_wall, "load_cpu": load_cpu, "compute_wall": best_wall, "compute_cpu": best_cpu,
    }))
    return 0


def measure(root: Path, repeat: int) -> Measured:
    """Run the worker in a child process; its figures and its peak memory."""
    command = [sys.executable, os.path.abspath(__file__), "--worker", str(root), "--repeat", str(repeat)]
    done = subprocess.run(command, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss is in KiB on Linux, bytes on macOS; for RUSAGE_CHILDREN it is the largest child
    # so far: the full county is measured first, so this is its peak (the parse baseline runs
    # in this process, not a child, and does not count)
    rss = after / (1024 * 1024 if sys.platform == "darwin" else 1024)
    note = ""
    try:
        data = json.loads(done.stdout.strip().splitlines()[-1])
        if data["errors"]:
            note += f" ({data['errors']} files with errors left out)"
        return Measured(data["records"], data["entries"], data["load_wall"], data["load_cpu"],
                        data["compute_wall"], data["compute_cpu"], rss, note)
    except (ValueError, KeyError, IndexError):
        tail = done.stderr.strip().splitlines()[-1:] or ["(no output)"]
        return Measured(0, 0, 0.0, 0.0, float("nan"), float("nan"), rss, f"worker failed: {tail[0][:120]}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=(
            "责任状态计算（compliance engine）的性能基准：生成（或使用已有的）合成县级记录仓库，"
            "比较计算全部状态的用时与只解析 YAML 的用时、记录数加倍时的增长和内存峰值。"
        ),
    )
    add_county_options(parser, 100_000, 10_000, "记录减半的对照仓库放在同级的“文件夹名-half”。")
    parser.add_argument("--repeat", type=int, default=2, help="每个仓库计算几次，取最快的一次，默认 2。")
    parser.add_argument("--no-growth", action="store_true", help="不测记录减半的对照仓库。")
    parser.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    if args.worker is not None:
        return worker(args.worker, args.repeat)
    orgs, records = county_size(args, 100_000, 10_000)
    scratch = Path(tempfile.mkdtemp(prefix="ysxt-bench-status-"))
    root = args.dir.resolve() if args.dir is not None else scratch / "county"
    half_root = root.with_name(root.name + "-half")
    try:
        ensure_county(root, orgs, args.members, records, args.seed)
        if not args.no_growth:
            ensure_county(half_root, orgs, args.members, records // 2, args.seed)
        load_before = os.getloadavg()[0]

        print("(a) parse only ...", flush=True)
        parse_only(root)  # once to warm the OS file cache: every figure reads from memory
        base_wall, base_cpu, n_files = parse_only(root)
        print("(b) load + compute, full ...", flush=True)
        full = measure(root, args.repeat)
        half: Optional[Measured] = None
        if not args.no_growth:
            print("(c) load + compute, half the records ...", flush=True)
            parse_only(half_root)
            half = measure(half_root, args.repeat)
        load_after = os.getloadavg()[0]

        print()
        print(f"repository: {root} ({n_files} YAML files, {full.records} records loaded, "
              f"{full.entries} status entries as of {AS_OF})")
        print(f"python {sys.version.split()[0]}; load average {load_before:.1f} → {load_after:.1f} "
              f"on {os.cpu_count()} CPUs")
        print()
        print(f"{'figure':<44}{'wall s':>8}{'cpu s':>8}{'wall×':>9}{'cpu×':>8}  {'target':<8}{'wall/cpu'}")
        print("-" * 100)
        print(f"{'(a) parse all YAML (C loader)':<44}{base_wall:>8.2f}{base_cpu:>8.2f}")
        print(f"{'    load the repository (for information)':<44}{full.load_wall:>8.2f}{full.load_cpu:>8.2f}"
              f"{full.load_wall / base_wall:>8.2f}×{full.load_cpu / base_cpu:>7.2f}×")
        rw, rc = full.compute_wall / base_wall, full.compute_cpu / base_cpu
        print(f"{'(b) compute all statuses (engine only)':<44}{full.compute_wall:>8.2f}{full.compute_cpu:>8.2f}"
              f"{rw:>8.2f}×{rc:>7.2f}×  ≤{RATIO_TARGET:.1f}×   "
              f"{verdict(rw <= RATIO_TARGET)}/{verdict(rc <= RATIO_TARGET)}{full.note}")
        if half is not None:
            gw = full.compute_wall / half.compute_wall if half.compute_wall > 0 else float("inf")
            gc_ = full.compute_cpu / half.compute_cpu if half.compute_cpu > 0 else float("inf")
            label = f"(c) compute, {half.records} records (half)"
            print(f"{label:<44}{half.compute_wall:>8.2f}{half.compute_cpu:>8.2f}")
            print(f"{'    growth half → full':<44}{'':>16}{gw:>8.2f}×{gc_:>7.2f}×  ≤{GROWTH_TARGET:.1f}×   "
                  f"{verdict(gw <= GROWTH_TARGET)}/{verdict(gc_ <= GROWTH_TARGET)}{half.note}")
        peak = max(full.max_rss_mib, half.max_rss_mib if half is not None else 0.0)
        print(f"{'(d) peak memory, load + compute (max RSS)':<44}{peak:>8.0f} MiB"
              f"{'':>17}  <{MEMORY_TARGET_MIB:.0f} MiB {verdict(peak < MEMORY_TARGET_MIB)}")
        print()
        print("ratios of (b) are to (a); compute is the best of --repeat runs after the load; "
              "cpu = process time. On a busy machine trust the cpu column.")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
