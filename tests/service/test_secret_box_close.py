"""The close of a secret box counts what the voters put in it and refuses what an insider
changed in the database: a ballot altered, one stuffed in without a name on the roll, one
written straight into the sealed box while the poll was open. The poll then stays open
and nothing is recorded."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import insert, select, update

from sample_congress import bring_to_vote
from smolny.adapters.database import write_transaction
from smolny.adapters.schema import secret_ballot, secret_pending
from smolny.domain import commands as c
from smolny.domain.errors import OutOfOrder
from smolny.record import canonical
from smolny.service.app import Principal, Smolny


def secret_poll(app: Smolny, answers: list[str]) -> str:
    app.execute(c.CreateBody("union", "Union Convention"))
    registered = app.execute(
        c.RegisterDelegates("union", tuple(c.NewDelegate(f"M{i}") for i in range(len(answers))))
    )
    ids = [d["delegate"] for d in registered[0].data["delegates"]]
    session = app.execute(c.OpenSession("union", "Convention"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    _, poll = bring_to_vote(app, session, ids[0], ids[1], method="electronic-secret")
    for delegate, answer in zip(ids, answers, strict=True):
        _, future = app.ballots.cast_vote(poll, Principal(delegate, "delegate", delegate), answer)
        assert future.result().value == "accepted"
    return poll


def refused(app: Smolny, poll: str) -> str:
    seq = app.state.seq
    with pytest.raises(OutOfOrder) as refusal:
        app.ballots.close_poll(poll)
    assert refusal.value.rule == "box-tampered"
    assert app.state.seq == seq and app.state.polls[poll].state == "open"
    return refusal.value.message


def test_an_honest_secret_box_is_counted(service: Smolny) -> None:
    poll = secret_poll(service, ["yes", "yes", "no", "abstain", "yes"])
    closed = service.ballots.close_poll(poll)[0].data
    assert closed["box"]["ballots"] == 5 and closed["roll"]["voters"] == 5
    assert closed["heads"] == {"yes": 3, "no": 1, "abstain": 1}
    published = service.ballots.box_ballots(poll)
    assert [h for h, _ in published] == sorted(
        hashlib.sha256(text.encode()).hexdigest() for _, text in published
    )


def test_an_altered_secret_ballot_is_not_counted(service: Smolny) -> None:
    poll = secret_poll(service, ["yes", "yes", "no"])
    with write_transaction(service.engine) as conn:  # an insider turns a no into a yes
        row = conn.execute(
            select(secret_pending.c.hash, secret_pending.c.body).where(
                secret_pending.c.body.like('%"choice":"no"%')
            )
        ).one()
        conn.execute(
            update(secret_pending)
            .where(secret_pending.c.hash == row.hash)
            .values(body=row.body.replace('"no"', '"yes"'))
        )
    assert "altered" in refused(service, poll)


def test_a_ballot_stuffed_without_a_name_on_the_roll_is_not_counted(service: Smolny) -> None:
    poll = secret_poll(service, ["no", "no", "no"])
    stuffed = canonical.dumps(
        {"choice": "yes", "nonce": "f" * 32, "poll": poll, "v": 1, "weight": 1}
    )
    with write_transaction(service.engine) as conn:  # its hash right, its form the service's
        conn.execute(
            insert(secret_pending).values(
                poll=poll, hash=hashlib.sha256(stuffed.encode()).hexdigest(), body=stuffed
            )
        )
    assert "the box holds 4 ballots, the roll 3" in refused(service, poll)


def test_a_ballot_written_into_the_sealed_box_while_open_is_not_counted(
    service: Smolny,
) -> None:
    poll = secret_poll(service, ["no", "no", "no"])
    stuffed = canonical.dumps(
        {"choice": "yes", "nonce": "e" * 32, "poll": poll, "v": 1, "weight": 1}
    )
    with write_transaction(service.engine) as conn:
        conn.execute(
            insert(secret_ballot).values(
                poll=poll, hash=hashlib.sha256(stuffed.encode()).hexdigest(), body=stuffed
            )
        )
    assert "the box holds 4 ballots, the roll 3" in refused(service, poll)
