"""`smolny verify`: check a journal's chain (and, from a database, every ballot box)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click

from smolny.cli.errors import InputError
from smolny.record.chain import ChainReport, UnusableInput, walk


def _file_lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:  # each line is an entry followed by exactly one line feed
                    yield number, raw.decode("utf-8").removesuffix("\n")
                except UnicodeDecodeError:
                    raise UnusableInput(f"line {number}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def _report(source: str, report: ChainReport, head: str | None, extra: str = "") -> None:
    if report.broken is not None:
        click.echo(f"FAILED: {source}: {report.broken.describe()}")
        raise SystemExit(1)
    if head is not None and report.head != head:
        click.echo(
            f"FAILED: {source}: the chain ends at {report.head}, not at the expected head {head} "
            "(entries removed from the end, or a different journal)"
        )
        raise SystemExit(1)
    last = report.entries[-1] if report.entries else None
    when = f", last at {last.at}" if last else ""
    click.echo(
        f"OK: {source}: {len(report.entries)} entries, chain intact{when}, "
        f"head {report.head}{extra}"
    )


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--db", metavar="PATH|URL", help="Verify the journal and ballot boxes in this database."
)
@click.option("--head", metavar="HASH", help="Also require the chain to end at this hash.")
def verify(file: Path | None, db: str | None, head: str | None) -> None:
    """Check a journal: FILE.jsonl (an export) or --db PATH.

    Exit 0 when the chain holds, 1 naming the first bad entry, 2 for unusable input.
    """
    if (file is None) == (db is None):
        raise InputError("give either FILE.jsonl or --db PATH (one of them)")
    if head is not None and not re.fullmatch(r"[0-9a-f]{64}", head):
        raise InputError(f"--head {head!r}: expected a SHA-256 hash, 64 lower-case hex digits")
    try:
        if file is not None:
            if not file.exists():
                raise InputError(f"{file}: no such file")
            report = walk(_file_lines(file))
            if not report.entries and report.broken is None:
                raise InputError(f"{file}: empty: no journal entries")
            _report(
                str(file),
                report,
                head,
                " (ballot boxes are not in an export; verify --db checks them)",
            )
        else:
            assert db is not None
            _verify_db(db, head)
    except UnusableInput as exc:
        raise InputError(f"{file or db}: {exc}") from None


def _verify_db(db: str, head: str | None) -> None:
    from smolny.adapters import boxes, journal
    from smolny.cli.common import reading_record
    from smolny.record.audit import (
        check_box,
        check_cancelled,
        closed_polls,
        counted_by_tellers,
        is_secret,
    )

    with reading_record(db) as conn:
        report = walk((number, line) for number, (_, line) in enumerate(journal.stream(conn), 1))
        polls, problems = closed_polls(report.entries) if report.ok else ({}, [])
        for poll in polls.values():
            roll = boxes.roll_of(conn, poll.poll) if is_secret(poll) else None
            problem = check_box(poll, boxes.ballots(conn, poll.poll), roll)
            if problem is not None:
                problems.append(problem)
        for entry in report.entries if report.ok else ():
            if entry.kind == "poll.cancelled":
                cancelled = str(entry.data.get("poll"))
                problem = check_cancelled(
                    entry, boxes.ballots(conn, cancelled), boxes.roll_of(conn, cancelled)
                )
                if problem is not None:
                    problems.append(problem)
    if problems:
        click.echo(f"FAILED: {db}: {min(problems, key=lambda p: p.seq).describe()}")
        raise SystemExit(1)
    tellers = sum(1 for poll in polls.values() if counted_by_tellers(poll))
    boxes_ = len(polls) - tellers
    _report(
        db,
        report,
        head,
        f"; {boxes_} ballot box{'es' if boxes_ != 1 else ''} and {tellers} tellers' "
        f"count{'s' if tellers != 1 else ''} recounted",
    )
