"""The store's rules, the same on every store: in memory, on SQLite and on PostgreSQL.

The fast tests of the service (tests/memory) run on the in-memory store; these show that it
keeps the rules the databases keep.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smolny.adapters.memory_store import MemoryStore
from smolny.adapters.sql_store import SqlStore
from smolny.adapters.store import (
    Account,
    Ballot,
    Cast,
    Failures,
    Hook,
    Login,
    SecretBallot,
    Store,
)
from smolny.record.entry import GENESIS, make_entry


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """A new, empty store of each kind."""
    if request.param == "memory":
        made: Store = MemoryStore()
    else:
        name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
        made = SqlStore.open(request.getfixturevalue(name))
    yield made
    made.close()


def named(poll: str, voter: str, text: str, change: bool = False) -> Ballot:
    return Ballot(poll, voter, f"{poll}-{voter}-{text}".ljust(64, "0"), text, change=change)


def secret(
    poll: str, voter: str, text: str, key: str | None = None, replaces: str | None = None
) -> SecretBallot:
    digest = f"{poll}-{voter}-{text}".ljust(64, "0")
    return SecretBallot(poll, voter, None, digest, text, change_key=key, replaces=replaces)


def test_the_journal_appends_after_its_head_and_reads_back_in_order(store: Store) -> None:
    first = make_entry(1, "2026-01-01T00:00:00.000000Z", "body.created", "system", {}, GENESIS)
    second = make_entry(2, "2026-01-01T00:00:01.000000Z", "x", "system", {"a": 1}, first.hash)
    with store.reading() as tx:
        assert tx.head() == (0, GENESIS) and tx.lines() == []
    with store.writing() as tx:
        tx.append([first, second])
    with store.reading() as tx:
        assert tx.head() == (2, second.hash)
        assert tx.lines(after=1) == [(2, second.line())]
        assert list(tx.stream()) == [(1, first.line()), (2, second.line())]
        assert tx.lines(limit=1) == [(1, first.line())]


def test_a_writing_transaction_that_fails_writes_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.writing() as tx:
        tx.open_box("p1")
        tx.add_account(Account("a1", "alice", "hash", False))
        raise RuntimeError("refused")
    with store.reading() as tx:
        assert tx.boxes() == [] and tx.account("a1") is None


def test_one_ballot_a_voter_and_none_after_the_close(store: Store) -> None:
    with store.writing() as tx:
        tx.open_box("p1")
    assert store.cast([named("p1", "d1", "yes"), named("p1", "d1", "no")]) == [
        Cast.ACCEPTED,
        Cast.DUPLICATE,
    ]
    assert store.cast([named("p1", "d1", "again")]) == [Cast.DUPLICATE]
    assert store.cast([named("p9", "d2", "yes")]) == [Cast.CLOSED]  # no such box
    with store.reading() as tx:
        assert tx.voted("p1", False) == 1
        assert tx.cast_for("p1", ["d1", "d2"], False, False) == {"d1": "yes"}
    with store.writing() as tx:
        assert tx.shut_box("p1", False) == [(named("p1", "d1", "yes").hash, "yes")]
    assert store.cast([named("p1", "d2", "yes")]) == [Cast.CLOSED]
    with store.reading() as tx:
        assert tx.boxes() == [("p1", False)]


def test_a_named_vote_is_changed_by_voting_again(store: Store) -> None:
    with store.writing() as tx:
        tx.open_box("p1")
    assert store.cast([named("p1", "d1", "yes", change=True)]) == [Cast.ACCEPTED]
    assert store.cast([named("p1", "d1", "no", change=True)]) == [Cast.CHANGED]
    with store.reading() as tx:
        assert tx.ballots("p1") == [(named("p1", "d1", "no").hash, "no")]


def test_a_secret_box_keeps_the_roll_apart_and_is_sealed_at_the_close(store: Store) -> None:
    with store.writing() as tx:
        tx.open_box("p1")
    first = secret("p1", "d2", "yes", key="k2")
    assert store.cast([first, secret("p1", "d1", "no", key="k1")]) == [Cast.ACCEPTED] * 2
    assert store.cast([secret("p1", "d2", "again")]) == [Cast.DUPLICATE]
    assert store.cast([secret("p1", "d1", "x", replaces="k9")]) == [Cast.UNKNOWN_BALLOT]
    assert store.cast([secret("p1", "d3", "x", replaces="k2")]) == [Cast.UNKNOWN_BALLOT]  # no roll
    changed = secret("p1", "d2", "abstain", key="k3", replaces="k2")
    assert store.cast([changed]) == [Cast.CHANGED]
    with store.reading() as tx:
        assert tx.voted("p1", True) == 2 and tx.ballots("p1") == []  # sealed only at the close
        assert tx.cast_for("p1", ["d1", "d9"], True, False) == {"d1": None}
    with store.writing() as tx:
        held = tx.shut_box("p1", True)
    assert held == sorted([(changed.hash, "abstain"), (secret("p1", "d1", "no").hash, "no")])
    with store.reading() as tx:
        assert tx.roll("p1") == [("d1", None), ("d2", None)]
        assert tx.cast_for("p1", ["d2"], True, True) == {"d2": None}
    assert store.wipe_pending()


def test_accounts_access_codes_and_logins(store: Store) -> None:
    with store.writing() as tx:
        tx.add_account(Account("a1", "alice", "h1", True))
        tx.replace_access_codes({"d1": "c1", "d2": "c2"})
        tx.add_login(Login("t1", "d1", "delegate", 100))
        tx.add_login(Login("t2", "a1", "chair", 100))
    with store.writing() as tx:
        tx.set_password("a1", "h2", False)
        tx.replace_access_codes({"d1": "c3"})
        tx.extend_login("t2", 200)
        tx.end_logins_of(["d1"])
    with store.reading() as tx:
        assert tx.account_named("alice") == Account("a1", "alice", "h2", False)
        assert tx.account_named("bob") is None
        assert tx.delegate_of_code("c1") is None and tx.delegate_of_code("c3") == "d1"
        assert tx.coded() == {"d1", "d2"}
        assert tx.login("t1") is None and tx.login("t2") == Login("t2", "a1", "chair", 200)
    with store.writing() as tx:
        assert tx.end_login("t2") and not tx.end_login("t2")


def test_webhooks_and_their_cursor(store: Store) -> None:
    hooks = store.webhooks
    hooks.add(Hook("w2", "http://b", "secret", "congress", "all"))
    hooks.add(Hook("w1", "http://a", "secret", "congress", "resolutions", after_seq=3))
    assert [h.id for h in hooks.all()] == ["w1", "w2"]
    first = hooks.get("w1")
    assert first is not None
    hooks.failed(first, 10.0, "answered 500")
    hooks.delivered(first, 7)  # from where it was: moved on, the failures forgotten
    again = hooks.get("w1")
    assert again is not None
    assert (again.after_seq, again.attempts, again.delivered, again.last_error) == (7, 0, 1, None)
    hooks.delivered(first, 9)  # read before the last delivery: left as it is
    assert hooks.get("w1") == again
    assert hooks.remove("w2") and not hooks.remove("w2") and hooks.get("w2") is None


def test_failed_logins_are_counted_waited_forgotten_and_lifted(store: Store) -> None:
    failures = store.login_failures

    def wait(key: str, count: int) -> float:  # from the third failure, until 100.0
        return 100.0 if count >= 3 else 0.0

    keys = ["address:A", "account:chair@A"]
    assert failures.locked_until(keys) == {}
    for now in (1.0, 2.0):
        failures.count(keys, now, 60.0, wait)
    counted = failures.count(keys, 3.0, 60.0, wait)
    assert counted == [
        Failures("address:A", 3, 3.0, 100.0),
        Failures("account:chair@A", 3, 3.0, 100.0),
    ]
    assert failures.locked_until([*keys, "address:B"]) == {k: 100.0 for k in keys}
    failures.count(["account:chair@B", "code:ABCD@A"], 4.0, 60.0, wait)
    assert [f.key for f in failures.waiting(50.0)] == ["account:chair@A", "address:A"]
    assert failures.waiting(100.0) == []
    # a count whose latest failure and wait ended more than a window ago begins again
    assert failures.count(["account:chair@B"], 4.0 + 61.0, 60.0, wait) == [
        Failures("account:chair@B", 1, 65.0, 0.0)
    ]
    # ... and counts no one added to for a window, their waits over, are forgotten
    failures.count(["address:C"], 200.0, 60.0, wait)
    assert failures.locked_until(["address:A", "code:ABCD@A", "address:C"]) == {"address:C": 0.0}
    # lifting: by key, by what a key begins or ends with, or all of them
    for key in ("account:chair@A", "account:chair@B", "account:Chair@C", "code:X@A", "address:A"):
        for _ in range(3):
            failures.count([key], 300.0, 60.0, wait)
    assert failures.lift(50.0, prefix="account:chair@") == 2  # not account:Chair@C
    assert failures.lift(50.0, key="address:A", suffix="@A") == 2  # code:X@A and the address
    assert [f.key for f in failures.waiting(50.0)] == ["account:Chair@C"]
    failures.clear("account:Chair@C")
    failures.clear("account:nobody@C")  # nothing to forget
    assert failures.waiting(50.0) == []
    failures.count(["address:D"], 300.0, 60.0, wait)
    assert failures.lift(50.0, key="address:D") == 0  # forgotten, but it did not wait
    failures.count(["address:E"], 300.0, 60.0, wait)
    failures.count(["address:F"], 300.0, 60.0, wait)
    assert failures.lift(50.0) == 0 and failures.locked_until(["address:E", "address:F"]) == {}
