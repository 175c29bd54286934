"""Automations on the wire: /api/v2/activity, /activity/pagination, /activity/{label}."""

from __future__ import annotations

import pytest
import respx

from maestro import Automation, RequestValidationError, Technology
from tests.conftest import AnyClient, resolve
from tests.resources._wire import assert_authenticated, only_request, page, query

INVOICES = {
    "id": 7,
    "label": "invoices",
    "name": "Invoices",
    "technology": "PYTHON",
    "parameters": [{"label": "month", "type": "TEXT", "required": True}],
    "agentId": "InvoiceBot",
}


async def test_list_gets_every_automation_as_a_plain_array(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/activity").respond(200, json=[INVOICES, {"label": "reports"}])

    response = await resolve(client.automations.list())

    request = only_request(api)
    assert (request.method, request.url.path, query(request)) == ("GET", "/api/v2/activity", [])
    assert_authenticated(request)
    assert [a.label for a in response.parsed] == ["invoices", "reports"]
    assert response.parsed[0].parameters[0].required is True
    assert response.parsed[0].technology is Technology.PYTHON


async def test_search_sends_page_size_sort_and_filters(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/activity/pagination").respond(200, json=page([INVOICES], number=2, size=10))

    response = await resolve(
        client.automations.search(
            page=2, size=10, sort="name,asc", automation="inv", label="invoices", name="Inv"
        )
    )

    request = only_request(api)
    assert request.url.path == "/api/v2/activity/pagination"
    assert query(request) == [
        ("page", "2"),
        ("size", "10"),
        ("automation", "inv"),
        ("label", "invoices"),
        ("name", "Inv"),
        ("sort", "name,asc"),
    ]
    assert_authenticated(request)
    assert response.parsed.number == 2
    assert response.parsed.content[0].agent_id == "InvoiceBot"


async def test_search_asks_for_the_first_page_of_50_without_filters(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/activity/pagination").respond(200, json=page([]))

    await resolve(client.automations.search())

    assert query(only_request(api)) == [("page", "0"), ("size", "50")]


async def test_search_repeats_sort_for_several_orders(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/activity/pagination").respond(200, json=page([]))

    await resolve(client.automations.search(sort=["name,desc", "label"]))

    assert query(only_request(api))[2:] == [("sort", "name,desc"), ("sort", "label")]


@pytest.mark.parametrize("sort", ["", "name,sideways", "name;drop", [], ["name", 3]])
async def test_search_refuses_a_malformed_sort_before_sending(
    client: AnyClient, api: respx.MockRouter, sort: object
) -> None:
    with pytest.raises(RequestValidationError, match=r"automations\.search") as caught:
        await resolve(client.automations.search(sort=sort))  # type: ignore[arg-type]

    assert [error.field for error in caught.value.errors] == ["sort"]
    assert api.calls.call_count == 0


async def test_search_refuses_a_negative_page_and_a_zero_size_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.automations.search(page=-1, size=0))

    assert [error.field for error in caught.value.errors] == ["page", "size"]
    assert api.calls.call_count == 0


async def test_get_fetches_one_automation_by_label(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/activity/invoices").respond(200, json=INVOICES)

    response = await resolve(client.automations.get("invoices"))

    request = only_request(api)
    assert (request.method, request.url.path) == ("GET", "/api/v2/activity/invoices")
    assert_authenticated(request)
    assert isinstance(response.parsed, Automation)
    assert response.parsed.name == "Invoices"


async def test_get_encodes_a_label_into_one_path_segment(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get(url__regex=r".*").respond(200, json={"label": "a/b c"})

    await resolve(client.automations.get("a/b c"))

    assert only_request(api).url.raw_path == b"/api/v2/activity/a%2Fb%20c"


@pytest.mark.parametrize("label", ["", "..", "."])
async def test_get_refuses_an_empty_or_dot_label_before_sending(
    client: AnyClient, api: respx.MockRouter, label: str
) -> None:
    with pytest.raises(RequestValidationError, match=r"automations\.get"):
        await resolve(client.automations.get(label))

    assert api.calls.call_count == 0


async def test_an_automation_keeps_unknown_fields_and_technologies(
    client: AnyClient, api: respx.MockRouter
) -> None:
    body = {"label": "x", "technology": "RUST", "parameters": None, "color": "blue"}
    api.get("/api/v2/activity/x").respond(200, json=body)

    automation = (await resolve(client.automations.get("x"))).parsed

    assert automation.technology == "RUST"
    assert automation.parameters == []
    assert automation.model_extra == {"color": "blue"}
