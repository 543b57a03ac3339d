"""What a staff password must be: long enough, and not one an attacker tries first.

A password is read as Unicode NFKC (the form the hash is taken of, see
`adapters.credentials`), so `Café` typed with a combining accent, or in full-width
letters, is the same password. It must have at least `MIN_LENGTH` characters, and it is
checked offline against lists of common and breached passwords, words and names, and
patterns such as repeats, sequences and keyboard walks, by zxcvbn (Dropbox's estimator,
its Python port; the hall's network may be offline, so no service is asked). One that
would fall to fewer than `MIN_GUESSES` guesses (zxcvbn's score under 3) is refused.
"""

from __future__ import annotations

import unicodedata

from zxcvbn import zxcvbn

from smolny.domain.errors import Invalid

MIN_LENGTH = 12  # characters, after NFKC
MIN_SCORE = 3  # zxcvbn's score: 3 is at least 10^8 guesses ("safely unguessable")
MIN_GUESSES = 10**8
CHECKED_LENGTH = 72  # zxcvbn reads this many characters at most (its cost grows with more)


def normalised(password: str) -> str:
    """`password` in the form it is hashed and checked in (Unicode NFKC)."""
    return unicodedata.normalize("NFKC", password)


def check(password: str, *known: str, field: str = "password") -> None:
    """Refuse (`Invalid`) a password shorter than MIN_LENGTH characters (`password`) or
    too easy to guess (`password-weak`): common, breached, a repeat or a sequence, or made
    of what is `known` of its account (the user name)."""
    text = normalised(password)
    if len(text) < MIN_LENGTH:
        raise Invalid(
            "password", f"a password must have at least {MIN_LENGTH} characters", field=field
        )
    found = zxcvbn(
        text[:CHECKED_LENGTH],
        user_inputs=[k for k in (*known, "smolny") if k],
        max_length=CHECKED_LENGTH,
    )
    if found["score"] < MIN_SCORE:
        warning = found["feedback"].get("warning") or "it follows a pattern easy to guess"
        raise Invalid(
            "password-weak",
            "this password is too easy to guess, being among or like the common and breached "
            f"passwords and patterns an attacker tries first ({warning.rstrip('.')}): "
            "choose a longer one, of several uncommon words",
            field=field,
        )
