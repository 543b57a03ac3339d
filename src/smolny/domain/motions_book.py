"""The motions book's final editions (issue 19, docs/papers.md): the secretariat fixes the
book as it stands by the SHA-256 of its canonical content, which the service computes from
the journal (`smolny.service.views.book`); each edition is numbered (1, 2...) and says the
last entry of the journal it is drawn from, so that anyone can draw it again and check it.
"""

from __future__ import annotations

import re
from typing import Any

from smolny.domain import commands as c
from smolny.domain.errors import Invalid, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.papers import papers_of
from smolny.domain.state import Assembly, Decider, Fold
from smolny.record import kinds as k

SHA256 = re.compile(r"[0-9a-f]{64}")


def _fix(state: Assembly, cmd: c.FixMotionsBook) -> list[Event]:
    papers = papers_of(state, cmd.congress)
    if not SHA256.fullmatch(cmd.sha256):
        raise Invalid("sha256", "sha256 is 64 lowercase hexadecimal digits", field="sha256")
    if isinstance(cmd.covers, bool) or cmd.covers != state.seq:
        raise OutOfOrder(
            "book-changed",
            f"the motions book was drawn from the journal up to entry {cmd.covers}, but it "
            f"now runs to entry {state.seq}: draw the book again and fix that",
            field="covers",
        )
    if not papers.papers:
        raise OutOfOrder("book-empty", f"{cmd.congress} has no papers yet: there is no book to fix")
    last = papers.editions[-1] if papers.editions else None
    if last is not None and last["sha256"] == cmd.sha256:
        raise OutOfOrder(
            "book-unchanged",
            f"the motions book of {cmd.congress} has not changed since its final edition "
            f"{last['edition']} (SHA-256 {cmd.sha256}): there is nothing new to fix",
        )
    data = {
        "congress": cmd.congress,
        "edition": len(papers.editions) + 1,
        "sha256": cmd.sha256,
        "covers": cmd.covers,
    }
    return [Event(k.MOTIONS_BOOK_FIXED, data)]


def _on_fixed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    edition = {key: data[key] for key in ("edition", "sha256", "covers")}
    state.papers[data["congress"]].editions.append({**edition, "at": at, "by": actor})


DECIDERS: dict[type[c.Command], Decider] = {c.FixMotionsBook: _fix}
FOLDS: dict[str, Fold] = {k.MOTIONS_BOOK_FIXED: _on_fixed}
