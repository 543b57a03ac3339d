"""Refusals: why the domain will not do what was asked, in words a chair can read out.

A refusal's `rule` is also the key of its words in another language (`smolny.i18n.words`,
`refusal`; `locale/*/words.po`, context "refusal"); `values` are what those words name (the
deadline, the number present...), given where the translated words need them (context
"refusal+"). The `message` is the English, as written here."""

from __future__ import annotations

from collections.abc import Mapping


class Refusal(Exception):
    """An act that is refused; nothing is recorded. `rule` names the rule or check."""

    status = 409

    def __init__(
        self,
        rule: str,
        message: str,
        *,
        field: str | None = None,
        errors: list[dict[str, object]] | None = None,
        values: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.field = field
        self.errors = errors  # every problem, where there are several (a file's bad rows)
        self.values = dict(values or {})  # what the words of `rule` name, in any language


class NotFound(Refusal):
    """The act names something that does not exist (or that the caller may not see)."""

    status = 404


class Invalid(Refusal):
    """The act is malformed: a field is missing, empty or out of range."""

    status = 422


class OutOfOrder(Refusal):
    """The act is well formed but not in order now (a closed poll, a second vote)."""

    status = 409


class Unauthenticated(Refusal):
    """Nobody is logged in, or the credentials were wrong."""

    status = 401


class Forbidden(Refusal):
    """The caller is known but may not do this."""

    status = 403


class Unavailable(Refusal):
    """The act could not be done just now (the database is busy or away): try again."""

    status = 503


class TooLarge(Refusal):
    """What was sent is larger than smolny takes."""

    status = 413
