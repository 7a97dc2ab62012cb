"""Templates for new records, generated from the record schema and the plan.

What a template contains comes from the schemas (field titles and descriptions become
Chinese comments) and from the plan (a field the plan's obligations look at, such as
``lead`` for a supervision or ``report`` for a self-inspection, is filled in as a blank to
complete). Blanks are empty strings, so ``ysxt check`` fails on them with a clear message
until they are filled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Optional

from .model import Organization, Plan
from .schemas import SchemaSet

MODELINE = "# yaml-language-server: $schema=../../../../schema/record.schema.json"


@dataclass(frozen=True)
class TemplateRequest:
    record_type: str
    organization: Organization
    day: date
    record_id: str
    member: Optional[str] = None  # the member whose duty this record serves (lead)
    responds_to: Optional[str] = None


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str) -> str:
    return "# " + " ".join(text.split())


class TemplateWriter:
    def __init__(self, schemas: SchemaSet, plans: Iterable[Plan]) -> None:
        self.schemas = schemas
        self.plans = list(plans)

    def _field(self, *path: str) -> dict[str, Any]:
        return self.schemas.property_schema("record", *path) or {}

    def _help(self, *path: str) -> str:
        node = self._field(*path)
        title, desc = node.get("title", ""), node.get("description", "")
        return _comment(f"{title}：{desc}" if desc else title)

    def _plan_needs(self, record_type: str) -> tuple[bool, bool, bool]:
        """(needs lead, needs participants, needs a written report) for this type."""
        lead = participants = report = False
        for plan in self.plans:
            for ob in plan.obligations:
                for q in (ob.qualifies, ob.response):
                    if q is None or record_type not in q.types:
                        continue
                    if ob.subject.level == "member":
                        lead = lead or q.by == "lead"
                        participants = participants or q.by in ("participant", "any")
                    if ob.report_to is not None and q is ob.qualifies:
                        report = True
        return lead, participants, report

    def _hint(self, node: dict[str, Any], key: str, path: tuple[str, ...]) -> str:
        hint = str(node.get("title", key))
        choices = self.schemas.choices("record", *path) or self.schemas.choices("record", *path, "[]")
        if choices:
            hint += "，可选：" + "、".join(f"{c.value}（{c.title}）" for c in choices)
        elif node.get("description"):
            hint += "：" + str(node["description"])
        return _comment(hint)

    def _block_lines(self, block: str, node: dict[str, Any]) -> list[str]:
        """Every field of a type's block: required ones blank, optional ones commented out."""
        out: list[str] = []
        required = set(node.get("required", ()))
        for key in node.get("properties", {}):
            sub = self._field(block, key)
            out.append("  " + self._hint(sub, key, (block, key)))
            items = self.schemas.resolve(sub.get("items", {}), "record") if sub.get("type") == "array" else {}
            if items.get("type") == "object":
                lead = "  " if key in required else "  # "
                out.append(f"{lead}{key}:")
                first = True
                for item_key in items.get("required", ()):
                    out.append(f"{lead}  {'- ' if first else '  '}{item_key}: {_blank(self._field(block, key, '[]', item_key))}")
                    first = False
            else:
                out.append(f"  {'' if key in required else '# '}{key}: {_blank(sub)}")
        return out

    def render(self, req: TemplateRequest) -> str:
        t = req.record_type
        org = req.organization
        type_choice = next(c for c in self.schemas.choices("record", "type") if c.value == t)
        in_office = org.holders_on(req.day)
        roster = "、".join(f"{m.member_id}（{m.name}）" for m in in_office) or "（该日没有在任的班子成员）"
        needs_lead, needs_participants, needs_report = self._plan_needs(t)
        lines = [
            MODELINE,
            _comment(f"{type_choice.title}：{type_choice.description}"),
            "# 填写所有空着的 \"\"，不用的可选字段整行删除；保存后运行 ysxt check。",
            "# 不得写群众的身份证号、电话号码或网民姓名。",
            f"id: {req.record_id}",
            f"type: {t}",
            f"organization: {org.id}",
            self._help("date"),
            f"date: {_scalar(req.day.isoformat())}",
            self._help("title"),
            'title: ""',
        ]
        lines.append(_comment(f"本组织 {req.day.isoformat()} 在任的班子成员：{roster}"))
        required = required_for_type(self.schemas, t)
        if needs_lead or req.member or "lead" in required:
            lines += [self._help("lead"), f"lead: {_scalar(req.member or '')}"]
        else:
            lines += [self._help("lead"), f"# lead: {in_office[0].member_id if in_office else ''}"]
        members = [m.member_id for m in in_office]
        if req.member and req.member not in members:
            members.insert(0, req.member)
        lines += [self._help("participants"), f"participants: [{', '.join(members)}]"]
        if not needs_participants and _has_block(self.schemas, t):
            lines[-1] = "# " + lines[-1]
        lines += [self._help("attendance"), "# attendance: 0"]
        lines += [self._help("topics"), "topics: [意识形态工作]"]
        lines += [self._help("summary"), 'summary: ""']
        if "responds_to" in required or req.responds_to:
            lines += [self._help("responds_to"), f"responds_to: [{req.responds_to or _scalar('')}]"]
        if needs_report or "report" in required:
            lines += [self._help("report"), "report:", "  submitted_to: town", '  submitted_on: ""']
        for block in required_for_type(self.schemas, t):
            node = self._field(block)
            if node.get("type") != "object" or block == "report":
                continue
            lines += [self._help(block), f"{block}:"]
            lines += self._block_lines(block, node)
        lines += [
            self._help("evidence"),
            "evidence:",
            "  - title: 会议记录",
            '    archive: ""',
            "  # 仓库中的文件这样写（校验值用 ysxt hash 文件 得到）：",
            "  # - title: 会议记录扫描件",
            f"  #   file: records/evidence/{req.day.year}/{org.id}/文件名.pdf",
            "  #   sha256: 64位校验值",
        ]
        return "\n".join(lines) + "\n"


