"""Credentials and datapools through the SDK's own clients, against the emulator.

Every test runs four times: in-process and over HTTP on 127.0.0.1, sync and async clients.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from maestro import (
    AsyncConsumedEntry,
    AsyncMaestroClient,
    ConflictError,
    ConsumedEntry,
    EntryState,
    EntryStateError,
    NotFoundError,
    RequestValidationError,
)
from maestro.testing import MaestroEmulator
from tests.conftest import AnyClient, collect, resolve

SECRET = "s3cr3t-PASSWORD-value"

Handle = ConsumedEntry | AsyncConsumedEntry


async def consume(
    sdk: AnyClient, label: str, process: Callable[[Handle], Any], **options: Any
) -> list[Handle]:
    """The loop a bot writes: ``with`` (or ``async with``) each pulled entry."""
    handles: list[Handle] = []
    if isinstance(sdk, AsyncMaestroClient):
        async for item in sdk.datapools.consume(label, **options):
            handles.append(item)
            async with item:
                process(item)
    else:
        for handle in sdk.datapools.consume(label, **options):
            handles.append(handle)
            with handle:
                process(handle)
    return handles


def mixed_outcomes(handle: Handle) -> None:
    """Odd orders fail on a bug, order 4 is a business failure, the rest succeed."""
    order = handle.values["order"]
    if order % 2:
        raise ValueError(f"order {order} is corrupt")
    if order == 4:
        handle.fail("customer blocked")


async def make_pool(sdk: AnyClient, orders: range, **options: Any) -> None:
    schema = [{"label": "order", "type": "INTEGER", "unique_id": True, "display_value": True}]
    await resolve(sdk.datapools.create("orders", schema=schema, **options))
    for order in orders:
        await resolve(sdk.datapools.push("orders", {"order": order}))


# -- consume -------------------------------------------------------------------------------


async def test_consume_with_mixed_outcomes_ends_with_the_right_summary(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await make_pool(sdk, range(1, 7))

    handles = await consume(sdk, "orders", mixed_outcomes, on_error="continue", task_id=42)

    summary = (await resolve(sdk.datapools.summary("orders"))).parsed
    counts = (summary.count_pending, summary.count_processing, summary.count_done)
    assert (*counts, summary.count_timeout) == (0, 0, 2, 0)
    states = [entry["state"] for entry in emulator.datapool_entries("orders")]
    assert states.count("ERROR") == 4
    assert [handle.reported for handle in handles] == [
        EntryState.ERROR,
        EntryState.DONE,
        EntryState.ERROR,
        EntryState.ERROR,
        EntryState.ERROR,
        EntryState.DONE,
    ]
    stored = {entry["values"]["order"]: entry for entry in emulator.datapool_entries("orders")}
    assert (stored[3]["message"], stored[3]["errorType"]) == (
        "ValueError: order 3 is corrupt",
        "SYSTEM",
    )
    assert (stored[4]["message"], stored[4]["errorType"]) == ("customer blocked", "BUSINESS")
    assert {entry["taskId"] for entry in stored.values()} == {"42"}


async def test_consume_stops_at_the_first_error_by_default(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await make_pool(sdk, range(2, 6))

    with pytest.raises(ValueError, match="order 3 is corrupt"):
        await consume(sdk, "orders", mixed_outcomes)

    summary = (await resolve(sdk.datapools.summary("orders"))).parsed
    assert (summary.count_done, summary.count_pending) == (1, 2)
    states = [entry["state"] for entry in emulator.datapool_entries("orders")]
    assert states.count("ERROR") == 1


async def test_consume_follows_priority_and_stops_at_the_limit(sdk: AnyClient) -> None:
    await resolve(sdk.datapools.create("orders", consumption_policy="LIFO"))
    for order, priority in ((1, 0), (2, 9), (3, 0)):
        await resolve(sdk.datapools.push("orders", {"order": order}, priority=priority))

    handles = await consume(sdk, "orders", lambda handle: None, limit=2)

    assert [handle.values["order"] for handle in handles] == [2, 3]
    summary = (await resolve(sdk.datapools.summary("orders"))).parsed
    assert (summary.count_done, summary.count_pending) == (2, 1)


async def test_consume_of_an_inactive_pool_raises_conflict(sdk: AnyClient) -> None:
    await make_pool(sdk, range(1, 2), active=False)

    with pytest.raises(ConflictError, match="Datapool 'orders' is inactive"):
        await consume(sdk, "orders", lambda handle: None)


# -- pools and entries ---------------------------------------------------------------------


async def test_deactivate_then_activate_round_trips_through_the_emulator(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await make_pool(sdk, range(1, 2))

    await resolve(sdk.datapools.deactivate("orders"))
    assert emulator.datapools["orders"]["active"] is False
    with pytest.raises(ConflictError):
        await resolve(sdk.datapools.pull("orders"))
    pool = (await resolve(sdk.datapools.activate("orders"))).parsed

    assert pool.active is True
    assert pool.schema_fields[0].unique_id is True
    assert (await resolve(sdk.datapools.pull("orders"))).parsed.values == {"order": 1}


async def test_update_changes_only_the_given_fields(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await resolve(
        sdk.datapools.create("orders", default_automation="demo-reports", max_auto_retry=2)
    )

    await resolve(sdk.datapools.update("orders", trigger="ALWAYS", name="Orders"))

    pool = emulator.datapools["orders"]
    assert (pool["trigger"], pool["name"]) == ("ALWAYS", "Orders")
    assert (pool["defaultActivity"], pool["maxAutoRetry"]) == ("demo-reports", 2)


async def test_pull_of_an_empty_pool_parses_as_none(sdk: AnyClient) -> None:
    await make_pool(sdk, range(0))

    response = await resolve(sdk.datapools.pull("orders"))

    assert (response.status_code, response.parsed) == (204, None)


async def test_a_timed_out_entry_can_still_be_reported_done(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await make_pool(sdk, range(1, 2))
    entry = (await resolve(sdk.datapools.pull("orders"))).parsed
    emulator.time_out_entry("orders", entry.id)

    done = (await resolve(sdk.datapools.report_done("orders", entry.id, message="late"))).parsed

    assert (done.state, done.message) == (EntryState.DONE, "late")


async def test_a_report_records_the_task_the_entry_was_pulled_for(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await make_pool(sdk, range(1, 3))
    task = (await resolve(sdk.tasks.create("Invoices"))).parsed
    first = (await resolve(sdk.datapools.pull("orders"))).parsed
    second = (await resolve(sdk.datapools.pull("orders"))).parsed

    await resolve(sdk.datapools.report_done("orders", first.id, task_id=task.id))
    await resolve(sdk.datapools.report_error("orders", second.id, task_id=task.id))

    assert [e["taskId"] for e in emulator.datapool_entries("orders")] == [str(task.id)] * 2


async def test_cancel_entry_refuses_a_done_entry_before_sending(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await make_pool(sdk, range(1, 2))
    entry = (await resolve(sdk.datapools.pull("orders"))).parsed
    await resolve(sdk.datapools.report_done("orders", entry.id))
    emulator.clear_requests()

    with pytest.raises(EntryStateError):
        await resolve(sdk.datapools.cancel_entry("orders", entry.id))

    assert [request.method for request in emulator.requests] == ["GET"]


async def test_cancel_then_delete_a_pending_entry(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await make_pool(sdk, range(1, 2))
    (entry,) = emulator.datapool_entries("orders")

    canceled = await resolve(sdk.datapools.cancel_entry("orders", entry["id"], message="x"))
    await resolve(sdk.datapools.delete_entry("orders", entry["id"]))

    assert canceled.parsed.state is EntryState.CANCELED
    assert emulator.datapool_entries("orders") == []


async def test_view_and_iterate_read_pages(sdk: AnyClient) -> None:
    await make_pool(sdk, range(1, 4))
    await resolve(sdk.datapools.create("refunds"))

    view = (await resolve(sdk.datapools.view("orders", size=2))).parsed
    pools = await collect(sdk.datapools.iterate(page_size=1))

    assert [entry.display_value for entry in view.content] == ["1", "2"]
    assert view.total_elements == 3
    assert [pool.label for pool in pools] == ["orders", "refunds"]


# -- credentials ---------------------------------------------------------------------------


async def test_credential_lifecycle(sdk: AnyClient, emulator: MaestroEmulator) -> None:
    await resolve(sdk.credentials.set_value("vault", "user", "bob"))
    await resolve(sdk.credentials.set_value("vault", "password", "first"))
    await resolve(sdk.credentials.set_value("vault", "password", SECRET))
    await resolve(sdk.credentials.update_value("vault", "user", "alice"))
    await resolve(sdk.credentials.set_value("vault", "token", "t"))
    await resolve(sdk.credentials.remove_key("vault", "token"))

    assert emulator.credentials["vault"] == {
        "label": "vault",
        "organizationLabel": "demo",
        "repositoryLabel": "DEFAULT",
        "secrets": [
            {"key": "user", "value": "alice", "valid": True},
            {"key": "password", "value": SECRET, "valid": True},
        ],
    }
    value = (await resolve(sdk.credentials.get_value("vault", "password"))).parsed
    assert value.get_secret_value() == SECRET
    listed = (await resolve(sdk.credentials.list())).parsed
    assert [credential.label for credential in listed] == ["vault"]


async def test_create_then_delete_a_credential(sdk: AnyClient, emulator: MaestroEmulator) -> None:
    created = await resolve(sdk.credentials.create("vault", {"user": "bob"}, repository_label="R"))

    await resolve(sdk.credentials.delete("vault"))

    assert created.parsed.repository_label == "R"
    assert emulator.credentials == {}
    with pytest.raises(NotFoundError, match="Credential 'vault' not found"):
        await resolve(sdk.credentials.get("vault"))


async def test_update_value_of_a_missing_key_changes_nothing(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await resolve(sdk.credentials.create("vault", {"user": "bob"}))

    with pytest.raises(RequestValidationError, match="is not a key of credential 'vault'"):
        await resolve(sdk.credentials.update_value("vault", "pin", SECRET))

    assert [request.method for request in emulator.requests][-1] == "GET"
    assert emulator.credentials["vault"]["secrets"] == [
        {"key": "user", "value": "bob", "valid": True}
    ]


async def test_secrets_stay_out_of_client_logs(
    sdk: AnyClient, emulator: MaestroEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await resolve(sdk.credentials.create("vault", {"password": SECRET}))
    await resolve(sdk.credentials.update_value("vault", "password", SECRET + "2"))
    value = await resolve(sdk.credentials.get_value("vault", "password"))

    assert SECRET not in caplog.text
    assert SECRET not in repr(value)
    assert SECRET not in repr(value.parsed)
    assert SECRET not in repr(emulator.requests)
