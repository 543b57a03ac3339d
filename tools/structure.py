"""The structure of smolny's source, read from it: lines per package, the longest modules
and functions, and the import loops between modules (there should be none).

    python tools/structure.py            # the report
    python tools/structure.py --check    # the report; exit 1 if a room is too long or a loop found

The rules (`make lint`, and `tests/test_structure.py`): no module over 800 lines, no function
over 100, no import loop anywhere in `src` (an import inside a function counts: a loop
through it is still a loop).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 100


@dataclass(frozen=True)
class Module:
    name: str  # smolny.web.api.core
    path: Path
    lines: int
    tree: ast.Module


@dataclass(frozen=True)
class Function:
    module: str
    name: str  # Class.method, or function
    line: int
    lines: int


def modules(src: Path = SRC) -> dict[str, Module]:
    """Every module under `src`, by its dotted name."""
    found: dict[str, Module] = {}
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        text = path.read_text(encoding="utf-8")
        found[name] = Module(name, path, text.count("\n"), ast.parse(text, str(path)))
    return found


def functions(module: Module) -> list[Function]:
    """Every function and method of `module` (nested ones too), with its length in lines
    from its `def` to its last line."""
    found: list[Function] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                name = prefix + child.name
                found.append(Function(module.name, name, child.lineno, length))
                walk(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                walk(child, prefix + child.name + ".")
            else:
                walk(child, prefix)

    walk(module.tree, "")
    return found


def imports(module: Module, known: Iterable[str]) -> set[str]:
    """The modules of `known` that `module` imports, anywhere in it (a name imported from a
    package counts as its submodule when there is one)."""
    names_known = set(known)
    package = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package upwards
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if name in names_known:
                found.add(name)
    found.discard(module.name)
    return found


def graph(found: dict[str, Module]) -> dict[str, set[str]]:
    """Which modules each module imports."""
    return {name: imports(module, found) for name, module in found.items()}


def loops(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import loops: each strongly connected group of modules (Tarjan's algorithm),
    as one loop through it, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    def connect(start: str) -> None:  # iterative, so a long chain does not recurse deeply
        nonlocal counter
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return sorted(_path_through(group, edges) for group in groups)


def _path_through(group: list[str], edges: dict[str, set[str]]) -> list[str]:
    """One loop through the group, from its first module back to it."""
    members = set(group)
    start = group[0]
    path = [start]
    seen = {start}
    node = start
    while True:
        following = sorted(edges[node] & members)
        if start in following and len(path) > 1:
            return [*path, start]
        step = next((m for m in following if m not in seen), None)
        if step is None:  # every way on is walked: close the loop where it can
            return [*path, following[0]]
        path.append(step)
        seen.add(step)
        node = step


@dataclass(frozen=True)
class Report:
    packages: dict[str, int]  # lines per package (smolny.web, ...)
    modules: list[Module]  # longest first
    functions: list[Function]  # longest first
    loops: list[list[str]]

    def too_long_modules(self) -> list[Module]:
        return [m for m in self.modules if m.lines > MAX_MODULE_LINES]

    def too_long_functions(self) -> list[Function]:
        return [f for f in self.functions if f.lines > MAX_FUNCTION_LINES]

    def problems(self) -> list[str]:
        return [
            *(
                f"{m.name}: {m.lines} lines (over {MAX_MODULE_LINES})"
                for m in self.too_long_modules()
            ),
            *(
                f"{f.module}.{f.name} (line {f.line}): {f.lines} lines (over {MAX_FUNCTION_LINES})"
                for f in self.too_long_functions()
            ),
            *("import loop: " + " -> ".join(loop) for loop in self.loops),
        ]


def report(src: Path = SRC) -> Report:
    found = modules(src)
    packages: dict[str, int] = {}
    for module in found.values():
        parts = module.name.split(".")
        package = ".".join(parts[:2]) if len(parts) > 1 else parts[0]
        if len(parts) == 2 and module.path.name != "__init__.py":  # smolny.demo: a module
            package = module.name
        packages[package] = packages.get(package, 0) + module.lines
    every_function = [f for module in found.values() for f in functions(module)]
    return Report(
        packages=dict(sorted(packages.items())),
        modules=sorted(found.values(), key=lambda m: (-m.lines, m.name)),
        functions=sorted(every_function, key=lambda f: (-f.lines, f.module, f.name)),
        loops=loops(graph(found)),
    )


def show(result: Report, top: int = 10) -> str:
    out = ["Lines per package:"]
    out += [f"  {lines:>6}  {package}" for package, lines in result.packages.items()]
    out.append(f"  {sum(result.packages.values()):>6}  in all")
    out.append(f"The {top} longest modules (at most {MAX_MODULE_LINES} lines):")
    out += [f"  {m.lines:>6}  {m.name}" for m in result.modules[:top]]
    out.append(f"The {top} longest functions (at most {MAX_FUNCTION_LINES} lines):")
    out += [f"  {f.lines:>6}  {f.module}.{f.name}" for f in result.functions[:top]]
    out.append("Import loops: " + (str(len(result.loops)) if result.loops else "none"))
    out += ["  " + " -> ".join(loop) for loop in result.loops]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a rule is broken")
    parser.add_argument("--top", type=int, default=10, help="how many modules and functions")
    parser.add_argument("--src", type=Path, default=SRC, help="the source tree (default: src)")
    args = parser.parse_args(argv)
    result = report(args.src)
    print(show(result, args.top))
    problems = result.problems()
    if args.check and problems:
        print("\nBroken:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
