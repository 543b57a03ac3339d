"""The body and sitting in hand, as every staff screen's navigation reads them."""

from __future__ import annotations

from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny.service.views.hand import in_hand


def test_a_sitting_names_its_body_and_another_body_lets_it_go(app: Smolny) -> None:
    app.execute(c.CreateBody("congress", "The Congress"))
    app.execute(c.CreateBody("cec", "Central Executive Committee", "committee"))
    first = app.execute(c.OpenSession("congress", "First sitting"))[0].data["session"]
    app.execute(c.CloseSession(first))
    second = app.execute(c.OpenSession("congress", "Second sitting"))[0].data["session"]
    hand = in_hand(app, None, second)
    assert hand["body"] == {"slug": "congress", "name": "The Congress"}
    assert hand["sitting"] == {
        "id": second,
        "title": "Second sitting",
        "state": "open",
        "body": "congress",
    }
    congress = hand["choices"][0]
    assert [s["id"] for s in congress["sittings"]] == [second, first]  # the newest first
    assert in_hand(app, "congress", first)["sitting"]["id"] == first  # type: ignore[index]
    moved = in_hand(app, "cec", second)
    assert moved["body"] == {"slug": "cec", "name": "Central Executive Committee"}
    assert moved["sitting"] is None
    gone = in_hand(app, "no-such-body", "s999")
    assert gone["body"] is None and gone["sitting"] is None
