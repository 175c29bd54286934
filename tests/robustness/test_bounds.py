"""Bounded resources: bodies read into memory are capped; the deadline covers the whole call."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import respx

from maestro import (
    APITimeoutError,
    AsyncMaestroClient,
    ConfigurationError,
    MaestroClient,
    NotFoundError,
    ResponseTooLargeError,
    RetryPolicy,
    ServerError,
)
from maestro._transport import AsyncTransport, SyncTransport
from maestro._transport_core import TransportCore
from tests.conftest import (
    BASE_URL,
    KEY,
    LOGIN,
    TOKEN,
    AnyClient,
    close,
    collect,
    httpx_only,
    make_client,
    resolve,
)

CHUNK = b"x" * 1024


class CountingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body of ``chunks`` KiB that records how much of it was read."""

    def __init__(self, chunks: int) -> None:
        self.chunks = chunks
        self.read = 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.chunks):
            self.read += 1
            yield CHUNK

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.read += 1
            yield CHUNK


@httpx_only("counts the chunks the in-process body gave; a server writes ahead into the socket")
async def test_a_body_past_max_response_bytes_stops_reading_and_names_route_and_cap(
    kind: str, api: respx.MockRouter
) -> None:
    body = CountingStream(chunks=10_000)  # 10 MB, sent without a Content-Length
    api.get("/api/v2/task/1").mock(return_value=httpx.Response(200, stream=body))
    client = make_client(kind, max_response_bytes=4096)
    with pytest.raises(ResponseTooLargeError) as caught:
        await resolve(client.tasks.get(1))
    await close(client)
    assert str(caught.value) == (
        "GET /api/v2/task/1 answered a body larger than max_response_bytes (4096 bytes); the "
        "rest was not read. Give the client a larger max_response_bytes, or download it to a "
        "file"
    )
    assert caught.value.limit == 4096
    assert body.read == 5  # the fifth KiB crossed the cap; nothing after it was read


@httpx_only("counts the chunks the in-process body gave; a server writes ahead into the socket")
async def test_a_declared_length_past_the_cap_is_refused_before_reading(
    kind: str, api: respx.MockRouter
) -> None:
    body = CountingStream(chunks=100)
    api.get("/api/v2/task/1").mock(
        return_value=httpx.Response(200, stream=body, headers={"Content-Length": "102400"})
    )
    client = make_client(kind, max_response_bytes=4096)
    with pytest.raises(ResponseTooLargeError):
        await resolve(client.tasks.get(1))
    await close(client)
    assert body.read == 0


async def test_an_error_body_is_capped_too(kind: str, api: respx.MockRouter) -> None:
    api.get("/api/v2/task/1").mock(
        return_value=httpx.Response(404, stream=CountingStream(chunks=100))
    )
    client = make_client(kind, max_response_bytes=4096)
    with pytest.raises(ResponseTooLargeError):
        await resolve(client.tasks.get(1))
    await close(client)


async def test_a_body_at_the_cap_is_read_whole(kind: str, api: respx.MockRouter) -> None:
    api.get("/api/v2/task/1").respond(404, content=b"n" * 4096)
    client = make_client(kind, max_response_bytes=4096)
    with pytest.raises(NotFoundError) as caught:
        await resolve(client.tasks.get(1))
    await close(client)
    assert caught.value.response.raw.content == b"n" * 4096


async def test_a_download_to_a_file_is_not_capped(
    kind: str, api: respx.MockRouter, tmp_path: Path
) -> None:
    body = CountingStream(chunks=64)
    api.get("/api/v2/artifact/7/file").mock(return_value=httpx.Response(200, stream=body))
    client = make_client(kind, max_response_bytes=4096)
    response = await resolve(client.result_files.download(7, tmp_path / "big.bin"))
    await close(client)
    assert response.data == tmp_path / "big.bin"
    assert (tmp_path / "big.bin").read_bytes() == CHUNK * 64


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "64"])
def test_a_bad_max_response_bytes_is_refused(value: object) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes must be an integer >= 1"):
        MaestroClient(LOGIN, KEY, max_response_bytes=value)  # type: ignore[arg-type]


def test_the_default_cap_is_64_mib() -> None:
    client = MaestroClient(LOGIN, KEY)
    assert client._transport.options.max_response_bytes == 64 * 1024 * 1024


