"""The records as known on ``as_of``, indexed for the duties' rules.

Records dated after ``as_of`` are left out, and an amendment stands in for the record it
corrects. Lookups: by (organisation, type) in order of the day a record counts on
(:func:`counts_on`), by type in date order, by id, responses by (organisation, trigger), and
the approvals linked to an event (:meth:`RecordIndex.linked_approvals`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date
from functools import cached_property
from typing import Iterable, Optional, Sequence

from ..records.model import Record, plain_title
from ..records.periods import Cycle, Period


def counts_on(r: Record, cycles: Sequence[Cycle] = ()) -> date:
    """The day a record counts on: its date, or the end of the earlier period it is for
    (``cycles``: the vocabularies' own kinds of period, for a label such as ``2025S1``)."""
    if r.period is not None:
        end = Period.parse(r.period, cycles).end
        if end < r.date:
            return end
    return r.date


def target_block(r: Record) -> Optional[dict[str, object]]:
    """The block of a record about another organisation (an inspection, an assessment or an
    accountability case, whatever the record's type), if it has one."""
    for _, block in r.extra:
        if isinstance(block, dict) and "target" in block:
            return block
    return None


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

    def __init__(self, records: Iterable[Record], as_of: date, cycles: Sequence[Cycle] = ()) -> None:
        visible = [r for r in records if r.date <= as_of]
        self.cycles = tuple(cycles)
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
        cycles = self.cycles
        for key, items in by_key.items():
            items.sort(key=lambda r: (counts_on(r, cycles), r.id))
            self.by_key[key] = ([counts_on(r, cycles) for r in items], items)
        for items in self.by_type.values():
            items.sort(key=lambda r: (r.date, r.id))

    @cached_property
    def _naming_events(self) -> list[tuple[Record, str]]:
        """(approval, the event it names, as plain text) for every approval naming its event."""
        return [
            (r, r.approval.event)
            for records in self.by_type.values()
            for r in records
            if r.approval is not None and r.approval.event
        ]

    def linked_approvals(self, event: Record) -> list[Record]:
        """The records with an approval linked to ``event``: the one it names
        (``lecture.approval``, or that record's amendment), and those that name it
        (``approval.event``: its id or its title)."""
        found: list[Record] = []
        ref = event.lecture.approval if event.lecture is not None else None
        if ref is not None:
            named = self.by_id.get(ref)
            if named is not None and named.approval is not None:
                found.append(named)
        title = plain_title(event.title)
        for r, named_event in self._naming_events:
            if any(r is f for f in found):
                continue
            if named_event == event.id:
                found.append(r)
                continue
            plain = plain_title(named_event)
            if plain and title and (plain in title or title in plain):
                found.append(r)
        return found

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
            found.sort(key=lambda r: (counts_on(r, self.cycles), r.id))
        return found
