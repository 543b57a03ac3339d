"""EVENTS.md 2-18 (seed 001): the first sitting of the Second Congress, 25-26 October 1917,
from its postponement to the decree at 5:00 AM and the end of the sitting at dawn."""

from __future__ import annotations

from typing import Any

import smolny.demo.words as w
from smolny import procedure
from smolny.demo.clerk import Clerk, HallClock
from smolny.demo.october import CONGRESS, OLD_STYLE, SOLDIER
from smolny.domain import commands as c
from smolny.record import kinds as k
from smolny.service.app import Principal, Smolny

TIMES = "The account gives no time for this act: the time is the demo's."


def schedule(app: Smolny, secretary: Principal, clock: HallClock) -> str:
    """Act 2: the opening set for 2:00 PM, then postponed; the sitting's id."""
    clock.set(10, 25, 10, 0)
    scheduled = app.execute(
        c.ScheduleSession(CONGRESS, "First sitting, 25-26 October 1917", clock.iso(10, 25, 14, 0)),
        by=secretary,
    )
    session: str = scheduled[0].data["session"]
    _note(app, secretary, scheduled, "When the sitting was called is not in the account.")
    clock.set(10, 25, 13, 0)
    postponed = app.execute(c.PostponeSession(session, reason=w.POSTPONED), by=secretary)
    _note(
        app,
        secretary,
        postponed,
        "The account says only that noon had come and gone: the hour is the demo's.",
    )
    return session


def first_sitting(
    app: Smolny,
    chair: Principal,
    secretary: Principal,
    clock: HallClock,
    session: str,
    ids: dict[str, str],
) -> None:
    """Acts 2-18, in the account's order."""
    hall = Clerk(app, session, chair, secretary, ids)
    _opening(hall, clock)
    _settlement(hall, clock)
    _kharash_and_the_walkout(hall, clock)
    condemnation = _martov_leaves(hall, clock)
    _the_night(hall, clock, condemnation)
    _the_decree(hall, clock)


def _opening(hall: Clerk, clock: HallClock) -> None:
    """Acts 2-5: opened after almost eight hours, by Dan; the presidium allotted."""
    clock.set(10, 25, 22, 40)
    opened = hall.app.execute(
        c.OpenSession(
            CONGRESS, "First sitting, 25-26 October 1917", hall.ids["Dan"], scheduled=hall.session
        ),
        by=hall.chair,
    )
    hall.note(opened, OLD_STYLE)
    hall.note(
        opened,
        "The account: 'after almost eight hours of stalling', 'an hour after that first shot'; "
        "the minute, 10:40 PM, is the demo's.",
        field="at",
    )
    present = hall.presence(all_present=True)
    hall.note(
        present,
        "The account does not say how many were in the hall: the demo has all 670 present.",
        field="present_count",
    )
    hall.take_chair("Dan")
    hall.report(
        "The opening",
        w.DAN,
        by="Dan",
        in_name_of="the Central Executive Committee",
        kind="announcement",
    )
    # 5: "the new, proportionally allotted presidium": 14 Bolsheviks, 7 Left SRs; the
    # Mensheviks abjure their three seats, Martov's group reserves its one
    clock.set(10, 25, 22, 50)
    allotted = hall.app.execute(
        c.AllotPresidium(
            CONGRESS,
            seats=25,
            method="sainte-lague",
            factions=("bolsheviks", "left-srs", "mensheviks", "menshevik-internationalists"),
            declined=("mensheviks",),
            declined_seats="empty",
            reserved=("menshevik-internationalists",),
        ),
        by=hall.chair,
    )
    hall.note(
        allotted,
        "The account gives the seats (14, 7, 3 declined, 1 reserved), not the rule: 25 seats by "
        "Sainte-Laguë give them with the demo's 150 Left SRs of the 193 SRs ('more than half').",
    )
    hall.take_chair(described="The new presidium (the account names no chairman)")


