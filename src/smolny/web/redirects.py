"""Where a browser may be sent after a login: a path on this site, decided by the server.

A slip's QR code, or a link anyone can make, carries `next`: where to go after logging
in. A browser reads a location more loosely than it looks: `/\\host`, `/<TAB>/host` and
`//host` all lead to another host, and so would an encoded form of them once decoded
again. So `next` is parsed here, on the server, and kept only when it is plainly a path
of this site; the login's answer carries the target and `login.js` follows that alone.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

MAX_TARGET_LENGTH = 2000  # characters of a `next` kept; a longer one is not a path of ours
_DECODINGS = 4  # a target still changing after this many decodings is refused


def same_site_path(target: str | None) -> str | None:
    """`target` when it is a path of this site (one `/`, then no backslash, control
    character or whitespace, in it or in any decoding of it), else None."""
    if not target or len(target) > MAX_TARGET_LENGTH:
        return None
    if any(ch.isspace() for ch in target):  # a browser drops tabs and newlines, then parses
        return None
    forms = [target]
    for _ in range(_DECODINGS):
        decoded = unquote(forms[-1])
        if decoded == forms[-1]:
            break
        forms.append(decoded)
    else:
        return None
    for form in forms:
        if not form.startswith("/") or form.startswith("//") or "\\" in form:
            return None
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in form):
            return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


PASSWORD_PAGE = "/account/password"  # where a one-time password leads first


def password_first(target: str) -> str:
    """The page that sets one's own password, going on to `target` (a path of this site)."""
    return PASSWORD_PAGE + "?next=" + quote(target, safe="/")


def landing(role: str) -> str:
    """The screen a login lands on when it was given no (safe) `next`."""
    if role == "delegate":
        return "/phone"
    if role == "chair":
        return "/chair"
    return "/secretary"
