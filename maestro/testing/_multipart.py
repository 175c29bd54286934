"""A small ``multipart/form-data`` parser (the stdlib's ``cgi`` module is gone in 3.13).

It works on bytes from end to end, so uploaded content comes back byte for byte. Parts are
views into the request body, not copies: an uploaded file's bytes are held once, by the body
that the request log and the emulator's state share.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

__all__ = ["MultipartError", "MultipartPart", "UploadedFile", "parse_multipart"]


class MultipartError(ValueError):
    """The body is not well-formed ``multipart/form-data``."""


class UploadedFile:
    """One uploaded file: its name as the client sent it, its media type and its exact bytes.

    The bytes stay where they arrived (a view into the request body); :attr:`content`
    returns a copy each time it is read, :attr:`size` their number.
    """

    __slots__ = ("_view", "content_type", "filename")

    def __init__(self, filename: str, content_type: str, content: bytes | memoryview) -> None:
        self.filename = filename
        self.content_type = content_type
        view = memoryview(content)
        # A view of a mutable buffer could change under the emulator: keep a copy of that.
        self._view = view if view.readonly else memoryview(bytes(view))

    @property
    def content(self) -> bytes:
        """The file's bytes (a new ``bytes`` object on each read)."""
        return bytes(self._view)

    @property
    def size(self) -> int:
        """The file's length in bytes."""
        return self._view.nbytes

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UploadedFile):
            return NotImplemented
        return (self.filename, self.content_type, self._view) == (
            other.filename,
            other.content_type,
            other._view,
        )

    def __hash__(self) -> int:
        return hash((self.filename, self.content_type, self._view))

    def __repr__(self) -> str:
        return (
            f"UploadedFile(filename={self.filename!r}, content_type={self.content_type!r}, "
            f"size={self.size})"
        )


@dataclass(frozen=True)
class MultipartPart:
    """One part of a multipart body, before it is sorted into files and form fields.

    ``content`` is a view into the body it was parsed from (it compares equal to ``bytes``).
    """

    name: str
    filename: str | None
    content_type: str | None
    content: memoryview | bytes

    @property
    def is_file(self) -> bool:
        """Whether the client sent this part as a file (a file name or a media type of its own)."""
        return self.filename is not None or self.content_type is not None

    def as_file(self) -> UploadedFile:
        """Return the part as an :class:`UploadedFile`."""
        return UploadedFile(
            filename=self.filename or "",
            content_type=self.content_type or "application/octet-stream",
            content=self.content,
        )


def parse_header_params(value: str) -> tuple[str, dict[str, str]]:
    """Split ``form-data; name="a"; filename="b"`` into its main value and its parameters.

    Quoted strings may hold ``;`` and backslash escapes. Parameters named ``x*`` follow
    RFC 2231 (``utf-8''percent-encoded``) and replace the plain ``x``.
    """
    main, _, rest = value.partition(";")
    params: dict[str, str] = {}
    extended: dict[str, str] = {}
    position = 0
    while position < len(rest):
        key_end = rest.find("=", position)
        if key_end < 0:
            break
        key = rest[position:key_end].strip(" \t;").lower()
        position = key_end + 1
        if position < len(rest) and rest[position] == '"':
            text, position = _read_quoted(rest, position + 1)
        else:
            end = rest.find(";", position)
            end = len(rest) if end < 0 else end
            text, position = rest[position:end].strip(), end
        position = rest.find(";", position)
        position = len(rest) if position < 0 else position + 1
        if key.endswith("*"):
            extended[key[:-1]] = _decode_rfc2231(text)
        else:
            params[key] = text
    params.update(extended)
    return main.strip().lower(), params


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """Read a quoted string that starts after its opening quote; return it and the index after."""
    chars: list[str] = []
    position = start
    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text):
            chars.append(text[position + 1])
            position += 2
            continue
        if char == '"':
            return "".join(chars), position + 1
        chars.append(char)
        position += 1
    return "".join(chars), position


def _decode_rfc2231(text: str) -> str:
    charset, _, encoded = text.partition("'")
    _language, _, encoded = encoded.partition("'")
    return urllib.parse.unquote(encoded, encoding=charset or "utf-8", errors="replace")


def boundary_of(content_type: str) -> str | None:
    """Return the boundary of a ``multipart/form-data`` type (``None`` for other types)."""
    media_type, params = parse_header_params(content_type)
    if media_type != "multipart/form-data":
        return None
    return params.get("boundary") or None


def parse_multipart(body: bytes, content_type: str) -> list[MultipartPart]:
    """Parse a ``multipart/form-data`` body into its parts, in order.

    Raises :class:`MultipartError` when the content type has no boundary or the body
    does not follow it.
    """
    boundary = boundary_of(content_type)
    if boundary is None:
        raise MultipartError("Content-Type is not multipart/form-data with a boundary")
    body_view = memoryview(body)
    delimiter = b"--" + boundary.encode("latin-1")
    position = _find_delimiter(body, delimiter, 0, first=True)
    if position < 0:
        raise MultipartError("multipart body has no boundary line")
    parts: list[MultipartPart] = []
    position += len(delimiter)
    while True:
        if body.startswith(b"--", position):
            return parts
        position = _skip_padding(body, position)
        if not body.startswith(b"\r\n", position):
            raise MultipartError("malformed boundary line in multipart body")
        headers_end = body.find(b"\r\n\r\n", position)
        if headers_end < 0:
            raise MultipartError("multipart part has no end of headers")
        raw_headers = body[position + 2 : headers_end]
        content_start = headers_end + 4
        next_delimiter = _find_delimiter(body, b"\r\n" + delimiter, content_start)
        if next_delimiter < 0:
            raise MultipartError("multipart body is not terminated by its closing boundary")
        parts.append(_make_part(raw_headers, body_view[content_start:next_delimiter]))
        position = next_delimiter + 2 + len(delimiter)


def _find_delimiter(body: bytes, delimiter: bytes, start: int, *, first: bool = False) -> int:
    """Find a delimiter line: the delimiter then ``--`` or optional padding and CRLF.

    Content that merely starts like the delimiter (``--XyZ-more``) is not one. The first
    delimiter of a body is taken as found, to report a malformed line rather than none.
    """
    position = body.find(delimiter, start)
    while position >= 0 and not first:
        after = _skip_padding(body, position + len(delimiter))
        if body.startswith((b"--", b"\r\n"), after):
            return position
        position = body.find(delimiter, position + 1)
    return position


def _skip_padding(body: bytes, position: int) -> int:
    """Skip the spaces and tabs RFC 2046 allows after a delimiter."""
    while position < len(body) and body[position] in b" \t":
        position += 1
    return position


def _make_part(raw_headers: bytes, content: memoryview) -> MultipartPart:
    headers: dict[str, str] = {}
    for line in raw_headers.decode("utf-8", errors="replace").split("\r\n"):
        name, separator, value = line.partition(":")
        if separator:
            headers[name.strip().lower()] = value.strip()
    disposition, params = parse_header_params(headers.get("content-disposition", ""))
    if disposition != "form-data" or "name" not in params:
        raise MultipartError("multipart part has no Content-Disposition: form-data with a name")
    filename = params.get("filename")
    if filename is not None:
        # HTML5 form encoding (httpx, urllib3 2) writes a double quote as %22.
        filename = filename.replace("%22", '"')
    return MultipartPart(
        name=params["name"],
        filename=filename,
        content_type=headers.get("content-type"),
        content=content,
    )