class FakeClock:
    """The transports' deadline clock, moved on by the fake server as requests take time."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 1000.0
        monkeypatch.setattr(TransportCore, "clock", staticmethod(lambda: self.now))

    def takes(self, seconds: float, response: httpx.Response) -> httpx.Response:
        self.now += seconds
        return response


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return FakeClock(monkeypatch)


@httpx_only("reads the timeouts httpx attaches to the request object, which never go over the wire")
async def test_the_deadline_covers_the_login_the_renewal_and_the_replay(
    client: AnyClient, api: respx.MockRouter, clock: FakeClock
) -> None:
    login_timeouts: list[float] = []

    def login(request: httpx.Request) -> httpx.Response:
        login_timeouts.append(request.extensions["timeout"]["read"])
        return clock.takes(0.4, httpx.Response(200, json={"accessToken": TOKEN}))

    api["login"].mock(side_effect=login)
    task = api.get("/api/v2/task/1").mock(
        side_effect=lambda request: clock.takes(0.4, httpx.Response(401))
    )
    with pytest.raises(APITimeoutError, match="the deadline ran out while reading the answer"):
        await resolve(client.with_options(deadline=1.0).tasks.get(1))
    # login (0.4 s), the request (0.4 s, 401), the renewal with what was left (0.2 s, but it
    # took 0.4 s: its answer is not used), no replay
    assert api["login"].call_count == 2
    assert task.call_count == 1
    assert login_timeouts == [pytest.approx(1.0), pytest.approx(0.2)]


async def test_a_retry_wait_counts_the_time_the_login_took(
    kind: str, api: respx.MockRouter, clock: FakeClock, sleeps: list[float]
) -> None:
    api["login"].mock(
        side_effect=lambda request: clock.takes(
            0.7, httpx.Response(200, json={"accessToken": TOKEN})
        )
    )
    task = api.get("/api/v2/task/1").respond(503)
    policy = RetryPolicy(backoff_initial=0.5, jitter=0.0)
    client = make_client(kind, retry_policy=policy).with_options(deadline=1.0)
    with pytest.raises(ServerError):
        await resolve(client.tasks.get(1))
    # 0.3 s were left after the login: the 0.5 s wait before a retry does not fit.
    assert task.call_count == 1
    assert sleeps == []


async def test_an_answer_is_freed_when_its_last_reference_goes_without_waiting_for_the_gc(
    client: AnyClient, api: respx.MockRouter
) -> None:
    # httpx's response and its stream refer to each other; the SDK breaks that cycle once the
    # body is read, so pages of an iterator never pile up between garbage collections.
    api.get("/api/v2/task/1").respond(200, json={"id": 1, "state": "START"})
    gc.disable()
    try:
        response = await resolve(client.tasks.get(1))
        assert response.parsed.id == 1
        raw = weakref.ref(response.raw)
        del response
        assert raw() is None
    finally:
        gc.enable()


WAITED_TOO_LONG = "the deadline ran out while waiting for another call's login"


def test_a_thread_waiting_for_another_threads_login_gives_up_at_its_own_deadline(
    api: respx.MockRouter,
) -> None:
    login_started, login_may_answer = threading.Event(), threading.Event()

    def slow_login(request: httpx.Request) -> httpx.Response:
        login_started.set()
        login_may_answer.wait(30)
        return httpx.Response(200, json={"accessToken": TOKEN})

    api["login"].mock(side_effect=slow_login)
    api.get("/api/v2/task/1").respond(200, json={"id": 1, "state": "START"})
    client = make_client("sync")
    assert isinstance(client, MaestroClient)
    answers: list[int] = []
    first = threading.Thread(target=lambda: answers.append(client.tasks.get(1).parsed.id))
    first.start()
    assert login_started.wait(30)
    try:
        with pytest.raises(APITimeoutError, match=WAITED_TOO_LONG):
            client.with_options(deadline=0.05).tasks.get(1)
    finally:
        login_may_answer.set()
        first.join(30)
    # the login in progress was not disturbed, and the lock was left free
    assert answers == [1]
    assert client.tasks.get(1).parsed.id == 1
    assert api["login"].call_count == 1
    client.close()


async def test_a_task_waiting_for_another_tasks_login_gives_up_at_its_own_deadline(
    api: respx.MockRouter,
) -> None:
    login_started, login_may_answer = asyncio.Event(), asyncio.Event()

    async def slow_login(request: httpx.Request) -> httpx.Response:
        login_started.set()
        await login_may_answer.wait()
        return httpx.Response(200, json={"accessToken": TOKEN})

    api["login"].mock(side_effect=slow_login)
    api.get("/api/v2/task/1").respond(200, json={"id": 1, "state": "START"})
    client = make_client("async")
    assert isinstance(client, AsyncMaestroClient)
    first = asyncio.ensure_future(client.tasks.get(1))
    await login_started.wait()
    try:
        with pytest.raises(APITimeoutError, match=WAITED_TOO_LONG):
            await client.with_options(deadline=0.05).tasks.get(1)
    finally:
        login_may_answer.set()
    assert (await first).parsed.id == 1
    assert (await client.tasks.get(1)).parsed.id == 1
    assert api["login"].call_count == 1
    await client.aclose()


class TricklingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body sent a few bytes at a time, each piece taking ``pause`` seconds on the clock."""

    def __init__(self, clock: FakeClock, body: bytes, *, size: int = 5, pause: float = 0.3) -> None:
        self.clock = clock
        self.pieces = [body[i : i + size] for i in range(0, len(body), size)]
        self.pause = pause
        self.sent = 0

    def _next_piece(self, index: int) -> bytes:
        self.clock.now += self.pause
        self.sent = index + 1
        return self.pieces[index]

    def __iter__(self) -> Iterator[bytes]:
        for index in range(len(self.pieces)):
            yield self._next_piece(index)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for index in range(len(self.pieces)):
            yield self._next_piece(index)


