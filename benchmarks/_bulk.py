"""Pagination of many result files, and large uploads and downloads, over loopback.

The server runs in its own process, so the peaks (``tracemalloc``, in this process) are the
client's alone. Times come from interleaved rounds without tracing; peaks from one more
round with tracing (it slows allocations down), each run after a full collection: peaks
then repeat to the kilobyte from round to round, so one round tells them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import _server
import httpx
from _calls import HAS_HTTPX_AIOHTTP, HAS_OFFICIAL, HEADERS, aiohttp_http_client
from _harness import Goal, Measure, Row, interleave, traced_peak

from maestro import AsyncMaestroClient, MaestroClient
from maestro.models import Artifact, Page

Run = Callable[[], Awaitable[object]]
"""One whole operation of one contender (walk every page, send or fetch the file)."""

FILTERS: dict[str, str | int] = {"sort": "dateCreation,desc", "days": 7}
MIB = 2**20
PEAK_GOAL = Goal("<=", 1.0, " MiB")
"""Flat memory: at most 1 MiB above the raw httpx baseline that holds one page or chunk."""


def _sync(body: Callable[[], object]) -> Run:
    async def run() -> object:
        return body()

    return run


def _seconds(run: Run) -> Measure:
    async def measure() -> float:
        started = time.perf_counter()
        await run()
        return time.perf_counter() - started

    return measure


def _peak(run: Run) -> Measure:
    async def measure() -> float:
        return await traced_peak(run)

    return measure


async def _sdk_clients(stack: AsyncExitStack, base_url: str) -> dict[str, Any]:
    """The SDK's clients on one server: sync, async, and async on aiohttp when installed."""
    clients: dict[str, Any] = {
        "maestro sync": stack.enter_context(MaestroClient("login", "key", base_url)),
        "maestro async": await stack.enter_async_context(
            AsyncMaestroClient("login", "key", base_url)
        ),
    }
    if HAS_HTTPX_AIOHTTP:
        http, _ = aiohttp_http_client()
        await stack.enter_async_context(http)
        clients["maestro async, aiohttp"] = await stack.enter_async_context(
            AsyncMaestroClient("login", "key", base_url, http_client=http)
        )
    return clients


def _official(base_url: str) -> Any:
    if not HAS_OFFICIAL:
        return None
    from botcity.maestro import BotMaestroSDK  # type: ignore[import-untyped]

    official = BotMaestroSDK(server=base_url, login="login", key="key")
    official.login()
    return official


async def _measure(
    case: str,
    runs: dict[str, Run],
    rounds: int,
    *,
    unit: str,
    from_seconds: Callable[[float], float],
    peak_note: str,
) -> list[Row]:
    """Rows of speed (ratio to the first contender) and peak memory (difference to it)."""
    for run in runs.values():
        await run()  # warm-up: logins, model builds, connections
    seconds = await interleave(rounds, {name: _seconds(run) for name, run in runs.items()})
    peaks = await interleave(1, {name: _peak(run) for name, run in runs.items()})
    base = next(iter(runs))
    speed = {
        name: Row(case, name, unit, [from_seconds(s) for s in v]) for name, v in seconds.items()
    }
    memory = {name: Row(case, name, "MiB peak", values) for name, values in peaks.items()}
    for name in runs:
        if name != base:
            speed[name].compare(speed[base])
            memory[name].compare(memory[base], difference=True)
            if name.startswith("maestro"):
                memory[name].goal = PEAK_GOAL
                memory[name].note = peak_note
    return list(speed.values()) + list(memory.values())


