"""The description of one request (``Call``) and the steps multi-request operations yield.

Declarations in ``maestro/resources`` build these and do no I/O; the transports run them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from maestro._exceptions import FieldError, RequestValidationError, short_repr
from maestro._files import DownloadTarget, UploadFile
from maestro._inputs import MAX_URL_LENGTH, call_part_errors, raise_if
from maestro._response import MaestroResponse
from maestro.models._json import int_problem, text_problem

__all__ = [
    "Call",
    "Emit",
    "Flow",
    "Sleep",
    "Step",
    "Stream",
    "bytes_body",
    "fetch",
    "field_errors",
    "json_body",
    "no_body",
    "route",
    "text_body",
    "validate",
]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

Parser = Callable[[httpx.Response], T]
"""Turns a 2xx response into the route's typed result."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True, eq=False)
class Call(Generic[T]):
    """One HTTP request, fully described: method, encoded path, body, and how to parse the answer.

    ``idempotent`` decides whether 502/503/504 and read timeouts may be retried; it defaults
    to ``True`` for GET, HEAD, OPTIONS, PUT and DELETE and must be declared for a POST.
    ``json`` may be a zero-argument callable: it is called as each attempt is built, after
    the login, for bodies that carry what only the login tells (the organization label).
    """

    method: str
    path: str
    parse: Parser[T]
    params: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | None = None
    files: Mapping[str, UploadFile] | None = None
    raw_files: Any = None
    headers: Mapping[str, str] | None = None
    timeout: float | httpx.Timeout | None = None
    idempotent: bool | None = None
    authenticated: bool = True
    download: DownloadTarget | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if self.idempotent is None:
            object.__setattr__(self, "idempotent", self.method in IDEMPOTENT_METHODS)
        # The last guard before httpx: a value it would refuse or alter is refused here.
        json, errors = call_part_errors(
            self.path, self.params, self.headers, self.json, secret=bool(self.secrets)
        )
        raise_if(errors)
        object.__setattr__(self, "json", json)

    def __repr__(self) -> str:
        # Bodies may hold secrets (credential values): show the route only.
        return f"<Call {self.method} {self.path}>"

    @property
    def is_idempotent(self) -> bool:
        """Whether sending this request twice has the same effect as sending it once."""
        return bool(self.idempotent)


@dataclass(frozen=True)
class Sleep:
    """A step asking the driver to wait (``time.sleep`` or ``asyncio.sleep``)."""

    seconds: float


@dataclass(frozen=True)
class Emit(Generic[T]):
    """A step handing one item to the consumer of an iterator."""

    item: T


Step = Call[Any] | Sleep
Flow = Generator[Step, Any, T]
"""A multi-request operation: yields calls and sleeps, receives responses, returns its result."""
Stream = Generator[Step | Emit[T], Any, None]
"""An iterator operation (auto-pagination...): like a flow, but also emits items."""


def fetch(call: Call[T]) -> Generator[Call[T], MaestroResponse[T], MaestroResponse[T]]:
    """Send a call from inside a flow with exact typing (``response = yield from ...``)."""
    response = yield call
    return response


def route(template: str, /, **params: str | int) -> str:
    """Fill a path template with percent-encoded parameters.

    Every parameter becomes exactly one path segment: ``/`` and every reserved character are
    encoded, and empty, ``.`` or ``..`` values are refused, so a label such as ``a/../b``
    can never reach another route. Text UTF-8 cannot encode (a lone surrogate) is refused.
    """
    encoded: dict[str, str] = {}
    errors: list[FieldError] = []
    for name, value in params.items():
        problem = _segment_problem(value)
        segment = quote(str(value), safe="") if problem is None else ""
        if len(segment) > MAX_URL_LENGTH:
            problem = f"makes the URL longer than the {MAX_URL_LENGTH:,} characters httpx sends"
        if problem is not None:
            errors.append(FieldError(name, short_repr(value), problem))
            continue
        encoded[name] = segment
    if errors:
        raise RequestValidationError("", errors)
    return template.format(**encoded)


def _segment_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return "must be a string or an integer"
    if isinstance(value, int):
        return int_problem(value)
    if not value.strip() or value in (".", ".."):
        return "must not be empty, '.' or '..'"
    return text_problem(value)


def validate(model: type[M], /, *, secret_fields: Iterable[str] = (), **values: Any) -> M:
    """Build a request model from Python names, or raise ``RequestValidationError``.

    Nothing of pydantic's error (which repeats the input) is chained: secrets stay out.
    """
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        errors = field_errors(exc, secret_fields=frozenset(secret_fields))
    raise RequestValidationError("", errors)


def field_errors(
    exc: ValidationError, *, secret_fields: frozenset[str] = frozenset()
) -> list[FieldError]:
    """One ``FieldError`` per pydantic error, with secret values masked."""
    result = []
    for error in exc.errors(include_url=False):
        location = ".".join(str(part) for part in error["loc"]) or "(body)"
        if error["type"] == "missing":
            shown = "<missing>"
        elif any(str(part) in secret_fields for part in error["loc"]):
            shown = "***"
        else:
            shown = short_repr(error.get("input"))
        message = "unknown field" if error["type"] == "extra_forbidden" else error["msg"]
        message = message.removeprefix("Value error, ")
        result.append(FieldError(location, shown, message))
    return result


@functools.lru_cache(maxsize=512)
def _adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


def json_body(tp: type[T] | Any) -> Parser[T]:
    """Parser validating a JSON body against ``tp`` (a model, ``Page[X]``, ``list[X]``...).

    An empty body (204) validates as ``None``, so ``X | None`` routes parse cleanly.
    """
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        model: type[BaseModel] = tp

        def parse_model(raw: httpx.Response) -> Any:
            if not raw.content:
                return model.model_validate(None)
            return model.model_validate_json(raw.content)

        return parse_model
    adapter = _adapter(tp)

    def parse(raw: httpx.Response) -> Any:
        if not raw.content:
            return adapter.validate_python(None)
        return adapter.validate_json(raw.content)

    return parse


def text_body(raw: httpx.Response) -> str:
    """Parser returning the body as text."""
    return raw.text


def bytes_body(raw: httpx.Response) -> bytes:
    """Parser returning the body as bytes."""
    return raw.content


def no_body(raw: httpx.Response) -> None:
    """Parser for routes whose body carries nothing of use."""
    return
