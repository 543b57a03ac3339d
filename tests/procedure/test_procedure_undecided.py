"""Motions left undecided as the accounts tell it: set aside by the chair with no vote taken
(the mover walked out), and a sitting the chair declares adjourned with no motion to adjourn."""

from __future__ import annotations

from smolny.procedure import DeclareAdjourned, PutQuestion, RecordResult, SetAside, Withdraw


def test_the_chair_sets_a_motion_aside_with_its_reason_and_the_hall_goes_on(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That negotiations begin")
    chair.move("a", "amend", "d3", "d4", strike="begin", text="begin at once")
    (event,) = chair.do(SetAside("m", "  its mover and his group left the hall ", at=30))
    assert event.kind == "motion.set-aside"
    # the amendment adhering to it goes with it; the reason is kept, trimmed
    assert event.data == {
        "questions": ["m", "a"],
        "reason": "its mover and his group left the hall",
        "at": 30,
    }
    assert chair.status("m") == chair.status("a") == "no-vote-taken"
    assert chair.state.stack == ()
    chair.move("n", "main", "d5", "d6", text="That the garrison be thanked")  # in order now
    assert chair.status("n") == "pending"


def test_setting_aside_is_refused_without_a_reason_during_a_vote_or_when_not_pending(
    robert, make_chair
):
    chair = make_chair(robert)
    assert chair.refuse(SetAside("m", "gone")).rule == "unknown-question"
    chair.move("m", "main", "d1", "d2", text="That negotiations begin")
    assert chair.refuse(SetAside("m", "   ")).rule == "reason"
    chair.do(PutQuestion("m"))
    assert chair.refuse(SetAside("m", "the hall emptied")).rule == "voting"
    chair.do(RecordResult("m", 5, 1))
    assert chair.refuse(SetAside("m", "the hall emptied")).rule == "not-pending"


def test_set_aside_is_not_a_withdrawal(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That negotiations begin")
    chair.do(SetAside("m", "its mover left the hall"))
    assert "motion.withdrawn" not in chair.kinds()
    assert chair.refuse(Withdraw("m", "d1", consent=True)).rule == "not-pending"


def test_the_chair_declares_the_sitting_adjourned_leaving_the_pending_undecided(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the plenary sit in Moscow")
    (event,) = chair.do(DeclareAdjourned(words="before dawn", at=40))
    assert event.kind == "session.adjourned"
    assert event.data["declared"] is True and event.data["words"] == "before dawn"
    assert event.data["no_vote_taken"] == ["m"]
    assert chair.status("m") == "no-vote-taken"
    assert chair.refuse(DeclareAdjourned()).rule == "adjourned"  # nothing is in order now


def test_no_adjournment_is_declared_during_a_vote(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the plenary sit in Moscow")
    chair.do(PutQuestion("m"))
    assert chair.refuse(DeclareAdjourned()).rule == "voting"
