"""EVENTS.md 21-23 (seed 003, Woytinsky): the joint session of the All-Russian Executive
Committee and the Peasants' Executive at the Tauride Palace, months before October."""

from __future__ import annotations

import smolny.demo.words as w
from smolny.demo.clerk import ZONE, ZONE_NAME, Clerk, HallClock
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

TAURIDE = "central-executive-committee"
PEASANTS_EXECUTIVE = "peasants-executive"
RULEBOOK = "congress-1917"
DEMOS = (
    "The account gives no date; the demo takes 3 July 1917 (Old Style, as the accounts give "
    "their dates), when the regiments marched to the Tauride Palace; the hour is the demo's."
)


def tauride_palace(
    app: Smolny, chair: Principal, secretary: Principal, clock: HallClock
) -> dict[str, str]:
    """Acts 21-23; the committee's delegates' ids by name."""
    clock.set(7, 3, 20, 0)
    ids = _bodies(app, secretary)
    # 21: "Our All-Russian Executive Committee and that of the Peasants met in a joint
    # session that lasted until long after midnight."
    clock.set(7, 3, 22, 0)
    opened = app.execute(
        c.OpenJointSession(
            (TAURIDE, PEASANTS_EXECUTIVE), "Joint session with the Peasants' Executive"
        ),
        by=chair,
    )
    session = opened[0].data["session"]
    hall = Clerk(app, session, chair, secretary, ids)
    hall.note(opened, DEMOS, field="at")
    present = hall.presence(all_present=True)
    hall.note(
        present,
        "The account gives neither the committees' sizes nor who was present; the demo seats "
        "40 and 30 members, all of them in the hall.",
        field="present_count",
    )
    hall.report(
        "Violence and looting", w.VIOLENCE, name="Reports from the city (the account names no one)"
    )
    # 22: the Section's resolution read to the two committees, and the hall's answer
    clock.set(7, 3, 22, 30)
    hall.report(
        "The resolution of the Workers' Section",
        w.SECTION_RESOLUTION,
        name=w.SECTION_CHAIRMAN,
        in_name_of="the Workers' Section of the Petrograd Soviet",
    )
    hall.interject(w.PROVINCIALS, voice="provincial delegates")
    hall.interject(w.PEASANTS, voice="angry representatives of the peasants")
    hall.speak("Trotsky", w.TROTSKY_JULY)
    # 23: Tseretelli's proposal for the presiding board; applauded and opposed; no vote
    clock.set(7, 4, 1, 0)
    hall.report(
        "The plenary session in Moscow",
        w.TSERETELLI,
        by="Tseretelli",
        in_name_of="the presiding board of the All-Russian Executive Committee",
        kind="announcement",
    )
    moscow, moved = hall.move("The plenary session in Moscow", w.MOSCOW, "Tseretelli")
    hall.note(moved, "The time is not in the account; set by the demo.", field="at")
    hall.interject(w.APPLAUSE, voice="the peasant delegates", quoted=False)
    hall.speak("Martov", w.MARTOV_OPPOSES, side="against")
    # "No vote was taken, and the session adjourned before dawn"
    clock.set(7, 4, 2, 30)
    adjourned = hall.adjourned(w.NO_VOTE)
    hall.note(
        adjourned,
        "The account gives no hour but 'before dawn' (sunrise in Petrograd about 3 AM): the "
        "time, 2:30 AM, is the demo's.",
        field="at",
    )
    return ids


def _bodies(app: Smolny, secretary: Principal) -> dict[str, str]:
    """The two executive committees, in Petrograd's time, and their members."""
    app.execute(
        c.CreateBody(
            TAURIDE,
            "All-Russian Central Executive Committee",
            "executive-committee",
            rulebook=RULEBOOK,
        ),
        by=secretary,
    )
    app.execute(
        c.CreateBody(
            PEASANTS_EXECUTIVE,
            "Executive Committee of the All-Russian Soviet of Peasants' Deputies",
            "executive-committee",
            rulebook=RULEBOOK,
        ),
        by=secretary,
    )
    for body in (TAURIDE, PEASANTS_EXECUTIVE):
        app.execute(c.SetTimeZone(body, ZONE, ZONE_NAME), by=secretary)
    # the members the account names, and numbered members to fill the committees
    named = ("Tseretelli", "Martov", "Trotsky")
    committee = [c.NewDelegate(n) for n in named] + [
        c.NewDelegate(f"Committee member {i}") for i in range(len(named) + 1, 41)
    ]
    ids = _register(app, secretary, TAURIDE, committee)
    _register(
        app,
        secretary,
        PEASANTS_EXECUTIVE,
        [c.NewDelegate(f"Peasants' Executive member {i}") for i in range(1, 31)],
    )
    return ids


def _register(
    app: Smolny, secretary: Principal, body: str, people: list[c.NewDelegate]
) -> dict[str, str]:
    entries = app.execute(c.RegisterDelegates(body, tuple(people)), by=secretary)
    return {d["name"]: d["delegate"] for d in entries[0].data["delegates"]}
