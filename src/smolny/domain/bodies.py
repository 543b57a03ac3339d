"""Bodies and who sits in them: creating a body, its factions, registering delegates (one by
one or from a roster), the presidium's seats, access codes, and staff accounts.

Where a body sits in the tree (a section's council, a committee's purpose, the congress
that elected an executive committee) is `smolny.domain.tree`'s: `create_body` asks it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any

from smolny import procedure
from smolny.counting.apportionment import (
    ApportionmentError,
    DeclinedSeats,
    TieBreak,
    method_named,
)
from smolny.domain import checks, tree
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.roster import Roster, check_roster, nothing_imported
from smolny.domain.state import Assembly, Body, Decider, Delegate, Faction, Fold
from smolny.record import kinds as k

BODY_KINDS = ("congress", "council", "executive-committee", "committee", "section", "presidium")
# the roles of staff accounts (who may do what: smolny.service.permissions)
ROLES = ("admin", "chair", "secretary", "credentials", "teller", "observer")
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")


# -- the deciders ----------------------------------------------------------------------


def _create_body(state: Assembly, cmd: c.CreateBody) -> list[Event]:
    slug = checks.slug(cmd.slug, "slug")
    if slug in state.bodies:
        raise OutOfOrder("duplicate-body", f"a body {slug!r} exists already", field="slug")
    if cmd.kind not in BODY_KINDS:
        raise Invalid("body-kind", f"kind must be one of {', '.join(BODY_KINDS)}", field="kind")
    if cmd.parent is not None:
        checks.body_of(state, cmd.parent)
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", cmd.language):
        raise Invalid("language", "language must be a tag such as en or ru", field="language")
    if cmd.rulebook not in state.rulebooks:
        raise Invalid(
            "rulebook",
            f"no rulebook {cmd.rulebook!r}; there are {', '.join(sorted(state.rulebooks))}",
            field="rulebook",
        )
    data: dict[str, Any] = {
        "body": slug,
        "name": checks.name(cmd.name, "name"),
        "kind": cmd.kind,
        "language": cmd.language,
        "rulebook": cmd.rulebook,
    }
    if cmd.parent is not None:
        data["parent"] = cmd.parent
    # its place in the tree: a section's council, membership, purpose, election
    data.update(tree.placement(state, cmd))
    return [Event(k.BODY_CREATED, data)]


def _form_faction(state: Assembly, cmd: c.FormFaction) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    slug = checks.slug(cmd.slug, "slug")
    if slug in body.factions:
        raise OutOfOrder("duplicate-faction", f"{body.slug} has a faction {slug!r} already")
    return [
        Event(
            k.FACTION_FORMED,
            {"body": body.slug, "faction": slug, "name": checks.name(cmd.name, "name")},
        )
    ]


def _register_delegates(state: Assembly, cmd: c.RegisterDelegates) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    if not cmd.delegates:
        raise Invalid("required", "no delegates given", field="delegates")
    return [registration(state, body, cmd.delegates)]


def registration(
    state: Assembly, body: Body, delegates: tuple[c.NewDelegate, ...], first: int = 0
) -> Event:
    """The `delegates.registered` entry for `delegates`, checked, their ids numbered on from
    the next free one by `first` (the delegates an import registers before them)."""
    items: list[dict[str, Any]] = []
    for index, new in enumerate(delegates, start=first):
        where = f"delegates[{index}]"
        if new.faction is not None and new.faction not in body.factions:
            raise NotFound(
                "unknown-faction",
                f"{where}: {body.slug} has no faction {new.faction!r}",
                field=f"{where}.faction",
            )
        if (
            isinstance(new.weight, bool)
            or not isinstance(new.weight, int)
            or not (1 <= new.weight <= 1_000_000)
        ):
            raise Invalid(
                "weight",
                f"{where}: weight must be a whole number from 1 to 1000000",
                field=f"{where}.weight",
            )
        item: dict[str, Any] = {
            "delegate": state.next_id("d", offset=index),
            "name": checks.name(new.name, f"{where}.name"),
            "voting": bool(new.voting),
            "weight": new.weight,
        }
        if new.faction is not None:
            item["faction"] = new.faction
        if new.sent_by is not None:
            item["sent_by"] = checks.name(new.sent_by, f"{where}.sent_by")
        items.append(item)
    return Event(k.DELEGATES_REGISTERED, {"body": body.slug, "delegates": items})


def _import_roster(state: Assembly, cmd: c.ImportRoster) -> list[Event]:
    checked = check_roster(state, cmd.body, cmd.header, cmd.rows)
    if not isinstance(checked, Roster):
        raise nothing_imported("roster", cmd.source, checked)
    events: list[Event] = []
    offset = 0
    for body, delegates in checked.by_body.items():
        # one registration per body, numbered on from those before it in this import
        events.append(registration(state, state.bodies[body], delegates, offset))
        offset += len(delegates)
    return events


def _allot_presidium(state: Assembly, cmd: c.AllotPresidium) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    claiming = list(cmd.factions) if cmd.factions is not None else list(body.factions)
    for slug in (*claiming, *cmd.declined, *cmd.reserved):
        if slug not in body.factions:
            raise NotFound(
                "unknown-faction", f"{body.slug} has no faction {slug!r}", field="factions"
            )
        if slug not in claiming:
            raise Invalid("faction-not-claiming", f"{slug} does not claim seats", field="factions")
    delegates = {slug: 0 for slug in claiming}
    for delegate in body.voting_delegates():
        if delegate.faction in delegates:
            delegates[delegate.faction] += 1
    if isinstance(cmd.seats, bool) or not isinstance(cmd.seats, int) or not 1 <= cmd.seats <= 1000:
        raise Invalid("seats", "seats must be a whole number from 1 to 1000", field="seats")
    try:
        method = method_named(cmd.method)
        declined_seats = DeclinedSeats(cmd.declined_seats)
    except (ApportionmentError, ValueError) as exc:
        raise Invalid("apportionment", str(exc), field="method") from None
    try:
        result = method.evaluate(
            delegates,
            cmd.seats,
            declined=cmd.declined,
            declined_seats=declined_seats,
            reserved=cmd.reserved,
            tie_break=TieBreak(order=cmd.lot),
        )
    except ApportionmentError as exc:
        raise OutOfOrder("apportionment", str(exc)) from None
    return [
        Event(
            k.PRESIDIUM_ALLOTTED,
            {
                "body": body.slug,
                "seats": cmd.seats,
                "method": method.key,
                "delegates": delegates,
                "declined": list(cmd.declined),
                "declined_seats": declined_seats.value,
                "reserved": list(cmd.reserved),
                "result": result.record(),
            },
        )
    ]


def _take_up_seats(state: Assembly, cmd: c.TakeUpSeats) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    if body.presidium is None:
        raise OutOfOrder("no-presidium", f"{body.slug} has no presidium allotted")
    share = next(
        (f for f in body.presidium["result"]["factions"] if f["name"] == cmd.faction), None
    )
    if share is None or not share["reserved"]:
        raise OutOfOrder(
            "no-reserved-seats", f"{cmd.faction} holds no reserved seats in the presidium"
        )
    return [
        Event(
            k.PRESIDIUM_SEATS_TAKEN_UP,
            {"body": body.slug, "faction": cmd.faction, "seats": share["reserved"]},
        )
    ]


def _issue_access_codes(state: Assembly, cmd: c.IssueAccessCodes) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    if not cmd.delegates:
        raise Invalid("required", "no delegates given", field="delegates")
    for ident in cmd.delegates:
        checks.delegate_in(state, body, ident, "delegates")
    if len(set(cmd.delegates)) != len(cmd.delegates):
        raise Invalid("duplicate", "a delegate is named twice", field="delegates")
    return [Event(k.ACCESS_CODES_ISSUED, {"body": body.slug, "delegates": list(cmd.delegates)})]


def _create_account(state: Assembly, cmd: c.CreateAccount) -> list[Event]:
    if not isinstance(cmd.username, str) or not _USERNAME.fullmatch(cmd.username):
        raise Invalid(
            "username",
            "username must be 1-63 letters, digits, dots, hyphens or underscores",
            field="username",
        )
    if cmd.role not in ROLES:
        raise Invalid("role", f"role must be one of {', '.join(ROLES)}", field="role")
    taken = {a["username"].lower() for a in state.accounts.values()}
    if cmd.username.lower() in taken:
        raise OutOfOrder("duplicate-account", f"an account {cmd.username!r} exists already")
    data: dict[str, Any] = {
        "account": state.next_id("a"),
        "username": cmd.username,
        "role": cmd.role,
    }
    if cmd.body is not None:
        data["body"] = checks.body_of(state, cmd.body).slug
    return [Event(k.ACCOUNT_CREATED, data)]


# -- folding the events ----------------------------------------------------------------


def _body_created(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.bodies[data["body"]] = Body(
        slug=data["body"],
        name=data["name"],
        kind=data["kind"],
        parent=data.get("parent"),
        language=data.get("language", "en"),
        rulebook=data.get("rulebook", "robert"),
    )


def _faction_formed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    body = state.bodies[data["body"]]
    body.factions[data["faction"]] = Faction(data["faction"], data["body"], data["name"])


def delegates_registered(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    """Fold a `delegates.registered` entry (or a mandate's holders, registered alike): the
    body's delegates, and a sitting of the body in progress learns of them, absent."""
    body = state.bodies[data["body"]]
    for item in data["delegates"]:
        delegate = Delegate(
            id=item["delegate"],
            body=data["body"],
            name=item["name"],
            faction=item.get("faction"),
            voting=item.get("voting", True),
            weight=item.get("weight", 1),
            sent_by=item.get("sent_by"),
        )
        body.delegates[delegate.id] = delegate
        state.delegates[delegate.id] = delegate
        state.count_id(delegate.id)
    for session_id in body.sessions:  # a sitting in progress registers them too, absent
        session = state.sessions[session_id]
        if session.state == "open":
            added = tuple(
                procedure.Delegate(item["delegate"], item.get("faction"), item.get("sent_by"))
                for item in data["delegates"]
            )
            session.procedure = replace(
                session.procedure,
                delegates=session.procedure.delegates + added,
                members=session.procedure.members
                + sum(1 for i in data["delegates"] if i.get("voting", True)),
            )


def _presidium_allotted(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    # a copy: taking up seats changes the state, never the recorded event
    state.bodies[data["body"]].presidium = copy.deepcopy(data)


def _seats_taken_up(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    presidium = state.bodies[data["body"]].presidium
    assert presidium is not None
    for share in presidium["result"]["factions"]:
        if share["name"] == data["faction"]:
            share["taken"] += share["reserved"]
            share["reserved"] = 0


def _account_created(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.accounts[data["account"]] = {
        "username": data["username"],
        "role": data["role"],
        "body": data.get("body"),
    }
    state.count_id(data["account"])


DECIDERS: dict[type[c.Command], Decider] = {
    c.CreateBody: _create_body,
    c.FormFaction: _form_faction,
    c.RegisterDelegates: _register_delegates,
    c.ImportRoster: _import_roster,
    c.AllotPresidium: _allot_presidium,
    c.TakeUpSeats: _take_up_seats,
    c.IssueAccessCodes: _issue_access_codes,
    c.CreateAccount: _create_account,
}

FOLDS: dict[str, Fold] = {
    k.BODY_CREATED: _body_created,
    k.FACTION_FORMED: _faction_formed,
    k.DELEGATES_REGISTERED: delegates_registered,
    k.PRESIDIUM_ALLOTTED: _presidium_allotted,
    k.PRESIDIUM_SEATS_TAKEN_UP: _seats_taken_up,
    k.ACCOUNT_CREATED: _account_created,
}
