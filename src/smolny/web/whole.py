"""A short answer written to the connection in one piece, where the server allows it.

An ASGI answer is two messages (its start, then its body), and uvicorn writes each to
the socket as it comes, checking every header of the start against the HTTP grammar on
the way: for a vote's answer of ten headers, that is twenty pattern searches and two
system calls, as much as the vote's own checks cost. The vote's short way
(`web.app.LeanRoute`) knows its answer whole before it sends anything, with headers
that are its own constants (checked once, here), so it asks `write` to put status line,
headers and body on the connection with one write, keeping the connection's state as
uvicorn's own `send` would (response started and complete, keep-alive, the next
request of a pipelined connection).

That is done only on uvicorn's HTTP/1.1 protocol on httptools (the one `smolny serve`
runs, and the only one whose state this module knows: `HOLDS`), with no access log and
nothing paused; anywhere else `write` answers False and the answer takes the ordinary
way (the same bytes, in two writes). `Edge` (`smolny serve`'s outermost layer) puts the
request's connection in the scope as `CYCLE`.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the server `smolny serve` runs; any other is answered the ordinary way
    from uvicorn.protocols.http import httptools_impl
except ImportError:  # pragma: no cover (uvicorn is a dependency)
    httptools_impl = None  # type: ignore[assignment]

CYCLE = "smolny.cycle"  # in scope["extensions"]: the request's uvicorn cycle
# what of uvicorn's request-response cycle is read and kept here (as its `send` keeps it)
HOLDS = (
    "response_started",
    "response_complete",
    "disconnected",
    "keep_alive",
    "waiting_for_100_continue",
    "chunked_encoding",
    "expected_content_length",
    "default_headers",
    "access_log",
    "flow",
    "transport",
    "message_event",
    "on_response",
    "scope",
)
_NAME = re.compile(b"^[!#$%&'*+.^_`|~0-9a-z-]+$")  # a header name as RFC 9110 has it, lower case
_VALUE = re.compile(b"^[\t\x20-\x7e\x80-\xff]*$")


_KNOWN: list[bool] = []  # whether uvicorn's cycle holds `HOLDS`, once it has been seen


def cycle_of(send: Any) -> Any | None:
    """The uvicorn cycle whose `send` this is, when this module knows its state; else None."""
    cycle = getattr(send, "__self__", None)
    if httptools_impl is None or type(cycle) is not httptools_impl.RequestResponseCycle:
        return None
    if not _KNOWN:  # (the same class each time: its instances' state is asked once)
        _KNOWN.append(all(hasattr(cycle, name) for name in HOLDS))
    return cycle if _KNOWN[0] else None


def checked(headers: list[tuple[bytes, bytes]]) -> bytes:
    """Constant headers as they go on the wire, checked once against the grammar; a bad
    one raises ValueError (a programming error: the constants are ours)."""
    lines = []
    for name, value in headers:
        if not _NAME.match(name) or not _VALUE.match(value):
            raise ValueError(f"not a header: {name!r}: {value!r}")
        lines.append(name + b": " + value + b"\r\n")
    return b"".join(lines)


def write(scope: dict[str, Any], status: int, head: bytes, body: bytes) -> bool:
    """Write a whole answer at once: status line, the server's default headers,
    content-length, `head` (from `checked`), then `body`: the bytes uvicorn writes for
    the same start and body, in that order. False, having done nothing, where the
    ordinary way must answer (another server, an access log, a paused or closed
    connection, a HEAD request, an answer already begun)."""
    extensions = scope.get("extensions")
    cycle = extensions.get(CYCLE) if extensions else None
    if (
        cycle is None
        or cycle.response_started
        or cycle.disconnected
        or cycle.access_log
        or cycle.flow.write_paused
        or cycle.scope["method"] == "HEAD"
    ):
        return False
    parts = [httptools_impl.STATUS_LINE[status]]
    for name, value in cycle.default_headers:  # the server's and date headers, as it adds them
        parts.append(name.lower() + b": " + value + b"\r\n")
    parts.append(b"content-length: %d\r\n" % len(body))
    parts.append(head)
    if not cycle.keep_alive:
        parts.append(b"connection: close\r\n")
    parts.append(b"\r\n")
    parts.append(body)
    cycle.response_started = True
    cycle.waiting_for_100_continue = False
    cycle.chunked_encoding = False
    cycle.expected_content_length = 0
    cycle.transport.write(b"".join(parts))
    cycle.response_complete = True
    cycle.message_event.set()
    if not cycle.keep_alive:
        cycle.transport.close()
    cycle.on_response()
    return True
