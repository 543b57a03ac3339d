"""A secret poll on the in-memory store: receipts, change codes, the sealed box and roll."""

from __future__ import annotations

import asyncio

import pytest

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import OutOfOrder
from smolny.record import canonical
from smolny.service.app import Principal, Smolny, VoteRequest

CHAIR = Principal("a1", "chair", "chair")


def _secret_poll(app: Smolny, size: int = 4) -> tuple[str, list[str]]:
    app.execute(c.CreateBody("congress", "Test Congress"))
    entries = app.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(f"D{i}") for i in range(size)))
    )
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    session = app.execute(c.OpenSession("congress", "Sitting"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    motion = app.execute(c.MoveMotion(session, "A", "Text.", ids[0]))[0].data["question"]
    app.execute(c.Act(session, procedure.Second(motion, ids[1])))
    app.execute(c.Act(session, procedure.StateQuestion(motion)))
    opened = app.execute(c.OpenPoll(motion, method="electronic-secret", changeable=True))
    return next(e.data["poll"] for e in opened if e.kind == "poll.opened"), ids


def _cast(app: Smolny, poll: str, voter: str, choice: str, change: str | None = None) -> list:  # type: ignore[type-arg]
    queued = app.ballots.cast_votes(
        poll, Principal(voter, "delegate", voter), [VoteRequest({"choice": choice}, None, change)]
    )

    async def settled() -> list:  # type: ignore[type-arg]
        return await app.ballots.settle(poll, queued, change_hint=True)

    return asyncio.run(settled())


def test_receipts_find_ballots_that_name_nobody(app: Smolny) -> None:
    poll, ids = _secret_poll(app)
    receipts = {d: _cast(app, poll, d, "yes")[0].receipt for d in ids}
    assert all(r.change_code for r in receipts.values())
    assert app.ballots.box_ballots(poll) == []  # sealed only at the close
    closed = app.ballots.close_poll(poll)[0].data
    assert closed["heads"]["yes"] == len(ids)
    box = app.ballots.box_ballots(poll)
    assert sorted(h for h, _ in box) == sorted(r.hash for r in receipts.values())
    for _, text in box:
        assert "voter" not in canonical.loads(text)
    assert [voter for voter, _ in app.ballots.box_roll(poll)] == sorted(ids)


def test_a_change_code_changes_ones_own_ballot_and_no_other(app: Smolny) -> None:
    poll, ids = _secret_poll(app)
    first = _cast(app, poll, ids[0], "yes")[0].receipt
    _cast(app, poll, ids[1], "yes")
    with pytest.raises(OutOfOrder) as again:
        _cast(app, poll, ids[0], "no")
    assert again.value.rule == "second-vote" and "change code" in again.value.message
    with pytest.raises(OutOfOrder) as stolen:  # another voter's code changes nothing
        _cast(app, poll, ids[1], "no", change=first.change_code)
    assert stolen.value.rule == "unknown-ballot"
    [changed] = _cast(app, poll, ids[0], "no", change=first.change_code)
    assert changed.changed and changed.receipt.hash != first.hash
    closed = app.ballots.close_poll(poll)[0].data
    assert closed["heads"] == {"yes": 1, "no": 1, "abstain": 0}
    assert first.hash not in {h for h, _ in app.ballots.box_ballots(poll)}


def test_nothing_goes_into_a_closed_box(app: Smolny) -> None:
    poll, ids = _secret_poll(app)
    app.ballots.close_poll(poll)
    with pytest.raises(OutOfOrder) as refused:
        _cast(app, poll, ids[0], "yes")
    assert refused.value.rule == "poll-closed"
    from smolny.adapters.store import Cast, SecretBallot

    late = SecretBallot(poll, ids[0], None, "0" * 64, "{}")
    assert app.store.cast([late]) == [Cast.CLOSED]


def test_a_receipt_finds_its_ballot_in_the_published_box(app: Smolny) -> None:
    from smolny.service.views import polls

    poll, ids = _secret_poll(app)
    mine = _cast(app, poll, ids[0], "no")[0].receipt.hash
    _cast(app, poll, ids[1], "yes")
    before = polls.ballot_by_receipt(app, poll, mine)
    assert before["published"] is False and before["found"] is False  # sealed until the close
    app.ballots.close_poll(poll)
    checked = polls.ballot_by_receipt(app, poll, " " + mine.upper() + " ")
    assert checked["found"] and checked["answer"] == {"choice": "no"} and checked["ballots"] == 2
    assert checked["title"] == "A" and checked["secret"]
    unknown = polls.ballot_by_receipt(app, poll, "0" * 64)
    assert unknown["published"] and not unknown["found"] and unknown["answer"] is None


def test_the_published_box_lists_its_ballots_for_a_page(app: Smolny) -> None:
    from smolny.service.views import polls

    poll, ids = _secret_poll(app)
    _cast(app, poll, ids[0], "no")
    assert polls.published_box(app, poll)["published"] is False
    _cast(app, poll, ids[1], "yes")
    app.ballots.close_poll(poll)
    box = polls.published_box(app, poll, limit=1)
    assert box["published"] and box["total"] == 2 and len(box["ballots"]) == 1
    assert box["ballots"][0]["voter"] is None  # a secret box names nobody
    assert box["ballots"][0]["answer"]["choice"] in ("yes", "no") and box["digest"]


def test_a_weighted_secret_box_is_published_in_units() -> None:
    # issue 16, item 11a: each ballot in units of the box's weight divisor, in hash order;
    # a ballot of that weight is published as it is (its hash the voter's receipt)
    from smolny.record.ballotbox import publish_secret_box

    body = '{"choice":"yes","nonce":"%s","poll":"p1","v":1,"weight":%d}'
    held = [("a" * 64, body % ("0" * 32, 3)), ("b" * 64, body % ("1" * 32, 6))]
    published = publish_secret_box(held)
    assert len(published) == 3 and all('"weight":3' in text for _, text in published)
    assert published == sorted(published) and ("a" * 64, held[0][1]) in published
