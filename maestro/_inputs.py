"""Checks of what a request may carry: JSON bodies, query values, headers, raw parts.

Each check reports every bad part as a ``FieldError`` naming where it is, before anything is
sent, so a value the wire cannot carry never fails inside httpx (``TypeError``, ``ValueError``,
``UnicodeEncodeError``) nor is silently changed on the way (NaN sent as ``null``).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import httpx

from maestro._exceptions import FieldError, RequestValidationError, short_repr
from maestro.models._json import JsonProblem, WireBody, int_problem, json_problems, text_problem

__all__ = [
    "MAX_URL_LENGTH",
    "RawRequest",
    "call_part_errors",
    "check_callback",
    "check_filename",
    "check_raw_request",
    "checked_json",
    "control_character_problem",
    "encoded_raw_path",
    "header_errors",
    "json_errors",
    "query_errors",
    "raise_if",
    "raw_files_errors",
    "url_length_errors",
]

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""An HTTP token (RFC 9110): what a header name or a method may be made of."""

_HEADER_VALUE = re.compile(r"([\x21-\x7e]([\x20-\x7e\t]*[\x21-\x7e])?)?")
"""A header value httpx sends as is: visible ASCII, inner spaces and tabs, nothing else."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_NOT_IN_URL = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]")
"""What RFC 3986 lets no path or query hold as is: a stray ``%`` and every other character."""

MAX_URL_LENGTH = 65_536 - 2_048
"""The longest path and query a call may have: httpx refuses URLs over 65,536 characters,
and the base URL takes some of them."""

_WORST_ENCODING = 12
"""How many characters percent-encoding may turn one character into (4 UTF-8 bytes)."""


def raise_if(errors: list[FieldError]) -> None:
    """Raise ``RequestValidationError`` for ``errors``, if there are any."""
    if errors:
        raise RequestValidationError("", errors)


def _field(location: Iterable[str | int]) -> str:
    return ".".join(str(part) for part in location)


def _as_errors(problems: list[JsonProblem]) -> list[FieldError]:
    return [
        FieldError(_field(problem.location), short_repr(problem.value), problem.message)
        for problem in problems
    ]


def json_errors(value: Any, field: str) -> tuple[Any, list[FieldError]]:
    """``value`` as plain JSON data, and a ``FieldError`` per part that has no JSON form."""
    plain, problems = json_problems(value, (field,))
    return plain, _as_errors(problems)


def checked_json(value: Any, field: str) -> Any:
    """``value`` as plain JSON data, or ``RequestValidationError`` naming each bad part."""
    plain, errors = json_errors(value, field)
    raise_if(errors)
    return plain


def control_character_problem(text: str) -> str | None:
    """Why ``text`` cannot go into a URL or a header line (a control character), or ``None``."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return f"must not hold control characters ({found.group()!r} at index {found.start()})"


# -- query --------------------------------------------------------------------------------------


def _query_value_problem(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, int):
        return int_problem(value)
    if isinstance(value, float):
        return None if math.isfinite(value) else "must be a finite number"
    return "must be text, a number, a bool or None (or a list of them)"


def query_errors(params: Any, field: str) -> list[FieldError]:
    """A ``FieldError`` per query parameter httpx could not encode faithfully."""
    if not isinstance(params, Mapping):
        return [FieldError(field, short_repr(params), "must be a mapping of name to value")]
    errors = []
    for name, value in params.items():
        name_problem = text_problem(name) if isinstance(name, str) else "must be text"
        if name_problem is not None:
            errors.append(FieldError(field, short_repr(name), f"has a name that {name_problem}"))
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            problem = _query_value_problem(item)
            if problem is not None:
                errors.append(FieldError(f"{field}.{name}", short_repr(item), problem))
    return errors


# -- headers ------------------------------------------------------------------------------------


def _header_value_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    if _HEADER_VALUE.fullmatch(value):
        return None
    if value != value.strip(" \t"):
        return "must not start or end with spaces"
    problem = control_character_problem(value)
    if problem is not None:
        return problem.replace("control characters", "control characters (CR, LF...)", 1)
    return "must be printable ASCII text"


