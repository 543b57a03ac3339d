"""The ballot writer outlives any one voter: a request given up does not stop the others."""

from __future__ import annotations

from sample_congress import bring_to_vote, make_congress
from smolny.service.app import Principal, Smolny


def test_a_cancelled_vote_does_not_stop_the_writer(sqlite_service: Smolny) -> None:
    congress = make_congress(sqlite_service, size=4)
    ids = congress["delegates"]
    _, poll = bring_to_vote(sqlite_service, congress["session"], ids[0], ids[1])
    futures = [sqlite_service.cast_vote(poll, Principal(d, "delegate", d), "yes")[1] for d in ids]
    futures[0].cancel()  # the client gave up before the batch was written
    for future in futures[1:]:
        assert future.result(timeout=10).value == "accepted"
    _, later = sqlite_service.cast_vote(poll, Principal(ids[0], "delegate", ids[0]), "no")
    assert later.result(timeout=10).value in ("accepted", "duplicate")
