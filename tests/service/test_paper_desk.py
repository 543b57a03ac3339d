"""An amendment to a motion's paragraph shown as a change to its text (the screens' preview
and the amendments listed, `service/views/paper_desk.py`): the words struck and inserted,
a paragraph deleted all struck, one inserted all inserted and unnumbered."""

from __future__ import annotations

from smolny.service.views.paper_desk import amended, word_changes

TEXT = ["Congress notes that pay has fallen.", "Congress resolves to fight for pay."]


def kinds(paragraph: dict) -> list[tuple[str, str]]:
    return [(s["kind"], s["text"]) for s in paragraph["segments"]]


def test_a_paragraph_replaced_marks_only_the_words_changed() -> None:
    shown = amended(TEXT, 2, "replace", "Congress resolves to strike for pay now.")
    assert [p["number"] for p in shown] == [1, 2]
    assert kinds(shown[0]) == [("kept", TEXT[0])] and not shown[0]["changed"]
    assert kinds(shown[1]) == [
        ("kept", "Congress resolves to "),
        ("struck", "fight"),
        ("inserted", "strike"),
        ("kept", " for "),
        ("struck", "pay."),
        ("inserted", "pay now."),
    ]
    # read back, the struck words left out, it is the new text
    assert "".join(s["text"] for s in shown[1]["segments"] if s["kind"] != "struck") == (
        "Congress resolves to strike for pay now."
    )


def test_deleted_and_inserted_paragraphs() -> None:
    deleted = amended(TEXT, 1, "delete", "")
    assert kinds(deleted[0]) == [("struck", TEXT[0])] and deleted[0]["changed"]
    first = amended(TEXT, 0, "insert-after", "Congress meets.")
    assert [p["number"] for p in first] == [None, 1, 2]
    assert kinds(first[0]) == [("inserted", "Congress meets.")]
    last = amended(TEXT, 2, "insert-after", "Congress meets.")
    assert [p["number"] for p in last] == [1, 2, None]


def test_the_same_text_is_all_kept() -> None:
    assert word_changes("As it was.", "As it was.") == [{"kind": "kept", "text": "As it was."}]
