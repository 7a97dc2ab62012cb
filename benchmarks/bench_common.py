"""What the benchmark scripts share: the baseline (read and parse every record file with
PyYAML's C loader) and the verdict words."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import yaml


def yaml_files(root: Path) -> list[str]:
    """Every YAML file under records/, evidence left out, in a stable order."""
    found: list[str] = []
    top = str(root / "records")
    for directory, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (directory == top and d == "evidence")]
        found.extend(os.path.join(directory, f) for f in files if f.endswith(".yaml"))
    found.sort()
    return found


def parse_only(root: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds to read and parse every YAML file with the C loader; how many files."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        print("警告：PyYAML 没有 C 扩展（CSafeLoader），基准改用纯 Python 解析。", file=sys.stderr)
        loader = yaml.SafeLoader
    start, cpu = time.perf_counter(), time.process_time()
    files = yaml_files(root)
    for path in files:
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=loader)
    return time.perf_counter() - start, time.process_time() - cpu, len(files)


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"