def required_for_type(schemas: SchemaSet, record_type: str) -> list[str]:
    """Top-level fields a record of this type must have: the schema's ``required`` plus the
    ``then.required`` of every ``allOf`` rule whose ``if`` matches the type."""
    doc = schemas.documents["record"]
    needed = list(doc.get("required", ()))
    for rule in doc.get("allOf", ()):
        cond = rule.get("if", {}).get("properties", {}).get("type", {})
        values = [cond["const"]] if "const" in cond else list(cond.get("enum", ()))
        if record_type in values:
            for name in rule.get("then", {}).get("required", ()):
                if name not in needed:
                    needed.append(name)
    return needed


def _has_block(schemas: SchemaSet, record_type: str) -> bool:
    props = schemas.documents["record"]["properties"]
    return any(props.get(n, {}).get("type") == "object" for n in required_for_type(schemas, record_type))


def _blank(node: dict[str, Any]) -> str:
    """An empty value of the field's type: the check then asks for it to be filled."""
    kind = node.get("type")
    if kind in ("integer", "number"):
        return "0"
    if kind == "array":
        return '[""]' if node.get("minItems", 0) >= 1 else "[]"
    if "oneOf" in node and all("const" in alt and isinstance(alt["const"], str) for alt in node["oneOf"]):
        return '""'
    return '""'


def next_record_id(existing: Iterable[str], year: int, org_id: str, record_type: str) -> str:
    """``2026-qingshan-village-special-study-03``: the first free sequence number."""
    prefix = f"{year}-{org_id}-{record_type.replace('_', '-')}-"
    taken = {x for x in existing if x.startswith(prefix)}
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def amendment_text(original: str, original_id: str, new_id: str) -> str:
    """A copy of the original record's text as an amendment: new id, and an ``amends`` block
    to complete with the reason. The caller writes it to a new file; the original stays."""
    out: list[str] = []
    done = False
    for line in original.splitlines():
        if not done and line.startswith("id:"):
            out += [
                f"id: {new_id}",
                "# 更正说明：写明更正原因；下面其他字段改成更正后的内容。原记录保留不动。",
                "amends:",
                f"  record: {original_id}",
                '  reason: ""',
            ]
            done = True
            continue
        if line.startswith("amends:"):
            raise ValueError("already an amendment")
        out.append(line)
    return "\n".join(out) + "\n"
