"""Auto-pagination ends on any server: honest, misreporting, or ignoring its paging parameters.

Every ``iterate`` of both clients runs on one page walker; these tests drive it through the
public iterators with servers that answer pages in every way the wire allows, and pin each
rule that ends a walk (``last``, ``totalPages``, an empty page, a short page) so that changing
one breaks a test.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
import respx

from maestro import MaestroClient, Page, PaginationError, Task
from maestro._call import Call, Emit, Stream, json_body
from maestro._endpoint import Resource, TransportT, paginated
from maestro._pagination import walk_pages
from tests.conftest import BASE_URL, AnyClient, collect

Item = dict[str, Any]
Answer = Callable[[int], Item]
"""Builds the JSON body of the page the client asked for (its ``page`` parameter)."""

# Every auto-paginating method of the clients: route, how to start it, one item of its list.
ITERATORS: dict[str, tuple[str, Callable[[Any], Any], Callable[[int], Item]]] = {
    "tasks": ("/api/v2/task", lambda c: c.tasks.iterate(page_size=2), lambda n: {"id": n}),
    "result_files": (
        "/api/v2/artifact",
        lambda c: c.result_files.iterate(page_size=2),
        lambda n: {"id": n},
    ),
    "errors": ("/api/v2/error", lambda c: c.errors.iterate(page_size=2), lambda n: {"id": n}),
    "runners": (
        "/api/v2/machine/pagination",
        lambda c: c.runners.iterate(page_size=2),
        lambda n: {"id": n},
    ),
    "schedules": (
        "/api/v2/scheduling",
        lambda c: c.schedules.iterate(page_size=2),
        lambda n: {"id": n},
    ),
    "datapools": (
        "/api/v2/datapool",
        lambda c: c.datapools.iterate(page_size=2),
        lambda n: {"id": n, "label": f"pool-{n}"},
    ),
}

MAX_REQUESTS = 6
"""A walk that goes past this many pages has failed to stop; the server refuses to go on."""


def serve(api: respx.MockRouter, path: str, answer: Answer) -> respx.Route:
    """Answer ``GET path`` with ``answer(page)``; fail the test after ``MAX_REQUESTS``."""
    requests: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        requests.append(int(request.url.params["page"]))
        assert len(requests) <= MAX_REQUESTS, f"the walk did not stop: pages {requests}"
        return httpx.Response(200, json=answer(requests[-1]))

    return api.get(path).mock(side_effect=respond)


def pages_asked(route: respx.Route) -> list[str]:
    """The ``page`` parameter of every request a route received, in order."""
    return [call.request.url.params["page"] for call in route.calls]


def ids(items: list[Any]) -> list[int]:
    """The ``id`` of every item, whatever its model (unknown fields are kept as extras)."""
    return [int(item.model_dump(by_alias=True)["id"]) for item in items]


async def drain(iterator: Iterator[Any] | AsyncIterator[Any], into: list[Any]) -> None:
    """Append every item of a sync or async iterator to ``into``, until it ends or raises."""
    if isinstance(iterator, AsyncIterator):
        async for item in iterator:
            into.append(item)
    else:
        into.extend(iterator)


async def collect_until_error(
    iterator: Iterator[Any] | AsyncIterator[Any],
) -> tuple[list[Any], PaginationError]:
    """The items an iterator yields before it raises ``PaginationError``, and the error."""
    items: list[Any] = []
    with pytest.raises(PaginationError) as caught:
        await drain(iterator, items)
    return items, caught.value


def tasks_page(content: list[Item], **counters: Any) -> Item:
    """A page of the tasks route with exactly the given counters (no others)."""
    return {"content": content, **counters}


def task(n: int) -> Item:
    return {"id": n}


def two_tasks(page: int) -> list[Item]:
    """The tasks of a full page of size 2: ids 1, 2 on page 0, ids 3, 4 on page 1..."""
    return [task(2 * page + 1), task(2 * page + 2)]


def test_every_iterate_of_the_clients_is_covered() -> None:
    with MaestroClient("login", "key", BASE_URL) as client:
        declared = {
            name
            for name, resource in zip(client._resource_makers, client._resources(), strict=True)
            if isinstance(resource, Resource)
            and isinstance(getattr(type(resource), "iterate", None), paginated)
        }
    assert declared == set(ITERATORS)


# -- servers that ignore or misreport the page -------------------------------------------------


@pytest.mark.parametrize("resource", sorted(ITERATORS))
async def test_a_server_answering_page_0_to_every_request_stops_the_walk(
    client: AnyClient, api: respx.MockRouter, resource: str
) -> None:
    path, start, item = ITERATORS[resource]
    first_page = {"content": [item(1), item(2)], "number": 0, "totalPages": 2, "last": False}
    route = serve(api, path, lambda page: first_page)

    items, error = await collect_until_error(start(client))

    assert ids(items) == [1, 2]
    assert pages_asked(route) == ["0", "1"]
    assert (error.method, error.path) == ("GET", path)
    assert (error.requested_page, error.answered_page) == (1, 0)
    assert str(error) == (
        f"GET {path}: asked for page 1 but the server answered page 0: the server ignores its "
        "paging parameters on this route, so iterating would repeat items or never end; read "
        "the route page by page with the resource's list() or with client.request_raw()"
    )


async def test_a_page_number_reported_only_in_pageable_is_checked(
    client: AnyClient, api: respx.MockRouter
) -> None:
    body = tasks_page([task(1), task(2)], pageable={"pageNumber": 0, "pageSize": 2}, last=False)
    route = serve(api, "/api/v2/task", lambda page: body)

    items, error = await collect_until_error(client.tasks.iterate(page_size=2))

    assert ids(items) == [1, 2]
    assert pages_asked(route) == ["0", "1"]
    assert (error.requested_page, error.answered_page) == (1, 0)


async def test_a_server_sending_the_same_page_without_numbers_is_refused(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = serve(api, "/api/v2/task", lambda page: tasks_page([task(1), task(2)], last=False))

    items, error = await collect_until_error(client.tasks.iterate(page_size=2))

    assert ids(items) == [1, 2]
    assert pages_asked(route) == ["0", "1"]
    assert (error.requested_page, error.answered_page) == (1, None)
    assert "the server answered the same page again" in str(error)


async def test_a_first_page_with_another_number_yields_nothing(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = serve(api, "/api/v2/task", lambda page: tasks_page([task(1)], number=1, last=True))

    items, error = await collect_until_error(client.tasks.iterate(page_size=2))

    assert items == []
    assert pages_asked(route) == ["0"]
    assert (error.requested_page, error.answered_page) == (0, 1)


# -- what ends a walk ---------------------------------------------------------------------------


async def test_total_pages_ends_a_walk_whose_pages_all_say_not_last(
    client: AnyClient, api: respx.MockRouter
) -> None:
    def answer(page: int) -> Item:
        return tasks_page(two_tasks(page), number=page, size=2, totalPages=2, last=False)

    route = serve(api, "/api/v2/task", answer)

    assert ids(await collect(client.tasks.iterate(page_size=2))) == [1, 2, 3, 4]
    assert pages_asked(route) == ["0", "1"]


async def test_last_ends_a_walk_before_total_pages(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = serve(
        api, "/api/v2/task", lambda page: tasks_page([task(1)], number=0, totalPages=5, last=True)
    )

    assert ids(await collect(client.tasks.iterate(page_size=2))) == [1]
    assert pages_asked(route) == ["0"]


async def test_a_page_without_last_ends_at_total_pages(
    client: AnyClient, api: respx.MockRouter
) -> None:
    def answer(page: int) -> Item:
        return tasks_page(two_tasks(page), number=page, totalPages=2)

    route = serve(api, "/api/v2/task", answer)

    assert ids(await collect(client.tasks.iterate(page_size=2))) == [1, 2, 3, 4]
    assert pages_asked(route) == ["0", "1"]


async def test_a_page_without_last_ends_when_shorter_than_its_size(
    client: AnyClient, api: respx.MockRouter
) -> None:
    contents = {0: [task(1), task(2), task(3)], 1: [task(4), task(5)], 2: [task(6)]}
    route = serve(api, "/api/v2/task", lambda page: tasks_page(contents[page], number=page, size=3))

    assert ids(await collect(client.tasks.iterate(page_size=3))) == [1, 2, 3, 4, 5]
    assert pages_asked(route) == ["0", "1"]


async def test_a_short_page_that_says_not_last_does_not_end_the_walk(
    client: AnyClient, api: respx.MockRouter
) -> None:
    contents = {0: [task(1), task(2)], 1: [task(3)]}

    def answer(page: int) -> Item:
        return tasks_page(contents[page], number=page, size=3, last=page == 1)

    route = serve(api, "/api/v2/task", answer)

    assert ids(await collect(client.tasks.iterate(page_size=3))) == [1, 2, 3]
    assert pages_asked(route) == ["0", "1"]


async def test_a_page_without_last_ends_when_shorter_than_its_pageable_size(
    client: AnyClient, api: respx.MockRouter
) -> None:
    contents = {0: [task(1), task(2), task(3)], 1: [task(4), task(5)], 2: [task(6)]}

    def answer(page: int) -> Item:
        return tasks_page(contents[page], pageable={"pageNumber": page, "pageSize": 3})

    route = serve(api, "/api/v2/task", answer)

    assert ids(await collect(client.tasks.iterate(page_size=3))) == [1, 2, 3, 4, 5]
    assert pages_asked(route) == ["0", "1"]


async def test_a_page_without_last_or_counters_ends_when_empty(
    client: AnyClient, api: respx.MockRouter
) -> None:
    contents = {0: [task(1), task(2)], 1: [], 2: [task(3)]}
    route = serve(api, "/api/v2/task", lambda page: tasks_page(contents[page], number=page))

    assert ids(await collect(client.tasks.iterate(page_size=2))) == [1, 2]
    assert pages_asked(route) == ["0", "1"]


async def test_an_empty_page_ends_a_walk_even_when_it_says_not_last(
    client: AnyClient, api: respx.MockRouter
) -> None:
    contents = {0: [task(1), task(2)], 1: [], 2: [task(3)]}
    route = serve(
        api, "/api/v2/task", lambda page: tasks_page(contents[page], number=page, last=False)
    )

    assert ids(await collect(client.tasks.iterate(page_size=2))) == [1, 2]
    assert pages_asked(route) == ["0", "1"]


class Listing(Resource[TransportT]):
    """A paged route that starts at a given page, which no public iterator does yet."""

    _resource_name = "listing"

    @paginated
    def from_page(self, first_page: int) -> Stream[Task]:
        """Every task from ``first_page`` on."""
        return walk_pages(
            lambda page, size: Call(
                "GET", "/api/v2/task", json_body(Page[Task]), params={"page": page, "size": size}
            ),
            page_size=2,
            first_page=first_page,
        )


async def test_total_pages_count_from_a_first_page_other_than_0(
    client: AnyClient, api: respx.MockRouter
) -> None:
    def answer(page: int) -> Item:
        return tasks_page(two_tasks(page), number=page, size=2, totalPages=4, last=False)

    route = serve(api, "/api/v2/task", answer)
    listing: Listing[Any] = Listing(client._transport)

    items = await collect(listing.from_page(2))

    assert ids(items) == [5, 6, 7, 8]
    assert pages_asked(route) == ["2", "3"]


# -- Page.is_last on its own -------------------------------------------------------------------


def test_is_last_counts_total_pages_from_the_page_asked_for_when_given() -> None:
    page = Page[Task].model_validate(tasks_page([task(1)], number=0, totalPages=2, last=False))

    assert page.is_last() is False
    assert page.is_last(requested_page=1) is True


def test_is_last_takes_the_page_number_from_pageable_when_number_is_absent() -> None:
    page = Page[Task].model_validate(
        tasks_page([task(1)], pageable={"pageNumber": 1}, totalPages=2)
    )

    assert page.page_number() == 1
    assert page.is_last() is True


def test_a_full_page_without_last_or_total_pages_is_not_the_last() -> None:
    page = Page[Task].model_validate(tasks_page([task(1), task(2)], number=0, size=2))

    assert page.is_last() is False


# -- one page in memory --------------------------------------------------------------------------


def test_the_walker_lets_go_of_a_page_before_asking_for_the_next() -> None:
    def answer(page: int) -> Item:
        return tasks_page(two_tasks(page), number=page, size=2, totalPages=2)

    def page_call(page: int, size: int) -> Call[Page[Task]]:
        params = {"page": page, "size": size}
        return Call("GET", "/api/v2/task", json_body(Page[Task]), params=params)

    client = MaestroClient(token="t0ken", organization="ORG", base_url=BASE_URL)
    with respx.mock(base_url=BASE_URL) as mocked:
        serve(mocked, "/api/v2/task", answer)
        stream = walk_pages(page_call, page_size=2)
        first = client._transport.execute(next(stream))  # type: ignore[arg-type]
        page_alive = weakref.ref(first.parsed)
        item_alive = weakref.ref(first.parsed.content[0])
        step = stream.send(first)
        del first
        while isinstance(step, Emit):
            step = next(stream)
        gc.collect()
        assert isinstance(step, Call)
        assert step.params == {"page": 1, "size": 2}
        assert page_alive() is None
        assert item_alive() is None
        stream.close()
    client.close()


async def test_the_client_holds_no_earlier_page_while_it_fetches_the_next(
    client: AnyClient, api: respx.MockRouter
) -> None:
    earlier_items: list[weakref.ref[Any]] = []
    alive_when_page_1_was_asked: list[bool] = []

    def answer(page: int) -> Item:
        if page == 1:
            gc.collect()
            alive_when_page_1_was_asked.extend(ref() is not None for ref in earlier_items)
        return tasks_page(two_tasks(page), number=page, size=2, totalPages=2)

    serve(api, "/api/v2/task", answer)
    iterator = client.tasks.iterate(page_size=2)
    seen: list[int] = []
    while len(seen) < 4:
        item = await anext(iterator) if isinstance(iterator, AsyncIterator) else next(iterator)
        seen.append(item.id)
        if len(seen) <= 2:
            earlier_items.append(weakref.ref(item))
        del item

    assert seen == [1, 2, 3, 4]
    assert alive_when_page_1_was_asked == [False, False]
