"""``ysxt assess``: the annual assessment proposed from the status, and the assessor's draft.

The status is computed as of ``--as-of`` (default: today). Only duties decided by then count
(see :mod:`ysxt_build.assessment.scoring`); year-end duties have grace periods into January, so the
proposal for 2025 is final when computed after the last of them (the command says which
date). ``--new-record`` writes the assessment record to complete; it is dated ``--as-of``,
which must be after the year.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Optional

import click

from ..assessment.scoring import (
    Names,
    ScoreCard,
    ScoreRow,
    card_json,
    fmt_points,
    last_pending_due,
    organizations_to_assess,
    rubric_for,
    rubric_problems,
    score_rows,
)
from ..records import layout
from ..records.labels import LEADING_BODY_DEFAULT
from ..records.model import Dataset, Organization, Rubric
from ..records.periods import period_zh
from ..records.templates import MODELINE, next_record_id
from ..status.model import STATUS_ZH
from ..status.pipeline import compute_repository
from ..status.view import pad, width
from .common import CONTEXT, DATE, EXIT_FINDINGS, repo_option, require_repo, resolve_organization, usage_error

FORMAT = "ysxt-assess"
VERSION = 1


@click.command(context_settings=CONTEXT)
@click.option("--year", type=int, required=True, help="考核年度，例如 2025。")
@click.option("--org", "org_id", default=None, metavar="组织", help="只看一个组织：编号或名称，例如 qingshan-village 或 青山村党总支。")
@repo_option
@click.option(
    "--as-of", "as_of", type=DATE, default=None,
    help="按哪一天的落实情况计算（YYYY-MM-DD），默认今天；也是 --new-record 草稿的考核日期。年终事项一般次年 1 月 31 日截止，应在其后考核。",
)
@click.option("--rubric", "rubric_id", default=None, metavar="方案编号", help="考评方案编号（records/rubrics/ 下的文件名），默认用该年度 12 月 31 日施行的方案。")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式：text 中文说明，json 机器读取。")
@click.option("--new-record", is_flag=True, help="为 --org 指定的组织新建年度考核记录草稿（已有考核记录或文件时不会覆盖）。")
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新读取。")
def assess(
    year: int,
    org_id: Optional[str],
    repo: Path,
    as_of: Optional[date],
    rubric_id: Optional[str],
    fmt: str,
    new_record: bool,
    no_cache: bool,
) -> None:
    """按考评方案计算各党组织的年度考核建议得分，逐项说明扣分原因和相关记录。

    自动计分的指标按各项责任的落实情况扣分（缺一次扣几分、逾期完成扣几分、扣满为止）；
    人工评分的指标由考核人员打分，写在考核记录中。已登记考核记录的，同时显示登记的
    得分、等次和与建议得分的差别。

    \b
    例：
      ysxt assess --year 2025 --as-of 2026-02-05
      ysxt assess --year 2025 --org liushu-village --as-of 2026-02-05
      ysxt assess --year 2025 --org liushu-village --as-of 2026-02-05 --new-record
      ysxt assess --year 2025 --as-of 2026-02-05 --format json > assess-2025.json

    退出码：0 正常，1 考核记录已存在（--new-record），2 用法或环境错误。
    """
    root = require_repo(repo)
    day = as_of or date.today()
    if new_record and org_id is None:
        usage_error("--new-record 需要用 --org 指定组织，例如 --org qingshan-village。")
    computed = compute_repository(root, day, use_cache=not no_cache)
    ds = computed.dataset
    if computed.load_errors:
        files = len({p.path for p in computed.load_errors})
        click.echo(f"注意：有 {files} 个文件有错误，没有计入；请运行 ysxt check 查看并改正。", err=True)
    rubric = rubric_for(ds.rubrics, year, rubric_id)
    if rubric is None:
        if rubric_id is not None:
            known = "、".join(r.id for r in ds.rubrics) or "没有"
            usage_error(f"没有编号为“{rubric_id}”的考评方案（records/rubrics/ 下现有：{known}）。")
        usage_error(f"没有 {year} 年度施行的考评方案。\n提示：考评方案放在 {layout.RUBRICS}/方案编号.yaml。")
    for problem in rubric_problems(rubric, ds.plans):
        click.echo(f"注意：{problem}", err=True)
    org: Optional[Organization] = None
    if org_id is not None:
        org = resolve_organization(ds, org_id, day)
        if org.kind not in rubric.org_kinds:
            kinds = "、".join(computed.labels.org_kinds.get(k, k) for k in rubric.org_kinds)
            usage_error(f"{org.name}不在考评方案 {rubric.id} 的考核范围内（考核{kinds}）。")
    orgs = [org.id] if org is not None else organizations_to_assess(rubric, ds, computed.report, year)
    rows = score_rows(ds, computed.report, year, rubric if rubric_id is not None else None, orgs)
    if new_record:
        assert org is not None
        # the id code of the assessment record type, from the repository's vocabulary
        short = computed.schemas.record_type_shorts().get("assessment", "assessment")
        _new_record(root, ds, rows[0], org, year, day, short)
        return
    if fmt == "json":
        payload: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "year": year,
            "as_of": day.isoformat(),
            "rubric": {"id": rubric.id, "title": rubric.title, "total": rubric.total,
                       "grades": [{"grade": g.grade, "min": g.min} for g in rubric.grades]},
            "organizations": [card_json(r.card, r.comparison, r.org_name) for r in rows],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    click.echo(render_text(rows, rubric, year, day, detailed=org_id is not None, names=Names.of(ds)), nl=False)


# -- text -------------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(width(r[i]) for r in [headers] + rows) for i in range(len(headers))]
    lines = ["  ".join(pad(c, widths[i]) for i, c in enumerate(headers)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    lines += ["  ".join(pad(c, widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    return lines


def _grade_text(card: ScoreCard) -> str:
    if card.complete:
        return card.grade or "—"
    return "待人工评分"


def _recorded_text(row: ScoreRow) -> str:
    c = row.comparison
    if c is None:
        return "—"
    score = fmt_points(c.score) if c.score is not None else "?"
    return f"{score} 分 {c.grade or '?'}"


def render_text(
    rows: list[ScoreRow], rubric: Rubric, year: int, as_of: date, detailed: bool, names: Optional[Names] = None
) -> str:
    names = names or Names()
    out: list[str] = [
        f"{year} 年度考核建议得分（按 {as_of.isoformat()} 的落实情况计算）",
        f"考评方案：{rubric.title}（{rubric.id}），满分 {fmt_points(rubric.total)} 分；"
        + "等次：" + "，".join(f"{g.grade} ≥{fmt_points(g.min)}" for g in sorted(rubric.grades, key=lambda g: -g.min)),
        "",
    ]
    if not rows:
        out.append("本年度没有需要考核的组织。")
        return "\n".join(out) + "\n"
    dues = [d for d in (last_pending_due(r.card) for r in rows) if d is not None]
    if dues:
        pending = sum(len(r.card.pending) for r in rows)
        out.append(
            f"注意：有 {pending} 项责任截至 {as_of.isoformat()} 尚未到期，没有计入扣分；"
            f"最晚 {max(dues).isoformat()} 截止，建议在此之后考核（--as-of）。"
        )
        out.append("")
    if not detailed:
        table = [
            [r.org_name, fmt_points(r.card.total), _grade_text(r.card),
             fmt_points(sum(s.deducted for s in r.card.automatic)), str(len(r.card.deductions)), _recorded_text(r)]
            for r in rows
        ]
        out += _table(["组织", "建议得分", "建议等次", "自动扣分", "扣分项", "已登记"], table)
        unscored = rows[0].card.unscored_points
        if any(not r.card.complete for r in rows):
            out.append(f"（建议得分中，人工评分项（共 {fmt_points(unscored)} 分）未评分的按 0 分计。）")
        out.append("")
    quiet = []
    for row in rows:
        if not detailed and not (row.card.deductions or row.comparison or row.card.problems):
            quiet.append(row.org_name)
            continue
        out += _card_lines(row, detailed, names)
    if quiet:
        out.append(f"其余 {len(quiet)} 个组织自动计分指标均未扣分：{'、'.join(quiet)}。")
    return "\n".join(out).rstrip("\n") + "\n"


def _card_lines(row: ScoreRow, detailed: bool, names: Names) -> list[str]:
    card = row.card
    auto_points = sum(s.indicator.points for s in card.automatic)
    auto_score = sum(s.score or 0.0 for s in card.automatic)
    lines = [f"━━ {row.org_name}（{card.organization}）"]
    summary = f"建议得分 {fmt_points(card.total)} 分：自动计分 {fmt_points(auto_score)}/{fmt_points(auto_points)} 分"
    if card.complete:
        manual = sum(s.score or 0.0 for s in card.manual)
        summary += f"，人工评分 {fmt_points(manual)} 分；等次 {card.grade or '—'}"
    else:
        summary += f"，人工评分项 {fmt_points(card.unscored_points)} 分待评分；等次待人工评分后确定"
    lines.append(summary)
    hit = [s for s in card.automatic if s.deductions or s.adjustments]
    if hit:
        lines.append("扣分：")
        for s in hit:
            head = f"  ✖ {s.indicator.title}（{fmt_points(s.indicator.points)} 分）扣 {fmt_points(s.deducted)} 分，得 {fmt_points(s.score or 0.0)} 分"
            if s.capped:
                head += f"（扣分合计 {fmt_points(s.uncapped)} 分，扣满 {fmt_points(s.deducted)} 分为止）"
            lines.append(head)
            for d in s.deductions:
                lines.append(f"     · {d.explanation}")
                traced = d.records + d.missing_of
                if traced:
                    label = "相关记录" if d.status != "missing" or d.records else "应回应的记录"
                    lines.append(f"       {label}：{'、'.join(traced)}")
            for a in s.adjustments:
                lines.append(f"     · 调整 {'+' if a.points > 0 else ''}{fmt_points(a.points)} 分：{a.reason}")
        rest = len(card.automatic) - len(hit)
        if rest:
            lines.append(f"  其余 {rest} 项自动计分指标未扣分。")
    else:
        lines.append("自动计分指标均未扣分。")
    if detailed or row.comparison is not None:
        lines.append("人工评分：")
        for s in card.manual:
            if s.score is None:
                lines.append(f"  · {s.indicator.title}（{fmt_points(s.indicator.points)} 分）：待评分")
            else:
                reason = f"（{s.manual_reason}）" if s.manual_reason else ""
                lines.append(f"  · {s.indicator.title}（{fmt_points(s.indicator.points)} 分）：{fmt_points(s.score)} 分{reason}")
                for a in s.adjustments:
                    lines.append(f"     · 调整 {'+' if a.points > 0 else ''}{fmt_points(a.points)} 分：{a.reason}")
    if detailed and card.pending:
        lines.append(f"尚未到期、暂未计入（{len(card.pending)} 项）：")
        for e in card.pending:
            who = f"（{names.member(e.member)}）" if e.member else ""
            title = names.obligations.get(e.obligation, e.obligation)
            lines.append(f"  ○ {period_zh(e.period, names.cycles)}“{title}”{who}：{STATUS_ZH[e.status]}，截止 {e.due.isoformat() if e.due else '—'}")
    for p in card.problems:
        lines.append(f"注意：{p}")
    c = row.comparison
    if c is not None:
        signed = f"，审定：{c.signed_off_by}" if c.signed_off_by else ""
        lines.append(f"已登记的考核结果（{c.record}）：得分 {fmt_points(c.score) if c.score is not None else '?'} 分，等次 {c.grade or '?'}{signed}")
        diffs = []
        if c.score_difference is not None and c.score_difference != 0:
            diffs.append(f"登记得分比建议得分{'高' if c.score_difference > 0 else '低'} {fmt_points(abs(c.score_difference))} 分")
        if c.grade_differs:
            diffs.append(f"登记等次“{c.grade}”与建议等次“{card.grade}”不同")
        if not c.grade_fits_score and c.score is not None:
            diffs.append("登记的等次与登记得分所在的分档不符")
        if c.rubric_differs:
            diffs.append("考核记录所写的考评方案与本次计算所用的不同")
        lines.append("  与建议比较：" + ("；".join(diffs) if diffs else "一致"))
    lines.append("")
    return lines


# -- the draft record -------------------------------------------------------------------------


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def draft_text(row: ScoreRow, org: Organization, record_id: str, town_id: str, day: date, year: int,
               leading_body: str = LEADING_BODY_DEFAULT) -> str:
    card = row.card
    rubric = card.rubric
    auto = [s for s in card.automatic]
    auto_points = sum(s.indicator.points for s in auto)
    auto_score = sum(s.score or 0.0 for s in auto)
    lines = [
        MODELINE,
        f"# 年度考核记录（草稿）：由 ysxt assess --new-record 按 {day.isoformat()} 的落实情况生成。",
        "# 填写步骤：",
        "#   1. manual：按考评方案给每个人工评分项打分（score），写明评分理由（reason）；",
        "#   2. 对自动扣分有调整的，打开 adjustments，写明指标、分值（加为正，减为负）和理由；",
        f"#   3. 运行 ysxt assess --year {year} --org {org.id} --as-of {day.isoformat()} 核对，",
        f"#      把 score 和 grade 改成{leading_body}审定的最终得分和等次；",
        "#   4. 填写 signed_off_by（审定的会议或负责人），然后运行 ysxt check。",
        f"# 登记后，{org.name} {year} 年度的记录不能再修改，只能更正（ysxt new --amend 记录编号）。",
        f"id: {record_id}",
        "type: assessment",
        f"organization: {town_id}",
        f"date: {_q(day.isoformat())}",
        f"title: {_q(f'{org.name}{year}年度意识形态工作责任制考核')}",
        f"summary: {_q(_one_line(f'按{rubric.title}计算：自动计分 {fmt_points(auto_score)}/{fmt_points(auto_points)} 分，扣分 {len(card.deductions)} 项；人工评分项由考核人员评分。'))}",
        "assessment:",
        f"  target: {org.id}",
        f"  year: {year}",
        f"  rubric: {rubric.id}",
        f"  # 自动计分（建议）：{fmt_points(auto_score)}/{fmt_points(auto_points)} 分",
    ]
    for s in auto:
        if not s.deductions:
            continue
        lines.append(f"  #   {_one_line(s.indicator.title)}（{fmt_points(s.indicator.points)} 分）扣 {fmt_points(s.deducted)} 分")
        for d in s.deductions:
            lines.append(f"  #     - {_one_line(d.explanation)}")
    if not card.deductions:
        lines.append("  #   各项均未扣分")
    lines.append("  # 人工评分项：按考评方案打分，写明理由")
    lines.append("  manual:")
    for s in card.manual:
        lines.append(f"    # {_one_line(s.indicator.title)}（{fmt_points(s.indicator.points)} 分）：{_one_line(s.indicator.rule)}".rstrip("："))
        lines.append(f"    - indicator: {s.indicator.id}")
        lines.append("      score: 0")
        lines.append('      reason: ""')
    first = auto[0].indicator.id if auto else "指标编号"
    lines += [
        "  # 对自动扣分的调整（需要时去掉行首的 #）：",
        "  # adjustments:",
        f"  #   - indicator: {first}",
        "  #     points: 0",
        "  #     reason: 调整理由",
        "  # 最终得分和等次：下面是建议值（人工评分项按 0 分计），审定后改为最终结果",
        f"  score: {fmt_points(card.total)}",
        f"  grade: {_q(card.grade or '')}",
        f"  # 审定：例如 {leading_body}会议（2026年1月20日）",
        '  signed_off_by: ""',
    ]
    return "\n".join(lines) + "\n"


def _new_record(root: Path, ds: Dataset, row: ScoreRow, org: Organization, year: int, day: date, short: str) -> None:
    if day.year <= year:
        usage_error(
            f"年度考核记录在 {year} 年度结束后登记：请用 --as-of 写考核日期（{year + 1} 年的日期），"
            f"例如 --as-of {year + 1}-02-05。"
        )
    if row.comparison is not None:
        record = ds.records_by_id.get(row.comparison.record)
        where = f"（{record.source}）" if record is not None and record.source else ""
        click.echo(
            f"错误：{org.name} {year} 年度已有考核记录 {row.comparison.record}{where}，没有新建。\n"
            f"提示：要更正已登记的考核结果，请运行 ysxt new --amend {row.comparison.record}",
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    town = next((o for o in ds.organizations if o.kind in ds.top_kinds), None)
    if town is None:
        body = ds.current_vocabulary.leading_body if ds.current_vocabulary is not None else "领导机关"
        usage_error(f"没有登记{body}（词汇表中 top: true 的组织类型），考核记录要记在它名下；"
                    f"组织登记在 {layout.ORGANIZATIONS}/ 下。")
    existing = {r.id for r in ds.records}
    folder = root / layout.ACTIVITIES / str(day.year) / town.id
    if folder.is_dir():
        existing |= {p.name.removesuffix(".yaml") for p in folder.iterdir()}
    record_id = next_record_id(existing, day.year, town.id, short)
    rel = layout.record_path(day.year, town.id, record_id)
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            leading = ds.current_vocabulary.leading_body if ds.current_vocabulary is not None else LEADING_BODY_DEFAULT
            handle.write(draft_text(row, org, record_id, town.id, day, year, leading))
    except FileExistsError:
        click.echo(f"错误：{rel} 已存在，没有覆盖。", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(rel)
    click.echo(
        "已创建考核记录草稿。请填写人工评分（manual）、最终得分和等次（score、grade）和审定（signed_off_by），"
        "然后运行 ysxt check。",
        err=True,
    )


__all__ = ["assess", "render_text", "draft_text"]
