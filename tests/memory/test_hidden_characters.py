"""Text that lies (issue 16, item 10): a name or a title holding a bidirectional control or an
invisible character is refused, naming the character as U+XXXX and the field, by every
command that takes one; free text refuses only the controls that reorder what follows
(embeddings, overrides, isolates) and keeps the marks and joiners right-to-left and Indic
writing need."""

from __future__ import annotations

import pytest

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import Invalid
from smolny.service.app import Smolny

LIARS = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
    "\u200e", "\u200f", "\u061c",  # marks
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width, invisible
    "\u180e", "\U000e0001", "\u3164",  # other Cf, a blank filler
]  # fmt: skip


@pytest.mark.parametrize("liar", LIARS, ids=lambda ch: f"U+{ord(ch):04X}")
def test_every_liar_is_named_in_a_name(liar: str) -> None:
    from smolny.domain.checks import hidden_character

    found = hidden_character(f"Lenin{liar}txt.exe")
    assert found is not None and found.startswith(f"U+{ord(liar):04X} (")


def test_free_text_keeps_marks_and_joiners_but_not_overrides() -> None:
    from smolny.domain.checks import hidden_character

    assert hidden_character("שלום\u200f, क्\u200dष, می\u200cخواهم", free_text=True) is None
    assert (
        hidden_character("adopt \u2067it\u2069", free_text=True) == "U+2067 (RIGHT-TO-LEFT ISOLATE)"
    )


def _refused(app: Smolny, command: object, field: str, char: str = "U+202E") -> None:
    seq = app.state.seq
    with pytest.raises(Invalid) as caught:
        app.execute(command)  # type: ignore[arg-type]
    assert f"{char} (" in caught.value.message and field in caught.value.message, caught.value
    assert caught.value.field is not None and field in caught.value.field
    assert app.state.seq == seq  # nothing recorded


def test_every_command_taking_a_name_or_a_title_refuses_them(app: Smolny) -> None:
    rlo = "\u202e"
    _refused(app, c.CreateBody("congress", f"Congress{rlo}"), "name")
    app.execute(c.CreateBody("congress", "Congress of Soviets"))
    _refused(app, c.FormFaction("congress", "bol", "Bol\u200bsheviks"), "name", "U+200B")
    app.execute(c.FormFaction("congress", "bol", "Bolsheviks"))
    _refused(app, c.RegisterDelegates("congress", (c.NewDelegate(f"Le{rlo}nin", "bol"),)), "name")
    header = ("name", "faction")
    rows = (
        (2, {"name": "Martov", "faction": "bol"}),
        (3, {"name": "Dan\ufeff", "faction": "bol"}),
    )
    with pytest.raises(Invalid) as caught:
        app.execute(c.ImportRoster("congress", header, rows, "roster.csv"))
    assert "row 3" in caught.value.message and "U+FEFF" in caught.value.message
    errors = caught.value.errors or []
    assert [(e["row"], e["column"], e["code"]) for e in errors] == [(3, "name", "row-hidden")]
    entries = app.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(f"D{i}", "bol") for i in range(4)))
    )
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    _refused(app, c.OpenSession("congress", f"Second {rlo}Congress"), "title")
    session = app.execute(c.OpenSession("congress", "Second Congress"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    _refused(
        app, c.MoveMotion(session, f"On {rlo}peace", "The congress resolves.", ids[0]), "title"
    )
    _refused(app, c.MoveMotion(session, "On peace", f"Resolves {rlo}.", ids[0]), "text")
    moved = app.execute(c.MoveMotion(session, "On peace", "The congress\u200f resolves.", ids[0]))
    question = moved[0].data["question"]
    app.execute(c.Act(session, procedure.Second(question, ids[1])))
    app.execute(c.Act(session, procedure.StateQuestion(question)))
    _refused(app, c.Act(session, procedure.HearGuest(f"Guest{rlo}", "Greetings")), "name")
    _refused(app, c.Act(session, procedure.HearGuest("Guest", f"Greet{rlo}ings")), "words")
    app.execute(c.Act(session, procedure.HearGuest("Guest", "\u0633\u0644\u0627\u0645\u200f")))
    amend = procedure.Move("", "amend", ids[2], text="insert \u2066war\u2069")
    _refused(app, c.Act(session, amend), "text", "U+2066")
    options = ("Lenin", f"Mar{rlo}tov")
    with pytest.raises(Invalid) as caught:
        app.execute(c.OpenPoll(session=session, title="E", question="choice", options=options))
    assert "U+202E" in caught.value.message and caught.value.field == "options"
    _refused(
        app,
        c.OpenPoll(session=session, title=f"E{rlo}", question="choice", options=("A", "B")),
        "title",
    )
