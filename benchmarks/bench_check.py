"""How fast is ``ysxt check`` on a county-scale repository, against plain YAML parsing?

Generates the synthetic county (``ysxt_build.devtools.synthetic``) into a temporary folder, or uses
the one given with ``--dir``, then measures:

  (a) reading and parsing every YAML file with PyYAML's C loader, nothing else (baseline);
  (b) ``ysxt check`` cold: no cache (``.ysxt-cache`` deleted);
  (c) ``ysxt check`` warm: nothing changed since (b);
  (d) ``ysxt check`` after one record file was changed (validly);
  (e) peak memory (max RSS) of the check process.

Checks run the real command line in a subprocess, as a clerk or CI would. Prints a table
with each figure's ratio to (a) and its target; always exits 0 (a report, not a test),
except for usage errors.

    python benchmarks/bench_check.py            # the full county: 1,000 orgs, 100,000 records
    python benchmarks/bench_check.py --small    # a quick look: 100 orgs, 10,000 records
    python benchmarks/bench_check.py --dir /tmp/county   # reuse (or create) a repository
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from bench_common import add_county_options, county_size, ensure_county, parse_only, verdict, yaml_files, ysxt_command  # noqa: E402

AS_OF = "2026-12-31"
TARGETS = {"cold": 1.5, "warm": 0.10, "one_change": 0.15}
MEMORY_TARGET_MIB = 1024.0
RACY_SECONDS = 3.5  # ysxt_build.check.cache does not cache files modified within 3 s of a run


@dataclass
class Run:
    seconds: float
    cpu: float
    max_rss_mib: float
    exit_code: int
    files: int
    errors: int
    warnings: int
    note: str = ""


def code_env(code: Path) -> dict[str, str]:
    """The environment that makes ``ysxt`` import ``ysxt_build`` from the folder ``code``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(code)] + [p for p in [env.get("PYTHONPATH", "")] if p])
    return env


def wait_until_settled(root: Path, settle: float = RACY_SECONDS) -> None:
    """Sleep until the newest file is ``settle`` seconds old: the cache skips newer ("racy") files."""
    newest = max((e.stat().st_mtime for e in os.scandir(root / "records")), default=0.0)
    for directory, _, files in os.walk(root / "records"):
        for name in files:
            newest = max(newest, os.stat(os.path.join(directory, name)).st_mtime)
    delay = newest + settle - time.time()
    if delay > 0:
        time.sleep(delay)


