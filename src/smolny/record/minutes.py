"""The minutes of a session, drawn from the journal alone.

`draw(entries, session)` reads the entries (as `smolny journal export` writes them, or
from a database) and returns a `Minutes` value: who presided, presence at the opening and
every change of it (walkouts with the faction's declaration), the agenda items taken up,
the speakers, each motion with its text as amended and each amendment's fate, each poll
with its figures, each decision with the presence behind it, the adjournment and close,
the secretary's corrections, and the approval. Nothing here formats or translates: the
renderers (`smolny.record.minutes_documents`) do that. See docs/minutes.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smolny.record.entry import Entry

NAMES_LISTED = 12  # a presence change of this many delegates or fewer names them


class UnknownSession(LookupError):
    """No session with that id is in the journal."""

    def __init__(self, session: str, sessions: list[SessionListing]) -> None:
        super().__init__(f"there is no session {session!r}")
        self.session = session
        self.sessions = sessions


@dataclass(frozen=True)
class SessionListing:
    """A session as the list of sessions shows it."""

    id: str
    body: str
    title: str


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph of the proceedings: what happened, when, with its particulars.

    `kind` names the act (`opened`, `presence`, `chair`, `presidium`, `item`, `speech`,
    `interrupted`, `moved`, `seconded`, `stated`, `put`, `poll`, `decision`, `amended`,
    `disposed`, `ruling`, `declaration`, `quorum`, `recess`, `resumed`, `adjourned`,
    `closed`, `other`); `fields` holds names already resolved (delegates, factions)."""

    number: int
    at: str | None
    kind: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class Amendment:
    """An amendment to a motion and its fate."""

    id: str
    mover: str
    text: str
    strike: str | None
    status: str  # adopted, rejected, withdrawn, pending, ...


@dataclass(frozen=True)
class MotionRecord:
    """A motion moved in the session: its text as moved and as amended, and its fate."""

    id: str
    title: str
    motion: str  # the rulebook's kind: main, amend, lay-on-the-table, adjourn, ...
    mover: str
    seconder: str | None
    text: str
    amended_text: str
    applies_to: str | None
    status: str
    amendments: tuple[Amendment, ...] = ()


@dataclass(frozen=True)
class PollRecord:
    """A poll: its method, its register, the hall, the count and the threshold."""

    id: str
    motion: str | None
    title: str
    method: str
    question: str
    threshold: str
    eligible: int
    present: int
    quorum: int | None
    members: int | None
    state: str  # open, closed, cancelled
    heads: Mapping[str, int] = field(default_factory=dict)
    weights: Mapping[str, int] = field(default_factory=dict)
    unit: str = "heads"
    ballots: int | None = None  # what the box held (not for tellers' counts)
    reason: str | None = None  # a cancelled poll's

    @property
    def cast(self) -> int:
        """Votes cast, abstentions included (heads)."""
        return sum(self.heads.values())

    @property
    def weighted(self) -> bool:
        """Whether the weights differ from the heads."""
        return dict(self.weights) != dict(self.heads)


@dataclass(frozen=True)
class Decision:
    """The body's decision on a motion, with its figures and the presence behind it."""

    motion: str
    title: str
    adopted: bool
    method: str
    yes: int
    no: int
    abstain: int
    unit: str
    threshold: str
    base: int | None
    required: int | None
    present_count: int | None
    quorum: int | None
    quorate: bool | None
    explanation: str
    at: str | None


@dataclass(frozen=True)
class Correction:
    """A correction of the minutes recorded by the secretary (`minutes.corrected`)."""

    seq: int
    at: str
    what: str
    correction: str
    reason: str
    by: str
    paragraph: int | None  # the paragraph it replaces, when `what` names one (§N)


@dataclass(frozen=True)
class Approval:
    """The approval of the minutes by a motion at a later sitting."""

    motion: str
    session: str  # the approving sitting
    hash: str  # SHA-256 of the canonical Markdown approved
    at: str
    status: str  # "moved" (pending), "approved", "not-approved"


