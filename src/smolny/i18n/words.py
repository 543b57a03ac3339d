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
from collections.abc import Callable, Mapping

from smolny import i18n
from smolny.i18n import _, current
from smolny.record import kinds as k

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
    return {**_entry_kinds_first(), **_entry_kinds_second()}


def _entry_kinds_first() -> dict[str, str]:
    return {
        k.ACCOUNT_DISABLED: _("A staff account was disabled"),
        k.ACCOUNT_ENABLED: _("A staff account was enabled again"),
        k.ACCOUNT_PASSWORD_RESET: _("A staff account's password was reset"),
        k.AGENDA_ADOPTED: _("The agenda was adopted"),
        k.AGENDA_ADOPTION_MOVED: _("The adoption of the agenda was moved"),
        k.AGENDA_DRAFTED: _("The agenda was drafted"),
        k.DELEGATES_AMENDED: _("Delegates were corrected"),
        k.SPEAKERS_REOPENED: _("The speakers' list was reopened"),
        k.STATEMENT_ISSUED: _("A statement was made outside the sitting"),
        k.ACCOUNT_CREATED: _("A staff account was created"),
        k.ACCESS_CODES_ISSUED: _("Access codes were issued"),
        k.ADJOURNMENT_FIXED: _("The time to adjourn to was fixed"),
        k.AGENDA_CHANGED: _("The agenda was changed"),
        k.AGENDA_ITEM_TAKEN_UP: _("An item of the agenda was taken up"),
        k.BODY_CREATED: _("A body was created"),
        k.BODY_MEMBERSHIP_SET: _("The membership of a body was set"),
        k.CONGRESS_CONVENED: _("A congress was convened"),
        k.DEBATE_CLOSED: _("The debate was closed"),
        k.DEBATE_LIMITED: _("The debate was limited"),
        k.DELEGATE_REGISTERED: _("A delegate was registered"),
        k.DELEGATES_REGISTERED: _("Delegates were registered"),
        k.DEMAND_MADE: _("A demand was made"),
        k.DIVISION_DEMANDED: _("A division was demanded"),
        k.FACTION_DECLARED: _("A faction made a declaration"),
        k.FACTION_FORMED: _("A faction was formed"),
        k.FACTION_JOINED: _("A delegate joined a faction"),
        k.FACTION_LEFT: _("A delegate left a faction"),
        k.FLOOR_GIVEN: _("The floor was given"),
        k.FLOOR_INTERRUPTED: _("A speaker was interrupted"),
        k.FLOOR_REQUEST_WITHDRAWN: _("A request for the floor was withdrawn"),
        k.FLOOR_REQUESTED: _("The floor was asked for"),
        k.FLOOR_RESUMED: _("A speaker resumed"),
        k.FLOOR_YIELDED: _("The floor was yielded"),
        k.JOINT_SESSION_PRESIDIUM_SEATED: _("The presidium of the joint session took its place"),
        k.LOGIN_LOCKED_OUT: _("Logins were stopped after failed attempts"),
        k.LOGIN_LOCKOUT_LIFTED: _("A stop on logins was lifted"),
        k.MANDATE_ACCEPTED: _("A mandate was accepted"),
        k.MANDATE_ANNULLED: _("A mandate was annulled"),
        k.MANDATE_CONTESTED: _("A mandate was contested"),
        k.MANDATE_ISSUED: _("A mandate was issued"),
        k.MANDATE_RECALLED: _("A delegate was recalled"),
        k.MANDATE_REJECTED: _("A mandate was rejected"),
        k.MANDATE_RESTORED: _("A mandate was restored"),
        k.MANDATE_SUSPENDED: _("A mandate was suspended"),
        k.MANDATE_TAKEN_UP: _("A mandate was taken up"),
        k.MANDATE_UPHELD: _("A contested mandate was upheld"),
        k.MINUTES_APPROVAL_MOVED: _("The approval of the minutes was moved"),
        k.MINUTES_APPROVED: _("The minutes were approved"),
        k.MINUTES_CORRECTED: _("The minutes were corrected"),
        k.MINUTES_NOT_APPROVED: _("The minutes were not approved"),
        k.MOTION_ADOPTED: _("A motion was adopted"),
    }


