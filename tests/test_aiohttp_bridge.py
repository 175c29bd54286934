"""The aiohttp kind of the suite really goes over aiohttp and a socket to the respx routes."""

from __future__ import annotations

import pytest
import respx
from respx.models import AllMockedAssertionError

from maestro import APIConnectionError, AsyncMaestroClient
from maestro._aiohttp_transport import SdkAiohttpTransport
from tests._aiohttp_bridge import BridgeResolver, RespxBridge
from tests.conftest import close, make_client


async def test_a_call_reaches_the_routes_through_the_bridge(
    aiohttp_bridge: RespxBridge, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task/1").respond(200, json={"id": 1})
    client = make_client("async-aiohttp")
    assert isinstance(client, AsyncMaestroClient)
    assert (await client.tasks.get(1)).parsed.id == 1
    await close(client)
    assert type(client._transport.http._transport) is SdkAiohttpTransport
    assert aiohttp_bridge.served == 2  # the login and the call
    assert route.calls.last.request.headers["host"] == "maestro.test"


async def test_a_request_no_route_answers_is_kept_to_fail_the_test(
    aiohttp_bridge: RespxBridge, api: respx.MockRouter
) -> None:
    client = make_client("async-aiohttp", max_retries=0)
    with pytest.raises(APIConnectionError):
        await client.request_raw("GET", "/nowhere")
    await close(client)
    assert [type(error) for error in aiohttp_bridge.unexpected] == [AllMockedAssertionError]
    aiohttp_bridge.unexpected.clear()  # seen: the fixture would fail the test with it


async def test_a_name_the_bridge_does_not_serve_never_reaches_dns() -> None:
    resolver = BridgeResolver(["maestro.test"], 4430)
    assert (await resolver.resolve("maestro.test", 443))[0]["port"] == 4430
    with pytest.raises(OSError, match=r"^example\.com is not served by the test bridge$"):
        await resolver.resolve("example.com", 443)
