"""The demo congress: the Second All-Russian Congress of Soviets, 25-26 October 1917.

Replayed through the service layer, act by act, as a chair and a secretary would
(../shared/seeds/EVENTS.md). Where the sources are vague the demo picks a plausible
value and says so in the act's note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

CONGRESS = "second-congress"
PETROGRAD = timezone(timedelta(hours=2, minutes=1), "Petrograd")  # local mean time, 1917

# (slug, name, delegates, known delegates) -- sizes from the account in seed 001:
# "Of 670 delegates, 300 were Bolsheviks. 193 were SRs, more than half of them of the
# party's left; 68 Mensheviks, and 14 Menshevik-Internationalists. The rest were
# unaffiliated, or members of tiny groups."
FACTIONS: list[tuple[str, str, int, tuple[str, ...]]] = [
    (
        "bolsheviks",
        "Bolsheviks",
        300,
        (
            "Vladimir Lenin",
            "Leon Trotsky",
            "Lev Kamenev",
            "Grigory Zinoviev",
            "Anatoly Lunacharsky",
            "Alexandra Kollontai",
            "Yakov Sverdlov",
            "Nikolai Krylenko",
        ),
    ),
    # The split of the 193 SRs is the demo's choice: "more than half of them of the left",
    # 150 of them, within the range (135-166) for which Sainte-Lague gives the presidium
    # the sources report (tests/counting/test_apportionment.py).
    (
        "left-srs",
        "Left Socialist Revolutionaries",
        150,
        ("Maria Spiridonova", "Boris Kamkov", "Sergei Mstislavsky", "Prosh Proshian"),
    ),
    ("srs", "Socialist Revolutionaries", 43, ("Mikhail Gendelman",)),
    ("mensheviks", "Mensheviks", 68, ("Fyodor Dan", "Lev Khinchuk", "Boris Kharash")),
    ("menshevik-internationalists", "Menshevik-Internationalists", 14, ("Julius Martov",)),
    # "Tiny groups": the Bund is named in the account; its size is the demo's choice.
    ("bund", "Jewish Bund", 7, ("Henryk Erlich",)),
]
UNAFFILIATED = 670 - sum(size for _, _, size, _ in FACTIONS)

MARTOV_MOTION = (
    "The Congress calls for an immediate ceasefire in Petrograd and for negotiations to begin "
    "without delay on a united, cross-party socialist government."
)


@dataclass(frozen=True)
class DemoLogins:
    """How to log in to the demo: staff passwords and one delegate's access code."""

    chair_password: str
    secretary_password: str
    delegate: str
    delegate_name: str
    delegate_code: str


class _HallClock:
    """The demo's clock: the acts are recorded at the times the sources give."""

    def __init__(self) -> None:
        self.now = datetime(1917, 10, 25, 12, 0, tzinfo=PETROGRAD)

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: int, hour: int, minute: int) -> None:
        self.now = datetime(1917, 10, day, hour, minute, tzinfo=PETROGRAD)


def load(app: Smolny) -> DemoLogins:
    """Replay the Second Congress into an empty record through the service layer."""
    if app.state.seq:
        raise ValueError("the record is not empty: the demo loads only into a new database")
    clock = _HallClock()
    saved, app.clock = app.clock, clock
    try:
        return _replay(app, clock)
    finally:
        app.clock = saved


