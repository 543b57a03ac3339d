"""The minutes as documents: Markdown, HTML (printable, self-contained) and PDF (WeasyPrint).

Every sentence is written once, in the minutes' language (gettext through
`smolny.web.i18n`, catalogue `locale/ru/LC_MESSAGES/minutes.po`), and laid out by the
Markdown writer and by the HTML template alike. The **canonical Markdown** is the
Markdown in the body's language with times in UTC and without the status block; its
SHA-256 is what an approval fixes (docs/minutes.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smolny.record.minutes import Minutes, Paragraph, PollRecord
from smolny.web import i18n
from smolny.web.i18n import _

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
UTC = dt.UTC


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the Pango library under it, cannot be loaded."""


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


def _threshold(name: str) -> str:
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


def _method(name: str) -> str:
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
    }
    return words.get(name, name)


def _status(name: str) -> str:
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


def _names(names: list[str]) -> str:
    return ", ".join(names)


def _sentence(p: Paragraph, minutes: Minutes) -> tuple[str, str | None]:
    f = p.fields
    k = p.kind
    if k == "opened":
        if f.get("by"):
            return _("The session was opened by %(name)s.", name=f["by"]), None
        return _("The session was opened."), None
    if k == "presence":
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
            text += " " + _names(list(f["names"])) + "."
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
    if k == "quorum":
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
    if k == "chair":
        return _("%(name)s took the chair.", name=f["chair"]), None
    if k == "presidium":
        seats = ", ".join(f"{name} {n}" for name, n in f["seats"])
        return _("The presidium was allotted: %(seats)s.", seats=seats), None
    if k == "seated":
        if f.get("made_place"):
            return _(
                "The presidium of %(body)s took its place; the presidium of %(other)s made place for it.",  # noqa: E501
                body=f["body"],
                other=f["made_place"],
            ), None
        return _("The presidium of %(body)s took its place.", body=f["body"]), None
    if k == "agenda":
        return _("The agenda: %(items)s.", items="; ".join(f["items"])), None
    if k == "item":
        return _("Item taken up: %(title)s.", title=f["title"]), None
    if k == "speech":
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
        return text + ".", None
    if k == "interrupted":
        if f.get("by"):
            return _("%(name)s was interrupted by %(by)s.", name=f["speaker"], by=f["by"]), None
        return _("%(name)s was interrupted.", name=f["speaker"]), None
    if k == "moved":
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
    if k == "seconded":
        return _("Seconded by %(name)s.", name=f["seconder"]), None
    if k == "put":
        return _("The question on “%(title)s” was put.", title=f["title"]), None
    if k == "decision":
        d = f["decision"]
        text = _(
            "“%(title)s” (%(motion)s) was %(result)s: %(yes)s for, %(no)s against, %(abstain)s abstaining (%(method)s).",  # noqa: E501
            title=d.title,
            motion=d.motion,
            result=_status("adopted" if d.adopted else "rejected"),
            yes=d.yes,
            no=d.no,
            abstain=d.abstain,
            method=_method(d.method),
        )
        return text, None
    if k == "amended":
        return _("“%(title)s” now reads:", title=f["title"]), f["text"]
    if k == "disposed":
        titles = "; ".join(f"“{t}”" for t in f["titles"])
        acts = {
            "motion.tabled": _("%(titles)s: laid on the table."),
            "motion.postponed": _("%(titles)s: postponed."),
            "motion.referred": _("%(titles)s: referred to a committee."),
            "motion.postponed-indefinitely": _("%(titles)s: postponed indefinitely."),
            "motion.withdrawn": _("%(titles)s: withdrawn."),
            "motion.taken-from-table": _("%(titles)s: taken from the table."),
            "question.taken-up": _("%(titles)s: taken up again."),
            "motion.reconsidered": _("%(titles)s: to be reconsidered."),
            "motion.rescinded": _("%(titles)s: rescinded."),
            "motion.not-considered": _("%(titles)s: not considered."),
            "debate.closed": _("%(titles)s: debate closed."),
            "debate.limited": _("%(titles)s: debate limited."),
            "vote.cancelled": _("%(titles)s: the vote was cancelled."),
            "question.divided": _("%(titles)s: divided."),
        }
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
    if k == "poll":
        poll: PollRecord = f["poll"]
        if poll.state == "cancelled":
            return _(
                "Poll %(poll)s (%(method)s) was cancelled: %(reason)s.",
                poll=poll.id,
                method=_method(poll.method),
                reason=poll.reason,
            ), None
        counts = ", ".join(f"{_answer(a)} {n}" for a, n in _ordered(poll.heads))
        text = _(
            "Poll %(poll)s (%(method)s) closed: %(counts)s; %(cast)s cast of %(eligible)s eligible, %(present)s present.",  # noqa: E501
            poll=poll.id,
            method=_method(poll.method),
            counts=counts,
            cast=poll.cast,
            eligible=poll.eligible,
            present=poll.present,
        )
        if poll.weighted:
            text += " " + _(
                "By weight: %(counts)s.",
                counts=", ".join(f"{_answer(a)} {n}" for a, n in _ordered(poll.weights)),
            )
        return text, None
    if k == "ruling":
        if f.get("outcome") == "sustained":
            return _("The chair's ruling was sustained on appeal."), None
        if f.get("outcome") == "reversed":
            return _("The chair's ruling was reversed on appeal."), None
        return _("The chair ruled:"), f.get("text") or None
    if k == "declaration":
        return _(
            "%(name)s made a declaration in the name of the %(faction)s:",
            name=f["speaker"],
            faction=f["faction"],
        ), f["text"]
    if k == "recess":
        return _("The session was suspended."), None
    if k == "resumed":
        return _("The session was resumed."), None
    if k == "adjourned":
        text = _("The session was adjourned.")
        if f.get("left_pending"):
            text += " " + _(
                "Left with no vote taken: %(titles)s.",
                titles="; ".join(f"“{t}”" for t in f["left_pending"]),
            )
        return text, None
    if k == "closed":
        return _("The session was closed."), None
    return _("Recorded: %(kind)s.", kind=f.get("act", k)), None


