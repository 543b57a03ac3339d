"""The projector, state by state: no session, a speaker with time, a poll's progress,
a result with bars and threshold, an STV count stage by stage with its tie-break."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sample_congress import bring_to_vote, make_congress
from smolny import procedure
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny, VoteRequest
from smolny.web.app import create_app

CHAIR = Principal("a1", "chair", "chair")


@pytest.fixture
def client(sqlite_service: Smolny) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_service)) as client:
        yield client


def vote(app: Smolny, poll: str, delegate: str, answer: dict[str, object]) -> None:
    for _, done in app.ballots.cast_votes(
        poll, Principal(delegate, "delegate", delegate), [VoteRequest(answer)]
    ):
        done.result(timeout=10)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_no_session_sitting_offers_the_sessions(sqlite_service: Smolny, client: TestClient) -> None:
    page = client.get("/projector")
    assert page.status_code == 200 and "No session is sitting now." in page.text
    congress = make_congress(sqlite_service)
    sqlite_service.execute(c.CloseSession(str(congress["session"])), by=CHAIR)
    page = client.get("/projector")
    assert "No session is sitting now." in page.text
    assert f'href="/projector/sessions/{congress["session"]}"' in page.text


def test_the_session_sitting_now_with_the_speaker_the_countdown_and_who_is_next(
    sqlite_service: Smolny, client: TestClient
) -> None:
    congress = make_congress(sqlite_service, size=4)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    motion = sqlite_service.execute(
        c.MoveMotion(session, "Bread for Petrograd", "The congress sends grain.", delegates[0]),
        by=CHAIR,
    )[0].data["question"]
    sqlite_service.execute(c.Act(session, procedure.Second(motion, delegates[1])), by=CHAIR)
    sqlite_service.execute(c.Act(session, procedure.StateQuestion(motion)), by=CHAIR)
    sqlite_service.execute(c.Act(session, procedure.RequestFloor(delegates[2], "for")), by=CHAIR)
    sqlite_service.execute(
        c.Act(session, procedure.RequestFloor(delegates[3], "against")), by=CHAIR
    )
    sqlite_service.execute(c.Act(session, procedure.Recognise(delegates[2])), by=CHAIR)
    page = client.get("/projector")  # follows the session sitting now
    assert page.status_code == 200
    assert 'class="projector"' in page.text and "/static/projector.css" in page.text
    words = text_of(page.text)
    assert "Delegate 2" in words and "for the motion" in words
    assert re.search(r"Next Delegate 3 .*against the motion", words)
    remaining = int(re.search(r'data-remaining="(\d+)"', page.text).group(1))  # type: ignore[union-attr]
    floor = sqlite_service.state.sessions[session].procedure.floor
    assert floor is not None and floor.seconds - 5 <= remaining <= floor.seconds
    assert "Bread for Petrograd" in words and "The congress sends grain." in words
    # the fragment refreshes itself on every entry of the journal
    assert 'hx-get="/projector/screen" hx-trigger="smolny:entry from:body"' in page.text
    same = client.get(f"/projector/sessions/{session}/screen")
    assert same.status_code == 200 and "<html" not in same.text and "Delegate 2" in same.text
    assert "<script>" not in page.text.split("</main>")[0] and " style=" not in page.text


def test_a_secret_poll_shows_its_progress_and_then_its_result_with_bars_and_threshold(
    sqlite_service: Smolny, client: TestClient
) -> None:
    congress = make_congress(sqlite_service, size=5)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    motion, _ = bring_to_vote(sqlite_service, session, delegates[0], delegates[1])
    sqlite_service.ballots.cancel_poll(
        sqlite_service.state.motions[motion].polls[0], "test", by=CHAIR
    )
    opened = sqlite_service.execute(c.OpenPoll(motion, method="electronic-secret"), by=CHAIR)
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    vote(sqlite_service, poll, delegates[0], {"choice": "yes"})
    vote(sqlite_service, poll, delegates[1], {"choice": "no"})
    page = client.get(f"/projector/sessions/{session}")
    words = text_of(page.text)
    assert "Voting now" in words and "2 of 5 have voted" in words
    assert f'data-progress-poll="{poll}"' in page.text and 'value="2"' in page.text
    assert 'class="row yes"' not in page.text  # nothing of what was voted while it is open
    vote(sqlite_service, poll, delegates[2], {"choice": "yes"})
    vote(sqlite_service, poll, delegates[3], {"choice": "yes"})
    sqlite_service.ballots.close_poll(poll, by=CHAIR)
    words = text_of(client.get(f"/projector/sessions/{session}").text)
    assert "Voting now" not in words
    assert "Adopted" in words
    assert "For 3 75%" in words and "Against 1 25%" in words and "Abstaining 0 0%" in words
    assert "Needed: 3 of 4, a majority of the votes cast. Reached." in words
    assert "Delegate 0" not in words.split("Result")[1]  # nobody's vote is shown


def test_a_rejected_motion_says_the_threshold_was_not_reached(
    sqlite_service: Smolny, client: TestClient
) -> None:
    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    _, poll = bring_to_vote(sqlite_service, session, delegates[0], delegates[1])
    for d, answer in zip(delegates, ("yes", "no", "no"), strict=True):
        vote(sqlite_service, poll, d, {"choice": answer})
    sqlite_service.ballots.close_poll(poll, by=CHAIR)
    words = text_of(client.get("/projector").text)
    assert "Rejected" in words and "Not reached." in words and "Needed: 2 of 3" in words


def test_an_stv_election_stage_by_stage_with_its_tie_break(
    sqlite_service: Smolny, client: TestClient
) -> None:
    congress = make_congress(sqlite_service, size=7)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    opened = sqlite_service.execute(
        c.OpenPoll(
            session=session,
            title="Chair of the executive",
            question="ranked",
            options=("Anna", "Boris", "Vera"),
            seats=1,
            counting="scottish-stv",
            method="electronic-secret",
        ),
        by=CHAIR,
    )
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    rankings = [
        ["Anna", "Vera"],
        ["Anna"],
        ["Boris", "Vera"],
        ["Boris"],
        ["Vera"],
        ["Vera"],
        ["Vera"],
    ]
    for d, ranking in zip(delegates, rankings, strict=True):
        vote(sqlite_service, poll, d, {"ranking": ranking})
    sqlite_service.ballots.close_poll(poll, by=CHAIR)
    count = sqlite_service.state.polls[poll].result["outcome"]["count"]  # type: ignore[index]
    ties = [t for stage in count["stages"] for t in stage["tie_breaks"]]
    assert ties, "the count had a tie to break"
    page = client.get("/projector")
    words = text_of(page.text)
    assert "The count, stage by stage" in words and "Stage 1" in words and "Stage 2" in words
    assert "Elected: " + count["elected"][0]["name"] in words
    loser = ties[0]["chosen"]["name"]
    # the projector condenses what each stage did; the public page says it in full
    excluded = next(st["candidate"]["name"] for st in count["stages"] if st["tie_breaks"])
    assert f"exclusion: {excluded}" in words and "(a tie, drawn by lot)" in words
    assert f"quota {count['quota']}" in words
    public = text_of(client.get("/").text)
    assert f"Tie-break ({ties[0]['purpose']}) between Anna, Boris: {loser}" in public
    assert f"{loser} excluded" in public


def test_an_unknown_session_is_a_404_page(client: TestClient) -> None:
    page = client.get("/projector/sessions/s404")
    assert page.status_code == 404 and "There is no session s404." in page.text
    assert client.get("/projector/sessions/s404/screen").status_code == 404


def test_hostile_titles_and_texts_are_escaped(sqlite_service: Smolny, client: TestClient) -> None:
    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    sqlite_service.execute(
        c.MoveMotion(
            session, "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", delegates[0]
        ),
        by=CHAIR,
    )
    for address in ("/projector", "/"):
        page = client.get(address).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_projector_in_russian(sqlite_service: Smolny, client: TestClient) -> None:
    page = client.get("/projector", headers={"accept-language": "ru"})
    assert '<html lang="ru">' in page.text and "Сейчас заседания нет." in page.text
