"""Walking the journal for one session's minutes: names, bodies, rotas and presidiums
(read whatever the session), and the paragraphs the session's own entries add.

`Reader` holds what the walk has learnt; `GLOBAL` lists the entries read whatever their
session; the session's own entries are `smolny.documents.minutes.acts`'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smolny.documents.minutes.model import Approval, Correction, Decision, Paragraph
from smolny.record import kinds as k
from smolny.record.entry import Entry

NAMES_LISTED = 12  # a presence change of this many delegates or fewer names them


class Reader:
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
        # the record as the accounts tell it (issue 17)
        self.seq = 0  # the entry being read: its paragraphs carry it
        self.chairs: list[tuple[str | None, str]] = []  # each chair taken: (at, name)
        self.notes: list[dict[str, Any]] = []  # every note in the record
        self.own: set[int] = set()  # the seqs of the session's own entries
        self.scheduled: dict[str, Any] | None = None
        self.postponements: list[dict[str, Any]] = []
        self.voiceless: set[str] = set()  # delegates with a voice and no vote
        self.in_hall: set[str] = set()
        self.voices_at_opening = 0

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
        if found is None:  # a delegate's sending body (a council of a congress)
            found = self.bodies.get(str(slug), {}).get("name")
        return found or str(slug)

    def add(self, at: str | None, kind: str, **fields: Any) -> None:
        number = len(self.paragraphs) + 1
        self.paragraphs.append(Paragraph(number, at, kind, fields, (self.seq,)))

    # -- the walk -------------------------------------------------------------------

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


def seats(reader: Reader, data: Mapping[str, Any], held: str = "taken") -> list[tuple[str, int]]:
    """The seats of each faction a presidium's allotment gives: `taken`, `declined` (left
    empty or given to the others) or `reserved` (held for the faction to take up)."""
    result = data.get("result") or {}
    out: list[tuple[str, int]] = []
    for share in result.get("factions", []):
        if share.get(held):
            out.append((reader.faction(share["name"]) or share["name"], int(share[held])))
    return out


# Entries read whatever their session: names, bodies, rotas, presidiums, approvals.


def _g_registered(reader: Reader, entry: Entry) -> None:
    for item in entry.data.get("delegates", []):
        reader.delegates[item["delegate"]] = item["name"]
        if item.get("voting") is False:
            reader.voiceless.add(str(item["delegate"]))


def _g_issued(reader: Reader, entry: Entry) -> None:
    reader.delegates[entry.data["delegate"]] = entry.data["name"]
    if entry.data.get("voting") is False:
        reader.voiceless.add(str(entry.data["delegate"]))
    for sub in entry.data.get("substitutes", []):
        reader.delegates[sub["delegate"]] = sub["name"]


def _g_faction(reader: Reader, entry: Entry) -> None:
    reader.factions[(entry.data["body"], entry.data["faction"])] = entry.data["name"]


def _g_body(reader: Reader, entry: Entry) -> None:
    reader.bodies[entry.data["body"]] = dict(entry.data)


def _g_opened(reader: Reader, entry: Entry) -> None:
    reader.body_sessions.setdefault(entry.data["body"], []).append(entry.data["session"])
    if entry.data["session"] == reader.session:
        reader.opened = entry
        reader.sitting = True


def _g_chair_set(reader: Reader, entry: Entry) -> None:
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


def _g_allotted(reader: Reader, entry: Entry) -> None:
    reader.presidia[entry.data["body"]] = dict(entry.data)


def _g_seats_taken_up(reader: Reader, entry: Entry) -> None:
    # a faction takes up the seats held for it: reserved no more, taken
    presidium = reader.presidia.get(entry.data["body"])
    if presidium is None:
        return
    result = dict(presidium.get("result") or {})
    result["factions"] = [
        {
            **share,
            "taken": int(share.get("taken", 0)) + int(share.get("reserved", 0)),
            "reserved": 0,
        }
        if share.get("name") == entry.data["faction"]
        else share
        for share in result.get("factions", [])
    ]
    reader.presidia[entry.data["body"]] = {**presidium, "result": result}


def _g_time_zone(reader: Reader, entry: Entry) -> None:
    body = reader.bodies.setdefault(entry.data["body"], {})
    body["time_zone"], body["time_zone_name"] = entry.data["zone"], entry.data.get("name")


def _g_scheduled(reader: Reader, entry: Entry) -> None:
    if entry.data["session"] == reader.session:
        reader.scheduled = dict(entry.data)


def _g_postponed(reader: Reader, entry: Entry) -> None:
    if entry.data["session"] == reader.session:
        reader.postponements.append({**entry.data, "at": entry.at})


def _g_note(reader: Reader, entry: Entry) -> None:
    reader.notes.append(dict(entry.data))


def _g_approval_moved(reader: Reader, entry: Entry) -> None:
    if entry.data.get("minutes") != reader.session:
        return
    approval = Approval(
        entry.data["motion"], entry.data["session"], entry.data["hash"], entry.at, "moved"
    )
    reader.pending_approval[approval.motion] = approval
    reader.approvals.append(approval)


def _g_approval_decided(reader: Reader, entry: Entry) -> None:
    if entry.data.get("minutes") != reader.session:
        return
    moved = reader.pending_approval.pop(entry.data["motion"], None)
    status = "approved" if entry.kind == k.MINUTES_APPROVED else "not-approved"
    decided = Approval(
        entry.data["motion"],
        moved.session if moved else str(entry.data.get("session", "")),
        entry.data["hash"],
        entry.at,
        status,
    )
    reader.approvals = [a for a in reader.approvals if a != moved] + [decided]


GLOBAL = {
    k.DELEGATES_REGISTERED: _g_registered,
    k.MANDATE_ISSUED: _g_issued,
    k.FACTION_FORMED: _g_faction,
    k.BODY_CREATED: _g_body,
    k.SESSION_OPENED: _g_opened,
    k.PRESIDIUM_CHAIR_SET: _g_chair_set,
    k.PRESIDIUM_ALLOTTED: _g_allotted,
    k.PRESIDIUM_SEATS_TAKEN_UP: _g_seats_taken_up,
    k.BODY_TIME_ZONE_SET: _g_time_zone,
    k.SESSION_SCHEDULED: _g_scheduled,
    k.SESSION_POSTPONED: _g_postponed,
    k.NOTE_ADDED: _g_note,
    k.MINUTES_APPROVAL_MOVED: _g_approval_moved,
    k.MINUTES_APPROVED: _g_approval_decided,
    k.MINUTES_NOT_APPROVED: _g_approval_decided,
}
