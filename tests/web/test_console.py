"""The chair's console over HTTP: every act, refusals in place, logins, roles, CSRF."""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sample_congress import CHAIR_PASSWORD, make_congress
from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny.web.app import create_app

HX = {"HX-Request": "true"}


@pytest.fixture
def hall(sqlite_service: Smolny) -> Iterator[tuple[TestClient, Smolny, str, list[str]]]:
    congress = make_congress(sqlite_service, size=6)
    with TestClient(create_app(sqlite_service)) as client:
        login = {"username": "chair", "password": CHAIR_PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200
        yield client, sqlite_service, str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]


def act(client: TestClient, session: str, **form: str) -> Any:
    return client.post(f"/chair/sessions/{session}/act", data=form, headers=HX)


def time_left(page: str) -> int:
    """The speaker's seconds left, as the console draws them."""
    found = re.search(r'data-remaining="(\d+)"', page)
    assert found is not None, page[:300]
    return int(found.group(1))


def test_the_time_left_is_what_the_servers_clock_says_when_it_draws(hall: Any) -> None:
    # A busy machine: a second passes between the act and the drawing of its answer (here
    # each reading of the clock is a second later). The time left counts it, so a test
    # must allow for it rather than expect the whole ten minutes.
    client, app, s, d = hall
    q = app.execute(c.MoveMotion(s, "Peace", "Peace now", d[0]))[0].data["question"]
    assert act(client, s, act="second", question=q, seconder=d[1]).status_code == 200
    assert act(client, s, act="state", question=q).status_code == 200
    assert act(client, s, act="request-floor", delegate=d[2], side="for").status_code == 200
    start = app.clock()
    readings: list[datetime] = []

    def busy() -> datetime:
        if threading.current_thread().name == "smolny-timekeeper":  # its ticks move nothing
            return readings[-1] if readings else start
        readings.append(start + timedelta(seconds=len(readings) + 1))
        return readings[-1]

    app.clock = busy
    floor = act(client, s, act="recognise")
    assert floor.status_code == 200, floor.text[-600:]
    spent = (readings[-1] - readings[0]).total_seconds()
    assert spent >= 1 and time_left(floor.text) == 600 - int(spent)


def test_a_motion_runs_from_moved_to_result(hall: Any) -> None:
    client, app, s, d = hall
    assert (
        act(
            client, s, act="move", motion="main", mover=d[0], title="Peace", text="Peace now"
        ).status_code
        == 200
    )
    q = app.state.sessions[s].motions[-1]
    assert act(client, s, act="second", question=q, seconder="Delegate 1").status_code == 200
    answer = act(client, s, act="state", question=q)
    assert (
        answer.status_code == 200 and 'id="console"' in answer.text and "Peace now" in answer.text
    )
    assert act(client, s, act="request-floor", delegate=d[2], side="for").status_code == 200
    given = time.monotonic()
    floor = act(client, s, act="recognise")
    # ten minutes, less the whole seconds the server's clock moved on before drawing it
    assert floor.status_code == 200
    assert 600 - math.ceil(time.monotonic() - given) - 1 <= time_left(floor.text) <= 600
    assert act(client, s, act="time").status_code == 409  # time is not up
    assert act(client, s, act="finished").status_code == 200
    assert act(client, s, act="close-list").status_code == 200
    voting = act(client, s, act="vote", question=q, method="show-of-hands")
    assert voting.status_code == 200 and "Enter the tellers" in voting.text
    poll = app.state.motions[q].polls[-1]
    assert act(client, s, act="count", poll=poll, yes="4", no="1", abstain="1").status_code == 200
    done = act(client, s, act="close-poll", poll=poll)
    assert done.status_code == 200
    assert app.state.sessions[s].procedure.question(q).status == "adopted"
    assert 'id="last-result"' in done.text and "4 for, 1 against, 1 abstaining" in done.text


def test_an_electronic_poll_is_cancelled_and_reopened(hall: Any) -> None:
    client, app, s, d = hall
    act(client, s, act="move", mover=d[0], title="T", text="X")
    q = app.state.sessions[s].motions[-1]
    act(client, s, act="second", question=q, seconder=d[1])
    act(client, s, act="state", question=q)
    opened = act(client, s, act="vote", question=q, method="electronic-secret")
    assert opened.status_code == 200 and 'data-progress-poll="' in opened.text
    poll = app.state.motions[q].polls[-1]
    assert act(client, s, act="cancel-poll", poll=poll, reason="").status_code == 422
    assert act(client, s, act="cancel-poll", poll=poll, reason="a fault").status_code == 200
    assert app.state.polls[poll].state == "cancelled"
    assert act(client, s, act="vote", question=q, method="nonsense").status_code == 422


