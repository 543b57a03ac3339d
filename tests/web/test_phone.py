"""The delegate's phone over HTTP (no browser): what it shows a delegate, and its acts.

Every vote route of every question kind, and each bad input refused in place (the rule
and reason in the `#refusal` slot) with the journal and the boxes unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sample_congress import bring_to_vote, make_congress
from smolny import procedure
from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.adapters.schema import ballot, roll_pending, secret_pending
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.web.app import create_app

HX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/phone"}
CHAIR = Principal("a1", "chair", "chair")


class Phone:
    """A congress in session, its delegates' access codes, and a client on the app."""

    def __init__(self, app: Smolny, client: TestClient) -> None:
        self.app = app
        self.client = client
        made = make_congress(app, size=5)
        self.session = str(made["session"])
        self.delegates: list[str] = made["delegates"]  # type: ignore[assignment]
        self.codes = app.accounts.issue_access_codes("congress", self.delegates)

    def log_in(self, delegate: str) -> None:
        self.client.cookies.clear()
        answer = self.client.post("/api/v1/login", json={"access_code": self.codes[delegate]})
        assert answer.status_code == 200, answer.text

    def vote(self, **form: Any) -> Any:
        return self.client.post("/phone/vote", data=form, headers=HX)

    def record(self) -> tuple[list[tuple[int, str]], list[Any]]:
        with read_transaction(self.app.engine) as conn:
            boxes = [
                sorted(tuple(row) for row in conn.execute(select(t)))
                for t in (ballot, roll_pending, secret_pending)
            ]
            return journal.lines(conn), boxes

    def election(self, question: str, options: tuple[str, ...], **kw: Any) -> str:
        opened = self.app.execute(
            c.OpenPoll(
                session=self.session, title="Election", question=question, options=options, **kw
            ),
            by=CHAIR,
        )
        return next(e.data["poll"] for e in opened if e.kind == "poll.opened")


@pytest.fixture
def phone(sqlite_service: Smolny) -> Iterator[Phone]:
    with TestClient(create_app(sqlite_service)) as client:
        yield Phone(sqlite_service, client)


def refused_in_place(phone: Phone, rule: str, status: int, **form: Any) -> str:
    """The vote `form` is refused with `rule`, shown by the ballot; nothing is recorded."""
    before = phone.record()
    answer = phone.vote(**form)
    assert answer.status_code == status, answer.text
    assert answer.headers["HX-Retarget"] == "global #ballot-refusal"
    assert f'data-rule="{rule}"' in answer.text, answer.text
    assert phone.record() == before
    return answer.text


def test_the_phone_shows_the_delegate_the_sitting_and_the_question_as_amended(
    phone: Phone,
) -> None:
    d0, d1 = phone.delegates[:2]
    motion = phone.app.execute(
        c.MoveMotion(phone.session, "On peace", "The congress calls for peace.", d0), by=CHAIR
    )[0].data["question"]
    phone.app.execute(c.Act(phone.session, procedure.Second(motion, d1)), by=CHAIR)
    phone.app.execute(c.Act(phone.session, procedure.StateQuestion(motion)), by=CHAIR)
    amend = procedure.Move("", "amend", d1, text=" and bread", applies_to=motion)
    amendment = phone.app.execute(c.Act(phone.session, amend), by=CHAIR)[0].data["question"]
    phone.app.execute(c.Act(phone.session, procedure.Second(amendment, d0)), by=CHAIR)
    phone.app.execute(c.Act(phone.session, procedure.StateQuestion(amendment)), by=CHAIR)
    phone.app.execute(c.Act(phone.session, procedure.PutQuestion(amendment)), by=CHAIR)
    phone.app.execute(c.Act(phone.session, procedure.RecordResult(amendment, 4, 0, 0)), by=CHAIR)
    phone.log_in(d0)
    page = phone.client.get("/phone")
    assert page.status_code == 200
    text = page.text
    assert "Delegate 0" in text and "Test Congress" in text and "Faction f0" in text
    assert "voting" in text
    assert "On peace" in text
    assert "peace and bread" in text or "and bread" in text  # the text as amended
    assert "The text as amended." in text
    assert 'hx-trigger="smolny:entry from:body"' in text
    assert "<script>" not in text and " style=" not in text and "hx-on" not in text
    assert len(page.content) < 60_000


