"""Questions that outlive a sitting: postponed to the next, laid on the table, taken up again."""

from __future__ import annotations

from smolny import procedure
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

CHAIR = Principal("a1", "chair", "chair")


def sitting(app: Smolny, ids: list[str]) -> str:
    session = app.execute(c.OpenSession("council", "Sitting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(session, arrived=tuple(ids)), by=CHAIR)
    return session


def act(app: Smolny, session: str, the_act: procedure.Act) -> list:
    return app.execute(c.Act(session, the_act), by=CHAIR)


def decide(app: Smolny, session: str, question: str, yes: int, no: int) -> None:
    act(app, session, procedure.PutQuestion(question))
    act(app, session, procedure.RecordResult(question, yes, no))


def council(app: Smolny) -> list[str]:
    """A council of five, with a housing committee; returns the delegates."""
    app.execute(c.CreateBody("council", "Council"))
    app.execute(c.CreateBody("housing", "Housing Committee", "committee", parent="council"))
    entries = app.execute(
        c.RegisterDelegates("council", tuple(c.NewDelegate(f"M{i}") for i in range(5)))
    )
    return [d["delegate"] for d in entries[0].data["delegates"]]


def moved_and_stated(
    app: Smolny, session: str, ids: list[str], motion: str = "main", **fields
) -> str:
    """A motion moved by the first delegate, seconded by the second, stated: its id."""
    if motion == "main":
        entries = app.execute(c.MoveMotion(session, "A motion", "The council resolves", ids[0]))
    else:
        entries = act(app, session, procedure.Move("", motion, ids[2], **fields))
    question = entries[0].data["question"]
    act(app, session, procedure.Second(question, ids[1]))
    act(app, session, procedure.StateQuestion(question))
    return question


def test_a_question_postponed_to_the_next_sitting_is_taken_up_there(service: Smolny) -> None:
    ids = council(service)
    first = sitting(service, ids)
    main = moved_and_stated(service, first, ids)
    postpone = moved_and_stated(service, first, ids, "postpone-definitely", until="next session")
    decide(service, first, postpone, 4, 1)
    assert service.state.sessions[first].procedure.question(main).status == "postponed"
    service.execute(c.CloseSession(first), by=CHAIR)

    second = sitting(service, ids)
    assert service.state.motions[main].session == second
    taken = act(service, second, procedure.TakeUpQuestion(main))
    assert taken[0].kind == "question.taken-up"
    decide(service, second, main, 3, 2)
    assert service.state.sessions[second].procedure.question(main).status == "adopted"
    # and the folded state is the same after a reload from the journal alone
    service.load()
    assert service.state.sessions[second].procedure.question(main).status == "adopted"
    assert service.state.sessions[second].procedure.question(main).text == "The council resolves"


def test_a_question_laid_on_the_table_is_taken_from_it_at_a_later_sitting(service: Smolny) -> None:
    ids = council(service)
    first = sitting(service, ids)
    main = moved_and_stated(service, first, ids)
    table = moved_and_stated(service, first, ids, "lay-on-the-table")
    decide(service, first, table, 4, 1)
    service.execute(c.CloseSession(first), by=CHAIR)

    second = sitting(service, ids)
    back = act(service, second, procedure.Move("", "take-from-table", ids[4], applies_to=main))
    question = back[0].data["question"]
    act(service, second, procedure.Second(question, ids[0]))
    act(service, second, procedure.StateQuestion(question))
    decide(service, second, question, 3, 2)
    sitting_state = service.state.sessions[second].procedure
    assert sitting_state.question(main).status == "pending" and sitting_state.stack == (main,)


def test_a_question_is_referred_only_to_a_body_that_exists(service: Smolny) -> None:
    import pytest

    from smolny.domain.errors import NotFound

    ids = council(service)
    first = sitting(service, ids)
    main = moved_and_stated(service, first, ids)
    with pytest.raises(NotFound):
        act(service, first, procedure.Move("", "commit", ids[2], committee="nowhere"))
    question = moved_and_stated(service, first, ids, "commit", committee="housing")
    decide(service, first, question, 4, 1)
    assert service.state.sessions[first].procedure.question(main).status == "referred"
    assert service.state.sessions[first].procedure.question(main).committee == "housing"


def test_a_carried_question_comes_back_once_and_never_after_it_is_decided(service: Smolny) -> None:
    ids = council(service)
    first = sitting(service, ids)
    main = moved_and_stated(service, first, ids)
    question = moved_and_stated(service, first, ids, "postpone-definitely", until="later")
    decide(service, first, question, 4, 1)
    service.execute(c.CloseSession(first), by=CHAIR)
    # untouched at the second sitting: carried once into the third, not twice
    second = sitting(service, ids)
    service.execute(c.CloseSession(second), by=CHAIR)
    third = sitting(service, ids)
    carried = [q.id for q in service.state.sessions[third].procedure.questions]
    assert carried == [main] and service.state.sessions[third].motions.count(main) == 1
    # decided at the third: the fourth does not see it again
    act(service, third, procedure.TakeUpQuestion(main))
    decide(service, third, main, 3, 1)
    service.execute(c.CloseSession(third), by=CHAIR)
    fourth = sitting(service, ids)
    assert service.state.sessions[fourth].procedure.questions == ()
    assert service.state.motions[main].session == third
