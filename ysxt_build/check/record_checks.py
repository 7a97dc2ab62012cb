"""Checks of each work record against the other files: one record at a time.

Record ids are unique across the repository (:func:`duplicate_ids`). A record's file sits where
its id, organisation and year say; it is not dated after the check date nor before the period
it names; its organisation exists on its date, and its lead and participants hold office there
then. What it refers to (:mod:`.reference_checks`) and its evidence files
(:mod:`.evidence_checks`) are checked with it.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from datetime import date
from typing import Callable, Collection, Iterable, Iterator, Mapping, Optional, Sequence

from ..records import layout
from ..records.model import Organization, Record
from ..records.periods import Cycle, Period
from ..records.problems import Pointer, Problem
from .evidence_checks import EvidenceHasher, evidence_findings
from .findings import future, stem
from .findings import problem as _p
from .reference_checks import ReferenceChecker


class RecordChecker:
    """Everything the check says about one record that depends on other files.

    ``names`` maps member ids to their name and the organisation file that registered them
    (filled by the organisation checks), for the finding about someone of another organisation.
    """

    def __init__(
        self,
        orgs: Mapping[str, Organization],
        org_known: Callable[[str], bool],
        names: Mapping[str, tuple[str, str]],
        as_of: date,
        references: ReferenceChecker,
        hasher: EvidenceHasher,
        cycles: Sequence[Cycle] = (),
    ) -> None:
        self.orgs = orgs
        self.org_known = org_known
        self.names = names
        self.as_of = as_of
        self._references = references.findings
        self.hasher = hasher
        self.cycles = tuple(cycles)
        self.duplicated: Collection[str] = ()  # ids used by more than one record file

    def findings(self, rec: Record) -> Iterator[Problem]:
        src = rec.source
        expected = layout.record_path(rec.date.year, rec.organization, rec.id)
        if src != expected:
            parts = src.split("/")
            mismatch = id_name_mismatch(src, rec.id, expected, self.duplicated)
            if mismatch:
                yield mismatch
            if len(parts) == 5 and parts[3] != rec.organization:
                yield _p(src, "path.organization", f"记录放在组织“{parts[3]}”的文件夹里，但 organization 写的是“{rec.organization}”",
                         f"请把文件移到 {expected}，或改正 organization。", ("organization",))
            if len(parts) == 5 and parts[2] != str(rec.date.year):
                yield _p(src, "path.year", f"记录放在 {parts[2]} 年的文件夹里，但日期是 {rec.date.isoformat()}",
                         f"请把文件移到 {expected}，或改正 date。", ("date",))
        p = future(src, ("date",), "日期", rec.date, self.as_of)
        if p:
            yield p
        if rec.period is not None and Period.parse(rec.period, self.cycles).start > rec.date:
            yield _p(src, "date.period", f"所属期间 {rec.period} 晚于活动日期 {rec.date.isoformat()}",
                     "period 只用于针对已过去期间的活动（例如次年1月的述职报告写上一年）；请改正或删除。", ("period",))
        org = self.orgs.get(rec.organization)
        if org is None:
            if not self.org_known(rec.organization):
                yield _p(src, "ref.organization", f"组织“{rec.organization}”不存在",
                         f"请检查编号；组织登记在 {layout.ORGANIZATIONS}/ 下。", ("organization",))
        else:
            if not org.exists_on(rec.date):
                if rec.date < org.founded:
                    msg = f"{rec.date.isoformat()} 时{org.name}尚未成立（{org.founded.isoformat()} 成立）"
                else:
                    msg = f"{rec.date.isoformat()} 时{org.name}已撤销（{org.dissolved.isoformat() if org.dissolved else ''} 撤销）"
                yield _p(src, "org.not-existing", msg, "请检查日期，或把记录归到正确的组织。", ("date",))
            yield from self._people(rec, org)
        yield from self._references(rec)
        yield from evidence_findings(rec, self.hasher)

    def _people(self, rec: Record, org: Organization) -> Iterator[Problem]:
        named: list[tuple[Pointer, str]] = []
        if rec.lead:
            named.append((("lead",), rec.lead))
        named.extend((("participants", i), m) for i, m in enumerate(rec.participants))
        for pointer, member in named:
            terms = org.member_terms(member)
            if not terms:
                elsewhere = self.names.get(member)
                where = f"（登记在 {elsewhere[1]}）" if elsewhere else ""
                yield _p(rec.source, "ref.member", f"“{member}”不是{org.name}的班子成员{where}",
                         _members_hint(member, org, rec.date), pointer)
            elif not any(t.holds_on(rec.date) for t in terms):
                spans = "、".join(
                    f"{t.start.isoformat()} 至 {t.end.isoformat()}" if t.end else f"{t.start.isoformat()} 起至今"
                    for t in terms
                )
                yield _p(rec.source, "member.not-in-office",
                         f"{terms[0].name}（{member}）在 {rec.date.isoformat()} 不在{org.name}任职（任期 {spans}）",
                         "请检查活动日期和参加人员；任职变动请先在组织文件中登记。", pointer)


def _members_hint(member: str, org: Organization, day: date) -> str:
    """The closest ids of the organisation's members, and all of them with names and roles."""
    ids = list(dict.fromkeys(t.member_id for t in org.terms))
    names = {t.member_id: t.name for t in org.terms}
    close = difflib.get_close_matches(member, ids, n=3, cutoff=0.7)
    guess = f"是不是 {' 或 '.join(f'{c}（{names[c]}）' for c in close)}？" if close else ""
    listed = "、".join(
        f"{t.member_id}（{t.name}）" + ("" if t.holds_on(day) else "，当时不在任")
        for t in {t.member_id: t for t in org.terms}.values()
    )
    return f"{guess}{org.name}的班子成员：{listed or '（没有登记）'}。成员编号登记在 {org.source} 的 members 中。"


