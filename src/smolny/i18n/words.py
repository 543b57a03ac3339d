"""Words for people instead of identifiers: how a vote is taken (`electronic-named`), the
counting methods (`scottish-stv`, `dhondt`), the kinds of poll question, the thresholds,
every kind of journal entry (`speakers.closed`), the stages of a count, and dates written
out ("6 December 2026", "6 декабря 2026").

One place for all of them, in the language in force (`smolny.i18n.active`); the Russian
catalogue is `locale/ru/LC_MESSAGES/words.po`. Every key falls back to itself, so a key
added elsewhere and not yet given words still shows, and a test
(`tests/i18n/test_words.py`) checks that every entry kind of `smolny.record.kinds` and every
method of `smolny.counting.methods` has words in English and Russian.

The screens get these as template globals (`smolny.web.screens`); the documents call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from smolny.i18n import _, current

# -- how a vote is taken ---------------------------------------------------------------------


def _voting_methods() -> dict[str, str]:
    return {
        "show-of-hands": _("show of hands"),
        "standing": _("standing vote"),
        "rising": _("rising vote"),
        "roll-call": _("roll call"),
        "electronic-named": _("electronic named ballot"),
        "electronic-secret": _("electronic secret ballot"),
        "ballot": _("ballot"),
        "paper-secret": _("secret paper ballot"),
        "general-consent": _("general consent"),
        "voice": _("voice vote"),
        "acclamation": _("acclamation"),
    }


def voting_method(key: str | None) -> str:
    """How a vote is taken, in words: "electronic-named" -> "electronic named ballot"."""
    return _voting_methods().get(key or "", key or "")


# -- counting methods --------------------------------------------------------------------------


def _counting_methods() -> dict[str, str]:
    return {
        "scottish-stv": _("single transferable vote (Scottish rules)"),
        "meek": _("single transferable vote (Meek's method)"),
        "irv": _("instant runoff (one seat)"),
        "schulze": _("the Schulze method (winning votes)"),
        "schulze:margins": _("the Schulze method (margins)"),
        "borda": _("the Borda count"),
        "borda:dowdall": _("the Borda count, Dowdall's points (1, 1/2, 1/3, …)"),
        "borda:modified": _("the modified Borda count"),
        "borda:zero": _("the Borda count, candidates left unranked scoring nothing"),
        "dhondt": _("the D'Hondt method"),
        "sainte-lague": _("the Sainte-Laguë method"),
        "modified-sainte-lague": _("the modified Sainte-Laguë method"),
        "huntington-hill": _("the Huntington–Hill method"),
        "hare": _("the Hare quota (largest remainders)"),
        "droop": _("the Droop quota (largest remainders)"),
    }


def counting_method(key: str | None) -> str:
    """A counting method (and its option), in words: "scottish-stv" -> "single
    transferable vote (Scottish rules)"; "borda:dowdall"; "dhondt"."""
    return _counting_methods().get(key or "", key or "")


# -- kinds of poll question, thresholds, answers, stages of a count ----------------------------


def _poll_kinds() -> dict[str, str]:
    return {
        "yes-no-abstain": _("yes, no or abstain"),
        "choice": _("one of several"),
        "multiple": _("up to a number of several"),
        "ranked": _("candidates ranked in order of preference"),
        "list": _("lists, seats apportioned"),
    }


def poll_kind(key: str | None) -> str:
    """The kind of a poll's question, in words."""
    return _poll_kinds().get(key or "", key or "")


def _thresholds() -> dict[str, str]:
    return {
        "none": _("no threshold"),
        "simple": _("a simple majority"),
        "majority": _("a majority of the votes cast"),
        "two-thirds": _("two thirds of the votes cast"),
        "three-quarters": _("three quarters of the votes cast"),
        "unanimous": _("unanimity"),
        "plurality": _("the most votes"),
    }


def threshold(key: str | None) -> str:
    """A threshold in words."""
    return _thresholds().get(key or "", key or "")


def answer(key: str) -> str:
    """An answer of a ballot in words (an option's name stays as it is)."""
    words = {"yes": _("For"), "no": _("Against"), "abstain": _("Abstaining")}
    return words.get(key, key)


def stage(action: str | None) -> str:
    """What a stage of a count did, in words."""
    words = {
        "first-preferences": _("first preferences"),
        "surplus": _("surplus transferred"),
        "exclusion": _("exclusion"),
        "elimination": _("exclusion"),
        "transfer": _("transfer"),
        "iteration": _("iteration"),
    }
    return words.get(action or "", action or "")


def outcome_reason(reason: str | None) -> str:
    """Why an election elected nobody (as the close records it), in words."""
    words = {
        "no option reached the threshold": _("no option reached the threshold"),
        "no list received votes": _("no list received votes"),
        "no ballot ranked a candidate": _("no ballot ranked a candidate"),
    }
    return words.get(reason or "", reason or "")


