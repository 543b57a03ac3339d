"""Polls through the service layer: the rulebook's threshold, weights decide in their own unit."""

from __future__ import annotations

import pytest

from sample_congress import bring_to_vote
from smolny.domain import commands as c
from smolny.domain.errors import OutOfOrder
from smolny.service.app import Principal, Smolny


def vote(app: Smolny, poll: str, delegate: str, choice: str) -> None:
    _, future = app.ballots.cast_vote(poll, Principal(delegate, "delegate", delegate), choice)
    assert future.result().value == "accepted"


def setup(
    app: Smolny, delegates: list[c.NewDelegate], rulebook: str = "robert"
) -> tuple[str, list[str]]:
    app.execute(c.CreateBody("union", "Union Convention", rulebook=rulebook))
    ids = [
        d["delegate"]
        for d in app.execute(c.RegisterDelegates("union", tuple(delegates)))[0].data["delegates"]
    ]
    session = app.execute(c.OpenSession("union", "Convention"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    return session, ids


def test_a_weighted_poll_is_decided_by_weights_not_heads(service: Smolny) -> None:
    session, (big, small1, small2) = setup(
        service,
        [c.NewDelegate("Local 1", weight=3), c.NewDelegate("Local 2"), c.NewDelegate("Local 3")],
    )
    motion, poll = bring_to_vote(service, session, big, small1)
    vote(service, poll, big, "yes")
    vote(service, poll, small1, "no")
    vote(service, poll, small2, "no")
    entries = service.ballots.close_poll(poll)
    closed, decided = entries[0].data, entries[1]
    assert closed["unit"] == "weight"
    assert closed["heads"] == {"yes": 1, "no": 2, "abstain": 0}
    assert closed["weights"] == {"yes": 3, "no": 2, "abstain": 0}
    assert decided.kind == "motion.adopted" and decided.data["base"] == 5
    assert service.state.sessions[session].procedure.question(motion).status == "adopted"


def test_the_threshold_is_the_rulebooks_and_a_tie_fails(service: Smolny) -> None:
    session, ids = setup(service, [c.NewDelegate(f"M{i}") for i in range(4)])
    motion, poll = bring_to_vote(service, session, ids[0], ids[1])
    assert service.state.polls[poll].threshold == "majority"
    for delegate, choice in zip(ids, ["yes", "no", "yes", "no"], strict=True):
        vote(service, poll, delegate, choice)
    decided = service.ballots.close_poll(poll)[1]
    assert decided.kind == "motion.rejected" and decided.data["tie"] is True
    assert decided.data["quorate"] is True and decided.data["present_count"] == 4


def test_a_motion_must_be_seconded_and_stated_before_the_vote(service: Smolny) -> None:
    session, ids = setup(service, [c.NewDelegate(f"M{i}") for i in range(3)])
    motion = service.execute(c.MoveMotion(session, "T", "Text", ids[0]))[0].data["question"]
    with pytest.raises(OutOfOrder) as refused:
        service.execute(c.OpenPoll(motion))
    assert refused.value.rule == "not-pending"
    assert not service.state.polls


def test_a_motion_already_put_or_decided_is_refused_as_such(service: Smolny) -> None:
    # Not "it has not been stated": the chair put it by voice, or the body decided it.
    from smolny import procedure

    session, ids = setup(service, [c.NewDelegate(f"M{i}") for i in range(3)])
    motion = service.execute(c.MoveMotion(session, "T", "Text", ids[0]))[0].data["question"]
    service.execute(c.Act(session, procedure.Second(motion, ids[1])))
    service.execute(c.Act(session, procedure.StateQuestion(motion)))
    service.execute(c.Act(session, procedure.PutQuestion(motion)))
    with pytest.raises(OutOfOrder) as refused:
        service.execute(c.OpenPoll(motion))
    assert refused.value.rule == "already-put"
    assert "has been put to the vote" in refused.value.message
    service.execute(c.Act(session, procedure.RecordResult(motion, 3, 0)))
    with pytest.raises(OutOfOrder) as refused:
        service.execute(c.OpenPoll(motion))
    assert refused.value.rule == "already-decided"
    assert "adopted" in refused.value.message
    assert not service.state.polls


def test_standing_orders_need_no_second(service: Smolny) -> None:
    session, ids = setup(
        service, [c.NewDelegate(f"M{i}") for i in range(60)], rulebook="standing-orders"
    )
    from smolny import procedure

    motion = service.execute(c.MoveMotion(session, "T", "Text", ids[0]))[0].data["question"]
    service.execute(c.Act(session, procedure.StateQuestion(motion)))
    opened = service.execute(c.OpenPoll(motion))
    assert any(e.kind == "poll.opened" for e in opened)


def test_an_open_ballot_cannot_be_overtaken_by_a_show_of_hands(service: Smolny) -> None:
    from smolny import procedure

    session, ids = setup(service, [c.NewDelegate(f"M{i}") for i in range(3)])
    motion, poll = bring_to_vote(service, session, ids[0], ids[1])
    for act in (
        procedure.RecordResult(motion, 0, 3),
        procedure.PutQuestion(motion),
        procedure.Withdraw(motion, ids[0], consent=True),
    ):
        with pytest.raises(OutOfOrder) as refused:
            service.execute(c.Act(session, act))
        assert refused.value.rule == "poll-open"
    vote(service, poll, ids[0], "yes")
    assert service.ballots.close_poll(poll)[1].kind == "motion.adopted"


def test_a_poll_closes_when_voters_have_left_or_the_quorum_is_gone(service: Smolny) -> None:
    session, ids = setup(service, [c.NewDelegate(f"M{i}") for i in range(10)])
    motion, poll = bring_to_vote(service, session, ids[0], ids[1])
    for delegate in ids:
        vote(service, poll, delegate, "yes")
    # after voting, most of the hall leaves: below the quorum of 6
    service.execute(c.RecordPresence(session, left=tuple(ids[:6])))
    entries = service.ballots.close_poll(poll)
    closed, decided = entries[0].data, entries[1]
    assert closed["box"]["ballots"] == 10 and closed["present"] == 4  # the hall at the close
    assert decided.kind == "motion.adopted" and decided.data["yes"] == 10
    assert decided.data["present_count"] == 10  # the hall the vote was taken in
    assert service.state.polls[poll].state == "closed"


def test_a_stuffed_box_is_not_counted_and_the_poll_stays_open(service: Smolny) -> None:
    from sqlalchemy import insert

    from smolny.adapters.database import write_transaction
    from smolny.adapters.schema import ballot
    from smolny.record import canonical
    from smolny.record.ballotbox import ballot_hash

    session, ids = setup(service, [c.NewDelegate(f"M{i}") for i in range(3)])
    _, poll = bring_to_vote(service, session, ids[0], ids[1])
    vote(service, poll, ids[0], "no")
    stuffed = {
        "v": 1,
        "poll": poll,
        "voter": "d99",
        "choice": "yes",
        "weight": 1000000,
        "nonce": "0" * 32,
    }
    with write_transaction(service.engine) as conn:  # an insider writes to the database directly
        conn.execute(
            insert(ballot).values(
                poll=poll, voter="d99", hash=ballot_hash(stuffed), body=canonical.dumps(stuffed)
            )
        )
    seq = service.state.seq
    with pytest.raises(OutOfOrder) as refused:
        service.ballots.close_poll(poll)
    assert refused.value.rule == "box-tampered" and "d99" in refused.value.message
    assert service.state.seq == seq and service.state.polls[poll].state == "open"


def test_delegates_registered_during_a_ballot_do_not_keep_it_from_closing(service: Smolny) -> None:
    session, ids = setup(service, [c.NewDelegate(f"M{i}") for i in range(4)])
    _, poll = bring_to_vote(service, session, ids[0], ids[1])
    for delegate in ids[:3]:
        vote(service, poll, delegate, "yes")
    # four latecomers registered while the ballot runs: the quorum of members would be 5
    service.execute(c.RegisterDelegates("union", tuple(c.NewDelegate(f"L{i}") for i in range(4))))
    decided = service.ballots.close_poll(poll)[1]
    assert decided.kind == "motion.adopted"
    assert (decided.data["present_count"], decided.data["quorum"], decided.data["members"]) == (
        4,
        3,
        4,
    )


def test_a_cancelled_poll_is_recorded_with_its_reason_and_the_vote_repeated(
    service: Smolny,
) -> None:
    session, ids = setup(service, [c.NewDelegate(f"M{i}") for i in range(3)])
    motion, poll = bring_to_vote(service, session, ids[0], ids[1])
    vote(service, poll, ids[0], "yes")
    entries = service.ballots.cancel_poll(poll, "the hall's screens failed during the vote")
    assert [e.kind for e in entries] == ["poll.cancelled", "vote.cancelled"]
    assert entries[0].data["box"]["ballots"] == 1
    assert service.state.polls[poll].state == "cancelled"
    with pytest.raises(OutOfOrder):
        service.ballots.cast_vote(poll, Principal(ids[1], "delegate", ids[1]), "no")
    with pytest.raises(OutOfOrder):
        service.ballots.cancel_poll(poll, "again")
    # the vote is taken again: a new poll on the same question
    opened = service.execute(c.OpenPoll(motion))
    again = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    for delegate in ids:
        vote(service, again, delegate, "yes")
    assert service.ballots.close_poll(again)[1].kind == "motion.adopted"
