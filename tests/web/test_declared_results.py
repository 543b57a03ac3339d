"""A resolution the chair declared adopted with no count (issue 17) is published with no
invented figures: the public page, the register, the resolution's page, the poster and the
feed say how it was taken; the public record puts the new acts in words."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from pypdf import PdfReader

from sample_congress import make_congress
from smolny import procedure
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.web.app import create_app

CHAIR = Principal("a1", "chair", "chair")


def test_a_declared_resolution_is_published_without_figures(sqlite_service: Smolny) -> None:
    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]

    def act(what: procedure.Act) -> list:  # type: ignore[type-arg]
        return sqlite_service.execute(c.Act(session, what), by=CHAIR)

    moved = sqlite_service.execute(
        c.MoveMotion(session, "Denunciation", "We denounce.", delegates[0]), by=CHAIR
    )  # noqa: E501
    motion = moved[0].data["question"]
    act(procedure.Second(motion, delegates[1]))
    act(procedure.StateQuestion(motion))
    act(procedure.PutQuestion(motion))
    declared = act(procedure.DeclareResult(motion, True, words="quickly passed"))
    sqlite_service.execute(c.AddNote(declared[0].seq, "the hour is not in the sources"), by=CHAIR)
    act(procedure.Interject("Shame!", voice="a voice from the floor"))
    with TestClient(create_app(sqlite_service)) as client:
        public = client.get("/")
        assert public.status_code == 200
        assert "declared by the chair; the votes were not counted" in public.text
        assert "None for" not in public.text
        assert "“Denunciation” was declared adopted by the chair, not counted" in public.text
        assert f"A note on entry {declared[0].seq}: the hour is not in the sources" in public.text
        assert "a voice from the floor called out from the floor: Shame!" in public.text
        register = client.get("/bodies/congress/resolutions")
        assert register.status_code == 200 and "the votes were not counted" in register.text
        page = client.get("/bodies/congress/resolutions/1")
        assert page.status_code == 200 and "show of hands, declared by the chair" in page.text
        printed = client.get("/bodies/congress/resolutions/1/poster?format=html")
        assert printed.status_code == 200 and "the votes were not counted" in printed.text
        poster = client.get("/bodies/congress/resolutions/1/poster")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(poster.content)).pages)
        assert "the votes were not counted" in " ".join(text.split())
        feed = client.get("/bodies/congress/feed.atom")
        assert "declared by the chair; the votes were not counted" in feed.text
        russian = client.get("/bodies/congress/resolutions/1?lang=ru")
        assert "голоса не подсчитывались" in russian.text


def test_a_bodys_pages_show_times_in_its_own_zone(sqlite_service: Smolny) -> None:
    from smolny import i18n
    from smolny.record.clock import zone_named

    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    moved = sqlite_service.execute(
        c.MoveMotion(session, "Peace", "Peace now.", delegates[0]), by=CHAIR
    )  # noqa: E501
    motion = moved[0].data["question"]
    for what in (
        procedure.Second(motion, delegates[1]),
        procedure.StateQuestion(motion),
        procedure.PutQuestion(motion),
    ):
        sqlite_service.execute(c.Act(session, what), by=CHAIR)
    decided = sqlite_service.execute(c.Act(session, procedure.RecordResult(motion, 3, 0)), by=CHAIR)
    at = decided[0].data["at"]
    with TestClient(create_app(sqlite_service)) as client:
        assert i18n.when(at, "short") in client.get("/bodies/congress/resolutions").text
        sqlite_service.execute(c.SetTimeZone("congress", "+02:01", "Petrograd mean time"), by=CHAIR)
        shown = client.get("/bodies/congress/resolutions").text
        with i18n.active("en"):
            local = i18n.when(at, "short", zone_named("+02:01"))
        assert local in shown and local != i18n.when(at, "short")


def test_the_chairs_console_shows_a_declared_result_without_figures(
    sqlite_service: Smolny,
) -> None:
    from sample_congress import CHAIR_PASSWORD

    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    moved = sqlite_service.execute(c.MoveMotion(session, "Peace", "Peace.", delegates[0]), by=CHAIR)
    motion = moved[0].data["question"]
    for what in (
        procedure.Second(motion, delegates[1]),
        procedure.StateQuestion(motion),
        procedure.PutQuestion(motion),
        procedure.DeclareResult(motion, True, method="voice"),
    ):
        sqlite_service.execute(c.Act(session, what), by=CHAIR)
    with TestClient(create_app(sqlite_service)) as client:
        login = {"username": "chair", "password": CHAIR_PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200
        page = client.get(f"/chair/sessions/{session}")
        assert page.status_code == 200
        assert "declared by the chair (voice vote); the votes were not counted" in page.text
        assert "None for" not in page.text and " for,  against" not in page.text


def test_the_chair_records_words_and_the_chair_from_the_console(sqlite_service: Smolny) -> None:
    from sample_congress import CHAIR_PASSWORD

    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    hx = {"HX-Request": "true"}
    with TestClient(create_app(sqlite_service)) as client:
        login = {"username": "chair", "password": CHAIR_PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200
        page = client.get(f"/chair/sessions/{session}").text
        assert 'id="floor-words"' in page and 'value="take-chair"' in page

        def act(**form: str) -> None:
            answer = client.post(f"/chair/sessions/{session}/act", data=form, headers=hx)
            assert answer.status_code == 200, answer.text

        act(act="take-chair", delegate=delegates[0])
        act(act="request-floor", delegate=delegates[1])
        act(act="recognise")
        act(act="finished", words="We leave.", quoted="yes")
        act(act="interject", words="Shame!", quoted="yes")
        refused = client.post(
            f"/chair/sessions/{session}/act", data={"act": "interject", "words": ""}, headers=hx
        )
        assert refused.status_code == 422
    state = sqlite_service.state.sessions[session].procedure
    assert state.presiding == delegates[0] and state.floor is None
    from smolny.service.views import record

    text = record.minutes(sqlite_service, session).paragraphs
    said = [p.fields for p in text if p.kind in ("speech", "interjection")]
    assert said[-2]["words"] == "We leave." and said[-2]["quoted"] is True
    assert said[-1] == {
        "by": None,
        "voice": "a voice from the floor",
        "words": "Shame!",
        "quoted": True,
    }


def test_the_chair_hears_a_guest_reads_a_report_and_declares_a_result(
    sqlite_service: Smolny,
) -> None:
    from sample_congress import CHAIR_PASSWORD
    from smolny.service.views import record

    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    hx = {"HX-Request": "true"}
    moved = sqlite_service.execute(
        c.MoveMotion(session, "Peace", "Peace now.", delegates[0]), by=CHAIR
    )
    motion = moved[0].data["question"]
    sqlite_service.execute(c.Act(session, procedure.Second(motion, delegates[1])), by=CHAIR)
    with TestClient(create_app(sqlite_service)) as client:
        login = {"username": "chair", "password": CHAIR_PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200

        def act(**form: str) -> int:
            answer = client.post(f"/chair/sessions/{session}/act", data=form, headers=hx)
            return answer.status_code

        page = client.get(f"/chair/sessions/{session}").text
        assert 'value="hear-guest"' in page and 'value="read-report"' in page
        assert (
            act(
                act="hear-guest",
                name="Kuzma Gvozdev",
                in_name_of="the City Duma",
                words="The Duma goes to the Winter Palace.",
                quoted="yes",
            )
            == 200
        )
        assert (
            act(
                act="read-report",
                subject="The arrest of the ministers",
                text="The ministers are arrested.",
                by=delegates[0],
                kind="announcement",
            )
            == 200
        )
        assert act(act="read-report", subject="Units coming over", name="Reports coming in") == 200
        assert act(act="read-report", subject="No one reads it") == 422  # by whom?
        assert act(act="state", question=motion) == 200
        page = client.get(f"/chair/sessions/{session}").text
        assert 'value="declare-adopted"' in page
        seq = sqlite_service.state.seq
        assert act(act="declare-adopted", question=motion, put="yes", method="bogus") == 422
        assert sqlite_service.state.seq == seq  # nothing recorded: not even the question put
        assert (
            act(
                act="declare-adopted",
                question=motion,
                put="yes",
                method="voice",
                words="quickly passed",
            )
            == 200
        )
        page = client.get(f"/chair/sessions/{session}").text
        assert "declared by the chair (voice vote); the votes were not counted" in page
    declared = [
        e for e in record.entries(sqlite_service, 0, 1000) if e["kind"] == "motion.declared"
    ]
    assert [
        (e["data"]["question"], e["data"]["adopted"], e["data"]["method"]) for e in declared
    ] == [(motion, True, "voice")]
    kinds = [p.kind for p in record.minutes(sqlite_service, session).paragraphs]
    assert kinds.count("report") == 2 and "guest" in kinds
    guest = next(
        p.fields for p in record.minutes(sqlite_service, session).paragraphs if p.kind == "guest"
    )
    assert guest["name"] == "Kuzma Gvozdev" and guest["in_name_of"] == "the City Duma"
