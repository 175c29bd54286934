"""A small, fast HTTP/1.1 server for the benchmarks, run in its own process on 127.0.0.1.

Standard library only (asyncio streams), keep-alive, one coroutine per connection, so a
configurable latency (``--latency-ms``) delays each answer without blocking other requests:
at 50 requests in flight and 20 ms, the server's own limit is 2,500 requests per second.
``--connect-latency-ms`` delays the first answer on each new connection once more: it
models what opening a connection costs over a real network (the TCP and TLS handshakes,
two round trips or more), which loopback does not show, so the benefit of reusing
connections becomes visible. It is 0 by default.

It serves the routes the benchmarks call, with the Maestro wire format:

- ``POST /api/v2/workspace/login`` and ``GET /api/v2/maestro/version``;
- ``GET /api/v2/task/{id}``: one task (the per-call and fan-out case);
- ``GET /api/v2/artifact?page=&size=``: Spring pages over ``--items`` result files;
- ``POST /api/v2/artifact``, ``GET /api/v2/artifact/{id}``: a result file's record;
- ``POST /api/v2/artifact/log/{id}``: an upload, read in chunks and discarded;
- ``GET /api/v2/artifact/{id}/file``: ``--download-bytes`` bytes, written in chunks.

Uploads and downloads are never held whole, so the server's memory stays flat; the client's
memory is measured in the client's process. Run alone: ``python benchmarks/_server.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

TASK_ID = 123456
TASK = {
    "id": TASK_ID,
    "state": "FINISHED",
    "parameters": {"p1": "x", "p2": 2},
    "activityLabel": "MyAutomation",
    "activityName": "My Automation",
    "agentId": "MyBot",
    "machineId": "runner-01",
    "organizationLabel": "myorg",
    "dateCreation": "2025-01-01T10:00:00Z",
    "dateLastModified": "2025-01-01T10:05:00Z",
    "finishStatus": "SUCCESS",
    "priority": 0,
    "totalItems": 10,
    "processedItems": 10,
    "failedItems": 0,
}
TASK_BODY = json.dumps(TASK).encode()
LOGIN_BODY = json.dumps({"accessToken": "t0ken", "organizationLabel": "myorg"}).encode()
VERSION_BODY = json.dumps({"version": "2.0.0"}).encode()
ARTIFACT_ID = 77
ARTIFACT_NAME = "big.bin"
CHUNK = 1024 * 1024


def artifact(number: int) -> dict[str, object]:
    """The record of result file ``number``."""
    return {
        "id": number,
        "type": "PROCESS",
        "taskId": TASK_ID,
        "taskName": "My Automation",
        "name": f"report-{number}.csv",
        "fileName": f"report-{number}.csv",
        "storageFileName": f"f{number}.csv",
        "storageFilePath": f"/data/f{number}.csv",
        "organizationId": 1,
        "user": "bot",
        "userId": 3,
        "dateCreation": "2025-01-01T10:00:00Z",
    }


ARTIFACT_BODY = json.dumps({**artifact(ARTIFACT_ID), "fileName": ARTIFACT_NAME}).encode()


class Server:
    """The routes above; ``latency`` delays every answer but the login's."""

    def __init__(
        self, latency: float, items: int, download_bytes: int, connect_latency: float = 0.0
    ) -> None:
        self.latency = latency
        self.connect_latency = connect_latency
        self.items = items
        self.download_bytes = download_bytes
        self.block = bytes(CHUNK)
        self.pages: dict[tuple[int, int], bytes] = {}

    async def connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one keep-alive connection until the client closes it."""
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        handshake = self.connect_latency  # paid once, by the connection's first answer
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request_line, *lines = head.decode("latin-1").split("\r\n")
                method, target, _ = request_line.split(" ", 2)
                headers = {}
                for line in lines:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                received = await self.drain_body(reader, headers)
                if handshake:
                    await asyncio.sleep(handshake)
                    handshake = 0.0
                await self.answer(writer, method, target, received)
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    @staticmethod
    async def drain_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> int:
        """Read the request body in chunks, keep nothing, return its length."""
        received = 0
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                received += size
                if size == 0:
                    return received
        remaining = int(headers.get("content-length", "0"))
        while remaining:
            chunk = await reader.read(min(remaining, CHUNK))
            if not chunk:
                raise asyncio.IncompleteReadError(b"", remaining)
            remaining -= len(chunk)
            received += len(chunk)
        return received

    async def answer(
        self, writer: asyncio.StreamWriter, method: str, target: str, received: int
    ) -> None:
        """Write the answer to one request."""
        url = urlsplit(target)
        path = url.path
        if path == "/api/v2/workspace/login":
            return self.write_json(writer, LOGIN_BODY)
        if self.latency:
            await asyncio.sleep(self.latency)
        if path.startswith("/api/v2/task/"):
            return self.write_json(writer, TASK_BODY)
        if path == "/api/v2/artifact" and method == "GET":
            query = parse_qs(url.query)
            page, size = int(query["page"][0]), int(query["size"][0])
            return self.write_json(writer, self.page(page, size))
        if path == "/api/v2/artifact":
            return self.write_json(writer, ARTIFACT_BODY)
        if path.startswith("/api/v2/artifact/log/"):
            return self.write_json(writer, json.dumps({"received": received}).encode())
        if path.startswith("/api/v2/artifact/") and path.endswith("/file"):
            return await self.write_file(writer)
        if path.startswith("/api/v2/artifact/"):
            return self.write_json(writer, ARTIFACT_BODY)
        if path == "/api/v2/maestro/version":
            return self.write_json(writer, VERSION_BODY)
        return self.write_json(writer, b'{"message": "not found"}', status="404 Not Found")

    def page(self, page: int, size: int) -> bytes:
        """Page ``page`` of the result files, in Spring's envelope (built once, then reused)."""
        key = (page, size)
        if key not in self.pages:
            self.pages[key] = self.render_page(page, size)
        return self.pages[key]

    def render_page(self, page: int, size: int) -> bytes:
        """Page ``page`` of the result files, rendered."""
        first = page * size
        numbers = range(first + 1, min(first + size, self.items) + 1)
        pages = -(-self.items // size)
        return json.dumps(
            {
                "content": [artifact(number) for number in numbers],
                "totalElements": self.items,
                "totalPages": pages,
                "number": page,
                "size": size,
                "numberOfElements": len(numbers),
                "first": page == 0,
                "last": page + 1 >= pages,
                "empty": not numbers,
            }
        ).encode()

    @staticmethod
    def write_json(writer: asyncio.StreamWriter, body: bytes, status: str = "200 OK") -> None:
        """Write a JSON answer in one write (two would meet Nagle and delayed ACKs)."""
        head = (
            f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        writer.write(head.encode() + body)

    async def write_file(self, writer: asyncio.StreamWriter) -> None:
        """Write the download in 1 MiB chunks, waiting for the client to take each."""
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Length: %d\r\n\r\n" % self.download_bytes
        )
        remaining = self.download_bytes
        while remaining > 0:
            writer.write(self.block[: min(CHUNK, remaining)])
            remaining -= CHUNK
            await writer.drain()


async def serve(
    port: int, latency: float, items: int, download_bytes: int, connect_latency: float = 0.0
) -> None:
    """Listen on 127.0.0.1, print the port on one line, serve until killed."""
    handler = Server(latency, items, download_bytes, connect_latency)
    listener = await asyncio.start_server(handler.connection, "127.0.0.1", port, backlog=1024)
    print(listener.sockets[0].getsockname()[1], flush=True)
    async with listener:
        await listener.serve_forever()


@contextlib.contextmanager
def running(
    *, latency_ms: float = 0, items: int = 0, download_bytes: int = 0, connect_latency_ms: float = 0
) -> Iterator[str]:
    """Start the server in its own process; yield its base URL; stop it on exit."""
    command = [sys.executable, str(Path(__file__)), "--latency-ms", str(latency_ms)]
    command += ["--connect-latency-ms", str(connect_latency_ms)]
    command += ["--items", str(items), "--download-bytes", str(download_bytes)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            port = int(process.stdout.readline())
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()


def main() -> None:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument(
        "--connect-latency-ms",
        type=float,
        default=0.0,
        help="extra delay before the first answer on each new connection, modelling the TCP "
        "and TLS handshakes at that round-trip time",
    )
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--download-bytes", type=int, default=CHUNK)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(
            serve(
                args.port,
                args.latency_ms / 1000,
                args.items,
                args.download_bytes,
                args.connect_latency_ms / 1000,
            )
        )


if __name__ == "__main__":
    main()