TRICKLED_TASK = b'{"id": 1, "state": "FINISHED", "activityLabel": "xxxxxxxxxxxxxxxxxxxx"}'
READING_TOO_LONG = "timed out: the deadline ran out while reading the answer"


@httpx_only("counts the pieces the in-process body gave; a server writes ahead into the socket")
async def test_a_body_still_arriving_at_the_deadline_raises_without_reading_the_rest(
    client: AnyClient, api: respx.MockRouter, clock: FakeClock
) -> None:
    body = TricklingStream(clock, TRICKLED_TASK)
    task = api.get("/api/v2/task/1").mock(return_value=httpx.Response(200, stream=body))
    with pytest.raises(APITimeoutError) as caught:
        await resolve(client.with_options(deadline=1.0).tasks.get(1))
    assert str(caught.value) == f"GET {BASE_URL}/api/v2/task/1 {READING_TOO_LONG}"
    # 0.3 s per piece: the fourth ends at 1.2 s, past the deadline; the other 11 stay unread.
    assert (body.sent, len(body.pieces)) == (4, 15)
    assert task.call_count == 1  # no time is left for a retry


async def test_a_body_that_arrives_within_the_deadline_is_read_whole(
    client: AnyClient, api: respx.MockRouter, clock: FakeClock
) -> None:
    body = TricklingStream(clock, TRICKLED_TASK, pause=0.05)
    api.get("/api/v2/task/1").mock(return_value=httpx.Response(200, stream=body))
    response = await resolve(client.with_options(deadline=1.0).tasks.get(1))
    assert response.parsed.activity_label == "x" * 20
    assert clock.now == pytest.approx(1000.75)


@httpx_only("counts the pieces the in-process body gave; a server writes ahead into the socket")
async def test_a_download_still_arriving_at_the_deadline_raises_and_leaves_no_file(
    client: AnyClient, api: respx.MockRouter, clock: FakeClock, tmp_path: Path
) -> None:
    body = TricklingStream(clock, b"y" * 100, size=10)
    api.get("/api/v2/artifact/7/file").mock(return_value=httpx.Response(200, stream=body))
    target = tmp_path / "report.pdf"
    with pytest.raises(APITimeoutError) as caught:
        await resolve(client.with_options(deadline=1.0).result_files.download(7, target))
    assert str(caught.value) == f"GET {BASE_URL}/api/v2/artifact/7/file {READING_TOO_LONG}"
    assert body.sent == 4
    assert list(tmp_path.iterdir()) == []


# -- one deadline for a whole operation -----------------------------------------------------

