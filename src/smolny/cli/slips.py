"""`smolny slips`: issue new access codes and print them on slips (a PDF)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from smolny.cli.common import db_option, open_app
from smolny.cli.errors import InputError


@click.command()
@db_option
@click.option("--body", required=True, help="The body whose delegates get slips.")
@click.option(
    "--delegates",
    metavar="D1,D2,...",
    default=None,
    help="The delegates (ids such as d17), comma-separated; default: every delegate of the body.",
)
@click.option(
    "--base-url",
    required=True,
    metavar="URL",
    help="Where delegates log in, e.g. https://vote.example.org (the QR code opens URL/login).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The PDF file to write.",
)
def slips(db: str | None, body: str, delegates: str | None, base_url: str, output: Path) -> None:
    """Issue NEW access codes to delegates and write their slips as a printable PDF.

    Each delegate's old code stops working. The journal records who got codes, never the
    codes: the PDF is the only copy, so keep it safe and destroy it once handed out.
    """
    from smolny.domain.errors import Refusal
    from smolny.service.slips import issue_slips

    named: list[str] | None = None
    if delegates is not None:
        named = [d.strip() for d in delegates.split(",") if d.strip()]
        if not named:
            raise InputError("--delegates names no delegate")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise InputError(f"{output}: cannot write here")
    app = open_app(db, must_exist=True)
    try:
        pdf, issued = issue_slips(app, body, named, base_url)
    except Refusal as exc:
        raise InputError(f"refused ({exc.rule}): {exc.message}") from None
    finally:
        app.close()
    try:
        output.write_bytes(pdf)
    except OSError as exc:
        raise InputError(
            f"{output}: cannot write ({exc.strerror}); the codes were issued: run again"
        ) from None
    click.echo(
        f"Issued new access codes to {len(issued)} delegate{'s' if len(issued) != 1 else ''} "
        f"of {body}; their slips are in {output} (the only copy of the codes)."
    )
