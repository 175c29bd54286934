"""What the emulator remembers of each request it receives (``emulator.requests``)."""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import httpx

from maestro.testing._multipart import UploadedFile, parse_multipart

__all__ = ["DEFAULT_MAX_RECORDED_REQUESTS", "RecordedRequest", "RequestLog"]

# Enough for any test to look back on; a long-running served emulator stays bounded.
DEFAULT_MAX_RECORDED_REQUESTS = 10_000


@dataclass
class RecordedRequest:
    """One request as received, and how it was answered.

    ``path`` is percent-decoded, ``raw_path`` as sent (both without the query string);
    ``query`` maps each parameter to all its values. ``status`` is the status sent back, or
    ``None`` when no answer went out (a dropped connection). ``fault`` names the injected
    fault that shaped the answer (``"status"``, ``"connect"``, ``"before"``, ``"after"``)
    or is ``None`` for a normal answer.
    """

    method: str
    path: str
    raw_path: str
    # Kept out of the repr: headers and bodies carry tokens and secrets.
    query: dict[str, list[str]] = field(repr=False)
    headers: httpx.Headers = field(repr=False)
    content: bytes = field(repr=False)
    status: int | None = None
    fault: str | None = None

    @property
    def faulted(self) -> bool:
        """Whether an injected fault produced the answer (or the lack of one)."""
        return self.fault is not None

    def json(self) -> Any:
        """Parse the body as JSON (raises ``ValueError`` when it is not JSON)."""
        return json.loads(self.content)

    @property
    def files(self) -> dict[str, UploadedFile]:
        """The file parts of a multipart body by part name (empty for other bodies)."""
        content_type = self.headers.get("content-type", "")
        if not content_type.lower().startswith("multipart/form-data"):
            return {}
        parts = parse_multipart(self.content, content_type)
        return {part.name: part.as_file() for part in parts if part.is_file}


class RequestLog:
    """The most recent requests, oldest first: at most ``maximum``, the oldest dropped first.

    Safe to use from several threads (the HTTP server answers each connection in its own).
    """

    def __init__(self, maximum: int = DEFAULT_MAX_RECORDED_REQUESTS) -> None:
        if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 0:
            raise ValueError(
                f"max_recorded_requests must be a whole number, 0 or more, not {maximum!r}"
            )
        self._records: deque[RecordedRequest] = deque(maxlen=maximum)
        self._lock = threading.Lock()

    @property
    def maximum(self) -> int:
        """How many requests the log keeps at most."""
        maximum = self._records.maxlen
        assert maximum is not None
        return maximum

    def append(self, record: RecordedRequest) -> None:
        """Remember ``record``, forgetting the oldest one if the log is full."""
        with self._lock:
            self._records.append(record)

    def snapshot(self) -> list[RecordedRequest]:
        """The requests kept, oldest first, as a new list."""
        with self._lock:
            return list(self._records)

    def clear(self) -> None:
        """Forget every request kept."""
        with self._lock:
            self._records.clear()
