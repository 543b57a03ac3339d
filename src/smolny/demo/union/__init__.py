"""The demo's second, modern example: a union's congress, invented (issue 19).

The National Union of Health and Care Workers (no real union) holds its annual congress in
June 2026, 60 delegates sent by seven regional councils in proportion to their membership,
under a union's standing orders (`union-standing-orders`) and the `union-congress`
workflow for its papers. Replayed through the service layer, act by act, in the order of
the union's year: the deadlines set in January; the councils' ten motions by 13 March,
through their secretaries' accounts; the standing orders committee's rulings (one motion
ruled out of order, appealed); the amendments by 24 April; the three motions on staffing
composited with their councils' consent; the committee's recommendations; the delegates
registered; a late emergency motion admitted by the rule; the councils' instructions to
their delegates; then the first day's sitting (`sitting.py`). Everything in it is the
demo's: a note in the record says so, as the 1917 demo's notes say what the accounts do
not give.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import smolny.demo.union.before as before
from smolny.demo.clerk import replay
from smolny.demo.union.before import Papers, UnionClock
from smolny.demo.union.people import (
    BY_SLUG,
    CONGRESS,
    CONGRESS_NAME,
    COUNCILS,
    INVENTED,
    Union,
    council_accounts,
    found_the_union,
    register_delegates,
)
from smolny.demo.union.sitting import DEPARTURES, Sitting, the_congress
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

__all__ = [
    "CONGRESS",
    "CONGRESS_NAME",
    "COUNCILS",
    "DEPARTURES",
    "Papers",
    "Sitting",
    "UnionDemo",
    "UnionLogins",
    "fresh_logins",
    "load",
]


@dataclass(frozen=True)
class UnionLogins:
    """How to log in to the union's demo: the staff passwords by user name (the chair, the
    secretariat, each council's secretary) and delegates' access codes by name (the leader
    of each council's delegation, and the delegates who departed from their instructions)."""

    passwords: dict[str, str]
    codes: dict[str, str]
    councils: dict[str, str]  # the region whose council sent each delegate shown, by name

    def rows(self) -> list[tuple[str, str, str]]:
        """(who, user name, secret) for each login, as `smolny demo` prints them."""
        found = [
            ("chair", "user name chair", "password " + self.passwords["chair"]),
            ("secretariat", "user name secretary", "password " + self.passwords["secretary"]),
        ]
        found += [
            (
                f"council secretary ({council.region})",
                f"user name {council.account}",
                "password " + self.passwords[council.account],
            )
            for council in COUNCILS
        ]
        found += [
            (f"delegate ({name}, {self.councils[name]})", "", "access code " + code)
            for name, code in self.codes.items()
        ]
        return found


@dataclass(frozen=True)
class UnionDemo:
    """The loaded demo: its logins, the papers' numbers, and the sitting (its named votes by
    paper number, which a council's report back reads)."""

    logins: UnionLogins
    papers: Papers
    sitting: Sitting


def load(app: Smolny) -> UnionDemo:
    """Replay the union's year into an empty record through the service layer."""
    return replay(app, UnionClock(), _replay)


def _replay(app: Smolny, clock: UnionClock) -> UnionDemo:
    passwords: dict[str, str] = {}
    for username in ("chair", "secretary"):
        passwords[username] = app.accounts.create_account(
            username, username, password=_demo_password()
        )[1]
    chair = Principal(_account_id(app, "chair"), "chair", "chair")
    secretary = Principal(_account_id(app, "secretary"), "secretary", "secretary")
    first, shares = found_the_union(app, secretary)
    app.execute(c.AddNote(first, INVENTED), by=secretary)
    councils, council_passwords = council_accounts(app, _demo_password)
    passwords |= council_passwords
    union = Union({}, {}, councils)
    papers = before.before_the_congress(app, secretary, clock, union)
    clock.set(5, 20, 10)  # the councils have elected their delegates
    ids, sent_by = register_delegates(app, secretary, shares)
    union = Union(ids, sent_by, councils)
    before.emergency(app, secretary, clock, union, papers)
    before.instruct(app, clock, union, papers)
    sitting = the_congress(app, chair, secretary, clock, union, papers)
    codes = _codes(app, secretary, union)
    return UnionDemo(UnionLogins(passwords, codes, _councils(union, codes)), papers, sitting)


def _shown(union: Union) -> list[str]:
    """The delegates whose access codes the demo prints: each delegation's leader, and the
    delegates who departed from their council's instructions."""
    leaders = [union.of(council.slug)[0] for council in COUNCILS]
    return leaders + [name for _, name in DEPARTURES if name not in leaders]


def _codes(app: Smolny, secretary: Principal | None, union: Union) -> dict[str, str]:
    names = _shown(union)
    issued = app.accounts.issue_access_codes(
        CONGRESS, [union.ids[n] for n in names], **({"by": secretary} if secretary else {})
    )
    return {name: issued[union.ids[name]] for name in names}


def fresh_logins(app: Smolny) -> UnionLogins:
    """New demo passwords and access codes, for a demo loaded by an earlier run."""
    passwords = {
        username: app.accounts.reset_password(username, _demo_password())
        for username in ("chair", "secretary", *(council.account for council in COUNCILS))
    }
    delegates = [d for d in app.state.delegates.values() if d.body == CONGRESS]
    union = Union(
        {d.name: d.id for d in delegates}, {d.name: d.sent_by or "" for d in delegates}, {}
    )
    codes = _codes(app, None, union)
    return UnionLogins(passwords, codes, _councils(union, codes))


def _councils(union: Union, names: Iterable[str]) -> dict[str, str]:
    return {name: BY_SLUG[union.sent_by[name]].region for name in names}


def _account_id(app: Smolny, username: str) -> str:
    return next(k for k, v in app.state.accounts.items() if v["username"] == username)


def _demo_password() -> str:
    from smolny.adapters.credentials import new_password

    return new_password()
