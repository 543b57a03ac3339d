"""Polls through the service layer: weights decide in their own unit, presence is counted right."""

from __future__ import annotations

from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny


def vote(app: Smolny, poll: str, delegate: str, choice: str) -> None:
    _, future = app.cast_vote(poll, Principal(delegate, "delegate", delegate), choice)
    assert future.result().value == "accepted"


def setup(app: Smolny, delegates: list[c.NewDelegate], threshold: str) -> tuple[str, list[str]]:
    app.execute(c.CreateBody("union", "Union Convention"))
    ids = [
        d["delegate"]
        for d in app.execute(c.RegisterDelegates("union", tuple(delegates)))[0].data["delegates"]
    ]
    session = app.execute(c.OpenSession("union", "Convention"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    motion = app.execute(c.MoveMotion(session, "Dues", "Raise the dues."))[0].data["motion"]
    return app.execute(c.OpenPoll(motion, threshold))[0].data["poll"], ids


def test_a_weighted_poll_is_decided_by_weights_not_heads(service: Smolny) -> None:
    poll, (big, small1, small2) = setup(
        service,
        [c.NewDelegate("Local 1", weight=3), c.NewDelegate("Local 2"), c.NewDelegate("Local 3")],
        "majority",
    )
    vote(service, poll, big, "yes")
    vote(service, poll, small1, "no")
    vote(service, poll, small2, "no")
    result = service.close_poll(poll)[0].data
    assert result["unit"] == "weight"
    assert result["heads"] == {"yes": 1, "no": 2, "abstain": 0}
    assert result["weights"] == {"yes": 3, "no": 2, "abstain": 0}
    assert result["adopted"] is True and result["base"] == "5"


def test_members_present_counts_only_those_with_a_vote_in_the_polls_unit(service: Smolny) -> None:
    poll, ids = setup(
        service,
        [
            c.NewDelegate("A", weight=2),
            c.NewDelegate("B", weight=2),
            c.NewDelegate("C"),
            c.NewDelegate("Observer", voting=False),
        ],
        "majority-of-members-present",
    )
    vote(service, poll, ids[0], "yes")
    vote(service, poll, ids[2], "yes")
    result = service.close_poll(poll)[0].data
    # present with a vote: weights 2 + 2 + 1 = 5; yes = 3 > 5/2: adopted.
    # Counting the consultative observer, or heads (2 of 4 present), would say otherwise.
    assert result["present"] == 4 and result["present_voting"] == 5
    assert result["base"] == "5" and result["adopted"] is True


def test_majority_of_members_counts_members_who_are_absent(service: Smolny) -> None:
    service.execute(c.CreateBody("council", "Council"))
    ids = [
        d["delegate"]
        for d in service.execute(
            c.RegisterDelegates("council", tuple(c.NewDelegate(f"M{i}") for i in range(7)))
        )[0].data["delegates"]
    ]
    session = service.execute(c.OpenSession("council", "Sitting"))[0].data["session"]
    service.execute(c.RecordPresence(session, arrived=tuple(ids[:4])))
    motion = service.execute(c.MoveMotion(session, "Rule", "Amend the bylaws."))[0].data["motion"]
    poll = service.execute(c.OpenPoll(motion, "majority-of-members"))[0].data["poll"]
    assert len(service.state.polls[poll].eligible) == 4
    for delegate in ids[:3]:
        vote(service, poll, delegate, "yes")
    result = service.close_poll(poll)[0].data
    assert result["base"] == "7" and result["required"] == "4" and result["adopted"] is False
