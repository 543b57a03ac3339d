"""The procedure engine: given a session's state and an attempted act, the events it causes.

`attempt(rulebook, state, act)` either accepts the act, returning its events and the state
they lead to, or refuses it with the rule that forbids it and a sentence a chair can read
out. It never changes `state`, reads no clock and invents no ids. `events.apply` is the
only way a state changes: `apply_all(state, accepted.events) == accepted.state`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from smolny.counting.thresholds import Decision, Tally, ThresholdError, Unit, decide
from smolny.procedure import acts as a
from smolny.procedure import state as st
from smolny.procedure.events import Event, JSONValue, apply
from smolny.procedure.quorum import BodyQuorum, joint_quorate, present_count
from smolny.procedure.rulebook import NONE_THRESHOLD, MotionRule, Rulebook
from smolny.procedure.speakers import (
    TimeFormatError,
    next_request,
    seconds,
    speaking_time,
    speech_limit,
)
from smolny.procedure.state import AgendaItem, Delegate, Question, State, Time


@dataclass(frozen=True)
class Accepted:
    """The act is in order: the events it causes, and the state after them."""

    events: tuple[Event, ...]
    state: State


@dataclass(frozen=True)
class Refused:
    """The act is out of order: the rule that forbids it, and why, in a chair's words."""

    rule: str
    reason: str


Outcome = Accepted | Refused


class _Refusal(Exception):
    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


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


@dataclass(frozen=True)
class QuorumStatus:
    """Presence against the quorum at one moment."""

    present: int
    quorum: int
    quorate: bool
    bodies: tuple[BodyQuorum, ...] = ()  # a joint session's bodies, each against its own

    def lacking(self) -> str:
        """Why there is no quorum, in a chair's words: the figures, and in a joint session
        the bodies without theirs."""
        short = [
            f"{b.body}: {b.present} present, {b.quorum} needed"
            for b in self.bodies
            if not b.quorate
        ]
        if short:
            return "; ".join(short)
        return f"{self.present} present, {self.quorum} needed"

    def record(self) -> dict[str, JSONValue]:
        """The presence behind a decision, as the record shows it."""
        data: dict[str, JSONValue] = {
            "present_count": self.present,
            "quorum": self.quorum,
            "quorate": self.quorate,
        }
        if self.bodies:
            data["bodies"] = [dict(b.record()) for b in self.bodies]
        return data


def quorum_status(rulebook: Rulebook, state: State) -> QuorumStatus:
    """How many are present, how many a quorum needs, and whether there is one (in a joint
    session, each body's too: see `quorum.joint_quorate`)."""
    needed, quorate, bodies = joint_quorate(rulebook.quorum, rulebook.joint, state)
    return QuorumStatus(present_count(state), needed, quorate, bodies)


def threshold_for(rulebook: Rulebook, question: Question) -> str:
    """The threshold key the vote on `question` needs ("none" if the chair decides it)."""
    rule = rulebook.motion(question.motion)
    if rule is None:
        return NONE_THRESHOLD
    if question.notice and rule.threshold_with_notice is not None:
        return rule.threshold_with_notice
    return rule.threshold


def attempt(rulebook: Rulebook, state: State, act: a.Act) -> Outcome:
    """Accept `act` with the events it causes, or refuse it with the rule and the reason."""
    handler = _DISPATCH.get(type(act))
    if handler is None:
        raise TypeError(f"not an act: {act!r}")
    session = _Session(rulebook, state)
    try:
        session.check_time(getattr(act, "at", None))
        handler(session, act)
    except _Refusal as refusal:
        return Refused(refusal.rule, refusal.reason)
    return Accepted(tuple(session.events), session.state)


class _Session:
    """An attempt in progress: the rulebook, the working state and the events so far."""

    def __init__(self, rulebook: Rulebook, state: State) -> None:
        self.rulebook = rulebook
        self.state = state
        self.events: list[Event] = []

    def emit(self, kind: str, /, **data: JSONValue) -> None:
        event = Event(kind, dict(data))
        self.state = apply(self.state, event)
        self.events.append(event)

    def rule(self, question: Question) -> MotionRule:
        rule = self.rulebook.motion(question.motion)
        if rule is None:
            raise _Refusal(
                "unknown-motion", f"{question.motion!r} is not a motion under these rules"
            )
        return rule

    def question(self, question_id: str) -> Question:
        question = self.state.question(question_id)
        if question is None:
            raise _Refusal("unknown-question", f"There is no question {question_id!r}")
        return question

    def check_time(self, at: object) -> None:
        if at is None:
            return
        try:
            seconds(at)  # type: ignore[arg-type]
        except TimeFormatError as exc:
            message = str(exc)
            raise _Refusal("time-format", message[0].upper() + message[1:]) from None

    def check_open(self) -> None:
        if self.state.status == "adjourned":
            raise _Refusal("adjourned", "Nothing is in order: the session has adjourned")
        if self.state.status == "recessed":
            raise _Refusal("recessed", "Nothing is in order: the session is in recess")

    def quorum(self) -> QuorumStatus:
        return quorum_status(self.rulebook, self.state)

    def check_quorum(self, what: str, rule: MotionRule | None = None) -> None:
        if rule is not None and rule.without_quorum:
            return
        status = self.quorum()
        if not status.quorate:
            raise _Refusal(
                "quorum",
                f"{what} is not in order: there is no quorum ({status.lacking()})",
            )

    def check_present(self, delegate_id: str, what: str) -> Delegate:
        delegate = self.state.delegate(delegate_id)
        if delegate is None:
            raise _Refusal("not-a-delegate", f"{what}: {delegate_id} is not a registered delegate")
        if not delegate.present:
            raise _Refusal("not-present", f"{what}: {delegate_id} is not present")
        return delegate

    def presence_data(self) -> dict[str, JSONValue]:
        return self.quorum().record()

    def end_interruption(self, question: Question) -> None:
        if question.interrupted_speaker and self.state.interrupted and self.state.floor is None:
            self.emit("floor.resumed", delegate=self.state.interrupted[-1].delegate)


