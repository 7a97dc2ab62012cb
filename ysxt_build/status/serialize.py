"""``status.json``: the one computed result that the portal, CI and exports read.

Versioned (``format``/``version``) and described by ``schema/status.schema.json``. Dates are
ISO strings. Entries are sorted by organisation, member, obligation and period.
"""

from __future__ import annotations

from typing import Any, Collection, Iterable, Optional

from .. import __version__
from ..records.labels import Labels
from ..records.model import Dataset
from .model import STATUS_ZH, Entry, StatusReport, Summary

FORMAT = "ysxt-status"
VERSION = 1


def _d(value: Any) -> Optional[str]:
    return value.isoformat() if value is not None else None


def summary_json(entries: Iterable[Entry]) -> dict[str, Any]:
    s = Summary.of(entries)
    share = s.share_met
    return {
        "counts": s.counts,
        "late": s.late,
        "due_soon": s.counts.get("due_soon", 0),
        "share_met": round(share, 4) if share is not None else None,
    }


def entry_json(e: Entry) -> dict[str, Any]:
    return {
        "obligation": e.obligation,
        "plan": e.plan,
        "organization": e.organization,
        "member": e.member,
        "period": e.period,
        "period_start": _d(e.period_start),
        "period_end": _d(e.period_end),
        "trigger": e.trigger,
        "status": e.status,
        "status_zh": STATUS_ZH[e.status],
        "due": _d(e.due),
        "required": e.required,
        "done": e.done,
        "incomplete": e.incomplete,
        "completed_on": _d(e.completed_on),
        "records": list(e.records),
        "incomplete_records": list(e.incomplete_records),
        "note": e.note,
    }


def to_json(
    report: StatusReport, dataset: Dataset, labels: Labels, organizations: Optional[Collection[str]] = None
) -> dict[str, Any]:
    """status.json of ``report``; ``organizations``: the ones a selection (``--org``,
    ``--member``) is about, listed alone (all by default: others would show as all zeros)."""
    by_org: dict[str, list[Entry]] = {}
    by_member: dict[tuple[str, str], list[Entry]] = {}
    for e in report.entries:
        by_org.setdefault(e.organization, []).append(e)
        if e.member is not None:
            by_member.setdefault((e.organization, e.member), []).append(e)
    plans = sorted(dataset.plans, key=lambda p: p.effective_from)
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"ysxt {__version__}",
        "as_of": report.as_of.isoformat(),
        "plans": [
            {
                "id": p.id,
                "title": p.title,
                "document_no": p.document_no,
                "effective_from": _d(p.effective_from),
                "effective_to": _d(p.effective_to),
                "obligations": [
                    {
                        "id": o.id,
                        "clause": o.clause,
                        "title": o.title,
                        "kind": o.kind,
                        "level": o.subject.level,
                        "period": o.period,
                        "count": o.count,
                    }
                    for o in p.obligations
                ],
            }
            for p in plans
        ],
        "town": summary_json(report.entries),
        "organizations": [
            {
                "id": o.id,
                "name": o.name,
                "kind": o.kind,
                "kind_zh": labels.org_kinds.get(o.kind, o.kind),
                "parent": o.parent,
                "summary": summary_json(by_org.get(o.id, [])),
            }
            for o in dataset.organizations
            if organizations is None or o.id in organizations
        ],
        "members": [
            {
                "id": member,
                "organization": org,
                "name": _member_name(dataset, org, member),
                "summary": summary_json(entries),
            }
            for (org, member), entries in sorted(by_member.items())
        ],
        "entries": [entry_json(e) for e in report.entries],
    }


def _member_name(dataset: Dataset, org_id: str, member_id: str) -> str:
    org = dataset.organization(org_id)
    if org is not None:
        for term in org.terms:
            if term.member_id == member_id:
                return term.name
    return member_id
