"""Directives from above, as the town committee records them, and which ones an organisation
can respond to.

Most directives apply to every organisation; a few list the ones they apply to. ``pick``
draws one an organisation could have studied or met about while it existed.
"""

from __future__ import annotations

import bisect
import random
from collections import Counter
from typing import Optional

from .days import END, START, year
from .maker import RecordMaker
from .model import Directive, Org, Rec
from .vocabulary import DIRECTIVE_ISSUERS


class Directives:
    """Issues the directives (as the town committee's records) and picks them for responses."""

    def __init__(self, rng: random.Random, maker: RecordMaker) -> None:
        self.rng = rng
        self.maker = maker
        self.to_all: list[Rec] = []
        self.to_all_days: list[int] = []  # the days of to_all, for bisect
        self.listed: dict[str, list[Rec]] = {}  # organisation id: the directives that list it
        self.numbers: Counter[tuple[str, int]] = Counter()  # (document prefix, year): last number

    def issue(self, town: Org, others: list[Org], count: int) -> None:
        """``count`` directives over the period, recorded by ``town``."""
        rng = self.rng
        for day in sorted(rng.randint(START, END) for _ in range(count)):
            y = year(day)
            issuer, prefix = rng.choice(DIRECTIVE_ISSUERS)
            self.numbers[(prefix, y)] += 1
            doc_no = f"{prefix}〔{y}〕{self.numbers[(prefix, y)]}号"
            applies: Optional[list[str]] = None
            if rng.random() < 0.2 and others:
                alive = [o.id for o in others if o.first <= day <= o.last]
                if alive:
                    applies = sorted(rng.sample(alive, min(len(alive), rng.randint(2, 10))))
            deadline = rng.choice([3, 5, 10, 15]) if rng.random() < 0.15 else None
            rec = self.maker.new("directive", town, day)
            rec.directive = Directive(issuer, doc_no, applies, deadline)
            rec.topics = ["意识形态工作"]
            if applies is None:
                self.to_all.append(rec)
                self.to_all_days.append(day)
            else:
                for org_id in applies:
                    self.listed.setdefault(org_id, []).append(rec)

    def pick(self, org: Org) -> Optional[Rec]:
        """A directive that applied to ``org`` while it existed, or None if there was none."""
        a, b = org.first, org.last
        lo = bisect.bisect_left(self.to_all_days, a)
        hi = bisect.bisect_right(self.to_all_days, b)
        listed = [d for d in self.listed.get(org.id, ()) if a <= d.day <= b]
        total = (hi - lo) + len(listed)
        if total == 0:
            return None
        i = self.rng.randrange(total)
        return self.to_all[lo + i] if i < hi - lo else listed[i - (hi - lo)]
