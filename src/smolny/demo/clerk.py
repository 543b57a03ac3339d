"""The demo's clerk: a chair's and a secretary's acts in one sitting, through the service.

Every act goes through `Smolny.execute`, as the chair's console and the secretary's screens
send them. Each method is one act of the accounts: a speech with its words, an interjection,
a report read, a motion moved, a result declared; `note` puts in the record that a value in
an entry is the demo's, not the accounts'.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, TypeVar

from smolny import procedure
from smolny.domain import commands as c
from smolny.record import kinds as k
from smolny.service.app import Principal, Smolny

T = TypeVar("T")
C = TypeVar("C")


def replay(app: Smolny, clock: C, acts: Callable[[Smolny, C], T]) -> T:
    """Replay a demo's acts into an empty record, on the demo's own clock (the app's clock
    given back after, whatever happens)."""
    if app.state.seq:
        raise ValueError("the record is not empty: the demo loads only into a new database")
    saved, app.clock = app.clock, clock
    try:
        return acts(app, clock)
    finally:
        app.clock = saved


PETROGRAD = timezone(timedelta(hours=2, minutes=1), "Petrograd")  # local mean time, 1917
ZONE, ZONE_NAME = "+02:01", "Petrograd mean time"


class HallClock:
    """The demo's clock: the acts are recorded at the times the accounts give (Petrograd
    mean time, Old Style dates, as the accounts give them)."""

    def __init__(self) -> None:
        self.now = datetime(1917, 7, 3, 12, 0, tzinfo=PETROGRAD)

    def __call__(self) -> datetime:
        return self.now

    def set(self, month: int, day: int, hour: int, minute: int) -> None:
        self.now = datetime(1917, month, day, hour, minute, tzinfo=PETROGRAD)

    def later(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    def iso(self, month: int, day: int, hour: int, minute: int) -> str:
        """A time of that day in Petrograd, in UTC as the record keeps it."""
        local = datetime(1917, month, day, hour, minute, tzinfo=PETROGRAD)
        return local.astimezone(UTC).isoformat().replace("+00:00", "Z")


class Clerk:
    """The acts of one sitting; `ids` are the delegates' ids by name."""

    def __init__(
        self,
        app: Smolny,
        session: str,
        chair: Principal,
        secretary: Principal,
        ids: dict[str, str],
    ) -> None:
        self.app, self.session, self.chair, self.secretary = app, session, chair, secretary
        self.ids = ids

    # -- the record --------------------------------------------------------------------
    def act(self, act: procedure.Act) -> list[Any]:
        return self.app.execute(c.Act(self.session, act), by=self.chair)

    def note(self, entries: Sequence[Any], text: str, field: str | None = None) -> None:
        """A note on the first of `entries`: what in it the accounts do not give."""
        self.app.execute(
            c.AddNote(entries[0].seq, text, field=field, session=self.session), by=self.secretary
        )

    # -- the floor ---------------------------------------------------------------------
    def speak(
        self,
        name: str,
        words: str | None = None,
        *,
        quoted: bool = False,
        in_name_of: str | None = None,
        side: str | None = None,
    ) -> list[Any]:
        """A delegate asks for the floor, is recognised, speaks (the account's words: a
        quotation, or its summary) and yields."""
        delegate = self.ids[name]
        entries = self.act(procedure.RequestFloor(delegate, side, in_name_of))
        entries += self.act(procedure.Recognise(delegate))
        entries += self.act(procedure.Yield(words=words, quoted=quoted and words is not None))
        return entries

    def interject(
        self, words: str, *, name: str | None = None, voice: str | None = None, quoted: bool = True
    ) -> list[Any]:
        """Words called out from the floor: by a delegate named, or a voice described."""
        delegate = self.ids[name] if name is not None else None
        return self.act(procedure.Interject(words, delegate=delegate, voice=voice, quoted=quoted))

    def guest(
        self, name: str, words: str, in_name_of: str | None = None, *, quoted: bool = False
    ) -> list[Any]:
        """Someone who is not a delegate addresses the body."""
        return self.act(procedure.HearGuest(name, words, in_name_of, quoted=quoted))

    def report(
        self,
        subject: str,
        text: str,
        *,
        by: str | None = None,
        name: str | None = None,
        in_name_of: str | None = None,
        kind: str = "report",
    ) -> list[Any]:
        """A report or an announcement read: by a delegate (`by`), or someone named."""
        delegate = self.ids[by] if by is not None else None
        return self.act(
            procedure.ReadReport(
                subject, text, by=delegate, name=name, in_name_of=in_name_of, kind=kind
            )
        )

    def statement(
        self, body: str, text: str, name: str, in_name_of: str | None = None
    ) -> list[Any]:
        """A statement made outside the sitting (not read to it) that speaks of it: the
        sitting's minutes show it."""
        return self.app.execute(
            c.IssueStatement(body, text, name, in_name_of, about_session=self.session),
            by=self.secretary,
        )

    def take_chair(self, name: str | None = None, *, described: str | None = None) -> list[Any]:
        """A delegate named, or someone described, takes the chair."""
        delegate = self.ids[name] if name is not None else None
        return self.act(procedure.TakeChair(delegate=delegate, name=described))

    # -- questions ---------------------------------------------------------------------
    def move(
        self,
        title: str,
        text: str,
        mover: str,
        *,
        motion: str = "main",
        applies_to: str | None = None,
        strike: str | None = None,
    ) -> tuple[str, list[Any]]:
        """Move a motion (no seconding under the congress's rules) and state it; the
        question's id and the entries."""
        if motion == "main":
            entries = self.app.execute(
                c.MoveMotion(self.session, title, text, self.ids[mover]), by=self.chair
            )
        else:
            entries = self.act(
                procedure.Move(
                    "", motion, self.ids[mover], text=text, applies_to=applies_to, strike=strike
                )
            )
        question: str = next(e.data["question"] for e in entries if e.kind == k.MOTION_MOVED)
        if not any(e.kind == k.QUESTION_STATED for e in entries):
            entries += self.act(procedure.StateQuestion(question))
        return question, entries

    def declare(
        self, question: str, adopted: bool = True, words: str | None = None, method: str = "voice"
    ) -> list[Any]:
        """The question put, and the result declared by the chair with no count taken; the
        declaration's entries."""
        self.act(procedure.PutQuestion(question))
        return self.act(procedure.DeclareResult(question, adopted, method=method, words=words))

    def set_aside(self, question: str, reason: str) -> list[Any]:
        """A question left with no vote taken while the sitting goes on (not withdrawn)."""
        return self.act(procedure.SetAside(question, reason))

    def adjourned(self, words: str | None) -> list[Any]:
        """The chair declares the sitting adjourned, nobody having moved it; what is
        pending is left with no vote taken."""
        return self.act(procedure.DeclareAdjourned(words))

    # -- the hall ----------------------------------------------------------------------
    def presence(self, **kwargs: Any) -> list[Any]:
        return self.app.execute(c.RecordPresence(self.session, **kwargs), by=self.secretary)

    def close(self) -> list[Any]:
        return self.app.execute(c.CloseSession(self.session), by=self.chair)
