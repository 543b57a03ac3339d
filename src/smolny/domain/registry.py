"""Every feature's deciders and folds, in one place, as a web framework lists its routes.

A feature is a module with its deciders (`DECIDERS`: command type -> decider) and its folds
(`FOLDS`: entry kind -> fold). Here they are put together:

- `DECIDERS`: each command to the one decider that decides it;
- `FOLDS`: each kind of entry to its folds, run in the order the features are listed (a joint
  session's `session.opened` is folded by sessions, then by joint, then by the calendar,
  which strikes a scheduled sitting off once it opens; `body.created` by bodies,
  then by the tree; `delegates.registered` by bodies, then by joint);
- `REACTIONS`: what follows in the same unit of work from the events a command caused
  (a contest motion decided decides the mandate; an approval motion decided approves the
  minutes, or not), run by `smolny.domain.decide.decide` after every decider.

Nothing registers itself: a feature that takes part in another's act is asked by it
explicitly (`smolny.domain.joint` by sessions and voting, `smolny.domain.tree` by bodies).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from smolny.domain import (
    accounts,
    agenda,
    bodies,
    calendar,
    composites,
    delegates,
    joint,
    logins,
    mandates,
    minutes,
    motions_book,
    papers,
    sessions,
    sitting_papers,
    tree,
    voting,
)
from smolny.domain import commands as c
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Decider, Fold

Reaction = Callable[[Assembly, Sequence[Event]], list[Event]]


def _deciders(
    tables: Sequence[Mapping[type[c.Command], Decider]],
) -> dict[type[c.Command], Decider]:
    # One decider for each command: a command two features decide is a mistake.
    deciders: dict[type[c.Command], Decider] = {}
    for table in tables:
        for command, decider in table.items():
            if command in deciders:
                raise TypeError(f"{command.__name__} is decided by two features")
            deciders[command] = decider
    return deciders


def _folds(tables: Sequence[Mapping[str, Fold]]) -> dict[str, tuple[Fold, ...]]:
    # Every feature's folds of each kind, in the order of the features.
    folds: dict[str, tuple[Fold, ...]] = {}
    for table in tables:
        for kind, fold in table.items():
            folds[kind] = (*folds.get(kind, ()), fold)
    return folds


DECIDERS: dict[type[c.Command], Decider] = _deciders(
    [
        bodies.DECIDERS,
        delegates.DECIDERS,
        tree.DECIDERS,
        sessions.DECIDERS,
        voting.DECIDERS,
        mandates.DECIDERS,
        joint.DECIDERS,
        minutes.DECIDERS,
        agenda.DECIDERS,
        logins.DECIDERS,
        accounts.DECIDERS,
        calendar.DECIDERS,
        papers.DECIDERS,
        composites.DECIDERS,
        sitting_papers.DECIDERS,
        motions_book.DECIDERS,
    ]
)

# in this order the folds of one kind run
FOLDS: dict[str, tuple[Fold, ...]] = _folds(
    [
        bodies.FOLDS,
        delegates.FOLDS,
        tree.FOLDS,
        sessions.FOLDS,
        voting.FOLDS,
        mandates.FOLDS,
        joint.FOLDS,
        minutes.FOLDS,
        agenda.FOLDS,
        logins.FOLDS,
        accounts.FOLDS,
        calendar.FOLDS,
        papers.FOLDS,
        composites.FOLDS,
        sitting_papers.FOLDS,
        motions_book.FOLDS,
    ]
)

REACTIONS: tuple[Reaction, ...] = (
    mandates.contests_decided,
    minutes.approvals_decided,
    agenda.agendas_decided,
    sitting_papers.papers_decided,
)
