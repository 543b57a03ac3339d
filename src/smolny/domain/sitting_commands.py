"""The commands of a congress's papers at its sitting (`smolny.domain.sitting_papers`),
part of `smolny.domain.commands.Command` (kept in a module of their own for its length)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgendaFromPapers:
    """The congress's admitted motions and composites added to a sitting's draft agenda, each
    item linked to its paper: those named, or (none named) every one not on it yet, in
    number order."""

    session: str
    papers: tuple[str, ...] = ()


@dataclass(frozen=True)
class MovePaperMotion:
    """The paper on the agenda moved as a main motion in a delegate's name: its title and
    paragraphs are the motion's, word for word."""

    session: str
    paper: str
    mover: str
    at: str | None = None


@dataclass(frozen=True)
class MoveEnBloc:
    """Several motions the committee recommends to support put together to one vote, where
    the rulebook allows it (`[papers] en-bloc`)."""

    session: str
    papers: tuple[str, ...]
    mover: str
    at: str | None = None


@dataclass(frozen=True)
class ObjectEnBloc:
    """A delegate or a council objects to a motion being taken with others: under `[papers]
    en-bloc-objection = "any"` it is taken out of the bundle."""

    session: str
    question: str
    paper: str
    objector: str  # a delegate (id) or a council (slug)
