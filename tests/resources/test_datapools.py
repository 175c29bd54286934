"""Wire tests of the datapool routes (pools, not entries), on both clients."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from maestro import (
    ConsumptionPolicy,
    Datapool,
    DatapoolTrigger,
    FieldType,
    NotFoundError,
    RequestValidationError,
    SchemaField,
)
from tests.conftest import ORGANIZATION, TOKEN, AnyClient, collect, resolve
from tests.resources.datapool_wire import POOL, POOL_BODY, exchange

CREATE_DEFAULTS = {
    "label": "orders",
    "name": None,
    "defaultAutomation": None,
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


def page(content: list[Any], number: int, total_pages: int) -> dict[str, Any]:
    return {
        "content": content,
        "number": number,
        "size": 2,
        "totalPages": total_pages,
        "last": number + 1 >= total_pages,
    }


# -- list, iterate, get --------------------------------------------------------------------


async def test_list_asks_for_one_page(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/datapool").respond(200, json=page([POOL], 0, 1))

    response = await resolve(client.datapools.list(page=2, size=10))

    assert exchange(api) == [("GET", "/api/v2/datapool?page=2&size=10", None)]
    assert [pool.label for pool in response.parsed.content] == ["orders"]


async def test_list_reads_the_item_count_of_each_pool(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/datapool").respond(200, json=page([{**POOL, "itemCount": 12}], 0, 1))

    response = await resolve(client.datapools.list())

    assert [pool.item_count for pool in response.parsed.content] == [12]


async def test_list_refuses_a_size_over_1000(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError, match=r"datapools\.list: size=1001"):
        await resolve(client.datapools.list(size=1001))

    assert exchange(api) == []


async def test_iterate_walks_every_page(client: AnyClient, api: respx.MockRouter) -> None:
    second = dict(POOL, label="refunds")
    api.get("/api/v2/datapool", params={"page": "0"}).respond(200, json=page([POOL], 0, 2))
    api.get("/api/v2/datapool", params={"page": "1"}).respond(200, json=page([second], 1, 2))

    pools = await collect(client.datapools.iterate(page_size=2))

    assert [pool.label for pool in pools] == ["orders", "refunds"]
    assert [step[1] for step in exchange(api)] == [
        "/api/v2/datapool?page=0&size=2",
        "/api/v2/datapool?page=1&size=2",
    ]


async def test_get_reads_default_activity_as_default_automation(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/datapool/orders").respond(200, json=POOL)

    pool = (await resolve(client.datapools.get("orders"))).parsed

    request = route.calls[0].request
    assert request.headers["token"] == TOKEN
    assert request.headers["organization"] == ORGANIZATION
    assert isinstance(pool, Datapool)
    assert pool.id == "12"
    assert pool.default_automation == "invoice-bot"
    assert pool.consumption_policy is ConsumptionPolicy.FIFO
    assert pool.trigger is DatapoolTrigger.NEVER
    assert pool.schema_fields[0].type is FieldType.INTEGER
    assert pool.schema_fields[0].unique_id is True
    assert pool.item_max_processing_time == 30


async def test_get_keeps_an_unknown_policy_as_text(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/datapool/orders").respond(200, json=dict(POOL, consumptionPolicy="RANDOM"))

    pool = (await resolve(client.datapools.get("orders"))).parsed

    assert pool.consumption_policy == "RANDOM"


async def test_get_encodes_the_label(client: AnyClient, api: respx.MockRouter) -> None:
    api.get(url__regex=r"/api/v2/datapool/.*").respond(200, json=POOL)

    await resolve(client.datapools.get("a/b c"))

    assert exchange(api) == [("GET", "/api/v2/datapool/a%2Fb%20c", None)]


# -- create --------------------------------------------------------------------------------


async def test_create_sends_every_field_with_its_default(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/datapool").respond(200, json=POOL)

    response = await resolve(client.datapools.create("orders"))

    assert exchange(api) == [("POST", "/api/v2/datapool", CREATE_DEFAULTS)]
    assert response.parsed.label == "orders"


async def test_create_sends_the_given_fields_in_wire_names(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/datapool").respond(200, json=POOL)

    await resolve(
        client.datapools.create(
            "orders",
            name="Orders",
            default_automation="invoice-bot",
            consumption_policy="lifo",
            trigger=DatapoolTrigger.NO_TASK_ACTIVE,
            schema=[
                SchemaField(label="order", type=FieldType.INTEGER, unique_id=True),
                {"label": "amount", "type": "DOUBLE", "display_value": True},
            ],
            auto_retry=False,
            max_auto_retry=3,
            abort_on_error=False,
            max_errors_before_inactive=4,
            enable_processing_time=False,
            item_max_processing_time=60,
            active=False,
            repository_label="R2",
        )
    )

    assert exchange(api)[0][2] == {
        "label": "orders",
        "name": "Orders",
        "defaultAutomation": "invoice-bot",
        "consumptionPolicy": "LIFO",
        "trigger": "NO_TASK_ACTIVE",
        "schema": [
            {"label": "order", "type": "INTEGER", "uniqueId": True, "displayValue": False},
            {"label": "amount", "type": "DOUBLE", "uniqueId": False, "displayValue": True},
        ],
        "autoRetry": False,
        "maxAutoRetry": 3,
        "abortOnError": False,
        "maxErrorsBeforeInactive": 4,
        "enableProcessingTime": False,
        "itemMaxProcessingTime": 60,
        "active": False,
        "repositoryLabel": "R2",
    }


async def test_create_names_every_bad_argument_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(
            client.datapools.create(
                "orders",
                consumption_policy="RANDOM",
                schema=[{"label": "a", "type": "DATE"}],
                max_auto_retry=-1,
            )
        )

    fields = [error.field for error in caught.value.errors]
    assert fields == ["consumption_policy", "schema.0.type", "max_auto_retry"]
    assert str(caught.value).startswith("3 invalid arguments for datapools.create")
    assert exchange(api) == []


async def test_create_refuses_repeated_schema_labels(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="field labels must be unique"):
        await resolve(client.datapools.create("orders", schema=[{"label": "a"}, {"label": "a"}]))

    assert exchange(api) == []


# -- update, activate, deactivate ----------------------------------------------------------


async def test_update_posts_the_full_body_with_the_changes(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/datapool/orders").respond(200, json=POOL)
    api.post("/api/v2/datapool/orders").respond(200, json=dict(POOL, maxAutoRetry=9))

    response = await resolve(
        client.datapools.update("orders", max_auto_retry=9, consumption_policy="LIFO")
    )

    assert exchange(api) == [
        ("GET", "/api/v2/datapool/orders", None),
        (
            "POST",
            "/api/v2/datapool/orders",
            dict(POOL_BODY, maxAutoRetry=9, consumptionPolicy="LIFO"),
        ),
    ]
    assert response.parsed.max_auto_retry == 9


async def test_update_fills_fields_the_server_left_out_with_create_defaults(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/datapool/orders").respond(200, json={"label": "orders", "maxAutoRetry": 4})
    api.post("/api/v2/datapool/orders").respond(200, json=POOL)

    await resolve(client.datapools.update("orders", schema=[{"label": "x", "type": "TEXT"}]))

    assert exchange(api)[1][2] == dict(
        CREATE_DEFAULTS,
        maxAutoRetry=4,
        schema=[{"label": "x", "type": "TEXT", "uniqueId": False, "displayValue": False}],
    )


async def test_update_refuses_unknown_fields_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.datapools.update("orders", max_retry=2, label="other"))

    assert str(caught.value) == (
        "2 invalid arguments for datapools.update: max_retry=2: unknown field; "
        "label='other': cannot be changed: it names the pool"
    )
    assert exchange(api) == []


async def test_update_refuses_bad_values_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="auto_retry"):
        await resolve(client.datapools.update("orders", auto_retry="yes"))

    assert exchange(api) == []


async def test_activate_gets_then_posts_the_pool_active(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/datapool/orders").respond(200, json=dict(POOL, active=False))
    api.post("/api/v2/datapool/orders").respond(200, json=POOL)

    response = await resolve(client.datapools.activate("orders"))

    assert exchange(api) == [
        ("GET", "/api/v2/datapool/orders", None),
        ("POST", "/api/v2/datapool/orders", POOL_BODY),
    ]
    assert response.parsed.active is True


async def test_deactivate_gets_then_posts_the_pool_inactive(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/datapool/orders").respond(200, json=POOL)
    api.post("/api/v2/datapool/orders").respond(200, json=dict(POOL, active=False))

    await resolve(client.datapools.deactivate("orders"))

    assert exchange(api) == [
        ("GET", "/api/v2/datapool/orders", None),
        ("POST", "/api/v2/datapool/orders", dict(POOL_BODY, active=False)),
    ]


async def test_activate_of_a_missing_pool_sends_nothing_more(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/datapool/orders").respond(404, json={"message": "Datapool not found"})

    with pytest.raises(NotFoundError, match="Datapool not found"):
        await resolve(client.datapools.activate("orders"))

    assert len(exchange(api)) == 1


# -- delete, summary, view -----------------------------------------------------------------


async def test_delete_sends_delete(client: AnyClient, api: respx.MockRouter) -> None:
    api.delete("/api/v2/datapool/orders").respond(200)

    response = await resolve(client.datapools.delete("orders"))

    assert exchange(api) == [("DELETE", "/api/v2/datapool/orders", None)]
    assert response.parsed is None


async def test_summary_reads_the_counters_the_csharp_sdk_reads(
    client: AnyClient, api: respx.MockRouter
) -> None:
    counters = {
        "countPending": 1,
        "countProcessing": "2",
        "countDone": "3",
        "avgDone": "1.5",
        "countTimeout": 5,
        "active": True,
    }
    api.get("/api/v2/datapool/orders/summary").respond(200, json=counters)

    summary = (await resolve(client.datapools.summary("orders"))).parsed

    assert exchange(api) == [("GET", "/api/v2/datapool/orders/summary", None)]
    assert (summary.count_pending, summary.count_processing, summary.count_done) == (1, 2, 3)
    assert (summary.avg_done, summary.count_timeout, summary.active) == (1.5, 5, True)
    assert summary.model_extra == {}


async def test_summary_keeps_counters_it_does_not_model(
    client: AnyClient, api: respx.MockRouter
) -> None:
    counters = {"countPending": 1, "countError": 4, "countCanceled": 6}
    api.get("/api/v2/datapool/orders/summary").respond(200, json=counters)

    summary = (await resolve(client.datapools.summary("orders"))).parsed

    assert summary.model_extra == {"countError": 4, "countCanceled": 6}


async def test_view_asks_for_a_page_of_entries(client: AnyClient, api: respx.MockRouter) -> None:
    body = page([{"id": "e1", "datapoolLabel": "orders", "state": "DONE"}], 0, 1)
    api.get("/api/v2/datapool/orders/view").respond(200, json=body)

    response = await resolve(client.datapools.view("orders", page=1, size=5, display_value="7"))

    assert exchange(api) == [
        ("GET", "/api/v2/datapool/orders/view?page=1&size=5&displayValue=7", None)
    ]
    assert response.parsed.content[0].datapool_label == "orders"
    assert response.parsed.content[0].state == "DONE"
