"""Posting the check's findings on the pull request, where the clerk looks.

Gitea and Forgejo show ``::error`` annotations only as log lines, so ``ysxt post-review``
posts one review on the pull request instead: a line comment at every finding that lies on
a line of the change, and a body with the summary, the other findings (file and line) and
what ``ysxt pr-summary`` says. A later run replaces its own earlier review (found by a hidden
marker), so comments do not pile up.

* :func:`detect` works out which forge runs the job, where its API is, which pull request
  and which token, from the runner's variables (``GITEA_ACTIONS``/``FORGEJO_ACTIONS``,
  ``GITHUB_*``, ``GITLAB_CI``/``CI_*``) or a setting;
* :class:`ForgeClient` speaks each forge's documented API with the standard library:

  - Gitea/Forgejo: ``GET``/``POST /repos/{owner}/{repo}/pulls/{index}/reviews`` (comments of
    ``path``, ``new_position``, ``body``), ``DELETE …/reviews/{id}``, ``GET /user``;
  - GitHub: the same paths (comments of ``path``, ``line``, ``side``), an earlier review's
    body replaced with ``PUT …/reviews/{id}`` (GitHub cannot delete a submitted review);
  - GitLab: merge request notes, ``GET``/``POST /projects/{id}/merge_requests/{iid}/notes``,
    ``DELETE …/notes/{note_id}`` (the line view is GitLab's Code Quality report).

Nothing here prints or exits: the command (:mod:`ysxt_build.cli.ci`) does.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

from ..check.reporters import REVIEW_MARKER
from ..check.safe_output import markdown_code

KINDS = ("gitea", "forgejo", "github", "gitlab")
KIND_ZH = {"gitea": "Gitea", "forgejo": "Forgejo", "github": "GitHub", "gitlab": "GitLab"}

#: Where the token may be, in order. The workflows pass it as YSXT_FORGE_TOKEN.
TOKEN_VARIABLES = {
    "gitea": ("YSXT_FORGE_TOKEN", "GITEA_TOKEN", "GITHUB_TOKEN"),
    "forgejo": ("YSXT_FORGE_TOKEN", "FORGEJO_TOKEN", "GITEA_TOKEN", "GITHUB_TOKEN"),
    "github": ("YSXT_FORGE_TOKEN", "GITHUB_TOKEN"),
    "gitlab": ("YSXT_FORGE_TOKEN", "GITLAB_TOKEN"),
}

PAGE_SIZE = 50
MAX_PAGES = 20
TIMEOUT = 30


class ForgeError(Exception):
    """The forge's API refused or could not be reached (message in Chinese)."""


@dataclass(frozen=True)
class Forge:
    kind: str  # one of KINDS
    api_url: str  # without a trailing slash
    repository: str  # owner/name, or GitLab's project id
    number: int  # the pull request's index (GitLab: the merge request's iid)
    token: str
    commit: str = ""  # the head commit the review is about, when known

    @property
    def name(self) -> str:
        return KIND_ZH[self.kind]


def _truthy(value: Optional[str]) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def detect_kind(env: Mapping[str, str], setting: str = "auto") -> Optional[str]:
    """The forge running this job: the setting, else the runner's variables, else None."""
    chosen = (setting if setting != "auto" else env.get("YSXT_FORGE", "auto")).strip().lower() or "auto"
    if chosen in KINDS:
        return chosen
    if chosen == "none":
        return None
    if _truthy(env.get("FORGEJO_ACTIONS")):
        return "forgejo"
    if _truthy(env.get("GITEA_ACTIONS")):
        return "gitea"
    if _truthy(env.get("GITLAB_CI")) or env.get("CI_SERVER_URL"):
        return "gitlab"
    if _truthy(env.get("GITHUB_ACTIONS")):
        return "github"
    return None


def pull_number(env: Mapping[str, str], event: Mapping[str, Any]) -> Optional[int]:
    pr = event.get("pull_request")
    for value in (pr.get("number") if isinstance(pr, dict) else None, event.get("number")):
        if isinstance(value, int) and value > 0:
            return value
    parts = env.get("GITHUB_REF", "").split("/")  # refs/pull/7/merge, refs/pull/7/head
    if len(parts) >= 3 and parts[:2] == ["refs", "pull"] and parts[2].isdigit():
        return int(parts[2])
    return None


