"""`smolny admin unlock` and `smolny admin reset`: a locked-out administrator is freed from
the server's command line, without a restart, and the record says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smolny.service.app import Smolny
from smolny.service.lockout import LockedOut
from smolny_command import run

PASSWORD = "Tallinn lantern 1917 quorum"


def locked_out_admin(path: Path) -> str:
    url = f"sqlite:///{path}"
    app = Smolny.open(url)
    try:
        app.accounts.create_account("root", "admin", password=PASSWORD)
        # past the limit by six: a wait of 2 x 2^6 s, far longer than the command takes to
        # start on a loaded machine (at the limit itself the wait is 2 s)
        for _ in range(app.accounts.login_policy.failures_per_target + 6):
            app.accounts.login_guard.failed("203.0.113.7", "account:root")
        with pytest.raises(LockedOut):
            app.accounts.login_guard.check("203.0.113.7", "account:root")
    finally:
        app.close()
    return url


def entries(db: Path, kind: str) -> list[dict[str, object]]:
    lines = run("journal", "export", "--db", db).stdout.splitlines()
    return [e for e in map(json.loads, lines) if e["kind"] == kind]


def test_unlock_lifts_an_accounts_lockouts_and_records_it(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    url = locked_out_admin(db)
    result = run("admin", "unlock", "--db", db, "--username", "Root")
    assert result.returncode == 0, result.stderr
    assert "Lifted 1 lockout(s)" in result.stdout
    app = Smolny.open(url)
    try:
        app.accounts.login_guard.check("203.0.113.7", "account:root")  # free again
    finally:
        app.close()
    assert [e["data"] for e in entries(db, "login.locked-out")] == [
        {
            "scope": "account",
            "account": "root",
            "network": "203.0.113.0/24",
            "failures": 5,
            "until": entries(db, "login.locked-out")[0]["data"]["until"],  # type: ignore[index]
        }
    ]
    assert [e["data"] for e in entries(db, "login.lockout-lifted")] == [
        {"account": "root", "lifted": 1}
    ]


def test_reset_gives_a_locked_out_administrator_a_new_one_time_password(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    url = locked_out_admin(db)
    result = run("admin", "reset", "--db", db, "--username", "root")
    assert result.returncode == 0, result.stderr
    password = result.stdout.splitlines()[-1].strip()
    app = Smolny.open(url)
    try:
        app.accounts.login_guard.check("203.0.113.7", "account:root")
        token, who = app.accounts.login_staff("root", password)
        assert token and who.must_change_password
    finally:
        app.close()
    unknown = run("admin", "reset", "--db", db, "--username", "nobody")
    assert unknown.returncode == 2 and "no account 'nobody'" in unknown.stderr
