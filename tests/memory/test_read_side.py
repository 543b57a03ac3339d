"""The read side on the in-memory store: what the screens show, as plain values."""

from __future__ import annotations

import pytest

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import NotFound, OutOfOrder
from smolny.service.app import Principal, Smolny, stamp
from smolny.service.views import bodies, hall, polls, record, sessions

CHAIR = Principal("a1", "chair", "chair")


def _voted(app: Smolny) -> tuple[str, str, list[str]]:
    app.execute(c.CreateBody("congress", "Test Congress"))
    app.execute(c.FormFaction("congress", "left", "The Left"))
    entries = app.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(f"D{i}", "left") for i in range(3)))
    )
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    session = app.execute(c.OpenSession("congress", "Sitting"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    motion = app.execute(c.MoveMotion(session, "Peace", "For peace.", ids[0]))[0].data["question"]
    app.execute(c.Act(session, procedure.Second(motion, ids[1])))
    app.execute(c.Act(session, procedure.StateQuestion(motion)))
    opened = app.execute(c.OpenPoll(motion))
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    _, future = app.ballots.cast_vote(poll, Principal(ids[0], "delegate", "D0"), "yes")
    future.result(timeout=10)
    return session, poll, ids


def test_a_sitting_as_the_screens_read_it(app: Smolny) -> None:
    session, poll, ids = _voted(app)
    phone = sessions.phone(app, Principal(ids[0], "delegate", "D0"))
    assert phone["me"]["faction"] == "The Left" and phone["question"]["title"] == "Peace"
    assert phone["ballot"].voted == 1 and [v.voted for v in phone["ballot"].voters] == [True]
    console = hall.console(app, app.ballots, session, stamp(app.clock()))
    assert [p["voted"] for p in console["open_polls"]] == [1]
    assert console["factions"] == [
        {"slug": "left", "name": "The Left", "present": 3, "registered": 3}
    ]
    projected = hall.projector(app, app.ballots, None, stamp(app.clock()))
    assert projected["screen"]["poll"]["voted"] == 1
    app.ballots.close_poll(poll)
    assert polls.poll(app, poll)["result"]["heads"] == {"yes": 1, "no": 0, "abstain": 0}
    assert [b["ballot"] for b in polls.box(app, poll)["ballots"]][0].count('"voter":"d1"') == 1
    assert bodies.body(app, "congress")["delegates_list"][0]["name"] == "D0"
    latest, names = record.latest(app, 3)
    assert latest[0]["kind"] == "motion.adopted" and names.motion(latest[0]["data"]["question"])
    assert record.public_bodies(app, 10)[0]["register"][0]["title"] == "Peace"


def test_read_models_share_nothing_with_the_state(app: Smolny) -> None:
    session, poll, _ = _voted(app)
    app.ballots.close_poll(poll)
    shown = polls.poll(app, poll)
    shown["result"]["heads"]["yes"] = 99
    shown["decision"]["yes"] = 99
    detail = sessions.session(app, session)
    detail["motions"][0]["polls"].clear()
    assert polls.poll(app, poll)["result"]["heads"]["yes"] == 1
    assert app.state.polls[poll].decision["yes"] == 1
    assert sessions.session(app, session)["motions"][0]["polls"]


def test_a_query_refuses_as_a_command_does(app: Smolny) -> None:
    with pytest.raises(NotFound):
        bodies.body(app, "nowhere")
    with pytest.raises(NotFound):
        sessions.session(app, "s9")
    _, poll, _ = _voted(app)
    with pytest.raises(OutOfOrder) as open_box:
        polls.box(app, poll)
    assert open_box.value.rule == "poll-open"
