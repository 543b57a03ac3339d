"""The sentence of each paragraph of the minutes, in the language in force.

One small function per kind of paragraph (`SENTENCES`, keyed by `Paragraph.kind`), each
returning the sentence and the text it quotes, if any (a motion's text, a declaration).
The words are gettext messages (`smolny.i18n`, catalogue `locale/ru/LC_MESSAGES/minutes.po`):
they are written here once, for the Markdown and the HTML alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from smolny.documents.minutes.elections import election_sentence, order_sentence
from smolny.documents.minutes.model import Paragraph, PollRecord
from smolny.i18n import _
from smolny.record import kinds as k

Sentence = tuple[str, str | None]  # the sentence, and the text it quotes


def threshold_words(name: str) -> str:
    """A threshold (`majority`, `two-thirds-of-members`) in words."""
    words = {
        "simple": _("a simple majority"),
        "majority": _("a majority of the votes cast"),
        "two-thirds": _("two thirds of the votes cast"),
        "three-quarters": _("three quarters of the votes cast"),
        "unanimous": _("unanimity"),
        "plurality": _("a plurality"),
    }
    rule, _sep, basis = name.partition("-of-")
    if basis:
        bases = {
            "votes-cast": _("of the votes cast"),
            "valid-votes": _("of the valid votes"),
            "members-present": _("of the members present"),
            "members": _("of the members"),
        }
        return f"{rule} {bases.get(basis, basis)}"
    return words.get(name, name)


def method_words(name: str) -> str:
    """How a vote was taken, in words."""
    words = {
        "show-of-hands": _("show of hands"),
        "standing": _("standing vote"),
        "rising": _("rising vote"),
        "roll-call": _("roll call"),
        "electronic-named": _("electronic named ballot"),
        "electronic-secret": _("electronic secret ballot"),
        "ballot": _("ballot"),
        "general-consent": _("general consent"),
        "voice": _("voice vote"),
        "acclamation": _("acclamation"),
    }
    return words.get(name, name)


def status_words(name: str) -> str:
    """The state of a motion or a poll, in words."""
    words = {
        "adopted": _("adopted"),
        "rejected": _("rejected"),
        "withdrawn": _("withdrawn"),
        "tabled": _("laid on the table"),
        "postponed": _("postponed"),
        "referred": _("referred"),
        "postponed-indefinitely": _("postponed indefinitely"),
        "not-considered": _("not considered"),
        "rescinded": _("rescinded"),
        "divided": _("divided"),
        "ruled": _("ruled on"),
        "no-vote-taken": _("left with no vote taken"),
        "pending": _("pending"),
        "moved": _("moved"),
        "open": _("open"),
        "closed": _("closed"),
        "cancelled": _("cancelled"),
    }
    return words.get(name, name)


def ordered(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """A poll's counts: yes, no, abstain first, then the options by name."""
    order = {"yes": 0, "no": 1, "abstain": 2}
    return sorted(counts.items(), key=lambda item: (order.get(item[0], 3), item[0]))


def answer_words(name: str) -> str:
    """An answer of a ballot in words (an option's name as it is)."""
    return {"yes": _("yes"), "no": _("no"), "abstain": _("abstain")}.get(name, name)


# -- one function per kind of paragraph ------------------------------------------------------


def _opened(f: Mapping[str, Any]) -> Sentence:
    if f.get("by"):
        return _("The session was opened by %(name)s.", name=f["by"]), None
    return _("The session was opened."), None


def _presence(f: Mapping[str, Any]) -> Sentence:
    if f.get("faction"):
        text = (
            _(
                "The %(faction)s walked out (%(count)s delegates).",
                faction=f["faction"],
                count=f["count"],
            )
            if not f["present"]
            else _(
                "The %(faction)s returned (%(count)s delegates).",
                faction=f["faction"],
                count=f["count"],
            )
        )
    elif f["present"]:
        text = _("%(count)s delegates arrived.", count=f["count"])
    else:
        text = _("%(count)s delegates left.", count=f["count"])
    if f.get("names"):
        text += " " + ", ".join(list(f["names"])) + "."
    if f.get("voices"):  # those with a voice and no vote are in the hall, not members
        text += " " + _(
            "Present: %(present)s, of whom %(voices)s with a voice and no vote; quorum %(quorum)s.",  # noqa: E501
            present=f.get("present_count"),
            voices=f["voices"],
            quorum=f.get("quorum"),
        )
    else:
        text += " " + _(
            "Present: %(present)s; quorum %(quorum)s.",
            present=f.get("present_count"),
            quorum=f.get("quorum"),
        )
    if f.get("quorate") is False:
        text += " " + _("The body is not quorate.")
    declaration = f.get("declaration")
    if declaration:
        text += " " + _("Their declaration:")
    return text, declaration


