"""实施方案: the plan's text, one anchor per clause, each linked to its obligations."""

from __future__ import annotations

from collections import defaultdict

from ..records.model import Plan
from . import md, paths
from .context import SiteContext
from .escape import text
from .fmt import day


def index(ctx: SiteContext) -> str:
    page = paths.PLANS
    several = len({p.system for p in ctx.plans}) > 1  # responsibility systems side by side
    rows = []
    for p in sorted(reversed(ctx.plans), key=lambda p: p.system) if several else reversed(ctx.plans):
        state = "施行中" if p.in_force_on(ctx.as_of) else ("已废止" if p.effective_to and p.effective_to < ctx.as_of else "未施行")
        until = day(p.effective_to) if p.effective_to else "—"
        row = [f"[{text(p.title)}]({paths.link(page, paths.plan(p.id))})", text(p.document_no) or "—", day(p.effective_from), until, state]
        rows.append(([text(p.system) or "—"] if several else []) + row)
    headers = (["责任制"] if several else []) + ["方案", "文号", "施行日期", "废止日期", "状态"]
    return md.page(
        md.front_matter(hide=["navigation"]),
        "# 实施方案 { #top }",
        "每个期间按当时施行的方案评判；不同的责任制各按自己的方案评判。" if several else "每个期间按当时施行的方案评判。",
        md.table(headers, rows) or "还没有方案。",
    )


def plan_page(ctx: SiteContext, plan: Plan) -> str:
    page = paths.plan(plan.id)
    by_clause: dict[str, list[str]] = defaultdict(list)
    for o in plan.obligations:
        by_clause[o.clause].append(o.id)
    titles = {o.id: o.title for o in plan.obligations}
    s = plan.settings
    handover = {c.value: c.title for c in ctx.schemas.choices("plan", "settings", "handover")}
    settings = md.bullets([
        f"离截止日期 {s.due_soon_days} 天以内的未完成事项显示为“即将到期”",
        f"组织存续或成员任职不足期间的 {s.min_coverage:.0%} 的，不承担该期的按期责任",
        f"职务交接：{text(handover.get(s.handover, s.handover))}",
        "记录标题或议题中含“" + "”“".join(text(k) for k in s.topic_keywords) + "”之一的，算作意识形态工作",
    ])
    facts = [f"文号：{text(plan.document_no)}" if plan.document_no else "", f"施行日期：{day(plan.effective_from)}"]
    if plan.effective_to:
        facts.append(f"废止日期：{day(plan.effective_to)}")
    blocks = [
        md.front_matter(hide=["navigation"], title=text(plan.title)),
        f"# {text(plan.title)} {{ #top }}",
        " · ".join(f for f in facts if f),
        text(plan.basis) if plan.basis else "",
        md.admonition("info", f"方案没有写明、由{text(ctx.labels.leading_body)}办公室确定的评判规则", settings + f"\n来源文件：{ctx.source_link(plan.source)}"),
    ]
    for clause in plan.clauses:
        level = paths.clause_level(clause.ref)
        head = text(clause.ref) + (f" {text(clause.heading)}" if clause.heading else "")
        blocks.append(md.heading(level + 1, head, paths.clause_anchor(clause.ref)))
        blocks.append(text(clause.text))
        obs = by_clause.get(clause.ref, [])
        if obs:
            links = [f"[{text(titles[o])}]({paths.link(page, paths.OBLIGATIONS, paths.obligation_anchor(o))})" for o in obs]
            blocks.append('<p class="ysxt-duties-title">本条分解的责任事项：</p>\n\n' + md.bullets(links))
    return md.page(*blocks)
