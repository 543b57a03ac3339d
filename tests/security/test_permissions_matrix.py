"""The permission matrix, tested from itself: every route of the application is classified
in `permissions.ROUTES`, and every route is called as every role with a valid request; the
answer is the one the matrix gives.

Allowed: anything but 401/403 and never a 5xx (an act out of order is still the engine's
409, a missing thing a 404: the caller got past the permission). Refused: 401 when not
logged in, 403 for a logged-in role without the right. Each route runs on its own copy of
one congress (a file copy of a SQLite database, logins included), so what one role does
cannot change what the next one is answered.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from smolny.domain import commands as c
from smolny.service import permissions
from smolny.service.app import Principal, Smolny
from smolny.service.permissions import MATRIX, ROUTES
from smolny.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
STAFF_ROLES = permissions.ACCOUNT_ROLES
# who calls: the account roles, four kinds of delegate, and the public
CALLERS = (
    *STAFF_ROLES,
    "delegate",  # a voting delegate of the congress
    "consultative",  # a delegate of the congress with a voice and no vote
    "other-body",  # a delegate of another body
    "committee",  # a delegate of the congress's credentials committee
    "anonymous",
)
DELEGATE_OF = {"delegate": "d1", "consultative": "d5", "other-body": "d6", "committee": "d7"}
# routes not called: a stream that never ends (public, as `tests/api` shows)
NOT_CALLED = {("GET", "/api/v1/stream")}
# routes that act where the caller is (the phone's acts in the delegate's own body)
OWN_BODY = {
    ("POST", "/phone/floor"),
    ("POST", "/phone/floor/withdraw"),
    ("POST", "/phone/point-of-order"),
    ("POST", "/phone/en-bloc/objection"),
}


def app_routes() -> set[tuple[str, str]]:
    """Every (method, path) the application answers (HEAD aside)."""

    service = Smolny.__new__(Smolny)  # routes need no database
    app = create_app(service)
    found = set()
    for context in iter_route_contexts(app.routes):
        for method in getattr(context, "methods", None) or ():
            if method != "HEAD":
                found.add((method, context.path))
    return found


def test_every_route_is_in_the_matrix() -> None:
    routes = app_routes()
    missing = sorted(routes - ROUTES.keys())
    assert not missing, f"routes not classified in permissions.ROUTES: {missing}"
    gone = sorted(ROUTES.keys() - routes)
    assert not gone, f"permissions.ROUTES names routes the application lacks: {gone}"
    assert {act for acts in ROUTES.values() for act in acts.split("|")} <= MATRIX.keys()


def test_the_permissions_page_is_drawn_from_the_matrix() -> None:
    page = (ROOT / "docs" / "permissions.md").read_text()
    assert page == permissions.matrix_markdown(), (
        "docs/permissions.md is stale: python -m smolny.service.permissions > docs/permissions.md"
    )


# -- the congress every route is called in ------------------------------------------------


@dataclass
class Congress:
    path: Path  # the SQLite file, copied for each route
    tokens: dict[str, str]  # caller -> login token
    code: str  # an access code, for the login route
    ids: dict[str, str]


def _build(path: Path) -> Congress:
    app = Smolny.open(f"sqlite:///{path}")
    try:
        tokens: dict[str, str] = {}
        for role in STAFF_ROLES:
            app.accounts.create_account(role, role, password=f"password-of-the-{role}")
        for role in STAFF_ROLES:
            tokens[role] = app.accounts.login_staff(role, f"password-of-the-{role}")[0]
        chair = Principal("a2", "chair", "chair")
        app.execute(c.CreateBody("petrograd", "Petrograd Soviet", "council"))
        app.execute(c.CreateBody("congress", "Congress"))
        app.execute(c.CreateBody("other", "Another Congress"))
        app.execute(
            c.CreateBody("creds", "Credentials", "committee", "congress", purpose="credentials")
        )
        app.execute(c.FormFaction("congress", "f0", "Faction zero"))
        app.execute(
            c.RegisterDelegates(
                "congress",
                (
                    *(c.NewDelegate(f"Delegate {i}", "f0") for i in range(1, 5)),
                    c.NewDelegate("Guest", voting=False),
                ),
            )
        )
        app.execute(c.RegisterDelegates("other", (c.NewDelegate("Stranger"),)))
        app.execute(c.RegisterDelegates("creds", (c.NewDelegate("Clerk"),)))
        app.execute(c.IssueMandate("petrograd", "congress", "Mandated"))
        session = app.execute(c.OpenSession("congress", "Sitting"), by=chair)[0].data["session"]
        app.execute(c.RecordPresence(session, all_present=True), by=chair)
        from sample_congress import bring_to_vote

        motion, poll = bring_to_vote(app, session, "d1", "d2")
        codes = app.accounts.issue_access_codes("congress", ["d1", "d5"])
        codes |= app.accounts.issue_access_codes("other", ["d6"])
        codes |= app.accounts.issue_access_codes("creds", ["d7"])
        for caller, delegate in DELEGATE_OF.items():
            tokens[caller] = app.accounts.login_delegate(codes[delegate])[0]
        code = app.accounts.issue_access_codes("congress", ["d2"])["d2"]
        ids = {"session": session, "motion": motion, "poll": poll, "mandate": "md1"}
    finally:
        app.close()
    return Congress(path, tokens, code, ids)


@pytest.fixture(scope="module")
def congress(tmp_path_factory: pytest.TempPathFactory) -> Congress:
    return _build(tmp_path_factory.mktemp("matrix") / "congress.sqlite3")


@pytest.fixture
def copy(congress: Congress, tmp_path: Path) -> Iterator[TestClient]:
    target = tmp_path / "copy.sqlite3"
    shutil.copy(congress.path, target)
    app = Smolny.open(f"sqlite:///{target}")
    try:
        yield TestClient(create_app(app), follow_redirects=False)
    finally:
        app.close()


# -- a valid request for each route --------------------------------------------------------

Body = Callable[[str, "Congress"], dict[str, Any]]


def _me(caller: str, fallback: str) -> str:
    return DELEGATE_OF.get(caller, fallback)


JSON: dict[tuple[str, str], Body] = {
    ("POST", "/api/v1/login"): lambda who, cg: {"access_code": cg.code},
    ("POST", "/api/v1/account/password"): lambda who, cg: {
        "old": "not-the-old-password",
        "new": "a-new-password-of-some-length",
    },
    ("POST", "/api/v1/accounts"): lambda who, cg: {
        "username": "newcomer",
        "role": "observer",
        "password": "password-of-the-newcomer",
    },
    ("POST", "/api/v1/bodies"): lambda who, cg: {"slug": "newbody", "name": "New body"},
    ("POST", "/api/v1/bodies/{slug}/access-codes"): lambda who, cg: {"delegates": ["d3"]},
    ("POST", "/api/v1/bodies/{slug}/access-slips"): lambda who, cg: {"delegates": ["d3"]},
    ("POST", "/api/v1/bodies/{slug}/chair"): lambda who, cg: {"chairs": ["d1"]},
    ("POST", "/api/v1/bodies/{slug}/convene"): lambda who, cg: {
        "councils": ["petrograd"],
        "rule": "fixed",
        "number": 1,
    },
    ("POST", "/api/v1/bodies/{slug}/delegates"): lambda who, cg: {
        "delegates": [{"name": "Newcomer"}]
    },
    ("POST", "/api/v1/bodies/{slug}/delegates/{delegate}/faction"): lambda who, cg: {
        "faction": "f0"
    },
    ("POST", "/api/v1/bodies/{slug}/delegates/{delegate}/restore"): lambda who, cg: {
        "reason": "restored"
    },
    ("POST", "/api/v1/bodies/{slug}/delegates/{delegate}/suspend"): lambda who, cg: {
        "reason": "suspended"
    },
    ("POST", "/api/v1/bodies/{slug}/factions"): lambda who, cg: {"slug": "f9", "name": "Nine"},
    ("POST", "/api/v1/bodies/{slug}/membership"): lambda who, cg: {"members": 10},
    ("POST", "/api/v1/bodies/{slug}/presidium"): lambda who, cg: {"seats": 3},
    ("POST", "/api/v1/bodies/{slug}/presidium/take-up"): lambda who, cg: {"faction": "f0"},
    ("POST", "/api/v1/bodies/{slug}/proxies"): lambda who, cg: {
        "delegator": _me(who, "d3"),
        "holder": "d4",
    },
    ("POST", "/api/v1/bodies/{slug}/sessions"): lambda who, cg: {"title": "Another sitting"},
    ("POST", "/api/v1/bodies/{slug}/substitutes"): lambda who, cg: {
        "substitute": "d3",
        "replaces": "d4",
    },
    ("POST", "/api/v1/accounts/{username}/council"): lambda who, cg: {"council": "petrograd"},
    ("POST", "/api/v1/congresses/{slug}/deadlines"): lambda who, cg: {
        "motions": "2999-01-01T00:00:00Z"
    },
    ("POST", "/api/v1/congresses/{slug}/motions"): lambda who, cg: {
        "council": "petrograd",
        "title": "Pay",
        "paragraphs": ["We resolve."],
        "movers": ["A. Mover"],
    },
    ("POST", "/api/v1/congresses/{slug}/amendments"): lambda who, cg: {
        "council": "petrograd",
        "motion": "M1",
        "paragraph": 1,
        "change": "delete",
        "movers": ["A. Mover"],
    },
    ("POST", "/api/v1/congresses/{slug}/papers/{number}/moves"): lambda who, cg: {
        "to": "admitted",
        "role": "congress" if who == "chair" else "committee",
    },
    ("POST", "/api/v1/congresses/{slug}/papers/{number}/recommendation"): lambda who, cg: {
        "stance": "support",
        "reason": "a fair claim",
    },
    ("POST", "/api/v1/congresses/{slug}/papers/{number}/instructions"): lambda who, cg: {
        "council": "petrograd",
        "instruction": "for",
    },
    ("POST", "/api/v1/congresses/{slug}/composites"): lambda who, cg: {
        "motions": ["M1", "M2"],
        "title": "Pay",
        "paragraphs": ["We resolve."],
    },
    ("POST", "/api/v1/congresses/{slug}/composites/{number}/consents"): lambda who, cg: {
        "motion": "M1"
    },
    ("POST", "/api/v1/sessions/{ident}/agenda/papers"): lambda who, cg: {"papers": []},
    ("POST", "/api/v1/sessions/{ident}/papers"): lambda who, cg: {"paper": "M1", "mover": "d1"},
    ("POST", "/api/v1/sessions/{ident}/en-bloc"): lambda who, cg: {
        "papers": ["M1", "M2"],
        "mover": "d1",
    },
    ("POST", "/api/v1/sessions/{ident}/en-bloc/{question}/objections"): lambda who, cg: {
        "paper": "M1"
    },
    ("POST", "/api/v1/count"): lambda who, cg: {
        "blt": '2 1\n1 1 0\n1 2 0\n1 1 0\n0\n"A"\n"B"\n"Count"\n'
    },
    ("POST", "/api/v1/apportion"): lambda who, cg: {
        "method": "dhondt",
        "seats": 2,
        "votes": {"a": 10, "b": 5},
    },
    ("POST", "/api/v1/joint-sessions"): lambda who, cg: {
        "bodies": ["congress", "other"],
        "title": "Joint",
    },
    ("POST", "/api/v1/joint-sessions/{ident}/presidium"): lambda who, cg: {"body": "congress"},
    ("POST", "/api/v1/mandates"): lambda who, cg: {
        "sending": "petrograd",
        "to": "congress",
        "name": "Another",
    },
    ("POST", "/api/v1/mandates/{ident}/contest"): lambda who, cg: {
        "by": _me(who, "d1"),
        "grounds": "not sent by the soviet",
    },
    ("POST", "/api/v1/mandates/{ident}/credentials"): lambda who, cg: {"accepted": True},
    ("POST", "/api/v1/mandates/{ident}/recall"): lambda who, cg: {
        "sending": "petrograd",
        "reason": "recalled",
    },
    ("POST", "/api/v1/motions/{ident}/polls"): lambda who, cg: {},
    ("POST", "/api/v1/polls/{ident}/cancel"): lambda who, cg: {"reason": "a mistake"},
    ("POST", "/api/v1/polls/{ident}/counts"): lambda who, cg: {"counts": {"yes": 1}},
    ("POST", "/api/v1/polls/{ident}/votes"): lambda who, cg: {"choice": "yes"},
    ("POST", "/api/v1/sessions/{ident}/acts"): lambda who, cg: {
        "act": "request-floor",
        **({} if who in DELEGATE_OF else {"delegate": "d3"}),
    },
    ("POST", "/api/v1/sessions/{ident}/declarations"): lambda who, cg: {
        "faction": "f0",
        "text": "We declare.",
        "by": "d1",
    },
    ("POST", "/api/v1/sessions/{ident}/motions"): lambda who, cg: {
        "title": "Another",
        "text": "The congress resolves.",
        "mover": "d3",
    },
    ("POST", "/api/v1/sessions/{ident}/motions/brought"): lambda who, cg: {
        "brought_from": cg.ids["motion"],
        "mover": "d3",
    },
    ("POST", "/api/v1/sessions/{ident}/polls"): lambda who, cg: {
        "title": "Elect",
        "question": "choice",
        "options": ["a", "b"],
    },
    ("POST", "/api/v1/sessions/{ident}/presence"): lambda who, cg: {"left": ["d4"]},
    ("POST", "/api/v1/sessions/{ident}/amendments/preview"): lambda who, cg: {
        "operation": "insert",
        "words": "at once",
    },
    ("POST", "/api/v1/bodies/{slug}/delegates/amend"): lambda who, cg: {
        "changes": [{"delegate": "d2", "weight": 2}]
    },
    ("POST", "/api/v1/sessions/{ident}/agenda"): lambda who, cg: {"items": [{"title": "Reports"}]},
    ("POST", "/api/v1/sessions/{ident}/agenda/adopt"): lambda who, cg: {"mover": "d3"},
    ("POST", "/api/v1/webhooks"): lambda who, cg: {
        "url": "https://example.org/hook",
        "secret": "s" * 40,
        "body": "congress",
    },
}
FORMS: dict[tuple[str, str], Body] = {
    ("POST", "/chair/sessions/{ident}/act"): lambda who, cg: {"act": "all-present"},
    ("POST", "/chair/sessions/{ident}/amendment-preview"): lambda who, cg: {
        "motion": "amend",
        "operation": "insert",
        "words": "at once",
        "where": "end",
    },
    ("POST", "/phone/floor"): lambda who, cg: {"side": "for"},
    ("POST", "/phone/floor/withdraw"): lambda who, cg: {},
    ("POST", "/phone/point-of-order"): lambda who, cg: {"point": "the speaker strays"},
    ("POST", "/phone/en-bloc/objection"): lambda who, cg: {"question": "m9", "paper": "M1"},
    ("POST", "/phone/vote"): lambda who, cg: {"poll": cg.ids["poll"], "choice": "yes"},
    ("POST", "/secretary/accounts"): lambda who, cg: {"role": "chair", "username": "newchair"},
    ("POST", "/accounts"): lambda who, cg: {"role": "observer", "username": "newcomer"},
    ("POST", "/account/password"): lambda who, cg: {
        "old": "not-the-old-password",
        "new": "a-new-password-of-some-length",
        "again": "a-new-password-of-some-length",
    },
    ("POST", "/secretary/bodies"): lambda who, cg: {"slug": "newbody", "name": "New"},
    ("POST", "/secretary/bodies/{slug}/access-slips"): lambda who, cg: {
        "understood": "yes",
        "which": "uncoded",
    },
    ("POST", "/secretary/bodies/{slug}/factions"): lambda who, cg: {"slug": "f9", "name": "N"},
    ("POST", "/secretary/bodies/{slug}/sessions"): lambda who, cg: {"title": "Another"},
    ("POST", "/secretary/mandates/{ident}/credentials"): lambda who, cg: {"decision": "accept"},
    ("POST", "/secretary/bodies/{slug}/delegates/{delegate}"): lambda who, cg: {
        "name": "Renamed",
        "faction": "-",
        "voting": "yes",
        "weight": "2",
    },
    ("POST", "/secretary/bodies/{slug}/delegates/bulk"): lambda who, cg: {
        "delegates": ["d2"],
        "action": "consultative",
    },
    ("POST", "/secretary/sessions/{ident}/agenda"): lambda who, cg: {"title": ["Reports"]},
    ("POST", "/secretary/sessions/{ident}/agenda/adopt"): lambda who, cg: {"mover": "d3"},
    ("POST", "/secretary/mandates/{ident}/recall"): lambda who, cg: {
        "sending": "petrograd",
        "reason": "recalled",
    },
}
FILES = {  # CSV sent as the body (API) or as the form's file (pages)
    ("POST", "/api/v1/bodies/{slug}/delegates/import"),
    ("POST", "/api/v1/mandates/import"),
    ("POST", "/secretary/bodies/{slug}/delegates/import"),
    ("POST", "/secretary/mandates/import"),
}
CSV = b"name,faction\nImported,f0\n"


def _path(template: str, caller: str, cg: Congress) -> str:
    prefix = template.split("{", 1)[0]
    ident = (
        cg.ids["poll"]
        if "/polls/" in prefix
        else cg.ids["motion"]
        if "/motions/" in prefix
        else cg.ids["mandate"]
        if "/mandates/" in prefix
        else "w1"
        if "/webhooks/" in prefix
        else "a99"  # no such account: the callers' own logins go on
        if "/accounts/" in prefix
        else cg.ids["session"]
    )
    return (
        template.replace("{slug}", "congress")
        .replace("{ident}", ident)
        .replace("{delegator}", _me(caller, "d3"))
        .replace("{delegate}", "d2")
        .replace("{number}", "1")
        .replace("{username}", "secretary")
        .replace("{part}", "agenda")
        .replace("{rule}", "forbidden")
    )


def call(client: TestClient, cg: Congress, route: tuple[str, str], caller: str) -> Any:
    """`route` called as `caller` with a valid request."""
    method, template = route
    path = _path(template, caller, cg)
    page = not template.startswith("/api/") and template != "/openapi.json"
    headers: dict[str, str] = {}
    token = cg.tokens.get(caller)
    if token is not None:
        if page:
            headers["Cookie"] = f"smolny_login={token}"
        else:
            headers["Authorization"] = f"Bearer {token}"
    if page:
        headers["HX-Request"] = "true"  # as the page's own htmx sends it
        headers["HX-Current-URL"] = "http://testserver/"
    kwargs: dict[str, Any] = {}
    if route in JSON:
        kwargs["json"] = JSON[route](caller, cg)
    elif route in FORMS:
        kwargs["data"] = FORMS[route](caller, cg)
    elif route in FILES:
        if page:
            kwargs["files"] = {"file": ("roster.csv", CSV, "text/csv")}
        else:
            kwargs["content"] = CSV
            headers["Content-Type"] = "text/csv"
    client.cookies.clear()
    return client.request(method, path, headers=headers, **kwargs)


def expected(route: tuple[str, str], caller: str) -> int | None:
    """None where the matrix allows `caller` (any of the route's acts); else the status of
    the refusal."""
    answers = [_expected(MATRIX[act], route, caller) for act in ROUTES[route].split("|")]
    return None if None in answers else answers[0]


def _expected(rule: permissions.Act, route: tuple[str, str], caller: str) -> int | None:
    if rule.public:
        return None
    if caller == "anonymous":
        return 401
    if caller in STAFF_ROLES:
        return None if caller in rule.roles else 403
    if rule.delegate == "no":
        return None if "delegate" in rule.roles else 403
    if rule.delegate == "committee":
        return None if caller == "committee" else 403
    if route in OWN_BODY:
        return None  # every delegate acts there in their own body
    return None if caller in ("delegate", "consultative") else 403


CALLED = sorted(ROUTES.keys() - NOT_CALLED, key=lambda r: (r[1], r[0]))


@pytest.mark.parametrize("route", CALLED, ids=[f"{m} {p}" for m, p in CALLED])
def test_every_role_is_answered_as_the_matrix_says(
    route: tuple[str, str], congress: Congress, copy: TestClient
) -> None:
    wrong = []
    for caller in CALLERS:
        response = call(copy, congress, route, caller)
        want = expected(route, caller)
        got = response.status_code
        if got >= 500:
            wrong.append(f"{caller}: {got} {response.text[:200]}")
        elif want is None and got in (401, 403):
            wrong.append(f"{caller}: refused {got} but the matrix allows: {response.text[:200]}")
        elif want is not None and got != want:
            wrong.append(f"{caller}: {got}, the matrix says {want}: {response.text[:200]}")
        elif got >= 400 and route[1].startswith("/api/"):
            kind = response.headers.get("content-type", "")
            if not kind.startswith("application/problem+json"):
                wrong.append(f"{caller}: {got} without a problem document ({kind})")
    assert not wrong, f"{route[0]} {route[1]} ({ROUTES[route]}):\n" + "\n".join(wrong)


def test_the_matrix_keeps_its_promises() -> None:
    """What the roles are for: an observer and the public only read; nobody but a delegate
    votes; a teller only counts; the credentials role only checks credentials."""
    reads = {"record.read", "count.compute", "account.me", "login", "logout", "screen.logout"}
    reads |= {"amendment.preview"}  # a preview of a text as amended records nothing
    own = {"account.password", "screen.phone"}
    for role, may_also in (("observer", set()), ("teller", {"poll.count"})):
        allowed = {name for name, act in MATRIX.items() if act.allows(role)}
        assert allowed == reads | own | may_also, role
    assert {n for n, a in MATRIX.items() if a.allows("credentials")} == reads | own | {
        "mandate.credentials"
    }
    assert {n for n, a in MATRIX.items() if a.public} <= reads
    assert not MATRIX["vote.cast"].roles and MATRIX["vote.cast"].delegate == "voting"
