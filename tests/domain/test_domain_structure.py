"""The domain's shape, read from its source: no import loops, imports at the top, rooms a
newcomer can read (no module over 800 lines, no function over 100), and one registry that
decides every command."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from smolny.domain import commands as c
from smolny.domain import registry

SRC = Path(__file__).resolve().parents[2] / "src"
DOMAIN = SRC / "smolny" / "domain"
READABLE = [*sorted(DOMAIN.glob("*.py")), *sorted((SRC / "smolny" / "demo").glob("*.py"))]
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 100


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that `path` imports, anywhere in it (functions and
    TYPE_CHECKING blocks too: a loop through them is still a loop)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(name for name in names if name in known)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop in `graph`, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other]
            if other not in state:
                loop = visit(other)
                if loop is not None:
                    return loop
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            loop = visit(module)
            if loop is not None:
                return loop
    return None


def test_the_domain_has_no_import_loops() -> None:
    paths = {_module(p): p for p in DOMAIN.glob("*.py")}
    graph = {
        module: _imports(path, set(paths)) - {module, "smolny.domain"}
        for module, path in paths.items()
    }
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_loop_finder_finds_a_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_imports_are_at_the_top(path: Path) -> None:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    seen_other = False
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            assert not seen_other, f"{path.name}:{node.lineno} imports below the module's top"
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            seen_other = True


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_rooms_are_readable(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{path.name}: {node.name} has {length} lines"


def test_every_command_has_one_decider() -> None:
    commands = set(typing.get_args(c.Command))
    assert set(registry.DECIDERS) == commands


def test_kinds_folded_by_several_features_fold_in_the_registry_order() -> None:
    def owners(kind: str) -> list[str]:
        return [fold.__module__.rsplit(".", 1)[-1] for fold in registry.FOLDS[kind]]

    assert owners("body.created") == ["bodies", "tree"]
    assert owners("session.opened") == ["sessions", "joint", "calendar"]
    assert owners("delegates.registered") == ["bodies", "joint"]
    several = {kind for kind, folds in registry.FOLDS.items() if len(folds) > 1}
    assert several == {"body.created", "session.opened", "delegates.registered"}
