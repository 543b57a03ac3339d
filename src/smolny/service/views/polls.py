"""Polls and results: a poll's question, register and state, its result as the screens
draw it (bars, thresholds, an election's outcome, an STV count as a sheet), the roll call,
the published box, and a delegate's ballots in a poll."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from typing import Any, TypedDict

from smolny.domain import polls
from smolny.domain.decide import poll_of
from smolny.domain.errors import OutOfOrder
from smolny.domain.state import Assembly, Delegate, Poll
from smolny.record import canonical
from smolny.record.ballotbox import unit_nonce
from smolny.service.unit_of_work import UnitOfWork
from smolny.service.views.count_sheets import is_order, order_sheet

# What a poll may be and say, for the forms that open one and the ballots that answer it.
METHODS = polls.METHODS
TELLER_METHODS = polls.TELLER_METHODS
BOX_METHODS = polls.BOX_METHODS
YES_NO = polls.YES_NO
ABSTAIN = polls.ABSTAIN
RANKED_COUNTS = polls.RANKED_COUNTS
LIST_COUNTS = polls.LIST_COUNTS
CHOICE_THRESHOLDS = polls.CHOICE_THRESHOLDS
MAX_OPTIONS = polls.MAX_OPTIONS
MAX_OPTION = polls.MAX_OPTION
ANSWERS = ("yes", "no", "abstain")


class PollDetail(TypedDict):
    """A poll's question, register, state, the box's count and the decision or outcome."""

    id: str
    motion: str | None
    session: str
    title: str
    method: str
    question: str
    options: list[str]
    seats: int
    counting: str | None
    threshold: str
    changeable: bool
    state: str
    eligible: int
    proxies: int
    present_at_open: int
    opens_at: str | None
    closes_at: str | None
    sections: list[str]
    counts: dict[str, Any]
    result: dict[str, Any] | None
    decision: dict[str, Any] | None


def poll(app: UnitOfWork, ident: str) -> PollDetail:
    """A poll; NotFound if there is none."""
    with app.lock:
        return poll_detail(app.state, poll_of(app.state, ident))


def poll_detail(state: Assembly, found: Poll) -> PollDetail:
    """A poll as the API shows it. (For a query holding the lock.)"""
    return {
        "id": found.id,
        "motion": found.motion,
        "session": found.session,
        "title": found.title,
        "method": found.method,
        "question": found.question,
        "options": list(found.options),
        "seats": found.seats,
        "counting": found.counting,
        "threshold": found.threshold,
        "changeable": found.changeable,
        "state": found.state,
        "eligible": len(found.eligible),
        "proxies": len(found.proxies),
        "present_at_open": found.present_at_open,
        "opens_at": found.opens_at,
        "closes_at": found.closes_at,
        "sections": list(found.sections),
        "counts": {k or "hall": copy.deepcopy(v["counts"]) for k, v in found.counts.items()},
        "result": copy.deepcopy(found.result),
        "decision": copy.deepcopy(found.decision),
    }


def answers(app: UnitOfWork, ident: str) -> tuple[str, ...]:
    """The values a single-choice ballot of the poll may hold; NotFound if there is none."""
    with app.lock:
        return polls.Question.of(poll_of(app.state, ident).opened).answers()


# -- results -----------------------------------------------------------------------------


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _bars(counts: dict[str, int], keys: list[str]) -> list[dict[str, Any]]:
    total = sum(counts.get(k, 0) for k in keys)
    return [
        {"key": k, "value": counts.get(k, 0), "share": _share(counts.get(k, 0), total)}
        for k in keys
    ]


def poll_result(state: Assembly, found: Poll) -> dict[str, Any]:
    """A closed poll's result as the screens draw it: bars of heads (and of weights when
    they differ), the threshold and whether it was met, or an election's outcome. (For a
    query holding the lock.)"""
    result = copy.deepcopy(found.result or {})
    heads: dict[str, int] = result.get("heads", {})
    weights: dict[str, int] = result.get("weights", {})
    view: dict[str, Any] = {
        "id": found.id,
        "title": found.title,
        "question": found.question,
        "method": found.method,
        "secret": found.secret,
        "state": found.state,
        "eligible": result.get("eligible", len(found.eligible)),
        "present": result.get("present", found.present_at_open),
        "voted": result.get("box", {}).get("ballots", sum(heads.values())),
        "unit": result.get("unit", "heads"),
        "weighted": heads != weights,
        "reason": result.get("reason"),
    }
    if found.state == "cancelled":
        return view
    if found.question == "yes-no-abstain":
        view["heads"] = _bars(heads, list(ANSWERS))
        view["weights"] = _bars(weights, list(ANSWERS)) if view["weighted"] else None
        view["decision"] = _decision(state, found)
        return view
    outcome: dict[str, Any] = result.get("outcome") or {}
    options = list(found.options)
    keys = [*options, "abstain"] if "abstain" in heads else options
    counted = weights if view["unit"] == "weight" else heads
    view["options"] = _bars(counted, keys)
    view["outcome"] = outcome
    if found.question == "ranked":
        view.update(_ranked(outcome, options))
    else:
        view.update(_ELECTED[found.question](outcome))
    view["tie_breaks"] = list(outcome.get("tie_breaks", []))
    return view


def _decision(state: Assembly, found: Poll) -> dict[str, Any]:
    # a motion's poll: the decision the engine recorded, and whether the motion stands adopted
    motion = state.motions.get(found.motion or "")
    decision = found.decision or (motion.decision if motion is not None else None) or {}
    adopted = None
    if motion is not None:
        question = state.sessions[motion.session].procedure.question(motion.id)
        if question is not None and question.status in ("adopted", "rejected"):
            adopted = question.status == "adopted"
    return {
        "adopted": adopted,
        "threshold": decision.get("threshold"),
        "required": decision.get("required"),
        "base": decision.get("base"),
        "yes": decision.get("yes"),
        "met": adopted,
        "present": decision.get("present_count"),
        "quorum": decision.get("quorum"),
        "casting_vote": decision.get("casting_vote"),
    }


def _chosen(outcome: dict[str, Any]) -> dict[str, Any]:
    return {"elected": [outcome["chosen"]] if outcome.get("chosen") else []}


def _multiple(outcome: dict[str, Any]) -> dict[str, Any]:
    return {"elected": list(outcome.get("elected", []))}


def _lists(outcome: dict[str, Any]) -> dict[str, Any]:
    apportionment = outcome.get("apportionment") or {}
    return {
        "seats_by_list": [
            {"name": f["name"], "votes": f["votes"], "seats": f["seats"]}
            for f in apportionment.get("factions", [])
        ],
        "elected": [],
    }


def _ranked(outcome: dict[str, Any], options: list[str] | None = None) -> dict[str, Any]:
    count = outcome.get("count")
    return {
        "elected": [c["name"] for c in count["elected"]] if count else [],
        "count": _sheet(count, options) if count else None,
    }


def _sheet(count: dict[str, Any], options: list[str] | None = None) -> dict[str, Any]:
    # Schulze, Borda: a matrix or points, no stages; STV, IRV: stage by stage
    return order_sheet(count) if is_order(count) else count_stages(count, options)


# what an election's outcome shows, by the kind of its question
_ELECTED = {"choice": _chosen, "multiple": _multiple, "list": _lists, "ranked": _ranked}


def count_stages(count: dict[str, Any], options: list[str] | None = None) -> dict[str, Any]:
    """An STV or IRV count as a sheet: candidates down, stages across, with what each
    stage did (elected, excluded, transfers, surplus, tie-breaks). `options` are the
    poll's candidates in order (number 1 first): every candidate is named by name, even
    one the count never elected, excluded or moved (still continuing at the end)."""
    names = _candidates(count)
    for number, name in enumerate(options or (), start=1):
        if names.get(str(number)) == str(number):
            names[str(number)] = name
    order = sorted(names, key=lambda n: int(n) if n.isdecimal() else 0)
    elected_at: dict[str, int] = {}
    excluded_at: dict[str, int] = {}
    for stage in count["stages"]:
        for who in stage["elected"]:
            elected_at[str(who["number"])] = stage["number"]
        for who in stage["excluded"]:
            excluded_at[str(who["number"])] = stage["number"]
    rows = [
        {
            "name": names[n],
            "elected": n in elected_at,
            "excluded": n in excluded_at,
            "cells": [
                {
                    "votes": stage["votes"].get(n),
                    "change": stage["changes"].get(n),
                    "elected": elected_at.get(n) == stage["number"],
                    "excluded": excluded_at.get(n) == stage["number"],
                }
                for stage in count["stages"]
            ],
        }
        for n in order
    ]
    return {
        "method": count["method"],
        "seats": count["seats"],
        "quota": count["quota"],
        "valid_votes": count["valid_votes"],
        "stages": count["stages"],
        "rows": rows,
        "lot": count.get("lot"),
        "notes": count.get("notes", []),
    }


def _candidates(count: dict[str, Any]) -> dict[str, str]:
    # every candidate's name by their number, from wherever the count names them
    names: dict[str, str] = {}
    for stage in count["stages"]:
        for number in stage["votes"]:
            names.setdefault(number, number)
        for who in (*stage["elected"], *stage["excluded"]):
            names[str(who["number"])] = who["name"]
        if stage["candidate"]:
            names[str(stage["candidate"]["number"])] = stage["candidate"]["name"]
        for tie in stage["tie_breaks"]:
            for who in (*tie["tied"], tie["chosen"]):
                names[str(who["number"])] = who["name"]
    for who in count["elected"]:
        names[str(who["number"])] = who["name"]
    return names


# -- the box -----------------------------------------------------------------------------


def roll_call(app: UnitOfWork, ident: str) -> dict[str, Any]:
    """The roll call: the register in order, each with their vote once answered, and who is
    called next; refused for a secret poll."""
    with app.lock:
        found = poll_of(app.state, ident)
        if found.secret:
            raise OutOfOrder("secret", f"poll {ident} is secret: nobody's vote is shown")
        order = list(found.eligible)
        names = {d: app.state.delegates[d].name for d in order}
        method = found.method
    answered = {}
    if method == "roll-call":
        with app.store.reading() as tx:
            held = tx.ballots(ident)
        for _, text in held:
            ballot = canonical.loads(text)
            answered[ballot["voter"]] = {
                k: ballot[k] for k in ("choice", "choices", "ranking") if k in ballot
            }
    calls = [{"delegate": d, "name": names[d], "vote": answered.get(d)} for d in order]
    waiting = next((call["delegate"] for call in calls if call["vote"] is None), None)
    return {"poll": ident, "next": waiting, "calls": calls}


def box(app: UnitOfWork, ident: str, receipt: str | None = None) -> dict[str, Any]:
    """The published box of a closed (or cancelled) poll, for anyone to check: every
    ballot, or the one a receipt finds; a secret poll's roll apart."""
    with app.lock:
        found = poll_of(app.state, ident)
        if found.state not in ("closed", "cancelled"):
            raise OutOfOrder(
                "poll-open", f"poll {ident} is {found.state}: its box is published at the close"
            )
        secret = found.secret
    with app.store.reading() as tx:
        ballots = tx.ballots(ident)
    if receipt is not None:
        ballots = _receipt_finds(ballots, receipt.lower())
        if not ballots:
            raise OutOfOrder("no-such-ballot", f"no ballot {receipt} is in the box of {ident}")
    reply: dict[str, Any] = {
        "poll": ident,
        "ballots": [{"hash": h, "ballot": b} for h, b in ballots],
    }
    if secret and receipt is None:
        with app.store.reading() as tx:
            voters = tx.roll(ident)
        reply["roll"] = [{"voter": v, **({"cast_by": by} if by else {})} for v, by in voters]
    return reply


