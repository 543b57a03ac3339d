"""A poll in the minutes is named by what it was on, in words, never by its id (issue 15)."""

from __future__ import annotations

from smolny.documents.minutes.model import PollRecord
from smolny.documents.minutes.words import _poll
from smolny.i18n import active


def _record(**over: object) -> PollRecord:
    fields: dict[str, object] = {
        "id": "p1",
        "motion": "m1",
        "title": "Bread for the districts",
        "method": "show-of-hands",
        "question": "yes-no-abstain",
        "threshold": "majority",
        "eligible": 5,
        "present": 4,
        "quorum": None,
        "members": None,
        "state": "closed",
        "heads": {"yes": 3, "no": 1},
        "weights": {"yes": 3, "no": 1},
    }
    fields.update(over)
    return PollRecord(**fields)  # type: ignore[arg-type]


def test_a_closed_poll_is_named_by_its_title() -> None:
    with active("en"):
        text, _ = _poll({"poll": _record()})
    assert text.startswith("The vote on “Bread for the districts” (show of hands) closed: ")
    assert "p1" not in text
    with active("ru"):
        text, _ = _poll({"poll": _record()})
    assert text.startswith("Голосование по вопросу «Bread for the districts» (")
    assert "p1" not in text


def test_a_cancelled_poll_is_named_by_its_title() -> None:
    with active("en"):
        text, _ = _poll({"poll": _record(state="cancelled", reason="the hall emptied")})
    assert text == (
        "The vote on “Bread for the districts” (show of hands) was cancelled: the hall emptied."
    )


def test_a_poll_without_a_title_still_shows_no_id() -> None:
    with active("en"):
        text, _ = _poll({"poll": _record(title="")})
    assert text.startswith("The vote (show of hands) closed: ")
    assert "p1" not in text
