"""The activity records, by kind: each organisation's yearly cadence, then random additions.

``build_records`` shares the records out: a directive from above for every two hundred, the
rest over the organisations by how long they existed in the period (the town committee
three times over). Each organisation then records its yearly cadence (work plan, special
studies, briefings, self-inspections with their reports, study sessions, trainings, life
meetings, every member's duty report), skipping a few, and fills its share with supervision,
responses to directives, lectures with their approval beforehand, incidents with their
report and response, and other work.
"""

from __future__ import annotations

import random
from typing import Optional, Sequence

from .days import END, month, ordinal, year
from .directives import Directives
from .maker import RecordMaker
from .model import Lecture, Org, Rec
from .vocabulary import INCIDENTS, LECTURE_SPEAKERS, THEMES

# The yearly cadence: (type, first month-day, last month-day).
_CADENCE = [
    ("annual_work_plan", (1, 5), (3, 31)),
    ("special_study", (1, 15), (6, 30)),
    ("special_study", (7, 1), (12, 20)),
    ("party_briefing", (3, 1), (11, 30)),
    ("self_inspection", (5, 20), (7, 10)),
    ("self_inspection", (11, 20), (12, 31)),
    ("group_study", (2, 1), (6, 30)),
    ("group_study", (8, 1), (11, 30)),
    ("cadre_training", (3, 1), (11, 30)),
    ("theory_training", (4, 1), (10, 31)),
    ("life_meeting", (12, 1), (12, 31)),
    ("duty_report", (12, 10), (12, 31)),
]
_CADENCE_SKIP = 0.08  # share of cadence items an organisation fails to record

# Random additions after the yearly cadence: (type, weight).
_FILL_WEIGHTS = [
    ("supervision", 20), ("directive_study", 15), ("portfolio_meeting", 6), ("group_study", 8),
    ("cadre_training", 5), ("theory_training", 5), ("special_study", 4), ("party_briefing", 3),
    ("lecture", 6), ("incident", 5), ("other", 15), ("organisational_life_meeting", 2),
    ("approval", 1),
]
_FILL_TYPES = [t for t, _ in _FILL_WEIGHTS]
_FILL_TYPE_WEIGHTS = [w for _, w in _FILL_WEIGHTS]

# Meetings the whole leading group attends.
_EVERYONE = ("theory_training", "democratic_life_meeting", "organisational_life_meeting", "annual_work_plan")


