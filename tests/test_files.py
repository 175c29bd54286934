"""Streamed uploads and atomic downloads, as the transport runs them."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from maestro import APIConnectionError, NotFoundError, RequestValidationError
from maestro._call import Call, bytes_body, no_body
from maestro._endpoint import Resource, TransportT, endpoint
from maestro._files import DownloadTarget, FileSource, ProgressCallback, UploadFile, WriteTarget
from tests.conftest import AnyClient, httpx_only, resolve

BIG = os.urandom(200_000)  # three httpx chunks and a bit


class Files(Resource[TransportT]):
    """A resource that exists only in this test."""

    _resource_name = "files"

    @endpoint
    def upload(
        self, source: FileSource, *, on_progress: ProgressCallback | None = None
    ) -> Call[None]:
        """Send one file as part ``file``."""
        part = UploadFile.from_source(source, on_progress=on_progress)
        return Call("POST", "/api/v2/upload", no_body, files={"file": part})

    @endpoint
    def download(
        self, to: WriteTarget, *, on_progress: ProgressCallback | None = None
    ) -> Call[Path | None]:
        """Stream the file to ``to``."""
        target = DownloadTarget.from_destination(to, on_progress=on_progress)
        return Call("GET", "/api/v2/download", lambda raw: target.path, download=target)

    @endpoint
    def read(self) -> Call[bytes]:
        """The file in memory."""
        return Call("GET", "/api/v2/download", bytes_body)


def multipart_file(request: httpx.Request) -> tuple[bytes, bytes]:
    """The headers and content of the single part of a multipart body."""
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    part = request.content.split(b"--" + boundary)[1]
    head, _, body = part.partition(b"\r\n\r\n")
    return head, body[: -len(b"\r\n")]


@pytest.fixture
def files(client: AnyClient) -> Files[Any]:
    return Files(client._transport)


async def test_upload_streams_a_path_as_part_file(
    files: Files[Any], api: respx.MockRouter, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(BIG)
    route = api.post("/api/v2/upload").respond(200)
    progress: list[tuple[int, int | None]] = []
    await resolve(
        files.upload(path, on_progress=lambda done, total: progress.append((done, total)))
    )
    request = route.calls.last.request
    head, body = multipart_file(request)
    assert b'name="file"; filename="report.pdf"' in head
    assert b"Content-Type: application/pdf" in head
    assert body == BIG
    assert int(request.headers["content-length"]) == len(request.content)
    assert len(progress) >= 3  # read in chunks, never whole
    assert progress[-1] == (len(BIG), len(BIG))


async def test_upload_sends_what_follows_a_file_objects_position(
    files: Files[Any], api: respx.MockRouter
) -> None:
    stream = io.BytesIO(b"HEADER" + b"payload")
    stream.seek(6)
    route = api.post("/api/v2/upload").respond(200)
    await resolve(files.upload(stream))
    request = route.calls.last.request
    assert multipart_file(request)[1] == b"payload"
    assert int(request.headers["content-length"]) == len(request.content)


async def test_upload_sends_bytes(files: Files[Any], api: respx.MockRouter) -> None:
    route = api.post("/api/v2/upload").respond(200)
    await resolve(files.upload(b"\x00\x01"))
    assert multipart_file(route.calls.last.request)[1] == b"\x00\x01"


@httpx_only("a refused connection the server cannot cause once the request has reached it")
async def test_a_retried_upload_sends_the_whole_file_again(
    files: Files[Any], api: respx.MockRouter, tmp_path: Path
) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(BIG)
    route = api.post("/api/v2/upload").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200)]
    )
    response = await resolve(files.upload(path))
    assert response.retries == 1
    assert multipart_file(route.calls.last.request)[1] == BIG


async def test_upload_refuses_a_missing_file(
    files: Files[Any], api: respx.MockRouter, tmp_path: Path
) -> None:
    with pytest.raises(RequestValidationError, match=r"file=.*no such file") as caught:
        await resolve(files.upload(tmp_path / "nope.txt"))
    assert caught.value.operation == "files.upload"
    assert api.calls.call_count == 0


async def test_upload_refuses_a_directory(
    files: Files[Any], api: respx.MockRouter, tmp_path: Path
) -> None:
    with pytest.raises(RequestValidationError, match="is not a regular file"):
        await resolve(files.upload(tmp_path))


async def test_upload_refuses_a_text_mode_file(files: Files[Any], tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("x")
    with path.open("r") as text, pytest.raises(RequestValidationError, match="binary mode"):
        await resolve(files.upload(text))  # type: ignore[arg-type]


async def test_download_streams_into_the_path(
    files: Files[Any], api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get("/api/v2/download").respond(
        200, content=BIG, headers={"Content-Type": "application/octet-stream"}
    )
    target = tmp_path / "out.bin"
    progress: list[int] = []
    response = await resolve(
        files.download(target, on_progress=lambda done, total: progress.append(done))
    )
    assert target.read_bytes() == BIG
    assert response.parsed == target
    assert response.data == target
    assert progress[-1] == len(BIG)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


async def test_download_into_a_file_object(files: Files[Any], api: respx.MockRouter) -> None:
    api.get("/api/v2/download").respond(200, content=BIG)
    sink = io.BytesIO()
    response = await resolve(files.download(sink))
    assert sink.getvalue() == BIG
    assert response.parsed is None


async def test_a_failed_download_leaves_no_file_behind(
    files: Files[Any], api: respx.MockRouter, tmp_path: Path
) -> None:
    class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> Any:
            yield BIG[:1000]
            raise httpx.ReadError("connection reset")

        async def __aiter__(self) -> Any:
            yield BIG[:1000]
            raise httpx.ReadError("connection reset")

    api.get("/api/v2/download").mock(return_value=httpx.Response(200, stream=Broken()))
    target = tmp_path / "out.bin"
    target.write_bytes(b"previous version")
    with pytest.raises(APIConnectionError, match="failed: ReadError: "):
        await resolve(files.download(target))
    assert target.read_bytes() == b"previous version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


async def test_a_failed_download_rewinds_a_file_object(
    files: Files[Any], api: respx.MockRouter
) -> None:
    class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
        def __iter__(self) -> Any:
            yield b"partial"
            raise httpx.ReadError("reset")

        async def __aiter__(self) -> Any:
            yield b"partial"
            raise httpx.ReadError("reset")

    api.get("/api/v2/download").mock(return_value=httpx.Response(200, stream=Broken()))
    sink = io.BytesIO(b"kept:")
    sink.seek(5)
    with pytest.raises(APIConnectionError):
        await resolve(files.download(sink))
    assert sink.getvalue() == b"kept:"


async def test_a_404_download_raises_and_writes_nothing(
    files: Files[Any], api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get("/api/v2/download").respond(404, json={"message": "no file"})
    with pytest.raises(NotFoundError, match="no file"):
        await resolve(files.download(tmp_path / "out.bin"))
    assert list(tmp_path.iterdir()) == []


async def test_download_refuses_a_directory_or_a_missing_folder(
    files: Files[Any], tmp_path: Path
) -> None:
    with pytest.raises(RequestValidationError, match="is a directory"):
        await resolve(files.download(tmp_path))
    with pytest.raises(RequestValidationError, match="its folder does not exist"):
        await resolve(files.download(tmp_path / "missing" / "out.bin"))


async def test_in_memory_bodies_are_bytes(files: Files[Any], api: respx.MockRouter) -> None:
    api.get("/api/v2/download").respond(200, content=b"abc")
    assert (await resolve(files.read())).parsed == b"abc"
