"""The console's new acts over HTTP: the list reopened, a speaker struck off, a roll call
entered, changeable and scheduled polls, the minutes of an earlier sitting moved for
approval, an amendment at a place with its preview, and names completed as "Name (d7)"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sample_congress import CHAIR_PASSWORD, make_congress
from smolny import procedure
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.web.app import create_app

HX = {"HX-Request": "true"}
CHAIR = Principal("a1", "chair", "chair")
DECREE = "The congress demands an immediate peace, bread and land for all."


@pytest.fixture
def hall(sqlite_service: Smolny) -> Iterator[tuple[TestClient, Smolny, str, list[str]]]:
    congress = make_congress(sqlite_service, size=6)
    with TestClient(create_app(sqlite_service)) as client:
        login = {"username": "chair", "password": CHAIR_PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200
        yield client, sqlite_service, str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]


def act(client: TestClient, session: str, **form: str) -> Any:
    return client.post(f"/chair/sessions/{session}/act", data=form, headers=HX)


def _decree(app: Smolny, session: str, d: list[str]) -> str:
    question = app.execute(c.MoveMotion(session, "Decree", DECREE, d[0]), by=CHAIR)[0]
    q = str(question.data["question"])
    app.execute(c.Act(session, procedure.Second(q, d[1])), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(q)), by=CHAIR)
    return q


def test_the_list_closed_reopened_and_a_speaker_struck_off(hall: Any) -> None:
    client, app, s, d = hall
    assert (
        act(client, s, act="request-floor", delegate="Delegate 2 (" + d[2] + ")").status_code == 200
    )
    page = act(client, s, act="close-list")
    assert page.status_code == 200 and "Reopen the list" in page.text
    assert 'data-confirm="Close the speakers' not in page.text  # closed: no close button
    page = act(client, s, act="reopen-list")
    assert page.status_code == 200 and "data-confirm=" in page.text
    assert "Strike Delegate 2 off the list" in page.text
    page = act(client, s, act="strike-off", delegate=d[2])
    assert page.status_code == 200 and "Nobody is waiting to speak." in page.text
    kinds = [e.kind for e in _journal(app)][-3:]
    assert kinds == ["speakers.closed", "speakers.reopened", "floor.request-withdrawn"]


def test_a_roll_call_entered_from_the_console(hall: Any) -> None:
    client, app, s, d = hall
    q = _decree(app, s, d)
    page = act(client, s, act="vote", question=q, method="roll-call")
    assert page.status_code == 200 and "Called: Delegate 0" in page.text
    poll = app.state.motions[q].polls[-1]
    for i, delegate in enumerate(d):
        page = act(
            client,
            s,
            act="roll-answer",
            poll=poll,
            delegate=delegate,
            choice="yes" if i < 4 else "no",
        )
        assert page.status_code == 200, page.text
    assert "Everyone on the register has been called." in page.text
    again = act(client, s, act="roll-answer", poll=poll, delegate=d[0], choice="no")
    assert again.status_code == 409  # one answer each
    assert act(client, s, act="close-poll", poll=poll).status_code == 200
    assert app.state.sessions[s].procedure.question(q).status == "adopted"


def test_changeable_and_scheduled_polls(hall: Any) -> None:
    client, app, s, d = hall
    q = _decree(app, s, d)
    page = act(
        client,
        s,
        act="vote",
        question=q,
        method="electronic-named",
        changeable="yes",
        closes_in="5",
    )
    assert page.status_code == 200, page.text
    poll = app.state.polls[app.state.motions[q].polls[-1]]
    assert poll.changeable and poll.closes_at is not None
    assert (
        "votes may be changed until the close" in page.text and "closes by itself at" in page.text
    )
    assert act(client, s, act="cancel-poll", poll=poll.id, reason="a mistake").status_code == 200
    page = act(client, s, act="vote", question=q, method="electronic-named", opens_in="10")
    assert page.status_code == 200, page.text
    later = app.state.polls[app.state.motions[q].polls[-1]]
    assert later.state == "scheduled" and "Scheduled: opens at" in page.text
    bad = act(client, s, act="elect", title="X", kind="choice", candidates="A\nB", opens_in="soon")
    assert bad.status_code == 422


def test_the_minutes_of_an_earlier_sitting_moved_for_approval(hall: Any) -> None:
    client, app, s, d = hall
    app.execute(c.CloseSession(s), by=CHAIR)
    later = app.execute(c.OpenSession("congress", "Second sitting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(later, all_present=True), by=CHAIR)
    page = client.get(f"/chair/sessions/{later}")
    assert "Approve the minutes of an earlier sitting" in page.text
    moved = act(client, later, act="approve-minutes", minutes=s, mover=d[0])
    assert moved.status_code == 200, moved.text
    assert "Approval of the minutes: Sitting" in moved.text
    assert app.state.minutes[s]["pending"] is not None


def test_an_amendment_at_a_place_previewed_and_moved(hall: Any) -> None:
    client, app, s, d = hall
    _decree(app, s, d)
    form = {"motion": "amend", "operation": "strike-insert", "strike": "bread", "words": "freedom"}
    shown = client.post(f"/chair/sessions/{s}/amendment-preview", data=form, headers=HX)
    assert shown.status_code == 200
    assert "<del>" in shown.text and "freedom</ins>" in shown.text.replace(
        '<span class="visually-hidden">]</span>', ""
    )
    assert "to strike “bread” and insert “freedom”" in shown.text
    wrong = client.post(
        f"/chair/sessions/{s}/amendment-preview", data={**form, "strike": "tsar"}, headers=HX
    )
    assert wrong.status_code == 200 and 'data-rule="amendment-place"' in wrong.text
    russian = client.post(
        f"/chair/sessions/{s}/amendment-preview",
        data=form,
        headers={**HX, "Accept-Language": "ru"},
    )
    assert "исключить «bread» и вставить «freedom»" in russian.text
    other = client.post(
        f"/chair/sessions/{s}/amendment-preview", data={"motion": "main"}, headers=HX
    )
    assert other.text == ""
    refused = act(client, s, act="move", mover=d[2], **{**form, "strike": "tsar"})
    assert refused.status_code == 409 and "amendment-place" in refused.text
    moved = act(client, s, act="move", mover=d[2], **form)
    assert moved.status_code == 200, moved.text
    assert "freedom</ins>" in moved.text.replace('<span class="visually-hidden">]</span>', "")
    insert = {
        "motion": "amend",
        "operation": "insert",
        "where": "after",
        "anchor": "",
        "words": "x",
    }
    assert (
        client.post(f"/chair/sessions/{s}/amendment-preview", data=insert, headers=HX).status_code
        == 200
    )


def _journal(app: Smolny) -> list[Any]:
    from smolny.record.chain import walk

    with app.store.reading() as tx:
        return list(walk(tx.stream()).entries)
