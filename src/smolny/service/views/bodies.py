"""Bodies and delegates: bodies with their factions, presidiums and delegates, the tree of
bodies, mandates, and the secretariat's view of a body and its credentials."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any, TypedDict

from smolny.domain import joint, tree
from smolny.domain.decide import BODY_KINDS as BODY_KINDS
from smolny.domain.decide import body_of
from smolny.domain.errors import NotFound
from smolny.domain.mandates import EXPORT_COLUMNS, Mandate, delegate_rows
from smolny.domain.state import Assembly, Body, Delegate
from smolny.record.clock import zone_named
from smolny.service.unit_of_work import UnitOfWork


class FactionCount(TypedDict):
    slug: str
    name: str
    delegates: int


class BodySummary(TypedDict):
    """A body with its counts of delegates by faction (`GET /api/v1/bodies`)."""

    slug: str
    name: str
    kind: str
    parent: str | None
    language: str
    delegates: int
    voting_delegates: int
    factions: list[FactionCount]
    unaffiliated: int
    sessions: list[str]
    presidium: dict[str, Any] | None
    members: int | None
    purpose: str | None
    elected_by: str | None
    allocation: dict[str, int]
    chair: dict[str, Any] | None


class DelegateRow(TypedDict):
    id: str
    name: str
    faction: str | None
    voting: bool
    weight: int
    sent_by: str | None


class BodyDetail(BodySummary):
    """A body, its factions and every delegate."""

    delegates_list: list[DelegateRow]


class MandateView(TypedDict):
    """A mandate: who holds it, their status, who waits to take it up."""

    mandate: str
    sending: str
    body: str
    delegate: str
    name: str
    status: str
    delegate_status: str
    faction: str | None
    voting: bool
    weight: int
    term_until: str | None
    substitutes: list[dict[str, str]]
    holders: list[str]
    reason: str | None
    contest: str | None


class MandateRefs(TypedDict):
    """What a command on a mandate names: the body it is to, the sending body, the holder."""

    body: str
    sending: str
    delegate: str


# -- bodies ------------------------------------------------------------------------------


def bodies(app: UnitOfWork) -> list[BodySummary]:
    """Every body, in the order created."""
    with app.lock:
        return [_summary(app.state, b) for b in app.state.bodies.values()]


def tree_rows(app: UnitOfWork) -> list[dict[str, Any]]:
    """Every body, parents before their children, each with its depth, kind, membership,
    number of delegates, allocation and sessions."""
    with app.lock:
        return tree.tree_rows(app.state)


def body(app: UnitOfWork, slug: str) -> BodyDetail:
    """A body, its factions and every delegate; NotFound if there is none."""
    with app.lock:
        found = body_of(app.state, slug)
        detail: BodyDetail = {
            **_summary(app.state, found),  # type: ignore[typeddict-item]
            "delegates_list": [_delegate_row(d) for d in found.delegates.values()],
        }
        return detail


def chair(app: UnitOfWork, slug: str) -> dict[str, Any] | None:
    """The body's chairs in rota order, the rota, and who chairs now (None: none set)."""
    with app.lock:
        return copy.deepcopy(tree.chair_summary(app.state, body_of(app.state, slug)))


def time_zone(
    app: UnitOfWork, slug: str | None = None, session: str | None = None
) -> dict[str, Any]:
    """The time zone the pages of a body (or of a sitting's body) show times in, as the
    screens' context takes it: `{"time_zone": tzinfo}`, or `{}` for UTC (no such body, or
    no zone set)."""
    with app.lock:
        state = app.state
        if session is not None and session in state.sessions:
            slug = state.sessions[session].body
        found = state.bodies.get(slug or "")
        if found is None or found.time_zone is None:
            return {}
        try:
            return {"time_zone": zone_named(found.time_zone, found.time_zone_name)}
        except ValueError:
            return {}


def names(app: UnitOfWork) -> dict[str, str]:
    """Every body's name, by its slug."""
    with app.lock:
        return {slug: found.name for slug, found in app.state.bodies.items()}


def name(app: UnitOfWork, slug: str) -> str:
    """A body's name; NotFound ("body") if there is none."""
    with app.lock:
        found = app.state.bodies.get(slug)
        if found is None:
            raise NotFound("body", f"there is no body {slug!r}", field="slug")
        return found.name


