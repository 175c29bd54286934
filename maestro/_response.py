"""``MaestroResponse``: the raw HTTP response and the typed model, together.

The typed model is built when ``parsed`` is first read, not when the call returns: a 2xx
answer means the server accepted the request, and a body of an unexpected shape must not
turn an applied write into an exception at call time (code retrying on errors would apply
it twice). Reading ``parsed`` of such a body raises ``ResponseValidationError``, which says
so; ``data`` and ``raw`` always work.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx
from pydantic import ValidationError

from maestro._exceptions import (
    APIStatusError,
    FieldError,
    ResponseValidationError,
    status_error_class,
)

__all__ = ["MaestroResponse", "decode_body"]

T = TypeVar("T")
U = TypeVar("U")

_MESSAGE_LIMIT = 500
_DETAIL_LIMIT = 200
_ERRORS_SHOWN = 5

# Response fields shown as ``***`` even when their value is ``None`` or a boolean: credential
# values, tokens, keys, passwords. Matched against each part of an error's location.
_SECRET_FIELD_PARTS = ("value", "secret", "password", "token", "key", "credential")

# What a parser may raise on a body it cannot read (pydantic's ValidationError is a
# ValueError; hand-written parsers raise JSONDecodeError, KeyError, TypeError...).
_PARSE_FAILURES = (ValueError, TypeError, KeyError, IndexError)


class _Unset:
    __slots__ = ()


_UNSET: Any = _Unset()


class _ParseFailure:
    """A cached parse failure: reading ``parsed`` again raises the same error again."""

    __slots__ = ("errors", "message")

    def __init__(self, message: str, errors: tuple[FieldError, ...]) -> None:
        self.message = message
        self.errors = errors


def _identity(text: str) -> str:
    return text


def _unpickle_response(
    raw: httpx.Response, retries: int, data: Any, parsed: tuple[Any, ...]
) -> MaestroResponse[Any]:
    """Rebuild a pickled response (see ``MaestroResponse.__reduce__``)."""
    response: MaestroResponse[Any] = MaestroResponse(raw, data=data, retries=retries)
    if parsed:
        response._parsed = parsed[0]
    return response


def shorten(text: str, limit: int = _MESSAGE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters (redact first: a cut may fall inside a secret)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


class MaestroResponse(Generic[T]):
    """What every call returns: status, headers, the decoded body and the parsed model.

    ``data`` is the decoded body: parsed JSON, text for ``text/*`` bodies, bytes otherwise,
    ``None`` when the body is empty (a download's path when it was written to a file).
    ``parsed`` is the typed model of the route (``None`` for routes that return nothing),
    built when first read. Reading ``parsed`` on a non-2xx response raises the matching
    :class:`~maestro.APIStatusError`; on a 2xx body that does not fit the model it raises
    :class:`~maestro.ResponseValidationError` (the request was accepted all the same).
    """

    __slots__ = ("_data", "_parse", "_parsed", "_redact", "raw", "retries")

    def __init__(
        self,
        raw: httpx.Response,
        *,
        parsed: T = _UNSET,
        data: Any = _UNSET,
        retries: int = 0,
        redact: Callable[[str], str] = _identity,
        parse: Callable[[httpx.Response], T] | None = None,
    ) -> None:
        self.raw = raw
        """The underlying :class:`httpx.Response`."""
        self.retries = retries
        """How many times the request was retried before this response (0: first try)."""
        self._parsed: T | _ParseFailure = parsed
        self._parse = parse
        self._data = data
        self._redact = redact

    @property
    def ok(self) -> bool:
        """``True`` for a 2xx status."""
        return self.raw.is_success

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.raw.status_code

    @property
    def url(self) -> str:
        """The URL of the request that produced this response."""
        return str(self.raw.request.url)

    @property
    def headers(self) -> httpx.Headers:
        """The response headers (case-insensitive mapping)."""
        return self.raw.headers

    @property
    def data(self) -> Any:
        """The body: JSON-decoded, text, bytes, or ``None`` when empty. Decoded once, lazily."""
        if self._data is _UNSET:
            self._data = decode_body(self.raw)
        return self._data

    @property
    def parsed(self) -> T:
        """The typed model, built on first read.

        Raises the status error when the response is not 2xx, and
        :class:`~maestro.ResponseValidationError` when a 2xx body does not fit the model.
        """
        if not self.ok:
            raise self.status_error()
        if self._parsed is _UNSET:
            if self._parse is None:  # pragma: no cover - the transport always gives a parser
                raise RuntimeError("this response has no parser")
            self._parsed = self._parse_body(self._parse)
        if isinstance(self._parsed, _ParseFailure):
            raise ResponseValidationError(self._parsed.message, self, self._parsed.errors)
        return self._parsed

    def validation_error(self, errors: list[FieldError]) -> ResponseValidationError:
        """The error for a 2xx answer that lacks what an operation needs from it.

        Worded like the error of ``parsed``: the request was accepted, ``data`` holds the answer.
        """
        return ResponseValidationError(self._not_fitting_message(errors), self, errors)

    def _parse_body(self, parse: Callable[[httpx.Response], T]) -> T | _ParseFailure:
        try:
            return parse(self.raw)
        except ValidationError as exc:
            errors = response_field_errors(exc, self._redact)
        except _PARSE_FAILURES as exc:
            detail = shorten(self._redact(str(exc)), _DETAIL_LIMIT)
            errors = [FieldError("(body)", "<body>", f"{type(exc).__name__}: {detail}")]
        return _ParseFailure(self._not_fitting_message(errors), tuple(errors))

    def _not_fitting_message(self, errors: list[FieldError]) -> str:
        request = self.raw.request
        shown = "; ".join(str(error) for error in errors[:_ERRORS_SHOWN])
        if len(errors) > _ERRORS_SHOWN:
            shown += f"; and {len(errors) - _ERRORS_SHOWN} more"
        return (
            f"the server accepted {request.method} {request.url.path} "
            f"({self.status_code} {self.raw.reason_phrase}), but its answer does not fit the "
            f"expected model: {shown}. The request took effect; `response.data` holds what the "
            "server answered."
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The redaction hook and the parser belong to the transport and do not pickle (an
        # error carries its response across processes): the HTTP answer, the decoded body
        # and the parsed model (or why it failed) travel instead.
        if self.ok and self._parsed is _UNSET and self._parse is not None:
            self._parsed = self._parse_body(self._parse)
        parsed = () if self._parsed is _UNSET else (self._parsed,)
        return (_unpickle_response, (self.raw, self.retries, self.data, parsed))

    def with_parsed(self, parsed: U) -> MaestroResponse[U]:
        """A copy of this response with another parsed value (what an operation returns)."""
        return MaestroResponse(
            self.raw, parsed=parsed, data=self._data, retries=self.retries, redact=self._redact
        )

    def raise_for_status(self) -> MaestroResponse[T]:
        """Raise the matching :class:`~maestro.APIStatusError` unless the status is 2xx."""
        if not self.ok:
            raise self.status_error()
        return self

    def status_error(self) -> APIStatusError:
        """The error this response stands for (only meaningful when not ``ok``)."""
        error_class = status_error_class(self.status_code)
        return error_class(self.server_message(), response=self)

    def server_message(self) -> str:
        """The server's ``message`` field, else its raw text; secrets redacted, then shortened."""
        data = self.data
        if isinstance(data, dict):
            message = data.get("message") or data.get("error")
            if isinstance(message, str) and message:
                return shorten(self._redact(message))
        text = self.raw.text if not isinstance(data, str) else data
        text = " ".join(text.split())
        if not text:
            return self.raw.reason_phrase or "no message"
        return shorten(self._redact(text))

    def __repr__(self) -> str:
        request = self.raw.request
        return f"<MaestroResponse [{self.status_code}] {request.method} {request.url.path}>"


def response_field_errors(
    exc: ValidationError, redact: Callable[[str], str] = _identity
) -> list[FieldError]:
    """One ``FieldError`` per pydantic error of a response body, showing no value of the body.

    A response can hold secrets anywhere (a page of credentials where one credential was
    expected puts every value in a single error's input), so the errors describe what was
    found (``<text of 12 characters>``, ``<object with 3 fields>``) and never print it:
    ``response.data`` holds the body. Fields with secret-like names show ``***``. Messages
    are redacted, then shortened.
    """
    result = []
    for error in exc.errors(include_url=False):
        location = error["loc"]
        field = ".".join(str(part) for part in location) or "(body)"
        if error["type"] == "missing":
            shown = "<missing>"
        elif _is_secret_location(location):
            shown = "***"
        else:
            shown = _described(error.get("input"), whole_body=not location)
        message = shorten(redact(error["msg"].removeprefix("Value error, ")))
        result.append(FieldError(field, shown, message))
    return result


def _is_secret_location(location: tuple[int | str, ...]) -> bool:
    return any(secret in str(part).lower() for part in location for secret in _SECRET_FIELD_PARTS)


def _described(value: object, *, whole_body: bool) -> str:
    """What a value of the body is, without its content (``None`` and booleans as they are)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if whole_body and isinstance(value, (str, bytes, bytearray)):
        return "<body>"
    if isinstance(value, (int, float)):
        return "<number>"
    if isinstance(value, str):
        return f"<text of {len(value)} characters>"
    if isinstance(value, dict):
        return f"<object with {len(value)} fields>"
    if isinstance(value, (list, tuple)):
        return f"<array of {len(value)} items>"
    return f"<{type(value).__name__}>"


def decode_body(raw: httpx.Response) -> Any:
    """Decode a body by its content type: JSON, text, or bytes; ``None`` when empty."""
    content = raw.content
    if not content:
        return None
    content_type = raw.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            return json.loads(content)
        except ValueError:
            return raw.text
    if content_type.startswith("text/"):
        return raw.text
    if not content_type:
        # No declared type: take JSON when it is JSON, else text when it is UTF-8.
        try:
            return json.loads(content)
        except ValueError:
            pass
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            return content
    return content
