"""No one votes twice, not even through a proxy and a substitute at once; the admin's own
acts are in the journal like everyone else's."""

from __future__ import annotations

from service.test_poll_kinds import NO, YES, cast, motion_poll, refused, second_vote, setup
from smolny.adapters.boxes import Cast
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny


def test_a_seat_is_voted_once_through_a_proxy_and_a_substitute_at_once(service: Smolny) -> None:
    session, ids = setup(
        service,
        [c.NewDelegate(f"D{i}", "bol") for i in range(5)]
        + [c.NewDelegate("Substitute", "bol", voting=False)],
    )
    d1, d2, d3, d4, d5, sub = ids
    service.execute(c.GiveProxy("congress", d5, d1))  # d5 away, d1 holds the proxy
    service.execute(c.RecordPresence(session, left=(d5,)))
    _, poll = motion_poll(service, session, ids)
    assert [d5, d1] in service.state.polls[poll].opened["proxies"]
    # during the poll the substitute takes up d5's seat: the register was fixed at the
    # opening, so the seat stays d5's, voted by the proxy, and the substitute cannot
    service.execute(c.TakeUpMandate("congress", sub, d5))
    refused(service, "not-eligible", cast, service, poll, sub, YES)
    receipt, result = cast(service, poll, d1, YES, voter=d5)
    assert result is Cast.ACCEPTED
    second_vote(service, poll, d1, NO, voter=d5)  # the proxy cannot vote the seat again
    refused(service, "not-eligible", cast, service, poll, sub, NO)
    closed = service.ballots.close_poll(poll)
    assert closed[0].data["box"]["ballots"] == 1

    # at the next poll (the substitute is in the hall) the seat is theirs alone: the old
    # proxy votes nothing
    _, poll = motion_poll(service, session, ids)
    eligible = dict(map(tuple, service.state.polls[poll].opened["eligible"]))
    assert sub in eligible and d5 not in eligible
    refused(service, "not-proxy-holder", cast, service, poll, d1, YES, voter=d5)
    assert cast(service, poll, sub, NO)[1] is Cast.ACCEPTED
    second_vote(service, poll, sub, YES)


def test_the_admins_acts_are_journaled_under_their_account(service: Smolny) -> None:
    service.accounts.create_account("root", "admin", password="a-long-admin-password")
    admin = Principal("a1", "admin", "root")
    entries = service.execute(c.CreateBody("congress", "Congress"), by=admin)
    assert [e.actor for e in entries] == ["account:a1"]
    assert service.state.seq == entries[-1].seq  # in the chain like every other act