def _called(rule: MotionRule) -> str:
    """How a chair names a pending motion: 'a motion to adjourn', 'a point of order'."""
    name = rule.name[0].lower() + rule.name[1:]
    nouns = {
        "main",
        "point",
        "request",
        "appeal",
        "objection",
        "division",
        "call",
        "question",
        "resolution",
        "closure",
        "amendment",
        "motion",
    }
    if rule.key == "previous-question":
        return "a motion for the previous question"
    first = name.split()[0]
    if first in nouns:
        article = "an" if name[0] in "aeiou" else "a"
        return f"{article} {name}"
    return f"a motion to {name}"


def _top_rank(rulebook: Rulebook, question: Question) -> int | None:
    rule = rulebook.motion(question.motion)
    return None if rule is None else rule.rank


def _amendment_depth(session: _Session, question: Question) -> int:
    depth = 0
    current: Question | None = question
    while current is not None and session.rulebook.motion(current.motion) is not None:
        if session.rule(current).effect != "amend":
            break
        depth += 1
        current = session.state.question(current.applies_to) if current.applies_to else None
    return depth


def _from(session: _Session, question_id: str) -> tuple[str, ...]:
    """The question and all pending questions above it on the stack (those adhering to it)."""
    stack = session.state.stack
    if question_id not in stack:
        return (question_id,)
    return stack[stack.index(question_id) :]


# Moving a motion


def _move(session: _Session, act: a.Move) -> None:
    state = session.state
    session.check_open()
    rule = session.rulebook.motion(act.motion)
    if rule is None:
        raise _Refusal("unknown-motion", f"{act.motion!r} is not a motion under these rules")
    name = rule.name
    if state.question(act.id) is not None or state.ruling(act.id) is not None:
        raise _Refusal("duplicate-id", f"{name}: the id {act.id!r} is already in use")
    session.check_present(act.mover, name)
    session.check_quorum(name, rule)
    top = state.top()
    if top is not None and top.status == st.VOTING and rule.target != "voting":
        raise _Refusal(
            "voting",
            f"{name} is not in order: the question on {_called(session.rule(top))} "
            "is being put to the vote",
        )
    if top is not None and top.status == st.MOVED and rule.motion_class != "incidental":
        raise _Refusal(
            "not-stated",
            f"{name} is not in order: {_called(session.rule(top))} is awaiting "
            + ("the chair's ruling" if not session.rule(top).decided_by_vote else "statement"),
        )
    floor = state.floor
    if floor is not None and floor.delegate != act.mover and not rule.interrupts:
        raise _Refusal("floor", f"{name} is not in order: {floor.delegate} has the floor")
    target_id = _target(session, rule, act)
    _precedence(session, rule, target_id)
    _motion_specific(session, rule, act, target_id)

    if rule.on_demand:
        _on_demand(session, rule, act, target_id)
        return
    interrupts = floor is not None and floor.delegate != act.mover
    if floor is not None and not interrupts:
        session.emit(
            "floor.yielded",
            delegate=floor.delegate,
            question=floor.question,
            reason="moved a motion",
            at=act.at,
        )
    if interrupts:
        assert floor is not None
        session.emit("floor.interrupted", delegate=floor.delegate, by=act.mover, at=act.at)
    session.emit(
        "motion.moved",
        question=act.id,
        motion=act.motion,
        text=act.text,
        mover=act.mover,
        applies_to=target_id,
        strike=act.strike,
        until=act.until,
        committee=act.committee,
        speech_seconds=act.speech_seconds,
        speeches_per_member=act.speeches_per_member,
        parts=list(act.parts),
        notice=act.notice,
        interrupts=interrupts,
        appeal=rule.target == "ruling",
        at=act.at,
    )


def _target(session: _Session, rule: MotionRule, act: a.Move) -> str | None:
    """The id of what the motion applies to, checked against the rulebook's `target`."""
    state = session.state
    name = rule.name
    kind = rule.target
    if kind == "none":
        if act.applies_to is not None and rule.motion_class != "incidental":
            raise _Refusal("applies-to", f"{name} does not apply to another question")
        return act.applies_to
    if kind == "ruling":
        ruling_id = act.applies_to or (state.rulings[-1].id if state.rulings else None)
        ruling = state.ruling(ruling_id) if ruling_id else None
        if ruling is None:
            raise _Refusal("applies-to", f"{name} is not in order: the chair has made no ruling")
        if ruling.status != "standing" or ruling is not state.rulings[-1]:
            raise _Refusal(
                "applies-to",
                f"{name} is not in order: an appeal must be made at the time of the ruling",
            )
        return ruling.id
    if kind == "voting":
        top = state.top()
        if top is None or top.status != st.VOTING:
            raise _Refusal("applies-to", f"{name} is not in order: no question is being put")
        return top.id
    if kind == "pending":
        target_id = act.applies_to
        if target_id is None:
            for question_id in reversed(state.stack):
                candidate = session.question(question_id)
                if _applies(rule, candidate):
                    target_id = question_id
                    break
        if target_id is None or target_id not in state.stack:
            raise _Refusal(
                "applies-to", f"{name} is not in order: there is no pending question it applies to"
            )
        target = session.question(target_id)
        if not _applies(rule, target):
            raise _Refusal(
                "applies-to", f"{name} does not apply to {_called(session.rule(target))}"
            )
        if target.status == st.MOVED and rule.effect != "withdraw":
            raise _Refusal(
                "not-stated",
                f"{name} is not in order: {_called(session.rule(target))} has not been stated",
            )
        return target_id
    # tabled, decided, adopted: a question not now pending
    wanted = {
        "tabled": (st.TABLED,),
        "decided": (st.ADOPTED, st.REJECTED),
        "adopted": (st.ADOPTED,),
    }[kind]
    target_id = act.applies_to
    if target_id is None:
        raise _Refusal("applies-to", f"{name}: say which question it applies to")
    target = session.question(target_id)
    if target.status not in wanted or not _applies(rule, target):
        words = {"tabled": "on the table", "decided": "decided", "adopted": "adopted"}[kind]
        raise _Refusal(
            "applies-to", f"{name} is not in order: question {target_id!r} is not {words}"
        )
    return target_id


