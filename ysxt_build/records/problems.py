"""Findings about files: what is wrong, where, and how to fix it.

A :class:`Problem` is what every stage of the check produces. Stages that know the exact
line set it; stages that work on data set ``pointer`` (the path of keys inside the file)
and the check pipeline turns the pointer into a line at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Union

PointerPart = Union[str, int]
Pointer = tuple[PointerPart, ...]


@dataclass(frozen=True)
class Problem:
    """One finding in one file."""

    path: str  # relative to the repository root, with forward slashes
    code: str  # a stable identifier such as "yaml.duplicate-key"
    message: str  # Chinese, what is wrong
    hint: str = ""  # Chinese, how to fix it
    line: int = 0  # 1-based; 0 when unknown or the file as a whole
    pointer: Pointer | None = None  # where inside the data, when line is not yet known
    severity: str = "error"  # "error" or "warning"

    def at_line(self, line: int) -> "Problem":
        return replace(self, line=line)

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.code, self.message)


@dataclass
class CheckResult:
    """All findings of one check run, plus what was looked at."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    from_cache: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=Problem.sort_key)
