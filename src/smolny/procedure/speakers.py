"""The speakers' list: who speaks next, and whether a speaker's time is up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from smolny.procedure.rulebook import Rulebook
from smolny.procedure.state import Question, SpeakerRequest, State, Time


class TimeFormatError(ValueError):
    """A time that is neither whole seconds nor an ISO-8601 timestamp."""


def seconds(time: Time) -> int:
    """`time` as whole seconds: itself if an int, else the ISO-8601 timestamp's epoch seconds.

    A timestamp without a zone is read as UTC.
    """
    if isinstance(time, bool):
        raise TimeFormatError(f"not a time: {time!r}")
    if isinstance(time, int):
        return time
    try:
        moment = datetime.fromisoformat(time)
    except (TypeError, ValueError):
        raise TimeFormatError(f"not an ISO-8601 time: {time!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def next_request(rulebook: Rulebook, state: State) -> SpeakerRequest | None:
    """The request the chair should take next, in the rulebook's order; None if none wait.

    With "alternating", the first waiting speaker on the other side from the last one, when
    there is such a speaker; otherwise the first come.
    """
    if not state.speakers:
        return None
    if rulebook.debate.order == "alternating" and state.last_side in ("for", "against"):
        other = "against" if state.last_side == "for" else "for"
        for request in state.speakers:
            if request.side == other:
                return request
    return state.speakers[0]


def speech_limit(rulebook: Rulebook, question: Question | None) -> tuple[int, int]:
    """(speeches per member, seconds per speech) on `question`: adopted limits or the rulebook's."""
    speeches = rulebook.debate.speeches_per_member
    length = rulebook.debate.speech_seconds
    if question is not None:
        if question.speeches_per_member is not None:
            speeches = question.speeches_per_member
        if question.speech_seconds is not None:
            length = question.speech_seconds
    return speeches, length


@dataclass(frozen=True)
class SpeakingTime:
    """How long the speaker has spoken, how long they may, and whether time is up."""

    delegate: str
    elapsed: int
    allowed: int

    @property
    def left(self) -> int:
        """Seconds left (never below zero)."""
        return max(0, self.allowed - self.elapsed)

    @property
    def up(self) -> bool:
        """True when the speaker has used all their time."""
        return self.elapsed >= self.allowed


def speaking_time(state: State, now: Time) -> SpeakingTime | None:
    """The speaker's time at `now`, or None when nobody has the floor (or since is unknown)."""
    floor = state.floor
    if floor is None or floor.since is None:
        return None
    return SpeakingTime(
        delegate=floor.delegate,
        elapsed=seconds(now) - seconds(floor.since),
        allowed=floor.seconds,
    )
