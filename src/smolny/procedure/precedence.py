"""Whether a motion may be moved now: what it applies to, whether it takes precedence over
the pending question, and the conditions particular motions set.

Each check raises `NotInOrder` naming its rule; `motions.move` runs them in this order:
`target`, `check_precedence`, `check_conditions`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import smolny.procedure.acts as a
import smolny.procedure.state as st
from smolny.procedure.rulebook import MotionRule, Rulebook
from smolny.procedure.session import NotInOrder, Session, applies, called
from smolny.procedure.state import Question
from smolny.procedure.text import PlaceError, resolve

# What the motion applies to

# The statuses a question not now pending must have, for each `target` that names one,
# and how a chair says it.
_SETTLED: Mapping[str, tuple[tuple[str, ...], str]] = {
    "tabled": ((st.TABLED,), "on the table"),
    "decided": ((st.ADOPTED, st.REJECTED), "decided"),
    "adopted": ((st.ADOPTED,), "adopted"),
}


def target(session: Session, rule: MotionRule, act: a.Move) -> str | None:
    """The id of what the motion applies to, checked against the rulebook's `target`."""
    kind = rule.target
    if kind == "none":
        if act.applies_to is not None and rule.motion_class != "incidental":
            raise NotInOrder("applies-to", f"{rule.name} does not apply to another question")
        return act.applies_to
    if kind == "ruling":
        return _ruling_target(session, rule, act)
    if kind == "voting":
        top = session.state.top()
        if top is None or top.status != st.VOTING:
            raise NotInOrder("applies-to", f"{rule.name} is not in order: no question is being put")
        return top.id
    if kind == "pending":
        return _pending_target(session, rule, act)
    return _settled_target(session, rule, act)  # tabled, decided, adopted


def _ruling_target(session: Session, rule: MotionRule, act: a.Move) -> str:
    """The chair's ruling an appeal applies to: the latest, still standing."""
    state = session.state
    ruling_id = act.applies_to or (state.rulings[-1].id if state.rulings else None)
    ruling = state.ruling(ruling_id) if ruling_id else None
    if ruling is None:
        raise NotInOrder("applies-to", f"{rule.name} is not in order: the chair has made no ruling")
    if ruling.status != "standing" or ruling is not state.rulings[-1]:
        raise NotInOrder(
            "applies-to",
            f"{rule.name} is not in order: an appeal must be made at the time of the ruling",
        )
    return ruling.id


def _pending_target(session: Session, rule: MotionRule, act: a.Move) -> str:
    """The pending question the motion applies to: the one named, else the nearest on the
    stack it may apply to."""
    state = session.state
    name = rule.name
    target_id = act.applies_to
    if target_id is None:
        for question_id in reversed(state.stack):
            candidate = session.question(question_id)
            if applies(rule, candidate):
                target_id = question_id
                break
    if target_id is None or target_id not in state.stack:
        raise NotInOrder(
            "applies-to", f"{name} is not in order: there is no pending question it applies to"
        )
    question = session.question(target_id)
    if not applies(rule, question):
        raise NotInOrder("applies-to", f"{name} does not apply to {called(session.rule(question))}")
    if question.status == st.MOVED and rule.effect != "withdraw":
        raise NotInOrder(
            "not-stated",
            f"{name} is not in order: {called(session.rule(question))} has not been stated",
        )
    return target_id


def _settled_target(session: Session, rule: MotionRule, act: a.Move) -> str:
    """The question not now pending that the motion brings back or undoes."""
    wanted, words = _SETTLED[rule.target]
    target_id = act.applies_to
    if target_id is None:
        raise NotInOrder("applies-to", f"{rule.name}: say which question it applies to")
    question = session.question(target_id)
    if question.status not in wanted or not applies(rule, question):
        raise NotInOrder(
            "applies-to", f"{rule.name} is not in order: question {target_id!r} is not {words}"
        )
    return target_id


# Precedence


def _top_rank(rulebook: Rulebook, question: Question) -> int | None:
    rule = rulebook.motion(question.motion)
    return None if rule is None else rule.rank


def check_precedence(session: Session, rule: MotionRule, target_id: str | None) -> None:
    """Refuse a motion that does not take precedence over the immediately pending question."""
    top = session.state.top()
    if rule.motion_class == "incidental" or top is None:
        return
    pending = called(session.rule(top))
    if rule.motion_class in ("main", "bring-back"):
        raise NotInOrder("precedence", f"{rule.name} is not in order: {pending} is pending")
    top_rank = _top_rank(session.rulebook, top)
    if target_id == top.id and applies(rule, top):
        return  # a motion adapted to the pending one applies to it whatever the ranks
    if top_rank is None or rule.rank is None or rule.rank <= top_rank:
        raise NotInOrder("precedence", f"{rule.name} is not in order: {pending} is pending")


# The conditions particular motions set, by the effect their rulebook entry names. Each
# takes the session, the motion's rule, the act and the question it applies to (if any).

Condition = Callable[[Session, MotionRule, a.Move, Question | None], None]

# Motions out of order once debate on the question they apply to is closed.
_NEED_OPEN_DEBATE = frozenset(
    {
        "amend",
        "commit",
        "postpone-definitely",
        "postpone-indefinitely",
        "limit-debate",
        "previous-question",
    }
)


