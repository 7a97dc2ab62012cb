"""A fake forge on 127.0.0.1 that records every request, for ``ysxt post-review``.

It answers the few calls the poster makes, with the shapes the forges document:

* Gitea/Forgejo (``/api/v1``): ``GET /user``; ``GET``/``POST /repos/{o}/{r}/pulls/{n}/reviews``
  (the body must match ``CreatePullReviewOptions``: ``event``, ``body``, ``commit_id``,
  ``comments[]`` of ``path``, ``body``, ``old_position``, ``new_position``, else 422);
  ``DELETE …/reviews/{id}`` (204, or 403 for someone else's review), token in
  ``Authorization: token …``;
* GitHub (``/gh``): the same review paths with comments of ``path``, ``line``, ``side``,
  ``body``; ``PUT …/reviews/{id}``; ``Authorization: Bearer …``;
* GitLab (``/api/v4``): ``GET``/``POST /projects/{id}/merge_requests/{iid}/notes``,
  ``DELETE …/notes/{id}``; token in ``PRIVATE-TOKEN``.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

import jsonschema

TOKEN = "secret-token-123"
BOT = "ysxt-bot"

#: Gitea's CreatePullReviewOptions (modules/structs/pull_review.go).
GITEA_REVIEW = {
    "type": "object",
    "required": ["event", "body", "comments"],
    "additionalProperties": False,
    "properties": {
        "event": {"enum": ["APPROVED", "PENDING", "COMMENT", "REQUEST_CHANGES"]},
        "body": {"type": "string"},
        "commit_id": {"type": "string"},
        "comments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "body", "new_position"],
                "additionalProperties": False,
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "body": {"type": "string", "minLength": 1},
                    "old_position": {"type": "integer"},
                    "new_position": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
}

#: GitHub's "create a review for a pull request" (comments with line and side).
GITHUB_REVIEW = {
    "type": "object",
    "required": ["event", "body"],
    "additionalProperties": False,
    "properties": {
        "event": {"enum": ["APPROVE", "REQUEST_CHANGES", "COMMENT"]},
        "body": {"type": "string"},
        "commit_id": {"type": "string"},
        "comments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "body", "line"],
                "additionalProperties": False,
                "properties": {
                    "path": {"type": "string"},
                    "body": {"type": "string"},
                    "line": {"type": "integer", "minimum": 1},
                    "side": {"enum": ["LEFT", "RIGHT"]},
                },
            },
        },
    },
}


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class FakeForge:
    """What the fake forge holds: reviews (and GitLab notes) per pull request, every request."""

    requests: list[Request] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    fail_with: Optional[int] = None  # answer every call with this status
    url: str = ""
    _next_id: int = 100

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def calls(self, method: str) -> list[Request]:
        return [r for r in self.requests if r.method == method]


_GITEA = re.compile(r"^/api/v1/repos/([^/]+)/([^/]+)/pulls/(\d+)/reviews(?:/(\d+))?$")
_GITHUB = re.compile(r"^/gh/repos/([^/]+)/([^/]+)/pulls/(\d+)/reviews(?:/(\d+))?$")
_GITLAB = re.compile(r"^/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes(?:/(\d+))?$")


def _handler(forge: FakeForge) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, payload: Any = None) -> None:
            data = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body: Any = json.loads(raw) if raw else None
            forge.requests.append(
                Request(self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()), body)
            )
            if forge.fail_with:
                return self._send(forge.fail_with, {"message": "服务器出错了"})
            path = parts.path
            if path.startswith("/api/v4/"):
                if self.headers.get("PRIVATE-TOKEN") != TOKEN:
                    return self._send(401, {"message": "401 Unauthorized"})
                return self._gitlab(path, body)
            expected = f"Bearer {TOKEN}" if path.startswith("/gh/") else f"token {TOKEN}"
            if self.headers.get("Authorization") != expected:
                return self._send(401, {"message": "token is required"})
            if path in ("/api/v1/user", "/gh/user"):
                return self._send(200, {"id": 7, "login": BOT})
            gitea, github = _GITEA.match(path), _GITHUB.match(path)
            match = gitea or github
            if match is None:
                return self._send(404, {"message": "not found"})
            review_id = match.group(4)
            if self.command == "GET" and review_id is None:
                page = int(parse_qs(parts.query).get("page", ["1"])[0])
                size = int(parse_qs(parts.query).get("limit" if gitea else "per_page", ["30"])[0])
                return self._send(200, forge.reviews[(page - 1) * size : page * size])
            if self.command == "POST" and review_id is None:
                try:
                    jsonschema.validate(body, GITEA_REVIEW if gitea else GITHUB_REVIEW)
                except jsonschema.ValidationError as exc:
                    return self._send(422, {"message": exc.message})
                review = {"id": forge.new_id(), "user": {"login": BOT}, "state": body["event"], **body}
                forge.reviews.append(review)
                return self._send(200, review)
            found = next((r for r in forge.reviews if str(r["id"]) == review_id), None)
            if found is None:
                return self._send(404, {"message": "review not found"})
            if found["user"]["login"] != BOT:
                return self._send(403, {"message": "forbidden"})
            if self.command == "DELETE" and gitea:
                forge.reviews.remove(found)
                return self._send(204)
            if self.command == "PUT" and github:
                found["body"] = body["body"]
                return self._send(200, found)
            return self._send(405, {"message": "method not allowed"})

        def _gitlab(self, path: str, body: Any) -> None:
            match = _GITLAB.match(path)
            if match is None:
                return self._send(404, {"message": "404 Not Found"})
            note_id = match.group(3)
            if self.command == "GET" and note_id is None:
                return self._send(200, forge.notes)
            if self.command == "POST" and note_id is None:
                if not isinstance(body, dict) or not isinstance(body.get("body"), str) or set(body) != {"body"}:
                    return self._send(400, {"message": "body is missing"})
                note = {"id": forge.new_id(), "body": body["body"], "author": {"username": BOT}, "system": False}
                forge.notes.append(note)
                return self._send(201, note)
            found = next((n for n in forge.notes if str(n["id"]) == note_id), None)
            if found is None:
                return self._send(404, {"message": "404 Not found"})
            if self.command == "DELETE":
                forge.notes.remove(found)
                return self._send(204)
            return self._send(405, {"message": "405 Method Not Allowed"})

        do_GET = do_POST = do_DELETE = do_PUT = _handle

    return Handler


class serve:
    """``with serve() as forge:`` a fake forge listening on 127.0.0.1 (a free port)."""

    def __init__(self) -> None:
        self.forge = FakeForge()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.forge))
        self.forge.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeForge:
        self.thread.start()
        return self.forge

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
