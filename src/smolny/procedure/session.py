"""A session as an act is attempted on it, and what the act's handlers share.

Each handler (in `motions`, `results`, `floor`, `presence`, `agenda`) takes a `Session`,
checks the act against the rulebook and the working state, and either raises
`NotInOrder` with the rule that forbids it or emits the events it causes. `emit` folds
each event into the working state at once, so later checks see what earlier events did.
"""

from __future__ import annotations

from dataclasses import dataclass

from smolny.procedure.events import Event, JSONValue, apply
from smolny.procedure.quorum import QuorumStatus, quorum_status
from smolny.procedure.rulebook import NONE_THRESHOLD, MotionRule, Rulebook
from smolny.procedure.speakers import TimeFormatError, seconds
from smolny.procedure.state import Delegate, Question, State
from smolny.record import kinds as k


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


class NotInOrder(Exception):
    """Raised by a handler for an act out of order; `attempt` turns it into `Refused`."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


def threshold_for(rulebook: Rulebook, question: Question) -> str:
    """The threshold key the vote on `question` needs ("none" if the chair decides it)."""
    rule = rulebook.motion(question.motion)
    if rule is None:
        return NONE_THRESHOLD
    if question.notice and rule.threshold_with_notice is not None:
        return rule.threshold_with_notice
    return rule.threshold


class Session:
    """An attempt in progress: the rulebook, the working state and the events so far."""

    def __init__(self, rulebook: Rulebook, state: State) -> None:
        self.rulebook = rulebook
        self.state = state
        self.events: list[Event] = []

    def emit(self, kind: str, /, **data: JSONValue) -> None:
        """Record an event and fold it into the working state."""
        event = Event(kind, dict(data))
        self.state = apply(self.state, event)
        self.events.append(event)

    def rule(self, question: Question) -> MotionRule:
        """The rulebook's entry for the motion `question` is on."""
        rule = self.rulebook.motion(question.motion)
        if rule is None:
            raise NotInOrder(
                "unknown-motion", f"{question.motion!r} is not a motion under these rules"
            )
        return rule

    def question(self, question_id: str) -> Question:
        """The question with this id, which must exist."""
        question = self.state.question(question_id)
        if question is None:
            raise NotInOrder("unknown-question", f"There is no question {question_id!r}")
        return question

    def check_time(self, at: object) -> None:
        """Refuse an act whose time is neither whole seconds nor an ISO-8601 timestamp."""
        if at is None:
            return
        try:
            seconds(at)  # type: ignore[arg-type]
        except TimeFormatError as exc:
            message = str(exc)
            raise NotInOrder("time-format", message[0].upper() + message[1:]) from None

    def check_open(self) -> None:
        """Refuse any business while the session is adjourned or in recess."""
        if self.state.status == "adjourned":
            raise NotInOrder("adjourned", "Nothing is in order: the session has adjourned")
        if self.state.status == "recessed":
            raise NotInOrder("recessed", "Nothing is in order: the session is in recess")

    def quorum(self) -> QuorumStatus:
        """Presence against the quorum now."""
        return quorum_status(self.rulebook, self.state)

    def check_quorum(self, what: str, rule: MotionRule | None = None) -> None:
        """Refuse `what` without a quorum, unless `rule` is a motion in order without one."""
        if rule is not None and rule.without_quorum:
            return
        status = self.quorum()
        if not status.quorate:
            raise NotInOrder(
                "quorum",
                f"{what} is not in order: there is no quorum ({status.lacking()})",
            )

    def check_present(self, delegate_id: str, what: str) -> Delegate:
        """The delegate, who must be registered and present."""
        delegate = self.state.delegate(delegate_id)
        if delegate is None:
            raise NotInOrder(
                "not-a-delegate", f"{what}: {delegate_id} is not a registered delegate"
            )
        if not delegate.present:
            raise NotInOrder("not-present", f"{what}: {delegate_id} is not present")
        return delegate

    def presence_data(self) -> dict[str, JSONValue]:
        """The presence now, as a decision's record shows it."""
        return self.quorum().record()

    def end_interruption(self, question: Question) -> None:
        """Give the floor back to the speaker `question` interrupted, once it is settled."""
        if question.interrupted_speaker and self.state.interrupted and self.state.floor is None:
            self.emit(k.FLOOR_RESUMED, delegate=self.state.interrupted[-1].delegate)


_NOUNS = frozenset(
    {
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
)


def called(rule: MotionRule) -> str:
    """How a chair names a pending motion: 'a motion to adjourn', 'a point of order'."""
    name = rule.name[0].lower() + rule.name[1:]
    if rule.key == "previous-question":
        return "a motion for the previous question"
    first = name.split()[0]
    if first in _NOUNS:
        article = "an" if name[0] in "aeiou" else "a"
        return f"{article} {name}"
    return f"a motion to {name}"


def applies(rule: MotionRule, question: Question) -> bool:
    """Whether a motion under `rule` may apply to `question` (the rulebook's `applies_to`)."""
    return "*" in rule.applies_to or question.motion in rule.applies_to


def adhering_from(session: Session, question_id: str) -> tuple[str, ...]:
    """The question and all pending questions above it on the stack (those adhering to it)."""
    stack = session.state.stack
    if question_id not in stack:
        return (question_id,)
    return stack[stack.index(question_id) :]
