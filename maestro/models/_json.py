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

__all__ = ["MAX_DEPTH", "JsonProblem", "int_problem", "json_problems", "text_problem"]

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
    dataclasses) are converted to it; UTF-8 bytes become text. The converted value is only
    meaningful when the problem list is empty.
    """
    problems: list[JsonProblem] = []
    plain = _walk(value, location, problems, 0)
    # A value nested too deeply is reported where it starts, not at the 100th level.
    for index, problem in enumerate(problems):
        if problem.message == _DEPTH_MESSAGE:
            problems[index] = JsonProblem(location, value, _DEPTH_MESSAGE)
    return plain, problems


_SET_MESSAGE = "a set has no JSON form (nor any order): pass a list"
_DEPTH_MESSAGE = f"nests deeper than {MAX_DEPTH} levels (or contains itself)"


def _walk(value: Any, location: Location, problems: list[JsonProblem], depth: int) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _leaf(value, text_problem(value), location, problems)
    if isinstance(value, int):
        return _leaf(value, int_problem(value), location, problems)
    if isinstance(value, float):
        finite = None if math.isfinite(value) else "must be a finite number (JSON has no NaN)"
        return _leaf(value, finite, location, problems)
    if depth >= MAX_DEPTH:
        problems.append(JsonProblem(location, value, _DEPTH_MESSAGE))
        return None
    if isinstance(value, Mapping):
        return _walk_mapping(value, location, problems, depth)
    if isinstance(value, (list, tuple)):
        return [
            _walk(item, (*location, index), problems, depth + 1) for index, item in enumerate(value)
        ]
    if isinstance(value, (set, frozenset)):
        problems.append(JsonProblem(location, value, _SET_MESSAGE))
        return None
    if isinstance(value, (SecretStr, SecretBytes)):
        return _walk_secret(value, location, problems, depth)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _walk_bytes(bytes(value), location, problems, depth)
    return _walk_other(value, location, problems, depth)


def _leaf(value: Any, problem: str | None, location: Location, problems: list[JsonProblem]) -> Any:
    if problem is not None:
        problems.append(JsonProblem(location, value, problem))
    return value


def _walk_mapping(
    value: Mapping[Any, Any], location: Location, problems: list[JsonProblem], depth: int
) -> dict[str, Any]:
    plain: dict[str, Any] = {}
    for key, item in value.items():
        problem = text_problem(key) if isinstance(key, str) else "must be text"
        if problem is not None:
            problems.append(JsonProblem(location, key, f"has a key that {problem}"))
            continue
        plain[key] = _walk(item, (*location, key), problems, depth + 1)
    return plain


def _walk_secret(
    value: SecretStr | SecretBytes, location: Location, problems: list[JsonProblem], depth: int
) -> Any:
    # Check the secret like any text, but report the masked object, never what it holds.
    found: list[JsonProblem] = []
    plain = _walk(value.get_secret_value(), location, found, depth)
    problems.extend(JsonProblem(problem.location, value, problem.message) for problem in found)
    return plain


def _walk_bytes(value: bytes, location: Location, problems: list[JsonProblem], depth: int) -> Any:
    try:
        return _walk(value.decode("utf-8"), location, problems, depth)
    except UnicodeDecodeError:
        message = "bytes must be UTF-8 text to go into JSON"
        problems.append(JsonProblem(location, value, message))
        return None


def _walk_other(value: Any, location: Location, problems: list[JsonProblem], depth: int) -> Any:
    try:
        plain = to_jsonable_python(value, by_alias=True, inf_nan_mode="constants")
    except (PydanticSerializationError, ValueError, TypeError, RecursionError):
        kinds = "text, numbers, bools, None, lists, dicts"
        message = f"only JSON values can be sent ({kinds}), not {type(value).__name__} objects"
        problems.append(JsonProblem(location, value, message))
        return None
    return _walk(plain, location, problems, depth + 1)
