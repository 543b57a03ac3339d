"""Amendments as changes to the text: insert, strike, strike and insert, substitute.

A `Change` says what an amendment does and where: the words it inserts, the passage it
strikes, and the place, given either by word offsets in the text (a word is a run of
letters and digits, or of punctuation; counted from 0) or by a quoted passage and which
occurrence of it. `resolve` finds that place in a text, or refuses naming the place that
is not there; the `Edit` it returns is the place by word offsets, which is what the
record keeps, and `apply`, `preview` and `describe` give the text as amended, the same
text with the struck and inserted words marked, and the amendment in words ("to strike
“x” and insert “y”").

Pure: no I/O, no clock. Whitespace and punctuation outside the place are kept as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INSERT = "insert"
STRIKE = "strike"
STRIKE_INSERT = "strike-insert"
SUBSTITUTE = "substitute"
OPERATIONS = (INSERT, STRIKE, STRIKE_INSERT, SUBSTITUTE)

_WORD = re.compile(r"\w+|[^\w\s]+")
_CLOSING = ",.;:!?)]}»”’"  # punctuation that sits against the word before it
_OPENING = "([{«“‘"  # and against the word after it
_CONTEXT_WORDS = 6  # the most words quoted to say where an insertion goes


class PlaceError(ValueError):
    """The place an amendment names is not in the text; `rule` and the message say which."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass(frozen=True)
class Change:
    """What an amendment does to a text, and where.

    `operation`: insert, strike, strike-insert or substitute. `words`: the words it
    inserts (none for a strike). The place: `span`, word offsets [from, to) (an insert
    takes an empty span, (i, i): before word i; (n, n) at the end); or, for a strike, the
    passage `strike`; for an insert, the passage it goes `after` or `before`; in either
    case its `occurrence` (1 the first). An insert naming no place adds at the end; a
    substitute replaces the whole text.
    """

    operation: str
    words: str = ""
    strike: str | None = None
    after: str | None = None
    before: str | None = None
    occurrence: int = 1
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Edit:
    """A change found in its text: words [start, end) replaced by `inserted`."""

    operation: str
    start: int
    end: int
    inserted: str


@dataclass(frozen=True)
class Segment:
    """A run of the text as amended: `kept`, `struck` or `inserted`."""

    kind: str
    text: str


def words_of(text: str) -> list[str]:
    """The words of `text`, as the offsets of a place count them."""
    return _WORD.findall(text)


def resolve(text: str, change: Change) -> Edit:
    """The place of `change` in `text` by word offsets; PlaceError if it is not there (the
    place is checked first, then that there are words to insert)."""
    op = change.operation
    if op not in OPERATIONS:
        raise PlaceError(
            "amendment-operation",
            f"an amendment inserts, strikes, strikes and inserts or substitutes, not {op!r}",
        )
    inserted = "" if op == STRIKE else " ".join(change.words.split())
    start, end = _place(text, change)
    if op != STRIKE and not inserted:
        raise PlaceError("amendment-text", "say what words to insert")
    return Edit(op, start, end, inserted)


def _place(text: str, change: Change) -> tuple[int, int]:
    op, count = change.operation, len(words_of(text))
    if op == SUBSTITUTE:
        return 0, count
    if change.span is not None:
        return _checked_span(change.span, count, empty=op == INSERT)
    if op == INSERT:
        if change.after:
            _, end = _passage(text, change.after, change.occurrence)
            return end, end
        if change.before:
            start, _ = _passage(text, change.before, change.occurrence)
            return start, start
        return count, count
    if not change.strike:
        raise PlaceError("amendment-place", "say what words to strike")
    return _passage(text, change.strike, change.occurrence)


def _checked_span(span: tuple[int, int], count: int, *, empty: bool) -> tuple[int, int]:
    start, end = span
    if not 0 <= start <= end <= count:
        raise PlaceError(
            "amendment-place",
            f"the text has {count} word{'s' if count != 1 else ''}: "
            f"there are no words {start} to {end}",
        )
    if empty and start != end:
        raise PlaceError("amendment-place", "an insertion goes at one place: give from = to")
    if not empty and start == end:
        raise PlaceError("amendment-place", f"no words are struck at word {start}: give from < to")
    return start, end


def _pattern(passage: str) -> re.Pattern[str]:
    """Where `passage` is, in whole words: spaces between words are any spaces, and
    punctuation may stand apart or against a word ("peace ," finds "peace,"). Found at
    every place, overlapping: the second of "a a" in "a a a" begins at the second word."""
    tokens = _WORD.findall(passage)
    body = re.escape(tokens[0])
    for before, token in zip(tokens, tokens[1:], strict=False):
        words = before[-1:].isalnum() or before[-1:] == "_"
        words = words and (token[:1].isalnum() or token[:1] == "_")
        body += (r"\s+" if words else r"\s*") + re.escape(token)
    head = r"(?<!\w)" if re.match(r"\w", tokens[0]) else ""
    tail = r"(?!\w)" if re.search(r"\w$", tokens[-1]) else ""
    return re.compile(f"(?=({head}{body}{tail}))")


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


def _passage(text: str, passage: str, occurrence: int) -> tuple[int, int]:
    """The words [start, end) of the `occurrence`-th `passage` in `text`; a passage that
    begins or ends inside a word covers that word."""
    if not passage.split():
        raise PlaceError("amendment-place", "the passage named is empty")
    if occurrence < 1:
        raise PlaceError("amendment-place", f"occurrence {occurrence}: count from 1")
    found = list(_pattern(passage).finditer(text))
    shown = " ".join(passage.split())
    if not found:
        raise PlaceError("amendment-place", f"the words “{shown}” are not in the text")
    if occurrence > len(found):
        times = "once" if len(found) == 1 else f"{len(found)} times"
        raise PlaceError(
            "amendment-place",
            f"the words “{shown}” occur {times} in the text, not {occurrence} times",
        )
    first, last = found[occurrence - 1].span(1)
    spans = _spans(text)
    start = next(i for i, (_, b) in enumerate(spans) if b > first)
    end = max(i for i, (a, _) in enumerate(spans) if a < last) + 1
    return start, end


