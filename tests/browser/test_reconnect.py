"""A screen whose stream drops (here: the server stops and starts again) reconnects by
itself and catches up from the journal: every entry once, in order, without a reload."""

from __future__ import annotations

import time
from typing import Any

from hall import Hall, wait_until
from servers import Server
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

WATCH = """() => {
  window.__marker = "not reloaded";
  window.__seen = [];
  document.body.addEventListener("smolny:journal", (e) => window.__seen.push(e.detail.seq));
}"""


def test_a_dropped_stream_catches_up_without_a_reload(browser: Any, hall: Hall) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(hall.url + "/login")
    wait_until(page, "document.body.dataset.live === 'open'")
    page.evaluate(WATCH)
    start = page.evaluate("window.smolny.seq()")
    assert start == len(hall.server_journal())  # the page was drawn up to the last entry

    db = hall.server.process.args[hall.server.process.args.index("--db") + 1]
    port = hall.server.port
    hall.server.stop()
    wait_until(page, "document.body.dataset.live === 'lost'", timeout=10_000)
    assert page.get_by_role("status").first.inner_text() in ("reconnecting…", "connecting…")

    # acts recorded while the screen is cut off
    app = Smolny.open(db)
    chair = Principal("a1", "chair", "chair")
    for delegate in hall.delegates[:3]:
        app.execute(c.RecordPresence(hall.session, left=(delegate,)), by=chair)
    final = app.state.seq
    app.close()
    assert final >= start + 3  # (the quorum lost is an entry of its own)

    hall.server = Server(db, port=port)  # the fixture stops this one
    began = time.monotonic()
    wait_until(page, f"window.smolny.seq() >= {final}", timeout=15_000)
    assert time.monotonic() - began < 10
    assert page.evaluate("window.__seen") == list(range(start + 1, final + 1))
    assert page.evaluate("window.__marker") == "not reloaded"
    wait_until(page, "document.body.dataset.live === 'open'")
    context.close()
