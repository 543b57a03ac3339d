"""Publication: one register (the public page, the register pages, the feed and `smolny
verify --report` number resolutions alike on the demo), a resolution's page, the poster
as PDF and print HTML, Atom feeds that parse and escape."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from sample_congress import make_congress
from smolny import procedure
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny, VoteRequest
from smolny.web.app import create_app
from smolny_command import make_demo

A = "{http://www.w3.org/2005/Atom}"
CHAIR = Principal("a1", "chair", "chair")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The voting congress (tests/voting_record.py), whose resolutions were voted with
    figures: the demo's are declared without them (the accounts give none)."""
    return make_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[TestClient]:
    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, copy)
    app = Smolny.open(f"sqlite:///{copy}")
    with TestClient(create_app(app)) as client:
        yield client
    app.close()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_one_register_on_the_demo_page_feed_and_verify_agree(
    demo: TestClient, demo_file: Path
) -> None:
    public = demo.get("/")
    assert public.status_code == 200
    on_page = re.findall(
        r'id="resolution-second-congress-(\d+)".*?<h4>№\d+\. ([^<]+)</h4>', public.text, re.S
    )
    register = demo.get("/bodies/second-congress/resolutions")
    assert register.status_code == 200
    listed = re.findall(r'resolutions/(\d+)">№\d+\. ([^<]+)</a>', register.text)
    assert listed == on_page
    assert [n for n, _ in listed] == ["1", "2"]
    assert listed[1][1] == "To all Workers, Soldiers and Peasants"
    feed = ET.fromstring(demo.get("/bodies/second-congress/feed.atom").content)
    titles = [e.findtext(f"{A}title") for e in feed.iter(f"{A}entry")]
    congress = "Second All-Russian Congress of Soviets"
    assert f"{congress}: Resolution 2: To all Workers, Soldiers and Peasants" in titles
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "smolny",
            "verify",
            "--report",
            "--db",
            str(demo_file),
            "--body",
            "second-congress",
            "--resolution",
            "2",
        ],
        capture_output=True,
        text=True,
    )
    assert report.returncode == 0, report.stderr
    assert (
        "Resolution 2 of second-congress: 'To all Workers, Soldiers and Peasants'" in report.stdout
    )
    # the workers' section numbers its own from 1
    assert re.findall(r"№(\d+)\.", demo.get("/bodies/workers-section/resolutions").text) == ["1"]


def test_a_resolution_page_gives_the_text_figures_presence_and_entry(demo: TestClient) -> None:
    page = demo.get("/bodies/second-congress/resolutions/2")
    assert page.status_code == 200
    words = text_of(page.text)
    assert "To all Workers, Soldiers and Peasants" in words
    assert "all power passes to the Soviets" in words  # the text as amended
    assert "544 present, quorum 336" in words
    assert re.search(r"Bolsheviks \(300\)", words)
    seq, digest = re.search(r"Entry (\d+) of the record, hash ([0-9a-f]{64})", words).groups()  # type: ignore[union-attr]
    entry = demo.get(f"/api/v1/journal?after={int(seq) - 1}&limit=1").text.splitlines()[0]
    assert f'"hash":"{digest}"' in entry and '"kind":"motion.adopted"' in entry
    assert "smolny verify --report" in words and "--resolution 2" in words
    russian = demo.get("/bodies/second-congress/resolutions/2?lang=ru")
    assert "Постановление №2" in russian.text and "Присутствовали, по фракциям" in russian.text
    missing = demo.get("/bodies/second-congress/resolutions/9")
    assert missing.status_code == 404 and "has no resolution 9 (it has 2)" in missing.text
    assert demo.get("/bodies/nowhere/resolutions").status_code == 404


