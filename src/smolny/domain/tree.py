"""The tree of bodies: councils and their membership, sections, congresses convened from
councils, executive committees, committees; factions' members and declarations; the
presidium's chair and its rota.

A body's place in the tree is checked and recorded with its creation (`placement`, asked by
`smolny.domain.bodies`); the other acts here are this module's own deciders and folds.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from smolny.counting.apportionment import ApportionmentError, TieBreak, method_named
from smolny.domain import checks
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.polls import lot_seed
from smolny.domain.state import Assembly, Body, Decider, Fold, Session
from smolny.record import kinds as k

RULES = ("fixed", "per-members", "apportioned")
ROTAS = ("fixed", "per-session", "per-item")
MEMBERSHIP_KINDS = ("council", "section")
SECTION_PARENTS = ("council", "congress")  # a council's sections, or a convention's
MAX_MEMBERS = 100_000_000
MAX_NUMBER = 100_000
MAX_CHAIRS = 100


# -- checks ----------------------------------------------------------------------------


def _whole(value: object, field: str, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(field, f"{what} must be a whole number from {low} to {high}", field=field)
    return value


def _members(value: object) -> int:
    return _whole(value, "members", 1, MAX_MEMBERS, "members")


# -- bodies ------------------------------------------------------------------------------


def placement(state: Assembly, cmd: c.CreateBody) -> dict[str, Any]:
    """What creating a body records of its place in the tree (membership, purpose, the
    election of an executive committee), checked with its kind and parent; its slug, kind,
    parent, language and rulebook are checked before (`smolny.domain.bodies`)."""
    data: dict[str, Any] = {}
    parent = state.bodies[cmd.parent] if cmd.parent is not None else None
    if cmd.kind == "section" and (parent is None or parent.kind not in SECTION_PARENTS):
        raise Invalid(
            "section-parent",
            "a section is part of a council (or a congress): name it as the parent"
            + (f"; {parent.slug} is a {parent.kind}" if parent is not None else ""),
            field="parent",
        )
    if cmd.kind == "executive-committee" and parent is not None and parent.kind != "congress":
        raise Invalid(
            "executive-parent",
            f"an executive committee is elected by a congress; {parent.slug} is a {parent.kind}",
            field="parent",
        )
    if cmd.members is not None:
        if cmd.kind not in MEMBERSHIP_KINDS:
            raise Invalid(
                "membership-kind",
                f"only a council or a section has a membership, not a {cmd.kind}",
                field="members",
            )
        data["members"] = _members(cmd.members)
    if cmd.purpose is not None:
        if cmd.kind != "committee":
            raise Invalid("purpose", "only a committee has a purpose", field="purpose")
        data["purpose"] = checks.slug(cmd.purpose, "purpose")
    if cmd.elected_by is not None:
        data["elected_by"] = _election(state, cmd, parent)
    return data


def _election(state: Assembly, cmd: c.CreateBody, parent: Body | None) -> str:
    if cmd.kind != "executive-committee":
        raise Invalid(
            "elected-by", "only an executive committee is elected by a congress", field="elected_by"
        )
    if parent is None:
        raise Invalid(
            "elected-by",
            "name the congress that elected it as the parent, with its poll or session",
            field="parent",
        )
    poll = state.polls.get(cmd.elected_by or "")
    session = state.sessions.get(cmd.elected_by or "")
    if poll is not None and poll.body == parent.slug:
        if poll.state != "closed":
            raise OutOfOrder(
                "poll-not-closed", f"poll {poll.id} is {poll.state}: the election is not over"
            )
        return poll.id
    if session is not None and session.body == parent.slug:
        return session.id
    raise NotFound(
        "unknown-election",
        f"{cmd.elected_by!r} is neither a poll nor a session of {parent.slug}",
        field="elected_by",
    )


def _set_membership(state: Assembly, cmd: c.SetMembership) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    if body.kind not in MEMBERSHIP_KINDS:
        raise Invalid(
            "membership-kind",
            f"only a council or a section has a membership; {body.slug} is a {body.kind}",
            field="body",
        )
    members = _members(cmd.members)
    if body.members == members:
        raise OutOfOrder(
            "membership-unchanged", f"{body.slug} has {members} members already", field="members"
        )
    return [Event(k.BODY_MEMBERSHIP_SET, {"body": body.slug, "members": members})]


def _convene_congress(state: Assembly, cmd: c.ConveneCongress) -> list[Event]:
    congress = checks.body_of(state, cmd.congress)
    if congress.kind != "congress":
        raise Invalid(
            "not-a-congress",
            f"{congress.slug} is a {congress.kind}, not a congress",
            field="congress",
        )
    if congress.convened is not None:
        raise OutOfOrder("already-convened", f"{congress.slug} is convened already")
    if cmd.rule not in RULES:
        raise Invalid("convening-rule", f"rule must be one of {', '.join(RULES)}", field="rule")
    if not cmd.councils:
        raise Invalid("required", "no councils given", field="councils")
    if len(set(cmd.councils)) != len(cmd.councils):
        raise Invalid("duplicate", "a council is named twice", field="councils")
    councils: list[Body] = []
    for slug in cmd.councils:
        council = state.bodies.get(slug)
        if council is None:
            raise NotFound("unknown-body", f"there is no body {slug!r}", field="councils")
        if council.kind != "council":
            raise Invalid(
                "not-a-council", f"{slug} is a {council.kind}, not a council", field="councils"
            )
        if cmd.rule != "fixed" and council.members is None:
            raise OutOfOrder(
                "no-membership",
                f"{slug} has no membership recorded: set it before convening by {cmd.rule}",
                field="councils",
            )
        councils.append(council)
    data: dict[str, Any] = {"congress": congress.slug, "rule": cmd.rule}
    if cmd.rule == "apportioned":
        if cmd.number is not None:
            raise Invalid("number", "an apportionment shares seats: give seats", field="number")
        data["seats"] = seats = _whole(cmd.seats, "seats", 1, MAX_NUMBER, "seats")
        delegates, data["method"], data["apportionment"], drawn = _apportion(
            state, cmd, councils, seats
        )
        if drawn is not None:
            data["lot_seed"] = drawn
    else:
        if cmd.seats is not None:
            raise Invalid("seats", f"the {cmd.rule} rule takes a number, not seats", field="seats")
        number = _whole(cmd.number, "number", 1, MAX_NUMBER, "number")
        data["number"] = number
        delegates = {
            # one delegate per `number` members, rounded down, and at least one
            council.slug: number
            if cmd.rule == "fixed"
            else max(1, (council.members or 0) // number)
            for council in councils
        }
    data["councils"] = [
        {"council": council.slug, "delegates": delegates[council.slug]}
        | ({"members": council.members} if council.members is not None else {})
        for council in councils
    ]
    return [Event(k.CONGRESS_CONVENED, data)]


def _apportion(
    state: Assembly, cmd: c.ConveneCongress, councils: list[Body], seats: int
) -> tuple[dict[str, int], str, dict[str, object], int | None]:
    try:
        method = method_named(cmd.method)
    except ApportionmentError as exc:
        raise Invalid("apportionment", str(exc), field="method") from None
    # A tie for the last seats goes to the larger council, then by lot: the order the body
    # drew, or one drawn from the record's head (nobody knows it before; anyone can redraw).
    seed = None if cmd.lot is not None else lot_seed(cmd.congress, state.head)
    try:
        result = method.evaluate(
            {council.slug: council.members or 0 for council in councils},
            seats,
            tie_break=TieBreak(order=cmd.lot, seed=seed),
        )
    except ApportionmentError as exc:
        raise OutOfOrder("apportionment", str(exc)) from None
    return dict(result.seats), method.key, result.record(), seed


# -- factions ------------------------------------------------------------------------------


def _join_faction(state: Assembly, cmd: c.JoinFaction) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    delegate = state.delegates[checks.delegate_in(state, body, cmd.delegate, "delegate")]
    if cmd.faction not in body.factions:
        raise NotFound(
            "unknown-faction", f"{body.slug} has no faction {cmd.faction!r}", field="faction"
        )
    if delegate.faction == cmd.faction:
        raise OutOfOrder(
            "in-faction", f"{delegate.id} is in {cmd.faction} already", field="faction"
        )
    data: dict[str, Any] = {"body": body.slug, "delegate": delegate.id, "faction": cmd.faction}
    if delegate.faction is not None:
        data["from"] = delegate.faction
    return [Event(k.FACTION_JOINED, data)]


def _leave_faction(state: Assembly, cmd: c.LeaveFaction) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    delegate = state.delegates[checks.delegate_in(state, body, cmd.delegate, "delegate")]
    if delegate.faction is None:
        raise OutOfOrder("no-faction", f"{delegate.id} is in no faction", field="delegate")
    return [
        Event(
            k.FACTION_LEFT,
            {"body": body.slug, "delegate": delegate.id, "faction": delegate.faction},
        )
    ]


def _declare(state: Assembly, cmd: c.Declare) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    body = state.bodies[session.body]
    if cmd.faction not in body.factions:
        raise NotFound(
            "unknown-faction", f"{body.slug} has no faction {cmd.faction!r}", field="faction"
        )
    speaker = state.delegates[checks.delegate_in(state, body, cmd.by, "by")]
    if speaker.faction != cmd.faction:
        raise OutOfOrder(
            "not-of-faction",
            f"{speaker.id} ({speaker.name}) is not of {cmd.faction} and cannot declare in its name",
            field="by",
        )
    text = checks.text(cmd.text, "text")
    return [
        Event(
            k.FACTION_DECLARED,
            {
                "session": session.id,
                "body": body.slug,
                "faction": cmd.faction,
                "delegate": speaker.id,
                "text": text,
            },
        )
    ]


# -- the presidium's chair ---------------------------------------------------------------------


def _set_chair(state: Assembly, cmd: c.SetChair) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    if cmd.rota not in ROTAS:
        raise Invalid("rota", f"rota must be one of {', '.join(ROTAS)}", field="rota")
    if not cmd.chairs:
        raise Invalid("required", "no chairs given", field="chairs")
    if len(cmd.chairs) > MAX_CHAIRS:
        raise Invalid("too-many", f"more than {MAX_CHAIRS} chairs", field="chairs")
    if len(set(cmd.chairs)) != len(cmd.chairs):
        raise Invalid("duplicate", "a chair is named twice", field="chairs")
    for ident in cmd.chairs:
        checks.delegate_in(state, body, ident, "chairs")
    return [
        Event(
            k.PRESIDIUM_CHAIR_SET, {"body": body.slug, "chairs": list(cmd.chairs), "rota": cmd.rota}
        )
    ]


def chair_of(state: Assembly, session: Session) -> str | None:
    """Who chairs `session` by its body's rota (None if no chair was set for it): the first
    chair; or, by turns, one a sitting or one an agenda item taken up."""
    body = state.bodies[session.body]
    if session.id not in body.sessions:
        return None
    index = body.sessions.index(session.id)
    rota = next((r for r in reversed(body.chairs) if r["from"] <= index), None)
    if rota is None:
        return None
    chairs: list[str] = rota["chairs"]
    turn = 0
    if rota["rota"] == "per-session":
        turn = index - rota["from"]
    elif rota["rota"] == "per-item":
        taken_up = sum(1 for item in session.procedure.agenda if item.status != "waiting")
        turn = max(taken_up - 1, 0)
    return chairs[turn % len(chairs)]


def chair_summary(state: Assembly, body: Body) -> dict[str, Any] | None:
    """The chairs in rota order, the rota, and who chairs the body's latest sitting (or its
    next one, when none is open)."""
    if not body.chairs:
        return None
    rota = body.chairs[-1]
    current: str | None
    latest = state.sessions[body.sessions[-1]] if body.sessions else None
    if latest is not None and latest.state == "open":
        current = chair_of(state, latest)
    else:
        chairs: list[str] = rota["chairs"]
        turn = len(body.sessions) - rota["from"] if rota["rota"] == "per-session" else 0
        current = chairs[turn % len(chairs)]
    return {"chairs": list(rota["chairs"]), "rota": rota["rota"], "current": current}


def tree_rows(state: Assembly) -> list[dict[str, Any]]:
    """Every body, parents before their children (depth first, in the order created), each
    with its `depth`, kind, membership, number of delegates, allocation and sessions."""
    children: dict[str | None, list[Body]] = {}
    for body in state.bodies.values():
        parent = body.parent if body.parent in state.bodies else None
        children.setdefault(parent, []).append(body)
    rows: list[dict[str, Any]] = []

    def visit(parent: str | None, depth: int) -> None:
        for body in children.get(parent, []):
            rows.append(
                {
                    "slug": body.slug,
                    "name": body.name,
                    "kind": body.kind,
                    "parent": body.parent,
                    "depth": depth,
                    "members": body.members,
                    "delegates": len(body.delegates),
                    "allocation": dict(body.allocation),
                    "sessions": sum(  # its own sittings, and the joint ones it sat in
                        1
                        for s in state.sessions.values()
                        if s.body == body.slug
                        or any(b.slug == body.slug for b in s.procedure.bodies)
                    ),
                    "purpose": body.purpose,
                    "elected_by": body.elected_by,
                    "rulebook": body.rulebook,
                    "factions": sorted(body.factions),
                }
            )
            visit(body.slug, depth + 1)

    visit(None, 0)
    return rows


# -- folding the events ------------------------------------------------------------------------


def _body_placed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    # after `smolny.domain.bodies` folded the body in
    body = state.bodies[data["body"]]
    body.members = data.get("members")
    body.purpose = data.get("purpose")
    body.elected_by = data.get("elected_by")


def _membership_set(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.bodies[data["body"]].members = data["members"]


def _congress_convened(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    congress = state.bodies[data["congress"]]
    congress.convened = data
    congress.allocation = {item["council"]: item["delegates"] for item in data["councils"]}


def move_to_faction(state: Assembly, ident: str, faction: str | None) -> None:
    """The delegate `ident` in `faction` (None: in none), in every sitting in progress too."""
    # The delegate's faction, here and in every sitting in progress that registered them
    # (the engine counts a faction's presence, and walks it out, by these).
    state.delegates[ident].faction = faction
    for session in state.sessions.values():
        sitting = session.procedure
        if session.state != "open" or sitting.delegate(ident) is None:
            continue
        session.procedure = replace(
            sitting,
            delegates=tuple(
                replace(d, faction=faction) if d.id == ident else d for d in sitting.delegates
            ),
        )


def _faction_joined(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    move_to_faction(state, data["delegate"], data["faction"])


def _faction_left(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    move_to_faction(state, data["delegate"], None)


def _chair_set(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    body = state.bodies[data["body"]]
    # the rota starts with the sitting in progress, if any, else with the next one
    start = len(body.sessions)
    if body.sessions and state.sessions[body.sessions[-1]].state == "open":
        start -= 1
    body.chairs.append({"chairs": list(data["chairs"]), "rota": data["rota"], "from": start})


DECIDERS: dict[type[c.Command], Decider] = {
    c.SetMembership: _set_membership,
    c.ConveneCongress: _convene_congress,
    c.JoinFaction: _join_faction,
    c.LeaveFaction: _leave_faction,
    c.Declare: _declare,
    c.SetChair: _set_chair,
}

FOLDS: dict[str, Fold] = {
    k.BODY_CREATED: _body_placed,
    k.BODY_MEMBERSHIP_SET: _membership_set,
    k.CONGRESS_CONVENED: _congress_convened,
    k.FACTION_JOINED: _faction_joined,
    k.FACTION_LEFT: _faction_left,
    k.PRESIDIUM_CHAIR_SET: _chair_set,
}