def test_presence_walkouts_reply_and_adjourn(hall: Any) -> None:
    client, app, s, d = hall
    assert act(client, s, act="leave", delegate=d[1]).status_code == 200
    assert d[1] not in app.state.sessions[s].present
    assert act(client, s, act="return", delegate=d[1]).status_code == 200
    assert act(client, s, act="walk-out", faction="f0", declaration="We leave").status_code == 200
    assert len(app.state.sessions[s].present) == 3
    page = client.get(f"/chair/sessions/{s}/parts/presence")
    assert "no quorum" in page.text and "Delegate 0" in page.text  # the absent, by name
    assert act(client, s, act="walk-in", faction="f0").status_code == 200
    assert act(client, s, act="all-present").status_code == 409  # nobody arrives
    assert act(client, s, act="leave", delegate="nobody").status_code == 422
    assert act(client, s, act="reply", delegate=d[3]).status_code == 200
    assert act(client, s, act="finished").status_code == 200
    assert act(client, s, act="resume").status_code == 409  # not in recess
    assert act(client, s, act="take-up-item", item="i9").status_code == 409
    assert act(client, s, act="no-such-act").status_code == 422
    assert act(client, s, act="adjourn").status_code == 200
    assert app.state.sessions[s].state == "closed"


def test_a_refusal_names_the_rule_and_changes_nothing(hall: Any) -> None:
    client, app, s, d = hall
    act(client, s, act="move", mover=d[0], title="T", text="X")
    q = app.state.sessions[s].motions[-1]
    seq = app.state.seq
    refused = act(client, s, act="state", question=q)  # not seconded
    assert refused.status_code == 409
    assert refused.headers["HX-Retarget"] == "global #refusal"
    assert 'data-rule="second-required"' in refused.text and "needs a second" in refused.text
    assert app.state.seq == seq


def test_a_stale_page_acting_on_a_question_disposed_of_is_refused(hall: Any) -> None:
    client, app, s, d = hall
    act(client, s, act="move", mover=d[0], title="T", text="X")
    q = app.state.sessions[s].motions[-1]
    act(client, s, act="second", question=q, seconder=d[1])
    act(client, s, act="state", question=q)
    act(client, s, act="vote", question=q, method="show-of-hands")
    poll = app.state.motions[q].polls[-1]
    act(client, s, act="count", poll=poll, yes="1", no="4")
    act(client, s, act="close-poll", poll=poll)
    assert app.state.sessions[s].procedure.question(q).status == "rejected"
    seq = app.state.seq
    for again in (
        {"act": "vote", "question": q},
        {"act": "state", "question": q},
        {"act": "close-poll", "poll": poll},
        {"act": "second", "question": q, "seconder": d[2]},
    ):
        refused = act(client, s, **again)
        assert refused.status_code == 409, again
        assert 'class="refusal"' in refused.text and "data-rule=" in refused.text
    assert app.state.seq == seq
    assert act(client, s, act="state", question="m999").status_code == 404


def test_the_list_and_the_console_render(hall: Any) -> None:
    client, _, s, _ = hall
    listing = client.get("/chair")
    assert listing.status_code == 200 and f"/chair/sessions/{s}" in listing.text
    page = client.get(f"/chair/sessions/{s}")
    assert page.status_code == 200
    for part in ("presence", "question", "floor", "poll", "agenda"):
        assert f'id="chair-{part}"' in page.text
        assert client.get(f"/chair/sessions/{s}/parts/{part}").status_code == 200
    assert 'data-key="p"' in page.text and 'aria-keyshortcuts="P"' in page.text
    assert "<script>" not in page.text and "style=" not in page.text and "hx-on" not in page.text
    assert client.get(f"/chair/sessions/{s}/parts/nothing").status_code == 404
    assert client.get("/chair/sessions/s999").status_code == 404
    russian = client.get(f"/chair/sessions/{s}?lang=ru")
    assert "Присутствие и кворум" in russian.text


