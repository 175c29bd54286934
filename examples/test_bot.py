"""Tests of ``bot.py``, as a user's suite writes them with the package's pytest fixtures.

Installing ``botcity-maestro-client`` registers ``maestro_emulator``, ``maestro_client`` and
``async_maestro_client``: each test gets a fresh emulator, no account, no network. Run with
``python -m pytest examples/test_bot.py``.
"""

from __future__ import annotations

import pytest
from bot import POOL, run

from maestro import AsyncMaestroClient, Column, FinishStatus, MaestroClient, SchemaField
from maestro.testing import MaestroEmulator


@pytest.fixture
def task_id(maestro_client: MaestroClient) -> int:
    """A task of the bot's automation with three invoices queued, as an operator leaves it."""
    maestro_client.datapools.create(POOL, schema=[SchemaField(label="invoice")])
    for invoice in ("INV-11", "INV-12", "INV-13"):
        maestro_client.datapools.push(POOL, {"invoice": invoice})
    columns = [Column("Invoice", "invoice"), Column("Status", "status")]
    maestro_client.logs.create("MyAutomation", columns=columns)
    return maestro_client.tasks.create("MyAutomation").parsed.id


def test_the_bot_pays_each_invoice_and_reports_the_refused_one(
    maestro_client: MaestroClient, maestro_emulator: MaestroEmulator, task_id: int
) -> None:
    """Two entries DONE, one ERROR of type BUSINESS; the task is partially completed."""
    status = run(maestro_client, task_id)

    assert status is FinishStatus.PARTIALLY_COMPLETED
    entries = maestro_emulator.datapool_entries(POOL)
    assert [entry["state"] for entry in entries] == ["DONE", "DONE", "ERROR"]
    assert entries[2]["errorType"] == "BUSINESS"
    task = maestro_emulator.tasks[task_id]
    assert (task["processedItems"], task["failedItems"]) == (2, 1)


def test_the_bot_uploads_its_report(
    maestro_client: MaestroClient, maestro_emulator: MaestroEmulator, task_id: int
) -> None:
    """The result file lists every invoice with its outcome."""
    run(maestro_client, task_id)

    (result_file,) = maestro_emulator.result_files.values()
    assert result_file.content == b"invoice,status\nINV-11,DONE\nINV-12,DONE\nINV-13,ERROR\n"


@pytest.mark.asyncio  # pytest-asyncio's default (strict) mode wants the marker
async def test_an_operator_sees_the_queue_with_the_async_client(
    async_maestro_client: AsyncMaestroClient, task_id: int
) -> None:
    """The fixtures share one emulator: what the sync client queued, the async one reads."""
    summary = (await async_maestro_client.datapools.summary(POOL)).parsed

    assert summary.count_pending == 3