def _settlement(hall: Clerk, clock: HallClock) -> None:
    """Act 6: Martov's call for a peaceful settlement, carried unanimously."""
    clock.set(10, 25, 23, 0)
    settlement, moved = hall.move("Peaceful settlement", w.MARTOV_MOTION, "Martov")
    hall.note(moved, TIMES, field="at")
    hall.speak("Mstislavsky", w.MSTISLAVSKY, in_name_of="left-srs", side="for")
    hall.speak("Lunacharsky", w.LUNACHARSKY_FOR, quoted=True, in_name_of="bolsheviks", side="for")
    clock.set(10, 25, 23, 10)
    declared = hall.declare(settlement, words=w.UNANIMOUS)
    hall.note(declared, "The account gives no figures and not how the delegates voted.")


def _kharash_and_the_walkout(hall: Clerk, clock: HallClock) -> None:
    """Acts 7-8: Kharash's declaration, his mandate contested; Khinchuk, Erlich, the walkout."""
    clock.set(10, 25, 23, 20)
    spoke = hall.speak("Kharash", w.KHARASH, quoted=True, in_name_of="mensheviks")
    hall.note(spoke, TIMES, field="at")
    hall.interject(w.SOLDIER, name=SOLDIER)
    contested = hall.app.execute(
        c.ContestMandate(CONGRESS, hall.ids["Kharash"], hall.ids[SOLDIER], w.SOLDIER),
        by=hall.chair,
    )
    contest = next(e.data["motion"] for e in contested if e.kind == k.MANDATE_CONTESTED)
    hall.interject(w.HECKLES, voice="Right SRs and Mensheviks", quoted=False)
    hall.set_aside(contest, "The account tells of no decision on the soldier's challenge")
    clock.set(10, 25, 23, 40)
    hall.speak("Khinchuk", w.KHINCHUK, quoted=True)
    hall.interject(w.WE_LEAVE, name="Khinchuk")
    hall.speak("Erlich", w.ERLICH, in_name_of="bund")
    clock.set(10, 25, 23, 50)
    left = hall.presence(faction="mensheviks", faction_leaves=True, declaration=w.WE_LEAVE)
    hall.note(left, TIMES, field="at")
    hall.presence(faction="bund", faction_leaves=True)
    srs = hall.presence(faction="srs", faction_leaves=True)
    hall.note(
        srs,
        "'And a smattering of others' walked out too: who and how many is not in the account, "
        "so the record has only the Mensheviks, the Bund and the SRs (the demo's 43 right SRs).",
    )


def _martov_leaves(hall: Clerk, clock: HallClock) -> str:
    """Acts 9-12: Martov's motion, the Duma fraction, Trotsky's reply, Martov's group leaves,
    the denunciation passed; Trotsky's condemnation moved. The condemnation's id."""
    clock.set(10, 26, 1, 0)
    martov, moved = hall.move("Against the pre-emption", w.MARTOV_RESOLUTION, "Martov")
    hall.note(
        moved, "'Two hours' after his first proposal (the account): the minute is the demo's."
    )
    hall.guest(w.DUMA_FRACTION, w.DUMA, "the City Duma", quoted=True)
    clock.set(10, 26, 1, 10)
    hall.act(procedure.Reply(hall.ids["Trotsky"]))
    hall.act(procedure.Yield(words=w.TROTSKY_DUSTBIN, quoted=True))
    hall.interject(w.THEN_WE_LEAVE, name="Martov")
    hall.interject(w.WE_HAD_THOUGHT, voice="a delegate who barred his way")
    hall.interject(w.ONE_DAY, name="Martov")
    hall.presence(
        faction="menshevik-internationalists", faction_leaves=True, declaration=w.THEN_WE_LEAVE
    )
    hall.set_aside(martov, "Martov and his group left the hall; the account tells of no vote on it")
    clock.set(10, 26, 1, 30)
    denunciation, moved = hall.move("Denunciation of the departed", w.DENUNCIATION, "Trotsky")
    hall.note(
        moved,
        "The account gives neither the text nor the mover: the text is its description, the "
        "mover (Trotsky), the time and the voice vote are the demo's.",
    )
    hall.declare(denunciation, words=w.QUICKLY_PASSED)
    clock.set(10, 26, 1, 40)
    condemnation, moved = hall.move(
        "Condemnation of the SRs and Mensheviks", w.CONDEMNATION, "Trotsky"
    )
    hall.note(
        moved,
        "The account names 'Trotsky's condemnation of the SRs and Mensheviks' only when it is "
        "tabled at 4 AM: its text and when it was moved are not in it.",
    )
    return condemnation