def header_errors(headers: Any, field: str) -> list[FieldError]:
    """A ``FieldError`` per header httpx would refuse or could split into two lines.

    A name must be an HTTP token; a value printable ASCII without CR, LF or other control
    characters, and without spaces at either end.
    """
    if not isinstance(headers, Mapping):
        return [FieldError(field, short_repr(headers), "must be a mapping of name to value")]
    errors = []
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            errors.append(FieldError(field, short_repr(name), "has a name that is no HTTP token"))
            continue
        problem = _header_value_problem(value)
        if problem is not None:
            errors.append(FieldError(f"{field}.{name}", short_repr(value), problem))
    return errors


# -- every call ---------------------------------------------------------------------------------


def url_length_errors(path: str, params: Any) -> list[FieldError]:
    """A ``FieldError`` when the encoded path and query would be longer than httpx allows."""
    limit = f"makes the URL longer than the {MAX_URL_LENGTH:,} characters httpx sends"
    if len(path) > MAX_URL_LENGTH:
        return [FieldError("path", short_repr(path), limit)]
    if not params:
        return []
    raw = sum(len(str(name)) + len(str(value)) for name, value in params.items())
    if (len(path) + raw * _WORST_ENCODING) <= MAX_URL_LENGTH:
        return []  # short enough whatever the encoding
    encoded = {name: len(str(httpx.QueryParams({name: value}))) for name, value in params.items()}
    if len(path) + sum(encoded.values()) + len(encoded) <= MAX_URL_LENGTH:
        return []
    longest = max(encoded, key=lambda name: encoded[name])
    return [FieldError(f"params.{longest}", short_repr(params[longest]), limit)]


def call_part_errors(
    path: str, params: Any, headers: Any, json: Any, *, secret: bool = False
) -> tuple[Any, list[FieldError]]:
    """The JSON body as plain data, and what in a call's URL, headers and body is refused.

    With ``secret``, the refused values are masked: the call carries secret values.
    """
    errors = [] if params is None else query_errors(params, "params")
    if not errors:
        errors = url_length_errors(path, params)
    if headers is not None:
        errors += header_errors(headers, "headers")
    # A request model's body was checked when the model was validated (WireBody).
    if json is not None and not callable(json) and not isinstance(json, WireBody):
        json, json_refused = json_errors(json, "json")
        errors += json_refused
    if secret:
        errors = [FieldError(error.field, "***", error.message) for error in errors]
    return json, errors


# -- options of file transfers -----------------------------------------------------------------


def check_callback(value: Any, field: str = "on_progress") -> None:
    """Refuse a callback that is neither ``None`` nor callable, before anything is sent."""
    if value is not None and not callable(value):
        raise RequestValidationError.single("", field, value, "must be a function or None")


def check_filename(value: Any, field: str = "filename") -> None:
    """Refuse a file name that is not ``None`` nor non-blank text UTF-8 can encode."""
    if value is None:
        return
    if not isinstance(value, str) or not value.strip():
        problem: str | None = "must be a non-empty string"
    else:
        problem = text_problem(value)
    if problem is not None:
        raise RequestValidationError.single("", field, value, problem)


# -- what only request_raw takes ----------------------------------------------------------------


def encoded_raw_path(path: str) -> str:
    r"""``path`` (with its query) percent-encoded where RFC 3986 requires it.

    Escapes already in the path are kept; httpx alone leaves ``[``, ``]``, ``|``, ``^``,
    ``\`` and a stray ``%`` as they are, which servers such as Tomcat refuse, and drops
    what follows a ``#``.
    """
    return _NOT_IN_URL.sub(lambda found: quote(found.group(), safe=""), path)


def _method_errors(method: Any) -> list[FieldError]:
    verb = method.strip() if isinstance(method, str) else ""
    if verb.isascii() and verb.isalpha():
        return []
    return [FieldError("method", short_repr(method), "must be an HTTP method")]


def _path_errors(path: Any) -> list[FieldError]:
    if not isinstance(path, str) or not path.strip():
        return [FieldError("path", short_repr(path), "must be a non-empty path")]
    problem = text_problem(path) or control_character_problem(path)
    segments = path.partition("?")[0].split("/")
    if problem is None and any(unquote(segment) in (".", "..") for segment in segments):
        problem = "must not hold '.' or '..' segments: they move the request, even out of /api/v2"
    return [] if problem is None else [FieldError("path", short_repr(path), problem)]


def _content_errors(content: Any) -> list[FieldError]:
    if content is None or isinstance(content, (bytes, bytearray, memoryview)):
        return []
    message = "must be bytes (encode text before sending it)"
    return [FieldError("content", short_repr(content), message)]


