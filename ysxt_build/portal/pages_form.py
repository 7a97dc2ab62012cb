"""填报: a clerk files a record with the browser alone.

The page is a form that ``portal/assets/ysxt-form.js`` draws from data written here, at the
same time as the other pages and from the same computed repository:

- ``fill/data.js``: the record types and their fields (:func:`record_form_spec`: the record
  schema derived from the repository's vocabulary and the plans in force, as ``ysxt new``
  reads them), the messages of ``ysxt check`` for each
  field (made by running the check's own translator on sample values, so they are the same
  words), the privacy patterns, the organisations with their leading groups' terms, and where
  the repository is on the forge;
- ``fill/o-<组织>.js``, loaded when the organisation is chosen: the ids already taken (for the
  next free number), the records a new one may answer (directives, incidents, approvals,
  inspections) and the duties' counts as of the portal's date (for "将计入…");
- ``fill/r-<组织>-<年>.js``, loaded by 修改或更正: the organisation's records of that year.

The script writes the record exactly as ``ysxt new`` would (``renderRecord`` is the twin of
:func:`~ysxt_build.records.templates.render_record`), and offers it as a link to the forge's
new-file page (for a long record, without the template's guidance comments: ``guidance``),
a download and a copy. Data go into the page as JSON, and the script puts every
value into the page as text (``textContent``), never as markup.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Optional, Union

from ..check.file_check import privacy_problems
from ..check.privacy import PERSONAL_NUMBERS
from ..check.findings import future
from ..check import schema_messages
from ..check.schema_messages import SchemaMessages
from ..ci.forge import KINDS as forge_kinds
from ..records import layout
from ..check.control_chars import control_char_problems
from ..records.characters import MULTILINE_ALLOWED, describe, json_escapes, refused_code_points
from ..records.form_spec import FieldSpec, FormSpec, record_form_spec, record_values
from ..records.model import Plan, Record
from ..records.schemas import SchemaSet
from ..records.templates import BLOCK_SCALAR, FILL_BLANKS, GUIDANCE_LINE, MODELINE, PRIVACY
from . import md, paths
from .context import SiteContext
from .escape import safe_url_prefix
from .fmt import period_zh

PAGE = paths.FILL
DATA = paths.FILL_DATA
FORGES = forge_kinds  # the forges ysxt speaks to (ci.forge): gitea, forgejo, github, gitlab

# -- the messages of ysxt check, per field --------------------------------------------------

_SAMPLE_BAD = "？？"  # fails every pattern of the schemas
_SAMPLE_DAY = "2025-02-30"  # shaped like a date, not a day


def _instance(path: str, value: Any, record_type: str) -> tuple[dict[str, Any], tuple[Union[str, int], ...]]:
    """A record of the type with ``value`` at ``path`` (``a.b``, ``a[].b``), and its pointer."""
    data: dict[str, Any] = {
        "id": "2025-sample-zyyj-01", "type": record_type, "organization": "sample", "date": "2025-01-01", "title": "标题",
    }
    pointer: list[Union[str, int]] = []
    node: Any = data
    parts = path.split(".")
    for i, part in enumerate(parts):
        listed = part.endswith("[]")
        key = part[:-2] if listed else part
        last = i == len(parts) - 1
        pointer.append(key)
        if last and not listed:
            node[key] = value
            break
        if listed:
            item: dict[str, Any] = {}
            node[key] = [value] if last else [item]
            pointer.append(0)
            node = item
        else:
            node[key] = node.get(key) if isinstance(node.get(key), dict) else {}
            node = node[key]
    return data, tuple(pointer)


def _message(schemas: SchemaSet, path: str, value: Any, record_type: str, keywords: Iterable[str],
             missing: bool = False) -> Optional[dict[str, str]]:
    """``ysxt check``'s message and hint for this value at this place (None if it passes)."""
    data, pointer = _instance(path, value, record_type)
    if missing:  # the key left out of its parent
        parent: Any = data
        for part in pointer[:-1]:
            parent = parent[part]
        del parent[pointer[-1]]
    translator = SchemaMessages(schemas, "record")
    for error in schemas.iter_errors("record", data):
        if str(error.validator) not in keywords:
            continue
        for p in translator.translate("", error):
            at = p.pointer or ()
            if at == pointer:
                return {"message": p.message, "hint": p.hint}
    return None


