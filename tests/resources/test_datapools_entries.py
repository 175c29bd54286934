"""Wire tests of datapool entries: push, pull, reports, state transitions, on both clients."""

from __future__ import annotations

import httpx
import pytest
import respx

from maestro import (
    DatapoolEntry,
    EntryState,
    EntryStateError,
    ErrorType,
    RequestValidationError,
    ServerError,
)
from tests.conftest import AnyClient, resolve
from tests.resources.datapool_wire import entry, exchange, update_body

ENTRY_PATH = "/api/v2/datapool/orders/entry/e1"


# -- push, pull, get -----------------------------------------------------------------------


async def test_push_sends_priority_and_values(client: AnyClient, api: respx.MockRouter) -> None:
    api.post("/api/v2/datapool/orders/push").respond(200, json=entry())

    response = await resolve(
        client.datapools.push("orders", {"order": 7, "amount": 9.5}, priority=5)
    )

    assert exchange(api) == [
        (
            "POST",
            "/api/v2/datapool/orders/push",
            {"priority": 5, "values": {"order": 7, "amount": 9.5}},
        )
    ]
    assert isinstance(response.parsed, DatapoolEntry)
    assert response.parsed.state is EntryState.PENDING


async def test_push_refuses_a_priority_over_10(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError, match=r"datapools\.push: priority=11"):
        await resolve(client.datapools.push("orders", {"order": 1}, priority=11))

    assert exchange(api) == []


async def test_push_refuses_values_that_are_not_a_mapping(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match=r"values=.*must be a mapping"):
        await resolve(client.datapools.push("orders", [("order", 1)]))  # type: ignore[arg-type]

    assert exchange(api) == []


async def test_pull_returns_the_next_entry(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/datapool/orders/pull").respond(200, json=entry(state="PROCESSING"))

    response = await resolve(client.datapools.pull("orders"))

    assert exchange(api) == [("GET", "/api/v2/datapool/orders/pull", None)]
    assert response.parsed is not None
    assert response.parsed.id == "e1"
    assert response.parsed.state is EntryState.PROCESSING


async def test_pull_of_an_empty_pool_parses_as_none(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/datapool/orders/pull").respond(204)

    response = await resolve(client.datapools.pull("orders"))

    assert response.status_code == 204
    assert response.parsed is None


async def test_pull_is_not_retried_after_a_503(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.get("/api/v2/datapool/orders/pull").respond(503)

    with pytest.raises(ServerError):
        await resolve(client.datapools.pull("orders"))

    assert len(exchange(api)) == 1
    assert sleeps == []


async def test_get_entry_reads_either_pool_label_spelling(
    client: AnyClient, api: respx.MockRouter
) -> None:
    wire = entry(entry_id="42", errorType="BUSINESS", taskId=99)
    del wire["dataPoolLabel"]
    wire["datapoolLabel"] = "orders"
    api.get("/api/v2/datapool/orders/entry/42").respond(200, json=wire)

    parsed = (await resolve(client.datapools.get_entry("orders", 42))).parsed

    assert exchange(api) == [("GET", "/api/v2/datapool/orders/entry/42", None)]
    assert parsed.datapool_label == "orders"
    assert parsed.error_type is ErrorType.BUSINESS
    assert parsed.task_id == "99"
    assert parsed.date_register is not None


async def test_delete_entry_sends_delete(client: AnyClient, api: respx.MockRouter) -> None:
    api.delete(ENTRY_PATH).respond(200)

    response = await resolve(client.datapools.delete_entry("orders", "e1"))

    assert exchange(api) == [("DELETE", ENTRY_PATH, None)]
    assert response.parsed is None


# -- reports -------------------------------------------------------------------------------


async def test_report_done_gets_the_entry_then_posts_it_done(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="PROCESSING"))
    api.post(ENTRY_PATH).respond(200, json=entry(state="DONE", message="ok"))

    response = await resolve(client.datapools.report_done("orders", "e1", message="ok"))

    assert exchange(api) == [
        ("GET", ENTRY_PATH, None),
        ("POST", ENTRY_PATH, update_body(state="DONE", message="ok")),
    ]
    assert response.parsed.state is EntryState.DONE


async def test_report_error_sends_state_type_and_message(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="TIMEOUT"))
    api.post(ENTRY_PATH).respond(200, json=entry(state="ERROR"))

    await resolve(
        client.datapools.report_error("orders", "e1", error_type="business", message="bad cpf")
    )

    assert exchange(api)[1] == (
        "POST",
        ENTRY_PATH,
        update_body(state="ERROR", errorType="BUSINESS", message="bad cpf"),
    )


@pytest.mark.parametrize("method", ["report_done", "report_error"])
async def test_a_report_carries_the_task_id_given(
    client: AnyClient, api: respx.MockRouter, method: str
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="PROCESSING"))
    api.post(ENTRY_PATH).respond(200, json=entry(state="DONE"))

    await resolve(getattr(client.datapools, method)("orders", "e1", task_id=42))

    assert exchange(api)[1][2]["taskId"] == "42"