def detect(
    env: Mapping[str, str],
    event: Mapping[str, Any],
    setting: str = "auto",
    api_url: str = "",
    number: Optional[int] = None,
) -> tuple[Optional[Forge], str]:
    """The forge to post to, or None and why not (Chinese, for the log)."""
    kind = detect_kind(env, setting)
    if kind is None:
        return None, "没有识别出所在的代码托管平台（不在 Gitea/Forgejo/GitHub/GitLab 的流水线中，也没有用 --forge 指定）"
    api = api_url or env.get("YSXT_FORGE_API_URL", "")
    commit = ""
    if kind == "gitlab":
        server = env.get("CI_SERVER_URL", "").rstrip("/")
        api = api or env.get("CI_API_V4_URL", "") or (f"{server}/api/v4" if server else "")
        repository = env.get("CI_PROJECT_ID", "")
        iid = env.get("CI_MERGE_REQUEST_IID", "")
        found = number or (int(iid) if iid.isdigit() else None)
        commit = env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", "") or env.get("CI_COMMIT_SHA", "")
    else:
        server = env.get("GITHUB_SERVER_URL", "").rstrip("/")
        if kind == "github":
            api = api or env.get("GITHUB_API_URL", "") or "https://api.github.com"
        else:  # Gitea and Forgejo serve their API under /api/v1 of the server
            api = api or (f"{server}/api/v1" if server else "")
        repository = env.get("GITHUB_REPOSITORY", "")
        found = number or pull_number(env, event)
        pr = event.get("pull_request")
        head = pr.get("head") if isinstance(pr, dict) else None
        commit = str(head.get("sha") or "") if isinstance(head, dict) else ""
    name = KIND_ZH[kind]
    if not api:
        return None, f"不知道 {name} 的接口地址（流水线变量中没有服务器地址，可用 --api-url 指定）"
    if not repository:
        return None, f"不知道是 {name} 上的哪个仓库（流水线变量中没有仓库名）"
    if not found:
        return None, "这次运行不是由合并请求触发的，不知道该发到哪个合并请求上"
    token = next((env[v] for v in TOKEN_VARIABLES[kind] if env.get(v)), "")
    if not token:
        variables = "、".join(TOKEN_VARIABLES[kind])
        return None, f"没有可用的令牌（环境变量 {variables} 都没有设置），不能在 {name} 的合并请求上发表审查意见"
    return Forge(kind, api.rstrip("/"), repository, found, token, commit), ""


# -- what may be posted -----------------------------------------------------------------------

