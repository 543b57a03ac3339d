"""Putting the question, recording the result of the vote, and cancelling a vote.

A result is decided by `counting.thresholds` on the figures the act gives; in a joint
session each body's figures are checked against the whole and, when the rules count by
body, each body decides on its own votes.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import smolny.procedure.acts as a
import smolny.procedure.state as st
from smolny.counting.thresholds import Decision, Tally, ThresholdError, Unit, decide
from smolny.procedure.effects import apply_effect
from smolny.procedure.events import JSONValue
from smolny.procedure.quorum import BodyQuorum, present_count
from smolny.procedure.rulebook import MotionRule
from smolny.procedure.session import NotInOrder, Session, threshold_for
from smolny.procedure.state import Question
from smolny.record import kinds as k

Votes = tuple[int | Fraction, int | Fraction, int | Fraction]  # yes, no, abstain


def put_question(session: Session, act: a.PutQuestion) -> None:
    """The chair puts the immediately pending question to the vote, debate being over."""
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    state = session.state
    # A question already put, or already off the stack, is refused as such (not as one
    # "not stated" or "not pending": the chair must hear what really stands in the way).
    if question.status == st.VOTING:
        raise NotInOrder("already-put", f"{rule.name} has been put to the vote already")
    if question.status not in st.ON_STACK:
        raise NotInOrder(
            "already-decided",
            f"{rule.name} cannot be put: it is {question.status.replace('-', ' ')} already",
        )
    if state.top() != question:
        raise NotInOrder(
            "precedence", f"{rule.name} cannot be put: it is not the immediately pending question"
        )
    if question.status != st.PENDING:
        raise NotInOrder("not-pending", f"{rule.name} cannot be put: it has not been stated")
    if not rule.decided_by_vote:
        raise NotInOrder(
            "chair-decides", f"{rule.name} is not put to a vote: the chair rules on it"
        )
    if state.floor is not None:
        raise NotInOrder(
            "floor", f"The question cannot be put: {state.floor.delegate} has the floor"
        )
    waiting = [s for s in state.speakers if s.question == question.id]
    if rule.debatable and not question.debate_closed and waiting:
        raise NotInOrder(
            "debate-not-finished",
            f"The question cannot be put: {len(waiting)} more wish to speak "
            "and debate has not been closed",
        )
    session.check_quorum("Putting the question", rule)
    threshold = session.rulebook.threshold(threshold_for(session.rulebook, question))
    session.emit(
        k.QUESTION_PUT,
        question=question.id,
        motion=question.motion,
        text=question.amended_text,
        threshold=threshold.key,
        needs=threshold.describe(),
        also_carried_by=list(rule.also_carried_by),
        carried_by=rule.carried_by,
        at=act.at,
        **session.presence_data(),
    )


def cancel_vote(session: Session, act: a.CancelVote) -> None:
    """A vote under way is cancelled, with its reason; the question is before the body again."""
    question = session.question(act.question)
    rule = session.rule(question)
    if question.status != st.VOTING:
        raise NotInOrder("not-voting", f"{rule.name} is not being voted on")
    if not act.reason.strip():
        raise NotInOrder("reason-required", "A vote is cancelled only with the reason recorded")
    session.emit(k.VOTE_CANCELLED, question=question.id, reason=act.reason, at=act.at)


# Recording the result


def record_result(session: Session, act: a.RecordResult) -> None:
    """The result of the vote on the question being put: adopted or rejected, with the
    figures and the threshold that decided it; an adopted motion then takes effect."""
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    _check_voting(session, act, question, rule)
    joint = _joint_counts(session, act)
    presence = _presence(session, act, rule, joint)
    if act.unit not in ("heads", "weight"):
        raise NotInOrder("tally", f"The result cannot be recorded: unknown unit {act.unit!r}")
    unit = Unit.HEADS if act.unit == "heads" else Unit.WEIGHT
    votes = (_count(act.yes, "yes"), _count(act.no, "no"), _count(act.abstain, "abstain"))
    present = present_count(session.state) if act.present is None else act.present
    _check_heads(votes, unit, present)
    members = act.members or session.state.members
    keys = (threshold_for(session.rulebook, question), *rule.also_carried_by)
    decision = _decision(session, rule, keys, votes, unit, present, members, act.casting_vote)
    adopted, explanation = decision.adopted, decision.explain()
    counted: dict[str, JSONValue] = {}
    if joint is not None:
        counted, adopted, explanation = _count_by_body(session, act, rule, question, joint)
        if session.rulebook.joint.voting != "by-body":
            adopted, explanation = decision.adopted, decision.explain()
    yes, no, abstain = votes
    session.emit(
        k.MOTION_ADOPTED if adopted else k.MOTION_REJECTED,
        question=question.id,
        motion=question.motion,
        text=question.amended_text,
        threshold=decision.threshold.key,
        yes=_json_number(yes),
        no=_json_number(no),
        abstain=_json_number(abstain),
        unit=act.unit,
        base=_json_number(decision.base),
        required=_json_number(decision.required),
        tie=decision.tie,
        strict=decision.strict,
        casting_vote=act.casting_vote if decision.tie else None,
        carried_by=rule.carried_by,
        method=act.method,
        explanation=explanation,
        members=members,
        at=act.at,
        **presence,
        **counted,
    )
    if adopted:
        apply_effect(session, rule.effect, question, act.at)
    elif rule.effect == "appeal" and question.applies_to is not None:
        session.emit(k.RULING_SUSTAINED, ruling=question.applies_to, at=act.at)
    session.end_interruption(question)


# A decision declared by the chair, with no count

DECLARED_METHODS = ("voice", "show-of-hands", "rising", "acclamation")


def declare_result(session: Session, act: a.DeclareResult) -> None:
    """The chair declares the question being voted on adopted or rejected, the hall's
    voice, hands or rising not counted: no figures are recorded, the method is; an adopted
    motion then takes effect as a counted one does."""
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if act.method not in DECLARED_METHODS:
        raise NotInOrder(
            "method",
            f"A result is declared without a count by {', '.join(DECLARED_METHODS)}, "
            f"not {act.method!r}",
        )
    _check_voting(session, act, question, rule)
    if question.counted:
        raise NotInOrder(
            "division", "A division was demanded: the vote must be counted, not declared"
        )
    session.check_quorum("Declaring the result", rule)
    words = {"words": act.words} if act.words else {}
    session.emit(
        k.MOTION_DECLARED,
        question=question.id,
        motion=question.motion,
        text=question.amended_text,
        adopted=act.adopted,
        method=act.method,
        threshold=threshold_for(session.rulebook, question),
        carried_by=rule.carried_by,
        members=session.state.members,
        **words,
        at=act.at,
        **session.presence_data(),
    )
    if act.adopted:
        apply_effect(session, rule.effect, question, act.at)
    elif rule.effect == "appeal" and question.applies_to is not None:
        session.emit(k.RULING_SUSTAINED, ruling=question.applies_to, at=act.at)
    session.end_interruption(question)


def _check_voting(
    session: Session,
    act: a.RecordResult | a.DeclareResult,
    question: Question,
    rule: MotionRule,
) -> None:
    """The question is the one being put, and a demanded division is counted."""
    if question.status != st.VOTING or session.state.top() != question:
        raise NotInOrder("not-voting", f"{rule.name} has not been put to the vote")
    if question.counted and act.method == "voice":
        raise NotInOrder(
            "division", "A division was demanded: the vote must be counted, not taken by voice"
        )


def _presence(
    session: Session,
    act: a.RecordResult,
    rule: MotionRule,
    joint: Mapping[str, a.BodyResult] | None,
) -> dict[str, JSONValue]:
    """The presence behind the result, as the record shows it, checked against the quorum:
    now, or (a ballot's result) as the act gives it when the poll opened."""
    if act.present is None:
        session.check_quorum("Recording the result", rule)
        return session.presence_data()
    needed = act.quorum if act.quorum is not None else session.quorum().quorum
    presence: dict[str, JSONValue] = {
        "present_count": act.present,
        "quorum": needed,
        "quorate": act.present >= needed,
    }
    short = act.present < needed
    if joint is not None and any(b.present is not None for b in joint.values()):
        # a joint ballot: each body's presence when the poll opened, against its quorum
        figures = _opening_quorums(session, joint)
        presence["bodies"] = [dict(f.record()) for f in figures]
        if session.rulebook.joint.quorum == "each-body":
            short = not all(f.quorate for f in figures)
            presence["quorate"] = not short
    if not rule.without_quorum and short:
        raise NotInOrder(
            "quorum",
            f"Recording the result is not in order: there was no quorum when the poll "
            f"opened ({act.present} present, {needed} needed)",
        )
    return presence


def _count(value: int | str, name: str) -> int | Fraction:
    """A figure of the act: an integer, or a fraction written "p/q" (a weighted vote)."""
    if isinstance(value, bool):
        raise NotInOrder("tally", f"The result cannot be recorded: {name} is not a number")
    if isinstance(value, int):
        return value
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise NotInOrder(
            "tally", f"The result cannot be recorded: {name} is not a number"
        ) from None


def _json_number(value: int | Fraction) -> JSONValue:
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else value.numerator
    return value


def _check_heads(votes: Votes, unit: Unit, present: int, body: str | None = None) -> None:
    """By heads, no more votes than delegates present (of `body`, in a joint session)."""
    total = sum(votes)
    if unit is not Unit.HEADS or total <= present:
        return
    whose = "" if body is None else f" of {body}"
    of_it = "" if body is None else " of its delegates"
    raise NotInOrder(
        "tally",
        f"The result cannot be recorded: {total} votes{whose} but only {present}{of_it} present",
    )


def _decision(
    session: Session,
    rule: MotionRule,
    keys: tuple[str, ...],
    votes: Votes,
    unit: Unit,
    present: int,
    members: int | None,
    casting_vote: bool | None,
) -> Decision:
    """The decision on `votes` (yes, no, abstain) by the first of the thresholds `keys` they
    meet, else by the first; `present` and `members` count only by heads."""
    yes, no, abstain = votes
    if rule.carried_by == "no":
        yes, no = no, yes  # the motion carries when the noes reach the threshold
    try:
        tally = Tally(
            yes,
            no,
            abstain,
            unit=unit,
            present=present if unit is Unit.HEADS else None,
            members=members if unit is Unit.HEADS else None,
        )
        decisions = [decide(session.rulebook.threshold(key), tally, casting_vote) for key in keys]
    except ThresholdError as exc:
        raise NotInOrder("tally", f"The result cannot be recorded: {exc}") from None
    return next((d for d in decisions if d.adopted), decisions[0])


# A joint session's result, body by body


def _joint_counts(session: Session, act: a.RecordResult) -> Mapping[str, a.BodyResult] | None:
    """Each body's count in a joint session, checked; None when there is none to record."""
    bodies = [b.slug for b in session.state.bodies]
    if act.by_body is None:
        if bodies and session.rulebook.joint.voting == "by-body":
            raise NotInOrder(
                "by-body",
                "The result cannot be recorded: the rules count the votes of a joint session "
                f"by body; give the count of each of {', '.join(bodies)}",
            )
        return None
    if not bodies:
        raise NotInOrder("not-joint", "The result cannot be recorded by body: one body sits here")
    if sorted(act.by_body) != sorted(bodies):
        raise NotInOrder(
            "by-body",
            "The result cannot be recorded: give the count of each body sitting, "
            f"{', '.join(bodies)}, and of no other",
        )
    for answer in ("yes", "no", "abstain"):
        total = sum(
            (_count(getattr(r, answer), f"{body}'s {answer}") for body, r in act.by_body.items()),
            start=Fraction(0),
        )
        if total != _count(getattr(act, answer), answer):
            raise NotInOrder(
                "tally",
                f"The result cannot be recorded: the bodies' {answer} votes add up to {total}, "
                f"not {getattr(act, answer)}",
            )
    return act.by_body


def _opening_quorums(session: Session, joint: Mapping[str, a.BodyResult]) -> tuple[BodyQuorum, ...]:
    """Each body's presence and quorum when the poll opened, as the act gives them (else now)."""
    now = {b.body: b for b in session.quorum().bodies}
    figures = []
    for slug, result in joint.items():
        current = now[slug]
        present = result.present if result.present is not None else current.present
        needed = result.quorum if result.quorum is not None else current.quorum
        members = result.members if result.members is not None else current.members
        figures.append(BodyQuorum(slug, members, present, needed, present >= needed))
    return tuple(figures)


def _count_by_body(
    session: Session,
    act: a.RecordResult,
    rule: MotionRule,
    question: Question,
    joint: Mapping[str, a.BodyResult],
) -> tuple[dict[str, JSONValue], bool, str]:
    """Each body's decision on its own votes: the record's `by_body`, whether every body
    adopted, and the explanation of the whole."""
    unit = Unit.HEADS if act.unit == "heads" else Unit.WEIGHT
    now = {b.body: b for b in session.quorum().bodies}
    keys = (threshold_for(session.rulebook, question), *rule.also_carried_by)
    records: list[JSONValue] = []
    words = []
    every = True
    for slug in [b.slug for b in session.state.bodies]:
        result = joint[slug]
        votes = (
            _count(result.yes, "yes"),
            _count(result.no, "no"),
            _count(result.abstain, "abstain"),
        )
        present = result.present if result.present is not None else now[slug].present
        members = result.members if result.members is not None else now[slug].members
        _check_heads(votes, unit, present, slug)
        decision = _decision(session, rule, keys, votes, unit, present, members, act.casting_vote)
        every = every and decision.adopted
        words.append(f"{slug}: {decision.explain()}")
        records.append(_body_record(slug, votes, decision, present, members))
    verdict = "adopted by every body" if every else "not adopted by every body"
    explanation = f"Counted by body ({'; '.join(words)}): {verdict}"
    return {"by_body": records, "counted": session.rulebook.joint.voting}, every, explanation


def _body_record(
    slug: str, votes: Votes, decision: Decision, present: int, members: int
) -> dict[str, JSONValue]:
    yes, no, abstain = votes
    return {
        "body": slug,
        "yes": _json_number(yes),
        "no": _json_number(no),
        "abstain": _json_number(abstain),
        "base": _json_number(decision.base),
        "required": _json_number(decision.required),
        "adopted": decision.adopted,
        "present_count": present,
        "members": members,
    }
