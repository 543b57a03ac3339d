"""Polls whose options are not ASCII: Cyrillic ("Ленин"), accented Latin ("Siân", "José"),
a mix, and names beyond U+FFFF. They open, take named and secret ballots, close with the
count in the record, and `smolny verify` recounts them (docs/record-format.md 1.2, *Names*).

A name typed in NFD (e and a combining acute) is the NFC name: recorded so at the opening
and matched so in a vote; two options the same once in NFC are refused at the opening.
"""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from smolny.adapters.database import read_transaction
from smolny.adapters.schema import journal as journal_table
from smolny.domain import commands as c
from smolny.record import canonical
from smolny.service.app import Smolny

from .test_poll_kinds import (
    box_of,
    closed,
    election,
    motion_poll,
    refused,
    setup,
    verified,
    votes,
)

JOSE = "Jos\u00e9"  # NFC: precomposed e-acute
JOSE_NFD = "Jose\u0301"  # NFD: e and a combining acute accent
ROSES = "\U0001f339 Розы"  # a character beyond U+FFFF (UTF-16: a surrogate pair)
WIDE = "\uff32\uff4f\uff53\uff45"  # fullwidth "Rose", U+FF32...: after the pair in UTF-16


def closed_lines(app: Smolny) -> list[str]:
    with read_transaction(app.engine) as conn:
        rows = conn.execute(select(journal_table.c.line).order_by(journal_table.c.seq))
        return [line for (line,) in rows if '"kind":"poll.closed"' in line]


@pytest.mark.parametrize("method", ["electronic-named", "electronic-secret"])
def test_polls_with_cyrillic_and_accented_options_close_and_verify(
    service: Smolny, database_url: str, method: str
) -> None:
    session, ids = setup(service, 11)
    # a motion, yes/no/abstain: 6 for, 3 against, 2 abstaining
    _, motion = motion_poll(service, session, ids, method=method)
    answers = ["yes"] * 6 + ["no"] * 3 + ["abstain"] * 2
    votes(service, motion, {d: {"choice": a} for d, a in zip(ids, answers, strict=True)})
    entries = service.ballots.close_poll(motion)
    assert entries[1].kind == "motion.adopted"

    # one of N, names in four scripts and beyond U+FFFF: Ленин 6 of 11, a majority
    options = ("Ленин", "Siân", JOSE, ROSES, WIDE)
    choice = election(service, session, "choice", options, method=method)
    picks = ["Ленин"] * 6 + ["Siân"] * 2 + [JOSE, ROSES, WIDE]
    votes(service, choice, {d: {"choice": p} for d, p in zip(ids, picks, strict=True)})
    result = closed(service, choice)
    assert result["outcome"]["chosen"] == "Ленин"
    assert result["heads"] == {"Ленин": 6, "Siân": 2, JOSE: 1, ROSES: 1, WIDE: 1, "abstain": 0}

    # ranked, Scottish STV, 2 seats: the quota is 11 // 3 + 1 = 4; Ленин's 8 first
    # preferences elect him and his surplus of 4 (at 4/8) gives Мартов the quota
    ranked = election(
        service,
        session,
        "ranked",
        ("Ленин", "Мартов", "Siân", JOSE, "Zinoviev"),
        seats=2,
        counting="scottish-stv",
        method=method,
    )
    votes(
        service,
        ranked,
        {d: {"ranking": ["Ленин", "Мартов"]} for d in ids[:8]}
        | {d: {"ranking": ["Siân", JOSE]} for d in ids[8:]},
    )
    result = closed(service, ranked)
    count = result["outcome"]["count"]
    assert result["outcome"]["method"] == "scottish-stv"
    assert [e["name"] for e in count["elected"]] == ["Ленин", "Мартов"]
    assert result["heads"]["Ленин"] == 8 and result["heads"]["Siân"] == 3

    # up to 1 of 4, every option one vote: the lot draws among the tied sorted by code
    # point (Latin, then Latin-1, then Latin Extended-A, then Cyrillic), not by any locale
    multiple = election(
        service, session, "multiple", ("Ленин", "Łukasz", "Ärger", "Lenin"), seats=1, method=method
    )
    four = ["Ленин", "Łukasz", "Ärger", "Lenin"]
    votes(service, multiple, {d: {"choices": [p]} for d, p in zip(ids, four, strict=False)})
    [tie] = closed(service, multiple)["outcome"]["tie_breaks"]
    assert tie["tied"] == ["Lenin", "Ärger", "Łukasz", "Ленин"]
    assert tie["tied"] == sorted(four, key=lambda name: name.encode("utf-8"))

    # lists, Sainte-Lague, 5 seats: 5, 4 and 2 votes give 2, 2 and 1
    lists = election(
        service,
        session,
        "list",
        ("Большевики", "Меньшевики", "Eséristas"),
        seats=5,
        method=method,
    )
    parties = ["Большевики"] * 5 + ["Меньшевики"] * 4 + ["Eséristas"] * 2
    votes(service, lists, {d: {"choice": p} for d, p in zip(ids, parties, strict=True)})
    seats = closed(service, lists)["outcome"]["apportionment"]["seats"]
    assert seats == {"Большевики": 2, "Меньшевики": 2, "Eséristas": 1}

    # the record writes the names as themselves (UTF-8, not \u escapes), and the members
    # of `heads` in RFC 8785's order: the pair of ROSES (D83C...) before WIDE (FF32...)
    lines = closed_lines(service)
    assert len(lines) == 5
    assert all("\\u" not in line for line in lines)
    choice_line = next(line for line in lines if f'"poll":"{choice}"' in line)
    assert choice_line.index(f'"{ROSES}":1') < choice_line.index(f'"{WIDE}":1')
    assert canonical.loads_canonical(choice_line)["data"]["heads"][ROSES] == 1
    verified(database_url, 5)


def test_an_option_typed_in_nfd_is_recorded_and_voted_for_in_nfc(
    sqlite_service: Smolny, sqlite_url: str
) -> None:
    service = sqlite_service
    session, ids = setup(service, 3)
    assert JOSE_NFD != JOSE and unicodedata.normalize("NFC", JOSE_NFD) == JOSE
    poll = election(service, session, "ranked", (JOSE_NFD, "Siân"), seats=1)
    assert service.state.polls[poll].options == (JOSE, "Siân")
    # a voter whose keyboard sends NFD names the same candidate; the ballot holds NFC
    votes(
        service,
        poll,
        {ids[0]: {"ranking": [JOSE_NFD]}, ids[1]: {"ranking": [JOSE, "Siân"]}},
    )
    assert sorted(tuple(b["ranking"]) for b in box_of(service, poll)) == [(JOSE,), (JOSE, "Siân")]
    result = closed(service, poll)
    assert [e["name"] for e in result["outcome"]["count"]["elected"]] == [JOSE]
    verified(sqlite_url, 1)


def test_two_options_the_same_once_in_nfc_are_refused_at_the_opening(
    sqlite_service: Smolny,
) -> None:
    service = sqlite_service
    session, _ = setup(service, 3)
    for options in ((JOSE, JOSE_NFD), (JOSE_NFD, " " + JOSE)):
        refusal = refused(
            service,
            "options",
            service.execute,
            c.OpenPoll(session=session, title="E", question="ranked", options=options),
        )
        assert "given twice" in refusal.message and "NFC" in refusal.message
    # the same text twice is refused as before, without speaking of NFC
    refusal = refused(
        service,
        "options",
        service.execute,
        c.OpenPoll(session=session, title="E", question="ranked", options=("Ленин", "Ленин")),
    )
    assert "given twice" in refusal.message and "NFC" not in refusal.message