def test_a_consultative_delegate_sees_why_there_are_no_vote_controls(phone: Phone) -> None:
    entries = phone.app.execute(
        c.RegisterDelegates("congress", (c.NewDelegate("Guest", "f0", voting=False),))
    )
    guest = entries[0].data["delegates"][0]["delegate"]
    phone.codes.update(phone.app.accounts.issue_access_codes("congress", [guest]))
    bring_to_vote(phone.app, phone.session, phone.delegates[0], phone.delegates[1])
    phone.log_in(guest)
    text = phone.client.get("/phone").text
    assert "consultative: a voice, no vote" in text
    assert "You hold a consultative mandate: a voice, and no vote." in text
    assert "Vote yes on" not in text


def test_staff_are_told_the_phone_is_for_delegates(phone: Phone) -> None:
    answer = phone.client.post(
        "/api/v1/login", json={"username": "chair", "password": "chair-password-for-tests"}
    )
    assert answer.status_code == 200
    text = phone.client.get("/phone").text
    assert "This screen is for delegates" in text and "Vote yes" not in text
    refused = phone.client.post("/phone/floor", data={"side": "for"}, headers=HX)
    assert refused.status_code == 403 and 'data-rule="not-a-delegate"' in refused.text


def test_a_yes_no_vote_with_labelled_buttons_then_a_second_vote_is_refused(phone: Phone) -> None:
    motion, poll = bring_to_vote(phone.app, phone.session, *phone.delegates[:2])
    phone.log_in(phone.delegates[0])
    text = phone.client.get("/phone").text
    for label in ("Vote yes on: A motion", "Vote no on: A motion", "Abstain on: A motion"):
        assert f'aria-label="{label}"' in text
    answer = phone.vote(poll=poll, choice="yes")
    assert answer.status_code == 200, answer.text
    assert "You have voted." in answer.text and "Vote yes on" not in answer.text
    assert 'hx-swap-oob="innerHTML"' in answer.text and 'class="receipt"' in answer.text
    with read_transaction(phone.app.engine) as conn:
        [row] = conn.execute(select(ballot.c.voter, ballot.c.body)).all()
    assert row.voter == phone.delegates[0] and '"choice":"yes"' in row.body
    refused_in_place(phone, "second-vote", 409, poll=poll, choice="no")
    # the page drawn again says so
    assert "You have voted." in phone.client.get("/phone/ballot", headers=HX).text


def test_a_named_changeable_vote_can_be_changed_and_shows_the_choice_pressed(phone: Phone) -> None:
    d0, d1 = phone.delegates[:2]
    _, poll = bring_to_vote(phone.app, phone.session, d0, d1, changeable=True)
    phone.log_in(d0)
    assert phone.vote(poll=poll, choice="yes").status_code == 200
    answer = phone.vote(poll=poll, choice="no")
    assert answer.status_code == 200 and "is changed" in answer.text
    assert re.search(r'value="no" class="no" aria-pressed="true"', answer.text)
    with read_transaction(phone.app.engine) as conn:
        [body] = conn.execute(select(ballot.c.body)).scalars().all()
    assert '"choice":"no"' in body


def test_a_secret_ballot_gives_a_receipt_found_in_the_published_box(phone: Phone) -> None:
    d0, d1 = phone.delegates[:2]
    _, poll = bring_to_vote(phone.app, phone.session, d0, d1, method="electronic-secret")
    phone.log_in(d0)
    answer = phone.vote(poll=poll, choice="no")
    assert answer.status_code == 200, answer.text
    receipt = re.search(r'class="receipt">([0-9a-f]{64})<', answer.text)
    assert receipt is not None
    assert f"/box/{poll}?receipt={receipt.group(1)}" in answer.text  # the box in words
    assert "Keep this receipt" in answer.text
    assert "You have voted." in phone.client.get("/phone/ballot", headers=HX).text
    phone.app.ballots.close_poll(poll, by=CHAIR)
    found = phone.client.get(f"/api/v1/polls/{poll}/box", params={"receipt": receipt.group(1)})
    assert found.status_code == 200 and '\\"choice\\":\\"no\\"' in found.text
    page = phone.client.get(f"/box/{poll}", params={"receipt": receipt.group(1)}).text
    assert "Your ballot is in the box, counted as a vote against." in page
    closed = phone.client.get("/phone/ballot", headers=HX).text
    assert "The poll is closed." in closed and "Rejected." in closed
    assert "You voted in this poll." in closed
    refused_in_place(phone, "poll-closed", 409, poll=poll, choice="yes")


