"""What an adopted motion does, by the effect its rulebook entry names.

`apply_effect` looks the effect up in two tables: effects on the question the motion
applies to (none without one), and effects on the session itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from smolny.procedure.session import Session, adhering_from
from smolny.procedure.state import Question, Time
from smolny.procedure.text import STRIKE, apply
from smolny.record import kinds as k

# (session, the adopted motion, the question it applies to, the time)
OnQuestion = Callable[[Session, Question, Question, Time | None], None]
# (session, the adopted motion, the time)
OnSession = Callable[[Session, Question, Time | None], None]


def apply_effect(session: Session, effect: str, question: Question, at: Time | None) -> None:
    """Emit what the adopted `question` does under its rulebook `effect`."""
    on_question = _ON_QUESTION.get(effect)
    if on_question is not None:
        target = session.state.question(question.applies_to) if question.applies_to else None
        if target is not None:
            on_question(session, question, target, at)
        return
    on_session = _ON_SESSION.get(effect)
    if on_session is not None:
        on_session(session, question, at)


# Effects on the question the motion applies to


def _amended(text: str, strike: str | None, insert: str) -> str:
    """`text` with the first `strike` replaced by `insert`; without `strike`, `insert` added."""
    if not strike:
        return f"{text} {insert}".strip() if text else insert
    return text.replace(strike, insert, 1)


def _amend(session: Session, question: Question, target: Question, at: Time | None) -> None:
    if question.change is not None:
        # the words it inserts as they stand now (a secondary amendment may have changed them)
        inserted = "" if question.change.operation == STRIKE else question.amended_text
        text = apply(target.amended_text, replace(question.change, inserted=inserted))
    else:
        text = _amended(target.amended_text, question.strike, question.amended_text)
    session.emit(k.TEXT_AMENDED, question=target.id, amendment=question.id, text=text)


def _table(session: Session, question: Question, target: Question, at: Time | None) -> None:
    session.emit(k.MOTION_TABLED, questions=list(adhering_from(session, target.id)), at=at)


def _take_from_table(
    session: Session, question: Question, target: Question, at: Time | None
) -> None:
    session.emit(k.MOTION_TAKEN_FROM_TABLE, questions=[target.id, *target.adhering], at=at)


def _close_debate(session: Session, question: Question, target: Question, at: Time | None) -> None:
    session.emit(k.DEBATE_CLOSED, questions=list(adhering_from(session, target.id)), at=at)


def _limit_debate(session: Session, question: Question, target: Question, at: Time | None) -> None:
    session.emit(
        k.DEBATE_LIMITED,
        questions=list(adhering_from(session, target.id)),
        speech_seconds=question.speech_seconds,
        speeches_per_member=question.speeches_per_member,
        at=at,
    )


def _postpone(session: Session, question: Question, target: Question, at: Time | None) -> None:
    session.emit(
        k.MOTION_POSTPONED,
        questions=list(adhering_from(session, target.id)),
        until=question.until,
        at=at,
    )


def _refer(session: Session, question: Question, target: Question, at: Time | None) -> None:
    session.emit(
        k.MOTION_REFERRED,
        questions=list(adhering_from(session, target.id)),
        committee=question.committee,
        at=at,
    )


def _postpone_indefinitely(
    session: Session, question: Question, target: Question, at: Time | None
) -> None:
    session.emit(
        k.MOTION_POSTPONED_INDEFINITELY,
        questions=list(adhering_from(session, target.id)),
        at=at,
    )


def _withdraw(session: Session, question: Question, target: Question, at: Time | None) -> None:
    session.emit(
        k.MOTION_WITHDRAWN, questions=list(adhering_from(session, target.id)), by=None, at=at
    )


def _reconsider(session: Session, question: Question, target: Question, at: Time | None) -> None:
    session.emit(k.MOTION_RECONSIDERED, question=target.id, at=at)


def _rescind(session: Session, question: Question, target: Question, at: Time | None) -> None:
    session.emit(k.MOTION_RESCINDED, question=target.id, at=at)


def _not_considered(
    session: Session, question: Question, target: Question, at: Time | None
) -> None:
    session.emit(k.MOTION_NOT_CONSIDERED, question=target.id, at=at)


def _divide(session: Session, question: Question, target: Question, at: Time | None) -> None:
    session.emit(
        k.QUESTION_DIVIDED,
        question=target.id,
        parts=[f"{target.id}.{i + 1}" for i in range(len(question.parts))],
        texts=list(question.parts),
        at=at,
    )


_ON_QUESTION: Mapping[str, OnQuestion] = {
    "amend": _amend,
    "lay-on-the-table": _table,
    "take-from-table": _take_from_table,
    "previous-question": _close_debate,
    "limit-debate": _limit_debate,
    "postpone-definitely": _postpone,
    "commit": _refer,
    "postpone-indefinitely": _postpone_indefinitely,
    "withdraw": _withdraw,
    "reconsider": _reconsider,
    "rescind": _rescind,
    "objection-to-consideration": _not_considered,
    "division-of-question": _divide,
}


# Effects on the session (an appeal's on the chair's ruling it applies to)


def _reverse_ruling(session: Session, question: Question, at: Time | None) -> None:
    if question.applies_to is not None:
        session.emit(k.RULING_REVERSED, ruling=question.applies_to, at=at)


def _suspend_rules(session: Session, question: Question, at: Time | None) -> None:
    session.emit(k.RULES_SUSPENDED, question=question.id, purpose=question.text, at=at)


def _fix_time_to_adjourn(session: Session, question: Question, at: Time | None) -> None:
    session.emit(k.ADJOURNMENT_FIXED, to=question.until or question.amended_text, at=at)


def _recess(session: Session, question: Question, at: Time | None) -> None:
    session.emit(k.SESSION_RECESSED, until=question.until, at=at)


def _adjourn(session: Session, question: Question, at: Time | None) -> None:
    # the questions still pending are left with no vote taken
    session.emit(
        k.SESSION_ADJOURNED,
        no_vote_taken=list(session.state.stack),
        to=session.state.adjourn_to,
        at=at,
        **session.presence_data(),
    )


_ON_SESSION: Mapping[str, OnSession] = {
    "appeal": _reverse_ruling,
    "suspend-rules": _suspend_rules,
    "fix-time-to-adjourn": _fix_time_to_adjourn,
    "recess": _recess,
    "adjourn": _adjourn,
}
