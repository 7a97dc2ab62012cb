"""Record ids and titles: the record types the county holds, numbering, and the title line.

Ids are ``YEAR-ORG-SHORT-NN`` (``SHORT``: the type's short code in the plan's vocabulary),
numbered per organisation, year and type in date order; on the same day, what a record refers
to (a directive, an incident, an approval) comes first. Titles are made from the type, the
year, the number and the theme.
"""

from __future__ import annotations

from collections import Counter

from typing import Mapping

from .days import month, year
from .model import Rec
from .vocabulary import CN_NUM, DIRECTIVE_TITLES

# The record types the generator draws (activities.py makes each in its own way); their names
# and short id codes are the vocabulary's (records/vocabularies/xx-town.yaml).
RECORD_TYPES: tuple[str, ...] = (
    "special_study", "party_briefing", "self_inspection", "directive", "directive_study", "group_study",
    "cadre_training", "theory_training", "supervision", "portfolio_meeting", "democratic_life_meeting",
    "organisational_life_meeting", "duty_report", "annual_work_plan", "lecture", "approval", "incident",
    "incident_report", "incident_response", "other",
)
_REFERRED_TO_FIRST = ["directive", "incident", "approval", "incident_report", "incident_response", "lecture"]
# Same-day order: what is referred to comes first.
_TYPE_ORDER = {t: i for i, t in enumerate(_REFERRED_TO_FIRST + [t for t in RECORD_TYPES if t not in _REFERRED_TO_FIRST])}


def assign_ids(records: list[Rec], shorts: Mapping[str, str]) -> None:
    """Give every record its number in the year and its id (``shorts``: each type's short id
    code, from the vocabulary; a type without one is written with dashes)."""
    by_org: dict[str, list[Rec]] = {}
    for rec in records:
        by_org.setdefault(rec.org.id, []).append(rec)
    for org_id, recs in by_org.items():
        recs.sort(key=lambda r: (r.day, _TYPE_ORDER[r.type], r.serial))
        counter: Counter[tuple[int, str]] = Counter()
        for rec in recs:
            y = year(rec.day)
            abbr = shorts.get(rec.type) or rec.type.replace("_", "-")
            counter[(y, abbr)] += 1
            rec.seq = counter[(y, abbr)]
            rec.id = f"{y}-{org_id}-{abbr}-{rec.seq:02d}"


def title(rec: Rec) -> str:
    """The record's title (after :func:`assign_ids`, which numbers it)."""
    y = year(rec.day)
    n = rec.seq
    nth = CN_NUM[n - 1] if n <= 10 else str(n)
    half = "上半年" if month(rec.day) <= 6 else "下半年"
    t, theme = rec.type, rec.theme
    if t == "special_study":
        return f"{y}年第{nth}次意识形态工作专题研究会议"
    if t == "party_briefing":
        return f"{y}年{half}意识形态领域情况党内通报"
    if t == "self_inspection":
        return f"{y}年{half}意识形态工作责任制落实情况专题自查"
    if t == "directive":
        assert rec.directive is not None
        pattern = DIRECTIVE_TITLES[rec.serial % len(DIRECTIVE_TITLES)]
        return f"{rec.directive.issuer}{pattern.format(y=y, t=theme)}（{rec.directive.document_no}）"
    if t == "directive_study":
        return f"传达学习上级文件精神（{_responded_document(rec)}）"
    if t == "group_study":
        return f"{y}年第{nth}次理论学习中心组学习：{theme}"
    if t == "cadre_training":
        return f"{y}年党员干部意识形态专题培训（{theme}）"
    if t == "theory_training":
        return f"{y}年班子成员理论培训：{theme}"
    if t == "supervision":
        return f"{y}年{half}分管范围意识形态工作督促指导和检查"
    if t == "portfolio_meeting":
        return f"分管范围意识形态工作专题会议（落实{_responded_document(rec)}）"
    if t == "democratic_life_meeting":
        return f"{y - 1 if month(rec.day) == 1 else y}年度领导班子民主生活会"
    if t == "organisational_life_meeting":
        return f"{y}年度组织生活会（第{nth}次）" if n > 1 else f"{y}年度组织生活会"
    if t == "duty_report":
        return f"{y}年度个人述职报告（含履行意识形态工作责任制情况）"
    if t == "annual_work_plan":
        return f"{y}年意识形态工作要点及年度重点工作安排"
    if t == "lecture":
        assert rec.lecture is not None
        return f"“{theme}”专题{rec.lecture.form}"
    if t == "approval":
        form = rec.lecture.form if rec.lecture else "讲座"
        return f"关于举办“{theme}”{form}的审核报备"
    if t == "incident":
        return f"关于{theme}的情况"
    if t == "incident_report":
        return f"关于{theme}的情况报告"
    if t == "incident_response":
        return f"{theme}的研判处置"
    return f"{y}年{theme}相关工作（第{nth}次）"


def _responded_document(rec: Rec) -> str:
    """The document number of the directive ``rec`` responds to."""
    directive = rec.responds_to[0].directive
    assert directive is not None
    return directive.document_no
