"""What the subcommands share: the --db option and opening the application."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from smolny.cli.errors import InputError

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db",
    "db",
    metavar="PATH|URL",
    default=None,
    help="SQLite file or database URL (default: $SMOLNY_DATABASE_URL, else ./smolny.sqlite3).",
)


rulebook_option = click.option(
    "--rulebook",
    "rulebook_files",
    metavar="FILE",
    multiple=True,
    help="An organisation's own rulebook (TOML, docs/rulebooks.md); bodies may then name it.",
)


def load_rulebooks(files: tuple[str, ...]) -> list[Any]:
    """Load rulebook files, refusing a malformed one with its file and line (exit 2)."""
    from smolny.service.rulebooks import RulebookError, load_rulebook

    loaded = []
    for path in files:
        try:
            loaded.append(load_rulebook(Path(path)))
        except RulebookError as exc:
            raise InputError(str(exc)) from None
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None
    return loaded


workflow_option = click.option(
    "--workflow",
    "workflow_files",
    metavar="FILE",
    multiple=True,
    help="An organisation's own workflow for a congress's papers (TOML, docs/papers.md); "
    "a congress may then name it with its deadlines.",
)
WORKFLOWS_ENV = "SMOLNY_WORKFLOWS"  # the workflow files, separated by os.pathsep


def load_workflows() -> list[Any]:
    """The workflow files $SMOLNY_WORKFLOWS names, refusing a malformed one with its file
    and line (exit 2)."""
    from smolny.procedure import WorkflowError, load_workflow

    loaded = []
    for path in filter(None, os.environ.get(WORKFLOWS_ENV, "").split(os.pathsep)):
        try:
            loaded.append(load_workflow(Path(path)))
        except WorkflowError as exc:
            raise InputError(str(exc)) from None
    return loaded


def open_app(db: str | None, must_exist: bool = False, rulebooks: tuple[str, ...] = ()) -> Any:
    """Open the application on `db`, turning every failure into one line and exit 2."""

    from smolny.service.app import BrokenRecord, Smolny
    from smolny.service.lockout import LoginPolicy
    from smolny.service.storage import REFUSED, STORE_ERRORS, DatabaseError, database_url

    try:  # the login settings (SMOLNY_LOGIN_*), checked before anything is opened
        LoginPolicy.from_environ()
    except ValueError as exc:
        raise InputError(str(exc)) from None
    url = database_url(db)
    extra = load_rulebooks(rulebooks)
    workflows = load_workflows()
    if must_exist and url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise InputError(f"{path}: no such database")
    try:
        return Smolny.open(url, rulebooks=extra, workflows=workflows)
    except DatabaseError as exc:
        raise InputError(str(exc)) from None
    except BrokenRecord as exc:
        raise InputError(f"{db or url}: {exc}") from None
    except REFUSED as exc:
        reason = getattr(exc, "orig", exc)
        raise InputError(f"{db or url}: cannot use this database ({reason})") from None
    except STORE_ERRORS as exc:
        raise InputError(f"{db or url}: {exc.__class__.__name__}: {exc}") from None


def refusals_as_input_errors(func: F) -> F:
    """Report a domain refusal as one line with exit status 2."""
    from smolny.domain.errors import Refusal

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Refusal as exc:
            raise InputError(f"refused ({exc.rule}): {exc.message}") from None

    return wrapper  # type: ignore[return-value]


def import_table(db: str | None, file: Path, command: Callable[[Any], Any]) -> list[Any]:
    """Read the table in `file` (CSV or XLSX) and execute `command(table)` on `db`.

    Returns the journal entries written. An unreadable file, or a refusal, is one line and
    exit 2; a refusal naming bad rows lists each row's problem and says nothing was imported.
    """
    from smolny.domain.errors import Refusal
    from smolny.service.files import SpreadsheetError, table_of

    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror})") from None
    try:
        table = table_of(data, str(file))
    except SpreadsheetError as exc:
        raise InputError(f"{file}, {exc}") from None
    app = open_app(db)
    try:
        entries: list[Any] = app.execute(command(table))
    except Refusal as exc:
        if exc.errors:
            for error in exc.errors:
                column = f", {error['column']}" if error.get("column") else ""
                click.echo(
                    f"smolny: {file}, row {error['row']}{column}: {error['problem']}", err=True
                )
            rows = len({error["row"] for error in exc.errors})
            click.echo(
                f"smolny: {file}: {len(exc.errors)} problem(s) in {rows} row(s); "
                "nothing was imported",
                err=True,
            )
            raise SystemExit(2) from None
        raise InputError(f"{file}: {exc.message}") from None
    finally:
        app.close()
    return entries


@contextmanager
def reading_stored(db: str) -> Iterator[Any]:
    """The record in an existing smolny database (`smolny.service.records.StoredRecord`),
    read in one transaction, neither migrated nor written.

    Refuses (one line, exit 2) a missing file, a database with no journal, or one that
    cannot be read.
    """
    from smolny.service import records

    try:
        with records.reading(db) as stored:
            yield stored
    except records.Unreadable as exc:
        raise InputError(str(exc)) from None
