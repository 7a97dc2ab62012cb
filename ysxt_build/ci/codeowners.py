"""``.github/CODEOWNERS`` from the registry: who reviews which records.

Each organisation's records and evidence are owned by its maintainers; the plans, the
registry, the schemas, the code and everything else by the town committee's maintainers.
"""

from __future__ import annotations

from typing import Iterable

from ..records.model import Organization

PATH = ".github/CODEOWNERS"
HEADER = (
    "# 由 ysxt codeowners 根据 records/organizations/ 中的 maintainers 生成，请勿手工修改。\n"
    "# 修改维护人：改组织文件的 maintainers，然后运行 ysxt codeowners。\n"
)


def _owners(accounts: Iterable[str]) -> str:
    return " ".join(a if a.startswith("@") else f"@{a}" for a in accounts)


def render(organizations: Iterable[Organization], top_kinds: Iterable[str] = ()) -> str:
    """CODEOWNERS: the leading body's office (``top_kinds``, from the vocabulary) owns the plans,
    registry and schemas; each organisation's maintainers own its records and evidence."""
    orgs = sorted(organizations, key=lambda o: o.id)
    tops = set(top_kinds)
    town = [o for o in orgs if o.kind in tops]
    office = _owners(a for o in town for a in o.maintainers)
    lines = [HEADER]
    if office:
        lines.append("# 默认：镇党委办公室")
        lines.append(f"* {office}")
        for path in ("/records/plans/", "/records/vocabularies/", "/records/organizations/", "/records/rubrics/", "/schema/", "/.github/"):
            lines.append(f"{path} {office}")
    lines.append("")
    lines.append("# 各组织的工作记录和证明材料")
    for org in orgs:
        owners = _owners(org.maintainers) or office
        if not owners:
            continue
        lines.append(f"/records/activities/*/{org.id}/ {owners}")
        lines.append(f"/records/evidence/*/{org.id}/ {owners}")
    return "\n".join(lines) + "\n"