def _replay(app: Smolny, clock: _HallClock) -> DemoLogins:
    _, chair_pw = app.create_account("chair", "chair", password=_demo_password())
    _, secretary_pw = app.create_account("secretary", "secretary", password=_demo_password())
    chair = Principal(_account_id(app, "chair"), "chair", "chair")
    secretary = Principal(_account_id(app, "secretary"), "secretary", "secretary")

    app.execute(
        c.CreateBody(CONGRESS, "Second All-Russian Congress of Soviets", "congress", language="en"),
        by=secretary,
    )
    for slug, name, _, _ in FACTIONS:
        app.execute(c.FormFaction(CONGRESS, slug, name), by=secretary)
    delegates: list[c.NewDelegate] = []
    for slug, _, size, known in FACTIONS:
        names = list(known) + [
            f"{slug.replace('-', ' ').title()} delegate {i}"
            for i in range(len(known) + 1, size + 1)
        ]
        delegates.extend(
            c.NewDelegate(n, slug, sent_by=_sending_body(i)) for i, n in enumerate(names)
        )
    delegates.extend(
        c.NewDelegate(f"Unaffiliated delegate {i}", None, sent_by=_sending_body(i))
        for i in range(1, UNAFFILIATED + 1)
    )
    registered = app.execute(c.RegisterDelegates(CONGRESS, tuple(delegates)), by=secretary)
    ids = {d["name"]: d["delegate"] for d in registered[0].data["delegates"]}

    clock.set(25, 22, 40)  # "postponed for hours" from 2 PM; the hall opened at 10:40 PM
    # EVENTS.md 2-3: the opening, postponed from 2 PM, is rung open by Dan of the outgoing CEC.
    session = app.execute(
        c.OpenSession(CONGRESS, "First sitting, 25-26 October 1917", opened_by=ids["Fyodor Dan"]),
        by=chair,
    )[0].data["session"]
    app.execute(
        c.RecordPresence(session, all_present=True, note="registration at the door"), by=secretary
    )

    # EVENTS.md 5: "the new, proportionally allotted presidium": 14 Bolsheviks, 7 Left SRs;
    # the Mensheviks abjure their three seats, Martov's group reserves its one.
    clock.set(25, 22, 50)
    app.execute(
        c.AllotPresidium(
            CONGRESS,
            seats=25,
            method="sainte-lague",
            factions=("bolsheviks", "left-srs", "mensheviks", "menshevik-internationalists"),
            declined=("mensheviks",),
            declined_seats="empty",
            reserved=("menshevik-internationalists",),
        ),
        by=chair,
    )

    clock.set(25, 23, 5)  # the demo's choice: soon after the new presidium took its seats
    # EVENTS.md 6: Martov's motion, supported from every side, carried unanimously.
    motion = app.execute(
        c.MoveMotion(
            session,
            "Peaceful settlement and a united socialist government",
            MARTOV_MOTION,
            mover=ids["Julius Martov"],
        ),
        by=chair,
    )[0].data["motion"]
    clock.set(25, 23, 40)
    poll = app.execute(c.OpenPoll(motion, "majority"), by=chair)[0].data["poll"]
    futures = [
        app.cast_vote(poll, Principal(d, "delegate", d), "yes")[1]
        for d in app.state.polls[poll].eligible
    ]
    for future in futures:
        future.result()
    clock.set(25, 23, 45)
    app.close_poll(poll, by=chair)

    code = app.issue_access_codes([ids["Julius Martov"]])[ids["Julius Martov"]]
    return DemoLogins(chair_pw, secretary_pw, ids["Julius Martov"], "Julius Martov", code)


def fresh_logins(app: Smolny) -> DemoLogins:
    """New demo passwords and a new access code, for a demo loaded by an earlier run."""
    martov = next(d for d in app.state.delegates.values() if d.name == "Julius Martov")
    return DemoLogins(
        app.reset_password("chair", _demo_password()),
        app.reset_password("secretary", _demo_password()),
        martov.id,
        martov.name,
        app.issue_access_codes([martov.id])[martov.id],
    )


def _account_id(app: Smolny, username: str) -> str:
    return next(k for k, v in app.state.accounts.items() if v["username"] == username)


def _demo_password() -> str:
    from smolny.adapters.credentials import new_password

    return new_password()


_SENDERS = (
    "Petrograd Soviet",
    "Moscow Soviet",
    "Kronstadt Soviet",
    "Baltic Fleet",
    "Twelfth Army",
    "Fifth Army",
    "Helsingfors Soviet",
    "Ivanovo-Voznesensk Soviet",
    "Kiev Soviet",
    "Minsk Soviet",
)


def _sending_body(index: int) -> str:
    return _SENDERS[index % len(_SENDERS)]
