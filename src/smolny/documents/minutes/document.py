"""The minutes in words: the document in the minutes' language, and as Markdown.

Every sentence is written once, in the minutes' language (gettext through `smolny.i18n`,
catalogue `locale/ru/LC_MESSAGES/minutes.po`; the sentences are
`smolny.documents.minutes.words`'), and laid out by the Markdown writer here and by the
HTML template (`smolny.documents.minutes.render`) alike. The **canonical Markdown** is the
Markdown in the body's language with times in UTC and without the status block; its
SHA-256 is what an approval fixes (docs/minutes.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from smolny import i18n
from smolny.documents.minutes.elections import elected, order_tables
from smolny.documents.minutes.model import Decision, Minutes, PollRecord
from smolny.documents.minutes.words import (
    method_words,
    presidium_words,
    sentence,
    status_words,
    threshold_words,
)
from smolny.i18n import _
from smolny.record.clock import zone_label
from smolny.record.clock import zone_named as zone_named  # where the callers take it from

UTC = dt.UTC


def _zone_label(zone: dt.tzinfo) -> str:
    return zone_label(zone)


@dataclass
class Line:
    """One numbered paragraph as read: its number, time, sentence and a note."""

    number: int
    time: str
    text: str
    quote: str | None = None
    note: str | None = None


@dataclass
class Document:
    """The minutes in words, ready to lay out."""

    lang: str
    title: str
    header: list[tuple[str, str]]
    zone_note: str
    lines: list[Line]
    motions: list[dict[str, Any]]
    poll_head: list[str]
    poll_rows: list[list[str]]
    decisions: list[str]
    corrections: list[str]
    labels: dict[str, str] = field(default_factory=dict)
    status: list[str] = field(default_factory=list)
    # elections put in order (Schulze, Borda): heading, sentence, and the count's tables
    counts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # notes on entries with no paragraph


class _Clock:
    def __init__(self, zone: dt.tzinfo) -> None:
        self.zone = zone
        self.day: dt.date | None = None

    def moment(self, value: str) -> dt.datetime:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(self.zone)

    def full(self, value: str | None) -> str:
        if not value:
            return ""
        from babel.dates import format_datetime

        return str(format_datetime(self.moment(value), "d MMMM y, HH:mm", locale=i18n.current()))

    def moment_words(self, value: str | None) -> str:
        """The time of day alone (the header's changes of chair)."""
        return self.moment(value).strftime("%H:%M") if value else ""

    def short(self, value: str | None) -> str:
        """The time of day, with the date when the day has changed since the last."""
        if not value:
            return ""
        moment = self.moment(value)
        if moment.date() != self.day:
            self.day = moment.date()
            return self.full(value)
        return moment.strftime("%H:%M")


def body_zone(minutes: Minutes) -> dt.tzinfo:
    """The zone the body keeps its time in (`body.time-zone-set`), else UTC."""
    if minutes.time_zone is None:
        return UTC
    try:
        return zone_named(minutes.time_zone, minutes.time_zone_name)
    except ValueError:  # a zone this machine's database lacks: the record's UTC
        return UTC


def build(minutes: Minutes, lang: str, zone: dt.tzinfo | None = None) -> Document:
    """The minutes in words, in `lang`, with times in `zone` (default: the body's)."""
    zone = body_zone(minutes) if zone is None else zone
    with i18n.active(lang):
        clock = _Clock(zone)
        return Document(
            lang=lang,
            title=_("Minutes: %(title)s", title=minutes.title),
            header=_header(minutes, clock),
            zone_note=_("Times are given in %(zone)s.", zone=_zone_label(zone)),
            lines=_lines(minutes, clock),
            motions=_motions(minutes),
            poll_head=_poll_head(),
            poll_rows=_poll_rows(minutes),
            decisions=_decisions(minutes),
            corrections=_corrections(minutes, clock),
            labels=_labels(),
            counts=order_tables(minutes),
            notes=[
                _("Entry %(seq)s: %(text)s", seq=n.about, text=n.text)
                for n in minutes.notes
                if n.paragraph is None
            ],
        )


def _header(minutes: Minutes, clock: _Clock) -> list[tuple[str, str]]:
    header: list[tuple[str, str]] = [(_("Body"), minutes.body_name)]
    if minutes.joint_bodies:
        header.append((_("Joint session of"), "; ".join(minutes.joint_bodies)))
    header += _called(minutes, clock)
    opened = clock.full(minutes.opened_at)
    if minutes.opened_by:
        opened = _("%(when)s, by %(name)s", when=opened, name=minutes.opened_by)
    header.append((_("Opened"), opened))
    if minutes.adjourned_at:
        header.append((_("Adjourned"), clock.full(minutes.adjourned_at)))
    if minutes.closed_at:
        header.append((_("Closed"), clock.full(minutes.closed_at)))
    header.append((_("Presiding"), _presiding(minutes, clock)))
    if minutes.presidium or minutes.declined or minutes.reserved:
        header.append(
            (
                _("Presidium"),
                presidium_words(
                    minutes.presidium, minutes.declined, minutes.reserved, minutes.declined_given
                ),
            )
        )
    if minutes.present_at_opening is not None:
        header.append((_("Present at the opening"), _opening(minutes)))
    return header


def _opening(minutes: Minutes) -> str:
    if minutes.voices_at_opening:  # delegates with a voice and no vote are no members
        return _(
            "%(present)s in the hall: %(voting)s members and %(voices)s with a voice and no vote (members: %(members)s); quorum %(quorum)s",  # noqa: E501
            present=minutes.present_at_opening,
            voting=(minutes.present_at_opening or 0) - minutes.voices_at_opening,
            voices=minutes.voices_at_opening,
            members=minutes.members,
            quorum=minutes.quorum_at_opening,
        )
    return _(
        "%(present)s in the hall (members: %(members)s); quorum %(quorum)s",
        present=minutes.present_at_opening,
        members=minutes.members,
        quorum=minutes.quorum_at_opening,
    )


def _called(minutes: Minutes, clock: _Clock) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if minutes.scheduled_for:
        called = clock.full(minutes.scheduled_for)
        if minutes.emergency:
            called = _("%(when)s; an emergency sitting", when=called)
        rows.append((_("Called for"), called))
    elif minutes.emergency:
        rows.append((_("Sitting"), _("an emergency sitting")))
    for put_off in minutes.postponements:
        to = clock.full(put_off.to) if put_off.to else _("no time set")
        text = _("%(when)s, to %(to)s", when=clock.full(put_off.at), to=to)
        if put_off.reason:
            text += ": " + put_off.reason
        rows.append((_("Postponed"), text))
    return rows


def _presiding(minutes: Minutes, clock: _Clock) -> str:
    if not minutes.chairs:  # nobody took the chair by an act: who opened the sitting
        if minutes.chair:
            return minutes.chair
        if minutes.opened_by:
            return _("%(name)s, who opened the sitting", name=minutes.opened_by)
        if minutes.opened_by_chair_account:
            return _(
                "the chair's account “%(name)s”, which opened the sitting",
                name=minutes.opened_by_chair_account,
            )
        return _("not recorded: nobody took the chair by an act of the record")
    names = []
    if minutes.chair and minutes.chair != minutes.chairs[0][1]:
        names.append(minutes.chair)  # by the presidium's rota, before any took the chair
    names += [
        _("%(name)s from %(when)s", name=n, when=clock.moment_words(at)) for at, n in minutes.chairs
    ]
    return "; ".join(names)


def _lines(minutes: Minutes, clock: _Clock) -> list[Line]:
    corrected = {c.paragraph: (i, c) for i, c in enumerate(minutes.corrections, 1) if c.paragraph}
    noted: dict[int, list[str]] = {}
    for note in minutes.notes:
        if note.paragraph is not None:
            noted.setdefault(note.paragraph, []).append(_("Note: %(text)s", text=note.text))
    lines: list[Line] = []
    for paragraph in minutes.paragraphs:
        text, quote = sentence(paragraph)
        line = Line(paragraph.number, clock.short(paragraph.at), text, quote)
        if paragraph.number in corrected:
            index, correction = corrected[paragraph.number]
            line.text, line.quote = correction.correction, None
            line.note = _("Corrected (correction %(n)s).", n=index)
        if paragraph.number in noted:
            line.note = " ".join(filter(None, [line.note, *noted[paragraph.number]]))
        lines.append(line)
    return lines


def _motions(minutes: Minutes) -> list[dict[str, Any]]:
    motions: list[dict[str, Any]] = []
    for motion in minutes.motions:
        if motion.motion == "amend":
            continue
        entry: dict[str, Any] = {
            "heading": f"{motion.id}. {motion.title}",
            "summary": _(
                "Moved by %(mover)s, seconded by %(seconder)s: %(status)s.",
                mover=motion.mover,
                seconder=motion.seconder,
                status=status_words(motion.status),
            )
            if motion.seconder
            else _(  # a motion its rulebook lets stand without a seconder
                "Moved by %(mover)s: %(status)s.",
                mover=motion.mover,
                status=status_words(motion.status),
            ),
            "text": motion.text,
            "amended": motion.amended_text if motion.amended_text != motion.text else None,
            "amendments": [
                _(
                    "%(id)s, moved by %(mover)s: %(said)s: %(status)s.",
                    id=a.id,
                    mover=a.mover,
                    said=_(a.said[0], **a.said[1]),
                    status=status_words(a.status),
                )
                if a.said
                else _(
                    "%(id)s, moved by %(mover)s: strike “%(strike)s”, insert “%(text)s”: %(status)s.",  # noqa: E501
                    id=a.id,
                    mover=a.mover,
                    strike=a.strike or "",
                    text=a.text,
                    status=status_words(a.status),
                )
                if a.strike
                else _(
                    "%(id)s, moved by %(mover)s: “%(text)s”: %(status)s.",
                    id=a.id,
                    mover=a.mover,
                    text=a.text,
                    status=status_words(a.status),
                )
                for a in motion.amendments
            ],
        }
        motions.append(entry)
    return motions


def _poll_head() -> list[str]:
    return [
        _("Poll"),
        _("Question"),
        _("Method"),
        _("Eligible"),
        _("Present"),
        _("Cast"),
        _("Yes"),
        _("No"),
        _("Abstain"),
        _("Threshold"),
        _("Result"),
    ]


def _poll_rows(minutes: Minutes) -> list[list[str]]:
    rows: list[list[str]] = []
    results = {d.motion: d for d in minutes.decisions}
    for poll in minutes.polls:
        decided = results.get(poll.motion or "")
        result = status_words(poll.state)
        if decided is not None and poll.state == "closed":
            result = status_words("adopted" if decided.adopted else "rejected")
        if poll.question != "yes-no-abstain" and poll.state == "closed":
            rows.append(_election_row(poll))
            continue
        counted = [poll.heads.get(a, 0) for a in ("yes", "no", "abstain")]
        rows.append(
            [
                poll.id,
                poll.title,
                method_words(poll.method),
                str(poll.eligible),
                str(poll.present),
                str(poll.cast),
                *(str(n) for n in counted),
                threshold_words(poll.threshold),
                result,
            ]
        )
        if poll.weighted:
            weights = [poll.weights.get(a, 0) for a in ("yes", "no", "abstain")]
            rows.append(
                [
                    "",
                    _("by weight"),
                    "",
                    "",
                    "",
                    str(sum(poll.weights.values())),
                    *map(str, weights),
                    "",
                    "",
                ]
            )
    return rows


def _election_row(poll: PollRecord) -> list[str]:
    # an election's row: no yes, no or abstain, and the chosen or elected as its result
    names = elected(poll)
    if names:
        result = _("elected: %(names)s", names=", ".join(names))
    elif poll.question == "list":
        result = _("seats apportioned")
    else:
        result = _("nobody elected")
    threshold = threshold_words(poll.threshold) if poll.threshold not in ("", "none") else "—"
    cells = [str(poll.eligible), str(poll.present), str(poll.cast), "—", "—", "—"]
    return [poll.id, poll.title, method_words(poll.method), *cells, threshold, result]


def _decisions(minutes: Minutes) -> list[str]:
    decisions = []
    for d in minutes.decisions:
        if not d.counted:
            decisions.append(_declared_words(d))
            continue
        text = _(
            "%(motion)s “%(title)s”: %(result)s by %(method)s, %(yes)s–%(no)s–%(abstain)s (%(unit)s); needed %(required)s of %(base)s (%(threshold)s).",  # noqa: E501
            motion=d.motion,
            title=d.title,
            result=status_words("adopted" if d.adopted else "rejected"),
            method=method_words(d.method),
            yes=d.yes,
            no=d.no,
            abstain=d.abstain,
            unit=_("weights") if d.unit == "weight" else _("heads"),
            required=d.required if d.required is not None else "—",
            base=d.base if d.base is not None else "—",
            threshold=threshold_words(d.threshold),
        )
        if d.present_count is not None:
            text += " " + _(
                "Present %(present)s, quorum %(quorum)s: %(quorate)s.",
                present=d.present_count,
                quorum=d.quorum if d.quorum is not None else "—",
                quorate=_("quorate") if d.quorate else _("not quorate"),
            )
        decisions.append(text)
    return decisions


def _declared_words(d: Decision) -> str:
    text = _(
        "%(motion)s “%(title)s”: %(result)s by %(method)s, declared by the chair; the votes were not counted.",  # noqa: E501
        motion=d.motion,
        title=d.title,
        result=status_words("adopted" if d.adopted else "rejected"),
        method=method_words(d.method),
    )
    if d.present_count is not None:
        text += " " + _(
            "Present %(present)s, quorum %(quorum)s: %(quorate)s.",
            present=d.present_count,
            quorum=d.quorum if d.quorum is not None else "—",
            quorate=_("quorate") if d.quorate else _("not quorate"),
        )
    return text


def _corrections(minutes: Minutes, clock: _Clock) -> list[str]:
    return [
        _(
            "%(when)s, %(what)s: “%(correction)s”. Reason: %(reason)s.",
            when=clock.full(c.at),
            what=c.what,
            correction=c.correction,
            reason=c.reason,
        )
        for c in minutes.corrections
    ]


def _labels() -> dict[str, str]:
    return {
        "proceedings": _("Proceedings"),
        "motions": _("Motions"),
        "polls": _("Polls"),
        "counts": _("Elections: how they were counted"),
        "decisions": _("Decisions and the presence behind them"),
        "corrections": _("Corrections"),
        "notes": _("Notes in the record"),
        "as_amended": _("As amended:"),
        "amendments": _("Amendments:"),
        "status": _("Status of these minutes"),
        "minutes": _("Minutes"),
    }


# -- Markdown ------------------------------------------------------------------------------


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def _quote(text: str) -> str:
    return "\n".join("> " + _md(line) if line else ">" for line in text.splitlines())


def markdown(doc: Document) -> str:
    """The minutes as Markdown (without the status block unless `doc.status` is set)."""
    out = [f"# {_md(doc.title)}", ""]
    out += [f"- **{_md(label)}:** {_md(value)}" for label, value in doc.header]
    out += ["", f"*{_md(doc.zone_note)}*", "", f"## {doc.labels['proceedings']}", ""]
    for line in doc.lines:
        text = f"{line.number}. {_md(line.time)}. {_md(line.text)}"
        if line.note:
            text += f" *{_md(line.note)}*"
        out.append(text)
        if line.quote:
            out += ["", "\n".join("   " + q for q in _quote(line.quote).splitlines()), ""]
    if doc.motions:
        out += ["", f"## {doc.labels['motions']}", ""]
        for motion in doc.motions:
            out += [f"### {_md(motion['heading'])}", "", _md(motion["summary"]), ""]
            if motion["text"]:
                out += [_quote(motion["text"]), ""]
            if motion["amended"]:
                out += [_md(doc.labels["as_amended"]), "", _quote(motion["amended"]), ""]
            if motion["amendments"]:
                out += [_md(doc.labels["amendments"]), ""]
                out += [f"- {_md(a)}" for a in motion["amendments"]]
                out.append("")
    if doc.poll_rows:
        out += ["", f"## {doc.labels['polls']}", ""]
        out.append("| " + " | ".join(_md(h) for h in doc.poll_head) + " |")
        out.append("|" + "|".join("---" for _h in doc.poll_head) + "|")
        out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in doc.poll_rows]
    if doc.counts:
        out += ["", f"## {doc.labels['counts']}", ""]
        for counted in doc.counts:
            out += [f"### {_md(counted['heading'])}", "", _md(counted["sentence"]), ""]
            for table in counted["tables"]:
                out += [f"*{_md(table['caption'])}*", ""]
                out.append("| " + " | ".join(_md(h) for h in table["head"]) + " |")
                out.append("|" + "|".join("---" for _h in table["head"]) + "|")
                out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in table["rows"]]
                out.append("")
    if doc.decisions:
        out += ["", f"## {doc.labels['decisions']}", ""]
        out += [f"- {_md(d)}" for d in doc.decisions]
    if doc.corrections:
        out += ["", f"## {doc.labels['corrections']}", ""]
        out += [f"{i}. {_md(c)}" for i, c in enumerate(doc.corrections, 1)]
    if doc.notes:
        out += ["", f"## {doc.labels['notes']}", ""]
        out += [f"- {_md(n)}" for n in doc.notes]
    text = "\n".join(out).rstrip("\n") + "\n"
    text = re.sub(r"\n{3,}", "\n\n", text)
    if doc.status:
        text += "\n---\n\n" + f"## {doc.labels['status']}\n\n"
        text += "".join(f"- {_md(s)}\n" for s in doc.status)
    return text


