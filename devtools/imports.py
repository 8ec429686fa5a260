"""The import graph of a package, read from its source: every ``import`` and ``from … import``,
at module level, inside functions and under ``TYPE_CHECKING`` alike (nothing is imported or run).

Used by ``tests/test_architecture.py`` to hold the kit to its layers (see :mod:`kit`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Import:
    """``source`` imports ``target`` (both module names) at ``path:line``."""

    source: str
    target: str
    path: str
    line: int


def module_names(root: Path) -> dict[str, Path]:
    """Every module of the package at ``root`` (a folder with ``__init__.py``), by dotted name."""
    names: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _resolve(name: str, modules: Mapping[str, Path]) -> str | None:
    """The longest known module that ``name`` (a module or a name inside one) belongs to."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports(root: Path) -> list[Import]:
    """Every import between modules of the package at ``root``."""
    modules = module_names(root)
    found: set[Import] = set()
    for module, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                resolved = _resolve(target, modules)
                if resolved is not None and resolved != module:
                    found.add(Import(module, resolved, path.as_posix(), node.lineno))
    return sorted(found)


def unit_of(module: str) -> str:
    """The part of the package a module belongs to: its first sub-package or top-level module
    (``kit.assessment.rollup.model`` → ``assessment``); the package itself for its ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def layer_violations(
    found: Iterable[Import], layers: Iterable[tuple[str, Iterable[str]]]
) -> list[str]:
    """Each import that goes up the drawing (layers listed top first), as a readable line."""
    rank = {unit: i for i, (_name, units) in enumerate(layers) for unit in units}
    names = {unit: name for name, units in layers for unit in units}
    out = []
    for imp in found:
        a, b = unit_of(imp.source), unit_of(imp.target)
        if a in rank and b in rank and rank[b] < rank[a]:
            out.append(
                f"{imp.path}:{imp.line}: {imp.source} ({names[a]}) imports {imp.target} "
                f"({names[b]}), a higher layer"
            )
    return out
