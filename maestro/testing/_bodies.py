"""Request bodies, declared once per route: how each field is read, and what strict mode checks.

A route declares its JSON body as a :class:`Body` of named fields, in wire names::

    CREATE_TASK = Body(
        activityLabel=Text(required=True, allow_empty=False),
        parameters=JsonObject(),
        priority=Integer(default=0, minimum=0, maximum=10),
    )

    fields = CREATE_TASK.read(request, state)   # wire name -> checked value, or its default

Every emulator checks the type and range of each field it reads and answers 400 naming the
field. A strict emulator (``MaestroEmulator(strict=True)``) also refuses, before anything
else, a field the body does not declare and an absent field marked ``required`` or
``expected`` (``expected``: every official client sends it, and no default is documented).
``null`` counts as given there, since the official SDKs send ``null`` for what they lack.
Fields marked ``tolerated`` are spellings no client is known to send in a request (the
response's spelling, for instance): read by a lenient emulator, unknown to a strict one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from maestro.testing._wire import error, is_integer_text, parse_datetime

if TYPE_CHECKING:
    from maestro.testing._state import EmulatorState
    from maestro.testing._wire import Request

__all__ = [
    "Anything",
    "Body",
    "Choice",
    "DateTime",
    "Field",
    "Flag",
    "Integer",
    "Items",
    "JsonObject",
    "Strings",
    "Text",
]


@dataclass(frozen=True, kw_only=True)
class Field:
    """One field of a body: how its value is checked, and whether it must be there.

    ``required``: missing or ``null`` is 400 in every mode. ``expected``: absent is 400 in
    strict mode only. ``tolerated``: read in lenient mode only (strict mode calls it
    unknown). ``default``: the value of an absent or ``null`` field.
    """

    required: bool = False
    expected: bool = False
    tolerated: bool = False
    default: Any = None

    def read(self, body: Mapping[str, Any], name: str, *, where: str = "") -> Any:
        """The checked value of ``body[name]``; its default when absent or ``null``."""
        path = f"{where}{name}"
        value = body.get(name)
        if value is None:
            if self.required:
                raise error(400, f"Field '{path}' is required")
            return self.empty()
        return self.check(value, path)

    def empty(self) -> Any:
        """The value of an absent field."""
        return self.default

    def check(self, value: Any, path: str) -> Any:
        """The value, checked (400 naming ``path`` if it does not fit); never ``None``."""
        return value


@dataclass(frozen=True, kw_only=True)
class Anything(Field):
    """Any JSON value, taken as sent (a task id the handler looks up, for instance)."""


@dataclass(frozen=True, kw_only=True)
class Text(Field):
    """A string; with ``allow_empty=False``, not an empty or blank one."""

    allow_empty: bool = True

    def check(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise error(400, f"Field '{path}' must be a string")
        if not self.allow_empty and not value.strip():
            raise error(400, f"Field '{path}' must not be empty")
        return value


@dataclass(frozen=True, kw_only=True)
class Integer(Field):
    """An integer within bounds; digit strings are taken as numbers, as Jackson does."""

    minimum: int | None = None
    maximum: int | None = None

    def check(self, value: Any, path: str) -> int:
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and is_integer_text(value.strip(), signed=True):
            number = int(value.strip())
        if number is None:
            raise error(400, f"Field '{path}' must be an integer")
        too_low = self.minimum is not None and number < self.minimum
        too_high = self.maximum is not None and number > self.maximum
        if too_low or too_high:
            low = "" if self.minimum is None else f" from {self.minimum}"
            high = "" if self.maximum is None else f" to {self.maximum}"
            raise error(400, f"Field '{path}' must be an integer{low}{high}")
        return number


@dataclass(frozen=True, kw_only=True)
class Flag(Field):
    """A boolean; ``"true"`` and ``"false"`` strings are taken too. Absent: ``False``."""

    default: Any = False

    def check(self, value: Any, path: str) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise error(400, f"Field '{path}' must be a boolean")


@dataclass(frozen=True, kw_only=True)
class Choice(Field):
    """One of a fixed set of strings (an enum on the server)."""

    choices: tuple[str, ...] = ()

    def check(self, value: Any, path: str) -> str:
        if value not in self.choices:
            raise error(400, f"Field '{path}' must be one of {', '.join(self.choices)}")
        return str(value)


@dataclass(frozen=True, kw_only=True)
class JsonObject(Field):
    """A JSON object (a dict); absent gives ``None``."""

    def check(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise error(400, f"Field '{path}' must be a JSON object")
        return value


@dataclass(frozen=True, kw_only=True)
class Strings(Field):
    """A list of strings; absent gives an empty list."""

    def empty(self) -> list[str]:
        return []

    def check(self, value: Any, path: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise error(400, f"Field '{path}' must be a list of strings")
        return list(value)


@dataclass(frozen=True, kw_only=True)
class DateTime(Field):
    """An ISO-8601 date and time, as any official SDK writes one; kept as the text sent."""

    def check(self, value: Any, path: str) -> str:
        if isinstance(value, str):
            try:
                parse_datetime(value)
                return value
            except ValueError:
                pass
        raise error(400, f"Field '{path}' must be an ISO-8601 date and time")


@dataclass(frozen=True, kw_only=True)
class Items(Field):
    """A list of JSON objects, each read with its own :class:`Body`; absent gives ``[]``.

    ``noun`` names the items in the error for a value that is not a list.
    """

    item: Body
    noun: str = "items"

    def empty(self) -> list[dict[str, Any]]:
        return []

    def check(self, value: Any, path: str) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            raise error(400, f"Field '{path}' must be a list of {self.noun}")
        items = []
        for index, item in enumerate(value):
            where = f"{path}[{index}]"
            if not isinstance(item, dict):
                raise error(400, f"Field '{where}' must be a JSON object")
            items.append(self.item.read_object(item, where=f"{where}."))
        return items

    def check_strict(self, value: Any, path: str) -> None:
        """Strict checks of each item (before any value is read)."""
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    self.item.check_strict(item, where=f"{path}[{index}].")


class Body:
    """The fields of one JSON request body, by wire name, in the order they are checked."""

    def __init__(self, **fields: Field) -> None:
        self.fields = fields

    def names(self, *, strict: bool) -> list[str]:
        """The field names this body accepts (strict mode leaves the tolerated ones out)."""
        return [name for name, field in self.fields.items() if not (strict and field.tolerated)]

    def read(
        self, request: Request, state: EmulatorState, *, partial: bool = False
    ) -> dict[str, Any]:
        """Read the request's JSON object body; 400 names the first field that does not fit.

        Strict emulators first refuse unknown and absent expected fields. ``partial`` reads
        only the fields present in the body (the ones an update changes).
        """
        body = request.json_object()
        if state.strict:
            self.check_strict(body)
        return self.read_object(body, partial=partial)

    def read_object(
        self, body: Mapping[str, Any], *, where: str = "", partial: bool = False
    ) -> dict[str, Any]:
        """Every declared field's checked value (or default); only those present if ``partial``."""
        return {
            name: field.read(body, name, where=where)
            for name, field in self.fields.items()
            if not partial or name in body
        }

    def check_strict(self, body: Mapping[str, Any], *, where: str = "") -> None:
        """400 for the first unknown field, then for the first absent required or expected one."""
        known = self.names(strict=True)
        for name in body:
            if name not in known:
                raise error(
                    400, f"Field '{where}{name}' is unknown here; known fields: {', '.join(known)}"
                )
        for name, field in self.fields.items():
            if (field.expected or field.required) and name not in body:
                raise error(400, f"Field '{where}{name}' is required")
            if isinstance(field, Items):
                field.check_strict(body.get(name), f"{where}{name}")
