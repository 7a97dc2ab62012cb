"""The layout shows the pipeline: each package imports only from itself and the stages below.

Order, top to bottom: cli → exports → portal → assessment, ci → status → check → records.
``devtools`` (the synthetic county) sits outside: it may use ``records``; nothing imports it.
Imports inside functions count as much as those at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ysxt_build"

# rank: a package may import packages of a lower or equal rank (equal only itself)
LAYERS: dict[str, int] = {
    "records": 0,
    "check": 1,
    "status": 2,
    "assessment": 3,
    "ci": 3,
    "portal": 4,
    "exports": 5,
    "cli": 6,
}
OUTSIDE = {"devtools": {"records"}}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every ysxt_build module (or package) that ``name`` imports, as a dotted name."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "ysxt_build")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "ysxt_build":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return found


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""  # "" is ysxt_build itself (its __version__)


EDGES = {name: _imports(name, path) for name, path in MODULES.items()}


def test_every_package_is_a_known_stage() -> None:
    stages = {_stage(m) for m in MODULES} - {""}
    assert stages <= set(LAYERS) | set(OUTSIDE), stages - set(LAYERS) - set(OUTSIDE)
    assert all((PACKAGE / s / "__init__.py").is_file() for s in stages)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _stage(m)))
def test_imports_run_downwards_only(module: str) -> None:
    stage = _stage(module)
    wrong = []
    for target in sorted(EDGES[module]):
        other = _stage(target)
        if other in ("", stage):
            continue
        if stage in OUTSIDE:
            allowed = other in OUTSIDE[stage]
        else:
            allowed = other in LAYERS and LAYERS[other] < LAYERS[stage]
        if not allowed:
            wrong.append(target)
    assert not wrong, f"{module} imports upwards or sideways: {wrong}"


def test_no_module_imports_the_developer_tools() -> None:
    users = sorted(m for m, targets in EDGES.items() if _stage(m) != "devtools" and any(_stage(t) == "devtools" for t in targets))
    assert not users


def test_no_import_cycles() -> None:
    graph = {m: {t for t in targets if t in MODULES and t != m} for m, targets in EDGES.items()}
    # a package's __init__ is imported with any of its modules: count that edge too
    for m in list(graph):
        parent = m.rsplit(".", 1)[0]
        if parent in graph and parent != m:
            graph[m].add(parent)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_every_package_says_what_its_stage_does() -> None:
    for stage in set(LAYERS) | set(OUTSIDE):
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) >= 3, f"ysxt_build/{stage}/__init__.py needs a docstring"
