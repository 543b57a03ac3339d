"""Rules of procedure: rulebooks as data, and the pure engine that runs them.

The service layer calls `attempt(rulebook, state, act)`; an `Accepted` outcome carries
the events to append to the journal, and `apply` folds events back into a `State`.

This package only re-exports: its modules import one another by their full names and
never the package itself, so no import runs in a loop.
"""

from smolny.procedure.acts import (
    Act,
    AdoptAgenda,
    AgendaEntry,
    BodyResult,
    CancelVote,
    ChairRuling,
    ChangeAgenda,
    ChangePresence,
    CloseList,
    Move,
    PutQuestion,
    Recognise,
    RecordResult,
    Register,
    ReopenList,
    Reply,
    RequestFloor,
    Resume,
    Second,
    StateQuestion,
    TakeUpItem,
    TakeUpQuestion,
    Withdraw,
    WithdrawFloorRequest,
    Yield,
)
from smolny.procedure.engine import attempt, initial_state
from smolny.procedure.events import EVENT_KINDS, Event, EventError, apply, apply_all
from smolny.procedure.quorum import QuorumStatus, quorum_status
from smolny.procedure.rulebook import (
    JointRule,
    MotionRule,
    Rulebook,
    RulebookError,
    bundled_rulebooks,
    load_rulebook,
    parse_rulebook,
)
from smolny.procedure.session import Accepted, Refused, threshold_for
from smolny.procedure.speakers import SpeakingTime, speaking_time
from smolny.procedure.state import AgendaItem, Delegate, Question, SittingBody, State
from smolny.procedure.text import Change, Edit, PlaceError, Segment

__all__ = [
    "EVENT_KINDS",
    "Accepted",
    "Act",
    "AdoptAgenda",
    "AgendaEntry",
    "AgendaItem",
    "BodyResult",
    "CancelVote",
    "ChairRuling",
    "Change",
    "ChangeAgenda",
    "ChangePresence",
    "CloseList",
    "Delegate",
    "Edit",
    "Event",
    "EventError",
    "JointRule",
    "MotionRule",
    "Move",
    "PlaceError",
    "PutQuestion",
    "Question",
    "QuorumStatus",
    "Recognise",
    "RecordResult",
    "Refused",
    "Register",
    "ReopenList",
    "Reply",
    "RequestFloor",
    "Resume",
    "Rulebook",
    "RulebookError",
    "Second",
    "Segment",
    "SittingBody",
    "SpeakingTime",
    "State",
    "StateQuestion",
    "TakeUpItem",
    "TakeUpQuestion",
    "Withdraw",
    "WithdrawFloorRequest",
    "Yield",
    "apply",
    "apply_all",
    "attempt",
    "bundled_rulebooks",
    "initial_state",
    "load_rulebook",
    "parse_rulebook",
    "quorum_status",
    "speaking_time",
    "threshold_for",
]