def test_the_poster_is_a_pdf_with_the_text_and_a_print_page(demo: TestClient) -> None:
    poster = demo.get("/bodies/second-congress/resolutions/2/poster")
    assert poster.status_code == 200
    assert poster.headers["content-type"] == "application/pdf"
    assert poster.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(poster.content)).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "To all Workers, Soldiers and Peasants" in flat
    assert "all power passes to the Soviets" in flat
    assert "SECOND ALL-RUSSIAN CONGRESS OF SOVIETS" in flat
    printed = demo.get("/bodies/second-congress/resolutions/2/poster?format=html")
    assert printed.status_code == 200 and 'href="/static/poster.css"' in printed.text
    assert "@media print" in demo.get("/static/poster.css").text
    assert "To all Workers, Soldiers and Peasants" in printed.text
    assert demo.get("/bodies/second-congress/resolutions/2/poster?format=doc").status_code == 422


def adopt(app: Smolny, session: str, delegates: list[str], title: str, text: str) -> None:
    motion = app.execute(c.MoveMotion(session, title, text, delegates[0]), by=CHAIR)[0].data[
        "question"
    ]
    app.execute(c.Act(session, procedure.Second(motion, delegates[1])), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(motion)), by=CHAIR)
    opened = app.execute(c.OpenPoll(motion), by=CHAIR)
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    for d in delegates:
        for _, done in app.ballots.cast_votes(
            poll, Principal(d, "delegate", d), [VoteRequest({"choice": "yes"})]
        ):
            done.result(timeout=10)
    app.ballots.close_poll(poll, by=CHAIR)


def test_feeds_parse_escape_and_keep_their_ids(sqlite_service: Smolny) -> None:
    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    with TestClient(create_app(sqlite_service)) as client:
        empty = ET.fromstring(client.get("/bodies/congress/feed.atom").content)
        assert empty.tag == f"{A}feed" and list(empty.iter(f"{A}entry")) == []
        adopt(sqlite_service, session, delegates, "Bread & <peace>", 'Land "to" <b>all</b> & ]]>')
        answer = client.get("/bodies/congress/feed.atom")
        assert answer.headers["content-type"].startswith("application/atom+xml")
        feed = ET.fromstring(answer.content)
        for required in ("id", "title", "updated"):
            assert feed.findtext(f"{A}{required}")
        (entry,) = feed.iter(f"{A}entry")
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{A}{required}"), required
        assert entry.findtext(f"{A}title") == "Test Congress: Resolution 1: Bread & <peace>"
        assert entry.findtext(f"{A}content") == 'Land "to" <b>all</b> & ]]>'
        assert entry.findtext(f"{A}id", "").startswith("urn:smolny:entry:")
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", entry.findtext(f"{A}updated", "")
        )
        link = entry.find(f"{A}link")
        assert link is not None and link.get("href", "").endswith("/bodies/congress/resolutions/1")
        adopt(sqlite_service, session, delegates, "Second", "More.")
        again = ET.fromstring(client.get("/feed.atom").content)
        ids = [e.findtext(f"{A}id") for e in again.iter(f"{A}entry")]
        assert len(ids) == 2 and ids[1] == entry.findtext(f"{A}id")  # newest first, ids kept
        assert again.findtext(f"{A}id") != feed.findtext(f"{A}id")
        assert client.get("/bodies/nowhere/feed.atom").status_code == 404


def test_minutes_over_the_api(demo: TestClient) -> None:
    md = demo.get("/api/v1/sessions/s1/minutes?format=md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "To all Workers, Soldiers and Peasants" in md.text
    html = demo.get("/api/v1/sessions/s1/minutes?format=html")
    assert html.headers["content-type"].startswith("text/html") and "<html" in html.text
    russian = demo.get("/api/v1/sessions/s1/minutes?format=md&lang=ru")
    assert russian.status_code == 200 and "Протокол" in russian.text
    missing = demo.get("/api/v1/sessions/s99/minutes")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert "s99" in missing.json()["detail"] and "s1" in missing.json()["detail"]
    assert demo.get("/api/v1/sessions/s1/minutes?format=doc").status_code == 422