def _template(found: Optional[dict[str, str]], sample: str) -> Optional[dict[str, str]]:
    """The message with the sample value replaced by ``{v}`` and item index 0 by ``{i}``."""
    if found is None:
        return None
    out = {}
    for k, text in found.items():
        if sample and sample in text:
            head, _, tail = text.rpartition(sample)
            text = head + "{v}" + tail
        out[k] = text.replace("[0]", "[{i}]")
    return out


_SAMPLE_LOOSE = "2025/2/3"  # a real day written another way: ysxt check says how to write it


def _loose_date(schemas: SchemaSet, f: FieldSpec, record_type: str) -> Optional[dict[str, str]]:
    """The check's message for a date written another way (2025/2/3, 2025年2月3日), with the
    pattern it recognises such dates by; None when the check has no such message."""
    pattern = getattr(schema_messages, "_LOOSE_DATE", None)
    fixed = schema_messages.corrected_date(_SAMPLE_LOOSE) if hasattr(schema_messages, "corrected_date") else ""
    found = _message(schemas, f.path, _SAMPLE_LOOSE, record_type, ("pattern",))
    if pattern is None or not fixed or found is None or fixed not in found["message"]:
        return None
    return {
        "message": found["message"].replace(_SAMPLE_LOOSE, "{v}").replace(fixed, "{fixed}"),
        "hint": found["hint"].replace(fixed, "{fixed}"),
        "pattern": pattern.pattern,
    }


def _no_such_day(schemas: SchemaSet, f: FieldSpec, record_type: str) -> dict[str, Optional[dict[str, str]]]:
    """The check's message for a text written as a date of no day (2025-02-30), its reason
    and the start of its hint left as ``{reason}`` and ``{reason_hint}``; and the reasons, by
    case (``date-day``, ``date-month`` …: ``schema_messages.NO_SUCH_DAY``, with ``{y}`` ``{m}``
    ``{d}`` ``{n}``), for the script to fill in as the check does."""
    found = _message(schemas, f.path, _SAMPLE_DAY, record_type, ("format",))
    reason, hint = schema_messages.no_such_day(*(schema_messages.date_parts(_SAMPLE_DAY) or (0, 0, 0)))
    if found is None or reason not in found["message"]:
        return {"date": _template(found, _SAMPLE_DAY)}
    found = {"message": found["message"].replace(reason, "{reason}"), "hint": found["hint"].replace(hint, "{reason_hint}", 1)}
    out: dict[str, Optional[dict[str, str]]] = {"date": _template(found, _SAMPLE_DAY)}
    for case, (why, what) in schema_messages.NO_SUCH_DAY.items():
        out[f"date-{case}"] = {"message": why, "hint": what}
    return out


def _field_messages(schemas: SchemaSet, f: FieldSpec, record_type: str) -> dict[str, dict[str, str]]:
    out: dict[str, Optional[dict[str, str]]] = {}
    limits = f.limits
    if f.shape == "scalar" and f.kind not in ("integer", "number"):
        out["empty"] = _template(_message(schemas, f.path, "", record_type, ("minLength", "pattern")), "")
        if "max_length" in limits:
            long = "字" * (int(limits["max_length"]) + 1)
            out["long"] = _template(_message(schemas, f.path, long, record_type, ("maxLength",)), long)
        if f.kind == "date":
            out.update(_no_such_day(schemas, f, record_type))
            out["loose"] = _loose_date(schemas, f, record_type)
        if "pattern" in limits:
            out["pattern"] = _template(_message(schemas, f.path, _SAMPLE_BAD, record_type, ("pattern",)), _SAMPLE_BAD)
    if f.kind in ("integer", "number"):
        for key, keyword, delta in (("minimum", "minimum", -1), ("maximum", "maximum", 1)):
            if key in limits:
                sample = limits[key] + delta
                out[key] = _template(_message(schemas, f.path, sample, record_type, (keyword,)), str(sample))
        out["type"] = _template(_message(schemas, f.path, "一", record_type, ("type",)), "")
    if f.shape == "list":
        if "min_items" in limits:
            out["items"] = _template(_message(schemas, f.path, [], record_type, ("minItems",)), "")
        if "item_max_length" in limits:
            long = "字" * (int(limits["item_max_length"]) + 1)
            out["long"] = _template(_message(schemas, f.path, [long], record_type, ("maxLength",)), long)
        out["unique"] = _template(_message(schemas, f.path, ["a-a", "a-a"], record_type, ("uniqueItems",)), "")
    out["missing"] = _template(_message(schemas, f.path, "", record_type, ("required",), missing=True), "")
    return {k: v for k, v in out.items() if v is not None}


