"""Every error the SDK raises, under one base class.

Messages are built from what the caller and the server said, with every known secret
(key, tokens, credential values) already replaced by ``***`` by the layer that raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "FieldError",
    "FileChangedError",
    "InsecureConnectionWarning",
    "MaestroClientError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "RequestValidationError",
    "ResponseLike",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "UnprocessableEntityError",
]


class ResponseLike(Protocol):
    """What an error keeps of the answer that caused it: a :class:`~maestro.MaestroResponse`.

    Declared here as an interface, so that this module needs nothing from the response
    module (which raises these errors).
    """

    @property
    def ok(self) -> bool:
        """``True`` for a 2xx status."""
        ...

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        ...

    @property
    def url(self) -> str:
        """The URL of the request that produced the response."""
        ...

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        ...

    @property
    def data(self) -> Any:
        """The decoded body: JSON, text, bytes, or ``None`` when empty."""
        ...

    @property
    def raw(self) -> httpx.Response:
        """The underlying :class:`httpx.Response`."""
        ...

    @property
    def retries(self) -> int:
        """How many times the request was retried before this response."""
        ...


class MaestroClientError(Exception):
    """Base class of every error raised by this SDK."""

    # Each public error names the module users import it from: tracebacks read
    # ``maestro.NotFoundError``, and pickles do not depend on where the class is defined.
    __module__ = "maestro"

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclass constructors take other arguments than ``args``: rebuild the error without
        # calling ``__init__`` and restore its attributes, so it can cross process boundaries.
        return (_unpickle_error, (type(self), self.args), dict(vars(self)))


class ConfigurationError(MaestroClientError, ValueError):
    """The client was configured with a value it cannot work with (URL, timeout, argv...)."""

    __module__ = "maestro"


@dataclass(frozen=True)
class FieldError:
    """One invalid field of a request: where it is, what was given, what is wrong."""

    field: str
    """Dotted path of the field, in Python names (``priority``, ``columns.0.width``)."""
    value: str
    """A short ``repr`` of the rejected value, or ``***`` for secrets."""
    message: str
    """Why the value was rejected."""

    def __str__(self) -> str:
        return f"{self.field}={self.value}: {self.message}"


class RequestValidationError(MaestroClientError, ValueError):
    """Arguments were rejected before anything was sent; ``errors`` names every bad field."""

    __module__ = "maestro"

    def __init__(self, operation: str, errors: Sequence[FieldError]) -> None:
        self.operation = operation
        """The SDK call that rejected its arguments (``tasks.create``); filled in by the caller."""
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__(operation, self.errors)

    def __str__(self) -> str:
        count = len(self.errors)
        noun = "argument" if count == 1 else "arguments"
        where = f" for {self.operation}" if self.operation else ""
        details = "; ".join(str(error) for error in self.errors)
        return f"{count} invalid {noun}{where}: {details}"

    @classmethod
    def single(
        cls, operation: str, field: str, value: object, message: str
    ) -> RequestValidationError:
        """Build the error for one bad argument."""
        return cls(operation, [FieldError(field, short_repr(value), message)])


class ResponseValidationError(MaestroClientError):
    """The server answered 2xx but the body does not fit the response model.

    Raised when ``parsed`` is read, never by the call itself: the server accepted the
    request (a write was applied). ``response`` still carries ``data`` and ``raw``, so
    nothing the server said is lost.
    """

    __module__ = "maestro"

    def __init__(self, message: str, response: ResponseLike, errors: Iterable[FieldError]):
        super().__init__(message)
        self.response = response
        self.errors: tuple[FieldError, ...] = tuple(errors)


class ResponseTooLargeError(MaestroClientError):
    """A response body grew past the client's ``max_response_bytes``; the rest was not read.

    Bodies read into memory (JSON, text) are capped; downloads written to a file are not.
    """

    __module__ = "maestro"

    def __init__(self, message: str, *, method: str, url: str, limit: int) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.limit = limit
        """The cap, in bytes, that the body exceeded."""


class RedirectError(MaestroClientError):
    """The server redirected a request where the client does not follow.

    Redirects to another origin (scheme, host or port) are never followed, so the token,
    the organization and the request body stay on ``base_url``; redirects on the same
    origin are followed a few times, then refused. Raised whatever ``raise_for_status`` says:
    it is the client refusing to go on, not the server's answer.
    """

    __module__ = "maestro"

    def __init__(
        self, message: str, *, method: str, url: str, location: str, status_code: int
    ) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        """The URL that answered with the redirect."""
        self.location = location
        """Where the server redirected to (absolute)."""
        self.status_code = status_code


class FileChangedError(MaestroClientError):
    """A file grew or shrank while it was uploaded; the upload was stopped, never retried."""

    __module__ = "maestro"

    def __init__(self, message: str, *, filename: str, record: str | None = None) -> None:
        super().__init__(message)
        self.filename = filename
        """The uploaded file's name."""
        self.record = record
        """The record created before the upload (``"result file 42"``), or ``None``."""

    def for_record(self, record: str, advice: str) -> FileChangedError:
        """The same error, saying which record the server had already created, and what now."""
        message = f"{self} The {record} was already created; {advice}"
        return FileChangedError(message, filename=self.filename, record=record)


