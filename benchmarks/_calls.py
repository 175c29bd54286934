"""Per-call cost and async fan-out of ``tasks.get``, against raw clients validating ``Task``.

Every contender sends the same GET, with the same authentication headers, and ends with the
same ``Task`` model: raw clients check the status and validate the body with
``Task.model_validate_json``, the SDK reads ``.parsed``. BotCity's own SDK (``get_task``:
requests, one connection per call, its own dataclass) joins the loopback case when installed.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import _server
import httpx
from _harness import Goal, Measure, Row, interleave, quartiles

import maestro
from maestro import AsyncMaestroClient, MaestroClient, Task

TASK_ID = _server.TASK_ID
TASK_PATH = f"/api/v2/task/{TASK_ID}"
HEADERS = {"token": "t0ken", "organization": "myorg", "Authorization": "Bearer t0ken"}
IN_PROCESS_URL = "https://maestro.test"

HAS_AIOHTTP = importlib.util.find_spec("aiohttp") is not None
HAS_HTTPX_AIOHTTP = importlib.util.find_spec("httpx_aiohttp") is not None
HAS_OFFICIAL = importlib.util.find_spec("botcity.maestro") is not None


def _answer(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/login"):
        return httpx.Response(200, content=_server.LOGIN_BODY)
    return httpx.Response(200, content=_server.TASK_BODY)


Clock = Callable[[], float]


def per_call(calls: int, call: Callable[[], object], clock: Clock = time.perf_counter) -> Measure:
    """Microseconds per call, over ``calls`` calls in a row."""

    async def measure() -> float:
        started = clock()
        for _ in range(calls):
            call()
        return (clock() - started) / calls * 1e6

    return measure


def per_async_call(
    calls: int, call: Callable[[], Awaitable[object]], clock: Clock = time.perf_counter
) -> Measure:
    """Microseconds per awaited call, over ``calls`` calls in a row."""

    async def measure() -> float:
        started = clock()
        for _ in range(calls):
            await call()
        return (clock() - started) / calls * 1e6

    return measure


def fan_out(total: int, in_flight: int, call: Callable[[], Awaitable[object]]) -> Measure:
    """Requests per second of ``total`` calls with ``in_flight`` of them running at once."""

    async def measure() -> float:
        remaining = iter(range(total))

        async def worker() -> None:
            for _ in remaining:
                await call()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        return total / (time.perf_counter() - started)

    return measure


def aiohttp_http_client() -> tuple[httpx.AsyncClient, str]:
    """The SDK's aiohttp option when it exists, else httpx-aiohttp's client; and its name."""
    default = getattr(maestro, "DefaultAioHttpClient", None)
    if default is not None:
        return default(), "maestro.DefaultAioHttpClient"
    import httpx_aiohttp

    return httpx_aiohttp.HttpxAiohttpClient(), "httpx_aiohttp.HttpxAiohttpClient"


class AsyncContenders:
    """The async clients of one loopback server, opened and closed together."""

    def __init__(self, base_url: str, stack: AsyncExitStack) -> None:
        self.base_url = base_url
        self.stack = stack
        self.calls: dict[str, Callable[[], Awaitable[object]]] = {}
        self.notes: dict[str, str] = {}

    async def open(self, *, raw_httpx: bool, raw_aiohttp: bool) -> None:
        """Log in every client, so no round pays for a login."""
        if raw_httpx:
            raw = await self.stack.enter_async_context(
                httpx.AsyncClient(base_url=self.base_url, headers=HEADERS)
            )
            self.calls["raw httpx async"] = lambda: _raw_httpx_get(raw)
        sdk = await self.stack.enter_async_context(
            AsyncMaestroClient("login", "key", self.base_url)
        )
        self.calls["maestro async"] = lambda: _sdk_get(sdk)
        if HAS_HTTPX_AIOHTTP:
            http, name = aiohttp_http_client()
            await self.stack.enter_async_context(http)
            on_aiohttp = await self.stack.enter_async_context(
                AsyncMaestroClient("login", "key", self.base_url, http_client=http)
            )
            self.calls["maestro async, aiohttp"] = lambda: _sdk_get(on_aiohttp)
            self.notes["maestro async, aiohttp"] = f"http_client={name}()"
        if raw_aiohttp and HAS_AIOHTTP:
            import aiohttp

            session = await self.stack.enter_async_context(aiohttp.ClientSession(headers=HEADERS))
            url = self.base_url + TASK_PATH
            self.calls["raw aiohttp"] = lambda: _raw_aiohttp_get(session, url)
        for call in self.calls.values():
            await call()


async def _raw_httpx_get(client: httpx.AsyncClient) -> Task:
    response = await client.get(TASK_PATH)
    response.raise_for_status()
    return Task.model_validate_json(response.content)


async def _sdk_get(client: AsyncMaestroClient) -> Task:
    return (await client.tasks.get(TASK_ID)).parsed


async def _raw_aiohttp_get(session: Any, url: str) -> Task:
    async with session.get(url) as response:
        response.raise_for_status()
        return Task.model_validate_json(await response.read())


def _raw_sync_get(client: httpx.Client) -> Task:
    response = client.get(TASK_PATH)
    response.raise_for_status()
    return Task.model_validate_json(response.content)


@asynccontextmanager
async def _official(base_url: str) -> AsyncIterator[Callable[[], object] | None]:
    if not HAS_OFFICIAL:
        yield None
        return
    from botcity.maestro import BotMaestroSDK  # type: ignore[import-untyped]

    official = BotMaestroSDK(server=base_url, login="login", key="key")
    official.login()
    yield lambda: official.get_task(str(TASK_ID))


def _versus(samples: dict[str, list[float]], case: str, unit: str) -> list[Row]:
    """Rows for one case: sync contenders against raw httpx, async ones against raw async."""
    rows = {name: Row(case, name, unit, values) for name, values in samples.items()}
    for name, row in rows.items():
        base = "raw httpx async" if "async" in name else "raw httpx"
        if name != base and base in rows:
            row.compare(rows[base])
    return list(rows.values())


async def in_process(rounds: int, calls: int) -> list[Row]:
    """Per-call cost over ``httpx.MockTransport``: the SDK's own work, no network."""
    transport = httpx.MockTransport(_answer)
    with (
        httpx.Client(transport=transport, base_url=IN_PROCESS_URL, headers=HEADERS) as raw,
        MaestroClient("login", "key", IN_PROCESS_URL, transport=transport) as sdk,
    ):
        async with (
            httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL, headers=HEADERS) as a,
            AsyncMaestroClient("login", "key", IN_PROCESS_URL, transport=transport) as asdk,
        ):
            # Nothing here waits on I/O: the CPU time of this process is the whole cost, and
            # unlike the wall clock it does not count the other processes of a shared machine.
            cpu = time.process_time
            contenders = {
                "raw httpx": per_call(calls, lambda: _raw_sync_get(raw), cpu),
                "maestro sync": per_call(calls, lambda: sdk.tasks.get(TASK_ID).parsed, cpu),
                "raw httpx async": per_async_call(calls, lambda: _raw_httpx_get(a), cpu),
                "maestro async": per_async_call(calls, lambda: _sdk_get(asdk), cpu),
            }
            for measure in contenders.values():
                await measure()  # warm-up: login, model build, pools
            samples = await interleave(rounds, contenders)
    rows = _versus(samples, "per call, in-process (CPU time)", "µs")
    for row in rows:
        if row.contender == "maestro sync":
            row.goal = Goal("<=", 1.15)
        elif row.contender == "maestro async":
            row.goal = Goal("<=", 1.20)
    return rows