def test_without_a_login_the_page_redirects_and_an_act_is_not_applied(
    sqlite_service: Smolny,
) -> None:
    congress = make_congress(sqlite_service, size=4)
    s = str(congress["session"])
    with TestClient(create_app(sqlite_service)) as client:
        page = client.get(f"/chair/sessions/{s}", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == f"/login?next=/chair/sessions/{s}"
        seq = sqlite_service.state.seq
        answer = client.post(
            f"/chair/sessions/{s}/act",
            data={"act": "leave", "delegate": "d1"},
            headers={**HX, "HX-Current-URL": f"http://testserver/chair/sessions/{s}"},
        )
        assert answer.status_code == 401
        assert answer.headers["HX-Redirect"] == f"/login?next=/chair/sessions/{s}"
        assert sqlite_service.state.seq == seq


def test_a_delegate_is_forbidden(sqlite_service: Smolny) -> None:
    congress = make_congress(sqlite_service, size=4)
    s = str(congress["session"])
    delegate = list(congress["delegates"])[0]  # type: ignore[call-overload]
    code = sqlite_service.accounts.issue_access_codes("congress", [delegate])[delegate]
    with TestClient(create_app(sqlite_service)) as client:
        assert client.post("/api/v1/login", json={"access_code": code}).status_code == 200
        assert client.get(f"/chair/sessions/{s}").status_code == 403
        assert client.get("/chair").status_code == 403
        seq = sqlite_service.state.seq
        answer = act(client, s, act="leave", delegate=delegate)
        assert answer.status_code == 403 and 'data-rule="forbidden"' in answer.text
        assert sqlite_service.state.seq == seq


def test_an_act_without_the_htmx_header_is_refused(hall: Any) -> None:
    client, app, s, d = hall
    seq = app.state.seq
    answer = client.post(f"/chair/sessions/{s}/act", data={"act": "leave", "delegate": d[0]})
    assert answer.status_code == 403 and "page-act" in answer.text
    assert app.state.seq == seq and d[0] in app.state.sessions[s].present


# -- elections held from the console --------------------------------------------------------


def delegate_tokens(client: TestClient, app: Smolny, delegates: list[str]) -> dict[str, Any]:
    """Bearer headers of the delegates (for the API), the chair logged in again after."""
    codes = app.accounts.issue_access_codes("congress", delegates)
    headers = {}
    for d in delegates:
        answer = client.post("/api/v1/login", json={"access_code": codes[d]})
        assert answer.status_code == 200, answer.text
        headers[d] = {"Authorization": f"Bearer {answer.json()['token']}"}
    client.cookies.clear()
    login = {"username": "chair", "password": CHAIR_PASSWORD}
    assert client.post("/api/v1/login", json=login).status_code == 200
    return headers


def test_an_stv_election_is_held_from_the_console(hall: Any) -> None:
    client, app, s, d = hall
    page = client.get(f"/chair/sessions/{s}")
    assert 'id="elect-box"' in page.text and 'value="scottish-stv"' in page.text
    candidates = "Alexandra Kollontai\n  Yakov Sverdlov \n\nMoisei Uritsky\nLev Kamenev\n"
    opened = act(
        client,
        s,
        act="elect",
        title="Presidium",
        kind="ranked",
        candidates=candidates,
        seats="2",
        counting="scottish-stv",
        method="electronic-secret",
    )
    assert opened.status_code == 200, opened.text
    poll = max(app.state.polls.values(), key=lambda p: int(p.id[1:]))
    assert (poll.session, poll.question, poll.seats, poll.counting, poll.method) == (
        s,
        "ranked",
        2,
        "scottish-stv",
        "electronic-secret",
    )
    assert poll.options == (
        "Alexandra Kollontai",
        "Yakov Sverdlov",
        "Moisei Uritsky",
        "Lev Kamenev",
    )
    assert poll.motion is None and f'id="act-close-poll-{poll.id}"' in opened.text
    k, s_, u, l_ = poll.options
    rankings = [[k, s_], [k, s_], [k, u], [s_, k], [s_, l_], [u, l_]]
    tokens = delegate_tokens(client, app, d)
    for delegate, ranking in zip(d, rankings, strict=True):
        headers = tokens[delegate]
        voted = client.post(
            f"/api/v1/polls/{poll.id}/votes", json={"ranking": ranking}, headers=headers
        )
        assert voted.status_code == 201, voted.text
    closed = act(client, s, act="close-poll", poll=poll.id)
    assert closed.status_code == 200, closed.text
    assert app.state.polls[poll.id].state == "closed"
    elected = [c["name"] for c in app.state.polls[poll.id].result["outcome"]["count"]["elected"]]
    assert sorted(elected) == sorted([k, s_])
    last = closed.text.split('id="last-result"', 1)[1].split("</details>", 1)[0]
    assert "Presidium" in last and "Elected:" in last
    assert k in last.split("Elected:", 1)[1].split("</p>", 1)[0]
    assert s_ in last.split("Elected:", 1)[1].split("</p>", 1)[0]
    assert "The count, stage by stage" in last  # the projector's sheet, in a details


@pytest.mark.parametrize(
    ("form", "rule"),
    [
        ({"kind": "ranked", "candidates": "A\nB", "seats": "3"}, "seats"),  # fewer than seats
        ({"kind": "ranked", "candidates": "A\nB\nA", "seats": "1"}, "options"),  # repeated
        ({"kind": "ranked", "candidates": "A\nB\nC", "counting": "copeland"}, "counting"),
        ({"kind": "list", "candidates": "L1\nL2", "counting": "meek"}, "counting"),
        ({"kind": "ranked", "candidates": "A\nB\nC", "seats": "2", "counting": "irv"}, "seats"),
        ({"kind": "ranked", "candidates": "A\nB", "method": "show-of-hands"}, "method"),
        ({"kind": "multiple", "candidates": "A\nB", "method": "standing"}, "method"),
        ({"kind": "choice", "candidates": "A"}, "options"),  # one of one is no choice
        ({"kind": "choice", "candidates": "A\nabstain"}, "options"),
        ({"kind": "referendum", "candidates": "A\nB"}, "invalid-input"),
        ({"kind": "ranked", "candidates": ""}, "invalid-input"),
        ({"kind": "ranked", "candidates": "A\nB", "method": "telepathy"}, "invalid-input"),
        ({"kind": "ranked", "candidates": "A\nB", "seats": "two"}, "count"),
        ({"kind": "ranked", "candidates": "A\nB", "title": ""}, "required"),
    ],
)
def test_a_bad_election_is_refused_in_place(hall: Any, form: dict[str, str], rule: str) -> None:
    client, app, s, _ = hall
    seq, polls = app.state.seq, len(app.state.polls)
    refused = act(client, s, **{"act": "elect", "title": "Committee", **form})
    assert refused.status_code in (409, 422), refused.text
    assert refused.headers["HX-Retarget"] == "global #refusal"
    assert f'data-rule="{rule}"' in refused.text
    assert app.state.seq == seq and len(app.state.polls) == polls


def test_a_list_election_by_show_of_hands(hall: Any) -> None:
    client, app, s, _ = hall
    opened = act(
        client,
        s,
        act="elect",
        title="Executive committee",
        kind="list",
        candidates="Bolsheviks\nLeft SRs",
        seats="10",
        counting="dhondt",
        method="show-of-hands",
    )
    assert opened.status_code == 200, opened.text
    poll = max(app.state.polls.values(), key=lambda p: int(p.id[1:]))
    assert (poll.question, poll.seats, poll.counting) == ("list", 10, "dhondt")
    # the tellers' count: a field for each list, and abstentions
    assert 'name="n0"' in opened.text and 'name="n2"' in opened.text and "Left SRs" in opened.text
    assert act(client, s, act="count", poll=poll.id, n0="4", n1="2").status_code == 200
    assert app.state.polls[poll.id].counts[""]["counts"] == {
        "Bolsheviks": 4,
        "Left SRs": 2,
        "abstain": 0,
    }
    closed = act(client, s, act="close-poll", poll=poll.id)
    assert closed.status_code == 200, closed.text
    seats = {
        f["name"]: f["seats"]
        for f in app.state.polls[poll.id].result["outcome"]["apportionment"]["factions"]
    }
    assert seats == {"Bolsheviks": 7, "Left SRs": 3}
    last = closed.text.split('id="last-result"', 1)[1]
    assert "Bolsheviks, seats: 7" in last and "Left SRs, seats: 3" in last
    russian = client.get(f"/chair/sessions/{s}/parts/question?lang=ru")
    assert "Bolsheviks, мест: 7" in russian.text