@pytest.mark.parametrize("method", ["report_done", "report_error"])
async def test_a_report_refuses_a_task_id_that_is_not_one_before_sending(
    client: AnyClient, api: respx.MockRouter, method: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        getattr(client.datapools, method)("orders", "e1", task_id=True)

    assert [e.field for e in caught.value.errors] == ["task_id"]
    assert caught.value.operation == f"datapools.{method}"
    assert exchange(api) == []


async def test_report_error_defaults_to_a_system_error(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="PROCESSING"))
    api.post(ENTRY_PATH).respond(200, json=entry(state="ERROR"))

    await resolve(client.datapools.report_error("orders", "e1"))

    assert exchange(api)[1][2] == update_body(state="ERROR", errorType="SYSTEM", message="")


async def test_report_error_refuses_an_unknown_error_type_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="error_type='FATAL': must be one of"):
        await resolve(client.datapools.report_error("orders", "e1", error_type="FATAL"))

    assert exchange(api) == []


async def test_report_done_refuses_a_pending_entry(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="PENDING"))

    with pytest.raises(EntryStateError) as caught:
        await resolve(client.datapools.report_done("orders", "e1"))

    assert str(caught.value) == (
        "1 invalid argument for datapools.report_done: entry_id='e1': is PENDING, which can "
        "only move to CANCELED, PROCESSING (not DONE)"
    )
    assert caught.value.current is EntryState.PENDING
    assert caught.value.target is EntryState.DONE
    assert len(exchange(api)) == 1


async def test_report_done_lets_the_server_judge_an_unknown_state(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="PAUSED"))
    api.post(ENTRY_PATH).respond(200, json=entry(state="DONE"))

    await resolve(client.datapools.report_done("orders", "e1"))

    assert exchange(api)[1][2]["state"] == "DONE"


async def test_report_is_not_retried_after_a_503(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="PROCESSING"))
    api.post(ENTRY_PATH).respond(503)

    with pytest.raises(ServerError):
        await resolve(client.datapools.report_done("orders", "e1"))

    assert [step[0] for step in exchange(api)] == ["GET", "POST"]


# -- cancel and update ---------------------------------------------------------------------


async def test_cancel_entry_gets_then_puts_the_cancel(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="PENDING"))
    api.put(f"{ENTRY_PATH}/cancel").respond(200, json=entry(state="CANCELED"))

    response = await resolve(client.datapools.cancel_entry("orders", "e1", message="dup"))

    assert exchange(api) == [
        ("GET", ENTRY_PATH, None),
        ("PUT", f"{ENTRY_PATH}/cancel", {"state": "CANCELED", "message": "dup"}),
    ]
    assert response.parsed.state is EntryState.CANCELED


async def test_cancel_entry_refuses_a_done_entry(client: AnyClient, api: respx.MockRouter) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="DONE"))

    with pytest.raises(EntryStateError, match="is DONE, which can only move to nothing"):
        await resolve(client.datapools.cancel_entry("orders", "e1"))

    assert exchange(api) == [("GET", ENTRY_PATH, None)]


async def test_cancel_entry_is_not_retried_after_a_503(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="PENDING"))
    api.put(f"{ENTRY_PATH}/cancel").mock(side_effect=[httpx.Response(503)])

    with pytest.raises(ServerError):
        await resolve(client.datapools.cancel_entry("orders", "e1"))

    assert [step[0] for step in exchange(api)] == ["GET", "PUT"]


async def test_update_entry_posts_the_whole_entry_with_the_changes(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="PENDING"))
    api.post(ENTRY_PATH).respond(200, json=entry(priority=9))

    await resolve(
        client.datapools.update_entry("orders", "e1", priority=9, values={"order": 8}, task_id=5)
    )

    assert exchange(api) == [
        ("GET", ENTRY_PATH, None),
        ("POST", ENTRY_PATH, update_body(priority=9, values={"order": 8}, taskId="5")),
    ]


async def test_update_entry_refuses_a_disallowed_state_change(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(ENTRY_PATH).respond(200, json=entry(state="ERROR"))

    with pytest.raises(EntryStateError, match=r"datapools\.update_entry: entry_id='e1': is ERROR"):
        await resolve(client.datapools.update_entry("orders", "e1", state="PENDING"))

    assert len(exchange(api)) == 1


async def test_update_entry_refuses_unknown_fields_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="colour='red': unknown field"):
        await resolve(client.datapools.update_entry("orders", "e1", colour="red"))

    assert exchange(api) == []


async def test_update_entry_refuses_an_unknown_state_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="state='FROZEN'"):
        await resolve(client.datapools.update_entry("orders", "e1", state="FROZEN"))

    assert exchange(api) == []