def lot(described: str | None) -> str:
    """How a count's lots were drawn (`stv.Lot.describe`), in words."""
    import re

    text = described or ""
    if text.startswith("random ballot, then lot: "):
        return _("a random ballot, then %(lot)s", lot=lot(text[len("random ballot, then lot: ") :]))
    seeded = re.fullmatch(r"seeded draw \(seed (\d+)\)", text)
    if seeded:
        return _("a draw seeded with %(seed)s", seed=seeded.group(1))
    fixed = re.fullmatch(r"fixed order ([\d,]+)", text)
    if fixed:
        return _("a fixed order: %(order)s", order=fixed.group(1).replace(",", ", "))
    return text


# -- kinds of journal entry --------------------------------------------------------------------


def _entry_kinds() -> dict[str, str]:
    return {
        "account.created": _("A staff account was created"),
        "access-codes.issued": _("Access codes were issued"),
        "adjournment.fixed": _("The time to adjourn to was fixed"),
        "agenda.changed": _("The agenda was changed"),
        "agenda.item-taken-up": _("An item of the agenda was taken up"),
        "body.created": _("A body was created"),
        "body.membership-set": _("The membership of a body was set"),
        "congress.convened": _("A congress was convened"),
        "debate.closed": _("The debate was closed"),
        "debate.limited": _("The debate was limited"),
        "delegate.registered": _("A delegate was registered"),
        "delegates.registered": _("Delegates were registered"),
        "demand.made": _("A demand was made"),
        "division.demanded": _("A division was demanded"),
        "faction.declared": _("A faction made a declaration"),
        "faction.formed": _("A faction was formed"),
        "faction.joined": _("A delegate joined a faction"),
        "faction.left": _("A delegate left a faction"),
        "floor.given": _("The floor was given"),
        "floor.interrupted": _("A speaker was interrupted"),
        "floor.request-withdrawn": _("A request for the floor was withdrawn"),
        "floor.requested": _("The floor was asked for"),
        "floor.resumed": _("A speaker resumed"),
        "floor.yielded": _("The floor was yielded"),
        "joint-session.presidium-seated": _("The presidium of the joint session took its place"),
        "login.locked-out": _("Logins were stopped after failed attempts"),
        "login.lockout-lifted": _("A stop on logins was lifted"),
        "mandate.accepted": _("A mandate was accepted"),
        "mandate.annulled": _("A mandate was annulled"),
        "mandate.contested": _("A mandate was contested"),
        "mandate.issued": _("A mandate was issued"),
        "mandate.recalled": _("A delegate was recalled"),
        "mandate.rejected": _("A mandate was rejected"),
        "mandate.restored": _("A mandate was restored"),
        "mandate.suspended": _("A mandate was suspended"),
        "mandate.taken-up": _("A mandate was taken up"),
        "mandate.upheld": _("A contested mandate was upheld"),
        "minutes.approval-moved": _("The approval of the minutes was moved"),
        "minutes.approved": _("The minutes were approved"),
        "minutes.corrected": _("The minutes were corrected"),
        "minutes.not-approved": _("The minutes were not approved"),
        "motion.adopted": _("A motion was adopted"),
        "motion.moved": _("A motion was moved"),
        "motion.not-considered": _("A motion was not considered"),
        "motion.postponed": _("A motion was postponed"),
        "motion.postponed-indefinitely": _("A motion was postponed indefinitely"),
        "motion.reconsidered": _("A motion is to be reconsidered"),
        "motion.referred": _("A motion was referred to a committee"),
        "motion.rejected": _("A motion was rejected"),
        "motion.rescinded": _("A motion was rescinded"),
        "motion.seconded": _("A motion was seconded"),
        "motion.tabled": _("A motion was laid on the table"),
        "motion.taken-from-table": _("A motion was taken from the table"),
        "motion.withdrawn": _("A motion was withdrawn"),
        "orders.called": _("The orders of the day were called for"),
        "poll.cancelled": _("A vote was cancelled"),
        "poll.closed": _("A vote was closed"),
        "poll.count-entered": _("The tellers' count was entered"),
        "poll.opened": _("A vote was opened"),
        "poll.scheduled": _("A vote was scheduled"),
        "presence.changed": _("Presence in the hall changed"),
        "presidium.allotted": _("The presidium was allotted"),
        "presidium.chair-set": _("The chair was taken"),
        "presidium.seats-taken-up": _("The presidium took its seats"),
        "proxy.given": _("A proxy was given"),
        "proxy.withdrawn": _("A proxy was withdrawn"),
        "question.divided": _("The question was divided"),
        "question.put": _("The question was put to the vote"),
        "question.stated": _("The chair stated the question"),
        "question.taken-up": _("A question was taken up again"),
        "quorum.lost": _("The quorum was lost"),
        "quorum.regained": _("The quorum was regained"),
        "rules.suspended": _("The rules were suspended"),
        "ruling.made": _("The chair ruled"),
        "ruling.reversed": _("The chair's ruling was reversed on appeal"),
        "ruling.sustained": _("The chair's ruling was sustained on appeal"),
        "session.adjourned": _("The session was adjourned"),
        "session.closed": _("The session was closed"),
        "session.opened": _("A session was opened"),
        "session.recessed": _("The session was suspended"),
        "session.resumed": _("The session was resumed"),
        "speakers.closed": _("The speakers' list was closed"),
        "text.amended": _("A text was amended"),
        "vote.cancelled": _("A vote was cancelled"),
        "body.time-zone-set": _("The body's time zone was set"),
        "chair.taken": _("The chair was taken"),
        "floor.interjected": _("A delegate interjected"),
        "guest.heard": _("A guest was heard"),
        "motion.declared": _("A result was declared with no count"),
        "motion.set-aside": _("A motion was set aside"),
        "note.added": _("A note was added to the record"),
        "report.read": _("A report was read"),
        "session.postponed": _("A sitting was postponed"),
        "session.scheduled": _("A sitting was called"),
    }


