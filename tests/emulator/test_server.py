"""The real HTTP server: framing, keep-alive speed, shutdown, logging and the command line."""

from __future__ import annotations

import contextlib
import inspect
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from maestro.testing import MaestroEmulator
from maestro.testing._server import EmulatorHTTPServer

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


# A shell starts `command &` with SIGINT ignored, and the ignored disposition survives exec:
# this wrapper starts the command line the same way.
IGNORING_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)


def stopped(process: subprocess.Popen[str], stop: signal.Signals) -> tuple[int, str, str]:
    """Send ``stop``; the exit status and the rest of the output. Killed if it will not end."""
    try:
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:  # the signal did not stop it: do not hang the suite
            process.kill()
            process.communicate()  # also closes the pipes, so no ResourceWarning leaks on
    return process.returncode, out, err


@pytest.mark.skipif(os.name != "posix", reason="stops the server with POSIX signals")
@pytest.mark.parametrize(
    ("stop", "sigint_ignored_at_start"),
    [(signal.SIGINT, False), (signal.SIGINT, True), (signal.SIGTERM, True)],
    ids=["SIGINT", "SIGINT-started-in-the-background", "SIGTERM-started-in-the-background"],
)
def test_the_command_line_serves_until_interrupted_or_terminated(
    stop: signal.Signals, sigint_ignored_at_start: bool
) -> None:
    command = [
        "-m", "maestro.testing", "serve",
        "--port", "0", "--login", "cli-login", "--key", "cli-key",
    ]  # fmt: skip
    python = (
        [sys.executable, "-c", IGNORING_SIGINT] if sigint_ignored_at_start else [sys.executable]
    )
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY_ROOT)}
    process = subprocess.Popen(
        [*python, *command],
        cwd=REPOSITORY_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        url = first_line.split(" on ")[1].split(" ")[0]
        with httpx.Client(base_url=url, verify=PLAIN_HTTP_SSL_CONTEXT) as client:
            login = client.post(
                "/api/v2/workspace/login", json={"login": "cli-login", "key": "cli-key"}
            )
    finally:
        outcome = stopped(process, stop)
    assert first_line.startswith("Maestro emulator listening on http://127.0.0.1:")
    assert login.json()["organizationLabel"] == "cli-login"
    assert outcome == (0, "Maestro emulator stopped\n", "")


# -- holding up under load and against careless clients -------------------------------------

VERSION_REQUEST = b"GET /api/v2/maestro/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def address_of(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def read_until_closed(connection: socket.socket) -> bytes:
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_burst_of_two_hundred_connects_waits_in_the_backlog_and_all_are_served(
    emulator: MaestroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The accept loop is held while 200 clients connect, as when a burst arrives faster than
    # the server accepts: only the listen backlog holds them (socketserver's 5 did not).
    accepting = threading.Event()
    accept = EmulatorHTTPServer.get_request

    def held_accept(server: EmulatorHTTPServer) -> tuple[socket.socket, Any]:
        accepting.wait(timeout=30)
        return accept(server)

    monkeypatch.setattr(EmulatorHTTPServer, "get_request", held_accept)
    with emulator.serve() as url, contextlib.ExitStack() as stack:
        try:
            connections = [
                stack.enter_context(socket.create_connection(address_of(url), timeout=10))
                for _ in range(200)
            ]
            for connection in connections:
                connection.sendall(VERSION_REQUEST)
        finally:
            accepting.set()
        answers = [read_until_closed(connection) for connection in connections]
    assert [answer.split(b"\r\n", 1)[0] for answer in answers] == [b"HTTP/1.1 200 OK"] * 200


def test_sixty_four_threads_pushing_to_a_datapool_lose_no_entry(
    emulator: MaestroEmulator,
) -> None:
    with emulator.client() as sdk:
        sdk.datapools.create(label="Burst")
    token = emulator.issue_token()
    start = threading.Barrier(64)
    outcomes: list[int | str] = []

    def push_five(worker: int) -> None:
        headers = {"token": token, "organization": emulator.organization}
        with httpx.Client(base_url=url, headers=headers, verify=PLAIN_HTTP_SSL_CONTEXT) as client:
            start.wait()
            for number in range(5):
                values = {"worker": str(worker), "number": str(number)}
                try:
                    response = client.post(
                        "/api/v2/datapool/Burst/push", json={"priority": 0, "values": values}
                    )
                except httpx.TransportError as exc:
                    outcomes.append(repr(exc))
                else:
                    outcomes.append(response.status_code)

    with emulator.serve() as url:
        workers = [threading.Thread(target=push_five, args=(worker,)) for worker in range(64)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert outcomes == [200] * 320
    assert len(emulator.datapool_entries("Burst")) == 320


def test_a_content_length_over_the_limit_is_413_without_reading_the_body(
    emulator: MaestroEmulator,
) -> None:
    request = (
        b"POST /api/v2/task HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000000000000\r\n\r\n"
    )
    with emulator.serve() as url:
        raw = exchange(url, request)
    assert raw.startswith(b"HTTP/1.1 413 Request Entity Too Large")
    assert b"Connection: close" in raw
    assert b'"message":"Request body is larger than the emulator accepts (134217728 bytes)"' in raw
    assert emulator.requests == []


def test_max_body_bytes_sets_the_limit_and_a_body_of_exactly_that_size_passes(
    emulator: MaestroEmulator,
) -> None:
    token = emulator.issue_token().encode()
    body = b'{"activityLabel": "Invoices"}'
    head = b"POST /api/v2/task HTTP/1.1\r\nHost: x\r\nConnection: close\r\nToken: " + token
    head += b"\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    with emulator.serve(max_body_bytes=len(body)) as url:
        exact = exchange(url, head % len(body) + body)
        over = exchange(url, head % (len(body) + 1) + body + b" ")
    assert exact.startswith(b"HTTP/1.1 200 OK")
    assert over.startswith(b"HTTP/1.1 413 ")
    assert b"(%d bytes)" % len(body) in over


def test_a_chunked_body_growing_over_the_limit_is_413(emulator: MaestroEmulator) -> None:
    token = emulator.issue_token().encode()
    chunk = b"400\r\n" + b" " * 1024 + b"\r\n"
    request = (
        b"POST /api/v2/task HTTP/1.1\r\nHost: x\r\nToken: " + token + b"\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk * 8
    )
    with emulator.serve(max_body_bytes=4096) as url:
        raw = exchange(url, request)
    assert raw.startswith(b"HTTP/1.1 413 Request Entity Too Large")
    assert b"Connection: close" in raw
    assert emulator.tasks == {}


def test_expect_100_continue_over_the_limit_gets_the_413_instead_of_continue(
    emulator: MaestroEmulator,
) -> None:
    request = (
        b"POST /api/v2/task HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
        b"Content-Length: 1000000000000\r\n\r\n"
    )
    with emulator.serve() as url:
        raw = exchange(url, request)
    assert raw.startswith(b"HTTP/1.1 413 ")
    assert b"100 Continue" not in raw


@pytest.mark.parametrize(
    ("framing", "message"),
    [
        (b"Content-Length: 12abc\r\n", b"Invalid Content-Length"),
        (b"Content-Length: -1\r\n", b"Invalid Content-Length"),
        (b"Content-Length: 2\r\nContent-Length: 3\r\n", b"Conflicting Content-Length headers"),
        (b"Transfer-Encoding: gzip\r\n", b"Unsupported Transfer-Encoding: gzip"),
        (b"Transfer-Encoding: chunked\r\n\r\n0x2\r\nab\r\n0\r\n", b"Invalid chunk size"),
        (b"Transfer-Encoding: chunked\r\n\r\n2\r\nabXY\r\n", b"Chunk not followed by CRLF"),
    ],
    ids=["length-not-a-number", "negative-length", "two-lengths", "gzip", "hex-prefix", "no-crlf"],
)
def test_malformed_framing_is_400_naming_the_problem(
    emulator: MaestroEmulator, framing: bytes, message: bytes
) -> None:
    head = b"POST /api/v2/task HTTP/1.1\r\nHost: x\r\n" + framing
    request = head if framing.startswith(b"Transfer-Encoding: chunked") else head + b"\r\n"
    with emulator.serve() as url:
        raw = exchange(url, request)
    assert raw.startswith(b"HTTP/1.1 400 Bad Request")
    assert b'"message":"' + message + b'"' in raw


def test_a_deeply_nested_json_body_is_400_not_500(emulator: MaestroEmulator) -> None:
    token = emulator.issue_token()
    body = b"[" * 100_000 + b"]" * 100_000
    with (
        emulator.serve() as url,
        httpx.Client(base_url=url, verify=PLAIN_HTTP_SSL_CONTEXT) as client,
    ):
        response = client.post(
            "/api/v2/task",
            content=body,
            headers={"token": token, "content-type": "application/json"},
        )
    assert response.status_code == 400
    assert response.json()["message"] == "Malformed JSON request body"


def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(
    emulator: MaestroEmulator,
) -> None:
    request = b"GET /api/v2/maestro/version HTTP/1.1\r\nHost: x\r\n\r\n"
    with (
        emulator.serve(idle_timeout=0.2) as url,
        socket.create_connection(address_of(url), timeout=30) as connection,
    ):
        connection.sendall(request)
        # Kept alive after the answer; then the server closes it, the client sending nothing.
        answer = read_until_closed(connection)
    assert answer.startswith(b"HTTP/1.1 200 OK")
    assert answer.endswith(b'{"version":"3.4.0"}')


def test_a_connection_that_never_sends_a_request_is_closed_after_the_idle_timeout(
    emulator: MaestroEmulator,
) -> None:
    with (
        emulator.serve(idle_timeout=0.2) as url,
        socket.create_connection(address_of(url), timeout=30) as connection,
    ):
        assert connection.recv(1) == b""


@pytest.mark.parametrize("idle_timeout", [0, -1.0])
def test_serve_refuses_an_idle_timeout_that_is_not_positive(
    emulator: MaestroEmulator, idle_timeout: float
) -> None:
    with (
        pytest.raises(ValueError, match="idle_timeout must be a positive number of seconds"),
        emulator.serve(idle_timeout=idle_timeout),
    ):
        pass


def test_the_request_log_keeps_the_most_recent_requests_up_to_its_maximum() -> None:
    emulator = MaestroEmulator(max_recorded_requests=3, strict=True)
    with httpx.Client(base_url=emulator.base_url, transport=emulator.transport()) as client:
        for number in range(5):
            client.get(f"/api/v2/maestro/version?n={number}")
    assert [request.query for request in emulator.requests] == [
        {"n": ["2"]},
        {"n": ["3"]},
        {"n": ["4"]},
    ]


def test_the_request_log_keeps_ten_thousand_requests_by_default() -> None:
    parameter = inspect.signature(MaestroEmulator).parameters["max_recorded_requests"]
    assert parameter.default == 10_000


def test_max_recorded_requests_must_be_a_whole_number() -> None:
    with pytest.raises(ValueError, match="max_recorded_requests must be a whole number"):
        MaestroEmulator(max_recorded_requests=-1, strict=True)


def test_an_uploaded_file_shares_the_bytes_of_the_recorded_request_body(
    emulator: MaestroEmulator,
) -> None:
    data = bytes(range(256)) * 64
    with emulator.client() as sdk:
        task = sdk.tasks.create(activity_label="demo-invoices").parsed
        sdk.result_files.upload(task.id, data, name="report.bin")
    (stored,) = emulator.result_files.values()
    assert stored.file is not None
    view = stored.file._view
    assert view.obj is emulator.requests[-1].content
    assert (stored.file.size, stored.file.content) == (len(data), data)
