"""One request schema per act, drawn from the act's definition in `procedure/acts.py`,
taken by the API and by the chair's console alike (`web/schemas.py`)."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

import pytest
from pydantic import ValidationError

from smolny import procedure
from smolny.domain.errors import Invalid
from smolny.web import schemas

# acts of the engine that no caller sends as such: the service makes them
SERVICE_ONLY = {
    procedure.ChangePresence,
    procedure.Register,
    procedure.CancelVote,
    procedure.AdoptAgenda,  # the domain's AdoptAgenda (POST .../agenda/adopt) brings it
}


def test_every_act_a_caller_may_send_has_one_schema() -> None:
    acts = set(typing.get_args(procedure.Act))
    assert {a.act for a in schemas.ACTS} == acts - SERVICE_ONLY
    assert len({a.key for a in schemas.ACTS}) == len(schemas.ACTS)


@pytest.mark.parametrize("request_", schemas.ACTS, ids=lambda a: a.key)
def test_a_schema_has_the_acts_fields_in_their_order(request_: schemas.ActRequest) -> None:
    model = schemas.MODELS[request_.key]
    expected = [
        f.name
        for f in dataclasses.fields(request_.act)
        if f.name not in schemas.NOT_THE_CALLERS and f.name not in request_.server
    ]
    assert list(model.model_fields) == ["act", *expected]
    for field in dataclasses.fields(request_.act):
        if field.name in model.model_fields and field.name != request_.own:
            required = field.default is dataclasses.MISSING
            assert model.model_fields[field.name].is_required() == required, field.name
    if request_.own is not None:  # the caller may leave their own name out
        assert not model.model_fields[request_.own].is_required()


def test_a_new_field_of_an_act_reaches_its_schema_and_its_engine_act() -> None:
    @dataclasses.dataclass(frozen=True)
    class Adjourn:  # an act the engine does not know yet
        question: str
        until: str | None = None
        minutes: int = 10
        notice: bool = False
        at: str | None = None

    model = schemas._model(schemas.ActRequest("adjourn", Adjourn))
    body = model.model_validate({"act": "adjourn", "question": "m1", "minutes": 5})
    assert list(model.model_fields) == ["act", "question", "until", "minutes", "notice"]
    with pytest.raises(ValidationError):  # an identifier is bounded
        model.model_validate({"act": "adjourn", "question": "m" * 33})
    with pytest.raises(ValidationError):  # and nothing unknown is taken
        model.model_validate({"act": "adjourn", "question": "m1", "at": "2026-01-01"})
    assert body.minutes == 5 and body.until is None  # type: ignore[attr-defined]


def test_a_field_with_no_bound_is_refused_when_the_schema_is_drawn() -> None:
    @dataclasses.dataclass(frozen=True)
    class Weigh:
        weights: dict[str, int]

    with pytest.raises(TypeError, match="weights"):
        schemas._model(schemas.ActRequest("weigh", Weigh))


def test_the_engine_act_is_the_request_field_for_field() -> None:
    body = schemas.MODELS["agenda"].model_validate(
        {"act": "agenda", "items": [{"id": "i1", "title": "Budget"}], "decision": "m1"}
    )
    assert schemas.engine_act(body) == procedure.ChangeAgenda(
        (procedure.AgendaEntry("i1", "Budget", False),), "m1"
    )
    move: dict[str, Any] = {"act": "move", "motion": "amend", "mover": "d1", "parts": ["a"]}
    act = schemas.engine_act(schemas.MODELS["move"].model_validate(move))
    assert act == procedure.Move("", "amend", "d1", parts=("a",))


def test_a_form_out_of_bounds_is_refused_naming_the_field() -> None:
    with pytest.raises(Invalid) as refused:
        schemas.act_from_form("ruling", {"text": "x" * 100_001, "question": "m1"})
    assert refused.value.field == "text"
    with pytest.raises(Invalid) as refused:
        schemas.act_from_form("request-floor", {"delegate": "d1", "side": "sideways"})
    assert refused.value.field == "side"
    assert schemas.act_from_form("yield", {"reason": "time"}) == procedure.Yield("time")
