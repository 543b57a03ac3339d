"""The demo congress, written once a test module, for the CLI tests that read or alter it."""

from __future__ import annotations

from pathlib import Path

import pytest

from smolny_command import copy_database, export_demo, make_demo


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's database, shared by the module's tests: not to be altered."""
    return make_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")


@pytest.fixture
def copy(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo's database, the test's own to alter."""
    return copy_database(demo_db, tmp_path / "copy.sqlite3")


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's archive (`smolny archive export`), shared by the module's tests."""
    return export_demo(tmp_path_factory.mktemp("archive"))
