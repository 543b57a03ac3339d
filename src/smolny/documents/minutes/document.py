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
from smolny.documents.minutes.model import Minutes, PollRecord
from smolny.documents.minutes.words import method_words, sentence, status_words, threshold_words
from smolny.i18n import _

UTC = dt.UTC


def zone_named(name: str) -> dt.tzinfo:
    """A time zone from an IANA name (Europe/Moscow), `UTC`, or an offset such as +02:01."""
    if name.upper() in ("UTC", "Z"):
        return UTC
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", name)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        delta = dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
        if delta >= dt.timedelta(hours=24):
            raise ValueError(f"time zone offset {name} is out of range")
        return dt.timezone(sign * delta, name)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: give an IANA name (Europe/Moscow), UTC or +HH:MM"
        ) from None


def _zone_label(zone: dt.tzinfo) -> str:
    if zone is UTC:
        return "UTC"
    name = zone.tzname(None) if isinstance(zone, dt.timezone) else str(zone)
    return f"UTC{name}" if name and name[0] in "+-" else str(name)


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

    def short(self, value: str | None) -> str:
        """The time of day, with the date when the day has changed since the last."""
        if not value:
            return ""
        moment = self.moment(value)
        if moment.date() != self.day:
            self.day = moment.date()
            return self.full(value)
        return moment.strftime("%H:%M")


def build(minutes: Minutes, lang: str, zone: dt.tzinfo = UTC) -> Document:
    """The minutes in words, in `lang`, with times in `zone`."""
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
        )


def _header(minutes: Minutes, clock: _Clock) -> list[tuple[str, str]]:
    header: list[tuple[str, str]] = [(_("Body"), minutes.body_name)]
    if minutes.joint_bodies:
        header.append((_("Joint session of"), "; ".join(minutes.joint_bodies)))
    header.append((_("Session"), minutes.session))
    opened = clock.full(minutes.opened_at)
    if minutes.opened_by:
        opened = _("%(when)s, by %(name)s", when=opened, name=minutes.opened_by)
    header.append((_("Opened"), opened))
    if minutes.adjourned_at:
        header.append((_("Adjourned"), clock.full(minutes.adjourned_at)))
    if minutes.closed_at:
        header.append((_("Closed"), clock.full(minutes.closed_at)))
    header.append((_("Presiding"), minutes.chair or _("no chair set in the record")))
    if minutes.presidium:
        header.append((_("Presidium"), ", ".join(f"{n} {s}" for n, s in minutes.presidium)))
    if minutes.present_at_opening is not None:
        header.append(
            (
                _("Present at the opening"),
                _(
                    "%(present)s in the hall (members: %(members)s); quorum %(quorum)s",
                    present=minutes.present_at_opening,
                    members=minutes.members,
                    quorum=minutes.quorum_at_opening,
                ),
            )
        )
    return header


def _lines(minutes: Minutes, clock: _Clock) -> list[Line]:
    corrected = {c.paragraph: (i, c) for i, c in enumerate(minutes.corrections, 1) if c.paragraph}
    lines: list[Line] = []
    for paragraph in minutes.paragraphs:
        text, quote = sentence(paragraph)
        line = Line(paragraph.number, clock.short(paragraph.at), text, quote)
        if paragraph.number in corrected:
            index, correction = corrected[paragraph.number]
            line.text, line.quote = correction.correction, None
            line.note = _("Corrected (correction %(n)s).", n=index)
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
                seconder=motion.seconder or "—",
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
