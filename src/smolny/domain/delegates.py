"""Correcting registered delegates: a name misspelt, a faction, a vote or a consultative
voice, a weight; one delegate or many at once (`delegates.amended`).

The record never changes: the correction is an entry of its own, all its changes checked
before any is written. Whether a delegate votes, and with what weight, is settled before a
sitting opens: while one they are registered in is open, only names and factions change (a
mandate is suspended, `SuspendMandate`, not amended).
"""

from __future__ import annotations

from typing import Any

from smolny.domain import checks, tree
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Body, Decider, Delegate, Fold
from smolny.record import kinds as k

MAX_CHANGES = 10_000


def _sitting(state: Assembly, delegate: str) -> str | None:
    # an open sitting the delegate is registered in, if any
    for session in state.sessions.values():
        if session.state == "open" and session.procedure.delegate(delegate) is not None:
            return session.id
    return None


def _change(state: Assembly, body: Body, change: c.DelegateChange, where: str) -> dict[str, Any]:
    ident = checks.delegate_in(state, body, change.delegate, f"{where}.delegate")
    delegate = state.delegates[ident]
    data: dict[str, Any] = {}
    if change.name is not None:
        name = checks.name(change.name, f"{where}.name")
        if name != delegate.name:
            _unique(body, delegate, name, where)
            data["name"] = name
    if change.no_faction and change.faction is not None:
        raise Invalid("faction", f"{where}: a faction and no faction both given", field=where)
    if change.faction is not None:
        if change.faction not in body.factions:
            known = ", ".join(sorted(body.factions)) or "none"
            raise NotFound(
                "unknown-faction",
                f"{where}: {body.slug} has no faction {change.faction!r} (it has {known})",
                field=f"{where}.faction",
            )
        if change.faction != delegate.faction:
            data["faction"] = change.faction
    elif change.no_faction and delegate.faction is not None:
        data["faction"] = None
    if change.voting is not None and bool(change.voting) != delegate.voting:
        data["voting"] = bool(change.voting)
    if change.weight is not None:
        weight = change.weight
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 1_000_000:
            raise Invalid(
                "weight",
                f"{where}: weight must be a whole number from 1 to 1000000",
                field=f"{where}.weight",
            )
        if weight != delegate.weight:
            data["weight"] = weight
    sitting = _sitting(state, ident)
    if sitting is not None and ("voting" in data or "weight" in data):
        raise OutOfOrder(
            "vote-settled",
            f"{where}: {delegate.name} is registered in {sitting}, which is sitting: whether "
            "a delegate votes, and with what weight, changes only between sittings "
            "(suspend the mandate instead)",
            field=where,
        )
    return {"delegate": ident, **data} if data else {}


def _unique(body: Body, delegate: Delegate, name: str, where: str) -> None:
    # two delegates of a body sent by the same body may not share a name (as an import checks)
    for other in body.delegates.values():
        if (
            other.id != delegate.id
            and other.name.casefold() == name.casefold()
            and (other.sent_by or "").casefold() == (delegate.sent_by or "").casefold()
        ):
            raise OutOfOrder(
                "duplicate-name",
                f"{where}: {other.id} of {body.slug} is called {name} already",
                field=f"{where}.name",
            )


def _amend_delegates(state: Assembly, cmd: c.AmendDelegates) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    if not cmd.changes:
        raise Invalid("required", "no delegates given", field="changes")
    if len(cmd.changes) > MAX_CHANGES:
        raise Invalid("too-many", f"at most {MAX_CHANGES} delegates at once", field="changes")
    named = [change.delegate for change in cmd.changes]
    if len(set(named)) != len(named):
        raise Invalid("duplicate", "a delegate is named twice", field="changes")
    items = [
        item
        for n, change in enumerate(cmd.changes)
        if (item := _change(state, body, change, f"changes[{n}]"))
    ]
    if not items:
        raise OutOfOrder("nothing-changed", "nothing to change: the delegates are so already")
    return [Event(k.DELEGATES_AMENDED, {"body": body.slug, "delegates": items})]


def _amended(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    for item in data["delegates"]:
        delegate = state.delegates[item["delegate"]]
        if "name" in item:
            delegate.name = item["name"]
        if "voting" in item:
            delegate.voting = item["voting"]
        if "weight" in item:
            delegate.weight = item["weight"]
        if "faction" in item:
            tree.move_to_faction(state, delegate.id, item["faction"])


DECIDERS: dict[type[c.Command], Decider] = {c.AmendDelegates: _amend_delegates}

FOLDS: dict[str, Fold] = {k.DELEGATES_AMENDED: _amended}