def test_a_secret_changeable_vote_is_changed_with_its_code(phone: Phone) -> None:
    d0, d1 = phone.delegates[:2]
    _, poll = bring_to_vote(
        phone.app, phone.session, d0, d1, method="electronic-secret", changeable=True
    )
    phone.log_in(d0)
    first = phone.vote(poll=poll, choice="yes")
    code = re.search(r'data-change-code="([^"]+)"', first.text)
    assert code is not None
    refused_in_place(phone, "second-vote", 409, poll=poll, choice="no")  # no code: refused
    changed = phone.vote(poll=poll, choice="no", **{f"change-{d0}": code.group(1)})
    assert changed.status_code == 200 and "is changed" in changed.text


def test_one_of_n_up_to_k_of_n_and_ranked_ballots(phone: Phone) -> None:
    phone.log_in(phone.delegates[0])
    one = phone.election("choice", ("Ann", "Bob"))
    text = phone.client.get("/phone").text
    assert 'aria-label="Vote for Bob on: Election"' in text
    assert phone.vote(poll=one, choice="Bob").status_code == 200
    phone.app.ballots.close_poll(one, by=CHAIR)
    closed = phone.client.get("/phone/ballot", headers=HX).text
    assert "Chosen: Bob." in closed

    many = phone.election("multiple", ("Ann", "Bob", "Cid"), seats=2)
    text = phone.client.get("/phone").text
    assert 'type="checkbox" name="choices" value="Cid"' in text and "Choose up to 2" in text
    refused_in_place(phone, "too-many-choices", 422, poll=many, choices=["Ann", "Bob", "Cid"])
    answer = phone.client.post(
        "/phone/vote", data={"poll": many, "choices": ["Cid", "Ann"]}, headers=HX
    )
    assert answer.status_code == 200, answer.text
    phone.app.ballots.close_poll(many, by=CHAIR)

    ranked = phone.election("ranked", ("Ann", "Bob", "Cid"))
    text = phone.client.get("/phone").text
    assert text.count('<select name="rank"') == 3 and "Preference 1" in text
    text = refused_in_place(phone, "repeated-candidate", 422, poll=ranked, rank=["Bob", "", "Bob"])
    assert "named twice" in text
    answer = phone.client.post(
        "/phone/vote", data={"poll": ranked, "rank": ["Cid", "Ann", ""]}, headers=HX
    )
    assert answer.status_code == 200, answer.text
    with read_transaction(phone.app.engine) as conn:
        bodies = conn.execute(select(ballot.c.body).where(ballot.c.poll == ranked)).scalars()
        assert ['"ranking":["Cid","Ann"]' in b for b in bodies] == [True]
    with read_transaction(phone.app.engine) as conn:
        bodies = conn.execute(select(ballot.c.body).where(ballot.c.poll == many)).scalars()
        assert ['"choices":["Ann","Cid"]' in b for b in bodies] == [True]


