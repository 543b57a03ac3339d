"""The `smolny` command line.

Subcommands live one per module and are imported only when called, so that
`smolny verify` starts fast and does not load the web stack.
"""

from __future__ import annotations

import importlib

import click

# name -> "module:attribute"; a module adds itself here and nowhere else.
_COMMANDS: dict[str, str] = {
    "serve": "smolny.cli.serve:serve",
    "demo": "smolny.cli.demo:demo",
    "verify": "smolny.cli.verify:verify",
    "journal": "smolny.cli.journal:journal",
    "admin": "smolny.cli.admin:admin",
    "db": "smolny.cli.db:db",
    "count": "smolny.cli.count:count",
    "apportion": "smolny.cli.apportion:apportion",
    "rules": "smolny.cli.rules:rules",
    "import": "smolny.cli.imports:import_",
    "export": "smolny.cli.exports:export",
    "bodies": "smolny.cli.bodies:bodies",
    "slips": "smolny.cli.slips:slips",
    "minutes": "smolny.cli.minutes:minutes",
    "archive": "smolny.cli.archive:archive",
    "webhooks": "smolny.cli.webhooks:webhooks",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # not written yet
                return None
            raise
        command: click.Command = getattr(module, attribute)
        return command


@click.group(cls=_LazyGroup)
@click.version_option(package_name="smolny")
def main() -> None:
    """smolny: councils, congresses and their committees, with a verifiable record."""