def published_box(app: UnitOfWork, ident: str, limit: int = 200) -> dict[str, Any]:
    """A poll's published box as a page shows it: the poll, the box's size and digest as
    the close recorded them, and its first `limit` ballots, each with its receipt and
    what it holds (in a named poll, whose it is). Before the close: `published` False and
    no ballot."""
    with app.lock:
        found = poll_of(app.state, ident)
        title = found.title or found.id
        if found.motion is not None and found.motion in app.state.motions:
            title = app.state.motions[found.motion].title
        result = dict(found.result or {})
        names = {d: app.state.delegates[d].name for d in found.eligible if d in app.state.delegates}
        session = app.state.sessions.get(found.session)
        view: dict[str, Any] = {
            "poll": ident,
            "title": title,
            "state": found.state,
            "secret": found.secret,
            "method": found.method,
            "question": found.question,
            "session": found.session,
            "session_title": session.title if session is not None else found.session,
            "digest": (result.get("box") or {}).get("digest"),
            "published": found.state in ("closed", "cancelled") and found.method in BOX_METHODS,
        }
    if not view["published"]:
        return {**view, "total": 0, "ballots": []}
    with app.store.reading() as tx:
        held = tx.ballots(ident)
    shown = []
    for digest, text in held[:limit]:
        ballot = canonical.loads(text)
        voter = ballot.get("voter")
        shown.append(
            {
                "receipt": digest,
                "voter": names.get(str(voter), voter) if voter else None,
                "answer": {k: ballot[k] for k in ("choice", "choices", "ranking") if k in ballot},
            }
        )
    return {**view, "total": len(held), "ballots": shown}


