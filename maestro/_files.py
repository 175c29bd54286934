"""Files going up (multipart parts) and coming down (streamed to a path or file object).

Uploads are never read whole into memory: a path is opened per attempt and httpx reads it
in chunks. Each attempt measures the file when it opens it and announces that length; a
file that then grows or shrinks stops the upload with ``FileChangedError`` (sending more or
less than announced would break the request in the middle). Downloads go to a temporary
file beside the destination and replace it only when complete, so a failed download leaves
no half-written file behind.
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
from typing import IO, Any, BinaryIO, cast

from maestro._exceptions import FileChangedError, RequestValidationError
from maestro._inputs import check_callback, check_filename

__all__ = ["DownloadTarget", "FileSource", "ProgressCallback", "UploadFile", "WriteTarget"]

FileSource = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO | IO[bytes]
"""What an upload accepts: a path, the bytes themselves, or a file object opened in binary mode."""

WriteTarget = str | os.PathLike[str] | BinaryIO | IO[bytes]
"""Where a download goes: a path (written atomically) or a writable binary file object."""

ProgressCallback = Callable[[int, int | None], None]
"""Called as ``on_progress(bytes_done, bytes_total)``; ``bytes_total`` is ``None`` when unknown."""


def _usable_path(source: str | os.PathLike[str], field: str) -> Path:
    """``source`` as a ``Path`` the system can look up, or ``RequestValidationError``."""
    path = Path(source)
    try:
        path.stat()
    except FileNotFoundError:
        pass  # the caller says what a missing file means
    except (OSError, ValueError) as exc:  # a NUL byte, a lone surrogate, a name too long
        message = f"is not a usable path: {exc.strerror if isinstance(exc, OSError) else exc}"
        raise RequestValidationError.single("", field, str(path), message) from None
    return path


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
            _usable_path(source, field)  # before the name, which may come from the path
        check_filename(filename)
        check_callback(on_progress)
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
                length = os.fstat(stream.fileno()).st_size
                yield self.filename, self._reader(stream, 0, length), self.content_type
        elif isinstance(self.source, bytes):
            memory = io.BytesIO(self.source)
            yield self.filename, self._reader(memory, 0, len(self.source)), self.content_type
        else:
            length = None
            if _seekable(self.source):
                length = self.source.seek(0, io.SEEK_END) - self.start
                self.source.seek(self.start)
            yield self.filename, self._reader(self.source, self.start, length), self.content_type

    def _reader(self, stream: IO[bytes], start: int, length: int | None) -> IO[bytes]:
        reader = _PartReader(stream, start, length, self.filename, self.on_progress)
        return cast(IO[bytes], reader)


def _seekable(stream: Any) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, ValueError, OSError):
        return False


class _PartReader:
    """A read-only view of a stream from ``start``, reporting progress, checking the length.

    httpx seeks to 0 before sending and measures the length with ``seek(0, SEEK_END)``;
    positions here are relative to ``start`` so a file object handed over mid-way sends
    (and announces) only what follows its position, as a caller expects. When the length
    is known, exactly that many bytes are sent: a file that ends early or goes on past it
    raises ``FileChangedError`` rather than a protocol error deep inside the HTTP library.
    """

    def __init__(
        self,
        stream: IO[bytes],
        start: int,
        length: int | None,
        filename: str,
        on_progress: ProgressCallback | None,
    ) -> None:
        self._stream = stream
        self._start = start
        self._length = length
        self._filename = filename
        self._on_progress = on_progress
        self._sent = 0

    def read(self, size: int | None = -1) -> bytes:
        if self._length is None:
            chunk = self._stream.read(-1 if size is None else size)
        else:
            remaining = self._length - self._sent
            if remaining <= 0:
                if self._stream.read(1):
                    raise self._changed("grew past")
                return b""
            wanted = remaining if size is None or size < 0 else min(size, remaining)
            chunk = self._stream.read(wanted)
            if not chunk:
                raise self._changed("ended before")
        if chunk:
            self._sent += len(chunk)
            if self._on_progress is not None:
                self._on_progress(self._sent, self._length)
        return chunk

    def _changed(self, how: str) -> FileChangedError:
        return FileChangedError(
            f"the file {self._filename!r} changed while it was being uploaded: it {how} the "
            f"{self._length} bytes announced for it, after {self._sent} bytes were sent. The "
            "upload was stopped and not retried; send it again once the file no longer changes.",
            filename=self._filename,
        )

    def seekable(self) -> bool:
        return _seekable(self._stream)

    def tell(self) -> int:
        if not self.seekable():
            # httpx then sends the part without a length (chunked), as for any stream.
            raise io.UnsupportedOperation("this stream cannot tell its position")
        return self._stream.tell() - self._start

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if not self.seekable():
            # What httpx expects of a stream that cannot rewind (it would otherwise meet an
            # AttributeError from an object with ``read`` alone).
            raise io.UnsupportedOperation("this stream cannot seek")
        if whence == io.SEEK_END and self._length is not None:
            return self._length + offset  # what this attempt announces, measured at opening
        if whence == io.SEEK_SET:
            self._sent = offset
            offset += self._start
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
        check_callback(on_progress)
        if isinstance(to, (str, os.PathLike)):
            path = _usable_path(to, field)
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
