"""The public page: the latest acts in words, a register of resolutions per body
(numbered in the order of adoption, the text as adopted, the figures), the results,
fragments that refresh in place, and the record paged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sample_congress import make_congress, vote_on
from sample_papers import ROBERT, fill, rules
from smolny import procedure
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.web.app import create_app

CHAIR = Principal("a1", "chair", "chair")


@pytest.fixture
def client(sqlite_service: Smolny) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_service)) as client:
        yield client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_register_of_resolutions_per_body_numbered_in_order_of_adoption(
    sqlite_service: Smolny, client: TestClient
) -> None:
    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    vote_on(sqlite_service, session, delegates, "First: bread.", yes=3)
    vote_on(sqlite_service, session, delegates, "Rejected: nothing.", yes=1)
    vote_on(sqlite_service, session, delegates, "Second: peace.", yes=2)
    # another body, its own register from number 1
    sqlite_service.execute(c.CreateBody("soviet", "Petrograd Soviet"))
    added = sqlite_service.execute(
        c.RegisterDelegates("soviet", tuple(c.NewDelegate(f"Deputy {i}") for i in range(3)))
    )
    deputies = [d["delegate"] for d in added[0].data["delegates"]]
    sitting = sqlite_service.execute(c.OpenSession("soviet", "Emergency session"), by=CHAIR)[
        0
    ].data["session"]
    sqlite_service.execute(c.RecordPresence(sitting, all_present=True), by=CHAIR)
    vote_on(sqlite_service, sitting, deputies, "Land to the peasants.", yes=3)

    page = client.get("/")
    assert page.status_code == 200
    words = text_of(page.text.split('id="public-bodies"')[1])
    congress_part, soviet_part = words.split("Petrograd Soviet", 1)
    assert re.search(
        r"№1\. A motion First: bread\. Adopted .*3 for, 0 against, 0 abstaining; needed 2",
        congress_part,
    )
    assert re.search(r"№2\. A motion Second: peace\. Adopted .*2 for, 1 against", congress_part)
    assert (
        "№3" not in congress_part and "Rejected: nothing." not in congress_part.split("Results")[0]
    )
    assert "3 present, quorum" in congress_part
    assert "№1. A motion Land to the peasants." in soviet_part and "№2" not in soviet_part
    # the results, with bars and the verdicts
    assert congress_part.count("Adopted") >= 2 and "Rejected" in congress_part
    assert 'progress class="fill yes"' in page.text


def test_the_latest_acts_in_words_and_the_verification_hint(
    sqlite_service: Smolny, client: TestClient
) -> None:
    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    for delegate in delegates:
        sqlite_service.execute(c.Act(session, procedure.RequestFloor(delegate)), by=CHAIR)
    own = Principal(delegates[0], "delegate", delegates[0])
    withdraw = procedure.WithdrawFloorRequest(delegates[0], by=delegates[0])
    sqlite_service.execute(c.Act(session, withdraw), by=own)
    sqlite_service.execute(c.Act(session, procedure.WithdrawFloorRequest(delegates[1])), by=CHAIR)
    page = client.get("/")
    words = text_of(page.text)
    assert "Delegate 2 asked for the floor" in words
    assert "Delegate 0 withdrew their request for the floor" in words
    assert "The chair struck Delegate 1 off the speakers&#39; list" in words
    assert "Test Congress opened its session “Sitting”" in words
    state = sqlite_service.state
    assert state.head in page.text and "smolny verify FILE.jsonl" in words
    assert f'data-seq="{state.seq}"' in page.text  # the stream goes on from here
    for fragment in ("/public/record", "/public/bodies"):
        assert f'hx-get="{fragment}" hx-trigger="smolny:entry from:body"' in page.text
        part = client.get(fragment)
        assert part.status_code == 200 and "<html" not in part.text
    assert "<script>" not in page.text and " style=" not in page.text and "hx-on" not in page.text
    assert client.get("/public/record").text.count("<li value=") == len(
        [li for li in page.text.split("public-bodies")[0].split("<li value=")[1:]]
    )


def test_a_long_record_is_paged(sqlite_service: Smolny, client: TestClient) -> None:
    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    for _ in range(40):
        sqlite_service.execute(c.Act(session, procedure.RequestFloor(delegates[0])), by=CHAIR)
        sqlite_service.execute(c.Act(session, procedure.Recognise()), by=CHAIR)
        sqlite_service.execute(c.Act(session, procedure.Yield()), by=CHAIR)
    seq = sqlite_service.state.seq
    page = client.get("/")
    assert page.text.count("<li value=") == 15  # the page does not grow with the journal
    newest = client.get("/record")
    shown = [int(n) for n in re.findall(r'<li value="(\d+)"', newest.text)]
    assert shown == list(range(seq, seq - 50, -1))
    older = re.search(r'href="/record\?before=(\d+)">Older', newest.text)
    assert older is not None
    second = client.get(f"/record?before={older.group(1)}")
    assert [int(n) for n in re.findall(r'<li value="(\d+)"', second.text)][0] == seq - 50
    assert client.get("/record?before=0").status_code == 422


def test_the_voting_congress_on_the_public_page(tmp_path: object) -> None:
    import voting_record

    app = Smolny.open(f"sqlite:///{tmp_path}/demo.sqlite3")  # type: ignore[str-bytes-safe]
    try:
        voting_record.load(app)
        with TestClient(create_app(app)) as client:
            words = text_of(client.get("/").text)
        assert "Register of resolutions" in words
        assert "№1. Peaceful settlement and a united socialist government" in words
        assert "all power passes to the Soviets of Workers" in words  # the decree as amended
        russian = TestClient(create_app(app)).get("/?lang=ru").text
        assert "Реестр резолюций" in russian
    finally:
        app.close()


def test_the_latest_acts_are_in_the_readers_language(
    sqlite_service: Smolny, client: TestClient
) -> None:
    """A Russian reader reads the record's acts in Russian, and no entry's kind shows as
    an identifier (an act with no sentence of its own is said by its kind in words)."""
    from smolny import i18n
    from smolny.web.screens.pages import describe

    make_congress(sqlite_service, size=3)
    russian = client.get("/", params={"lang": "ru"}).text
    english = client.get("/", params={"lang": "en"}).text
    assert "Последние действия" in russian
    assert "was created" not in russian and "was created" in english
    with i18n.active("ru"):
        assert describe({"kind": "speakers.closed", "data": {}}, None) == (  # type: ignore[arg-type]
            "Список выступающих закрыт"
        )


def test_the_demo_on_the_public_page(tmp_path: object) -> None:
    from smolny import demo

    app = Smolny.open(f"sqlite:///{tmp_path}/demo.sqlite3")  # type: ignore[str-bytes-safe]
    try:
        demo.load(app)
        with TestClient(create_app(app)) as client:
            words = text_of(client.get("/").text)
        for body in ("Second All-Russian Congress of Soviets", "Petrograd Soviet"):
            assert body in words
        assert "Register of resolutions" in words
    finally:
        app.close()


def test_a_papers_move_is_written_with_its_states_names(tmp_path: Path) -> None:
    # the latest acts name a paper's states as its workflow does ("Admitted"), in the
    # page's language, never by the workflow's keys ("admitted")
    app = Smolny.open(f"sqlite:///{tmp_path / 'papers.sqlite3'}", rulebooks=[rules(ROBERT, "u")])
    try:
        fill(app, "u")
        with TestClient(create_app(app)) as client:
            english = text_of(client.get("/public/record").text)
            russian = text_of(client.get("/public/record?lang=ru").text)
    finally:
        app.close()
    assert "M1 moved from “Submitted” to “Admitted”" in english
    assert "“admitted”" not in english
    assert "M1: из «Внесена» в «Допущена к рассмотрению»" in russian
    # a recommendation and an instruction in words, as the papers' screens write them
    assert "The standing orders committee recommends M3: oppose" in english
    assert "York council instructed its delegates on M1: vote against" in english
    assert "on M1: against" not in english  # (the instruction's key)
    assert "Регламентная комиссия о M3: отклонить" in russian
    assert "наказ своим делегатам по M1 — голосовать против" in russian