_MESSAGES: dict[str, dict[str, dict[str, dict[str, str]]]] = {}  # by the schemas' fingerprint


def form_messages(schemas: SchemaSet, spec: FormSpec) -> dict[str, dict[str, dict[str, str]]]:
    """For every field (by path), the messages ``ysxt check`` gives for the rules a form can
    check as the clerk types: empty, too long, not a date, not a real day, out of range.

    They depend on the schemas only: made once per set of schemas (``ysxt serve`` regenerates
    the pages on every change of a record)."""
    key = schemas.fingerprint + "|" + ",".join(spec.fields)
    if key not in _MESSAGES:
        _MESSAGES[key] = _form_messages(schemas, spec)
    return _MESSAGES[key]


def _form_messages(schemas: SchemaSet, spec: FormSpec) -> dict[str, dict[str, dict[str, str]]]:
    out: dict[str, dict[str, dict[str, str]]] = {}

    def walk(f: FieldSpec, record_type: str) -> None:
        if f.path not in out:
            out[f.path] = _field_messages(schemas, f, record_type)
        for child in f.children:
            walk(child, record_type)

    for key, f in spec.fields.items():
        owner = next((t.value for t in spec.types if key in t.fields), spec.types[0].value if spec.types else "other")
        walk(f, owner)
    sample = future("", ("date",), "日期", date(2000, 1, 2), date(2000, 1, 1))
    if sample is not None:
        out["date"]["future"] = {
            "message": sample.message.replace("2000-01-02", "{v}").replace("2000-01-01", "{today}"),
            "hint": sample.hint,
        }
    return out


_PRIVACY_SAMPLES = (("身份证号", "11010519491231002X"), ("手机号码", "13800138000"))


def privacy_rules() -> list[dict[str, str]]:
    """The privacy rule of ``ysxt check`` for the script: each pattern, with the message the
    check gives (the first three characters of what it found as ``{v}``)."""
    rules = []
    samples = dict(_PRIVACY_SAMPLES)
    for pattern, what in PERSONAL_NUMBERS:
        sample = samples.get(what, "")
        found = [p for p in privacy_problems("", f"summary: {sample}\n") if what in p.message] if sample else []
        message = found[0].message.replace(sample[:3], "{v}", 1) if found else f"疑似{what}“{{v}}…”，记录中不得保存个人信息"
        rules.append({"pattern": pattern.pattern, "message": message, "hint": found[0].hint if found else ""})
    return rules


def refused_characters() -> dict[str, Any]:
    """The one table of refused characters (records.characters) for the script, which refuses
    to write a record holding one as ``ysxt check`` would (the fields that may hold newlines and
    tabs are the spec's ``multiline``): ``names``, runs ``[first, last, name]`` of code points
    covering the table, each named as check names it (``U+XXXX（name）``); ``allowed_multiline``;
    and check's message and hints, with ``{field}``, ``{n}`` and ``{char}`` to fill in."""
    runs: list[list[Any]] = []
    for code in refused_code_points():
        name = describe(chr(code))[len(f"U+{code:04X}（"):-1]
        if runs and runs[-1][1] == code - 1 and runs[-1][2] == name:
            runs[-1][1] = code
        else:
            runs.append([code, code, name])
    runs.sort()
    out: dict[str, Any] = {"names": runs, "allowed_multiline": MULTILINE_ALLOWED}
    for case, data, char in (("value", {"字段": "字\u202e"}, "\u202e"), ("key", {"字\u202e": ""}, "\u202e"),
                             ("line", {"字段": "字\n"}, "\n")):
        found = control_char_problems("", data, frozenset())[0]
        field = "字段" if case != "key" else "字\u202e"
        message = found.message.replace(f"“{field}”", "“{field}”", 1).replace("第 2 个", "第 {n} 个", 1)
        out[case] = {"message": message.replace(describe(char), "{char}"), "hint": found.hint}
    return out


# -- where the repository is --------------------------------------------------------------