MAX_BODY = 60_000  # characters of a review's body (GitHub takes 65,536; a page stays readable)
MAX_COMMENT = 4_000  # characters of one line comment
MAX_POSTED_COMMENTS = 100
MAX_LINE = 10_000_000
_CUT = "\n\n……（以下从略：内容太长，完整的检查结果见流水线的运行日志。）\n"


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a line's end, saying so."""
    if len(text) <= limit:
        return text
    room = limit - len(_CUT)
    end = text.rfind("\n", 0, room)
    return text[: end if end > room // 2 else room] + _CUT


def bounded_review(review: Mapping[str, Any]) -> dict[str, Any]:
    """The review as it may be posted: its shape checked (``event`` COMMENT, a text ``body``,
    ``comments`` of a relative ``path``, a line ``new_position`` and a text ``body``) and its
    size bounded (:data:`MAX_BODY`, :data:`MAX_COMMENT`, :data:`MAX_POSTED_COMMENTS`; what is cut
    is said, the log has it all). Raises :class:`ForgeError` for anything of another shape:
    nothing but a review of findings is ever sent with the token."""
    body, comments, event = review.get("body"), review.get("comments", []), review.get("event")
    if event != "COMMENT" or not isinstance(body, str) or not isinstance(comments, list):
        raise ForgeError("审查意见的格式不对，没有发出")
    kept: list[dict[str, Any]] = []
    for c in comments:
        path, line, text = (c.get("path"), c.get("new_position"), c.get("body")) if isinstance(c, dict) else (None, None, None)
        if (
            not isinstance(path, str) or not path or len(path) > 1000 or path.startswith("/") or ".." in path.split("/")
            or type(line) is not int or not 1 <= line <= MAX_LINE or not isinstance(text, str)
        ):
            raise ForgeError("审查意见中有一条行内意见的格式不对，没有发出")
        kept.append({"path": path, "new_position": line, "body": _cut(text, MAX_COMMENT)})
    if len(kept) > MAX_POSTED_COMMENTS:
        body += f"\n另有 {len(kept) - MAX_POSTED_COMMENTS} 处行内意见没有逐条标出，见流水线的运行日志。\n"
        kept = kept[:MAX_POSTED_COMMENTS]
    return {"event": "COMMENT", "body": _cut(body, MAX_BODY), "comments": kept}


# -- the API ----------------------------------------------------------------------------------

Opener = Callable[[urllib.request.Request, float], Any]


def _open(request: urllib.request.Request, timeout: float) -> Any:
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 (http and https only)


class ForgeClient:
    """The few calls ``post-review`` makes, for one pull request on one forge."""

    def __init__(self, forge: Forge, opener: Opener = _open) -> None:
        self.forge = forge
        self._open = opener

    # plumbing

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": "ysxt"}
        if self.forge.kind == "gitlab":
            headers["PRIVATE-TOKEN"] = self.forge.token
        elif self.forge.kind == "github":
            headers["Authorization"] = f"Bearer {self.forge.token}"
            headers["Accept"] = "application/vnd.github+json"
        else:
            headers["Authorization"] = f"token {self.forge.token}"
        return headers

    def call(self, method: str, path: str, payload: Optional[object] = None, query: Optional[dict[str, object]] = None) -> Any:
        url = self.forge.api_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ForgeError(f"接口地址不是 http(s) 网址：{self.forge.api_url}")
        data = None if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = self._headers()
        if data is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self._open(request, TIMEOUT) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            raise ForgeError(f"{self.forge.name} 接口返回 HTTP {exc.code}（{method} {path}）：{detail[:200]}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ForgeError(f"连不上 {self.forge.name} 的接口 {self.forge.api_url}：{reason}") from None
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise ForgeError(f"{self.forge.name} 接口的回答不是 JSON（{method} {path}）") from None

    def _pages(self, path: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        size_key = "limit" if self.forge.kind in ("gitea", "forgejo") else "per_page"
        for page in range(1, MAX_PAGES + 1):
            batch = self.call("GET", path, query={"page": page, size_key: PAGE_SIZE})
            if not isinstance(batch, list):
                break
            items += [b for b in batch if isinstance(b, dict)]
            if len(batch) < PAGE_SIZE:
                break
        return items

    def _me(self) -> Optional[str]:
        try:
            me = self.call("GET", "/user")
        except ForgeError:
            return None  # some tokens (a job's own token) may not read the user
        login = me.get("login") or me.get("username") if isinstance(me, dict) else None
        return str(login) if login else None

    @property
    def _pull(self) -> str:
        f = self.forge
        if f.kind == "gitlab":
            return f"/projects/{urllib.parse.quote(f.repository, safe='')}/merge_requests/{f.number}"
        owner, _, name = f.repository.partition("/")
        return f"/repos/{urllib.parse.quote(owner)}/{urllib.parse.quote(name)}/pulls/{f.number}"

    # what post-review does

    def earlier_reviews(self) -> list[int]:
        """Ids of the reviews (GitLab: notes) an earlier run posted."""
        me = self._me()
        path = self._pull + ("/notes" if self.forge.kind == "gitlab" else "/reviews")
        found = []
        for item in self._pages(path):
            author = item.get("author") if self.forge.kind == "gitlab" else item.get("user")
            login = (author.get("login") or author.get("username")) if isinstance(author, dict) else None
            if REVIEW_MARKER in str(item.get("body") or "") and (me is None or login == me):
                if isinstance(item.get("id"), int):
                    found.append(int(item["id"]))
        return found

    def remove(self, review_id: int) -> None:
        if self.forge.kind == "gitlab":
            self.call("DELETE", f"{self._pull}/notes/{review_id}")
        elif self.forge.kind == "github":  # a submitted review cannot be deleted: say it is replaced
            self.call("PUT", f"{self._pull}/reviews/{review_id}", {"body": "（这条检查结果已由较新的一次检查取代。）"})
        else:
            self.call("DELETE", f"{self._pull}/reviews/{review_id}")

    def post(self, review: Mapping[str, Any]) -> Any:
        """Post the review (:func:`ysxt_build.check.reporters.review_payload`'s shape), checked
        and bounded by :func:`bounded_review` first."""
        review = bounded_review(review)
        kind = self.forge.kind
        if kind == "gitlab":
            return self.call("POST", f"{self._pull}/notes", {"body": gitlab_note(review)})
        payload: dict[str, Any] = {"event": review["event"], "body": review["body"]}
        if self.forge.commit:
            payload["commit_id"] = self.forge.commit
        comments = list(review.get("comments", []))
        if kind == "github":
            payload["comments"] = [
                {"path": c["path"], "line": c["new_position"], "side": "RIGHT", "body": c["body"]} for c in comments
            ]
        else:
            payload["comments"] = [{"path": c["path"], "new_position": c["new_position"], "body": c["body"]} for c in comments]
        return self.call("POST", f"{self._pull}/reviews", payload)


def gitlab_note(review: Mapping[str, Any]) -> str:
    """A merge request note with everything: GitLab has no review with line comments here."""
    body = str(review["body"])
    comments = list(review.get("comments", []))
    if not comments:
        return body
    lines = [body.rstrip("\n"), "", f"### 各行的问题（{len(comments)} 个）", ""]
    for c in comments:
        first, _, rest = str(c["body"]).partition("\n\n")
        hint = rest.split("\n\n<sub>")[0].replace("\n", " ")
        lines.append(f"- {markdown_code(str(c['path']))} 第 {c['new_position']} 行：{first} {hint}".rstrip())
    return "\n".join(lines) + "\n"
