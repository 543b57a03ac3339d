"""Amendments as changes to the text, for the screens: the text as amended with the words
struck and inserted marked, and the amendment in words, before it is stated and while it
is pending (on the console, the phone and the projector), and as a preview of one not yet
moved (`preview`: the console's form and `POST /api/v1/sessions/{id}/amendments/preview`).

A segment is {"kind": "kept" | "struck" | "inserted", "text"}; the words are a template
of `smolny.procedure.text.WORDINGS` (English, translated where it is shown) and its fields.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from smolny import procedure
from smolny.domain.decide import session_of
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.procedure import text
from smolny.service.unit_of_work import UnitOfWork


def _segments(segments: tuple[text.Segment, ...]) -> list[dict[str, str]]:
    return [{"kind": s.kind, "text": s.text} for s in segments]


def pending(sitting: procedure.State, question: procedure.Question) -> dict[str, Any] | None:
    """The amendment `question` shown at its place in the text it amends: the segments,
    and its words (None for an amendment moved before amendments had a place, which
    strikes its first occurrence of `strike` or adds at the end). None if not an amendment."""
    target = sitting.question(question.applies_to) if question.applies_to else None
    if target is None or (question.change is None and question.motion != "amend"):
        return None
    original = target.amended_text
    if question.change is not None:
        inserted = "" if question.change.operation == text.STRIKE else question.amended_text
        edit = replace(question.change, inserted=inserted)
        try:
            segments = text.preview(original, edit)
            wording, fields = text.wording(original, edit)
        except IndexError:  # the text changed under it: nothing to mark
            return None
        return {"segments": _segments(segments), "wording": wording, "fields": fields}
    return {"segments": _segments(_replaced(original, question)), "wording": None, "fields": {}}


def _replaced(original: str, question: procedure.Question) -> tuple[text.Segment, ...]:
    # an amendment of the older form: its first `strike` replaced, or its words added
    strike, words = question.strike or "", question.amended_text
    at = original.find(strike) if strike else -1
    if at < 0:
        joined = " " + words if original and words else words
        added = (text.Segment("kept", original), text.Segment("inserted", joined))
        return tuple(s for s in added if s.text)
    parts = (
        text.Segment("kept", original[:at]),
        text.Segment("struck", strike),
        text.Segment("inserted", words),
        text.Segment("kept", original[at + len(strike) :]),
    )
    return tuple(s for s in parts if s.text)


def preview(
    app: UnitOfWork, ident: str, change: procedure.Change, applies_to: str | None = None
) -> dict[str, Any]:
    """The text of a question of session `ident` (`applies_to`, else the one immediately
    pending) as `change` would amend it: the question, its text, the text as amended, the
    segments and the words. NotFound without such a question; OutOfOrder (rule
    "amendment-place" ...) naming a place that is not in the text."""
    with app.lock:
        found = session_of(app.state, ident)
        sitting = found.procedure
        target = sitting.question(applies_to) if applies_to else sitting.top()
        if target is None or (applies_to and target.id not in sitting.stack):
            raise NotFound(
                "unknown-question",
                f"{applies_to} is not a question pending in {found.id}"
                if applies_to
                else f"no question is pending in {found.id}: nothing to amend",
            )
        original = target.amended_text
    try:
        edit = text.resolve(original, change)
    except text.PlaceError as refused:
        if refused.rule == "amendment-operation":
            raise Invalid(refused.rule, refused.message, field="operation") from None
        raise OutOfOrder(refused.rule, refused.message) from None
    wording, fields = text.wording(original, edit)
    return {
        "question": target.id,
        "text": original,
        "amended": text.apply(original, edit),
        "change": {"operation": edit.operation, "span": [edit.start, edit.end]},
        "segments": _segments(text.preview(original, edit)),
        "wording": wording,
        "fields": fields,
        "said": wording % fields,
    }
