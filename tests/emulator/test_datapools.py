"""The emulator's datapool routes (pools, summary, view), over the four ways to reach it."""

from __future__ import annotations

from typing import Any

import httpx

from maestro.testing import MaestroEmulator

from .conftest import Api

SCHEMA = [
    {"label": "order", "type": "INTEGER", "uniqueId": True, "displayValue": True},
    {"label": "amount", "type": "DOUBLE", "uniqueId": False, "displayValue": False},
]


async def create_pool(api: Api, label: str = "orders", **fields: Any) -> httpx.Response:
    body = {"label": label, "defaultAutomation": "demo-invoices", **fields}
    return await api("POST", "/api/v2/datapool", json=body)


def set_state(emulator: MaestroEmulator, label: str, entry_id: str, state: str) -> None:
    with emulator.state.lock:
        emulator.state.datapools[label].entries[entry_id]["state"] = state


async def test_create_answers_the_pool_with_defaults_and_default_activity(api: Api) -> None:
    response = await create_pool(api)

    assert response.status_code == 200
    assert response.json() == {
        "id": 1,
        "label": "orders",
        "name": None,
        "defaultActivity": "demo-invoices",
        "consumptionPolicy": "FIFO",
        "trigger": "NEVER",
        "schema": [],
        "autoRetry": True,
        "maxAutoRetry": 0,
        "abortOnError": True,
        "maxErrorsBeforeInactive": 0,
        "enableProcessingTime": True,
        "itemMaxProcessingTime": 0,
        "active": True,
        "repositoryLabel": "DEFAULT",
    }
    assert api.emulator.datapools["orders"] == response.json()


async def test_create_keeps_the_schema(api: Api) -> None:
    response = await create_pool(api, schema=[{"label": "order", "type": "INTEGER"}])

    assert response.json()["schema"] == [
        {"label": "order", "type": "INTEGER", "uniqueId": False, "displayValue": False}
    ]


async def test_create_of_an_existing_label_is_409(api: Api) -> None:
    await create_pool(api)

    response = await create_pool(api)

    assert response.status_code == 409


async def test_a_deleted_pool_label_cannot_be_reused(api: Api) -> None:
    await create_pool(api)
    await api("DELETE", "/api/v2/datapool/orders")

    response = await create_pool(api)

    assert response.status_code == 409
    assert response.json()["message"] == (
        "Datapool label 'orders' is already in use or was used before"
    )


async def test_create_with_an_unknown_policy_is_400_naming_the_field(api: Api) -> None:
    response = await create_pool(api, consumptionPolicy="RANDOM")

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'consumptionPolicy' must be one of FIFO, LIFO"


async def test_create_with_an_unknown_field_type_is_400(api: Api) -> None:
    response = await create_pool(api, schema=[{"label": "when", "type": "DATE"}])

    assert response.status_code == 400
    assert response.json()["message"] == (
        "Field 'schema[0].type' must be one of TEXT, INTEGER, DOUBLE"
    )


async def test_create_with_a_negative_retry_count_is_400(api: Api) -> None:
    response = await create_pool(api, maxAutoRetry=-1)

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'maxAutoRetry' must be an integer from 0"


async def test_get_of_an_unknown_pool_is_404_with_a_message(api: Api) -> None:
    response = await api("GET", "/api/v2/datapool/nope")

    assert response.status_code == 404
    assert response.json()["message"] == "Datapool 'nope' not found"


async def test_update_replaces_the_fields_with_the_full_body(api: Api) -> None:
    await create_pool(api)
    body = {
        "label": "orders",
        "defaultAutomation": "demo-reports",
        "active": False,
        "trigger": "ALWAYS",
    }

    response = await api("POST", "/api/v2/datapool/orders", json=body)

    assert response.status_code == 200
    pool = api.emulator.datapools["orders"]
    assert (pool["id"], pool["defaultActivity"], pool["active"]) == (1, "demo-reports", False)
    assert pool["trigger"] == "ALWAYS"


