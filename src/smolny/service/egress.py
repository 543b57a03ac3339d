"""Where smolny may send requests of its own (webhooks): public addresses only, unless allowed.

A webhook's URL is given by an administrator, but a URL may lead anywhere the server can
reach: its own loopback, the cloud's metadata service (169.254.169.254), the hall's
private network. So a webhook's host is resolved and every address it resolves to must
be a public one, when it is subscribed and again at every delivery; the delivery then
connects to an address it checked, never resolving the name a second time (a name that
answers a public address first and a private one next, DNS rebinding, gains nothing).
Redirects are not followed, and no HTTP proxy of the environment is used.

The administrator may allow other addresses (a member council on the same private
network, tests): `smolny serve --allow-private-webhooks`, or the setting
`SMOLNY_ALLOW_PRIVATE_WEBHOOKS=1`.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from smolny.domain.errors import Invalid

ALLOW_SETTING = "SMOLNY_ALLOW_PRIVATE_WEBHOOKS"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(OSError):
    """A webhook's host resolves to an address smolny does not send to."""


def private_allowed() -> bool:
    """Whether the administrator allows webhooks to addresses that are not public."""
    return os.environ.get(ALLOW_SETTING, "").strip().lower() in ("1", "true", "yes", "on")


def kind_of(address: IPAddress) -> str | None:
    """What keeps `address` from being a public one ("loopback", "link-local", ...), or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if address.is_reserved or not address.is_global:
        return "reserved"
    return None


def _resolved(host: str, port: int) -> list[tuple[Any, ...]]:
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def refusal(host: str, infos: list[tuple[Any, ...]]) -> str | None:
    """Why smolny does not send to `host` at the addresses `infos` (getaddrinfo's), or None."""
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        kind = kind_of(address)
        if kind is not None:
            return f"{host} resolves to {address}, a {kind} address"
    return None


HOW_TO_ALLOW = (
    "smolny sends webhooks to public addresses only, unless the administrator allows others "
    f"(smolny serve --allow-private-webhooks, or {ALLOW_SETTING}=1)"
)


def check_destination(url: str) -> None:
    """Refuse (`Invalid`, webhook-address) a URL whose host resolves to an address that is
    not public, unless allowed. A host that does not resolve now is left to the delivery,
    which checks it again."""
    if private_allowed():
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = _resolved(host, port)
    except (OSError, UnicodeError):
        return
    why = refusal(host, infos)
    if why is not None:
        raise Invalid("webhook-address", f"{why}: {HOW_TO_ALLOW}", field="url")


def connect(host: str, port: int, timeout: float | None, allow: bool) -> socket.socket:
    """A connection to `host`, made to an address checked here (all of them public, unless
    `allow`); `RefusedAddress` otherwise."""
    infos = _resolved(host, port)
    if not allow:
        why = refusal(host, infos)
        if why is not None:
            raise RefusedAddress(f"{why}: {HOW_TO_ALLOW}")
    last: OSError | None = None
    for family, kind, proto, _, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
    raise last or OSError(f"{host} has no address")


class _CheckedHTTP(http.client.HTTPConnection):
    allow = False

    def connect(self) -> None:
        self.sock = connect(self.host, self.port, self.timeout, self.allow)


class _CheckedHTTPS(http.client.HTTPSConnection):
    allow = False

    def connect(self) -> None:
        sock = connect(self.host, self.port, self.timeout, self.allow)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow: bool) -> None:
        super().__init__()
        self.allow = allow

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        checked = type("Checked", (_CheckedHTTP,), {"allow": self.allow})
        return self.do_open(checked, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow: bool) -> None:
        super().__init__()
        self.allow = allow

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        checked = type("Checked", (_CheckedHTTPS,), {"allow": self.allow})
        return self.do_open(checked, req, context=self._context)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx is the receiver's answer, not a place to go


def opener() -> urllib.request.OpenerDirector:
    """An opener for webhooks: checked addresses, no redirects, no proxies."""
    allow = private_allowed()
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirects(),
        _HTTPHandler(allow),
        _HTTPSHandler(allow),
    )