_BRANCH_IN_SOURCE = {
    "gitea": re.compile(r"^(?P<repo>.+?)/src/branch/(?P<branch>[^/]+)/?$"),
    "forgejo": re.compile(r"^(?P<repo>.+?)/src/branch/(?P<branch>[^/]+)/?$"),
    "github": re.compile(r"^(?P<repo>.+?)/(?:blob|tree)/(?P<branch>[^/]+)/?$"),
    "gitlab": re.compile(r"^(?P<repo>.+?)/-/(?:blob|tree)/(?P<branch>[^/]+)/?$"),
}


# The longest new-file link offered, in bytes of the address as sent (the record rides in its
# query, percent-encoded: a Chinese character takes 9 bytes). Servers in front of a forge refuse
# longer request lines: nginx's default buffer for one (large_client_header_buffers) is 8 KiB,
# Apache's LimitRequestLine 8 190 bytes, and proxies are often stricter. A record whose link
# would be longer is linked without the template's guidance comments (the same data: the
# template's comments alone take about 5 700 bytes); when even that is longer, it is offered as
# a download to upload and as text to paste instead (ysxt-form.js).
FORGE_URL_LIMIT = 8000


def forge_settings(forge: str, repo_url: str, branch: str, source_url: str) -> Optional[dict[str, str]]:
    """The forge, the repository's web address and the branch records are added to; taken
    from ``source_url`` when ``repo_url`` is not set. None when no usable address is set."""
    kind = forge.strip().lower()
    if kind not in FORGES:
        return None
    repo, branch = repo_url.strip().rstrip("/"), branch.strip() or "main"
    if not repo and source_url:
        m = _BRANCH_IN_SOURCE[kind].match(source_url.strip())
        if m:
            repo, branch = m.group("repo"), m.group("branch")
    if not repo or not safe_url_prefix(repo):
        return None
    return {"kind": kind, "repo": repo, "branch": branch}


# -- the data ----------------------------------------------------------------------------------


def _js(name: str, value: Any) -> str:
    """A script that sets a global to ``value`` (JSON; every character of the one table, U+2028/2029
    for old engines among them, spelt as a JSON escape: the same data)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return f"{name}\n" + json_escapes(text) + ";\n"


def form_spec(ctx: SiteContext) -> FormSpec:
    return record_form_spec(ctx.schemas, ctx.current_plans)


def _orgs(ctx: SiteContext) -> list[dict[str, Any]]:
    """Every organisation with its leading group's terms; ``listed`` is false for one dissolved
    by the portal's date (left out of the choice, kept for correcting its records)."""
    out = []
    for org in ctx.organizations:
        out.append({
            "id": org.id, "name": org.name, "kind": org.kind, "depth": ctx.org_depth.get(org.id, 0),
            "listed": org.dissolved is None or org.dissolved >= ctx.as_of,
            "file": paths.fill_org(org.id),  # from the site's root
            "records": {str(y): paths.fill_records(org.id, y) for y in sorted({r.date.year for r in ctx.records_by_org.get(org.id, [])})},
            "terms": [
                [t.member_id, t.name, t.role, t.start.isoformat(), t.end.isoformat() if t.end else None]
                for t in org.terms
            ],
        })
    return out


def data(ctx: SiteContext, spec: FormSpec) -> dict[str, Any]:
    s = ctx.settings
    plan = ctx.current_plan
    return {
        "as_of": ctx.as_of.isoformat(),
        "plan": plan.id if plan is not None else None,
        "forge": forge_settings(s.forge, s.repo_url, s.branch, s.source_url),
        "url_limit": FORGE_URL_LIMIT,
        "lines": {"modeline": MODELINE, "fill_blanks": FILL_BLANKS, "privacy": PRIVACY},
        # what the shorter new-file link leaves out of a long record (records/templates.py)
        "guidance": {"comment": GUIDANCE_LINE, "block": BLOCK_SCALAR, "keep": [MODELINE]},
        "dirs": {"activities": layout.ACTIVITIES, "evidence": layout.EVIDENCE},
        "spec": spec.to_json(),
        "messages": form_messages(ctx.schemas, spec),
        "privacy": privacy_rules(),
        "characters": refused_characters(),
        "orgs": _orgs(ctx),
        "labels": {"roles": ctx.labels.roles, "types": ctx.labels.record_types, "periods": ctx.labels.periods,
                   "whole": ctx.labels.whole, "leading_body": ctx.labels.leading_body},
    }


