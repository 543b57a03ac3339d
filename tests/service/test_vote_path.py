"""The vote's short cuts (issue 18): what is made once per poll or drawn in bulk gives the
same ballots as made one at a time."""

from __future__ import annotations

import hashlib
import json
import re
import threading

from smolny.record import canonical
from smolny.service.app import Smolny
from smolny.service.ballots import Nonces

from .test_poll_kinds import closed, election, setup, votes


def test_a_secret_ballot_made_from_its_polls_text_is_the_canonical_one() -> None:
    app = Smolny.in_memory()
    session, ids = setup(app, 3)
    options = ("Lenin", 'Mar"tov \\ x', "0" * 32)  # a quote, a backslash, a nonce's form
    poll = election(app, session, "choice", options, method="electronic-secret")
    receipts = votes(app, poll, {d: {"choice": o} for d, o in zip(ids, options, strict=True)})
    record = app.state.polls[poll]
    for weight in (1, 3):  # as the text is made for any weight of the register
        for option in options:
            made = app.ballots._text(record, {"choice": option}, weight)
            assert made is not None
            nonce = json.loads(made)["nonce"]
            assert re.fullmatch("[0-9a-f]{32}", nonce)
            body = {"v": 1, "poll": poll, "choice": option, "weight": weight, "nonce": nonce}
            assert made == canonical.dumps(body)
    result = closed(app, poll)
    assert result["box"]["ballots"] == 3
    with app.store.reading() as tx:
        box = dict(tx.ballots(poll))
    for receipt, option in zip(receipts, options, strict=True):
        text = box[receipt.hash]  # found by its receipt
        assert receipt.hash == hashlib.sha256(text.encode()).hexdigest()
        assert text == canonical.dumps(json.loads(text))
        assert json.loads(text)["choice"] == option
    app.close()


def test_nonces_drawn_in_bulk_are_128_random_bits_never_repeated_across_threads() -> None:
    nonces = Nonces()
    drawn: list[str] = []

    def draw() -> None:
        drawn.extend(nonces() for _ in range(3 * Nonces.BATCH // 16))

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(drawn) == 4 * 3 * Nonces.BATCH // 16
    assert len(set(drawn)) == len(drawn)
    assert all(re.fullmatch("[0-9a-f]{32}", n) for n in drawn)
