"""Reporters own all output of ``ysxt check``: text (Chinese), json, github annotations."""

from __future__ import annotations

import json
from datetime import date
from typing import Callable

from ..records.problems import CheckResult, Problem

SEVERITY_ZH = {"error": "错误", "warning": "提醒"}


def _summary(result: CheckResult) -> str:
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


def text(result: CheckResult, as_of: date) -> str:
    lines = []
    for p in result.sorted():
        where = f"{p.path}:{p.line}" if p.line else p.path
        lines.append(f"{where}: {SEVERITY_ZH.get(p.severity, p.severity)}：{p.message}")
        if p.hint:
            lines.append(f"    提示：{p.hint}")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def _problem_json(p: Problem) -> dict[str, object]:
    return {
        "path": p.path,
        "line": p.line,
        "severity": p.severity,
        "code": p.code,
        "message": p.message,
        "hint": p.hint,
    }


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
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(result: CheckResult, as_of: date) -> str:
    """GitHub (and Gitea/Forgejo) workflow commands: one annotation per finding."""
    lines = []
    for p in result.sorted():
        props = [f"file={_escape_property(p.path)}"]
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={_escape_property('ysxt ' + p.code)}")
        message = p.message + (f"\n提示：{p.hint}" if p.hint else "")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(message)}")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[CheckResult, date], str]] = {
    "text": text,
    "json": json_report,
    "github": github,
}