def rulebook_names(app: UnitOfWork) -> dict[str, str]:
    """The rulebooks a body may sit under: each one's name, by its key (`robert` first)."""
    with app.lock:
        found = app.state.rulebooks
        keys = sorted(found, key=lambda key: (key != "robert", key))
        return {key: found[key].name for key in keys}


def delegate_names(app: UnitOfWork, ids: list[str]) -> dict[str, str]:
    """The names of the delegates named (those that exist), by id."""
    with app.lock:
        known = app.state.delegates
        return {d: known[d].name for d in ids if d in known}


def overview(app: UnitOfWork, asked: str) -> tuple[int, str | None]:
    """For the secretariat's page: the record's length, and the body to show (the one
    asked for if it exists; else the first body when none was asked for)."""
    with app.lock:
        state = app.state
        if asked in state.bodies:
            return state.seq, asked
        return state.seq, (next(iter(state.bodies), None) if not asked else None)


def _summary(state: Assembly, found: Body) -> BodySummary:
    by_faction = Counter(d.faction for d in found.delegates.values())
    return {
        "slug": found.slug,
        "name": found.name,
        "kind": found.kind,
        "parent": found.parent,
        "language": found.language,
        "delegates": len(found.delegates),
        "voting_delegates": len(found.voting_delegates()),
        "factions": [
            {"slug": f.slug, "name": f.name, "delegates": by_faction.get(f.slug, 0)}
            for f in found.factions.values()
        ],
        "unaffiliated": by_faction.get(None, 0),
        "sessions": joint.sittings_of(state, found.slug),  # joint sittings too
        "presidium": _presidium(found),
        "members": found.members,
        "purpose": found.purpose,
        "elected_by": found.elected_by,
        "allocation": dict(found.allocation),
        "chair": copy.deepcopy(tree.chair_summary(state, found)),
    }


def _presidium(found: Body) -> dict[str, Any] | None:
    """The presidium's seats per faction: taken, reserved, declined; with the count's method."""
    if found.presidium is None:
        return None
    result = found.presidium["result"]
    names = {f.slug: f.name for f in found.factions.values()}
    return copy.deepcopy(
        {
            "seats": found.presidium["seats"],
            "method": found.presidium["method"],
            "empty": result["empty"],
            "factions": [
                {**share, "faction": share["name"], "name": names.get(share["name"], share["name"])}
                for share in result["factions"]
            ],
            "trace": result["trace"],
        }
    )


def _delegate_row(d: Delegate) -> DelegateRow:
    return {
        "id": d.id,
        "name": d.name,
        "faction": d.faction,
        "voting": d.voting,
        "weight": d.weight,
        "sent_by": d.sent_by,
    }


# -- mandates ----------------------------------------------------------------------------


def mandates(app: UnitOfWork, to: str | None = None) -> list[MandateView]:
    """The mandates, all or those to one body (NotFound if there is no such body)."""
    with app.lock:
        if to is not None:
            body_of(app.state, to)
        return [
            _mandate_view(app.state, m)
            for m in app.state.mandates.values()
            if to is None or m.body == to
        ]


def mandate(app: UnitOfWork, ident: str) -> MandateView:
    """One mandate; NotFound ("unknown-mandate") if there is none."""
    with app.lock:
        return _mandate_view(app.state, _mandate(app.state, ident))


def mandate_refs(app: UnitOfWork, ident: str) -> MandateRefs:
    """What a command on the mandate names; NotFound ("unknown-mandate") if there is none."""
    with app.lock:
        found = _mandate(app.state, ident)
        return {"body": found.body, "sending": found.sending, "delegate": found.delegate}


def delegate_table(app: UnitOfWork, slug: str) -> tuple[list[str], list[list[str]]]:
    """The body's delegates and mandates as (columns, rows), as the mandates import reads
    them back; NotFound if there is no such body."""
    with app.lock:
        return list(EXPORT_COLUMNS), delegate_rows(app.state, body_of(app.state, slug))


def _mandate(state: Assembly, ident: str) -> Mandate:
    found = state.mandates.get(ident)
    if found is None:
        raise NotFound("unknown-mandate", f"there is no mandate {ident!r}", field="mandate")
    return found


def _mandate_view(state: Assembly, found: Mandate) -> MandateView:
    holder = state.delegates[found.delegate]
    return {
        "mandate": found.id,
        "sending": found.sending,
        "body": found.body,
        "delegate": found.delegate,
        "name": holder.name,
        "status": found.status,
        "delegate_status": holder.status,
        "faction": found.faction,
        "voting": found.voting,
        "weight": found.weight,
        "term_until": found.term_until,
        "substitutes": [
            {"delegate": s, "name": state.delegates[s].name} for s in found.substitutes
        ],
        "holders": list(found.holders),
        "reason": found.reason,
        "contest": found.contest,
    }


