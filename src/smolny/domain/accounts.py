"""A staff account's life after its creation (`smolny.domain.bodies` creates it): disabled
and enabled again by an administrator, and given a new password.

The passwords themselves are the service's (`smolny.service.accounts`), kept hashed and never
in the record; the record says who was disabled, enabled or reset, and by whom.
"""

from __future__ import annotations

from typing import Any

from smolny.domain import commands as c
from smolny.domain.errors import NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Decider, Fold
from smolny.record import kinds as k


def account_of(state: Assembly, ident: str) -> dict[str, Any]:
    """The account `ident` (its username, role and whether it is disabled), or NotFound."""
    found = state.accounts.get(ident)
    if found is None:
        raise NotFound("unknown-account", f"there is no account {ident!r}", field="account")
    return found


def _disable(state: Assembly, cmd: c.DisableAccount) -> list[Event]:
    account = account_of(state, cmd.account)
    if account.get("disabled"):
        raise OutOfOrder(
            "account-disabled", f"the account {account['username']!r} is disabled already"
        )
    if account["role"] == "admin":
        others = [
            ident
            for ident, other in state.accounts.items()
            if other["role"] == "admin" and not other.get("disabled") and ident != cmd.account
        ]
        if not others:  # nobody could enable anyone again, nor create a body
            raise OutOfOrder(
                "last-admin",
                "this is the last administrator who can log in: enable or create another first",
            )
    return [Event(k.ACCOUNT_DISABLED, {"account": cmd.account})]


def _enable(state: Assembly, cmd: c.EnableAccount) -> list[Event]:
    account = account_of(state, cmd.account)
    if not account.get("disabled"):
        raise OutOfOrder("account-enabled", f"the account {account['username']!r} is not disabled")
    return [Event(k.ACCOUNT_ENABLED, {"account": cmd.account})]


def _reset(state: Assembly, cmd: c.ResetPassword) -> list[Event]:
    account_of(state, cmd.account)
    return [Event(k.ACCOUNT_PASSWORD_RESET, {"account": cmd.account, "one_time": cmd.one_time})]


def _disabled(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.accounts[data["account"]]["disabled"] = True


def _enabled(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.accounts[data["account"]].pop("disabled", None)


DECIDERS: dict[type[c.Command], Decider] = {
    c.DisableAccount: _disable,
    c.EnableAccount: _enable,
    c.ResetPassword: _reset,
}

FOLDS: dict[str, Fold] = {
    k.ACCOUNT_DISABLED: _disabled,
    k.ACCOUNT_ENABLED: _enabled,
    # a reset changes nothing the state keeps: the password is the service's
}
