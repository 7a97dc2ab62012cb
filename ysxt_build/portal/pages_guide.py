"""填报指南 (generated parts): a template per record type and the field reference, both read
from ``schema/*.json`` (the one source of truth: nothing here is copied by hand)."""

from __future__ import annotations

from typing import Any, Iterator

from ..records.schemas import FILE_KINDS, SchemaSet
from ..records.templates import required_for_type
from . import md, paths
from .escape import text, text_with_code

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


def _placeholder(node: dict[str, Any], name: str) -> str:
    """A value that the schema accepts where it can tell: an example, the first choice, the
    minimum, one item for a list that must not be empty; else the field's Chinese title."""
    examples = node.get("examples")
    if examples:
        return _yaml_scalar(examples[0])
    choices = _choices(node)
    if choices:
        return _yaml_scalar(choices[0][0])
    for alt in node.get("oneOf") or []:
        if "const" in alt:
            return _yaml_scalar(alt["const"])
    kind = node.get("type")
    if kind in ("integer", "number"):
        return str(node.get("minimum", 0))
    if kind == "array":
        items = node.get("items")
        if node.get("minItems", 0) >= 1 and isinstance(items, dict):
            return f"[{_placeholder(items, name)}]"
        return "[]"
    return _yaml_scalar(str(node.get("title", name)))


def _yaml_scalar(value: object) -> str:
    s = str(value)
    if s and all(ch.isalnum() or ch in "-_" for ch in s) and not s[0].isdigit():
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def template(schemas: SchemaSet, record_type: str) -> str:
    """A YAML skeleton for one record type, each line commented with the field's title."""
    props = schemas.resolve(schemas.documents["record"], "record")["properties"]
    lines: list[str] = []
    optional = ["participants", "topics", "summary", "evidence"]
    for name in required_for_type(schemas, record_type) + [o for o in optional]:
        if name not in props or any(line.startswith(f"{name}:") for line in lines):
            continue
        node = schemas.resolve(props[name], "record")
        title = str(node.get("title", name))
        if name == "type":
            value = record_type
        elif name == "evidence":
            lines.append(f"evidence:  # {title}")
            lines.append("  - title: 会议记录")
            lines.append("    archive: 党建档案2025-01号盒")
            continue
        elif node.get("type") == "object":
            lines.append(f"{name}:  # {title}")
            for sub_name in node.get("required", ()):
                sub = schemas.resolve(node["properties"][sub_name], "record")
                if sub.get("type") == "array" and isinstance(sub.get("items"), dict):
                    sub = {**sub, "items": schemas.resolve(sub["items"], "record")}
                lines.append(f"  {sub_name}: {_placeholder(sub, sub_name)}  # {sub.get('title', sub_name)}")
            continue
        elif node.get("type") == "array":
            item = schemas.resolve(node.get("items", {}), "record")
            value = _placeholder({**node, "items": item, "minItems": 1}, name)
        else:
            value = _placeholder(node, name)
        mark = "" if name in required_for_type(schemas, record_type) else "（可不写）"
        lines.append(f"{name}: {value}  # {title}{mark}")
    return "\n".join(lines) + "\n"


def templates(schemas: SchemaSet) -> str:
    page = paths.TEMPLATES
    blocks = [
        "# 记录模板 { #top }",
        "复制对应类型的模板，改成实际内容，保存为 <code>records/activities/年份/组织编号/记录编号.yaml</code>。"
        f"带“可不写”的行可以删掉。各字段的含义见[字段参考]({paths.link(page, paths.FIELDS)})，"
        f"提交步骤见[填报指南]({paths.link(page, paths.GUIDE)})。本页由格式定义自动生成。",
    ]
    for choice in schemas.choices("record", "type"):
        blocks.append(md.heading(2, f"{text(choice.title)}（<code>{text(choice.value)}</code>）", f"t-{choice.value.replace('_', '-')}"))
        if choice.description:
            blocks.append(text_with_code(choice.description))
        body = template(schemas, choice.value)
        fence = "````" if "```" in body else "```"
        blocks.append(f"{fence} yaml\n{body}{fence}")
    return md.page(*blocks)
