"""Retries: what is retried, how long the client waits, and what is never sent twice."""

from __future__ import annotations

import email.utils
import logging
import time

import httpx
import pytest
import respx

from maestro import APIConnectionError, APITimeoutError, RateLimitError, RetryPolicy, ServerError
from tests.conftest import AnyClient, close, httpx_only, make_client, resolve


def responses(*statuses: int, **headers: str) -> list[httpx.Response]:
    return [
        httpx.Response(status, json={"id": 1, "message": f"status {status}"}, headers=headers)
        for status in statuses
    ]


async def test_get_is_retried_after_503_and_records_the_retries(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task/1").mock(side_effect=responses(503, 502, 200))
    response = await resolve(client.tasks.get(1))
    assert response.parsed.id == 1
    assert response.retries == 2
    assert route.call_count == 3


async def test_a_fresh_success_records_zero_retries(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(200, json={"id": 1})
    assert (await resolve(client.tasks.get(1))).retries == 0


async def test_retries_stop_after_max_retries(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/task/1").respond(504, json={"message": "gateway"})
    with pytest.raises(ServerError) as caught:
        await resolve(client.tasks.get(1))
    assert route.call_count == 3  # the first try and max_retries=2
    assert caught.value.status_code == 504
    assert caught.value.response.retries == 2


async def test_max_retries_zero_sends_once(
    kind: str, api: respx.MockRouter, sleeps: list[float]
) -> None:
    client = make_client(kind, max_retries=0)
    route = api.get("/api/v2/task/1").respond(503)
    with pytest.raises(ServerError):
        await resolve(client.tasks.get(1))
    assert route.call_count == 1
    await close(client)


async def test_create_task_is_not_sent_twice_after_503(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/task").mock(side_effect=responses(503, 200))
    with pytest.raises(ServerError):
        await resolve(client.tasks.create("label"))
    assert route.call_count == 1


@httpx_only("a read timeout raised on the client's side, not by a server")
async def test_create_task_is_not_sent_twice_after_a_read_timeout(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/task").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError):
        await resolve(client.tasks.create("label"))
    assert route.call_count == 1


async def test_create_task_is_not_sent_twice_after_a_dropped_connection(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/task").mock(
        side_effect=httpx.RemoteProtocolError("server disconnected")
    )
    with pytest.raises(APIConnectionError):
        await resolve(client.tasks.create("label"))
    assert route.call_count == 1


@httpx_only("a refused connection the server cannot cause once the request has reached it")
async def test_a_connection_failure_before_sending_is_retried_for_a_post(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/task").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json={"id": 9})]
    )
    response = await resolve(client.tasks.create("label"))
    assert response.parsed.id == 9
    assert response.retries == 1
    assert route.call_count == 2


@httpx_only("a read timeout raised on the client's side, not by a server")
async def test_read_timeouts_are_retried_on_get(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/task/1").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json={"id": 1})]
    )
    assert (await resolve(client.tasks.get(1))).retries == 1
    assert route.call_count == 2


async def test_connection_errors_become_api_connection_error_after_retries(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task/1").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError, match="after 2 retries") as caught:
        await resolve(client.tasks.get(1))
    assert not isinstance(caught.value, APITimeoutError)
    assert route.call_count == 3


async def test_429_is_retried_for_a_post_and_honours_retry_after_seconds(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.post("/api/v2/task").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "3"}),
            httpx.Response(200, json={"id": 2}),
        ]
    )
    response = await resolve(client.tasks.create("label"))
    assert response.parsed.id == 2
    assert route.call_count == 2
    assert sleeps == [3.0]


async def test_429_honours_retry_after_as_an_http_date(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    api.get("/api/v2/task/1").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": when}),
            httpx.Response(200, json={"id": 1}),
        ]
    )
    await resolve(client.tasks.get(1))
    assert len(sleeps) == 1
    assert 17.0 <= sleeps[0] <= 20.0


async def test_retry_after_is_capped(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.get("/api/v2/task/1").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "86400"}),
            httpx.Response(200, json={"id": 1}),
        ]
    )
    await resolve(client.tasks.get(1))
    assert sleeps == [60.0]