def _entry_kinds_second() -> dict[str, str]:
    return {
        k.MOTION_MOVED: _("A motion was moved"),
        k.MOTION_NOT_CONSIDERED: _("A motion was not considered"),
        k.MOTION_POSTPONED: _("A motion was postponed"),
        k.MOTION_POSTPONED_INDEFINITELY: _("A motion was postponed indefinitely"),
        k.MOTION_RECONSIDERED: _("A motion is to be reconsidered"),
        k.MOTION_REFERRED: _("A motion was referred to a committee"),
        k.MOTION_REJECTED: _("A motion was rejected"),
        k.MOTION_RESCINDED: _("A motion was rescinded"),
        k.MOTION_SECONDED: _("A motion was seconded"),
        k.MOTION_TABLED: _("A motion was laid on the table"),
        k.MOTION_TAKEN_FROM_TABLE: _("A motion was taken from the table"),
        k.MOTION_WITHDRAWN: _("A motion was withdrawn"),
        k.ORDERS_CALLED: _("The orders of the day were called for"),
        k.POLL_CANCELLED: _("A vote was cancelled"),
        k.POLL_CLOSED: _("A vote was closed"),
        k.POLL_COUNT_ENTERED: _("The tellers' count was entered"),
        k.POLL_OPENED: _("A vote was opened"),
        k.POLL_SCHEDULED: _("A vote was scheduled"),
        k.PRESENCE_CHANGED: _("Presence in the hall changed"),
        k.PRESIDIUM_ALLOTTED: _("The presidium was allotted"),
        k.PRESIDIUM_CHAIR_SET: _("The chair was taken"),
        k.PRESIDIUM_SEATS_TAKEN_UP: _("The presidium took its seats"),
        k.PROXY_GIVEN: _("A proxy was given"),
        k.PROXY_WITHDRAWN: _("A proxy was withdrawn"),
        k.QUESTION_DIVIDED: _("The question was divided"),
        k.QUESTION_PUT: _("The question was put to the vote"),
        k.QUESTION_STATED: _("The chair stated the question"),
        k.QUESTION_TAKEN_UP: _("A question was taken up again"),
        k.QUORUM_LOST: _("The quorum was lost"),
        k.QUORUM_REGAINED: _("The quorum was regained"),
        k.RULES_SUSPENDED: _("The rules were suspended"),
        k.RULING_MADE: _("The chair ruled"),
        k.RULING_REVERSED: _("The chair's ruling was reversed on appeal"),
        k.RULING_SUSTAINED: _("The chair's ruling was sustained on appeal"),
        k.SESSION_ADJOURNED: _("The session was adjourned"),
        k.SESSION_CLOSED: _("The session was closed"),
        k.SESSION_OPENED: _("A session was opened"),
        k.SESSION_RECESSED: _("The session was suspended"),
        k.SESSION_RESUMED: _("The session was resumed"),
        k.SPEAKERS_CLOSED: _("The speakers' list was closed"),
        k.TEXT_AMENDED: _("A text was amended"),
        k.VOTE_CANCELLED: _("A vote was cancelled"),
        k.BODY_TIME_ZONE_SET: _("The body's time zone was set"),
        k.CHAIR_TAKEN: _("The chair was taken"),
        k.FLOOR_INTERJECTED: _("A delegate interjected"),
        k.GUEST_HEARD: _("A guest was heard"),
        k.MOTION_DECLARED: _("A result was declared with no count"),
        k.MOTION_SET_ASIDE: _("A motion was set aside"),
        k.NOTE_ADDED: _("A note was added to the record"),
        k.REPORT_READ: _("A report was read"),
        k.SESSION_POSTPONED: _("A sitting was postponed"),
        k.SESSION_SCHEDULED: _("A sitting was called"),
        # papers before a congress (docs/papers.md)
        k.ACCOUNT_ATTACHED: _("A staff account was attached to a council"),
        k.CONGRESS_DEADLINES_SET: _("The deadlines for motions were set"),
        k.PAPER_SUBMITTED: _("A motion was submitted to the congress"),
        k.PAPER_AMENDMENT_SUBMITTED: _("An amendment was submitted to the congress"),
        k.PAPER_MOVED: _("A motion to the congress changed its state"),
        k.PAPER_RECOMMENDED: _("The standing orders committee made a recommendation"),
        k.COMPOSITE_PROPOSED: _("A composite motion was proposed"),
        k.COMPOSITE_CONSENTED: _("A mover consented to a composite motion"),
        k.COMPOSITE_MADE: _("A composite motion took the place of its motions"),
        k.DELEGATES_INSTRUCTED: _("A council instructed its delegates"),
        k.PAPER_PUT: _("A motion to the congress was put to the sitting"),
        k.PAPER_OBJECTED: _("An objection took a motion out of those taken together"),
        k.MOTIONS_BOOK_FIXED: _("A final edition of the motions book was fixed"),
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


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _value(key: str, value: object) -> str:
    # a moment named in a refusal (a deadline) is written out in the reader's language
    if key == "when" or key.endswith("_at"):
        try:
            return i18n.when(str(value), "short")
        except ValueError:
            return str(value)
    return (
        i18n.number(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)
    )


def refusal(rule: str | None, reason: str, values: Mapping[str, object] | None = None) -> str:
    """A refusal in the reader's language: the reason as the engine wrote it in English; in
    another language, by its rule (the refusal's code) in the catalogue: with what it names
    (`values`: the deadline, the number present...) where the refusal gives them (context
    "refusal+"), else the words the rule has here or in the catalogue (context "refusal"),
    else the reason as written (a reason already in the reader's language stays)."""
    if current() == "en" or _cyrillic(reason):
        return reason
    key = rule or ""
    catalogue = i18n.translations(current())
    if isinstance(values, Mapping) and values:
        text = catalogue.pgettext("refusal+", key)
        if text != key:
            try:
                return text % {k: _value(k, v) for k, v in values.items()}
            except (KeyError, ValueError, TypeError):
                pass
    said = _refusals().get(key)
    if said is not None:
        return said
    text = catalogue.pgettext("refusal", key)
    return text if text != key else reason


def known_refusal(rule: str) -> bool:
    """Whether the refusal `rule` has words in the current language's catalogue."""
    catalogue = i18n.translations(current())
    return rule in _refusals() or catalogue.pgettext("refusal", rule) != rule


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
