"""A weighted secret ballot is published in units (issue 16, item 11a): with weights
{1, 1, 1, 7} the published box holds ten ballots of weight 1, so it tells which option the
weight-7 voter chose no more than the totals do; the voter still finds their ballot by the
receipt, and the verifier's recount still gives the weighted totals."""

from __future__ import annotations

import json

from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny.service.views import polls

from .test_poll_kinds import closed, election, setup, verified, votes


def test_a_weight_no_one_else_holds_does_not_single_out_its_ballot(
    service: Smolny, database_url: str
) -> None:
    _published_in_units(service)
    verified(database_url, 1)


def test_the_store_in_memory_seals_in_units_too() -> None:
    app = Smolny.in_memory()
    _published_in_units(app)
    app.close()


def _published_in_units(service: Smolny) -> None:
    weights = [1, 1, 1, 7]
    session, ids = setup(
        service, [c.NewDelegate(f"D{i}", "bol", weight=w) for i, w in enumerate(weights)]
    )
    poll = election(
        service,
        session,
        "choice",
        ("Lenin", "Martov"),
        method="electronic-secret",
        threshold="plurality",
    )
    answers = {ids[0]: "Lenin", ids[1]: "Martov", ids[2]: "Lenin", ids[3]: "Martov"}
    receipts = votes(service, poll, {d: {"choice": a} for d, a in answers.items()})
    result = closed(service, poll)
    assert result["weights"]["Martov"] == 8 and result["weights"]["Lenin"] == 2
    assert result["box"]["ballots"] == 10 and result["roll"]["voters"] == 4
    published = polls.box(service, poll)
    ballots = [json.loads(b["ballot"]) for b in published["ballots"]]
    # ten ballots, each of weight 1, in hash order: what the totals say and nothing more
    assert [b["weight"] for b in ballots] == [1] * 10
    assert [b["hash"] for b in published["ballots"]] == sorted(
        b["hash"] for b in published["ballots"]
    )
    assert sorted(b["choice"] for b in ballots) == ["Lenin"] * 2 + ["Martov"] * 8
    assert all(set(b) == {"v", "poll", "choice", "weight", "nonce"} for b in ballots)
    # the weight-7 voter finds their seven units by their receipt, the others their one
    mine = polls.box(service, poll, receipts[3].hash)["ballots"]
    assert len(mine) == 7 and all('"choice":"Martov"' in b["ballot"] for b in mine)
    assert len(polls.box(service, poll, receipts[0].hash)["ballots"]) == 1
