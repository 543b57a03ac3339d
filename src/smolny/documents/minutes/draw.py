"""The minutes of a session, drawn from the journal alone.

`draw(entries, session)` reads the entries (as `smolny journal export` writes them, or
from a database) and returns a `Minutes` value: who presided, presence at the opening and
every change of it (walkouts with the faction's declaration), the agenda items taken up,
the speakers, each motion with its text as amended and each amendment's fate, each poll
with its figures, each decision with the presence behind it, the adjournment and close,
the secretary's corrections, and the approval. Nothing here formats or translates: the
writers (`smolny.documents.minutes.document`) do that. See docs/minutes.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from smolny.documents.minutes.acts import SESSION, poll_record, presidium_fields
from smolny.documents.minutes.model import (
    Amendment,
    Correction,
    Minutes,
    MotionRecord,
    Note,
    Postponement,
    UnknownSession,
    paragraph_ref,
    sessions,
)
from smolny.documents.minutes.reader import GLOBAL, Reader, seats
from smolny.record import kinds as k
from smolny.record.entry import Entry


def read(reader: Reader, entry: Entry) -> None:
    """Read one entry into `reader`: names and rotas from any entry, paragraphs from the
    session's own."""
    reader.head_seq = reader.seq = entry.seq
    data = entry.data
    kind = entry.kind
    handler = GLOBAL.get(kind)
    if handler is not None:
        handler(reader, entry)
    if data.get("session") != reader.session:
        if kind == k.PRESIDIUM_ALLOTTED and reader.sitting and data.get("body") == reader.body:
            reader.add(entry.at, "presidium", **presidium_fields(reader, data))
        return
    reader.own.add(entry.seq)
    if kind == k.MINUTES_CORRECTED:
        reader.corrections.append(
            Correction(
                entry.seq,
                entry.at,
                str(data["what"]),
                str(data["correction"]),
                str(data["reason"]),
                entry.actor,
                paragraph_ref(str(data["what"])),
            )
        )
        return
    if kind in (k.MINUTES_APPROVAL_MOVED, k.MINUTES_APPROVED, k.MINUTES_NOT_APPROVED):
        return  # these name the minutes' session but happen at another sitting
    at = data.get("at") if isinstance(data.get("at"), str) else entry.at
    session_handler = SESSION.get(kind)
    if session_handler is not None:
        session_handler(reader, entry, at)
    else:
        reader.add(at, "other", act=kind)


def draw(entries: Iterable[Entry], session: str) -> Minutes:
    """The minutes of `session` from the journal's entries (in `seq` order).

    Raises UnknownSession, listing the sessions there are, when none has that id."""
    all_entries = list(entries)
    reader = Reader(session)
    for entry in all_entries:
        read(reader, entry)
    opened = reader.opened
    if opened is None:
        raise UnknownSession(session, sessions(all_entries))
    body = reader.bodies.get(reader.body, {})
    motions = []
    for data in reader.motions.values():
        amendments = tuple(
            Amendment(a["id"], a["mover"], a["text"], a.get("strike"), a["status"], a.get("said"))
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
    held = presidium_fields(reader, presidium) if presidium else {}
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
        presidium=tuple(seats(reader, presidium)) if presidium else (),
        present_at_opening=opening[0],
        quorum_at_opening=opening[1],
        paragraphs=tuple(reader.paragraphs),
        motions=tuple(motions),
        polls=tuple(poll_record(p) for p in reader.polls.values()),
        decisions=tuple(reader.decisions),
        corrections=tuple(reader.corrections),
        approvals=tuple(reader.approvals),
        head_seq=reader.head_seq,
        chairs=tuple(reader.chairs),
        notes=_notes(reader),
        time_zone=body.get("time_zone"),
        time_zone_name=body.get("time_zone_name"),
        scheduled_for=reader.scheduled["scheduled_for"] if reader.scheduled else None,
        emergency=bool(opened.data.get("emergency")),
        postponements=tuple(
            Postponement(str(p["at"]), p.get("to"), str(p.get("reason") or ""))
            for p in reader.postponements
        ),
        declined=tuple(held.get("declined", ())),
        reserved=tuple(held.get("reserved", ())),
        declined_given=bool(held.get("declined_given")),
        voices_at_opening=reader.voices_at_opening,
        opened_by_chair_account=_chair_account(all_entries, opened),
    )


def _chair_account(entries: list[Entry], opened: Entry) -> str | None:
    """The user name of the account that opened the sitting, if it is a chair's account."""
    if not opened.actor.startswith("account:"):
        return None
    ident = opened.actor.removeprefix("account:")
    for entry in entries:
        if entry.seq > opened.seq:
            break
        if entry.kind == k.ACCOUNT_CREATED and entry.data.get("account") == ident:
            return str(entry.data["username"]) if entry.data.get("role") == "chair" else None
    return None


def _notes(reader: Reader) -> tuple[Note, ...]:
    """The notes on this session's entries (or given for it), each with its paragraph."""
    told = {seq: p.number for p in reversed(reader.paragraphs) for seq in p.seqs}
    notes = []
    for data in reader.notes:
        about = int(data["about"])
        paragraph = told.get(about)
        if data.get("session") != reader.session and about not in reader.own:
            continue  # a note on an entry of another sitting, or of none
        notes.append(Note(about, str(data["text"]), data.get("field"), paragraph))
    return tuple(notes)


def _members(opened: Entry, entries: list[Entry]) -> int:
    joint = opened.data.get("bodies")
    if isinstance(joint, list):
        return sum(int(b.get("members", 0)) for b in joint)
    for entry in entries:
        if (
            entry.seq > opened.seq
            and entry.kind == k.POLL_OPENED
            and entry.data.get("session") == opened.data["session"]
        ):
            return int(entry.data.get("members") or 0)
    # the body's voting delegates at the opening: registered, or seated on a mandate whose
    # credentials were accepted (a contested one too, until it is annulled), less those whose
    # mandate was annulled or recalled
    body = opened.data["body"]
    voting: set[str] = set()
    with_vote: set[str] = set()  # mandates issued with a vote, seated once accepted
    for entry in entries:
        if entry.seq >= opened.seq:
            break
        data = entry.data
        if entry.kind == k.DELEGATES_REGISTERED and data["body"] == body:
            voting |= {str(d["delegate"]) for d in data["delegates"] if d.get("voting", True)}
        elif entry.kind == k.MANDATE_ISSUED and data["body"] == body and data["voting"]:
            with_vote.add(str(data["delegate"]))
        elif entry.kind == k.MANDATE_ACCEPTED and str(data["delegate"]) in with_vote:
            voting.add(str(data["delegate"]))
        elif entry.kind in _UNSEATED and data["body"] == body:
            voting.discard(str(data["delegate"]))
    return len(voting)


_UNSEATED = (k.MANDATE_REJECTED, k.MANDATE_ANNULLED, k.MANDATE_RECALLED)
