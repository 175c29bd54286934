"""Send one route's request and judge its answer: status, fit with the model, paging."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, cast
from urllib.parse import quote

from maestro._check._compare import Comparison, compare
from maestro._check._report import RouteResult
from maestro._exceptions import (
    APIConnectionError,
    APIStatusError,
    MaestroClientError,
    ResponseValidationError,
)
from maestro._response import MaestroResponse

__all__ = ["judge", "paging_verdict", "path_template", "send"]

_NOT_JSON_TYPES = frozenset({bytes, str, type(None)})
_IDENTITY_KEYS = ("id", "label", "machineId")


def send(
    row: RouteResult, request: Callable[[], MaestroResponse[Any]]
) -> MaestroResponse[Any] | None:
    """Send a request, returning its response whatever the status; ``None`` if there is none.

    A failure without a response (connection, timeout, a refused argument) is written
    into ``row``.
    """
    try:
        return request()
    except (APIStatusError, ResponseValidationError) as exc:
        # Errors keep their answer as an interface (ResponseLike); the SDK's are responses.
        return cast("MaestroResponse[Any]", exc.response)
    except MaestroClientError as exc:
        row.fits = False
        row.note = f"{type(exc).__name__}: {exc}"
        row.unanswered = isinstance(exc, APIConnectionError)
        return None


def judge(row: RouteResult, response: MaestroResponse[Any], answer: Any) -> None:
    """Fill ``row`` from a response: its status, and how its body compares with ``answer``.

    ``answer`` is the type the route declares (``Task``, ``Page[Task]``). The SDK reads the
    answer when reading ``response.parsed`` succeeds; the comparison works on
    ``response.data``, the decoded JSON, whatever the SDK made of it.
    """
    row.status = response.status_code
    request = response.raw.request
    row.method = row.method or request.method
    if not response.ok:
        row.fits = False
        row.note = str(response.status_error())
        return
    try:
        parsed, readable = response.parsed, True
    except Exception:  # what the SDK raises when `parsed` is read
        parsed, readable = None, False
    data = response.data
    # A route declared `X | None` whose answer the SDK reads as None has nothing to compare.
    if _is_json_answer(answer) and not (readable and parsed is None and _optional(answer)):
        if isinstance(data, Mapping) and "content" in data and typing.get_origin(answer) is list:
            # A route declared as a list that answers a Spring page: the SDK reads `content`.
            row.note = "answered a page; the SDK reads its content"
            data = data["content"]
        row.comparison = compare(answer, data)
    else:
        row.comparison = Comparison()
    row.fits = readable and row.comparison.fits
    if not readable:
        row.note = "the SDK cannot read this answer (reading `parsed` raises)"


def _is_json_answer(answer: Any) -> bool:
    """Whether the route's model describes JSON (not bytes, text or anything at all)."""
    if answer is Any:
        return False
    union = typing.get_origin(answer) in (typing.Union, types.UnionType)
    members = typing.get_args(answer) if union else (answer,)
    return not all(member in _NOT_JSON_TYPES for member in members)


def _optional(answer: Any) -> bool:
    return type(None) in typing.get_args(answer)


def paging_verdict(first: list[Any], answer: Any) -> tuple[bool | None, str]:
    """Judge the answer to ``page=1&size=1`` against the first page's items.

    Returns whether ``page`` and ``size`` were honoured (``None``: cannot tell, the list is
    empty) and, when not, what was wrong.
    """
    if not isinstance(answer, Mapping) or not isinstance(answer.get("content"), list):
        return False, "page 1 with size 1 is not a page"
    second: list[Any] = answer["content"]
    number = answer.get("number")
    page_ignored = isinstance(number, int) and not isinstance(number, bool) and number != 1
    if not page_ignored and first and second and _same(second[0], first[0]):
        page_ignored = len(first) < 2 or not _same(second[0], first[1])
    ignored = [name for name, bad in (("page", page_ignored), ("size", len(second) > 1)) if bad]
    if ignored:
        return False, "ignores " + " and ".join(ignored)
    if len(first) >= 2:
        if len(second) == 1 and _same(second[0], first[1]):
            return True, ""
        return False, "page 1 with size 1 is not the second item of the first page"
    if len(first) == 1:
        return True, ""
    return None, "not verified: the list is empty"


def _same(left: Any, right: Any) -> bool:
    """Whether two list items are the same record: by id or label, else whole."""
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        for key in _IDENTITY_KEYS:
            if key in left and key in right:
                return bool(left[key] == right[key])
    return bool(left == right)


def path_template(path: str, arguments: Mapping[str, Any]) -> str:
    """The route's path with each argument's segment put back as ``{name}``.

    ``path`` may be percent-encoded or decoded; either way no label or id of the server's
    objects is left in it.
    """
    segments: dict[str, str] = {}
    for name, value in arguments.items():
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            segments[str(value)] = segments[quote(str(value), safe="")] = "{" + name + "}"
    return "/".join(segments.get(segment, segment) for segment in path.split("/"))
