"""EVENTS.md 19-20 (seed 000, Reed): the joint "triumphal session" of the Central Executive
Committee, the whole Petrograd Soviet and the Peasants' Congress at Smolny."""

from __future__ import annotations

import smolny.demo.words as w
from smolny.demo.clerk import ZONE, ZONE_NAME, Clerk, HallClock
from smolny.demo.october import CONGRESS, PETROGRAD_SOVIET, RULEBOOK
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

TSIK = "tsik"
PEASANTS_CONGRESS = "peasants-congress"
# the speakers after Zinoviev's announcement, in the account's order: (name, in whose name,
# words, quoted)
TRIUMPHAL_SPEAKERS: tuple[tuple[str, str | None, str | None, bool], ...] = (
    ("Sverdlov", None, w.SVERDLOV, False),
    ("Maria Spiridonova", None, w.SPIRIDONOVA, True),
    ("Trotsky", None, w.TROTZKY, True),
    ("Krylenko", None, w.KRYLENKO, True),
    ("Dybenko", "the Fleet", w.DYBENKO, False),
    ("Lunacharsky", None, None, False),
    ("Proshian", "left-srs", None, False),
    ("Saharashvili", "united-sd-internationalists", None, False),
)


def triumphal_session(
    app: Smolny,
    chair: Principal,
    secretary: Principal,
    clock: HallClock,
    elected_by: str,
    soviet: dict[str, str],
) -> None:
    """Acts 19-20."""
    clock.set(11, 15, 19, 0)
    ids = {**soviet, **_bodies(app, secretary, elected_by)}
    # "weeks later": the account gives no date
    clock.set(11, 15, 21, 0)
    opened = app.execute(
        c.OpenJointSession(
            (TSIK, PETROGRAD_SOVIET, PEASANTS_CONGRESS),
            "Triumphal session with the Peasants' Congress",
        ),
        by=chair,
    )
    hall = Clerk(app, opened[0].data["session"], chair, secretary, ids)
    hall.note(
        opened,
        "'Weeks later' (the account gives no date): the demo takes 15 November 1917, Old Style, "
        "when the agreement with the Peasants' Congress was made; the hour is the demo's, and so "
        "are the sizes of the three bodies (101, 600, 330), all of them present.",
        field="at",
    )
    state = app.state.bodies
    waiting = [d for b in (TSIK, PETROGRAD_SOVIET) for d in state[b].delegates]
    hall.presence(arrived=tuple(waiting))
    # 19: "the Tsay-ee-kah was waiting, with the whole Petrograd Soviet"; Zinoviev announces
    # the agreement, the procession comes in, the presidium makes place for the Peasants'
    hall.report("The agreement with the Peasants' Congress", "", by="Zinoviev", kind="announcement")
    hall.interject(w.ROAR, voice="the hall", quoted=False)
    clock.set(11, 15, 21, 15)
    hall.presence(arrived=tuple(state[PEASANTS_CONGRESS].delegates))
    app.execute(c.SeatPresidium(hall.session, PEASANTS_CONGRESS, makes_place=TSIK), by=chair)
    # 20: "Then opened the triumphal session": the speakers, in the account's order
    clock.set(11, 15, 21, 20)
    for name, in_name_of, words, quoted in TRIUMPHAL_SPEAKERS:
        spoke = hall.speak(name, words, quoted=quoted, in_name_of=in_name_of)
        if name == "Sverdlov":
            hall.note(spoke, "The times of the speeches are the demo's: the account gives none.")
        if name == "Dybenko":  # "Krushinsky, member of the Vikzhel, said"
            clock.later(10)
            hall.guest(
                "Krushinsky, member of the Vikzhel", w.KRUSHINSKY, "the Vikzhel", quoted=True
            )
        clock.later(10)
    clock.set(11, 15, 23, 0)
    closed = hall.close()
    hall.note(closed, "The account does not say when the session ended: the time is the demo's.")


def _bodies(app: Smolny, secretary: Principal, elected_by: str) -> dict[str, str]:
    """The Central Executive Committee and the Peasants' Congress, with their members; the
    ids by name (the Petrograd Soviet sits as in October)."""
    app.execute(
        c.CreateBody(
            TSIK,
            "Central Executive Committee",
            "executive-committee",
            parent=CONGRESS,
            elected_by=elected_by,
            rulebook=RULEBOOK,
        ),
        by=secretary,
    )
    app.execute(
        c.CreateBody(
            PEASANTS_CONGRESS,
            "Extraordinary All-Russian Congress of Peasants' Deputies",
            rulebook=RULEBOOK,
        ),
        by=secretary,
    )
    names = {
        "bolsheviks": "Bolsheviks",
        "left-srs": "Left Socialist Revolutionaries",
        "srs": "Socialist Revolutionaries",
        "united-sd-internationalists": "United Social Democrats Internationalists",
    }
    factions = {
        TSIK: ("bolsheviks", "left-srs", "united-sd-internationalists"),
        PEASANTS_CONGRESS: ("left-srs", "srs", "bolsheviks"),
    }
    for body, slugs in factions.items():
        app.execute(c.SetTimeZone(body, ZONE, ZONE_NAME), by=secretary)
        for slug in slugs:
            app.execute(c.FormFaction(body, slug, names[slug]), by=secretary)
    # the sizes are the demo's (a note says so): a committee of 101 as the Second Congress
    # elected; a Peasants' Congress of 330, the Left SRs the largest group
    tsik = _members(
        app,
        secretary,
        TSIK,
        (
            ("Sverdlov", "bolsheviks", None),
            ("Trotsky", "bolsheviks", None),
            ("Krylenko", "bolsheviks", None),
            ("Lunacharsky", "bolsheviks", None),
            ("Dybenko", "bolsheviks", "the Fleet"),
            ("Proshian", "left-srs", None),
            ("Saharashvili", "united-sd-internationalists", None),
        ),
        {"bolsheviks": 62, "left-srs": 29, "united-sd-internationalists": 6, None: 4},
        "Committee member",
    )
    peasants = _members(
        app,
        secretary,
        PEASANTS_CONGRESS,
        (("Maria Spiridonova", "left-srs", None),),
        {"left-srs": 195, "srs": 65, "bolsheviks": 37, None: 33},
        "Peasants' deputy",
    )
    # the two presidiums that embrace on the platform (their sizes the demo's)
    app.execute(c.AllotPresidium(TSIK, seats=7, factions=("bolsheviks", "left-srs")), by=secretary)
    app.execute(
        c.AllotPresidium(PEASANTS_CONGRESS, seats=5, factions=("left-srs", "bolsheviks")),
        by=secretary,
    )
    return {**peasants, **tsik}


def _members(
    app: Smolny,
    secretary: Principal,
    body: str,
    known: tuple[tuple[str, str | None, str | None], ...],
    sizes: dict[str | None, int],
    label: str,
) -> dict[str, str]:
    """The named members (name, faction, sending body), then numbered ones to fill each
    faction to its size; their ids by name."""
    people = [c.NewDelegate(n, f, sent_by=b) for n, f, b in known]
    for faction, size in sizes.items():
        named = sum(1 for _, f, _ in known if f == faction)
        for _ in range(named, size):
            people.append(c.NewDelegate(f"{label} {len(people) + 1}", faction))
    entries = app.execute(c.RegisterDelegates(body, tuple(people)), by=secretary)
    return {d["name"]: d["delegate"] for d in entries[0].data["delegates"]}
