"""Request bodies the API and the screens share: one schema per act, derived from its definition.

An act of the rules of procedure is defined once, as a dataclass in `procedure/acts.py`.
Its request schema (`MoveAct`, `SecondAct`, ...) is drawn here from that dataclass: the
same fields in the same order, required where the dataclass has no default, optional where
its type admits None, bounded by `BOUNDS` (by the field's name) or, for a plain string, as
an identifier. Three kinds of field are not the caller's: `id` and `at` (the service
chooses them), and what an act's row in `ACTS` names as the server's. A delegate's own
field (`ActRequest.own`, e.g. the mover) may be left out: the service fills it in with the
caller. `engine_act` turns a validated request back into the engine's act, field for field.

The API takes these at `POST /api/v1/sessions/{id}/acts` (`web/api/acts.py`); the chair's
console checks its forms with the same schemas (`web/screens/console.py`). Elections
(`ElectionIn`, `election`) are shared likewise.

A new act: its dataclass in `procedure/acts.py`, a row in `ACTS` here, and a bound in
`BOUNDS` for any new field that is not an identifier, a number or a yes/no.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import Invalid
from smolny.service.views import polls


class Strict(BaseModel):
    """Request bodies refuse fields they do not know."""

    model_config = ConfigDict(extra="forbid", str_max_length=100_000)


Id = Annotated[str, Field(max_length=32)]
Text = Annotated[str, Field(max_length=100_000)]
Count = Annotated[int, Field(ge=0)]
Words = Annotated[str, Field(min_length=1, max_length=100_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class AgendaItemIn(Strict):
    id: Id
    title: str = Field(max_length=200)
    order_of_the_day: bool = False


class ChangeIn(Strict):
    """An amendment as a change at a place in the text (`procedure.Change`): what it does,
    the words it inserts, and where (docs/record-format.md, `motion.moved`'s `change`)."""

    operation: Literal["insert", "strike", "strike-insert", "substitute"] = Field(
        description="insert, strike, strike-insert (strike and insert) or substitute"
    )
    words: Text = Field("", description="the words inserted (none for a strike)")
    strike: Text | None = Field(None, description="strike, strike-insert: the words struck")
    after: Text | None = Field(None, description="insert: after these words")
    before: Text | None = Field(None, description="insert: before these words")
    occurrence: int = Field(1, ge=1, le=100_000, description="which time the words occur")
    span: list[int] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="the place by word offsets [from, to) instead (an insert: from = to)",
    )

    def change(self) -> procedure.Change:
        """The engine's change."""
        if self.after is not None and self.before is not None:
            raise Invalid(
                "place", "insert after some words or before some, not both", field="after"
            )
        span = (self.span[0], self.span[1]) if self.span is not None else None
        return procedure.Change(
            self.operation,
            self.words,
            strike=self.strike,
            after=self.after,
            before=self.before,
            occurrence=self.occurrence,
            span=span,
        )


# How a field of an act is bounded in a request, by its name. A string field not named
# here is an identifier (`Id`); a number or yes/no field is as its dataclass says.
BOUNDS: dict[str, Any] = {
    "motion": Annotated[
        str,
        Field(max_length=63, description="the rulebook's key: main, amend, lay-on-the-table..."),
    ],
    "text": Text,
    "strike": Text,
    "until": Annotated[str, Field(max_length=64)],
    "committee": Annotated[str, Field(max_length=63)],
    "speech_seconds": Annotated[int, Field(ge=1, le=86_400)],
    "speeches_per_member": Annotated[int, Field(ge=0, le=1000)],
    "parts": Annotated[list[Text], Field(max_length=100)],
    "in_name_of": Annotated[str, Field(max_length=200)],
    "side": Literal["for", "against"],
    "reason": Literal["finished", "time"],
    "yes": Count,
    "no": Count,
    "abstain": Count,
    "method": Literal["voice", "show-of-hands", "rising", "roll-call"],
    "items": Annotated[list[AgendaItemIn], Field(max_length=500)],
    "words": Words,
    "quoted": bool,
    "name": Name,
    "voice": Name,
    "subject": Name,
    "kind": Literal["report", "announcement"],
    "change": ChangeIn,
}
NOT_THE_CALLERS = ("id", "at")  # chosen by the service, for every act


