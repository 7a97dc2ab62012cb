"""The computed result: one status per subject, obligation and period, with summaries.

Statuses (see DOMAIN.md, "Status of one obligation"):

=================  ==========  ==============================================
status             中文         meaning
=================  ==========  ==============================================
not_applicable     不适用       subject did not exist / hold the role enough
met                已完成       enough qualifying, complete records in time
met_late           逾期完成     met, but the last one needed came after due
open               进行中       not yet met, not yet due
due_soon           即将到期     not yet met, due within the warning window
overdue            已逾期       not met, past due, something was recorded
missing            未开展       not met, past due (or condition false), nothing recorded
incomplete         不完整       records exist but lack what is required
by_inspection      待检查评定   judged obligation: evidence shown, settled by inspection
=================  ==========  ==============================================
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

STATUSES = (
    "overdue",
    "missing",
    "incomplete",
    "due_soon",
    "open",
    "met_late",
    "met",
    "by_inspection",
    "not_applicable",
)
STATUS_ZH = {
    "not_applicable": "不适用",
    "met": "已完成",
    "met_late": "逾期完成",
    "open": "进行中",
    "due_soon": "即将到期",
    "overdue": "已逾期",
    "missing": "未开展",
    "incomplete": "不完整",
    "by_inspection": "待检查评定",
}
STATUS_ICON = {
    "not_applicable": "—",
    "met": "✔",
    "met_late": "✔",
    "open": "○",
    "due_soon": "◔",
    "overdue": "✖",
    "missing": "✖",
    "incomplete": "◐",
    "by_inspection": "◇",
}
LATE = frozenset({"overdue", "missing", "incomplete"})  # past due and not done: needs action
DONE = frozenset({"met", "met_late"})
DECIDED = DONE | LATE


@dataclass(frozen=True)
class Entry:
    """The status of one obligation, for one subject, in one period (or one trigger)."""

    obligation: str
    plan: str
    organization: str
    period: str  # label, e.g. 2025H1
    period_start: date
    period_end: date
    status: str
    member: Optional[str] = None  # set for member-level obligations
    due: Optional[date] = None
    required: int = 0
    done: int = 0
    incomplete: int = 0
    completed_on: Optional[date] = None
    records: tuple[str, ...] = ()  # the records that count
    incomplete_records: tuple[str, ...] = ()
    trigger: Optional[str] = None  # the record that started a triggered obligation
    note: str = ""  # Chinese: what is missing and by when, or why not applicable

    @property
    def subject(self) -> str:
        return self.member or self.organization


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> "Summary":
        counter = Counter(e.status for e in entries)
        return cls({s: counter.get(s, 0) for s in STATUSES})

    @property
    def late(self) -> int:
        return sum(self.counts.get(s, 0) for s in LATE)

    @property
    def done(self) -> int:
        return sum(self.counts.get(s, 0) for s in DONE)

    @property
    def decided(self) -> int:
        return sum(self.counts.get(s, 0) for s in DECIDED)

    @property
    def share_met(self) -> Optional[float]:
        """Share of due obligations that were met (met or met late); None when none are due."""
        return self.done / self.decided if self.decided else None


@dataclass(frozen=True)
class StatusReport:
    as_of: date
    entries: tuple[Entry, ...]

    def for_organization(self, org_id: str) -> list[Entry]:
        return [e for e in self.entries if e.organization == org_id]

    def for_member(self, member_id: str) -> list[Entry]:
        return [e for e in self.entries if e.member == member_id]
