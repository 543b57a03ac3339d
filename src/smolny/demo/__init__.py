"""The demo: the three accounts of 1917 (../shared/seeds/EVENTS.md), all 23 acts.

Replayed through the service layer, act by act, as a chair and a secretary would, in the
order the acts took place: the Tauride Palace in July (acts 21-23); the Second Congress
called for 2 PM on 25 October and postponed, the Petrograd Soviet's emergency session at
2:35 PM (act 1), the Congress's first sitting through the night to the decree at 5:00 AM
(acts 2-18); the triumphal session at Smolny in November (acts 19-20). The names, words,
numbers and times are the accounts'; where the demo must set a value they do not give (a
time, a size), a note in the record says so. Dates are Old Style, as the accounts give them.
"""

from __future__ import annotations

from dataclasses import dataclass

from smolny.demo.clerk import PETROGRAD, HallClock, replay
from smolny.demo.congress import first_sitting, schedule
from smolny.demo.july import PEASANTS_EXECUTIVE, TAURIDE, tauride_palace
from smolny.demo.november import PEASANTS_CONGRESS, TRIUMPHAL_SPEAKERS, TSIK, triumphal_session
from smolny.demo.october import CONGRESS, PETROGRAD_SOVIET, petrograd_soviet, second_congress
from smolny.service.app import Principal, Smolny

__all__ = [
    "CONGRESS",
    "PEASANTS_CONGRESS",
    "PEASANTS_EXECUTIVE",
    "PETROGRAD",
    "PETROGRAD_SOVIET",
    "TAURIDE",
    "TRIUMPHAL_SPEAKERS",
    "TSIK",
    "DemoLogins",
    "fresh_logins",
    "load",
]
DELEGATE = "Martov"  # the delegate whose access code the demo prints


@dataclass(frozen=True)
class DemoLogins:
    """How to log in to the demo: staff passwords and one delegate's access code."""

    chair_password: str
    secretary_password: str
    delegate: str
    delegate_name: str
    delegate_code: str


def load(app: Smolny) -> DemoLogins:
    """Replay the three accounts into an empty record through the service layer."""
    return replay(app, HallClock(), _replay)


def _replay(app: Smolny, clock: HallClock) -> DemoLogins:
    _, chair_pw = app.accounts.create_account("chair", "chair", password=_demo_password())
    _, secretary_pw = app.accounts.create_account(
        "secretary", "secretary", password=_demo_password()
    )
    chair = Principal(_account_id(app, "chair"), "chair", "chair")
    secretary = Principal(_account_id(app, "secretary"), "secretary", "secretary")

    tauride_palace(app, chair, secretary, clock)  # July: acts 21-23
    clock.set(10, 25, 9, 0)
    ids = second_congress(app, secretary)  # act 4
    sitting = schedule(app, secretary, clock)  # act 2: called for 2 PM, postponed
    soviet = petrograd_soviet(app, chair, secretary, clock)  # act 1, at 2:35 PM
    first_sitting(app, chair, secretary, clock, sitting, ids)  # acts 2-18
    triumphal_session(app, chair, secretary, clock, sitting, soviet)  # November: acts 19-20

    martov = ids[DELEGATE]
    code = app.accounts.issue_access_codes(CONGRESS, [martov], by=secretary)[martov]
    return DemoLogins(chair_pw, secretary_pw, martov, DELEGATE, code)


def fresh_logins(app: Smolny) -> DemoLogins:
    """New demo passwords and a new access code, for a demo loaded by an earlier run."""
    martov = next(
        d for d in app.state.delegates.values() if d.name == DELEGATE and d.body == CONGRESS
    )
    return DemoLogins(
        app.accounts.reset_password("chair", _demo_password()),
        app.accounts.reset_password("secretary", _demo_password()),
        martov.id,
        martov.name,
        app.accounts.issue_access_codes(CONGRESS, [martov.id])[martov.id],
    )


def _account_id(app: Smolny, username: str) -> str:
    return next(k for k, v in app.state.accounts.items() if v["username"] == username)


def _demo_password() -> str:
    from smolny.adapters.credentials import new_password

    return new_password()
