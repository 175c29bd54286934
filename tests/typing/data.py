"""Credentials and datapools as a consumer sees them, checked with mypy --strict and pyright."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr
from typing_extensions import assert_type

from maestro import (
    AsyncConsumedEntry,
    AsyncMaestroClient,
    ConsumedEntry,
    Credential,
    Datapool,
    DatapoolEntry,
    DatapoolSummary,
    MaestroClient,
    MaestroResponse,
    Page,
)


def sync_usage(client: MaestroClient) -> None:
    assert_type(client.credentials.get("vault"), MaestroResponse[Credential])
    assert_type(client.credentials.list().parsed, list[Credential])
    assert_type(client.credentials.get_value("vault", "user").parsed, SecretStr)
    assert_type(client.credentials.set_value("vault", "user", "x"), MaestroResponse[None])
    assert_type(client.credentials.remove_key("vault", "user"), MaestroResponse[Credential])
    assert_type(client.datapools.list(), MaestroResponse[Page[Datapool]])
    assert_type(client.datapools.update("p", active=True), MaestroResponse[Datapool])
    assert_type(client.datapools.summary("p").parsed, DatapoolSummary)
    assert_type(client.datapools.pull("p").parsed, "DatapoolEntry | None")
    assert_type(client.datapools.report_done("p", 1), MaestroResponse[DatapoolEntry])
    for pool in client.datapools.iterate():
        assert_type(pool, Datapool)
    for entry in client.datapools.consume("p", limit=3):
        assert_type(entry, ConsumedEntry)
        with entry:
            assert_type(entry.values, dict[str, Any])


async def async_usage(client: AsyncMaestroClient) -> None:
    assert_type(await client.credentials.get("vault"), MaestroResponse[Credential])
    assert_type((await client.credentials.get_value("vault", "k")).parsed, SecretStr)
    assert_type(await client.datapools.activate("p"), MaestroResponse[Datapool])
    assert_type((await client.datapools.pull("p")).parsed, "DatapoolEntry | None")
    async for pool in client.datapools.iterate():
        assert_type(pool, Datapool)
    async for entry in client.datapools.consume("p", on_error="continue"):
        assert_type(entry, AsyncConsumedEntry)
        async with entry:
            assert_type(await entry.report_done(), MaestroResponse[DatapoolEntry])
