"""CODEOWNERS from the registry: who reviews which records, for each forge.

Each organisation's records and evidence are owned by its maintainers; the plans, the
registry, the schemas, the code and everything else by the town committee's maintainers.

Where and how each forge reads the file (see docs/forges.md):

* GitHub: ``.github/CODEOWNERS``, gitignore-like patterns, the last matching line wins;
* GitLab: ``.gitlab/CODEOWNERS``, the same syntax;
* Gitea and Forgejo: ``.gitea/CODEOWNERS`` (not ``.github/``), each pattern a regular
  expression matched against the whole path, and every matching line adds its owners, so
  there is no catch-all line (it would make the town office review every record).
"""

from __future__ import annotations

import re
from typing import Iterable

from ..records.labels import LEADING_BODY_DEFAULT
from ..records.model import Organization

PATH = ".github/CODEOWNERS"
#: Where each forge reads the file.
PATHS = {"github": PATH, "gitlab": ".gitlab/CODEOWNERS", "gitea": ".gitea/CODEOWNERS"}
HEADER = (
    "# 由 ysxt codeowners 根据 records/organizations/ 中的 maintainers 生成，请勿手工修改。\n"
    "# 修改维护人：改组织文件的 maintainers，然后运行 ysxt codeowners。\n"
    "# 合并请求的检查运行的是合并请求自己的代码：程序、格式、方案和流水线的改动必须由{office}\n"
    "# 审核，并在分支保护中开启“需要代码所有者审核”和“必须通过的检查”（见 docs/forges.md）。\n"
)

#: What only the town committee's maintainers may approve: the code that runs the check, the
#: formats, the plan and the pipelines (a change to any of them could make its own check pass).
PROTECTED = (
    "/ysxt_build/",
    "/schema/",
    "/records/plans/",
    "/records/vocabularies/",
    "/records/organizations/",
    "/records/rubrics/",
    "/.github/",
    "/.gitlab-ci.yml",
    "/pyproject.toml",
    "/constraints.txt",
    "/mkdocs.yml",
    "/.gitea/",
    "/.gitlab/",
)


def _owners(accounts: Iterable[str]) -> str:
    return " ".join(a if a.startswith("@") else f"@{a}" for a in accounts)


def _regex(pattern: str) -> str:
    """A GitHub path pattern (``/records/activities/*/x/``) as Gitea's anchored regex."""
    parts = []
    for piece in pattern.strip("/").split("/"):
        parts.append("[^/]+" if piece == "*" else re.escape(piece))
    return "^" + "/".join(parts) + ("/.*$" if pattern.endswith("/") else "$")


def render(organizations: Iterable[Organization], forge: str = "github", top_kinds: Iterable[str] = (),
           leading_body: str = LEADING_BODY_DEFAULT) -> str:
    """CODEOWNERS for ``forge``: the leading body's office (its kinds ``top_kinds`` and its
    name ``leading_body``, from the vocabulary) owns the protected paths; each organisation's
    maintainers its records."""
    office_name = f"{leading_body}办公室"
    if forge == "gitea":
        return _render_gitea(organizations, top_kinds, office_name)
    orgs = sorted(organizations, key=lambda o: o.id)
    tops = set(top_kinds)
    town = [o for o in orgs if o.kind in tops]
    office = _owners(a for o in town for a in o.maintainers)
    lines = [HEADER.format(office=office_name)]
    if office:
        lines.append(f"# 默认：{office_name}")
        lines.append(f"* {office}")
        for path in PROTECTED:
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


def _render_gitea(organizations: Iterable[Organization], top_kinds: Iterable[str], office_name: str) -> str:
    orgs = sorted(organizations, key=lambda o: o.id)
    tops = set(top_kinds)
    office = _owners(a for o in orgs if o.kind in tops for a in o.maintainers)
    lines = [HEADER.format(office=office_name).replace("ysxt codeowners。", "ysxt codeowners --forge gitea。")]
    lines.append("# Gitea/Forgejo 的写法：每行开头是正则表达式，匹配到的每一行的审核人都会被请求审核。")
    if office:
        lines.append(f"# 程序、格式、方案和流水线：{office_name}")
        lines += [f"{_regex(path)} {office}" for path in PROTECTED]
    lines.append("")
    lines.append("# 各组织的工作记录和证明材料")
    for org in orgs:
        owners = _owners(org.maintainers) or office
        if owners:
            lines.append(f"{_regex(f'/records/activities/*/{org.id}/')} {owners}")
            lines.append(f"{_regex(f'/records/evidence/*/{org.id}/')} {owners}")
    return "\n".join(lines) + "\n"
