"""A congress's motions book as a document (issue 19, docs/papers.md): the agenda of its
sitting, its motions with their paragraphs numbered, the amendments to each shown as changes
to its text (the paragraph struck, the text inserted), the composites with the motions they
replace, the standing orders committee's report (its rulings and recommendations, with their
reasons) and each paper's state in words; written as Markdown, HTML (the pages) and a
numbered PDF with a table of contents (WeasyPrint).

It is drawn from the book's content as the service reads it (`smolny.service.views.book`,
plain data), in the reader's language; what a final edition fixes is that content's
canonical JSON, not these words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smolny import i18n
from smolny.documents import pdf as engine
from smolny.i18n import _

FORMATS = {"md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}


@dataclass
class Amendment:
    """An amendment as a change to its motion's text."""

    number: str
    anchor: str
    heading: str  # "A1 (York council): to replace paragraph 2"
    by: str  # moved by..., supported by...
    state: str
    struck: list[str]
    inserted: list[str]
    recommendation: str | None


@dataclass
class Entry:
    """A motion or a composite in the book."""

    number: str
    anchor: str
    heading: str  # "M1. Pay and conditions"
    by: str
    state: str
    paragraphs: list[str]
    emergency: bool = False
    replaces: str | None = None  # a composite: the motions it replaces, in words
    replaced_by: str | None = None  # a motion: the composite that replaced it, in words
    amendments: list[Amendment] = field(default_factory=list)
    recommendation: str | None = None


