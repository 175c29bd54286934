"""The control-plane resources as users see them, checked with mypy --strict and pyright."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from typing_extensions import assert_type

from maestro import (
    AsyncMaestroClient,
    Automation,
    BotVersion,
    MaestroClient,
    MaestroResponse,
    Page,
    Runner,
    Schedule,
    Workspace,
)
from maestro.models import RunnerTasksSummary


def sync_usage(client: MaestroClient) -> None:
    assert_type(client.automations.list(), MaestroResponse[list[Automation]])
    assert_type(client.automations.search(label="x"), MaestroResponse[Page[Automation]])
    assert_type(client.automations.get("x").parsed, Automation)
    assert_type(client.bots.list(bot_id="b"), MaestroResponse[list[BotVersion]])
    assert_type(client.bots.search(), MaestroResponse[Page[BotVersion]])
    assert_type(client.bots.get("b", "1"), MaestroResponse[BotVersion])
    assert_type(client.bots.deploy("b", "1", "bot.zip", technology="PYTHON"), MaestroResponse[None])
    assert_type(client.bots.upload("b", "1", b"", filename="b.zip"), MaestroResponse[None])
    assert_type(client.bots.release("b", "1"), MaestroResponse[None])
    assert_type(client.bots.delete("b", "1"), MaestroResponse[None])
    assert_type(client.runners.list(is_online=True), MaestroResponse[Page[Runner]])
    assert_type(client.runners.iterate(type="DESKTOP"), Iterator[Runner])
    assert_type(client.runners.get("m"), MaestroResponse[Runner])
    assert_type(client.runners.logs("m"), MaestroResponse[Any])
    assert_type(
        client.runners.tasks_summary("m", days=7), MaestroResponse[RunnerTasksSummary | list[Any]]
    )
    assert_type(client.schedules.list(), MaestroResponse[Page[Schedule]])
    assert_type(client.schedules.iterate(), Iterator[Schedule])
    assert_type(client.schedules.get(1), MaestroResponse[Schedule])
    assert_type(client.schedules.create("a", "0 0 13 ? * *"), MaestroResponse[Schedule])
    assert_type(client.schedules.update(1, active=False), MaestroResponse[Schedule])
    assert_type(client.schedules.delete(1), MaestroResponse[None])
    assert_type(client.workspaces.list(), MaestroResponse[list[Workspace]])
    assert_type(client.workspaces.get(1), MaestroResponse[Workspace])


async def async_usage(client: AsyncMaestroClient) -> None:
    assert_type(await client.automations.list(), MaestroResponse[list[Automation]])
    assert_type(
        await client.bots.deploy("b", "1", "bot.zip", technology="PYTHON"), MaestroResponse[None]
    )
    assert_type(client.runners.iterate(), AsyncIterator[Runner])
    assert_type(client.schedules.iterate(), AsyncIterator[Schedule])
    assert_type((await client.schedules.create("a", "0 0 13 ? * *")).parsed, Schedule)
    assert_type((await client.workspaces.get(1)).parsed, Workspace)