def ballot_by_receipt(app: UnitOfWork, ident: str, receipt: str) -> dict[str, Any]:
    """A voter's check of their ballot in the published box, by the receipt their phone
    kept: the poll, whether a ballot with that receipt is in the box, and what it holds
    (a choice, choices or a ranking) for the screen to put in words. Refused while the
    poll is open (its box is published at the close); a receipt found nowhere is answered
    `found: False`, not refused, so the page can say so."""
    with app.lock:
        found = poll_of(app.state, ident)
        title = found.title or found.id
        if found.motion is not None and found.motion in app.state.motions:
            title = app.state.motions[found.motion].title
        view: dict[str, Any] = {
            "poll": ident,
            "title": title,
            "state": found.state,
            "secret": found.secret,
            "question": found.question,
            "session": found.session,
            "receipt": receipt.strip().lower(),
        }
    if view["state"] not in ("closed", "cancelled"):
        return {**view, "published": False, "found": False, "answer": None, "ballots": 0}
    with app.store.reading() as tx:
        ballots = tx.ballots(ident)
    found = _receipt_finds(ballots, view["receipt"])  # the ballot, or a weighted one's units
    held = [text for _digest, text in found]
    answer = None
    if held:
        ballot = canonical.loads(held[0])
        answer = {k: ballot[k] for k in ("choice", "choices", "ranking") if k in ballot}
    return {
        **view,
        "published": True,
        "found": bool(held),
        "digests": [digest for digest, _text in found],
        "answer": answer,
        "ballots": len(ballots),
    }


