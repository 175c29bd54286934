"""Files going up (multipart parts) and coming down (streamed to a path or file object).

Uploads are never read whole into memory: a path is opened per attempt and httpx reads it
in chunks. Downloads go to a temporary file beside the destination and replace it only when
complete, so a failed download leaves no half-written file behind.
"""

from __future__ import annotations

import contextlib
import io
import mimetypes
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Union, cast

from maestro._exceptions import RequestValidationError

__all__ = ["DownloadTarget", "FileSource", "ProgressCallback", "UploadFile", "WriteTarget"]

FileSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO, IO[bytes]]
"""What an upload accepts: a path, the bytes themselves, or a file object opened in binary mode."""

WriteTarget = Union[str, "os.PathLike[str]", BinaryIO, IO[bytes]]
"""Where a download goes: a path (written atomically) or a writable binary file object."""

ProgressCallback = Callable[[int, int | None], None]
"""Called as ``on_progress(bytes_done, bytes_total)``; ``bytes_total`` is ``None`` when unknown."""


def _content_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


@dataclass(frozen=True, eq=False)
class UploadFile:
    """One file to send as a multipart part, validated before anything is sent."""

    source: Path | bytes | IO[bytes]
    filename: str
    content_type: str
    size: int | None
    start: int = 0
    on_progress: ProgressCallback | None = None

    @classmethod
    def from_source(
        cls,
        source: FileSource,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        on_progress: ProgressCallback | None = None,
        field: str = "file",
    ) -> UploadFile:
        """Check ``source`` and describe it; raises ``RequestValidationError`` naming ``field``."""
        if isinstance(source, (str, os.PathLike)):
            path = Path(source)
            if not path.exists():
                raise RequestValidationError.single("", field, str(path), "no such file")
            if not path.is_file():
                raise RequestValidationError.single("", field, str(path), "is not a regular file")
            name = filename or path.name
            return cls(
                path, name, content_type or _content_type(name), path.stat().st_size, 0, on_progress
            )
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            name = filename or "file"
            return cls(data, name, content_type or _content_type(name), len(data), 0, on_progress)
        if isinstance(source, io.TextIOBase) or not callable(getattr(source, "read", None)):
            raise RequestValidationError.single(
                "", field, source, "must be a path, bytes or a file object opened in binary mode"
            )
        name = filename or os.path.basename(str(getattr(source, "name", "") or "")) or "file"
        start, size = 0, None
        if _seekable(source):
            start = source.tell()
            size = source.seek(0, io.SEEK_END) - start
            source.seek(start)
        return cls(source, name, content_type or _content_type(name), size, start, on_progress)

    @property
    def replayable(self) -> bool:
        """Whether the content can be sent again on a retry."""
        return isinstance(self.source, (Path, bytes)) or _seekable(self.source)

    @contextlib.contextmanager
    def opened(self) -> Iterator[tuple[str, IO[bytes], str]]:
        """A fresh stream over the content for one attempt, as an httpx ``files`` tuple."""
        if isinstance(self.source, Path):
            with self.source.open("rb") as stream:
                yield self.filename, self._reader(stream, 0), self.content_type
        elif isinstance(self.source, bytes):
            yield self.filename, self._reader(io.BytesIO(self.source), 0), self.content_type
        else:
            if _seekable(self.source):
                self.source.seek(self.start)
            yield self.filename, self._reader(self.source, self.start), self.content_type

    def _reader(self, stream: IO[bytes], start: int) -> IO[bytes]:
        return cast(IO[bytes], _PartReader(stream, start, self.size, self.on_progress))


def _seekable(stream: Any) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, ValueError, OSError):
        return False


class _PartReader:
    """A read-only view of a stream from ``start``, reporting progress.

    httpx seeks to 0 before sending and measures the length with ``seek(0, SEEK_END)``;
    positions here are relative to ``start`` so a file object handed over mid-way sends
    (and announces) only what follows its position, as a caller expects.
    """

    def __init__(
        self, stream: IO[bytes], start: int, size: int | None, on_progress: ProgressCallback | None
    ) -> None:
        self._stream = stream
        self._start = start
        self._size = size
        self._on_progress = on_progress
        self._done = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        if chunk and self._on_progress is not None:
            self._done += len(chunk)
            self._on_progress(self._done, self._size)
        return chunk

    def seekable(self) -> bool:
        return _seekable(self._stream)

    def tell(self) -> int:
        return self._stream.tell() - self._start

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            offset += self._start
            self._done = 0
        return self._stream.seek(offset, whence) - self._start


@dataclass(frozen=True, eq=False)
class DownloadTarget:
    """Where a streamed download is written, validated before anything is sent."""

    destination: Path | IO[bytes]
    on_progress: ProgressCallback | None = None

    @classmethod
    def from_destination(
        cls, to: WriteTarget, *, on_progress: ProgressCallback | None = None, field: str = "to"
    ) -> DownloadTarget:
        """Check ``to`` and describe it; raises ``RequestValidationError`` naming ``field``."""
        if isinstance(to, (str, os.PathLike)):
            path = Path(to)
            if path.is_dir():
                raise RequestValidationError.single("", field, str(path), "is a directory")
            if not path.parent.is_dir():
                raise RequestValidationError.single(
                    "", field, str(path), "its folder does not exist"
                )
            return cls(path, on_progress)
        if isinstance(to, io.TextIOBase) or not callable(getattr(to, "write", None)):
            raise RequestValidationError.single(
                "", field, to, "must be a path or a file object opened for binary writing"
            )
        return cls(to, on_progress)

    @property
    def path(self) -> Path | None:
        """The destination path, or ``None`` for a file object."""
        return self.destination if isinstance(self.destination, Path) else None

    @contextlib.contextmanager
    def writer(self, total: int | None) -> Iterator[Callable[[bytes], None]]:
        """A ``write(chunk)`` function; on error the destination is left as it was."""
        done = 0

        def report(chunk: bytes, sink: IO[bytes]) -> None:
            nonlocal done
            sink.write(chunk)
            done += len(chunk)
            if self.on_progress is not None:
                self.on_progress(done, total)

        if isinstance(self.destination, Path):
            final = self.destination
            handle, temp_name = tempfile.mkstemp(
                prefix=f".{final.name}.", suffix=".part", dir=final.parent
            )
            try:
                with os.fdopen(handle, "wb") as sink:
                    yield lambda chunk: report(chunk, sink)
                os.replace(temp_name, final)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp_name)
                raise
            return
        target: IO[bytes] = self.destination
        start = target.tell() if _seekable(target) else None
        try:
            yield lambda chunk: report(chunk, target)
        except BaseException:
            # Undo what this download wrote, where the file object allows it.
            if start is not None:
                with contextlib.suppress(OSError, ValueError):
                    target.seek(start)
                    target.truncate()
            raise
