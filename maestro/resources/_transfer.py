"""Helpers for files going up (their names) and coming down (the GET call), no I/O.

Shared by result files, errors and logs.
"""

from __future__ import annotations

import os
from pathlib import PurePath

import httpx

from maestro._call import Call, no_body
from maestro._exceptions import RequestValidationError
from maestro._files import DownloadTarget, FileSource, ProgressCallback, WriteTarget
from maestro._inputs import check_callback

__all__ = ["checked_name", "file_call", "source_name", "with_extension"]

# A file comes back as whatever it is: a JSON-only ``Accept`` could earn a 406.
_ANY_CONTENT = {"Accept": "*/*"}


def source_name(source: FileSource) -> str | None:
    """The file name a source carries: a path's last part, a file object's ``name``, else None."""
    if isinstance(source, (str, os.PathLike)):
        return PurePath(os.fspath(source)).name or None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return None
    name = getattr(source, "name", None)
    if isinstance(name, str):
        return os.path.basename(name) or None
    return None


def with_extension(name: str, source: str | None) -> str:
    """``name`` ending in ``source``'s extension, added when missing (as the official SDK does)."""
    suffix = PurePath(source).suffix if source else ""
    return name if not suffix or name.endswith(suffix) else name + suffix


def checked_name(field: str, value: object) -> str:
    """``value`` if it is a non-blank string, else a ``RequestValidationError`` naming ``field``."""
    if not isinstance(value, str) or not value.strip():
        raise RequestValidationError.single("", field, value, "must be a non-empty string")
    return value


def file_call(
    path: str, to: WriteTarget | None, on_progress: ProgressCallback | None, **params: object
) -> Call[bytes | None]:
    """A GET of a file: its bytes when ``to`` is None, else streamed to ``to`` in chunks.

    ``to`` is checked now (a directory or a missing folder is refused before sending).
    """
    query = params or None
    check_callback(on_progress)
    if to is None:

        def in_memory(raw: httpx.Response) -> bytes | None:
            content = raw.content
            if on_progress is not None:
                on_progress(len(content), len(content))
            return content

        return Call("GET", path, in_memory, params=query, headers=_ANY_CONTENT)
    target = DownloadTarget.from_destination(to, on_progress=on_progress)
    return Call("GET", path, no_body, params=query, headers=_ANY_CONTENT, download=target)