def _receipt_finds(ballots: list[tuple[str, str]], receipt: str) -> list[tuple[str, str]]:
    # the ballot whose hash is the receipt; or, a weighted secret ballot being published in
    # units, the units whose nonces the receipt derives (record.ballotbox.unit_nonce)
    exact = [b for b in ballots if b[0] == receipt]
    if exact or not re.fullmatch(r"[0-9a-f]{64}", receipt):
        return exact
    by_nonce: dict[str, tuple[str, str]] = {}
    for h, text in ballots:
        nonce = canonical.loads(text).get("nonce")
        if isinstance(nonce, str):
            by_nonce[nonce] = (h, text)
    found = []
    while (unit := by_nonce.get(unit_nonce(receipt, len(found)))) is not None:
        found.append(unit)
    return found


# -- a delegate's ballot -------------------------------------------------------------------


@dataclass(frozen=True)
class BallotVoter:
    """One ballot the delegate may cast: their own or a delegator's, and whether (and, in a
    named poll, how) it has been cast."""

    id: str
    name: str
    own: bool
    voted: bool = False
    answer: dict[str, Any] | None = None


@dataclass(frozen=True)
class BallotQuestion:
    """What a ballot answers: the question's kind, its options and seats."""

    kind: str  # yes-no-abstain, choice, multiple, ranked, list
    options: tuple[str, ...] = ()
    seats: int = 1

    def answers(self) -> tuple[str, ...]:
        """The values a single-choice ballot may hold."""
        return YES_NO if self.kind == "yes-no-abstain" else (*self.options, ABSTAIN)


