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

from ..records.labels import Labels
from ..records.model import Dataset, Obligation, Organization
from ..records.periods import Period
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


class StatusView:
    def __init__(self, report: StatusReport, dataset: Dataset, labels: Labels, term_width: int = 100) -> None:
        self.report = report
        self.labels = labels
        self.ds = dataset
        self.width = max(60, term_width)
        self.obligations: dict[str, Obligation] = {
            o.id: o for p in sorted(dataset.plans, key=lambda p: p.effective_from) for o in p.obligations
        }
        self.member_names = {t.member_id: t.name for o in dataset.organizations for t in o.terms}

    def _org_name(self, org_id: str) -> str:
        org = self.ds.organization(org_id)
        return org.name if org else org_id

    def _subject(self, e: Entry) -> str:
        name = self._org_name(e.organization)
        if e.member:
            return f"{name} {self.member_names.get(e.member, e.member)}"
        return name

    def _item(self, e: Entry) -> str:
        ob = self.obligations.get(e.obligation)
        return f"{ob.clause} {ob.title}" if ob else e.obligation

    def entry_rows(self, entries: Iterable[Entry], with_subject: bool = True) -> str:
        """Two lines per item, so that nothing is cut: what and who, then what is missing."""
        lines = []
        for e in entries:
            word = status_word(e.status)
            head = " · ".join(([self._subject(e)] if with_subject else []) + [e.period, self._item(e)])
            lines.append(f"  {word}{' ' * (STATUS_COLUMN - width(click.unstyle(word)))}{head}")
            if e.note:
                lines.append(f"  {' ' * STATUS_COLUMN}{e.note}")
        return "\n".join(lines)

    def header(self, title: str) -> str:
        as_of = self.report.as_of
        return (
            f"{title}\n截至 {as_of.isoformat()}（{Period.containing('half', as_of).label_zh}）"
        )

    def summary_line(self, entries: Sequence[Entry]) -> str:
        s = Summary.of(entries)
        share = f"{s.share_met:.0%}" if s.share_met is not None else "—"
        return (
            f"已到期 {s.decided} 项，完成率 {share}；需要处理 {s.late} 项；"
            f"即将到期 {s.counts['due_soon']} 项；进行中 {s.counts['open']} 项。"
        )

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
        for org in self.ds.organizations:
            mine = by_org.get(org.id, [])
            if not mine:
                continue
            s = Summary.of(mine)
            late = click.style(str(s.late), fg="red", bold=True) if s.late else "0"
            soon = click.style(str(s.counts["due_soon"]), fg="yellow") if s.counts["due_soon"] else "0"
            share = f"{s.share_met:.0%}" if s.share_met is not None else "—"
            rows.append([org.name, org.id, late, soon, share])
        out.append(table(["组织", "编号", "需处理", "即将到期", "完成率"], rows))
        out += self._lists(entries, with_subject=True)
        out.append("")
        out.append("查看一个组织：ysxt status --org 编号；只看逾期：ysxt status --only overdue")
        return "\n".join(out)

    def organization(self, org: Organization, entries: Sequence[Entry]) -> str:
        out = [self.header(f"{org.name}（{org.id}）")]
        holders = org.holders_on(self.report.as_of)
        if holders:
            out.append("班子成员：" + "；".join(f"{t.name}（{self.labels.role(t.role)}）" for t in holders))
        out.append(self.summary_line(entries))
        out += self._lists(entries, with_subject=True)
        current = [e for e in entries if e.period_start <= self.report.as_of <= e.period_end and e.status not in LATE]
        if current:
            out += ["", "本期各项："]
            out.append(self.entry_rows(current, with_subject=True))
        return "\n".join(out)

    def member(self, name: str, org: Organization, entries: Sequence[Entry]) -> str:
        out = [self.header(f"{name}（{org.name}）“一岗双责”"), self.summary_line(entries)]
        out += self._lists(entries, with_subject=False)
        current = [e for e in entries if e.period_start <= self.report.as_of <= e.period_end and e.status not in LATE]
        if current:
            out += ["", "本期各项："]
            out.append(self.entry_rows(current, with_subject=False))
        return "\n".join(out)

    def flat(self, entries: Sequence[Entry]) -> str:
        if not entries:
            return "没有符合条件的事项。"
        return self.entry_rows(entries)

    def _lists(self, entries: Sequence[Entry], with_subject: bool) -> list[str]:
        out: list[str] = []
        late = [e for e in entries if e.status in LATE]
        soon = sorted((e for e in entries if e.status == "due_soon"), key=lambda e: (e.due or date.max))
        if late:
            out += ["", f"需要处理（已逾期、未开展、不完整）{len(late)} 项："]
            out.append(self.entry_rows(late, with_subject))
        if soon:
            out += ["", f"即将到期 {len(soon)} 项："]
            out.append(self.entry_rows(soon, with_subject))
        if not late and not soon:
            out += ["", "没有逾期或即将到期的事项。"]
        return out

