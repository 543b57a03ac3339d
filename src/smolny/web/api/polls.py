"""Polls over HTTP: opening (on a motion, or an election in a session), voting (for
oneself, by proxy, entered at a roll call), tellers' counts, progress, closing,
cancelling, the published box; and who may vote (proxies, suspended mandates,
substitutes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field
from starlette.status import HTTP_201_CREATED

from smolny.domain import commands as c
from smolny.domain.errors import Forbidden, Invalid
from smolny.record import kinds as k
from smolny.service.ballots import VoteRequest
from smolny.service.permissions import require
from smolny.service.views import polls
from smolny.web.api.core import _entries
from smolny.web.callers import App, Who
from smolny.web.schemas import ElectionIn, Name, PollIn, Strict, election, poll_settings

router = APIRouter(prefix="/api/v1")

Id = Annotated[str, Field(max_length=32)]
ANSWERS = ("choice", "choices", "ranking")


class Answer(Strict):
    choice: Name | None = None
    choices: list[Name] | None = Field(None, max_length=polls.MAX_OPTIONS)
    ranking: list[Name] | None = Field(None, max_length=polls.MAX_OPTIONS)

    def answer(self) -> dict[str, object]:
        return {
            k: v
            for k, v in (
                ("choice", self.choice),
                ("choices", self.choices),
                ("ranking", self.ranking),
            )
            if v is not None
        }


class BallotIn(Answer):
    for_: Id | None = Field(None, alias="for", description="the delegate voted for (a proxy)")
    change: str | None = Field(None, max_length=100, description="change code of one's ballot")


class VoteIn(BallotIn):
    """One ballot (`choice`, `choices` or `ranking`), for oneself or `for` a delegator;
    `for_all` casts the same answer for oneself and every delegator (a block); `ballots`
    casts a different answer for each (split)."""

    for_all: bool = False
    ballots: list[BallotIn] | None = Field(None, max_length=1000)


class CountIn(Strict):
    # named in the API document as before the web was split (two models share the name)
    __module__ = "smolny.web.polls"
    counts: dict[Name, int] = Field(max_length=polls.MAX_OPTIONS + 1)
    section: Name | None = None
    tellers: list[Name] = Field(default_factory=list, max_length=20)


CountIn.model_rebuild(_types_namespace=globals())  # its fields, read in this module


class CancelIn(Strict):
    reason: str = Field(min_length=1, max_length=10_000)


class ProxyIn(Strict):
    delegator: Id
    holder: Id


class ReasonIn(Strict):
    reason: str = Field(min_length=1, max_length=10_000)


class SubstituteIn(Strict):
    substitute: Id
    replaces: Id


def _opened(entries: list[Any]) -> dict[str, Any]:
    data = next(e.data for e in entries if e.kind in (k.POLL_OPENED, k.POLL_SCHEDULED))
    return {
        "poll": data["poll"],
        "state": "open" if "eligible" in data else "scheduled",
        "eligible": len(data.get("eligible", ())),
        "threshold": data.get("threshold"),
        "entries": _entries(entries),
    }


@router.post(
    "/motions/{ident}/polls", status_code=HTTP_201_CREATED, summary="Put a motion to the vote"
)
def open_poll(ident: str, body: PollIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "poll.open")
    return _opened(app.execute(c.OpenPoll(ident, **poll_settings(body)), by=who))


@router.post(
    "/sessions/{ident}/polls",
    status_code=HTTP_201_CREATED,
    summary="Hold an election or a choice: one of N, up to K of N, ranked, or lists",
)
def open_election(ident: str, body: ElectionIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "poll.open")
    return _opened(app.execute(election(ident, body), by=who))


@router.get("/polls/{ident}", summary="A poll: its question, register size, state and result")
def get_poll(ident: str, app: App) -> dict[str, Any]:
    return dict(polls.poll(app, ident))


def _requests(body: VoteIn, who_id: str, voters_for: list[str]) -> list[VoteRequest]:
    if body.ballots is not None:
        if body.answer() or body.for_ or body.for_all or body.change:
            raise Invalid("ballots", "give either ballots or one answer, not both", field="ballots")
        return [VoteRequest(b.answer(), b.for_, b.change) for b in body.ballots]
    if body.for_all:
        if body.for_ or body.change:
            raise Invalid("for", "for_all casts for everyone you vote for", field="for_all")
        return [VoteRequest(body.answer(), voter) for voter in voters_for]
    return [VoteRequest(body.answer(), body.for_, body.change)]


@router.post(
    "/polls/{ident}/votes", status_code=HTTP_201_CREATED, summary="Vote (for oneself, or by proxy)"
)
async def cast_vote(ident: str, body: VoteIn, who: Who, app: App) -> dict[str, Any]:
    voting = app.ballots.voting(ident, who.id)
    if who.role != "delegate" and voting is not None and voting.method == "roll-call":
        require(who.role, "vote.enter")  # the secretary enters the votes called
    else:
        require(who.role, "vote.cast")
    voters_for = voting.voters_for if voting is not None else []
    queued = app.ballots.cast_votes(ident, who, _requests(body, who.id, voters_for))
    changeable = voting is not None and voting.changeable
    outcomes: list[dict[str, Any]] = []
    for settled in await app.ballots.settle(ident, queued, change_hint=changeable):
        outcome: dict[str, Any] = {"voter": settled.receipt.voter}
        if settled.refused is not None:
            outcome.update(refused=settled.refused, detail=settled.detail)
        else:
            outcome.update(receipt=settled.receipt.hash, changed=settled.changed)
            if settled.receipt.change_code is not None:
                outcome["change_code"] = settled.receipt.change_code
        outcomes.append(outcome)
    reply: dict[str, Any] = {"poll": ident, "ballots": outcomes}
    if len(outcomes) == 1:  # one's own vote: its receipt at the top
        reply.update(outcomes[0])
        if body.choice is not None:
            reply["choice"] = body.choice
    return reply


@router.post("/polls/{ident}/counts", summary="Enter the tellers' count (of a section)")
def enter_count(ident: str, body: CountIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "poll.count")
    command = c.EnterCount(ident, dict(body.counts), body.section, tuple(body.tellers))
    return {"entries": _entries(app.execute(command, by=who))}


@router.get("/polls/{ident}/progress", summary="How many of how many have voted")
def progress(ident: str, app: App) -> dict[str, Any]:
    return dict(app.ballots.progress(ident))


@router.get("/polls/{ident}/roll-call", summary="The roll call: the register in order, answered")
def roll_call(ident: str, app: App) -> dict[str, Any]:
    return polls.roll_call(app, ident)


@router.post("/polls/{ident}/close", summary="Close a poll and count it")
def close_poll(ident: str, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "poll.close")
    entries = app.ballots.close_poll(ident, by=who)
    decision = next(
        (e.data for e in entries if e.kind in (k.MOTION_ADOPTED, k.MOTION_REJECTED)), None
    )
    return {"result": entries[0].data, "decision": decision, "entries": _entries(entries)}


@router.post("/polls/{ident}/cancel", summary="Cancel a poll, with the reason; it may be repeated")
def cancel_poll(ident: str, body: CancelIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "poll.close")
    entries = app.ballots.cancel_poll(ident, body.reason, by=who)
    return {"cancelled": entries[0].data, "entries": _entries(entries)}


@router.get("/polls/{ident}/box", summary="The ballot box of a closed poll, for anyone to check")
def get_box(
    ident: str,
    app: App,
    receipt: Annotated[str | None, Query(max_length=64, description="find one ballot")] = None,
) -> dict[str, Any]:
    return polls.box(app, ident, receipt)


# -- who may vote ------------------------------------------------------------------------


@router.post("/bodies/{slug}/proxies", status_code=HTTP_201_CREATED, summary="Give a proxy")
def give_proxy(slug: str, body: ProxyIn, who: Who, app: App) -> dict[str, Any]:
    if who.role == "delegate" and who.id != body.delegator:
        raise Forbidden("forbidden", "a delegate gives only their own proxy")
    require(who.role, "proxy.give")
    return {
        "entries": _entries(app.execute(c.GiveProxy(slug, body.delegator, body.holder), by=who))
    }


@router.delete("/bodies/{slug}/proxies/{delegator}", summary="Withdraw a proxy")
def withdraw_proxy(slug: str, delegator: str, who: Who, app: App) -> dict[str, Any]:
    if who.role == "delegate" and who.id != delegator:
        raise Forbidden("forbidden", "a delegate withdraws only their own proxy")
    require(who.role, "proxy.give")
    return {"entries": _entries(app.execute(c.WithdrawProxy(slug, delegator), by=who))}


@router.post("/bodies/{slug}/delegates/{delegate}/suspend", summary="Suspend a mandate")
def suspend(slug: str, delegate: str, body: ReasonIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "mandate.suspend")
    command = c.SuspendMandate(slug, delegate, body.reason)
    return {"entries": _entries(app.execute(command, by=who))}


@router.post("/bodies/{slug}/delegates/{delegate}/restore", summary="Restore a mandate")
def restore(slug: str, delegate: str, body: ReasonIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "mandate.suspend")
    command = c.SuspendMandate(slug, delegate, body.reason, restore=True)
    return {"entries": _entries(app.execute(command, by=who))}


@router.post("/bodies/{slug}/substitutes", summary="A substitute takes up a delegate's mandate")
def take_up_mandate(slug: str, body: SubstituteIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "mandate.substitute")
    command = c.TakeUpMandate(slug, body.substitute, body.replaces)
    return {"entries": _entries(app.execute(command, by=who))}