@dataclass(frozen=True)
class Minutes:
    """The minutes of one session, as the journal records it."""

    session: str
    title: str
    body: str
    body_name: str
    language: str
    opened_at: str
    opened_by: str | None
    closed_at: str | None
    adjourned_at: str | None
    joint_bodies: tuple[str, ...]  # the bodies' names, for a joint session
    members: int  # delegates with a vote registered at the opening
    chair: str | None  # who presided at the opening (by the presidium's rota)
    presidium: tuple[tuple[str, int], ...]  # faction name, seats taken
    present_at_opening: int | None
    quorum_at_opening: int | None
    paragraphs: tuple[Paragraph, ...]
    motions: tuple[MotionRecord, ...]
    polls: tuple[PollRecord, ...]
    decisions: tuple[Decision, ...]
    corrections: tuple[Correction, ...]
    approvals: tuple[Approval, ...]
    head_seq: int  # the last entry read

    @property
    def approval(self) -> Approval | None:
        """The latest approval moved or decided, if any."""
        return self.approvals[-1] if self.approvals else None


def sessions(entries: Iterable[Entry]) -> list[SessionListing]:
    """Every session in the journal, in the order opened."""
    return [
        SessionListing(e.data["session"], e.data["body"], e.data["title"])
        for e in entries
        if e.kind == "session.opened"
    ]


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _paragraph_ref(what: str) -> int | None:
    text = what.strip().lstrip("§").strip()
    return int(text) if text.isdigit() else None


class _Reader:
    """Walks the journal once, keeping names, and the session's acts as paragraphs."""

    def __init__(self, session: str) -> None:
        self.session = session
        self.delegates: dict[str, str] = {}
        self.factions: dict[tuple[str, str], str] = {}
        self.bodies: dict[str, dict[str, Any]] = {}
        self.body_sessions: dict[str, list[str]] = {}
        self.rotas: dict[str, list[dict[str, Any]]] = {}
        self.presidia: dict[str, dict[str, Any]] = {}
        self.opened: Entry | None = None
        self.closed_at: str | None = None
        self.adjourned_at: str | None = None
        self.sitting = False
        self.paragraphs: list[Paragraph] = []
        self.motions: dict[str, dict[str, Any]] = {}
        self.polls: dict[str, dict[str, Any]] = {}
        self.decisions: list[Decision] = []
        self.corrections: list[Correction] = []
        self.approvals: list[Approval] = []
        self.pending_approval: dict[str, Approval] = {}  # motion -> approval moved
        self.present: int | None = None
        self.quorum: int | None = None
        self.items: dict[str, str] = {}
        self.items_taken = 0
        self.chair: str | None = None
        self.first_chair: str | None = None
        self.quorum_lost = False
        self.opening_presence: tuple[int | None, int | None] | None = None
        self.head_seq = 0

    # -- names ----------------------------------------------------------------------

    def name(self, delegate: object) -> str:
        ident = str(delegate)
        return self.delegates.get(ident, ident)

    def faction(self, slug: object) -> str | None:
        if slug is None:
            return None
        body = self.opened.data["body"] if self.opened else ""
        found = self.factions.get((body, str(slug)))
        if found is None:  # a joint sitting: a faction of any of its bodies
            found = next((n for (_, s), n in self.factions.items() if s == slug), None)
        return found or str(slug)

    def add(self, at: str | None, kind: str, **fields: Any) -> None:
        self.paragraphs.append(Paragraph(len(self.paragraphs) + 1, at, kind, fields))

    # -- the walk -------------------------------------------------------------------

    def read(self, entry: Entry) -> None:
        self.head_seq = entry.seq
        data = entry.data
        kind = entry.kind
        handler = _GLOBAL.get(kind)
        if handler is not None:
            handler(self, entry)
        if data.get("session") != self.session:
            if kind == "presidium.allotted" and self.sitting and data.get("body") == self.body:
                self.add(entry.at, "presidium", seats=_seats(self, data))
            return
        if kind == "minutes.corrected":
            self.corrections.append(
                Correction(
                    entry.seq,
                    entry.at,
                    str(data["what"]),
                    str(data["correction"]),
                    str(data["reason"]),
                    entry.actor,
                    _paragraph_ref(str(data["what"])),
                )
            )
            return
        if kind in ("minutes.approval-moved", "minutes.approved", "minutes.not-approved"):
            return  # these name the minutes' session but happen at another sitting
        at = data.get("at") if isinstance(data.get("at"), str) else entry.at
        session_handler = _SESSION.get(kind)
        if session_handler is not None:
            session_handler(self, entry, at)
        else:
            self.add(at, "other", act=kind)

    @property
    def body(self) -> str:
        return str(self.opened.data["body"]) if self.opened else ""

    def chair_by_rota(self) -> str | None:
        sittings = self.body_sessions.get(self.body, [])
        if self.session not in sittings:
            return None
        index = sittings.index(self.session)
        rota = next(
            (r for r in reversed(self.rotas.get(self.body, [])) if r["from"] <= index), None
        )
        if rota is None:
            return None
        chairs: list[str] = rota["chairs"]
        turn = 0
        if rota["rota"] == "per-session":
            turn = index - int(rota["from"])
        elif rota["rota"] == "per-item":
            turn = max(self.items_taken - 1, 0)
        return self.name(chairs[turn % len(chairs)])

    def note_chair(self, at: str | None) -> None:
        chair = self.chair_by_rota()
        if chair != self.chair:
            if self.chair is not None or self.paragraphs:
                self.add(at, "chair", chair=chair)
            self.chair = chair
            if self.first_chair is None:
                self.first_chair = chair


