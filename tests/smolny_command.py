"""The `smolny` command run in a child process, as the CLI tests use it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

SMOLNY = [sys.executable, "-m", "smolny"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`smolny ARGS`, its output captured as text."""
    return subprocess.run([*SMOLNY, *map(str, args)], capture_output=True, text=True, timeout=120)


def journal_length(db: Path) -> int:
    """How many entries the journal of `db` holds (`smolny journal export`)."""
    return len(run("journal", "export", "--db", db).stdout.splitlines())


def make_demo(path: Path) -> Path:
    """The voting congress (tests/voting_record.py: ballot boxes, tellers' counts, resolutions)
    written to a new database at `path`: the record the CLI tests read and alter. The demo
    itself (`smolny demo`) has no ballots: the accounts of 1917 give none."""
    import voting_record
    from smolny.service.app import Smolny

    app = Smolny.open(f"sqlite:///{path}")
    try:
        voting_record.load(app)
    finally:
        app.close()
    return path


def export_demo(folder: Path) -> Path:
    """The demo congress's archive, `folder`/c.smolny (its database beside it)."""
    db = make_demo(folder / "demo.sqlite3")
    result = run("archive", "export", "--db", db, "-o", folder / "c.smolny")
    assert result.returncode == 0, result.stderr
    return folder / "c.smolny"


def copy_database(source: Path, target: Path) -> Path:
    """A copy of the SQLite database `source` at `target`."""
    from_db = sqlite3.connect(source)
    with sqlite3.connect(target) as dest:
        from_db.backup(dest)
    from_db.close()
    return target
