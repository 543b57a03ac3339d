"""`python -m smolny`: the same as the `smolny` command."""

from smolny.cli import main

main()
