"""From a computed repository to every generated page: ``pages(ctx)`` is pure (data in,
Markdown and calendar bytes out); ``context_for`` loads and computes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence, Union

from ..assessment import accountability, scoring
from ..records.lookup import short_name
from ..records.model import Dataset, Organization
from ..status.model import StatusReport
from ..status.pipeline import compute_repository
from . import (
    ics,
    pages_calendar,
    pages_commands,
    pages_form,
    pages_guide,
    pages_home,
    pages_obligations,
    pages_orgs,
    pages_plan,
    pages_records,
    pages_trends,
    paths,
)
from . import pages_assessment as assessment_pages
from .context import PortalSettings, SiteContext
from .status_data import StatusData


def pages(ctx: SiteContext, skip_orgs: frozenset[str] = frozenset()) -> dict[str, Union[str, bytes]]:
    """Every generated file; ``skip_orgs``: organisations whose own files (:func:`org_files`)
    are made elsewhere."""
    out = site_pages(ctx)
    form = pages_form.org_shared(ctx, pages_form.form_spec(ctx))
    for files in org_pages(ctx, [org for org in ctx.organizations if org.id not in skip_orgs], form).values():
        out.update(files)
    return out


def site_pages(ctx: SiteContext) -> dict[str, Union[str, bytes]]:
    """Every generated file but the organisations' own (:func:`org_files`)."""
    out: dict[str, Union[str, bytes]] = {
        paths.HOME: pages_home.render(ctx),
        paths.OBLIGATIONS: pages_obligations.render(ctx),
        paths.ORGS: pages_orgs.index(ctx),
        paths.RECORDS: pages_records.index(ctx),
        paths.CALENDAR: pages_calendar.render(ctx),
        paths.ICS: ics.town_calendar(ctx, "意识形态工作责任制截止日期"),
        paths.TRENDS: pages_trends.render(ctx),
        paths.PLANS: pages_plan.index(ctx),
        paths.TEMPLATES: pages_guide.templates(ctx),
        paths.FIELDS: pages_guide.field_reference(ctx.schemas),
        paths.COMMANDS: pages_commands.render(ctx.commands),
        paths.SEARCH_WORDS: search_words(ctx),
    }
    for year in pages_records.years(ctx):
        out[paths.records_year(year)] = pages_records.year_page(ctx, year)
    for plan in ctx.plans:
        out[paths.plan(plan.id)] = pages_plan.plan_page(ctx, plan)
    if ctx.report is not None:
        out.update(oversight_pages(ctx, ctx.report))
    out.update(pages_form.site_files(ctx))  # 填报: the page and its data (each organisation's: org_files)
    return out


def org_pages(
    ctx: SiteContext, orgs: Sequence[Organization], form: pages_form.OrgShared
) -> dict[str, dict[str, Union[str, bytes]]]:
    """Organisation id → its own files (:func:`org_files`), for each of ``orgs``."""
    return {org.id: org_files(ctx, org, form) for org in orgs}


def org_files(ctx: SiteContext, org: Organization, form: pages_form.OrgShared) -> dict[str, Union[str, bytes]]:
    """An organisation's own files: its page, its calendar and its 填报 data. They are made
    from what :func:`~ysxt_build.portal.inputs.org_digests` covers, and nothing else."""
    out: dict[str, Union[str, bytes]] = {
        paths.org(org.id): pages_orgs.org_page(ctx, org),
        paths.org_ics(org.id): ics.calendar(ctx, org.id, ctx.entries_by_org.get(org.id, []), f"{org.name}截止日期"),
    }
    out.update(pages_form.org_files(ctx, form, org.id))
    return out


def search_words(ctx: SiteContext) -> str:
    """Words of jieba's user dictionary, so that the search index keeps them whole: the record
    types' names (from the schema: 专题研究会议 instead of 专题研究 + 会议, so that a search for
    专题研究 ranks those records first — the search box looks words up in the index's own
    vocabulary, and a rare longer word such as 专题学习 would otherwise outrank them), and the
    registry's names (:func:`registry_words`): 黄国庆 instead of 黄 + 国庆."""
    types = {w for w in ctx.labels.record_types.values() if len(w) >= 3 and _chinese(w)}
    words = sorted(types | registry_words(ctx.dataset.organizations, ctx.labels.org_kinds.values()))
    return "".join(f"{w} 100000\n" for w in words)


_SHORT_FORM_MAX = 4  # characters of an organisation's short form kept whole (柳树村, 和平社区, 第一网格)