def canonical_markdown(minutes: Minutes) -> str:
    """The Markdown an approval fixes: the body's language, times in UTC, no status."""
    lang = minutes.language if minutes.language in i18n.LANGUAGES else i18n.DEFAULT
    return markdown(build(minutes, lang, UTC))


def minutes_hash(minutes: Minutes) -> str:
    """SHA-256 (hex) of the canonical Markdown's UTF-8 bytes."""
    return hashlib.sha256(canonical_markdown(minutes).encode("utf-8")).hexdigest()


def status_lines(minutes: Minutes, lang: str) -> list[str]:
    """Whether the minutes are approved, and whether they still match what was approved."""
    with i18n.active(lang):
        approval = minutes.approval
        if approval is None:
            return [_("Not approved.")]
        if approval.status == "moved":
            return [
                _(
                    "Approval moved (motion %(motion)s in session %(session)s), not yet decided.",
                    motion=approval.motion,
                    session=approval.session,
                )
            ]
        if approval.status == "not-approved":
            return [
                _(
                    "Not approved: motion %(motion)s in session %(session)s was rejected.",
                    motion=approval.motion,
                    session=approval.session,
                )
            ]
        current = minutes_hash(minutes)
        lines = [
            _(
                "Approved by motion %(motion)s in session %(session)s; approved version SHA-256 %(hash)s.",  # noqa: E501
                motion=approval.motion,
                session=approval.session,
                hash=approval.hash,
            )
        ]
        if current == approval.hash:
            lines.append(_("These minutes match the approved version."))
        else:
            lines.append(
                _(
                    "CHANGED SINCE APPROVAL: these minutes (SHA-256 %(hash)s) no longer match the approved version.",  # noqa: E501
                    hash=current,
                )
            )
        return lines
