"""Uploads that cannot be replayed are sent once; files that change while sent stop cleanly."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx

from maestro import FileChangedError, MaestroClient, ServerError
from maestro.testing import MaestroEmulator
from tests.conftest import AnyClient, resolve

SIZE = 200_000  # several of httpx's 64 KiB reads


class OneWayStream:
    """A pipe-like binary stream: it reads once and cannot seek back."""

    name = "package.zip"

    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int = -1) -> bytes:
        size = len(self._data) if size is None or size < 0 else size
        chunk, self._data = self._data[:size], self._data[size:]
        return chunk

    def seekable(self) -> bool:
        return False


async def test_a_stream_that_cannot_seek_is_never_sent_twice(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/bot/upload/bot/version/1.0").mock(
        side_effect=[httpx.Response(503), httpx.Response(200)]
    )
    with pytest.raises(ServerError):
        await resolve(client.bots.upload("bot", "1.0", OneWayStream(b"PK\x03\x04")))  # type: ignore[arg-type]
    assert route.call_count == 1  # the 503 is not retried: the stream is spent


async def test_the_same_upload_from_bytes_is_retried(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/bot/upload/bot/version/1.0").mock(
        side_effect=[httpx.Response(503), httpx.Response(200)]
    )
    await resolve(client.bots.upload("bot", "1.0", b"PK\x03\x04", filename="package.zip"))
    assert route.call_count == 2
    assert b"PK\x03\x04" in route.calls.last.request.content


def growing(path: Path) -> object:
    """A progress callback that appends to ``path`` once the upload has started."""
    done: list[int] = []

    def on_progress(sent: int, total: int | None) -> None:
        if not done:
            done.append(sent)
            with path.open("ab") as handle:
                handle.write(b"more")

    return on_progress


def shrinking(path: Path) -> object:
    done: list[int] = []

    def on_progress(sent: int, total: int | None) -> None:
        if not done:
            done.append(sent)
            with path.open("r+b") as handle:
                handle.truncate(sent + 10)

    return on_progress


@pytest.mark.parametrize(
    ("change", "how"),
    [(growing, "grew past"), (shrinking, "ended before")],
)
async def test_a_file_that_changes_during_an_upload_names_the_created_record(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path, change: object, how: str
) -> None:
    path = tmp_path / "report.bin"
    path.write_bytes(b"a" * SIZE)
    api.post("/api/v2/artifact").respond(200, json={"id": 42})
    send = api.post("/api/v2/artifact/log/42").respond(200)
    with pytest.raises(FileChangedError) as caught:
        await resolve(client.result_files.upload(7, path, on_progress=change(path)))  # type: ignore[operator]
    error = caught.value
    assert str(error).startswith(
        f"the file 'report.bin' changed while it was being uploaded: it {how} the {SIZE} "
        "bytes announced for it, after "
    )
    assert str(error).endswith(
        "The upload was stopped and not retried; send it again once the file no longer "
        "changes. The result file 42 was already created; it has no content: delete it with "
        "result_files.delete(42) and upload again"
    )
    assert (error.filename, error.record) == ("report.bin", "result file 42")
    assert send.call_count == 0  # the body failed while httpx was reading it: never retried


def test_over_real_http_a_growing_file_raises_the_sdk_error_not_h11s(tmp_path: Path) -> None:
    path = tmp_path / "report.bin"
    path.write_bytes(b"a" * SIZE)
    emulator = MaestroEmulator(strict=True)
    with emulator.serve() as url, MaestroClient(emulator.login, emulator.key, url) as client:
        task = client.tasks.create("demo-invoices").parsed
        with pytest.raises(FileChangedError, match="grew past the 200000 bytes") as caught:
            client.result_files.upload(task.id, path, on_progress=growing(path))  # type: ignore[arg-type]
    assert caught.value.record == "result file 1"