def id_name_mismatch(src: str, rid: str, expected: str, duplicated: Collection[str]) -> Optional[Problem]:
    """A record file not named after its id ``rid``; ``expected`` is the path it should have.
    A copy whose id was left unchanged (``rid`` in ``duplicated``) is not flagged here:
    :func:`duplicate_ids` says so, with a free id."""
    if stem(src) == rid or rid in duplicated:
        return None
    return _p(src, "path.id-mismatch", f"记录编号“{rid}”与文件名“{stem(src)}.yaml”不一致",
              f"文件名须与 id 相同：{expected}", ("id",))


def duplicate_ids(records: Iterable[tuple[str, str]]) -> Iterator[Problem]:
    """A record id used by more than one file, given (source, id) in file order.

    When one of the files is named after the id and the others are not, those others are
    copies whose id was left unchanged: only they are flagged, each told to take its own file
    name as id when that is a free id of the kind (the clerk renamed the file already), else
    the next free id of its kind (``…-zyyj-03``) for both. Otherwise every file is flagged:
    either clerk may be the one to change it.
    """
    pairs = list(records)
    first: dict[str, str] = {}
    repeated: set[str] = set()
    for source, rid in pairs:
        if first.setdefault(rid, source) is not source:
            repeated.add(rid)
    if not repeated:
        return
    sources: dict[str, list[str]] = defaultdict(list)
    for source, rid in pairs:
        if rid in repeated:
            sources[rid].append(source)
    ids = {rid for _, rid in pairs}
    names = Counter(stem(source) for source, _ in pairs)
    given: set[str] = set()
    for source, rid in pairs:
        if rid not in repeated:
            continue
        named = [s for s in sources[rid] if stem(s) == rid]
        if len(named) == 1:
            if source == named[0]:
                continue  # the original: its copy is the one to change
            yield _p(source, "id.duplicate",
                     f"记录编号“{rid}”与 {named[0]} 相同：这个文件像是复制后没有改编号",
                     _copy_hint(source, rid, ids, names, given), ("id",))
            continue
        others = [s for s in sources[rid] if s != source]
        if others:
            yield _p(source, "id.duplicate", f"记录编号“{rid}”已在 {'、'.join(others)} 使用",
                     "每条记录的编号全库唯一；请换一个编号（文件名也一起改）。", ("id",))


def _copy_hint(source: str, rid: str, ids: set[str], names: Counter[str], given: set[str]) -> str:
    """How to mend a copy that kept the original's id. When the copy's file name already is a
    free id of the same kind (the file was renamed, the id not), only the id changes, to the
    file name; else both change, to the next free id. ``given`` keeps the ids suggested so far."""
    own = stem(source)
    if _same_kind(own, rid) and own not in ids and names[own] == 1 and own not in given:
        given.add(own)
        return f"请把 id 改成 {own}，与文件名相同（文件名不用改，原记录也不用改）。"
    free = next_free_id(rid, ids | set(names) | given)
    if not free:
        return "请给这条记录换一个全库唯一的编号，文件名与编号相同（原记录不用改）。"
    given.add(free)
    return f"请把 id 改成 {free}，文件名改成 {source.rsplit('/', 1)[0]}/{free}.yaml（原记录不用改）。"


def _same_kind(name: str, rid: str) -> bool:
    """``…-zyyj-03`` for ``…-zyyj-02``: the same id but for its number."""
    prefix, _, number = rid.rpartition("-")
    own_prefix, _, own_number = name.rpartition("-")
    return bool(prefix) and own_prefix == prefix and own_number.isdigit() and len(own_number) == len(number)


def next_free_id(rid: str, taken: Collection[str]) -> str:
    """``2026-liushu-village-zyyj-01`` → the first ``2026-liushu-village-zyyj-NN`` after the
    highest one taken; "" when the id does not end in a number."""
    prefix, _, number = rid.rpartition("-")
    if not prefix or not number.isdigit():
        return ""
    used = [int(t[len(prefix) + 1:]) for t in taken if t.startswith(prefix + "-") and t[len(prefix) + 1:].isdigit()]
    return f"{prefix}-{max(used, default=0) + 1:0{len(number)}d}"
