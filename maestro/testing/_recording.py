"""What the emulator remembers of each request it receives (``emulator.requests``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from maestro.testing._multipart import UploadedFile, parse_multipart

__all__ = ["RecordedRequest"]


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
