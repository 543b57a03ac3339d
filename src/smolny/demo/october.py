"""EVENTS.md 1-8 (seed 001): the Petrograd Soviet's emergency session at 2:35 PM, and the
Second Congress postponed, opened, its presidium allotted, Martov's motion carried, Kharash's
declaration and mandate contested, the walkout."""

from __future__ import annotations

import smolny.demo.words as w
from smolny.demo.clerk import ZONE, ZONE_NAME, Clerk, HallClock
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

CONGRESS = "second-congress"
PETROGRAD_SOVIET = "petrograd-soviet"
TWELFTH_ARMY = "twelfth-army-committee"
RULEBOOK = "congress-1917"
OLD_STYLE = (
    "The dates are Old Style (Julian), as the accounts give them: 25 October 1917 is "
    "7 November New Style. Times are Petrograd mean time."
)

# (slug, name, delegates, named delegates (name, sent by)) -- from the account in seed 001:
# "Of 670 delegates, 300 were Bolsheviks. 193 were SRs, more than half of them of the
# party's left; 68 Mensheviks, and 14 Menshevik-Internationalists. The rest were
# unaffiliated, or members of tiny groups."
FACTIONS: list[tuple[str, str, int, tuple[tuple[str, str | None], ...]]] = [
    (
        "bolsheviks",
        "Bolsheviks",
        300,
        tuple((n, None) for n in ("Trotsky", "Kamenev", "Zinoviev", "Lunacharsky", "Kollontai")),
    ),
    # the split of the 193 SRs is the demo's (a note in the record says so): "more than
    # half of them of the left", 150 of them, for which Sainte-Lague gives the presidium
    # the account reports (tests/counting/test_apportionment.py)
    (
        "left-srs",
        "Left Socialist Revolutionaries",
        150,
        (("Maria Spiridonova", None), ("Mstislavsky", None), ("Boris Kamkov", None)),
    ),
    ("srs", "Socialist Revolutionaries", 43, ()),
    ("mensheviks", "Mensheviks", 68, (("Dan", None), ("Khinchuk", "Moscow Soviet"))),
    ("menshevik-internationalists", "Menshevik-Internationalists", 14, (("Martov", None),)),
    # "tiny groups": the Bund is named in the account; its size is the demo's
    ("bund", "Jewish Bund", 7, (("Erlich", None),)),
]
UNAFFILIATED = 670 - sum(size for _, _, size, _ in FACTIONS)  # the soldier among them
SOLDIER = "an angry soldier (not named in the account)"