async def test_update_with_another_label_is_400(api: Api) -> None:
    await create_pool(api)

    response = await api("POST", "/api/v2/datapool/orders", json={"label": "refunds"})

    assert response.status_code == 400
    assert response.json()["message"] == "Field 'label' must be 'orders', the path's label"


async def test_delete_removes_the_pool_and_its_entries(api: Api) -> None:
    await create_pool(api)
    await api("POST", "/api/v2/datapool/orders/push", json={"priority": 0, "values": {"a": 1}})

    response = await api("DELETE", "/api/v2/datapool/orders")

    assert response.status_code == 200
    assert response.content == b""
    assert api.emulator.datapools == {}
    assert (await api("GET", "/api/v2/datapool/orders/view")).status_code == 404


async def test_list_is_a_page_of_pools(api: Api) -> None:
    for label in ("a", "b", "c"):
        await create_pool(api, label)

    body = (await api("GET", "/api/v2/datapool?page=1&size=2")).json()

    assert [pool["label"] for pool in body["content"]] == ["c"]
    assert (body["number"], body["size"], body["totalElements"], body["last"]) == (1, 2, 3, True)


async def test_list_items_carry_the_number_of_entries(api: Api) -> None:
    await create_pool(api, "empty")
    await create_pool(api, "full")
    for index in range(3):
        await api(
            "POST", "/api/v2/datapool/full/push", json={"priority": 0, "values": {"n": index}}
        )

    body = (await api("GET", "/api/v2/datapool")).json()

    assert [(pool["label"], pool["itemCount"]) for pool in body["content"]] == [
        ("empty", 0),
        ("full", 3),
    ]
    assert "itemCount" not in api.emulator.datapools["full"]


async def test_summary_gives_the_counters_the_csharp_sdk_reads(api: Api) -> None:
    await create_pool(api)
    states = ["PENDING", "PENDING", "PROCESSING", "DONE", "DONE", "DONE", "ERROR", "TIMEOUT"]
    states.append("CANCELED")
    for index, state in enumerate(states):
        pushed = await api(
            "POST", "/api/v2/datapool/orders/push", json={"priority": 0, "values": {"n": index}}
        )
        set_state(api.emulator, "orders", pushed.json()["id"], state)

    response = await api("GET", "/api/v2/datapool/orders/summary")

    assert response.json() == {
        "countPending": 2,
        "countProcessing": 1,
        "countDone": 3,
        "avgDone": 0.0,
        "countTimeout": 1,
        "active": True,
    }


async def test_summary_averages_the_seconds_from_pull_to_done(api: Api) -> None:
    await create_pool(api)
    pushed = (
        await api("POST", "/api/v2/datapool/orders/push", json={"priority": 0, "values": {}})
    ).json()
    with api.emulator.state.lock:
        entry = api.emulator.state.datapools["orders"].entries[pushed["id"]]
        entry.update(
            state="DONE",
            dateProcessing="2026-01-01T10:00:00.000Z",
            dateFinished="2026-01-01T10:00:04.500Z",
        )

    summary = (await api("GET", "/api/v2/datapool/orders/summary")).json()

    assert summary["avgDone"] == 4.5


async def test_view_is_a_page_of_entries_filtered_by_display_value(api: Api) -> None:
    await create_pool(api, schema=SCHEMA)
    for order in (7, 8, 9):
        body = {"priority": 0, "values": {"order": order, "amount": 1.5}}
        await api("POST", "/api/v2/datapool/orders/push", json=body)

    everything = (await api("GET", "/api/v2/datapool/orders/view?size=2")).json()
    filtered = (await api("GET", "/api/v2/datapool/orders/view?displayValue=8")).json()

    assert [entry["displayValue"] for entry in everything["content"]] == ["7", "8"]
    assert everything["totalElements"] == 3
    assert [entry["values"]["order"] for entry in filtered["content"]] == [8]