def _quorum(f: Mapping[str, Any]) -> Sentence:
    if f["lost"]:
        return _(
            "Quorum lost: %(present)s present, quorum %(quorum)s.",
            present=f["present_count"],
            quorum=f["quorum"],
        ), None
    return _(
        "Quorum regained: %(present)s present, quorum %(quorum)s.",
        present=f["present_count"],
        quorum=f["quorum"],
    ), None


def _chair(f: Mapping[str, Any]) -> Sentence:
    return _("%(name)s took the chair.", name=f["chair"]), None


def presidium_words(
    taken: Sequence[tuple[str, int]],
    declined: Sequence[tuple[str, int]] = (),
    reserved: Sequence[tuple[str, int]] = (),
    declined_given: bool = False,
) -> str:
    """A presidium's seats by faction; the seats declined and those held, if any."""
    text = ", ".join(f"{n} {s}" for n, s in taken)
    if declined:
        seats = ", ".join(f"{n} {s}" for n, s in declined)
        text += "; " + (
            _("declined: %(seats)s (given to the others)", seats=seats)
            if declined_given
            else _("declined: %(seats)s (left empty)", seats=seats)
        )
    if reserved:
        seats = ", ".join(f"{n} {s}" for n, s in reserved)
        text += "; " + _("reserved: %(seats)s (held for them to take up)", seats=seats)
    return text.lstrip("; ")


def _presidium(f: Mapping[str, Any]) -> Sentence:
    if f.get("declined") or f.get("reserved"):
        seats = presidium_words(
            f["seats"], f.get("declined", ()), f.get("reserved", ()), f.get("declined_given", False)
        )
    else:
        seats = ", ".join(f"{name} {n}" for name, n in f["seats"])
    return _("The presidium was allotted: %(seats)s.", seats=seats), None


def _seated(f: Mapping[str, Any]) -> Sentence:
    if f.get("made_place"):
        return _(
            "The presidium of %(body)s took its place; the presidium of %(other)s made place for it.",  # noqa: E501
            body=f["body"],
            other=f["made_place"],
        ), None
    return _("The presidium of %(body)s took its place.", body=f["body"]), None


def _agenda(f: Mapping[str, Any]) -> Sentence:
    return _("The agenda: %(items)s.", items="; ".join(f["items"])), None


def _item(f: Mapping[str, Any]) -> Sentence:
    return _("Item taken up: %(title)s.", title=f["title"]), None


def _speech(f: Mapping[str, Any]) -> Sentence:
    speaker = f["speaker"]
    if f.get("reply"):
        text = _("%(name)s replied", name=speaker)
    else:
        text = _("%(name)s spoke", name=speaker)
    if f.get("in_name_of"):
        text += " " + _("in the name of %(whom)s", whom=f["in_name_of"])
    if f.get("side") == "for":
        text += " " + _("for the motion")
    elif f.get("side") == "against":
        text += " " + _("against the motion")
    if f.get("on"):
        text += " " + _("on “%(title)s”", title=f["on"])
    return _said(text, f)


def _said(text: str, f: Mapping[str, Any]) -> Sentence:
    """A sentence saying who spoke, with their words: quoted below it, or summed up in it."""
    words = f.get("words")
    if not words:
        return text + ".", None
    if f.get("quoted"):
        return text + ":", words
    return text + ": " + words, None


def _interjection(f: Mapping[str, Any]) -> Sentence:
    who = f.get("by") or f.get("voice") or ""
    who = who[:1].upper() + who[1:]
    return _said(_("%(who)s called out from the floor", who=who), f)


def _guest(f: Mapping[str, Any]) -> Sentence:
    text = _("%(name)s, not a delegate, spoke", name=f["name"])
    if f.get("in_name_of"):
        text += " " + _("in the name of %(whom)s", whom=f["in_name_of"])
    return _said(text, f)


def _report(f: Mapping[str, Any]) -> Sentence:
    name = f["by"]
    if f.get("in_name_of"):
        name = _("%(name)s, in the name of %(whom)s,", name=name, whom=f["in_name_of"])
    if f.get("announcement"):
        text = _("%(name)s announced: %(subject)s.", name=name, subject=f["subject"])
    else:
        text = _("%(name)s read a report: %(subject)s.", name=name, subject=f["subject"])
    return text, f.get("text") or None


