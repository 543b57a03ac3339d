"""The public record puts a congress's papers in words, in English and Russian."""

from __future__ import annotations

import pytest

from smolny import i18n
from smolny.record import kinds as k
from smolny.service.views.record import Names
from smolny.web.screens.pages import describe

NAMES = Names(bodies={"leeds": "Leeds council", "congress": "Union congress"})
ENTRIES = {
    k.CONGRESS_DEADLINES_SET: {"congress": "congress", "motions": "2027-03-01T17:00:00Z"},
    k.PAPER_SUBMITTED: {"council": "leeds", "paper": "M1", "title": "Pay"},
    k.PAPER_AMENDMENT_SUBMITTED: {"council": "leeds", "paper": "A1", "motion": "M1"},
    k.PAPER_MOVED: {"paper": "M1", "from": "submitted", "to": "admitted"},
    k.PAPER_RECOMMENDED: {"paper": "M1", "stance": "support"},
    k.COMPOSITE_PROPOSED: {"paper": "C1", "motions": ["M1", "M2"]},
    k.COMPOSITE_CONSENTED: {"council": "leeds", "paper": "C1"},
    k.COMPOSITE_MADE: {"paper": "C1", "motions": ["M1", "M2"]},
    k.DELEGATES_INSTRUCTED: {"council": "leeds", "paper": "C1", "instruction": "for"},
    k.PAPER_PUT: {"papers": ["M1", "M2"], "question": "m3"},
    k.PAPER_OBJECTED: {"paper": "M2"},
}


@pytest.mark.parametrize("kind", sorted(ENTRIES))
def test_every_papers_entry_is_in_words_in_english_and_russian(kind: str) -> None:
    entry = {"kind": kind, "data": ENTRIES[kind]}
    english = describe(entry, NAMES)
    with i18n.active("ru"):
        russian = describe(entry, NAMES)
    assert english != kind and russian != english
    number = ENTRIES[kind].get("paper")
    assert number is None or (number in english and number in russian)


def test_a_submitted_motion_names_its_council() -> None:
    entry = {"kind": k.PAPER_SUBMITTED, "data": ENTRIES[k.PAPER_SUBMITTED]}
    assert describe(entry, NAMES) == "Leeds council submitted motion M1 “Pay”"
