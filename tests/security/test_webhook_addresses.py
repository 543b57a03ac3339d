"""Webhooks go to public addresses only: loopback, link-local (the cloud's metadata
service), private, multicast and unspecified addresses are refused when subscribed and
again at every delivery (a name that resolves elsewhere the second time gains nothing),
unless the administrator allows them."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from sample_congress import make_congress, vote_on
from smolny.domain.errors import Invalid
from smolny.service import egress, webhooks
from smolny.service.app import Smolny

SECRET = "a-secret-shared-with-the-council"
INTERNAL = [
    "http://127.0.0.1/hook",
    "http://127.1.2.3:8000/hook",
    "http://localhost/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/hook",
    "http://172.16.0.1/hook",
    "http://192.168.1.10/hook",
    "http://100.64.0.1/hook",  # shared address space (carrier NAT)
    "http://224.0.0.1/hook",
    "http://0.0.0.0/hook",
    "http://[::1]/hook",
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://[ff02::1]/hook",
    "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[::ffff:169.254.169.254]/hook",
    "http://2130706433/hook",  # 127.0.0.1 written as one number
    "http://0x7f000001/hook",
    "https://127.0.0.1:8443/hook",
]


@pytest.fixture(autouse=True)
def not_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(egress.ALLOW_SETTING, raising=False)


@pytest.mark.parametrize("url", INTERNAL)
def test_a_webhook_to_an_internal_address_is_refused(sqlite_service: Smolny, url: str) -> None:
    make_congress(sqlite_service, size=3)
    with pytest.raises(Invalid) as refused:
        webhooks.subscribe(sqlite_service, url, SECRET, "congress")
    assert refused.value.rule == "webhook-address" and refused.value.field == "url"
    assert "--allow-private-webhooks" in refused.value.message
    assert webhooks.subscriptions(sqlite_service) == []


def test_the_administrator_may_allow_them(
    sqlite_service: Smolny, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_congress(sqlite_service, size=3)
    monkeypatch.setenv(egress.ALLOW_SETTING, "1")
    assert webhooks.subscribe(sqlite_service, INTERNAL[0], SECRET, "congress").url == INTERNAL[0]


class Receiver:
    """An HTTP receiver on loopback, counting what reaches it."""

    def __init__(self) -> None:
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                outer.hits += 1
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self.send_response(204)
                self.end_headers()

            def do_GET(self) -> None:  # noqa: N802 (where a followed redirect arrives)
                outer.hits += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


def test_a_name_that_resolves_elsewhere_at_delivery_is_refused_then(
    sqlite_service: Smolny, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: a public address when subscribed, loopback when delivered to
    real = socket.getaddrinfo
    answers = {"now": "93.184.216.34"}

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "council.rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers["now"], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    made = make_congress(sqlite_service, size=3)
    url = f"http://council.rebind.test:{receiver.port}/hook"
    sub = webhooks.subscribe(sqlite_service, url, SECRET, "congress", what="all", replay=True)
    answers["now"] = "127.0.0.1"
    delegates = list(made["delegates"])  # type: ignore[call-overload]
    vote_on(sqlite_service, str(made["session"]), delegates, "Peace", yes=3)  # a decision
    deliverer = webhooks.Deliverer(sqlite_service, tick=0.02, timeout=2, first_pause=0.02)
    assert deliverer.tick() == 0
    assert receiver.hits == 0
    (listed,) = webhooks.subscriptions(sqlite_service)
    assert listed.id == sub.id and listed.delivered == 0
    assert listed.last_error is not None and "127.0.0.1, a loopback address" in listed.last_error
    # allowed, the same delivery goes through (the receiver is there)
    monkeypatch.setenv(egress.ALLOW_SETTING, "1")
    time.sleep(0.1)
    assert deliverer.tick() >= 1 and receiver.hits >= 1


def test_a_redirect_to_an_internal_address_is_not_followed(
    sqlite_service: Smolny, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a public receiver sending the delivery on to loopback: the answer is a failure, not
    # a hop (urllib itself would follow a 303, as a GET)
    class Redirecting(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.send_response(303)
            self.send_header("Location", f"http://127.0.0.1:{receiver.port}/hook")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    public = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=public.serve_forever, daemon=True).start()
    real = socket.getaddrinfo

    def named(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "council.public.test":  # stands for a public address, reached here
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    try:
        monkeypatch.setattr(socket, "getaddrinfo", named)
        monkeypatch.setattr(egress, "refusal", lambda host, infos: None)
        made = make_congress(sqlite_service, size=3)
        delegates = list(made["delegates"])  # type: ignore[call-overload]
        vote_on(sqlite_service, str(made["session"]), delegates, "Peace", yes=3)
        url = f"http://council.public.test:{public.server_address[1]}/hook"
        webhooks.subscribe(sqlite_service, url, SECRET, "congress", what="all", replay=True)
        deliverer = webhooks.Deliverer(sqlite_service, tick=0.02, timeout=2, first_pause=0.02)
        assert deliverer.tick() == 0 and receiver.hits == 0
        (listed,) = webhooks.subscriptions(sqlite_service)
        assert listed.last_error is not None and "answered 303" in listed.last_error
    finally:
        public.shutdown()
        public.server_close()


def test_smolny_serve_allows_them_only_when_told(tmp_path: Path, serve: Any) -> None:
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    app = Smolny.open(url)
    make_congress(app, size=3)
    app.accounts.create_account("admin", "admin", password="admin-password-for-tests")
    app.close()
    hook = {"url": "http://169.254.169.254/latest/", "secret": SECRET, "body": "congress"}
    for args, status in (((), 422), (("--allow-private-webhooks",), 201)):
        server = serve(url, *args)
        login = {"username": "admin", "password": "admin-password-for-tests"}
        token = httpx.post(f"{server.url}/api/v1/login", json=login).json()["token"]
        made = httpx.post(
            f"{server.url}/api/v1/webhooks",
            json=hook,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert made.status_code == status, made.text
        if status == 422:
            assert made.json()["rule"] == "webhook-address"
        server.stop()