ENTRY = {"id": "e1", "datapoolLabel": "p", "state": "PROCESSING", "values": {}}


@pytest.fixture
def clock_sleeps(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> list[float]:
    """Waits recorded instead of slept, each moving the fake clock on by its length."""
    recorded: list[float] = []

    def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)
        clock.now += seconds

    async def fake_async_sleep(seconds: float) -> None:
        fake_sleep(seconds)

    monkeypatch.setattr(SyncTransport, "sleep", staticmethod(fake_sleep))
    monkeypatch.setattr(AsyncTransport, "sleep", staticmethod(fake_async_sleep))
    return recorded


@httpx_only("reads the timeouts httpx attaches to the request object, which never go over the wire")
async def test_the_requests_of_one_operation_share_its_deadline(
    client: AnyClient, api: respx.MockRouter, clock: FakeClock
) -> None:
    post_timeouts: list[float] = []

    def post(request: httpx.Request) -> httpx.Response:
        post_timeouts.append(request.extensions["timeout"]["read"])
        return clock.takes(0.4, httpx.Response(200, json={**ENTRY, "state": "DONE"}))

    entry = "/api/v2/datapool/p/entry/e1"
    get = api.get(entry).mock(
        side_effect=lambda request: clock.takes(0.4, httpx.Response(200, json=ENTRY))
    )
    api.post(entry).mock(side_effect=post)
    with pytest.raises(APITimeoutError) as caught:
        await resolve(client.with_options(deadline=0.6).datapools.report_done("p", "e1"))
    # the GET took 0.4 s of the 0.6 s: the POST was sent with the 0.2 s left, not 0.6 s anew
    assert get.call_count == 1
    assert post_timeouts == [pytest.approx(0.2)]
    assert str(caught.value) == f"POST {BASE_URL}{entry} {READING_TOO_LONG}"


async def test_a_wait_between_requests_is_cut_to_the_deadline_and_ends_the_operation(
    client: AnyClient, api: respx.MockRouter, clock: FakeClock, clock_sleeps: list[float]
) -> None:
    def still_running(request: httpx.Request) -> httpx.Response:
        assert clock.now < 1100, "the wait went on past its deadline"
        return httpx.Response(200, json={"id": 1, "state": "RUNNING"})

    running = api.get("/api/v2/task/1").mock(side_effect=still_running)
    with pytest.raises(APITimeoutError) as caught:
        await resolve(client.with_options(deadline=12.0).tasks.wait(1, poll_interval=5.0))
    assert clock_sleeps == [5.0, 5.0, pytest.approx(2.0)]
    assert running.call_count == 3  # none after the cut wait: no time is left to send it
    assert str(caught.value) == (
        "tasks.wait timed out: the deadline ran out while waiting to send its next request"
    )
    assert (caught.value.method, caught.value.url) == ("GET", f"{BASE_URL}/api/v2/task/1")


async def test_a_wait_that_fits_in_the_deadline_is_not_cut(
    client: AnyClient, api: respx.MockRouter, clock_sleeps: list[float]
) -> None:
    answers = iter([{"id": 1, "state": "RUNNING"}, {"id": 1, "state": "FINISHED"}])
    api.get("/api/v2/task/1").mock(
        side_effect=lambda request: httpx.Response(200, json=next(answers))
    )
    waiting = client.with_options(deadline=12.0).tasks.wait(1, poll_interval=5.0)
    assert (await resolve(waiting)).parsed.state == "FINISHED"
    assert clock_sleeps == [5.0]


async def test_each_page_of_an_iterator_has_a_deadline_of_its_own(
    client: AnyClient, api: respx.MockRouter, clock: FakeClock
) -> None:
    # The time between pages is the consumer's: three pages of 0.4 s each fit a 0.6 s deadline.
    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        content = [{"id": 2 * number + 1}, {"id": 2 * number + 2}]
        return clock.takes(0.4, httpx.Response(200, json={"content": content, "totalPages": 3}))

    api.get("/api/v2/task").mock(side_effect=page)
    tasks = await collect(client.with_options(deadline=0.6).tasks.iterate(page_size=2))
    assert [task.id for task in tasks] == [1, 2, 3, 4, 5, 6]
    assert clock.now == pytest.approx(1001.2)