_YEAR_ID = re.compile(r"^[0-9]{4}-(.+)$")


def taken_ids(ctx: SiteContext) -> dict[str, list[str]]:
    """The ids the next number of each organisation must skip: its records (valid or not) and
    every id that starts as its ids do (``2026-<org>-``), wherever the file is."""
    known = {o.id for o in ctx.dataset.organizations}
    out: dict[str, set[str]] = defaultdict(set)
    pairs = [(r.id, r.organization) for r in ctx.dataset.records]
    prefix = layout.ACTIVITIES + "/"
    for p in ctx.load_errors:
        parts = p.path.split("/")
        if p.path.startswith(prefix) and len(parts) == 5 and p.path.endswith(".yaml"):
            pairs.append((parts[4][: -len(".yaml")], parts[3]))
    for rid, folder in pairs:
        out[folder].add(rid)
        m = _YEAR_ID.match(rid)
        if m:
            rest = m.group(1)
            for i, ch in enumerate(rest):
                if ch == "-" and rest[:i] in known:
                    out[rest[:i]].add(rid)
    return {k: sorted(v) for k, v in out.items()}


def _closed(records: Iterable[Record]) -> set[tuple[str, int]]:
    """(organisation, year) pairs assessed: their records are corrected, not edited."""
    out = set()
    for r in records:
        block = r.block("assessment")
        if isinstance(block, dict) and isinstance(block.get("target"), str) and isinstance(block.get("year"), int):
            out.add((block["target"], block["year"]))
    return out


def _brief(r: Record) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "type": r.type, "org": r.organization, "date": r.date.isoformat(), "title": r.title}
    if r.directive is not None:
        out["applies"] = "all" if r.directive.applies_to_all else list(r.directive.applies_to)
    target = (r.block("inspection") or {}).get("target")
    if isinstance(target, str):
        out["target"] = target
    return out


def approving_kinds(plans: Iterable[Plan]) -> frozenset[str]:
    """The kinds of organisation that may record an approval for another's event (the plans'
    preconditions: ``recorded_by``)."""
    return frozenset(k for p in plans for ob in p.obligations if ob.precondition is not None
                     for need in ob.precondition.needs for k in need.recorded_by)


@dataclass(frozen=True)
class OrgShared:
    """What every organisation's data file is made from, found once for all of them: the ids
    taken, the (organisation, year) pairs closed by an assessment, and the records a new
    record may answer or name (``refs``, newest first), indexed by whom they are offered to."""

    taken: dict[str, list[str]]
    closed_years: dict[str, list[int]]  # organisation → its years closed by an assessment
    refs: list[Record]
    everyone: list[int]  # positions in ``refs`` offered to every organisation
    by_org: dict[str, list[int]]  # positions offered to one organisation only

    def candidates(self, org_id: str) -> list[Record]:
        """The records organisation ``org_id`` may answer or name, in the order of ``refs``."""
        own = self.by_org.get(org_id, [])
        return [self.refs[i] for i in (heapq.merge(self.everyone, own) if own else self.everyone)]


def org_shared(ctx: SiteContext, spec: FormSpec) -> OrgShared:
    """:class:`OrgShared` of the repository: a directive to all, or an approval recorded by an
    approving body (``approving_kinds``), is offered to everyone; a directive to some, an
    inspection, and any other record, to those it names (its target, its organisation)."""
    wanted = {x for t in spec.types for _, types in t.refs for x in types}
    refs = [r for r in ctx.records if r.type in wanted]
    approvers = approving_kinds(ctx.current_plans)
    everyone: list[int] = []
    by_org: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(refs):
        if r.directive is not None:  # whatever the type that carries it
            if r.directive.applies_to_all:
                everyone.append(i)
            else:
                for o in dict.fromkeys(r.directive.applies_to):
                    by_org[o].append(i)
        elif r.block("inspection") is not None:
            target = (r.block("inspection") or {}).get("target")
            if isinstance(target, str):
                by_org[target].append(i)
        elif r.approval is not None:
            body = ctx.dataset.organization(r.organization)
            if body is not None and body.kind in approvers:
                everyone.append(i)  # its own organisation too (the last case below)
            else:
                by_org[r.organization].append(i)
        else:
            by_org[r.organization].append(i)
    closed: dict[str, list[int]] = defaultdict(list)
    for org_id, year in sorted(_closed(ctx.dataset.records)):
        closed[org_id].append(year)
    return OrgShared(taken_ids(ctx), dict(closed), refs, everyone, dict(by_org))