def _applies(rule: MotionRule, question: Question) -> bool:
    return "*" in rule.applies_to or question.motion in rule.applies_to


def _precedence(session: _Session, rule: MotionRule, target_id: str | None) -> None:
    """Refuse a motion that does not take precedence over the immediately pending question."""
    top = session.state.top()
    if rule.motion_class == "incidental" or top is None:
        return
    called = _called(session.rule(top))
    if rule.motion_class in ("main", "bring-back"):
        raise _Refusal("precedence", f"{rule.name} is not in order: {called} is pending")
    top_rank = _top_rank(session.rulebook, top)
    if target_id == top.id and _applies(rule, top):
        return  # a motion adapted to the pending one applies to it whatever the ranks
    if top_rank is None or rule.rank is None or rule.rank <= top_rank:
        raise _Refusal("precedence", f"{rule.name} is not in order: {called} is pending")


def _motion_specific(
    session: _Session, rule: MotionRule, act: a.Move, target_id: str | None
) -> None:
    """The conditions particular motions set, beyond rank and target."""
    name = rule.name
    effect = rule.effect
    target = session.state.question(target_id) if target_id else None
    if (
        target is not None
        and target.debate_closed
        and effect
        in (
            "amend",
            "commit",
            "postpone-definitely",
            "postpone-indefinitely",
            "limit-debate",
            "previous-question",
        )
    ):
        raise _Refusal(
            "debate-closed",
            f"{name} is not in order: debate on {_called(session.rule(target))} is closed",
        )
    if effect == "amend" and target is not None:
        target_rule = session.rule(target)
        if not target_rule.amendable:
            raise _Refusal("not-amendable", f"{target_rule.name} is not amendable")
        depth = _amendment_depth(session, target) + 1
        if depth > session.rulebook.amendment_depth:
            raise _Refusal(
                "amendment-depth",
                f"{name} is not in order: amendments may go only "
                f"{session.rulebook.amendment_depth} deep",
            )
        if act.strike and act.strike not in target.amended_text:
            raise _Refusal(
                "amendment-text", f"{name}: the words {act.strike!r} are not in the text"
            )
        if not act.strike and not act.text:
            raise _Refusal("amendment-text", f"{name}: say what words to strike or insert")
    if effect == "postpone-definitely" and not act.until:
        raise _Refusal("missing", f"{name}: say to when")
    if effect == "fix-time-to-adjourn" and not act.until:
        raise _Refusal("missing", f"{name}: say to when")
    if effect == "commit" and not act.committee:
        raise _Refusal("missing", f"{name}: say to which committee")
    if effect == "limit-debate" and act.speech_seconds is None and act.speeches_per_member is None:
        raise _Refusal("missing", f"{name}: say how long or how many speeches")
    for value in (act.speech_seconds, act.speeches_per_member):
        if value is not None and value < 1:
            raise _Refusal("missing", f"{name}: a limit must be at least 1")
    if effect == "division-of-question":
        if len(act.parts) < 2:
            raise _Refusal("missing", f"{name}: give at least two parts")
        if target is not None and session.state.stack[-1] != target.id:
            raise _Refusal(
                "precedence", f"{name} is not in order: other motions adhere to the question"
            )
    if effect == "withdraw" and target is not None and act.mover != target.mover:
        raise _Refusal("not-mover", f"{name}: only the mover, {target.mover}, may ask")
    if (
        effect == "objection-to-consideration"
        and target is not None
        and (session.state.stack[-1] != target.id or target.speakers)
    ):
        raise _Refusal(
            "objection-late",
            f"{name} is not in order: debate on the question has begun",
        )
    if effect == "reconsider" and target is not None and not session.rule(target).reconsiderable:
        raise _Refusal(
            "not-reconsiderable",
            f"{name} is not in order: the vote on {_called(session.rule(target))} "
            "cannot be reconsidered",
        )
    if effect == "reconsider" and target is not None and target.applies_to is not None:
        raise _Refusal(
            "reconsider-adhering",
            f"{name}: only a question that applied to no other may be reconsidered here",
        )
    if effect == "orders-of-the-day" and not any(
        item.order_of_the_day and item.status == "waiting" for item in session.state.agenda
    ):
        raise _Refusal("no-orders", f"{name} is not in order: no order of the day is due")
    if (
        effect == "take-from-table"
        and target is not None
        and any(session.state.question(i) is None for i in target.adhering)
    ):
        raise _Refusal("applies-to", f"{name}: the tabled question is incomplete")


