"""Checks the deciders of every feature share: names and slugs, times, and finding a body,
a session, a motion, a poll or a delegate (or refusing, with the rule that says why).

Each returns what it checked (the text stripped, the thing found) or raises a Refusal.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from smolny import procedure
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.state import Assembly, Body, Motion, Poll, Session

MAX_NAME = 200
MAX_TEXT = 100_000
# What a spreadsheet runs as a formula when a cell begins with it (see trimmed)
FORMULA_LEADS = ("=", "+", "-", "@")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
# Text that lies (issue 16): characters that change how a text is displayed without showing
# themselves. A name or a title (what lists, ballots, screens and the minutes show, and a
# voter chooses by) holds none of them: no bidirectional control (the embeddings and
# overrides U+202A-202E, the isolates U+2066-2069, the marks U+200E, U+200F, U+061C) and no
# other format character (Unicode category Cf: U+200B-200D, U+2060, U+FEFF, U+00AD...), nor
# the blank fillers that show as nothing. Free text (a motion's text, a reason, a speech)
# may hold the marks and joiners that Arabic, Hebrew, Persian and Indic writing need, but
# not the embeddings, overrides and isolates, which reorder what follows them.
_BLANK_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u034f")
REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def trimmed(text: str) -> str:
    """`text` without the whitespace around it, except whitespace in front of what a
    spreadsheet would run as a formula (=, +, -, @): "\t=1+1" is kept as it was sent,
    never turned into the formula =1+1 (and then refused for its tab, where a tab is)."""
    kept = text.rstrip()
    bare = kept.lstrip()
    return kept if bare != kept and bare.startswith(FORMULA_LEADS) else bare


def name(value: str, field: str, limit: int = MAX_NAME) -> str:
    """`value` trimmed (`trimmed`): not empty, at most `limit` characters, no control
    characters (but line breaks and tabs), and no character that displays other than it is
    (`hidden_character`): a name or a title."""
    text = _checked(value, field, limit)
    refuse_hidden(text, field)
    return text


def text(value: str, field: str, limit: int = MAX_TEXT) -> str:
    """Free text (a motion's text, a reason, grounds): as `name`, but only the bidirectional
    embeddings, overrides and isolates are refused among the invisible characters."""
    checked = _checked(value, field, limit)
    refuse_hidden(checked, field, free_text=True)
    return checked


def _checked(value: str, field: str, limit: int) -> str:
    text = trimmed(value) if isinstance(value, str) else ""
    if not text:
        raise Invalid("required", f"{field} must not be empty", field=field)
    if len(text) > limit:
        raise Invalid("too-long", f"{field} is longer than {limit} characters", field=field)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise Invalid("control-characters", f"{field} holds control characters", field=field)
    return text


def hidden_character(text: str, *, free_text: bool = False) -> str | None:
    """The first character of `text` that changes how it is displayed without showing
    itself, as `U+202E (RIGHT-TO-LEFT OVERRIDE)`; None if there is none. For free text,
    only the embeddings, overrides and isolates count."""
    if free_text:
        found = REORDERING.intersection(text)
        if not found:
            return None
        ch = min(found, key=text.index)
    else:
        ch = next((c for c in text if unicodedata.category(c) == "Cf" or c in _BLANK_FILLERS), "")
        if not ch:
            return None
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')})"


def refuse_hidden(text: str, field: str, *, free_text: bool = False) -> None:
    """Refuse `text` holding a character that displays other than it is, naming it."""
    found = hidden_character(text, free_text=free_text)
    if found is not None:
        what = "free text" if free_text else "a name or a title"
        raise Invalid(
            "hidden-characters",
            f"{field} holds {found}, which changes how the text is shown without being "
            f"seen; {what} may not hold it",
            field=field,
        )


def slug(value: str, field: str) -> str:
    """`value`, if it is 1-63 lower-case letters, digits or hyphens (not starting with one)."""
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise Invalid(
            "slug",
            f"{field} must be 1-63 lower-case letters, digits or hyphens, starting with a "
            f"letter or digit (got {value!r})",
            field=field,
        )
    return value


def when(value: str | None, field: str) -> str | None:
    """A time with its zone, as the record writes times (UTC, microseconds); None stays None."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise Invalid(
            "time", f"{field} must be a time such as 2026-11-07T22:40:00Z", field=field
        ) from None
    if moment.tzinfo is None:
        raise Invalid("time", f"{field} must give its time zone (e.g. Z)", field=field)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def natural(ident: str) -> tuple[str, int]:
    """A sort key putting ids in their natural order: d2 before d10."""
    prefix = ident.rstrip("0123456789")
    return prefix, int(ident[len(prefix) :] or 0)


