"""Polls of every kind over HTTP: the chair's, the secretary's and the delegate's side.

Tellers' counts by section, roll calls (`/roll-call`), named and secret ballots with
receipts found in the published box, elections, proxies (`for`, `for_all`, `ballots`),
suspended mandates and substitutes, changed votes, scheduled and cancelled polls, and
progress. Every refusal is a problem document (RFC 9457) naming its rule, and leaves the
journal and the boxes as they were.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from click.testing import CliRunner
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.adapters.schema import ballot, box, roll, roll_pending, secret_ballot, secret_pending
from smolny.cli.verify import verify
from smolny.record import canonical
from smolny.service.app import Smolny, stamp

ADMIN_PASSWORD = "admin-password-for-tests"
SECRETARY_PASSWORD = "secretary-password-for-tests"
API = "/api/v1"
BOX_TABLES = (box, ballot, roll_pending, secret_pending, roll, secret_ballot)


# -- helpers ---------------------------------------------------------------------------------


def login(api: TestClient, **credentials: str) -> dict[str, str]:
    response = api.post(f"{API}/login", json=credentials)
    assert response.status_code == 200, response.text
    api.cookies.clear()  # each request names its caller by bearer token
    return {"Authorization": f"Bearer {response.json()['token']}"}


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def snapshot(app: Smolny) -> tuple[list[tuple[int, str]], dict[str, list[str]]]:
    with read_transaction(app.engine) as conn:
        tables = {
            t.name: sorted(repr(tuple(row)) for row in conn.execute(select(t))) for t in BOX_TABLES
        }
        return journal.lines(conn), tables


def refused(
    api: TestClient,
    app: Smolny,
    status: int,
    rule: str,
    path: str,
    headers: dict[str, str],
    json: Any = None,
) -> dict[str, Any]:
    """POST `json` to `path`: a problem document naming `rule`, and nothing recorded."""
    before = snapshot(app)
    response = api.post(f"{API}{path}", json=json, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == status and problem["rule"] == rule, problem
    assert problem["type"] == f"/problems/{rule}" and problem["title"] and problem["detail"]
    assert snapshot(app) == before
    return problem


def congress(
    api: TestClient,
    app: Smolny,
    delegates: list[dict[str, Any]] | None = None,
) -> SimpleNamespace:
    """A congress with two factions, its delegates logged in, sitting with all present."""
    app.accounts.create_account("admin", "admin", password=ADMIN_PASSWORD)
    admin = login(api, username="admin", password=ADMIN_PASSWORD)
    ok(api.post(f"{API}/bodies", json={"slug": "congress", "name": "Congress"}, headers=admin), 201)
    for slug in ("bol", "men"):
        ok(
            api.post(
                f"{API}/bodies/congress/factions",
                json={"slug": slug, "name": slug.title()},
                headers=admin,
            ),
            201,
        )
    if delegates is None:  # three Bolsheviks, two Mensheviks
        delegates = [{"name": f"D{i}", "faction": "bol" if i < 3 else "men"} for i in range(5)]
    ids = ok(
        api.post(f"{API}/bodies/congress/delegates", json={"delegates": delegates}, headers=admin),
        201,
    )["delegates"]
    codes = ok(api.post(f"{API}/bodies/congress/access-codes", json={}, headers=admin))["codes"]
    session = ok(
        api.post(f"{API}/bodies/congress/sessions", json={"title": "Sitting"}, headers=admin), 201
    )["session"]
    ok(api.post(f"{API}/sessions/{session}/presence", json={"all_present": True}, headers=admin))
    voters = {d: login(api, access_code=codes[d]) for d in ids}
    return SimpleNamespace(admin=admin, ids=ids, voters=voters, session=session)


def stated_motion(api: TestClient, app: Smolny, cg: SimpleNamespace) -> str:
    """A motion moved and seconded by the first two in the hall, and stated."""
    present = app.state.sessions[cg.session].present
    mover, seconder = [d for d in cg.ids if d in present][:2]
    motion = ok(
        api.post(
            f"{API}/sessions/{cg.session}/motions",
            json={"title": "Peace", "text": "The congress calls for peace.", "mover": mover},
            headers=cg.admin,
        ),
        201,
    )["motion"]
    acts = f"{API}/sessions/{cg.session}/acts"
    act = {"act": "second", "question": motion, "seconder": seconder}
    ok(api.post(acts, json=act, headers=cg.admin))
    ok(api.post(acts, json={"act": "state", "question": motion}, headers=cg.admin))
    return str(motion)


def motion_poll(api: TestClient, app: Smolny, cg: SimpleNamespace, **settings: Any) -> str:
    motion = stated_motion(api, app, cg)
    opened = ok(api.post(f"{API}/motions/{motion}/polls", json=settings, headers=cg.admin), 201)
    return str(opened["poll"])


def election(api: TestClient, cg: SimpleNamespace, **settings: Any) -> str:
    settings = {"title": "Election", **settings}
    path = f"{API}/sessions/{cg.session}/polls"
    return str(ok(api.post(path, json=settings, headers=cg.admin), 201)["poll"])


def vote(
    api: TestClient, cg: SimpleNamespace, poll: str, who: str | dict[str, str], **body: Any
) -> Any:
    headers = who if isinstance(who, dict) else cg.voters[who]  # headers, or a delegate's id
    return ok(api.post(f"{API}/polls/{poll}/votes", json=body, headers=headers), 201)


def close(api: TestClient, cg: SimpleNamespace, poll: str) -> Any:
    return ok(api.post(f"{API}/polls/{poll}/close", headers=cg.admin))


def verified(url: str) -> None:
    result = CliRunner().invoke(verify, ["--db", url])
    assert result.exit_code == 0 and result.output.startswith("OK:"), result.output


# -- tellers ---------------------------------------------------------------------------------


def test_a_show_of_hands_by_faction(api: TestClient, service: Smolny, database_url: str) -> None:
    cg = congress(api, service)
    motion = stated_motion(api, service, cg)
    settings = {"method": "show-of-hands", "sections": ["bol", "men"]}
    opened = ok(api.post(f"{API}/motions/{motion}/polls", json=settings, headers=cg.admin), 201)
    poll = opened["poll"]
    assert opened["state"] == "open" and opened["eligible"] == 5
    counts = f"/polls/{poll}/counts"
    problem = refused(
        api,
        service,
        422,
        "count-exceeds-present",
        counts,
        cg.admin,
        {"section": "bol", "counts": {"yes": 4}},
    )
    assert "3 delegates of bol" in problem["detail"]
    refused(api, service, 422, "section", counts, cg.admin, {"counts": {"yes": 1}})
    refused(api, service, 422, "counts", counts, cg.admin, {"section": "bol", "counts": {"x": 1}})
    refused(api, service, 403, "forbidden", counts, cg.voters[cg.ids[0]], {"counts": {"yes": 1}})
    entered = {"section": "bol", "counts": {"yes": 3}, "tellers": ["Avanesov"]}
    ok(api.post(f"{API}{counts}", json=entered, headers=cg.admin))
    assert ok(api.get(f"{API}/polls/{poll}/progress"))["voted"] == 3
    problem = refused(api, service, 409, "counts-missing", f"/polls/{poll}/close", cg.admin)
    assert "men" in problem["detail"]
    refused(
        api,
        service,
        409,
        "counted-by-tellers",
        f"/polls/{poll}/votes",
        cg.voters[cg.ids[0]],
        {"choice": "yes"},
    )
    entered = {"section": "men", "counts": {"no": 2}}
    ok(api.post(f"{API}{counts}", json=entered, headers=cg.admin))
    closed = close(api, cg, poll)
    assert closed["result"]["heads"] == {"yes": 3, "no": 2, "abstain": 0}
    assert closed["result"]["sections"]["men"] == {"yes": 0, "no": 2, "abstain": 0}
    assert closed["decision"]["method"] == "show-of-hands" and closed["decision"]["yes"] == 3
    assert ok(api.get(f"{API}/motions/{motion}"))["state"] == "adopted"
    detail = ok(api.get(f"{API}/polls/{poll}"))
    assert detail["state"] == "closed" and detail["counts"]["bol"]["yes"] == 3
    refused(api, service, 409, "poll-closed", counts, cg.admin, {"section": "bol", "counts": {}})
    verified(database_url)


# -- roll call -------------------------------------------------------------------------------


def test_a_roll_call_in_register_order(api: TestClient, service: Smolny, database_url: str) -> None:
    cg = congress(api, service)
    service.accounts.create_account("secretary", "secretary", password=SECRETARY_PASSWORD)
    secretary = login(api, username="secretary", password=SECRETARY_PASSWORD)
    d1, d2, d3, d4, d5 = cg.ids
    poll = motion_poll(api, service, cg, method="roll-call")
    call = ok(api.get(f"{API}/polls/{poll}/roll-call"))
    assert call["next"] == d1 and [c["delegate"] for c in call["calls"]] == cg.ids
    assert all(c["vote"] is None for c in call["calls"])
    votes = f"/polls/{poll}/votes"
    entered = vote(api, cg, poll, secretary, **{"choice": "yes", "for": d1})
    assert entered["voter"] == d1 and len(entered["receipt"]) == 64
    assert ok(api.get(f"{API}/polls/{poll}/roll-call"))["next"] == d2
    refused(api, service, 422, "required", votes, secretary, {"choice": "no"})
    refused(api, service, 409, "second-vote", votes, secretary, {"choice": "no", "for": d1})
    assert vote(api, cg, poll, d2, choice="no")["voter"] == d2  # answers for themselves
    problem = refused(
        api, service, 409, "not-proxy-holder", votes, cg.voters[d3], {"choice": "yes", "for": d4}
    )
    assert d4 in problem["detail"]
    vote(api, cg, poll, secretary, **{"choice": "abstain", "for": d3})
    call = ok(api.get(f"{API}/polls/{poll}/roll-call"))
    assert call["next"] == d4
    assert [c["vote"] for c in call["calls"]] == [
        {"choice": "yes"},
        {"choice": "no"},
        {"choice": "abstain"},
        None,
        None,
    ]
    vote(api, cg, poll, secretary, **{"choice": "yes", "for": d4})
    vote(api, cg, poll, d5, choice="yes")
    assert ok(api.get(f"{API}/polls/{poll}/roll-call"))["next"] is None
    closed = close(api, cg, poll)
    assert closed["result"]["heads"] == {"yes": 3, "no": 1, "abstain": 1}
    assert closed["decision"]["method"] == "roll-call"
    ballots = {
        canonical.loads(b["ballot"])["voter"]: canonical.loads(b["ballot"])
        for b in ok(api.get(f"{API}/polls/{poll}/box"))["ballots"]
    }
    assert ballots[d1]["by"] == "account:a2" and "by" not in ballots[d2]
    verified(database_url)


# -- electronic ballots ---------------------------------------------------------------------


def test_a_secret_ballot_and_its_published_box(
    api: TestClient, service: Smolny, database_url: str
) -> None:
    cg = congress(api, service)
    poll = motion_poll(api, service, cg, method="electronic-secret")
    assert api.get(f"{API}/polls/{poll}/roll-call").json()["rule"] == "secret"
    problem = api.get(f"{API}/polls/{poll}/box").json()
    assert problem["rule"] == "poll-open"
    receipts = {}
    for delegate, choice in zip(cg.ids, ["yes", "yes", "no", "yes", "abstain"], strict=True):
        cast = vote(api, cg, poll, delegate, choice=choice)
        assert cast["voter"] == delegate and cast["changed"] is False and "change_code" not in cast
        receipts[delegate] = cast["receipt"]
    refused(
        api,
        service,
        409,
        "second-vote",
        f"/polls/{poll}/votes",
        cg.voters[cg.ids[0]],
        {"choice": "no"},
    )
    progress = ok(api.get(f"{API}/polls/{poll}/progress"))
    assert (progress["voted"], progress["eligible"], progress["state"]) == (5, 5, "open")
    closed = close(api, cg, poll)
    assert closed["result"]["heads"] == {"yes": 3, "no": 1, "abstain": 1}
    assert closed["decision"]["yes"] == 3 and closed["result"]["roll"]["voters"] == 5
    published = ok(api.get(f"{API}/polls/{poll}/box"))
    assert published["roll"] == [{"voter": d} for d in cg.ids]
    assert sorted(b["hash"] for b in published["ballots"]) == sorted(receipts.values())
    for b in published["ballots"]:
        assert not set(canonical.loads(b["ballot"])) & {"voter", "proxy", "by"}
    for receipt in receipts.values():
        found = ok(api.get(f"{API}/polls/{poll}/box", params={"receipt": receipt}))
        assert [b["hash"] for b in found["ballots"]] == [receipt] and "roll" not in found
    missing = api.get(f"{API}/polls/{poll}/box", params={"receipt": "0" * 64})
    assert missing.status_code == 409 and missing.json()["rule"] == "no-such-ballot"
    refused(
        api,
        service,
        409,
        "poll-closed",
        f"/polls/{poll}/votes",
        cg.voters[cg.ids[0]],
        {"choice": "no"},
    )
    refused(api, service, 409, "poll-closed", f"/polls/{poll}/close", cg.admin)
    verified(database_url)


def test_a_named_ballot_publishes_who_voted_what(
    api: TestClient, service: Smolny, database_url: str
) -> None:
    cg = congress(api, service)
    poll = motion_poll(api, service, cg)
    refused(api, service, 403, "forbidden", f"/polls/{poll}/votes", cg.admin, {"choice": "yes"})
    refused(
        api,
        service,
        422,
        "choice",
        f"/polls/{poll}/votes",
        cg.voters[cg.ids[0]],
        {"choice": "maybe"},
    )
    for delegate in cg.ids[:3]:
        vote(api, cg, poll, delegate, choice="no")
    closed = close(api, cg, poll)
    assert closed["decision"]["no"] == 3 and ok(api.get(f"{API}/polls/{poll}"))["state"] == "closed"
    ballots = [
        canonical.loads(b["ballot"]) for b in ok(api.get(f"{API}/polls/{poll}/box"))["ballots"]
    ]
    assert sorted(b["voter"] for b in ballots) == cg.ids[:3]
    assert {b["choice"] for b in ballots} == {"no"}
    verified(database_url)


# -- elections -------------------------------------------------------------------------------


def test_elections_of_every_kind(api: TestClient, service: Smolny, database_url: str) -> None:
    cg = congress(api, service)
    d1, d2, d3, d4, d5 = cg.ids
    polls = f"/sessions/{cg.session}/polls"
    bad = {"title": "E", "question": "choice", "options": ["A"]}
    refused(api, service, 422, "options", polls, cg.admin, bad)
    bad = {"title": "E", "question": "ranked", "options": ["A", "B"], "seats": 2, "counting": "irv"}
    refused(api, service, 422, "seats", polls, cg.admin, bad)
    bad = {"title": "E", "question": "list", "options": ["A", "B"], "counting": "meek"}
    refused(api, service, 422, "counting", polls, cg.admin, bad)
    refused(api, service, 403, "forbidden", polls, cg.voters[d1], {**bad, "counting": None})

    # one of N, by majority: 3 of the 4 cast for options
    poll = election(api, cg, question="choice", options=["Lenin", "Martov"])
    for delegate, choice in zip(
        cg.ids, ["Lenin", "Lenin", "Lenin", "Martov", "abstain"], strict=True
    ):
        vote(api, cg, poll, delegate, choice=choice)
    outcome = close(api, cg, poll)["result"]["outcome"]
    assert (outcome["chosen"], outcome["cast"], outcome["needed"]) == ("Lenin", 4, 3)

    # up to 2 of 3
    poll = election(api, cg, question="multiple", options=["A", "B", "C"], seats=2)
    votes = f"/polls/{poll}/votes"
    problem = refused(
        api, service, 422, "too-many-choices", votes, cg.voters[d1], {"choices": ["A", "B", "C"]}
    )
    assert "at most 2" in problem["detail"]
    refused(api, service, 422, "repeated-choice", votes, cg.voters[d1], {"choices": ["A", "A"]})
    refused(api, service, 422, "unknown-option", votes, cg.voters[d1], {"choices": ["Z"]})
    for delegate, choices in zip(cg.ids, [["A", "B"], ["A", "C"], ["C"], ["A"], []], strict=True):
        vote(api, cg, poll, delegate, choices=choices)
    result = close(api, cg, poll)["result"]
    assert result["heads"] == {"A": 3, "B": 1, "C": 2, "abstain": 1}
    assert result["outcome"]["elected"] == ["A", "C"]

    # ranked, one seat by instant runoff: A 2, B 2, C 1 first preferences (of 5); C is
    # excluded and the C paper goes to B: B has 3 of 5
    poll = election(api, cg, question="ranked", options=["A", "B", "C"], counting="irv")
    votes = f"/polls/{poll}/votes"
    problem = refused(
        api, service, 422, "repeated-candidate", votes, cg.voters[d1], {"ranking": ["A", "B", "A"]}
    )
    assert problem["detail"] and "'A'" in problem["detail"]
    refused(api, service, 422, "ranking", votes, cg.voters[d1], {"choice": "A"})
    rankings = [["A"], ["A", "C"], ["B"], ["B", "A"], ["C", "B"]]
    for delegate, ranking in zip(cg.ids, rankings, strict=True):
        vote(api, cg, poll, delegate, ranking=ranking)
    outcome = close(api, cg, poll)["result"]["outcome"]
    assert [e["name"] for e in outcome["count"]["elected"]] == ["B"]

    # lists, 3 seats by D'Hondt: X 3 votes, Y 2: quotients 3, 2, 1.5 (X), 1 (Y): X 2, Y 1
    poll = election(api, cg, question="list", options=["X", "Y"], seats=3, counting="dhondt")
    for delegate, choice in zip(cg.ids, ["X", "X", "X", "Y", "Y"], strict=True):
        vote(api, cg, poll, delegate, choice=choice)
    outcome = close(api, cg, poll)["result"]["outcome"]
    assert outcome["apportionment"]["seats"] == {"X": 2, "Y": 1}
    detail = ok(api.get(f"{API}/polls/{poll}"))
    assert detail["question"] == "list" and detail["counting"] == "dhondt"
    assert detail["result"]["outcome"] == outcome
    verified(database_url)


def test_an_election_needs_a_quorum_to_open(api: TestClient, service: Smolny) -> None:
    cg = congress(api, service)
    left = {"left": cg.ids[:3]}
    ok(api.post(f"{API}/sessions/{cg.session}/presence", json=left, headers=cg.admin))
    body = {"title": "E", "question": "choice", "options": ["A", "B"]}
    problem = refused(api, service, 409, "quorum", f"/sessions/{cg.session}/polls", cg.admin, body)
    assert "2 present, 3 needed" in problem["detail"]


# -- proxies, suspensions, substitutes --------------------------------------------------------


def test_proxies_for_each_as_a_block_and_split(
    api: TestClient, service: Smolny, database_url: str
) -> None:
    cg = congress(api, service)
    d1, d2, d3, d4, d5 = cg.ids
    proxies = "/bodies/congress/proxies"
    ok(
        api.post(f"{API}{proxies}", json={"delegator": d1, "holder": d2}, headers=cg.voters[d1]),
        201,
    )
    ok(api.post(f"{API}{proxies}", json={"delegator": d4, "holder": d2}, headers=cg.admin), 201)
    refused(api, service, 403, "forbidden", proxies, cg.voters[d3], {"delegator": d5, "holder": d3})
    refused(
        api, service, 409, "proxy-given", proxies, cg.voters[d1], {"delegator": d1, "holder": d3}
    )
    problem = refused(
        api, service, 409, "proxy-chain", proxies, cg.voters[d3], {"delegator": d3, "holder": d1}
    )
    assert d1 in problem["detail"]
    refused(
        api, service, 409, "proxy-chain", proxies, cg.voters[d2], {"delegator": d2, "holder": d5}
    )
    refused(
        api, service, 404, "unknown-delegate", proxies, cg.admin, {"delegator": "d99", "holder": d5}
    )
    ok(api.post(f"{API}/sessions/{cg.session}/presence", json={"left": [d1, d4]}, headers=cg.admin))

    # a block: the same answer for the holder and both delegators
    poll = motion_poll(api, service, cg)
    assert ok(api.get(f"{API}/polls/{poll}"))["proxies"] == 2
    votes = f"/polls/{poll}/votes"
    refused(api, service, 409, "not-eligible", votes, cg.voters[d1], {"choice": "no"})
    problem = refused(
        api, service, 409, "not-proxy-holder", votes, cg.voters[d3], {"choice": "no", "for": d1}
    )
    assert f"({d2} does)" in problem["detail"]
    refused(
        api, service, 422, "for", votes, cg.voters[d2], {"choice": "no", "for": d1, "for_all": True}
    )
    refused(
        api,
        service,
        422,
        "ballots",
        votes,
        cg.voters[d2],
        {"choice": "no", "ballots": [{"choice": "no"}]},
    )
    refused(
        api,
        service,
        422,
        "duplicate",
        votes,
        cg.voters[d2],
        {"ballots": [{"choice": "no", "for": d1}, {"choice": "yes", "for": d1}]},
    )
    block = vote(api, cg, poll, d2, choice="yes", for_all=True)
    assert [(b["voter"], "receipt" in b) for b in block["ballots"]] == [
        (d2, True),
        (d1, True),
        (d4, True),
    ]
    refused(
        api, service, 409, "second-vote", votes, cg.voters[d2], {"choice": "no", "for_all": True}
    )
    vote(api, cg, poll, d3, choice="no")
    closed = close(api, cg, poll)  # four votes, three in the hall
    assert closed["result"]["heads"] == {"yes": 3, "no": 1, "abstain": 0}
    assert closed["decision"]["yes"] == 3
    ballots = {
        canonical.loads(b["ballot"])["voter"]: canonical.loads(b["ballot"])
        for b in ok(api.get(f"{API}/polls/{poll}/box"))["ballots"]
    }
    assert ballots[d1]["proxy"] == d2 and ballots[d4]["proxy"] == d2 and "proxy" not in ballots[d2]

    # split, by secret ballot; one delegator voted for first, separately
    poll = motion_poll(api, service, cg, method="electronic-secret")
    vote(api, cg, poll, d2, **{"choice": "abstain", "for": d4})
    split = vote(
        api,
        cg,
        poll,
        d2,
        ballots=[{"choice": "yes"}, {"choice": "no", "for": d1}, {"choice": "no", "for": d4}],
    )
    assert [b.get("refused") for b in split["ballots"]] == [None, None, "second-vote"]
    closed = close(api, cg, poll)
    assert closed["result"]["heads"] == {"yes": 1, "no": 1, "abstain": 1}
    roll_ = ok(api.get(f"{API}/polls/{poll}/box"))["roll"]
    assert roll_ == [{"voter": d1, "cast_by": d2}, {"voter": d2}, {"voter": d4, "cast_by": d2}]

    # withdrawn
    gone = api.delete(f"{API}{proxies}/{d4}", headers=cg.voters[d3])
    assert gone.status_code == 403 and gone.json()["rule"] == "forbidden"
    ok(api.delete(f"{API}{proxies}/{d4}", headers=cg.voters[d4]))
    poll = motion_poll(api, service, cg)
    assert ok(api.get(f"{API}/polls/{poll}"))["proxies"] == 1
    refused(
        api,
        service,
        409,
        "not-proxy-holder",
        f"/polls/{poll}/votes",
        cg.voters[d2],
        {"choice": "no", "for": d4},
    )
    verified(database_url)


def test_suspended_mandates_consultative_delegates_and_substitutes(
    api: TestClient, service: Smolny, database_url: str
) -> None:
    delegates = [{"name": f"D{i}", "faction": "bol"} for i in range(4)]
    delegates += [{"name": "Guest", "voting": False}, {"name": "Substitute", "voting": False}]
    cg = congress(api, service, delegates)
    d1, d2, d3, d4, guest, sub = cg.ids
    suspend = f"/bodies/congress/delegates/{d3}/suspend"
    restore = f"/bodies/congress/delegates/{d3}/restore"
    poll = motion_poll(api, service, cg)
    votes = f"/polls/{poll}/votes"
    refused(api, service, 403, "forbidden", suspend, cg.voters[d1], {"reason": "x"})
    refused(api, service, 422, "invalid-input", suspend, cg.admin, {})
    ok(api.post(f"{API}{suspend}", json={"reason": "credentials disputed"}, headers=cg.admin))
    problem = refused(
        api, service, 409, "mandate-suspended", votes, cg.voters[d3], {"choice": "yes"}
    )
    assert "credentials disputed" in problem["detail"]
    refused(api, service, 409, "suspended", suspend, cg.admin, {"reason": "again"})
    ok(api.post(f"{API}{restore}", json={"reason": "credentials confirmed"}, headers=cg.admin))
    refused(api, service, 409, "not-suspended", restore, cg.admin, {"reason": "again"})
    vote(api, cg, poll, d3, choice="yes")
    problem = refused(api, service, 409, "not-eligible", votes, cg.voters[guest], {"choice": "yes"})
    assert "consultative" in problem["detail"]
    substitutes = "/bodies/congress/substitutes"
    taken = {"substitute": sub, "replaces": d4}
    refused(api, service, 403, "forbidden", substitutes, cg.voters[sub], taken)
    ok(api.post(f"{API}{substitutes}", json=taken, headers=cg.admin))
    refused(api, service, 409, "not-eligible", votes, cg.voters[sub], {"choice": "yes"})
    vote(api, cg, poll, d1, choice="yes")
    close(api, cg, poll)
    poll = motion_poll(api, service, cg)
    votes = f"/polls/{poll}/votes"
    problem = refused(api, service, 409, "not-eligible", votes, cg.voters[d4], {"choice": "yes"})
    assert f"substitute {sub}" in problem["detail"]
    assert vote(api, cg, poll, sub, choice="no")["voter"] == sub
    verified(database_url)


# -- changing one's vote ----------------------------------------------------------------------


def test_changing_a_vote(api: TestClient, service: Smolny, database_url: str) -> None:
    cg = congress(api, service)
    d1, d2 = cg.ids[:2]
    fixed = motion_poll(api, service, cg)
    vote(api, cg, fixed, d1, choice="yes")
    votes = f"/polls/{fixed}/votes"
    problem = refused(api, service, 409, "second-vote", votes, cg.voters[d1], {"choice": "no"})
    assert "change code" not in problem["detail"]
    refused(
        api, service, 422, "not-changeable", votes, cg.voters[d2], {"choice": "no", "change": "x"}
    )
    ok(
        api.post(
            f"{API}/polls/{fixed}/cancel",
            json={"reason": "to be taken by secret ballot"},
            headers=cg.admin,
        )
    )

    motion = ok(api.get(f"{API}/polls/{fixed}"))["motion"]
    settings = {"method": "electronic-secret", "changeable": True}
    poll = ok(api.post(f"{API}/motions/{motion}/polls", json=settings, headers=cg.admin), 201)[
        "poll"
    ]
    votes = f"/polls/{poll}/votes"
    first = vote(api, cg, poll, d1, choice="yes")
    assert first["changed"] is False and first["change_code"]
    problem = refused(api, service, 409, "second-vote", votes, cg.voters[d1], {"choice": "no"})
    assert "change code" in problem["detail"]
    refused(
        api,
        service,
        409,
        "unknown-ballot",
        votes,
        cg.voters[d1],
        {"choice": "no", "change": "wrong"},
    )
    changed = vote(api, cg, poll, d1, choice="no", change=first["change_code"])
    assert changed["changed"] is True and changed["change_code"] != first["change_code"]
    refused(
        api,
        service,
        409,
        "unknown-ballot",
        votes,
        cg.voters[d1],
        {"choice": "abstain", "change": first["change_code"]},
    )
    vote(api, cg, poll, d2, choice="no")
    assert ok(api.get(f"{API}/polls/{poll}/progress"))["voted"] == 2
    closed = close(api, cg, poll)
    assert closed["result"]["heads"] == {"yes": 0, "no": 2, "abstain": 0}
    found = ok(api.get(f"{API}/polls/{poll}/box", params={"receipt": changed["receipt"]}))
    assert len(found["ballots"]) == 1
    old = api.get(f"{API}/polls/{poll}/box", params={"receipt": first["receipt"]})
    assert old.status_code == 409 and old.json()["rule"] == "no-such-ballot"
    verified(database_url)


def test_a_changeable_named_vote_is_replaced_by_voting_again(
    api: TestClient, service: Smolny
) -> None:
    cg = congress(api, service)
    poll = motion_poll(api, service, cg, changeable=True)
    assert vote(api, cg, poll, cg.ids[0], choice="yes")["changed"] is False
    again = vote(api, cg, poll, cg.ids[0], choice="no")
    assert again["changed"] is True
    closed = close(api, cg, poll)
    assert closed["result"]["heads"] == {"yes": 0, "no": 1, "abstain": 0}
    assert closed["result"]["box"]["ballots"] == 1


# -- around the vote -------------------------------------------------------------------------


def test_scheduled_and_cancelled_polls(api: TestClient, service: Smolny, database_url: str) -> None:
    cg = congress(api, service)
    motion = stated_motion(api, service, cg)
    polls = f"/motions/{motion}/polls"
    past = {"closes_at": "2001-01-01T00:00:00Z"}
    refused(api, service, 422, "time", polls, cg.admin, past)
    refused(api, service, 422, "time", polls, cg.admin, {"opens_at": "next tuesday"})
    later = stamp(service.clock() + timedelta(hours=2))
    scheduled = ok(api.post(f"{API}{polls}", json={"opens_at": later}, headers=cg.admin), 201)
    poll = scheduled["poll"]
    assert scheduled["state"] == "scheduled" and scheduled["eligible"] == 0
    assert [e["kind"] for e in scheduled["entries"]] == ["poll.scheduled"]
    detail = ok(api.get(f"{API}/polls/{poll}"))
    assert detail["state"] == "scheduled" and detail["opens_at"] == later
    refused(
        api,
        service,
        409,
        "poll-closed",
        f"/polls/{poll}/votes",
        cg.voters[cg.ids[0]],
        {"choice": "yes"},
    )
    refused(api, service, 409, "poll-already-open", polls, cg.admin, {})
    cancelled = ok(
        api.post(f"{API}/polls/{poll}/cancel", json={"reason": "moved"}, headers=cg.admin)
    )
    assert cancelled["cancelled"]["reason"] == "moved" and "box" not in cancelled["cancelled"]
    # opened now, and cancelled with ballots in the box: kept, not counted
    poll = ok(
        api.post(f"{API}{polls}", json={"method": "electronic-secret"}, headers=cg.admin), 201
    )["poll"]
    receipt = vote(api, cg, poll, cg.ids[0], choice="yes")["receipt"]
    refused(api, service, 422, "invalid-input", f"/polls/{poll}/cancel", cg.admin, {"reason": ""})
    refused(
        api,
        service,
        403,
        "forbidden",
        f"/polls/{poll}/cancel",
        cg.voters[cg.ids[0]],
        {"reason": "x"},
    )
    cancelled = ok(
        api.post(
            f"{API}/polls/{poll}/cancel", json={"reason": "the lights went out"}, headers=cg.admin
        )
    )
    assert cancelled["cancelled"]["box"]["ballots"] == 1
    assert [e["kind"] for e in cancelled["entries"]] == ["poll.cancelled", "vote.cancelled"]
    progress = ok(api.get(f"{API}/polls/{poll}/progress"))
    assert (progress["state"], progress["voted"]) == ("cancelled", 1)
    kept = ok(api.get(f"{API}/polls/{poll}/box", params={"receipt": receipt}))
    assert [b["hash"] for b in kept["ballots"]] == [receipt]
    refused(
        api, service, 409, "poll-closed", f"/polls/{poll}/cancel", cg.admin, {"reason": "again"}
    )
    # the vote is taken again
    poll = ok(api.post(f"{API}{polls}", json={}, headers=cg.admin), 201)["poll"]
    vote(api, cg, poll, cg.ids[0], choice="yes")
    assert close(api, cg, poll)["decision"]["yes"] == 1
    verified(database_url)