def _statement(f: Mapping[str, Any]) -> Sentence:
    if f.get("in_name_of"):
        text = _(
            "Outside the sitting, %(name)s (for %(whom)s) declared:",
            name=f["name"],
            whom=f["in_name_of"],
        )
    else:
        text = _("Outside the sitting, %(name)s declared:", name=f["name"])
    return text, f["text"]


def _interrupted(f: Mapping[str, Any]) -> Sentence:
    if f.get("by"):
        return _("%(name)s was interrupted by %(by)s.", name=f["speaker"], by=f["by"]), None
    return _("%(name)s was interrupted.", name=f["speaker"]), None


def _moved(f: Mapping[str, Any]) -> Sentence:
    text = _(
        "%(mover)s moved “%(title)s” (%(motion)s).",
        mover=f["mover"],
        title=f["title"],
        motion=f["motion"],
    )
    if f.get("brought_from"):
        text += " " + _("The resolution of %(body)s, as it adopted it.", body=f["brought_from"])
    if f.get("until"):
        text += " " + _("Until: %(until)s.", until=f["until"])
    return text, f.get("text") or None


def _seconded(f: Mapping[str, Any]) -> Sentence:
    return _("Seconded by %(name)s.", name=f["seconder"]), None


def _put(f: Mapping[str, Any]) -> Sentence:
    return _("The question on “%(title)s” was put.", title=f["title"]), None


def _decision(f: Mapping[str, Any]) -> Sentence:
    d = f["decision"]
    if not d.counted:  # declared by the chair: no figures, the method and the record's words
        text = _(
            "“%(title)s” (%(motion)s) was %(result)s by %(method)s, declared by the chair; the votes were not counted.",  # noqa: E501
            title=d.title,
            motion=d.motion,
            result=status_words("adopted" if d.adopted else "rejected"),
            method=method_words(d.method),
        )
        if d.words:
            text += " " + _("In the record's words: “%(words)s”.", words=d.words)
        return text, None
    text = _(
        "“%(title)s” (%(motion)s) was %(result)s: %(yes)s for, %(no)s against, %(abstain)s abstaining (%(method)s).",  # noqa: E501
        title=d.title,
        motion=d.motion,
        result=status_words("adopted" if d.adopted else "rejected"),
        yes=d.yes,
        no=d.no,
        abstain=d.abstain,
        method=method_words(d.method),
    )
    return text, None


def _amended(f: Mapping[str, Any]) -> Sentence:
    return _("“%(title)s” now reads:", title=f["title"]), f["text"]


def _disposal_words() -> dict[str, str]:
    return {
        k.MOTION_TABLED: _("%(titles)s: laid on the table."),
        k.MOTION_POSTPONED: _("%(titles)s: postponed."),
        k.MOTION_REFERRED: _("%(titles)s: referred to a committee."),
        k.MOTION_POSTPONED_INDEFINITELY: _("%(titles)s: postponed indefinitely."),
        k.MOTION_WITHDRAWN: _("%(titles)s: withdrawn."),
        k.MOTION_SET_ASIDE: _("%(titles)s: no vote was taken on it."),
        k.MOTION_TAKEN_FROM_TABLE: _("%(titles)s: taken from the table."),
        k.QUESTION_TAKEN_UP: _("%(titles)s: taken up again."),
        k.MOTION_RECONSIDERED: _("%(titles)s: to be reconsidered."),
        k.MOTION_RESCINDED: _("%(titles)s: rescinded."),
        k.MOTION_NOT_CONSIDERED: _("%(titles)s: not considered."),
        k.DEBATE_CLOSED: _("%(titles)s: debate closed."),
        k.DEBATE_LIMITED: _("%(titles)s: debate limited."),
        k.VOTE_CANCELLED: _("%(titles)s: the vote was cancelled."),
        k.QUESTION_DIVIDED: _("%(titles)s: divided."),
    }


def _disposed(f: Mapping[str, Any]) -> Sentence:
    titles = "; ".join(f"“{t}”" for t in f["titles"])
    acts = _disposal_words()
    text = acts.get(str(f["act"]), "%(titles)s: " + str(f["act"])) % {"titles": titles}
    if f.get("by"):
        text += " " + _("By %(name)s.", name=f["by"])
    if f.get("until"):
        text += " " + _("Until: %(until)s.", until=f["until"])
    if f.get("committee"):
        text += " " + _("To: %(committee)s.", committee=f["committee"])
    if f.get("reason"):
        text += " " + _("Reason: %(reason)s.", reason=f["reason"])
    return text, None