@dataclass
class Book:
    """The motions book in one language, ready to write out."""

    lang: str
    slug: str
    title: str
    header: list[tuple[str, str]]
    edition: list[str]  # which book this is: as it stands, or a final edition and its hash
    labels: dict[str, str]
    agenda: list[str] | None
    agenda_note: str
    motions: list[Entry]
    composites: list[Entry]
    rulings: list[str]
    recommendations: list[str]
    editions: list[str]
    changed: bool = False  # a final edition that does not match the book drawn again

    @property
    def contents(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """The table of contents: each section's anchor and title, with its papers'."""
        out: list[tuple[str, str, list[tuple[str, str]]]] = []
        if self.agenda is not None:
            out.append(("agenda", self.labels["agenda"], []))
        out.append(
            ("motions", self.labels["motions"], [(m.anchor, m.heading) for m in self.motions])
        )
        if self.composites:
            papers = [(m.anchor, m.heading) for m in self.composites]
            out.append(("composites", self.labels["composites"], papers))
        out.append(("report", self.labels["report"], []))
        return out

    def entry(self, number: str) -> Entry | Amendment | None:
        """The motion, composite or amendment numbered `number`, if the book has it."""
        for found in self.motions + self.composites:
            if found.number == number:
                return found
            for amendment in found.amendments:
                if amendment.number == number:
                    return amendment
        return None


def build(drawn: dict[str, Any], lang: str) -> Book:
    """The book `drawn` by the service (`views.book.book`) in `lang`."""
    with i18n.active(lang):
        found = drawn["content"]
        states = drawn["states"]
        papers = found["papers"]
        names = _Names(states, {p["number"]: p["title"] for p in papers}, found["councils"])
        motions = [_entry(p, names) for p in papers if p["kind"] == "motion"]
        composites = [_entry(p, names) for p in papers if p["kind"] == "composite"]
        return Book(
            lang=lang,
            slug=found["congress"],
            title=_("Motions book: %(congress)s", congress=found["name"]),
            header=_header(found),
            edition=_edition(drawn),
            labels=_labels(),
            agenda=_agenda(found["agenda"]),
            agenda_note=_agenda_note(found["agenda"]),
            motions=motions,
            composites=composites,
            rulings=_rulings(papers, states),
            recommendations=_recommendations(papers),
            editions=[_edition_line(e) for e in drawn["editions"]],
            changed=drawn["edition"] is not None and not drawn["matches"],
        )


def _header(found: dict[str, Any]) -> list[tuple[str, str]]:
    deadlines = found["deadlines"]
    header = [
        (_("Congress"), found["name"]),
        (_("Motions due"), i18n.when(deadlines["motions"], "long")),
    ]
    if deadlines["amendments"]:
        header.append((_("Amendments due"), i18n.when(deadlines["amendments"], "long")))
    return header


def _edition(drawn: dict[str, Any]) -> list[str]:
    fixed = drawn["edition"]
    if fixed is None:
        return [
            _(
                "The book as it stands at entry %(seq)s of the record; it is drawn again as the "
                "work goes on.",
                seq=drawn["seq"],
            ),
            _("SHA-256 of its canonical content: %(hash)s", hash=drawn["sha256"]),
        ]
    lines = [
        _(
            "Final edition %(edition)s, fixed %(when)s, drawn from the record up to entry %(seq)s.",
            edition=fixed["edition"],
            when=i18n.when(fixed["at"], "long"),
            seq=fixed["covers"],
        ),
        _("SHA-256 fixed in the record: %(hash)s", hash=fixed["sha256"]),
    ]
    if drawn["matches"]:
        lines.append(_("This book matches the edition fixed in the record."))
    else:
        lines.append(
            _(
                "CHANGED: this book (SHA-256 %(hash)s) does not match the edition fixed in the "
                "record.",
                hash=drawn["sha256"],
            )
        )
    return lines


def _edition_line(fixed: dict[str, Any]) -> str:
    return _(
        "Edition %(edition)s, fixed %(when)s (record up to entry %(seq)s): SHA-256 %(hash)s",
        edition=fixed["edition"],
        when=i18n.when(fixed["at"], "short"),
        seq=fixed["covers"],
        hash=fixed["sha256"],
    )


def _labels() -> dict[str, str]:
    return {
        "contents": _("Contents"),
        "agenda": _("Agenda"),
        "motions": i18n.pgettext("motions book", "Motions"),
        "composites": _("Composite motions"),
        "report": _("Report of the standing orders committee"),
        "rulings": _("Rulings"),
        "recommendations": _("Recommendations"),
        "editions": _("Final editions"),
        "amendments": _("Amendments"),
        "strike": _("Strike:"),
        "insert": _("Insert:"),
        "state": _("State:"),
        "recommendation": _("The committee recommends:"),
        "emergency": _("Emergency motion"),
        "none": _("None."),
    }


def _agenda(agenda: dict[str, Any] | None) -> list[str] | None:
    if agenda is None:
        return None
    return [
        _("%(title)s (%(reporter)s)", title=i["title"], reporter=i["reporter"])
        if i.get("reporter")
        else i["title"]
        for i in agenda["items"]
    ]


def _agenda_note(agenda: dict[str, Any] | None) -> str:
    if agenda is None:
        return ""
    if agenda["adopted"]:
        return _("The agenda of “%(title)s”, as adopted.", title=agenda["title"])
    return _("The agenda of “%(title)s”, as drafted (not yet adopted).", title=agenda["title"])


_ROLES: dict[str, Callable[[], str]] = {
    "secretariat": lambda: _("the secretariat"),
    "committee": lambda: _("the standing orders committee"),
    "congress": lambda: _("the congress"),
    "mover": lambda: _("the mover"),
}


def _role(by: str) -> str:
    return _ROLES[by]() if by in _ROLES else by


_STANCES: dict[str, Callable[[], str]] = {
    "support": lambda: _("support"),
    "oppose": lambda: _("oppose"),
    "refer": lambda: _("refer"),
}
_CHANGES: dict[str, Callable[[int], str]] = {
    "replace": lambda at: _("to replace paragraph %(n)s", n=at),
    "delete": lambda at: _("to delete paragraph %(n)s", n=at),
    "insert-after": lambda at: (
        _("to insert a paragraph before paragraph 1")
        if at == 0
        else _("to insert a paragraph after paragraph %(n)s", n=at)
    ),
}


def state_name(state: str, states: dict[str, str]) -> str:
    """A workflow state's name in the current language (its own name when not translated)."""
    if state == "proposed":
        return i18n.pgettext("paper state", "Proposed")
    return i18n.pgettext("paper state", states.get(state, state))


def _state(paper: dict[str, Any], states: dict[str, str]) -> str:
    name = state_name(paper["state"], states)
    if not paper["moves"]:
        return _(
            "%(state)s, since %(when)s.", state=name, when=i18n.when(paper["submitted_at"], "short")
        )
    last = paper["moves"][-1]
    said = _(
        "%(state)s, by %(who)s, %(when)s.",
        state=name,
        who=_role(last["by"]),
        when=i18n.when(last["at"], "short"),
    )
    if last["reason"]:
        said += " " + _("Reason: %(reason)s", reason=last["reason"])
    return said


def _by(paper: dict[str, Any], councils: dict[str, str]) -> str:
    said = _("Moved by %(movers)s", movers=", ".join(paper["movers"]))
    if paper["council"]:
        said += " " + _("(%(council)s)", council=councils.get(paper["council"], paper["council"]))
    if paper["supporters"]:
        named = ", ".join(councils.get(s, s) for s in paper["supporters"])
        said += "; " + _("supported by %(councils)s", councils=named)
    return said + "."


def _recommendation(paper: dict[str, Any]) -> str | None:
    found = paper["recommendation"]
    if found is None:
        return None
    key = found["stance"]
    stance = _STANCES[key]() if key in _STANCES else key
    return _("%(stance)s. Reason: %(reason)s", stance=stance.capitalize(), reason=found["reason"])


@dataclass(frozen=True)
class _Names:
    states: dict[str, str]  # the workflow's states' names
    titles: dict[str, str]  # each paper's title, by number
    councils: dict[str, str]  # each council's name, by slug


def _entry(paper: dict[str, Any], names: _Names) -> Entry:
    number = paper["number"]
    return Entry(
        number=number,
        anchor=f"paper-{number}",
        heading=f"{number}. {paper['title']}",
        by=(
            _by(paper, names.councils)
            if paper["council"]
            else _("A composite of the standing orders committee.")
        ),
        state=_state(paper, names.states),
        paragraphs=list(paper["paragraphs"]),
        emergency=paper["emergency"],
        replaces=(
            _(
                "Replaces %(motions)s.",
                motions="; ".join(_titled(m, names.titles) for m in paper["motions"]),
            )
            if paper["motions"]
            else None
        ),
        replaced_by=(
            _(
                "Replaced by the composite %(paper)s.",
                paper=_titled(paper["composite"], names.titles),
            )
            if paper["composite"]
            else None
        ),
        amendments=[_amendment(a, names) for a in paper["amendments"]],
        recommendation=_recommendation(paper),
    )


def _titled(number: str, titles: dict[str, str]) -> str:
    return f"{number} “{titles[number]}”" if number in titles else number


def _amendment(found: dict[str, Any], names: _Names) -> Amendment:
    number = found["number"]
    council = names.councils.get(found["council"], found["council"] or "")
    change = _CHANGES[found["change"]](found["paragraph"])
    return Amendment(
        number=number,
        anchor=f"paper-{number}",
        heading=_(
            "%(number)s (%(council)s): %(change)s", number=number, council=council, change=change
        ),
        by=_by(found, names.councils),
        state=_state(found, names.states),
        struck=list(found["struck"]),
        inserted=list(found["inserted"]),
        recommendation=_recommendation(found),
    )


def _all(papers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for paper in papers:
        out.append(paper)
        out += paper["amendments"]
    return out


def _rulings(papers: list[dict[str, Any]], states: dict[str, str]) -> list[str]:
    # every move the committee made, and the congress's decisions on appeals from them
    said = []
    for paper in _all(papers):
        for move in paper["moves"]:
            if move["by"] != "committee" and move["from"] != "appealed":
                continue
            text = _(
                "%(number)s: %(state)s (%(who)s).",
                number=paper["number"],
                state=state_name(move["to"], states),
                who=_role(move["by"]),
            )
            if move["reason"]:
                text += " " + _("Reason: %(reason)s", reason=move["reason"])
            said.append(text)
    return said


def _recommendations(papers: list[dict[str, Any]]) -> list[str]:
    return [
        f"{paper['number']}: {_recommendation(paper)}"
        for paper in _all(papers)
        if paper["recommendation"] is not None
    ]


# -- Markdown ------------------------------------------------------------------------------


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#~+])", r"\\\1", text)


def markdown(book: Book) -> str:
    """The book as Markdown."""
    out = [f"# {_md(book.title)}", ""]
    out += [f"- **{_md(label)}:** {_md(value)}" for label, value in book.header]
    out += [""] + [f"*{_md(line)}*  " for line in book.edition] + [""]
    if book.agenda is not None:
        out += [f"## {_md(book.labels['agenda'])}", "", _md(book.agenda_note), ""]
        out += [f"{i}. {_md(item)}" for i, item in enumerate(book.agenda, 1)] + [""]
    out += [f"## {_md(book.labels['motions'])}", ""]
    for entry in book.motions:
        out += _md_entry(entry, book.labels)
    if book.composites:
        out += [f"## {_md(book.labels['composites'])}", ""]
        for entry in book.composites:
            out += _md_entry(entry, book.labels)
    out += [f"## {_md(book.labels['report'])}", "", f"### {_md(book.labels['rulings'])}", ""]
    out += [f"- {_md(r)}" for r in book.rulings] or [_md(book.labels["none"])]
    out += ["", f"### {_md(book.labels['recommendations'])}", ""]
    out += [f"- {_md(r)}" for r in book.recommendations] or [_md(book.labels["none"])]
    if book.editions:
        out += ["", f"## {_md(book.labels['editions'])}", ""]
        out += [f"- {_md(e)}" for e in book.editions]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out).rstrip("\n") + "\n")