def org_data(ctx: SiteContext, org_id: str, taken: list[str], candidates: Iterable[Record]) -> dict[str, Any]:
    """What a new record of the organisation needs: the ids taken, the records it may answer
    or name (:meth:`OrgShared.candidates`), and the counts of its duties (this year's and last
    year's, and what is still late)."""
    first_year = ctx.as_of.year - 1
    entries = []
    for e in ctx.entries_by_org.get(org_id, []):
        if e.period_end.year < first_year and e.status not in ("overdue", "missing", "incomplete"):
            continue
        entries.append({
            "plan": e.plan, "ob": e.obligation, "period": e.period, "zh": period_zh(e.period, ctx.dataset.cycles), "start": e.period_start.isoformat(),
            "end": e.period_end.isoformat(), "member": e.member, "trigger": e.trigger, "done": e.done,
            "required": e.required, "status": e.status, "due": e.due.isoformat() if e.due else None,
        })
    return {"ids": taken, "refs": [_brief(r) for r in candidates], "entries": entries}


def records_data(records: Iterable[Record], closed: set[tuple[str, int]]) -> dict[str, Any]:
    """Records of one organisation and year as the form is filled with them (修改/更正)."""
    return {
        r.id: {
            "type": r.type, "title": r.title, "date": r.date.isoformat(), "path": r.source,
            "closed": (r.organization, r.date.year) in closed, "amends": r.amends.record if r.amends else None,
            "values": record_values(r),
        }
        for r in records
    }


def page(ctx: SiteContext) -> str:
    guide = paths.link(PAGE, paths.GUIDE, "fill")
    return md.page(
        md.front_matter(hide=["navigation", "toc"]),
        "# 填报 { #top }",
        "在这里填写一条工作记录：选组织和记录类型，按提示填写，页面生成记录文件，"
        "再到仓库网页中提交合并请求。不需要命令行，也不需要手写 YAML。"
        f"每一步的说明见[填报指南]({guide})。",
        '<div id="ysxt-form" class="ysxt-form" markdown="0">\n'
        '<p class="ysxt-form-loading">正在加载填报表……</p>\n'
        "<noscript><p>填报表需要浏览器允许运行脚本（JavaScript）。不能运行时，请按填报指南用记录模板填写。</p></noscript>\n"
        "</div>",
    )


def render(ctx: SiteContext, skip_orgs: frozenset[str] = frozenset()) -> dict[str, str]:
    """The page, its data, one data file per organisation (loaded when it is chosen) and one
    per organisation and year of its records (loaded to correct one of them); ``skip_orgs``:
    organisations whose files are made elsewhere (:func:`org_files`)."""
    spec = form_spec(ctx)
    out = site_files(ctx, spec)
    shared = org_shared(ctx, spec)
    for org in ctx.organizations:
        if org.id not in skip_orgs:
            out.update(org_files(ctx, shared, org.id))
    return out


def site_files(ctx: SiteContext, spec: Optional[FormSpec] = None) -> dict[str, str]:
    """The page and its data (each organisation's files: :func:`org_files`)."""
    return {PAGE: page(ctx), DATA: _js("window.YSXT_FORM =", data(ctx, spec or form_spec(ctx)))}


def org_files(ctx: SiteContext, shared: OrgShared, org_id: str) -> dict[str, str]:
    """The data files of one organisation: what a new record needs, and its records by year."""
    payload = org_data(ctx, org_id, shared.taken.get(org_id, []), shared.candidates(org_id))
    out = {paths.fill_org(org_id): _js(f"(window.YSXT_FORM_ORG = window.YSXT_FORM_ORG || {{}})[{json.dumps(org_id)}] =", payload)}
    by_year: dict[int, list[Record]] = defaultdict(list)
    for r in ctx.records_by_org.get(org_id, []):
        by_year[r.date.year].append(r)
    closed = {(org_id, y) for y in shared.closed_years.get(org_id, ())}
    for year, records in by_year.items():
        key = json.dumps(f"{org_id}/{year}")
        out[paths.fill_records(org_id, year)] = _js(
            f"(window.YSXT_FORM_RECORDS = window.YSXT_FORM_RECORDS || {{}})[{key}] =", records_data(records, closed)
        )
    return out
