"""The real HTTP server: framing, keep-alive speed, shutdown, logging and the command line."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from maestro.testing import MaestroEmulator

from .conftest import PLAIN_HTTP_SSL_CONTEXT

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


def exchange(url: str, raw_request: bytes) -> bytes:
    """Send raw bytes on a fresh connection and read until the server closes it."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(raw_request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_serve_yields_a_loopback_url_with_the_chosen_port(emulator: MaestroEmulator) -> None:
    with emulator.serve() as url:
        host, port = url.removeprefix("http://").split(":")
        assert (host, port.isdigit(), int(port) > 0) == ("127.0.0.1", True, True)


def test_two_hundred_keep_alive_requests_take_well_under_four_seconds(
    emulator: MaestroEmulator,
) -> None:
    # Regression: a response written in two pieces meets Nagle's algorithm and the client's
    # delayed ACK, about 40 ms per request (8 s for these 200).
    with (
        emulator.serve() as url,
        httpx.Client(base_url=url, verify=PLAIN_HTTP_SSL_CONTEXT) as client,
    ):
        started = time.perf_counter()
        for _ in range(200):
            assert client.get("/api/v2/maestro/version").status_code == 200
        elapsed = time.perf_counter() - started
    assert elapsed < 4.0


def test_a_response_has_a_status_line_content_length_and_the_body(
    emulator: MaestroEmulator,
) -> None:
    with emulator.serve() as url:
        raw = exchange(
            url, b"GET /api/v2/maestro/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"HTTP/1.1 200 OK"
    assert b"Content-Type: application/json" in lines
    assert b"Content-Length: 19" in lines
    assert b"Connection: close" in lines
    assert body == b'{"version":"3.4.0"}'


def test_one_connection_serves_several_requests(emulator: MaestroEmulator) -> None:
    request = b"GET /api/v2/maestro/version HTTP/1.1\r\nHost: x\r\n\r\n"
    closing = b"GET /api/v2/maestro/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with emulator.serve() as url:
        raw = exchange(url, request + request + closing)
    assert raw.count(b"HTTP/1.1 200 OK") == 3


def test_a_chunked_body_with_extensions_and_trailers_is_read_whole(
    emulator: MaestroEmulator,
) -> None:
    token = emulator.issue_token().encode()
    body = b'{"activityLabel": "Invoices"}'
    chunked = b"5;ext=1\r\n" + body[:5] + b"\r\n" + b"%x\r\n" % (len(body) - 5) + body[5:] + b"\r\n"
    chunked += b"0\r\nX-Trailer: yes\r\n\r\n"
    request = (
        b"POST /api/v2/task HTTP/1.1\r\nHost: x\r\nConnection: close\r\nToken: " + token + b"\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
    )
    with emulator.serve() as url:
        raw = exchange(url, request)
    assert raw.startswith(b"HTTP/1.1 200 OK")
    assert [task["activityLabel"] for task in emulator.tasks.values()] == ["Invoices"]
    assert emulator.requests[-1].content == body


def test_a_malformed_chunk_size_is_400_and_closes_the_connection(emulator: MaestroEmulator) -> None:
    request = b"POST /api/v2/task HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
    with emulator.serve() as url:
        raw = exchange(url, request)
    assert raw.startswith(b"HTTP/1.1 400 Bad Request")
    assert b"Connection: close" in raw
    assert b'"message":"Invalid chunk size"' in raw


def test_a_204_answer_has_no_body_and_keeps_the_connection(emulator: MaestroEmulator) -> None:
    emulator.faults.schedule(204)
    request = b"GET /api/v2/task HTTP/1.1\r\nHost: x\r\n\r\n"
    closing = b"GET /api/v2/maestro/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with emulator.serve() as url:
        raw = exchange(url, request + closing)
    first, _, rest = raw.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 204 No Content")
    assert b"Content-Length" not in first
    assert rest.startswith(b"HTTP/1.1 200 OK")


def test_leaving_serve_ends_idle_keep_alive_connections_and_joins_every_thread(
    emulator: MaestroEmulator,
) -> None:
    threads_before = set(threading.enumerate())
    with httpx.Client(verify=PLAIN_HTTP_SSL_CONTEXT) as client:
        with emulator.serve() as url:
            assert client.get(f"{url}/api/v2/maestro/version").status_code == 200
        assert set(threading.enumerate()) == threads_before
        with pytest.raises(httpx.TransportError):
            client.get(f"{url}/api/v2/maestro/version")


def test_the_server_writes_nothing_on_stderr_and_logs_to_maestro_testing(
    emulator: MaestroEmulator, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="maestro.testing")
    with emulator.serve() as url, httpx.Client(verify=PLAIN_HTTP_SSL_CONTEXT) as client:
        client.get(f"{url}/api/v2/maestro/version")
    assert capfd.readouterr().err == ""
    assert any(
        '"GET /api/v2/maestro/version HTTP/1.1" 200' in r.getMessage() for r in caplog.records
    )


def test_serve_listens_on_ipv6_loopback_when_available(emulator: MaestroEmulator) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        server_context = emulator.serve(host="::1")
        url = server_context.__enter__()
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    try:
        assert url.startswith("http://[::1]:")
        with httpx.Client(verify=PLAIN_HTTP_SSL_CONTEXT) as client:
            assert client.get(f"{url}/api/v2/maestro/version").status_code == 200
    finally:
        server_context.__exit__(None, None, None)


def test_the_command_line_serves_until_interrupted() -> None:
    command = [
        sys.executable, "-m", "maestro.testing", "serve",
        "--port", "0", "--login", "cli-login", "--key", "cli-key",
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY_ROOT)}
    with subprocess.Popen(
        command,
        cwd=REPOSITORY_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        url = first_line.split(" on ")[1].split(" ")[0]
        with httpx.Client(base_url=url, verify=PLAIN_HTTP_SSL_CONTEXT) as client:
            login = client.post(
                "/api/v2/workspace/login", json={"login": "cli-login", "key": "cli-key"}
            )
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)
    assert first_line.startswith("Maestro emulator listening on http://127.0.0.1:")
    assert login.json()["organizationLabel"] == "cli-login"
    assert process.returncode == 0
    assert stdout == "Maestro emulator stopped\n"
    assert stderr == ""
