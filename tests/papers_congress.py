"""A union congress taking papers, set up through the service (issue 19's screens): three
councils (Leeds, York, Hull) convened into it, two delegates sent by each; the secretariat's
account, a chair's, and Leeds's secretary's account attached to Leeds; the deadlines set
far ahead. The browser test and the screens' test start from it."""

from __future__ import annotations

from typing import Any

from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

PASSWORD = "a-password-long-enough-for-tests"
COUNCILS = {
    "leeds": "Leeds Trades Council",
    "york": "York Trades Council",
    "hull": "Hull Trades Council",
}
FAR = "2999-01-01T00:00:00Z"


def make_papers_congress(app: Smolny, rulebook: str | None = None) -> dict[str, Any]:
    """Set the congress up (under `rulebook` if given); returns its delegates by council."""
    for username, role in (("sec", "secretary"), ("chair", "chair"), ("leeds-sec", "secretary")):
        app.accounts.create_account(username, role, password=PASSWORD)
    admin = Principal("system", "system", "admin")
    for slug, name in COUNCILS.items():
        app.execute(c.CreateBody(slug, name, kind="council", members=1000), by=admin)
    congress = (
        c.CreateBody("congress", "Union Congress 2027", rulebook=rulebook)
        if rulebook
        else c.CreateBody("congress", "Union Congress 2027")
    )
    app.execute(congress, by=admin)
    app.execute(c.ConveneCongress("congress", tuple(COUNCILS), "fixed", number=2), by=admin)
    delegates: dict[str, list[str]] = {}
    for slug in COUNCILS:
        new = tuple(
            c.NewDelegate(f"{COUNCILS[slug].split()[0]} delegate {i}", sent_by=slug) for i in (1, 2)
        )
        entries = app.execute(c.RegisterDelegates("congress", new), by=admin)
        delegates[slug] = [d["delegate"] for d in entries[0].data["delegates"]]
    app.execute(c.AttachAccount("leeds-sec", "leeds"), by=admin)
    app.execute(c.SetDeadlines("congress", FAR, FAR), by=admin)
    return {"delegates": delegates}
