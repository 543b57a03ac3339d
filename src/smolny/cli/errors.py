"""How the command line refuses bad input: one line on standard error, exit status 2."""

from __future__ import annotations

import click


class InputError(click.ClickException):
    """Unusable input (a file, an argument): printed as one line, exit status 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"smolny: {self.format_message()}", err=True)
