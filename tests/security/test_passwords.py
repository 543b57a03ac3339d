"""Staff passwords: read as Unicode NFKC when set and when checked, and refused when long
enough but easy to guess (common, breached, a repeat, a sequence), naming the rule."""

from __future__ import annotations

import unicodedata

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from smolny.adapters import credentials as creds
from smolny.domain.errors import Invalid
from smolny.service.app import Smolny
from smolny.web.app import create_app

WEAK = [
    " " * 12,
    "aaaaaaaaaaaa",
    "password1234",
    "123456789012",
    "qwertyuiop12",
    "P@ssw0rd2024",
    "iloveyou1234",
    "passwordpassword",
    "victimvictim12",  # its own user name, twice
]
GOOD = "Tallinn lantern 1917 quorum"


@pytest.mark.parametrize("password", WEAK)
def test_a_password_easy_to_guess_is_refused_naming_the_rule(
    sqlite_service: Smolny, password: str
) -> None:
    with pytest.raises(Invalid) as refused:
        sqlite_service.accounts.create_account("victim", "chair", password=password)
    assert refused.value.rule == "password-weak", refused.value.message
    assert "common and breached passwords" in refused.value.message
    assert not sqlite_service.state.accounts


def test_a_short_one_is_refused_as_before(sqlite_service: Smolny) -> None:
    with pytest.raises(Invalid) as refused:
        sqlite_service.accounts.create_account("victim", "chair", password="Zq8#vL2!")
    assert refused.value.rule == "password" and "12 characters" in refused.value.message


def test_a_change_and_a_reset_are_checked_alike_and_refused_over_the_api(
    sqlite_service: Smolny,
) -> None:
    sqlite_service.accounts.create_account("victim", "admin", password=GOOD)
    with pytest.raises(Invalid) as refused:
        sqlite_service.accounts.reset_password("victim", "aaaaaaaaaaaa")
    assert refused.value.rule == "password-weak"
    with TestClient(create_app(sqlite_service)) as client:
        login = {"username": "victim", "password": GOOD}
        token = client.post("/api/v1/login", json=login).json()["token"]
        for new in (" " * 12, "aaaaaaaaaaaa"):
            answer = client.post(
                "/api/v1/account/password",
                json={"old": GOOD, "new": new},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert answer.status_code == 422, answer.text
            problem = answer.json()
            assert problem["rule"] == "password-weak" and problem["field"] == "new"
    assert sqlite_service.accounts.login_staff("victim", GOOD)  # unchanged


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_password_typed_in_another_unicode_form_is_the_same(
    sqlite_service: Smolny, form: str
) -> None:
    password = "Café au lait, 1917"
    sqlite_service.accounts.create_account(
        "victim", "chair", password=unicodedata.normalize(form, password)
    )
    for typed in ("NFC", "NFD"):
        token, who = sqlite_service.accounts.login_staff(
            "victim", unicodedata.normalize(typed, password)
        )
        assert token and who.name == "victim"
    # full-width letters are the same letters (NFKC)
    wide = password.replace("Caf", "\uff23\uff41\uff46")
    assert sqlite_service.accounts.login_staff("victim", wide)


def test_a_hash_made_before_normalising_still_matches_what_was_typed() -> None:
    typed = unicodedata.normalize("NFD", "Café au lait, 1917")
    old = PasswordHasher().hash(typed)  # as smolny hashed passwords before
    assert creds.check_password(old, typed)
    assert not creds.check_password(old, "something else entirely")
