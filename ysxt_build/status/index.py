"""The records as known on ``as_of``, indexed for the duties' rules.

Records dated after ``as_of`` are left out, and an amendment stands in for the record it
corrects. Lookups: by (organisation, type) in order of the day a record counts on
(:func:`counts_on`), by type in date order, by id, and responses by (organisation, trigger).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date
from typing import Iterable, Optional

from ..records.model import Record
from ..records.periods import Period


def counts_on(r: Record) -> date:
    """The day a record counts on: its date, or the end of the earlier period it is for."""
    if r.period is not None:
        end = Period.parse(r.period).end
        if end < r.date:
            return end
    return r.date


def by_member(r: Record, member: Optional[str], by: str) -> bool:
    """Whether the record counts for ``member`` (None: the organisation itself): ``by`` "lead"
    takes only the lead, anything else the lead or a participant."""
    if member is None:
        return True
    if by == "lead":
        return r.lead == member
    return member in r.participants or r.lead == member


class RecordIndex:
    """Records visible on ``as_of``, by (organisation, type) in order of the day they count
    on (see :func:`counts_on`), and responses by (organisation, trigger)."""

    def __init__(self, records: Iterable[Record], as_of: date) -> None:
        visible = [r for r in records if r.date <= as_of]
        # an amendment stands in for the record it corrects; the original stays in the repo,
        # and whatever named the original (a response, a lecture's approval) now names it
        replaced_by = {r.amends.record: r.id for r in visible if r.amends is not None}
        self.superseded = set(replaced_by)

        def standing(record_id: str) -> str:
            seen = {record_id}
            while record_id in replaced_by and replaced_by[record_id] not in seen:
                record_id = replaced_by[record_id]
                seen.add(record_id)
            return record_id

        by_key: dict[tuple[str, str], list[Record]] = defaultdict(list)
        self.responses: dict[tuple[str, str], list[Record]] = defaultdict(list)
        self.by_id: dict[str, Record] = {}
        self.by_type: dict[str, list[Record]] = defaultdict(list)
        for r in visible:
            if r.id in self.superseded:
                continue
            by_key[(r.organization, r.type)].append(r)
            self.by_type[r.type].append(r)
            self.by_id.setdefault(r.id, r)
            for target in r.responds_to:
                self.responses[(r.organization, standing(target))].append(r)
        for original in self.superseded:
            current = self.by_id.get(standing(original))
            if current is not None:
                self.by_id[original] = current
        self.by_key: dict[tuple[str, str], tuple[list[date], list[Record]]] = {}
        for key, items in by_key.items():
            items.sort(key=lambda r: (counts_on(r), r.id))
            self.by_key[key] = ([counts_on(r) for r in items], items)
        for items in self.by_type.values():
            items.sort(key=lambda r: (r.date, r.id))

    def between(self, org_id: str, types: tuple[str, ...], first: date, last: date) -> list[Record]:
        """The organisation's records of ``types`` that count on a day in [first, last], in order."""
        found: list[Record] = []
        for t in types:
            entry = self.by_key.get((org_id, t))
            if entry is None:
                continue
            dates, items = entry
            found.extend(items[bisect_left(dates, first) : bisect_right(dates, last)])
        if len(types) > 1:
            found.sort(key=lambda r: (counts_on(r), r.id))
        return found
