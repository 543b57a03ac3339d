"""Events: weighted figures as fractions, casting votes, registration, and a journal's replay."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from smolny.procedure import (
    EVENT_KINDS,
    Delegate,
    Event,
    EventError,
    Move,
    PutQuestion,
    RecordResult,
    Register,
    StateQuestion,
    apply,
    apply_all,
    parse_rulebook,
)


def test_weighted_result_keeps_fractions_exact(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the federation affiliate")
    chair.do(PutQuestion("m"))
    event = chair.do(RecordResult("m", "20/3", "10/3", "1/2", unit="weight"))[0]
    assert event.kind == "motion.adopted"
    assert (event.data["yes"], event.data["no"], event.data["abstain"]) == ("20/3", "10/3", "1/2")
    assert event.data["base"] == 10 and event.data["unit"] == "weight"
    assert "float" not in json.dumps(event.data)


def test_casting_vote_under_standing_orders(standing_orders, make_chair):
    chair = make_chair(standing_orders, members=60)
    chair.do(Move("m", "main", "d1", text="That the hall be repainted"))
    chair.do(StateQuestion("m"))
    chair.do(PutQuestion("m"))
    refused = chair.refuse(RecordResult("m", 20, 20))
    assert refused.rule == "tally" and "casting vote" in refused.reason
    event = chair.do(RecordResult("m", 20, 20, casting_vote=False))[0]
    assert event.kind == "motion.rejected"
    assert (event.data["tie"], event.data["casting_vote"]) == (True, False)


def test_registration_moves_a_quorum_of_the_registered(make_chair):
    robert_text = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
    book = parse_rulebook(
        robert_text.replace('basis = "members"', 'basis = "registered"'), "registered.toml"
    )
    people = [Delegate(f"d{i}", present=i <= 3) for i in range(1, 11)]
    chair = make_chair(book, members=100, delegates=people)
    # 10 registered, 3 present: a quorum of the registered is 6
    assert not chair.state.quorate
    for i in range(11, 21):
        chair.do(Register(f"d{i}", faction="late", present=True))
    # 20 registered (quorum 11), 13 present
    assert chair.state.quorate
    assert "quorum.regained" in chair.kinds()


def test_replay_of_a_whole_journal_from_json(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we meet weekly")
    chair.move("a", "amend", "d3", "d4", strike="weekly", text="monthly")
    chair.vote("a", 5, 4)
    chair.vote("m", 6, 3)
    journal = json.dumps([{"kind": e.kind, "data": e.data} for e in chair.events])
    events = [Event(e["kind"], e["data"]) for e in json.loads(journal)]
    assert apply_all(chair.start, events) == chair.state
    assert {e.kind for e in events} <= set(EVENT_KINDS)


def test_apply_refuses_unknown_kinds_and_bad_data(robert, make_chair):
    chair = make_chair(robert)
    with pytest.raises(EventError):
        apply(chair.state, Event("motion.exploded", {}))
    with pytest.raises(EventError):
        apply(chair.state, Event("motion.seconded", {"question": "nothing", "seconder": "d1"}))
    with pytest.raises(EventError):
        apply(chair.state, Event("presence.changed", {"delegates": "d1", "present": True}))