def snapshot_code(into: Path) -> dict[str, str]:
    """Copy the ``ysxt_build`` package (and its schemas) as it is now; the environment to use it.

    The check cache is keyed on the code, so an edit to any module between runs would turn
    a warm run into a cold one. A snapshot keeps the code under test fixed for the whole
    benchmark, however busy the working tree is.
    """
    import ysxt_build
    from ysxt_build.records.schemas import schema_dir

    package = Path(ysxt_build.__file__).resolve().parent
    target = into / "ysxt_build"
    shutil.copytree(package, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if not (target / "schema").is_dir():
        shutil.copytree(schema_dir(), target / "schema")
    return code_env(into)


def run_check(root: Path, env: Optional[dict[str, str]] = None) -> Run:
    """Run ``ysxt check`` once in a subprocess: wall and CPU time, max RSS, the JSON summary."""
    command = ysxt_command() + ["check", "--repo", str(root), "--as-of", AS_OF, "--format", "json"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    # ru_maxrss is in KiB on Linux, bytes on macOS
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    try:
        payload = json.loads(stdout)
        return Run(seconds, cpu, rss, process.returncode, payload["files_checked"], payload["errors"],
                   payload["warnings"])
    except (ValueError, KeyError, TypeError):
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["(no output)"]
        return Run(seconds, cpu, rss, process.returncode, 0, -1, -1, note=tail[0][:100])


def change_one_record(root: Path) -> str:
    """Change one record file validly (its title gains or loses a suffix); returns its path."""
    files = [f for f in yaml_files(root) if f"{os.sep}activities{os.sep}" in f]
    if not files:
        raise SystemExit("仓库里没有工作记录文件")
    path = Path(files[len(files) // 2])
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    suffix = "（修订）"
    for i, line in enumerate(lines):
        if line.startswith("title: "):
            value = line[len("title: "):].rstrip("\n")
            if value.endswith(suffix) or value.endswith(suffix + '"'):
                value = value.replace(suffix, "", 1)
            elif value.endswith('"'):
                value = value[:-1] + suffix + '"'
            else:
                value = value + suffix
            lines[i] = f"title: {value}\n"
            break
    else:
        lines.append("# 基准测试修改\n")
    path.write_text("".join(lines), encoding="utf-8")
    return str(path.relative_to(root))


def _row(label: str, wall: float, cpu: float, base: tuple[float, float], target: Optional[float],
         run: Optional[Run] = None) -> str:
    ratio_wall = wall / base[0] if base[0] > 0 else float("inf")
    ratio_cpu = cpu / base[1] if base[1] > 0 else float("inf")
    if target is None:
        target_text, judged = "—", ""
    elif run is not None and run.errors < 0:
        target_text, judged = f"≤{target:.2f}×", "FAILED"
    else:
        target_text = f"≤{target:.2f}×"
        judged = f"{verdict(ratio_wall <= target)}/{verdict(ratio_cpu <= target)}"
    line = (f"{label:<34}{wall:>8.2f}{cpu:>8.2f}{ratio_wall:>8.2f}×{ratio_cpu:>7.2f}×"
            f"  {target_text:<7}{judged:<14}")
    if run is not None:
        line += f"exit {run.exit_code}, {run.files} files, {run.errors} err, {run.warnings} warn"
        if run.note:
            line += f" [{run.note}]"
    return line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=(
            "ysxt check 的性能基准：生成（或使用已有的）合成县级记录仓库，比较只解析 YAML 与 "
            "ysxt check 冷启动、有缓存、改动一个文件后的用时，以及内存峰值。"
        ),
    )
    add_county_options(parser, 100_000, 10_000, "")
    parser.add_argument("--live", action="store_true",
                        help="直接运行工作区中的代码，不先复制快照（代码在测量期间被修改会使缓存失效）。")
    parser.add_argument("--code", type=Path, default=None,
                        help="测量另一份代码：含 ysxt_build/ 的文件夹（例如改动的原型），代替工作区的快照。")
    parser.add_argument("--keep", action="store_true", help="保留临时文件夹（并打印其位置）。")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    orgs, records = county_size(args, 100_000, 10_000)
    scratch = Path(tempfile.mkdtemp(prefix="ysxt-bench-"))
    keep_scratch = False
    root = args.dir.resolve() if args.dir is not None else scratch / "county"
    try:
        ensure_county(root, orgs, args.members, records, args.seed)
        if args.code is not None:
            env: Optional[dict[str, str]] = code_env(args.code.resolve())
        else:
            env = None if args.live else snapshot_code(scratch / "code")
        wait_until_settled(root)
        load_before = os.getloadavg()[0]

        print("(a) parse only ...", flush=True)
        parse_only(root)  # once to warm the OS file cache: every figure reads from memory
        base_wall, base_cpu, n_files = parse_only(root)
        print("(b) check, cold ...", flush=True)
        shutil.rmtree(root / ".ysxt-cache", ignore_errors=True)
        cold = run_check(root, env)
        print("(c) check, warm ...", flush=True)
        warm = run_check(root, env)
        print("(d) check after one change ...", flush=True)
        changed = change_one_record(root)
        one = run_check(root, env)
        load_after = os.getloadavg()[0]

        base = (base_wall, base_cpu)
        code_label = str(args.code) if args.code else ("working tree (live)" if args.live else "snapshot of the working tree")
        print()
        print(f"repository: {root}")
        print(f"  {n_files} YAML files; changed for (d): {changed}")
        print(f"python {sys.version.split()[0]}; code: {code_label}; "
              f"as of {AS_OF}; load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} CPUs")
        print()
        print(f"{'figure':<34}{'wall s':>8}{'cpu s':>8}{'wall×':>9}{'cpu×':>8}  {'target':<7}{'wall/cpu':<14}")
        print("-" * 96)
        print(_row("(a) parse all YAML (C loader)", base_wall, base_cpu, base, None))
        print(_row("(b) ysxt check, cold (no cache)", cold.seconds, cold.cpu, base, TARGETS["cold"], cold))
        print(_row("(c) ysxt check, warm (no change)", warm.seconds, warm.cpu, base, TARGETS["warm"], warm))
        print(_row("(d) ysxt check, one file changed", one.seconds, one.cpu, base, TARGETS["one_change"], one))
        peak = max(cold.max_rss_mib, warm.max_rss_mib, one.max_rss_mib)
        print(f"{'(e) peak memory (max RSS)':<34}{peak:>8.0f} MiB (cold {cold.max_rss_mib:.0f}, "
              f"warm {warm.max_rss_mib:.0f}, one change {one.max_rss_mib:.0f})   "
              f"target ≤{MEMORY_TARGET_MIB:.0f} MiB  {verdict(peak <= MEMORY_TARGET_MIB)}")
        print()
        print("ratios are to (a); cpu = user + sys of the process. On a busy machine trust the cpu column.")
        if any(r.errors != 0 or r.exit_code != 0 for r in (cold, warm, one)):
            print("note: a check run reported findings or failed; the repository is not clean.")
        if args.keep and args.dir is None:
            keep_scratch = True
            print(f"kept {root}")
    finally:
        if not keep_scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        elif not args.live:
            shutil.rmtree(scratch / "code", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
