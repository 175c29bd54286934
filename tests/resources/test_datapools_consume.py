"""Wire tests of datapools.consume: the pull-process-report loop, on both clients."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from maestro import (
    AsyncConsumedEntry,
    AsyncMaestroClient,
    ConsumedEntry,
    ConsumeError,
    EntryState,
    MaestroClient,
    RequestValidationError,
    ServerError,
)
from tests.conftest import AnyClient, close, make_client
from tests.resources.datapool_wire import entry, exchange, update_body

PULL = "/api/v2/datapool/orders/pull"
Handle = ConsumedEntry | AsyncConsumedEntry


def serve_pool(api: respx.MockRouter, count: int) -> None:
    """A pool with ``count`` entries e1..eN to pull, answering each report with its state."""
    pulls = [httpx.Response(200, json=entry(f"e{n}", "PROCESSING")) for n in range(1, count + 1)]
    api.get(PULL).mock(side_effect=[*pulls, httpx.Response(204)])

    def echo(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        entry_id = request.url.path.rsplit("/", 1)[1]
        return httpx.Response(200, json=entry(entry_id, sent["state"], message=sent["message"]))

    api.post(url__regex=r"/api/v2/datapool/orders/entry/e\d+$").mock(side_effect=echo)


async def consume_all(
    client: AnyClient, process: Callable[[Handle], Any], **options: Any
) -> list[Handle]:
    """Run the loop a bot writes, ``with`` or ``async with`` each entry."""
    handles: list[Handle] = []
    if isinstance(client, AsyncMaestroClient):
        async for item in client.datapools.consume("orders", **options):
            handles.append(item)
            async with item:
                process(item)
    else:
        for handle in client.datapools.consume("orders", **options):
            handles.append(handle)
            with handle:
                process(handle)
    return handles


async def loop_without_reporting(client: AnyClient) -> None:
    if isinstance(client, AsyncMaestroClient):
        async for _ in client.datapools.consume("orders"):
            pass
    else:
        for _ in client.datapools.consume("orders"):
            pass


async def enter_each_twice(client: AnyClient) -> None:
    if isinstance(client, AsyncMaestroClient):
        async for item in client.datapools.consume("orders"):
            async with item:
                await item.__aenter__()
    else:
        for handle in client.datapools.consume("orders"):
            with handle:
                handle.__enter__()


def report(entry_id: str, **changes: Any) -> tuple[str, str, Any]:
    path = f"/api/v2/datapool/orders/entry/{entry_id}"
    body = update_body(entry_id, **changes)
    return ("POST", path, body)


def ok(handle: Handle) -> None:
    return None


def fail_on_e2(handle: Handle) -> None:
    if handle.id == "e2":
        raise ValueError("bad order")


async def test_consume_reports_done_for_each_entry_until_the_pool_is_empty(
    client: AnyClient, api: respx.MockRouter
) -> None:
    serve_pool(api, 2)

    handles = await consume_all(client, ok)

    assert exchange(api) == [
        ("GET", PULL, None),
        report("e1", state="DONE", message=""),
        ("GET", PULL, None),
        report("e2", state="DONE", message=""),
        ("GET", PULL, None),
    ]
    assert [handle.reported for handle in handles] == [EntryState.DONE, EntryState.DONE]
    assert handles[0].entry.state is EntryState.DONE


async def test_consume_gives_the_entry_values(client: AnyClient, api: respx.MockRouter) -> None:
    serve_pool(api, 1)
    seen: list[dict[str, Any]] = []

    await consume_all(client, lambda handle: seen.append(handle.values))

    assert seen == [{"order": 7, "amount": 9.5}]


async def test_consume_reports_an_exception_as_error_and_reraises_it(
    client: AnyClient, api: respx.MockRouter
) -> None:
    serve_pool(api, 3)

    with pytest.raises(ValueError, match="bad order"):
        await consume_all(client, fail_on_e2)

    assert exchange(api) == [
        ("GET", PULL, None),
        report("e1", state="DONE", message=""),
        ("GET", PULL, None),
        report("e2", state="ERROR", message="ValueError: bad order", errorType="SYSTEM"),
    ]


async def test_consume_goes_on_after_an_error_when_asked_to(
    client: AnyClient, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="maestro")
    serve_pool(api, 3)

    handles = await consume_all(client, fail_on_e2, on_error="continue")

    assert [handle.reported for handle in handles] == [
        EntryState.DONE,
        EntryState.ERROR,
        EntryState.DONE,
    ]
    assert [step[0] for step in exchange(api)] == ["GET", "POST"] * 3 + ["GET"]
    assert "entry 'e2' of datapool 'orders' reported ERROR after ValueError" in caplog.text


async def test_consume_reports_a_business_failure_marked_with_fail(
    client: AnyClient, api: respx.MockRouter
) -> None:
    serve_pool(api, 1)

    await consume_all(client, lambda handle: handle.fail("no stock"))

    assert exchange(api)[1] == report("e1", state="ERROR", message="no stock", errorType="BUSINESS")


async def test_consume_sends_the_task_id_with_each_report(
    client: AnyClient, api: respx.MockRouter
) -> None:
    serve_pool(api, 1)

    await consume_all(client, ok, task_id=321)

    assert exchange(api)[1] == report("e1", state="DONE", message="", taskId="321")


async def test_consume_stops_at_the_limit(client: AnyClient, api: respx.MockRouter) -> None:
    serve_pool(api, 3)

    handles = await consume_all(client, ok, limit=2)

    assert [handle.id for handle in handles] == ["e1", "e2"]
    assert [step[0] for step in exchange(api)] == ["GET", "POST", "GET", "POST"]


async def test_consume_treats_a_pulled_pending_entry_as_processing(
    client: AnyClient, api: respx.MockRouter
) -> None:
    serve_pool(api, 0)
    api.get(PULL).mock(side_effect=[httpx.Response(200, json=entry()), httpx.Response(204)])

    await consume_all(client, ok)

    assert exchange(api)[1] == report("e1", state="DONE", message="")


async def test_consume_refuses_to_pull_past_an_unreported_entry(
    client: AnyClient, api: respx.MockRouter
) -> None:
    serve_pool(api, 2)

    with pytest.raises(ConsumeError, match="entry 'e1' was not reported"):
        await loop_without_reporting(client)

    assert exchange(api) == [("GET", PULL, None)]


async def test_consume_with_an_explicit_report_sends_it_once(
    client: AnyClient, api: respx.MockRouter
) -> None:
    serve_pool(api, 1)
    if isinstance(client, AsyncMaestroClient):
        async for item in client.datapools.consume("orders"):
            async with item:
                await item.report_done("checked by hand")
    else:
        for handle in client.datapools.consume("orders"):
            with handle:
                handle.report_done("checked by hand")

    assert exchange(api) == [
        ("GET", PULL, None),
        report("e1", state="DONE", message="checked by hand"),
        ("GET", PULL, None),
    ]


async def test_consume_refuses_to_enter_an_entry_twice(
    client: AnyClient, api: respx.MockRouter
) -> None:
    serve_pool(api, 1)

    with pytest.raises(ConsumeError, match="entry 'e1' was already entered"):
        await enter_each_twice(client)

    assert exchange(api)[1][2]["state"] == "ERROR"


async def test_consume_raises_when_a_report_fails_even_without_raise_for_status(
    api: respx.MockRouter, kind: str, sleeps: list[float]
) -> None:
    client = make_client(kind, raise_for_status=False)
    api.post(url__regex=r"/entry/e1$").respond(500, json={"message": "db down"})
    serve_pool(api, 2)
    try:
        with pytest.raises(ServerError, match="db down"):
            await consume_all(client, ok)
    finally:
        await close(client)

    assert [step[0] for step in exchange(api)] == ["GET", "POST"]


async def test_consume_raises_when_a_pull_fails(client: AnyClient, api: respx.MockRouter) -> None:
    api.get(PULL).respond(409, json={"message": "Datapool is inactive"})

    with pytest.raises(Exception, match="Datapool is inactive"):
        await consume_all(client, ok)


async def test_consume_breaking_out_unreported_is_logged(
    client: AnyClient, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    serve_pool(api, 2)
    if isinstance(client, AsyncMaestroClient):
        iterator = client.datapools.consume("orders")
        async for _ in iterator:
            break
        await iterator.aclose()  # type: ignore[attr-defined]
    else:
        for _ in client.datapools.consume("orders"):
            break

    assert "stopped with entry 'e1' unreported" in caplog.text
    assert exchange(api) == [("GET", PULL, None)]


@pytest.mark.parametrize(
    ("options", "field"),
    [({"limit": -1}, "limit"), ({"on_error": "ignore"}, "on_error"), ({"task_id": ""}, "task_id")],
)
async def test_consume_checks_its_arguments_at_once(
    client: AnyClient, api: respx.MockRouter, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError, match=rf"datapools\.consume.*{field}="):
        client.datapools.consume("orders", **options)

    assert exchange(api) == []


async def test_consume_logs_no_warning_for_a_clean_run(
    client: AnyClient, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="maestro")
    serve_pool(api, 2)

    await consume_all(client, ok)

    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


def interrupt_the_first_entry(client: MaestroClient) -> None:
    for handle in client.datapools.consume("orders"):
        with handle:
            raise KeyboardInterrupt


def test_consume_leaves_an_entry_interrupted_by_ctrl_c_unreported(
    api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    serve_pool(api, 2)
    client = make_client("sync")
    assert isinstance(client, MaestroClient)

    with pytest.raises(KeyboardInterrupt), client:
        interrupt_the_first_entry(client)

    assert exchange(api) == [("GET", PULL, None)]
    assert "entry 'e1' of datapool 'orders' left PROCESSING by KeyboardInterrupt" in caplog.text
