"""Secrets at rest: staff passwords (Argon2id), delegates' access codes and login tokens.

Passwords are chosen by people, so they get a memory-hard hash. Access codes and
login tokens are drawn at random with 80 and 256 bits of entropy, too many to
guess, so a SHA-256 of them is enough to keep them unreadable at rest and lets a
login find its row by an index.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# Crockford's base 32: no I, L, O or U, so a code read off a slip is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4  # 16 symbols of 5 bits: 80 bits

_hasher = PasswordHasher()  # Argon2id, RFC 9106 low-memory profile defaults


def hash_password(password: str) -> str:
    """An Argon2id hash of `password` as Unicode NFKC, with its own salt and parameters."""
    return _hasher.hash(unicodedata.normalize("NFKC", password))


def check_password(password_hash: str, password: str) -> bool:
    """True when `password` matches `password_hash`, whichever Unicode form it was typed
    in (`Café` with a combining accent or without); a hash made before passwords were
    normalised matches the password as it was typed then."""
    typed = unicodedata.normalize("NFKC", password)
    return _verify(password_hash, typed) or (typed != password and _verify(password_hash, password))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    """A random one-time password of 20 characters (about 119 bits)."""
    return secrets.token_urlsafe(15)


def new_access_code() -> str:
    """A random access code as printed on a slip: four groups of four symbols."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return "-".join(
        symbols[i : i + CODE_GROUP_LENGTH] for i in range(0, len(symbols), CODE_GROUP_LENGTH)
    )


_ALIKE = str.maketrans({"O": "0", "I": "1", "L": "1"})  # letters read as digits


def normalise_access_code(code: str) -> str:
    """The canonical form of a typed code: upper case, no spaces or dashes, O->0, I/L->1."""
    cleaned = code.upper().replace("-", "").replace(" ", "")
    return cleaned.translate(_ALIKE)


def hash_access_code(code: str) -> str:
    """SHA-256 (hex) of the normalised access code."""
    return hashlib.sha256(normalise_access_code(code).encode()).hexdigest()


def new_token() -> str:
    """A random bearer token (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 (hex) of a bearer token."""
    return hashlib.sha256(token.encode()).hexdigest()
