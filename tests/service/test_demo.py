"""The demo congress replays the sources (seeds/EVENTS.md) into a record that shows them."""

from __future__ import annotations

import pytest

from smolny import demo
from smolny.service.app import Smolny


@pytest.fixture(scope="module")
def congress(tmp_path_factory: pytest.TempPathFactory) -> Smolny:
    app = Smolny.open(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}")
    demo.load(app)
    yield app
    app.close()


def entries(app: Smolny, kind: str) -> list[dict]:
    import json

    from smolny.adapters import journal
    from smolny.adapters.database import read_transaction

    with read_transaction(app.engine) as conn:
        rows = [json.loads(line) for _, line in journal.lines(conn)]
    return [row["data"] | {"_at": row["at"]} for row in rows if row["kind"] == kind]


def test_670_delegates_in_their_factions(congress: Smolny) -> None:
    body = congress.state.bodies[demo.CONGRESS]
    sizes = {slug: 0 for slug in body.factions}
    for delegate in body.delegates.values():
        if delegate.faction:
            sizes[delegate.faction] += 1
    assert len(body.delegates) == 670
    assert (sizes["bolsheviks"], sizes["mensheviks"], sizes["menshevik-internationalists"]) == (
        300,
        68,
        14,
    )
    assert sizes["left-srs"] + sizes["srs"] == 193


def test_martovs_motion_carried_unanimously_by_ballot(congress: Smolny) -> None:
    adopted = entries(congress, "motion.adopted")
    settlement = next(a for a in adopted if a["question"] == "m1")
    assert (settlement["yes"], settlement["no"], settlement["abstain"]) == (670, 0, 0)
    assert settlement["method"] == "ballot"


def test_the_walkouts_recompute_presence_and_quorum(congress: Smolny) -> None:
    walkouts = [
        p for p in entries(congress, "presence.changed") if p.get("faction") and not p["present"]
    ]
    assert [w["faction"] for w in walkouts] == [
        "mensheviks",
        "srs",
        "bund",
        "menshevik-internationalists",
    ]
    assert [w["present_count"] for w in walkouts] == [602, 559, 552, 538]
    assert all(w["quorum"] == 336 and w["quorate"] for w in walkouts)
    assert "not having taken place" in walkouts[0]["declaration"]


def test_the_condemnation_is_tabled_and_stays_in_the_record(congress: Smolny) -> None:
    tabled = entries(congress, "motion.tabled")
    assert tabled[0]["questions"] == ["m3"]
    sitting = congress.state.sessions["s1"].procedure
    assert sitting.question("m3").status == "tabled"


def test_the_decree_adopted_as_amended_with_a_faction_abstaining(congress: Smolny) -> None:
    decree = next(a for a in entries(congress, "motion.adopted") if a["question"] == "m5")
    assert decree["text"].endswith("Soviets of Workers', Soldiers' and Peasants' Deputies")
    assert decree["abstain"] == 6 and decree["no"] == 0 and decree["yes"] == 538
    assert decree["_at"].startswith("1917-10-26T02:59")  # 5:00 AM in Petrograd
    assert (decree["present_count"], decree["quorum"], decree["quorate"]) == (544, 336, True)


def test_a_proposal_left_with_no_vote_taken_at_adjournment(congress: Smolny) -> None:
    adjourned = entries(congress, "session.adjourned")
    assert adjourned[0]["no_vote_taken"] == [] and adjourned[1]["no_vote_taken"] == ["m8"]
    assert congress.state.sessions["s2"].procedure.question("m8").status == "no-vote-taken"
    assert congress.state.sessions["s1"].state == congress.state.sessions["s2"].state == "closed"


def test_the_presidium_as_the_sources_give_it(congress: Smolny) -> None:
    presidium = congress.state.bodies[demo.CONGRESS].presidium
    seats = {
        f["name"]: (f["taken"], f["reserved"], f["declined"])
        for f in presidium["result"]["factions"]
    }
    assert seats == {
        "bolsheviks": (14, 0, 0),
        "left-srs": (7, 0, 0),
        "mensheviks": (0, 0, 3),
        "menshevik-internationalists": (0, 1, 0),
    }


def test_the_state_built_act_by_act_equals_a_fresh_fold_of_the_journal(congress: Smolny) -> None:
    fresh = Smolny(congress.engine)
    fresh.load()  # verifies the chain on the way
    live, folded = congress.state, fresh.state
    assert (folded.seq, folded.head) == (live.seq, live.head)
    assert folded.sessions.keys() == live.sessions.keys()
    for ident, session in live.sessions.items():
        assert folded.sessions[ident].procedure == session.procedure
        assert folded.sessions[ident].motions == session.motions
    assert folded.motions == live.motions
    assert folded.polls == live.polls
    assert folded.bodies[demo.CONGRESS].presidium == live.bodies[demo.CONGRESS].presidium
