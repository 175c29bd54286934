"""A consumer of the SDK, checked with mypy --strict and pyright: the types users see."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

from typing_extensions import assert_type

from maestro import AsyncMaestroClient, MaestroClient, MaestroResponse, ServerVersion, Task
from maestro.models import LoginResponse


def sync_usage(client: MaestroClient) -> None:
    assert_type(client.tasks.get(1), MaestroResponse[Task])
    assert_type(client.tasks.get("1").parsed, Task)
    assert_type(client.tasks.create("label", priority=3), MaestroResponse[Task])
    assert_type(client.version(), MaestroResponse[ServerVersion])
    assert_type(client.request_raw("GET", "/task"), MaestroResponse[Any])
    assert_type(client.authenticate(), MaestroResponse[LoginResponse])
    assert_type(client.with_options(max_retries=0), MaestroClient)
    assert_type(client.token, "str | None")


async def async_usage(client: AsyncMaestroClient) -> None:
    assert_type(await client.tasks.get(1), MaestroResponse[Task])
    assert_type((await client.tasks.create("label")).parsed, Task)
    assert_type(await client.version(), MaestroResponse[ServerVersion])
    assert_type(await client.request_raw("GET", "/task"), MaestroResponse[Any])
    assert_type(await client.authenticate(), MaestroResponse[LoginResponse])
    assert_type(client.with_options(deadline=5.0), AsyncMaestroClient)


def run_from_sync_code(client: AsyncMaestroClient) -> Task:
    # asyncio.run needs a Coroutine, not just an Awaitable.
    return asyncio.run(client.tasks.get(1)).parsed


def _unused(i: Iterator[Task], a: AsyncIterator[Task]) -> None: ...
