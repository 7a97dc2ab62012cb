"""The terminal view of ``ysxt status``: Chinese tables that fit a terminal.

Returns text with click styles; ``click.echo`` drops the colours when not on a terminal.
Status is always shown with its icon and Chinese word as well as colour.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from datetime import date
from typing import Iterable, Optional, Sequence

import click

from ..records.characters import for_terminal
from ..records.labels import Labels
from ..records.model import Dataset, Obligation, Organization, this_period
from ..records.order import registry_order
from ..records.periods import Period, period_zh
from .items import Item, late_items, soon_items, standing_ids
from .model import LATE, STATUS_ICON, STATUS_ZH, Entry, StatusReport, Summary

STATUS_COLUMN = max(len(STATUS_ICON[s]) + 1 + 2 * len(STATUS_ZH[s]) for s in STATUS_ZH) + 2
_COLOUR = {
    "overdue": "red",
    "missing": "red",
    "incomplete": "yellow",
    "due_soon": "yellow",
    "open": "cyan",
    "met": "green",
    "met_late": "green",
    "by_inspection": "blue",
    "not_applicable": None,
}


def width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def clip(text: str, size: int) -> str:
    if width(text) <= size:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > size - 1:
            break
        out += ch
    return out + "…"


def status_word(status: str) -> str:
    word = f"{STATUS_ICON[status]} {STATUS_ZH[status]}"
    colour = _COLOUR.get(status)
    return click.style(word, fg=colour, bold=status in LATE) if colour else word


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], max_widths: Optional[Sequence[int]] = None) -> str:
    rows = [list(r) for r in rows]
    plain = [[click.unstyle(c) for c in r] for r in rows]
    sizes = [width(h) for h in headers]
    for r in plain:
        for i, c in enumerate(r):
            sizes[i] = max(sizes[i], width(c))
    if max_widths:
        sizes = [min(s, m) if m else s for s, m in zip(sizes, max_widths)]
    lines = ["  ".join(pad(h, sizes[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("─" * s for s in sizes))
    for styled, r in zip(rows, plain):
        cells = []
        for i, (s, p) in enumerate(zip(styled, r)):
            if width(p) > sizes[i]:
                cells.append(clip(p, sizes[i]))
            else:
                cells.append(s + " " * (sizes[i] - width(p)))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# 本期各项 in order of urgency: late, due soon, open, done; then what inspection settles, and
# what does not apply
_URGENCY = {"overdue": 0, "missing": 0, "incomplete": 0, "due_soon": 1, "open": 2, "met_late": 3, "met": 3,
            "by_inspection": 4, "not_applicable": 5}


class StatusView:
    def __init__(
        self, report: StatusReport, dataset: Dataset, labels: Labels, term_width: int = 100, period: Optional[Period] = None,
    ) -> None:
        self.report = report
        self.period = period  # the period chosen (--period): the header names it instead of 本期
        self.labels = labels
        self.ds = dataset
        self.width = max(60, term_width)
        plans = sorted(dataset.plans, key=lambda p: p.effective_from)
        self.obligations: dict[str, Obligation] = {o.id: o for p in plans for o in p.obligations}
        self.rank = {ob_id: i for i, ob_id in enumerate(self.obligations)}
        self.standing = standing_ids(plans)
        self.orgs = registry_order(dataset.organizations, list(labels.categories), list(labels.org_kinds))
        self.org_rank = {o.id: i for i, o in enumerate(self.orgs)}
        self.member_names = {t.member_id: t.name for o in dataset.organizations for t in o.terms}
        self.member_rank = {t.member_id: i for o in dataset.organizations for i, t in reversed(list(enumerate(o.terms)))}

    def _org_name(self, org_id: str) -> str:
        org = self.ds.organization(org_id)
        return org.name if org else org_id

    def _who(self, org_id: str, members: Sequence[str], with_org: bool) -> list[str]:
        names = "、".join(self.member_names.get(m, m) for m in members)
        if with_org:
            return [f"{self._org_name(org_id)} {names}".strip()]
        return [names] if names else []

    def _item(self, obligation: str) -> str:
        ob = self.obligations.get(obligation)
        return f"{ob.clause} {ob.title}" if ob else obligation

    def _row(self, status: str, head: Sequence[str], note: str) -> list[str]:
        word = status_word(status)
        # names, titles and notes come from records: their control characters are shown, never run
        lines = [f"  {word}{' ' * (STATUS_COLUMN - width(click.unstyle(word)))}{for_terminal(' · '.join(head))}"]
        if note:
            lines.append(f"  {' ' * STATUS_COLUMN}{for_terminal(note)}")
        return lines

    def entry_rows(self, entries: Iterable[Entry], with_org: bool = True, with_member: bool = True) -> str:
        """Two lines per entry, so that nothing is cut: what and who, then what is missing."""
        lines = []
        for e in entries:
            who = self._who(e.organization, [e.member] if e.member and with_member else [], with_org)
            lines += self._row(e.status, who + [period_zh(e.period, self.ds.cycles), self._item(e.obligation)], e.note)
        return "\n".join(lines)

    def item_rows(self, items: Iterable[Item[Entry]], with_org: bool = True, with_member: bool = True) -> str:
        """Two lines per item (entries of one duty merged, as the portal and Excel list them)."""
        lines = []
        for i in items:
            who = self._who(i.organization, i.members if with_member else [], with_org)
            lines += self._row(i.status, who + [i.periods, self._item(i.obligation)], i.note)
        return "\n".join(lines)

    def header(self, title: str) -> str:
        """The title, then the day of the figures and the period: 本期 (2026年下半年), or the one
        chosen with --period ("期间：2025年（截至 2026-12-01）")."""
        as_of = self.report.as_of
        if self.period is not None:
            return f"{title}\n期间：{self.period.label_zh}（截至 {as_of.isoformat()}）"
        return (
            f"{title}\n截至 {as_of.isoformat()}（{this_period(self.ds.plans, as_of).label_zh}）"
        )

    def summary_line(self, entries: Sequence[Entry]) -> str:
        s = Summary.of(entries)
        share = f"{s.share_met:.0%}" if s.share_met is not None else "—"
        late, soon = late_items(entries, self.standing, self.ds.cycles, self.report.as_of), soon_items(entries, self.standing, self.ds.cycles, self.report.as_of)
        return (
            f"已到期 {s.decided} 项，完成率 {share}；需要处理 {len(late)} 项；"
            f"即将到期 {len(soon)} 项；进行中 {s.counts['open']} 项。"
        )

    def _by_urgency(self, entries: Iterable[Entry]) -> list[Entry]:
        return sorted(entries, key=lambda e: (
            _URGENCY.get(e.status, 9), e.due or date.max, self.rank.get(e.obligation, 1 << 30),
            self.org_rank.get(e.organization, 1 << 30), self.member_rank.get(e.member or "", -1), e.trigger or "",
        ))

    # -- the three views ------------------------------------------------------------------

    def system_name(self) -> str:
        """The responsibility system in force (意识形态工作责任制), or 责任制 for several."""
        in_force = {p.system for p in self.ds.plans if p.in_force_on(self.report.as_of)}
        if not in_force and self.ds.plans:
            in_force = {max(self.ds.plans, key=lambda p: p.effective_from).system}
        return in_force.pop() if len(in_force) == 1 and "" not in in_force else "责任制"

    def town(self, entries: Sequence[Entry]) -> str:
        whole = self.labels.whole
        out = [self.header(f"{whole}{self.system_name()}落实情况"), f"{whole}：" + self.summary_line(entries), ""]
        by_org: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            by_org[e.organization].append(e)
        rows = []
        for org in self.orgs:
            mine = by_org.get(org.id, [])
            if not mine:
                continue
            s = Summary.of(mine)
            n_late, n_soon = len(late_items(mine, self.standing, self.ds.cycles)), len(soon_items(mine, self.standing, self.ds.cycles))
            late = click.style(str(n_late), fg="red", bold=True) if n_late else "0"
            soon = click.style(str(n_soon), fg="yellow") if n_soon else "0"
            share = f"{s.share_met:.0%}" if s.share_met is not None else "—"
            rows.append([for_terminal(org.name), late, soon, share, for_terminal(org.id)])
        out.append(table(["组织", "需处理", "即将到期", "完成率", "编号（--org）"], rows))
        out += self._lists(entries, with_org=True)
        out.append("")
        out.append("查看一个组织：ysxt status --org 编号；只看逾期：ysxt status --only overdue")
        return "\n".join(out)

    def organization(self, org: Organization, entries: Sequence[Entry]) -> str:
        """One organisation, named once in the title; the rows name only members."""
        out = [self.header(for_terminal(f"{org.name}（{org.id}）"))]
        holders = org.holders_on(self.report.as_of)
        if holders:
            out.append("班子成员：" + for_terminal("；".join(f"{t.name}（{self.labels.role(t.role)}）" for t in holders)))
        out.append(self.summary_line(entries))
        out += self._lists(entries, with_org=False)
        out += self._current(entries, with_member=True)
        return "\n".join(out)

    def member(self, name: str, org: Organization, entries: Sequence[Entry]) -> str:
        out = [self.header(for_terminal(f"{name}（{org.name}）“一岗双责”")), self.summary_line(entries)]
        out += self._lists(entries, with_org=False, with_member=False)
        out += self._current(entries, with_member=False)
        return "\n".join(out)

    def flat(self, entries: Sequence[Entry]) -> str:
        if not entries:
            return "没有符合条件的事项。"
        rows = self.entry_rows(self._by_urgency(entries))
        if self.period is None:
            return rows
        return f"{self.header(self.labels.whole + self.system_name() + '落实情况')}\n\n{rows}"

    def _current(self, entries: Sequence[Entry], with_member: bool) -> list[str]:
        """本期各项, most urgent first (what is late is listed above already)."""
        as_of = self.report.as_of
        current = [e for e in entries if e.period_start <= as_of <= e.period_end and e.status not in LATE]
        if not current:
            return []
        return ["", "本期各项（按紧急程度）：", self.entry_rows(self._by_urgency(current), with_org=False, with_member=with_member)]

    def _lists(self, entries: Sequence[Entry], with_org: bool, with_member: bool = True) -> list[str]:
        out: list[str] = []
        late = sorted(late_items(entries, self.standing, self.ds.cycles, self.report.as_of), key=self._item_key)
        soon = sorted(soon_items(entries, self.standing, self.ds.cycles, self.report.as_of), key=lambda i: (i.due or date.max, self._item_key(i)))
        if late:
            out += ["", f"需要处理（已逾期、未开展、不完整）{len(late)} 项："]
            out.append(self.item_rows(late, with_org, with_member))
        if soon:
            out += ["", f"即将到期 {len(soon)} 项："]
            out.append(self.item_rows(soon, with_org, with_member))
        if not late and not soon:
            out += ["", "没有逾期或即将到期的事项。"]
        return out

    def _item_key(self, i: Item[Entry]) -> tuple[int, int, date]:
        return (self.org_rank.get(i.organization, 1 << 30), self.rank.get(i.obligation, 1 << 30), i.due or date.min)

