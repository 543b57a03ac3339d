"""The papers of the union's congress: its councils' motions, amendments, the standing orders
committee's composite and recommendations, and the emergency motion. All invented for the
demo (see `people.INVENTED`): the employers, trusts, figures and dates are the demo's."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Motion:
    """A council's motion: its key (the demo's name for it), its council, title, paragraphs,
    movers (the delegates who will move and second it) and supporting councils."""

    key: str
    council: str
    title: str
    paragraphs: tuple[str, ...]
    movers: tuple[str, ...]
    supporters: tuple[str, ...]


@dataclass(frozen=True)
class Amendment:
    """A council's amendment to a paragraph (from 1) of the motion `motion` (its key)."""

    key: str
    council: str
    motion: str
    paragraph: int
    change: str  # replace, delete, insert-after
    text: str
    movers: tuple[str, ...]


# The motions, in the order the councils sent them (they are numbered M1... in that order).
MOTIONS = (
    Motion(
        "pay",
        "london",
        "Pay 2026/27: a restorative award",
        (
            "Congress notes that the pay of health and care workers has fallen by 14 per cent "
            "against prices since 2010, and that vacancies in the union's sectors now stand at "
            "more than one post in ten.",
            "Congress believes that low pay is the first cause of the staffing crisis: workers "
            "leave for supermarkets, warehouses and agencies that pay more for less.",
            "Congress instructs the National Executive Council to submit a claim for 2026/27 of "
            "RPI inflation plus 5 per cent for every grade, and to consult the members on their "
            "response to any offer that falls short of it.",
            "Congress further instructs the National Executive Council to prepare, with the "
            "regions, for a statutory ballot for industrial action should the consultation "
            "reject the offer.",
        ),
        ("Folasade Adeyemi", "Harjit Sandhu"),
        ("midlands",),
    ),
    Motion(
        "wards",
        "yorkshire",
        "Safe staffing on hospital wards",
        (
            "Congress notes the findings of the union's 2025 survey of ward staff: three in five "
            "shifts ran below the planned numbers, and one in four members had been moved from "
            "their own ward to cover another at least once a week.",
            "Congress believes that unsafe staffing harms patients and drives staff out of the "
            "service, and that members should not carry the risk of it alone.",
            "Congress calls on the National Executive Council to publish a safe staffing "
            "charter for wards and to support branches that raise unsafe staffing as a health "
            "and safety dispute.",
        ),
        ("Shazia Hussain", "Precious Moyo"),
        ("midlands",),
    ),
    Motion(
        "pensions",
        "wales",
        "A pension scheme for social care",
        (
            "Congress notes that fewer than half of care workers employed by private and "
            "voluntary providers are in an occupational pension scheme worth the name, and that "
            "most are auto-enrolled at the legal minimum.",
            "Congress believes that care workers deserve the same security in retirement as the "
            "health workers they work beside.",
            "Congress calls for a national occupational pension scheme for social care, open to "
            "every care worker whoever employs them, with employer contributions of at least "
            "10 per cent, and instructs the National Executive Council to campaign for it in "
            "every nation of the union.",
        ),
        ("Siân Pritchard", "Rachel Penhaligon"),
        ("south-west",),
    ),
    Motion(
        "agency",
        "scotland",
        "Agency staffing and the cost of understaffing",
        (
            "Congress notes that spending on agency staff by health boards and trusts rose again "
            "last year, while posts for permanent staff went unfilled.",
            "Congress believes that money spent on agency margins would be better spent on "
            "permanent posts, and that a legal duty to staff safely would end the reliance on "
            "agencies.",
            "Congress instructs the National Executive Council to campaign for minimum staffing "
            "levels set in law in every part of the health and care service.",
        ),
        ("Fiona MacLeod", "Gethin Morgan"),
        ("wales",),
    ),
    Motion(
        "organising",
        "north-west",
        "Organising in home care",
        (
            "Congress notes that home care workers are the fastest-growing part of the union's "
            "sectors and the least organised: most work alone, for many small employers, on "
            "zero-hours contracts.",
            "Congress believes that the union must go to them: to the car parks, the rota "
            "offices and the care workers' own online groups.",
            "Congress instructs the National Executive Council to fund an organising drive in "
            "home care in every region for two years, with organisers drawn from home care "
            "workers themselves, and to report to next year's congress on members recruited "
            "and workplaces organised.",
        ),
        ("Liam Doherty", "Tom Gallagher"),
        ("yorkshire",),
    ),
    Motion(
        "ratios",
        "south-west",
        "Minimum staffing ratios in law",
        (
            "Congress notes that nurse-to-patient ratios set in law have cut deaths and "
            "improved retention where they have been introduced abroad.",
            "Congress calls for minimum staffing ratios in law for hospital wards and care "
            "homes, covering registered staff and support workers alike.",
        ),
        ("Jim Trewin", "Callum Fraser"),
        ("scotland",),
    ),
    Motion(
        "terms",
        "midlands",
        "Two-year terms for the National Executive Council",
        (
            "Congress believes that annual elections to the National Executive Council leave "
            "its members too little time to do the work they were elected for.",
            "Congress therefore amends Rule 9.2 so that members of the National Executive "
            "Council are elected for two years, half of the seats each year.",
        ),
        ("Claire Bennett", "Karen Pickles"),
        ("yorkshire",),
    ),
    Motion(
        "violence",
        "midlands",
        "Violence and abuse against staff",
        (
            "Congress notes that one in three members reported being assaulted, threatened or "
            "abused at work in the last year, and that most did not report it to their employer "
            "because nothing happened when they last did.",
            "Congress calls on every employer in the union's sectors to record every incident, "
            "to support the member through any prosecution, and to give the union's safety "
            "representatives the figures every quarter.",
            "Congress instructs the National Executive Council to publish the figures employer "
            "by employer, and to support branches in disputes where employers will not act.",
        ),
        ("Wayne Fletcher", "Maria Santos"),
        ("london",),
    ),
    Motion(
        "in-house",
        "london",
        "Bring outsourced services back in-house",
        (
            "Congress notes that cleaners, porters and caterers employed by contractors in the "
            "health service are paid less, and have worse sick pay and pensions, than the staff "
            "employed directly beside them.",
            "Congress believes that every worker in a hospital is part of the team that cares "
            "for the patients.",
            "Congress instructs the National Executive Council to campaign for every outsourced "
            "service in health to be brought back in-house as each contract ends, and to set a "
            "date by which the union will ballot outsourced members employer by employer.",
        ),
        ("Declan Byrne", "Sunil Patel"),
        ("yorkshire",),
    ),
    Motion(
        "levy",
        "yorkshire",
        "A strike fund levy",
        (
            "Congress believes that members who take industrial action must not be starved back "
            "to work.",
            "Congress therefore resolves to add a levy of £2 a month to every member's "
            "subscription, to be held in a strike fund paying £50 a day of action.",
        ),
        ("Karen Pickles", "Kate Hocking"),
        ("south-west",),
    ),
)

