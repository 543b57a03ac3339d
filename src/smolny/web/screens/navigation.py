"""The one navigation of the staff screens: the screens, each for the body and sitting in
hand, and who is logged in (templates `_staff_nav.html` and `_hand.html`, included by
base.html whenever `render` finds a staff viewer).

The body and sitting in hand are chosen once and kept in a cookie: a screen that names one
(the secretariat of a body, a sitting's console or projector, a sitting's minutes) takes it
in hand, and `GET /hand` (`screens/accounts.py`) chooses another from the header. Without
either, an account that works for a body (`account.created`'s `body`) has that body in hand.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request

from smolny.service.app import Principal, Smolny
from smolny.service.permissions import STAFF
from smolny.service.views import accounts, paper_desk
from smolny.service.views.hand import Hand, in_hand
from smolny.web import callers
from smolny.web.i18n import _

PAPER_ROLES = frozenset({"admin", "secretary", "chair"})  # who works on a congress's papers
HAND_COOKIE = "smolny_hand"  # "BODY SITTING", either may be "-"
HAND_SECONDS = 30 * 86400
_SITTING = re.compile(r"/sessions/([a-z0-9-]{1,40})(?:/|$)")


def role_words() -> list[tuple[str, str, str]]:
    """Each staff role: its value, its name and what it may do, in the page's language."""
    return [
        ("secretary", _("secretary"), _("Bodies, delegates, access slips, presence, minutes.")),
        ("chair", _("chair"), _("Runs the sittings from the console.")),
        ("admin", _("administrator"), _("Everything, and creates bodies and accounts.")),
        ("credentials", _("credentials committee"), _("Checks the delegates' mandates.")),
        ("teller", _("teller"), _("Enters the tellers' counts of a vote.")),
        ("observer", _("observer"), _("Reads the screens; acts on nothing.")),
    ]


def staff_viewer(request: Request) -> Principal | None:
    """The staff member looking at the page, as this request's login check found them
    (known in memory), or None: a delegate, nobody, or a one-time password still in use."""
    token = request.cookies.get(callers.COOKIE)
    app: Smolny = request.app.state.smolny
    who = app.accounts.known_login(token) if token else None
    if who is None or who.role not in STAFF or who.must_change_password:
        return None
    return who


def named(request: Request) -> tuple[str | None, str | None]:
    """The body and the sitting the page's address names, if any."""
    path = request.url.path
    sitting = _SITTING.search(path)
    body: str | None = None
    if path.startswith("/secretary"):
        body = request.path_params.get("slug") or request.query_params.get("body")
    elif path.startswith("/papers/"):
        body = request.path_params.get("congress")
    return body, sitting.group(1) if sitting else None


def kept(request: Request) -> tuple[str | None, str | None]:
    """The body and the sitting kept in the cookie."""
    body, _sep, sitting = request.cookies.get(HAND_COOKIE, "").partition(" ")
    return (body if body != "-" else None) or None, (sitting if sitting != "-" else None) or None


def cookie_of(hand: Hand) -> str:
    body = hand["body"]["slug"] if hand["body"] else "-"
    sitting = hand["sitting"]["id"] if hand["sitting"] else "-"
    return f"{body} {sitting}"


def links(hand: Hand, role: str, papers: str = "/papers") -> list[tuple[str, str, str]]:
    """The staff screens as (key, address, words), each for what is in hand (`papers`: the
    address of the congress's papers in hand, else of them all)."""
    body, sitting = hand["body"], hand["sitting"]
    found = [
        (
            "secretary",
            f"/secretary/bodies/{body['slug']}" if body else "/secretary",
            _("Secretariat"),
        ),
        *([("papers", papers, _("Papers"))] if role in PAPER_ROLES else []),
        ("console", f"/chair/sessions/{sitting['id']}" if sitting else "/chair", _("Console")),
        (
            "projector",
            f"/projector/sessions/{sitting['id']}" if sitting else "/projector",
            _("Projector"),
        ),
    ]
    if sitting:
        found.append(("minutes", f"/minutes/{sitting['id']}", _("Minutes")))
    found.append(("record", "/", _("Public record")))
    if role == "admin":
        found.append(("accounts", "/accounts", _("Accounts")))
    return found


def current(path: str) -> str | None:
    """Which of the staff screens the path is."""
    for prefix, key in (
        ("/secretary", "secretary"),
        ("/papers", "papers"),
        ("/chair", "console"),
        ("/projector", "projector"),
        ("/accounts", "accounts"),
        ("/account/", "account"),
    ):
        if path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + "?"):
            return key
    if path.startswith("/minutes/") or path.endswith("/minutes"):
        return "minutes"
    return "record" if path == "/" else None


def staff_nav(request: Request) -> tuple[dict[str, Any] | None, str | None]:
    """The navigation for a staff viewer (None for anyone else), and the cookie to keep
    what is in hand now (None when it is kept already)."""
    who = staff_viewer(request)
    if who is None:
        return None, None
    app: Smolny = request.app.state.smolny
    body, sitting = named(request)
    kept_body, kept_sitting = kept(request)
    if body is None and sitting is None:
        body, sitting = kept_body, kept_sitting
        if body is None and sitting is None:
            body = accounts.home_body(app, who.id)
    elif sitting is None:
        sitting = kept_sitting  # let go below if it is not a sitting of that body
    hand = in_hand(app, body, sitting)
    words = {value: name for value, name, _says in role_words()}
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    nav = {
        "who": who,
        "role": words.get(who.role, who.role),
        "hand": hand,
        "links": links(hand, who.role, _papers_address(app, hand)),
        "current": current(request.url.path),
        "here": here,
    }
    keep = cookie_of(hand)
    return nav, None if keep == request.cookies.get(HAND_COOKIE) else keep


def _papers_address(app: Smolny, hand: Hand) -> str:
    """The congress's papers when the body in hand is a congress that takes papers."""
    body = hand["body"]
    every = paper_desk.congresses(app, every=True)
    if body is not None and any(c["slug"] == body["slug"] for c in every):
        return f"/papers/{body['slug']}"
    return "/papers"


def keep_hand(response: Any, value: str) -> None:
    """Keep the body and sitting in hand in the browser."""
    response.set_cookie(HAND_COOKIE, value, max_age=HAND_SECONDS, samesite="lax", httponly=True)
