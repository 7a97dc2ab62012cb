"""Accountability (追责问责, plan 四（三）): the situations, the responses, the cases, and the
duties whose failure *may* fall under a situation — for the town committee to judge.

Pure: every function reads only its arguments.

- The nine situations are the plan's clauses 四（三）1–9 (:func:`situations`), so a town whose
  plan words them differently shows its own text.
- The six responses, in the order of the ladder (提醒 … 纪律处分), are the choices of the
  record schema's ``accountability.response`` (:func:`responses`), with their Chinese names
  from the schema; nothing here repeats those names.
- Cases are the ``accountability`` records (an amendment replaces the record it corrects).
  Counts and outcomes are per organisation; the members named on a case are shown only when
  the plan turns it on (:func:`names_shown`, default off).
- :func:`possible_situations` points at duties past due and not done whose failure may fall
  under a situation. It never decides anything: every flag says “可能涉及，供镇党委研判” (in the
  words of the plan's vocabulary: 供局党组研判, 供学校党支部研判; :func:`flag_wording`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping, Optional, Sequence

from ..records.labels import LEADING_BODY_DEFAULT
from ..records.model import Obligation, Plan, Record
from ..records.periods import Cycle, period_zh
from ..status.model import LATE, Entry, StatusReport

SECTION = "四（三）"
_REF = re.compile(r"^四（三）([0-9]+)$")


@dataclass(frozen=True)
class Situation:
    number: int
    ref: str  # 四（三）1
    text: str

    @property
    def label(self) -> str:
        return f"情形{self.number}"


@dataclass(frozen=True)
class Response:
    code: str
    title: str  # from the schema
    rank: int  # 1 = mildest


def situations(plan: Optional[Plan]) -> tuple[Situation, ...]:
    """The situations of 四（三） in the plan, by number."""
    if plan is None:
        return ()
    found = []
    for clause in plan.clauses:
        m = _REF.match(clause.ref)
        if m:
            found.append(Situation(int(m.group(1)), clause.ref, clause.text))
    return tuple(sorted(found, key=lambda s: s.number))


def responses(choices: Iterable[tuple[str, str]]) -> tuple[Response, ...]:
    """The responses from the schema's choices ``(value, title)``, in the schema's order.

    Get the choices with ``[(c.value, c.title) for c in schemas.choices("record",
    "accountability", "response")]``.
    """
    return tuple(Response(code, title, i) for i, (code, title) in enumerate(choices, 1))


def names_shown(plan: Optional[Plan]) -> bool:
    """Whether the town shows the names of the members on accountability cases.

    Read from the plan's settings (``accountability_names``); off when the plan does not
    say, and off in every plan that predates the setting.
    """
    if plan is None:
        return False
    return plan.settings.accountability_names


# -- cases --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    record: str
    organization: str  # the organisation held to account
    situation: int
    response: str
    decided_on: date
    decision_document: str
    members: tuple[str, ...] = ()
    recorded_by: str = ""  # the organisation that recorded it (town)


def cases(records: Iterable[Record], as_of: date) -> list[Case]:
    """Accountability cases known on ``as_of``, oldest first."""
    visible = [r for r in records if r.date <= as_of]
    superseded = {r.amends.record for r in visible if r.amends is not None}
    out: list[Case] = []
    for r in visible:
        if r.type != "accountability" or r.id in superseded:
            continue
        block = r.block("accountability")
        if not isinstance(block, Mapping):
            continue
        try:
            decided = date.fromisoformat(str(block.get("decided_on")))
            situation = int(block.get("situation", 0))
        except (TypeError, ValueError):
            continue
        out.append(Case(
            record=r.id,
            organization=str(block.get("target", "")),
            situation=situation,
            response=str(block.get("response", "")),
            decided_on=decided,
            decision_document=str(block.get("decision_document", "")),
            members=tuple(str(m) for m in block.get("members") or ()),
            recorded_by=r.organization,
        ))
    out.sort(key=lambda c: (c.decided_on, c.record))
    return out


@dataclass(frozen=True)
class OrgCases:
    organization: str
    cases: tuple[Case, ...]
    by_situation: Mapping[int, int] = field(default_factory=dict)
    by_response: Mapping[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.cases)


def by_organization(found: Iterable[Case], year: Optional[int] = None) -> dict[str, OrgCases]:
    """Counts and outcomes per organisation (optionally for cases decided in one year)."""
    grouped: dict[str, list[Case]] = {}
    for c in found:
        if year is not None and c.decided_on.year != year:
            continue
        grouped.setdefault(c.organization, []).append(c)
    return {
        org: OrgCases(
            organization=org,
            cases=tuple(items),
            by_situation=dict(sorted(Counter(c.situation for c in items).items())),
            by_response=dict(Counter(c.response for c in items)),
        )
        for org, items in sorted(grouped.items())
    }


def outcome_text(org: OrgCases, ladder: Sequence[Response]) -> str:
    """``提醒 2 起、通报批评 1 起`` in the order of the ladder."""
    parts = [f"{r.title} {org.by_response[r.code]} 起" for r in ladder if org.by_response.get(r.code)]
    known = {r.code for r in ladder}
    parts += [f"{code} {n} 起" for code, n in org.by_response.items() if code not in known]
    return "、".join(parts)


# -- duties that may fall under a situation ----------------------------------------------


def situations_for(ob: Obligation) -> tuple[int, ...]:
    """The situations a failure of this duty may fall under, by what the duty is.

    Read from the duty's shape, not its id, so another town's plan gets the same reading:

    - relaying or acting on a higher-level directive (trigger ``directive``) → 1;
    - reporting or handling a major situation or online incident (responses
      ``incident_report`` / ``incident_response``) → 2, 8;
    - the position register and prior approval of lectures and forums → 5, 7;
    - the public-opinion watch mechanism → 8;
    - correcting what an inspection found → 9.

    Everything else: none (it counts in the assessment instead).
    """
    if ob.kind == "triggered":
        if "directive" in ob.trigger_types:
            return (1,)
        response = ob.response.types if ob.response is not None else ()
        if "incident_report" in response or "incident_response" in response:
            return (2, 8)
        if "inspection" in ob.trigger_types:
            return (9,)
        return ()
    if ob.kind == "standing":
        keys = {k for k, _ in ob.condition}
        if "positions_reviewed_within_days" in keys:
            return (5, 7)
        if "mechanism" in keys:
            return (8,)
        return ()
    if ob.kind == "precondition":
        return (5, 7)
    return ()


def flag_wording(leading_body: str = LEADING_BODY_DEFAULT) -> str:
    """What every flag says: for the leading body (the vocabulary's 镇党委) to judge."""
    return f"可能涉及，供{leading_body}研判"


@dataclass(frozen=True)
class Flag:
    """A duty not done whose failure may fall under situations: for the committee to judge."""

    entry: Entry
    situations: tuple[int, ...]
    wording: str = flag_wording()

    def refs(self, known: Sequence[Situation]) -> str:
        """``四（三）2（情形2）、四（三）8（情形8）``."""
        return "、".join(_situation_name(n, known) for n in self.situations)

    def text(self, known: Sequence[Situation], title: str = "", cycles: Sequence[Cycle] = ()) -> str:
        """One line: the duty, what is missing, and the situations it may fall under
        (``cycles``: the vocabularies' own periods, to name them)."""
        what = title or self.entry.obligation
        note = f"（{self.entry.note}）" if self.entry.note else ""
        return f"“{what}”{period_zh(self.entry.period, cycles)}{note}：{self.refs(known)}，{self.wording}"


def _situation_name(number: int, known: Sequence[Situation]) -> str:
    for s in known:
        if s.number == number:
            return f"{s.ref}（{s.label}）"
    return f"{SECTION}{number}"


def possible_situations(
    report: StatusReport,
    plans: Sequence[Plan],
    org_id: Optional[str] = None,
    year: Optional[int] = None,
) -> list[Flag]:
    """Entries past due and not done (overdue, missing, incomplete) whose duty maps to a
    situation (:func:`situations_for`), optionally for one organisation and one year."""
    obligations: dict[tuple[str, str], Obligation] = {(p.id, o.id): o for p in plans for o in p.obligations}
    plan_vocab = {p.id: p.vocab for p in plans}
    flags: list[Flag] = []
    for e in report.entries:
        if e.status not in LATE:
            continue
        if org_id is not None and e.organization != org_id:
            continue
        if year is not None and e.period_start.year != year:
            continue
        ob = obligations.get((e.plan, e.obligation))
        if ob is None:
            continue
        found = situations_for(ob)
        if found:
            vocab = plan_vocab.get(e.plan)
            flags.append(Flag(e, found, flag_wording(vocab.leading_body) if vocab is not None else flag_wording()))
    return flags