def _poll(f: Mapping[str, Any]) -> Sentence:
    poll: PollRecord = f["poll"]
    if poll.state == "cancelled":
        if not poll.title:
            return _(
                "The vote (%(method)s) was cancelled: %(reason)s.",
                method=method_words(poll.method),
                reason=poll.reason,
            ), None
        return _(
            "The vote on “%(title)s” (%(method)s) was cancelled: %(reason)s.",
            title=poll.title,
            method=method_words(poll.method),
            reason=poll.reason,
        ), None
    counts = ", ".join(f"{answer_words(a)} {n}" for a, n in ordered(poll.heads))
    figures = {
        "method": method_words(poll.method),
        "counts": counts,
        "cast": poll.cast,
        "eligible": poll.eligible,
        "present": poll.present,
    }
    if poll.title:
        text = _(
            "The vote on “%(title)s” (%(method)s) closed: %(counts)s; %(cast)s cast of %(eligible)s eligible, %(present)s present.",  # noqa: E501
            title=poll.title,
            **figures,
        )
    else:
        text = _(
            "The vote (%(method)s) closed: %(counts)s; %(cast)s cast of %(eligible)s eligible, %(present)s present.",  # noqa: E501
            **figures,
        )
    if poll.tellers:
        text += " " + _("Counted by the tellers %(names)s.", names=", ".join(poll.tellers))
    if poll.weighted:
        text += " " + _(
            "By weight: %(counts)s.",
            counts=", ".join(f"{answer_words(a)} {n}" for a, n in ordered(poll.weights)),
        )
    if poll.order:  # an election put in order by Schulze or Borda
        text += " " + order_sentence(poll)
    elif poll.outcome:  # an election: who was chosen or elected, or the lists' seats
        text += " " + election_sentence(poll)
    return text, None


def _ruling(f: Mapping[str, Any]) -> Sentence:
    if f.get("outcome") == "sustained":
        return _("The chair's ruling was sustained on appeal."), None
    if f.get("outcome") == "reversed":
        return _("The chair's ruling was reversed on appeal."), None
    return _("The chair ruled:"), f.get("text") or None


def _declaration(f: Mapping[str, Any]) -> Sentence:
    return _(
        "%(name)s made a declaration in the name of the %(faction)s:",
        name=f["speaker"],
        faction=f["faction"],
    ), f["text"]


def _recess(f: Mapping[str, Any]) -> Sentence:
    return _("The session was suspended."), None


def _resumed(f: Mapping[str, Any]) -> Sentence:
    return _("The session was resumed."), None


def _adjourned(f: Mapping[str, Any]) -> Sentence:
    if f.get("declared"):  # no motion: the chair declared it (in the record's words)
        text = _("The chair declared the session adjourned.")
        if f.get("words"):
            text += " " + _("In the record's words: “%(words)s”.", words=f["words"])
    else:
        text = _("The session was adjourned.")
    if f.get("left_pending"):
        text += " " + _(
            "Left with no vote taken: %(titles)s.",
            titles="; ".join(f"“{t}”" for t in f["left_pending"]),
        )
    return text, None


def _closed(f: Mapping[str, Any]) -> Sentence:
    return _("The session was closed."), None


SENTENCES: dict[str, Callable[[Mapping[str, Any]], Sentence]] = {
    "opened": _opened,
    "presence": _presence,
    "quorum": _quorum,
    "chair": _chair,
    "presidium": _presidium,
    "seated": _seated,
    "agenda": _agenda,
    "item": _item,
    "speech": _speech,
    "interjection": _interjection,
    "guest": _guest,
    "report": _report,
    "statement": _statement,
    "interrupted": _interrupted,
    "moved": _moved,
    "seconded": _seconded,
    "put": _put,
    "decision": _decision,
    "amended": _amended,
    "disposed": _disposed,
    "poll": _poll,
    "ruling": _ruling,
    "declaration": _declaration,
    "recess": _recess,
    "resumed": _resumed,
    "adjourned": _adjourned,
    "closed": _closed,
}


def sentence(paragraph: Paragraph) -> Sentence:
    """The paragraph's sentence and the text it quotes (None if it quotes none)."""
    told = SENTENCES.get(paragraph.kind)
    if told is None:
        return _("Recorded: %(kind)s.", kind=paragraph.fields.get("act", paragraph.kind)), None
    text, quoted = told(paragraph.fields)
    # a sentence that opens with a name given in words ("an angry soldier moved...")
    return text[:1].upper() + text[1:], quoted