@dataclasses.dataclass(frozen=True)
class ActRequest:
    """An act the API and the console take: its key (`"act"` in the body), its dataclass,
    the field naming the delegate who does it in their own name, and the fields the
    server fills in (not in the request)."""

    key: str
    act: type
    own: str | None = None
    server: tuple[str, ...] = ()
    bounds: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # over BOUNDS

    @property
    def model_name(self) -> str:
        return "".join(part.title() for part in self.key.split("-")) + "Act"


ACTS: tuple[ActRequest, ...] = (
    ActRequest("move", procedure.Move, own="mover"),
    ActRequest("second", procedure.Second, own="seconder"),
    ActRequest("state", procedure.StateQuestion),
    ActRequest("withdraw", procedure.Withdraw, own="by"),
    ActRequest("request-floor", procedure.RequestFloor, own="delegate"),
    # `by`: the delegate withdrawing their own request; None: the chair strikes it
    ActRequest("withdraw-floor-request", procedure.WithdrawFloorRequest, "delegate", ("by",)),
    ActRequest("recognise", procedure.Recognise),
    ActRequest("reply", procedure.Reply),
    ActRequest("yield", procedure.Yield),
    ActRequest("close-list", procedure.CloseList),
    ActRequest("put", procedure.PutQuestion),
    # a chair records a body's vote; the weighted and joint forms are the service's own
    ActRequest(
        "record-result",
        procedure.RecordResult,
        server=("unit", "present", "quorum", "members", "by_body"),
    ),
    ActRequest("ruling", procedure.ChairRuling),
    ActRequest("agenda", procedure.ChangeAgenda),
    ActRequest("take-up-item", procedure.TakeUpItem),
    ActRequest("take-up-question", procedure.TakeUpQuestion),
    ActRequest("resume", procedure.Resume),
    # what the record says besides motions and votes (the accounts' words)
    ActRequest("interject", procedure.Interject),
    ActRequest("hear-guest", procedure.HearGuest),
    ActRequest("take-chair", procedure.TakeChair),
    ActRequest("read-report", procedure.ReadReport),
    ActRequest(
        "declare-result",
        procedure.DeclareResult,
        bounds={"method": Literal["voice", "show-of-hands", "rising", "acclamation"]},
    ),
    ActRequest("set-aside", procedure.SetAside, bounds={"reason": Words}),
    ActRequest("declare-adjourned", procedure.DeclareAdjourned),
    ActRequest("reopen-list", procedure.ReopenList),
)
BY_KEY: dict[str, ActRequest] = {a.key: a for a in ACTS}
# What a delegate may do, and the field that must name themselves.
OWN_ACTS: dict[str, str] = {a.key: a.own for a in ACTS if a.own is not None}


def _request_type(request: ActRequest, name: str, hint: Any) -> tuple[Any, bool]:
    """The request's type for a field of an act, and whether it may be None."""
    args = typing.get_args(hint)
    optional = typing.get_origin(hint) in (Union, types.UnionType) and type(None) in args
    base = next(a for a in args if a is not type(None)) if optional and len(args) == 2 else hint
    if name in request.bounds:
        return request.bounds[name], optional
    if name in BOUNDS:
        return BOUNDS[name], optional
    if base is str:
        return Id, optional
    if base in (int, bool):
        return base, optional
    raise TypeError(f"no request bound for the act field {name!r} ({hint}): add it to BOUNDS")


def _model(request: ActRequest) -> type[Strict]:
    hints = typing.get_type_hints(request.act)
    fields: dict[str, Any] = {"act": (Literal[request.key], ...)}
    for field in dataclasses.fields(request.act):
        if field.name in NOT_THE_CALLERS or field.name in request.server:
            continue
        kind, optional = _request_type(request, field.name, hints[field.name])
        if field.name == request.own:
            fields[field.name] = (kind | None, None)
        elif field.default is not dataclasses.MISSING:
            default = field.default
            if default == ():
                fields[field.name] = (kind, Field(default_factory=list))
            else:
                fields[field.name] = (kind | None if optional else kind, default)
        else:
            fields[field.name] = (kind | None if optional else kind, ...)
    model: type[Strict] = create_model(
        request.model_name, __base__=Strict, __module__=__name__, **fields
    )
    return model


