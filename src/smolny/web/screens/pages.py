"""The public page: the record as it happens, the register of resolutions, the results.

`GET /` is drawn from the state the journal folds to, plus the last few entries of the
journal in words; its two fragments (`/public/record`, `/public/bodies`) refresh
themselves in place whenever the journal grows. Older entries are paged
(`/record?before=SEQ`), so a long journal costs no more than a short one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from smolny.i18n.words import entry_kind
from smolny.record import kinds as k
from smolny.service.views import record
from smolny.service.views.record import Names
from smolny.web import i18n
from smolny.web.callers import MAX_SEQ, App
from smolny.web.screens import common as screens
from smolny.web.screens.papers import state_words, words_for
from smolny.web.screens.projector import WORDS

router = APIRouter(include_in_schema=False)

RECENT = 15  # entries on the page itself
PAGE = 50  # entries per page of the older record
RESULTS = 10  # latest results per body

# One entry's data, and the names it refers to, in words.
Words = Callable[[dict[str, Any], Names], str]


def _titles(names: Names, data: dict[str, Any]) -> str:
    return ", ".join(f"“{names.motion(q)}”" for q in data.get("questions", []))


def _presence(data: dict[str, Any], names: Names) -> str:
    count = len(data.get("delegates", []))
    if data.get("present", True):
        return i18n.ngettext(
            "%(num)s delegate came into the hall", "%(num)s delegates came into the hall", count
        )
    return i18n.ngettext("%(num)s delegate left the hall", "%(num)s delegates left the hall", count)


def _decided(adopted: bool) -> Words:
    def words(data: dict[str, Any], names: Names) -> str:
        figures = {
            "title": names.motion(data.get("question")),
            "yes": i18n.number(data.get("yes")),
            "no": i18n.number(data.get("no")),
            "abstain": i18n.number(data.get("abstain")),
        }
        if adopted:
            return i18n._(
                "“%(title)s” was adopted: %(yes)s for, %(no)s against, %(abstain)s abstaining",
                **figures,
            )
        return i18n._(
            "“%(title)s” was rejected: %(yes)s for, %(no)s against, %(abstain)s abstaining",
            **figures,
        )

    return words


def _declared(data: dict[str, Any], names: Names) -> str:
    title = names.motion(data.get("question"))
    if data.get("adopted"):
        return i18n._("“%(title)s” was declared adopted by the chair, not counted", title=title)
    return i18n._("“%(title)s” was declared rejected by the chair, not counted", title=title)


def _yielded(data: dict[str, Any], names: Names) -> str:
    name = names.delegate(data.get("delegate"))
    if data.get("words"):
        return i18n._("%(name)s said: %(words)s", name=name, words=data.get("words"))
    return i18n._("%(name)s yielded the floor", name=name)


def _interjected(data: dict[str, Any], names: Names) -> str:
    who = names.delegate(data.get("delegate")) if data.get("delegate") else data.get("voice")
    return i18n._("%(who)s called out from the floor: %(words)s", who=who, words=data.get("words"))


def _withdrawn_request(data: dict[str, Any], names: Names) -> str:
    name = names.delegate(data.get("delegate"))
    if data.get("by") == "chair":
        return i18n._("The chair struck %(name)s off the speakers' list", name=name)
    return i18n._("%(name)s withdrew their request for the floor", name=name)


# Every kind of entry the public record puts in words (the rest show their kind).
def _state(n: Names, ident: Any) -> str:
    # a paper's state by its workflow's name for it, in the page's language where bundled
    name = n.paper_state(ident)
    return state_words().get(name, name)


_WORDS: dict[str, Words] = {
    k.BODY_CREATED: lambda d, n: i18n._("%(body)s was created", body=d.get("name", d.get("body"))),
    k.FACTION_FORMED: lambda d, n: i18n._(
        "The faction %(faction)s was formed in %(body)s",
        faction=d.get("name"),
        body=n.body(d.get("body")),
    ),
    k.DELEGATES_REGISTERED: lambda d, n: i18n.ngettext(
        "%(num)s delegate was registered in %(body)s",
        "%(num)s delegates were registered in %(body)s",
        len(d.get("delegates", [])),
        body=n.body(d.get("body")),
    ),
    k.SESSION_OPENED: lambda d, n: i18n._(
        "%(body)s opened its session “%(title)s”", body=n.body(d.get("body")), title=d.get("title")
    ),
    k.SESSION_ADJOURNED: lambda d, n: i18n._(
        "The session “%(title)s” adjourned", title=n.session(d.get("session"))
    ),
    k.SESSION_CLOSED: lambda d, n: i18n._(
        "The session “%(title)s” closed", title=n.session(d.get("session"))
    ),
    k.PRESENCE_CHANGED: _presence,
    k.QUORUM_REGAINED: lambda d, n: i18n._(
        "The session is quorate: %(present)s present", present=d.get("present_count")
    ),
    k.QUORUM_LOST: lambda d, n: i18n._(
        "The quorum was lost: %(present)s present", present=d.get("present_count")
    ),
    k.MOTION_MOVED: lambda d, n: i18n._(
        "%(mover)s moved “%(title)s”",
        mover=n.delegate(d.get("mover")),
        title=n.motion(d.get("question")),
    ),
    k.MOTION_SECONDED: lambda d, n: i18n._(
        "%(seconder)s seconded “%(title)s”",
        seconder=n.delegate(d.get("seconder")),
        title=n.motion(d.get("question")),
    ),
    k.QUESTION_STATED: lambda d, n: i18n._(
        "The chair stated the question “%(title)s”", title=n.motion(d.get("question"))
    ),
    k.QUESTION_PUT: lambda d, n: i18n._(
        "The question “%(title)s” was put to the vote", title=n.motion(d.get("question"))
    ),
    k.MOTION_ADOPTED: _decided(adopted=True),
    k.MOTION_REJECTED: _decided(adopted=False),
    k.MOTION_WITHDRAWN: lambda d, n: i18n._("%(titles)s withdrawn", titles=_titles(n, d)),
    k.MOTION_TABLED: lambda d, n: i18n._("%(titles)s laid on the table", titles=_titles(n, d)),
    k.TEXT_AMENDED: lambda d, n: i18n._(
        "The text of “%(title)s” was amended", title=n.motion(d.get("question"))
    ),
    k.FLOOR_REQUESTED: lambda d, n: i18n._(
        "%(name)s asked for the floor", name=n.delegate(d.get("delegate"))
    ),
    k.FLOOR_REQUEST_WITHDRAWN: _withdrawn_request,
    k.FLOOR_GIVEN: lambda d, n: i18n._(
        "%(name)s has the floor", name=n.delegate(d.get("delegate"))
    ),
    k.FLOOR_YIELDED: _yielded,
    k.FLOOR_INTERJECTED: _interjected,
    k.GUEST_HEARD: lambda d, n: i18n._(
        "%(name)s, not a delegate, spoke: %(words)s", name=d.get("name"), words=d.get("words")
    ),
    k.CHAIR_TAKEN: lambda d, n: i18n._(
        "%(name)s took the chair",
        name=n.delegate(d.get("delegate")) if d.get("delegate") else d.get("name"),
    ),
    k.REPORT_READ: lambda d, n: i18n._(
        "%(name)s read to the body: %(subject)s",
        name=n.delegate(d.get("delegate")) if d.get("delegate") else d.get("name"),
        subject=d.get("subject"),
    ),
    k.MOTION_DECLARED: _declared,
    k.NOTE_ADDED: lambda d, n: i18n._(
        "A note on entry %(seq)s: %(text)s", seq=d.get("about"), text=d.get("text")
    ),
    k.STATEMENT_ISSUED: lambda d, n: i18n._(
        "Outside the sitting, %(name)s declared: %(text)s", name=d.get("name"), text=d.get("text")
    ),
    k.SESSION_SCHEDULED: lambda d, n: i18n._(
        "A sitting of %(body)s was called: “%(title)s”",
        body=n.body(d.get("body")),
        title=d.get("title"),
    ),
    k.SESSION_POSTPONED: lambda d, n: i18n._(
        "The sitting “%(title)s” was postponed", title=n.session(d.get("session"))
    ),
    k.BODY_TIME_ZONE_SET: lambda d, n: i18n._(
        "%(body)s keeps its time in %(zone)s",
        body=n.body(d.get("body")),
        zone=d.get("name") or d.get("zone"),
    ),
    k.POLL_OPENED: lambda d, n: i18n._("A vote opened on “%(title)s”", title=n.poll(d.get("poll"))),
    k.POLL_CLOSED: lambda d, n: i18n._(
        "The vote on “%(title)s” closed", title=n.poll(d.get("poll"))
    ),
    k.POLL_CANCELLED: lambda d, n: i18n._(
        "The vote on “%(title)s” was cancelled: %(reason)s",
        title=n.poll(d.get("poll")),
        reason=d.get("reason", ""),
    ),
    k.POLL_COUNT_ENTERED: lambda d, n: i18n._(
        "The tellers' count was entered for “%(title)s”", title=n.poll(d.get("poll"))
    ),
    k.ACCESS_CODES_ISSUED: lambda d, n: i18n.ngettext(
        "An access code was issued to %(num)s delegate",
        "Access codes were issued to %(num)s delegates",
        len(d.get("delegates", [])),
    ),
    # the staff accounts (r15-accounts): who they are is the record's, never a password
    k.ACCOUNT_CREATED: lambda d, n: i18n._(
        "A staff account was created: %(name)s", name=d.get("username")
    ),
    k.ACCOUNT_DISABLED: lambda d, n: i18n._("A staff account was disabled"),
    k.ACCOUNT_ENABLED: lambda d, n: i18n._("A staff account was enabled again"),
    k.ACCOUNT_PASSWORD_RESET: lambda d, n: i18n._("A staff account was given a new password"),
    k.PRESIDIUM_ALLOTTED: lambda d, n: i18n._(
        "The presidium of %(body)s was allotted", body=n.body(d.get("body"))
    ),
    # papers before a congress (docs/papers.md)
    k.CONGRESS_DEADLINES_SET: lambda d, n: i18n._(
        "The deadline for motions to %(body)s was set: %(deadline)s",
        body=n.body(d.get("congress")),
        deadline=d.get("motions"),
    ),
    k.PAPER_SUBMITTED: lambda d, n: i18n._(
        "%(council)s submitted motion %(number)s “%(title)s”",
        council=n.body(d.get("council")),
        number=d.get("paper"),
        title=d.get("title"),
    ),
    k.PAPER_AMENDMENT_SUBMITTED: lambda d, n: i18n._(
        "%(council)s submitted amendment %(number)s to %(motion)s",
        council=n.body(d.get("council")),
        number=d.get("paper"),
        motion=d.get("motion"),
    ),
    k.PAPER_MOVED: lambda d, n: i18n._(
        "%(number)s moved from “%(start)s” to “%(end)s”",
        number=d.get("paper"),
        start=_state(n, d.get("from")),
        end=_state(n, d.get("to")),
    ),
    k.PAPER_RECOMMENDED: lambda d, n: i18n._(
        "The standing orders committee recommends %(number)s: %(stance)s",
        number=d.get("paper"),
        stance=_word("STANCES", d.get("stance")),
    ),
    k.COMPOSITE_PROPOSED: lambda d, n: i18n._(
        "Composite %(number)s of %(motions)s was proposed",
        number=d.get("paper"),
        motions=", ".join(d.get("motions", [])),
    ),
    k.COMPOSITE_CONSENTED: lambda d, n: i18n._(
        "%(council)s consented to composite %(number)s",
        council=n.body(d.get("council")),
        number=d.get("paper"),
    ),
    k.COMPOSITE_MADE: lambda d, n: i18n._(
        "Composite %(number)s takes the place of %(motions)s",
        number=d.get("paper"),
        motions=", ".join(d.get("motions", [])),
    ),
    k.DELEGATES_INSTRUCTED: lambda d, n: i18n._(
        "%(council)s instructed its delegates on %(number)s: %(instruction)s",
        council=n.body(d.get("council")),
        number=d.get("paper"),
        instruction=_word("INSTRUCTIONS", d.get("instruction")),
    ),
    k.MOTIONS_BOOK_FIXED: lambda d, n: i18n._(
        "Final edition %(edition)s of the motions book of %(congress)s fixed, SHA-256 %(hash)s",
        edition=d.get("edition"),
        congress=n.body(d.get("congress")),
        hash=d.get("sha256"),
    ),
    k.PAPER_PUT: lambda d, n: i18n._(
        "%(papers)s put to the sitting as question %(question)s",
        papers=", ".join(d.get("papers", [])),
        question=d.get("question"),
    ),
    k.PAPER_OBJECTED: lambda d, n: i18n._(
        "On an objection %(number)s was taken out of the motions taken together",
        number=d.get("paper"),
    ),
}


def _word(kind: str, key: Any) -> Any:
    # a recommendation's stance or an instruction in words, as the papers' screens write
    # them (the key itself when it has none)
    return words_for()[kind].get(key, key)


def describe(entry: dict[str, Any], names: Names) -> str:
    """One entry of the journal in words, in the current language (its kind when no
    words are written for it); `names`: what its data refers to, by name."""
    kind: str = entry.get("kind", "")
    words = _WORDS.get(kind)
    return words(entry.get("data") or {}, names) if words is not None else entry_kind(kind)


# the entries that link to their sitting's page
_SITTINGS = (k.SESSION_OPENED, k.SESSION_ADJOURNED, k.SESSION_CLOSED)


def _record(entries: list[dict[str, Any]], names: Names) -> list[dict[str, Any]]:
    """Entries (newest first) as the page lists them, in words."""
    return [
        {
            "seq": e["seq"],
            "at": e.get("at"),
            "kind": e.get("kind"),
            "words": describe(e, names),
            "hash": e.get("hash", ""),
            "session": (e.get("data") or {}).get("session") if e.get("kind") in _SITTINGS else None,
        }
        for e in entries
    ]


def _bodies(app: App) -> list[dict[str, Any]]:
    shown = record.public_bodies(app, RESULTS)
    for body in shown:
        count = body["delegates"]
        body["delegates_text"] = i18n.ngettext("%(num)s delegate", "%(num)s delegates", count)
    return shown


def _context(
    request: Request, app: App, *, bodies: bool = True, record_: bool = True
) -> dict[str, Any]:
    # the acts are put in words here, so in the reader's language (not only the template)
    context: dict[str, Any] = {**WORDS}
    with i18n.active(i18n.choose(request)):
        if record_:
            latest, names = record.latest(app, RECENT)
            context["record"] = _record(latest, names)
        if bodies:
            context["bodies"] = _bodies(app)
    context["seq"], context["head"] = record.head(app)
    return context


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, app: App) -> HTMLResponse:
    """The public page."""
    return screens.render(request, "public.html", _context(request, app))


@router.get("/public/record", response_class=HTMLResponse)
def record_fragment(request: Request, app: App) -> HTMLResponse:
    return screens.render(request, "public_record.html", _context(request, app, bodies=False))


@router.get("/public/bodies", response_class=HTMLResponse)
def bodies_fragment(request: Request, app: App) -> HTMLResponse:
    return screens.render(request, "public_bodies.html", _context(request, app, record_=False))


@router.get("/record", response_class=HTMLResponse)
def older_record(
    request: Request,
    app: App,
    before: Annotated[int | None, Query(ge=1, le=MAX_SEQ)] = None,
) -> HTMLResponse:
    """The record in pages of PAGE entries, newest first, before entry `before`."""
    found = record.page(app, before, PAGE)
    with i18n.active(i18n.choose(request)):
        said = _record(found["entries"], found["names"])
    return screens.render(
        request,
        "public_journal.html",
        {
            "seq": found["seq"],
            "head": found["head"],
            "record": said,
            "older": found["older"],
            "newer": found["newer"],
        },
    )


@router.get("/problems/{rule}", response_class=PlainTextResponse)
def problem_type(rule: str) -> str:
    return (
        f"smolny problem type '{rule}': the request was refused by the check named '{rule}'. "
        "The problem document's 'detail' says what was wrong and 'field' where."
    )
