"""`smolny archive export|import`: a whole record as one file, and back, verified first.

The format is docs/record-format.md, section 6 (`smolny.record.archive`). Import reads and
verifies the whole archive (the chain, every box and roll against the journal, the quorum
behind every decision) before it opens the database, and writes it in one transaction.
Exit 0 when done; 1 when the archive is corrupted or truncated (the first bad entry or line
named, nothing imported); 2 for unusable input (no such file, not an archive, a database
that holds a record already, a poll still open).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from smolny.cli.errors import InputError
from smolny.record import kinds as k


@click.group()
def archive() -> None:
    """A whole record (journal and ballot boxes) as one file."""


def _poll_order(lines: list[str]) -> dict[str, int]:
    from smolny.record import canonical

    order: dict[str, int] = {}
    for text in lines:
        entry = canonical.loads(text)
        poll = entry["data"].get("poll")
        if entry["kind"].startswith("poll.") and isinstance(poll, str):
            order.setdefault(poll, entry["seq"])
    return order


@archive.command("export")
@click.option("--db", required=True, metavar="PATH|URL", help="The database to read.")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The archive file to write (replaced if it exists).",
)
def export(db: str, output: Path) -> None:
    """Write the whole record, journal and ballot boxes, as one archive file."""
    from smolny.cli.common import reading_stored
    from smolny.record import archive as fmt

    if not output.parent.is_dir():
        raise InputError(f"{output}: no such directory")
    partial = output.with_name(f".{output.name}.partial")
    with reading_stored(db) as stored:
        lines = [line for _, line in stored.lines()]
        if not lines:
            raise InputError(f"{db}: the journal is empty: nothing to archive")
        rows = stored.boxes()
        still_open = sorted(poll for poll, is_open in rows if is_open)
        if still_open:
            raise InputError(
                f"{db}: poll {', '.join(still_open)} is open: close or cancel it, then export"
            )
        order = _poll_order(lines)
        polls = sorted((poll for poll, _ in rows), key=lambda p: (order.get(p, 2**62), p))
        held = [fmt.Box(p, stored.ballots(p), stored.roll(p)) for p in polls]
        try:
            with partial.open("wb") as handle:
                for raw in fmt.write(lines, held):
                    handle.write(raw)
                handle.flush()
                os.fsync(handle.fileno())
            partial.replace(output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise InputError(f"{output}: {exc.strerror or exc}") from None
    ballots = sum(len(b.ballots) for b in held)
    click.echo(
        f"Wrote {output}: {len(lines)} entries, {len(held)} ballot box"
        f"{'es' if len(held) != 1 else ''} ({ballots} ballots)."
    )


def _raw_lines(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as handle:
            yield from handle
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def read_verified(path: Path) -> tuple[Any, Any]:
    """Read and verify an archive: (Archive, Findings); exit 1 naming the first bad entry or
    line if it does not hold, exit 2 if it is not an archive at all."""
    from smolny.record import archive as fmt
    from smolny.record.chain import UnusableInput
    from smolny.record.verification import Problem, check_record

    if not path.exists():
        raise InputError(f"{path}: no such file")
    try:
        read = fmt.read(_raw_lines(path))
    except UnusableInput as exc:
        raise InputError(f"{path}: {exc}") from None
    except fmt.ArchiveError as exc:
        raise Refused(f"{path}: {exc}") from None
    if read.chain.broken is not None:
        raise Refused(f"{path}: {read.chain.broken.describe()}")
    findings = check_record(read.chain.entries, read)
    wanted = expected_boxes(read.chain.entries)
    for poll, line in read.box_lines.items():
        if poll not in wanted:
            findings.problems.append(
                Problem(
                    len(read.chain.entries) + 1,
                    f"box {poll} (line {line}): no entry of the journal closed or cancelled "
                    "this poll with a box",
                )
            )
    if read.digest_problem is not None:
        findings.problems.append(Problem(len(read.chain.entries) + 1, read.digest_problem))
    first = findings.first
    if first is not None:
        raise Refused(f"{path}: {first.text}")
    return read, findings


def expected_boxes(entries: Any) -> set[str]:
    """The polls whose boxes the journal recorded at their close or cancellation."""
    return {
        str(e.data.get("poll"))
        for e in entries
        if e.kind in (k.POLL_CLOSED, k.POLL_CANCELLED) and "box" in e.data
    }


class Refused(click.ClickException):
    """A record that does not verify: one line naming the first bad entry, exit status 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(f"FAILED: {self.format_message()}")


@archive.command("import")
@click.option("--db", required=True, metavar="PATH|URL", help="The empty database to fill.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_(db: str, file: Path) -> None:
    """Verify an archive, then write it into an empty database (all or nothing)."""
    from smolny.service import records
    from smolny.service.storage import DatabaseError

    _refuse_a_record(db)
    read, _ = read_verified(file)
    entries = read.chain.entries
    try:
        records.restore(db, entries, read.boxes)
    except DatabaseError as exc:
        raise InputError(str(exc)) from None
    except records.HoldsRecord as exc:
        message = f"{db}: holds a record already ({exc.entries} entries): use an empty one"
        raise InputError(message) from None
    click.echo(
        f"Imported {file}: {len(entries)} entries, {len(read.boxes)} ballot box"
        f"{'es' if len(read.boxes) != 1 else ''}, verified; head {read.chain.head}. "
        "Staff accounts' passwords and access codes are not in a record: create new ones."
    )


def _refuse_a_record(db: str) -> None:
    """Refuse, before reading the archive, a database that already holds a journal."""
    from smolny.service import records

    try:
        held = records.entries_held(db)
    except records.Unreadable as exc:
        raise InputError(str(exc)) from None
    if held:
        raise InputError(f"{db}: holds a record already ({held} entries): use an empty database")