def _timeout_errors(timeout: Any) -> list[FieldError]:
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return []
    if isinstance(timeout, int) and not isinstance(timeout, bool) and 0 < timeout < 2**63:
        return []
    if isinstance(timeout, float) and math.isfinite(timeout) and timeout > 0:
        return []
    message = "must be a number of seconds > 0, an httpx.Timeout or None"
    return [FieldError("timeout", short_repr(timeout), message)]


def _one_body_errors(json: Any, content: Any, files: Any) -> list[FieldError]:
    parts = (("json", json), ("content", content), ("files", files))
    given = [name for name, part in parts if part is not None]
    if len(given) <= 1:
        return []
    message = "give only one body: json, content or files"
    return [FieldError(given[1], "...", f"{message} (also given: {given[0]})")]


@dataclass(frozen=True)
class RawRequest:
    """``request_raw``'s arguments once checked, in the form httpx takes."""

    method: str
    json: Any
    content: bytes | None
    timeout: float | httpx.Timeout | None


def check_raw_request(
    method: Any,
    path: Any,
    *,
    params: Any,
    json: Any,
    content: Any,
    files: Any,
    headers: Any,
    timeout: Any,
) -> RawRequest:
    """Check every argument of ``request_raw`` at once; raise one error naming each bad one."""
    plain_json, errors = json_errors(json, "json")
    errors = _method_errors(method) + _path_errors(path) + errors
    if params is not None:
        errors += query_errors(params, "params")
    if headers is not None:
        errors += header_errors(headers, "headers")
    if files is not None:
        errors += raw_files_errors(files)
    errors += _content_errors(content)
    errors += _timeout_errors(timeout)
    errors += _one_body_errors(json, content, files)
    raise_if(errors)
    return RawRequest(
        method=method.strip().upper(),
        json=plain_json,
        content=None if content is None else bytes(content),
        timeout=None if timeout is None or isinstance(timeout, httpx.Timeout) else float(timeout),
    )


def _file_content_problem(content: Any) -> str | None:
    if isinstance(content, (bytes, bytearray)):
        return None
    if isinstance(content, str):
        return text_problem(content)
    if isinstance(content, io.TextIOBase):
        return "must be opened in binary mode ('rb')"
    if callable(getattr(content, "read", None)):
        return None
    return "must be bytes, text or a binary file object"


def _filename_problem(filename: Any) -> str | None:
    if filename is None:
        return None
    return text_problem(filename) if isinstance(filename, str) else "must be text or None"


def _raw_file_errors(name: str, value: Any) -> list[FieldError]:
    if not isinstance(value, tuple):
        problem = _file_content_problem(value)
        return [] if problem is None else [FieldError(name, short_repr(value), problem)]
    if not 2 <= len(value) <= 4:
        message = "must be content or (filename, content[, content_type[, headers]])"
        return [FieldError(name, short_repr(value), message)]
    filename, content, *rest = value
    problems = [
        (f"{name}.filename", filename, _filename_problem(filename)),
        (f"{name}.content", content, _file_content_problem(content)),
    ]
    if rest and rest[0] is not None:
        problems.append((f"{name}.content_type", rest[0], _header_value_problem(rest[0])))
    errors = [
        FieldError(where, short_repr(part), problem)
        for where, part, problem in problems
        if problem is not None
    ]
    if len(rest) == 2:
        errors += header_errors(rest[1], f"{name}.headers")
    return errors


def raw_files_errors(files: Any, field: str = "files") -> list[FieldError]:
    """A ``FieldError`` per part of ``request_raw``'s ``files`` httpx would refuse.

    ``files`` maps a form field to its content, ``(filename, content)``,
    ``(filename, content, content_type)`` or ``(filename, content, content_type, headers)``
    (or is a list of ``(field, value)`` pairs), as httpx takes it.
    """
    if isinstance(files, Mapping):
        pairs = list(files.items())
    elif isinstance(files, (list, tuple)) and all(
        isinstance(pair, tuple) and len(pair) == 2 for pair in files
    ):
        pairs = list(files)
    else:
        message = "must map form fields to files (or be a list of (field, file) pairs)"
        return [FieldError(field, short_repr(files), message)]
    errors = []
    for name, value in pairs:
        problem = text_problem(name) if isinstance(name, str) else "must be text"
        if problem is not None:
            errors.append(FieldError(field, short_repr(name), f"has a field name that {problem}"))
            continue
        errors += _raw_file_errors(f"{field}.{name}", value)
    return errors
