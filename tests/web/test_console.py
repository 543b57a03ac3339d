"""The chair's console over HTTP: every act, refusals in place, logins, roles, CSRF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sample_congress import CHAIR_PASSWORD, make_congress
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
    floor = act(client, s, act="recognise")
    assert floor.status_code == 200 and 'data-remaining="600"' in floor.text
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
    code = sqlite_service.issue_access_codes("congress", [delegate])[delegate]
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