def build_records(rng: random.Random, orgs: list[Org], count: int, n_directives: Optional[int] = None) -> list[Rec]:
    """``count`` records of the organisations (the town committee first), in the order drawn;
    ``n_directives`` of them directives from above (default one for every two hundred records)."""
    maker = RecordMaker(rng)
    directives = Directives(rng, maker)
    if n_directives is None:
        n_directives = max(1, count // 200) if count >= 2 else count
    n_directives = min(n_directives, count)
    directives.issue(orgs[0], orgs[1:], n_directives)
    weights = [(o.last - o.first + 1) * (3 if o.kind == "town_committee" else 1) for o in orgs]
    activities = Activities(rng, maker, directives)
    for org, budget in zip(orgs, apportion(count - n_directives, weights)):
        activities.for_org(org, budget)
    return maker.records


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder, ties by position)."""
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0] * len(weights)
    shares = [total * w // whole for w in weights]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


class Activities:
    """Draws one organisation's records at a time."""

    def __init__(self, rng: random.Random, maker: RecordMaker, directives: Directives) -> None:
        self.rng = rng
        self.maker = maker
        self.directives = directives

    def for_org(self, org: Org, budget: int) -> None:
        """``budget`` records of ``org``: as much of its cadence as fits, then additions."""
        due = self._cadence(org)
        self.rng.shuffle(due)
        due = sorted(due[:budget])
        for day, type_, member in due:
            self._single(org, type_, day, member)
        remaining = budget - len(due)
        while remaining > 0:
            remaining -= self._addition(org, remaining)

    def _cadence(self, org: Org) -> list[tuple[int, str, str]]:
        """What the yearly cadence asks of ``org``: (day, type, member for a duty report)."""
        rng = self.rng
        a, b = org.first, org.last
        due: list[tuple[int, str, str]] = []
        for y in range(year(a), year(b) + 1):
            ya, yb = max(a, ordinal(y, 1, 1)), min(b, ordinal(y, 12, 31))
            for type_, (m1, d1), (m2, d2) in _CADENCE:
                lo, hi = max(ya, ordinal(y, m1, d1)), min(yb, ordinal(y, m2, d2))
                if lo > hi or rng.random() < _CADENCE_SKIP:
                    continue
                day = rng.randint(lo, hi)
                if type_ == "duty_report":
                    due += [(day, type_, term.member_id) for term in org.holders(day)]
                else:
                    due.append((day, type_, ""))
        return due

    def _addition(self, org: Org, remaining: int) -> int:
        """One random addition (two or three records for a lecture or an incident); how many."""
        rng = self.rng
        type_ = rng.choices(_FILL_TYPES, _FILL_TYPE_WEIGHTS)[0]
        if type_ in ("directive_study", "portfolio_meeting"):
            directive = self.directives.pick(org)
            if directive is not None:
                span, lead_role = (10, "secretary") if type_ == "directive_study" else (20, "member_in_charge")
                day = min(org.last, directive.day + rng.randint(0, span))
                self.maker.meeting(type_, org, day, directive.theme, lead_role, responds_to=directive)
                return 1
            type_ = "other"
        if type_ == "lecture":
            if remaining >= 2:
                return self._lecture(org)
            type_ = "other"
        if type_ == "incident":
            return self._incident(org, remaining)
        self._single(org, type_, rng.randint(org.first, org.last))
        return 1

    def _single(self, org: Org, type_: str, day: int, member: str = "") -> None:
        """A record that stands alone: ``member``'s duty report, or one of ``type_``."""
        rng = self.rng
        if type_ == "life_meeting":
            type_ = "democratic_life_meeting" if org.kind == "town_committee" else "organisational_life_meeting"
        rec = self.maker.new(type_, org, day)
        if type_ == "duty_report":
            rec.lead = member
        elif type_ == "supervision":
            holders = org.holders(day)
            lead = rng.choice(holders)
            rec.lead = lead.member_id
            if rng.random() < 0.4 and len(holders) > 1:
                other = rng.choice([t for t in holders if t is not lead])
                rec.participants = [lead.member_id, other.member_id]
        elif type_ == "other":
            rec.lead = rng.choice(org.holders(day)).member_id
        elif type_ == "approval":  # one no lecture followed
            rec.approval = ("镇党委宣传办", "rejected")
            rec.led_by("member_in_charge")
        else:
            self.maker.attend(rec, everyone=type_ in _EVERYONE)
        if type_ == "self_inspection" and rng.random() < 0.9:
            submitted = min(END, day + rng.randint(0, 12))
            rec.report = (submitted, f"{org.short}自查〔{year(day)}〕{1 if month(day) <= 6 else 2}号")

    def _lecture(self, org: Org) -> int:
        """A lecture and its approval beforehand: two records."""
        rng = self.rng
        a, b = org.first, org.last
        day = rng.randint(min(b, a + 20), b)
        form = rng.choice(["报告会", "研讨会", "讲座", "论坛", "讲坛"])
        theme = rng.choice(THEMES)
        approved_on = max(a, day - rng.randint(2, 20))
        approval = self.maker.new("approval", org, approved_on, theme)
        approval.approval = (rng.choice(["镇党委宣传办", "镇党委办公室"]),
                             "approved" if rng.random() < 0.85 else "filed")
        approval.led_by("member_in_charge")
        approval.lecture = Lecture(form, "", None)  # the form, for the title only
        rec = self.maker.new("lecture", org, day, theme)
        rec.lecture = Lecture(form, rng.choice(LECTURE_SPEAKERS), approval)
        self.maker.attend(rec, "member_in_charge")
        return 2

    def _incident(self, org: Org, remaining: int) -> int:
        """An incident, a report of it if major, and the response, as far as ``remaining`` goes."""
        rng = self.rng
        b = org.last
        day = rng.randint(org.first, b)
        category = rng.choices(["public_opinion", "public_event", "position", "other"], [60, 15, 15, 10])[0]
        level = "major" if rng.random() < 0.15 else "general"
        what = rng.choice(INCIDENTS[category]).format(p=org.short)
        incident = self.maker.new("incident", org, day, what)
        incident.incident = (category, level)
        written = 1
        if level == "major" and remaining - written >= 1 and rng.random() < 0.9:
            on = min(b, day + rng.choice([0, 0, 0, 1, 1, 2]))
            report = self.maker.new("incident_report", org, on, what)
            report.responds_to = [incident]
            report.led_by("secretary")
            report.report = (on, "")
            written += 1
        if remaining - written >= 1 and rng.random() < 0.92:
            on = min(b, day + rng.randint(0, 5))
            response = self.maker.meeting("incident_response", org, on, what, "member_in_charge", responds_to=incident)
            secretary = org.holder(on, "secretary").member_id
            if secretary not in response.participants:
                response.participants.insert(0, secretary)
            written += 1
        return written
