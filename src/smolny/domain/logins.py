"""Login lockouts in the record: failed logins that locked an account out from an address
(or an address out altogether), and an administrator lifting a lockout.

The counting itself is the service's (`smolny.service.lockout`); the record says when it
locked someone out and when that was lifted, so that an audit sees both. A client's
address is recorded as its network only (an IPv4 /24, an IPv6 /48): the record is
public, and a delegate's address is not. Nothing of it is kept in the state (no folds).
"""

from __future__ import annotations

from typing import Any

from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Decider, Fold
from smolny.record import kinds as k

SCOPES = ("account", "address")  # an account from one address, or an address altogether


def _locked_out(state: Assembly, cmd: c.RecordLockout) -> list[Event]:
    if cmd.scope not in SCOPES:
        raise Invalid("lockout-scope", f"scope must be one of {', '.join(SCOPES)}", field="scope")
    if (cmd.scope == "account") != (cmd.account is not None):
        raise Invalid("lockout-account", "an account's lockout names the account", field="account")
    if cmd.failures < 1:
        raise Invalid("lockout-failures", "a lockout follows failed logins", field="failures")
    account = cmd.account
    if account is not None:  # the account as it is named, found by its name in any case
        named = [a["username"] for a in state.accounts.values()]
        found = [n for n in named if n.casefold() == account.casefold()]
        if not found:
            raise NotFound("unknown-account", f"there is no account {account!r}", field="account")
        account = found[0]
    data: dict[str, Any] = {
        "scope": cmd.scope,
        "network": cmd.network,
        "failures": cmd.failures,
        "until": cmd.until,
    }
    if account is not None:
        data["account"] = account
    return [Event(k.LOGIN_LOCKED_OUT, data)]


def _lifted(state: Assembly, cmd: c.LiftLockout) -> list[Event]:
    if cmd.lifted < 0:
        raise Invalid("lockout-lifted", "a number of lockouts is not negative", field="lifted")
    data: dict[str, Any] = {"lifted": cmd.lifted}
    if cmd.account is not None:
        data["account"] = cmd.account
    if cmd.network is not None:
        data["network"] = cmd.network
    return [Event(k.LOGIN_LOCKOUT_LIFTED, data)]


DECIDERS: dict[type[c.Command], Decider] = {
    c.RecordLockout: _locked_out,
    c.LiftLockout: _lifted,
}

FOLDS: dict[str, Fold] = {}  # the state keeps nothing of lockouts: the record alone says them
