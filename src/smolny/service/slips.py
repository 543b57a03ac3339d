"""Printing access-code slips is issuing access codes: new codes for the delegates named,
recorded in the journal (who got codes, never the codes), and the slips that carry them."""

from __future__ import annotations

from collections.abc import Sequence

from smolny.documents import slips
from smolny.domain.decide import body_of
from smolny.domain.errors import Invalid
from smolny.domain.state import Body
from smolny.service.app import SYSTEM, Principal, Smolny


def issue_slips(
    app: Smolny,
    body: str,
    delegates: Sequence[str] | None,
    base_url: str,
    by: Principal = SYSTEM,
) -> tuple[bytes, list[str]]:
    """New access codes for `delegates` of `body` (all its delegates if None), and the PDF
    of their slips; returns (pdf, the delegates in slip order). Refuses before issuing
    anything: an unknown body or delegate, no delegates, a bad base address."""
    try:
        base = slips.check_base_url(base_url)
    except slips.SlipError as exc:
        raise Invalid("base-url", str(exc), field="base_url") from None
    with app.lock:
        target = body_of(app.state, body)
        wanted = list(delegates) if delegates is not None else list(target.delegates)
        language = target.language
    codes = app.accounts.issue_access_codes(body, wanted, by=by)  # the decider checks every name
    with app.lock:
        state = app.state
        target = state.bodies[body]
        printed = [
            slips.Slip(
                name=state.delegates[ident].name,
                body=target.name,
                faction=_faction_name(target, state.delegates[ident].faction),
                code=code,
                url=slips.login_url(base, code),
                voting=state.delegates[ident].voting,
            )
            for ident, code in codes.items()
        ]
    return slips.render(printed, language), list(codes)


def _faction_name(body: Body, faction: str | None) -> str | None:
    known = body.factions.get(faction) if faction is not None else None
    return known.name if known is not None else faction