def _on_demand(session: _Session, rule: MotionRule, act: a.Move, target_id: str | None) -> None:
    """A motion one member's demand settles: the chair must comply."""
    if rule.effect == "division-of-assembly" and target_id is not None:
        session.emit("division.demanded", question=target_id, by=act.mover, at=act.at)
        return
    if rule.effect == "orders-of-the-day":
        session.emit("orders.called", by=act.mover, at=act.at)
        _take_up_orders(session, act.at)
        return
    session.emit("demand.made", motion=rule.key, by=act.mover, question=target_id, at=act.at)


def _take_up_orders(session: _Session, at: Time | None) -> None:
    due = next(
        (i for i in session.state.agenda if i.order_of_the_day and i.status == "waiting"), None
    )
    if due is None:
        return
    if session.state.stack:
        # RONR §18: the pending business is interrupted, to be taken up again afterwards
        session.emit(
            "motion.postponed",
            questions=list(session.state.stack),
            until="after the orders of the day",
            at=at,
        )
    if session.state.floor is not None:
        session.emit(
            "floor.yielded",
            delegate=session.state.floor.delegate,
            question=session.state.floor.question,
            reason="orders of the day",
            at=at,
        )
    session.emit("agenda.item-taken-up", item=due.id, at=at)


# Seconding, stating, withdrawing


def _second(session: _Session, act: a.Second) -> None:
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if question.status != st.MOVED or question.id not in session.state.stack:
        raise _Refusal("second", f"{rule.name} cannot be seconded now: it is {question.status}")
    if not rule.second:
        raise _Refusal("second", f"{rule.name} needs no second")
    if question.seconder is not None:
        raise _Refusal("second", f"{rule.name} has been seconded already")
    if act.seconder == question.mover:
        raise _Refusal("second", f"{rule.name}: the mover cannot second their own motion")
    session.check_present(act.seconder, "Second")
    session.emit("motion.seconded", question=question.id, seconder=act.seconder, at=act.at)


def _state_question(session: _Session, act: a.StateQuestion) -> None:
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if session.state.top() != question or question.status != st.MOVED:
        raise _Refusal(
            "not-pending", f"{rule.name} cannot be stated: it is not the motion just moved"
        )
    if not rule.decided_by_vote:
        raise _Refusal("chair-decides", f"{rule.name} is not stated: the chair rules on it")
    if rule.second and question.seconder is None:
        raise _Refusal(
            "second-required", f"The question cannot be stated: {rule.name} needs a second"
        )
    session.check_quorum("Stating the question", rule)
    session.emit(
        "question.stated",
        question=question.id,
        motion=question.motion,
        text=question.amended_text,
        debatable=rule.debatable,
        threshold=threshold_for(session.rulebook, question),
        at=act.at,
    )


def _withdraw(session: _Session, act: a.Withdraw) -> None:
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if question.id not in session.state.stack:
        raise _Refusal("not-pending", f"{rule.name} is not pending")
    if act.by != question.mover:
        raise _Refusal("not-mover", f"Only the mover, {question.mover}, may withdraw it")
    if session.state.stack[-1] != question.id:
        raise _Refusal(
            "precedence", f"{rule.name} cannot be withdrawn now: other motions adhere to it"
        )
    if question.status == st.VOTING:
        raise _Refusal("voting", f"{rule.name} cannot be withdrawn: it is being put to the vote")
    if question.status == st.PENDING and not act.consent:
        raise _Refusal(
            "withdraw-objected",
            f"{rule.name} has been stated: it may be withdrawn only by consent or by vote",
        )
    session.emit("motion.withdrawn", questions=[question.id], by=act.by, at=act.at)
    session.end_interruption(question)


# Putting the question and recording the result