@dataclass(frozen=True)
class DelegateBallot:
    """The poll before a delegate and whom they cast ballots for in it.

    `no_vote` says why they cast none: ("proxy", the holder's name), ("consultative", ""),
    ("no-vote", the reason) or ("not-registered", ""); `why_not` is left for the screen to
    say it in words.
    """

    poll: dict[str, Any]
    title: str
    secret: bool
    question: BallotQuestion
    voters: tuple[BallotVoter, ...] = ()
    no_vote: tuple[str, str] | None = None
    voted: int = 0  # ballots in the box so far
    outcome: str | None = None  # a motion's: adopted or rejected
    chosen: tuple[str, ...] = ()  # an election's or a choice's
    why_not: str | None = None

    @property
    def waiting(self) -> list[BallotVoter]:
        """Ballots still to cast (all of them, while votes may be changed)."""
        return [v for v in self.voters if not v.voted or self.poll["changeable"]]


def delegate_ballot(state: Assembly, delegate: Delegate, found: Poll) -> DelegateBallot:
    """The poll as the delegate's phone shows it, before the box is read (see
    `mark_voted`). (For a query holding the lock.)"""
    title = found.title
    if found.motion is not None and found.motion in state.motions:
        title = state.motions[found.motion].title
    detail: dict[str, Any] = {**poll_detail(state, found), "box": found.method in BOX_METHODS}
    question = polls.Question.of(found.opened)
    made = DelegateBallot(
        detail,
        title or found.id,
        found.secret,
        BallotQuestion(question.kind, question.options, question.seats),
    )
    if found.state == "scheduled":
        return made
    if found.state == "closed":
        made = replace(made, chosen=tuple(_chosen_names((found.result or {}).get("outcome") or {})))
        if found.motion is not None:
            asked = state.sessions[found.session].procedure.question(found.motion)
            made = replace(made, outcome=asked.status if asked is not None else None)
    voters = tuple(
        BallotVoter(v, state.delegates[v].name if v in state.delegates else v, v == delegate.id)
        for v in found.voters_for(delegate.id)
    )
    if not voters:
        return replace(made, no_vote=_no_vote(state, delegate, found))
    return replace(made, voters=voters)


def _no_vote(state: Assembly, delegate: Delegate, found: Poll) -> tuple[str, str]:
    holder = found.proxies.get(delegate.id)
    if holder is not None:
        return "proxy", state.delegates[holder].name if holder in state.delegates else holder
    why = delegate.why_no_vote()
    if why is not None and not delegate.voting:
        return "consultative", ""
    if why is not None:
        return "no-vote", why
    return "not-registered", ""


def _chosen_names(outcome: dict[str, Any]) -> list[str]:
    """Who or what an election or a choice chose, as the close recorded it."""
    if outcome.get("chosen"):
        return [str(outcome["chosen"])]
    elected = outcome.get("elected") or (outcome.get("count") or {}).get("elected") or []
    return [str(e.get("name", e)) if isinstance(e, dict) else str(e) for e in elected]


def mark_voted(app: UnitOfWork, made: DelegateBallot) -> DelegateBallot:
    """The ballot with which of its voters have voted (and, in a named poll, what they
    voted), and how many have voted so far, read from the box."""
    found = made.poll
    if found["method"] not in BOX_METHODS or found["state"] == "scheduled":
        return made
    ident, secret, sealed = found["id"], made.secret, found["state"] != "open"
    voted = made.voted
    with app.store.reading() as tx:
        if not sealed:
            voted = tx.voted(ident, secret)
        cast = tx.cast_for(ident, [v.id for v in made.voters], secret, sealed)
    voters = tuple(
        replace(v, voted=True, answer=_answer(cast[v.id])) if v.id in cast else v
        for v in made.voters
    )
    return replace(made, voters=voters, voted=voted)


def _answer(text: str | None) -> dict[str, Any] | None:
    return canonical.loads(text) if text is not None else None
