"""责任清单: every obligation by clause: where it comes from, who owes it, how often, what
counts, and how each organisation stands in the current period."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..records.model import Obligation, Plan
from ..records.periods import Period
from ..status.model import DONE, STATUSES
from . import md, paths
from .context import SiteContext
from .describe import cadence, period_kind, what_counts, who
from .escape import slug, text
from .fmt import badge, period_zh
from .status_data import StatusEntry

PAGE = paths.OBLIGATIONS


def _standing(ctx: SiteContext, plan: Plan, ob: Obligation, entries: list[StatusEntry]) -> str:
    label = Period.containing(period_kind(ob), ctx.as_of).label
    cycles = ctx.dataset.cycles
    now = [e for e in entries if e.period == label]
    order = {o.id: i for i, o in enumerate(ctx.organizations)}
    now.sort(key=lambda e: (order.get(e.organization, 1 << 30), e.member or "", e.trigger or ""))
    if not now:
        return f"{text(period_zh(label, cycles))}：没有应承担的组织或班子成员。" if ob.kind != "triggered" else f"{text(period_zh(label, cycles))}：本期没有触发。"
    member_level = ob.subject.level == "member"
    limit = ctx.settings.list_limit
    intro = f"{text(period_zh(label, cycles))}各组织情况："
    if len(now) > limit:
        # a large county: the counts, and only who has not done it (each organisation's own
        # page and the home page's grid show everyone)
        counts = Counter(e.status for e in now)
        intro += "；".join(f"{badge(st, short=True)} {counts[st]}" for st in STATUSES if counts.get(st)) + "。"
        now = [e for e in now if e.status not in DONE]
        if not now:
            return intro
        intro += f"尚未完成的 {len(now)} 项" + (f"（先列出 {limit} 项，其余见各组织页面）" if len(now) > limit else "") + "："
        now = now[:limit]
    rows = []
    for e in now:
        org = f"[{text(ctx.org_name(e.organization))}]({paths.link(PAGE, paths.org(e.organization), paths.obligation_anchor(ob.id))})"
        who_cell = [text(ctx.member_name(e.member or ""))] if member_level else []
        progress = f"{e.done}/{e.required}" if e.required else ""
        rows.append([org] + who_cell + [badge(e.status), progress, text(e.note)])
    headers = ["组织"] + (["班子成员"] if member_level else []) + ["状态", "完成", "说明"]
    return intro + "\n\n" + md.table(headers, rows)


def _obligation(ctx: SiteContext, plan: Plan, ob: Obligation, entries: list[StatusEntry]) -> list[str]:
    kind = text(ctx.labels.obligation_kinds.get(ob.kind, ob.kind))
    level_names = {c.value: c.title for c in ctx.schemas.choices("record", "incident", "level")}
    facts = [
        f"**出处**：[{text(ob.clause)}]({paths.link(PAGE, paths.plan(plan.id), paths.clause_anchor(ob.clause))})（{kind}）",
        f"**谁负责**：{text(who(ob, ctx.labels))}",
        f"**多久一次**：{text(cadence(ob, ctx.labels.leading_body))}",
        f"**什么算数**：{text(what_counts(ob, plan, ctx.labels, ctx.org_name, level_names))}",
    ]
    return [
        md.heading(4, text(ob.title), paths.obligation_anchor(ob.id)),
        md.bullets(facts),
        _standing(ctx, plan, ob, entries),
    ]


def render(ctx: SiteContext) -> str:
    plan = ctx.current_plan
    if plan is None:
        return md.page("# 责任清单 { #top }", "还没有实施方案。")
    by_ob: dict[str, list[StatusEntry]] = defaultdict(list)
    for e in ctx.status.entries:
        by_ob[e.obligation].append(e)
    plans = ctx.current_plans  # one section per responsibility system in force side by side
    blocks = [md.front_matter(hide=["navigation"]), "# 责任清单 { #top }"]
    for plan in plans:
        if len(plans) > 1:
            blocks.append(md.heading(2, text(plan.system or plan.title), slug(plan.id, "s-")))
        blocks += _plan_section(ctx, plan, by_ob)
    others = []
    seen = {o.id for p in plans for o in p.obligations}
    for p in ctx.plans:
        for o in p.obligations:
            if o.id not in seen:
                seen.add(o.id)
                others.append((p, o))
    if others:
        blocks.append(md.heading(2, "以前方案中的其他事项", "older"))
        for p, o in others:
            blocks += _obligation(ctx, p, o, by_ob.get(o.id, []))
    return md.page(*blocks)


def _plan_section(ctx: SiteContext, plan: Plan, by_ob: dict[str, list[StatusEntry]]) -> list[str]:
    by_clause: dict[str, list[Obligation]] = defaultdict(list)
    for o in plan.obligations:
        by_clause[o.clause].append(o)
    blocks = [
        f"[{text(plan.title)}]({paths.link(PAGE, paths.plan(plan.id))})分解出的 {len(plan.obligations)} 项责任，按条款排列。"
        f"每项写明出处、谁负责、多久一次、什么样的记录算数，以及截至 {ctx.as_of.isoformat()} 本期各组织的情况。",
    ]
    headings = {c.ref: c for c in plan.clauses}
    parents_shown: set[str] = set()
    for clause in plan.clauses:
        obs = by_clause.get(clause.ref)
        if not obs:
            continue
        parent_ref = clause.ref.split("）")[0] + "）" if "）" in clause.ref else ""
        parent = headings.get(parent_ref)
        if parent is not None and parent.ref not in parents_shown and parent.ref != clause.ref:
            parents_shown.add(parent.ref)
            blocks.append(f"## {text(parent.ref)} {text(parent.heading or parent.text)} {{ #g-{paths.clause_anchor(parent.ref)} }}")
        blocks.append(md.heading(3, f"条款 {text(clause.ref)}", f"g-{paths.clause_anchor(clause.ref)}", "ysxt-clause-head"))
        blocks.append("> " + text(clause.text))
        for ob in obs:
            blocks += _obligation(ctx, plan, ob, by_ob.get(ob.id, []))
    return blocks
