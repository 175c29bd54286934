"""``MaestroResponse``: the raw HTTP response and the typed model, together."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx

from maestro._exceptions import APIStatusError, status_error_class

__all__ = ["MaestroResponse"]

T = TypeVar("T")
U = TypeVar("U")

_MESSAGE_LIMIT = 500


class _Unset:
    __slots__ = ()


_UNSET: Any = _Unset()


def _identity(text: str) -> str:
    return text


class MaestroResponse(Generic[T]):
    """What every call returns: status, headers, the decoded body and the parsed model.

    ``data`` is the decoded body: parsed JSON, text for ``text/*`` bodies, bytes otherwise,
    ``None`` when the body is empty. ``parsed`` is the typed model of the route (``None`` for
    routes that return nothing). Reading ``parsed`` on a non-2xx response raises the matching
    :class:`~maestro.APIStatusError`, so ``parsed`` is always the declared type.
    """

    __slots__ = ("_data", "_parsed", "_redact", "raw", "retries")

    def __init__(
        self,
        raw: httpx.Response,
        *,
        parsed: T = _UNSET,
        data: Any = _UNSET,
        retries: int = 0,
        redact: Callable[[str], str] = _identity,
    ) -> None:
        self.raw = raw
        """The underlying :class:`httpx.Response`."""
        self.retries = retries
        """How many times the request was retried before this response (0: first try)."""
        self._parsed = parsed
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
        """The typed model; raises the status error when the response is not 2xx."""
        if not self.ok:
            raise self.status_error()
        if self._parsed is _UNSET:  # pragma: no cover - the transport always parses 2xx bodies
            raise RuntimeError("this response was not parsed")
        return self._parsed

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
        return error_class(self._redact(self.server_message()), response=self)

    def server_message(self) -> str:
        """The server's ``message`` field, else its raw text, shortened."""
        data = self.data
        if isinstance(data, dict):
            message = data.get("message") or data.get("error")
            if isinstance(message, str) and message:
                return message
        text = self.raw.text if not isinstance(data, str) else data
        text = " ".join(text.split())
        if not text:
            return self.raw.reason_phrase or "no message"
        return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 3] + "..."

    def __repr__(self) -> str:
        request = self.raw.request
        return f"<MaestroResponse [{self.status_code}] {request.method} {request.url.path}>"


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
