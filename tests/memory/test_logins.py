"""Accounts, access codes and logins on the in-memory store."""

from __future__ import annotations

import pytest

from smolny.domain import commands as c
from smolny.domain.errors import Invalid, Unauthenticated
from smolny.service.app import Smolny


def test_a_one_time_password_must_be_changed_and_the_change_ends_logins(app: Smolny) -> None:
    ident, password = app.accounts.create_account("alice", "secretary")
    with pytest.raises(Unauthenticated) as wrong:
        app.accounts.login_staff("alice", "not the password")
    assert wrong.value.rule == "bad-login"
    token, who = app.accounts.login_staff("alice", password)
    assert who.id == ident and who.role == "secretary" and who.must_change_password
    assert app.accounts.who(token) == who
    with pytest.raises(Invalid):
        app.accounts.change_password(who, password, "short")
    app.accounts.change_password(who, password, "alice's new long password")
    assert app.accounts.known_login(token) is None and app.accounts.who(token) is None
    _, again = app.accounts.login_staff("alice", "alice's new long password")
    assert not again.must_change_password


def test_access_codes_log_delegates_in_until_reissued(app: Smolny) -> None:
    app.execute(c.CreateBody("congress", "Test Congress"))
    entries = app.execute(c.RegisterDelegates("congress", (c.NewDelegate("Martov"),)))
    [delegate] = [d["delegate"] for d in entries[0].data["delegates"]]
    old = app.accounts.issue_access_codes("congress", None)[delegate]
    assert app.accounts.coded() == {delegate}
    token, who = app.accounts.login_delegate(old.lower())  # read off a slip, as typed
    assert who.id == delegate and who.role == "delegate" and who.name == "Martov"
    new = app.accounts.issue_access_codes("congress", [delegate])[delegate]
    assert app.accounts.who(token) is None  # the reissue ended the login
    with pytest.raises(Unauthenticated):
        app.accounts.login_delegate(old)
    token, _ = app.accounts.login_delegate(new)
    assert app.accounts.end_login(token) and app.accounts.who(token) is None
    assert not app.accounts.end_login(token)
    assert app.state.seq == 4  # the record says who got codes, never the codes


def test_a_reset_password_is_one_time(app: Smolny) -> None:
    app.accounts.create_account("bob", "chair", password="bob's long password")
    token, _ = app.accounts.login_staff("bob", "bob's long password")
    secret = app.accounts.reset_password("bob")
    assert app.accounts.who(token) is None
    _, who = app.accounts.login_staff("bob", secret)
    assert who.must_change_password
