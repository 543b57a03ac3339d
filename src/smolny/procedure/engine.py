"""The procedure engine: given a session's state and an attempted act, the events it causes.

`attempt(rulebook, state, act)` either accepts the act, returning its events and the state
they lead to, or refuses it with the rule that forbids it and a sentence a chair can read
out. It never changes `state`, reads no clock and invents no ids. `events.apply` is the
only way a state changes: `apply_all(state, accepted.events) == accepted.state`.

Each act has its handler, by family: `motions` (moving, seconding, stating, withdrawing,
the chair's rulings; `precedence` decides whether a motion is in order), `results`
(putting the question, the result, cancelling a vote; `effects` what an adopted motion
does), `floor` (the speakers' list), `presence` and `agenda`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

import smolny.procedure.acts as a
from smolny.procedure.agenda import (
    adopt_agenda,
    change_agenda,
    resume,
    take_up_item,
    take_up_question,
)
from smolny.procedure.floor import (
    close_list,
    recognise,
    reopen_list,
    reply,
    request_floor,
    withdraw_floor_request,
    yield_floor,
)
from smolny.procedure.motions import (
    chair_ruling,
    move,
    second,
    set_aside,
    state_question,
    withdraw,
)
from smolny.procedure.presence import change_presence, register
from smolny.procedure.proceedings import (
    declare_adjourned,
    hear_guest,
    interject,
    read_report,
    take_chair,
)
from smolny.procedure.quorum import quorum_status
from smolny.procedure.results import cancel_vote, declare_result, put_question, record_result
from smolny.procedure.rulebook import Rulebook
from smolny.procedure.session import Accepted, NotInOrder, Outcome, Refused, Session
from smolny.procedure.state import AgendaItem, Delegate, Question, State


def initial_state(
    rulebook: Rulebook,
    members: int,
    delegates: Iterable[Delegate] = (),
    agenda: Iterable[AgendaItem] = (),
    carried: Iterable[Question] = (),
) -> State:
    """The state of a session about to begin, under `rulebook`.

    `members` is the size of the body (the basis of a quorum of members); `delegates` the
    registered delegates with their presence and faction; `agenda` the adopted agenda;
    `carried` questions postponed or referred to this session from an earlier one.
    """
    people = tuple(delegates)
    state = State(
        members=members,
        delegates=people,
        agenda=tuple(agenda),
        questions=tuple(carried),
    )
    return replace(state, quorate=quorum_status(rulebook, state).quorate)


def attempt(rulebook: Rulebook, state: State, act: a.Act) -> Outcome:
    """Accept `act` with the events it causes, or refuse it with the rule and the reason."""
    handler = _HANDLERS.get(type(act))
    if handler is None:
        raise TypeError(f"not an act: {act!r}")
    session = Session(rulebook, state)
    try:
        session.check_time(getattr(act, "at", None))
        handler(session, act)
    except NotInOrder as refusal:
        return Refused(refusal.rule, refusal.reason)
    return Accepted(tuple(session.events), session.state)


_HANDLERS: Mapping[type, Callable[[Session, Any], None]] = {
    a.Move: move,
    a.Second: second,
    a.StateQuestion: state_question,
    a.Withdraw: withdraw,
    a.ChairRuling: chair_ruling,
    a.RequestFloor: request_floor,
    a.WithdrawFloorRequest: withdraw_floor_request,
    a.Recognise: recognise,
    a.Reply: reply,
    a.Yield: yield_floor,
    a.CloseList: close_list,
    a.ReopenList: reopen_list,
    a.PutQuestion: put_question,
    a.RecordResult: record_result,
    a.CancelVote: cancel_vote,
    a.ChangePresence: change_presence,
    a.Register: register,
    a.ChangeAgenda: change_agenda,
    a.AdoptAgenda: adopt_agenda,
    a.TakeUpItem: take_up_item,
    a.TakeUpQuestion: take_up_question,
    a.Resume: resume,
    a.HearGuest: hear_guest,
    a.Interject: interject,
    a.TakeChair: take_chair,
    a.ReadReport: read_report,
    a.DeclareResult: declare_result,
    a.SetAside: set_aside,
    a.DeclareAdjourned: declare_adjourned,
}
