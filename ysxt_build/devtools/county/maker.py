"""Where every record starts: its summary, topics and evidence, and who took part.

``RecordMaker.new`` draws what every record has whatever its type (a summary made of the
type's sentences, topics, archive references for the evidence, a serial number that also
decides which records carry a real evidence file) and keeps the record; ``attend`` fills in
a meeting's lead, participants and attendance; ``meeting`` does both.
"""

from __future__ import annotations

import random
from typing import Optional

from .days import year
from .model import Org, Rec
from .vocabulary import (
    COMMON_SENTENCES,
    EVIDENCE_KIND,
    EVIDENCE_TITLES,
    THEMES,
    TOPICS_IDEO,
    TOPICS_OTHER,
    TYPE_SENTENCES,
)

EVIDENCE_FILE_EVERY = 500  # one record in this many carries a real evidence file

_SELF_CONTAINED = ("directive", "incident", "approval")  # no common meeting sentences
_ABOUT_THE_WORK = ("incident", "self_inspection", "supervision", "approval")  # fixed topics


class RecordMaker:
    """Makes and keeps the records, in the order they are drawn."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.records: list[Rec] = []

    def new(self, type_: str, org: Org, day: int, theme: str = "") -> Rec:
        """A record of ``type_`` by ``org`` on ``day``, about ``theme`` (drawn if not given)."""
        rng = self.rng
        sentences = TYPE_SENTENCES[type_]
        picked = rng.sample(sentences, rng.randint(1, min(2, len(sentences))))
        if type_ not in _SELF_CONTAINED:
            picked += rng.sample(COMMON_SENTENCES, rng.randint(1, 3))
        theme = theme or rng.choice(THEMES)
        summary = (f"围绕“{theme}”，" if rng.random() < 0.5 else "") + "".join(picked)
        rec = Rec(type_, org, day, theme, summary, self._topics(type_))
        if rng.random() < 0.88 or type_ == "self_inspection":
            rec.evidence = self._evidence(type_, org, day)
        rec.serial = len(self.records) + 1
        rec.evidence_file = rec.serial % EVIDENCE_FILE_EVERY == 1
        self.records.append(rec)
        return rec

    def meeting(
        self,
        type_: str,
        org: Org,
        day: int,
        theme: str = "",
        lead_role: str = "secretary",
        everyone: bool = False,
        responds_to: Optional[Rec] = None,
    ) -> Rec:
        """A new record and who attended (see :meth:`attend`), responding to ``responds_to``."""
        rec = self.new(type_, org, day, theme)
        if responds_to is not None:
            rec.responds_to = [responds_to]
        self.attend(rec, lead_role, everyone)
        return rec

    def attend(self, rec: Rec, lead_role: str = "secretary", everyone: bool = False) -> None:
        """Led by whoever holds ``lead_role``; the leading group (all of it if ``everyone`` or
        small, else most of it) take part, and some others besides."""
        rng = self.rng
        holders = rec.org.holders(rec.day)
        lead = rec.org.holder(rec.day, lead_role)
        rec.lead = lead.member_id
        if everyone or len(holders) <= 3:
            chosen = holders
        else:
            others = [t for t in holders if t is not lead]
            keep = rng.randint(max(1, len(others) - 2), len(others))
            kept = set(id(t) for t in rng.sample(others, keep))
            chosen = [t for t in holders if t is lead or id(t) in kept]
        rec.participants = [t.member_id for t in chosen]
        rec.attendance = len(chosen) + rng.randint(0, 60)

    def _topics(self, type_: str) -> list[str]:
        rng = self.rng
        if type_ in _ABOUT_THE_WORK:
            return ["意识形态工作"] if type_ != "incident" else [rng.choice(["网络舆情", "意识形态风险研判"])]
        topics = []
        if rng.random() < 0.92:
            topics.append(rng.choice(TOPICS_IDEO))
        topics += [t for t in rng.sample(TOPICS_OTHER, rng.randint(0, 2)) if t not in topics]
        if not topics:
            topics.append(rng.choice(TOPICS_OTHER))
        return topics

    def _evidence(self, type_: str, org: Org, day: int) -> list[tuple[str, str]]:
        """One to three (title, paper-archive reference) pairs."""
        rng = self.rng
        titles = EVIDENCE_TITLES.get(EVIDENCE_KIND.get(type_, type_), ["工作记录"])
        y = year(day)
        evidence = []
        for title in rng.sample(titles, rng.randint(1, min(3, len(titles)))):
            if org.kind == "town_committee":
                archive = f"镇党委办公室档案{y}年第{rng.randint(1, 40)}卷"
            else:
                archive = f"{org.short}党建档案{y}-{rng.randint(1, 12):02d}号盒"
            evidence.append((title, archive))
        return evidence