def _amendment_depth(session: Session, question: Question) -> int:
    depth = 0
    current: Question | None = question
    while current is not None and session.rulebook.motion(current.motion) is not None:
        if session.rule(current).effect != "amend":
            break
        depth += 1
        current = session.state.question(current.applies_to) if current.applies_to else None
    return depth


def _amendment(session: Session, rule: MotionRule, act: a.Move, target: Question | None) -> None:
    if target is None:
        return
    name = rule.name
    target_rule = session.rule(target)
    if not target_rule.amendable:
        raise NotInOrder("not-amendable", f"{target_rule.name} is not amendable")
    depth = _amendment_depth(session, target) + 1
    if depth > session.rulebook.amendment_depth:
        raise NotInOrder(
            "amendment-depth",
            f"{name} is not in order: amendments may go only "
            f"{session.rulebook.amendment_depth} deep",
        )
    if act.change is not None:
        try:
            resolve(target.amended_text, act.change)
        except PlaceError as refused:
            raise NotInOrder(refused.rule, f"{name}: {refused.message}") from None
        return
    if act.strike and act.strike not in target.amended_text:
        raise NotInOrder("amendment-text", f"{name}: the words {act.strike!r} are not in the text")
    if not act.strike and not act.text:
        raise NotInOrder("amendment-text", f"{name}: say what words to strike or insert")


def _needs_time(session: Session, rule: MotionRule, act: a.Move, target: Question | None) -> None:
    if not act.until:
        raise NotInOrder("missing", f"{rule.name}: say to when")


def _needs_committee(
    session: Session, rule: MotionRule, act: a.Move, target: Question | None
) -> None:
    if not act.committee:
        raise NotInOrder("missing", f"{rule.name}: say to which committee")


def _needs_limit(session: Session, rule: MotionRule, act: a.Move, target: Question | None) -> None:
    if act.speech_seconds is None and act.speeches_per_member is None:
        raise NotInOrder("missing", f"{rule.name}: say how long or how many speeches")


def _division(session: Session, rule: MotionRule, act: a.Move, target: Question | None) -> None:
    if len(act.parts) < 2:
        raise NotInOrder("missing", f"{rule.name}: give at least two parts")
    if target is not None and session.state.stack[-1] != target.id:
        raise NotInOrder(
            "precedence", f"{rule.name} is not in order: other motions adhere to the question"
        )


def _by_mover(session: Session, rule: MotionRule, act: a.Move, target: Question | None) -> None:
    if target is not None and act.mover != target.mover:
        raise NotInOrder("not-mover", f"{rule.name}: only its mover may ask")


def _before_debate(
    session: Session, rule: MotionRule, act: a.Move, target: Question | None
) -> None:
    if target is not None and (session.state.stack[-1] != target.id or target.speakers):
        raise NotInOrder(
            "objection-late",
            f"{rule.name} is not in order: debate on the question has begun",
        )


def _reconsiderable(
    session: Session, rule: MotionRule, act: a.Move, target: Question | None
) -> None:
    if target is None:
        return
    if not session.rule(target).reconsiderable:
        raise NotInOrder(
            "not-reconsiderable",
            f"{rule.name} is not in order: the vote on {called(session.rule(target))} "
            "cannot be reconsidered",
        )
    if target.applies_to is not None:
        raise NotInOrder(
            "reconsider-adhering",
            f"{rule.name}: only a question that applied to no other may be reconsidered here",
        )


def _orders_due(session: Session, rule: MotionRule, act: a.Move, target: Question | None) -> None:
    if not any(item.order_of_the_day and item.status == "waiting" for item in session.state.agenda):
        raise NotInOrder("no-orders", f"{rule.name} is not in order: no order of the day is due")


def _tabled_whole(session: Session, rule: MotionRule, act: a.Move, target: Question | None) -> None:
    if target is not None and any(session.state.question(i) is None for i in target.adhering):
        raise NotInOrder("applies-to", f"{rule.name}: the tabled question is incomplete")


# What the motion must say (its words, the time, the committee, the limits), checked first.
_TERMS: Mapping[str, Condition] = {
    "amend": _amendment,
    "postpone-definitely": _needs_time,
    "fix-time-to-adjourn": _needs_time,
    "commit": _needs_committee,
    "limit-debate": _needs_limit,
}

# Whether the moment allows it, checked once its terms are in order.
_OCCASIONS: Mapping[str, Condition] = {
    "division-of-question": _division,
    "withdraw": _by_mover,
    "objection-to-consideration": _before_debate,
    "reconsider": _reconsiderable,
    "orders-of-the-day": _orders_due,
    "take-from-table": _tabled_whole,
}


def check_conditions(
    session: Session, rule: MotionRule, act: a.Move, target_id: str | None
) -> None:
    """The conditions particular motions set, beyond rank and target, in this order: debate
    still open where the motion needs it; its terms; any limit it sets at least 1; the
    occasion."""
    target = session.state.question(target_id) if target_id else None
    if target is not None and target.debate_closed and rule.effect in _NEED_OPEN_DEBATE:
        raise NotInOrder(
            "debate-closed",
            f"{rule.name} is not in order: debate on {called(session.rule(target))} is closed",
        )
    terms = _TERMS.get(rule.effect)
    if terms is not None:
        terms(session, rule, act, target)
    for value in (act.speech_seconds, act.speeches_per_member):
        if value is not None and value < 1:
            raise NotInOrder("missing", f"{rule.name}: a limit must be at least 1")
    occasion = _OCCASIONS.get(rule.effect)
    if occasion is not None:
        occasion(session, rule, act, target)
