"""Peak memory of a large upload and download, against reading the file whole.

Baseline: ``Path.read_bytes()`` of the same file (what an SDK that is not streaming holds).
Measured: ``client.result_files.upload`` and ``client.result_files.download(to=path)`` through
an in-process transport that consumes the upload in chunks and serves the download in chunks,
so the server side holds nothing. Peaks come from ``tracemalloc`` in this process, one after
the other. Run: ``python benchmarks/bench_streaming.py [size_in_MiB]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from maestro import MaestroClient

CHUNK = 64 * 1024


class _Chunks(httpx.SyncByteStream):
    def __init__(self, size: int) -> None:
        self.size = size

    def __iter__(self) -> Iterator[bytes]:
        block = b"x" * CHUNK
        remaining = self.size
        while remaining > 0:
            yield block[: min(CHUNK, remaining)]
            remaining -= CHUNK


class ChunkedServer(httpx.BaseTransport):
    """Reads uploads chunk by chunk and serves downloads chunk by chunk, keeping nothing.

    (httpx.MockTransport reads the whole request body first, which would hide the SDK's.)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.received = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/login"):
            return httpx.Response(200, json={"accessToken": "t"})
        if path == "/api/v2/artifact":
            return httpx.Response(200, json={"id": 1, "name": "big.bin"})
        if path.startswith("/api/v2/artifact/log/"):
            assert isinstance(request.stream, httpx.SyncByteStream)
            self.received = sum(len(chunk) for chunk in request.stream)
            return httpx.Response(200, json={"received": self.received})
        headers = {"Content-Length": str(self.size), "Content-Type": "application/octet-stream"}
        return httpx.Response(200, headers=headers, stream=_Chunks(self.size))


def peak_mib(body: Callable[[], object]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    body()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(size_mib: int = 64) -> None:
    size = size_mib * 2**20
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "big.bin"
        with source.open("wb") as sink:
            for _ in range(size_mib):
                sink.write(os.urandom(2**20))
        target = Path(folder) / "copy.bin"
        transport = ChunkedServer(size)
        with MaestroClient("login", "key", "https://maestro.test", transport=transport) as client:
            client.authenticate()
            baseline = peak_mib(source.read_bytes)
            upload = peak_mib(lambda: client.result_files.upload(1, source))
            download = peak_mib(lambda: client.result_files.download(1, to=target))
        assert target.stat().st_size == size
        assert transport.received > size  # the whole file, plus the multipart framing
    print(f"file size                     : {size_mib:8.1f} MiB")
    print(f"baseline: read_bytes()        : {baseline:8.2f} MiB peak")
    for label, peak in (("upload(path)", upload), ("download(to=path)", download)):
        print(f"result_files.{label:<17}: {peak:8.2f} MiB peak ({peak / baseline:.4f}x baseline)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 64)