def registry_words(orgs: Sequence[Organization], kind_names: Iterable[str] = ()) -> set[str]:
    """The names a reader searches for, from the registry: each leading-group member's name
    (黄国庆, which jieba would cut into 黄 + 国庆: a search for 国庆 would find him)
    and each organisation's short form (柳树村 for 柳树村党支部; 和平社区 and 第一网格 for
    和平社区第一网格党支部 under 和平社区党总支).

    Full names are left to be cut at these words (柳树村 + 党支部, 柳树村 + 农家 + 书屋 for a
    position): the search box matches the start of a word, so a whole 柳树村农家书屋 would be
    found by 柳树村 but no longer by 农家书屋, nor a whole 柳树村党支部 by 党支部. For the same
    reason a short form is a word only up to four characters: a longer one (宏达建材有限公司) is
    several words jieba knows (宏达 + 建材 + 有限公司), each of which a reader may search for."""
    kinds = tuple(kind_names)

    def short(name: str) -> str:
        return short_name(name, kinds)

    by_id = {o.id: o for o in orgs}
    words: set[str] = set()
    for org in orgs:
        own = short(org.name)
        parent = by_id.get(org.parent or "")
        above = short(parent.name) if parent is not None else ""
        if above and own.startswith(above) and len(own) > len(above):
            own = own[len(above):]  # 第一网格: 和平社区 is the parent's word
        if len(own) <= _SHORT_FORM_MAX:
            words.add(own)
        words.update(t.name for t in org.terms)
    return {w for w in words if len(w) >= 2 and _chinese(w)}


def _chinese(word: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in word)


def oversight_pages(ctx: SiteContext, report: StatusReport) -> dict[str, Union[str, bytes]]:
    """三、四: the town committee's inspections, annual assessments and accountability."""
    schemas, ds = ctx.schemas, ctx.dataset

    def labels(*path: str) -> dict[str, str]:
        return {c.value: c.title for c in schemas.choices("record", *path)}

    years = sorted({y for r in ds.rubrics for y in range(r.effective_from.year, ctx.as_of.year)}, reverse=True)
    scored = [(y, scoring.score_rows(ds, report, y)) for y in years]
    plan = ctx.current_plan
    found = accountability.cases(ds.records, ctx.as_of)
    return {
        paths.INSPECTIONS: assessment_pages.inspections_page(
            ds, report, labels("inspection", "methods", "[]"), labels("inspection", "conclusion"),
            # the plan's duty to inspect every organisation (coverage), whatever its id
            next((o.id for o in (plan.obligations if plan else ()) if o.kind == "coverage"), "town-inspection"),
            org_order=[o.id for o in ctx.organizations],
        ),
        paths.ASSESSMENTS: assessment_pages.assessments_page(scored, ctx.labels.leading_body),
        paths.ACCOUNTABILITY: assessment_pages.accountability_page(
            ds,
            accountability.situations(plan),
            accountability.responses((c.value, c.title) for c in schemas.choices("record", "accountability", "response")),
            accountability.by_organization(found),
            accountability.possible_situations(report, ds.plans),
            show_names=accountability.names_shown(plan),
            as_of=ctx.as_of,
            titles={o.id: o.title for p in ds.plans for o in p.obligations},
            standing=ctx.standing,
            org_order=[o.id for o in ctx.organizations],
            leading_body=ctx.labels.leading_body,
        ),
    }


def without_orphans(dataset: Dataset) -> tuple[Dataset, int]:
    """The dataset without the records of an organisation that is not in it (its file has an
    error, so it has no page to show them on), and how many were left out: one bad
    organisation file is named in the banner of the home page instead of breaking every link
    to its page."""
    known = {o.id for o in dataset.organizations}
    kept = tuple(r for r in dataset.records if r.organization in known)
    if len(kept) == len(dataset.records):
        return dataset, 0
    return replace(dataset, records=kept), len(dataset.records) - len(kept)


def context_for(
    root: Path,
    as_of: date,
    settings: PortalSettings,
    use_cache: bool = True,
    commands: Sequence[tuple[str, str]] = (),
) -> SiteContext:
    """Load the repository, compute its status as of ``as_of`` and take it as status.json has it.

    ``commands`` is the help of each command for the 命令参考 page (from the command line)."""
    computed = compute_repository(root, as_of, use_cache=use_cache)
    status = StatusData.from_report(computed.report, computed.dataset, computed.labels)
    dataset, hidden = without_orphans(computed.dataset)
    return SiteContext(
        report=computed.report,
        status=status,
        dataset=dataset,
        hidden_records=hidden,
        labels=computed.labels,
        schemas=computed.schemas,  # derived from the repository's vocabularies: 字段参考, 记录模板
        settings=settings,
        load_errors=computed.load_errors,
        commands=commands,
    )