# An emergency motion, after the deadline: on events that came after it.
EMERGENCY = Motion(
    "freeze",
    "north-west",
    "Emergency motion: the recruitment freeze at three North West trusts",
    (
        "Congress notes that on 2 June 2026 three hospital trusts in the North West announced "
        "a freeze on recruitment to all clinical support and nursing associate posts until "
        "the end of the financial year, leaving some 1,800 posts unfilled.",
        "Congress believes that the freeze will put wards already below safe staffing further "
        "below it, and will push the work onto the staff who remain.",
        "Congress instructs the National Executive Council to support the North West region "
        "in a campaign to reverse the freeze, including lawful industrial action if the "
        "members choose it, and to raise the freeze with every health minister.",
    ),
    ("Grace Mensah", "Harjit Sandhu"),
    ("midlands",),
)

AMENDMENTS = (
    Amendment(
        "pay-flat-rate",
        "yorkshire",
        "pay",
        3,
        "replace",
        "Congress instructs the National Executive Council to submit a claim for 2026/27 of "
        "RPI inflation plus 5 per cent or £3,000, whichever is the greater, for every grade, "
        "so that the lowest paid gain most, and to consult the members on their response to "
        "any offer that falls short of it.",
        ("Tom Gallagher",),
    ),
    Amendment(
        "pensions-devolved",
        "scotland",
        "pensions",
        3,
        "insert-after",
        "Congress recognises that social care is devolved, and asks the National Executive "
        "Council to agree the design of the scheme in Scotland and Wales with the union's "
        "councils there.",
        ("Eilidh Campbell",),
    ),
    Amendment(
        "organising-welsh",
        "wales",
        "organising",
        2,
        "insert-after",
        "Congress asks that the drive's materials be published in Welsh as well as English, and "
        "in the languages the home care workforce speaks.",
        ("Ceri Jones",),
    ),
    Amendment(
        "in-house-ballot",
        "midlands",
        "in-house",
        3,
        "replace",
        "Congress instructs the National Executive Council to campaign for every outsourced "
        "service in health to be brought back in-house as each contract ends.",
        ("Rajesh Mistry",),
    ),
)