def _seats(reader: _Reader, data: Mapping[str, Any]) -> list[tuple[str, int]]:
    result = data.get("result") or {}
    out: list[tuple[str, int]] = []
    for share in result.get("factions", []):
        if share.get("taken"):
            out.append((reader.faction(share["name"]) or share["name"], int(share["taken"])))
    return out


# Entries read whatever their session: names, bodies, rotas, presidiums, approvals.


def _g_registered(reader: _Reader, entry: Entry) -> None:
    for item in entry.data.get("delegates", []):
        reader.delegates[item["delegate"]] = item["name"]


def _g_issued(reader: _Reader, entry: Entry) -> None:
    reader.delegates[entry.data["delegate"]] = entry.data["name"]
    for sub in entry.data.get("substitutes", []):
        reader.delegates[sub["delegate"]] = sub["name"]


def _g_faction(reader: _Reader, entry: Entry) -> None:
    reader.factions[(entry.data["body"], entry.data["faction"])] = entry.data["name"]


def _g_body(reader: _Reader, entry: Entry) -> None:
    reader.bodies[entry.data["body"]] = dict(entry.data)


def _g_opened(reader: _Reader, entry: Entry) -> None:
    reader.body_sessions.setdefault(entry.data["body"], []).append(entry.data["session"])
    if entry.data["session"] == reader.session:
        reader.opened = entry
        reader.sitting = True


def _g_chair_set(reader: _Reader, entry: Entry) -> None:
    body = entry.data["body"]
    sittings = reader.body_sessions.get(body, [])
    start = len(sittings)
    if reader.sitting and body == reader.body:
        start -= 1
    reader.rotas.setdefault(body, []).append(
        {"chairs": list(entry.data["chairs"]), "rota": entry.data["rota"], "from": start}
    )
    if reader.sitting and body == reader.body:
        reader.note_chair(entry.at)


def _g_allotted(reader: _Reader, entry: Entry) -> None:
    reader.presidia[entry.data["body"]] = dict(entry.data)


def _g_approval_moved(reader: _Reader, entry: Entry) -> None:
    if entry.data.get("minutes") != reader.session:
        return
    approval = Approval(
        entry.data["motion"], entry.data["session"], entry.data["hash"], entry.at, "moved"
    )
    reader.pending_approval[approval.motion] = approval
    reader.approvals.append(approval)


def _g_approval_decided(reader: _Reader, entry: Entry) -> None:
    if entry.data.get("minutes") != reader.session:
        return
    moved = reader.pending_approval.pop(entry.data["motion"], None)
    status = "approved" if entry.kind == "minutes.approved" else "not-approved"
    decided = Approval(
        entry.data["motion"],
        moved.session if moved else str(entry.data.get("session", "")),
        entry.data["hash"],
        entry.at,
        status,
    )
    reader.approvals = [a for a in reader.approvals if a != moved] + [decided]


