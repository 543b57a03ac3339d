"""Acts out of order are refused with the rule and a sentence a chair can read out."""

from __future__ import annotations

import pytest

from smolny.procedure import (
    ChairRuling,
    ChangePresence,
    CloseList,
    Move,
    PutQuestion,
    Recognise,
    RecordResult,
    Reply,
    RequestFloor,
    Second,
    StateQuestion,
    TakeUpItem,
    TakeUpQuestion,
    Yield,
    attempt,
    speaking_time,
)
from smolny.procedure.state import AgendaItem


def test_lay_on_the_table_is_not_in_order_while_adjourn_is_pending(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the club buy a boat")
    chair.move("adj", "adjourn", "d3", "d4")
    refused = chair.refuse(Move("t", "lay-on-the-table", "d5", applies_to="m"))
    assert refused.rule == "precedence"
    assert refused.reason == "Lay on the table is not in order: a motion to adjourn is pending"


def test_refused_act_leaves_the_state_alone(robert, make_chair):
    chair = make_chair(robert)
    before = chair.state
    outcome = attempt(robert, before, Move("m", "main", "nobody", text="x"))
    assert outcome.rule == "not-a-delegate"
    assert chair.state == before


@pytest.mark.parametrize(
    ("act", "rule", "reason"),
    [
        (
            Move("x", "main", "d1", text="x"),
            "precedence",
            "Main motion is not in order: a main motion is pending",
        ),
        (Move("x", "sing", "d1"), "unknown-motion", "'sing' is not a motion under these rules"),
        (
            Move("m", "main", "d1", text="x"),
            "duplicate-id",
            "Main motion: the id 'm' is already in use",
        ),
        (Move("x", "main", "d10", text="x"), "not-present", "Main motion: d10 is not present"),
        (
            Move("x", "take-from-table", "d1", applies_to="m"),
            "applies-to",
            "Take from the table is not in order: question 'm' is not on the table",
        ),
        (
            Move("x", "appeal", "d1"),
            "applies-to",
            "Appeal from the decision of the chair is not in order: the chair has made no ruling",
        ),
        (
            Move("x", "amend", "d1", applies_to="nothing", text="y"),
            "applies-to",
            "Amend is not in order: there is no pending question it applies to",
        ),
        (Second("m", "d1"), "second", "Main motion cannot be seconded now: it is pending"),
        (
            PutQuestion("zzz"),
            "unknown-question",
            "There is no question 'zzz'",
        ),
        (Recognise(), "no-speakers", "Nobody has asked for the floor"),
        (Yield(), "floor", "Nobody has the floor"),
        (
            RecordResult("m", 5, 4),
            "not-voting",
            "Main motion has not been put to the vote",
        ),
        (
            TakeUpItem("b"),
            "agenda-item",
            "There is no agenda item 'b'",
        ),
        (
            Move("x", "recess", "d1", at="yesterday"),
            "time-format",
            "Not an ISO-8601 time: 'yesterday'",
        ),
    ],
)
def test_refusals_with_the_rule_and_the_reason(robert, make_chair, act, rule, reason):
    chair = make_chair(robert, present=9)
    chair.move("m", "main", "d1", "d2", text="That we buy a boat")
    refused = chair.refuse(act)
    assert (refused.rule, refused.reason) == (rule, reason)


def test_without_quorum_only_what_the_rulebook_allows(robert, make_chair):
    chair = make_chair(robert, members=10, present=5)  # a quorum is 6
    refused = chair.refuse(Move("m", "main", "d1", text="That we go on"))
    assert refused.rule == "quorum"
    assert refused.reason == "Main motion is not in order: there is no quorum (5 present, 6 needed)"
    for motion in ("adjourn", "recess", "fix-time-to-adjourn"):
        outcome = attempt(robert, chair.state, Move("x", motion, "d1", until="8 pm"))
        assert outcome.__class__.__name__ == "Accepted", (motion, outcome)
    chair.move("adj", "adjourn", "d1", "d2")
    chair.vote("adj", 3, 1)
    assert chair.state.status == "adjourned"


def test_quorum_lost_while_a_question_is_pending_stops_the_vote(robert, make_chair):
    chair = make_chair(robert, members=10)
    chair.move("m", "main", "d1", "d2", text="That we go on")
    chair.do(PutQuestion("m"))
    chair.do(ChangePresence(present=False, delegates=("d1", "d2", "d3", "d4", "d5")))
    assert chair.kinds()[-1] == "quorum.lost"
    refused = chair.refuse(RecordResult("m", 4, 1))
    assert refused.rule == "quorum"


def test_a_tally_larger_than_the_hall_is_refused(robert, make_chair):
    chair = make_chair(robert, members=10)
    chair.move("m", "main", "d1", "d2", text="That we go on")
    chair.do(PutQuestion("m"))
    refused = chair.refuse(RecordResult("m", 8, 3))
    assert refused.rule == "tally"
    assert "11 votes but only 10 present" in refused.reason


def test_non_interrupting_motion_needs_the_floor(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we go on")
    chair.do(RequestFloor("d3"))
    chair.do(Recognise())
    refused = chair.refuse(Move("pq", "previous-question", "d4"))
    assert (refused.rule, refused.reason) == (
        "floor",
        "Previous question is not in order: d3 has the floor",
    )
    # the speaker may move it, giving up the floor
    chair.do(Move("pq", "previous-question", "d3"))
    assert chair.state.floor is None


def test_nothing_but_a_division_while_the_question_is_put(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we go on")
    chair.do(PutQuestion("m"))
    refused = chair.refuse(Move("adj", "adjourn", "d3"))
    assert refused.rule == "voting"
    assert refused.reason == (
        "Adjourn is not in order: the question on a main motion is being put to the vote"
    )


def test_undebatable_motion_cannot_be_debated(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we go on")
    chair.move("t", "lay-on-the-table", "d3", "d4")
    chair.do(RequestFloor("d5"))
    refused = chair.refuse(Recognise())
    assert (refused.rule, refused.reason) == (
        "not-debatable",
        "Debate is not in order: Lay on the table is not debatable",
    )


def test_statement_of_a_chair_decided_point_is_refused(robert, make_chair):
    chair = make_chair(robert)
    chair.do(Move("po", "point-of-order", "d1", text="Smoking is not allowed"))
    assert chair.refuse(StateQuestion("po")).rule == "chair-decides"
    assert chair.refuse(PutQuestion("po")).rule in ("chair-decides", "not-pending")
    chair.do(ChairRuling("r", "Well taken: no smoking", question="po", well_taken=True))


def test_speaking_in_the_name_of_a_body_that_did_not_send_you(robert, make_chair):
    from smolny.procedure import Delegate

    people = [Delegate("Dybenko", body="the Fleet", present=True)] + [
        Delegate(f"d{i}", present=True) for i in range(2, 11)
    ]
    chair = make_chair(robert, delegates=people)
    chair.do(RequestFloor("Dybenko", in_name_of="the Fleet"))
    refused = chair.refuse(RequestFloor("d2", in_name_of="the Fleet"))
    assert refused.rule == "in-name-of"
    given = chair.do(Recognise())[0]
    assert given.data["in_name_of"] == "the Fleet"


# The speakers' list


def test_alternating_for_and_against(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we go on")
    for delegate, side in (("d3", "for"), ("d4", "for"), ("d5", "against"), ("d6", "for")):
        chair.do(RequestFloor(delegate, side=side))
    order = []
    for _ in range(4):
        order.append(chair.do(Recognise())[0].data["delegate"])
        chair.do(Yield())
    assert order == ["d3", "d5", "d4", "d6"]


def test_first_come_under_standing_orders(standing_orders, make_chair):
    chair = make_chair(standing_orders, members=60)
    chair.do(Move("m", "main", "d1", text="That we go on"))
    chair.do(StateQuestion("m"))  # no second under standing orders
    for delegate, side in (("d3", "for"), ("d4", "for"), ("d5", "against")):
        chair.do(RequestFloor(delegate, side=side))
    order = []
    for _ in range(3):
        given = chair.do(Recognise())[0]
        assert given.data["seconds"] == 300
        order.append(given.data["delegate"])
        chair.do(Yield())
    assert order == ["d3", "d4", "d5"]
    # one speech each, but a right of reply of two minutes
    chair.do(RequestFloor("d3"))
    assert chair.refuse(Recognise()).rule == "speaking-limit"
    assert chair.do(Reply("d3"))[0].data["seconds"] == 120


def test_time_is_up_and_the_chair_calls_it(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we go on")
    chair.do(RequestFloor("d3"))
    chair.do(Recognise(at="2026-11-22T10:00:00Z"))
    early = speaking_time(chair.state, "2026-11-22T10:09:59Z")
    assert (early.elapsed, early.left, early.up) == (599, 1, False)
    assert speaking_time(chair.state, "2026-11-22T10:10:00Z").up
    refused = chair.refuse(Yield(reason="time", at="2026-11-22T10:05:00Z"))
    assert (refused.rule, refused.reason) == ("time-not-up", "d3 has 300 seconds left")
    chair.do(Yield(reason="time", at="2026-11-22T10:10:00Z"))


def test_two_speeches_per_member_per_question_under_robert(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we go on")
    for _ in range(2):
        chair.do(RequestFloor("d3"))
        chair.do(Recognise())
        chair.do(Yield())
    chair.do(RequestFloor("d3"))
    refused = chair.refuse(Recognise())
    assert (refused.rule, refused.reason) == (
        "speaking-limit",
        "d3 has spoken 2 times on this question already",
    )
    # a reply is the member's next speech under RONR: also refused
    assert chair.refuse(Reply("d3")).rule == "speaking-limit"


def test_closing_the_list(robert, make_chair):
    chair = make_chair(robert)
    chair.do(RequestFloor("d3"))
    chair.do(CloseList())
    assert chair.refuse(RequestFloor("d4")).rule == "list-closed"
    chair.do(Recognise())  # those already on it still speak


def test_a_new_agenda_item_opens_a_new_list(robert, make_chair):
    agenda = (AgendaItem("a", "Reports"), AgendaItem("b", "Peace"))
    chair = make_chair(robert, agenda=agenda)
    chair.do(TakeUpItem("a"))
    chair.do(RequestFloor("d3"))
    chair.do(CloseList())
    chair.do(TakeUpItem("b"))
    assert chair.state.speakers == () and not chair.state.list_closed
    assert [i.status for i in chair.state.agenda] == ["done", "current"]


def test_a_motion_postponed_with_its_main_question_comes_back_only_with_it(robert, make_chair):
    agenda = (AgendaItem("order", "Election", order_of_the_day=True),)
    chair = make_chair(robert, agenda=agenda)
    chair.move("m", "main", "d1", "d2", text="That we buy a boat")
    chair.move("a", "amend", "d3", "d4", text="with oars")
    chair.do(Move("o", "orders-of-the-day", "d5"))
    assert chair.status("m") == chair.status("a") == "postponed"
    refused = chair.refuse(TakeUpQuestion("a"))
    assert (refused.rule, refused.reason) == (
        "adhering",
        "Amend 'a' goes with 'm': take up 'm' instead",
    )
    chair.do(TakeUpQuestion("m"))
    assert chair.state.stack == ("m", "a")