async def loopback(base_url: str, rounds: int, calls: int) -> list[Row]:
    """Per-call cost over a loopback server in its own process (no added latency)."""
    async with AsyncExitStack() as stack, _official(base_url) as official:
        raw = stack.enter_context(httpx.Client(base_url=base_url, headers=HEADERS))
        sdk = stack.enter_context(MaestroClient("login", "key", base_url))
        contenders = {
            "raw httpx": per_call(calls, lambda: _raw_sync_get(raw)),
            "maestro sync": per_call(calls, lambda: sdk.tasks.get(TASK_ID).parsed),
        }
        if official is not None:
            contenders["botcity-maestro-sdk"] = per_call(calls, official)
        clients = AsyncContenders(base_url, stack)
        await clients.open(raw_httpx=True, raw_aiohttp=False)
        contenders |= {name: per_async_call(calls, call) for name, call in clients.calls.items()}
        for measure in contenders.values():
            await measure()
        samples = await interleave(rounds, contenders)
    rows = _versus(samples, "per call, loopback", "µs")
    for row in rows:
        row.note = clients.notes.get(row.contender, "")
    return rows


async def fan_out_rows(
    base_url: str, rounds: int, total: int, in_flight: int, sequential: int, latency_ms: float
) -> list[Row]:
    """Rate of ``total`` calls at ``in_flight`` at once, and its ratio to the sequential rate."""
    async with AsyncExitStack() as stack:
        clients = AsyncContenders(base_url, stack)
        await clients.open(raw_httpx=True, raw_aiohttp=True)
        contenders: dict[str, Measure] = {}
        for name, call in clients.calls.items():
            contenders[name] = fan_out(total, in_flight, call)
            contenders[name + " (sequential)"] = fan_out(sequential, 1, call)
        for call in clients.calls.values():
            await fan_out(in_flight * 2, in_flight, call)()  # warm-up: logins, connections
        samples = await interleave(rounds, contenders)
    case = f"fan-out {total:,}, {in_flight} in flight, {latency_ms:g} ms"
    rows = []
    for name in clients.calls:
        row = Row(case, name, "req/s", samples[name])
        alone = Row(case, "sequential", "req/s", samples[name + " (sequential)"])
        row.compare(alone)
        row.note = f"sequential {quartiles(alone.samples)[1]:.0f} req/s"
        if name in clients.notes:
            row.note += "; " + clients.notes[name]
        if name == "maestro async, aiohttp":
            row.goal = Goal(">=", 40)
        rows.append(row)
    return rows


