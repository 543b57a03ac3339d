"""`smolny demo` prints every login it creates, the administrator's one-time password too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.smolny_command import run

from smolny.domain.errors import Unauthenticated
from smolny.service.app import Smolny


def _logins(output: str) -> dict[str, str]:
    found = dict(re.findall(r"^  (\w+).*?(?:password|access code) (\S+)$", output, re.M))
    assert set(found) == {"administrator", "chair", "secretary", "delegate"}, output
    return found


def test_each_run_prints_logins_that_work_and_the_administrators_is_one_time(
    tmp_path: Path,
) -> None:
    db = tmp_path / "demo.sqlite3"
    first = run("demo", "--db", db, "--no-serve")
    assert first.returncode == 0, first.stderr
    again = run("demo", "--db", db, "--no-serve")
    assert again.returncode == 0, again.stderr
    old, new = _logins(first.stdout), _logins(again.stdout)
    assert all(old[who] != new[who] for who in old)
    app = Smolny.open(f"sqlite:///{db}")
    try:
        with pytest.raises(Unauthenticated):
            app.accounts.login_staff("admin", old["administrator"])
        _, admin = app.accounts.login_staff("admin", new["administrator"])
        assert admin.role == "admin" and admin.must_change_password
        for role in ("chair", "secretary"):
            _, who = app.accounts.login_staff(role, new[role])
            assert who.role == role and not who.must_change_password
        delegate = app.accounts.login_delegate(new["delegate"])[1]
        assert f"delegate ({delegate.name})" in again.stdout
    finally:
        app.close()
