"""One scenario per class of motion, from the textbook (RONR 12th ed.), on the robert rulebook."""

from __future__ import annotations

from importlib import resources

from smolny.procedure import (
    AgendaEntry,
    AgendaItem,
    ChairRuling,
    ChangeAgenda,
    Move,
    PutQuestion,
    Recognise,
    RecordResult,
    RequestFloor,
    Resume,
    Second,
    StateQuestion,
    TakeUpQuestion,
    Withdraw,
    Yield,
    parse_rulebook,
)

# Main motions (RONR §10)


def test_main_motion_moved_seconded_stated_debated_and_adopted(robert, make_chair):
    chair = make_chair(robert, members=10)
    chair.do(Move("m1", "main", "d1", text="That the club buy a new computer"))
    refused = chair.refuse(StateQuestion("m1"))
    assert refused.rule == "second-required"
    chair.do(Second("m1", "d2"))
    chair.do(StateQuestion("m1"))
    chair.do(RequestFloor("d3", side="against"))
    chair.do(Recognise(at=0))
    chair.do(Yield(at=100))
    decision = chair.vote("m1", 5, 3, 2)
    assert decision.kind == "motion.adopted"
    assert decision.data["threshold"] == "majority"
    assert (decision.data["base"], decision.data["required"]) == (8, 5)
    assert decision.data["present_count"] == 10 and decision.data["quorum"] == 6
    assert decision.data["quorate"] is True
    assert chair.status("m1") == "adopted"
    assert chair.state.stack == ()
    assert chair.kinds() == [
        "motion.moved",
        "motion.seconded",
        "question.stated",
        "floor.requested",
        "floor.given",
        "floor.yielded",
        "question.put",
        "motion.adopted",
    ]


def test_a_tie_vote_is_lost(robert, make_chair):
    # RONR §44: a majority is more than half; a tie fails
    chair = make_chair(robert)
    chair.move("m1", "main", "d1", "d2", text="That dues be raised")
    assert chair.vote("m1", 4, 4).kind == "motion.rejected"
    assert chair.status("m1") == "rejected"