def _the_night(hall: Clerk, clock: HallClock, condemnation: str) -> None:
    """Acts 13-15 and 17: Kamkov and Lunacharsky; the departed's claim; the arrest and the
    reports; Martov's delegation returns; the condemnation tabled."""
    clock.set(10, 26, 2, 0)
    spoke = hall.speak("Boris Kamkov", w.KAMKOV, in_name_of="left-srs")
    hall.note(spoke, TIMES, field="at")
    hall.speak("Lunacharsky", w.LUNACHARSKY_ANSWERS, quoted=True)
    claimed = hall.statement(
        CONGRESS,
        w.NOT_TAKEN_PLACE,
        w.THE_DEPARTED,
        "the Central Executive Committee",
    )
    hall.note(
        claimed,
        "Announced outside the hall 'at that very moment' (the account): recorded at the "
        "time of Lunacharsky's answer.",
        field="at",
    )
    clock.set(10, 26, 3, 10)
    news = hall.report(
        "The arrest of the Provisional Government",
        w.KAMENEV_ARREST,
        by="Kamenev",
        kind="announcement",
    )
    hall.note(news, "'Past 3:00 AM' (the account): the minute is the demo's.", field="at")
    hall.report(
        "Units coming over",
        w.UNITS_COMING_OVER,
        name="Reports coming in (the account names no one)",
    )
    hall.interject(w.RELEASE, voice="someone", quoted=False)
    hall.speak("Trotsky", w.FALSE_COMRADES)
    clock.set(10, 26, 4, 0)
    back = [hall.ids[f"Menshevik-Internationalists delegate {i}"] for i in range(2, 8)]
    returned = hall.presence(arrived=tuple(back))
    hall.note(
        returned,
        "'A delegation from Martov's group' (the account): its size and members are the demo's.",
        field="delegates",
    )
    hall.interject(w.RESUBMIT, voice="a delegation from Martov’s group", quoted=False)
    hall.speak("Kamenev", w.KAMENEV_REMINDS)
    table, _ = hall.move("", "", "Kamenev", motion="lay-on-the-table", applies_to=condemnation)
    tabled = hall.declare(table, words=w.LIMBO)
    hall.note(
        tabled,
        "The account tells of no vote on Kamenev's motion, only its effect: the voice vote is "
        "the demo's.",
    )


def _the_decree(hall: Clerk, clock: HallClock) -> None:
    """Acts 16 and 18: Lenin's manifesto, read by Lunacharsky, amended for the Left SRs and
    voted through at 5:00 AM; the sitting ends at dawn."""
    clock.set(10, 26, 4, 20)
    manifesto, moved = hall.move(w.MANIFESTO_TITLE, w.MANIFESTO, "Lunacharsky")
    hall.note(
        moved,
        "The text is the account's summary of the manifesto, not the manifesto itself; the "
        "time is the demo's.",
    )
    hall.speak("Lunacharsky", w.KORNILOVITES, quoted=True)
    hall.interject(w.CHEERS, voice="the hall", quoted=False)
    clock.set(10, 26, 4, 45)
    tweak, moved = hall.move(
        "The Left SRs' tweak",
        w.MANIFESTO_TWEAK,
        "Boris Kamkov",
        motion="amend",
        applies_to=manifesto,
        strike=w.MANIFESTO_STRUCK,
    )
    hall.note(
        moved,
        "'One tiny verbal tweak ensured Left SR assent': the words, the mover, the time and the "
        "voice vote are the demo's.",
    )
    hall.declare(tweak, words=w.TWEAK)
    clock.set(10, 26, 5, 0)
    decreed = hall.declare(manifesto, words=w.OVERWHELMINGLY)
    hall.note(
        decreed,
        "The account gives no figures, and not how the hall voted: 'overwhelmingly voted through'.",
    )
    clock.set(10, 26, 5, 30)
    closed = hall.close()
    hall.note(
        closed,
        "The delegates 'walked into the winter under a dim but lightening sky': the minute is "
        "the demo's.",
    )


def _note(app: Smolny, secretary: Principal, entries: list[Any], text: str) -> None:
    # before the sitting opens: the note takes the sitting from the entry it is on
    app.execute(c.AddNote(entries[0].seq, text), by=secretary)
