"""The rulebooks a service may run: the bundled ones, and an organisation's own (TOML)."""

from __future__ import annotations

from smolny.procedure import Rulebook as Rulebook
from smolny.procedure import RulebookError as RulebookError
from smolny.procedure import load_rulebook as load_rulebook