def test_a_proxy_holder_votes_for_a_delegator_and_as_a_block(phone: Phone) -> None:
    d0, d1, d2, d3 = phone.delegates[:4]
    phone.app.execute(c.GiveProxy("congress", d2, d0))
    phone.app.execute(c.GiveProxy("congress", d3, d0))
    # a proxy is in force for a delegator who is not in the hall at the opening
    phone.app.execute(c.RecordPresence(phone.session, left=(d2, d3)), by=CHAIR)
    motion, poll = bring_to_vote(phone.app, phone.session, d0, d1)
    phone.log_in(d0)
    text = phone.client.get("/phone").text
    assert "Delegate 2, Delegate 3" in text  # proxies held
    assert 'aria-label="Vote yes on: A motion, for Delegate 2"' in text
    assert 'aria-label="Vote no on: A motion, for all 3 ballots you cast"' in text
    answer = phone.vote(poll=poll, choice="no", **{"for": d2})
    assert answer.status_code == 200 and "You have voted for Delegate 2." in answer.text
    assert 'for all 2 ballots you cast"' in answer.text  # the block is what is left
    answer = phone.vote(poll=poll, choice="yes", **{"for": "all"})
    assert answer.status_code == 200, answer.text
    assert answer.text.count('class="receipt"') == 2
    with read_transaction(phone.app.engine) as conn:
        voters = dict(conn.execute(select(ballot.c.voter, ballot.c.body)).all())
    assert set(voters) == {d0, d2, d3} and '"choice":"no"' in voters[d2]
    # the delegator sees why they have no vote of their own
    phone.log_in(d2)
    assert "You gave your proxy to Delegate 0" in phone.client.get("/phone").text


def test_a_suspended_mandate_is_refused_in_place(phone: Phone) -> None:
    d0, d1, d2 = phone.delegates[:3]
    motion, poll = bring_to_vote(phone.app, phone.session, d0, d1)
    phone.app.execute(c.SuspendMandate("congress", d2, "credentials contested"), by=CHAIR)
    phone.log_in(d2)
    text = refused_in_place(phone, "mandate-suspended", 409, poll=poll, choice="yes")
    assert "credentials contested" in text
    assert "no vote now" in phone.client.get("/phone").text


def test_bad_forms_are_refused_and_nothing_recorded(phone: Phone) -> None:
    motion, poll = bring_to_vote(phone.app, phone.session, *phone.delegates[:2])
    phone.log_in(phone.delegates[0])
    refused_in_place(phone, "choice", 422, poll=poll, choice="maybe")
    refused_in_place(phone, "unknown-poll", 409, poll="p999", choice="yes")
    refused_in_place(phone, "not-proxy-holder", 409, poll=poll, choice="yes", **{"for": "d3"})


def test_asking_for_the_floor_and_a_point_of_order(phone: Phone) -> None:
    d0, d1 = phone.delegates[:2]
    motion = phone.app.execute(c.MoveMotion(phone.session, "Debate", "T", d0), by=CHAIR)[0].data[
        "question"
    ]
    phone.app.execute(c.Act(phone.session, procedure.Second(motion, d1)), by=CHAIR)
    phone.app.execute(c.Act(phone.session, procedure.StateQuestion(motion)), by=CHAIR)
    phone.log_in(d1)
    answer = phone.client.post("/phone/floor", data={"side": "against"}, headers=HX)
    assert answer.status_code == 200, answer.text
    assert "You are on the speakers' list, number 1, to speak against." in answer.text
    sitting = phone.app.state.sessions[phone.session].procedure
    assert [(r.delegate, r.side) for r in sitting.speakers] == [(d1, "against")]
    before = phone.record()
    again = phone.client.post("/phone/floor", data={"side": "for"}, headers=HX)
    assert again.status_code == 409 and 'data-rule="already-listed"' in again.text
    bad = phone.client.post("/phone/floor", data={"side": "sideways"}, headers=HX)
    assert bad.status_code == 422 and 'data-rule="side"' in bad.text
    empty = phone.client.post("/phone/point-of-order", data={"point": " "}, headers=HX)
    assert empty.status_code == 422 and 'data-rule="required"' in empty.text
    assert phone.record() == before
    point = phone.client.post(
        "/phone/point-of-order", data={"point": "The speaker is off the question"}, headers=HX
    )
    assert point.status_code == 200, point.text
    top = phone.app.state.sessions[phone.session].procedure.top()
    assert top is not None and top.motion == "point-of-order"
    assert top.text == "The speaker is off the question" and top.mover == d1