class PaginationError(MaestroClientError):
    """Auto-pagination stopped because the server does not page the route as asked.

    The server answered another page than the one requested, or the same page again, which
    means it ignores the paging parameters: going on would repeat items or never end. The
    items of the pages before were already yielded. Read the route page by page with the
    resource's ``list()``, or with ``client.request_raw``.
    """

    __module__ = "maestro"

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        requested_page: int,
        answered_page: int | None,
    ) -> None:
        super().__init__(message)
        self.method = method
        """The HTTP method of the paged route."""
        self.path = path
        """The paged route (``/api/v2/task``)."""
        self.requested_page = requested_page
        """The page number the SDK asked for."""
        self.answered_page = answered_page
        """The page number the server answered, or ``None`` when it sent none."""


class APIConnectionError(MaestroClientError):
    """The request could not be completed: DNS, refused or dropped connection, TLS..."""

    __module__ = "maestro"

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(message)
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool), or the deadline ran out."""

    __module__ = "maestro"


class APIStatusError(MaestroClientError):
    """The server answered with a non-2xx status.

    ``message`` is the server's JSON ``message`` field, else its raw text (shortened).
    """

    __module__ = "maestro"

    def __init__(self, message: str, *, response: ResponseLike) -> None:
        super().__init__(f"{response.status_code} {response.raw.reason_phrase}: {message}")
        self.message = message
        self.response = response
        self.status_code = response.status_code


class BadRequestError(APIStatusError):
    """400: the server rejected the request body or parameters."""

    __module__ = "maestro"


class AuthenticationError(APIStatusError):
    """401: the login failed, or the token was rejected and could not be renewed."""

    __module__ = "maestro"


class PermissionDeniedError(APIStatusError):
    """403: the token is valid but not for this workspace or action."""

    __module__ = "maestro"


class NotFoundError(APIStatusError):
    """404: no such task, label, id or route."""

    __module__ = "maestro"


class ConflictError(APIStatusError):
    """409: the change conflicts with the current state (duplicate label, wrong state)."""

    __module__ = "maestro"


class UnprocessableEntityError(APIStatusError):
    """422: the body is well-formed but semantically invalid."""

    __module__ = "maestro"


class RateLimitError(APIStatusError):
    """429: too many requests; retried automatically, raised when retries ran out."""

    __module__ = "maestro"


class ServerError(APIStatusError):
    """5xx: the server failed; 502/503/504 are retried on idempotent routes."""

    __module__ = "maestro"


_STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The most specific error class for an HTTP status."""
    if status_code >= 500:
        return ServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)


class InsecureConnectionWarning(UserWarning):
    """The client talks plain ``http://`` to a host that is not this machine.

    The token, the organization, the key (at login) and every body cross the network
    unencrypted; use ``https://``.
    """

    __module__ = "maestro"


def _unpickle_error(cls: type[MaestroClientError], args: tuple[Any, ...]) -> MaestroClientError:
    """Rebuild a pickled error: ``args`` as given, ``__init__`` not called."""
    error = cls.__new__(cls, *args)
    error.args = args  # OSError subclasses (TimeoutError) leave ``args`` to ``__init__``
    return error


def short_repr(value: object, limit: int = 80) -> str:
    """A ``repr`` cut to ``limit`` characters, for error messages."""
    try:
        text = repr(value)
    except Exception:  # an int too long to print, or an object whose __repr__ fails
        text = f"<{type(value).__name__} that cannot be shown>"
    return text if len(text) <= limit else text[: limit - 3] + "..."
