"""How much the SDK adds per call, against raw httpx on the same in-process transport.

Baseline: an ``httpx.Client`` sending the same GET with the same headers and decoding the
JSON body with ``json.loads``. Measured: ``client.tasks.get`` (path encoding, auth headers,
retry bookkeeping, pydantic parsing into ``Task``). Both run in this process, one after the
other, so the ratio holds on any machine. Run: ``python benchmarks/bench_overhead.py``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import httpx

from maestro import MaestroClient

TASK = json.dumps(
    {
        "id": 123456,
        "state": "FINISHED",
        "parameters": {"p1": "x", "p2": 2},
        "activityLabel": "MyAutomation",
        "activityName": "My Automation",
        "agentId": "MyBot",
        "machineId": "runner-01",
        "organizationLabel": "myorg",
        "dateCreation": "2025-01-01T10:00:00Z",
        "dateLastModified": "2025-01-01T10:05:00Z",
        "finishStatus": "SUCCESS",
        "priority": 0,
        "totalItems": 10,
        "processedItems": 10,
        "failedItems": 0,
    }
).encode()


def handler(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/login"):
        return httpx.Response(200, json={"accessToken": "t", "organizationLabel": "o"})
    return httpx.Response(200, content=TASK, headers={"Content-Type": "application/json"})


def best_of(runs: int, calls: int, body: Callable[[], object]) -> float:
    """The best per-call time over ``runs`` rounds of ``calls`` calls, in microseconds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(calls):
            body()
        best = min(best, (time.perf_counter() - started) / calls)
    return best * 1e6


def main(calls: int = 2000, runs: int = 5) -> None:
    transport = httpx.MockTransport(handler)
    raw = httpx.Client(transport=transport, base_url="https://maestro.test")
    headers = {"token": "t", "organization": "o", "Authorization": "Bearer t"}
    client = MaestroClient("login", "key", "https://maestro.test", transport=transport)
    client.authenticate()

    baseline = best_of(
        runs, calls, lambda: json.loads(raw.get("/api/v2/task/123456", headers=headers).content)
    )
    sdk = best_of(runs, calls, lambda: client.tasks.get(123456).parsed)
    print(f"raw httpx + json.loads : {baseline:8.1f} us/call")
    print(f"client.tasks.get       : {sdk:8.1f} us/call")
    print(f"ratio (sdk / baseline) : {sdk / baseline:8.2f}x")
    raw.close()
    client.close()


if __name__ == "__main__":
    main()