def _put_question(session: _Session, act: a.PutQuestion) -> None:
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    state = session.state
    # A question already put, or already off the stack, is refused as such (not as one
    # "not stated" or "not pending": the chair must hear what really stands in the way).
    if question.status == st.VOTING:
        raise _Refusal("already-put", f"{rule.name} has been put to the vote already")
    if question.status not in st.ON_STACK:
        raise _Refusal(
            "already-decided",
            f"{rule.name} cannot be put: it is {question.status.replace('-', ' ')} already",
        )
    if state.top() != question:
        raise _Refusal(
            "precedence", f"{rule.name} cannot be put: it is not the immediately pending question"
        )
    if question.status != st.PENDING:
        raise _Refusal("not-pending", f"{rule.name} cannot be put: it has not been stated")
    if not rule.decided_by_vote:
        raise _Refusal("chair-decides", f"{rule.name} is not put to a vote: the chair rules on it")
    if state.floor is not None:
        raise _Refusal("floor", f"The question cannot be put: {state.floor.delegate} has the floor")
    waiting = [s for s in state.speakers if s.question == question.id]
    if rule.debatable and not question.debate_closed and waiting:
        raise _Refusal(
            "debate-not-finished",
            f"The question cannot be put: {len(waiting)} more wish to speak "
            "and debate has not been closed",
        )
    session.check_quorum("Putting the question", rule)
    threshold = session.rulebook.threshold(threshold_for(session.rulebook, question))
    session.emit(
        "question.put",
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


def _count(value: int | str, name: str) -> int | Fraction:
    if isinstance(value, bool):
        raise _Refusal("tally", f"The result cannot be recorded: {name} is not a number")
    if isinstance(value, int):
        return value
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise _Refusal("tally", f"The result cannot be recorded: {name} is not a number") from None


def _json_number(value: int | Fraction) -> JSONValue:
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else value.numerator
    return value


def _record_result(session: _Session, act: a.RecordResult) -> None:
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if question.status != st.VOTING or session.state.top() != question:
        raise _Refusal("not-voting", f"{rule.name} has not been put to the vote")
    if question.counted and act.method == "voice":
        raise _Refusal(
            "division", "A division was demanded: the vote must be counted, not taken by voice"
        )
    joint = _joint_counts(session, act)
    if act.present is None:
        session.check_quorum("Recording the result", rule)
        presence = session.presence_data()
    else:
        needed = act.quorum if act.quorum is not None else session.quorum().quorum
        presence = {
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
            raise _Refusal(
                "quorum",
                f"Recording the result is not in order: there was no quorum when the poll "
                f"opened ({act.present} present, {needed} needed)",
            )
    if act.unit not in ("heads", "weight"):
        raise _Refusal("tally", f"The result cannot be recorded: unknown unit {act.unit!r}")
    unit = Unit.HEADS if act.unit == "heads" else Unit.WEIGHT
    yes, no, abstain = (
        _count(act.yes, "yes"),
        _count(act.no, "no"),
        _count(act.abstain, "abstain"),
    )
    present = present_count(session.state) if act.present is None else act.present
    if unit is Unit.HEADS and yes + no + abstain > present:
        raise _Refusal(
            "tally",
            f"The result cannot be recorded: {yes + no + abstain} votes but only {present} present",
        )
    keys = (threshold_for(session.rulebook, question), *rule.also_carried_by)
    decision = _decision(
        session,
        rule,
        keys,
        (yes, no, abstain),
        unit,
        present,
        act.members or session.state.members,
        act.casting_vote,
    )
    adopted, explanation = decision.adopted, decision.explain()
    counted: dict[str, JSONValue] = {}
    if joint is not None:
        counted, adopted, explanation = _count_by_body(session, act, rule, question, joint)
        if session.rulebook.joint.voting != "by-body":
            adopted, explanation = decision.adopted, decision.explain()
    kind = "motion.adopted" if adopted else "motion.rejected"
    session.emit(
        kind,
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
        members=act.members or session.state.members,
        at=act.at,
        **presence,
        **counted,
    )
    if adopted:
        _effect(session, rule, question, act.at)
    elif rule.effect == "appeal" and question.applies_to is not None:
        session.emit("ruling.sustained", ruling=question.applies_to, at=act.at)
    session.end_interruption(question)


def _joint_counts(session: _Session, act: a.RecordResult) -> Mapping[str, a.BodyResult] | None:
    """Each body's count in a joint session, checked; None when there is none to record."""
    bodies = [b.slug for b in session.state.bodies]
    if act.by_body is None:
        if bodies and session.rulebook.joint.voting == "by-body":
            raise _Refusal(
                "by-body",
                "The result cannot be recorded: the rules count the votes of a joint session "
                f"by body; give the count of each of {', '.join(bodies)}",
            )
        return None
    if not bodies:
        raise _Refusal("not-joint", "The result cannot be recorded by body: one body sits here")
    if sorted(act.by_body) != sorted(bodies):
        raise _Refusal(
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
            raise _Refusal(
                "tally",
                f"The result cannot be recorded: the bodies' {answer} votes add up to {total}, "
                f"not {getattr(act, answer)}",
            )
    return act.by_body


def _opening_quorums(
    session: _Session, joint: Mapping[str, a.BodyResult]
) -> tuple[BodyQuorum, ...]:
    now = {b.body: b for b in session.quorum().bodies}
    figures = []
    for slug, result in joint.items():
        current = now[slug]
        present = result.present if result.present is not None else current.present
        needed = result.quorum if result.quorum is not None else current.quorum
        members = result.members if result.members is not None else current.members
        figures.append(BodyQuorum(slug, members, present, needed, present >= needed))
    return tuple(figures)


def _decision(
    session: _Session,
    rule: MotionRule,
    keys: tuple[str, ...],
    votes: tuple[int | Fraction, int | Fraction, int | Fraction],
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
        raise _Refusal("tally", f"The result cannot be recorded: {exc}") from None
    return next((d for d in decisions if d.adopted), decisions[0])


def _count_by_body(
    session: _Session,
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
        yes, no, abstain = (
            _count(result.yes, "yes"),
            _count(result.no, "no"),
            _count(result.abstain, "abstain"),
        )
        present = result.present if result.present is not None else now[slug].present
        members = result.members if result.members is not None else now[slug].members
        if unit is Unit.HEADS and yes + no + abstain > present:
            raise _Refusal(
                "tally",
                f"The result cannot be recorded: {yes + no + abstain} votes of {slug} but only "
                f"{present} of its delegates present",
            )
        decision = _decision(
            session, rule, keys, (yes, no, abstain), unit, present, members, act.casting_vote
        )
        every = every and decision.adopted
        words.append(f"{slug}: {decision.explain()}")
        records.append(
            {
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
        )
    verdict = "adopted by every body" if every else "not adopted by every body"
    explanation = f"Counted by body ({'; '.join(words)}): {verdict}"
    return {"by_body": records, "counted": session.rulebook.joint.voting}, every, explanation


def _effect(session: _Session, rule: MotionRule, question: Question, at: Time | None) -> None:
    """What an adopted motion does, by the effect its rulebook entry names."""
    effect = rule.effect
    target_id = question.applies_to
    state = session.state
    target = state.question(target_id) if target_id else None
    if effect == "amend" and target is not None:
        session.emit(
            "text.amended",
            question=target.id,
            amendment=question.id,
            text=_amend(target.amended_text, question.strike, question.amended_text),
        )
    elif effect == "lay-on-the-table" and target is not None:
        session.emit("motion.tabled", questions=list(_from(session, target.id)), at=at)
    elif effect == "take-from-table" and target is not None:
        session.emit("motion.taken-from-table", questions=[target.id, *target.adhering], at=at)
    elif effect == "previous-question" and target is not None:
        session.emit("debate.closed", questions=list(_from(session, target.id)), at=at)
    elif effect == "limit-debate" and target is not None:
        session.emit(
            "debate.limited",
            questions=list(_from(session, target.id)),
            speech_seconds=question.speech_seconds,
            speeches_per_member=question.speeches_per_member,
            at=at,
        )
    elif effect == "postpone-definitely" and target is not None:
        session.emit(
            "motion.postponed",
            questions=list(_from(session, target.id)),
            until=question.until,
            at=at,
        )
    elif effect == "commit" and target is not None:
        session.emit(
            "motion.referred",
            questions=list(_from(session, target.id)),
            committee=question.committee,
            at=at,
        )
    elif effect == "postpone-indefinitely" and target is not None:
        session.emit(
            "motion.postponed-indefinitely", questions=list(_from(session, target.id)), at=at
        )
    elif effect == "withdraw" and target is not None:
        session.emit("motion.withdrawn", questions=list(_from(session, target.id)), by=None, at=at)
    elif effect == "reconsider" and target is not None:
        session.emit("motion.reconsidered", question=target.id, at=at)
    elif effect == "rescind" and target is not None:
        session.emit("motion.rescinded", question=target.id, at=at)
    elif effect == "objection-to-consideration" and target is not None:
        session.emit("motion.not-considered", question=target.id, at=at)
    elif effect == "division-of-question" and target is not None:
        session.emit(
            "question.divided",
            question=target.id,
            parts=[f"{target.id}.{i + 1}" for i in range(len(question.parts))],
            texts=list(question.parts),
            at=at,
        )
    elif effect == "appeal" and target_id is not None:
        session.emit("ruling.reversed", ruling=target_id, at=at)
    elif effect == "suspend-rules":
        session.emit("rules.suspended", question=question.id, purpose=question.text, at=at)
    elif effect == "fix-time-to-adjourn":
        session.emit("adjournment.fixed", to=question.until or question.amended_text, at=at)
    elif effect == "recess":
        session.emit("session.recessed", until=question.until, at=at)
    elif effect == "adjourn":
        _adjourn(session, at)


def _amend(text: str, strike: str | None, insert: str) -> str:
    """`text` with the first `strike` replaced by `insert`; without `strike`, `insert` added."""
    if not strike:
        return f"{text} {insert}".strip() if text else insert
    return text.replace(strike, insert, 1)


def _adjourn(session: _Session, at: Time | None) -> None:
    session.emit(
        "session.adjourned",
        no_vote_taken=list(session.state.stack),
        to=session.state.adjourn_to,
        at=at,
        **session.presence_data(),
    )


# The chair's rulings


def _chair_ruling(session: _Session, act: a.ChairRuling) -> None:
    session.check_open()
    state = session.state
    if state.ruling(act.id) is not None or state.question(act.id) is not None:
        raise _Refusal("duplicate-id", f"The ruling: the id {act.id!r} is already in use")
    question = session.question(act.question) if act.question is not None else None
    if question is not None:
        rule = session.rule(question)
        if rule.decided_by_vote or state.top() != question:
            raise _Refusal(
                "not-pending", f"The chair does not rule on {_called(rule)} {question.id!r}"
            )
    session.emit(
        "ruling.made",
        ruling=act.id,
        question=act.question,
        well_taken=act.well_taken,
        text=act.text,
        at=act.at,
    )
    if question is not None:
        if act.well_taken and session.rule(question).effect == "orders-of-the-day":
            _take_up_orders(session, act.at)
        session.end_interruption(question)


# The floor and the speakers' list


def _check_name_of(delegate: Delegate, in_name_of: str | None) -> None:
    if in_name_of is not None and in_name_of not in (delegate.faction, delegate.body):
        raise _Refusal(
            "in-name-of",
            f"{delegate.id} cannot speak in the name of {in_name_of}: "
            "not their faction or sending body",
        )


def _request_floor(session: _Session, act: a.RequestFloor) -> None:
    session.check_open()
    delegate = session.check_present(act.delegate, "The request for the floor")
    if session.state.list_closed:
        raise _Refusal("list-closed", "The speakers' list is closed")
    if act.side not in (None, "for", "against"):
        raise _Refusal("side", f"A speaker is for or against, not {act.side!r}")
    if any(s.delegate == act.delegate for s in session.state.speakers):
        raise _Refusal("already-listed", f"{act.delegate} is already on the speakers' list")
    _check_name_of(delegate, act.in_name_of)
    top = session.state.top()
    session.emit(
        "floor.requested",
        delegate=act.delegate,
        side=act.side,
        in_name_of=act.in_name_of,
        question=top.id if top is not None else None,
        at=act.at,
    )


def _withdraw_floor_request(session: _Session, act: a.WithdrawFloorRequest) -> None:
    session.check_open()
    if act.by is not None and act.by != act.delegate:
        raise _Refusal(
            "not-own-request",
            f"Only {act.delegate} or the chair may take {act.delegate} off the speakers' list",
        )
    if all(s.delegate != act.delegate for s in session.state.speakers):
        raise _Refusal("not-on-list", f"{act.delegate} is not on the speakers' list")
    session.emit(
        "floor.request-withdrawn",
        delegate=act.delegate,
        by=act.delegate if act.by is not None else "chair",
        at=act.at,
    )


def _debate_question(session: _Session, what: str) -> Question | None:
    """The question under debate, checked to be open to it; None for a general debate."""
    top = session.state.top()
    if top is None:
        session.check_quorum(what)
        return None
    rule = session.rule(top)
    session.check_quorum(what, rule)
    if top.status != st.PENDING:
        raise _Refusal("not-pending", f"{what} is not in order: {_called(rule)} is {top.status}")
    if not rule.debatable:
        raise _Refusal("not-debatable", f"{what} is not in order: {rule.name} is not debatable")
    if top.debate_closed:
        raise _Refusal("debate-closed", f"{what} is not in order: debate has been closed")
    return top


def _check_limit(session: _Session, question: Question | None, delegate: str) -> int:
    speeches, length = speech_limit(session.rulebook, question)
    if question is not None and question.speakers.count(delegate) >= speeches:
        raise _Refusal(
            "speaking-limit",
            f"{delegate} has spoken {speeches} time{'s' if speeches != 1 else ''} "
            "on this question already",
        )
    return length


def _recognise(session: _Session, act: a.Recognise) -> None:
    session.check_open()
    state = session.state
    if state.floor is not None:
        raise _Refusal("floor", f"{state.floor.delegate} has the floor")
    question = _debate_question(session, "Debate")
    if act.delegate is None:
        request = next_request(session.rulebook, state)
        if request is None:
            raise _Refusal("no-speakers", "Nobody has asked for the floor")
    else:
        request = next((s for s in state.speakers if s.delegate == act.delegate), None)
        if request is None:
            is_mover = question is not None and question.mover == act.delegate
            if not is_mover:
                raise _Refusal("not-on-list", f"{act.delegate} has not asked for the floor")
            request = st.SpeakerRequest(
                act.delegate, "for", None, question.id if question else None, None
            )
    delegate = session.check_present(request.delegate, "The floor")
    length = _check_limit(session, question, delegate.id)
    session.emit(
        "floor.given",
        delegate=delegate.id,
        kind="speech",
        question=question.id if question is not None else None,
        in_name_of=request.in_name_of,
        side=request.side,
        seconds=length,
        counts_as_speech=question is not None,
        at=act.at,
    )


def _reply(session: _Session, act: a.Reply) -> None:
    session.check_open()
    state = session.state
    if state.floor is not None:
        raise _Refusal("floor", f"{state.floor.delegate} has the floor")
    delegate = session.check_present(act.delegate, "The reply")
    _check_name_of(delegate, act.in_name_of)
    question = _debate_question(session, "A reply")
    reply_seconds = session.rulebook.debate.reply_seconds
    # without a separate right of reply, a reply is the member's next speech, within limits
    length = _check_limit(session, question, delegate.id) if reply_seconds == 0 else reply_seconds
    session.emit(
        "floor.given",
        delegate=delegate.id,
        kind="reply",
        question=question.id if question is not None else None,
        in_name_of=act.in_name_of,
        side=None,
        seconds=length,
        counts_as_speech=question is not None and reply_seconds == 0,
        at=act.at,
    )


def _yield(session: _Session, act: a.Yield) -> None:
    floor = session.state.floor
    if floor is None:
        raise _Refusal("floor", "Nobody has the floor")
    if act.reason not in ("finished", "time"):
        raise _Refusal("reason", f"A speaker finishes or runs out of time, not {act.reason!r}")
    if act.reason == "time":
        if act.at is None:
            raise _Refusal("time-format", "Calling time needs the time")
        spoken = speaking_time(session.state, act.at)
        if spoken is not None and not spoken.up:
            raise _Refusal("time-not-up", f"{floor.delegate} has {spoken.left} seconds left")
    session.emit(
        "floor.yielded",
        delegate=floor.delegate,
        question=floor.question,
        reason=act.reason,
        at=act.at,
    )


def _close_list(session: _Session, act: a.CloseList) -> None:
    session.check_open()
    if session.state.list_closed:
        raise _Refusal("list-closed", "The speakers' list is closed already")
    session.emit("speakers.closed", waiting=[s.delegate for s in session.state.speakers], at=act.at)


# Presence


def _quorum_change(session: _Session, before: bool, at: Time | None) -> None:
    status = session.quorum()
    figures = {k: v for k, v in status.record().items() if k != "quorate"}
    if before and not status.quorate:
        session.emit("quorum.lost", at=at, **figures)
    elif not before and status.quorate:
        session.emit("quorum.regained", at=at, **figures)


def _change_presence(session: _Session, act: a.ChangePresence) -> None:
    state = session.state
    ids = list(act.delegates)
    registered = {d.id: d for d in state.delegates}  # a whole congress may arrive at once
    for delegate_id in ids:
        if delegate_id not in registered:
            raise _Refusal("not-a-delegate", f"{delegate_id} is not a registered delegate")
    if act.faction is not None:
        members = [d.id for d in state.delegates if d.faction == act.faction]
        if not members:
            raise _Refusal("unknown-faction", f"No delegate belongs to {act.faction}")
        named = set(ids)
        ids += [m for m in members if m not in named]
    changing = [i for i in ids if registered[i].present != act.present]
    if not ids:
        raise _Refusal("presence", "Name the delegates or the faction")
    if not changing:
        raise _Refusal("presence", f"Nobody named is {'absent' if act.present else 'present'}")
    before = state.quorate
    moved = set(changing)
    after = quorum_status(
        session.rulebook,
        replace(
            state,
            delegates=tuple(
                replace(d, present=act.present) if d.id in moved else d for d in state.delegates
            ),
        ),
    )
    session.emit(
        "presence.changed",
        delegates=list(changing),
        faction=act.faction,
        present=act.present,
        declaration=act.declaration,
        at=act.at,
        **after.record(),
    )
    floor = session.state.floor
    if floor is not None and not act.present and floor.delegate in changing:
        session.emit(
            "floor.yielded",
            delegate=floor.delegate,
            question=floor.question,
            reason="left",
            at=act.at,
        )
    for waiting in session.state.interrupted:
        if not act.present and waiting.delegate in changing:
            session.emit(
                "floor.yielded",
                delegate=waiting.delegate,
                question=waiting.question,
                reason="left",
                interrupted=True,
                at=act.at,
            )
    _quorum_change(session, before, act.at)


def _register(session: _Session, act: a.Register) -> None:
    state = session.state
    if state.delegate(act.delegate) is not None:
        raise _Refusal("duplicate-id", f"{act.delegate} is registered already")
    before = state.quorate
    if state.bodies and act.sits_for not in [b.slug for b in state.bodies]:
        raise _Refusal(
            "sits-for", f"{act.delegate}: say which of the bodies sitting they are a delegate of"
        )
    newcomer = Delegate(act.delegate, act.faction, act.body, act.present, act.sits_for)
    after = quorum_status(session.rulebook, replace(state, delegates=(*state.delegates, newcomer)))
    joint: dict[str, JSONValue] = {"sits_for": act.sits_for} if act.sits_for else {}
    session.emit(
        "delegate.registered",
        delegate=act.delegate,
        faction=act.faction,
        body=act.body,
        present=act.present,
        at=act.at,
        **joint,
        **after.record(),
    )
    _quorum_change(session, before, act.at)


# The agenda


def _change_agenda(session: _Session, act: a.ChangeAgenda) -> None:
    session.check_open()
    decision = session.state.question(act.decision)
    if decision is None or decision.status != st.ADOPTED:
        raise _Refusal(
            "agenda-by-decision",
            "The agenda can be changed only by a decision of the body: "
            f"{act.decision!r} is not an adopted question",
        )
    ids = [item.id for item in act.items]
    if len(set(ids)) != len(ids):
        raise _Refusal("duplicate-id", "An agenda item appears twice")
    for item in session.state.agenda:
        if item.status != "waiting" and item.id not in ids:
            raise _Refusal(
                "agenda-done", f"The item {item.title!r} has been taken up and cannot be dropped"
            )
    session.emit(
        "agenda.changed",
        items=[
            {"item": i.id, "title": i.title, "order_of_the_day": i.order_of_the_day}
            for i in act.items
        ],
        decision=act.decision,
        at=act.at,
    )


def _take_up_item(session: _Session, act: a.TakeUpItem) -> None:
    session.check_open()
    item = next((i for i in session.state.agenda if i.id == act.item), None)
    if item is None:
        raise _Refusal("agenda-item", f"There is no agenda item {act.item!r}")
    if item.status != "waiting":
        raise _Refusal("agenda-item", f"The item {item.title!r} is {item.status}")
    top = session.state.top()
    if top is not None:
        raise _Refusal(
            "precedence", f"The next item is not in order: {_called(session.rule(top))} is pending"
        )
    if session.state.floor is not None:
        raise _Refusal("floor", f"{session.state.floor.delegate} has the floor")
    session.emit("agenda.item-taken-up", item=item.id, at=act.at)


def _take_up_question(session: _Session, act: a.TakeUpQuestion) -> None:
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if question.status not in (st.POSTPONED, st.REFERRED):
        raise _Refusal(
            "not-postponed", f"{rule.name} {question.id!r} is {question.status}, not postponed"
        )
    head = next((q for q in session.state.questions if question.id in q.adhering), None)
    if head is not None:
        raise _Refusal(
            "adhering",
            f"{rule.name} {question.id!r} goes with {head.id!r}: take up {head.id!r} instead",
        )
    top = session.state.top()
    if top is not None:
        raise _Refusal(
            "precedence", f"{rule.name} cannot be taken up: {_called(session.rule(top))} is pending"
        )
    session.check_quorum("Taking up the question")
    session.emit("question.taken-up", questions=[question.id, *question.adhering], at=act.at)


def _resume(session: _Session, act: a.Resume) -> None:
    if session.state.status != "recessed":
        raise _Refusal("not-recessed", "The session is not in recess")
    session.emit("session.resumed", at=act.at)


def _cancel_vote(session: _Session, act: a.CancelVote) -> None:
    question = session.question(act.question)
    rule = session.rule(question)
    if question.status != st.VOTING:
        raise _Refusal("not-voting", f"{rule.name} is not being voted on")
    if not act.reason.strip():
        raise _Refusal("reason-required", "A vote is cancelled only with the reason recorded")
    session.emit("vote.cancelled", question=question.id, reason=act.reason, at=act.at)


_DISPATCH: dict[type, Callable[[_Session, Any], None]] = {
    a.Move: _move,
    a.Second: _second,
    a.StateQuestion: _state_question,
    a.Withdraw: _withdraw,
    a.RequestFloor: _request_floor,
    a.WithdrawFloorRequest: _withdraw_floor_request,
    a.Recognise: _recognise,
    a.Reply: _reply,
    a.Yield: _yield,
    a.CloseList: _close_list,
    a.PutQuestion: _put_question,
    a.RecordResult: _record_result,
    a.ChairRuling: _chair_ruling,
    a.ChangePresence: _change_presence,
    a.Register: _register,
    a.ChangeAgenda: _change_agenda,
    a.TakeUpItem: _take_up_item,
    a.TakeUpQuestion: _take_up_question,
    a.Resume: _resume,
    a.CancelVote: _cancel_vote,
}