def body_of(state: Assembly, slug: str) -> Body:
    """The body named `slug`, or NotFound."""
    body = state.bodies.get(slug)
    if body is None:
        raise NotFound("unknown-body", f"there is no body {slug!r}", field="body")
    return body


def session_of(state: Assembly, ident: str) -> Session:
    """The session `ident`, or NotFound."""
    session = state.sessions.get(ident)
    if session is None:
        raise NotFound("unknown-session", f"there is no session {ident!r}", field="session")
    return session


def motion_of(state: Assembly, ident: str) -> Motion:
    """The motion `ident`, or NotFound."""
    motion = state.motions.get(ident)
    if motion is None:
        raise NotFound("unknown-motion", f"there is no motion {ident!r}", field="motion")
    return motion


def poll_of(state: Assembly, ident: str) -> Poll:
    """The poll `ident`, or NotFound."""
    poll = state.polls.get(ident)
    if poll is None:
        raise NotFound("unknown-poll", f"there is no poll {ident!r}", field="poll")
    return poll


def open_session(state: Assembly, ident: str) -> Session:
    """The session `ident` if it is sitting; NotFound, or OutOfOrder if it is not open."""
    session = session_of(state, ident)
    if session.state != "open":
        raise OutOfOrder("session-not-open", f"session {ident} is {session.state}, not open")
    return session


def delegate_in(state: Assembly, body: Body, ident: str, field: str) -> str:
    """`ident`, if it is a delegate of `body`; else NotFound naming `field`."""
    if ident not in body.delegates:
        raise NotFound(
            "unknown-delegate", f"{ident!r} is not a delegate of {body.slug}", field=field
        )
    return ident


def opener(state: Assembly, body: Body, ident: str) -> str:
    """`ident`, if they may open a sitting of `body`: a delegate of the body, or of an
    executive committee it elected (its child) or that convened it (its parent)."""
    # Dan of the outgoing executive opened the Second Congress.
    if ident in body.delegates:
        return ident
    delegate = state.delegates.get(ident)
    executive = state.bodies[delegate.body] if delegate is not None else None
    if (
        executive is not None
        and executive.kind == "executive-committee"
        and (executive.parent == body.slug or body.parent == executive.slug)
    ):
        return ident
    raise NotFound(
        "unknown-delegate",
        f"{ident!r} is not a delegate of {body.slug} nor of an executive committee it elected",
        field="opened_by",
    )


def rulebook_of(state: Assembly, session: Session) -> procedure.Rulebook:
    """The rulebook a session sits under, or a refusal saying how to load it."""
    rulebook = state.rulebooks.get(session.rulebook)
    if rulebook is None:
        raise OutOfOrder(
            "rulebook-not-loaded",
            f"{session.body} sits under the rulebook {session.rulebook!r}, which this server "
            "has not loaded: start smolny with --rulebook FILE",
        )
    return rulebook


def body_rulebook(state: Assembly, body: Body) -> procedure.Rulebook:
    """The rulebook a body sits under, or a refusal saying how to load it."""
    rulebook = state.rulebooks.get(body.rulebook)
    if rulebook is None:
        raise OutOfOrder(
            "rulebook-not-loaded",
            f"{body.slug} sits under the rulebook {body.rulebook!r}, which this server has "
            "not loaded: start smolny with --rulebook FILE",
        )
    return rulebook