async def pagination(base_url: str, rounds: int, items: int, page_size: int) -> list[Row]:
    """Walk every result file page by page: time per item and peak memory."""

    def raw_walk(client: httpx.Client) -> int:
        count, page = 0, 0
        while True:
            query = {"size": page_size, "page": page, **FILTERS}
            response = client.get("/api/v2/artifact", params=query)
            response.raise_for_status()
            body = Page[Artifact].model_validate_json(response.content)
            count += len(body.content)
            if body.is_last():
                return count
            page += 1

    def sync_walk(client: MaestroClient) -> Run:
        return _sync(lambda: sum(1 for _ in client.result_files.iterate(page_size=page_size)))

    def async_walk(client: AsyncMaestroClient) -> Run:
        async def run() -> int:
            return len([1 async for _ in client.result_files.iterate(page_size=page_size)])

        return run

    async with AsyncExitStack() as stack:
        raw = stack.enter_context(httpx.Client(base_url=base_url, headers=HEADERS))
        runs: dict[str, Run] = {"raw httpx": _sync(lambda: raw_walk(raw))}
        for name, client in (await _sdk_clients(stack, base_url)).items():
            runs[name] = sync_walk(client) if name == "maestro sync" else async_walk(client)
        official = _official(base_url)
        if official is not None:
            runs["botcity-maestro-sdk"] = _sync(lambda: len(official.list_artifacts(days=7)))
        case = f"pagination, {items:,} items in pages of {page_size}"
        rows = await _measure(
            case,
            runs,
            rounds,
            unit="µs/item",
            from_seconds=lambda seconds: seconds / items * 1e6,
            peak_note="goal: one page held at a time",
        )
    for row in rows:
        if row.contender.startswith("botcity"):
            row.note = "list_artifacts: pages of 5 (fixed), returns a list"
    return rows


def _sdk_transfers(client: Any, source: Path, target: Path) -> tuple[Run, Run]:
    """The SDK's upload and download of the file, as runs, for either client."""

    def upload() -> Any:
        return client.result_files.upload(_server.TASK_ID, source)

    def download() -> Any:
        return client.result_files.download(_server.ARTIFACT_ID, to=target)

    if isinstance(client, MaestroClient):
        return _sync(upload), _sync(download)
    return upload, download


async def streaming(base_url: str, folder: Path, rounds: int, size_mib: int) -> list[Row]:
    """Upload and download one ``size_mib`` file: throughput and peak memory."""
    source, target = folder / _server.ARTIFACT_NAME, folder / "copy.bin"
    with source.open("wb") as sink:
        for _ in range(size_mib):
            sink.write(os.urandom(MIB))
    task_id, artifact_id = _server.TASK_ID, _server.ARTIFACT_ID

    def raw_upload(client: httpx.Client) -> None:
        created = client.post("/api/v2/artifact", json={"taskId": task_id, "name": "big.bin"})
        created.raise_for_status()
        with source.open("rb") as file:
            files = {"file": (source.name, file)}
            client.post(f"/api/v2/artifact/log/{artifact_id}", files=files).raise_for_status()

    def raw_download(client: httpx.Client) -> None:
        with client.stream("GET", f"/api/v2/artifact/{artifact_id}/file") as response:
            response.raise_for_status()
            with target.open("wb") as file:
                for chunk in response.iter_bytes():
                    file.write(chunk)

    def official_download(official: Any) -> None:
        _, content = official.get_artifact(artifact_id)
        target.write_bytes(content)

    rows = []
    async with AsyncExitStack() as stack:
        raw = stack.enter_context(httpx.Client(base_url=base_url, headers=HEADERS))
        sdks = await _sdk_clients(stack, base_url)
        official = _official(base_url)
        uploads: dict[str, Run] = {"raw httpx stream": _sync(lambda: raw_upload(raw))}
        downloads: dict[str, Run] = {"raw httpx stream": _sync(lambda: raw_download(raw))}
        for name, client in sdks.items():
            uploads[name], downloads[name] = _sdk_transfers(client, source, target)
        if official is not None:
            uploads["botcity-maestro-sdk"] = _sync(
                lambda: official.post_artifact(task_id, "big", str(source))
            )
            downloads["botcity-maestro-sdk"] = _sync(lambda: official_download(official))
        official_notes = {
            "upload": "post_artifact: requests-toolbelt multipart",
            "download": "get_artifact: the whole body in memory",
        }
        for direction, runs in (("upload", uploads), ("download", downloads)):
            measured = await _measure(
                f"{direction} {size_mib} MiB",
                runs,
                rounds,
                unit="MiB/s",
                from_seconds=lambda seconds: size_mib / seconds,
                peak_note="goal: flat, streamed in chunks",
            )
            for row in measured:
                if row.contender.startswith("botcity"):
                    row.note = official_notes[direction]
            rows += measured
    return rows
