"""The command line, ``python -m ysxt_build.devtools.synthetic``: options in Chinese, a summary.

``main(argv)`` returns the exit status: 0 written, 2 for a usage error or an output folder
that already has ``records/`` (without ``--force``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

from .driver import DEFAULT_ORGS, DEFAULT_RECORDS, MEMBERS_PER_ORG, generate


class _ChineseHelp(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Optional[str], actions: Any, groups: Any, prefix: Optional[str] = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ysxt_build.devtools.synthetic",
        formatter_class=_ChineseHelp,
        add_help=False,
        description=(
            "生成一个县级规模的合成记录仓库（用于性能测试和测试）：实施方案、镇党委和若干党组织、\n"
            "班子成员任职，以及 2022–2026 年的各类工作记录（证明材料多为纸质档案号，少数为文件）。\n"
            "生成的仓库能通过 ysxt check --as-of 2026-12-31。同样的参数（含 --seed）生成完全相同的文件。"
        ),
        epilog=(
            "例：\n"
            "  python -m ysxt_build.devtools.synthetic /tmp/county\n"
            "  python -m ysxt_build.devtools.synthetic /tmp/county --orgs 1000 --members 5000 --records 100000 --seed 1\n"
            "  python -m ysxt_build.devtools.synthetic /tmp/small --orgs 5 --records 200 --force\n\n"
            "退出码：0 成功，2 用法错误或文件夹中已有 records/。"
        ),
    )
    parser._positionals.title = "参数"
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出。")
    parser.add_argument("out_dir", metavar="输出文件夹", type=Path, help="写入合成仓库的文件夹（在其中创建 records/）。")
    parser.add_argument("--orgs", type=int, default=DEFAULT_ORGS, metavar="数量", help=f"党组织数量（不含镇党委），默认 {DEFAULT_ORGS}。")
    parser.add_argument("--members", type=int, default=None, metavar="人数", help=f"班子成员总数（不含镇党委），默认每个组织 {MEMBERS_PER_ORG} 人。")
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS, metavar="条数", help=f"工作记录总数，默认 {DEFAULT_RECORDS}。")
    parser.add_argument("--seed", type=int, default=1, metavar="种子", help="随机种子，默认 1；种子相同则生成的文件相同。")
    parser.add_argument("--directives", type=int, default=None, metavar="条数",
                        help="其中上级指示的条数（每条几乎适用于所有组织），默认每 200 条记录 1 条。")
    parser.add_argument("--plan", type=Path, default=None, metavar="文件", help="实施方案文件，默认本仓库的 records/plans/xx-town-2025.yaml。")
    parser.add_argument("--force", action="store_true", help="输出文件夹中已有 records/ 时，先删除再生成。")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args: Any = _parser().parse_args(argv)
    try:
        summary = generate(
            args.out_dir,
            orgs=args.orgs,
            members=args.members,
            records=args.records,
            seed=args.seed,
            plan=args.plan,
            overwrite=args.force,
            directives=args.directives,
        )
    except FileExistsError as exc:
        print(f"错误：{exc}（已有 records/ 文件夹）。\n提示：换一个文件夹，或加 --force 覆盖。", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(
        f"已生成：{summary.organizations} 个党组织（含镇党委），{summary.members} 名班子成员，"
        f"{summary.records} 条工作记录，{summary.evidence_files} 个证明材料文件。"
    )
    for type_, count in summary.by_type.items():
        print(f"  {type_}: {count}")
    return 0
