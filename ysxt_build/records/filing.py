"""Who may file a record: the leading body's records, and records that reach other organisations.

A record is filed by the organisation in its ``organization`` field (its folder says the same).
Some records judge or direct other organisations: an inspection, an annual assessment, an
accountability case (their block's ``target``), a directive (its ``applies_to``). A branch that
could file them would score itself, cancel its own deductions, lock its own year or put a duty
on every other organisation. The vocabulary says who may file what:

- ``filed_by``: the kinds of organisation that may file a record type at all (for example
  ``[town_committee]`` for inspections, assessments and accountability cases); not written,
  every kind may, except that a record judging an organisation (a block with a ``target``) is
  filed by the leading body only (a vocabulary written before this rule stays safe);
- ``filed_for_others_by``: the kinds that may file one that names organisations other than the
  filer and those under it (``target``, ``applies_to``; ``applies_to: all`` names every one);
  not written, only the leading body (the vocabulary's ``top`` kinds). A branch may so record a
  directive it received itself (``applies_to: [its own id]``), never one for the whole town.

``ysxt check`` reports a record filed against these rules (:class:`FilingRules`, non-strict:
a filer or target that does not exist is reported by other checks); the loader leaves such a
record out of the status, the assessment and the portal (strict: what cannot be proven allowed
is left out), and the closed-year lock ignores an assessment so filed. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from .model import Organization, Record
from .problems import Pointer
from .vocabulary import Vocabulary, merged

# where in the record an organisation is named, and which (None: every organisation, "all")
Reach = tuple[Pointer, Optional[str]]


def reaches(applies_to: Sequence[str], applies_to_all: bool, blocks: Iterable[tuple[str, Any]]) -> list[Reach]:
    """The organisations a record names as those it applies to or judges: a directive's
    ``applies_to`` (``applies_to_all``: every one) and the ``target`` of any block."""
    found: list[Reach] = []
    if applies_to_all:
        found.append((("directive", "applies_to"), None))
    found.extend((("directive", "applies_to", i), org) for i, org in enumerate(applies_to))
    for name, block in blocks:
        if isinstance(block, dict) and isinstance(block.get("target"), str):
            found.append(((name, "target"), block["target"]))
    return found


def record_reaches(rec: Record) -> list[Reach]:
    d = rec.directive
    return reaches(d.applies_to if d else (), bool(d and d.applies_to_all), rec.extra)


@dataclass(frozen=True)
class Refusal:
    """Why an organisation may not file a record: a finding's code, Chinese text and place."""

    code: str  # filing.kind | filing.reach | filing.unknown
    message: str
    hint: str
    pointer: Pointer


class FilingRules:
    """The vocabularies' filing rules, applied with the organisations' kinds and parents."""

    def __init__(self, vocabularies: Sequence[Vocabulary], organizations: Iterable[Organization]) -> None:
        self._types = {t.code: t for t in merged(tuple(vocabularies), "record_types")}
        self._kind_names = {k.code: k.name for k in merged(tuple(vocabularies), "org_kinds")}
        self._tops = tuple(dict.fromkeys(k for v in vocabularies for k in v.top_kinds))
        self._whole = next((v.whole for v in vocabularies), "")
        self._orgs = {o.id: o for o in organizations}
        self.active = bool(vocabularies)  # without a vocabulary there is no leading body to name

    def _under(self, org_id: str, ancestor: str) -> bool:
        """Whether ``org_id`` is ``ancestor`` or an organisation under it (by ``parent``)."""
        seen: set[str] = set()
        current: Optional[str] = org_id
        while current is not None and current not in seen:
            if current == ancestor:
                return True
            seen.add(current)
            org = self._orgs.get(current)
            current = org.parent if org is not None else None
        return False

    def _kinds(self, kinds: Sequence[str]) -> str:
        return "、".join(self._kind_names.get(k, k) for k in kinds) or "领导机关"

    def _filers(self, kinds: Sequence[str]) -> str:
        """The organisations of ``kinds``, for a hint: 中共XX镇委员会（organization 写 town）."""
        found = [o for o in self._orgs.values() if o.kind in kinds]
        return "、".join(f"{o.name}（organization 写 {o.id}）" for o in found[:3])

    def refusal(self, record_type: str, organization: str, reach: Sequence[Reach], strict: bool = False) -> Optional[Refusal]:
        """Why ``organization`` may not file this record, or None when it may.

        Not strict (the check), a filer or a target that is not a known organisation is left to
        the checks that report it; strict (the loader), what cannot be proven allowed is refused.
        """
        if not self.active:
            return None
        rtype = self._types.get(record_type)
        type_name = rtype.name if rtype is not None else record_type
        filed_by = rtype.filed_by if rtype is not None else ()
        if not filed_by and any(pointer[-1] == "target" for pointer, _ in reach):
            filed_by = self._tops  # a record that judges an organisation, where the vocabulary is silent
        for_others = rtype.filed_for_others_by if rtype is not None and rtype.filed_for_others_by is not None else self._tops
        org = self._orgs.get(organization)
        if org is None:
            if strict and (filed_by or any(target != organization for _, target in reach)):
                return Refusal("filing.unknown", f"登记“{type_name}”的组织“{organization}”不存在或组织文件有错误",
                               "请先改正组织文件；这条记录暂不计入。", ("organization",))
            return None
        kind = self._kind_names.get(org.kind, org.kind)
        if filed_by and org.kind not in filed_by:
            filers = self._filers(filed_by)
            return Refusal(
                "filing.kind",
                f"“{type_name}”记录只能由{self._kinds(filed_by)}登记，{org.name}（{kind}）不能登记",
                f"这类记录由{self._kinds(filed_by)}登记在自己名下" + (f"：{filers}" if filers else "")
                + "；本组织自己的工作请改用相应的记录类型（type）。",
                ("organization",),
            )
        if org.kind in for_others:
            return None
        for pointer, target in reach:
            if target is not None and target not in self._orgs and not strict:
                continue  # reported as an organisation that does not exist
            if target is not None and self._under(target, org.id):
                continue
            if target is None:
                whom = f"{self._whole or '全体'}所有组织（all）"
            else:
                named = self._orgs.get(target)
                whom = f"{named.name}（{target}）" if named is not None else f"“{target}”"
            filers = self._filers(for_others)
            return Refusal(
                "filing.reach",
                f"{org.name}登记的“{type_name}”涉及{whom}，超出了本组织及下属组织的范围",
                f"涉及其他组织的“{type_name}”只能由{self._kinds(for_others)}登记"
                + (f"（{filers}）" if filers else "")
                + f"；本组织的只写本组织（{org.id}）或下属组织的编号。",
                pointer,
            )
        return None

    def refusal_of(self, rec: Record, strict: bool = False) -> Optional[Refusal]:
        return self.refusal(rec.type, rec.organization, record_reaches(rec), strict)
