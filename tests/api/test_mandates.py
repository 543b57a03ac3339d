"""Mandates over HTTP: issue, credentials, contest, recall, import and export; each refusal a
problem document naming its rule, with the journal unchanged."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from test_thin_path import ADMIN_PASSWORD, assert_problem, login

from smolny.domain import commands as c
from smolny.service.app import Smolny

SECRETARY_PASSWORD = "secretary-password-for-tests"
CHAIR_PASSWORD = "chair-password-for-tests"


def setup(api: TestClient, service: Smolny) -> dict:
    service.accounts.create_account("admin", "admin", password=ADMIN_PASSWORD)
    service.accounts.create_account("secretary", "secretary", password=SECRETARY_PASSWORD)
    service.accounts.create_account("chair", "chair", password=CHAIR_PASSWORD)
    service.execute(c.CreateBody("petrograd", "Petrograd Soviet", "council"))
    service.execute(c.CreateBody("moscow", "Moscow Soviet", "council"))
    service.execute(c.CreateBody("congress", "Second Congress"))
    service.execute(c.CreateBody("credentials", "Credentials", "committee", "congress"))
    service.execute(c.FormFaction("congress", "bolsheviks", "Bolsheviks"))
    service.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(f"Old {i}") for i in range(3)))
    )
    codes = service.accounts.issue_access_codes("congress", ["d1", "d2"])
    return {
        "admin": login(api, username="admin", password=ADMIN_PASSWORD),
        "secretary": login(api, username="secretary", password=SECRETARY_PASSWORD),
        "chair": login(api, username="chair", password=CHAIR_PASSWORD),
        "d1": login(api, access_code=codes["d1"]),
        "d2": login(api, access_code=codes["d2"]),
    }


def unchanged(service: Smolny, response, status: int, rule: str, before: int) -> dict:
    body = assert_problem(response, status, rule)
    assert service.state.seq == before
    return body


MANDATE = {
    "sending": "petrograd",
    "to": "congress",
    "name": "Trotsky",
    "faction": "bolsheviks",
    "weight": 2,
    "term_until": "2030-12-31",
    "substitutes": ["Kamenev"],
}


def test_a_mandate_from_issue_to_recall(api: TestClient, service: Smolny) -> None:
    who = setup(api, service)
    before = service.state.seq
    r = api.post("/api/v1/mandates", json=MANDATE, headers=who["chair"])
    unchanged(service, r, 403, "forbidden", before)
    r = api.post("/api/v1/mandates", json={**MANDATE, "to": "nowhere"}, headers=who["secretary"])
    assert "receiving" in unchanged(service, r, 404, "unknown-body", before)["detail"]
    r = api.post("/api/v1/mandates", json=MANDATE, headers=who["secretary"])
    assert r.status_code == 201, r.text
    assert (r.json()["mandate"], r.json()["delegate"], r.json()["substitutes"]) == (
        "md1",
        "d4",
        ["d5"],
    )
    listed = api.get("/api/v1/mandates", params={"body": "congress"}).json()
    assert [(m["mandate"], m["status"], m["delegate_status"]) for m in listed] == [
        ("md1", "pending", "pending")
    ]
    assert api.get("/api/v1/mandates", params={"body": "petrograd"}).json() == []
    assert_problem(api.get("/api/v1/mandates", params={"body": "nowhere"}), 404, "unknown-body")
    assert_problem(api.get("/api/v1/mandates/md9"), 404, "unknown-mandate")

    path = "/api/v1/mandates/md1/credentials"
    before = service.state.seq
    r = api.post(path, json={"accepted": True}, headers=who["d1"])
    unchanged(service, r, 403, "forbidden", before)
    r = api.post(path, json={"accepted": True, "committee": "moscow"}, headers=who["secretary"])
    unchanged(service, r, 422, "not-a-committee-of-the-body", before)
    r = api.post(
        path, json={"accepted": True, "committee": "credentials"}, headers=who["secretary"]
    )
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    before = service.state.seq
    r = api.post(path, json={"accepted": False, "reason": "forged"}, headers=who["secretary"])
    unchanged(service, r, 409, "credentials-checked", before)

    recall = "/api/v1/mandates/md1/recall"
    r = api.post(recall, json={"sending": "moscow", "reason": "x"}, headers=who["secretary"])
    body = unchanged(service, r, 409, "not-the-sending-body", before)
    assert body["detail"] == "d4 was sent by the Petrograd Soviet, not by the Moscow Soviet"
    r = api.post(recall, json={"sending": "petrograd", "reason": "x"}, headers=who["chair"])
    unchanged(service, r, 403, "forbidden", before)
    r = api.post(recall, json={"sending": "petrograd", "reason": "orders"}, headers=who["admin"])
    assert r.status_code == 200, r.text
    assert r.json()["recalled"] == "d4" and r.json()["taken_up_by"] == "d5"
    assert [e["kind"] for e in r.json()["entries"]] == ["mandate.recalled", "mandate.taken-up"]
    shown = api.get("/api/v1/mandates/md1").json()
    assert (shown["delegate"], shown["name"], shown["holders"]) == ("d5", "Kamenev", ["d4", "d5"])


def test_a_contest_is_moved_by_a_delegate_in_their_own_name(
    api: TestClient, service: Smolny
) -> None:
    who = setup(api, service)
    api.post("/api/v1/mandates", json=MANDATE, headers=who["secretary"])
    path = "/api/v1/mandates/md1/contest"
    grounds = {"by": "d1", "grounds": "He does not represent the Twelfth Army!"}
    before = service.state.seq
    unchanged(service, api.post(path, json=grounds, headers=who["d1"]), 409, "not-sitting", before)
    session = service.execute(c.OpenSession("congress", "Sitting"))[0].data["session"]
    service.execute(c.RecordPresence(session, all_present=True))
    before = service.state.seq
    r = api.post(path, json=grounds, headers=who["d2"])
    unchanged(service, r, 403, "contest-in-own-name", before)
    r = api.post("/api/v1/mandates/md9/contest", json=grounds, headers=who["d1"])
    unchanged(service, r, 404, "unknown-mandate", before)
    r = api.post(path, json=grounds, headers=who["d1"])
    assert r.status_code == 200, r.text
    assert r.json()["session"] == session
    motion = api.get(f"/api/v1/motions/{r.json()['motion']}").json()
    assert motion["title"] == "The mandate of Trotsky"
    before = service.state.seq
    r = api.post(path, json={**grounds, "by": "d2"}, headers=who["d2"])
    unchanged(service, r, 409, "contest-pending", before)


def test_importing_mandates_and_exporting_delegates(api: TestClient, service: Smolny) -> None:
    who = setup(api, service)
    before = service.state.seq
    bad = (
        "name,sending body,receiving body,faction,substitutes\n"
        "Lenin,petrograd,congress,bolsheviks,Krupskaya\n"
        ",petrograd,congress,,\n"
        "Martov,petrograd,congress,mensheviks,\n"
        "Dan,petrograd,assembly,,\n"
        "Lenin,petrograd,congress,,\n"
    )
    headers = {**who["secretary"], "content-type": "text/csv"}
    r = api.post("/api/v1/mandates/import", content=bad.encode(), headers=headers)
    body = unchanged(service, r, 422, "mandates", before)
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (3, "name"),
        (4, "faction"),
        (5, "receiving body"),
        (6, "name"),
    ]
    r = api.post("/api/v1/mandates/import", content=b"\xff\xfe\x00", headers=headers)
    unchanged(service, r, 422, "mandates", before)
    r = api.post("/api/v1/mandates/import", content=bad.encode(), headers=who["chair"])
    unchanged(service, r, 403, "forbidden", before)
    good = "\n".join(bad.splitlines()[:2]) + "\nMartov,moscow,congress,,\n"
    r = api.post("/api/v1/mandates/import", content=good.encode(), headers=headers)
    assert r.status_code == 201, r.text
    assert r.json()["mandates"] == ["md1", "md2"]

    csv_file = api.get("/api/v1/bodies/congress/delegates.csv")
    assert csv_file.status_code == 200
    assert csv_file.headers["content-type"].startswith("text/csv")
    lines = csv_file.text.splitlines()
    assert lines[0].startswith("name,sending body,receiving body,faction,voting,weight")
    assert lines[4] == "Lenin,petrograd,congress,bolsheviks,yes,1,,Krupskaya,,md1,pending"
    xlsx = api.get("/api/v1/bodies/congress/delegates.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == [line.split(",") for line in lines]
    assert_problem(api.get("/api/v1/bodies/nowhere/delegates.csv"), 404, "unknown-body")
