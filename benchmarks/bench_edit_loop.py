"""The town's figures (issue #16): how long a clerk waits in ``ysxt serve`` from saving a record
to seeing it, and how long the town portal takes to build from nothing.

On a copy of the demo repository (the project's own ``records/``, as of 2026-12-01):

  (t) ``ysxt build`` with no cache at all: target ≤ 4 s;
  (e) ``ysxt serve`` on 127.0.0.1: the title of 10 records of different organisations is
      changed one after the other; each time, the time from writing the file to the
      organisation's page being served with the new title (polled every 20 ms), and whether the
      search index served then holds the new title and as many entries as before (it is whole
      after every rebuild; ``tests/portal/test_portal_serve.py`` compares it with a clean
      build's); target: median ≤ 2 s. The CPU time the server used per edit is shown too.

A report, not a test: prints a table and exits 0. Other work on the machine slows the wall
times: look at ``uptime`` and the CPU column.

    python benchmarks/bench_edit_loop.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_common import copy_hand_written, verdict, ysxt_command

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = "2026-12-01"
EDITS = 10
EDIT_TARGET = 2.0
TOWN_TARGET = 4.0


def demo_copy(into: Path) -> Path:
    shutil.copytree(PROJECT / "records", into / "records")
    copy_hand_written(into)
    return into


def _cpu_of(pid: int) -> float:
    """User + system seconds of a running process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            body: bytes = r.read()
            return body.decode("utf-8")
    except (urllib.error.URLError, ConnectionError, OSError):
        return ""


def town_cold(root: Path) -> tuple[float, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(ysxt_command() + ["build", "--repo", str(root), "--as-of", AS_OF],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        print("  ysxt build failed", file=sys.stderr)
    return wall, usage.ru_utime + usage.ru_stime


def pick_records(root: Path) -> list[Path]:
    """One record each of EDITS organisations (as different clerks would edit)."""
    by_org: dict[str, Path] = {}
    for path in sorted((root / "records" / "activities").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        org = re.search(r"^organization: (\S+)$", text, flags=re.M)
        if org and re.search(r"^title: ", text, flags=re.M) and "type: directive" not in text:
            by_org.setdefault(org.group(1), path)
    return list(by_org.values())[:EDITS]


def edit_loop(root: Path) -> tuple[list[float], list[float], list[bool]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(ysxt_command() + ["serve", "--repo", str(root), "--as-of", AS_OF, "--dev-addr", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    waits: list[float] = []
    cpus: list[float] = []
    whole: list[bool] = []
    try:
        deadline = time.monotonic() + 180
        while "<html" not in _get(f"{base}/index.html"):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("ysxt serve did not start")
            time.sleep(0.2)
        entries = len(json.loads(_get(f"{base}/search/search_index.json"))["docs"])
        time.sleep(1.0)
        for n, path in enumerate(pick_records(root)):
            text = path.read_text(encoding="utf-8")
            org = re.search(r"^organization: (\S+)$", text, flags=re.M).group(1)  # type: ignore[union-attr]
            marker = f"改动测试{n}号"
            cpu0 = _cpu_of(proc.pid)
            start = time.perf_counter()
            path.write_text(re.sub(r"^title: (.*)$", rf"title: \1{marker}", text, count=1, flags=re.M), encoding="utf-8")
            while marker not in _get(f"{base}/orgs/{org}.html"):
                if time.perf_counter() - start > 120:
                    raise SystemExit(f"edit {n}: the page did not change in 120 s")
                time.sleep(0.02)
            waits.append(time.perf_counter() - start)
            cpus.append(_cpu_of(proc.pid) - cpu0)
            index = json.loads(_get(f"{base}/search/search_index.json"))
            found = any(marker in (d["title"] + d["text"]).replace("\u200b", "") for d in index["docs"])
            whole.append(found and len(index["docs"]) == entries)
            print(f"  edit {n + 1}: {path.relative_to(root)}  {waits[-1]:.2f} s wall, server {cpus[-1]:.2f} s cpu, "
                  f"search index {'whole' if whole[-1] else 'NOT whole'}", flush=True)
            time.sleep(0.5)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return waits, cpus, whole


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="ysxt-bench-edit-"))
    try:
        load_before = os.getloadavg()[0]
        print("(t) town cold build ...", flush=True)
        cold_root = demo_copy(scratch / "cold")
        town_cold(cold_root)  # once to warm the OS file cache and Python's bytecode
        shutil.rmtree(cold_root)
        cold_root = demo_copy(scratch / "cold")
        wall, cpu = town_cold(cold_root)
        print(f"  {wall:.2f} s wall, {cpu:.2f} s cpu", flush=True)
        print("(e) edit loop in ysxt serve ...", flush=True)
        waits, cpus, whole = edit_loop(demo_copy(scratch / "serve"))
        load_after = os.getloadavg()[0]
        median = statistics.median(waits)
        print()
        print(f"demo repository as of {AS_OF}; python {sys.version.split()[0]}; load average {load_before:.1f} → "
              f"{load_after:.1f} on {os.cpu_count()} CPUs")
        print(f"{'figure':<58}{'wall s':>8}{'cpu s':>8}   target")
        print("-" * 100)
        print(f"{'(t) town cold build (ysxt build, no cache)':<58}{wall:>8.2f}{cpu:>8.2f}   ≤ {TOWN_TARGET:.0f} s   "
              f"{verdict(wall <= TOWN_TARGET)} (wall) / {verdict(cpu <= TOWN_TARGET)} (cpu)")
        print(f"{f'(e) save → page served, median of {len(waits)} edits':<58}{median:>8.2f}{statistics.median(cpus):>8.2f}"
              f"   ≤ {EDIT_TARGET:.0f} s   {verdict(median <= EDIT_TARGET)} (wall)")
        print(f"{'    min / max':<58}{min(waits):>8.2f}{max(waits):>8.2f}")
        print(f"{'    search index whole after every rebuild':<58}{sum(whole):>8} / {len(whole)}   "
              f"{verdict(all(whole))}")
        print()
        print("cpu s of (e) = CPU time the server process used for one edit (regeneration and rebuild).")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
