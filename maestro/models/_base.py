"""Base classes and field types shared by every model.

Request models are strict about names (unknown fields fail before anything is sent) and
serialise to the wire's camelCase. Response models are lenient: unknown fields are kept,
unknown enum values stay plain strings, an unreadable date becomes ``None`` (the original
text is still in ``MaestroResponse.data``), so a harmless server change never crashes a bot.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import InitErrorDetails, PydanticCustomError
from typing_extensions import Self

from maestro.models._enums import WireEnum
from maestro.models._json import WireBody, json_problems

__all__ = [
    "NonBlankStr",
    "OpenEnum",
    "RequestModel",
    "ResponseModel",
    "WireDatetime",
    "WireEnum",
    "to_utc",
]

E = TypeVar("E", bound=Enum)


OpenEnum = Annotated[E | str, Field(union_mode="left_to_right")]
"""An enum field of a response: a known value becomes the member, an unknown one stays a string.

Members are ``str`` subclasses, so ``task.state == "FINISHED"`` and
``task.state == TaskState.FINISHED`` both work whatever the server sent.
"""


def _lenient_datetime(value: Any, handler: ValidatorFunctionWrapHandler) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        result: datetime = handler(value)
    except ValidationError:
        return None
    return result


WireDatetime = Annotated[datetime | None, WrapValidator(_lenient_datetime)]
"""A date in a response: ISO-8601 or epoch milliseconds; ``None`` when absent or unreadable."""


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or blank")
    return value


NonBlankStr = Annotated[str, AfterValidator(_non_blank)]
"""A label or name: any text but an empty or all-blank one."""


def to_utc(value: datetime) -> datetime:
    """Take a naive datetime as UTC; convert an aware one to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


_HIDDEN = SecretStr("hidden")


class RequestModel(BaseModel):
    """Base of request bodies: snake_case in Python, camelCase on the wire, no unknown fields.

    Every value must have a faithful JSON form: NaN, infinity, sets, objects that are not
    JSON and text that UTF-8 cannot encode fail validation, naming the field, instead of
    being sent as ``null`` or failing inside the HTTP library.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        use_enum_values=False,
        allow_inf_nan=False,
        defer_build=True,
    )

    @model_validator(mode="after")
    def _refuse_values_the_wire_cannot_carry(self) -> Self:
        details = [
            InitErrorDetails(
                type=PydanticCustomError("wire_value", problem.message),
                loc=problem.location,
                # A field kept out of reprs (a key...) is kept out of the error too.
                input=problem.value if field.repr else _HIDDEN,
            )
            for name, field in type(self).model_fields.items()
            for problem in json_problems(getattr(self, name), (name,))[1]
        ]
        if details:
            raise ValidationError.from_exception_data(type(self).__name__, details)
        return self

    def to_wire(self, **options: Any) -> dict[str, Any]:
        """The JSON body for the wire: aliases, JSON-compatible values, checked already."""
        return WireBody(self.model_dump(mode="json", by_alias=True, **options))


class ResponseModel(BaseModel):
    """Base of response models: keeps unknown fields (``model_extra``), accepts both namings."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        defer_build=True,
    )
