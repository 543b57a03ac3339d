"""Logins: passwords hashed with Argon2id, access codes and tokens never stored in the clear."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select, update

from sample_congress import make_congress
from smolny.adapters import credentials
from smolny.adapters.database import read_transaction, write_transaction
from smolny.adapters.schema import access_code, account, login
from smolny.domain.errors import Invalid, OutOfOrder, Unauthenticated
from smolny.service.app import Smolny


def test_passwords_are_stored_as_argon2id_hashes(service: Smolny) -> None:
    service.accounts.create_account("alice", "secretary", password="correct horse battery")
    with read_transaction(service.engine) as conn:
        stored = conn.execute(select(account.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    token, who = service.accounts.login_staff("alice", "correct horse battery")
    assert who.role == "secretary" and service.accounts.who(token) == who
    with pytest.raises(Unauthenticated):
        service.accounts.login_staff("alice", "wrong password!!")
    with pytest.raises(Unauthenticated):
        service.accounts.login_staff("nobody", "correct horse battery")


def test_no_account_without_a_real_password(service: Smolny) -> None:
    with pytest.raises(Invalid):
        service.accounts.create_account("bob", "chair", password="short")
    ident, one_time = service.accounts.create_account("bob", "chair")
    assert len(one_time) >= 20
    _, who = service.accounts.login_staff("bob", one_time)
    assert who.must_change_password
    with pytest.raises(OutOfOrder):
        service.accounts.create_account("BOB", "chair", password="another good password")
    with pytest.raises(Invalid):
        service.accounts.create_account("carol", "emperor", password="another good password")


def test_access_codes_are_long_random_and_stored_hashed(service: Smolny) -> None:
    congress = make_congress(service, size=3)
    codes = service.accounts.issue_access_codes("congress", congress["delegates"])
    assert len(set(codes.values())) == 3
    for code in codes.values():
        assert len(code.replace("-", "")) == 16 and set(code.replace("-", "")) <= set(
            credentials.CODE_ALPHABET
        )
    with read_transaction(service.engine) as conn:
        stored = conn.execute(select(access_code.c.code_hash)).scalars().all()
    assert not set(stored) & {c for c in codes.values()}
    delegate = congress["delegates"][1]
    typed = codes[delegate].lower().replace("-", " ")  # as a delegate might type it
    _, who = service.accounts.login_delegate(typed)
    assert (who.id, who.role) == (delegate, "delegate")
    new = service.accounts.issue_access_codes("congress", [delegate])[delegate]
    with pytest.raises(Unauthenticated):
        service.accounts.login_delegate(codes[delegate])  # replaced codes stop working
    assert service.accounts.login_delegate(new)[1].id == delegate


def test_expired_logins_are_refused(service: Smolny) -> None:
    service.accounts.create_account("alice", "chair", password="correct horse battery")
    token, _ = service.accounts.login_staff("alice", "correct horse battery")
    with write_transaction(service.engine) as conn:
        conn.execute(update(login).values(expires=int(time.time()) - 1))
    service.accounts._logins.clear()  # as another process, which has only the database
    assert service.accounts.who(token) is None
    assert service.accounts.who("made-up-token") is None


def test_reissued_codes_end_the_old_logins_and_are_in_the_record(service: Smolny) -> None:
    congress = make_congress(service, size=2)
    delegate = congress["delegates"][0]
    code = service.accounts.issue_access_codes("congress", [delegate])[delegate]
    token, _ = service.accounts.login_delegate(code)
    service.accounts.issue_access_codes("congress", [delegate])
    assert service.accounts.who(token) is None  # the lost phone is logged out
    from smolny.adapters import journal

    with read_transaction(service.engine) as conn:
        lines = journal.lines(conn)
    recorded = [line for _, line in lines if '"kind":"access-codes.issued"' in line]
    assert len(recorded) == 2 and delegate in recorded[-1]
    assert code not in recorded[-1]


def test_a_login_created_by_another_process_works_here(database_url: str) -> None:
    first, second = Smolny.open(database_url), Smolny.open(database_url)
    try:
        second.accounts.create_account("bob", "chair", password="bob's long password")
        token, who = first.accounts.login_staff(
            "bob", "bob's long password"
        )  # first had not seen bob
        assert who.role == "chair"
        make_congress(second, size=1)
        delegate = second.state.bodies["congress"].delegates
        ident = next(iter(delegate))
        code = second.accounts.issue_access_codes("congress", [ident])[ident]
        assert first.accounts.login_delegate(code)[1].id == ident
    finally:
        first.close()
        second.close()


def test_a_password_change_elsewhere_ends_logins_here_within_the_recheck(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smolny.service import accounts as app_module

    first, second = Smolny.open(database_url), Smolny.open(database_url)
    try:
        first.accounts.create_account("alice", "chair", password="alice's long password")
        token, who = second.accounts.login_staff("alice", "alice's long password")
        assert first.accounts.who(token) == who
        second.accounts.change_password(who, "alice's long password", "alice's new long password")
        monkeypatch.setattr(app_module, "LOGIN_RECHECK_SECONDS", 0)
        assert first.accounts.known_login(token) is None and first.accounts.who(token) is None
    finally:
        first.close()
        second.close()
