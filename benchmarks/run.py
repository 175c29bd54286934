"""Benchmarks of the SDK against raw httpx, raw aiohttp and BotCity's own SDK, in one table.

Run ``python benchmarks/run.py`` (full sizes, a few minutes), ``--quick`` (smaller sizes) or
``--tiny`` (a smoke run of a few seconds; its numbers mean nothing). ``--only`` picks cases.

Cases: per-call cost of ``tasks.get(...).parsed`` in-process (``httpx.MockTransport``) and
over a loopback server in its own process; async fan-out against the same server with a
latency per request; the async client's connection pool (its default against httpx's 20
kept connections, with and without a modelled connection set-up cost); pagination; upload
and download of a large file; import time.
Contenders run interleaved in every round; each row shows the median with its spread
(25th to 75th percentile) and its comparison to the case's baseline, paired within rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import _bulk
import _calls
import _imports
import _server
from _harness import Row, quartiles, render

CASES = ("per-call", "fan-out", "pool", "pagination", "streaming", "import")

POOL_CONDITIONS_MS = ((None, 0), (None, 30), (100, 100))
"""(answer latency, connection set-up cost) of the pool case's servers, in milliseconds.

``None`` takes the fan-out's latency. The three model loopback (set-up costs nothing), TCP +
TLS 1.3 at 15 ms RTT, and a remote server like BotCity's cloud: 100 ms answers, 50 ms RTT
(two round trips per new connection). Where the client's CPU is the limit (the first two),
keeping fewer connections is faster; where the network is (the third), reuse wins.
"""


@dataclass(frozen=True)
class Sizes:
    """How much each case does; the goals hold at full size."""

    rounds: int  # per-call rounds
    calls: int  # calls per in-process sample
    loopback_calls: int
    fan_rounds: int
    fan_out: int
    in_flight: int
    latency_ms: float
    sequential: int  # calls per sequential sample, for the fan-out ratio
    bulk_rounds: int
    items: int
    page_size: int
    file_mib: int
    import_rounds: int


# Many short rounds rather than a few long ones: pairs of samples taken close together see
# the same load on a shared machine.
FULL = Sizes(31, 1000, 100, 7, 1000, 50, 20, 25, 3, 100_000, 50, 256, 15)
QUICK = Sizes(11, 300, 50, 3, 300, 50, 20, 10, 3, 10_000, 50, 32, 7)
TINY = Sizes(1, 20, 10, 1, 20, 5, 1, 3, 1, 120, 50, 1, 1)


def machine() -> str:
    """One line naming the machine and the versions measured."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    versions = []
    for name in ("botcity-maestro-client", "httpx", "pydantic", "aiohttp", "botcity-maestro-sdk"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} not installed")
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; " + ", ".join(versions)
    )


def _progress(case: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:6.0f} s] {case}...", file=sys.stderr, flush=True)


async def run(sizes: Sizes, cases: list[str]) -> list[Row]:
    """Every chosen case, in order, each against its own server process."""
    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        if "per-call" in cases:
            _progress("per-call", started)
            rows += await _calls.in_process(sizes.rounds, sizes.calls)
            with _server.running() as url:
                rows += await _calls.loopback(url, sizes.rounds, sizes.loopback_calls)
        if "fan-out" in cases:
            _progress("fan-out", started)
            with _server.running(latency_ms=sizes.latency_ms) as url:
                rows += await _calls.fan_out_rows(
                    url,
                    sizes.fan_rounds,
                    sizes.fan_out,
                    sizes.in_flight,
                    sizes.sequential,
                    sizes.latency_ms,
                )
        if "pool" in cases:
            _progress("pool", started)
            for answer_ms, connect_ms in POOL_CONDITIONS_MS:
                latency_ms = sizes.latency_ms if answer_ms is None else answer_ms
                server = _server.running(latency_ms=latency_ms, connect_latency_ms=connect_ms)
                with server as url:
                    rows += await _calls.pool_rows(
                        url,
                        sizes.fan_rounds,
                        sizes.fan_out,
                        sizes.in_flight,
                        latency_ms,
                        connect_ms,
                    )
        if "pagination" in cases:
            _progress("pagination", started)
            with _server.running(items=sizes.items) as url:
                rows += await _bulk.pagination(url, sizes.bulk_rounds, sizes.items, sizes.page_size)
        if "streaming" in cases:
            _progress("streaming", started)
            with _server.running(download_bytes=sizes.file_mib * _bulk.MIB) as url:
                rows += await _bulk.streaming(url, Path(folder), sizes.bulk_rounds, sizes.file_mib)
        if "import" in cases:
            _progress("import", started)
            rows += await _imports.import_rows(sizes.import_rounds, Path(folder) / "pycache")
    _progress("done", started)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, run the cases, print the table and the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smaller sizes, about a minute")
    size.add_argument("--tiny", action="store_true", help="a smoke run; numbers mean nothing")
    parser.add_argument("--only", default=",".join(CASES), help=f"comma-separated: {CASES}")
    args = parser.parse_args(argv)
    sizes = TINY if args.tiny else QUICK if args.quick else FULL
    cases = [case.strip() for case in args.only.split(",")]
    unknown = sorted(set(cases) - set(CASES))
    if unknown:
        parser.error(f"unknown cases {unknown}; choose from {CASES}")
    print(f"machine: {machine()}")
    print(f"sizes: {'tiny' if args.tiny else 'quick' if args.quick else 'full'} {sizes}\n")
    rows = asyncio.run(run(sizes, cases))
    print(render(rows))
    print(
        "\nµs and ms: lower is better; req/s and MiB/s: higher is better. Peaks are compared"
        " by difference, the rest by ratio, both within each round."
    )
    goals = [row for row in rows if row.goal is not None]
    missed = [row for row in goals if row.goal and not row.goal.met(quartiles(row.compared)[1])]
    print(f"\ngoals met: {len(goals) - len(missed)} of {len(goals)}")
    for row in missed:
        print(f"not met: {row.case} / {row.contender} ({row.goal})")


if __name__ == "__main__":
    main()
