"""The Second Congress of Soviets (seeds/EVENTS.md rows 4-18) and the Tauride Palace
joint session (rows 21-23), run through the engine alone under the robert rulebook.

The sources give 670 delegates: 300 Bolsheviks, 193 SRs (more than half of them Left
SRs), 68 Mensheviks, 14 Menshevik-Internationalists, the rest unaffiliated or in small
groups. Where they are vague the test picks plausible figures and says so: the SRs split
as 100 Left and 93 Right, the Bund as 10 of "the rest", the returning delegation of
Martov's group as 6, the votes on the decree as below.
"""

from __future__ import annotations

from importlib import resources

import pytest

from smolny.procedure import (
    ChangePresence,
    Delegate,
    Move,
    Recognise,
    Reply,
    RequestFloor,
    Yield,
    parse_rulebook,
    quorum_status,
)

FACTIONS = {
    "Bolsheviks": 300,
    "Left SRs": 100,  # plausible: "more than half" of the 193 SRs
    "SRs": 93,
    "Mensheviks": 68,
    "Menshevik-Internationalists": 14,
    "Bund": 10,  # plausible: one of the "tiny groups"
}
TOTAL = 670


def _congress() -> list[Delegate]:
    delegates = []
    for faction, size in FACTIONS.items():
        for i in range(size):
            delegates.append(Delegate(f"{faction}-{i + 1}", faction=faction, present=True))
    for i in range(TOTAL - len(delegates)):
        delegates.append(Delegate(f"unaffiliated-{i + 1}", present=True))
    # named speakers, as the sources name them
    names = {
        "Bolsheviks-1": "Lunacharsky",
        "Bolsheviks-2": "Trotsky",
        "Bolsheviks-3": "Kamenev",
        "Left SRs-1": "Mstislavsky",
        "Left SRs-2": "Kamkov",
        "Menshevik-Internationalists-1": "Martov",
    }
    return [Delegate(names.get(d.id, d.id), d.faction, d.body, d.present) for d in delegates]


@pytest.fixture
def congress(robert, make_chair):
    return make_chair(robert, members=TOTAL, delegates=_congress())


def test_the_second_congress(congress, robert):
    chair = congress
    assert len(chair.state.delegates) == TOTAL
    status = quorum_status(robert, chair.state)
    assert (status.present, status.quorum, status.quorate) == (670, 336, True)

    # Row 6: Martov's peaceful settlement, supported by Mstislavsky and Lunacharsky: unanimous
    chair.move(
        "martov-settlement",
        "main",
        "Martov",
        "Mstislavsky",
        text="That a peaceful settlement be sought and negotiations begun for a united "
        "socialist government",
    )
    for speaker in ("Mstislavsky", "Lunacharsky"):
        chair.do(RequestFloor(speaker, side="for"))
        chair.do(Recognise())
        chair.do(Yield())
    unanimous = chair.vote("martov-settlement", 670, 0, 0)
    assert unanimous.kind == "motion.adopted"
    assert unanimous.data["yes"] == unanimous.data["present_count"] == 670

    # Row 8: "We leave the present congress!": Mensheviks, SRs and Bund walk out
    for faction in ("Mensheviks", "SRs", "Bund"):
        events = chair.do(
            ChangePresence(
                present=False, faction=faction, declaration="We leave the present congress!"
            )
        )
        assert events[0].kind == "presence.changed"
    walked = chair.events[-1].data
    assert (walked["present_count"], walked["quorum"], walked["quorate"]) == (499, 336, True)
    assert "quorum.lost" not in chair.kinds()

    # Rows 11-12: Trotsky's condemnation of the departed; Martov speaks, Trotsky replies,
    # Martov's group walks out
    chair.move(
        "trotsky-condemnation",
        "main",
        "Trotsky",
        "Lunacharsky",
        text="That the Congress condemn the departure of the Mensheviks and SRs",
    )
    chair.do(RequestFloor("Martov", side="against", in_name_of="Menshevik-Internationalists"))
    chair.do(Recognise())
    chair.do(Yield())
    chair.do(Reply("Trotsky"))  # "into the dustbin of history"
    chair.do(Yield())
    chair.do(ChangePresence(present=False, faction="Menshevik-Internationalists"))
    assert quorum_status(robert, chair.state).present == 485

    # Row 15: ~4 AM a delegation of Martov's group re-enters; Kamenev moves to table
    # Trotsky's condemnation, "putting it into procedural limbo"
    delegation = tuple(f"Menshevik-Internationalists-{i}" for i in range(2, 8))
    chair.do(ChangePresence(present=True, delegates=delegation))
    assert quorum_status(robert, chair.state).present == 491
    chair.move("kamenev-table", "lay-on-the-table", "Kamenev", "Lunacharsky")
    chair.vote("kamenev-table", 400, 60, 31)
    condemnation = chair.state.question("trotsky-condemnation")
    assert condemnation.status == "tabled"  # stays in the record with its state
    assert chair.state.stack == ()

    # Row 16: Lenin's manifesto; one tiny verbal tweak wins the Left SRs; a minuscule
    # Menshevik faction abstains; "overwhelmingly voted through"
    chair.move(
        "lenin-manifesto",
        "main",
        "Lunacharsky",
        "Trotsky",
        text="To all Workers, Soldiers and Peasants: all power passes to the Soviets",
    )
    chair.move(
        "left-sr-tweak",
        "amend",
        "Kamkov",
        "Mstislavsky",
        strike="all power passes to the Soviets",
        text="all power passes to the Soviets of Workers', Soldiers' and Peasants' Deputies",
    )
    chair.vote("left-sr-tweak", 480, 5, 6)
    manifesto = chair.state.question("lenin-manifesto")
    assert manifesto.amended_text.endswith("Soviets of Workers', Soldiers' and Peasants' Deputies")
    decree = chair.vote("lenin-manifesto", 483, 2, 6)  # plausible figures
    assert decree.kind == "motion.adopted"
    assert decree.data["abstain"] == 6
    assert decree.data["text"] == manifesto.amended_text
    # row 17: the record shows the quorum behind the decision the departed contest
    assert (decree.data["present_count"], decree.data["quorum"], decree.data["quorate"]) == (
        491,
        336,
        True,
    )
    assert decree.data["explanation"].startswith("483 for, 2 against, 6 abstaining")

    # Row 18: the session ends
    chair.move("close", "adjourn", "Kamenev", "Trotsky")
    chair.vote("close", 450, 0)
    assert chair.state.status == "adjourned"
    assert chair.status("trotsky-condemnation") == "tabled"
    assert chair.status("martov-settlement") == chair.status("lenin-manifesto") == "adopted"


