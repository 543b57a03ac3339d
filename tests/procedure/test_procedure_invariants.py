"""Random sequences of acts: the stack stays consistent, nothing is adopted below its
threshold, no business is done without a quorum, and `apply` of the accepted events gives
exactly the state `attempt` promised (also after a round trip through JSON)."""

from __future__ import annotations

import json
from importlib import resources

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from smolny.procedure import (
    Accepted,
    AgendaEntry,
    AgendaItem,
    ChairRuling,
    ChangeAgenda,
    ChangePresence,
    CloseList,
    Delegate,
    Event,
    Move,
    PutQuestion,
    Recognise,
    RecordResult,
    Reply,
    RequestFloor,
    Resume,
    Rulebook,
    Second,
    State,
    StateQuestion,
    TakeUpItem,
    TakeUpQuestion,
    Withdraw,
    WithdrawFloorRequest,
    Yield,
    apply,
    apply_all,
    attempt,
    initial_state,
    load_rulebook,
    parse_rulebook,
    quorum_status,
)
from smolny.procedure import state as qs


def json_safe(value: object) -> bool:
    """Only str, int, bool, None, and lists and dicts (with str keys) of those; no floats."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, list):
        return all(json_safe(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and json_safe(v) for k, v in value.items())
    return False


def replay(state: State, events) -> State:
    """The events as a journal would give them back, through JSON, applied to `state`."""
    return apply_all(state, [Event(e.kind, json.loads(json.dumps(e.data))) for e in events])


ROBERT = load_rulebook("robert")
# the standing orders with a quorum a seven-member body can reach
_PLAIN_TEXT = (
    resources.files("smolny.procedure") / "rulebooks" / "standing-orders.toml"
).read_text()
PLAIN = parse_rulebook(_PLAIN_TEXT.replace("number = 50", "number = 4"), "standing-orders.toml")
MEMBERS = 7
DELEGATES = [f"d{i}" for i in range(1, MEMBERS + 1)]
BUSINESS = ("motion.moved", "question.stated", "question.put", "motion.adopted", "motion.rejected")
WORDS = ("the", "club", "buy", "a", "boat", "now")


def passes(threshold: str, yes: int, no: int, members: int) -> bool:
    """The textbook arithmetic, written independently of the counting package."""
    if threshold == "majority":
        return 2 * yes > yes + no
    if threshold == "two-thirds":
        return yes + no > 0 and 3 * yes >= 2 * (yes + no)
    if threshold == "majority-of-members":
        return 2 * yes > members
    raise AssertionError(f"no textbook arithmetic for {threshold}")


def check_stack(rulebook: Rulebook, state: State) -> None:
    ids = state.stack
    assert len(set(ids)) == len(ids)
    for i, question_id in enumerate(ids):
        question = state.question(question_id)
        assert question is not None and question.status in qs.ON_STACK
        if question.status == qs.VOTING:
            assert i == len(ids) - 1, "only the immediately pending question is voted on"
        rule = rulebook.motion(question.motion)
        assert rule is not None
        if rule.motion_class == "subsidiary":
            assert question.applies_to in ids[:i], "a subsidiary applies to a question below it"
        if rule.motion_class in ("main", "bring-back"):
            assert i == 0, "a main motion is only ever moved with nothing pending"
        if i > 0 and rule.motion_class != "incidental":
            below = state.question(ids[i - 1])
            below_rule = rulebook.motion(below.motion)
            outranks = below_rule.rank is not None and rule.rank > below_rule.rank
            assert outranks or question.applies_to == below.id, "nothing below outranks it"
    for question in state.questions:
        if question.id not in ids:
            assert question.status not in qs.ON_STACK


class Procedure(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.counter = 0
        self.clock = 0

    @initialize(plain=st.booleans(), present=st.sampled_from([7, 7, 7, 6, 5, 3]))
    def start(self, plain: bool, present: int) -> None:
        self.rulebook = PLAIN if plain else ROBERT
        delegates = [
            Delegate(d, faction="A" if i < 3 else "B", body=f"council-{i % 2}", present=i < present)
            for i, d in enumerate(DELEGATES)
        ]
        agenda = (AgendaItem("i1", "Reports"), AgendaItem("i2", "Peace", order_of_the_day=True))
        self.state = initial_state(self.rulebook, MEMBERS, delegates, agenda)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def tick(self) -> int:
        self.clock += 60
        return self.clock

    def attempt(self, act: object) -> None:
        before = self.state
        outcome = attempt(self.rulebook, before, act)  # type: ignore[arg-type]
        if not isinstance(outcome, Accepted):
            assert outcome.rule and outcome.reason
            return
        assert outcome.events, "an accepted act leaves a trace"
        current = before
        for event in outcome.events:
            assert json_safe(event.data), event
            self.check_event(current, event)
            current = apply(current, event)
            check_stack(self.rulebook, current)
        assert current == outcome.state
        assert replay(before, outcome.events) == outcome.state
        self.state = outcome.state

    def check_event(self, before: State, event) -> None:
        data = event.data
        if event.kind in BUSINESS or event.kind == "floor.given":
            question = before.question(data["question"]) if data["question"] else None
            motion = data.get("motion") or (question.motion if question else "main")
            rule = self.rulebook.motion(motion)
            if not rule.without_quorum:
                assert quorum_status(self.rulebook, before).quorate, f"{event.kind} without quorum"
        if event.kind in ("motion.adopted", "motion.rejected"):
            assert data["present_count"] == quorum_status(self.rulebook, before).present
            yes, no = data["yes"], data["no"]
            if data["carried_by"] == "no":
                yes, no = no, yes
            question = before.question(data["question"])
            rule = self.rulebook.motion(question.motion)
            keys = [
                rule.threshold_with_notice
                if question.notice and rule.threshold_with_notice
                else rule.threshold,
                *rule.also_carried_by,
            ]
            carried = [passes(k, yes, no, MEMBERS) for k in keys]
            if event.kind == "motion.adopted":
                tie_decided = data["tie"] and data["casting_vote"] is True
                assert any(carried) or tie_decided, f"adopted below the threshold: {data}"
                assert passes(data["threshold"], yes, no, MEMBERS) or tie_decided
            else:
                tie_lost = data["tie"] and data["casting_vote"] is False
                assert not any(carried) or tie_lost, f"rejected at the threshold: {data}"

    # Drawing acts from what the state holds

    def some_question(self, data) -> str:
        pending = list(self.state.stack)
        others = [q.id for q in self.state.questions] or ["nothing"]
        if pending and data.draw(st.integers(0, 3)):
            return data.draw(st.sampled_from(pending))
        return data.draw(st.sampled_from(others))

    def someone(self, data) -> str:
        present = [d.id for d in self.state.present()]
        if present and data.draw(st.integers(0, 5)):
            return data.draw(st.sampled_from(present))
        return data.draw(st.sampled_from(DELEGATES))

    def plausible(self) -> list[str]:
        """Motions that may well be in order now, to steer the search past easy refusals."""
        top = self.state.top()
        motions = self.rulebook.motions.values()
        if top is None:
            return sorted(m.key for m in motions if m.motion_class != "subsidiary")
        top_rule = self.rulebook.motion(top.motion)
        return sorted(
            m.key
            for m in motions
            if m.motion_class == "incidental"
            or top.motion in m.applies_to
            # ranks just below the pending one too: the boundary precedence must hold
            or (m.rank is not None and top_rule.rank is not None and m.rank >= top_rule.rank - 2)
        )

    @rule(data=st.data())
    def move(self, data) -> None:
        everything = sorted(self.rulebook.motions)
        motion = data.draw(
            st.sampled_from(self.plausible() or everything) | st.sampled_from(everything)
        )
        rule_ = self.rulebook.motion(motion)
        wanted = {
            "tabled": (qs.TABLED,),
            "decided": (qs.ADOPTED, qs.REJECTED),
            "adopted": (qs.ADOPTED,),
        }.get(rule_.target)
        candidates = [q.id for q in self.state.questions if wanted and q.status in wanted]
        target = data.draw(
            st.one_of(
                st.sampled_from(candidates) if candidates else st.none(),
                st.none(),
                st.sampled_from([q.id for q in self.state.questions] or ["nothing"]),
                st.sampled_from([r.id for r in self.state.rulings] or ["nothing"]),
            )
        )
        words = data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
        top = self.state.top()
        strike = None
        if top is not None and data.draw(st.booleans()):
            strike = top.amended_text.split(" ")[0] or None
        self.attempt(
            Move(
                id=self.fresh("q"),
                motion=motion,
                mover=self.someone(data),
                text=" ".join(words),
                applies_to=target,
                strike=strike,
                until=data.draw(st.sampled_from([None, "tomorrow"])),
                committee=data.draw(st.sampled_from([None, "finance"])),
                speech_seconds=data.draw(st.sampled_from([None, 60, 120])),
                parts=data.draw(st.sampled_from([(), ("one", "two")])),
                notice=data.draw(st.booleans()),
                at=self.tick(),
            )
        )

    @rule(data=st.data())
    def progress(self, data) -> None:
        """The natural next step for the immediately pending question."""
        top = self.state.top()
        if top is None:
            return
        rule_ = self.rulebook.motion(top.motion)
        if top.status == qs.MOVED:
            if not rule_.decided_by_vote:
                self.attempt(
                    ChairRuling(
                        self.fresh("r"),
                        "ruled",
                        question=top.id,
                        well_taken=data.draw(st.booleans()),
                    )
                )
            elif rule_.second and top.seconder is None:
                self.attempt(Second(top.id, self.someone(data)))
            else:
                self.attempt(StateQuestion(top.id))
        elif top.status == qs.PENDING:
            if self.state.floor is not None:
                self.attempt(Yield(at=self.tick()))
            self.attempt(PutQuestion(top.id))
        else:
            present = len(self.state.present())
            yes = data.draw(st.integers(0, present))
            no = data.draw(st.integers(0, present - yes))
            abstain = data.draw(st.integers(0, present - yes - no))
            self.attempt(
                RecordResult(
                    top.id,
                    yes,
                    no,
                    abstain,
                    casting_vote=data.draw(st.sampled_from([None, True, False])),
                )
            )

    @rule(data=st.data())
    def progress_again(self, data) -> None:
        self.progress(data)

    @rule(data=st.data())
    def progress_once_more(self, data) -> None:
        self.progress(data)

    @rule(data=st.data())
    def move_again(self, data) -> None:
        self.move(data)

    def second_and_state(self, data) -> None:
        top = self.state.top()
        if top is None or top.status != qs.MOVED:
            return
        if top.seconder is None:
            self.attempt(Second(top.id, self.someone(data)))
        self.attempt(StateQuestion(top.id))

    @rule(data=st.data())
    def open_question(self, data) -> None:
        """A main motion moved, seconded and stated, when nothing is pending."""
        if self.state.stack:
            return
        self.attempt(Move(self.fresh("q"), "main", self.someone(data), text="the club buys a boat"))
        self.second_and_state(data)

    @rule(data=st.data())
    def pile_on(self, data) -> None:
        """Any motion at all, on whatever is pending, seconded and stated if accepted."""
        self.move(data)
        self.second_and_state(data)

    @rule(data=st.data())
    def vote_anything(self, data) -> None:
        if not self.state.questions:
            return
        yes = data.draw(st.integers(0, 8))
        no = data.draw(st.integers(0, 8))
        self.attempt(RecordResult(self.some_question(data), yes, no, data.draw(st.integers(0, 3))))

    @rule(data=st.data())
    def chair(self, data) -> None:
        if not self.state.questions:
            return
        choice = data.draw(st.integers(0, 6))
        question = self.some_question(data)
        if choice == 0:
            self.attempt(StateQuestion(question))
        elif choice == 1:
            self.attempt(PutQuestion(question))
        elif choice == 2:
            self.attempt(
                ChairRuling(
                    self.fresh("r"),
                    "ruled",
                    question=data.draw(st.sampled_from([None, question])),
                    well_taken=data.draw(st.sampled_from([None, True, False])),
                )
            )
        elif choice == 3:
            self.attempt(TakeUpQuestion(question))
        elif choice == 4:
            self.attempt(TakeUpItem(data.draw(st.sampled_from(["i1", "i2", "i3"]))))
        elif choice == 5:
            self.attempt(Resume(at=self.tick()))
        else:
            self.attempt(
                ChangeAgenda(
                    (AgendaEntry("i1", "Reports"), AgendaEntry("i3", "Land", True)),
                    decision=question,
                )
            )

    @rule(data=st.data())
    def delegates(self, data) -> None:
        choice = data.draw(st.integers(0, 8))
        who = self.someone(data)
        if choice == 0:
            self.attempt(Second(self.some_question(data), who))
        elif choice == 1:
            self.attempt(Withdraw(self.some_question(data), who, consent=data.draw(st.booleans())))
        elif choice in (2, 5, 6, 7):
            self.attempt(
                RequestFloor(
                    who,
                    side=data.draw(st.sampled_from([None, "for", "against"])),
                    in_name_of=data.draw(st.sampled_from([None, "A", "B", "council-1"])),
                    at=self.tick(),
                )
            )
        elif choice == 3:
            self.attempt(Reply(who, at=self.tick()))
        elif choice == 4:
            self.attempt(ChangePresence(present=data.draw(st.booleans()), delegates=(who,)))
        elif choice == 8:
            self.attempt(WithdrawFloorRequest(who, by=who, at=self.tick()))

    @rule(data=st.data())
    def floor(self, data) -> None:
        choice = data.draw(st.integers(0, 6))
        if choice in (0, 4, 5):
            who = data.draw(st.sampled_from([None, *DELEGATES]))
            self.attempt(Recognise(who, at=self.tick()))
        elif choice == 1:
            self.attempt(
                Yield(reason=data.draw(st.sampled_from(["finished", "time"])), at=self.tick())
            )
        elif choice == 2:
            self.attempt(CloseList(at=self.tick()))
        elif choice == 6:
            self.attempt(WithdrawFloorRequest(self.someone(data), at=self.tick()))  # the chair
        elif choice == 3:
            self.attempt(
                ChangePresence(
                    present=data.draw(st.booleans()), faction=data.draw(st.sampled_from(["A", "B"]))
                )
            )

    @invariant()
    def consistent(self) -> None:
        if hasattr(self, "state"):
            check_stack(self.rulebook, self.state)
            if self.state.floor is not None:
                assert self.state.delegate(self.state.floor.delegate).present


Procedure.TestCase.settings = settings(
    max_examples=300,
    stateful_step_count=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestProcedure = Procedure.TestCase
