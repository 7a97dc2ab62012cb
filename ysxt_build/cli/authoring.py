"""``ysxt new``, ``ysxt hash`` and ``ysxt codeowners``: what a clerk needs to write a record."""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import click

from ..check.repository import load_repository
from ..ci import codeowners
from ..records import layout
from ..records.schemas import SchemaSet
from ..records.templates import TemplateRequest, TemplateWriter, amendment_text, next_record_id
from .common import CONTEXT, DATE, EXIT_FINDINGS, EXIT_USAGE, repo_option, require_repo, usage_error


@click.command(context_settings=CONTEXT)
@click.argument("record_type", required=False, metavar="类型")
@repo_option
@click.option("--org", "org_id", default=None, metavar="组织编号", help="记录所属的组织编号，例如 qingshan-village。")
@click.option("--date", "day", type=DATE, default=None, help="活动日期（YYYY-MM-DD），默认今天。")
@click.option("--member", "member_id", default=None, metavar="成员编号", help="为哪位班子成员的责任而记（填入 lead），例如 m-zhang-wei。")
@click.option("--responds-to", "responds_to", default=None, metavar="记录编号", help="回应的上级部署、事件或检查记录编号。")
@click.option("--amend", "amend_id", default=None, metavar="记录编号", help="新建对这条记录的更正（复制原记录内容，原记录保留）。")
@click.option("--list-types", is_flag=True, help="列出所有记录类型。")
def new(
    record_type: Optional[str],
    repo: Path,
    org_id: Optional[str],
    day: Optional[date],
    member_id: Optional[str],
    responds_to: Optional[str],
    amend_id: Optional[str],
    list_types: bool,
) -> None:
    """按模板新建一条记录文件，已能确定的内容（路径、编号、在任成员）自动填好。

    文件中带 "" 的地方需要填写，每个字段上方有中文说明。已存在的文件不会被覆盖。

    \b
    例：
      ysxt new special_study --org qingshan-village --date 2026-03-12
      ysxt new supervision --org qingshan-village --member m-chen-fang
      ysxt new directive_study --org qingshan-village --responds-to 2026-town-sjbs-01
      ysxt new --amend 2025-qingshan-village-zyyj-01
      ysxt new --list-types

    退出码：0 已创建，1 文件已存在，2 用法错误。
    """
    root = require_repo(repo)
    loaded = load_repository(root, SchemaSet.load())
    schemas = loaded.schemas or SchemaSet.load()  # the record types of the repository's vocabulary
    if list_types:
        for c in schemas.choices("record", "type"):
            click.echo(f"{c.value:<28} {c.title}")
        return
    ds = loaded.dataset
    existing = {r.id for r in ds.records} | {
        p.rsplit("/", 1)[-1].removesuffix(".yaml") for p in loaded.paths
    }
    if amend_id is not None:
        original = ds.records_by_id.get(amend_id)
        if original is None:
            usage_error(f"找不到记录“{amend_id}”（或它有错误，请先运行 ysxt check）。")
        n = 1
        while f"{amend_id}-gz{n}" in existing:
            n += 1
        new_id = f"{amend_id}-gz{n}"
        text = amendment_text((root / original.source).read_text(encoding="utf-8-sig"), amend_id, new_id)
        _write(root, layout.record_path(original.date.year, original.organization, new_id), text)
        return
    types = [c.value for c in schemas.choices("record", "type")]
    if record_type is None or record_type not in types:
        wrong = f"记录类型“{record_type}”不存在。" if record_type else "请写记录类型。"
        usage_error(f"{wrong}可用的类型见 ysxt new --list-types，例如 special_study。")
    if org_id is None:
        usage_error("请用 --org 写组织编号，例如 --org qingshan-village。")
    org = ds.organization(org_id)
    if org is None:
        usage_error(f"没有编号为“{org_id}”的组织；组织登记在 {layout.ORGANIZATIONS}/ 下。")
    when = day or date.today()
    record_id = next_record_id(existing, when.year, org.id, record_type)
    writer = TemplateWriter(schemas, ds.plans)
    text = writer.render(TemplateRequest(record_type, org, when, record_id, member_id, responds_to))
    _write(root, layout.record_path(when.year, org.id, record_id), text)


def _write(root: Path, rel: str, text: str) -> None:
    target = root / rel
    if target.exists():
        click.echo(f"错误：{rel} 已存在，没有覆盖。\n提示：请换一个编号，或直接编辑这个文件。", err=True)
        sys.exit(EXIT_FINDINGS)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    click.echo(rel)
    click.echo("已创建。请填写带 \"\" 的地方，然后运行 ysxt check。", err=True)


@click.command("codeowners", context_settings=CONTEXT)
@repo_option
@click.option("--check", "check_only", is_flag=True, help="只检查 CODEOWNERS 是否最新，不写文件。")
@click.option(
    "--forge",
    "forges",
    type=click.Choice(sorted(codeowners.PATHS)),
    multiple=True,
    help="为哪个平台生成（可写多次）：github 写 .github/CODEOWNERS，gitea（含 Forgejo）写 .gitea/CODEOWNERS，"
    "gitlab 写 .gitlab/CODEOWNERS。默认：.github/CODEOWNERS 和已有的其他两个。",
)
def codeowners_command(repo: Path, check_only: bool, forges: tuple[str, ...]) -> None:
    """根据各组织登记的维护人（maintainers）生成 .github/CODEOWNERS。

    各组织的记录和证明材料由本组织维护人审核；程序、格式、方案、组织登记和流水线由镇党委办公室审核。
    Gitea/Forgejo 不读 .github/CODEOWNERS，写法也不同：用 --forge gitea 生成 .gitea/CODEOWNERS。

    \b
    例：
      ysxt codeowners                重新生成 .github/CODEOWNERS（以及已有的 .gitea/、.gitlab/ 中的）
      ysxt codeowners --forge gitea  为 Gitea/Forgejo 生成 .gitea/CODEOWNERS
      ysxt codeowners --check        流水线中检查文件是否最新

    退出码：0 最新或已写入，1 文件过期（--check），2 用法或环境错误。
    """
    root = require_repo(repo)
    loaded = load_repository(root)
    if any(p.path.startswith(layout.ORGANIZATIONS) and p.severity == "error" for p in loaded.problems):
        usage_error("组织登记文件有错误，请先运行 ysxt check 改正。")
    chosen = forges or tuple(f for f, path in codeowners.PATHS.items() if f == "github" or (root / path).exists())
    stale = False
    for forge in chosen:
        path = codeowners.PATHS[forge]
        text = codeowners.render(loaded.dataset.organizations, forge, loaded.dataset.top_kinds)
        target = root / path
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if check_only:
            if current == text:
                click.echo(f"{path} 是最新的。")
                continue
            click.echo(
                f"错误：{path} 与组织登记中的维护人不一致。\n"
                f"提示：运行 ysxt codeowners{'' if forge == 'github' else ' --forge ' + forge} 重新生成，并把它一起提交。",
                err=True,
            )
            stale = True
            continue
        if current == text:
            click.echo(f"{path} 已是最新，没有改动。")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(f"已写入 {path}")
    if stale:
        sys.exit(EXIT_FINDINGS)


__all__ = ["new", "codeowners_command", "EXIT_USAGE"]


@click.command("hash", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def hash_command(files: tuple[Path, ...]) -> None:
    """计算证明材料文件的 sha256 校验值，填入记录的 evidence。

    \b
    例：
      ysxt hash records/evidence/2025/qingshan-village/zyyj-01.pdf
    """
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        click.echo(f"{digest}  {path.as_posix()}")