def test_withdrawing_a_request_for_the_floor(phone: Phone) -> None:
    d0, d1, d2 = phone.delegates[:3]
    phone.app.execute(c.Act(phone.session, procedure.RequestFloor(d2)), by=CHAIR)
    phone.log_in(d1)
    page = phone.client.get("/phone").text
    assert "Withdraw my request for the floor" not in page  # not on the list: nothing to withdraw
    before = phone.record()
    refused = phone.client.post("/phone/floor/withdraw", headers=HX)
    assert refused.status_code == 409 and refused.headers["HX-Retarget"] == "global #said"
    assert 'data-rule="not-on-list"' in refused.text
    assert phone.record() == before
    asked = phone.client.post("/phone/floor", data={"side": "for"}, headers=HX)
    assert "You are on the speakers' list, number 2, to speak for." in asked.text
    assert 'hx-post="/phone/floor/withdraw"' in asked.text
    assert "Withdraw my request for the floor" in phone.client.get("/phone").text
    answer = phone.client.post("/phone/floor/withdraw", headers=HX)
    assert answer.status_code == 200, answer.text
    assert "Your request for the floor is withdrawn." in answer.text
    assert "You are on the speakers' list" not in answer.text
    assert 'hx-post="/phone/floor"' in answer.text  # they may ask again
    sitting = phone.app.state.sessions[phone.session].procedure
    assert [r.delegate for r in sitting.speakers] == [d2]
    last = phone.record()[0][-1][1]
    assert '"kind":"floor.request-withdrawn"' in last and f'"by":"{d1}"' in last
    assert f'"actor":"delegate:{d1}"' in last
    ru = phone.client.get("/phone", headers={"Accept-Language": "ru"}).text
    assert "Снять мою запись на выступление" not in ru
    phone.client.post("/phone/floor", data={}, headers=HX)
    ru = phone.client.get("/phone", headers={"Accept-Language": "ru"}).text
    assert "Снять мою запись на выступление" in ru


def test_a_lost_login_goes_back_to_the_login_page_with_nothing_applied(phone: Phone) -> None:
    motion, poll = bring_to_vote(phone.app, phone.session, *phone.delegates[:2])
    page = phone.client.get("/phone", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/phone"
    before = phone.record()
    answer = phone.client.post("/phone/vote", data={"poll": poll, "choice": "yes"}, headers=HX)
    assert answer.status_code == 401 and answer.headers["HX-Redirect"] == "/login?next=/phone"
    fragment = phone.client.get("/phone/ballot", headers=HX)
    assert fragment.status_code == 401 and fragment.headers["HX-Redirect"] == "/login?next=/phone"
    assert phone.record() == before


def test_an_act_without_the_htmx_header_is_refused(phone: Phone) -> None:
    motion, poll = bring_to_vote(phone.app, phone.session, *phone.delegates[:2])
    phone.log_in(phone.delegates[0])
    before = phone.record()
    for path, form in (
        ("/phone/vote", {"poll": poll, "choice": "yes"}),
        ("/phone/floor", {"side": "for"}),
        ("/phone/floor/withdraw", {}),
        ("/phone/point-of-order", {"point": "x"}),
    ):
        answer = phone.client.post(path, data=form)
        assert answer.status_code == 403 and 'data-rule="page-act"' in answer.text
    assert phone.record() == before


def test_the_phone_speaks_russian(phone: Phone) -> None:
    motion, poll = bring_to_vote(phone.app, phone.session, *phone.delegates[:2])
    phone.log_in(phone.delegates[0])
    text = phone.client.get("/phone", headers={"Accept-Language": "ru"}).text
    assert 'lang="ru"' in text and "Голосовать «за»: A motion" in text


def test_a_refused_ranking_is_said_in_russian_by_the_ballot(phone: Phone) -> None:
    poll = phone.election("ranked", ("Anna", "Boris"), seats=1, method="electronic-secret")
    phone.log_in(phone.delegates[0])
    phone.client.cookies.set("smolny_lang", "ru")
    answer = phone.client.post(
        "/phone/vote", data={"poll": poll, "rank": ["Anna", "Anna"]}, headers=HX
    )
    assert answer.status_code == 422, answer.text
    assert answer.headers["HX-Retarget"] == "global #ballot-refusal"
    assert "Кандидат указан дважды" in answer.text and "named twice" not in answer.text
    page = phone.client.get("/phone").text
    assert 'id="ballot-refusal"' in page and "Голосуйте" in page  # the open ballot, first
    assert page.index('id="ballot"') < page.index('id="sitting"')
