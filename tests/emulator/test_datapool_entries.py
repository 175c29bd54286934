"""The emulator's datapool entries: push, pull order, state transitions, cancel, delete."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from maestro.testing import MaestroEmulator

from .conftest import Api

STATES = ["PENDING", "PROCESSING", "DONE", "ERROR", "TIMEOUT", "CANCELED"]
ALLOWED = {
    ("PENDING", "PROCESSING"),
    ("PENDING", "CANCELED"),
    ("PROCESSING", "TIMEOUT"),
    ("PROCESSING", "DONE"),
    ("PROCESSING", "ERROR"),
    ("TIMEOUT", "DONE"),
    ("TIMEOUT", "ERROR"),
}
SCHEMA = [
    {"label": "order", "type": "INTEGER", "uniqueId": True, "displayValue": True},
    {"label": "amount", "type": "DOUBLE"},
    {"label": "customer", "type": "TEXT", "displayValue": True},
]


@pytest.fixture(autouse=True)
async def pools(api: Api) -> None:
    """Three pools: ``orders`` (with a schema), ``fifo`` and ``lifo`` (without)."""
    for label, extra in (("orders", {"schema": SCHEMA}), ("fifo", {}), ("lifo", {})):
        policy = "LIFO" if label == "lifo" else "FIFO"
        body = {"label": label, "consumptionPolicy": policy, **extra}
        assert (await api("POST", "/api/v2/datapool", json=body)).status_code == 200


async def push(api: Api, label: str, values: Any, priority: int = 0) -> httpx.Response:
    body = {"priority": priority, "values": values}
    return await api("POST", f"/api/v2/datapool/{label}/push", json=body)


async def pushed_id(api: Api, label: str = "fifo", **values: Any) -> str:
    response = await push(api, label, values)
    assert response.status_code == 200, response.text
    entry_id: str = response.json()["id"]
    return entry_id


def put_in(emulator: MaestroEmulator, entry_id: str, state: str, label: str = "fifo") -> None:
    with emulator.state.lock:
        emulator.state.datapools[label].entries[entry_id]["state"] = state


async def pull_values(api: Api, label: str) -> list[Any]:
    values = []
    while (response := await api("GET", f"/api/v2/datapool/{label}/pull")).status_code == 200:
        values.append(response.json()["values"]["n"])
    assert response.status_code == 204
    return values


# -- push ----------------------------------------------------------------------------------


async def test_push_creates_a_pending_entry(api: Api) -> None:
    values = {"order": 7, "amount": 9.5, "customer": "ACME"}
    response = await push(api, "orders", values, priority=4)

    assert response.status_code == 200
    entry = response.json()
    assert entry.pop("dateRegister").endswith("Z")
    assert len(entry.pop("id")) == 36
    assert entry == {
        "dataPoolLabel": "orders",
        "state": "PENDING",
        "values": values,
        "priority": 4,
        "uniqueKey": "7",
        "displayValue": "7-ACME",
        "message": None,
        "errorType": None,
        "retryIndex": 0,
        "runner": None,
        "taskId": None,
        "parent": None,
        "child": None,
        "dateProcessing": None,
        "dateFinished": None,
    }
    assert api.emulator.datapool_entries("orders")[0]["state"] == "PENDING"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"priority": 11, "values": {}}, "Field 'priority' must be an integer from 0 to 10"),
        ({"priority": 1}, "Field 'values' is required"),
        ({"priority": 0, "values": [1]}, "Field 'values' must be a JSON object"),
        ({"priority": 0, "values": {"order": "7"}}, "Field 'values.order' must be of type INTEGER"),
        (
            {"priority": 0, "values": {"order": 1, "amount": True}},
            "Field 'values.amount' must be of type DOUBLE",
        ),
        (
            {"priority": 0, "values": {"order": 1, "colour": "red"}},
            "Field 'values.colour' is not in the schema of 'orders'",
        ),
        (
            {"priority": 0, "values": {"amount": 1.5}},
            "Field 'values.order' is required: it is a unique id",
        ),
    ],
)
async def test_push_with_a_bad_body_is_400_naming_the_field(
    api: Api, body: dict[str, Any], message: str
) -> None:
    response = await api("POST", "/api/v2/datapool/orders/push", json=body)

    assert response.status_code == 400
    assert response.json()["message"] == message


async def test_push_of_a_repeated_unique_id_is_409(api: Api) -> None:
    await push(api, "orders", {"order": 7})

    response = await push(api, "orders", {"order": 7})

    assert response.status_code == 409
    assert response.json()["message"] == "An entry with unique key '7' already exists"


async def test_push_to_an_inactive_pool_is_accepted(api: Api) -> None:
    await api("POST", "/api/v2/datapool/fifo", json={"label": "fifo", "active": False})

    response = await push(api, "fifo", {"n": 1})

    assert response.status_code == 200


async def test_push_to_an_unknown_pool_is_404(api: Api) -> None:
    response = await push(api, "nope", {"n": 1})

    assert response.status_code == 404
    assert response.json()["message"] == "Datapool 'nope' not found"


# -- pull ----------------------------------------------------------------------------------


async def test_pull_moves_the_entry_to_processing(api: Api) -> None:
    entry_id = await pushed_id(api, n=1)

    response = await api("GET", "/api/v2/datapool/fifo/pull")

    assert response.status_code == 200
    assert response.json()["id"] == entry_id
    assert response.json()["state"] == "PROCESSING"
    assert response.json()["dateProcessing"].endswith("Z")


async def test_pull_of_an_empty_pool_is_204_without_a_body(api: Api) -> None:
    response = await api("GET", "/api/v2/datapool/fifo/pull")

    assert response.status_code == 204
    assert response.content == b""
    assert "content-type" not in response.headers


async def test_pull_takes_the_highest_priority_then_the_oldest_in_fifo(api: Api) -> None:
    for n, priority in ((1, 0), (2, 10), (3, 5), (4, 10), (5, 0)):
        await push(api, "fifo", {"n": n}, priority)

    assert await pull_values(api, "fifo") == [2, 4, 3, 1, 5]


async def test_pull_takes_the_highest_priority_then_the_newest_in_lifo(api: Api) -> None:
    for n, priority in ((1, 0), (2, 10), (3, 5), (4, 10), (5, 0)):
        await push(api, "lifo", {"n": n}, priority)

    assert await pull_values(api, "lifo") == [4, 2, 3, 5, 1]


async def test_pull_skips_entries_that_are_not_pending(api: Api) -> None:
    first = await pushed_id(api, n=1)
    await pushed_id(api, n=2)
    put_in(api.emulator, first, "CANCELED")

    assert await pull_values(api, "fifo") == [2]


async def test_pull_from_an_inactive_pool_is_409(api: Api) -> None:
    await pushed_id(api, n=1)
    await api("POST", "/api/v2/datapool/fifo", json={"label": "fifo", "active": False})

    response = await api("GET", "/api/v2/datapool/fifo/pull")

    assert response.status_code == 409
    assert response.json()["message"] == "Datapool 'fifo' is inactive"
    assert api.emulator.datapool_entries("fifo")[0]["state"] == "PENDING"


# -- entry updates -------------------------------------------------------------------------


@pytest.mark.parametrize("source", STATES)
@pytest.mark.parametrize("target", STATES)
async def test_entry_update_follows_the_transition_table_exactly(
    api: Api, source: str, target: str
) -> None:
    entry_id = await pushed_id(api, n=1)
    put_in(api.emulator, entry_id, source)

    response = await api(
        "POST", f"/api/v2/datapool/fifo/entry/{entry_id}", json={"state": target, "message": "m"}
    )

    if (source, target) in ALLOWED or (
        source == target and source in ("PENDING", "PROCESSING", "TIMEOUT")
    ):
        assert response.status_code == 200, response.text
        assert api.emulator.datapool_entries("fifo")[0]["state"] == target
    else:
        assert response.status_code == 409
        assert api.emulator.datapool_entries("fifo")[0]["state"] == source


async def test_report_done_records_message_task_and_finish_date(api: Api) -> None:
    entry_id = await pushed_id(api, n=1)
    await api("GET", "/api/v2/datapool/fifo/pull")

    body = {"state": "DONE", "message": "ok", "taskId": 77, "errorType": None}
    response = await api("POST", f"/api/v2/datapool/fifo/entry/{entry_id}", json=body)

    entry = response.json()
    assert (entry["state"], entry["message"], entry["taskId"]) == ("DONE", "ok", "77")
    assert entry["dateFinished"].endswith("Z")


async def test_report_error_records_the_error_type(api: Api) -> None:
    entry_id = await pushed_id(api, n=1)
    await api("GET", "/api/v2/datapool/fifo/pull")

    body = {"state": "ERROR", "errorType": "BUSINESS", "message": "bad cpf"}
    await api("POST", f"/api/v2/datapool/fifo/entry/{entry_id}", json=body)

    entry = api.emulator.datapool_entries("fifo")[0]
    assert (entry["state"], entry["errorType"], entry["message"]) == (
        "ERROR",
        "BUSINESS",
        "bad cpf",
    )


async def test_entry_update_with_an_unknown_error_type_is_400(api: Api) -> None:
    entry_id = await pushed_id(api, n=1)
    put_in(api.emulator, entry_id, "PROCESSING")

    body = {"state": "ERROR", "errorType": "FATAL"}
    response = await api("POST", f"/api/v2/datapool/fifo/entry/{entry_id}", json=body)

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'errorType' must be one of SYSTEM, BUSINESS"
    assert api.emulator.datapool_entries("fifo")[0]["state"] == "PROCESSING"


async def test_a_lenient_emulator_reads_the_response_spelling_datapool_label(api: Api) -> None:
    api.emulator.state.strict = False
    entry_id = await pushed_id(api, n=1)

    body = {"datapoolLabel": "fifo", "priority": 9}
    response = await api("POST", f"/api/v2/datapool/fifo/entry/{entry_id}", json=body)

    assert response.status_code == 200
    assert response.json()["priority"] == 9


async def test_a_strict_emulator_refuses_the_response_spelling_datapool_label(api: Api) -> None:
    entry_id = await pushed_id(api, n=1)

    body = {"datapoolLabel": "fifo", "state": "PENDING", "priority": 9}
    response = await api("POST", f"/api/v2/datapool/fifo/entry/{entry_id}", json=body)

    assert response.status_code == 400
    assert response.json()["message"].startswith("Field 'datapoolLabel' is unknown here")


async def test_entry_of_an_unknown_id_is_404(api: Api) -> None:
    response = await api("GET", "/api/v2/datapool/fifo/entry/nope")

    assert response.status_code == 404
    assert response.json()["message"] == "Entry 'nope' not found in datapool 'fifo'"


async def test_time_out_entry_moves_processing_to_timeout(api: Api) -> None:
    entry_id = await pushed_id(api, n=1)
    await api("GET", "/api/v2/datapool/fifo/pull")

    api.emulator.time_out_entry("fifo", entry_id)

    assert (await api("GET", f"/api/v2/datapool/fifo/entry/{entry_id}")).json()["state"] == (
        "TIMEOUT"
    )
    with pytest.raises(ValueError, match="is TIMEOUT, not PROCESSING"):
        api.emulator.time_out_entry("fifo", entry_id)


# -- cancel and delete ---------------------------------------------------------------------


@pytest.mark.parametrize("source", STATES)
async def test_cancel_succeeds_only_for_a_pending_entry(api: Api, source: str) -> None:
    entry_id = await pushed_id(api, n=1)
    put_in(api.emulator, entry_id, source)

    response = await api(
        "PUT",
        f"/api/v2/datapool/fifo/entry/{entry_id}/cancel",
        json={"state": "CANCELED", "message": "dup"},
    )

    if source == "PENDING":
        assert response.status_code == 200
        assert (response.json()["state"], response.json()["message"]) == ("CANCELED", "dup")
    else:
        assert response.status_code == 409
        assert response.json()["message"] == (
            f"Entry '{entry_id}' is {source}; only PENDING can be canceled"
        )


@pytest.mark.parametrize("source", STATES)
async def test_delete_entry_is_refused_while_it_is_being_processed(api: Api, source: str) -> None:
    entry_id = await pushed_id(api, n=1)
    put_in(api.emulator, entry_id, source)

    response = await api("DELETE", f"/api/v2/datapool/fifo/entry/{entry_id}")

    if source in ("PROCESSING", "TIMEOUT"):
        assert response.status_code == 409
        assert len(api.emulator.datapool_entries("fifo")) == 1
    else:
        assert response.status_code == 200
        assert api.emulator.datapool_entries("fifo") == []
