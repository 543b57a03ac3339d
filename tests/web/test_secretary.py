"""The secretariat's screen (/secretary): every act from the page, its refusals shown in
place with nothing recorded, imports listing every bad row, slips as a PDF, the
credentials workflow, and who may see it."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from pypdf import PdfReader

from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny.web.app import create_app

PASSWORD = "password-for-the-tests"
HX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/secretary?body=congress"}


@pytest.fixture
def app(sqlite_service: Smolny) -> Smolny:
    service = sqlite_service
    for role in ("admin", "secretary", "chair"):
        service.accounts.create_account(role, role, password=PASSWORD)
    service.execute(c.CreateBody("petrograd", "Petrograd Soviet", "council"))
    service.execute(c.CreateBody("congress", "Second Congress"))
    service.execute(
        c.CreateBody("credentials", "Credentials", "committee", "congress", purpose="credentials")
    )
    service.execute(c.FormFaction("congress", "bolsheviks", "Bolsheviks"))
    service.execute(c.RegisterDelegates("congress", (c.NewDelegate("Old One"),)))
    return service


def client_as(app: Smolny, who: str | None) -> TestClient:
    client = TestClient(create_app(app), follow_redirects=False)
    client.__enter__()
    if who == "delegate":
        code = app.accounts.issue_access_codes("congress", ["d1"])["d1"]
        assert client.post("/api/v1/login", json={"access_code": code}).status_code == 200
    elif who is not None:
        answer = client.post("/api/v1/login", json={"username": who, "password": PASSWORD})
        assert answer.status_code == 200
    return client


@pytest.fixture
def secretary(app: Smolny) -> Iterator[TestClient]:
    client = client_as(app, "secretary")
    yield client
    client.__exit__(None, None, None)


@pytest.fixture
def admin(app: Smolny) -> Iterator[TestClient]:
    client = client_as(app, "admin")
    yield client
    client.__exit__(None, None, None)


def upload(client: TestClient, path: str, data: bytes, name: str = "roster.csv"):
    return client.post(path, files={"file": (name, data, "text/csv")}, headers=HX)


def refused(response, status: int, rule: str, app: Smolny, before: int) -> None:
    assert response.status_code == status, response.text
    assert f'data-rule="{rule}"' in response.text
    # beside the form that asked (its own answer slot), not in the page's top slot
    assert "HX-Retarget" not in response.headers
    assert app.state.seq == before


# -- the page -------------------------------------------------------------------------------


def test_the_bodies_then_a_page_per_body_with_its_delegates_and_sessions(
    app: Smolny, secretary: TestClient
) -> None:
    listing = secretary.get("/secretary").text
    assert "Petrograd Soviet" in listing and 'href="/secretary/bodies/congress"' in listing
    old = secretary.get("/secretary?body=congress")  # an old link: the body's page
    assert old.status_code == 303 and old.headers["location"] == "/secretary/bodies/congress"
    page = secretary.get("/secretary/bodies/congress")
    assert page.status_code == 200
    html = page.text
    assert "Second Congress" in html and "Credentials" in html
    assert "Bolsheviks" in html and "Old One" in html
    assert 'hx-trigger="smolny:entry from:body"' in html
    assert "<script>" not in html and "style=" not in html and "hx-on" not in html
    # a secretary does not create bodies or accounts: the forms are not offered
    assert 'hx-post="/secretary/bodies"' not in html and "/secretary/accounts" not in html
    russian = secretary.get("/secretary/bodies/congress?lang=ru").text
    assert "Секретариат" in russian and "Загрузить делегатов" in russian


def test_the_parts_of_the_page_can_be_fetched_alone(secretary: TestClient) -> None:
    assert "Second Congress" in secretary.get("/secretary/tree").text
    assert "Old One" in secretary.get("/secretary/bodies/congress").text
    assert "Credentials" in secretary.get("/secretary/bodies/congress/credentials").text
    missing = secretary.get("/secretary/bodies/nowhere", headers=HX)
    assert missing.status_code == 404 and 'data-rule="unknown-body"' in missing.text


def test_a_delegate_is_refused_and_nobody_is_sent_to_log_in(app: Smolny) -> None:
    delegate = client_as(app, "delegate")
    page = delegate.get("/secretary")
    assert page.status_code == 403 and 'data-rule="staff-only"' in page.text
    before = app.state.seq
    act = delegate.post(
        "/secretary/bodies/congress/factions", data={"slug": "x", "name": "X"}, headers=HX
    )
    refused(act, 403, "forbidden", app, before)
    anonymous = client_as(app, None)
    answer = anonymous.get("/secretary?body=congress")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/secretary"


def test_a_lost_login_sends_htmx_to_the_login_page_with_the_act_not_applied(app: Smolny) -> None:
    anonymous = client_as(app, None)
    before = app.state.seq
    answer = anonymous.post(
        "/secretary/bodies/congress/factions",
        data={"slug": "left-srs", "name": "Left SRs"},
        headers=HX,
    )
    assert answer.status_code == 401
    assert answer.headers["HX-Redirect"] == "/login?next=/secretary%3Fbody%3Dcongress"
    assert app.state.seq == before


def test_an_act_without_htmx_is_refused(app: Smolny, secretary: TestClient) -> None:
    before = app.state.seq
    answer = secretary.post("/secretary/bodies/congress/factions", data={"slug": "x", "name": "X"})
    assert answer.status_code == 403
    assert app.state.seq == before and "x" not in app.state.bodies["congress"].factions


# -- setting up -----------------------------------------------------------------------------


def test_the_admin_creates_a_body_and_a_refusal_shows_in_place(
    app: Smolny, admin: TestClient
) -> None:
    page = admin.get("/secretary").text
    assert 'hx-post="/secretary/bodies"' in page and "/secretary/accounts" in page
    made = admin.post(
        "/secretary/bodies",
        data={
            "name": "Moscow Soviet",
            "slug": "moscow",
            "kind": "council",
            "members": "700",
            "parent": "",
        },
        headers=HX,
    )
    assert made.status_code == 200 and "Moscow Soviet" in made.text
    assert (
        app.state.bodies["moscow"].members == 700 and app.state.bodies["moscow"].kind == "council"
    )
    before = app.state.seq
    again = admin.post("/secretary/bodies", data={"name": "Again", "slug": "moscow"}, headers=HX)
    refused(again, 409, "duplicate-body", app, before)
    bad_parent = admin.post(
        "/secretary/bodies", data={"name": "S", "slug": "s", "parent": "nowhere"}, headers=HX
    )
    refused(bad_parent, 404, "unknown-body", app, before)
    bad_members = admin.post(
        "/secretary/bodies", data={"name": "S", "slug": "s", "members": "many"}, headers=HX
    )
    refused(bad_members, 422, "members", app, before)


def test_a_secretary_may_not_create_a_body(app: Smolny, secretary: TestClient) -> None:
    before = app.state.seq
    answer = secretary.post("/secretary/bodies", data={"name": "M", "slug": "m"}, headers=HX)
    refused(answer, 403, "forbidden", app, before)
    assert "m" not in app.state.bodies


def test_factions_and_sessions(app: Smolny, secretary: TestClient, admin: TestClient) -> None:
    formed = secretary.post(
        "/secretary/bodies/congress/factions",
        data={"slug": "left-srs", "name": "Left SRs"},
        headers=HX,
    )
    assert formed.status_code == 200 and "Left SRs" in formed.text
    assert app.state.bodies["congress"].factions["left-srs"].name == "Left SRs"
    before = app.state.seq
    refused(
        secretary.post("/secretary/bodies/congress/sessions", data={"title": "First"}, headers=HX),
        403,
        "forbidden",
        app,
        before,
    )
    opened = admin.post(
        "/secretary/bodies/congress/sessions", data={"title": "First sitting"}, headers=HX
    )
    assert opened.status_code == 200
    [session] = app.state.bodies["congress"].sessions
    # the answer names the sitting, and leads to its console and its agenda
    assert "Sitting “First sitting” opened." in opened.text
    assert f'href="/chair/sessions/{session}"' in opened.text
    assert f'href="/secretary/sessions/{session}/agenda"' in opened.text
    assert app.state.sessions[session].title == "First sitting"
    assert "First sitting" in secretary.get("/secretary/bodies/congress").text


def test_the_admin_creates_a_staff_account_and_sees_its_password_once(
    app: Smolny, admin: TestClient, secretary: TestClient
) -> None:
    made = admin.post(
        "/secretary/accounts", data={"username": "clerk", "role": "secretary"}, headers=HX
    )
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    password = made.text.split('<code class="password">')[1].split("</code>")[0]
    login = TestClient(create_app(app)).post(
        "/api/v1/login", json={"username": "clerk", "password": password}
    )
    assert login.status_code == 200 and login.json()["must_change_password"] is True
    before = app.state.seq
    refused(
        secretary.post("/secretary/accounts", data={"username": "x", "role": "admin"}, headers=HX),
        403,
        "forbidden",
        app,
        before,
    )
    refused(
        admin.post("/secretary/accounts", data={"username": "y", "role": "king"}, headers=HX),
        422,
        "role",
        app,
        before,
    )


# -- imports ----------------------------------------------------------------------------------


def test_an_import_with_bad_rows_lists_every_one_and_writes_nothing(
    app: Smolny, secretary: TestClient
) -> None:
    before = app.state.seq
    roster = (
        b"name,faction,voting,weight\n"
        b"Lenin,bolsheviks,yes,1\n"
        b",bolsheviks,yes,1\n"
        b"Martov,mensheviks,yes,1\n"
        b"Kamenev,bolsheviks,perhaps,1\n"
    )
    answer = upload(secretary, "/secretary/bodies/congress/delegates/import", roster)
    assert answer.status_code == 422
    html = answer.text
    assert "Nothing was imported." in html and "3 problems" in html
    for row, column in (("3", "name"), ("4", "faction"), ("5", "voting")):
        assert f'<td class="num">{row}</td><td>{column}</td>' in html
    assert app.state.seq == before and len(app.state.bodies["congress"].delegates) == 1


def test_a_good_import_adds_the_delegates(app: Smolny, secretary: TestClient) -> None:
    roster = b"name,faction,voting\nLenin,bolsheviks,yes\nTrotsky,bolsheviks,yes\nSukhanov,,no\n"
    answer = upload(secretary, "/secretary/bodies/congress/delegates/import", roster)
    assert answer.status_code == 200 and "3 delegates added." in answer.text
    names = {d.name for d in app.state.bodies["congress"].delegates.values()}
    assert {"Lenin", "Trotsky", "Sukhanov"} <= names
    # the body page's header, drawn again with the answer (out of band): 1 + 3 delegates
    assert '<p id="body-summary" class="muted" hx-swap-oob="true">' in answer.text
    assert "4 delegates" in answer.text.split('id="body-summary"')[1]
    # and with the roll, as it refreshes after an import from another screen
    roll = secretary.get("/secretary/bodies/congress/roll", headers=HX)
    assert '<p id="body-summary" class="muted" hx-swap-oob="true">' in roll.text
    formed = secretary.post(
        "/secretary/bodies/congress/factions", data={"slug": "srs", "name": "SRs"}, headers=HX
    )
    assert "2 factions" in formed.text.split('id="body-summary"')[1]


def test_an_xlsx_roster_is_read(app: Smolny, secretary: TestClient) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "faction", "weight"])
    sheet.append(["Lenin", "bolsheviks", 3])
    data = io.BytesIO()
    book.save(data)
    answer = upload(
        secretary, "/secretary/bodies/congress/delegates/import", data.getvalue(), "r.xlsx"
    )
    assert answer.status_code == 200 and "1 delegate added." in answer.text
    [lenin] = [d for d in app.state.bodies["congress"].delegates.values() if d.name == "Lenin"]
    assert lenin.weight == 3


def test_an_unreadable_or_missing_file_is_refused_in_place(
    app: Smolny, secretary: TestClient
) -> None:
    before = app.state.seq
    broken = upload(
        secretary, "/secretary/bodies/congress/delegates/import", b"PK\x03\x04garbage", "r.xlsx"
    )
    refused(broken, 422, "roster", app, before)
    none = secretary.post(
        "/secretary/bodies/congress/delegates/import",
        files={"file": ("", b"", "text/csv")},
        headers=HX,
    )
    refused(none, 422, "file", app, before)
    not_multipart = secretary.post(
        "/secretary/bodies/congress/delegates/import", content=b"name\nX\n", headers=HX
    )
    refused(not_multipart, 422, "file", app, before)


def test_mandates_imported_then_accepted_rejected_and_recalled(
    app: Smolny, secretary: TestClient
) -> None:
    rows = (
        b"name,sending body,receiving body,faction,substitutes\n"
        b"Trotsky,petrograd,congress,bolsheviks,Kamenev;Zinoviev\n"
        b"Dan,petrograd,congress,,\n"
    )
    answer = upload(secretary, "/secretary/mandates/import", rows)
    assert answer.status_code == 200 and "2 mandates issued" in answer.text
    mandates = {app.state.delegates[m.delegate].name: m.id for m in app.state.mandates.values()}
    listed = secretary.get("/secretary/bodies/congress/credentials").text
    assert "Awaiting the credentials committee" in listed and "Kamenev, Zinoviev" in listed

    before = app.state.seq
    no_reason = secretary.post(
        f"/secretary/mandates/{mandates['Dan']}/credentials",
        data={"decision": "reject", "reason": ""},
        headers=HX,
    )
    refused(no_reason, 422, "required", app, before)
    assert "reason must not be empty" in no_reason.text

    accepted = secretary.post(
        f"/secretary/mandates/{mandates['Trotsky']}/credentials",
        data={"decision": "accept", "reason": "", "committee": "credentials"},
        headers=HX,
    )
    assert accepted.status_code == 200 and "The mandate of Trotsky is accepted." in accepted.text
    assert app.state.mandates[mandates["Trotsky"]].status == "accepted"
    rejected = secretary.post(
        f"/secretary/mandates/{mandates['Dan']}/credentials",
        data={"decision": "reject", "reason": "no papers"},
        headers=HX,
    )
    assert rejected.status_code == 200 and "rejected" in rejected.text
    assert app.state.mandates[mandates["Dan"]].status == "rejected"
    assert app.state.mandates[mandates["Dan"]].reason == "no papers"

    before = app.state.seq
    twice = secretary.post(
        f"/secretary/mandates/{mandates['Dan']}/credentials",
        data={"decision": "accept"},
        headers=HX,
    )
    refused(twice, 409, "credentials-checked", app, before)

    recalled = secretary.post(
        f"/secretary/mandates/{mandates['Trotsky']}/recall",
        data={"reason": "the Soviet recalls him"},
        headers=HX,
    )
    assert recalled.status_code == 200
    assert "Trotsky is recalled. Kamenev takes up the mandate." in recalled.text
    assert app.state.delegates[app.state.mandates[mandates["Trotsky"]].delegate].name == "Kamenev"
    assert "Zinoviev" in recalled.text  # the next substitute, still waiting


def test_a_mandate_import_with_bad_rows_writes_nothing(app: Smolny, secretary: TestClient) -> None:
    before = app.state.seq
    rows = b"name,sending body,receiving body\nTrotsky,nowhere,congress\n,petrograd,congress\n"
    answer = upload(secretary, "/secretary/mandates/import", rows)
    assert answer.status_code == 422 and "2 problems" in answer.text
    assert '<td class="num">2</td>' in answer.text and '<td class="num">3</td>' in answer.text
    assert app.state.seq == before and not app.state.mandates


def test_the_contested_mandate_is_shown_with_its_motion(app: Smolny, secretary: TestClient) -> None:
    issued = app.execute(c.IssueMandate("petrograd", "congress", "Trotsky"))
    mandate, holder = issued[0].data["mandate"], issued[0].data["delegate"]
    session = app.execute(c.OpenSession("congress", "Sitting"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    app.execute(c.ContestMandate("congress", holder, "d1", "not elected"))
    html = secretary.get("/secretary/bodies/congress/credentials").text
    assert "Contested" in html and "The mandate of Trotsky" in html and mandate in html


# -- slips -------------------------------------------------------------------------------------


def test_slips_download_as_a_pdf_and_reissue_codes(app: Smolny, secretary: TestClient) -> None:
    before = app.state.seq
    unconfirmed = secretary.post(
        "/secretary/bodies/congress/access-slips", data={"which": "all"}, headers=HX
    )
    refused(unconfirmed, 422, "reissue-not-confirmed", app, before)
    pdf = secretary.post(
        "/secretary/bodies/congress/access-slips",
        data={"which": "uncoded", "understood": "yes"},
        headers=HX,
    )
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf.headers["X-Smolny-Slips"] == "1"
    assert "Old One" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert app.state.seq == before + 1  # access-codes.issued
    assert "issued" in secretary.get("/secretary/bodies/congress").text
    none_left = secretary.post(
        "/secretary/bodies/congress/access-slips",
        data={"which": "uncoded", "understood": "yes"},
        headers=HX,
    )
    refused(none_left, 422, "no-delegates-without-code", app, before + 1)
    again = secretary.post(
        "/secretary/bodies/congress/access-slips",
        data={"which": "all", "understood": "yes"},
        headers=HX,
    )
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
    without_htmx = secretary.post(
        "/secretary/bodies/congress/access-slips", data={"which": "all", "understood": "yes"}
    )
    assert without_htmx.status_code == 403 and app.state.seq == before + 2


# -- the roll: paged, searched, corrected in place, acted on in bulk ----------------------------


def test_the_roll_is_paged_searched_and_a_correction_refused_keeps_what_was_typed(
    app: Smolny, secretary: TestClient
) -> None:
    app.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(f"Member {i:03}") for i in range(70)))
    )
    page = secretary.get("/secretary/bodies/congress?page=2").text
    assert "Delegates 51–71 of 71" in page and 'rel="prev"' in page
    found = secretary.get("/secretary/bodies/congress/roll?q=member+007").text
    assert "Delegates 1–1 of 1" in found and "Member 007" in found and "Member 008" not in found
    editor = secretary.get("/secretary/bodies/congress/delegates/d1/edit").text
    assert 'name="weight"' in editor and "data-autofocus" in editor
    before = app.state.seq
    bad = secretary.post(
        "/secretary/bodies/congress/delegates/d1",
        data={"name": "Renamed", "faction": "nowhere", "voting": "yes", "weight": "2"},
        headers=HX,
    )
    assert bad.status_code == 404 and 'data-rule="unknown-faction"' in bad.text
    assert 'value="Renamed"' in bad.text and "data-answer" in bad.text  # kept, by the form
    assert "HX-Retarget" not in bad.headers and app.state.seq == before
    good = secretary.post(
        "/secretary/bodies/congress/delegates/d1",
        data={"name": "Renamed", "faction": "bolsheviks", "voting": "no", "weight": "2"},
        headers=HX,
    )
    assert good.status_code == 200 and "Saved." in good.text and "Renamed" in good.text
    one = app.state.delegates["d1"]
    assert (one.name, one.faction, one.voting, one.weight) == ("Renamed", "bolsheviks", False, 2)


def test_bulk_acts_answer_in_the_bulk_bar(app: Smolny, secretary: TestClient) -> None:
    app.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(f"Member {i}") for i in range(3)))
    )
    before = app.state.seq
    none = secretary.post(
        "/secretary/bodies/congress/delegates/bulk", data={"action": "voting"}, headers=HX
    )
    assert none.status_code == 422 and 'id="bulk-answer"' in none.text
    assert 'data-rule="no-delegates"' in none.text and app.state.seq == before
    done = secretary.post(
        "/secretary/bodies/congress/delegates/bulk",
        data={"delegates": ["d2", "d3", "d4"], "action": "faction", "to_faction": "bolsheviks"},
        headers=HX,
    )
    assert done.status_code == 200 and "3 delegates changed." in done.text
    assert {app.state.delegates[d].faction for d in ("d2", "d3", "d4")} == {"bolsheviks"}
    again = secretary.post(
        "/secretary/bodies/congress/delegates/bulk",
        data={"delegates": ["d2", "d3"], "action": "voting"},
        headers=HX,
    )
    assert again.status_code == 409 and 'data-rule="nothing-changed"' in again.text


def test_a_sittings_agenda_drafted_and_adopted_from_its_page(
    app: Smolny, secretary: TestClient
) -> None:
    chair = client_as(app, "chair")
    session = app.execute(c.OpenSession("congress", "First"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    page = secretary.get(f"/secretary/sessions/{session}/agenda").text
    assert "the body adopts its agenda by a vote" in page and 'name="title"' in page
    before = app.state.seq
    bad = secretary.post(
        f"/secretary/sessions/{session}/agenda",
        data={"item": ["", ""], "title": ["Peace", "Land"], "minutes": ["x", ""]},
        headers=HX,
    )
    assert bad.status_code == 422 and 'data-rule="agenda-minutes"' in bad.text
    assert 'value="Land"' in bad.text and app.state.seq == before
    saved = secretary.post(
        f"/secretary/sessions/{session}/agenda",
        data={"item": ["", ""], "title": ["Peace", "Land"], "reporter": ["Lenin", ""]},
        headers=HX,
    )
    assert "The draft is saved: 2 items." in saved.text
    # the secretary drafts; the chair adopts (here, from the console: a short answer)
    forbidden = secretary.post(f"/secretary/sessions/{session}/agenda/adopt", headers=HX)
    assert forbidden.status_code == 403 and app.state.sessions[session].agenda_motion is None
    no_mover = chair.post(
        f"/secretary/sessions/{session}/agenda/adopt", data={"from": "console"}, headers=HX
    )
    assert no_mover.status_code == 422 and 'data-rule="agenda-by-vote"' in no_mover.text
    nobody = chair.post(  # a name no delegate of the sitting has is refused, naming it
        f"/secretary/sessions/{session}/agenda/adopt",
        data={"from": "console", "mover": "Nobody Known"},
        headers=HX,
    )
    assert nobody.status_code in (404, 409, 422) and "Nobody Known" in nobody.text
    assert app.state.sessions[session].agenda_motion is None
    moved = chair.post(  # the mover by their full name, as the console's field completes it
        f"/secretary/sessions/{session}/agenda/adopt",
        data={"from": "console", "mover": app.state.delegates["d1"].name},
        headers=HX,
    )
    assert moved.status_code == 200 and "The adoption of the agenda is moved" in moved.text
    assert app.state.sessions[session].agenda_motion is not None
    console = chair.get(f"/chair/sessions/{session}/parts/agenda").text
    assert "Peace" in console and "The adoption of the agenda is before the body" in console
    chair.__exit__(None, None, None)


def test_slips_for_the_delegates_selected_in_the_roll(app: Smolny, secretary: TestClient) -> None:
    app.execute(c.RegisterDelegates("congress", (c.NewDelegate("Lenin"), c.NewDelegate("Dan"))))
    before = app.state.seq
    nobody = secretary.post(
        "/secretary/bodies/congress/access-slips",
        data={"which": "selected", "understood": "yes"},
        headers=HX,
    )
    refused(nobody, 422, "no-delegates", app, before)
    pdf = secretary.post(
        "/secretary/bodies/congress/access-slips",
        data={"which": "selected", "understood": "yes", "delegates": ["d2"]},
        headers=HX,
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Lenin" in text and "Dan" not in text
    assert app.accounts.coded() >= {"d2"} and "d3" not in app.accounts.coded()
