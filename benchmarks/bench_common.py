"""What the benchmark scripts share: the synthetic county (its command-line options and its
generation), the baseline (read and parse every record file with PyYAML's C loader) and the
verdict words."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Optional

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


def add_county_options(parser: argparse.ArgumentParser, records: int, small_records: int, dir_help: str,
                       members: bool = True) -> None:
    """--orgs, --members, --records, --seed, --dir and --small (100 organisations)."""
    parser.add_argument("--orgs", type=int, default=None, help="党组织数量，默认 1000（--small 时 100）。")
    if members:
        parser.add_argument("--members", type=int, default=None, help="班子成员总数，默认每个组织 5 人。")
    parser.add_argument("--records", type=int, default=None, help=f"工作记录数量，默认 {records}（--small 时 {small_records}）。")
    parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1。")
    parser.add_argument("--dir", type=Path, default=None,
                        help="仓库文件夹：已有 records/ 就直接用，否则在这里生成；" + dir_help + "默认用临时文件夹，结束后删除。")
    parser.add_argument("--small", action="store_true", help=f"小规模快速查看：100 个组织、{small_records} 条记录。")


def county_size(args: argparse.Namespace, records: int, small_records: int) -> tuple[int, int]:
    """The organisations and records asked for (the defaults, or those of --small)."""
    orgs = args.orgs or (100 if args.small else 1000)
    count = args.records if args.records is not None else (small_records if args.small else records)
    return orgs, count


def ensure_county(root: Path, orgs: int, members: Optional[int], records: int, seed: int,
                  directives: Optional[int] = None) -> None:
    """Use the repository at ``root`` if it has records/, else generate the synthetic county there
    (``directives``: how many directives from above; default the generator's, one per 200 records)."""
    if (root / "records").is_dir():
        print(f"using existing repository {root}")
        return
    from ysxt_build.devtools.synthetic import generate

    print(f"generating {orgs} orgs / {records} records (seed {seed}) into {root} ...", flush=True)
    start = time.perf_counter()
    summary = generate(root, orgs=orgs, members=members, records=records, seed=seed, directives=directives)
    print(f"  {summary.records} records, {summary.organizations} organisations, {summary.members} members, "
          f"{summary.evidence_files} evidence files in {time.perf_counter() - start:.1f} s", flush=True)


PROJECT = Path(__file__).resolve().parent.parent


def hand_written() -> list[str]:
    """The portal's settings and hand-written pages as Git has them (the generated pages are
    ignored by Git), to copy into a synthetic repository."""
    import subprocess

    try:
        out = subprocess.run(["git", "ls-files", "mkdocs.yml", "docs"], cwd=PROJECT, capture_output=True, text=True,
                             check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        out = []
    return out or ["mkdocs.yml", "docs/assets/ysxt.css", "docs/assets/ysxt.js", "docs/guide/index.md",
                   "docs/guide/rules.md", "docs/portal.md", "docs/developers.md", "docs/forges.md"]


def copy_hand_written(root: Path) -> None:
    for rel in hand_written():
        src, dst = PROJECT / rel, root / rel
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def ysxt_command() -> list[str]:
    """The ``ysxt`` command of this Python environment (beside the interpreter, on PATH, or
    through ``python -c``)."""
    beside = Path(sys.executable).with_name("ysxt")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("ysxt")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from ysxt_build.cli.main import main; sys.exit(main())"]
