"""``status.json`` read back into typed objects: what the portal knows about statuses.

The portal takes the computed result in its published form (``ysxt_build.status.serialize``,
described by ``schema/status.schema.json``), so that it shows exactly what ``ysxt status
--format json`` gives to everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Optional

from .. import __version__
from ..records.labels import Labels
from ..records.model import Dataset
from ..status.model import STATUS_ZH, Entry, StatusReport
from ..status.serialize import FORMAT, VERSION, summary_json


class StatusFormatError(ValueError):
    """The data is not a status.json this portal can read."""


def _date(value: Any) -> Optional[date]:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class StatusEntry:
    obligation: str
    plan: str
    organization: str
    member: Optional[str]
    period: str
    period_start: date
    period_end: date
    trigger: Optional[str]
    status: str
    status_zh: str
    due: Optional[date]
    required: int
    done: int
    incomplete: int
    completed_on: Optional[date]
    records: tuple[str, ...]
    incomplete_records: tuple[str, ...]
    note: str

    @classmethod
    def from_entry(cls, e: Entry) -> "StatusEntry":
        """The engine's entry as status.json publishes it (see :meth:`StatusData.from_report`)."""
        return cls(
            obligation=e.obligation,
            plan=e.plan,
            organization=e.organization,
            member=e.member,
            period=e.period,
            period_start=e.period_start,
            period_end=e.period_end,
            trigger=e.trigger,
            status=e.status,
            status_zh=STATUS_ZH[e.status],
            due=e.due,
            required=e.required,
            done=e.done,
            incomplete=e.incomplete,
            completed_on=e.completed_on,
            records=tuple(e.records),
            incomplete_records=tuple(e.incomplete_records),
            note=e.note,
        )

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "StatusEntry":
        start = _date(d["period_start"])
        end = _date(d["period_end"])
        assert start is not None and end is not None
        return cls(
            obligation=d["obligation"],
            plan=d["plan"],
            organization=d["organization"],
            member=d.get("member"),
            period=d["period"],
            period_start=start,
            period_end=end,
            trigger=d.get("trigger"),
            status=d["status"],
            status_zh=d["status_zh"],
            due=_date(d.get("due")),
            required=int(d.get("required", 0)),
            done=int(d.get("done", 0)),
            incomplete=int(d.get("incomplete", 0)),
            completed_on=_date(d.get("completed_on")),
            records=tuple(d.get("records", ())),
            incomplete_records=tuple(d.get("incomplete_records", ())),
            note=d.get("note", ""),
        )


@dataclass(frozen=True)
class SummaryData:
    counts: dict[str, int]
    late: int
    due_soon: int
    share_met: Optional[float]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "SummaryData":
        share = d.get("share_met")
        return cls(
            counts={str(k): int(v) for k, v in d.get("counts", {}).items()},
            late=int(d.get("late", 0)),
            due_soon=int(d.get("due_soon", 0)),
            share_met=float(share) if share is not None else None,
        )


@dataclass(frozen=True)
class StatusData:
    as_of: date
    generator: str
    town: SummaryData
    org_summaries: dict[str, SummaryData]
    entries: tuple[StatusEntry, ...]

    @classmethod
    def from_report(cls, report: StatusReport, dataset: Dataset, labels: Labels) -> "StatusData":
        """``from_json(to_json(report, dataset, labels))`` without writing every entry out as
        a dictionary and reading it back (a county has hundreds of thousands): the entries
        are converted directly, the summaries through status.json's own functions. The tests
        keep the two routes equal."""
        by_org: dict[str, list[Entry]] = {}
        for e in report.entries:
            by_org.setdefault(e.organization, []).append(e)
        return cls(
            as_of=report.as_of,
            generator=f"ysxt {__version__}",
            town=SummaryData.from_json(summary_json(report.entries)),
            org_summaries={o.id: SummaryData.from_json(summary_json(by_org.get(o.id, []))) for o in dataset.organizations},
            entries=tuple(StatusEntry.from_entry(e) for e in report.entries),
        )

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "StatusData":
        if d.get("format") != FORMAT or d.get("version") != VERSION:
            raise StatusFormatError(
                f"不认识的状态数据格式 {d.get('format')!r} 版本 {d.get('version')!r}"
                f"（门户读取 {FORMAT} 版本 {VERSION}）"
            )
        as_of = _date(d["as_of"])
        assert as_of is not None
        return cls(
            as_of=as_of,
            generator=str(d.get("generator", "")),
            town=SummaryData.from_json(d["town"]),
            org_summaries={o["id"]: SummaryData.from_json(o["summary"]) for o in d.get("organizations", ())},
            entries=tuple(StatusEntry.from_json(e) for e in d.get("entries", ())),
        )
