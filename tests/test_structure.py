"""The whole source's shape (`tools/structure.py`, also run by `make lint`): rooms a
newcomer can read (no module over 800 lines, no function over 100) and no import loop
anywhere in `src`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "structure.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("smolny_structure", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


structure = _tool()


@pytest.fixture(scope="module")
def report() -> object:
    return structure.report()


def test_no_module_is_over_800_lines(report: object) -> None:
    too_long = report.too_long_modules()  # type: ignore[attr-defined]
    assert [f"{m.name}: {m.lines}" for m in too_long] == []


def test_no_function_is_over_100_lines(report: object) -> None:
    too_long = report.too_long_functions()  # type: ignore[attr-defined]
    assert [f"{f.module}.{f.name}: {f.lines}" for f in too_long] == []


def test_no_import_loop_in_src(report: object) -> None:
    assert report.loops == []  # type: ignore[attr-defined]


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_loop_a_long_function_and_a_long_module_are_found(tmp_path: Path) -> None:
    body = "\n".join(f"    x = {n}" for n in range(101))
    src = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg import b\n",
            "pkg/b.py": "def later():\n    from pkg.c import thing\n",  # inside a function
            "pkg/c.py": "import pkg.a\nthing = 1\n",
            "pkg/d.py": "from pkg import a\n",  # imports the loop, is not in it
            "pkg/long.py": f"def long():\n{body}\n" + "\n" * 800,
        },
    )
    found = structure.report(src)
    assert found.loops == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]
    assert [(f.name, f.lines) for f in found.too_long_functions()] == [("long", 102)]
    assert [m.name for m in found.too_long_modules()] == ["pkg.long"]
    assert len(found.problems()) == 3
    assert structure.main(["--check", "--src", str(src)]) == 1


def test_a_clean_tree_passes_the_check(tmp_path: Path) -> None:
    src = _write(
        tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n", "pkg/b.py": ""}
    )
    assert structure.report(src).problems() == []
    assert structure.main(["--check", "--src", str(src)]) == 0