async def test_429_raises_rate_limit_error_when_retries_run_out(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(
        429, json={"message": "slow down"}, headers={"Retry-After": "1"}
    )
    with pytest.raises(RateLimitError, match="slow down"):
        await resolve(client.tasks.get(1))


async def test_500_is_not_retried(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.get("/api/v2/task/1").respond(500, json={"message": "boom"})
    with pytest.raises(ServerError, match="boom"):
        await resolve(client.tasks.get(1))
    assert route.call_count == 1


async def test_waits_grow_exponentially(
    kind: str, api: respx.MockRouter, sleeps: list[float]
) -> None:
    policy = RetryPolicy(max_retries=4, backoff_initial=0.5, backoff_max=3.0, jitter=0.0)
    client = make_client(kind, retry_policy=policy)  # the policy's max_retries is kept
    api.get("/api/v2/task/1").respond(503)
    with pytest.raises(ServerError):
        await resolve(client.tasks.get(1))
    assert sleeps == [0.5, 1.0, 2.0, 3.0]
    await close(client)


def test_jitter_shortens_each_wait_by_at_most_its_share() -> None:
    policy = RetryPolicy(backoff_initial=1.0, jitter=0.25)
    waits = [policy.delay(1, httpx.ConnectError("x")) for _ in range(200)]
    assert all(0.75 <= wait <= 1.0 for wait in waits)
    assert len(set(waits)) > 1


async def test_deadline_stops_retrying_when_the_next_wait_does_not_fit(
    kind: str, api: respx.MockRouter, sleeps: list[float]
) -> None:
    policy = RetryPolicy(backoff_initial=5.0, jitter=0.0)
    client = make_client(kind, retry_policy=policy, max_retries=5).with_options(deadline=2.0)
    route = api.get("/api/v2/task/1").respond(503)
    with pytest.raises(ServerError):
        await resolve(client.tasks.get(1))
    assert route.call_count == 1
    assert sleeps == []


@httpx_only("reads the timeouts httpx attaches to the request object, which never go over the wire")
async def test_deadline_bounds_each_attempt_timeout(kind: str, api: respx.MockRouter) -> None:
    client = make_client(kind, timeout=30.0).with_options(deadline=1.5)
    route = api.get("/api/v2/task/1").respond(200, json={"id": 1})
    await resolve(client.tasks.get(1))
    timeout = route.calls.last.request.extensions["timeout"]
    assert 0 < timeout["read"] <= 1.5
    assert 0 < timeout["connect"] <= 1.5


async def test_with_options_changes_max_retries_for_the_copy_only(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task/1").respond(503)
    with pytest.raises(ServerError):
        await resolve(client.with_options(max_retries=0).tasks.get(1))
    assert route.call_count == 1
    with pytest.raises(ServerError):
        await resolve(client.tasks.get(1))
    assert route.call_count == 4


async def test_each_retry_is_logged_once(
    client: AnyClient, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    api.get("/api/v2/task/1").mock(side_effect=responses(503, 200))
    with caplog.at_level(logging.INFO, logger="maestro"):
        await resolve(client.tasks.get(1))
    retries = [
        record.getMessage()
        for record in caplog.records
        if record.getMessage().startswith("retrying")
    ]
    assert len(retries) == 1
    assert "GET https://maestro.test/api/v2/task/1 after 503" in retries[0]
    assert "(retry 1 of 2)" in retries[0]


def test_retry_policy_rejects_negative_retries() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)


@pytest.mark.parametrize(
    ("outcome", "idempotent", "expected"),
    [
        (httpx.ConnectError("x"), False, True),
        (httpx.ConnectTimeout("x"), False, True),
        (httpx.PoolTimeout("x"), False, True),
        (httpx.ReadTimeout("x"), False, False),
        (httpx.ReadTimeout("x"), True, True),
        (httpx.RemoteProtocolError("x"), False, False),
        (httpx.RemoteProtocolError("x"), True, True),
        (httpx.Response(429), False, True),
        (httpx.Response(502), False, False),
        (httpx.Response(502), True, True),
        (httpx.Response(503), True, True),
        (httpx.Response(504), True, True),
        (httpx.Response(500), True, False),
        (httpx.Response(404), True, False),
    ],
)
def test_should_retry_table(
    outcome: httpx.Response | Exception, idempotent: bool, expected: bool
) -> None:
    assert RetryPolicy().should_retry(outcome, idempotent=idempotent) is expected
