"""Helpers for the bot-side resource tests: wire bodies, multipart parts, chunked streams."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

CHUNK = 64 * 1024
"""httpx's read size for multipart files and the chunk size the tests compare against."""


def task_json(task_id: int = 42, state: str = "RUNNING", **fields: Any) -> dict[str, Any]:
    """A task as the reference (§4.1) shows it."""
    task: dict[str, Any] = {
        "id": task_id,
        "state": state,
        "parameters": {"p1": "x"},
        "inputFile": None,
        "activityLabel": "MyAutomation",
        "activityName": "My Automation",
        "agentId": "MyBot",
        "machineId": "runner-01",
        "userEmail": None,
        "userCreationName": "api",
        "organizationLabel": "ACME_ORG",
        "dateCreation": "2025-01-01T10:00:00Z",
        "dateLastModified": "2025-01-01T10:05:00Z",
        "dateStartRunning": "2025-01-01T10:00:30Z",
        "minExecutionDate": None,
        "finishStatus": None,
        "finishMessage": None,
        "test": False,
        "interrupted": False,
        "killed": False,
        "priority": 0,
        "repositoryLabel": "DEFAULT",
        "totalItems": None,
        "processedItems": None,
        "failedItems": None,
    }
    task.update(fields)
    return task


@dataclass(frozen=True)
class Part:
    """One multipart part as the server receives it."""

    name: str
    filename: str | None
    content_type: str | None
    content: bytes


def parts_of(request: httpx.Request) -> list[Part]:
    """The parts of a ``multipart/form-data`` request."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=", 1)[1].encode()
    sections = request.content.split(b"--" + boundary)
    assert sections[-1].strip() == b"--"
    parts = []
    for section in sections[1:-1]:
        head, _, content = section[2:].partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n") if ": " in line)
        disposition = dict(
            item.strip().split("=", 1) for item in headers["Content-Disposition"].split(";")[1:]
        )
        filename = disposition.get("filename")
        parts.append(
            Part(
                name=disposition["name"].strip('"'),
                filename=filename.strip('"') if filename else None,
                content_type=headers.get("Content-Type"),
                content=content[:-2],
            )
        )
    return parts


class RecordingReader(io.BytesIO):
    """A named binary file object that records the size of every read."""

    def __init__(self, data: bytes, name: str = "report.bin") -> None:
        super().__init__(data)
        self.name = name
        self.reads: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.reads.append(-1 if size is None else size)
        return super().read(size)


class RecordingWriter(io.BytesIO):
    """A binary file object that records the size of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[int] = []

    def write(self, data: Any) -> int:
        self.writes.append(len(data))
        return super().write(data)


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body arriving in chunks, for both clients; may drop after ``fail_after``."""

    def __init__(self, chunks: Sequence[bytes], *, fail_after: int | None = None) -> None:
        self._chunks = list(chunks)
        self._fail_after = fail_after

    def _next(self, index: int) -> None:
        if self._fail_after is not None and index >= self._fail_after:
            raise httpx.ReadError("connection dropped mid-body")

    def __iter__(self) -> Iterator[bytes]:
        for index, chunk in enumerate(self._chunks):
            self._next(index)
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for index, chunk in enumerate(self._chunks):
            self._next(index)
            yield chunk