_GLOBAL = {
    "delegates.registered": _g_registered,
    "mandate.issued": _g_issued,
    "faction.formed": _g_faction,
    "body.created": _g_body,
    "session.opened": _g_opened,
    "presidium.chair-set": _g_chair_set,
    "presidium.allotted": _g_allotted,
    "minutes.approval-moved": _g_approval_moved,
    "minutes.approved": _g_approval_decided,
    "minutes.not-approved": _g_approval_decided,
}


# Entries of the session itself.


def _s_opened(reader: _Reader, entry: Entry, at: str | None) -> None:
    reader.add(
        entry.at,
        "opened",
        by=reader.name(entry.data["opened_by"]) if entry.data.get("opened_by") else None,
    )
    reader.note_chair(entry.at)


def _s_presence(reader: _Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    ids = [str(d) for d in data.get("delegates", [])]
    first = reader.present is None
    reader.present = _int_or_none(data.get("present_count"))
    reader.quorum = _int_or_none(data.get("quorum"))
    if first and data.get("present") and reader.opening_presence is None:
        reader.opening_presence = (reader.present, reader.quorum)
    reader.add(
        at,
        "presence",
        present=bool(data.get("present")),
        count=len(ids),
        names=[reader.name(d) for d in ids] if len(ids) <= NAMES_LISTED else [],
        faction=reader.faction(data.get("faction")),
        declaration=data.get("declaration"),
        present_count=reader.present,
        quorum=reader.quorum,
        quorate=data.get("quorate"),
    )


def _s_quorum(reader: _Reader, entry: Entry, at: str | None) -> None:
    lost = entry.kind == "quorum.lost"
    if not lost and not reader.quorum_lost:
        return  # the quorum reached at the opening is told by the presence itself
    reader.quorum_lost = lost
    reader.add(
        at,
        "quorum",
        lost=lost,
        present_count=_int_or_none(entry.data.get("present_count")),
        quorum=_int_or_none(entry.data.get("quorum")),
    )


def _s_moved(reader: _Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    question = str(data["question"])
    brought = data.get("brought_from")
    reader.motions[question] = {
        "id": question,
        "title": str(data.get("title") or data["motion"]),
        "motion": str(data["motion"]),
        "mover": reader.name(data["mover"]),
        "seconder": None,
        "text": str(data.get("text") or ""),
        "amended_text": str(data.get("text") or ""),
        "applies_to": data.get("applies_to"),
        "strike": data.get("strike"),
        "status": "moved",
    }
    reader.add(
        at,
        "moved",
        motion=question,
        title=reader.motions[question]["title"],
        act=str(data["motion"]),
        mover=reader.name(data["mover"]),
        text=str(data.get("text") or ""),
        applies_to=data.get("applies_to"),
        until=data.get("until"),
        committee=data.get("committee"),
        brought_from=reader.bodies.get(brought["body"], {}).get("name", brought["body"])
        if isinstance(brought, dict)
        else None,
    )


def _s_seconded(reader: _Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    if question in reader.motions:
        reader.motions[question]["seconder"] = reader.name(entry.data["seconder"])
    reader.add(at, "seconded", motion=question, seconder=reader.name(entry.data["seconder"]))


def _s_stated(reader: _Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    if question in reader.motions:
        reader.motions[question]["status"] = "pending"


def _s_put(reader: _Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    reader.add(
        at,
        "put",
        motion=question,
        title=reader.motions.get(question, {}).get("title", question),
        needs=entry.data.get("needs"),
    )


def _s_decided(reader: _Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    question = str(data["question"])
    adopted = entry.kind == "motion.adopted"
    motion = reader.motions.get(question)
    if motion is not None:
        motion["status"] = "adopted" if adopted else "rejected"
    decision = Decision(
        motion=question,
        title=motion["title"] if motion else question,
        adopted=adopted,
        method=str(data.get("method") or ""),
        yes=int(data.get("yes") or 0),
        no=int(data.get("no") or 0),
        abstain=int(data.get("abstain") or 0),
        unit=str(data.get("unit") or "heads"),
        threshold=str(data.get("threshold") or ""),
        base=_int_or_none(data.get("base")),
        required=_int_or_none(data.get("required")),
        present_count=_int_or_none(data.get("present_count")),
        quorum=_int_or_none(data.get("quorum")),
        quorate=data.get("quorate") if isinstance(data.get("quorate"), bool) else None,
        explanation=str(data.get("explanation") or ""),
        at=at,
    )
    reader.decisions.append(decision)
    reader.add(at, "decision", decision=decision)


def _s_amended(reader: _Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    if question in reader.motions:
        reader.motions[question]["amended_text"] = str(entry.data["text"])
    reader.add(
        at,
        "amended",
        motion=question,
        amendment=entry.data.get("amendment"),
        title=reader.motions.get(question, {}).get("title", question),
        text=str(entry.data["text"]),
    )


_DISPOSALS = {
    "motion.tabled": "tabled",
    "motion.postponed": "postponed",
    "motion.referred": "referred",
    "motion.postponed-indefinitely": "postponed-indefinitely",
    "motion.withdrawn": "withdrawn",
    "motion.taken-from-table": "pending",
    "question.taken-up": "pending",
    "motion.reconsidered": "pending",
    "motion.rescinded": "rescinded",
    "motion.not-considered": "not-considered",
    "debate.closed": None,
    "debate.limited": None,
    "vote.cancelled": "pending",
}


def _s_disposed(reader: _Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    ids = [str(q) for q in data.get("questions", [])] or (
        [str(data["question"])] if data.get("question") else []
    )
    status = _DISPOSALS[entry.kind]
    for question in ids:
        if status is not None and question in reader.motions:
            reader.motions[question]["status"] = status
    reader.add(
        at,
        "disposed",
        act=entry.kind,
        titles=[reader.motions.get(q, {}).get("title", q) for q in ids],
        by=reader.name(data["by"]) if data.get("by") else None,
        until=data.get("until"),
        committee=reader.bodies.get(str(data.get("committee")), {}).get(
            "name", data.get("committee")
        ),
        reason=data.get("reason"),
    )


def _s_divided(reader: _Reader, entry: Entry, at: str | None) -> None:
    whole = reader.motions.get(str(entry.data["question"]))
    texts = [str(t) for t in entry.data.get("texts", [])]
    for part, text in zip(entry.data.get("parts", []), texts, strict=False):
        reader.motions[str(part)] = {
            **(whole or {}),
            "id": str(part),
            "text": text,
            "amended_text": text,
            "status": "pending",
        }
    if whole is not None:
        whole["status"] = "divided"
    reader.add(
        at,
        "disposed",
        act=entry.kind,
        titles=[whole["title"] if whole else ""],
        by=None,
        until=None,
        committee=None,
        reason=None,
    )


def _s_floor(reader: _Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    question = data.get("question")
    reader.add(
        at,
        "speech",
        speaker=reader.name(data["delegate"]),
        reply=data.get("kind") == "reply",
        in_name_of=reader.faction(data.get("in_name_of")),
        side=data.get("side"),
        on=reader.motions.get(str(question), {}).get("title") if question else None,
    )


def _s_interrupted(reader: _Reader, entry: Entry, at: str | None) -> None:
    reader.add(
        at,
        "interrupted",
        speaker=reader.name(entry.data["delegate"]),
        by=reader.name(entry.data["by"]) if entry.data.get("by") else None,
    )


def _s_ruling(reader: _Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    if entry.kind == "ruling.made":
        reader.add(
            at,
            "ruling",
            text=str(data.get("text") or ""),
            well_taken=data.get("well_taken"),
            outcome=None,
        )
    else:
        reader.add(at, "ruling", text="", well_taken=None, outcome=entry.kind.split(".")[1])


def _s_agenda(reader: _Reader, entry: Entry, at: str | None) -> None:
    if entry.kind == "agenda.changed":
        for item in entry.data.get("items", []):
            reader.items[str(item["item"])] = str(item["title"])
        reader.add(at, "agenda", items=[str(i["title"]) for i in entry.data.get("items", [])])
        return
    reader.items_taken += 1
    item = str(entry.data["item"])
    reader.add(at, "item", title=reader.items.get(item, item))
    reader.note_chair(at)


def _s_declared(reader: _Reader, entry: Entry, at: str | None) -> None:
    reader.add(
        entry.at,
        "declaration",
        faction=reader.faction(entry.data["faction"]),
        speaker=reader.name(entry.data["delegate"]),
        text=str(entry.data["text"]),
    )


def _s_poll_opened(reader: _Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    reader.polls[str(data["poll"])] = {
        "id": str(data["poll"]),
        "motion": data.get("motion"),
        "title": str(data.get("title") or ""),
        "method": str(data.get("method") or ""),
        "question": str(data.get("question") or "yes-no-abstain"),
        "threshold": str(data.get("threshold") or ""),
        "eligible": len(data.get("eligible") or []),
        "present": _int_or_none(data.get("present")) or 0,
        "quorum": _int_or_none(data.get("quorum")),
        "members": _int_or_none(data.get("members")),
        "state": "open",
    }


def _s_poll_closed(reader: _Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    poll = reader.polls.setdefault(str(data["poll"]), {"id": str(data["poll"])})
    box = data.get("box")
    if entry.kind == "poll.closed":
        poll.update(
            state="closed",
            heads={str(k): int(v) for k, v in (data.get("heads") or {}).items()},
            weights={str(k): int(v) for k, v in (data.get("weights") or {}).items()},
            unit=str(data.get("unit") or "heads"),
            eligible=_int_or_none(data.get("eligible")) or poll.get("eligible", 0),
        )
    else:
        poll.update(state="cancelled", reason=str(data.get("reason") or ""))
    if isinstance(box, dict):
        poll["ballots"] = _int_or_none(box.get("ballots"))
    record = _poll_record(poll)
    reader.add(entry.at, "poll", poll=record)


def _poll_record(poll: Mapping[str, Any]) -> PollRecord:
    return PollRecord(
        id=str(poll["id"]),
        motion=poll.get("motion"),
        title=str(poll.get("title", "")),
        method=str(poll.get("method", "")),
        question=str(poll.get("question", "yes-no-abstain")),
        threshold=str(poll.get("threshold", "")),
        eligible=int(poll.get("eligible", 0)),
        present=int(poll.get("present", 0)),
        quorum=poll.get("quorum"),
        members=poll.get("members"),
        state=str(poll.get("state", "open")),
        heads=dict(poll.get("heads", {})),
        weights=dict(poll.get("weights", {})),
        unit=str(poll.get("unit", "heads")),
        ballots=poll.get("ballots"),
        reason=poll.get("reason"),
    )


def _s_session_state(reader: _Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    if entry.kind == "session.adjourned":
        reader.adjourned_at = at
        reader.add(
            at,
            "adjourned",
            to=data.get("to"),
            left_pending=[
                reader.motions.get(str(q), {}).get("title", q)
                for q in data.get("no_vote_taken", [])
            ],
        )
        for question in data.get("no_vote_taken", []):
            if str(question) in reader.motions:
                reader.motions[str(question)]["status"] = "no-vote-taken"
    elif entry.kind == "session.closed":
        reader.closed_at = entry.at
        reader.sitting = False
        reader.add(entry.at, "closed")
    elif entry.kind == "session.recessed":
        reader.add(at, "recess", until=data.get("until"))
    elif entry.kind == "session.resumed":
        reader.add(at, "resumed")
    elif entry.kind == "adjournment.fixed":
        reader.add(at, "other", act=entry.kind, to=data.get("to"))


def _s_silent(reader: _Reader, entry: Entry, at: str | None) -> None:
    return  # told by the paragraphs around it (a request for the floor, a yield...)


def _s_seated(reader: _Reader, entry: Entry, at: str | None) -> None:
    body = reader.bodies.get(str(entry.data["body"]), {}).get("name", entry.data["body"])
    made = entry.data.get("made_place")
    reader.add(
        entry.data.get("at") or entry.at,
        "seated",
        body=body,
        made_place=reader.bodies.get(str(made), {}).get("name", made) if made else None,
    )


_SESSION = {
    "session.opened": _s_opened,
    "presence.changed": _s_presence,
    "quorum.lost": _s_quorum,
    "quorum.regained": _s_quorum,
    "motion.moved": _s_moved,
    "motion.seconded": _s_seconded,
    "question.stated": _s_stated,
    "question.put": _s_put,
    "motion.adopted": _s_decided,
    "motion.rejected": _s_decided,
    "text.amended": _s_amended,
    "question.divided": _s_divided,
    "floor.given": _s_floor,
    "floor.interrupted": _s_interrupted,
    "floor.requested": _s_silent,
    "floor.request-withdrawn": _s_silent,
    "floor.yielded": _s_silent,
    "floor.resumed": _s_silent,
    "speakers.closed": _s_silent,
    "division.demanded": _s_silent,
    "delegate.registered": _s_silent,
    "ruling.made": _s_ruling,
    "ruling.sustained": _s_ruling,
    "ruling.reversed": _s_ruling,
    "agenda.changed": _s_agenda,
    "agenda.item-taken-up": _s_agenda,
    "faction.declared": _s_declared,
    "poll.opened": _s_poll_opened,
    "poll.scheduled": _s_silent,
    "poll.count-entered": _s_silent,
    "poll.closed": _s_poll_closed,
    "poll.cancelled": _s_poll_closed,
    "session.adjourned": _s_session_state,
    "session.closed": _s_session_state,
    "session.recessed": _s_session_state,
    "session.resumed": _s_session_state,
    "adjournment.fixed": _s_session_state,
    "joint-session.presidium-seated": _s_seated,
    "mandate.contested": _s_silent,
    **{kind: _s_disposed for kind in _DISPOSALS},
}


def draw(entries: Iterable[Entry], session: str) -> Minutes:
    """The minutes of `session` from the journal's entries (in `seq` order).

    Raises UnknownSession, listing the sessions there are, when none has that id."""
    all_entries = list(entries)
    reader = _Reader(session)
    for entry in all_entries:
        reader.read(entry)
    opened = reader.opened
    if opened is None:
        raise UnknownSession(session, sessions(all_entries))
    body = reader.bodies.get(reader.body, {})
    motions = []
    for data in reader.motions.values():
        amendments = tuple(
            Amendment(a["id"], a["mover"], a["text"], a.get("strike"), a["status"])
            for a in reader.motions.values()
            if a["motion"] == "amend" and a["applies_to"] == data["id"]
        )
        motions.append(
            MotionRecord(
                id=data["id"],
                title=data["title"],
                motion=data["motion"],
                mover=data["mover"],
                seconder=data["seconder"],
                text=data["text"],
                amended_text=data["amended_text"],
                applies_to=data["applies_to"],
                status=data["status"],
                amendments=amendments,
            )
        )
    presidium = reader.presidia.get(reader.body)
    opening = reader.opening_presence or (None, None)
    joint = opened.data.get("bodies") or []
    return Minutes(
        session=session,
        title=str(opened.data["title"]),
        body=reader.body,
        body_name=str(body.get("name", reader.body)),
        language=str(body.get("language", "en")),
        opened_at=opened.at,
        opened_by=reader.name(opened.data["opened_by"]) if opened.data.get("opened_by") else None,
        closed_at=reader.closed_at,
        adjourned_at=reader.adjourned_at,
        joint_bodies=tuple(
            str(reader.bodies.get(b["body"], {}).get("name", b["body"])) for b in joint
        ),
        members=_members(opened, all_entries),
        chair=reader.first_chair,
        presidium=tuple(_seats(reader, presidium)) if presidium else (),
        present_at_opening=opening[0],
        quorum_at_opening=opening[1],
        paragraphs=tuple(reader.paragraphs),
        motions=tuple(motions),
        polls=tuple(_poll_record(p) for p in reader.polls.values()),
        decisions=tuple(reader.decisions),
        corrections=tuple(reader.corrections),
        approvals=tuple(reader.approvals),
        head_seq=reader.head_seq,
    )


def _members(opened: Entry, entries: list[Entry]) -> int:
    joint = opened.data.get("bodies")
    if isinstance(joint, list):
        return sum(int(b.get("members", 0)) for b in joint)
    for entry in entries:
        if (
            entry.seq > opened.seq
            and entry.kind == "poll.opened"
            and entry.data.get("session") == opened.data["session"]
        ):
            return int(entry.data.get("members") or 0)
    voting = 0
    for entry in entries:
        if entry.seq >= opened.seq:
            break
        if entry.kind == "delegates.registered" and entry.data["body"] == opened.data["body"]:
            voting += sum(1 for d in entry.data["delegates"] if d.get("voting", True))
    return voting
