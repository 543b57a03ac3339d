"""The union's demo (`smolny demo --example union`): built through the service on a fresh
record, its papers in the states the union's year leaves them in, its delegates' departures
from their councils' instructions found by the read side, and its logins printed and working;
the journal verifies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from smolny.demo import union
from smolny.service.app import Smolny
from smolny.service.views import papers as views
from smolny.service.views import record
from smolny_command import run

CONGRESS = union.CONGRESS


@pytest.fixture(scope="module")
def loaded() -> Iterator[tuple[Smolny, union.UnionDemo]]:
    app = Smolny.in_memory()
    demo = union.load(app)
    yield app, demo
    app.close()


def test_every_paper_ends_the_first_day_in_its_state(
    loaded: tuple[Smolny, union.UnionDemo],
) -> None:
    app, _ = loaded
    states = {p["number"]: p["state"] for p in views.congress_papers(app, CONGRESS)["papers"]}
    assert states == {
        "M1": "adopted",  # pay, as amended by A1
        "M2": "composited",
        "M3": "adopted",  # pensions, named vote
        "M4": "composited",
        "M5": "adopted",
        "M6": "composited",
        "M7": "ruling-upheld",  # out of order, appealed, the ruling upheld
        "M8": "adopted",
        "M9": "referred",
        "M10": "rejected",
        "A1": "adopted",
        "A2": "adopted",
        "A3": "adopted",
        "A4": "rejected",
        "C1": "adopted",
        "M11": "adopted",  # the emergency motion
    }


def test_the_ruling_out_of_order_is_appealed_and_upheld_with_its_reasons(
    loaded: tuple[Smolny, union.UnionDemo],
) -> None:
    app, _ = loaded
    history = views.paper(app, CONGRESS, "M7")["history"]
    assert [(h["from"], h["to"], h["by"]) for h in history] == [
        ("submitted", "ruled-out-of-order", "committee"),
        ("ruled-out-of-order", "appealed", "mover"),
        ("appealed", "ruling-upheld", "congress"),
    ]
    assert "rules revision conference" in history[0]["reason"]
    assert history[1]["reason"]  # the council's grounds


def test_the_composite_replaces_three_motions_with_every_movers_consent(
    loaded: tuple[Smolny, union.UnionDemo],
) -> None:
    app, _ = loaded
    composite = views.paper(app, CONGRESS, "C1")
    assert composite["kind"] == "composite" and composite["motions"] == ["M2", "M4", "M6"]
    assert set(composite["consents"]) == {"M2", "M4", "M6"}
    assert {views.paper(app, CONGRESS, n)["composite"] for n in ("M2", "M4", "M6")} == {"C1"}
    assert composite["recommendation"]["stance"] == "support"


def test_the_emergency_motion_came_after_the_deadline_and_was_admitted_by_the_committee(
    loaded: tuple[Smolny, union.UnionDemo],
) -> None:
    app, _ = loaded
    listed = views.congress_papers(app, CONGRESS)
    emergency = views.paper(app, CONGRESS, "M11")
    assert emergency["emergency"] is True
    assert emergency["submitted_at"] > listed["deadlines"]["motions"].replace("+00:00", "Z")
    assert emergency["history"][0]["by"] == "committee"
    assert "Standing Order 14" in emergency["history"][0]["reason"]
    ordinary = [p for p in listed["papers"] if p["kind"] == "motion" and not p["emergency"]]
    assert len(ordinary) == 10 and all(p["council"] for p in ordinary)


def test_the_amendments_are_changes_to_their_motions_paragraphs(
    loaded: tuple[Smolny, union.UnionDemo],
) -> None:
    app, _ = loaded
    [flat] = views.paper(app, CONGRESS, "M1")["amendments"]
    assert (flat["number"], flat["council"], flat["change"], flat["paragraph"]) == (
        "A1",
        "yorkshire",
        "replace",
        3,
    )
    assert (
        "£3,000" in flat["amended"][2] and "RPI inflation plus 5 per cent for" in flat["struck"][0]
    )
    [devolved] = views.paper(app, CONGRESS, "M3")["amendments"]
    assert devolved["change"] == "insert-after" and len(devolved["amended"]) == 4


def test_the_departures_query_names_the_delegates_who_broke_their_mandate(
    loaded: tuple[Smolny, union.UnionDemo],
) -> None:
    app, demo = loaded
    votes = demo.sitting.named_votes
    assert set(votes) == {"C1", "M3", "M11"}

    def departed(number: str) -> list[tuple[str, str, str | None]]:
        rows = views.instructions(app, CONGRESS, number, votes[number])["instructions"]
        return [(r["name"], r["instruction"], r["vote"]) for r in rows if r["departed"]]

    assert departed("M3") == [("Jamie Sinclair", "against", "yes")]
    assert departed("M11") == [("Michael Armitage", "for", "abstain")]
    assert departed("C1") == []
    # the others of Scotland's delegation voted against M3, as instructed
    rows = views.instructions(app, CONGRESS, "M3", votes["M3"])["instructions"]
    scotland = [r for r in rows if r["council"] == "scotland"]
    assert len(scotland) == 7 and sum(r["vote"] == "no" for r in scotland) == 6


def test_the_papers_were_submitted_by_the_councils_own_accounts(
    loaded: tuple[Smolny, union.UnionDemo],
) -> None:
    app, _ = loaded
    entries = record.entries(app, 0, 10_000)
    accounts = app.state.accounts

    def acting_for(entry: dict[str, object]) -> object:
        # the council the account that made the entry ("account:a3") is attached to
        return accounts[str(entry["actor"]).removeprefix("account:")].get("council")

    for kind in ("paper.submitted", "delegates.instructed", "composite.consented"):
        made = [e for e in entries if e["kind"] == kind]
        assert made and all(acting_for(e) == e["data"]["council"] for e in made), kind


def test_the_executive_is_elected_by_stv_and_its_logins_work(
    loaded: tuple[Smolny, union.UnionDemo],
) -> None:
    app, demo = loaded
    poll = app.state.polls[demo.sitting.election]
    assert poll.state == "closed" and poll.seats == 5
    elected = app.state.bodies["nuhcw-executive-2026"]
    assert elected.elected_by == demo.sitting.election
    logins = demo.logins
    assert set(logins.passwords) == {"chair", "secretary"} | {
        f"{c.slug}-secretary" for c in union.COUNCILS
    }
    _, leeds = app.accounts.login_staff(
        "yorkshire-secretary", logins.passwords["yorkshire-secretary"]
    )
    assert app.state.accounts[leeds.id]["council"] == "yorkshire"
    _, sinclair = app.accounts.login_delegate(logins.codes["Jamie Sinclair"])
    assert app.state.delegates[sinclair.id].name == "Jamie Sinclair"


def test_the_demo_loads_only_into_an_empty_record(loaded: tuple[Smolny, union.UnionDemo]) -> None:
    app, _ = loaded
    with pytest.raises(ValueError, match="not empty"):
        union.load(app)


def test_smolny_demo_example_union_prints_every_login_and_verifies(tmp_path: Path) -> None:
    db = tmp_path / "union.sqlite3"
    loaded = run("demo", "--example", "union", "--db", db, "--no-serve")
    assert loaded.returncode == 0, loaded.stderr
    out = loaded.stdout
    assert "60 delegates from 7 regional councils" in out
    assert re.search(r"administrator\s+user name admin\s+one-time password \S+", out)
    assert re.search(r"chair\s+user name chair\s+password \S+", out)
    assert re.search(r"secretariat\s+user name secretary\s+password \S+", out)
    for council in union.COUNCILS:
        assert re.search(rf"user name {council.account}\s+password \S+", out), council.slug
    codes = re.findall(r"delegate \(([^,]+), [^)]+\)\s+access code (\S+)", out)
    assert {name for name, _ in codes} >= {"Jamie Sinclair", "Michael Armitage"}
    assert len(codes) == len(union.COUNCILS) + 2
    verified = run("verify", "--db", db)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("OK:")
    minutes = run("minutes", "--db", db, "--session", "s1")
    assert minutes.returncode == 0, minutes.stderr
    # a delegate speaks in the name of the council that sent them, named as it is named
    assert "Siân Pritchard spoke in the name of Wales Regional Council for the motion" in (
        minutes.stdout
    )
    assert "Elected (single transferable vote" in minutes.stdout
    again = run("demo", "--example", "union", "--db", db, "--no-serve")
    assert again.returncode == 0 and "loaded already" in again.stdout
    assert "user name scotland-secretary" in again.stdout
    other = run("demo", "--db", db, "--no-serve")  # the 1917 demo into the union's record
    assert other.returncode != 0 and "another record" in other.stderr
