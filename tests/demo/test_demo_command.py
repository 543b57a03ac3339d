"""`smolny demo` loads the accounts' record, and `smolny verify` passes on it."""

from __future__ import annotations

from pathlib import Path

from smolny_command import run


def test_the_demo_loads_and_verifies(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    loaded = run("demo", "--db", db, "--no-serve")
    assert loaded.returncode == 0, loaded.stderr
    assert "670 delegates" in loaded.stdout and "access code" in loaded.stdout
    verified = run("verify", "--db", db)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("OK:")
    again = run("demo", "--db", db, "--no-serve")  # a second run: new logins, same record
    assert again.returncode == 0 and "loaded already" in again.stdout
