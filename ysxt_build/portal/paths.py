"""Where each generated page lives under ``docs/``, anchors inside pages, and relative links.

Pages link to each other with relative ``.md`` links, which MkDocs checks in strict mode and
rewrites to the built file; anchors are ids given explicitly (``{#id}``) so they never depend
on heading text.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from ..records.layout import reserved_id
from .escape import slug

HOME = "index.md"
OBLIGATIONS = "obligations.md"
ORGS = "orgs/index.md"
RECORDS = "records/index.md"
CALENDAR = "calendar.md"
ICS = "ysxt.ics"
TRENDS = "trends.md"
PLANS = "plan/index.md"
TEMPLATES = "guide/templates.md"
FIELDS = "guide/fields.md"
GUIDE = "guide/index.md"  # hand-written
COMMANDS = "guide/commands.md"
INSPECTIONS = "inspections.md"
ASSESSMENTS = "assessments.md"
ACCOUNTABILITY = "accountability.md"
# words the search index keeps whole (mkdocs.yml: plugins.search.jieba_dict_user); a dotfile,
# which MkDocs does not publish
SEARCH_WORDS = ".ysxt-words.txt"
FILL = "fill.md"  # 填报 (pages_form)
FILL_DATA = "fill/data.js"
# the portal's styles and scripts (portal/assets/) are written here; hand-written files may stand beside them
ASSETS_DIR = "assets"

# Generated files and folders (relative to docs/); keep in step with .gitignore.
GENERATED_DIRS = ("orgs", "records", "plan", "fill")
GENERATED_FILES = (HOME, OBLIGATIONS, CALENDAR, ICS, TRENDS, TEMPLATES, FIELDS, COMMANDS, INSPECTIONS, ASSESSMENTS, ACCOUNTABILITY,
                   FILL, SEARCH_WORDS)


# An organisation's or a plan's page is named by its id, except an id the folder's own index
# page (index) or Windows (con, nul …) keeps: ysxt check refuses those, and until they are
# changed the page takes a hashed name rather than another page's place.


def org(org_id: str) -> str:
    return f"orgs/{slug(org_id, reserved=reserved_id)}.md"


def org_ics(org_id: str) -> str:
    return f"orgs/{slug(org_id, reserved=reserved_id)}.ics"


def fill_org(org_id: str) -> str:
    """The 填报 page's data of one organisation (ids taken, records to answer, counts)."""
    return f"fill/o-{slug(org_id)}.js"


def fill_records(org_id: str, year: int) -> str:
    """The 填报 page's copy of one organisation's records of one year (for 修改/更正)."""
    return f"fill/r-{slug(org_id)}-{year}.js"


def fill_edit(org_id: str, year: int, record_id: str) -> str:
    """The query that opens the 填报 page on a record (修改/更正): ``?edit=<org>/<year>/<id>``."""
    return f"?edit={slug(org_id)}/{year}/{slug(record_id)}"


def records_year(year: int) -> str:
    return f"records/{year}.md"


def plan(plan_id: str) -> str:
    return f"plan/{slug(plan_id, reserved=reserved_id)}.md"


def link(frm: str, to: str, anchor: str = "") -> str:
    """The relative link from page ``frm`` to page ``to`` (and an anchor in it)."""
    target = "" if frm == to else _relative(posixpath.dirname(frm), to)
    return f"{target}#{anchor}" if anchor else target


@lru_cache(maxsize=1 << 14)  # a few folders link to the same pages many times over
def _relative(folder: str, to: str) -> str:
    return posixpath.relpath(to, folder or ".")


# -- anchors --------------------------------------------------------------------------------


def obligation_anchor(obligation_id: str) -> str:
    return slug(obligation_id, "ob-")


def record_anchor(record_id: str) -> str:
    return slug(record_id, "r-")


def member_anchor(member_id: str) -> str:
    return slug(member_id, "p-")


def type_anchor(record_type: str) -> str:
    return slug(record_type.replace("_", "-"), "t-")


_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CLAUSE = re.compile(r"^([一二三四五六七八九十]+)(?:（([一二三四五六七八九十]+)）)?([0-9]+)?$")


def chinese_number(value: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (up to 99)."""
    if "十" in value:
        tens, _, ones = value.partition("十")
        return (_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_NUMERALS.get(ones, 0) if ones else 0)
    return _NUMERALS[value]


def clause_anchor(ref: str) -> str:
    """二（一）4 → ``c-2-1-4``; a reference of another shape gets a stable hashed anchor."""
    m = _CLAUSE.match(ref)
    if not m:
        return slug(ref, "c-")
    parts = [str(chinese_number(m.group(1)))]
    if m.group(2):
        parts.append(str(chinese_number(m.group(2))))
    if m.group(3):
        parts.append(str(int(m.group(3))))
    return "c-" + "-".join(parts)


def clause_level(ref: str) -> int:
    """1 for 二, 2 for 二（一）, 3 for 二（一）4 (and 二4)."""
    m = _CLAUSE.match(ref)
    if not m:
        return 3
    if m.group(3):
        return 3
    return 2 if m.group(2) else 1
