"""A request for the floor withdrawn by the delegate, or struck off the list by the chair."""

from __future__ import annotations

import json

from smolny.procedure import (
    ChangePresence,
    CloseList,
    Event,
    Recognise,
    RequestFloor,
    WithdrawFloorRequest,
    Yield,
    apply_all,
)


def test_a_delegate_withdraws_their_own_request(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the club buy a boat")
    chair.do(RequestFloor("d3", side="against", at=10))
    chair.do(RequestFloor("d4", side="for", at=11))
    (event,) = chair.do(WithdrawFloorRequest("d3", by="d3", at=12))
    assert event.kind == "floor.request-withdrawn"
    assert event.data == {"delegate": "d3", "by": "d3", "at": 12}
    assert [s.delegate for s in chair.state.speakers] == ["d4"]
    chair.do(Recognise(at=13))  # the next on the list is now d4
    assert chair.state.floor is not None and chair.state.floor.delegate == "d4"
    # once off the list, they may ask again (at the end of it)
    chair.do(Yield(at=20))
    chair.do(RequestFloor("d3", at=21))
    assert [s.delegate for s in chair.state.speakers] == ["d3"]


def test_the_chair_strikes_anyone_off_present_or_not(robert, make_chair):
    chair = make_chair(robert)
    chair.do(RequestFloor("d3"))
    chair.do(RequestFloor("d5"))
    chair.do(ChangePresence(False, ("d3",)))  # absent when called
    (event,) = chair.do(WithdrawFloorRequest("d3"))
    assert event.data["by"] == "chair" and event.data["delegate"] == "d3"
    assert [s.delegate for s in chair.state.speakers] == ["d5"]
    # a closed list stays closed, and a struck-off delegate cannot get back on it
    chair.do(CloseList())
    chair.do(WithdrawFloorRequest("d5", by="d5"))
    assert chair.state.speakers == () and chair.state.list_closed
    assert chair.refuse(RequestFloor("d5")).rule == "list-closed"


def test_not_on_the_list_is_refused(robert, make_chair):
    chair = make_chair(robert)
    refused = chair.refuse(WithdrawFloorRequest("d3", by="d3"))
    assert (refused.rule, refused.reason) == (
        "not-on-list",
        "d3 is not on the speakers' list",
    )
    assert chair.refuse(WithdrawFloorRequest("d3")).rule == "not-on-list"
    # the speaker's request was answered when the floor was given: nothing left to withdraw
    chair.do(RequestFloor("d3"))
    chair.do(Recognise(at=0))
    assert chair.refuse(WithdrawFloorRequest("d3", by="d3")).rule == "not-on-list"
    assert chair.events[-1].kind == "floor.given"


def test_a_delegate_cannot_withdraw_anothers_request(robert, make_chair):
    chair = make_chair(robert)
    chair.do(RequestFloor("d3"))
    refused = chair.refuse(WithdrawFloorRequest("d3", by="d4"))
    assert (refused.rule, refused.reason) == (
        "not-own-request",
        "Only d3 or the chair may take d3 off the speakers' list",
    )
    assert [s.delegate for s in chair.state.speakers] == ["d3"]


def test_the_journal_replays_to_the_same_list(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the club buy a boat")
    for delegate in ("d3", "d4", "d5", "d6"):
        chair.do(RequestFloor(delegate))
    chair.do(WithdrawFloorRequest("d4", by="d4"))
    chair.do(WithdrawFloorRequest("d6"))
    journal = [json.dumps({"kind": e.kind, "data": e.data}) for e in chair.events]
    read_back = [Event(**json.loads(line)) for line in journal]
    assert apply_all(chair.start, read_back) == chair.state
    assert [s.delegate for s in chair.state.speakers] == ["d3", "d5"]
