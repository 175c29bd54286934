"""What a route handler works with: the request, the response, errors and body validation.

Handlers read a :class:`Request`, return a :class:`Response` built with :func:`json_response`,
:func:`text_response`, :func:`bytes_response` or :func:`empty_response`, and refuse with
``raise error(404, "...")``; the emulator turns an :class:`ApiError` into Spring's error body.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any

import httpx

from maestro.testing._multipart import (
    MultipartError,
    MultipartPart,
    UploadedFile,
    parse_multipart,
)

__all__ = [
    "ApiError",
    "Request",
    "Response",
    "attachment_disposition",
    "bytes_response",
    "empty_response",
    "error",
    "format_datetime",
    "is_integer_text",
    "json_response",
    "parse_datetime",
    "require_fields",
    "text_response",
    "utc_now",
]

JSON_CONTENT_TYPE = "application/json"
_FRACTION = re.compile(r"\.\d+")
TEXT_CONTENT_TYPE = "text/plain;charset=UTF-8"


def is_integer_text(text: str, *, signed: bool = False) -> bool:
    """Tell whether ``text`` is a decimal integer in ASCII digits (``-`` allowed if ``signed``)."""
    digits = text[1:] if signed and text.startswith("-") else text
    return digits.isascii() and digits.isdigit()


def utc_now() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def format_datetime(moment: datetime) -> str:
    """ISO-8601 in UTC with milliseconds and ``Z``, the way the emulator serves every date."""
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_datetime(text: str) -> datetime:
    """Parse ISO-8601 as each official SDK writes it; a date without an offset is UTC.

    Accepts ``2025-01-01T10:00:00`` (C#), ``2025-01-01T10:00:00.000Z`` (JS) and
    ``datetime.isoformat()`` output with or without offset (Python). Raises ``ValueError``.
    """
    cleaned = text.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    # Python 3.10 reads only 3 or 6 fraction digits; .NET writes up to 7.
    cleaned = _FRACTION.sub(lambda match: match.group(0)[:7].ljust(7, "0"), cleaned)
    moment = datetime.fromisoformat(cleaned)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


class ApiError(Exception):
    """An error answer: raised by a handler, rendered as Spring's JSON error body."""

    def __init__(
        self, status: int, message: str, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})

    def to_response(self, path: str) -> Response:
        """Spring's body: ``timestamp``, ``status``, ``error``, ``message``, ``path``."""
        try:
            reason = HTTPStatus(self.status).phrase
        except ValueError:
            reason = "Error"
        body = {
            "timestamp": format_datetime(utc_now()),
            "status": self.status,
            "error": reason,
            "message": self.message,
            "path": path,
        }
        return json_response(body, status=self.status, headers=self.headers)


def error(status: int, message: str, *, headers: Mapping[str, str] | None = None) -> ApiError:
    """Build the :class:`ApiError` that a handler raises.

    Example: ``raise error(404, "Task 7 not found")``.
    """
    return ApiError(status, message, headers=headers)


@dataclass
class Response:
    """What a handler answers: a status, headers (with the media type) and the body bytes."""

    status: int
    content: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)


def json_response(
    data: Any, status: int = 200, *, headers: Mapping[str, str] | None = None
) -> Response:
    """Answer with JSON, compact like Jackson's."""
    content = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(status, content, [("Content-Type", JSON_CONTENT_TYPE), *_items(headers)])


def text_response(text: str, status: int = 200) -> Response:
    """Answer with ``text/plain``."""
    return Response(status, text.encode("utf-8"), [("Content-Type", TEXT_CONTENT_TYPE)])


def bytes_response(
    content: bytes,
    content_type: str = "application/octet-stream",
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Answer with exactly these bytes."""
    return Response(status, content, [("Content-Type", content_type), *_items(headers)])


def attachment_disposition(filename: str) -> str:
    """Make a ``Content-Disposition`` value for a download named ``filename`` (RFC 6266).

    The plain ``filename`` keeps only printable ASCII (quotes and backslashes become ``_``);
    ``filename*`` carries the exact name in UTF-8.
    """
    fallback = "".join(
        char if " " <= char <= "~" and char not in '"\\' else "_" for char in filename
    )
    exact = urllib.parse.quote(filename, safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}"


def empty_response(status: int = 204) -> Response:
    """Answer without a body (``204 No Content`` unless told otherwise)."""
    return Response(status)


def _items(headers: Mapping[str, str] | None) -> Iterable[tuple[str, str]]:
    return headers.items() if headers else ()


@dataclass
class Request:
    """A request as a handler sees it.

    ``path`` is percent-decoded, ``raw_path`` is as sent; ``params`` holds the decoded
    ``{name}`` segments of the matched route; ``query`` maps each name to all its values.
    """

    method: str
    path: str
    raw_path: str
    query: dict[str, list[str]]
    headers: httpx.Headers
    content: bytes
    params: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        """Parse the body as JSON; invalid JSON answers 400."""
        try:
            return json.loads(self.content)
        except (ValueError, RecursionError):
            # RecursionError: nesting deeper than the decoder's stack allows.
            raise error(400, "Malformed JSON request body") from None

    def json_object(self) -> dict[str, Any]:
        """Parse the body as a JSON object; anything else answers 400."""
        body = self.json()
        if not isinstance(body, dict):
            raise error(400, "Request body must be a JSON object")
        return body

    def int_param(self, name: str) -> int:
        """Read the path parameter ``name`` as an integer; 400 names it if it is not one."""
        value = self.params[name]
        if not is_integer_text(value):
            raise error(400, f"Path parameter '{name}' must be an integer")
        return int(value)

    def query_value(self, name: str) -> str | None:
        """Return the last value of a query parameter, or ``None`` when it is absent."""
        values = self.query.get(name)
        return values[-1] if values else None

    @property
    def files(self) -> dict[str, UploadedFile]:
        """The file parts of a multipart body by part name; a malformed body answers 400."""
        return {part.name: part.as_file() for part in self._parts() if part.is_file}

    @property
    def form(self) -> dict[str, str]:
        """The plain (non-file) fields of a multipart body; a malformed body answers 400."""
        return {
            part.name: bytes(part.content).decode("utf-8", errors="replace")
            for part in self._parts()
            if not part.is_file
        }

    def _parts(self) -> list[MultipartPart]:
        try:
            return parse_multipart(self.content, self.headers.get("content-type", ""))
        except MultipartError as exc:
            raise error(400, f"Invalid multipart body: {exc}") from None

    def file(self, name: str = "file") -> UploadedFile:
        """Return the multipart file part ``name``; 400 names the part when it is missing."""
        uploaded = self.files.get(name)
        if uploaded is None:
            raise error(400, f"Required part '{name}' is not present")
        return uploaded


def require_fields(body: Mapping[str, Any], *names: str) -> None:
    """Answer 400 naming the first field that is missing or null."""
    for name in names:
        if body.get(name) is None:
            raise error(400, f"Field '{name}' is required")
