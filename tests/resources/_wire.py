"""Helpers for the wire tests: what the client sent, and Spring pages to answer with."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx
import respx

from tests.conftest import ORGANIZATION, TOKEN


def sent(api: respx.MockRouter) -> list[httpx.Request]:
    """Every request the client sent, login excepted, in order."""
    return [
        call.request for call in api.calls if call.request.url.path != "/api/v2/workspace/login"
    ]


def only_request(api: respx.MockRouter) -> httpx.Request:
    """The one request sent besides the login; fails if there were more or none."""
    requests = sent(api)
    assert len(requests) == 1, [f"{r.method} {r.url}" for r in requests]
    return requests[0]


def assert_authenticated(request: httpx.Request) -> None:
    """The request carries the token both ways and the organization from the login."""
    assert request.headers["token"] == TOKEN
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["organization"] == ORGANIZATION


def query(request: httpx.Request) -> list[tuple[str, str]]:
    """The query string as an ordered list of pairs (repeated names kept)."""
    return list(request.url.params.multi_items())


def json_of(request: httpx.Request) -> Any:
    """The request's JSON body, checking the content type."""
    assert request.headers["content-type"] == "application/json"
    return json.loads(request.content)


def page(
    content: list[Any], *, number: int = 0, size: int = 50, total: int | None = None
) -> dict[str, Any]:
    """A Spring Data page envelope as the server sends it."""
    total = len(content) if total is None else total
    total_pages = max(1, -(-total // size))
    return {
        "content": content,
        "pageable": {"pageNumber": number, "pageSize": size, "offset": number * size},
        "last": number + 1 >= total_pages,
        "first": number == 0,
        "empty": not content,
        "totalPages": total_pages,
        "totalElements": total,
        "numberOfElements": len(content),
        "size": size,
        "number": number,
    }


def api_requests(api: respx.MockRouter) -> list[tuple[str, str]]:
    """Method and path of every request but the login, in order."""
    return [(request.method, request.url.path) for request in sent(api)]


def query_of(request: httpx.Request) -> dict[str, str]:
    """The query parameters of a sent request, as a plain dict (one value each)."""
    return dict(request.url.params)


def page_json(content: Sequence[Any], *, number: int = 0, last: bool = True) -> dict[str, Any]:
    """A minimal Spring ``Page`` envelope around ``content``, saying whether it is the last."""
    return {
        "content": list(content),
        "last": last,
        "first": number == 0,
        "empty": not content,
        "number": number,
        "size": len(content),
        "numberOfElements": len(content),
    }
