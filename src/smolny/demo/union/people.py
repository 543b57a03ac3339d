"""The union, its regional councils and their delegates: all invented for the demo.

The National Union of Health and Care Workers is no real union; its seven regional
councils, their memberships, the 60 delegates and everyone named are the demo's. The
congress is convened from the councils, the 60 seats shared by membership (Sainte-Laguë),
and each council's delegates are registered as sent by it; each council has a secretary's
account, attached to it, that submits, consents and instructs for that council only.
"""

from __future__ import annotations

from dataclasses import dataclass

from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

UNION = "National Union of Health and Care Workers"
CONGRESS = "nuhcw-congress-2026"
CONGRESS_NAME = "NUHCW Annual Congress 2026"
RULEBOOK = "union-standing-orders"
EXECUTIVE = "nuhcw-executive-2025"  # the outgoing executive, elected by last year's congress
NEW_EXECUTIVE = "nuhcw-executive-2026"  # its general seats elected at this congress
STANDING_ORDERS_COMMITTEE = "nuhcw-standing-orders-committee"
SEATS = 60
ZONE, ZONE_NAME = "Europe/London", "UK time"
INVENTED = (
    "The union, its councils, their memberships, the delegates and everyone named, the "
    "motions and every figure are invented for the demo: no real union, person or event."
)


@dataclass(frozen=True)
class Council:
    """A regional council: its slug, name, membership and the people it may send (in order:
    the first of them leads its delegation)."""

    slug: str
    name: str
    members: int
    people: tuple[str, ...]

    @property
    def region(self) -> str:
        """The region's name, without "Regional Council"."""
        return self.name.removesuffix(" Regional Council")

    @property
    def account(self) -> str:
        """The user name of the council secretary's account."""
        return f"{self.slug}-secretary"


COUNCILS = (
    Council(
        "north-west",
        "North West Regional Council",
        41_200,
        (
            "Bernadette Okafor",  # the union's president, who chairs the congress
            "Liam Doherty",
            "Grace Mensah",
            "Paul Whitworth",
            "Aisha Rahman",
            "Joanne Kershaw",
            "Tomasz Nowak",
            "Sandra Leigh",
            "Marcus Ogunleye",
            "Helen Brierley",
            "Kevin Ashworth",
            "Rukhsana Begum",
            "Dave Holcroft",
        ),
    ),
    Council(
        "yorkshire",
        "Yorkshire and the Humber Regional Council",
        33_800,
        (
            "Shazia Hussain",
            "Michael Armitage",
            "Karen Pickles",
            "Tom Gallagher",
            "Julie Haigh",
            "Sunil Patel",
            "Denise Crowther",
            "Gareth Moss",
            "Lisa Thornton",
            "Imran Akhtar",
            "Beverley Marsden",
            "Neil Sugden",
        ),
    ),
    Council(
        "midlands",
        "Midlands Regional Council",
        38_500,
        (
            "Harjit Sandhu",
            "Claire Bennett",
            "Wayne Fletcher",
            "Precious Moyo",
            "Dawn Hollis",
            "Rajesh Mistry",
            "Carol Jenkins",
            "Stuart Lowe",
            "Nadia Karim",
            "Andrew Cotterill",
            "Yvonne Blake",
            "Ian Perks",
        ),
    ),
    Council(
        "london",
        "London Regional Council",
        46_900,
        (
            "Folasade Adeyemi",
            "Declan Byrne",
            "Maria Santos",
            "Jamal Hassan",
            "Rebecca Stein",
            "Chidi Eze",
            "Sarah Whitaker",
            "Kwame Asante",
            "Emma Lindqvist",
            "Yusuf Ali",
            "Patricia Cole",
            "Oliver Grant",
            "Mei Ling Chan",
        ),
    ),
    Council(
        "south-west",
        "South West Regional Council",
        24_300,
        (
            "Rachel Penhaligon",
            "Jim Trewin",
            "Kate Hocking",
            "Sam Nicholls",
            "Fiona Rowe",
            "Mark Tregunna",
            "Anna Pascoe",
            "Lee Chapple",
        ),
    ),
    Council(
        "wales",
        "Wales Regional Council",
        19_600,
        (
            "Siân Pritchard",
            "Gethin Morgan",
            "Ceri Jones",
            "Rhys Llewellyn",
            "Megan Powell",
            "Owain Davies",
            "Bethan Hughes",
        ),
    ),
    Council(
        "scotland",
        "Scotland Regional Council",
        27_100,
        (
            "Fiona MacLeod",
            "Callum Fraser",
            "Eilidh Campbell",
            "Gordon McAllister",
            "Morag Reid",
            "Jamie Sinclair",
            "Katrina Boyle",
            "Ross Kennedy",
        ),
    ),
)
BY_SLUG = {council.slug: council for council in COUNCILS}
PRESIDENT = "Bernadette Okafor"
ABSENT = ("Patricia Cole", "Fiona Rowe")  # not in the hall on the day (the demo's)


