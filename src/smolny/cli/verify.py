"""`smolny verify`: check a record (an export, a database or an archive): its chain, every
ballot box, and the quorum behind every decision; with --report, answer from it alone."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from smolny.cli.errors import InputError
from smolny.record.chain import ChainReport, UnusableInput, walk
from smolny.record.verification import BoxSource, Findings, Problem


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


def _report(
    source: str,
    report: ChainReport,
    head: str | None,
    extra: str = "",
    failed: bool = False,
) -> None:
    if report.broken is not None:
        click.echo(f"FAILED: {source}: {report.broken.describe()}")
        raise SystemExit(1)
    if head is not None and report.head != head:
        click.echo(
            f"FAILED: {source}: the chain ends at {report.head}, not at the expected head {head} "
            "(entries removed from the end, or a different journal)"
        )
        raise SystemExit(1)
    if failed:
        return
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
@click.option(
    "--archive",
    "archive",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Verify an archive (smolny archive export): no server, no database.",
)
@click.option("--head", metavar="HASH", help="Also require the chain to end at this hash.")
@click.option(
    "--report", is_flag=True, help="Also answer from the record: a summary, or one decision."
)
@click.option("--resolution", type=int, metavar="N", help="With --report: resolution N.")
@click.option("--body", metavar="SLUG", help="With --resolution: the body that numbered it.")
@click.option("--decision", type=int, metavar="SEQ", help="With --report: the decision at SEQ.")
@click.option("--motion", metavar="ID", help="With --report: the last decision on motion ID.")
@click.option(
    "--session",
    metavar="ID",
    help="With --report: a sitting's walkouts, the presence after each, and the quorum "
    "behind every decision taken after them.",
)
@click.option(
    "--book",
    metavar="SLUG",
    help="Also draw congress SLUG's motions book again from the journal and check every final "
    "edition's SHA-256 (docs/papers.md).",
)
def verify(
    file: Path | None,
    db: str | None,
    archive: Path | None,
    head: str | None,
    report: bool,
    resolution: int | None,
    body: str | None,
    decision: int | None,
    motion: str | None,
    session: str | None,
    book: str | None = None,
) -> None:
    """Check a record: FILE.jsonl (an export), --db PATH, or --archive FILE.

    Checks the chain, every ballot box and tellers' count (a database, an archive), and the
    presence and quorum behind every decision. Exit 0 when all hold, 1 naming the first bad
    entry, 2 for unusable input. With --report, also answers from the record alone.
    """
    if sum(x is not None for x in (file, db, archive)) != 1:
        raise InputError("give one of FILE.jsonl, --db PATH or --archive FILE")
    if head is not None and not re.fullmatch(r"[0-9a-f]{64}", head):
        raise InputError(f"--head {head!r}: expected a SHA-256 hash, 64 lower-case hex digits")
    asked = {"resolution": resolution, "decision": decision, "motion": motion, "session": session}
    if sum(v is not None for v in asked.values()) > 1:
        raise InputError("ask about one of --resolution, --decision, --motion and --session")
    if not report and (any(v is not None for v in asked.values()) or body is not None):
        raise InputError(
            "--resolution, --decision, --motion, --session and --body go with --report"
        )
    query = Query(report, resolution, body, decision, motion, session, book)
    try:
        if file is not None:
            if not file.exists():
                raise InputError(f"{file}: no such file")
            chain = walk(_file_lines(file))
            if not chain.entries and chain.broken is None:
                raise InputError(f"{file}: empty: no journal entries")
            _conclude(
                str(file),
                chain,
                head,
                None,
                query,
                " (ballot boxes are not in an export; verify --db or --archive checks them)",
            )
        elif archive is not None:
            _verify_archive(archive, head, query)
        else:
            assert db is not None
            _verify_db(db, head, query)
    except UnusableInput as exc:
        raise InputError(f"{file or db or archive}: {exc}") from None


def _check_book(chain: ChainReport, slug: str) -> None:
    # every final edition of the motions book, drawn again from the entries before it
    from smolny.domain.errors import Refusal
    from smolny.service.app import Smolny
    from smolny.service.views import book

    app = Smolny.in_memory()
    try:
        found = book.check_entries(app, chain.entries, slug)
    except Refusal as refusal:
        click.echo(f"FAILED: the motions book of {slug}: {refusal.message}")
        raise SystemExit(1) from None
    finally:
        app.close()
    if not found:
        click.echo(f"FAILED: the journal fixes no final edition of {slug}'s motions book")
        raise SystemExit(1)
    for edition in found:
        said = f"the motions book of {slug}, edition {edition['edition']} (entry {edition['seq']})"
        if not edition["matches"]:
            click.echo(
                f"FAILED: {said}: the record fixes SHA-256 {edition['sha256']}, the book drawn "
                f"from the journal up to entry {edition['covers']} has {edition['drawn']}"
            )
            raise SystemExit(1)
        click.echo(f"OK: {said}: SHA-256 {edition['sha256']} matches the book drawn again")


@dataclass(frozen=True)
class Query:
    """What --report asks."""

    report: bool
    resolution: int | None = None
    body: str | None = None
    decision: int | None = None
    motion: str | None = None
    session: str | None = None
    book: str | None = None  # --book: the congress whose motions book's editions to check


def _conclude(
    source: str,
    chain: ChainReport,
    head: str | None,
    boxes: BoxSource | None,
    query: Query,
    extra: str = "",
    more: Sequence[Problem] = (),
) -> None:
    from smolny.record.verification import check_record

    findings = check_record(chain.entries, boxes) if chain.ok else None
    if findings is not None:
        findings.problems.extend(more)
        first = findings.first
        if first is not None:
            click.echo(f"FAILED: {source}: {first.text}")
    _report(
        source,
        chain,
        head,
        f"; {findings.summary()}{extra}" if findings else extra,
        failed=findings is not None and findings.first is not None,
    )
    if query.report and findings is not None:
        _answer(chain, findings, boxes is not None, query)
    if findings is not None and findings.first is not None:
        raise SystemExit(1)
    if query.book is not None:
        _check_book(chain, query.book)


def _answer(chain: ChainReport, findings: Findings, boxes_at_hand: bool, query: Query) -> None:
    from smolny.record import report as answers
    from smolny.record import sittings

    record = answers.Record(chain.entries, findings, boxes_at_hand)
    problems = {p.seq: p.text for p in findings.problems}
    try:
        if query.session is not None:
            lines = sittings.session_report(chain.entries, problems, query.session)
        elif query.resolution is None and query.decision is None and query.motion is None:
            lines = answers.summary(record)
        else:
            try:
                found = answers.find(
                    record,
                    resolution=query.resolution,
                    body=query.body,
                    decision=query.decision,
                    motion=query.motion,
                )
                lines = answers.decision_report(record, found)
            except answers.NotADecision:
                # any entry is explained; a motion left undecided, by what became of it
                if query.decision is not None:
                    lines = sittings.entry_report(chain.entries, query.decision)
                elif query.motion is not None:
                    lines = sittings.motion_report(chain.entries, query.motion)
                else:
                    raise
    except (answers.NotFound, sittings.NotInRecord) as exc:
        raise InputError(str(exc)) from None
    for line in lines:
        click.echo(line)


def _verify_archive(path: Path, head: str | None, query: Query) -> None:
    from smolny.cli.archive import expected_boxes
    from smolny.record import archive as fmt

    if not path.exists():
        raise InputError(f"{path}: no such file")
    try:
        with path.open("rb") as handle:
            read = fmt.read(handle)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    except fmt.ArchiveError as exc:
        click.echo(f"FAILED: {path}: {exc}")
        raise SystemExit(1) from None
    wanted = expected_boxes(read.chain.entries)
    stray = [
        Problem(
            len(read.chain.entries) + 1,
            f"box {poll} (line {line}): no entry of the journal closed or cancelled this poll "
            "with a box",
        )
        for poll, line in read.box_lines.items()
        if poll not in wanted
    ]
    if read.digest_problem is not None:
        stray.append(Problem(len(read.chain.entries) + 1, read.digest_problem))
    _conclude(str(path), read.chain, head, read, query, more=stray)


def _verify_db(db: str, head: str | None, query: Query) -> None:
    from smolny.cli.common import reading_stored
    from smolny.record.stored import StoredColumns, box_flag_problems, column_problems

    columns: list[StoredColumns] = []
    with reading_stored(db) as stored:  # its ballot boxes read as the verifier asks

        def lines() -> Iterator[tuple[int, str]]:
            for number, (seq, hash_, prev, kind, line) in enumerate(stored.rows(), 1):
                columns.append(StoredColumns(number, seq, hash_, prev, kind))
                yield number, line

        chain = walk(lines())
        # the columns beside each line, and each box's open flag, against the record
        more = column_problems(columns, chain.entries) if chain.ok else []
        if chain.ok:
            more += box_flag_problems(stored.boxes(), chain.entries)
        _conclude(db, chain, head, stored, query, more=more)
