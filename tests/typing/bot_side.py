"""The bot-side resources as users type them: checked with mypy --strict and pyright."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from typing_extensions import assert_type

from maestro import (
    Alert,
    Artifact,
    AsyncMaestroClient,
    Column,
    ErrorReport,
    Log,
    LogEntry,
    MaestroClient,
    MaestroResponse,
    Page,
    Task,
)


def sync_usage(client: MaestroClient, error: Exception) -> None:
    assert_type(client.tasks.list(state="RUNNING"), MaestroResponse[Page[Task]])
    assert_type(client.tasks.iterate(days=1), Iterator[Task])
    assert_type(
        client.tasks.finish(1, "SUCCESS", total_items=1, failed_items=0).parsed, Task | None
    )
    assert_type(client.tasks.kill(1), MaestroResponse[Task | None])
    assert_type(client.tasks.wait(1, timeout=60), MaestroResponse[Task])
    assert_type(client.logs.list().parsed, list[Log])
    assert_type(client.logs.create("a", [Column("n", "l")]), MaestroResponse[Log])
    assert_type(client.logs.add_entry("a", {"l": 1}), MaestroResponse[None])
    assert_type(client.logs.entries("a").parsed, list[LogEntry])
    assert_type(client.logs.read("a"), MaestroResponse[list[dict[str, Any]]])
    assert_type(client.logs.export_csv("a").parsed, bytes | None)
    assert_type(client.result_files.iterate(), Iterator[Artifact])
    assert_type(client.result_files.upload(1, Path("f.txt")), MaestroResponse[Artifact])
    assert_type(client.result_files.download(1, "out.bin"), MaestroResponse[bytes | None])
    assert_type(client.errors.report(1, error), MaestroResponse[ErrorReport])
    assert_type(client.errors.add_attachment(1, b"x", filename="x"), MaestroResponse[None])
    assert_type(client.alerts.create(1, "t", "m").parsed, Alert)
    assert_type(client.messages.send(subject="s", body="b", emails=["a@b"]), MaestroResponse[None])


async def async_usage(client: AsyncMaestroClient, error: Exception) -> None:
    assert_type(await client.tasks.list(), MaestroResponse[Page[Task]])
    assert_type(client.tasks.iterate(), AsyncIterator[Task])
    assert_type(await client.tasks.restart(1), MaestroResponse[Task | None])
    assert_type(await client.tasks.wait(1), MaestroResponse[Task])
    assert_type(await client.logs.read("a", days=30), MaestroResponse[list[dict[str, Any]]])
    assert_type(client.result_files.iterate(task_id=1), AsyncIterator[Artifact])
    assert_type(await client.result_files.upload(1, b"x", name="x"), MaestroResponse[Artifact])
    assert_type(client.errors.iterate(), AsyncIterator[ErrorReport])
    assert_type(await client.errors.report(1, error), MaestroResponse[ErrorReport])
    assert_type((await client.alerts.list()).parsed, Page[Alert])
