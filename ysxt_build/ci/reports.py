"""What the pipelines tell people: the pull-request summary and the scheduled alerts.

Pure: every function here takes computed status reports (see :mod:`.status_model`) and
returns data or Markdown text (in Chinese). Git, files, the clock and exit codes belong to
:mod:`.ci_cli`.

* :func:`compare_pr` sets the status with a pull request against the status on its base,
  entry by entry (same obligation, organisation, member, period and trigger, same ``as_of``),
  and :func:`pr_summary_markdown` writes the job summary: what the pull request adds or
  changes, which duties it fulfils or moves forward, which new duties its records start,
  what got worse (to check for mistakes), and what is still overdue for the organisations it
  touches. Overdue duties are information for the organisations, never blamed on the pull
  request: they were overdue before it too.
* :func:`compute_alerts` sets the status on ``as_of`` against the status on an earlier day
  (``since``): what newly became overdue, missing or incomplete, and what falls due within a
  number of days; :func:`alerts_markdown` writes the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping, Optional, Sequence

from ..check.safe_output import log_safe, markdown_code, markdown_text
from ..records.labels import WHOLE_DEFAULT, Labels
from ..records.model import Dataset
from ..records.order import registry_order
from ..records.periods import Cycle, period_zh
from ..status.model import DONE, LATE, STATUS_ICON, STATUS_ZH, Entry, StatusReport

#: One entry's identity across two computations.
Key = tuple[str, str, Optional[str], str, Optional[str]]

#: How far a not-judged entry is from done: a higher rank is better.
RANK = {"missing": 0, "overdue": 1, "incomplete": 2, "due_soon": 3, "open": 3, "met_late": 5, "met": 6}

#: At most this many items per list; the rest is counted.
MAX_ITEMS = 50

CHANGE_ZH = {"A": "新增", "M": "修改", "D": "删除", "R": "改名", "C": "复制", "T": "修改"}


def entry_key(e: Entry) -> Key:
    return (e.obligation, e.organization, e.member, e.period, e.trigger)


# -- changed files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FileChange:
    """One file a pull request adds, changes or removes (paths relative to the repository)."""

    status: str  # A M D R C T, as git prints it (without the rename score)
    path: str
    old_path: Optional[str] = None  # for R and C: where it came from

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.path,) if self.old_path is None else (self.old_path, self.path)


def parse_name_status(output: str) -> list[FileChange]:
    """Parse ``git diff -z --name-status`` output (NUL-separated; renames carry two paths)."""
    parts = output.split("\0")
    changes: list[FileChange] = []
    i = 0
    while i < len(parts):
        code = parts[i]
        if not code:
            i += 1
            continue
        kind = code[0]
        if kind in "RC" and i + 2 < len(parts):
            changes.append(FileChange(kind, parts[i + 2], old_path=parts[i + 1]))
            i += 3
        elif i + 1 < len(parts):
            changes.append(FileChange(kind, parts[i + 1]))
            i += 2
        else:
            break
    return changes


def organization_of_path(path: str) -> Optional[str]:
    """The organisation a file under ``records/`` belongs to, read from its place."""
    parts = path.split("/")
    if len(parts) == 3 and parts[:2] == ["records", "organizations"] and parts[2].endswith(".yaml"):
        return parts[2][: -len(".yaml")]
    if len(parts) >= 5 and parts[0] == "records" and parts[1] in ("activities", "evidence"):
        return parts[3]
    return None


def touched_organizations(changes: Iterable[FileChange]) -> set[str]:
    return {org for c in changes for p in c.paths if (org := organization_of_path(p)) is not None}


# -- names -----------------------------------------------------------------------------------


def md(text: str) -> str:
    """Text (from a record) as literal Markdown on one line, readable in a plain log too."""
    return markdown_text(text)


def code(path: str) -> str:
    return markdown_code(path)


@dataclass(frozen=True)
class Names:
    """Chinese names for what entries and files refer to (the first dataset given wins)."""

    organizations: Mapping[str, str] = field(default_factory=dict)
    org_order: Mapping[str, int] = field(default_factory=dict)
    members: Mapping[str, str] = field(default_factory=dict)
    obligations: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)  # path -> what the file is
    records: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # path -> (id, type)
    whole: str = WHOLE_DEFAULT  # the vocabulary's word for the whole unit: 全镇
    cycles: tuple[Cycle, ...] = ()  # the vocabularies' own periods (2025S1 → 2025—2026学年第一学期)

    @classmethod
    def of(cls, datasets: Sequence[Dataset], labels: Labels) -> "Names":
        orgs: dict[str, str] = {}
        order: dict[str, int] = {}
        members: dict[str, str] = {}
        obligations: dict[str, str] = {}
        files: dict[str, str] = {}
        records: dict[str, tuple[str, str]] = {}
        cycles: dict[str, Cycle] = {}
        for ds in datasets:
            for c in ds.cycles:
                cycles.setdefault(c.letter, c)
            for o in registry_order(ds.organizations, list(labels.categories), list(labels.org_kinds)):
                orgs.setdefault(o.id, o.name)
                order.setdefault(o.id, len(order))
                files.setdefault(o.source, f"组织登记：{o.name}")
                for t in o.terms:
                    members.setdefault(t.member_id, t.name)
            for p in sorted(ds.plans, key=lambda p: p.effective_from):
                files.setdefault(p.source, f"实施方案：{p.title}")
                for ob in p.obligations:
                    obligations.setdefault(ob.id, f"{ob.clause} {ob.title}")
            for r in ds.records:
                files.setdefault(r.source, f"{labels.record_type(r.type)}“{r.title}”（{r.date.isoformat()}）")
                records.setdefault(r.source, (r.id, r.type))
        return cls(orgs, order, members, obligations, files, records, labels.whole, tuple(cycles.values()))

    def organization(self, org_id: str) -> str:
        return self.organizations.get(org_id, org_id)

    def period(self, label: str) -> str:
        return period_zh(label, self.cycles)

    def subject(self, e: Entry) -> str:
        name = self.organization(e.organization)
        return f"{name} {self.members.get(e.member, e.member)}" if e.member else name

    def item(self, e: Entry) -> str:
        return self.obligations.get(e.obligation, e.obligation)

    def sort_key(self, e: Entry) -> tuple[int, str, str, date, str, str]:
        return (
            self.org_order.get(e.organization, len(self.org_order)),
            e.organization,
            e.member or "",
            e.period_start,
            self.item(e),
            e.trigger or "",
        )

    def file(self, path: str) -> str:
        if path in self.files:
            return self.files[path]
        if path.startswith("records/evidence/"):
            return "证明材料"
        return ""


def status_word(status: str) -> str:
    return f"{STATUS_ICON[status]} {STATUS_ZH[status]}"


def entry_head(e: Entry, names: Names, with_org: bool = True) -> str:
    """``✖ 未开展 · 青山村党总支 · 2025年 · 二（一）3 把意识形态工作纳入年度重点工作安排部署``

    Without the organisation (under its own heading) only a member's name is shown.
    """
    subject = names.subject(e) if with_org else names.members.get(e.member, e.member) if e.member else ""
    return " · ".join(x for x in (status_word(e.status), subject, names.period(e.period), names.item(e)) if x)


def entry_line(
    e: Entry, names: Names, after: str = "", detail: str = "", before: str = "", with_org: bool = True
) -> str:
    """One list item: ``- [before · ]head[after]：detail；note`` (plain text in, Markdown out)."""
    head = " · ".join(x for x in (before, entry_head(e, names, with_org)) if x) + after
    tail = "；".join(x for x in (detail, e.note) if x)
    return f"- {md(head)}：{md(tail)}" if tail else f"- {md(head)}"


def _capped(lines: list[str], more_hint: str) -> list[str]:
    if len(lines) <= MAX_ITEMS:
        return lines
    return lines[:MAX_ITEMS] + [f"- ……另有 {len(lines) - MAX_ITEMS} 项未列出，{more_hint}"]


def _section(title: str, count: int, body: list[str]) -> list[str]:
    return ["", f"### {title}（{count} 项）", "", *body]


def _load_error_lines(paths: Sequence[str], where: str) -> list[str]:
    if not paths:
        return []
    shown = "、".join(code(p) for p in paths[:10]) + ("等" if len(paths) > 10 else "")
    return ["", f"> 注意：有 {len(paths)} 个文件有错误，没有计入上面的统计：{shown}。{where}"]


# -- pull request ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Regression:
    base: Optional[Entry]  # None: the entry did not exist before
    head: Optional[Entry]  # None: the entry no longer exists

    @property
    def entry(self) -> Entry:
        found = self.head if self.head is not None else self.base
        assert found is not None
        return found


@dataclass(frozen=True)
class PrComparison:
    fulfilled: tuple[tuple[Entry, Optional[Entry]], ...] = ()  # (with the PR, on the base)
    progressed: tuple[tuple[Entry, Entry], ...] = ()
    started: tuple[Entry, ...] = ()  # duties that the PR's records start (new entries)
    regressed: tuple[Regression, ...] = ()
    still_late: tuple[Entry, ...] = ()  # late before and after, for the organisations touched


def compare_pr(base: StatusReport, head: StatusReport, touched: Iterable[str] = ()) -> PrComparison:
    """Compare the status with a pull request (``head``) against its base, same ``as_of``."""
    orgs = set(touched)
    before = {entry_key(e): e for e in base.entries}
    seen: set[Key] = set()
    fulfilled: list[tuple[Entry, Optional[Entry]]] = []
    progressed: list[tuple[Entry, Entry]] = []
    started: list[Entry] = []
    regressed: list[Regression] = []
    still_late: list[Entry] = []
    for e in head.entries:
        key = entry_key(e)
        seen.add(key)
        b = before.get(key)
        if b is not None and b.status == "not_applicable":
            b = None
        if e.status == "not_applicable":
            if b is not None and b.status != "by_inspection":
                regressed.append(Regression(b, e))
            continue
        if e.status == "by_inspection":
            continue
        if e.status in DONE:
            if b is None or b.status not in DONE:
                fulfilled.append((e, b))
            continue
        if b is None or b.status == "by_inspection":
            started.append(e)
            continue
        now, then = (RANK[e.status], e.done), (RANK[b.status], b.done)
        if now > then:
            progressed.append((e, b))
        elif now < then:
            regressed.append(Regression(b, e))
        elif e.status in LATE and e.organization in orgs:
            still_late.append(e)
    for key, b in before.items():
        if key not in seen and b.status not in ("not_applicable", "by_inspection"):
            regressed.append(Regression(b, None))
    return PrComparison(tuple(fulfilled), tuple(progressed), tuple(started), tuple(regressed), tuple(still_late))


#: Record types that count through another record, never on their own.
COUNTED_THROUGH_OTHERS = frozenset({"approval"})


def uncounted_records(changes: Sequence[FileChange], head: StatusReport, names: Names) -> list[str]:
    """Paths of added or changed records that count towards no duty with the pull request.

    Such a record proves nothing yet: a date outside the period, no leading member, or a
    title without the plan's topic keywords. Only records of a type that does count
    somewhere in the repository are named (a type that only serves as evidence for judged
    duties, like ``other``, is not), and never approvals, which count through the lecture
    that names them.
    """
    counted: set[str] = set()
    for e in head.entries:
        if e.status == "by_inspection":  # evidence shown for a judged duty is not a count
            continue
        counted.update(e.records)
        counted.update(e.incomplete_records)
        if e.trigger:
            counted.add(e.trigger.split("#", 1)[0])
    type_of = dict(names.records.values())
    countable = {type_of[i] for i in counted if i in type_of} - COUNTED_THROUGH_OTHERS
    found = []
    for c in changes:
        if c.status == "D" or c.path not in names.records:
            continue
        record_id, record_type = names.records[c.path]
        if record_id not in counted and record_type in countable:
            found.append(c.path)
    return found


def _progress(e: Entry, b: Entry) -> str:
    before = f"{b.done}/{b.required}" if b.required else ""
    if b.status != e.status:
        before = "，".join(x for x in (before, status_word(b.status)) if x)
    now = f"进度 {e.done}/{e.required}" if e.required else "有进展"
    return f"{now}（改动前 {before}）" if before else now


def _regression_line(r: Regression, names: Names) -> str:
    if r.head is None:
        assert r.base is not None
        b = r.base
        head = " · ".join([names.subject(b), names.period(b.period), names.item(b)])
        return f"- {md(head)}：改动后不再计算（改动前：{status_word(b.status)}）"
    was = f"（改动前：{status_word(r.base.status)}）" if r.base is not None else ""
    return entry_line(r.head, names, after=was)


def pr_summary_markdown(
    changes: Sequence[FileChange],
    comparison: PrComparison,
    names: Names,
    as_of: date,
    base_label: str,
    touched: Iterable[str] = (),
    load_errors: Sequence[str] = (),
    uncounted: Sequence[str] = (),
) -> str:
    """The pull request's job summary (Markdown, Chinese).

    ``uncounted``: paths of records that count for nothing (see :func:`uncounted_records`).
    """
    by = names.sort_key
    out = [
        "## 本次合并请求的记录情况",
        "",
        f"按 {as_of.isoformat()} 的情况计算，与 {base_label}比较。"
        "本说明只供参考，不影响合并；记录有没有错误，以“ysxt check”一步的结果为准。",
    ]

    records = [c for c in changes if any(p.startswith("records/") for p in c.paths)]
    if records:
        out += ["", f"### 改动的文件（{len(records)} 个）", ""]
        for c in records:
            what = CHANGE_ZH.get(c.status, "修改")
            where = f"{code(c.old_path)} → {code(c.path)}" if c.old_path else code(c.path)
            about = names.file(c.path) or (names.file(c.old_path) if c.old_path else "")
            out.append(f"- {what} {where}" + (f"：{md(about)}" if about else ""))
        if any(p.startswith("records/plans/") for c in records for p in c.paths):
            out += ["", "> 本次修改了实施方案（records/plans/），各组织的责任可能随之变化，请仔细核对。"]
    else:
        out += ["", "本次合并请求没有改动 records/ 下的文件。"]

    if uncounted:
        out += [
            "",
            f"### 没有计入任何责任的记录（{len(uncounted)} 个）",
            "",
            "以下记录没有计入任何一项责任。如果它本应计入，请检查记录类型、日期、主持人（lead）"
            "和参加人，以及标题或议题中是否写明“意识形态”等关键词（见实施方案中的 `topic_keywords`）。",
            "",
            *[f"- {code(p)}" + (f"：{md(names.file(p))}" if names.file(p) else "") for p in uncounted],
        ]

    fulfilled = sorted(comparison.fulfilled, key=lambda pair: by(pair[0]))
    if fulfilled:
        lines = [
            entry_line(e, names, after=f"（改动前：{status_word(b.status)}）" if b is not None else "")
            for e, b in fulfilled
        ]
        out += _section("本次完成的责任", len(lines), _capped(lines, "请在门户中查看。"))
    elif records:
        out += ["", "### 本次完成的责任", "", "本次改动没有使哪一项责任变为“已完成”（记录可能用于尚未完成、由检查评定或不计数的事项）。"]

    progressed = sorted(comparison.progressed, key=lambda pair: by(pair[0]))
    if progressed:
        lines = [entry_line(e, names, detail=_progress(e, b)) for e, b in progressed]
        out += _section("有进展、尚未完成的责任", len(lines), _capped(lines, "请在门户中查看。"))

    started = sorted(comparison.started, key=by)
    if started:
        lines = [entry_line(e, names) for e in started]
        out += _section("本次记录带来的新责任", len(lines), ["以下责任由本次新增的记录引起，请按期完成：", "", *_capped(lines, "请在门户中查看。")])

    regressed = sorted(comparison.regressed, key=lambda r: by(r.entry))
    if regressed:
        lines = [_regression_line(r, names) for r in regressed]
        out += _section(
            "请核对：改动后状态变差或不再计算的事项",
            len(lines),
            ["如果这是更正错误的结果，可以不用理会；如果不是，请检查本次删除或修改的内容。", "", *_capped(lines, "请在门户中查看。")],
        )

    orgs = sorted(set(touched), key=lambda o: (names.org_order.get(o, len(names.org_order)), o))
    late = sorted(comparison.still_late, key=by)
    if orgs:
        out += [
            "",
            "### 相关组织仍需处理的事项（供参考）",
            "",
            "以下事项在本次合并请求之前就已逾期、未开展或不完整，与本次提交无关，"
            "列出来是为了提醒相关组织及时补报。",
        ]
        for org in orgs:
            mine = [e for e in late if e.organization == org]
            out.append("")
            if not mine:
                out.append(f"**{md(names.organization(org))}**：没有需要处理的事项。")
                continue
            out += [f"**{md(names.organization(org))}**：{len(mine)} 项", ""]
            out += _capped(
                [entry_line(e, names, with_org=False) for e in mine],
                f"运行 {code(f'ysxt status --org {org} --only overdue')} 查看全部。",
            )
    out += _load_error_lines(load_errors, "请按“ysxt check”一步的提示改正。")
    return log_safe("\n".join(out) + "\n")


# -- scheduled alerts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Alerts:
    as_of: date
    since: date
    within: int
    newly_late: tuple[Entry, ...]  # late on as_of, not late on since
    due_within: tuple[Entry, ...]  # not done, due in [as_of, as_of + within]
    late_total: int  # everything late on as_of

    @property
    def exit_code(self) -> int:
        """1 when something newly became overdue, missing or incomplete, else 0."""
        return 1 if self.newly_late else 0


def compute_alerts(before: StatusReport, now: StatusReport, within: int) -> Alerts:
    """Compare the status on ``now.as_of`` against the status on ``before.as_of``."""
    was_late = {entry_key(e) for e in before.entries if e.status in LATE}
    newly = tuple(e for e in now.entries if e.status in LATE and entry_key(e) not in was_late)
    soon = tuple(
        e
        for e in now.entries
        if e.status in ("open", "due_soon") and e.due is not None and 0 <= (e.due - now.as_of).days <= within
    )
    late_total = sum(1 for e in now.entries if e.status in LATE)
    return Alerts(now.as_of, before.as_of, within, newly, soon, late_total)


def _days_left(due: date, as_of: date) -> str:
    days = (due - as_of).days
    return "今天到期" if days == 0 else f"还有 {days} 天"


def alerts_markdown(alerts: Alerts, names: Names, load_errors: Sequence[str] = ()) -> str:
    """The scheduled report (Markdown, Chinese)."""
    a = alerts
    out = [
        f"## 意识形态工作责任制提醒（{a.as_of.isoformat()}）",
        "",
        f"按 {a.as_of.isoformat()} 的情况计算，与 {a.since.isoformat()} 比较。",
    ]
    newly = sorted(a.newly_late, key=names.sort_key)
    if newly:
        lines = [entry_line(e, names) for e in newly]
        out += _section(
            "新近逾期的事项",
            len(lines),
            [
                f"以下事项在 {a.since.isoformat()} 之后变为已逾期、未开展或不完整，请相关组织尽快补报记录或说明情况：",
                "",
                *_capped(lines, "运行 `ysxt status --only overdue` 查看全部。"),
            ],
        )
    else:
        out += ["", "### 新近逾期的事项", "", f"自 {a.since.isoformat()} 以来没有新近逾期的事项。"]

    soon = sorted(a.due_within, key=lambda e: (e.due or a.as_of, names.sort_key(e)))
    if soon:
        lines = [
            entry_line(e, names, before=f"{(e.due or a.as_of).isoformat()}（{_days_left(e.due or a.as_of, a.as_of)}）")
            for e in soon
        ]
        out += _section(f"{a.within} 天内到期的事项", len(lines), _capped(lines, "运行 `ysxt status --only due-soon` 查看。"))
    else:
        out += ["", f"### {a.within} 天内到期的事项", "", f"{a.within} 天内没有到期的事项。"]

    out += [
        "",
        f"### {names.whole}概况",
        "",
        f"目前共有 {a.late_total} 项需要处理（已逾期、未开展或不完整），其中新近逾期 {len(newly)} 项；"
        f"{len(soon)} 项在 {a.within} 天内到期。查看全部：`ysxt status --only overdue`。",
    ]
    out += _load_error_lines(load_errors, "请运行 `ysxt check` 查看并改正。")
    return log_safe("\n".join(out) + "\n")