# The standing orders committee's composite of the three motions on staffing.
COMPOSITE_OF = ("wards", "agency", "ratios")
COMPOSITE_TITLE = "Composite: safe staffing, a legal duty"
COMPOSITE = (
    "Congress notes the findings of the union's 2025 survey of ward staff: three in five "
    "shifts ran below the planned numbers; and that spending on agency staff rose again last "
    "year while permanent posts went unfilled.",
    "Congress believes that unsafe staffing harms patients and drives staff out of the "
    "service, and that where ratios have been set in law abroad they have cut deaths and "
    "improved retention.",
    "Congress calls for minimum staffing ratios in law for hospital wards and care homes, "
    "covering registered staff and support workers alike, and for a legal duty on every "
    "employer to staff safely.",
    "Congress instructs the National Executive Council to publish a safe staffing charter, to "
    "campaign for the law in every nation of the union, and to support branches that raise "
    "unsafe staffing as a health and safety dispute.",
)

TERMS_OUT_OF_ORDER = (
    "Out of order under Standing Order 12(c): the rules of the union are changed only by the "
    "rules revision conference (Rule 24.1), not by an annual congress."
)
TERMS_APPEAL = (
    "The motion asks the congress to decide a principle the rules revision conference would "
    "then write into the rules; the congress is the union's supreme policy body and may "
    "instruct that conference."
)
TERMS_UPHELD = "The congress upheld the committee's ruling on a show of hands."

# The committee's recommendations, by the papers' keys (the composite's: "composite")
RECOMMENDATIONS = {
    "pay": ("support", "In line with the union's pay strategy adopted in 2025."),
    "pay-flat-rate": ("support", "A flat-rate floor gives most to the lowest paid."),
    "pensions": ("support", "Consistent with existing policy on social care (2024)."),
    "pensions-devolved": ("support", "Clarifies the position in the devolved nations."),
    "organising": ("support", "Subject to the union's budget; the executive supports it."),
    "organising-welsh": ("support", "Accepted by the mover."),
    "composite": ("support", "The composite of the three motions on staffing."),
    "violence": ("support", "Builds on the union's safety campaign."),
    "in-house": (
        "refer",
        "The executive supports the aim but cannot commit to a ballot date before the "
        "contracts are reviewed: refer to the National Executive Council to report in a year, "
        "unless A4, which takes the date out, is carried.",
    ),
    "in-house-ballot": ("support", "Removes the ballot date the executive cannot yet commit to."),
    "levy": (
        "oppose",
        "A compulsory levy would raise subscriptions by a fifth for the lowest paid members; "
        "the executive will report on a voluntary strike fund instead.",
    ),
    "freeze": (
        "support",
        "Admitted as an emergency motion: the freeze was announced after the deadline.",
    ),
}
EMERGENCY_ADMITTED = (
    "Admitted as an emergency motion under Standing Order 14: the freeze was announced on "
    "2 June 2026, after the deadline for motions, and cannot wait for next year's congress."
)

# The candidates for the five general seats on the National Executive Council (ASCII names:
# a poll whose options are not ASCII cannot be closed yet, its count keyed by them)
CANDIDATES = (
    "Folasade Adeyemi",
    "Shazia Hussain",
    "Liam Doherty",
    "Gethin Morgan",
    "Harjit Sandhu",
    "Fiona MacLeod",
    "Rachel Penhaligon",
    "Declan Byrne",
)
