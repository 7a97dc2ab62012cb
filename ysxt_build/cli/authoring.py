"""``ysxt new``, ``ysxt hash`` and ``ysxt codeowners``: what a clerk needs to write a record."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any, Optional

import click

from ..check.control_chars import control_char_problems
from ..check.repository import load_repository
from ..ci import codeowners
from ..records import layout, strict_yaml
from ..records.characters import for_terminal
from ..records.files import sha256_of
from ..records.labels import LEADING_BODY_DEFAULT
from ..records.form_spec import FIXED, FormSpec, TypeSpec, record_form_spec, record_values
from ..records.model import Organization, plans_on
from ..records.schemas import SchemaSet
from ..records.templates import FILL_BLANKS, amendment_id, blank_values, next_record_id, render_record, roster_line
from .common import (
    CONTEXT, DATE, EXIT_FINDINGS, EXIT_USAGE, repo_option, require_repo, resolve_member, resolve_organization, usage_error,
)


def _read_answers(source: Path) -> dict[str, Any]:
    try:
        raw = sys.stdin.buffer.read() if str(source) == "-" else source.read_bytes()
    except OSError as exc:
        usage_error(f"无法读取 {source}（{exc.strerror}）。")
    try:
        data, _refusals, _text = strict_yaml.load_bytes(raw)  # JSON is YAML too
    except strict_yaml.StrictYamlError as exc:
        usage_error(f"{source} 第 {exc.refusal.line} 行：{exc.refusal.message}")
    if not isinstance(data, dict):
        usage_error(f"{source} 应是一组“字段名: 内容”（JSON 对象或 YAML 映射）。")
    return {str(k): v for k, v in data.items() if v is not None}


def _check_answers(answers: dict[str, Any], t: TypeSpec) -> None:
    fixed = [k for k in answers if k in FIXED]
    if fixed:
        usage_error(f"--answers 中不能写 {'、'.join(fixed)}：编号、类型和组织由程序填写。")
    unknown = [k for k in answers if k not in t.fields]
    if unknown:
        usage_error(f"{t.title}没有字段 {'、'.join(unknown)}。可以写的字段：{'、'.join(t.fields)}。")


def _find_type(spec: FormSpec, name: str) -> Optional[TypeSpec]:
    """By code, Chinese name or id code; else the one type whose Chinese name contains it."""
    found = spec.find_type(name)
    if found is None:
        partial = [t for t in spec.types if name.strip() and name.strip() in t.title]
        found = partial[0] if len(partial) == 1 else None
    return found


def _day_of(values: dict[str, Any], fallback: date) -> date:
    try:
        return date.fromisoformat(str(values.get("date", "")))
    except ValueError:
        return fallback


@click.command(context_settings=CONTEXT)
@click.argument("record_type", required=False, metavar="类型")
@repo_option
@click.option("--org", "org_name", default=None, metavar="组织",
              help="记录所属的组织：编号或名称，例如 liushu-village 或 柳树村党支部。")
@click.option("--date", "day", type=DATE, default=None, help="活动日期（YYYY-MM-DD），默认今天。")
@click.option("--member", "member_id", default=None, metavar="成员",
              help="为哪位班子成员的责任而记（填入 lead）：成员编号或姓名，例如 m-zhang-wei 或 张伟。")
@click.option("--responds-to", "responds_to", default=None, metavar="记录编号", help="回应的上级部署、事件或检查记录编号。")
@click.option("--answers", "answers_file", default=None, metavar="文件",
              type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              help="各字段的内容（JSON 或 YAML，- 表示从标准输入读）。内容与门户“填报”页所填相同时，"
              "写出的文件与填报页生成的一字不差。")
@click.option("--amend", "amend_id", default=None, metavar="记录编号", help="新建对这条记录的更正（带上原记录的内容，原记录保留）。")
@click.option("--list-types", is_flag=True, help="列出所有记录类型（中文名称、类型代码和编号中的缩写）。")
def new(
    record_type: Optional[str],
    repo: Path,
    org_name: Optional[str],
    day: Optional[date],
    member_id: Optional[str],
    responds_to: Optional[str],
    answers_file: Optional[Path],
    amend_id: Optional[str],
    list_types: bool,
) -> None:
    """按模板新建一条记录文件，已能确定的内容（路径、编号、在任成员）自动填好。

    类型可以写中文名称（专题研究会议）、类型代码（special_study）或编号缩写（zyyj）；
    组织可以写名称（柳树村党支部）或编号（liushu-village）。
    文件中带 "" 的地方需要填写，每个字段上方有中文说明。已存在的文件不会被覆盖。
    门户的“填报”页不用命令行也能生成同样的文件。

    \b
    例：
      ysxt new 专题研究会议 --org 柳树村党支部 --date 2026-03-12
      ysxt new supervision --org qingshan-village --member m-chen-fang
      ysxt new 传达学习 --org qingshan-village --responds-to 2026-town-sjbs-01
      ysxt new 专题研究会议 --org 柳树村党支部 --answers 填报内容.json
      ysxt new --amend 2025-qingshan-village-zyyj-01
      ysxt new --list-types

    退出码：0 已创建，1 文件已存在，2 用法错误。
    """
    root = require_repo(repo)
    base = SchemaSet.load()
    loaded = load_repository(root, base)
    schemas = loaded.schemas or base  # derived from the repository's vocabulary: its record types
    ds = loaded.dataset
    spec = record_form_spec(schemas, plans_on(ds.plans, day or date.today()))
    if not spec.types:
        usage_error(f"仓库没有可用的词汇表（{layout.VOCABULARIES}/），不知道有哪些记录类型。请先运行 ysxt check 改正。")
    if list_types:
        for t in spec.types:
            click.echo(f"{t.value:<28} {t.code:<11} {t.title}")
        return
    existing = {r.id for r in ds.records} | {p.rsplit("/", 1)[-1].removesuffix(".yaml") for p in loaded.paths}
    answers = _read_answers(answers_file) if answers_file is not None else None
    if amend_id is not None:
        original = ds.records_by_id.get(amend_id)
        if original is None:
            usage_error(f"找不到记录“{amend_id}”（或它有错误，请先运行 ysxt check）。")
        if original.amends is not None:
            usage_error(f"“{amend_id}”本身是更正记录；请更正它所更正的原记录“{original.amends.record}”。")
        spec = record_form_spec(schemas, plans_on(ds.plans, original.date))
        t = spec.type(original.type)
        if answers is None:
            values = record_values(original)
            values["amends"] = {"record": amend_id, "reason": ""}
        else:
            _check_answers(answers, t)
            values = answers
            values["amends"] = {**(values.get("amends") or {}), "record": amend_id}
        org = ds.organization(original.organization)
        when = _day_of(values, original.date)
        new_id = amendment_id(existing, amend_id)
        _write(root, layout.record_path(when.year, original.organization, new_id),
               _render(spec, t, new_id, original.organization, org, values, when))
        return
    found = _find_type(spec, record_type) if record_type else None
    if found is None:
        wrong = f"记录类型“{record_type}”不存在。" if record_type else "请写记录类型。"
        first = spec.types[0]
        usage_error(f"{wrong}可用的类型见 ysxt new --list-types，例如 {first.title}（{first.value}）。")
    t = found
    if org_name is None:
        usage_error("请用 --org 写组织名称或编号，例如 --org 柳树村党支部。")
    when = day or date.today()
    org = resolve_organization(ds, org_name, when)
    if answers is None:
        values = blank_values(spec, t, when.isoformat(), [m.member_id for m in org.holders_on(when)])
    else:
        _check_answers(answers, t)
        values = answers
        if day is not None or "date" not in values:
            values["date"] = when.isoformat()
        when = _day_of(values, when)
    if member_id:
        member_id = resolve_member(ds, member_id, when, org).id
        values["lead"] = member_id
        if answers is None and isinstance(values.get("participants"), list) and member_id not in values["participants"]:
            values["participants"].insert(0, member_id)
    if responds_to:
        values["responds_to"] = [responds_to]
    record_id = next_record_id(existing, when.year, org.id, t.code)
    _write(root, layout.record_path(when.year, org.id, record_id), _render(spec, t, record_id, org.id, org, values, when))


def _refuse_characters(spec: FormSpec, values: dict[str, Any]) -> None:
    """Stop, in ysxt check's words, before writing a value or key that check would refuse for a
    character of the one table (render_record would not write it either)."""
    found = control_char_problems("", values, spec.multiline)
    if found:
        lines = ["--answers 中有不允许的字符，没有创建文件："]
        for p in found:  # the pointer names keys of the answers: shown as a terminal can show them
            lines += [for_terminal(p.message), "提示：" + for_terminal(p.hint)]
        usage_error("\n".join(lines))


def _render(spec: FormSpec, t: TypeSpec, record_id: str, org_id: str, org: Optional[Organization],
            values: dict[str, Any], when: date) -> str:
    _refuse_characters(spec, values)
    in_office = org.holders_on(when) if org is not None else []
    roster = roster_line(str(values.get("date", when.isoformat())), ((m.member_id, m.name) for m in in_office))
    return render_record(spec, t, record_id, org_id, values, roster)


def _write(root: Path, rel: str, text: str) -> None:
    target = root / rel
    if target.exists():
        click.echo(f"错误：{rel} 已存在，没有覆盖。\n提示：请换一个编号，或直接编辑这个文件。", err=True)
        sys.exit(EXIT_FINDINGS)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    click.echo(rel)
    if FILL_BLANKS in text:
        click.echo("已创建。请填写带 \"\" 的地方，然后运行 ysxt check。", err=True)
    else:
        click.echo("已创建。请运行 ysxt check 检查，然后提交。", err=True)


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

    各组织的记录和证明材料由本组织维护人审核；程序、格式、方案、组织登记和流水线由领导机关（如镇党委）办公室审核。
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
        vocab = loaded.dataset.current_vocabulary
        text = codeowners.render(loaded.dataset.organizations, forge, loaded.dataset.top_kinds,
                                 vocab.leading_body if vocab is not None else LEADING_BODY_DEFAULT)
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
    for path in files:  # read in pieces: a scan of any size takes little memory
        click.echo(f"{sha256_of(str(path))}  {for_terminal(path.as_posix())}")
