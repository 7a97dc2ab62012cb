"""填报指南 (generated parts): a template per record type and the field reference, both read
from ``schema/*.json`` (the one source of truth: nothing here is copied by hand). The templates
are written by the one record writer (:func:`~ysxt_build.records.templates.render_record`)
that ``ysxt new`` and the 填报 page use."""

from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from ..records.form_spec import FormSpec, TypeSpec
from ..records.schemas import FILE_KINDS, SchemaSet
from ..records.templates import blank_values, render_record
from . import md, paths
from .context import SiteContext
from .escape import text, text_with_code
from .pages_form import form_spec

# The order of the sections; any other file kind the schemas define follows.
ORDER = ("record", "organization", "plan")


# -- walking a schema -----------------------------------------------------------------------


def _choices(node: dict[str, Any]) -> list[tuple[str, str]]:
    alts = node.get("oneOf") or []
    if alts and all("const" in a for a in alts):
        return [(str(a["const"]), str(a.get("title", a["const"]))) for a in alts]
    if "enum" in node:
        return [(str(v), str(v)) for v in node["enum"]]
    return []


def _type_text(node: dict[str, Any]) -> str:
    t = node.get("type")
    if node.get("format") == "date" or node.get("pattern") == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$":
        return "日期"
    names = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "是/否（true/false）", "array": "列表", "object": "分项"}
    if isinstance(t, str):
        return names.get(t, t)
    alts = node.get("oneOf") or []
    if alts:
        return "或".join(sorted({names.get(str(a.get("type")), "") or "固定值" for a in alts}))
    return ""


def fields(schemas: SchemaSet, kind: str) -> Iterator[tuple[str, dict[str, Any], bool, int]]:
    """(dotted path, resolved schema, required, depth) for every field, depth first."""
    root = schemas.resolve(schemas.documents[kind], kind)

    def walk(node: dict[str, Any], prefix: str, depth: int) -> Iterator[tuple[str, dict[str, Any], bool, int]]:
        required = set(node.get("required", ()))
        for name, sub in node.get("properties", {}).items():
            resolved = schemas.resolve(sub, kind)
            path = f"{prefix}{name}"
            yield path, resolved, name in required, depth
            if resolved.get("type") == "object":
                yield from walk(resolved, path + ".", depth + 1)
            items = resolved.get("items")
            if resolved.get("type") == "array" and isinstance(items, dict):
                item = schemas.resolve(items, kind)
                if item.get("type") == "object":
                    yield from walk(item, path + "[].", depth + 1)

    yield from walk(root, "", 0)


def _field_rows(schemas: SchemaSet, kind: str) -> list[list[str]]:
    rows = []
    for path, sub, required, _depth in fields(schemas, kind):
        choices = _choices(sub)
        desc = text_with_code(str(sub.get("description", "")))
        if choices:
            desc += ("<br>" if desc else "") + "可选：" + "；".join(f"<code>{text(v)}</code> {text(t)}" for v, t in choices)
        examples = sub.get("examples")
        if examples:
            desc += ("<br>" if desc else "") + "例：" + "、".join(f"<code>{text(e)}</code>" for e in examples)
        rows.append([f"<code>{text(path)}</code>", text(sub.get("title", "")), "必填" if required else "", text(_type_text(sub)), desc])
    return rows


def _hints(schemas: SchemaSet, kind: str) -> list[str]:
    return [str(rule["x-hint"]) for rule in schemas.documents[kind].get("allOf", ()) if "x-hint" in rule]


def field_reference(schemas: SchemaSet) -> str:
    page = paths.FIELDS
    blocks = [
        "# 字段参考 { #top }",
        "每种文件可以写哪些字段、什么意思、可选哪些值。本页由 <code>schema/</code> 中的格式定义自动生成，"
        "与 <code>ysxt check</code> 的检查完全一致。"
        f"填写示例见[记录模板]({paths.link(page, paths.TEMPLATES)})。",
    ]
    headers = ["字段", "名称", "必填", "类型", "说明"]
    kinds = [k for k in ORDER if k in FILE_KINDS] + [k for k in FILE_KINDS if k not in ORDER]
    for kind in kinds:
        doc = schemas.documents[kind]
        blocks.append(md.heading(2, text(doc.get("title", kind)), f"k-{kind}"))
        blocks.append(text_with_code(str(doc.get("description", ""))))
        blocks.append(md.table(headers, _field_rows(schemas, kind)))
        hints = _hints(schemas, kind)
        if hints:
            blocks.append("其他规则：\n\n" + md.bullets(text_with_code(h) for h in hints))
    return md.page(*blocks)


# -- templates ------------------------------------------------------------------------------

SAMPLE_ORG = "组织编号"  # the template's organisation: a clerk writes her own (ysxt new and 填报 do)


def template(spec: FormSpec, record_type: TypeSpec, day: date) -> str:
    """The file ``ysxt new`` writes for ``record_type`` before anything is filled in, for an
    organisation :data:`SAMPLE_ORG` on ``day``: the same writer (:func:`render_record`, whose
    twin the 填报 page runs) and the same blanks (:func:`blank_values`), without the members in
    office, which only an organisation has."""
    record_id = f"{day.year}-{SAMPLE_ORG}-{record_type.code}-01"
    return render_record(spec, record_type, record_id, SAMPLE_ORG, blank_values(spec, record_type, day.isoformat(), []))


def templates(ctx: SiteContext) -> str:
    page = paths.TEMPLATES
    spec = form_spec(ctx)
    blocks = [
        "# 记录模板 { #top }",
        "每种记录文件的样子：与 <code>ysxt new</code> 和“填报”页写出的文件相同（它们还会填好记录编号、组织和在任的班子成员）。"
        "复制对应类型的模板，把“组织编号”换成本组织的编号，填写所有空着的 <code>\"\"</code>，不用的可选字段整行删除，"
        "保存为 <code>records/activities/年份/组织编号/记录编号.yaml</code>。"
        f"各字段的含义见[字段参考]({paths.link(page, paths.FIELDS)})，"
        f"提交步骤见[填报指南]({paths.link(page, paths.GUIDE)})。本页由格式定义和实施方案自动生成。",
    ]
    for t in spec.types:
        blocks.append(md.heading(2, f"{text(t.title)}（<code>{text(t.value)}</code>）", paths.type_anchor(t.value)))
        if t.description:
            blocks.append(text_with_code(t.description))
        body = template(spec, t, ctx.as_of)
        fence = "````" if "```" in body else "```"
        blocks.append(f"{fence} yaml\n{body}{fence}")
    return md.page(*blocks)
