"""A sitting from the body to the decided motion, on the in-memory store."""

from __future__ import annotations

import asyncio

import pytest

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import OutOfOrder, Refusal
from smolny.record.chain import walk
from smolny.service.app import Principal, Smolny, VoteRequest

CHAIR = Principal("a1", "chair", "chair")


def _congress(app: Smolny, size: int = 5) -> tuple[str, list[str]]:
    app.accounts.create_account("chair", "chair", password="a chair's long password")
    app.execute(c.CreateBody("congress", "Test Congress"))
    app.execute(c.FormFaction("congress", "left", "The Left"))
    entries = app.execute(
        c.RegisterDelegates(
            "congress", tuple(c.NewDelegate(f"Delegate {i}", "left") for i in range(size))
        )
    )
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    session = app.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=CHAIR)
    return session, ids


def _vote(app: Smolny, poll: str, voter: str, choice: str) -> str:
    queued = app.ballots.cast_votes(
        poll, Principal(voter, "delegate", voter), [VoteRequest({"choice": choice})]
    )
    [outcome] = asyncio.run(_settled(app, poll, queued))
    return outcome.receipt.hash


async def _settled(app: Smolny, poll: str, queued: list) -> list:  # type: ignore[type-arg]
    return await app.ballots.settle(poll, queued)


def test_a_sitting_from_the_body_to_the_decided_motion(app: Smolny) -> None:
    session, ids = _congress(app)
    motion = app.execute(
        c.MoveMotion(session, "Peace", "The congress calls for peace.", ids[0]), by=CHAIR
    )[0].data["question"]
    app.execute(c.Act(session, procedure.Second(motion, ids[1])), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(motion)), by=CHAIR)
    opened = app.execute(c.OpenPoll(motion), by=CHAIR)
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    receipts = [_vote(app, poll, d, "yes" if i < 3 else "no") for i, d in enumerate(ids)]
    assert app.ballots.progress(poll)["voted"] == 5
    closed, decided = app.ballots.close_poll(poll, by=CHAIR)[:2]
    assert closed.data["heads"] == {"yes": 3, "no": 2, "abstain": 0}
    assert decided.kind == "motion.adopted"
    assert app.state.sessions[session].procedure.question(motion).status == "adopted"
    assert sorted(h for h, _ in app.ballots.box_ballots(poll)) == sorted(receipts)
    with app.store.reading() as tx:
        report = walk(tx.stream())
    assert report.ok and report.entries[-1].hash == app.state.head


def test_a_second_vote_is_refused_in_the_box(app: Smolny) -> None:
    session, ids = _congress(app, size=3)
    motion = app.execute(c.MoveMotion(session, "A", "Text.", ids[0]), by=CHAIR)[0].data["question"]
    app.execute(c.Act(session, procedure.Second(motion, ids[1])), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(motion)), by=CHAIR)
    opened = app.execute(c.OpenPoll(motion), by=CHAIR)
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    _vote(app, poll, ids[0], "yes")
    with pytest.raises(OutOfOrder) as refused:
        _vote(app, poll, ids[0], "no")
    assert refused.value.rule == "second-vote"
    assert app.ballots.progress(poll)["voted"] == 1


def test_a_refusal_records_nothing(app: Smolny) -> None:
    session, ids = _congress(app)
    seq, head = app.state.seq, app.state.head
    with app.store.reading() as tx:
        before = tx.lines()
    motion = app.execute(c.MoveMotion(session, "A", "Text.", ids[0]), by=CHAIR)[0].data["question"]
    with pytest.raises(OutOfOrder):  # not seconded, not stated: not yet to the vote
        app.execute(c.OpenPoll(motion), by=CHAIR)
    with pytest.raises(Refusal):
        app.ballots.close_poll("p9", by=CHAIR)
    with app.store.reading() as tx:
        assert tx.lines() == before + tx.lines(after=seq)
        assert len(tx.lines(after=seq)) == 1  # the motion moved, and nothing else
        assert tx.boxes() == []
    assert app.state.seq == seq + 1 and app.state.head != head


def test_a_command_whose_store_write_fails_records_nothing(app: Smolny) -> None:
    app.accounts.create_account("alice", "chair", password="alice's long password")
    seq = app.state.seq
    with pytest.raises(ValueError):  # the name is taken in the store: the entry goes too
        app.execute(c.CreateAccount("bob", "chair"), also=_taken)
    assert app.state.seq == seq and "a2" not in app.state.accounts
    with app.store.reading() as tx:
        assert tx.head()[0] == seq and tx.account_named("bob") is None


def _taken(tx, entries) -> None:  # type: ignore[no-untyped-def]
    from smolny.adapters.store import Account

    tx.add_account(Account(entries[0].data["account"], "alice", "-", False))