def entry_kind(kind: str | None) -> str:
    """A kind of journal entry as a sentence: "speakers.closed" -> "The speakers' list was
    closed" (its own name when none is written)."""
    return _entry_kinds().get(kind or "", kind or "")


def known_entry_kinds() -> frozenset[str]:
    """The entry kinds given words here (for the test against the catalogue)."""
    return frozenset(_entry_kinds())


def known_methods() -> frozenset[str]:
    """The voting and counting methods given words here."""
    return frozenset(_voting_methods()) | frozenset(_counting_methods())


# -- refusals ---------------------------------------------------------------------------------


def _refusals() -> dict[str, str]:
    # what a delegate or the staff is most often refused, by the rule that refuses it: the
    # words in the reader's language where the reason itself is written in English
    return {
        "poll-closed": _("This vote is not open: no ballot can be cast now."),
        "poll-open": _("The box is published when the vote closes."),
        "not-eligible": _("You are not on the register of this vote."),
        "second-vote": _("You have already voted in this poll."),
        "not-changeable": _("Votes in this poll cannot be changed."),
        "unknown-ballot": _("That change code belongs to no ballot of yours."),
        "choice": _("Choose one of the answers on the ballot."),
        "choices": _("Choose among the options on the ballot."),
        "ranking": _("Rank candidates from the ballot, your first preference first."),
        "repeated-candidate": _("A candidate is ranked twice: rank each candidate once."),
        "repeated-choice": _("An option is chosen twice."),
        "unknown-option": _("That is not an option of this vote."),
        "too-many-choices": _("Too many options are chosen for the seats to fill."),
        "required": _("Something required is missing: fill in the field."),
        "too-long": _("The text is too long."),
        "no-vote": _("Your mandate gives you no vote now."),
        "mandate-withdrawn": _("Your mandate has been withdrawn."),
        "no-proxy": _("You hold no proxy for that delegate."),
        "unknown-poll": _("There is no such vote."),
        "not-sitting": _("Your body is not sitting."),
        "speakers-closed": _("The speakers' list is closed."),
        "already-listed": _("You are already on the speakers' list."),
        "not-staff": _("Only the staff may do this."),
        "not-delegate": _("Only a delegate may do this."),
        "no-such-ballot": _("No ballot with this receipt is in the box."),
    }


def refusal(rule: str | None, reason: str) -> str:
    """A refusal in the reader's language: the reason as the engine wrote it in English;
    in another language the words for its rule, when they are written (else the reason)."""
    if current() == "en":
        return reason
    return _refusals().get(rule or "", reason)


# -- dates ---------------------------------------------------------------------------------


def _moment(value: str | dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def date(value: str | dt.datetime | dt.date | None) -> str:
    """A day written out: "6 December 2026", "6 декабря 2026"."""
    if not value:
        return ""
    from babel.dates import format_date

    moment = _moment(value)
    day = moment.astimezone(dt.UTC).date() if isinstance(moment, dt.datetime) else moment
    return str(format_date(day, "d MMMM y", locale=current()))


WORDS: dict[str, Callable[..., str]] = {
    "voting_method": voting_method,
    "counting_method": counting_method,
    "poll_kind": poll_kind,
    "threshold_words": threshold,
    "answer_words": answer,
    "stage_words": stage,
    "entry_kind": entry_kind,
    "date_words": date,
    "refusal_words": refusal,
    "lot_words": lot,
    "outcome_reason": outcome_reason,
}
