"""The declaration mechanism itself: endpoint, operation and paginated on both transports."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from maestro import MaestroResponse, NotFoundError, Page, RequestValidationError
from maestro._call import Call, Emit, Flow, Sleep, Stream, fetch, json_body, no_body, route
from maestro._endpoint import Resource, TransportT, endpoint, operation, paginated
from maestro._pagination import walk_pages
from maestro.models import ResponseModel
from tests.conftest import AnyClient, collect, resolve


class Widget(ResponseModel):
    id: int
    name: str | None = None


class Widgets(Resource[TransportT]):
    """A resource that exists only in this test."""

    _resource_name = "widgets"

    @endpoint
    def get(self, widget_id: int) -> Call[Widget]:
        """One widget."""
        return Call("GET", route("/api/v2/widget/{id}", id=widget_id), json_body(Widget))

    @operation
    def rename(self, widget_id: int, name: str) -> Flow[MaestroResponse[Widget]]:
        """Read, then write: two requests, one declaration."""
        if not name:
            raise RequestValidationError.single("", "name", name, "must not be empty")
        current = yield from fetch(self.get.__wrapped__(self, widget_id))  # type: ignore[attr-defined]
        yield Sleep(0.25)
        body = {"id": current.parsed.id, "name": name}
        return (
            yield from fetch(
                Call("PUT", f"/api/v2/widget/{widget_id}", json_body(Widget), json=body)
            )
        )

    @operation
    def get_or_none(self, widget_id: int) -> Flow[Widget | None]:
        """A flow that catches an error thrown into it."""
        try:
            response = yield from fetch(
                Call("GET", f"/api/v2/widget/{widget_id}", json_body(Widget))
            )
        except NotFoundError:
            return None
        return response.parsed

    @paginated
    def iterate(
        self, *, color: str, page_size: int = 2, limit: int | None = None
    ) -> Stream[Widget]:
        """Every widget of a color."""
        return walk_pages(
            lambda page, size: Call(
                "GET",
                "/api/v2/widget",
                json_body(Page[Widget]),
                params={"color": color, "page": page, "size": size},
            ),
            page_size=page_size,
            limit=limit,
        )

    @paginated
    def countdown(self) -> Stream[int]:
        """A stream mixing emitted items and a call."""
        yield Emit(2)
        yield Call("DELETE", "/api/v2/widget/1", no_body)
        yield Emit(1)


def page(items: list[dict[str, Any]], number: int, total_pages: int) -> dict[str, Any]:
    return {
        "content": items,
        "number": number,
        "totalPages": total_pages,
        "last": number + 1 >= total_pages,
    }


@pytest.fixture
def widgets(client: AnyClient) -> Widgets[Any]:
    return Widgets(client._transport)


async def test_endpoint_returns_the_parsed_response(
    widgets: Widgets[Any], api: respx.MockRouter
) -> None:
    api.get("/api/v2/widget/4").respond(200, json={"id": 4, "name": "bolt"})
    assert (await resolve(widgets.get(4))).parsed == Widget(id=4, name="bolt")


async def test_operation_runs_every_step_in_order(
    widgets: Widgets[Any], api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.get("/api/v2/widget/4").respond(200, json={"id": 4, "name": "bolt"})
    put = api.put("/api/v2/widget/4").respond(200, json={"id": 4, "name": "nut"})
    response = await resolve(widgets.rename(4, "nut"))
    assert response.parsed.name == "nut"
    assert json.loads(put.calls.last.request.content) == {"id": 4, "name": "nut"}
    assert sleeps == [0.25]
    assert [call.request.method for call in api.calls if "widget" in call.request.url.path] == [
        "GET",
        "PUT",
    ]


async def test_operation_validation_names_the_operation(
    widgets: Widgets[Any], api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match=r"widgets\.rename: name=''"):
        await resolve(widgets.rename(4, ""))
    assert api.calls.call_count == 0


async def test_an_error_is_thrown_into_the_flow(
    widgets: Widgets[Any], api: respx.MockRouter
) -> None:
    api.get("/api/v2/widget/5").respond(404, json={"message": "no widget"})
    assert await resolve(widgets.get_or_none(5)) is None


async def test_paginated_walks_every_page_lazily_with_the_filters(
    widgets: Widgets[Any], api: respx.MockRouter
) -> None:
    pages = [
        page([{"id": 1}, {"id": 2}], 0, 3),
        page([{"id": 3}, {"id": 4}], 1, 3),
        page([{"id": 5}], 2, 3),
    ]
    listing = api.get("/api/v2/widget").mock(
        side_effect=lambda request: httpx.Response(200, json=pages[int(request.url.params["page"])])
    )
    items = await collect(widgets.iterate(color="red"))
    assert [item.id for item in items] == [1, 2, 3, 4, 5]
    assert [dict(call.request.url.params) for call in listing.calls] == [
        {"color": "red", "page": "0", "size": "2"},
        {"color": "red", "page": "1", "size": "2"},
        {"color": "red", "page": "2", "size": "2"},
    ]


async def test_paginated_limit_stops_fetching(widgets: Widgets[Any], api: respx.MockRouter) -> None:
    listing = api.get("/api/v2/widget").respond(200, json=page([{"id": 1}, {"id": 2}], 0, 50))
    items = await collect(widgets.iterate(color="red", limit=1))
    assert [item.id for item in items] == [1]
    assert listing.call_count == 1


async def test_paginated_fetches_nothing_until_iterated(
    widgets: Widgets[Any], api: respx.MockRouter
) -> None:
    listing = api.get("/api/v2/widget").respond(200, json=page([], 0, 0))
    iterator = widgets.iterate(color="red")
    assert listing.call_count == 0
    assert await collect(iterator) == []
    assert listing.call_count == 1


async def test_paginated_stops_on_an_empty_page_without_counters(
    widgets: Widgets[Any], api: respx.MockRouter
) -> None:
    answers = [{"content": [{"id": 1}, {"id": 2}]}, {"content": []}]
    listing = api.get("/api/v2/widget").mock(
        side_effect=[httpx.Response(200, json=a) for a in answers]
    )
    assert [w.id for w in await collect(widgets.iterate(color="blue"))] == [1, 2]
    assert listing.call_count == 2


async def test_paginated_checks_its_arguments_at_call_time(widgets: Widgets[Any]) -> None:
    with pytest.raises(RequestValidationError, match=r"widgets.iterate") as caught:
        widgets.iterate(color="red", page_size=0, limit=-1)
    assert [e.field for e in caught.value.errors] == ["page_size", "limit"]


async def test_a_stream_may_mix_items_and_calls(
    widgets: Widgets[Any], api: respx.MockRouter
) -> None:
    deleted = api.delete("/api/v2/widget/1").respond(204)
    assert await collect(widgets.countdown()) == [2, 1]
    assert deleted.call_count == 1


def test_class_access_returns_the_declaration() -> None:
    assert isinstance(Widgets.get, endpoint)
    assert Widgets.get.__doc__ == "One widget."
    assert Widgets.iterate.__name__ == "iterate"
