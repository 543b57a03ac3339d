"""Polls of every kind through the service layer, on SQLite and PostgreSQL.

Tellers' counts (by section), roll calls, named and secret ballots; every question
(yes/no/abstain, one of N, up to K of N, ranked, lists) with hand-checked outcomes;
weights, proxies, presence, suspended mandates, substitutes, changed votes, scheduled
polls and quorum; `smolny verify` after each kind and on tampered boxes and records.
Every refusal names its rule and leaves the journal and the boxes as they were.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, insert, select, update

from smolny import procedure
from smolny.adapters import boxes, journal
from smolny.adapters.boxes import Cast
from smolny.adapters.database import read_transaction, write_transaction
from smolny.adapters.schema import ballot, box, roll, roll_pending, secret_ballot, secret_pending
from smolny.adapters.schema import journal as journal_table
from smolny.cli.verify import verify
from smolny.domain import commands as c
from smolny.domain import polls
from smolny.domain.errors import Refusal
from smolny.record import canonical
from smolny.record.audit import check_box, closed_polls
from smolny.record.ballotbox import ballot_hash, box_digest
from smolny.record.chain import walk
from smolny.record.entry import make_entry
from smolny.service.app import Principal, Receipt, Smolny, VoteRequest, stamp

SECRETARY = Principal("a9", "secretary", "secretary")
BOX_TABLES = (box, ballot, roll_pending, secret_pending, roll, secret_ballot)
YES, NO, ABSTAIN = {"choice": "yes"}, {"choice": "no"}, {"choice": "abstain"}


# -- helpers ---------------------------------------------------------------------------------


def delegate(ident: str) -> Principal:
    return Principal(ident, "delegate", ident)


def setup(
    app: Smolny,
    delegates: Sequence[c.NewDelegate] | int = 5,
    factions: Sequence[str] = ("bol", "men"),
) -> tuple[str, list[str]]:
    """A congress with factions and delegates, sitting with everyone present."""
    app.execute(c.CreateBody("congress", "Congress of Soviets"))
    for slug in factions:
        app.execute(c.FormFaction("congress", slug, slug.title()))
    if isinstance(delegates, int):
        # the first three in the first faction, the rest in the second
        delegates = [
            c.NewDelegate(f"D{i}", factions[0] if i < 3 else factions[-1]) for i in range(delegates)
        ]
    entries = app.execute(c.RegisterDelegates("congress", tuple(delegates)))
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    session = app.execute(c.OpenSession("congress", "Second Congress"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    return session, ids


def motion_poll(app: Smolny, session: str, ids: list[str], **settings: Any) -> tuple[str, str]:
    """A main motion moved and seconded by the first two in the hall, stated, and put to a
    poll: (motion, poll)."""
    mover, seconder = [d for d in ids if d in app.state.sessions[session].present][:2]
    motion = app.execute(c.MoveMotion(session, "On peace", "The congress resolves.", mover))
    question = motion[0].data["question"]
    app.execute(c.Act(session, procedure.Second(question, seconder)))
    app.execute(c.Act(session, procedure.StateQuestion(question)))
    opened = app.execute(c.OpenPoll(question, **settings))
    return question, next(e.data["poll"] for e in opened if e.kind == "poll.opened")


def election(app: Smolny, session: str, question: str, options: Sequence[str], **kw: Any) -> str:
    entries = app.execute(
        c.OpenPoll(
            session=session, title="Election", question=question, options=tuple(options), **kw
        )
    )
    return str(entries[-1].data["poll"])


def cast(
    app: Smolny,
    poll: str,
    by: str | Principal,
    answer: dict[str, object],
    voter: str | None = None,
    change: str | None = None,
) -> tuple[Receipt, Cast]:
    """One ballot, waited for until the writer has put it in the box (or refused it)."""
    who = delegate(by) if isinstance(by, str) else by
    [(receipt, future)] = app.ballots.cast_votes(poll, who, [VoteRequest(answer, voter, change)])
    return receipt, future.result(timeout=30)


def votes(app: Smolny, poll: str, answers: dict[str, dict[str, object]]) -> list[Receipt]:
    receipts = []
    for voter, answer in answers.items():
        receipt, result = cast(app, poll, voter, answer)
        assert result is Cast.ACCEPTED, (voter, result)
        receipts.append(receipt)
    return receipts


def snapshot(app: Smolny) -> tuple[list[tuple[int, str]], dict[str, list[str]]]:
    """The journal and every box table, to show that a refusal changed nothing."""
    with read_transaction(app.engine) as conn:
        tables = {
            t.name: sorted(repr(tuple(row)) for row in conn.execute(select(t))) for t in BOX_TABLES
        }
        return journal.lines(conn), tables


def refused(app: Smolny, rule: str, act: Callable[..., Any], *args: Any, **kw: Any) -> Refusal:
    """`act` is refused naming `rule`, and neither the journal nor any box changed."""
    before, seq = snapshot(app), app.state.seq
    with pytest.raises(Refusal) as caught:
        act(*args, **kw)
    assert caught.value.rule == rule, caught.value
    assert app.state.seq == seq
    assert snapshot(app) == before
    return caught.value


def second_vote(app: Smolny, poll: str, by: str, answer: dict[str, object], **kw: Any) -> None:
    """A second ballot is refused by the box itself, which stays as it was."""
    before = snapshot(app)
    assert cast(app, poll, by, answer, **kw)[1] is Cast.DUPLICATE
    assert snapshot(app) == before


def run_verify(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(verify, ["--db", url])
    return result.exit_code, result.output


def verified(url: str, polls_recounted: int | None = None) -> None:
    """Verify passes, having recounted this many polls (ballot boxes and tellers' counts)."""
    code, output = run_verify(url)
    assert code == 0 and output.startswith("OK:"), output
    if polls_recounted is not None:
        found = re.search(r"; (\d+) ballot box(?:es)? and (\d+) tellers' counts? recounted", output)
        assert found is not None, output
        assert int(found[1]) + int(found[2]) == polls_recounted, output


def fails_naming(url: str, poll: str, *words: str) -> str:
    code, output = run_verify(url)
    assert code == 1 and output.startswith("FAILED:"), output
    assert f"poll {poll} " in output, output
    for word in words:
        assert word in output, output
    return output


def box_of(app: Smolny, poll: str) -> list[dict[str, Any]]:
    return [canonical.loads(text) for _, text in app.ballots.box_ballots(poll)]


def closed(app: Smolny, poll: str) -> dict[str, Any]:
    entries = app.ballots.close_poll(poll)
    assert entries[0].kind == "poll.closed"
    return entries[0].data


def seed_of(poll: str, digest: str) -> int:
    # docs/record-format.md 2.6: the first 13 hex digits of SHA-256(poll id, line feed, digest)
    return int(hashlib.sha256(f"{poll}\n{digest}".encode()).hexdigest()[:13], 16)


def rechain(
    app: Smolny, change: Callable[[int, str, dict[str, Any]], dict[str, Any] | None]
) -> None:
    """Rewrite the journal with `change` applied to entries' data, every hash recomputed: a
    record whose chain holds but whose content was forged."""
    with write_transaction(app.engine) as conn:
        rows = journal.lines(conn)
        prev = "0" * 64
        forging = False
        for seq, line in rows:
            entry = canonical.loads(line)
            data = change(seq, entry["kind"], entry["data"])
            forging = forging or data is not None
            if forging:
                new = make_entry(
                    seq, entry["at"], entry["kind"], entry["actor"], data or entry["data"], prev
                )
                conn.execute(
                    update(journal_table)
                    .where(journal_table.c.seq == seq)
                    .values(hash=new.hash, prev=new.prev, line=new.line())
                )
                prev = new.hash
            else:
                prev = entry["hash"]


# -- tellers ------------------------------------------------------------------------------


def test_a_show_of_hands_counted_by_faction_decides_the_motion(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service)  # bol: d1-d3, men: d4, d5
    motion, poll = motion_poll(
        service, session, ids, method="show-of-hands", sections=("bol", "men")
    )
    too_many = refused(
        service, "count-exceeds-present", service.execute, c.EnterCount(poll, {"yes": 4}, "bol")
    )
    assert "3 delegates of bol" in too_many.message
    refused(service, "section", service.execute, c.EnterCount(poll, {"yes": 3}))  # not the hall
    refused(service, "section", service.execute, c.EnterCount(poll, {"yes": 1}, "left-srs"))
    refused(service, "counts", service.execute, c.EnterCount(poll, {"maybe": 1}, "bol"))
    refused(service, "counts", service.execute, c.EnterCount(poll, {"yes": -1}, "bol"))
    service.execute(c.EnterCount(poll, {"yes": 3}, "bol", ("Avanesov",)))
    missing = refused(service, "counts-missing", service.ballots.close_poll, poll)
    assert "men" in missing.message and "bol" not in missing.message
    refused(service, "count-exceeds-present", service.execute, c.EnterCount(poll, {"no": 3}, "men"))
    service.execute(c.EnterCount(poll, {"yes": 2}, "men"))
    service.execute(c.EnterCount(poll, {"yes": 1, "no": 1}, "men"))  # recounted: replaces
    refused(service, "counted-by-tellers", cast, service, poll, ids[0], YES)
    assert service.ballots.progress(poll)["voted"] == 5
    entries = service.ballots.close_poll(poll)
    result, decision = entries[0].data, entries[1]
    assert result["heads"] == {"yes": 4, "no": 1, "abstain": 0}
    assert result["sections"] == {
        "bol": {"yes": 3, "no": 0, "abstain": 0},
        "men": {"yes": 1, "no": 1, "abstain": 0},
    }
    assert "box" not in result and result["unit"] == "heads"
    assert decision.kind == "motion.adopted"
    assert (decision.data["yes"], decision.data["no"], decision.data["method"]) == (
        4,
        1,
        "show-of-hands",
    )
    assert service.state.sessions[session].procedure.question(motion).status == "adopted"
    refused(service, "poll-closed", service.execute, c.EnterCount(poll, {"yes": 1}, "bol"))
    verified(database_url, 1)


def test_sections_of_the_hall_cannot_add_up_to_more_than_the_present(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service)
    _, poll = motion_poll(service, session, ids, method="show-of-hands", sections=("left", "right"))
    service.execute(c.EnterCount(poll, {"yes": 3}, "left"))
    overall = refused(
        service, "count-exceeds-present", service.execute, c.EnterCount(poll, {"yes": 3}, "right")
    )
    assert "6" in overall.message and "5" in overall.message
    service.execute(c.EnterCount(poll, {"no": 2}, "right"))
    decision = service.ballots.close_poll(poll)[1]
    assert decision.kind == "motion.adopted" and decision.data["no"] == 2
    verified(database_url)


def test_a_standing_vote_counted_for_the_hall(service: Smolny, database_url: str) -> None:
    session, ids = setup(service)
    motion, poll = motion_poll(service, session, ids, method="standing")
    refused(service, "count-exceeds-present", service.execute, c.EnterCount(poll, {"no": 6}))
    motion = service.state.polls[poll].motion
    # the tellers count the hall: absent delegates cannot be put on their register
    refused(service, "presence", service.execute, c.OpenPoll(motion, "standing", presence="all"))
    service.execute(c.EnterCount(poll, {"yes": 1, "no": 3, "abstain": 1}))
    entries = service.ballots.close_poll(poll)
    assert entries[0].data["heads"] == {"yes": 1, "no": 3, "abstain": 1}
    assert entries[1].kind == "motion.rejected" and entries[1].data["method"] == "rising"
    verified(database_url)


# -- roll call and electronic ballots ---------------------------------------------------------


def test_a_roll_call_entered_by_the_secretary_and_answered_by_delegates(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service)
    _, poll = motion_poll(service, session, ids, method="roll-call")
    assert list(service.state.polls[poll].eligible) == ids  # called in register order
    assert cast(service, poll, SECRETARY, YES, voter=ids[0])[1] is Cast.ACCEPTED
    refused(service, "required", cast, service, poll, SECRETARY, YES)  # whom is it for?
    refused(service, "not-eligible", cast, service, poll, SECRETARY, YES, voter="d99")
    assert cast(service, poll, ids[1], NO)[1] is Cast.ACCEPTED  # answers for themselves
    refused(service, "not-proxy-holder", cast, service, poll, ids[2], YES, voter=ids[3])
    assert cast(service, poll, SECRETARY, YES, voter=ids[2])[1] is Cast.ACCEPTED
    second_vote(service, poll, ids[0], NO)  # entered by the secretary already
    ballots = {b["voter"]: b for b in box_of(service, poll)}
    assert ballots[ids[0]]["by"] == "account:a9" and ballots[ids[0]]["choice"] == "yes"
    assert "by" not in ballots[ids[1]] and ballots[ids[1]]["choice"] == "no"
    entries = service.ballots.close_poll(poll)
    assert entries[0].data["heads"] == {"yes": 2, "no": 1, "abstain": 0}
    assert entries[1].kind == "motion.adopted" and entries[1].data["method"] == "roll-call"
    verified(database_url, 1)


def test_staff_cannot_vote_in_an_electronic_poll(service: Smolny) -> None:
    session, ids = setup(service)
    _, poll = motion_poll(service, session, ids)
    refused(service, "not-a-delegate", cast, service, poll, SECRETARY, YES, voter=ids[0])


def test_named_and_secret_electronic_ballots(service: Smolny, database_url: str) -> None:
    session, ids = setup(service)
    _, named = motion_poll(service, session, ids, method="electronic-named")
    votes(service, named, {ids[0]: YES, ids[1]: YES, ids[2]: NO, ids[3]: ABSTAIN})
    second_vote(service, named, ids[0], NO)
    assert service.ballots.progress(named) == {
        "poll": named,
        "state": "open",
        "voted": 4,
        "eligible": 5,
    }
    entries = service.ballots.close_poll(named)
    assert entries[0].data["heads"] == {"yes": 2, "no": 1, "abstain": 1}
    assert entries[1].kind == "motion.adopted"
    assert sorted(b["voter"] for b in box_of(service, named)) == ids[:4]
    refused(service, "poll-closed", cast, service, named, ids[4], YES)

    _, secret = motion_poll(service, session, ids, method="electronic-secret")
    receipts = votes(
        service, secret, {ids[0]: NO, ids[1]: NO, ids[2]: YES, ids[3]: NO, ids[4]: ABSTAIN}
    )
    assert all(r.change_code is None for r in receipts)  # not changeable: no codes
    second_vote(service, secret, ids[2], NO)
    assert service.ballots.progress(secret)["voted"] == 5
    entries = service.ballots.close_poll(secret)
    result = entries[0].data
    assert result["heads"] == {"yes": 1, "no": 3, "abstain": 1}
    assert entries[1].kind == "motion.rejected"
    held = service.ballots.box_ballots(secret)
    assert sorted(h for h, _ in held) == sorted(r.hash for r in receipts)
    assert result["box"] == {"ballots": 5, "digest": box_digest(r.hash for r in receipts)}
    for _, text in held:  # the ballots name nobody
        assert not set(canonical.loads(text)) & {"voter", "proxy", "by"}
    assert service.ballots.box_roll(secret) == [(d, None) for d in ids]
    assert result["roll"] == {"voters": 5, "digest": box_digest(ids)}
    with read_transaction(service.engine) as conn:  # sealed: nothing left pending
        for table in (roll_pending, secret_pending):
            assert conn.execute(select(table)).first() is None
    verified(database_url, 2)


# -- elections and choices --------------------------------------------------------------------


def test_one_of_n_with_each_threshold(service: Smolny, database_url: str) -> None:
    session, ids = setup(service, 6)
    a, b, cc = {"choice": "A"}, {"choice": "B"}, {"choice": "C"}
    # majority of the votes cast for options (abstentions not counted): 5 cast, 3 needed
    poll = election(service, session, "choice", "ABC")
    votes(service, poll, dict(zip(ids, [a, a, a, b, cc, ABSTAIN], strict=True)))
    outcome = closed(service, poll)["outcome"]
    assert outcome["chosen"] == "A" and (outcome["cast"], outcome["needed"]) == (5, 3)
    assert outcome["tie_breaks"] == []
    # the same threshold, not reached: 2 of 5
    poll = election(service, session, "choice", "ABC")
    votes(service, poll, dict(zip(ids, [a, a, b, b, cc, ABSTAIN], strict=True)))
    outcome = closed(service, poll)["outcome"]
    assert outcome["chosen"] is None and outcome["reason"] == "no option reached the threshold"
    assert (outcome["cast"], outcome["needed"]) == (5, 3)
    # two-thirds: 4 of 6 is enough; 3 of 5 is not (ceil(10/3) = 4)
    poll = election(service, session, "choice", "AB", threshold="two-thirds")
    votes(service, poll, dict(zip(ids, [a, a, a, a, b, b], strict=True)))
    outcome = closed(service, poll)["outcome"]
    assert (outcome["chosen"], outcome["needed"], outcome["threshold"]) == ("A", 4, "two-thirds")
    poll = election(service, session, "choice", "AB", threshold="two-thirds")
    votes(service, poll, dict(zip(ids, [a, a, a, b, b, ABSTAIN], strict=True)))
    outcome = closed(service, poll)["outcome"]
    assert outcome["chosen"] is None and (outcome["cast"], outcome["needed"]) == (5, 4)
    # plurality: the most votes win, whatever their share
    poll = election(service, session, "choice", "ABC", threshold="plurality")
    votes(service, poll, dict(zip(ids, [a, a, b, cc, ABSTAIN, ABSTAIN], strict=True)))
    outcome = closed(service, poll)["outcome"]
    assert outcome["chosen"] == "A" and "needed" not in outcome
    verified(database_url, 5)


def test_a_tie_is_broken_by_a_lot_recorded_with_its_seed(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service, 6)
    poll = election(
        service, session, "choice", ("Kamenev", "Trotsky", "Lenin"), threshold="plurality"
    )
    refused(service, "choice", cast, service, poll, ids[0], {"choice": "Zinoviev"})
    refused(service, "choice", cast, service, poll, ids[0], {"choices": ["Lenin"]})
    votes(
        service,
        poll,
        dict(
            zip(
                ids,
                [{"choice": "Trotsky"}] * 2
                + [{"choice": "Lenin"}] * 2
                + [{"choice": "Kamenev"}, ABSTAIN],
                strict=True,
            )
        ),
    )
    result = closed(service, poll)
    outcome = result["outcome"]
    seed = seed_of(poll, result["box"]["digest"])
    order = ["Lenin", "Trotsky"]
    random.Random(seed).shuffle(order)  # the draw, as docs/record-format.md 2.6 describes it
    assert outcome["tie_breaks"] == [
        {
            "purpose": "the choice",
            "tied": ["Lenin", "Trotsky"],
            "votes": 2,
            "method": "lot",
            "seed": seed,
            "order": order,
            "chosen": order[:1],
        }
    ]
    assert outcome["chosen"] == order[0]
    assert seed < 2**53
    # anyone can draw it again from the record: the same tally and seed give the same outcome
    tally = polls.Tally(dict(result["heads"]), dict(result["weights"]))
    question = polls.Question.of(service.state.polls[poll].opened)
    assert polls.outcome(question, tally, False, seed) == outcome
    verified(database_url)


def test_up_to_k_of_n(service: Smolny, database_url: str) -> None:
    session, ids = setup(service, 6)
    poll = election(service, session, "multiple", "ABCD", seats=2)
    too_many = refused(
        service, "too-many-choices", cast, service, poll, ids[0], {"choices": ["A", "B", "C"]}
    )
    assert "at most 2" in too_many.message
    refused(service, "repeated-choice", cast, service, poll, ids[0], {"choices": ["A", "A"]})
    refused(service, "unknown-option", cast, service, poll, ids[0], {"choices": ["E"]})
    refused(service, "choices", cast, service, poll, ids[0], {"choice": "A"})
    refused(service, "choices", cast, service, poll, ids[0], {"choice": "A", "choices": ["B"]})
    refused(service, "choices", cast, service, poll, ids[0], {"ranking": ["A"], "choices": ["B"]})
    receipts = votes(
        service,
        poll,
        {
            ids[0]: {"choices": ["B", "A"]},
            ids[1]: {"choices": ["A", "C"]},
            ids[2]: {"choices": ["B"]},
            ids[3]: {"choices": ["D", "A"]},
            ids[4]: {"choices": []},  # a blank ballot
            ids[5]: ABSTAIN,  # the same
        },
    )
    assert canonical.loads(dict(service.ballots.box_ballots(poll))[receipts[0].hash])[
        "choices"
    ] == [
        "A",
        "B",
    ]
    result = closed(service, poll)
    assert result["heads"] == {"A": 3, "B": 2, "C": 1, "D": 1, "abstain": 2}
    assert result["blank"] == 2
    outcome = result["outcome"]
    assert outcome["elected"] == ["A", "B"] and outcome["unfilled"] == 0
    assert outcome["tie_breaks"] == []
    # a tie for the last seat is drawn by lot
    poll = election(service, session, "multiple", "ABCD", seats=2)
    votes(
        service,
        poll,
        {
            ids[0]: {"choices": ["A", "B"]},
            ids[1]: {"choices": ["A", "C"]},
            ids[2]: {"choices": ["D"]},
        },
    )
    result = closed(service, poll)
    seed = seed_of(poll, result["box"]["digest"])
    order = ["B", "C", "D"]
    random.Random(seed).shuffle(order)
    outcome = result["outcome"]
    assert outcome["elected"] == ["A", order[0]]
    assert result["blank"] == 0  # recorded for every multiple question, blank ballots or not
    assert outcome["tie_breaks"][0]["tied"] == ["B", "C", "D"]
    assert (
        outcome["tie_breaks"][0]["seed"] == seed and outcome["tie_breaks"][0]["chosen"] == order[:1]
    )
    verified(database_url, 2)


def test_ranked_by_stv_and_by_instant_runoff(service: Smolny, database_url: str) -> None:
    session, ids = setup(service, 11)
    poll = election(service, session, "ranked", "ABC", seats=2)
    repeated = refused(
        service, "repeated-candidate", cast, service, poll, ids[0], {"ranking": ["A", "B", "A"]}
    )
    assert "'A'" in repeated.message
    refused(service, "unknown-option", cast, service, poll, ids[0], {"ranking": ["A", "Z"]})
    refused(service, "ranking", cast, service, poll, ids[0], {"choice": "A"})
    refused(service, "ranking", cast, service, poll, ids[0], {"choice": "abstain", "ranking": []})
    # 11 papers, 2 seats: the Droop quota is 11 // 3 + 1 = 4. A has 8 first preferences and
    # is elected; A's surplus of 4 passes to B at 4/8 = 0.5 a paper: B has 8 * 0.5 = 4, the
    # quota, and takes the second seat although C had 3 first preferences and B none.
    votes(
        service,
        poll,
        {d: {"ranking": ["A", "B"]} for d in ids[:8]} | {d: {"ranking": ["C"]} for d in ids[8:]},
    )
    result = closed(service, poll)
    assert result["heads"] == {"A": 8, "B": 0, "C": 3, "abstain": 0}
    count = result["outcome"]["count"]
    assert result["outcome"]["method"] == "scottish-stv"
    assert [e["name"] for e in count["elected"]] == ["A", "B"]
    assert count["quota"] == 4 and count["valid_votes"] == 11
    # instant runoff, one seat: A 4, B 3, C 2 first preferences; nobody has more than half
    # of 9; C, last, is excluded and both C papers go to B: B 5 of 9 wins
    poll = election(service, session, "ranked", "ABC", counting="irv")
    votes(
        service,
        poll,
        {d: {"ranking": ["A"]} for d in ids[:4]}
        | {d: {"ranking": ["B"]} for d in ids[4:7]}
        | {d: {"ranking": ["C", "B"]} for d in ids[7:9]},
    )
    result = closed(service, poll)
    assert result["outcome"]["method"] == "irv"
    assert [e["name"] for e in result["outcome"]["count"]["elected"]] == ["B"]
    verified(database_url, 2)


def test_instant_runoff_fills_one_seat_only(service: Smolny) -> None:
    session, _ = setup(service)
    refused(
        service,
        "seats",
        service.execute,
        c.OpenPoll(
            session=session,
            title="E",
            question="ranked",
            options=("A", "B", "C"),
            seats=2,
            counting="irv",
        ),
    )


def test_an_election_nobody_voted_in_closes_with_nobody_elected(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service)
    ranked = election(service, session, "ranked", "ABC", seats=2)
    cast(service, ranked, ids[0], {"ranking": []})
    outcome = closed(service, ranked)["outcome"]
    assert outcome["elected"] == [] and outcome["unfilled"] == 2
    lists = election(service, session, "list", "XY", seats=3)
    cast(service, lists, ids[0], ABSTAIN)
    outcome = closed(service, lists)["outcome"]
    assert outcome["apportionment"] is None and outcome["unfilled"] == 3
    verified(database_url, 2)


def weighted(app: Smolny, weights: Sequence[int]) -> tuple[str, list[str]]:
    return setup(app, [c.NewDelegate(f"Local {w}", weight=w) for w in weights], factions=())


def test_list_seats_apportioned_by_weight_dhondt_and_sainte_lague(
    service: Smolny, database_url: str
) -> None:
    session, ids = weighted(service, [53, 24, 23])
    answers = dict(zip(ids, [{"choice": "X"}, {"choice": "Y"}, {"choice": "Z"}], strict=True))
    # 53, 24, 23 votes for 7 seats. D'Hondt (divisors 1, 2, 3...): 53, 26.5, 24, 23, 17.7,
    # 13.25, 12 take the seats: X 4, Y 2, Z 1. Sainte-Lague (1, 3, 5...): 53, 24, 23, 17.7,
    # 10.6, 8 (Y), 7.67 (Z): X 3, Y 2, Z 2.
    expected = {"dhondt": {"X": 4, "Y": 2, "Z": 1}, "sainte-lague": {"X": 3, "Y": 2, "Z": 2}}
    for method, seats in expected.items():
        poll = election(service, session, "list", "XYZ", seats=7, counting=method)
        votes(service, poll, answers)
        result = closed(service, poll)
        assert result["unit"] == "weight" and result["heads"] == {
            "X": 1,
            "Y": 1,
            "Z": 1,
            "abstain": 0,
        }
        assert result["weights"] == {"X": 53, "Y": 24, "Z": 23, "abstain": 0}
        assert result["outcome"]["apportionment"]["seats"] == seats
        assert result["outcome"]["apportionment"]["method"] == method
    verified(database_url, 2)


def test_a_weighted_choice_is_decided_by_weight_not_heads(
    service: Smolny, database_url: str
) -> None:
    session, ids = weighted(service, [5, 1, 1, 1])
    poll = election(service, session, "choice", "AB")
    votes(service, poll, dict(zip(ids, [{"choice": "A"}] + [{"choice": "B"}] * 3, strict=True)))
    ballots = box_of(service, poll)
    assert sorted(b["weight"] for b in ballots) == [1, 1, 1, 5]
    result = closed(service, poll)
    assert result["heads"]["B"] == 3 and result["weights"] == {"A": 5, "B": 3, "abstain": 0}
    assert result["outcome"]["unit"] == "weight"
    assert (result["outcome"]["chosen"], result["outcome"]["needed"]) == ("A", 5)
    verified(database_url)


# -- who may vote -----------------------------------------------------------------------------


def test_proxies_one_each_no_chains_in_force_for_the_absent(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service)
    d1, d2, d3, d4, d5 = ids
    service.execute(c.GiveProxy("congress", d1, d2))
    refused(service, "proxy-given", service.execute, c.GiveProxy("congress", d1, d3))
    refused(service, "proxy-chain", service.execute, c.GiveProxy("congress", d3, d1))
    refused(service, "proxy-chain", service.execute, c.GiveProxy("congress", d2, d4))
    refused(service, "proxy-self", service.execute, c.GiveProxy("congress", d3, d3))
    refused(service, "no-proxy", service.execute, c.WithdrawProxy("congress", d3))

    # d1 is in the hall: the proxy is not in force, d1 votes in person
    _, poll = motion_poll(service, session, ids)
    assert service.state.polls[poll].proxies == {}
    refused(service, "not-proxy-holder", cast, service, poll, d2, NO, voter=d1)
    votes(service, poll, {d: YES for d in ids})
    assert service.ballots.close_poll(poll)[1].kind == "motion.adopted"

    # d1 away: d2 votes for d1, separately from their own ballot (split)
    service.execute(c.RecordPresence(session, left=(d1,)))
    _, poll = motion_poll(service, session, ids)
    opened = service.state.polls[poll].opened
    assert opened["proxies"] == [[d1, d2]] and [d1, 1] in opened["eligible"]
    holder = refused(service, "not-proxy-holder", cast, service, poll, d3, NO, voter=d1)
    assert f"({d2} does)" in holder.message
    in_person = refused(service, "not-eligible", cast, service, poll, d1, YES)
    assert f"gave their proxy to {d2}" in in_person.message
    split = service.ballots.cast_votes(poll, delegate(d2), [VoteRequest(YES), VoteRequest(NO, d1)])
    assert [f.result(timeout=30) for _, f in split] == [Cast.ACCEPTED, Cast.ACCEPTED]
    second_vote(service, poll, d2, YES, voter=d1)
    votes(service, poll, {d3: NO, d4: NO, d5: YES})
    ballots = {b["voter"]: b for b in box_of(service, poll)}
    assert ballots[d1]["proxy"] == d2 and ballots[d1]["choice"] == "no"
    assert "proxy" not in ballots[d2]
    entries = service.ballots.close_poll(poll)  # five votes, four in the hall
    assert entries[0].data["heads"] == {"yes": 2, "no": 3, "abstain": 0}
    assert entries[1].kind == "motion.rejected"

    # a secret poll: the roll says who voted for whom, the ballots name nobody
    _, poll = motion_poll(service, session, ids, method="electronic-secret")
    block = service.ballots.cast_votes(poll, delegate(d2), [VoteRequest(YES), VoteRequest(YES, d1)])
    assert [f.result(timeout=30) for _, f in block] == [Cast.ACCEPTED, Cast.ACCEPTED]
    votes(service, poll, {d3: YES, d4: NO})
    service.ballots.close_poll(poll)
    assert service.ballots.box_roll(poll) == [(d1, d2), (d2, None), (d3, None), (d4, None)]

    # withdrawn: d1, away, is on no register
    service.execute(c.WithdrawProxy("congress", d1))
    _, poll = motion_poll(service, session, ids)
    assert service.state.polls[poll].proxies == {} and d1 not in service.state.polls[poll].eligible
    refused(service, "not-eligible", cast, service, poll, d1, YES)
    refused(service, "not-proxy-holder", cast, service, poll, d2, YES, voter=d1)
    verified(database_url, 3)


def test_presence_all_puts_absent_voters_on_the_register(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service)
    service.execute(c.RecordPresence(session, left=(ids[4],)))
    _, present_only = motion_poll(service, session, ids)
    assert ids[4] not in service.state.polls[present_only].eligible
    refused(service, "not-eligible", cast, service, present_only, ids[4], YES)
    service.ballots.cancel_poll(present_only, "taken again with every delegate on the register")
    motion = service.state.polls[present_only].motion
    assert motion is not None
    opened = service.execute(c.OpenPoll(motion, presence="all"))
    poll = opened[-1].data["poll"]
    assert list(service.state.polls[poll].eligible) == ids
    votes(service, poll, {d: NO for d in ids})
    entries = service.ballots.close_poll(poll)  # five votes, four in the hall
    assert entries[0].data["heads"]["no"] == 5 and entries[1].kind == "motion.rejected"
    verified(database_url)


def test_suspended_mandates_consultative_delegates_and_substitutes(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(
        service,
        [c.NewDelegate(f"D{i}", "bol") for i in range(5)]
        + [c.NewDelegate("Substitute", "men", voting=False), c.NewDelegate("Guest", voting=False)],
    )
    d1, d2, d3, d4, d5, sub, guest = ids
    service.execute(c.SuspendMandate("congress", d3, "credentials disputed"))
    refused(service, "suspended", service.execute, c.SuspendMandate("congress", d3, "again"))
    refused(
        service,
        "not-suspended",
        service.execute,
        c.SuspendMandate("congress", d4, "x", restore=True),
    )
    _, poll = motion_poll(service, session, ids)
    assert d3 not in service.state.polls[poll].eligible
    suspended = refused(service, "mandate-suspended", cast, service, poll, d3, YES)
    assert "credentials disputed" in suspended.message
    # suspended while the poll is open: no vote either, until restored
    service.execute(c.SuspendMandate("congress", d4, "arrested"))
    refused(service, "mandate-suspended", cast, service, poll, d4, YES)
    service.execute(c.SuspendMandate("congress", d4, "released", restore=True))
    assert cast(service, poll, d4, YES)[1] is Cast.ACCEPTED
    consultative = refused(service, "not-eligible", cast, service, poll, sub, YES)
    assert "consultative" in consultative.message
    # the substitute takes up d5's mandate: from the next poll on
    service.execute(c.TakeUpMandate("congress", sub, d5))
    refused(service, "not-a-substitute", service.execute, c.TakeUpMandate("congress", d1, d2))
    refused(service, "not-a-substitute", service.execute, c.TakeUpMandate("congress", d5, d2))
    refused(service, "no-mandate", service.execute, c.TakeUpMandate("congress", guest, d5))
    refused(service, "not-eligible", cast, service, poll, sub, YES)  # not on this register
    votes(service, poll, {d1: YES, d2: YES})
    service.ballots.close_poll(poll)
    _, poll = motion_poll(service, session, ids)
    assert (
        sub in service.state.polls[poll].eligible and d5 not in service.state.polls[poll].eligible
    )
    replaced = refused(service, "not-eligible", cast, service, poll, d5, YES)
    assert f"taken up by the substitute {sub}" in replaced.message
    assert cast(service, poll, sub, NO)[1] is Cast.ACCEPTED
    verified(database_url)


# -- changing one's vote ----------------------------------------------------------------------


def test_a_vote_is_changed_only_in_a_changeable_poll(service: Smolny, database_url: str) -> None:
    session, ids = setup(service)
    _, fixed = motion_poll(service, session, ids)
    cast(service, fixed, ids[0], YES)
    second_vote(service, fixed, ids[0], NO)
    refused(service, "not-changeable", cast, service, fixed, ids[1], NO, change="some-code")
    service.ballots.cancel_poll(fixed, "the vote is taken again, changeable")

    motion = service.state.polls[fixed].motion
    assert motion is not None
    poll = service.execute(c.OpenPoll(motion, changeable=True))[-1].data["poll"]
    first, result = cast(service, poll, ids[0], YES)
    assert result is Cast.ACCEPTED and first.change_code is None
    again, result = cast(service, poll, ids[0], NO)
    assert result is Cast.CHANGED and again.hash != first.hash
    refused(service, "not-changeable", cast, service, poll, ids[0], NO, change="a-code")
    assert service.ballots.progress(poll)["voted"] == 1
    votes(service, poll, {ids[1]: YES})
    assert [h for h, _ in service.ballots.box_ballots(poll)] == sorted(
        [again.hash, _hash_of(service, poll, ids[1])]
    )
    entries = service.ballots.close_poll(poll)
    assert entries[0].data["heads"] == {"yes": 1, "no": 1, "abstain": 0}
    verified(database_url)


def _hash_of(app: Smolny, poll: str, voter: str) -> str:
    return next(
        h for h, text in app.ballots.box_ballots(poll) if canonical.loads(text)["voter"] == voter
    )


def test_a_secret_vote_is_changed_with_its_change_code(service: Smolny, database_url: str) -> None:
    session, ids = setup(service)
    _, poll = motion_poll(service, session, ids, method="electronic-secret", changeable=True)
    first, result = cast(service, poll, ids[0], YES)
    assert result is Cast.ACCEPTED and first.change_code
    second_vote(service, poll, ids[0], NO)  # no code: a second vote
    before = snapshot(service)
    assert cast(service, poll, ids[0], NO, change="not-the-code")[1] is Cast.UNKNOWN_BALLOT
    assert cast(service, poll, ids[1], NO, change=first.change_code)[1] is Cast.UNKNOWN_BALLOT
    assert snapshot(service) == before  # ids[1] is not on the roll: nothing was replaced
    changed, result = cast(service, poll, ids[0], NO, change=first.change_code)
    assert result is Cast.CHANGED and changed.change_code not in (None, first.change_code)
    assert cast(service, poll, ids[0], ABSTAIN, change=first.change_code)[1] is Cast.UNKNOWN_BALLOT
    final, result = cast(service, poll, ids[0], ABSTAIN, change=changed.change_code)
    assert result is Cast.CHANGED
    votes(service, poll, {ids[2]: YES})
    assert service.ballots.progress(poll)["voted"] == 2
    entries = service.ballots.close_poll(poll)
    assert entries[0].data["heads"] == {"yes": 1, "no": 0, "abstain": 1}
    held = [h for h, _ in service.ballots.box_ballots(poll)]
    assert final.hash in held and first.hash not in held and changed.hash not in held
    assert len(held) == 2 and entries[0].data["roll"]["voters"] == 2
    verified(database_url)


# -- around the vote --------------------------------------------------------------------------


def test_the_box_refuses_a_ballot_after_the_close(service: Smolny) -> None:
    session, ids = setup(service)
    _, poll = motion_poll(service, session, ids)
    cast(service, poll, ids[0], YES)
    service.ballots.close_poll(poll)
    refused(service, "poll-closed", cast, service, poll, ids[1], YES)
    refused(service, "poll-closed", service.ballots.close_poll, poll)
    refused(service, "poll-closed", service.ballots.cancel_poll, poll, "too late")
    # a ballot that was queued before the close and written after it: the box refuses it
    late = {"v": 1, "poll": poll, "voter": ids[1], "choice": "no", "weight": 1, "nonce": "0" * 32}
    before = snapshot(service)
    text = canonical.dumps(late)
    future = service.writer.submit(boxes.Ballot(poll, ids[1], ballot_hash(late), text))
    assert future.result(timeout=30) is Cast.CLOSED
    assert snapshot(service) == before


def test_a_scheduled_poll_opens_later_with_its_settings(service: Smolny, database_url: str) -> None:
    session, ids = setup(service)
    motion = service.execute(c.MoveMotion(session, "On land", "Land to the peasants.", ids[0]))
    question = motion[0].data["question"]
    service.execute(c.Act(session, procedure.Second(question, ids[1])))
    service.execute(c.Act(session, procedure.StateQuestion(question)))
    later = stamp(service.clock() + timedelta(hours=1))
    refused(
        service, "time", service.execute, c.OpenPoll(question, closes_at="2000-01-01T00:00:00Z")
    )
    refused(
        service,
        "time",
        service.execute,
        c.OpenPoll(
            question, opens_at=later, closes_at=stamp(service.clock() + timedelta(minutes=5))
        ),
    )
    refused(service, "time", service.execute, c.OpenPoll(question, opens_at="tomorrow"))
    [scheduled] = service.execute(c.OpenPoll(question, method="electronic-secret", opens_at=later))
    assert scheduled.kind == "poll.scheduled" and scheduled.data["opens_at"] == later
    poll = scheduled.data["poll"]
    assert service.state.polls[poll].state == "scheduled"
    refused(service, "poll-closed", cast, service, poll, ids[0], YES)
    refused(service, "poll-already-open", service.execute, c.OpenPoll(question))
    refused(service, "poll-closed", service.ballots.close_poll, poll)
    refused(service, "unknown-poll", service.execute, c.OpenPoll(question, poll="p99"))
    # the timekeeper (or the chair) opens it at its time, with the settings it was given
    refused(
        service,
        "schedule",
        service.execute,
        c.OpenPoll(question, method="show-of-hands", poll=poll),
    )
    opened = service.execute(c.OpenPoll(question, method="electronic-secret", poll=poll))
    assert [e.kind for e in opened] == ["question.put", "poll.opened"]
    assert opened[-1].data["poll"] == poll and service.state.polls[poll].state == "open"
    assert service.state.motions[question].polls == [poll]
    refused(service, "not-scheduled", service.execute, c.OpenPoll(question, poll=poll))
    votes(service, poll, {ids[0]: YES, ids[1]: YES})
    assert service.ballots.close_poll(poll)[1].kind == "motion.adopted"
    # a scheduled election cancelled before it opens: no box, nothing counted
    [scheduled] = service.execute(
        c.OpenPoll(
            session=session, title="Later", question="choice", options=("A", "B"), opens_at=later
        )
    )
    cancelled = service.ballots.cancel_poll(scheduled.data["poll"], "the hall is needed")
    assert [e.kind for e in cancelled] == ["poll.cancelled"] and "box" not in cancelled[0].data
    verified(database_url, 1)


def test_quorum_at_the_opening_and_at_the_close(service: Smolny, database_url: str) -> None:
    session, ids = setup(service, 10)  # Robert's: a majority of the 10 members, 6
    service.execute(c.RecordPresence(session, left=tuple(ids[5:])))
    no_quorum = refused(
        service,
        "quorum",
        service.execute,
        c.OpenPoll(session=session, title="E", question="choice", options=("A", "B")),
    )
    assert "5 present, 6 needed" in no_quorum.message
    service.execute(c.RecordPresence(session, arrived=(ids[5],)))
    poll = election(service, session, "choice", "AB", method="electronic-secret")
    votes(service, poll, {ids[0]: {"choice": "A"}, ids[1]: {"choice": "B"}})
    service.execute(c.RecordPresence(session, left=(ids[2], ids[3])))
    message = refused(service, "quorum", service.ballots.close_poll, poll).message
    assert "4 present, 2 voted, 6 needed" in message
    assert service.state.polls[poll].state == "open"  # the box stays open
    votes(service, poll, {d: {"choice": "A"} for d in ids[2:6]})  # those who left voted before
    result = closed(service, poll)  # six voted: a quorum, though four are in the hall
    assert result["present"] == 4 and result["roll"]["voters"] == 6
    assert result["outcome"]["chosen"] == "A"
    verified(database_url)


def test_refusals_of_opening_a_poll_record_nothing(service: Smolny) -> None:
    session, ids = setup(service)
    at = {"session": session, "title": "E"}
    refused(
        service,
        "method",
        service.execute,
        c.OpenPoll(method="by-acclamation", **at, question="choice", options=("A", "B")),
    )
    refused(service, "question", service.execute, c.OpenPoll(question="referendum", **at))
    refused(
        service, "options", service.execute, c.OpenPoll(question="choice", options=("A",), **at)
    )
    refused(
        service, "options", service.execute, c.OpenPoll(question="choice", options=("A", "A"), **at)
    )
    refused(
        service,
        "options",
        service.execute,
        c.OpenPoll(question="choice", options=("A", "abstain"), **at),
    )
    refused(
        service,
        "seats",
        service.execute,
        c.OpenPoll(question="multiple", options=("A", "B"), seats=3, **at),
    )
    refused(
        service,
        "counting",
        service.execute,
        c.OpenPoll(question="ranked", options=("A", "B"), counting="dhondt", **at),
    )
    refused(
        service,
        "method",
        service.execute,
        c.OpenPoll(question="ranked", options=("A", "B"), method="show-of-hands", **at),
    )
    refused(
        service,
        "sections",
        service.execute,
        c.OpenPoll(question="choice", options=("A", "B"), sections=("x",), **at),
    )
    refused(
        service,
        "presence",
        service.execute,
        c.OpenPoll(question="choice", options=("A", "B"), presence="some", **at),
    )
    refused(service, "required", service.execute, c.OpenPoll(question="choice", options=("A", "B")))
    refused(service, "unknown-motion", service.execute, c.OpenPoll("m99"))


# -- the verifier -----------------------------------------------------------------------------


def test_verify_names_a_secret_poll_whose_box_or_roll_was_tampered_with(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service)
    _, poll = motion_poll(service, session, ids, method="electronic-secret")
    receipts = votes(service, poll, {ids[0]: YES, ids[1]: YES, ids[2]: NO, ids[3]: YES})
    service.ballots.close_poll(poll)
    verified(database_url, 1)

    def tampered(*statements: Any) -> None:
        with write_transaction(service.engine) as conn:
            for statement in statements:
                conn.execute(statement)

    # a name deleted from the roll
    tampered(delete(roll).where(roll.c.poll == poll, roll.c.voter == ids[1]))
    fails_naming(database_url, poll, "the roll 3 names")
    tampered(insert(roll).values(poll=poll, voter=ids[1], cast_by=None))
    verified(database_url)
    # a name on the roll swapped for one who did not vote
    tampered(update(roll).where(roll.c.poll == poll, roll.c.voter == ids[1]).values(voter=ids[4]))
    fails_naming(database_url, poll, "roll does not match")
    tampered(update(roll).where(roll.c.poll == poll, roll.c.voter == ids[4]).values(voter=ids[1]))
    verified(database_url)
    # a ballot altered
    target = receipts[2].hash
    [(text,)] = [(t,) for h, t in service.ballots.box_ballots(poll) if h == target]
    tampered(
        update(secret_ballot)
        .where(secret_ballot.c.hash == target)
        .values(body=text.replace('"no"', '"yes"'))
    )
    fails_naming(database_url, poll, "altered")
    tampered(update(secret_ballot).where(secret_ballot.c.hash == target).values(body=text))
    verified(database_url)
    # a ballot added, alone and with a name on the roll
    extra = {"v": 1, "poll": poll, "choice": "no", "weight": 1, "nonce": "f" * 32}
    row = {"poll": poll, "hash": ballot_hash(extra), "body": canonical.dumps(extra)}
    tampered(insert(secret_ballot).values(**row))
    fails_naming(database_url, poll, "the box holds 5 ballots")
    tampered(insert(roll).values(poll=poll, voter=ids[4], cast_by=None))
    fails_naming(database_url, poll, "5 ballots, the record says 4")
    tampered(
        delete(secret_ballot).where(secret_ballot.c.hash == row["hash"]),
        delete(roll).where(roll.c.poll == poll, roll.c.voter == ids[4]),
    )
    verified(database_url)
    # a ballot naming its voter
    named = {"v": 1, "poll": poll, "voter": ids[4], "choice": "no", "weight": 1, "nonce": "e" * 32}
    tampered(
        insert(secret_ballot).values(
            poll=poll, hash=ballot_hash(named), body=canonical.dumps(named)
        )
    )
    fails_naming(database_url, poll, "names a voter")


def test_verify_names_a_forged_outcome_and_a_forged_tellers_count(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service)
    elected = election(service, session, "choice", "AB")
    votes(
        service,
        elected,
        {ids[0]: {"choice": "A"}, ids[1]: {"choice": "A"}, ids[2]: {"choice": "B"}},
    )
    assert closed(service, elected)["outcome"]["chosen"] == "A"
    _, counted = motion_poll(service, session, ids, method="show-of-hands")
    service.execute(c.EnterCount(counted, {"yes": 3, "no": 2}))
    service.ballots.close_poll(counted)
    verified(database_url, 2)

    with read_transaction(service.engine) as conn:
        entries = walk(enumerate((line for _, line in journal.lines(conn)), 1)).entries
    found, problems = closed_polls(entries)
    assert problems == [] and check_box(found[counted], []) is None
    # the tellers' counts and the close disagree
    forged = replace(found[counted], counts={"": {"counts": {"yes": 2, "no": 3, "abstain": 0}}})
    problem = check_box(forged, [])
    assert problem is not None and problem.poll == counted and "recount" in problem.reason
    # a box appeared for a poll the tellers counted
    stray = {
        "v": 1,
        "poll": counted,
        "voter": ids[0],
        "choice": "no",
        "weight": 1,
        "nonce": "0" * 32,
    }
    problem = check_box(found[counted], [(ballot_hash(stray), canonical.dumps(stray))])
    assert problem is not None and problem.poll == counted

    # an election's outcome altered in the record, the chain rebuilt around it
    def chosen_b(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind == "poll.closed" and data["poll"] == elected:
            return {**data, "outcome": {**data["outcome"], "chosen": "B"}}
        return None

    rechain(service, chosen_b)
    fails_naming(database_url, elected, "outcome differs")


def test_verify_names_a_tellers_count_that_differs_from_the_close(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service)
    _, counted = motion_poll(service, session, ids, method="standing", sections=("left", "right"))
    service.execute(c.EnterCount(counted, {"yes": 2}, "left"))
    service.execute(c.EnterCount(counted, {"yes": 1, "no": 2}, "right"))
    service.ballots.close_poll(counted)
    verified(database_url)

    def recounted(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind == "poll.count-entered" and data.get("section") == "left":
            return {**data, "counts": {"yes": 1, "no": 1, "abstain": 0}}
        return None

    rechain(service, recounted)
    fails_naming(database_url, counted, "recount")


def test_verify_names_a_forged_decision_and_a_forged_unit(
    service: Smolny, database_url: str
) -> None:
    session, ids = weighted(service, [3, 1, 1])
    _, poll = motion_poll(service, session, ids)
    votes(service, poll, {ids[0]: YES, ids[1]: NO, ids[2]: NO})
    decision = service.ballots.close_poll(poll)[1]
    assert decision.kind == "motion.adopted" and (decision.data["yes"], decision.data["no"]) == (
        3,
        2,
    )
    elected = election(service, session, "choice", "AB")
    votes(
        service,
        elected,
        {ids[0]: {"choice": "A"}, ids[1]: {"choice": "B"}, ids[2]: {"choice": "B"}},
    )
    assert closed(service, elected)["outcome"]["chosen"] == "A"  # 3 of 5 by weight
    verified(database_url, 2)

    # the decision on the motion says other numbers than the box
    def fewer_noes(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        return {**data, "no": 1} if kind == "motion.adopted" and seq == decision.seq else None

    rechain(service, fewer_noes)
    fails_naming(database_url, poll, f"decision at entry {decision.seq}")
    rechain(service, lambda seq, kind, data: {**data, "no": 2} if seq == decision.seq else None)
    verified(database_url)

    # the election counted by heads (B wins 2 to 1), the outcome made to match
    def by_heads(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind == "poll.closed" and data["poll"] == elected:
            outcome = {**data["outcome"], "unit": "heads", "chosen": "B", "cast": 3, "needed": 2}
            return {**data, "unit": "heads", "outcome": outcome}
        return None

    rechain(service, by_heads)
    fails_naming(database_url, elected, "counts by 'heads'")


def test_verify_names_a_forged_number_of_blank_ballots(service: Smolny, database_url: str) -> None:
    session, ids = setup(service)
    poll = election(service, session, "ranked", "ABC", method="electronic-secret")
    votes(service, poll, {ids[0]: {"ranking": ["A", "B"]}, ids[1]: {"ranking": []}})
    assert closed(service, poll)["blank"] == 1
    verified(database_url)

    def no_blanks(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        return {**data, "blank": 0} if kind == "poll.closed" else None

    rechain(service, no_blanks)
    fails_naming(database_url, poll, "1 blank ballots")


def test_a_change_code_changes_only_the_ballot_it_was_given_for(
    service: Smolny, database_url: str
) -> None:
    session, ids = weighted(service, [3, 1, 1])
    heavy, light, holder = ids
    service.execute(c.GiveProxy("congress", heavy, holder))
    service.execute(c.RecordPresence(session, left=(heavy,)))
    _, poll = motion_poll(service, session, ids, method="electronic-secret", changeable=True)
    for_heavy, result = cast(service, poll, holder, YES, voter=heavy)
    assert result is Cast.ACCEPTED and for_heavy.change_code
    own, _ = cast(service, poll, holder, NO)
    cast(service, poll, light, NO)
    # the holder changes their own vote but gives the code of the ballot cast for the
    # delegator (weight 3): it is not their ballot's code, and nothing is replaced
    before = snapshot(service)
    assert (
        cast(service, poll, holder, ABSTAIN, change=for_heavy.change_code)[1] is Cast.UNKNOWN_BALLOT
    )
    assert (
        cast(service, poll, light, ABSTAIN, change=for_heavy.change_code)[1] is Cast.UNKNOWN_BALLOT
    )
    assert snapshot(service) == before
    assert cast(service, poll, holder, ABSTAIN, voter=heavy, change=for_heavy.change_code)[1] is (
        Cast.CHANGED
    )
    entries = service.ballots.close_poll(poll)
    assert entries[0].data["weights"] == {"yes": 0, "no": 2, "abstain": 3}
    verified(database_url)


def test_a_tie_in_a_show_of_hands_is_drawn_from_the_entry_before_the_close(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service, 6)
    poll = election(
        service,
        session,
        "choice",
        ("Sverdlov", "Kamenev"),
        method="show-of-hands",
        threshold="plurality",
    )
    refused(service, "counts", service.execute, c.EnterCount(poll, {"yes": 1}))
    service.execute(c.EnterCount(poll, {"Sverdlov": 3, "Kamenev": 3}))
    head = service.state.head
    entries = service.ballots.close_poll(poll)
    assert entries[0].prev == head
    seed = int(hashlib.sha256(f"{poll}\n{head}".encode()).hexdigest()[:13], 16)
    order = ["Kamenev", "Sverdlov"]
    random.Random(seed).shuffle(order)
    outcome = entries[0].data["outcome"]
    assert outcome["chosen"] == order[0] and outcome["tie_breaks"][0]["seed"] == seed
    verified(database_url)
