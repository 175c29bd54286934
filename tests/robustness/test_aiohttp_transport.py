"""The aiohttp transport fails the way httpx's does, so the retry policy decides the same.

A dropped connection may have delivered the request (never resent for a create); a refused
one did not (resent for anything); aiohttp never resends on its own. The emulator's suite
runs over aiohttp too (``tests/emulator/conftest.py``); these are the cases it does not reach.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest

from maestro import (
    APIConnectionError,
    APITimeoutError,
    AsyncMaestroClient,
    DefaultAioHttpClient,
    FileChangedError,
    ResponseTooLargeError,
)
from maestro._aiohttp_transport import _translated
from maestro.testing import MaestroEmulator
from tests.conftest import TOKEN
from tests.robustness.test_uploads import SIZE, growing, shrinking

REQUEST = httpx.Request("GET", "http://127.0.0.1:1/api/v2/task/1")
CONNECTION = aiohttp.client_reqrep.ConnectionKey("127.0.0.1", 1, False, True, None, None, None)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (aiohttp.ServerDisconnectedError(), httpx.RemoteProtocolError),
        (aiohttp.ClientOSError(104, "Connection reset by peer"), httpx.ReadError),
        (aiohttp.ClientPayloadError("Response payload is not completed"), httpx.ReadError),
        (aiohttp.SocketTimeoutError("Timeout on reading data from socket"), httpx.ReadTimeout),
        (aiohttp.ConnectionTimeoutError("Connection timeout to host"), httpx.ConnectTimeout),
        (
            aiohttp.ClientConnectorError(CONNECTION, ConnectionRefusedError(111, "refused")),
            httpx.ConnectError,
        ),
    ],
)
def test_aiohttp_errors_become_the_httpx_errors_of_the_same_situation(
    error: aiohttp.ClientError, expected: type[httpx.TransportError]
) -> None:
    translated = _translated(error, REQUEST)
    assert type(translated) is expected
    assert translated.__cause__ is error


def test_a_dropped_connection_httpx_aiohttp_calls_a_connect_timeout_is_a_protocol_error() -> None:
    # httpx-aiohttp's own mapping: a connect timeout, which every method may resend.
    mapped = httpx.ConnectTimeout("Server disconnected")
    mapped.__cause__ = aiohttp.ServerDisconnectedError()
    assert type(_translated(mapped, REQUEST)) is httpx.RemoteProtocolError


def test_an_error_of_httpx_itself_is_left_as_it_is() -> None:
    error = httpx.ReadTimeout("read timed out")
    assert _translated(error, REQUEST) is error


@pytest.fixture
def closed_port_url() -> str:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_server_url() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


async def test_a_refused_connection_is_a_connection_error_not_a_timeout(
    closed_port_url: str,
) -> None:
    http = DefaultAioHttpClient()
    async with AsyncMaestroClient(
        token=TOKEN, base_url=closed_port_url, max_retries=0, http_client=http
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.tasks.get(1)
    assert type(caught.value) is APIConnectionError
    assert "failed: ConnectError: " in str(caught.value)


async def test_a_server_that_never_answers_times_out_by_the_clients_timeout(
    silent_server_url: str,
) -> None:
    http = DefaultAioHttpClient()
    async with AsyncMaestroClient(
        token=TOKEN, base_url=silent_server_url, timeout=0.2, max_retries=0, http_client=http
    ) as client:
        with pytest.raises(APITimeoutError, match=r"^GET .*/api/v2/task/1 timed out: "):
            await client.tasks.get(1)


async def test_a_body_over_the_cap_stops_the_read_and_the_next_call_works() -> None:
    emulator = MaestroEmulator(strict=True)
    with emulator.serve() as url:
        http = DefaultAioHttpClient()
        async with AsyncMaestroClient(
            emulator.login, emulator.key, url, http_client=http, max_response_bytes=2_000
        ) as client:
            for number in range(20):
                await client.tasks.create("Invoices", parameters={"n": number})
            with pytest.raises(ResponseTooLargeError):
                await client.tasks.list(size=20)
            assert (await client.tasks.get(1)).parsed.id == 1


@pytest.mark.parametrize(("change", "how"), [(growing, "grew past"), (shrinking, "ended before")])
async def test_a_file_changing_during_an_upload_raises_the_sdk_error_and_is_not_resent(
    tmp_path: Path, change: Any, how: str
) -> None:
    path = tmp_path / "report.bin"
    path.write_bytes(b"a" * SIZE)
    emulator = MaestroEmulator(strict=True)
    with emulator.serve() as url:
        http = DefaultAioHttpClient()
        async with AsyncMaestroClient(emulator.login, emulator.key, url, http_client=http) as c:
            task = (await c.tasks.create("demo-invoices")).parsed
            with pytest.raises(FileChangedError, match=f"{how} the 200000 bytes") as caught:
                await c.result_files.upload(task.id, path, on_progress=change(path))
    assert caught.value.record == "result file 1"
    assert [r.path for r in emulator.requests].count("/api/v2/artifact/log/1") <= 1


async def test_aiohttp_never_resends_a_dropped_read_on_its_own() -> None:
    emulator = MaestroEmulator(strict=True)
    with emulator.serve() as url:
        http = DefaultAioHttpClient()
        async with AsyncMaestroClient(
            emulator.login, emulator.key, url, http_client=http, max_retries=0
        ) as client:
            task = (await client.tasks.create("Invoices")).parsed
            emulator.faults.schedule_drop("after", method="GET", path="/api/v2/task/*")
            with pytest.raises(APIConnectionError, match="RemoteProtocolError"):
                await client.tasks.get(task.id)
    gets = [r for r in emulator.requests if r.method == "GET"]
    assert len(gets) == 1
