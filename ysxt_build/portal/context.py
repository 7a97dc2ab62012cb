"""Everything a page needs, in one place: the status (from status.json), the loaded data
for descriptive content, labels from the schemas, settings, and the lookups built on them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Optional, Sequence

from ..records.labels import Labels
from ..records.model import Dataset, Obligation, Organization, Plan, Record, plans_on
from ..records.order import registry_order
from ..records.periods import Period
from ..records.problems import Problem
from ..records.schemas import SchemaSet
from ..status.items import Item, ItemCounts, counts, group, standing_ids
from ..status.items import worst as worst  # the pages take it from here
from ..status.model import StatusReport
from . import paths
from .escape import safe_url_prefix, text, url_path
from .status_data import StatusData, StatusEntry


@dataclass(frozen=True)
class PortalSettings:
    """Choices of the town office for the portal (``extra.ysxt`` in mkdocs.yml)."""

    source_url: str = ""  # web address that a record's path is appended to, e.g. …/src/branch/main/
    recent_records: int = 10
    list_limit: int = 50  # longest list on the home page before "see more"
    # 填报: the forge holding the records repository (gitea, forgejo, gitlab or github), its web
    # address and the branch new records go to; the address is taken from source_url when unset
    forge: str = "gitea"
    repo_url: str = ""
    branch: str = "main"


@dataclass
class SiteContext:
    status: StatusData
    dataset: Dataset
    labels: Labels
    schemas: SchemaSet
    settings: PortalSettings = field(default_factory=PortalSettings)
    load_errors: Sequence[Problem] = ()
    hidden_records: int = 0  # valid records left out with their organisation's bad file
    report: Optional[StatusReport] = None  # the engine's result, for scoring and case pages
    commands: Sequence[tuple[str, str]] = ()  # (name, help) of each command, from the CLI
    # share met per half-year of each organisation, filled by trends.org_series (three pages use it)
    org_series: dict[str, list[tuple[str, Optional[float]]]] = field(default_factory=dict)

    @property
    def as_of(self) -> date:
        return self.status.as_of

    # -- plans and obligations ------------------------------------------------------------

    @cached_property
    def plans(self) -> list[Plan]:
        return sorted(self.dataset.plans, key=lambda p: (p.effective_from, p.id))

    @cached_property
    def current_plan(self) -> Optional[Plan]:
        for plan in reversed(self.plans):
            if plan.in_force_on(self.as_of):
                return plan
        return self.plans[-1] if self.plans else None

    @cached_property
    def current_plans(self) -> list[Plan]:
        """The plan in force (or the latest) of each responsibility system, the main one first."""
        return plans_on(self.plans, self.as_of)

    @cached_property
    def _obligations(self) -> dict[tuple[str, str], Obligation]:
        return {(p.id, o.id): o for p in self.plans for o in p.obligations}

    def obligation(self, plan_id: str, obligation_id: str) -> Optional[Obligation]:
        found = self._obligations.get((plan_id, obligation_id))
        if found is not None:
            return found
        if self.current_plan is not None:
            for o in self.current_plan.obligations:
                if o.id == obligation_id:
                    return o
        return None

    def obligation_of(self, e: StatusEntry) -> Optional[Obligation]:
        return self.obligation(e.plan, e.obligation)

    @cached_property
    def obligation_rank(self) -> dict[str, int]:
        """Order of obligations as the current plan lists them (others after)."""
        order: dict[str, int] = {}
        for plan in ([self.current_plan] if self.current_plan else []) + self.plans:
            for o in plan.obligations:
                order.setdefault(o.id, len(order))
        return order

    def obligation_title(self, e: StatusEntry) -> str:
        ob = self.obligation_of(e)
        return ob.title if ob is not None else e.obligation

    def plan_of(self, plan_id: str) -> Optional[Plan]:
        return next((p for p in self.plans if p.id == plan_id), None)

    # -- organisations and people ---------------------------------------------------------

    @cached_property
    def organizations(self) -> list[Organization]:
        """Every organisation in the registry's order: the town committee first, each parent
        followed by its children (:func:`~ysxt_build.records.order.registry_order`)."""
        return registry_order(self.dataset.organizations, list(self.labels.categories), list(self.labels.org_kinds))

    @cached_property
    def org_depth(self) -> dict[str, int]:
        depth: dict[str, int] = {}
        by_id = self.dataset.organizations_by_id
        for o in self.organizations:
            d, parent, hops = 0, o.parent, 0
            while parent is not None and parent in by_id and hops < 20:
                d += 1
                parent = by_id[parent].parent
                hops += 1
            depth[o.id] = d
        return depth

    def org_name(self, org_id: str) -> str:
        org = self.dataset.organization(org_id)
        return org.name if org is not None else org_id

    @cached_property
    def _member_names(self) -> dict[str, str]:
        return {t.member_id: t.name for o in self.dataset.organizations for t in o.terms}

    def member_name(self, member_id: str) -> str:
        return self._member_names.get(member_id, member_id)

    # -- entries ---------------------------------------------------------------------------

    @cached_property
    def entries_by_org(self) -> dict[str, list[StatusEntry]]:
        out: dict[str, list[StatusEntry]] = defaultdict(list)
        for e in self.status.entries:
            out[e.organization].append(e)
        return out

    @cached_property
    def halves(self) -> list[Period]:
        """Every half-year from the earliest period end in the status to the as-of date."""
        if not self.status.entries:
            return []
        h = Period.containing("half", min(e.period_end for e in self.status.entries))
        last = Period.containing("half", self.as_of)
        out = []
        while h <= last:
            out.append(h)
            h = h.next()
        return out

    @cached_property
    def children(self) -> dict[str, list[Organization]]:
        """Organisation id → its direct sub-organisations, in tree order."""
        out: dict[str, list[Organization]] = defaultdict(list)
        for o in self.organizations:
            if o.parent is not None:
                out[o.parent].append(o)
        return out

    # -- things to do: entries grouped into items (ysxt_build.status.items) ----------------

    @cached_property
    def standing(self) -> frozenset[str]:
        """The obligations that are standing conditions (one item however many periods)."""
        return standing_ids(self.plans)

    def items(self, entries: Sequence[StatusEntry]) -> list[Item[StatusEntry]]:
        return group(entries, self.standing, self.dataset.cycles, self.as_of)

    @cached_property
    def town_counts(self) -> ItemCounts:
        return counts(self.status.entries, self.standing)

    @cached_property
    def org_counts(self) -> dict[str, ItemCounts]:
        """Items to do per organisation: what its chip, its page and the index count."""
        return {org_id: counts(found, self.standing) for org_id, found in self.entries_by_org.items()}

    def is_current(self, e: StatusEntry) -> bool:
        return e.period_start <= self.as_of <= e.period_end

    @cached_property
    def counted_for(self) -> dict[str, list[StatusEntry]]:
        """Record id → the entries it counts for (or is an incomplete record of)."""
        out: dict[str, list[StatusEntry]] = defaultdict(list)
        for e in self.status.entries:
            for rid in e.records + e.incomplete_records:
                out[rid].append(e)
            if e.trigger is not None:
                out[e.trigger].append(e)
        return out

    def sort_key(self, e: StatusEntry) -> tuple[int, str, str, str, str]:
        return (self.obligation_rank.get(e.obligation, 999), e.period, e.organization, e.member or "", e.trigger or "")

    # -- records ----------------------------------------------------------------------------

    @cached_property
    def records(self) -> list[Record]:
        """Records known on the as-of date, newest first."""
        visible = [r for r in self.dataset.records if r.date <= self.as_of]
        return sorted(visible, key=lambda r: (r.date, r.id), reverse=True)

    @cached_property
    def records_by_org(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = defaultdict(list)
        for r in self.records:
            out[r.organization].append(r)
        return out

    @cached_property
    def record_ids(self) -> set[str]:
        return {r.id for r in self.records}

    @cached_property
    def amended_by(self) -> dict[str, list[str]]:
        """Record id → the records (known on the as-of date) that correct it."""
        out: dict[str, list[str]] = defaultdict(list)
        for r in self.records:
            if r.amends is not None:
                out[r.amends.record].append(r.id)
        return out

    def record_link(self, frm: str, record_id: str) -> str:
        """A link to a record on its organisation's page (its id as text when unknown)."""
        r = self.dataset.records_by_id.get(record_id)
        if r is None or record_id not in self.record_ids:
            return text(record_id)
        return f"[{text(r.title)}]({paths.link(frm, paths.org(r.organization), paths.record_anchor(r.id))})"

    @property
    def has_source_links(self) -> bool:
        """Whether source files are web links (a usable ``source_url`` is configured)."""
        return bool(self.settings.source_url) and safe_url_prefix(self.settings.source_url)

    def source_link(self, path: str) -> str:
        """Where a file is: a web link when a source address is configured, else its path."""
        if self.has_source_links:
            return f"[{text(path)}](<{self.settings.source_url.rstrip('/')}/{url_path(path)}>)"
        return f"<code>{text(path)}</code>"
