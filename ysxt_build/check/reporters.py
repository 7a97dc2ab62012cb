"""Reporters own all output of ``ysxt check``, one format each, chosen by name.

* ``text``: Chinese lines for a person (``文件:行: 错误：…``, then ``提示：…``);
* ``json``: every finding, for programs;
* ``github``: workflow commands (``::error file=…,line=…::…``) that GitHub shows on the diff
  (Gitea and Forgejo show them as log lines);
* ``gitea``: a pull-request review as Gitea's and Forgejo's API takes it
  (``POST /repos/{owner}/{repo}/pulls/{index}/reviews``: ``event``, ``body`` and ``comments``
  of ``path``, ``new_position`` (the line in the new file), ``body``);
* ``gitlab``: a GitLab Code Quality report (``description``, ``check_name``, ``fingerprint``,
  ``severity``, ``location.path``, ``location.lines.begin``), shown in the merge request;
* ``junit``: JUnit XML, one test case per file with findings (GitLab's test report, and
  anything else that reads JUnit).

Whatever the format, no line of the output can be read by a runner as a workflow command,
whatever a record or a file name contains (see :mod:`.safe_output`).
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date
from typing import Callable, Iterable, Optional, Sequence

from ..records.problems import CheckResult, Problem
from .safe_output import json_safe, log_safe, markdown_code, markdown_text, one_line, workflow_command

SEVERITY_ZH = {"error": "错误", "warning": "提醒"}

#: A marker hidden in the body of every review ysxt posts (HTML comments are not shown), so a
#: later run finds and replaces its own review.
REVIEW_MARKER = "<!-- ysxt-review -->"

#: At most this many line comments in one review; the rest are listed in its body.
MAX_COMMENTS = 100


def summary(result: CheckResult) -> str:
    """One Chinese sentence: how many files, errors and warnings."""
    errors, warnings = len(result.errors), len(result.warnings)
    if not errors and not warnings:
        return f"检查了 {result.files_checked} 个文件，没有发现问题。"
    if not errors:  # reminders are not problems: the clerk may submit
        return f"检查了 {result.files_checked} 个文件：另有 {warnings} 个提醒（见上，不影响提交，但请留意）。没有发现问题。"
    parts = []
    if errors:
        parts.append(f"{errors} 个错误")
    if warnings:
        parts.append(f"{warnings} 个提醒")
    tail = "请按提示改正后再提交。" if errors else "提醒不影响提交，但请留意。"
    return f"检查了 {result.files_checked} 个文件，发现 {'、'.join(parts)}。{tail}"


def where(p: Problem) -> str:
    """``path:line`` (or the path alone), on one line whatever the file name holds."""
    return one_line(f"{p.path}:{p.line}" if p.line else p.path)


def text(result: CheckResult, as_of: date) -> str:
    lines = []
    for p in result.sorted():
        lines.append(f"{where(p)}: {SEVERITY_ZH.get(p.severity, p.severity)}：{one_line(p.message)}")
        if p.hint:
            lines.append(f"    提示：{one_line(p.hint)}")
    lines.append(summary(result))
    return log_safe("\n".join(lines) + "\n")


def _problem_json(p: Problem) -> dict[str, object]:
    return {
        "path": p.path,
        "line": p.line,
        "severity": p.severity,
        "code": p.code,
        "message": p.message,
        "hint": p.hint,
    }


def _dump(data: object) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def json_report(result: CheckResult, as_of: date) -> str:
    payload = {
        "format": "ysxt-check",
        "version": 1,
        "as_of": as_of.isoformat(),
        "files_checked": result.files_checked,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "problems": [_problem_json(p) for p in result.sorted()],
    }
    return _dump(payload)


def github(result: CheckResult, as_of: date) -> str:
    """GitHub (and Gitea/Forgejo) workflow commands: one annotation per finding."""
    lines = []
    for p in result.sorted():
        props: dict[str, object] = {"file": p.path}
        if p.line:
            props["line"] = p.line
        props["title"] = f"ysxt {p.code}"
        message = p.message + (f"\n提示：{p.hint}" if p.hint else "")
        lines.append(workflow_command(p.severity if p.severity in ("error", "warning") else "notice", props, message))
    lines.append(log_safe(summary(result)))
    return "\n".join(lines) + "\n"


# -- pull-request review (Gitea, Forgejo) ------------------------------------------------------


def comment_body(p: Problem) -> str:
    """A line comment in Markdown: what is wrong and how to fix it (record text escaped)."""
    body = f"**{SEVERITY_ZH.get(p.severity, p.severity)}**：{markdown_text(p.message)}"
    if p.hint:
        body += f"\n\n提示：{markdown_text(p.hint)}"
    return body + f"\n\n<sub>ysxt {markdown_text(p.code)}</sub>"


def _listed(p: Problem) -> str:
    line = f"第 {p.line} 行" if p.line else "整个文件"
    hint = f" 提示：{markdown_text(p.hint)}" if p.hint else ""
    return (
        f"- {markdown_code(p.path)} {line}：**{SEVERITY_ZH.get(p.severity, p.severity)}** "
        f"{markdown_text(p.message)}{hint}"
    )


def review_payload(
    result: CheckResult,
    on_diff: Optional[Callable[[str, int], bool]] = None,
    extra: str = "",
    heading: str = "## ysxt 检查结果",
) -> dict[str, object]:
    """The review to post: one line comment per finding at its line, the rest in the body.

    ``on_diff(path, line)`` says whether a line can carry a comment (is in the pull request's
    diff); without it every finding with a line gets one. ``extra`` (Markdown, e.g. the
    pull-request summary) is added to the body. The body starts with :data:`REVIEW_MARKER`.
    """
    comments: list[dict[str, object]] = []
    in_body: list[Problem] = []
    for p in result.sorted():
        if p.line and (on_diff is None or on_diff(p.path, p.line)) and len(comments) < MAX_COMMENTS:
            comments.append({"path": p.path, "new_position": p.line, "body": comment_body(p)})
        else:
            in_body.append(p)
    body = [REVIEW_MARKER, heading, "", summary(result)]
    if comments:
        body += ["", f"问题已逐条标在文件的对应行上（{len(comments)} 处），请在“文件变动”中查看。"]
    if in_body:
        body += ["", f"### 不在本次改动行上的问题（{len(in_body)} 个）", ""]
        body += [_listed(p) for p in in_body]
    if extra:
        body += ["", extra.rstrip("\n")]
    return {
        "event": "COMMENT",
        "body": log_safe("\n".join(body) + "\n"),
        "comments": [{**c, "body": log_safe(str(c["body"]))} for c in comments],
    }


def gitea(result: CheckResult, as_of: date) -> str:
    """The review as JSON, ready for Gitea's/Forgejo's review API (every finding at its line)."""
    return _dump(review_payload(result))


# -- GitLab Code Quality -----------------------------------------------------------------------

GITLAB_SEVERITY = {"error": "major", "warning": "minor"}


def _fingerprints(problems: Iterable[Problem]) -> list[str]:
    """Stable ids: the same finding keeps its id when lines above it move."""
    seen: dict[str, int] = defaultdict(int)
    out = []
    for p in problems:
        key = "\0".join((p.path, p.code, p.message))
        seen[key] += 1
        out.append(hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "surrogateescape")).hexdigest())
    return out


def gitlab(result: CheckResult, as_of: date) -> str:
    problems = result.sorted()
    issues = [
        {
            "description": p.message + (f" 提示：{p.hint}" if p.hint else ""),
            "check_name": f"ysxt {p.code}",
            "fingerprint": fingerprint,
            "severity": GITLAB_SEVERITY.get(p.severity, "info"),
            "location": {"path": p.path, "lines": {"begin": max(p.line, 1)}},
        }
        for p, fingerprint in zip(problems, _fingerprints(problems))
    ]
    return _dump(issues)


# -- JUnit XML ---------------------------------------------------------------------------------


def _xml_text(value: str) -> str:
    """Text XML 1.0 can carry: control characters (which it cannot) made visible."""
    return one_line(value)


def _details(problems: Sequence[Problem]) -> str:
    lines = []
    for p in problems:
        lines.append(f"{where(p)}: {SEVERITY_ZH.get(p.severity, p.severity)}：{one_line(p.message)}")
        if p.hint:
            lines.append(f"    提示：{one_line(p.hint)}")
    return "\n".join(lines)


def junit(result: CheckResult, as_of: date) -> str:
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in result.sorted():
        by_file[p.path].append(p)
    clean = max(result.files_checked - len(by_file), 0)
    failed = sum(1 for ps in by_file.values() if any(p.severity == "error" for p in ps))
    tests = len(by_file) + (1 if clean else 0)
    suites = ET.Element("testsuites", name="ysxt check", tests=str(tests), failures=str(failed), errors="0")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="ysxt check",
        tests=str(tests),
        failures=str(failed),
        errors="0",
        skipped="0",
        timestamp=as_of.isoformat() + "T00:00:00",
    )
    for path, problems in by_file.items():
        case = ET.SubElement(suite, "testcase", classname="ysxt.check", name=_xml_text(path), file=_xml_text(path))
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            first = errors[0]
            failure = ET.SubElement(
                case,
                "failure",
                message=_xml_text(f"{where(first)}: {first.message}"),
                type=_xml_text(first.code),
            )
            failure.text = _details(errors)
        warnings = [p for p in problems if p.severity != "error"]
        if warnings:
            ET.SubElement(case, "system-out").text = _details(warnings)
    if clean:
        ET.SubElement(suite, "testcase", classname="ysxt.check", name=f"其余 {clean} 个文件没有问题")
    ET.indent(suites)
    xml = ET.tostring(suites, encoding="unicode", xml_declaration=False)
    return log_safe('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n")


REPORTERS: dict[str, Callable[[CheckResult, date], str]] = {
    "text": text,
    "json": json_report,
    "github": github,
    "gitea": gitea,
    "gitlab": gitlab,
    "junit": junit,
}

#: What each format is for, in Chinese (for ``--help``).
FORMATS_ZH = {
    "text": "中文文字",
    "json": "机器读取",
    "github": "GitHub 流水线注释",
    "gitea": "Gitea/Forgejo 合并请求评审（JSON，带行内意见）",
    "gitlab": "GitLab 代码质量报告（Code Quality JSON）",
    "junit": "JUnit XML 测试报告",
}