def _ordered(counts: Any) -> list[tuple[str, int]]:
    order = {"yes": 0, "no": 1, "abstain": 2}
    return sorted(counts.items(), key=lambda item: (order.get(item[0], 3), item[0]))


def _answer(name: str) -> str:
    return {"yes": _("yes"), "no": _("no"), "abstain": _("abstain")}.get(name, name)


def build(minutes: Minutes, lang: str, zone: dt.tzinfo = UTC) -> Document:
    """The minutes in words, in `lang`, with times in `zone`."""
    with i18n.active(lang):
        return _build(minutes, lang, zone)


def _build(minutes: Minutes, lang: str, zone: dt.tzinfo) -> Document:
    clock = _Clock(zone)
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
    corrected = {c.paragraph: (i, c) for i, c in enumerate(minutes.corrections, 1) if c.paragraph}
    lines: list[Line] = []
    for paragraph in minutes.paragraphs:
        text, quote = _sentence(paragraph, minutes)
        line = Line(paragraph.number, clock.short(paragraph.at), text, quote)
        if paragraph.number in corrected:
            index, correction = corrected[paragraph.number]
            line.text, line.quote = correction.correction, None
            line.note = _("Corrected (correction %(n)s).", n=index)
        lines.append(line)
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
                status=_status(motion.status),
            ),
            "text": motion.text,
            "amended": motion.amended_text if motion.amended_text != motion.text else None,
            "amendments": [
                _(
                    "%(id)s, moved by %(mover)s: strike “%(strike)s”, insert “%(text)s”: %(status)s.",  # noqa: E501
                    id=a.id,
                    mover=a.mover,
                    strike=a.strike or "",
                    text=a.text,
                    status=_status(a.status),
                )
                if a.strike
                else _(
                    "%(id)s, moved by %(mover)s: “%(text)s”: %(status)s.",
                    id=a.id,
                    mover=a.mover,
                    text=a.text,
                    status=_status(a.status),
                )
                for a in motion.amendments
            ],
        }
        motions.append(entry)
    head = [
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
    rows: list[list[str]] = []
    results = {d.motion: d for d in minutes.decisions}
    for poll in minutes.polls:
        decided = results.get(poll.motion or "")
        result = _status(poll.state)
        if decided is not None and poll.state == "closed":
            result = _status("adopted" if decided.adopted else "rejected")
        counted = [poll.heads.get(a, 0) for a in ("yes", "no", "abstain")]
        rows.append(
            [
                poll.id,
                poll.title,
                _method(poll.method),
                str(poll.eligible),
                str(poll.present),
                str(poll.cast),
                *(str(n) for n in counted),
                _threshold(poll.threshold),
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
    decisions = []
    for d in minutes.decisions:
        text = _(
            "%(motion)s “%(title)s”: %(result)s by %(method)s, %(yes)s–%(no)s–%(abstain)s (%(unit)s); needed %(required)s of %(base)s (%(threshold)s).",  # noqa: E501
            motion=d.motion,
            title=d.title,
            result=_status("adopted" if d.adopted else "rejected"),
            method=_method(d.method),
            yes=d.yes,
            no=d.no,
            abstain=d.abstain,
            unit=_("weights") if d.unit == "weight" else _("heads"),
            required=d.required if d.required is not None else "—",
            base=d.base if d.base is not None else "—",
            threshold=_threshold(d.threshold),
        )
        if d.present_count is not None:
            text += " " + _(
                "Present %(present)s, quorum %(quorum)s: %(quorate)s.",
                present=d.present_count,
                quorum=d.quorum if d.quorum is not None else "—",
                quorate=_("quorate") if d.quorate else _("not quorate"),
            )
        decisions.append(text)
    corrections = [
        _(
            "%(when)s, %(what)s: “%(correction)s”. Reason: %(reason)s.",
            when=clock.full(c.at),
            what=c.what,
            correction=c.correction,
            reason=c.reason,
        )
        for c in minutes.corrections
    ]
    labels = {
        "proceedings": _("Proceedings"),
        "motions": _("Motions"),
        "polls": _("Polls"),
        "decisions": _("Decisions and the presence behind them"),
        "corrections": _("Corrections"),
        "as_amended": _("As amended:"),
        "amendments": _("Amendments:"),
        "status": _("Status of these minutes"),
        "minutes": _("Minutes"),
    }
    return Document(
        lang=lang,
        title=_("Minutes: %(title)s", title=minutes.title),
        header=header,
        zone_note=_("Times are given in %(zone)s.", zone=_zone_label(zone)),
        lines=lines,
        motions=motions,
        poll_head=head,
        poll_rows=rows,
        decisions=decisions,
        corrections=corrections,
        labels=labels,
    )


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


# -- HTML and PDF ----------------------------------------------------------------------------


def html(doc: Document, for_print: bool = False) -> str:
    """The minutes as one self-contained HTML page (styles inline, printable)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    font = (FONTS / "DejaVuSans.ttf").as_uri() if for_print else None
    return env.get_template("minutes.html").render(doc=doc, font=font)


def pdf(doc: Document) -> bytes:
    """The minutes as PDF, drawn by WeasyPrint from the HTML (fonts shipped with smolny)."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            "cannot make a PDF: WeasyPrint could not be loaded "
            f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); "
            "install the system package libpango-1.0-0 (and pip install weasyprint)"
        ) from None
    data: bytes = HTML(string=html(doc, for_print=True), base_url=str(FONTS)).write_pdf()
    return data


FORMATS = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def render(minutes: Minutes, fmt: str, lang: str | None = None, zone: dt.tzinfo = UTC) -> bytes:
    """The minutes in `fmt` (md, html, pdf), in `lang` (default: the body's language), with
    the status of their approval at the end."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    chosen = lang or minutes.language
    if chosen not in i18n.LANGUAGES:
        chosen = i18n.DEFAULT
    doc = build(minutes, chosen, zone)
    doc.status = status_lines(minutes, chosen)
    if fmt == "md":
        return markdown(doc).encode("utf-8")
    if fmt == "html":
        return html(doc).encode("utf-8")
    return pdf(doc)