def _md_entry(entry: Entry, labels: dict[str, str]) -> list[str]:
    out = [f"### {_md(entry.heading)}", ""]
    if entry.emergency:
        out += [f"*{_md(labels['emergency'])}*", ""]
    out += [_md(entry.by), "", f"**{_md(labels['state'])}** {_md(entry.state)}", ""]
    out += [_md(note) for note in (entry.replaces, entry.replaced_by) if note] + [""]
    out += [f"{n}. {_md(text)}" for n, text in enumerate(entry.paragraphs, 1)] + [""]
    if entry.recommendation:
        out += [f"**{_md(labels['recommendation'])}** {_md(entry.recommendation)}", ""]
    for a in entry.amendments:
        out += [f"#### {_md(a.heading)}", "", _md(a.by), ""]
        out += [f"- {_md(labels['strike'])} ~~{_md(text)}~~" for text in a.struck]
        out += [f"- {_md(labels['insert'])} **{_md(text)}**" for text in a.inserted]
        out += ["", f"**{_md(labels['state'])}** {_md(a.state)}", ""]
        if a.recommendation:
            out += [f"**{_md(labels['recommendation'])}** {_md(a.recommendation)}", ""]
    return out


# -- HTML and PDF --------------------------------------------------------------------------


def html(book: Book) -> str:
    """The book as one self-contained printable HTML page (the PDF's source)."""
    return engine.page("book.html", book=book, fonts=engine.font_faces())


def pdf(book: Book) -> bytes:
    """The book as a PDF: numbered pages, a table of contents with their page numbers."""
    return engine.write_pdf(html(book))


def render(drawn: dict[str, Any], fmt: str, lang: str) -> bytes:
    """The book `drawn` in `fmt` (md, pdf) and `lang`."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    book = build(drawn, lang if lang in i18n.LANGUAGES else i18n.DEFAULT)
    return markdown(book).encode("utf-8") if fmt == "md" else pdf(book)
