"""Fixtures for `maestro check`: a seeded emulator, and clients whose answers a test alters.

The seeded emulator has two of everything a list route lists, so every `get` route has an
item to read and every paged route can be checked for `page` and `size`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from maestro import Column, MaestroClient
from maestro._check import CheckReport, RouteResult, run_check
from maestro.testing import MaestroEmulator

Alter = Callable[[httpx.Request, Any], Any]
"""Changes a decoded JSON answer: gets the request and the data, returns the new data."""


def seed(emulator: MaestroEmulator) -> None:
    """Two of every listed object (automations and runners come with the emulator)."""
    with emulator.client() as sdk:
        tasks = [sdk.tasks.create("demo-invoices").parsed for _ in range(2)]
        for automation in ("demo-invoices", "demo-reports"):
            sdk.logs.create(automation, [Column("Items", "items")])
            sdk.logs.add_entry(automation, {"items": 1})
            sdk.schedules.create(automation, "0 0 13 ? * MON-FRI")
        for bot in ("InvoiceBot", "ReportBot"):
            sdk.bots.deploy(bot, "1.0.0", b"PK", technology="PYTHON", filename="bot.zip")
        for label in ("bank", "mail"):
            sdk.credentials.create(label, {"user": "robot", "password": f"{label}-password"})
        for label in ("orders", "refunds"):
            sdk.datapools.create(label)
            for number in range(2):
                sdk.datapools.push(label, {"number": str(number)})
        for task in tasks:
            sdk.result_files.upload(task.id, b"a;b\n1;2\n", name="report.csv")
            sdk.errors.create(task.id, type="ValueError", message="bad input")
            sdk.alerts.create(task.id, "Slow", "The portal answered slowly")


@pytest.fixture
def emulator() -> MaestroEmulator:
    seeded = MaestroEmulator(strict=True)
    seed(seeded)
    return seeded


class AlteringTransport(httpx.BaseTransport):
    """Forwards to the emulator and changes JSON answers with ``alter``.

    ``rewrite`` may change a request before it is forwarded (a server ignoring a query
    parameter answers as if it had not been sent).
    """

    def __init__(
        self,
        emulator: MaestroEmulator,
        alter: Alter | None = None,
        rewrite: Callable[[httpx.Request], httpx.Request] | None = None,
    ) -> None:
        self._inner = emulator.transport()
        self._alter = alter
        self._rewrite = rewrite

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        forwarded = self._rewrite(request) if self._rewrite else request
        response = self._inner.handle_request(forwarded)
        if self._alter is None or "json" not in response.headers.get("content-type", ""):
            return response
        data = self._alter(request, json.loads(response.read()))
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        content = json.dumps(data).encode()
        return httpx.Response(
            response.status_code, headers=headers, content=content, request=request
        )


def client_for(
    emulator: MaestroEmulator, transport: httpx.BaseTransport | None = None
) -> MaestroClient:
    return MaestroClient(
        emulator.login,
        emulator.key,
        emulator.base_url,
        transport=transport or emulator.transport(),
    )


def check(
    emulator: MaestroEmulator,
    *,
    transport: httpx.BaseTransport | None = None,
    write: bool = False,
    confirm: Callable[[str], bool] | None = None,
) -> CheckReport:
    with client_for(emulator, transport) as client:
        return run_check(client, write=write, confirm=confirm)


def row(report: CheckReport, route: str, kind: str = "read") -> RouteResult:
    (found,) = [item for item in report.rows if item.route == route and item.kind == kind]
    return found
