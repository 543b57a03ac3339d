"""The demo's journal, walked act by act against ../shared/seeds/EVENTS.md (issue 17, item 7).

For each of the 23 acts, the entries the accounts call for, in order: the kind, the day and
time in the body's own zone, the names, the words. The journal is read through the
service's record read side, and names are the journal's own (`delegates.registered`,
`mandate.issued`), never the demo's code: the demo is run, then only its record is read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from smolny import demo
from smolny.service.app import Smolny
from smolny.service.views import record

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
DELEGATE_FIELDS = ("delegate", "opened_by", "mover", "by")


@dataclass
class Journal:
    entries: list[dict[str, Any]]
    names: dict[str, str] = field(default_factory=dict)  # delegate id -> name
    zones: dict[str, str] = field(default_factory=dict)  # body -> offset
    body_of_session: dict[str, str] = field(default_factory=dict)

    def local(self, entry: dict[str, Any]) -> str:
        """The entry's time in its body's zone: "25 October 14:35"."""
        body = entry["data"].get("body") or self.body_of_session.get(
            entry["data"].get("session", "")
        )
        sign, hours, minutes = re.fullmatch(r"([+-])(\d\d):(\d\d)", self.zones[body]).groups()
        offset = timedelta(hours=int(hours), minutes=int(minutes)) * (1 if sign == "+" else -1)
        at = datetime.fromisoformat(entry["at"].replace("Z", "+00:00")) + offset
        return f"{at.day} {at:%B %H:%M}"


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    app = Smolny.open(f"sqlite:///{tmp_path_factory.mktemp('events') / 'demo.sqlite3'}")
    try:
        demo.load(app)
        lines = record.journal_lines(app, 0, None)
    finally:
        app.close()
    found = Journal([json.loads(line) for _, line in lines])
    for entry in found.entries:
        data = entry["data"]
        if entry["kind"] == "delegates.registered":
            found.names.update({d["delegate"]: d["name"] for d in data["delegates"]})
        elif entry["kind"] == "mandate.issued":
            found.names[data["delegate"]] = data["name"]
        elif entry["kind"] == "body.time-zone-set":
            found.zones[data["body"]] = data["zone"]
        elif entry["kind"] in ("session.opened", "session.scheduled"):
            bodies = [b["body"] for b in data.get("bodies", [])] or [data["body"]]
            found.body_of_session[data["session"]] = bodies[0]
    return found


def _matches(journal: Journal, entry: dict[str, Any], want: dict[str, Any]) -> bool:
    data = entry["data"]
    for key, value in want.items():
        if key == "_kind":
            if entry["kind"] != value:
                return False
        elif key == "_at":
            if journal.local(entry) != value:
                return False
        elif key == "words~":
            if value not in (data.get("words") or data.get("text") or ""):
                return False
        elif key.endswith("~"):
            if value not in (data.get(key[:-1]) or ""):
                return False
        elif key in DELEGATE_FIELDS:
            if journal.names.get(data.get(key, "")) != value:
                return False
        elif data.get(key) != value:
            return False
    return True


def E(kind: str, at: str | None = None, /, **fields: Any) -> dict[str, Any]:  # noqa: N802
    """An entry expected: its kind, its time in the body's zone, some of its fields (`x_tilde`:
    the field `x` contains the value)."""
    want: dict[str, Any] = {"_kind": kind}
    want.update({k.replace("_tilde", "~"): v for k, v in fields.items()})
    if at is not None:
        want["_at"] = at
    return want


# The acts in the order the replay records them: July (21-23), then 25-26 October (2's
# schedule and postponement, 1, 2-18), then November (19-20).
ACTS: list[tuple[int, list[dict[str, Any]]]] = [
    (
        21,
        [
            E("session.opened", "3 July 22:00"),
            E("report.read", words_tilde="Violence and looting in the capital were reported."),
        ],
    ),
    (
        22,
        [
            E(
                "report.read",
                name="The chairman of the Workers' Section of the Petrograd Soviet",
                words_tilde="demanding that the All-Russian Executive Committee take over power",
            ),
            E(
                "floor.interjected",
                voice="provincial delegates",
                words="Petrograd isn't all Russia!",
            ),
            E("floor.interjected", words_tilde="You, rioters, Anarchists, traitors!"),
            E(
                "floor.yielded",
                delegate="Trotsky",
                words_tilde="“What happened today was a peaceful demonstration of citizens.”",
            ),
        ],
    ),
    (
        23,
        [
            E(
                "report.read",
                delegate="Tseretelli",
                in_name_of="the presiding board of the All-Russian Executive Committee",
                words_tilde="proposed to hold the plenary session of the Committee in Moscow",
            ),
            E("motion.moved", mover="Tseretelli", motion="main"),
            E("floor.interjected", voice="the peasant delegates", quoted=False),
            E("floor.yielded", delegate="Martov", words_tilde="violently opposed"),
            E("session.adjourned", "4 July 02:30", declared=True, words_tilde="before dawn"),
        ],
    ),
    (
        4,
        [
            E(
                "mandate.issued",
                name="Kharash",
                sending="twelfth-army-committee",
                faction="mensheviks",
            ),
        ],
    ),
    (
        2,
        [
            E("session.scheduled", title="First sitting, 25-26 October 1917"),
            E("session.postponed", "25 October 13:00", reason_tilde="after the 2:00 PM opening"),
        ],
    ),
    (
        1,
        [
            E("session.opened", "25 October 14:35", opened_by="Trotsky", emergency=True),
            E("chair.taken", "25 October 14:35", delegate="Trotsky"),
            E(
                "report.read",
                delegate="Trotsky",
                in_name_of="the Military Revolutionary Committee",
                words_tilde="I declare that the Provisional Government no longer exists.",
            ),
            E(
                "floor.interjected",
                delegate="Trotsky",
                words="Long live Comrade Lenin, back with us again!",
            ),
            E(
                "floor.yielded",
                delegate="Lenin",
                words_tilde="Long live the world socialist revolution!",
            ),
            E(
                "floor.interjected",
                voice="someone",
                words="You are anticipating the will of the Second Congress of Soviets",
            ),
            E(
                "floor.yielded",
                delegate="Trotsky",
                quoted=True,
                words_tilde="Now we have only to develop this triumph.",
            ),
            E("floor.given", delegate="Volodarsky"),
            E("floor.given", delegate="Zinoviev"),
            E("floor.given", delegate="Lunacharsky"),
            E("session.closed"),
        ],
    ),
    (
        3,
        [
            E("session.opened", "25 October 22:40", opened_by="Dan", scheduled=True),
            E("chair.taken", delegate="Dan"),
            E(
                "report.read",
                delegate="Dan",
                in_name_of="the Central Executive Committee",
                words_tilde="considers our customary opening political address superfluous",
            ),
        ],
    ),
    (
        5,
        [
            E(
                "presidium.allotted",
                "25 October 22:50",
                declined=["mensheviks"],
                reserved=["menshevik-internationalists"],
            ),
        ],
    ),
    (
        6,
        [
            E("motion.moved", mover="Martov", motion="main"),
            E("floor.given", delegate="Mstislavsky", in_name_of="left-srs", side="for"),
            E(
                "floor.yielded",
                delegate="Lunacharsky",
                quoted=True,
                words_tilde="has absolutely nothing against the proposal made by Martov.",
            ),
            E("motion.declared", adopted=True, words="Support was unanimous."),
        ],
    ),
    (
        7,
        [
            E("floor.given", delegate="Kharash", in_name_of="mensheviks"),
            E(
                "floor.yielded",
                delegate="Kharash",
                quoted=True,
                words_tilde="A criminal political venture has been going on behind the back",
            ),
            E("floor.interjected", words_tilde="He does not represent the Twelfth Army!"),
            E("mandate.contested", delegate="Kharash"),
            E("motion.set-aside", reason_tilde="no decision on the soldier"),
        ],
    ),
    (
        8,
        [
            E(
                "floor.yielded",
                delegate="Khinchuk",
                quoted=True,
                words_tilde="continues to lie in negotiations with the Provisional Government",
            ),
            E("floor.interjected", delegate="Khinchuk", words="We leave the present congress!"),
            E("floor.given", delegate="Erlich", in_name_of="bund"),
            E(
                "presence.changed",
                faction="mensheviks",
                present=False,
                declaration="We leave the present congress!",
                present_count=602,
            ),
            E("presence.changed", faction="bund", present=False, present_count=595),
            E("presence.changed", faction="srs", present=False, present_count=552),
        ],
    ),
    (
        9,
        [
            E("motion.moved", "26 October 01:00", mover="Martov", motion="main"),
        ],
    ),
    (
        10,
        [
            E(
                "guest.heard",
                name="The Bolsheviks’ Duma fraction",
                words="to triumph or die with the All-Russian Congress.",
            ),
        ],
    ),
    (
        11,
        [
            E("floor.given", delegate="Trotsky", kind="reply"),
            E("floor.yielded", delegate="Trotsky", words_tilde="into the dustbin of history!"),
            E("floor.interjected", delegate="Martov", words="Then we’ll leave!"),
            E(
                "floor.interjected",
                words="And we had thought that Martov at least would remain with us.",
            ),
            E(
                "floor.interjected",
                delegate="Martov",
                words="One day you will understand the crime in which you are taking part.",
            ),
            E(
                "presence.changed",
                faction="menshevik-internationalists",
                present=False,
                declaration="Then we’ll leave!",
                present_count=538,
            ),
            E("motion.set-aside", reason_tilde="Martov and his group left the hall"),
        ],
    ),
    (
        12,
        [
            E("motion.moved", motion="main", words_tilde="including of Martov"),
            E("motion.declared", adopted=True, words_tilde="quickly passed"),
        ],
    ),
    (
        13,
        [
            E("floor.given", delegate="Boris Kamkov", in_name_of="left-srs"),
            E(
                "floor.yielded",
                delegate="Lunacharsky",
                quoted=True,
                words_tilde="Kamkov’s criticism of us is unfounded.",
            ),
        ],
    ),
    (
        17,
        [
            E(
                "statement.issued",
                in_name_of="the Central Executive Committee",
                name="the departed moderates",
                words_tilde="considers the Second Congress as not having taken Place.",
            ),
        ],
    ),
    (
        14,
        [
            E(
                "report.read",
                delegate="Kamenev",
                words_tilde="have been seized by the revolutionary garrison.",
            ),
            E("report.read", words_tilde="units coming over"),
            E("floor.interjected", words_tilde="release of those SR ministers"),
            E("floor.yielded", delegate="Trotsky", words_tilde="false comrades"),
        ],
    ),
    (
        15,
        [
            E("presence.changed", "26 October 04:00", present=True, present_count=544),
            E("floor.interjected", words_tilde="resubmit his call for a collaborative socialist"),
            E(
                "floor.yielded",
                delegate="Kamenev",
                words_tilde="turned their backs on his proposal",
            ),
            E("motion.moved", mover="Kamenev", motion="lay-on-the-table"),
            E("motion.declared", motion="lay-on-the-table", adopted=True),
            E("motion.tabled"),
        ],
    ),
    (
        16,
        [
            E(
                "motion.moved",
                mover="Lunacharsky",
                motion="main",
                words_tilde="To all Workers, Soldiers, and Peasants",
            ),
            E(
                "floor.yielded",
                delegate="Lunacharsky",
                quoted=True,
                words_tilde="The fate of the revolution and democratic peace is in your hands!",
            ),
            E("motion.moved", motion="amend"),
            E(
                "motion.declared",
                motion="amend",
                adopted=True,
                words="One tiny verbal tweak ensured Left SR assent.",
            ),
            E("text.amended"),
            E(
                "motion.declared",
                "26 October 05:00",
                motion="main",
                adopted=True,
                words_tilde="a minuscule Menshevik faction abstained",
            ),
        ],
    ),
    (
        18,
        [
            E("session.closed", "26 October 05:30"),
        ],
    ),
    (
        19,
        [
            E("session.opened", "15 November 21:00"),
            E(
                "report.read",
                delegate="Zinoviev",
                subject="The agreement with the Peasants' Congress",
            ),
            E("joint-session.presidium-seated", body="peasants-congress", made_place="tsik"),
        ],
    ),
    (
        20,
        [
            E("floor.yielded", delegate="Sverdlov", words_tilde="welcome"),
            E(
                "floor.yielded",
                delegate="Maria Spiridonova",
                quoted=True,
                words_tilde="which can put out the fire of the Revolution!",
            ),
            E(
                "floor.yielded",
                delegate="Trotsky",
                quoted=True,
                words_tilde="I wish you welcome, comrades peasants!",
            ),
            E(
                "floor.yielded",
                delegate="Krylenko",
                quoted=True,
                words_tilde="Let Dukhonin and those with him understand well",
            ),
            E("floor.given", delegate="Dybenko", in_name_of="the Fleet"),
            E(
                "guest.heard",
                in_name_of="the Vikzhel",
                quoted=True,
                words_tilde="absolutely at the disposition of the revolutionary democracy!",
            ),
            E("floor.given", delegate="Lunacharsky"),
            E("floor.given", delegate="Proshian", in_name_of="left-srs"),
            E("floor.given", delegate="Saharashvili", in_name_of="united-sd-internationalists"),
            E("session.closed"),
        ],
    ),
]


def test_all_23_acts_are_in_the_journal_in_order(journal: Journal) -> None:
    assert sorted(act for act, _ in ACTS) == list(range(1, 24))
    cursor = 0
    for act, expected in ACTS:
        for want in expected:
            found = next(
                (
                    i
                    for i in range(cursor, len(journal.entries))
                    if _matches(journal, journal.entries[i], want)
                ),
                None,
            )
            assert found is not None, f"act {act}: no {want} after entry {cursor + 1}"
            cursor = found + 1


def test_670_delegates_in_the_accounts_factions(journal: Journal) -> None:
    # "Of 670 delegates, 300 were Bolsheviks. 193 were SRs, ...; 68 Mensheviks, and 14
    # Menshevik-Internationalists."
    congress = [
        d
        for e in journal.entries
        if e["kind"] in ("delegates.registered", "mandate.issued")
        and e["data"]["body"] == "second-congress"
        for d in (e["data"].get("delegates") or [e["data"]])
    ]
    sizes: dict[str | None, int] = {}
    for d in congress:
        sizes[d.get("faction")] = sizes.get(d.get("faction"), 0) + 1
    assert len(congress) == 670
    assert (sizes["bolsheviks"], sizes["left-srs"] + sizes["srs"]) == (300, 193)
    assert (sizes["mensheviks"], sizes["menshevik-internationalists"]) == (68, 14)


def test_the_replay_is_chronological(journal: Journal) -> None:
    times = [entry["at"] for entry in journal.entries]
    assert times == sorted(times)
    assert journal.local(journal.entries[-1]).endswith("November 23:00")


def _sources() -> str:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text = re.sub(r"\s+", " ", text)
    # a quotation the account breaks with "he insisted": “crisis,” he insisted, “continues
    return re.sub(r",” [^“”]{1,40}?, “", " ", text)


def test_every_quotation_is_the_accounts_own_words(journal: Journal) -> None:
    sources = _sources().casefold()  # a quotation may begin its sentence with a capital
    quoted = [e["data"] for e in journal.entries if e["data"].get("quoted")]
    assert len(quoted) >= 20
    for data in quoted:
        # a quotation is joined where the account breaks it ("he said"), so each sentence
        # (cut at its end, or at a comma before the account's break) is found in the account
        for sentence in re.split(r"(?<=[.!?…])\s+|,\s+", data["words"]):
            if len(sentence.split()) >= 3:
                assert sentence.rstrip(".!?…”").casefold() in sources, sentence


def test_no_figures_the_accounts_do_not_give(journal: Journal) -> None:
    kinds = {entry["kind"] for entry in journal.entries}
    # no count of hands, no ballots, no decision with figures: every decision is declared
    assert not kinds & {"poll.opened", "poll.count-entered", "motion.adopted", "motion.rejected"}
    assert "motion.withdrawn" not in kinds  # the accounts tell of no withdrawal
    declared = [e for e in journal.entries if e["kind"] == "motion.declared"]
    assert len(declared) == 5 and all("yes" not in e["data"] for e in declared)


def test_presence_is_never_above_membership(journal: Journal) -> None:
    for entry in journal.entries:
        data = entry["data"]
        for body in data.get("bodies", []):
            if "present_count" in body:
                assert body["present_count"] <= body["members"], entry
        if "present_count" in data and "members" in data:
            assert data["present_count"] <= data["members"], entry


def test_the_values_the_demo_sets_carry_a_note(journal: Journal) -> None:
    notes = {
        e["data"]["about"]: e["data"]["text"] for e in journal.entries if e["kind"] == "note.added"
    }
    assert any("Old Style" in text for text in notes.values())
    # the times the accounts do not give: when each sitting was called, put off, opened
    # (a date or an hour), ended; the decisions declared with no figures
    noted = {e["kind"] for e in journal.entries if e["seq"] in notes}
    assert {
        "session.scheduled",
        "session.postponed",
        "session.opened",
        "session.closed",
        "motion.declared",
        "presence.changed",
        "motion.moved",
        "mandate.accepted",
    } <= noted
    opened = [e["seq"] for e in journal.entries if e["kind"] == "session.opened"]
    assert all(seq in notes for seq in opened)


def test_sending_bodies_from_the_sources(journal: Journal) -> None:
    issued = [e["data"] for e in journal.entries if e["kind"] == "mandate.issued"]
    assert [(m["name"], m["sending"]) for m in issued] == [("Kharash", "twelfth-army-committee")]
    sent = {
        d["name"]: d.get("sent_by")
        for e in journal.entries
        if e["kind"] == "delegates.registered"
        for d in e["data"]["delegates"]
        if d.get("sent_by")
    }
    assert sent == {"Khinchuk": "Moscow Soviet", "Dybenko": "the Fleet"}


def test_nobody_who_speaks_is_a_placeholder(journal: Journal) -> None:
    speakers = {
        journal.names[e["data"][key]]
        for e in journal.entries
        for key in DELEGATE_FIELDS
        if e["kind"] != "presence.changed" and e["data"].get(key) in journal.names
    }
    assert not [name for name in speakers if re.search(r"\d", name)], speakers