def petrograd_soviet(
    app: Smolny, chair: Principal, secretary: Principal, clock: HallClock
) -> dict[str, str]:
    """Act 1: the emergency session of the Petrograd Soviet at 2:35 PM, 25 October."""
    clock.set(10, 25, 14, 0)
    app.execute(
        c.CreateBody(PETROGRAD_SOVIET, "Petrograd Soviet", "council", rulebook=RULEBOOK),
        by=secretary,
    )
    app.execute(c.SetTimeZone(PETROGRAD_SOVIET, ZONE, ZONE_NAME), by=secretary)
    for slug, name in (
        ("bolsheviks", "Bolsheviks"),
        ("left-srs", "Left Socialist Revolutionaries"),
    ):
        app.execute(c.FormFaction(PETROGRAD_SOVIET, slug, name), by=secretary)
    named = ("Trotsky", "Lenin", "Zinoviev", "Lunacharsky", "Volodarsky")
    people = [c.NewDelegate(n, "bolsheviks") for n in named]
    sizes = {"bolsheviks": 420, "left-srs": 120, None: 60}
    for faction, size in sizes.items():
        first = len(named) + 1 if faction == "bolsheviks" else 1
        label = {"bolsheviks": "Bolshevik", "left-srs": "Left SR", None: "Unaffiliated"}[faction]
        people += [
            c.NewDelegate(f"Soviet deputy ({label}) {i}", faction) for i in range(first, size + 1)
        ]
    registered = app.execute(c.RegisterDelegates(PETROGRAD_SOVIET, tuple(people)), by=secretary)
    ids = {d["name"]: d["delegate"] for d in registered[0].data["delegates"]}

    clock.set(10, 25, 14, 35)
    opened = app.execute(
        c.OpenSession(
            PETROGRAD_SOVIET, "Emergency session, 25 October 1917", ids["Trotsky"], emergency=True
        ),
        by=chair,
    )
    soviet = Clerk(app, opened[0].data["session"], chair, secretary, ids)
    soviet.note(opened, OLD_STYLE)
    present = soviet.presence(arrived=tuple(i for n, i in ids.items() if n != "Lenin"))
    soviet.note(
        present,
        "The account gives neither the Soviet's size nor how many were in the hall (it was "
        "'teeming with delegates'): the demo's 600 deputies, all present but Lenin, who enters "
        "later.",
        field="present_count",
    )
    soviet.take_chair("Trotsky")
    soviet.report(
        "The Provisional Government no longer exists",
        w.TROTSKY_DECLARES,
        by="Trotsky",
        in_name_of=w.MRC,
        kind="announcement",
    )
    soviet.speak("Trotsky", w.TROTSKY_GOES_ON)
    soviet.presence(arrived=(ids["Lenin"],))
    soviet.interject(w.TROTSKY_WELCOMES_LENIN, name="Trotsky")
    soviet.speak("Lenin", w.LENIN)
    soviet.interject(w.ANTICIPATING, voice="someone")
    soviet.speak("Trotsky", w.TROTSKY_CALLS_BACK, quoted=True)
    for name in ("Volodarsky", "Zinoviev", "Lunacharsky"):
        soviet.speak(name)
    clock.set(10, 25, 16, 0)
    closed = soviet.close()
    soviet.note(closed, "The account does not say when the session ended: the time is the demo's.")
    return ids


def second_congress(app: Smolny, secretary: Principal) -> dict[str, str]:
    """Act 4: the congress, its factions and its 670 delegates; their ids by name."""
    app.execute(
        c.CreateBody(
            CONGRESS,
            "Second All-Russian Congress of Soviets",
            "congress",
            language="en",
            rulebook=RULEBOOK,
        ),
        by=secretary,
    )
    app.execute(c.SetTimeZone(CONGRESS, ZONE, ZONE_NAME), by=secretary)
    for slug, name, _, _ in FACTIONS:
        app.execute(c.FormFaction(CONGRESS, slug, name), by=secretary)
    people: list[c.NewDelegate] = []
    for slug, name, size, named in FACTIONS:
        people += [c.NewDelegate(n, slug, sent_by=sent) for n, sent in named]
        first = len(named) + 1 + (1 if slug == "mensheviks" else 0)  # and Kharash
        people += [c.NewDelegate(f"{name} delegate {i}", slug) for i in range(first, size + 1)]
    people.append(c.NewDelegate(SOLDIER))
    people += [c.NewDelegate(f"Unaffiliated delegate {i}") for i in range(2, UNAFFILIATED + 1)]
    registered = app.execute(c.RegisterDelegates(CONGRESS, tuple(people)), by=secretary)
    ids = {d["name"]: d["delegate"] for d in registered[0].data["delegates"]}
    # Kharash sits by the mandate of the Twelfth Army's committee (the soldier contests it)
    app.execute(
        c.CreateBody(TWELFTH_ARMY, "Committee of the Twelfth Army", "council", rulebook=RULEBOOK),
        by=secretary,
    )
    issued = app.execute(
        c.IssueMandate(TWELFTH_ARMY, CONGRESS, "Kharash", faction="mensheviks"), by=secretary
    )
    ids["Kharash"] = issued[0].data["delegate"]
    accepted = app.execute(
        c.CheckCredentials(CONGRESS, issued[0].data["mandate"], accepted=True), by=secretary
    )
    app.execute(
        c.AddNote(
            accepted[0].seq,
            "The account tells of no credentials check: the demo accepts Kharash's mandate so "
            "that he sits with a vote until it is contested.",
        ),
        by=secretary,
    )
    return ids
