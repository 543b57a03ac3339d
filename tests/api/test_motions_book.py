"""The motions book over HTTP (issue 19): its public pages, PDF, Markdown and canonical
content, the secretariat's final edition fixed by its hash, and the check anyone can make
of it (`sha256sum` of `book.json?edition=N`, or `smolny verify --book SLUG journal.jsonl`);
a book that does not match its edition fails the check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from smolny.record import kinds as k
from smolny.record.entry import make_entry
from smolny.service.app import Smolny
from smolny_command import run

API = "/api/v1"
PASSWORD = "a-password-long-enough-for-tests"
PAPERS = f"{API}/congresses/congress"
BOOK = "/congresses/congress/book"


def login(api: TestClient, username: str) -> dict[str, str]:
    response = api.post(f"{API}/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    api.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def congress(api: TestClient, app: Smolny) -> dict[str, dict[str, str]]:
    """A congress of Leeds and York with two motions, an amendment, a ruling and a
    recommendation; a Leeds account."""
    app.accounts.create_account("admin", "admin", password=PASSWORD)
    app.accounts.create_account("sec", "secretary", password=PASSWORD)
    app.accounts.create_account("leeds-sec", "secretary", password=PASSWORD)
    who = {name: login(api, name) for name in ("admin", "sec", "leeds-sec")}
    for slug in ("leeds", "york"):
        body = {"slug": slug, "name": f"{slug.title()} council", "kind": "council"}
        ok(api.post(f"{API}/bodies", json=body, headers=who["admin"]), 201)
    body = {"slug": "congress", "name": "Union congress"}
    ok(api.post(f"{API}/bodies", json=body, headers=who["admin"]), 201)
    ok(
        api.post(
            f"{API}/accounts/leeds-sec/council", json={"council": "leeds"}, headers=who["admin"]
        )
    )
    ok(
        api.post(
            f"{PAPERS}/deadlines", json={"motions": "2999-01-01T00:00:00Z"}, headers=who["sec"]
        )
    )
    for council, title in (("leeds", "Pay"), ("york", "Hours")):
        motion = {
            "council": council,
            "title": title,
            "paragraphs": ["Congress notes.", "Congress resolves."],
            "movers": ["A. Mover"],
        }
        ok(api.post(f"{PAPERS}/motions", json=motion, headers=who["sec"]), 201)
    amendment = {
        "council": "york",
        "motion": "M1",
        "paragraph": 2,
        "change": "replace",
        "text": "Congress resolves to strike.",
        "movers": ["B. Mover"],
    }
    ok(api.post(f"{PAPERS}/amendments", json=amendment, headers=who["sec"]), 201)
    ruling = {"to": "ruled-out-of-order", "role": "committee", "reason": "not ours to decide"}
    ok(api.post(f"{PAPERS}/papers/M2/moves", json=ruling, headers=who["sec"]))
    advice = {"stance": "support", "reason": "members want it"}
    ok(api.post(f"{PAPERS}/papers/M1/recommendation", json=advice, headers=who["sec"]))
    return who


def test_the_book_on_the_public_site(api: TestClient, service: Smolny) -> None:
    congress(api, service)
    page = api.get(BOOK)
    assert page.status_code == 200
    assert "Motions book: Union congress" in page.text
    assert f'href="{BOOK}/M1"' in page.text and f'href="{BOOK}.pdf?lang=en"' in page.text
    assert "<del>Congress resolves.</del>" in page.text
    assert "<ins>Congress resolves to strike.</ins>" in page.text
    assert "not ours to decide" in page.text and "members want it" in page.text
    assert "No final edition has been fixed yet" in page.text
    paper = api.get(f"{BOOK}/A1")
    assert paper.status_code == 200 and "A1 (York council): to replace paragraph 2" in paper.text
    assert api.get(f"{BOOK}/M9").status_code == 404
    assert api.get("/congresses/leeds/book").status_code == 404  # a council has no book
    pdf = api.get(f"{BOOK}.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    markdown = api.get(f"{BOOK}.md?lang=ru")
    assert markdown.text.startswith("# Сборник резолюций: Union congress")
    russian = api.get(BOOK, headers={"Accept-Language": "ru"})
    assert "Доклад регламентной комиссии" in russian.text
    # the public page of the congress links to its book
    assert f'href="{BOOK}"' in api.get("/public/bodies").text


def test_a_final_edition_fixed_and_checked_by_anyone(
    api: TestClient, service: Smolny, tmp_path: Path
) -> None:
    who = congress(api, service)
    refused = api.post(f"{PAPERS}/book/final", headers=who["leeds-sec"])
    assert refused.status_code == 403 and refused.json()["rule"] == "council-account"
    current = ok(api.get(f"{PAPERS}/book"))
    fixed = ok(api.post(f"{PAPERS}/book/final", headers=who["sec"]), 201)
    assert fixed["edition"] == 1 and fixed["sha256"] == current["sha256"]
    assert fixed["covers"] == current["seq"]
    assert fixed["entries"][0]["kind"] == k.MOTIONS_BOOK_FIXED
    again = api.post(f"{PAPERS}/book/final", headers=who["sec"])
    assert again.status_code == 409 and again.json()["rule"] == "book-unchanged"
    # the canonical content's SHA-256 is the one in the record, now and after more work
    more = {"stance": "oppose", "reason": "changed our minds"}
    ok(api.post(f"{PAPERS}/papers/M1/recommendation", json=more, headers=who["sec"]))
    content = api.get(f"{BOOK}.json?edition=1").content
    assert hashlib.sha256(content).hexdigest() == fixed["sha256"]
    assert hashlib.sha256(api.get(f"{BOOK}.json").content).hexdigest() != fixed["sha256"]
    assert api.get(f"{BOOK}?edition=9").status_code == 404  # no such edition, said
    assert api.get(f"{BOOK}.pdf?edition=0").status_code == 422
    page = api.get(f"{BOOK}?edition=1")
    assert "This book matches the edition fixed in the record." in page.text
    assert "members want it" in page.text and "changed our minds" not in page.text
    second = ok(api.post(f"{PAPERS}/book/final", headers=who["sec"]), 201)
    assert second["edition"] == 2
    record = api.get("/public/record").text  # the public record says it in words
    assert (
        f"Final edition 2 of the motions book of Union congress fixed, SHA-256 {second['sha256']}"
        in record
    )
    listed = api.get(BOOK).text
    assert "The book as it stands is final edition 2." in listed
    assert fixed["sha256"] in listed and second["sha256"] in listed
    # smolny verify --book draws it again from the exported journal
    journal = tmp_path / "journal.jsonl"
    journal.write_bytes(api.get("/record/journal.jsonl").content)
    result = run("verify", "--book", "congress", journal)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "edition 1" in result.stdout and "edition 2" in result.stdout
    # a journal that fixes another book than the one its entries draw fails the check
    lines = journal.read_text().splitlines()
    last = json.loads(lines[-1])
    data = {"congress": "congress", "edition": 3, "sha256": "0" * 64, "covers": last["seq"]}
    forged = make_entry(
        last["seq"] + 1, last["at"], k.MOTIONS_BOOK_FIXED, last["actor"], data, last["hash"]
    )
    journal.write_text("\n".join([*lines, forged.line()]) + "\n")
    result = run("verify", "--book", "congress", journal)
    assert result.returncode == 1
    assert "FAILED: the motions book of congress, edition 3" in result.stdout
