"""`smolny minutes`: the minutes of a session, drawn from the journal; their corrections
and the motion that approves them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from smolny.cli.common import db_option, open_app, reading_stored, refusals_as_input_errors
from smolny.cli.errors import InputError
from smolny.record import kinds as k


def read_minutes(db: str | None, session: str | None) -> Any:
    """The minutes of `session` from the database's journal; exit 2 with the list of
    sessions if there is no such session (or none was named)."""
    from smolny.documents.minutes import UnknownSession, draw, sessions
    from smolny.record.chain import UnusableInput, walk
    from smolny.service.storage import database_url

    with reading_stored(db or database_url(None)) as stored:
        try:
            report = walk(stored.lines())
        except UnusableInput as exc:
            raise InputError(f"the journal cannot be read: {exc}") from None
    if report.broken is not None:
        raise InputError(f"the journal is broken at {report.broken.describe()}: run smolny verify")
    if session is None:
        raise InputError(
            "give --session ID; the sessions are:\n" + _listing(sessions(report.entries))
        )
    try:
        return draw(report.entries, session)
    except UnknownSession as exc:
        raise InputError(
            f"there is no session {session!r}; the sessions are:\n" + _listing(exc.sessions)
        ) from None


def _listing(found: list[Any]) -> str:
    if not found:
        return "  (none: the journal holds no session)"
    return "\n".join(f"  {s.id}\t{s.body}\t{s.title}" for s in found)


@click.group(invoke_without_command=True)
@db_option
@click.option("--session", "session", metavar="ID", help="The session whose minutes to draw.")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "html", "pdf"]), default="md", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE."
)
@click.option(
    "--lang", type=click.Choice(["en", "ru"]), default=None, help="Language (default: the body's)."
)
@click.option(
    "--tz",
    "zone",
    default=None,
    help="Time zone of the times shown: an IANA name (Europe/Moscow), UTC or an offset "
    "(+02:01). Default: the body's own (UTC if it has none).",
)
@click.pass_context
def minutes(
    ctx: click.Context,
    db: str | None,
    session: str | None,
    fmt: str,
    output: Path | None,
    lang: str | None,
    zone: str | None,
) -> None:
    """Draw the minutes of a session from the journal, as Markdown, HTML or PDF, and say
    whether they are approved and still match the approved version."""
    if ctx.invoked_subcommand is not None:
        return
    from smolny.documents import minutes as documents

    try:
        tz = documents.zone_named(zone) if zone is not None else None
    except ValueError as exc:
        raise InputError(f"--tz: {exc}") from None
    drawn = read_minutes(db, session)
    try:
        data = documents.render(drawn, fmt, lang, tz)
    except documents.PdfUnavailable as exc:
        raise InputError(str(exc)) from None
    status = documents.status_lines(
        drawn, lang or drawn.language if (lang or drawn.language) in ("en", "ru") else "en"
    )
    if output is None:
        if fmt == "pdf" and sys.stdout.isatty():
            raise InputError("a PDF is not for the terminal: give -o FILE")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"{output}: {exc.strerror or exc}") from None
    click.echo(f"Wrote the minutes of {drawn.session} ({drawn.title}) to {output}.")
    for line in status:
        click.echo(line)


def _staff(app: Any, username: str, roles: tuple[str, ...]) -> Any:
    from smolny.service.app import Principal

    for ident, account in app.state.accounts.items():
        if account["username"] == username:
            if account["role"] not in roles:
                raise InputError(
                    f"--by {username}: a {account['role']}; this needs the {' or '.join(roles)}"
                )
            return Principal(ident, account["role"], username)
    raise InputError(f"--by {username}: no such staff account")


@minutes.command("correct")
@db_option
@click.option(
    "--session", required=True, metavar="ID", help="The session whose minutes to correct."
)
@click.option(
    "--what", required=True, help="What is corrected: a paragraph (§7) or a part named in words."
)
@click.option("--correction", required=True, help="What it now reads.")
@click.option("--reason", required=True, help="Why.")
@click.option("--by", "by", required=True, metavar="USERNAME", help="The secretary (or admin).")
@refusals_as_input_errors
def correct(db: str | None, session: str, what: str, correction: str, reason: str, by: str) -> None:
    """Record a correction of the minutes (a journal entry: nothing is edited)."""
    from smolny.documents.minutes import paragraph_ref
    from smolny.domain import commands as c

    drawn = read_minutes(db, session)
    number = paragraph_ref(what)
    if number is not None and not 1 <= number <= len(drawn.paragraphs):
        raise InputError(
            f"--what {what}: the minutes of {session} have paragraphs 1 to {len(drawn.paragraphs)}"
        )
    app = open_app(db, must_exist=True)
    try:
        principal = _staff(app, by, ("secretary", "admin"))
        entries = app.execute(c.CorrectMinutes(session, what, correction, reason), by=principal)
    finally:
        app.close()
    click.echo(f"Recorded the correction of the minutes of {session} (entry {entries[0].seq}).")


@minutes.command("approve")
@db_option
@click.option(
    "--minutes",
    "minutes_of",
    required=True,
    metavar="ID",
    help="The session whose minutes are approved.",
)
@click.option(
    "--session", required=True, metavar="ID", help="The later, open sitting that decides."
)
@click.option("--mover", required=True, metavar="DELEGATE", help="The delegate moving it (d17).")
@click.option(
    "--by", "by", required=True, metavar="USERNAME", help="The chair or secretary recording it."
)
@refusals_as_input_errors
def approve(db: str | None, minutes_of: str, session: str, mover: str, by: str) -> None:
    """Move that the minutes be approved, fixing them by the SHA-256 of their canonical
    Markdown; the body then decides the motion as any other."""
    from smolny.documents.minutes import minutes_hash
    from smolny.domain import commands as c

    digest = minutes_hash(read_minutes(db, minutes_of))
    app = open_app(db, must_exist=True)
    try:
        principal = _staff(app, by, ("chair", "secretary", "admin"))
        entries = app.execute(c.MoveApproval(session, minutes_of, mover, digest), by=principal)
    finally:
        app.close()
    motion = next(e.data["question"] for e in entries if e.kind == k.MOTION_MOVED)
    click.echo(f"Moved {motion}: that the minutes of {minutes_of} be approved (SHA-256 {digest}).")