def test_a_main_motion_is_out_of_order_while_another_is_pending(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m1", "main", "d1", "d2", text="A")
    refused = chair.refuse(Move("m2", "main", "d3", text="B"))
    assert refused.rule == "precedence"
    assert refused.reason == "Main motion is not in order: a main motion is pending"


# Subsidiary motions (RONR §§11-17)


def test_amendments_two_deep_and_the_text_as_amended(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the Society purchase a new computer")
    chair.move("a1", "amend", "d3", "d4", strike="a new computer", text="a new laptop computer")
    chair.move("a2", "amend", "d5", "d6", strike="laptop", text="desktop")
    third = chair.refuse(Move("a3", "amend", "d7", strike="desktop", text="tower"))
    assert third.rule == "amendment-depth"
    # the secondary amendment is decided first, and changes only the primary's words
    chair.vote("a2", 6, 2)
    assert chair.state.question("a1").amended_text == "a new desktop computer"
    assert chair.state.question("m").amended_text == "That the Society purchase a new computer"
    chair.vote("a1", 6, 2)
    assert (
        chair.state.question("m").amended_text == "That the Society purchase a new desktop computer"
    )
    assert chair.vote("m", 7, 1).data["text"] == "That the Society purchase a new desktop computer"
    assert [e.data["question"] for e in chair.events if e.kind == "text.amended"] == ["a1", "m"]


def test_a_rejected_amendment_leaves_the_text(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we meet on Monday")
    chair.move("a", "amend", "d3", "d4", strike="Monday", text="Friday")
    chair.vote("a", 2, 6)
    assert chair.state.question("m").amended_text == "That we meet on Monday"
    assert chair.state.stack == ("m",)


def test_amendment_must_strike_words_that_are_there(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we meet on Monday")
    refused = chair.refuse(Move("a", "amend", "d3", strike="Tuesday", text="Friday"))
    assert refused.rule == "amendment-text"


def test_lay_on_the_table_takes_the_adhering_amendment_and_take_from_table_brings_both(
    robert, make_chair
):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the club hold a picnic")
    chair.move("a", "amend", "d3", "d4", text="in June")
    chair.move("t", "lay-on-the-table", "d5", "d6", applies_to="m")
    assert chair.state.question("t").applies_to == "m"
    chair.vote("t", 6, 3)
    assert chair.status("m") == chair.status("a") == "tabled"
    assert chair.state.stack == ()
    tabled = next(e for e in chair.events if e.kind == "motion.tabled")
    assert tabled.data["questions"] == ["m", "a"]
    chair.move("f", "take-from-table", "d1", "d2", applies_to="m")
    chair.vote("f", 6, 3)
    assert chair.state.stack == ("m", "a")
    assert chair.status("a") == "pending"


def test_previous_question_needs_two_thirds_and_closes_debate(robert, make_chair):
    chair = make_chair(robert, members=40)
    chair.move("m", "main", "d1", "d2", text="That the bylaws be revised")
    chair.move("pq", "previous-question", "d3", "d4")
    # RONR §44: two thirds of the votes cast; 19 of 29 falls short, 20 of 30 carries
    assert chair.vote("pq", 19, 10).kind == "motion.rejected"
    chair.move("pq2", "previous-question", "d3", "d4")
    adopted = chair.vote("pq2", 20, 10, 5)
    assert adopted.kind == "motion.adopted" and adopted.data["required"] == 20
    assert chair.state.question("m").debate_closed
    chair.do(RequestFloor("d9"))
    assert chair.refuse(Recognise()).rule == "debate-closed"
    assert chair.refuse(Move("a", "amend", "d5", text="x")).rule == "debate-closed"


def test_limit_debate_sets_the_speaking_time(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we adopt the budget")
    chair.move("l", "limit-debate", "d3", "d4", speech_seconds=120, speeches_per_member=1)
    chair.vote("l", 7, 2)
    chair.do(RequestFloor("d5"))
    given = chair.do(Recognise(at="2026-11-22T10:00:00+00:00"))[0]
    assert given.data["seconds"] == 120
    chair.do(Yield(at="2026-11-22T10:02:00+00:00", reason="time"))
    chair.do(RequestFloor("d5"))
    assert chair.refuse(Recognise()).rule == "speaking-limit"


def test_postpone_to_a_certain_time_and_take_it_up_again(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That a new hall be rented")
    chair.move("p", "postpone-definitely", "d3", "d4", until="next meeting")
    chair.vote("p", 6, 3)
    question = chair.state.question("m")
    assert question.status == "postponed" and question.until == "next meeting"
    # the next session carries it over
    later = make_chair(robert, delegates=list(chair.state.delegates), carried=(question,))
    later.do(TakeUpQuestion("m"))
    assert later.state.stack == ("m",)
    assert later.vote("m", 6, 3).kind == "motion.adopted"


def test_commit_refers_the_question_to_a_committee(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the club buy a bus")
    chair.move("c", "commit", "d3", "d4", committee="finance-committee")
    chair.vote("c", 6, 3)
    question = chair.state.question("m")
    assert (question.status, question.committee) == ("referred", "finance-committee")
    referred = next(e for e in chair.events if e.kind == "motion.referred")
    assert referred.data == {"questions": ["m"], "committee": "finance-committee", "at": None}


def test_postpone_indefinitely_kills_the_main_motion(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we endorse a candidate")
    chair.move("pi", "postpone-indefinitely", "d3", "d4")
    chair.vote("pi", 6, 3)
    assert chair.status("m") == "postponed-indefinitely"
    assert chair.state.stack == ()


# Privileged motions (RONR §§18-22)


def test_adjourn_leaves_pending_questions_with_no_vote_taken(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we move the meeting to Moscow")
    chair.move("adj", "adjourn", "d3", "d4")
    chair.vote("adj", 6, 3)
    assert chair.state.status == "adjourned"
    assert chair.status("m") == "no-vote-taken"
    adjourned = next(e for e in chair.events if e.kind == "session.adjourned")
    assert adjourned.data["no_vote_taken"] == ["m"]
    assert chair.refuse(Move("m2", "main", "d1", text="x")).rule == "adjourned"


def test_fix_time_to_adjourn_then_adjourn(robert, make_chair):
    chair = make_chair(robert)
    chair.move("f", "fix-time-to-adjourn", "d1", "d2", until="Tuesday 19:00")
    chair.vote("f", 6, 3)
    assert chair.state.adjourn_to == "Tuesday 19:00"
    chair.move("adj", "adjourn", "d1", "d2")
    chair.vote("adj", 6, 3)
    assert chair.events[-1].data["to"] == "Tuesday 19:00"


def test_recess_and_resume(robert, make_chair):
    chair = make_chair(robert)
    chair.move("r", "recess", "d1", "d2", until="15 minutes")
    chair.vote("r", 6, 3)
    assert chair.state.status == "recessed"
    assert chair.refuse(Move("m", "main", "d1", text="x")).rule == "recessed"
    chair.do(Resume(at=900))
    chair.move("m", "main", "d1", "d2", text="x")


def test_question_of_privilege_interrupts_and_the_speaker_resumes(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the report be received")
    chair.do(RequestFloor("d3"))
    chair.do(Recognise(at=0))
    chair.do(Move("qp", "question-of-privilege", "d4", text="The hall is too cold to hear"))
    assert chair.state.floor is None and chair.state.interrupted[0].delegate == "d3"
    # a non-interrupting motion still needs the floor
    assert chair.refuse(Move("x", "adjourn", "d5")).rule == "not-stated"
    chair.do(ChairRuling("r1", "The windows will be closed", question="qp", well_taken=True))
    assert chair.status("qp") == "ruled"
    assert chair.state.floor.delegate == "d3"
    assert chair.kinds()[-2:] == ["ruling.made", "floor.resumed"]


def test_orders_of_the_day_on_demand_take_up_the_order(robert, make_chair):
    agenda = (
        AgendaItem("reports", "Reports", status="current"),
        AgendaItem("election", "Election of officers", order_of_the_day=True),
    )
    chair = make_chair(robert, agenda=agenda)
    chair.move("m", "main", "d1", "d2", text="That the report be printed")
    chair.do(Move("o", "orders-of-the-day", "d3"))
    assert chair.state.current_item().id == "election"
    assert chair.status("m") == "postponed"
    assert chair.state.stack == ()
    assert chair.kinds()[-3:] == ["orders.called", "motion.postponed", "agenda.item-taken-up"]


def test_orders_of_the_day_refused_when_none_is_due(robert, make_chair):
    chair = make_chair(robert)
    assert chair.refuse(Move("o", "orders-of-the-day", "d3")).rule == "no-orders"


# Incidental motions (RONR §§23-33)


def test_point_of_order_ruling_and_appeal_sustained_on_a_tie(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the treasurer be thanked")
    chair.do(Move("po", "point-of-order", "d3", text="The motion was not seconded"))
    chair.do(ChairRuling("r1", "The point is not well taken", question="po", well_taken=False))
    chair.move("ap", "appeal", "d3", "d4", applies_to="r1")
    assert chair.state.ruling("r1").status == "appealed"
    # RONR §24: a tie sustains the chair; it takes a majority in the negative to reverse
    assert chair.vote("ap", 4, 4).kind == "motion.rejected"
    assert chair.state.ruling("r1").status == "sustained"
    assert chair.state.stack == ("m",)


def test_appeal_reverses_the_chair_with_a_majority_against(robert, make_chair):
    chair = make_chair(robert)
    chair.do(ChairRuling("r1", "The amendment is not germane"))
    chair.move("ap", "appeal", "d3", "d4")
    decision = chair.vote("ap", 3, 5)
    assert decision.kind == "motion.adopted" and decision.data["carried_by"] == "no"
    assert chair.state.ruling("r1").status == "reversed"


def test_suspend_the_rules_needs_two_thirds(robert, make_chair):
    chair = make_chair(robert, members=30)
    chair.move("s", "suspend-rules", "d1", "d2", text="to take up the report out of order")
    assert chair.vote("s", 13, 7).kind == "motion.rejected"
    chair.move("s2", "suspend-rules", "d1", "d2", text="to take up the report out of order")
    assert chair.vote("s2", 14, 7).kind == "motion.adopted"
    assert chair.kinds()[-1] == "rules.suspended"


def test_objection_to_consideration_before_debate_only(robert, make_chair):
    chair = make_chair(robert, members=30)
    chair.move("m", "main", "d1", "d2", text="That we condemn the neighbours")
    chair.do(Move("o", "objection-to-consideration", "d3"))
    chair.do(StateQuestion("o"))
    # "Shall the question be considered?": 2/3 against sustains the objection (RONR §26)
    decision = chair.vote("o", 6, 12)
    assert decision.kind == "motion.adopted"
    assert chair.status("m") == "not-considered"
    chair.move("m2", "main", "d1", "d2", text="That we praise the neighbours")
    chair.do(RequestFloor("d1"))
    chair.do(Recognise())
    chair.do(Yield())
    assert chair.refuse(Move("o2", "objection-to-consideration", "d3")).rule == "objection-late"


def test_division_of_the_assembly_forces_a_counted_vote(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we buy flags")
    chair.do(PutQuestion("m"))
    chair.do(Move("div", "division-of-assembly", "d3"))
    assert chair.state.question("m").counted
    assert chair.refuse(RecordResult("m", 5, 4, method="voice")).rule == "division"
    chair.do(RecordResult("m", 5, 4, method="rising"))


def test_division_of_the_question_votes_the_parts_in_turn(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we buy a bus and hire a driver")
    chair.move("dq", "division-of-question", "d3", "d4", parts=("buy a bus", "hire a driver"))
    chair.vote("dq", 6, 3)
    assert chair.status("m") == "divided"
    assert chair.state.stack == ("m.1",)
    chair.vote("m.1", 6, 3)
    chair.do(TakeUpQuestion("m.2"))
    assert chair.vote("m.2", 3, 6).kind == "motion.rejected"


def test_withdraw_freely_before_stated_and_by_consent_after(robert, make_chair):
    chair = make_chair(robert)
    chair.do(Move("m", "main", "d1", text="That we sing"))
    assert chair.refuse(Withdraw("m", "d2")).rule == "not-mover"
    chair.do(Withdraw("m", "d1"))
    assert chair.status("m") == "withdrawn"
    chair.move("m2", "main", "d1", "d2", text="That we dance")
    assert chair.refuse(Withdraw("m2", "d1")).rule == "withdraw-objected"
    chair.do(Withdraw("m2", "d1", consent=True))
    chair.move("m3", "main", "d1", "d2", text="That we leave")
    chair.do(Move("w", "withdraw", "d1"))
    chair.do(StateQuestion("w"))
    chair.vote("w", 5, 4)
    assert chair.status("m3") == "withdrawn"


# Motions that bring a question back (RONR §§34-37)


def test_reconsider_brings_a_decided_question_back(robert, make_chair):
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That the picnic be on Sunday")
    chair.vote("m", 6, 3)
    chair.move("r", "reconsider", "d1", "d2", applies_to="m")
    chair.vote("r", 6, 3)
    assert chair.state.stack == ("m",) and chair.status("m") == "pending"
    assert chair.vote("m", 3, 6).kind == "motion.rejected"


def test_rescind_two_thirds_or_a_majority_of_the_members(robert, make_chair):
    chair = make_chair(robert, members=100)
    chair.move("m", "main", "d1", "d2", text="That the dues be doubled")
    chair.vote("m", 60, 30)
    chair.move("x", "rescind", "d3", "d4", applies_to="m")
    # 51 of 100 members: short of two thirds of the votes cast, but a majority of the members
    decision = chair.vote("x", 51, 49)
    assert decision.kind == "motion.adopted"
    assert decision.data["threshold"] == "majority-of-members"
    assert chair.status("m") == "rescinded"


def test_rescind_with_previous_notice_needs_a_majority(robert, make_chair):
    chair = make_chair(robert, members=100)
    chair.move("m", "main", "d1", "d2", text="That the hall be painted red")
    chair.vote("m", 60, 30)
    chair.move("x", "rescind", "d3", "d4", applies_to="m")
    assert chair.vote("x", 40, 30).kind == "motion.rejected"
    chair.move("y", "rescind", "d3", "d4", applies_to="m", notice=True)
    decision = chair.vote("y", 40, 30)
    assert decision.kind == "motion.adopted" and decision.data["threshold"] == "majority"


# The agenda


def test_the_agenda_changes_only_by_decision(robert, make_chair):
    agenda = (AgendaItem("a", "Reports"),)
    chair = make_chair(robert, agenda=agenda)
    new = (AgendaEntry("a", "Reports"), AgendaEntry("b", "Peace", order_of_the_day=True))
    assert chair.refuse(ChangeAgenda(new, decision="nothing")).rule == "agenda-by-decision"
    chair.move("m", "main", "d1", "d2", text="That peace be added to the agenda")
    chair.vote("m", 6, 3)
    chair.do(ChangeAgenda(new, decision="m"))
    assert [i.id for i in chair.state.agenda] == ["a", "b"]
    assert chair.state.agenda[1].order_of_the_day


def test_only_a_reconsiderable_vote_may_be_reconsidered(make_chair):
    bundled = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
    start = bundled.index("[motions.main]")
    at = bundled.index("reconsiderable = true", start)
    book = parse_rulebook(
        bundled[:at] + "reconsiderable = false" + bundled[at + len("reconsiderable = true") :],
        "final.toml",
    )
    chair = make_chair(book)
    chair.move("m", "main", "d1", "d2", text="That the decision be final")
    chair.vote("m", 6, 3)
    refused = chair.refuse(Move("r", "reconsider", "d1", applies_to="m"))
    assert (refused.rule, refused.reason) == (
        "not-reconsiderable",
        "Reconsider is not in order: the vote on a main motion cannot be reconsidered",
    )