@dataclass(frozen=True)
class Union:
    """The union as registered: delegates' ids by name, the council each was sent by, and
    the council secretaries' principals by council."""

    ids: dict[str, str]
    sent_by: dict[str, str]
    councils: dict[str, Principal]

    def of(self, council: str) -> list[str]:
        """The names of the delegates `council` sent, in order."""
        return [name for name, sender in self.sent_by.items() if sender == council]


def found_the_union(app: Smolny, secretary: Principal) -> tuple[int, dict[str, int]]:
    """The councils with their memberships, the congress under its standing orders, convened
    from the councils: the first entry's sequence number (for the note that it is invented)
    and each council's share of the seats."""
    first = None
    for council in COUNCILS:
        made = app.execute(
            c.CreateBody(council.slug, council.name, "council", members=council.members),
            by=secretary,
        )
        first = first if first is not None else made[0].seq
    app.execute(c.CreateBody(CONGRESS, CONGRESS_NAME, "congress", rulebook=RULEBOOK), by=secretary)
    app.execute(c.SetTimeZone(CONGRESS, ZONE, ZONE_NAME), by=secretary)
    convened = app.execute(
        c.ConveneCongress(
            CONGRESS,
            tuple(council.slug for council in COUNCILS),
            "apportioned",
            seats=SEATS,
            method="sainte-lague",
        ),
        by=secretary,
    )
    app.execute(
        c.CreateBody(
            STANDING_ORDERS_COMMITTEE,
            "Standing Orders Committee",
            "committee",
            parent=CONGRESS,
            rulebook=RULEBOOK,
            purpose="standing-orders",
        ),
        by=secretary,
    )
    app.execute(
        c.CreateBody(
            EXECUTIVE,
            "National Executive Council 2025-26",
            "executive-committee",
            parent=CONGRESS,
            rulebook=RULEBOOK,
        ),
        by=secretary,
    )
    assert first is not None
    return first, {row["council"]: row["delegates"] for row in convened[0].data["councils"]}


def council_accounts(app: Smolny, password: object) -> tuple[dict[str, Principal], dict[str, str]]:
    """Each council's secretary's account, attached to its council: the principals by
    council, and the passwords by user name (`password()` makes one)."""
    principals: dict[str, Principal] = {}
    passwords: dict[str, str] = {}
    for council in COUNCILS:
        account, secret = app.accounts.create_account(
            council.account,
            "secretary",
            password=password(),  # type: ignore[operator]
        )
        app.execute(c.AttachAccount(council.account, council.slug))
        principals[council.slug] = Principal(account, "secretary", council.account)
        passwords[council.account] = secret
    return principals, passwords


def register_delegates(
    app: Smolny, secretary: Principal, shares: dict[str, int]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each council's delegates, as many as its share of the seats: (ids, sent_by) by name."""
    people = [
        c.NewDelegate(name, sent_by=council.slug)
        for council in COUNCILS
        for name in council.people[: shares[council.slug]]
    ]
    registered = app.execute(c.RegisterDelegates(CONGRESS, tuple(people)), by=secretary)
    ids = {d["name"]: d["delegate"] for d in registered[0].data["delegates"]}
    sent_by = {p.name: p.sent_by or "" for p in people}
    return ids, sent_by
