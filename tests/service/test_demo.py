"""The demo congress replays the sources (seeds/EVENTS.md) into a record that shows them."""

from __future__ import annotations

import pytest

from smolny import demo
from smolny.adapters.sql_store import SqlStore
from smolny.demo import words
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


def sitting_of(congress: Smolny, body: str):
    return next(s for s in congress.state.sessions.values() if s.body == body)


def test_martovs_motion_carried_unanimously_with_no_figures(congress: Smolny) -> None:
    [settlement] = [
        d for d in entries(congress, "motion.declared") if d["words"] == "Support was unanimous."
    ]
    assert settlement["adopted"] and "yes" not in settlement
    assert (settlement["present_count"], settlement["members"]) == (670, 670)
    assert congress.state.motions[settlement["question"]].title == "Peaceful settlement"


def test_the_walkouts_recompute_presence_and_quorum(congress: Smolny) -> None:
    walkouts = [
        p for p in entries(congress, "presence.changed") if p.get("faction") and not p["present"]
    ]
    assert [w["faction"] for w in walkouts] == [
        "mensheviks",
        "bund",
        "srs",
        "menshevik-internationalists",
    ]
    assert [w["present_count"] for w in walkouts] == [602, 595, 552, 538]
    assert all(w["quorum"] == 336 and w["quorate"] for w in walkouts)
    assert [w["declaration"] for w in walkouts] == [
        words.WE_LEAVE,
        None,
        None,
        words.THEN_WE_LEAVE,
    ]


def test_kharashs_mandate_from_the_twelfth_army_is_contested(congress: Smolny) -> None:
    [contested] = entries(congress, "mandate.contested")
    kharash = congress.state.delegates[contested["delegate"]]
    assert (kharash.name, kharash.sent_by) == ("Kharash", "Committee of the Twelfth Army")
    assert contested["grounds"] == words.SOLDIER
    assert congress.state.delegates[contested["by"]].name.startswith("an angry soldier")


def test_the_condemnation_is_tabled_and_stays_in_the_record(congress: Smolny) -> None:
    [tabled] = entries(congress, "motion.tabled")
    [condemnation] = tabled["questions"]
    assert congress.state.motions[condemnation].title == "Condemnation of the SRs and Mensheviks"
    sitting = sitting_of(congress, demo.CONGRESS).procedure
    assert sitting.question(condemnation).status == "tabled"


def test_the_decree_adopted_as_amended_at_5_am(congress: Smolny) -> None:
    decree = next(
        d for d in entries(congress, "motion.declared") if d["words"] == words.OVERWHELMINGLY
    )
    assert decree["text"].startswith(words.MANIFESTO_TITLE)
    assert words.MANIFESTO_TWEAK in decree["text"]
    assert decree["_at"].startswith("1917-10-26T02:59")  # 5:00 AM in Petrograd
    assert (decree["present_count"], decree["quorum"], decree["quorate"]) == (544, 336, True)


def test_a_proposal_left_with_no_vote_taken_at_adjournment(congress: Smolny) -> None:
    [adjourned] = entries(congress, "session.adjourned")
    sitting = sitting_of(congress, demo.TAURIDE)
    [moscow] = adjourned["no_vote_taken"]
    proposal = sitting.procedure.question(moscow)
    assert (proposal.motion, proposal.text) == ("main", words.MOSCOW)
    assert proposal.status == "no-vote-taken"
    assert adjourned["_at"].startswith("1917-07-04T00:29")  # 2:30 AM, before dawn
    assert adjourned["declared"] and adjourned["words"] == words.NO_VOTE
    assert all(s.state == "closed" for s in congress.state.sessions.values())


def test_the_two_executives_sit_jointly_each_with_its_quorum(congress: Smolny) -> None:
    sitting = sitting_of(congress, demo.TAURIDE)
    assert sitting.joint is not None
    assert sitting.joint["bodies"] == [demo.TAURIDE, demo.PEASANTS_EXECUTIVE]
    assert sitting.opened_at.startswith("1917-07-03")
    [adjourned] = entries(congress, "session.adjourned")
    assert [
        (b["body"], b["members"], b["present_count"], b["quorum"]) for b in adjourned["bodies"]
    ] == [
        (demo.TAURIDE, 40, 40, 21),
        (demo.PEASANTS_EXECUTIVE, 30, 30, 16),
    ]


def test_the_sections_resolution_read_by_its_chairman(congress: Smolny) -> None:
    read = [
        r
        for r in entries(congress, "report.read")
        if r.get("in_name_of", "").startswith("the Workers' Section")
    ]
    assert [(r["name"], r["text"]) for r in read] == [
        (words.SECTION_CHAIRMAN, words.SECTION_RESOLUTION)
    ]


def test_the_soviets_emergency_session_at_2_35_pm(congress: Smolny) -> None:
    sitting = sitting_of(congress, demo.PETROGRAD_SOVIET)
    assert sitting.opened_at.startswith("1917-10-25T12:34")  # 2:35 PM in Petrograd
    [opened] = [o for o in entries(congress, "session.opened") if o["session"] == sitting.id]
    assert opened["emergency"] and congress.state.delegates[opened["opened_by"]].name == "Trotsky"


def test_the_triumphal_session_of_three_bodies(congress: Smolny) -> None:
    sitting = next(s for s in congress.state.sessions.values() if s.body == demo.TSIK)
    assert sitting.joint is not None
    assert sitting.joint["bodies"] == [demo.TSIK, demo.PETROGRAD_SOVIET, demo.PEASANTS_CONGRESS]
    assert sitting.joint["platform"] == [demo.TSIK, demo.PEASANTS_CONGRESS]
    [seated] = entries(congress, "joint-session.presidium-seated")
    assert (seated["body"], seated["made_place"]) == (demo.PEASANTS_CONGRESS, demo.TSIK)
    assert sitting.opened_at.startswith("1917-11-15")
    given = [f for f in entries(congress, "floor.given") if f["session"] == sitting.id]
    spoke = [(congress.state.delegates[f["delegate"]].name, f["in_name_of"]) for f in given]
    assert spoke == [(name, in_name_of) for name, in_name_of, _, _ in demo.TRIUMPHAL_SPEAKERS]
    body_of = {congress.state.delegates[f["delegate"]].body for f in given}
    assert body_of == {demo.TSIK, demo.PEASANTS_CONGRESS}
    [guest] = [g for g in entries(congress, "guest.heard") if g["session"] == sitting.id]
    assert guest["in_name_of"] == "the Vikzhel" and guest["words"] == words.KRUSHINSKY
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
