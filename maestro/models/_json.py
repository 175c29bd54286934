r"""What the wire can carry: JSON values and text, checked before anything is sent.

``json_problems`` walks a value the way it will be encoded and reports every part that has
no faithful JSON form: NaN and infinity (pydantic would send them as ``null``), sets,
objects that are not JSON, non-string keys, text with lone surrogates (``"\ud800"``, which
UTF-8 cannot encode), integers too long to write out, nesting deeper than :data:`MAX_DEPTH`
(self-containing lists included). The request models and ``Call`` both rely on it, so every
body and query is held to one rule.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import SecretBytes, SecretStr
from pydantic_core import PydanticSerializationError, to_jsonable_python

__all__ = [
    "MAX_DEPTH",
    "JsonProblem",
    "WireBody",
    "int_problem",
    "json_problems",
    "text_problem",
]

MAX_DEPTH = 100
"""How deeply lists and objects may nest in a body (servers refuse deeper documents too)."""

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class JsonProblem:
    """One part of a value that cannot be sent: where it is, the part itself, and why."""

    location: Location
    """Keys and indexes from the value's root to the part (``("rows", 0, "price")``)."""
    value: Any
    """The part that was refused."""
    message: str
    """Why it was refused."""


class WireBody(dict[str, Any]):
    """A request model's JSON body, already held to the wire's rules when it was validated.

    ``Call`` checks every other body before sending; this one it trusts, which spares a
    second walk over large ``parameters`` or datapool ``values``. It cannot be changed in
    place (that could slip in a value nobody checked): copy it into a ``dict`` to extend it.
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a checked request body cannot be changed: copy it with dict(body)")

    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = _refuse
    __ior__ = _refuse


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be sent as UTF-8 (it holds a lone surrogate), or ``None``."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"must be valid Unicode text: it holds a lone surrogate at index {exc.start}"
    return None


def int_problem(number: int) -> str | None:
    """Why ``number`` cannot be written out in decimal (too many digits), or ``None``."""
    if number.bit_length() <= 64:
        return None
    try:
        int.__repr__(number)
    except ValueError:
        return "has too many digits to be sent"
    return None


def json_problems(value: Any, location: Location = ()) -> tuple[Any, list[JsonProblem]]:
    """``value`` as plain JSON data (dicts, lists, text, numbers...), and what cannot be sent.

    Values pydantic knows how to write as JSON (dates, UUIDs, decimals, enums, models,
    dataclasses) are converted to it; UTF-8 bytes become text. Plain data comes back as it
    was given, not copied. The converted value is only meaningful when nothing is reported.
    """
    walker = _Walker(location)
    plain = walker.walk(value, 0)
    if walker.too_deep:  # reported where the value starts, not at the 100th level
        walker.problems.insert(0, JsonProblem(location, value, _DEPTH_MESSAGE))
    return plain, walker.problems


_SET_MESSAGE = "a set has no JSON form (nor any order): pass a list"
_DEPTH_MESSAGE = f"nests deeper than {MAX_DEPTH} levels (or contains itself)"
_NOT_FINITE = "must be a finite number (JSON has no NaN)"
_KINDS = "text, numbers, bools, None, lists, dicts"


class _Walker:
    """One walk over a value; the path to the part being looked at is kept as a stack."""

    def __init__(self, location: Location) -> None:
        self.path: list[str | int] = list(location)
        self.problems: list[JsonProblem] = []
        self.too_deep = False

    def report(self, value: Any, message: str) -> None:
        self.problems.append(JsonProblem(tuple(self.path), value, message))

    def walk(self, value: Any, depth: int) -> Any:
        # Exact types first: they are nearly all a body holds, and the cheapest to check.
        kind = type(value)
        if kind is str:
            if not value.isascii():
                self._leaf(value, text_problem(value))
            return value
        if kind is int:
            if value.bit_length() > 64:
                self._leaf(value, int_problem(value))
            return value
        if kind is float:
            if not math.isfinite(value):
                self.report(value, _NOT_FINITE)
            return value
        if value is None or kind is bool:
            return value
        if depth >= MAX_DEPTH:
            self.too_deep = True
            return None
        if kind is dict:
            return self.mapping(value, depth)
        if kind is list:
            return self.sequence(value, depth)
        return self.other(value, depth)

    def _leaf(self, value: Any, problem: str | None) -> None:
        if problem is not None:
            self.report(value, problem)

    def mapping(self, value: Mapping[Any, Any], depth: int) -> dict[str, Any]:
        plain: dict[str, Any] = {}
        changed = type(value) is not dict
        for key, item in value.items():
            problem = text_problem(key) if isinstance(key, str) else "must be text"
            if problem is not None:
                self.report(key, f"has a key that {problem}")
                continue
            self.path.append(key)
            plain[key] = converted = self.walk(item, depth + 1)
            self.path.pop()
            changed = changed or converted is not item
        return plain if changed else value  # type: ignore[return-value]

    def sequence(self, value: list[Any] | tuple[Any, ...], depth: int) -> list[Any]:
        plain: list[Any] = []
        changed = type(value) is not list
        for index, item in enumerate(value):
            self.path.append(index)
            converted = self.walk(item, depth + 1)
            self.path.pop()
            plain.append(converted)
            changed = changed or converted is not item
        return plain if changed else value  # type: ignore[return-value]

    def other(self, value: Any, depth: int) -> Any:
        """Subclasses of the plain types (enums...), and everything else."""
        # A subclass of text or a number (a str enum...) is written as its plain value.
        if isinstance(value, str):
            self._leaf(value, text_problem(value))
            return value
        if isinstance(value, int):
            self._leaf(value, int_problem(value))
            return value
        if isinstance(value, float):
            self._leaf(value, None if math.isfinite(value) else _NOT_FINITE)
            return value
        if isinstance(value, Mapping):
            return self.mapping(value, depth)
        if isinstance(value, (list, tuple)):
            return self.sequence(value, depth)
        if isinstance(value, (set, frozenset)):
            self.report(value, _SET_MESSAGE)
            return None
        if isinstance(value, (SecretStr, SecretBytes)):
            return self.secret(value, depth)
        if isinstance(value, (bytes, bytearray, memoryview)):
            return self.binary(bytes(value), depth)
        try:
            plain = to_jsonable_python(value, by_alias=True, inf_nan_mode="constants")
        except (PydanticSerializationError, ValueError, TypeError, RecursionError):
            message = f"only JSON values can be sent ({_KINDS}), not {type(value).__name__} objects"
            self.report(value, message)
            return None
        return self.walk(plain, depth + 1)

    def secret(self, value: SecretStr | SecretBytes, depth: int) -> Any:
        # Checked like any text, but reported as the masked object, never what it holds.
        found = len(self.problems)
        plain = self.walk(value.get_secret_value(), depth)
        for index in range(found, len(self.problems)):
            problem = self.problems[index]
            self.problems[index] = JsonProblem(problem.location, value, problem.message)
        return plain

    def binary(self, value: bytes, depth: int) -> Any:
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            self.report(value, "bytes must be UTF-8 text to go into JSON")
            return None
        return self.walk(text, depth)
