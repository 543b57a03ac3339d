"""The demo congress replays the sources (seeds/EVENTS.md) into a record that shows them."""

from __future__ import annotations

import pytest

from smolny import demo
from smolny.adapters.sql_store import SqlStore
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


def tauride(congress: Smolny):
    return next(s for s in congress.state.sessions.values() if s.body == demo.TAURIDE)


def test_a_proposal_left_with_no_vote_taken_at_adjournment(congress: Smolny) -> None:
    adjourned = entries(congress, "session.adjourned")
    sitting = tauride(congress)
    demand, moscow = sitting.motions[:2]
    assert adjourned[0]["no_vote_taken"] == [] and adjourned[1]["no_vote_taken"] == [
        demand,
        moscow,
    ]
    proposal = sitting.procedure.question(moscow)
    assert (proposal.motion, proposal.text) == ("postpone-definitely", demo.TSERETELLI)
    assert proposal.until == "the plenary session of the Committee in Moscow"
    for question in (demand, moscow):
        assert sitting.procedure.question(question).status == "no-vote-taken"
    assert all(s.state == "closed" for s in congress.state.sessions.values())


def test_the_two_executives_sit_jointly_each_with_its_quorum(congress: Smolny) -> None:
    sitting = tauride(congress)
    assert sitting.joint is not None
    assert sitting.joint["bodies"] == [demo.TAURIDE, demo.PEASANTS_EXECUTIVE]
    assert sitting.opened_at.startswith("1917-07-03")
    adjourned = entries(congress, "session.adjourned")[1]
    # the committee's 40 with a vote (the Section's chairman has a voice only), 30 peasants
    assert [
        (b["body"], b["members"], b["present_count"], b["quorum"]) for b in adjourned["bodies"]
    ] == [
        (demo.TAURIDE, 40, 41, 21),
        (demo.PEASANTS_EXECUTIVE, 30, 30, 16),
    ]
    assert adjourned["quorate"] and adjourned["_at"].startswith("1917-07-04T02:29")  # 4:30 AM


def test_the_sections_resolution_was_brought_from_the_section(congress: Smolny) -> None:
    moved = {m["question"]: m for m in entries(congress, "motion.moved")}
    demand = moved[tauride(congress).motions[0]]
    origin = congress.state.motions[demand["brought_from"]["motion"]]
    assert origin.body == demo.WORKERS_SECTION
    assert congress.state.bodies[origin.body].parent == demo.PETROGRAD_SOVIET
    assert origin.decision is not None and origin.decision["yes"] == 22
    assert demand["text"] == demo.SECTION_RESOLUTION == origin.decision["text"]
    reporter = congress.state.delegates[demand["mover"]]
    assert reporter.name == demo.SECTION_CHAIRMAN and reporter.body == demo.TAURIDE
    assert demand["brought_from"]["reporter"] == reporter.id


def test_the_triumphal_session_of_three_bodies(congress: Smolny) -> None:
    sitting = next(s for s in congress.state.sessions.values() if s.body == demo.TSIK)
    assert sitting.joint is not None
    assert sitting.joint["bodies"] == [demo.TSIK, demo.PETROGRAD_SOVIET, demo.PEASANTS_CONGRESS]
    assert sitting.joint["platform"] == [demo.TSIK, demo.PEASANTS_CONGRESS]
    [seated] = entries(congress, "joint-session.presidium-seated")
    assert (seated["body"], seated["made_place"]) == (demo.PEASANTS_CONGRESS, demo.TSIK)
    # the weeks after the Congress: after its last act, before the Tauride Palace replay
    assert sitting.opened_at.startswith("1917-11-15")
    given = [f for f in entries(congress, "floor.given") if f["session"] == sitting.id]
    spoke = [(congress.state.delegates[f["delegate"]].name, f["in_name_of"]) for f in given]
    assert spoke[0] == ("Grigory Zinoviev", None)
    assert spoke[1:] == list(demo.TRIUMPHAL_SPEAKERS)
    body_of = {congress.state.delegates[f["delegate"]].body for f in given}
    assert body_of == {demo.TSIK, demo.PETROGRAD_SOVIET, demo.PEASANTS_CONGRESS}
    [opened] = [o for o in entries(congress, "session.opened") if o["session"] == sitting.id]
    assert [b["members"] for b in opened["bodies"]] == [101, 600, 330]


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
    fresh = Smolny(SqlStore(congress.engine))
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
