"""What each organisation's generated files are made from, as one digest per organisation.

``ysxt build`` makes an organisation's page, its calendar (.ics) and its 填报 data files again
only when this digest differs from the one of the build that wrote them (see
``build.generate``); otherwise the files it wrote then stay. So the digest must cover
everything those files show (:func:`org_digests`):

- shared by every organisation (:func:`_shared`): a random key of this machine (so that a
  record of digests committed to the repository, or made elsewhere, matches nothing), the code
  of ysxt (every module), the as-of
  date, the portal's settings, the labels and schemas, the plans, the vocabularies' cycles,
  the whole registry (every organisation, its parent and children, its members' names, in the
  registry's order), the half-years of the charts, and the records any organisation may answer
  in the 填报 form;
- particular to one organisation (:func:`_own`): its status entries and summary, its records
  (known on the date, newest first) with, for each, the organisations whose entries it counts
  for or started (their entries' digests) and the records it names or that correct it (title,
  organisation, whether known on the date), the records its entries count (likewise), and its
  填报 data (ids taken, records offered, years closed).

Values are encoded with marshal's first format (the status entries) or pickle's fast mode (no
memo: equal values give equal bytes, however they are shared) or, for the shared settings, as plain tuples with sets sorted; nothing is
ever unpickled. A value encoded differently each time (it should not happen) only makes the
files again; a change the digest missed would leave a stale page, which
``tests/portal/test_portal_incremental.py`` guards against (random edits, then an incremental
generation compared with a clean one, byte for byte).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import marshal
import operator
import pickle
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

from ..records.machine_key import machine_key
from ..records.model import Record
from .context import SiteContext
from .pages_form import OrgShared
from .status_data import StatusEntry

FORMAT = 1
_CODE: Optional[str] = None


def code_digest() -> str:
    """Every module of ysxt (the pages are made by many of them), read once per process."""
    global _CODE
    if _CODE is None:
        package = Path(__file__).resolve().parent.parent
        h = hashlib.sha256(str(FORMAT).encode())
        for path in sorted(package.rglob("*.py")):
            h.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            h.update(path.read_bytes())
        _CODE = h.hexdigest()
    return _CODE


def _encode(value: Any) -> bytes:
    """Bytes that only equal values share: pickle without its memo (fast mode)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(StatusEntry))
_ENTRY_VALUES = operator.attrgetter(*_ENTRY_FIELDS)
_ENTRY_DATES = tuple(i for i, f in enumerate(dataclasses.fields(StatusEntry)) if "date" in str(f.type))


def _encode_entries(entries: list[StatusEntry]) -> bytes:
    """The entries' values (dates as day numbers) in marshal's first format, which writes every
    value out in full (no references); pickle where a value is of another type."""
    rows = []
    for e in entries:
        row = list(_ENTRY_VALUES(e))
        for i in _ENTRY_DATES:
            day = row[i]
            if day is not None:
                row[i] = day.toordinal()
        rows.append(row)
    try:
        return marshal.dumps(rows, 0)
    except ValueError:  # a value marshal does not write: a new field, say
        return b"p" + _encode(entries)


def _plain(value: Any) -> Any:
    """Settings, labels and plans as tuples of plain values, sets sorted (their order in
    memory changes with every process)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__,) + tuple(_plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return ("{}",) + tuple((_plain(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return ("set",) + tuple(sorted((_plain(v) for v in value), key=repr))
    if isinstance(value, (list, tuple)):
        return ("[]",) + tuple(_plain(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool, date)):
        return value
    return (type(value).__qualname__, repr(value))


def _shared(ctx: SiteContext, form: OrgShared) -> bytes:
    return hashlib.sha256(_encode((
        machine_key(),  # a record of digests from elsewhere matches nothing here
        code_digest(),
        ctx.as_of,
        _plain(ctx.settings),
        _plain(ctx.labels),
        ctx.schemas.fingerprint,
        _plain(ctx.plans),
        _plain(ctx.dataset.cycles),
        ctx.dataset.organizations,  # names, parents, terms (members' names): no sets in them
        [o.id for o in ctx.organizations],
        [h.label for h in ctx.halves],
        form.refs,
        form.everyone,
    ))).digest()


def _links(ctx: SiteContext, ids: Iterable[str]) -> list[tuple[str, bool, Optional[str], Optional[str]]]:
    """What a link to each record shows: whether it is known on the date, its title and organisation."""
    out = []
    for rid in ids:
        r = ctx.dataset.records_by_id.get(rid)
        out.append((rid, rid in ctx.record_ids, r.title if r else None, r.organization if r else None))
    return out


def _named(r: Record, ctx: SiteContext) -> list[str]:
    """The records a record names (or that correct it), as its block on the page links them."""
    ids = list(r.responds_to) + ctx.amended_by.get(r.id, [])
    if r.amends is not None:
        ids.append(r.amends.record)
    if r.lecture is not None and r.lecture.approval:
        ids.append(r.lecture.approval)
    return ids


def org_digests(ctx: SiteContext, form: OrgShared) -> dict[str, str]:
    """Organisation id → the digest of everything its generated files are made from."""
    shared = _shared(ctx, form)
    entries = {o.id: hashlib.sha256(_encode_entries(ctx.entries_by_org.get(o.id, []))).digest() for o in ctx.organizations}
    out = {}
    for org in ctx.organizations:
        out[org.id] = hashlib.sha256(shared + entries[org.id] + _own(ctx, form, org.id, entries)).hexdigest()
    return out


def _own(ctx: SiteContext, form: OrgShared, org_id: str, entries: dict[str, bytes]) -> bytes:
    records = ctx.records_by_org.get(org_id, [])
    own_ids = {r.id for r in records}
    counted = []
    named: list[str] = []
    for r in records:
        found = ctx.counted_for.get(r.id, [])
        orgs = sorted({e.organization for e in found})
        counted.append([(o, entries.get(o, b"")) for o in orgs])
        named += _named(r, ctx)
    for e in ctx.entries_by_org.get(org_id, []):
        named += [x for x in e.records + e.incomplete_records if x not in own_ids]
        if e.trigger is not None and e.trigger not in own_ids:
            named.append(e.trigger)
    return _encode((
        org_id,
        ctx.status.org_summaries.get(org_id),
        records,
        counted,
        _links(ctx, sorted(set(named))),
        form.taken.get(org_id, []),
        form.by_org.get(org_id, []),
        form.closed_years.get(org_id, []),
    ))
