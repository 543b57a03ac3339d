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
    service.create_account("alice", "secretary", password="correct horse battery")
    with read_transaction(service.engine) as conn:
        stored = conn.execute(select(account.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    token, who = service.login_staff("alice", "correct horse battery")
    assert who.role == "secretary" and service.who(token) == who
    with pytest.raises(Unauthenticated):
        service.login_staff("alice", "wrong password!!")
    with pytest.raises(Unauthenticated):
        service.login_staff("nobody", "correct horse battery")


def test_no_account_without_a_real_password(service: Smolny) -> None:
    with pytest.raises(Invalid):
        service.create_account("bob", "chair", password="short")
    ident, one_time = service.create_account("bob", "chair")
    assert len(one_time) >= 20
    _, who = service.login_staff("bob", one_time)
    assert who.must_change_password
    with pytest.raises(OutOfOrder):
        service.create_account("BOB", "chair", password="another good password")
    with pytest.raises(Invalid):
        service.create_account("carol", "emperor", password="another good password")


def test_access_codes_are_long_random_and_stored_hashed(service: Smolny) -> None:
    congress = make_congress(service, size=3)
    codes = service.issue_access_codes(congress["delegates"])
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
    _, who = service.login_delegate(typed)
    assert (who.id, who.role) == (delegate, "delegate")
    new = service.issue_access_codes([delegate])[delegate]
    with pytest.raises(Unauthenticated):
        service.login_delegate(codes[delegate])  # replaced codes stop working
    assert service.login_delegate(new)[1].id == delegate


def test_expired_logins_are_refused(service: Smolny) -> None:
    service.create_account("alice", "chair", password="correct horse battery")
    token, _ = service.login_staff("alice", "correct horse battery")
    with write_transaction(service.engine) as conn:
        conn.execute(update(login).values(expires=int(time.time()) - 1))
    service._logins.clear()  # as another process, which has only the database
    assert service.who(token) is None
    assert service.who("made-up-token") is None
