"""The paragraphs of a session's own entries: one small function per kind of entry.

Each takes the `Reader` walking the journal, the entry and the time the act was made at
(the entry's own `at` in its data, else the time it was recorded), and adds what it tells
to the minutes. `SESSION` lists them by kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from smolny.documents.minutes.model import Decision, PollRecord, int_or_none
from smolny.documents.minutes.reader import NAMES_LISTED, Reader, seats
from smolny.procedure.text import Edit, wording
from smolny.record import kinds as k
from smolny.record.entry import Entry


def _s_opened(reader: Reader, entry: Entry, at: str | None) -> None:
    reader.add(
        entry.at,
        "opened",
        by=reader.name(entry.data["opened_by"]) if entry.data.get("opened_by") else None,
    )
    reader.note_chair(entry.at)


def _s_presence(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    ids = [str(d) for d in data.get("delegates", [])]
    first = reader.present is None
    reader.present = int_or_none(data.get("present_count"))
    reader.quorum = int_or_none(data.get("quorum"))
    if data.get("present"):
        reader.in_hall.update(ids)
    else:
        reader.in_hall.difference_update(ids)
    if first and data.get("present") and reader.opening_presence is None:
        reader.opening_presence = (reader.present, reader.quorum)
        reader.voices_at_opening = len(reader.in_hall & reader.voiceless)
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
        voices=len(reader.in_hall & reader.voiceless),
    )


def _s_quorum(reader: Reader, entry: Entry, at: str | None) -> None:
    lost = entry.kind == k.QUORUM_LOST
    if not lost and not reader.quorum_lost:
        return  # the quorum reached at the opening is told by the presence itself
    reader.quorum_lost = lost
    reader.add(
        at,
        "quorum",
        lost=lost,
        present_count=int_or_none(entry.data.get("present_count")),
        quorum=int_or_none(entry.data.get("quorum")),
    )


def _said(reader: Reader, data: Mapping[str, Any]) -> tuple[str, dict[str, str]] | None:
    """An amendment at a place in the text, in words (a template and its fields), from the
    text it amends as that stood when it was moved."""
    change, target = data.get("change"), reader.motions.get(str(data.get("applies_to")))
    if not isinstance(change, dict) or target is None:
        return None
    start, end = change["span"]
    edit = Edit(str(change["operation"]), start, end, str(data.get("text") or ""))
    try:
        return wording(str(target["amended_text"]), edit)
    except (IndexError, ValueError):  # a place the text does not have: said as before
        return None


def _s_moved(reader: Reader, entry: Entry, at: str | None) -> None:
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
        "said": _said(reader, data),
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


def _s_seconded(reader: Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    if question in reader.motions:
        reader.motions[question]["seconder"] = reader.name(entry.data["seconder"])
    reader.add(at, "seconded", motion=question, seconder=reader.name(entry.data["seconder"]))


def _s_stated(reader: Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    if question in reader.motions:
        reader.motions[question]["status"] = "pending"


def _s_put(reader: Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    reader.add(
        at,
        "put",
        motion=question,
        title=reader.motions.get(question, {}).get("title", question),
        needs=entry.data.get("needs"),
    )


def _s_decided(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    question = str(data["question"])
    adopted = k.adopted(entry.kind, data)
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
        base=int_or_none(data.get("base")),
        required=int_or_none(data.get("required")),
        present_count=int_or_none(data.get("present_count")),
        quorum=int_or_none(data.get("quorum")),
        quorate=data.get("quorate") if isinstance(data.get("quorate"), bool) else None,
        explanation=str(data.get("explanation") or ""),
        at=at,
        counted=entry.kind != k.MOTION_DECLARED,
        words=str(data["words"]) if data.get("words") else None,
    )
    reader.decisions.append(decision)
    reader.add(at, "decision", decision=decision)


def _s_amended(reader: Reader, entry: Entry, at: str | None) -> None:
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
    k.MOTION_TABLED: "tabled",
    k.MOTION_POSTPONED: "postponed",
    k.MOTION_REFERRED: "referred",
    k.MOTION_POSTPONED_INDEFINITELY: "postponed-indefinitely",
    k.MOTION_WITHDRAWN: "withdrawn",
    k.MOTION_SET_ASIDE: "no-vote-taken",
    k.MOTION_TAKEN_FROM_TABLE: "pending",
    k.QUESTION_TAKEN_UP: "pending",
    k.MOTION_RECONSIDERED: "pending",
    k.MOTION_RESCINDED: "rescinded",
    k.MOTION_NOT_CONSIDERED: "not-considered",
    k.DEBATE_CLOSED: None,
    k.DEBATE_LIMITED: None,
    k.VOTE_CANCELLED: "pending",
}


def _s_disposed(reader: Reader, entry: Entry, at: str | None) -> None:
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


def _s_divided(reader: Reader, entry: Entry, at: str | None) -> None:
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


def _s_floor(reader: Reader, entry: Entry, at: str | None) -> None:
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


def _s_yielded(reader: Reader, entry: Entry, at: str | None) -> None:
    # the speaker's words go with the paragraph of their speech
    if not entry.data.get("words"):
        return
    speaker = reader.name(entry.data["delegate"])
    for index in range(len(reader.paragraphs) - 1, -1, -1):
        paragraph = reader.paragraphs[index]
        if paragraph.kind == "speech" and paragraph.fields.get("speaker") == speaker:
            fields = {
                **paragraph.fields,
                "words": str(entry.data["words"]),
                "quoted": bool(entry.data.get("quoted")),
            }
            reader.paragraphs[index] = replace(
                paragraph, fields=fields, seqs=(*paragraph.seqs, entry.seq)
            )
            return


def _s_interjected(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    reader.add(
        at,
        "interjection",
        by=reader.name(data["delegate"]) if data.get("delegate") else None,
        voice=data.get("voice"),
        words=str(data["words"]),
        quoted=bool(data.get("quoted")),
    )


def _s_guest(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    reader.add(
        at,
        "guest",
        name=str(data["name"]),
        in_name_of=data.get("in_name_of"),
        words=str(data["words"]),
        quoted=bool(data.get("quoted")),
    )


def _s_chair_taken(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    chair = reader.name(data["delegate"]) if data.get("delegate") else str(data.get("name"))
    reader.chairs.append((at, chair))
    reader.chair = chair
    if reader.first_chair is None:
        reader.first_chair = chair
    reader.add(at, "chair", chair=chair)


def _s_report(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    reader.add(
        at,
        "report",
        by=reader.name(data["delegate"]) if data.get("delegate") else str(data.get("name")),
        in_name_of=reader.faction(data.get("in_name_of"))
        if data.get("delegate")
        else data.get("in_name_of"),
        announcement=data.get("kind") == "announcement",
        subject=str(data["subject"]),
        text=str(data.get("text") or ""),
    )


def _s_statement(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    reader.add(
        at,
        "statement",
        name=str(data["name"]),
        in_name_of=data.get("in_name_of"),
        text=str(data["text"]),
    )


def presidium_fields(reader: Reader, data: Mapping[str, Any]) -> dict[str, Any]:
    """A presidium's seats taken by each faction; and, where there are any, the seats
    declined (left empty, or given to the others) and those held for a faction."""
    fields: dict[str, Any] = {"seats": seats(reader, data)}
    declined = seats(reader, data, "declined")
    if declined:
        fields["declined"] = declined
        fields["declined_given"] = data.get("declined_seats") == "given"
    reserved = seats(reader, data, "reserved")
    if reserved:
        fields["reserved"] = reserved
    return fields


def _s_interrupted(reader: Reader, entry: Entry, at: str | None) -> None:
    reader.add(
        at,
        "interrupted",
        speaker=reader.name(entry.data["delegate"]),
        by=reader.name(entry.data["by"]) if entry.data.get("by") else None,
    )


def _s_ruling(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    if entry.kind == k.RULING_MADE:
        reader.add(
            at,
            "ruling",
            text=str(data.get("text") or ""),
            well_taken=data.get("well_taken"),
            outcome=None,
        )
    else:
        reader.add(at, "ruling", text="", well_taken=None, outcome=entry.kind.split(".")[1])


def _s_agenda(reader: Reader, entry: Entry, at: str | None) -> None:
    if entry.kind in (k.AGENDA_CHANGED, k.AGENDA_ADOPTED):
        for item in entry.data.get("items", []):
            reader.items[str(item["item"])] = str(item["title"])
        reader.add(at, "agenda", items=[str(i["title"]) for i in entry.data.get("items", [])])
        return
    reader.items_taken += 1
    item = str(entry.data["item"])
    reader.add(at, "item", title=reader.items.get(item, item))
    reader.note_chair(at)


def _s_declared(reader: Reader, entry: Entry, at: str | None) -> None:
    reader.add(
        entry.at,
        "declaration",
        faction=reader.faction(entry.data["faction"]),
        speaker=reader.name(entry.data["delegate"]),
        text=str(entry.data["text"]),
    )


def _s_poll_opened(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    reader.polls[str(data["poll"])] = {
        "id": str(data["poll"]),
        "motion": data.get("motion"),
        "title": str(data.get("title") or ""),
        "method": str(data.get("method") or ""),
        "question": str(data.get("question") or "yes-no-abstain"),
        "threshold": str(data.get("threshold") or ""),
        "eligible": len(data.get("eligible") or []),
        "present": int_or_none(data.get("present")) or 0,
        "quorum": int_or_none(data.get("quorum")),
        "members": int_or_none(data.get("members")),
        "state": "open",
        "options": tuple(str(o) for o in data.get("options") or ()),
    }


def _s_poll_closed(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    poll = reader.polls.setdefault(str(data["poll"]), {"id": str(data["poll"])})
    box = data.get("box")
    if entry.kind == k.POLL_CLOSED:
        poll.update(
            state="closed",
            heads={str(key): int(v) for key, v in (data.get("heads") or {}).items()},
            weights={str(key): int(v) for key, v in (data.get("weights") or {}).items()},
            unit=str(data.get("unit") or "heads"),
            eligible=int_or_none(data.get("eligible")) or poll.get("eligible", 0),
        )
        outcome = data.get("outcome")
        count = outcome.get("count") if isinstance(outcome, dict) else None
        if isinstance(count, dict) and "ranking" in count and "stages" not in count:
            poll["order"] = count
        if isinstance(outcome, dict) and poll.get("question", "yes-no-abstain") != "yes-no-abstain":
            poll["outcome"] = outcome
    else:
        poll.update(state="cancelled", reason=str(data.get("reason") or ""))
    if isinstance(box, dict):
        poll["ballots"] = int_or_none(box.get("ballots"))
    record = poll_record(poll)
    reader.add(entry.at, "poll", poll=record)


def _s_count_entered(reader: Reader, entry: Entry, at: str | None) -> None:
    # the tellers who counted the hands: the minutes name them with the poll
    poll = reader.polls.setdefault(str(entry.data["poll"]), {"id": str(entry.data["poll"])})
    named: list[str] = poll.setdefault("tellers", [])
    named += [str(t) for t in entry.data.get("tellers") or () if str(t) not in named]


def poll_record(poll: Mapping[str, Any]) -> PollRecord:
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
        order=poll.get("order"),
        reason=poll.get("reason"),
        outcome=poll.get("outcome"),
        options=tuple(poll.get("options", ())),
        tellers=tuple(poll.get("tellers", ())),
    )


def _s_session_state(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    if entry.kind == k.SESSION_ADJOURNED:
        reader.adjourned_at = at
        reader.add(
            at,
            "adjourned",
            to=data.get("to"),
            declared=bool(data.get("declared")),
            words=data.get("words"),
            left_pending=[
                reader.motions.get(str(q), {}).get("title", q)
                for q in data.get("no_vote_taken", [])
            ],
        )
        for question in data.get("no_vote_taken", []):
            if str(question) in reader.motions:
                reader.motions[str(question)]["status"] = "no-vote-taken"
    elif entry.kind == k.SESSION_CLOSED:
        reader.closed_at = entry.at
        reader.sitting = False
        reader.add(entry.at, "closed")
    elif entry.kind == k.SESSION_RECESSED:
        reader.add(at, "recess", until=data.get("until"))
    elif entry.kind == k.SESSION_RESUMED:
        reader.add(at, "resumed")
    elif entry.kind == k.ADJOURNMENT_FIXED:
        reader.add(at, "other", act=entry.kind, to=data.get("to"))


def _s_silent(reader: Reader, entry: Entry, at: str | None) -> None:
    return  # told by the paragraphs around it (a request for the floor, a yield...)


def _s_seated(reader: Reader, entry: Entry, at: str | None) -> None:
    body = reader.bodies.get(str(entry.data["body"]), {}).get("name", entry.data["body"])
    made = entry.data.get("made_place")
    reader.add(
        entry.data.get("at") or entry.at,
        "seated",
        body=body,
        made_place=reader.bodies.get(str(made), {}).get("name", made) if made else None,
    )


SESSION = {
    k.SESSION_OPENED: _s_opened,
    k.PRESENCE_CHANGED: _s_presence,
    k.QUORUM_LOST: _s_quorum,
    k.QUORUM_REGAINED: _s_quorum,
    k.MOTION_MOVED: _s_moved,
    k.MOTION_SECONDED: _s_seconded,
    k.QUESTION_STATED: _s_stated,
    k.QUESTION_PUT: _s_put,
    k.MOTION_ADOPTED: _s_decided,
    k.MOTION_REJECTED: _s_decided,
    k.MOTION_DECLARED: _s_decided,
    k.TEXT_AMENDED: _s_amended,
    k.QUESTION_DIVIDED: _s_divided,
    k.FLOOR_GIVEN: _s_floor,
    k.FLOOR_INTERRUPTED: _s_interrupted,
    k.FLOOR_REQUESTED: _s_silent,
    k.FLOOR_REQUEST_WITHDRAWN: _s_silent,
    k.FLOOR_YIELDED: _s_yielded,
    k.FLOOR_INTERJECTED: _s_interjected,
    k.GUEST_HEARD: _s_guest,
    k.CHAIR_TAKEN: _s_chair_taken,
    k.REPORT_READ: _s_report,
    k.STATEMENT_ISSUED: _s_statement,
    k.NOTE_ADDED: _s_silent,
    k.SESSION_SCHEDULED: _s_silent,
    k.SESSION_POSTPONED: _s_silent,
    k.FLOOR_RESUMED: _s_silent,
    k.SPEAKERS_CLOSED: _s_silent,
    k.SPEAKERS_REOPENED: _s_silent,
    k.DIVISION_DEMANDED: _s_silent,
    k.DELEGATE_REGISTERED: _s_silent,
    k.RULING_MADE: _s_ruling,
    k.RULING_SUSTAINED: _s_ruling,
    k.RULING_REVERSED: _s_ruling,
    k.AGENDA_CHANGED: _s_agenda,
    k.AGENDA_ADOPTED: _s_agenda,
    k.AGENDA_ITEM_TAKEN_UP: _s_agenda,
    # the draft, and the motion to adopt it, are told by the motion and the agenda adopted
    k.AGENDA_DRAFTED: _s_silent,
    k.AGENDA_ADOPTION_MOVED: _s_silent,
    k.FACTION_DECLARED: _s_declared,
    k.POLL_OPENED: _s_poll_opened,
    k.POLL_SCHEDULED: _s_silent,
    k.POLL_COUNT_ENTERED: _s_count_entered,
    k.POLL_CLOSED: _s_poll_closed,
    k.POLL_CANCELLED: _s_poll_closed,
    k.SESSION_ADJOURNED: _s_session_state,
    k.SESSION_CLOSED: _s_session_state,
    k.SESSION_RECESSED: _s_session_state,
    k.SESSION_RESUMED: _s_session_state,
    k.ADJOURNMENT_FIXED: _s_session_state,
    k.JOINT_SESSION_PRESIDIUM_SEATED: _s_seated,
    k.MANDATE_CONTESTED: _s_silent,
    **{kind: _s_disposed for kind in _DISPOSALS},
}