def _chars(text: str, edit: Edit) -> tuple[int, int]:
    """The characters [a, b) of the words the edit replaces (a == b: a point)."""
    spans = _spans(text)
    if edit.start == edit.end:
        point = spans[edit.start][0] if edit.start < len(spans) else len(text.rstrip())
        return point, point
    return spans[edit.start][0], spans[edit.end - 1][1]


def _pieces(text: str, edit: Edit) -> tuple[str, str, str, str]:
    """(before, struck, inserted, after): before + struck + after is `text`, and
    before + inserted + after the text as amended."""
    if edit.operation == SUBSTITUTE:
        return "", text, edit.inserted, ""
    a, b = _chars(text, edit)
    if not edit.inserted:
        # a strike takes the space on one side with it, and leaves no " ," behind
        opens = a == 0 or text[a - 1].isspace() or text[a - 1] in _OPENING
        if b < len(text) and text[b].isspace() and opens:
            while b < len(text) and text[b].isspace():
                b += 1
            if b < len(text) and text[b] in _CLOSING:
                while a > 0 and text[a - 1].isspace():
                    a -= 1
        else:
            while a > 0 and text[a - 1].isspace():
                a -= 1
        return text[:a], text[a:b], "", text[b:]
    before, after = text[:a], text[b:]
    lead = " " if before and not before[-1].isspace() and before[-1] not in _OPENING else ""
    trail = " " if after and not after[0].isspace() and after[0] not in _CLOSING else ""
    return before, text[a:b], lead + edit.inserted + trail, after


def apply(text: str, edit: Edit) -> str:
    """`text` as amended by `edit`."""
    before, _, inserted, after = _pieces(text, edit)
    return before + inserted + after


def preview(text: str, edit: Edit) -> tuple[Segment, ...]:
    """`text` as amended, with what is struck and inserted marked: the kept and struck
    segments make the text, the kept and inserted ones the text as amended."""
    before, struck, inserted, after = _pieces(text, edit)
    segments = (
        Segment("kept", before),
        Segment("struck", struck),
        Segment("inserted", inserted),
        Segment("kept", after),
    )
    return tuple(s for s in segments if s.text)


# The amendment in words: an English template for each shape (the screens and the minutes
# translate it) and its fields: `struck`, `inserted`, `context` (the words before the place).
WORDINGS = {
    "insert-at-start": "to insert “%(inserted)s” at the beginning",
    "insert-at-end": "to insert “%(inserted)s” at the end",
    "insert-after": "to insert “%(inserted)s” after “%(context)s”",
    "strike": "to strike “%(struck)s”",
    "strike-at-start": "to strike “%(struck)s” at the beginning",
    "strike-after": "to strike “%(struck)s” after “%(context)s”",
    "strike-insert": "to strike “%(struck)s” and insert “%(inserted)s”",
    "strike-insert-at-start": "to strike “%(struck)s” at the beginning and insert “%(inserted)s”",
    "strike-insert-after": "to strike “%(struck)s” after “%(context)s” and insert “%(inserted)s”",
    "substitute": "to substitute “%(inserted)s” for the text",
}


def wording(text: str, edit: Edit) -> tuple[str, dict[str, str]]:
    """The amendment in words: a template of `WORDINGS` and its fields. A place the words
    struck leave unclear (they occur more than once) is said by the words before it."""
    spans = _spans(text)
    words = [text[a:b] for a, b in spans]
    fields = {"inserted": edit.inserted, "struck": _quoted(text, spans, edit.start, edit.end)}
    if edit.operation == SUBSTITUTE:
        return WORDINGS["substitute"], fields
    if edit.operation == INSERT:
        shape = "insert"
    else:
        shape = "strike" if edit.operation == STRIKE else "strike-insert"
        if not _ambiguous(words, edit.start, edit.end):
            return WORDINGS[shape], fields
    if edit.start == 0:
        return WORDINGS[f"{shape}-at-start"], fields
    if edit.start == len(words):
        return WORDINGS["insert-at-end"], fields
    fields["context"] = _context(text, spans, words, edit.start)
    return WORDINGS[f"{shape}-after"], fields


def describe(text: str, edit: Edit) -> str:
    """The amendment in English words, as the chair says it: "to strike “x” and insert
    “y”", "to insert “y” after “z”", "to substitute “y” for the text"."""
    template, fields = wording(text, edit)
    return template % fields


def quoted(text: str, start: int, end: int) -> str:
    """The words [start, end) of `text` as they read there, spaces made single."""
    return _quoted(text, _spans(text), start, end)


def _quoted(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    if start >= end:
        return ""
    return " ".join(text[spans[start][0] : spans[end - 1][1]].split())


def _ambiguous(words: list[str], start: int, end: int) -> bool:
    size = end - start
    target = words[start:end]
    return sum(words[i : i + size] == target for i in range(len(words) - size + 1)) > 1


def _context(text: str, spans: list[tuple[int, int]], words: list[str], at: int) -> str:
    """The fewest words before word `at` that occur only there (at most a few)."""
    first = at - 1
    for size in range(1, _CONTEXT_WORDS + 1):
        first = max(0, at - size)
        if not _ambiguous(words, first, at) or first == 0:
            break
    return _quoted(text, spans, first, at)