# -- the secretariat -------------------------------------------------------------------


def secretariat_body(app: UnitOfWork, slug: str, coded: set[str]) -> dict[str, Any]:
    """A body as the secretariat manages it: factions, delegates with their mandates and
    whether they hold an access code (`coded`), sessions."""
    with app.lock:
        state = app.state
        found = body_of(state, slug)
        return {
            "slug": found.slug,
            "name": found.name,
            "kind": found.kind,
            "parent": found.parent,
            "members": found.members,
            "factions": [
                {
                    "slug": f.slug,
                    "name": f.name,
                    "delegates": sum(1 for d in found.delegates.values() if d.faction == f.slug),
                }
                for f in found.factions.values()
            ],
            "delegates": [
                _secretariat_row(state, found, d, coded) for d in found.delegates.values()
            ],
            "sessions": [
                {
                    "id": s.id,
                    "title": s.title,
                    "state": s.state,
                    "opened_at": s.opened_at,
                    "closed_at": s.closed_at,
                }
                for s in (state.sessions[i] for i in joint.sittings_of(state, found.slug))
            ],
        }


def _secretariat_row(state: Assembly, found: Body, d: Delegate, coded: set[str]) -> dict[str, Any]:
    held = state.mandates.get(d.mandate) if d.mandate else None
    return {
        "id": d.id,
        "name": d.name,
        "faction": found.factions[d.faction].name if d.faction in found.factions else d.faction,
        "voting": d.voting,
        "weight": d.weight,
        "sent_by": d.sent_by,
        "status": d.status,
        "mandate": held.id if held else None,
        "mandate_status": held.status if held else None,
        "coded": d.id in coded,
    }


def credentials(app: UnitOfWork, slug: str) -> dict[str, Any]:
    """A body's mandates for its credentials committee (awaiting, contested, held, done),
    with its committees."""
    with app.lock:
        state = app.state
        found = body_of(state, slug)
        committees = [
            b for b in state.bodies.values() if b.kind == "committee" and b.parent == found.slug
        ]
        return {
            "body": {"slug": found.slug, "name": found.name},
            "mandates": _credentials_lists(state, found),
            "committees": [
                {"slug": b.slug, "name": b.name, "credentials": b.purpose == "credentials"}
                for b in committees
            ],
        }


def _credentials_lists(state: Assembly, found: Body) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"pending": [], "contested": [], "held": [], "done": []}
    for m in state.mandates.values():
        if m.body != found.slug:
            continue
        holder = state.delegates[m.delegate]
        motion = state.motions.get(m.contest) if m.contest else None
        item = {
            "id": m.id,
            "name": holder.name,
            "delegate": holder.id,
            "delegate_status": holder.status,
            "sending": m.sending,
            "sending_name": state.bodies[m.sending].name,
            "faction": m.faction,
            "status": m.status,
            "reason": m.reason,
            "substitutes": [state.delegates[s].name for s in m.substitutes],
            "holders": [state.delegates[h].name for h in m.holders],
            "contest": m.contest,
            "motion": motion.title if motion else None,
            "session": motion.session if motion else None,
        }
        if m.contest:
            out["contested"].append(item)
        if m.status == "pending":
            out["pending"].append(item)
        elif holder.status in ("pending", "seated"):
            out["held"].append(item)
        else:
            out["done"].append(item)
    return out


# -- the delegate ----------------------------------------------------------------------


def me(state: Assembly, delegate: Delegate) -> dict[str, Any]:
    """A delegate as their phone shows them: body, faction, vote, proxies held and given.
    (For a query holding the lock.)"""
    found = state.bodies[delegate.body]
    faction = found.factions.get(delegate.faction or "")
    held = [d for d, holder in found.proxies.items() if holder == delegate.id]
    given = found.proxies.get(delegate.id)
    return {
        "id": delegate.id,
        "name": delegate.name,
        "body": found.name,
        "faction": faction.name if faction is not None else None,
        "voting": delegate.voting,
        "weight": delegate.weight,
        "why_no_vote": delegate.why_no_vote(),
        "proxies_held": [state.delegates[d].name for d in held if d in state.delegates],
        "proxy_given": state.delegates[given].name if given in state.delegates else None,
    }
