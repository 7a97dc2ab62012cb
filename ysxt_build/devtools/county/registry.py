"""The registry: the town committee and its party organisations, their members and terms.

``Registry(rng, orgs, members).build()`` draws the organisation tree (general branches with
branches under them; villages, communities, offices, schools and enterprises; a few founded
or dissolved during the period), each leading group's terms of office (some with a change of
secretary or a member leaving), and each organisation's propaganda positions, reviews of
their register and public-opinion watch.
"""

from __future__ import annotations

import random
from typing import Optional

from .days import FIRST_YEAR, LAST_YEAR, START, ordinal
from .model import TOWN_ID, Org, Position, Term
from .vocabulary import (
    CN_NUM,
    ENTERPRISES,
    GIVEN,
    OFFICES,
    PLACE,
    PORTFOLIOS,
    POSITION_KINDS,
    SCHOOLS,
    SURNAMES,
)

_CATEGORY_WEIGHTS = [("village", 40), ("community", 14), ("office", 16), ("school", 15), ("enterprise", 15)]
_UNIT_TABLES = {"office": OFFICES, "school": SCHOOLS, "enterprise": ENTERPRISES}
_TOWN_POSITIONS = [("wechat_account", "“XX镇发布”微信公众号"), ("board", "镇政务公开栏"), ("website", "镇政府网站")]
_OTHER_POSITIONS = [("board", "宣传栏"), ("wechat_account", "“XX镇发布”公众号")]


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is free first; taken from then on."""
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


class Registry:
    """Draws the organisations with their leading groups and positions, from one random stream."""

    def __init__(self, rng: random.Random, orgs: int, members: int) -> None:
        self.rng = rng
        self.n_orgs = orgs
        self.n_members = members
        self.org_ids: set[str] = set()
        self.member_ids: set[str] = set()

    def build(self) -> list[Org]:
        """The town committee first, then the organisations, every one filled in."""
        town = Org(TOWN_ID, "中共XX镇委员会", "XX镇", "town_committee", "town", None, ordinal(1984, 1, 1))
        self.org_ids.add(TOWN_ID)
        town.size = 7
        units = self._units()
        # leading-group sizes: exactly n_members people over the units, at least three each
        base_size, extra = divmod(self.n_members, max(1, len(units)))
        for i, org in enumerate(units):
            org.size = max(3, base_size + (1 if i < extra else 0))
        orgs = [town] + units
        for org in orgs:
            self._leading_group(org)
            self._positions(org)
        return orgs

    # -- the tree -------------------------------------------------------------------------

    def _units(self) -> list[Org]:
        rng = self.rng
        units: list[Org] = []
        categories = [c for c, _ in _CATEGORY_WEIGHTS]
        weights = [w for _, w in _CATEGORY_WEIGHTS]
        while len(units) < self.n_orgs:
            category = rng.choices(categories, weights)[0]
            place, py = self._place()
            with_branches = 0
            if category in ("village", "community"):
                kind = "general_branch" if rng.random() < 0.75 else "branch"
                short = place + ("村" if category == "village" else "社区")
                base = f"{py}-{category}"
                if kind == "general_branch" and rng.random() < 0.6:
                    with_branches = rng.randint(1, 3)
            else:
                unit, abbr = rng.choice(_UNIT_TABLES[category])
                short = place + unit
                base = f"{py}-{abbr}"
                kind = "branch"
                if category in ("school", "enterprise") and rng.random() < 0.2:
                    kind = "general_branch"
                    with_branches = rng.randint(1, 2)
            org_id = _unique(base, self.org_ids)
            name = short + ("党总支" if kind == "general_branch" else "党支部")
            founded, dissolved = self._lifetime(None)
            parent = Org(org_id, name, short, kind, category, TOWN_ID, founded, dissolved)
            units.append(parent)
            prefix = "教师" if category == "school" else ("职工" if category == "enterprise" else "")
            for k in range(1, with_branches + 1):
                if len(units) >= self.n_orgs:
                    break
                label = CN_NUM[k - 1]
                sub_id = _unique(f"{org_id}-b{k}", self.org_ids)
                sub_founded, sub_dissolved = self._lifetime(parent)
                units.append(
                    Org(sub_id, f"{short}{prefix}第{label}党支部", f"{short}{prefix}第{label}支部", "branch",
                        category, org_id, sub_founded, sub_dissolved)
                )
        return units

    def _lifetime(self, parent: Optional[Org]) -> tuple[int, Optional[int]]:
        """When an organisation was founded and, if it was, dissolved (a branch within its parent's)."""
        rng = self.rng
        roll = rng.random()
        latest_founding, latest_dissolution = ordinal(LAST_YEAR, 9, 30), ordinal(LAST_YEAR, 10, 31)
        if parent is None:
            if roll < 0.06:  # founded during the period
                founded = rng.randint(START + 1, latest_founding)
            else:
                founded = rng.randint(ordinal(1990, 1, 1), ordinal(FIRST_YEAR - 1, 12, 31))
            dissolved = None
            chance = 0.06
        else:
            lo = parent.founded
            hi = min(parent.last - 120, latest_founding)
            if roll < 0.1 and hi > max(lo, START):
                founded = rng.randint(max(lo, START), hi)
            else:
                founded = rng.randint(lo, max(lo, min(hi, START - 1)))
            dissolved = parent.dissolved
            chance = 0.04
        if dissolved is None and rng.random() < chance:
            first = max(founded, START) + 120
            if first <= latest_dissolution:
                dissolved = rng.randint(first, latest_dissolution)
        return founded, dissolved

    # -- people ---------------------------------------------------------------------------

    def _leading_group(self, org: Org) -> None:
        rng = self.rng
        a, b = org.first, org.last
        start = org.founded if org.founded >= START else rng.randint(max(org.founded, ordinal(2016, 1, 1)), START - 1)
        change = org.size >= 4 and b - a > 150 and rng.random() < (0.8 if org.kind == "town_committee" else 0.15)
        slots = org.size - (1 if change else 0)
        people = [self._person() for _ in range(slots)]
        terms: list[Term] = []
        for i, (mid, name) in enumerate(people):
            if i == 0:
                role, portfolio = "secretary", "全面工作"
            elif i == 1:
                role, portfolio = "member_in_charge", "宣传思想、意识形态"
            else:
                role, portfolio = "committee_member", PORTFOLIOS[(i - 2) % len(PORTFOLIOS)]
            member_start = start if i < 2 or rng.random() < 0.7 else rng.randint(start, max(start, a))
            terms.append(Term(mid, name, role, portfolio, member_start))
        if change:
            when = rng.randint(a + 60, b - 30)
            terms[0].end = when - 1
            mid, name = self._person()
            terms.append(Term(mid, name, "secretary", "全面工作", when))
        if len(terms) >= 5 and b - a > 150 and rng.random() < 0.1:
            leaver = terms[2]
            leaver.end = rng.randint(max(leaver.start, a) + 60, b - 30)
        if org.dissolved is not None:
            for t in terms:
                if t.end is None or t.end > org.dissolved:
                    t.end = org.dissolved
        org.terms = terms

    def _person(self) -> tuple[str, str]:
        """A new member: (id, name)."""
        rng = self.rng
        sur, sur_py = rng.choice(SURNAMES)
        parts = [rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.35 else 2)]
        name = sur + "".join(c for c, _ in parts)
        return _unique(f"m-{sur_py}-{''.join(p for _, p in parts)}", self.member_ids), name

    def _place(self) -> tuple[str, str]:
        """A place name and its pinyin."""
        (a, pa), (b, pb) = self.rng.sample(PLACE, 2)
        return a + b, pa + pb

    # -- positions ------------------------------------------------------------------------

    def _positions(self, org: Org) -> None:
        rng = self.rng
        kinds = POSITION_KINDS.get(org.category, _OTHER_POSITIONS)
        if org.kind == "town_committee":
            kinds = _TOWN_POSITIONS
        count = rng.randint(1, len(kinds))
        manager = org.terms[1].member_id
        for i, (kind, label) in enumerate(kinds[:count]):
            since = rng.randint(max(org.founded, ordinal(2005, 1, 1)), max(org.founded, ordinal(2023, 12, 31)))
            if since > org.last:
                since = org.founded
            name = label if org.kind == "town_committee" or label.startswith("“") else f"{org.short}{label}"
            org.positions.append(Position(f"{kind.replace('_', '-')}-{i + 1}", name, kind, manager, since))
        # reviews of the register: about every half year, with gaps
        day = org.first + rng.randint(20, 120)
        while day <= org.last:
            if rng.random() < 0.85:
                org.reviewed.append(day)
            day += rng.randint(150, 200)
        if not org.reviewed:
            org.reviewed.append(org.first)
        if org.kind == "town_committee" or rng.random() < 0.7:
            org.watch = rng.randint(org.founded, max(org.founded, min(org.last, ordinal(2024, 6, 30))))
