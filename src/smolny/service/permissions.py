"""Who may do what: one matrix, consulted by every entry point (API, pages, command line).

`MATRIX` names each act (a command, or a read that is not public) and who may perform it:
the staff roles of accounts, and whether (and which) delegates may. `ROUTES` classifies
every route of the web application by the act it performs, so that a route cannot be
added without saying who may call it (`tests/security/test_permissions_matrix.py` fails
on an unclassified route and calls every route as every role). `docs/permissions.md` is
drawn from both (`python -m smolny.service.permissions`; a test fails when it is stale).

The roles:

- staff accounts: `admin`, `chair`, `secretary`; `credentials` (the credentials
  committee's clerk: checks mandates), `teller` (enters the tellers' counts of a show of
  hands), `observer` (logged in, reads only: the press, a guest, an auditor);
- `delegate`: logged in with an access code. A delegate acts only in their own body (or a
  joint session it sits in) and in their own name. A *consultative* delegate (a mandate
  with a voice and no vote) may do what a delegate may, except vote and give or hold a
  proxy. A delegate of a body's credentials committee (a committee of the body whose
  purpose is `credentials`) checks that body's mandates as the `credentials` role does;
- the public: not logged in; reads the record, which is public.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Literal

from smolny.domain import commands as c
from smolny.domain.decide import ROLES as ACCOUNT_ROLES
from smolny.domain.errors import Forbidden
from smolny.domain.state import Assembly
from smolny.service.principals import Principal

ROLES: tuple[str, ...] = (*ACCOUNT_ROLES, "delegate")
PUBLIC = "public"  # anyone, logged in or not
STAFF = frozenset({"admin", "chair", "secretary"})  # who runs a body from its screens

# How a delegate may perform an act, if at all.
DelegateRule = Literal["no", "member", "voting", "committee"]
_DELEGATE_SAYS = {
    "no": "",
    "member": "a delegate of the body, in their own name",
    "voting": "a delegate of the body, in their own name, if their mandate gives a vote",
    "committee": "a delegate of the body's credentials committee",
}


@dataclass(frozen=True)
class Act:
    """Who may perform one act: account roles, and how delegates may (see `DelegateRule`)."""

    roles: frozenset[str]
    delegate: DelegateRule = "no"
    says: str = ""

    @property
    def public(self) -> bool:
        """Anyone may, logged in or not."""
        return PUBLIC in self.roles

    def allows(self, role: str) -> bool:
        """Whether `role` may perform the act at all (a delegate's scope is checked apart)."""
        return self.public or role in self.roles or (role == "delegate" and self.delegate != "no")


def _roles(*names: str) -> frozenset[str]:
    unknown = set(names) - {*ROLES, PUBLIC}
    assert not unknown, f"unknown roles {unknown}"
    return frozenset(names)


_CHAIR = _roles("admin", "chair")
_SECRETARIAT = _roles("admin", "secretary")
_CREDENTIALS = _roles("admin", "secretary", "credentials")
_LOGGED_IN = _roles(*ROLES)

MATRIX: dict[str, Act] = {
    # reads
    "record.read": Act(_roles(PUBLIC), says="the record: bodies, sessions, motions, polls, boxes"),
    "count.compute": Act(_roles(PUBLIC), says="a count or an apportionment (nothing recorded)"),
    "account.me": Act(_LOGGED_IN, says="who one is logged in as"),
    "login": Act(_roles(PUBLIC), says="log in (a staff password or an access code)"),
    "account.password": Act(_roles(*ACCOUNT_ROLES), says="change one's own password"),
    "logout": Act(_LOGGED_IN, says="log out over the API (end one's own login)"),
    "screen.logout": Act(_roles(PUBLIC), says="log out of the pages (without a login: nothing)"),
    "login.lockouts": Act(_roles("admin"), says="see and lift login lockouts"),
    "webhook.manage": Act(_roles("admin"), says="webhooks: subscribe, list, remove"),
    "amendment.preview": Act(
        _LOGGED_IN, says="preview the text as an amendment would change it (nothing recorded)"
    ),
    # screens
    "screen.console": Act(STAFF, says="the chair's console (each act there needs its own)"),
    "screen.secretariat": Act(STAFF, says="the secretariat's screen"),
    "screen.hand": Act(STAFF, says="choose the body and sitting the staff screens are for"),
    "screen.phone": Act(_LOGGED_IN, says="the phone (staff are told where their screens are)"),
    # the tree of bodies, delegates, accounts
    "account.create": Act(_roles("admin"), says="create a staff account"),
    "account.list": Act(_roles("admin"), says="list the staff accounts"),
    "account.manage": Act(
        _roles("admin"), says="reset a staff account's password, disable or enable it"
    ),
    "body.create": Act(_roles("admin"), says="create a body"),
    "body.membership": Act(_SECRETARIAT, says="set a council's membership"),
    "congress.convene": Act(_roles("admin"), says="convene a congress from councils"),
    "faction.form": Act(_SECRETARIAT, says="form a faction"),
    "faction.membership": Act(_SECRETARIAT, says="a delegate joins or leaves a faction"),
    "faction.declare": Act(_roles("admin", "chair", "secretary"), says="enter a declaration"),
    "delegates.register": Act(_SECRETARIAT, says="register or import delegates"),
    "delegates.amend": Act(
        _SECRETARIAT, says="correct delegates: name, faction, vote or voice, weight (bulk too)"
    ),
    "access-codes.issue": Act(_SECRETARIAT, says="issue access codes (and slips)"),
    "presidium.allot": Act(_CHAIR, says="allot the presidium; a faction takes up its seats"),
    "presidium.chair": Act(_CHAIR, says="set the presidium's chair or rota"),
    # sittings
    "session.open": Act(_CHAIR, says="open a session"),
    "session.close": Act(_CHAIR, says="close (adjourn) a session"),
    "joint-session.open": Act(_CHAIR, says="open a joint session"),
    "joint-session.presidium": Act(_CHAIR, says="seat a presidium at a joint session"),
    "agenda.draft": Act(
        _roles("admin", "chair", "secretary"), says="draft a sitting's agenda (before adoption)"
    ),
    "agenda.adopt": Act(
        _CHAIR,
        says="adopt the agenda: declare it adopted, or move its adoption in a delegate's name, "
        "as the rulebook says",
    ),
    "presence.record": Act(_roles("admin", "chair", "secretary"), says="record presence"),
    "motion.move": Act(
        _roles("admin", "chair", "secretary"), says="enter a main motion in a delegate's name"
    ),
    "procedure.chair": Act(
        _CHAIR,
        says="the chair's acts (state, put, recognise, strike off the speakers' list, "
        "rulings, agenda, results), and a member's acts entered in their name",
    ),
    "procedure.member": Act(
        frozenset(),
        delegate="member",
        says="move, second, withdraw, ask for the floor (and withdraw the request), "
        "raise a point of order",
    ),
    # polls
    "poll.open": Act(_CHAIR, says="open a poll or an election"),
    "poll.close": Act(_CHAIR, says="close or cancel a poll"),
    "poll.count": Act(
        _roles("admin", "chair", "secretary", "teller"), says="enter tellers' counts"
    ),
    "vote.cast": Act(frozenset(), delegate="voting", says="vote, for oneself or by proxy"),
    "vote.enter": Act(_roles("admin", "chair", "secretary"), says="enter a vote at a roll call"),
    "proxy.give": Act(_SECRETARIAT, delegate="voting", says="give or withdraw a proxy"),
    # mandates
    "mandate.issue": Act(_SECRETARIAT, says="issue or import mandates"),
    "mandate.credentials": Act(
        _CREDENTIALS, delegate="committee", says="accept or reject a mandate's credentials"
    ),
    "mandate.contest": Act(
        _roles("admin", "chair", "secretary"), delegate="member", says="contest a mandate"
    ),
    "mandate.recall": Act(_SECRETARIAT, says="a sending body recalls its delegate"),
    "mandate.suspend": Act(_roles("admin", "chair", "secretary"), says="suspend or restore"),
    "mandate.substitute": Act(_SECRETARIAT, says="a substitute takes up a mandate"),
    # papers before a congress (docs/papers.md): an account attached to a council acts for
    # that council only (`paper_scope`); a move in a workflow needs the act of its role
    "account.attach": Act(_roles("admin"), says="attach a staff account to a council"),
    "papers.secretariat": Act(
        _SECRETARIAT, says="set a congress's deadlines and workflow; move papers as its secretariat"
    ),
    "papers.submit": Act(
        _SECRETARIAT,
        says="submit a motion or amendment, consent to a composite, instruct delegates, move "
        "a paper as its mover: for the council one's account is attached to, or (unattached) "
        "on any council's behalf",
    ),
    "papers.committee": Act(
        _SECRETARIAT,
        says="record the standing orders committee's acts: rulings, composites, recommendations",
    ),
    "papers.congress": Act(_CHAIR, says="record the congress's decision on a paper (an appeal)"),
    # papers at the sitting (docs/papers.md, "At the sitting")
    "papers.object": Act(
        _roles("admin", "chair", "secretary"),
        delegate="member",
        says="object to a motion being taken together with others (a delegate in their own "
        "name; staff for a delegate or a council; a council's account for its council)",
    ),
    "papers.report": Act(
        _roles("admin", "chair", "secretary"),
        says="a council's report back page: how its delegates voted, who departed from its "
        "instructions (a council's account: its own council's only)",
    ),
}

# act -> the roles that may perform it at all ("delegate" included when some delegates may)
PERMISSIONS: dict[str, frozenset[str]] = {
    name: act.roles | ({"delegate"} if act.delegate != "no" else set())
    for name, act in MATRIX.items()
}

# Every route of the web application, (method, path) -> the act it performs ("a|b": either,
# as what is sent says). The chair's console and the secretariat's screen are a gate; each
# act sent through them is checked by its own entry as well (`require`).
ROUTES: dict[tuple[str, str], str] = {
    # the JSON API
    ("POST", "/api/v1/login"): "login",
    ("POST", "/api/v1/account/password"): "account.password",
    ("GET", "/api/v1/me"): "account.me",
    ("POST", "/api/v1/logout"): "logout",
    ("POST", "/logout"): "screen.logout",
    ("GET", "/api/v1/login/lockouts"): "login.lockouts",
    ("DELETE", "/api/v1/login/lockouts"): "login.lockouts",
    ("POST", "/api/v1/accounts"): "account.create",
    ("GET", "/api/v1/accounts"): "account.list",
    ("POST", "/api/v1/accounts/{ident}/password-reset"): "account.manage",
    ("POST", "/api/v1/accounts/{ident}/disable"): "account.manage",
    ("POST", "/api/v1/accounts/{ident}/enable"): "account.manage",
    ("GET", "/api/v1/bodies"): "record.read",
    ("POST", "/api/v1/bodies"): "body.create",
    ("GET", "/api/v1/bodies/{slug}"): "record.read",
    ("POST", "/api/v1/bodies/{slug}/access-codes"): "access-codes.issue",
    ("POST", "/api/v1/bodies/{slug}/access-slips"): "access-codes.issue",
    ("POST", "/api/v1/bodies/{slug}/chair"): "presidium.chair",
    ("POST", "/api/v1/bodies/{slug}/convene"): "congress.convene",
    ("POST", "/api/v1/bodies/{slug}/delegates"): "delegates.register",
    ("GET", "/api/v1/bodies/{slug}/delegates.csv"): "record.read",
    ("GET", "/api/v1/bodies/{slug}/delegates.xlsx"): "record.read",
    ("POST", "/api/v1/bodies/{slug}/delegates/import"): "delegates.register",
    ("POST", "/api/v1/bodies/{slug}/delegates/amend"): "delegates.amend",
    ("GET", "/api/v1/bodies/{slug}/roll"): "record.read",
    ("POST", "/api/v1/bodies/{slug}/delegates/{delegate}/faction"): "faction.membership",
    ("POST", "/api/v1/bodies/{slug}/delegates/{delegate}/restore"): "mandate.suspend",
    ("POST", "/api/v1/bodies/{slug}/delegates/{delegate}/suspend"): "mandate.suspend",
    ("POST", "/api/v1/bodies/{slug}/factions"): "faction.form",
    ("POST", "/api/v1/bodies/{slug}/membership"): "body.membership",
    ("POST", "/api/v1/bodies/{slug}/presidium"): "presidium.allot",
    ("POST", "/api/v1/bodies/{slug}/presidium/take-up"): "presidium.allot",
    ("POST", "/api/v1/bodies/{slug}/proxies"): "proxy.give",
    ("DELETE", "/api/v1/bodies/{slug}/proxies/{delegator}"): "proxy.give",
    ("POST", "/api/v1/bodies/{slug}/sessions"): "session.open",
    ("POST", "/api/v1/bodies/{slug}/substitutes"): "mandate.substitute",
    ("POST", "/api/v1/accounts/{username}/council"): "account.attach",
    ("GET", "/api/v1/congresses/{slug}/papers"): "record.read",
    ("POST", "/api/v1/congresses/{slug}/deadlines"): "papers.secretariat",
    ("POST", "/api/v1/congresses/{slug}/motions"): "papers.submit",
    ("POST", "/api/v1/congresses/{slug}/amendments"): "papers.submit",
    ("GET", "/api/v1/congresses/{slug}/papers/{number}"): "record.read",
    ("POST", "/api/v1/congresses/{slug}/papers/{number}/moves"): (
        "papers.secretariat|papers.committee|papers.congress|papers.submit"
    ),
    ("POST", "/api/v1/congresses/{slug}/papers/{number}/recommendation"): "papers.committee",
    ("GET", "/api/v1/congresses/{slug}/papers/{number}/instructions"): "record.read",
    ("POST", "/api/v1/congresses/{slug}/papers/{number}/instructions"): "papers.submit",
    ("POST", "/api/v1/congresses/{slug}/composites"): "papers.committee",
    ("POST", "/api/v1/congresses/{slug}/composites/{number}/consents"): "papers.submit",
    ("POST", "/api/v1/congresses/{slug}/composites/{number}/make"): "papers.committee",
    ("GET", "/api/v1/congresses/{slug}/book"): "record.read",
    ("POST", "/api/v1/congresses/{slug}/book/final"): "papers.secretariat",
    ("POST", "/api/v1/count"): "count.compute",
    ("POST", "/api/v1/apportion"): "count.compute",
    ("POST", "/api/v1/joint-sessions"): "joint-session.open",
    ("GET", "/api/v1/joint-sessions/{ident}"): "record.read",
    ("POST", "/api/v1/joint-sessions/{ident}/presidium"): "joint-session.presidium",
    ("GET", "/api/v1/journal"): "record.read",
    ("GET", "/api/v1/mandates"): "record.read",
    ("POST", "/api/v1/mandates"): "mandate.issue",
    ("POST", "/api/v1/mandates/import"): "mandate.issue",
    ("GET", "/api/v1/mandates/{ident}"): "record.read",
    ("POST", "/api/v1/mandates/{ident}/contest"): "mandate.contest",
    ("POST", "/api/v1/mandates/{ident}/credentials"): "mandate.credentials",
    ("POST", "/api/v1/mandates/{ident}/recall"): "mandate.recall",
    ("GET", "/api/v1/motions/{ident}"): "record.read",
    ("POST", "/api/v1/motions/{ident}/polls"): "poll.open",
    ("GET", "/api/v1/polls/{ident}"): "record.read",
    ("GET", "/api/v1/polls/{ident}/box"): "record.read",
    ("POST", "/api/v1/polls/{ident}/cancel"): "poll.close",
    ("POST", "/api/v1/polls/{ident}/close"): "poll.close",
    ("POST", "/api/v1/polls/{ident}/counts"): "poll.count",
    ("GET", "/api/v1/polls/{ident}/progress"): "record.read",
    ("GET", "/api/v1/polls/{ident}/roll-call"): "record.read",
    ("POST", "/api/v1/polls/{ident}/votes"): "vote.cast",  # at a roll call: vote.enter
    ("GET", "/api/v1/sessions/{ident}"): "record.read",
    ("POST", "/api/v1/sessions/{ident}/acts"): "procedure.chair|procedure.member",
    ("POST", "/api/v1/sessions/{ident}/close"): "session.close",
    ("POST", "/api/v1/sessions/{ident}/agenda"): "agenda.draft",
    ("POST", "/api/v1/sessions/{ident}/agenda/adopt"): "agenda.adopt",
    ("POST", "/api/v1/sessions/{ident}/declarations"): "faction.declare",
    ("GET", "/api/v1/sessions/{ident}/in-order"): "record.read",
    ("POST", "/api/v1/sessions/{ident}/amendments/preview"): "amendment.preview",
    ("GET", "/api/v1/sessions/{ident}/delegates"): "record.read",
    ("GET", "/api/v1/sessions/{ident}/minutes"): "record.read",
    ("POST", "/api/v1/sessions/{ident}/motions"): "motion.move",
    ("POST", "/api/v1/sessions/{ident}/motions/brought"): "motion.move",
    ("POST", "/api/v1/sessions/{ident}/polls"): "poll.open",
    ("POST", "/api/v1/sessions/{ident}/presence"): "presence.record",
    ("GET", "/api/v1/stream"): "record.read",
    ("GET", "/api/v1/webhooks"): "webhook.manage",
    ("POST", "/api/v1/webhooks"): "webhook.manage",
    ("DELETE", "/api/v1/webhooks/{ident}"): "webhook.manage",
    # the OpenAPI document and its pages
    ("GET", "/openapi.json"): "record.read",
    ("GET", "/docs"): "record.read",
    # public pages: the record, publications, the projector, the login page
    ("GET", "/"): "record.read",
    ("GET", "/public/bodies"): "record.read",
    ("GET", "/public/record"): "record.read",
    ("GET", "/record"): "record.read",
    ("GET", "/record/journal.jsonl"): "record.read",
    ("GET", "/sessions/{ident}"): "record.read",  # a sitting as the record tells it
    ("GET", "/minutes/{session}"): "record.read",  # its minutes, as the API serves them
    ("GET", "/box/{poll}"): "record.read",  # a published box, a receipt looked up in it
    ("GET", "/problems/{rule}"): "record.read",
    ("GET", "/login"): "login",
    ("GET", "/feed.atom"): "record.read",
    ("GET", "/bodies/{slug}/feed.atom"): "record.read",
    ("GET", "/bodies/{slug}/resolutions"): "record.read",
    ("GET", "/bodies/{slug}/resolutions/{number}"): "record.read",
    ("GET", "/bodies/{slug}/resolutions/{number}/poster"): "record.read",
    # a congress's motions book: its pages, its PDF, Markdown and canonical content
    ("GET", "/congresses/{slug}/book"): "record.read",
    ("GET", "/congresses/{slug}/book/{number}"): "record.read",
    ("GET", "/congresses/{slug}/book.pdf"): "record.read",
    ("GET", "/congresses/{slug}/book.md"): "record.read",
    ("GET", "/congresses/{slug}/book.json"): "record.read",
    ("GET", "/projector"): "record.read",
    ("GET", "/projector/screen"): "record.read",
    ("GET", "/projector/sessions/{ident}"): "record.read",
    ("GET", "/projector/sessions/{ident}/screen"): "record.read",
    # the chair's console
    ("GET", "/chair"): "screen.console",
    ("GET", "/chair/sessions/{ident}"): "screen.console",
    ("GET", "/chair/sessions/{ident}/parts/{part}"): "screen.console",
    ("POST", "/chair/sessions/{ident}/act"): "screen.console",  # then the act's own entry
    ("POST", "/chair/sessions"): "session.open",  # a sitting opened now, or called
    ("POST", "/chair/scheduled/{ident}/open"): "session.open",
    ("POST", "/chair/sessions/{ident}/amendment-preview"): "screen.console",
    # the phone
    ("GET", "/phone"): "screen.phone",
    ("GET", "/phone/sitting"): "screen.phone",
    ("GET", "/phone/ballot"): "screen.phone",
    ("POST", "/phone/floor"): "procedure.member",
    ("POST", "/phone/floor/withdraw"): "procedure.member",
    ("POST", "/phone/point-of-order"): "procedure.member",
    ("POST", "/phone/vote"): "vote.cast",
    ("POST", "/phone/en-bloc/objection"): "procedure.member",
    # the secretariat
    ("GET", "/secretary"): "screen.secretariat",
    ("GET", "/secretary/tree"): "screen.secretariat",
    ("GET", "/secretary/bodies/{slug}"): "screen.secretariat",
    ("GET", "/secretary/bodies/{slug}/credentials"): "screen.secretariat",
    ("GET", "/secretary/bodies/{slug}/roll"): "screen.secretariat",
    ("GET", "/secretary/bodies/{slug}/factions"): "screen.secretariat",
    ("GET", "/secretary/bodies/{slug}/sessions"): "screen.secretariat",
    ("GET", "/secretary/bodies/{slug}/delegates/{delegate}/row"): "screen.secretariat",
    ("GET", "/secretary/bodies/{slug}/delegates/{delegate}/edit"): "screen.secretariat",
    ("POST", "/secretary/bodies/{slug}/delegates/{delegate}"): "delegates.amend",
    ("POST", "/secretary/bodies/{slug}/delegates/bulk"): "delegates.amend",
    ("GET", "/secretary/sessions/{ident}/agenda"): "screen.secretariat",
    ("POST", "/secretary/sessions/{ident}/agenda"): "agenda.draft",
    ("POST", "/secretary/sessions/{ident}/agenda/adopt"): "agenda.adopt",
    ("POST", "/secretary/accounts"): "account.create",
    # the accounts, one's own password, the body and sitting in hand
    ("GET", "/accounts"): "account.list",
    ("POST", "/accounts"): "account.create",
    ("POST", "/accounts/{ident}/reset"): "account.manage",
    ("POST", "/accounts/{ident}/disable"): "account.manage",
    ("POST", "/accounts/{ident}/enable"): "account.manage",
    ("GET", "/account/password"): "account.password",
    ("POST", "/account/password"): "account.password",
    ("GET", "/hand"): "screen.hand",
    ("POST", "/secretary/bodies"): "body.create",
    ("POST", "/secretary/bodies/{slug}/access-slips"): "access-codes.issue",
    ("POST", "/secretary/bodies/{slug}/delegates/import"): "delegates.register",
    ("POST", "/secretary/bodies/{slug}/factions"): "faction.form",
    ("POST", "/secretary/bodies/{slug}/sessions"): "session.open",
    ("POST", "/secretary/mandates/import"): "mandate.issue",
    ("POST", "/secretary/mandates/{ident}/credentials"): "mandate.credentials",
    ("POST", "/secretary/mandates/{ident}/recall"): "mandate.recall",
    # papers at the sitting and the report back to the councils (docs/papers.md)
    ("POST", "/api/v1/sessions/{ident}/agenda/papers"): "agenda.draft",
    ("POST", "/api/v1/sessions/{ident}/papers"): "motion.move",
    ("POST", "/api/v1/sessions/{ident}/en-bloc"): "motion.move",
    ("POST", "/api/v1/sessions/{ident}/en-bloc/{question}/objections"): "papers.object",
    ("GET", "/api/v1/councils/{slug}/report"): "record.read",
    ("POST", "/secretary/sessions/{ident}/agenda/papers"): "agenda.draft",
    ("GET", "/councils/{slug}/report"): "papers.report",
    ("GET", "/councils/{slug}/report.json"): "record.read",
    ("POST", "/councils/{slug}/report/recall"): "mandate.recall",
    # a congress's papers on the screens (screens/papers.py, papers_committee.py)
    ("GET", "/papers"): "screen.secretariat",
    ("GET", "/papers/{congress}"): "screen.secretariat",
    ("GET", "/papers/{congress}/list"): "screen.secretariat",
    ("GET", "/papers/{congress}/councils/{council}"): "screen.secretariat",
    ("GET", "/papers/{congress}/councils/{council}/parts/{part}"): "screen.secretariat",
    ("POST", "/papers/{congress}/councils/{council}/amendment-preview"): "screen.secretariat",
    ("POST", "/papers/{congress}/councils/{council}/motions"): "papers.submit",
    ("POST", "/papers/{congress}/councils/{council}/amendments"): "papers.submit",
    ("POST", "/papers/{congress}/councils/{council}/consents"): "papers.submit",
    ("POST", "/papers/{congress}/councils/{council}/instructions"): "papers.submit",
    ("POST", "/papers/{congress}/deadlines"): "papers.secretariat",
    ("POST", "/papers/{congress}/papers/{number}/moves"): (
        "papers.secretariat|papers.committee|papers.congress|papers.submit"
    ),
    ("POST", "/papers/{congress}/papers/{number}/recommendation"): "papers.committee",
    ("POST", "/papers/{congress}/composites"): "papers.committee",
    ("POST", "/papers/{congress}/composites/{number}/make"): "papers.committee",
}


def require(role: str, act: str) -> None:
    """Refuse (403) unless `role` may perform `act` at all; a delegate's scope (their own
    body, their own name, a vote) is checked by `require_delegate`."""
    rule = MATRIX[act]
    if not rule.allows(role):
        allowed = sorted(PERMISSIONS[act])
        raise Forbidden("forbidden", f"{act} needs the role {' or '.join(allowed)}; you are {role}")


def require_delegate(act: str, delegate: str, where: Collection[str], what: str) -> None:
    """Refuse (403) a delegate's act unless the matrix lets delegates perform it and they are
    one of `where` (the delegates of the body, sitting or committee it is performed in;
    `what` names it). Whether their mandate gives a vote now is the record's question: the
    engine refuses (409) with the reason (consultative, suspended, recalled, a substitute)."""
    if MATRIX[act].delegate == "no":
        require("delegate", act)
    if delegate not in where:
        raise Forbidden(
            "forbidden", f"{delegate} is no delegate of {what}: a delegate acts in their own body"
        )


def delegate_scope(state: Assembly, command: c.Command, by: Principal) -> c.Command:
    """Refuse (403) a delegate's command outside their own body (or a sitting it is in), or
    one the matrix does not let a delegate give; a delegate of a credentials committee
    checks credentials for it. An unknown session or body is left to the engine to name
    (the record is public)."""
    match command:
        case c.Act(session=ident):
            session = state.sessions.get(ident)
            if session is not None:
                sitting = session.procedure.delegate_ids()
                require_delegate("procedure.member", by.id, sitting, f"session {ident}")
        case c.GiveProxy(body=slug) | c.WithdrawProxy(body=slug):
            if slug in state.bodies:
                members = state.bodies[slug].delegates
                require_delegate("proxy.give", by.id, members, slug)
        case c.ContestMandate(body=slug):
            if slug in state.bodies:
                members = state.bodies[slug].delegates
                require_delegate("mandate.contest", by.id, members, slug)
        case c.ObjectEnBloc(session=ident, objector=objector):
            session = state.sessions.get(ident)
            if session is not None:
                sitting = session.procedure.delegate_ids()
                require_delegate("papers.object", by.id, sitting, f"session {ident}")
            if objector != by.id:
                raise Forbidden("forbidden", "a delegate objects in their own name only")
        case c.CheckCredentials(body=slug, committee=committee):
            own = state.delegates.get(by.id)
            mine = own.body if own is not None else None
            committees = {
                b.slug
                for b in state.bodies.values()
                if b.kind == "committee" and b.parent == slug and b.purpose == "credentials"
            }
            ok = mine in committees and committee in (None, mine)
            members = {by.id} if ok else set()
            what = f"the credentials committee of {slug}"
            require_delegate("mandate.credentials", by.id, members, what)
            return replace(command, committee=mine)
        case _:
            raise Forbidden(
                "forbidden", f"a delegate may not {type(command).__name__}; you are a delegate"
            )
    return command


# The act a move in a papers' workflow needs, by the role it is made in
ROLE_ACTS = {
    "secretariat": "papers.secretariat",
    "committee": "papers.committee",
    "congress": "papers.congress",
    "mover": "papers.submit",
}


def paper_scope(state: Assembly, command: c.Command, by: Principal) -> None:
    """Refuse (403) an account's act on a congress's papers outside its scope: an account
    attached to a council acts for that council only (submits, consents, instructs, moves as
    its mover), and never as the secretariat, the committee or the congress. Which roles may
    do each act at all is the matrix's (`require`)."""
    account = state.accounts.get(by.id) if by.role != "system" else None
    council = account.get("council") if account is not None else None
    if council is None:
        return  # an unattached account: the secretariat, acting on any council's behalf
    match command:
        case (
            c.SubmitMotion(council=acting)
            | c.SubmitAmendment(council=acting)
            | c.InstructDelegates(council=acting)
        ):
            _for_council(council, acting, by)
        case c.ConsentToComposite(congress=congress, motion=motion):
            _for_council(council, _paper_council(state, congress, motion), by)
        case c.MovePaper(congress=congress, paper=paper, role="mover"):
            _for_council(council, _paper_council(state, congress, paper), by)
        case c.MovePaper(role=role):
            _for_council(council, None, by, f"the {role}")
        case c.Recommend() | c.ProposeComposite() | c.MakeComposite():
            _for_council(council, None, by, "the committee")
        case c.SetDeadlines() | c.FixMotionsBook():
            _for_council(council, None, by, "the secretariat")
        case c.ObjectEnBloc(objector=objector):
            _for_council(council, objector, by)
        case c.AgendaFromPapers() | c.MovePaperMotion() | c.MoveEnBloc():
            _for_council(council, None, by, "the congress's sitting")
        case c.RecallDelegate(sending=sending):
            _for_council(council, sending, by)


def _paper_council(state: Assembly, congress: str, number: str) -> str | None:
    papers = state.papers.get(congress)
    paper = papers.papers.get(number) if papers is not None else None
    return paper.council if paper is not None else None


def _for_council(council: str, acting: str | None, by: Principal, what: str = "") -> None:
    if council == acting:
        return
    raise Forbidden(
        "council-account",
        f"the account {by.name} works for {council}: it acts for {council} only, not "
        + (what or f"for {acting or 'another council'}"),
    )


def matrix_markdown() -> str:
    """`docs/permissions.md`: the matrix and the routes, drawn from this module."""
    lines = [
        "# Permissions",
        "",
        "Drawn from `src/smolny/service/permissions.py` by "
        "`python -m smolny.service.permissions > docs/permissions.md`;",
        "`tests/security/test_permissions_matrix.py` fails when this page is stale, when a",
        "route is not classified here, and when a route answers any role otherwise.",
        "",
        "Roles: the staff accounts (" + ", ".join(f"`{r}`" for r in ACCOUNT_ROLES) + "), ",
        "a `delegate` (logged in with an access code; a *consultative* delegate has a voice",
        "and no vote), and the public (not logged in). A delegate acts only in their own",
        "body, or a joint session it sits in, and in their own name; elsewhere they are",
        "refused with 403.",
        "",
        "## Acts",
        "",
        "| act | " + " | ".join(ACCOUNT_ROLES) + " | delegate | public | what |",
        "| --- | " + " | ".join("---" for _ in ACCOUNT_ROLES) + " | --- | --- | --- |",
    ]
    for name, rule in MATRIX.items():
        cells = ["yes" if rule.public or r in rule.roles else "" for r in ACCOUNT_ROLES]
        delegate = "yes" if rule.public else _DELEGATE_SAYS[rule.delegate]
        if rule.delegate == "no" and "delegate" in rule.roles:
            delegate = "yes"
        public = "yes" if rule.public else ""
        lines.append(
            f"| `{name}` | " + " | ".join(cells) + f" | {delegate} | {public} | {rule.says} |"
        )
    lines += [
        "",
        "A refusal is a problem document: 401 when not logged in, 403 when the role may not.",
        "",
        "## Routes",
        "",
        "| method | path | act |",
        "| --- | --- | --- |",
    ]
    for (method, path), act in sorted(ROUTES.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        lines.append(f"| {method} | `{path}` | `{act}` |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(matrix_markdown(), end="")
