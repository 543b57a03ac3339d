"""The presidium allotted to factions by apportionment, with declined and reserved seats."""

from __future__ import annotations

import pytest

from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.service.app import Smolny

SIZES = {
    "bolsheviks": 300,
    "left-srs": 150,
    "mensheviks": 68,
    "menshevik-internationalists": 14,
    "bund": 7,
}


@pytest.fixture
def congress(service: Smolny) -> Smolny:
    service.execute(c.CreateBody("congress", "Second Congress"))
    delegates = []
    for slug, size in SIZES.items():
        service.execute(c.FormFaction("congress", slug, slug.title()))
        delegates.extend(c.NewDelegate(f"{slug} {i}", slug) for i in range(size))
    service.execute(c.RegisterDelegates("congress", tuple(delegates)))
    return service


def test_the_historical_presidium_with_seats_declined_and_reserved(congress: Smolny) -> None:
    entries = congress.execute(
        c.AllotPresidium(
            "congress",
            25,
            "sainte-lague",
            factions=("bolsheviks", "left-srs", "mensheviks", "menshevik-internationalists"),
            declined=("mensheviks",),
            declined_seats="empty",
            reserved=("menshevik-internationalists",),
        )
    )
    data = entries[0].data
    assert entries[0].kind == "presidium.allotted"
    assert data["delegates"] == {
        "bolsheviks": 300,
        "left-srs": 150,
        "mensheviks": 68,
        "menshevik-internationalists": 14,
    }
    shares = {
        f["name"]: (f["taken"], f["reserved"], f["declined"], f["empty"])
        for f in data["result"]["factions"]
    }
    assert shares == {
        "bolsheviks": (14, 0, 0, 0),
        "left-srs": (7, 0, 0, 0),
        "mensheviks": (0, 0, 3, 3),
        "menshevik-internationalists": (0, 1, 0, 0),
    }
    assert any(step["step"] == "seat" for step in data["result"]["trace"])
    taken = congress.execute(c.TakeUpSeats("congress", "menshevik-internationalists"))
    assert taken[0].data["seats"] == 1
    presidium = congress.state.bodies["congress"].presidium
    assert presidium is not None
    share = next(
        f for f in presidium["result"]["factions"] if f["name"] == "menshevik-internationalists"
    )
    assert (share["taken"], share["reserved"]) == (1, 0)
    assert entries[0].data["result"]["factions"][3]["reserved"] == 1  # the record is unchanged
    with pytest.raises(OutOfOrder):
        congress.execute(c.TakeUpSeats("congress", "menshevik-internationalists"))


def test_declined_seats_can_be_given_to_the_others(congress: Smolny) -> None:
    data = congress.execute(
        c.AllotPresidium(
            "congress",
            25,
            "sainte-lague",
            factions=("bolsheviks", "left-srs", "mensheviks"),
            declined=("mensheviks",),
            declined_seats="given",
        )
    )[0].data
    assert sum(data["result"]["seats"].values()) == 25 and data["result"]["empty"] == 0


def test_bad_allotments_are_refused_and_nothing_is_recorded(congress: Smolny) -> None:
    seq = congress.state.seq
    with pytest.raises(NotFound):
        congress.execute(c.AllotPresidium("congress", 25, factions=("anarchists",)))
    with pytest.raises(Invalid):
        congress.execute(c.AllotPresidium("congress", 25, "cube-root"))
    with pytest.raises(Invalid):
        congress.execute(c.AllotPresidium("congress", 0))
    with pytest.raises(Invalid):
        congress.execute(
            c.AllotPresidium("congress", 25, factions=("bolsheviks",), declined=("bund",))
        )
    with pytest.raises(OutOfOrder):  # nobody left to give the declined seats to
        congress.execute(
            c.AllotPresidium(
                "congress",
                1,
                "dhondt",
                factions=("bund",),
                declined=("bund",),
                declined_seats="given",
            )
        )
    assert congress.state.seq == seq
