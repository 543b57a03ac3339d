"""Accounts: who holds an access code, and the login lockouts in force."""

from __future__ import annotations

from typing import Any

from smolny.domain.decide import body_of
from smolny.domain.errors import NotFound
from smolny.service.accounts import Accounts
from smolny.service.unit_of_work import UnitOfWork


def uncoded(app: UnitOfWork, accounts: Accounts, slug: str) -> list[str]:
    """The delegates of a body who hold no access code; NotFound if there is no such body."""
    coded = accounts.coded()
    with app.lock:
        return [d for d in body_of(app.state, slug).delegates if d not in coded]


def lockouts(accounts: Accounts) -> dict[str, Any]:
    """The login lockouts in force, and the policy that set them."""
    policy = accounts.login_policy
    return {
        "lockouts": accounts.login_guard.lockouts(),
        "policy": {
            "failures_per_target": policy.failures_per_target,
            "failures_per_address": policy.failures_per_address,
            "window_seconds": policy.window_seconds,
            "lockout_seconds": policy.lockout_seconds,
            "idle_seconds": policy.idle_seconds,
            "absolute_seconds": policy.absolute_seconds,
        },
    }


def staff(app: UnitOfWork, username: str) -> tuple[str, str] | None:
    """A staff account's id and role, by its user name (None if there is none such)."""
    with app.lock:
        for ident, account in app.state.accounts.items():
            if account["username"] == username:
                return ident, str(account["role"])
    return None


def listed(app: UnitOfWork, accounts: Accounts) -> list[dict[str, Any]]:
    """The staff accounts in the order they were created: id, user name, role, whether it
    is disabled, and whether its password is a one-time one still to be changed."""
    one_time = accounts.one_time()
    with app.lock:
        found = [
            {
                "account": ident,
                "username": account["username"],
                "role": account["role"],
                "body": account.get("body"),
                "disabled": bool(account.get("disabled")),
                "one_time": ident in one_time,
            }
            for ident, account in app.state.accounts.items()
        ]
    return sorted(found, key=lambda a: int(a["account"][1:]))


def username_of(app: UnitOfWork, ident: str) -> str:
    """The user name of the account `ident`; NotFound if there is none such."""
    with app.lock:
        found = app.state.accounts.get(ident)
    if found is None:
        raise NotFound("unknown-account", f"there is no account {ident!r}", field="account")
    return str(found["username"])


def home_body(app: UnitOfWork, ident: str) -> str | None:
    """The body the account `ident` works for, if it was given one."""
    with app.lock:
        found = app.state.accounts.get(ident)
    return None if found is None else found.get("body")