CONNECTION_REUSE = {
    "maestro async (default: keep-alive 50)": {},
    "maestro async, max_keepalive_connections=20": {"max_keepalive_connections": 20},
}
"""The async client's pool settings compared by :func:`pool_rows`: the SDK's and httpx's."""


async def pool_rows(
    base_url: str,
    rounds: int,
    total: int,
    in_flight: int,
    latency_ms: float,
    connect_latency_ms: float,
) -> list[Row]:
    """Fan-out rate of the default pool against httpx's 20 kept connections, paired by round.

    With ``in_flight`` above 20, a pool keeping 20 idle connections closes the others after
    each call and opens new ones for the next (one per call, almost): cheap on loopback,
    a TCP and TLS handshake each time over a network, which ``connect_latency_ms`` models.
    Keeping more costs CPU instead: httpcore checks every kept connection on each request.
    """
    async with AsyncExitStack() as stack:
        contenders: dict[str, Measure] = {}
        for name, limits in CONNECTION_REUSE.items():
            client = await stack.enter_async_context(
                AsyncMaestroClient("login", "key", base_url, **limits)
            )
            call = functools.partial(_sdk_get, client)
            await fan_out(in_flight * 2, in_flight, call)()  # warm-up: login, connections
            contenders[name] = fan_out(total, in_flight, call)
        samples = await interleave(rounds, contenders)
    case = (
        f"pool: fan-out {total:,}, {in_flight} in flight, {latency_ms:g} ms, "
        f"+{connect_latency_ms:g} ms per new connection"
    )
    default, *others = (Row(case, name, "req/s", samples[name]) for name in CONNECTION_REUSE)
    for row in others:
        row.compare(default)
    return [default, *others]
