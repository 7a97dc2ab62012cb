"""The files' text: an organisation's YAML, a record's YAML, and an evidence file's content.

Written in the order and layout a clerk would write them, with the schema comment editors
use; every value goes through :mod:`.yaml_text` for its quoting.
"""

from __future__ import annotations

from typing import Optional

from .days import iso
from .model import TOWN_ID, Org, Rec
from .naming import title
from .yaml_text import Fields, block, flow, item, keys, raw_flow, scalar

_ORG_SCHEMA = "# yaml-language-server: $schema=../../schema/organization.schema.json"
_RECORD_SCHEMA = "# yaml-language-server: $schema=../../../../schema/record.schema.json"


def _date(day: Optional[int]) -> Optional[str]:
    """A date, quoted (so YAML keeps it a string); None stays None."""
    return None if day is None else f'"{iso(day)}"'


def organization_text(org: Org, reviewed_as_list: bool) -> str:
    """``records/organizations/ID.yaml``; ``positions_reviewed`` as a list of dates if the
    schema wants one, else the last date."""
    account = "xx-town-office" if org.kind == "town_committee" else f"{org.id}-clerk"
    out = [_ORG_SCHEMA]
    out += keys([
        ("id", org.id),
        ("name", scalar(org.name)),
        ("kind", org.kind),
        ("category", org.category),
        ("parent", org.parent),
        ("founded", _date(org.founded)),
        ("dissolved", _date(org.dissolved)),
        ("maintainers", raw_flow([account])),
    ])
    out.append("members:")
    for t in org.terms:
        out += item([
            ("id", t.member_id),
            ("name", t.name),
            ("role", t.role),
            ("portfolio", scalar(t.portfolio)),
            ("from", _date(t.start)),
            ("to", _date(t.end)),
        ])
    if reviewed_as_list:
        out.append("positions_reviewed: " + raw_flow(f'"{iso(d)}"' for d in org.reviewed))
    else:
        out.append(f"positions_reviewed: {_date(org.reviewed[-1])}")
    out.append("positions:")
    for p in org.positions:
        out += item([("id", p.id), ("name", scalar(p.name)), ("kind", p.kind), ("manager", p.manager),
                     ("since", _date(p.since))])
    if org.watch is not None:
        out.append("mechanisms:")
        out += block("public_opinion_watch", [
            ("established", _date(org.watch)),
            ("document", scalar("《" + org.short + "网络舆情监测应对工作制度》")),
        ], indent="  ")
    return "\n".join(out) + "\n"


def record_text(rec: Rec, evidence_file: Optional[tuple[str, str]]) -> str:
    """``records/activities/YEAR/ORG/ID.yaml``; ``evidence_file`` is (path, sha256) if the
    record carries a file, which takes the place of its first archive reference."""
    out = [_RECORD_SCHEMA]
    out += keys([
        ("id", rec.id),
        ("type", rec.type),
        ("organization", rec.org.id),
        ("date", _date(rec.day)),
        ("title", scalar(title(rec))),
        ("lead", rec.lead),
        ("participants", raw_flow(rec.participants) if rec.participants else None),
        ("attendance", rec.attendance),
        ("topics", flow(rec.topics) if rec.topics else None),
        ("summary", scalar(rec.summary)),
    ])
    out += _evidence(rec, evidence_file)
    if rec.responds_to:
        out.append("responds_to: " + raw_flow(r.id for r in rec.responds_to))
    for key, fields in _blocks(rec):
        out += block(key, fields)
    return "\n".join(out) + "\n"


def _evidence(rec: Rec, evidence_file: Optional[tuple[str, str]]) -> list[str]:
    archived = rec.evidence
    lines: list[str] = []
    if evidence_file:
        path, sha256 = evidence_file
        first = archived[0][0] if archived else "工作记录"
        lines += item([("title", scalar(first)), ("file", path), ("sha256", sha256)])
        archived = archived[1:]
    for name, archive in archived:
        lines += item([("title", scalar(name)), ("archive", scalar(archive))])
    return ["evidence:"] + lines if lines else []


def _blocks(rec: Rec) -> list[tuple[str, Fields]]:
    """The record's nested blocks, those it has, in the order they are written."""
    blocks: list[tuple[str, Fields]] = []
    if rec.report is not None:
        submitted_on, document_no = rec.report
        blocks.append(("report", [
            ("submitted_to", TOWN_ID),
            ("submitted_on", _date(submitted_on)),
            ("document_no", scalar(document_no) if document_no else None),
        ]))
    if rec.directive is not None:
        d = rec.directive
        blocks.append(("directive", [
            ("issuer", scalar(d.issuer)),
            ("document_no", scalar(d.document_no)),
            ("applies_to", "all" if d.applies_to is None else raw_flow(d.applies_to)),
            ("deadline_days", d.deadline_days),
        ]))
    if rec.incident is not None:
        blocks.append(("incident", [("category", rec.incident[0]), ("level", rec.incident[1])]))
    if rec.type == "lecture" and rec.lecture is not None:
        form, speaker, approval = rec.lecture
        blocks.append(("lecture", [
            ("form", form),
            ("speaker", scalar(speaker)),
            ("approval", approval.id if approval is not None else None),
        ]))
    if rec.approval is not None:
        blocks.append(("approval", [("approver", scalar(rec.approval[0])), ("result", rec.approval[1])]))
    return blocks


def evidence_bytes(rec: Rec) -> bytes:
    """The content of a record's evidence file: a plain-text stand-in for the scanned paper."""
    text = (
        f"{title(rec)}\n"
        f"{rec.org.name}  {iso(rec.day)}\n\n"
        f"{rec.summary}\n\n"
        "（证明材料的文字版，合成数据，仅供测试。）\n"
    )
    return text.encode("utf-8")