MODELS: dict[str, type[Strict]] = {a.key: _model(a) for a in ACTS}
globals().update({model.__name__: model for model in MODELS.values()})  # MoveAct, ...

if typing.TYPE_CHECKING:
    ActIn = BaseModel  # one of MODELS
else:  # any act's request, told apart by "act"
    ActIn = Annotated[Union[tuple(MODELS.values())], Field(discriminator="act")]  # noqa: UP007


def engine_act(body: BaseModel, **server: Any) -> procedure.Act:
    """The engine's act for a validated request, field for field; `server`: the fields
    the server fills in (see `ActRequest.server`)."""
    request = BY_KEY[body.act]  # type: ignore[attr-defined]
    values: dict[str, Any] = {}
    for field in dataclasses.fields(request.act):
        if field.name == "id":
            values["id"] = ""  # the service chooses it
        elif field.name in server:
            values[field.name] = server[field.name]
        elif field.name in type(body).model_fields:
            values[field.name] = _engine_value(getattr(body, field.name))
    act: procedure.Act = request.act(**values)
    return act


def _engine_value(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_engine_value(v) for v in value)
    if isinstance(value, AgendaItemIn):
        return procedure.AgendaEntry(value.id, value.title, value.order_of_the_day)
    if isinstance(value, ChangeIn):
        return value.change()
    return value


def act_from_form(key: str, values: Mapping[str, Any], **server: Any) -> procedure.Act:
    """The engine's act from a screen's form, checked by the act's request schema; a
    field out of its bounds is refused naming it (422). `server`: as for `engine_act`."""
    try:
        body = MODELS[key].model_validate({"act": key, **values})
    except ValidationError as exc:
        raise invalid(exc) from None
    return engine_act(body, **server)


def invalid(exc: ValidationError, names: Mapping[str, str] | None = None) -> Invalid:
    """A form's validation error as a refusal naming the field (`names`: the form's
    names for the schema's fields)."""
    error = exc.errors()[0]
    where = str(error["loc"][0]) if error.get("loc") else "form"
    field = (names or {}).get(where, where)
    return Invalid("invalid-input", f"{field}: {error['msg']}", field=field)


# -- polls and elections -----------------------------------------------------------------

Method = Literal["show-of-hands", "standing", "roll-call", "electronic-named", "electronic-secret"]
Name = Annotated[str, Field(max_length=polls.MAX_OPTION)]


class PollIn(Strict):
    method: Method = "electronic-named"
    presence: Literal["present", "all"] = "present"
    changeable: bool = Field(False, description="voters may change their vote until the close")
    sections: list[Name] = Field(default_factory=list, max_length=1000)
    opens_at: str | None = Field(None, max_length=40, description="open later, at this time")
    closes_at: str | None = Field(None, max_length=40, description="close by itself then")


class ElectionIn(PollIn):
    title: str = Field(max_length=200)
    question: Literal["choice", "multiple", "ranked", "list"]
    options: list[Name] = Field(min_length=1, max_length=polls.MAX_OPTIONS)
    seats: int = Field(1, ge=1, le=100_000)
    counting: str | None = Field(None, max_length=40)
    threshold: Literal["plurality", "majority", "two-thirds"] = "majority"


def poll_settings(body: PollIn) -> dict[str, Any]:
    """The settings of a poll, as `OpenPoll` takes them."""
    return {
        "method": body.method,
        "presence": body.presence,
        "changeable": body.changeable,
        "sections": tuple(body.sections),
        "opens_at": body.opens_at,
        "closes_at": body.closes_at,
    }


def election(session: str, body: ElectionIn) -> c.OpenPoll:
    """The command holding the election `body` asks for in `session` (the API's and the
    chair's console's)."""
    return c.OpenPoll(
        session=session,
        title=body.title,
        question=body.question,
        options=tuple(body.options),
        seats=body.seats,
        counting=body.counting,
        threshold=body.threshold,
        **poll_settings(body),
    )