def test_a_walkout_under_a_stricter_quorum_loses_it(make_chair):
    """With a quorum of three quarters of the registered delegates, the walkout ends business."""
    text = _robert_text()
    strict = parse_rulebook(
        text.replace(
            'basis = "members"\nshare = "majority"', 'basis = "registered"\nshare = "3/4"'
        ),
        "strict.toml",
    )
    chair = make_chair(strict, members=TOTAL, delegates=_congress())
    assert quorum_status(strict, chair.state).quorum == 503
    for faction in ("Mensheviks", "SRs", "Bund"):
        chair.do(ChangePresence(present=False, faction=faction))
    assert chair.kinds()[-1] == "quorum.lost"
    assert chair.events[-1].data == {"present_count": 499, "quorum": 503, "at": None}
    refused = chair.refuse(Move("x", "main", "Trotsky", text="That the Congress proceed"))
    assert refused.rule == "quorum"
    assert (
        refused.reason
        == "Main motion is not in order: there is no quorum (499 present, 503 needed)"
    )
    # what the rulebook allows without a quorum is still in order
    chair.move("adj", "adjourn", "Trotsky", "Kamenev")
    chair.do(ChangePresence(present=True, faction="Bund"))
    assert chair.kinds()[-1] == "quorum.regained"


def _robert_text() -> str:
    return (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()


def test_tseretelli_proposal_left_pending_at_adjournment(robert, make_chair):
    """Row 23: Tseretelli proposes the plenary in Moscow; no vote is taken; the session adjourns."""
    executives = [
        Delegate(f"cec-{i}", faction="Mensheviks" if i % 2 else "SRs", body="CEC", present=True)
        for i in range(1, 41)
    ] + [Delegate(f"peasant-{i}", body="Peasants' Executive", present=True) for i in range(1, 31)]
    executives[0] = Delegate("Tseretelli", "Mensheviks", "CEC", True)
    executives[1] = Delegate("Martov", "Menshevik-Internationalists", "CEC", True)
    chair = make_chair(robert, members=70, delegates=executives)
    chair.move(
        "tseretelli-moscow",
        "main",
        "Tseretelli",
        "peasant-1",
        text="That the plenary session be held in Moscow",
    )
    chair.do(RequestFloor("peasant-2", side="for", in_name_of="Peasants' Executive"))
    chair.do(RequestFloor("Martov", side="against"))
    chair.do(Recognise())
    chair.do(Yield())
    chair.do(Recognise())
    assert chair.state.floor.delegate == "Martov"
    chair.do(Yield())
    chair.move("before-dawn", "adjourn", "cec-3", "cec-4")
    chair.vote("before-dawn", 40, 10)
    assert chair.state.status == "adjourned"
    assert chair.status("tseretelli-moscow") == "no-vote-taken"
    adjourned = chair.events[-1]
    assert adjourned.kind == "session.adjourned"
    assert adjourned.data["no_vote_taken"] == ["tseretelli-moscow"]
    assert not any(
        e.kind in ("motion.adopted", "motion.rejected")
        and e.data["question"] == "tseretelli-moscow"
        for e in chair.events
    )
