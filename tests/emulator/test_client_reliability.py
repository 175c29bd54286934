"""The client against a misbehaving server: the emulator's faults, in-process and over HTTP.

These are the behaviours a bot relies on without writing retry code: transient failures are
absorbed, a task is never created twice, an expired token costs one login.
"""

from __future__ import annotations

import pytest

from maestro import APIConnectionError, NotFoundError, ServerError
from maestro.testing import MaestroEmulator
from tests.conftest import AnyClient, resolve


@pytest.fixture
def client(sdk: AnyClient) -> AnyClient:
    """Each test runs with both clients, in-process and over real HTTP on 127.0.0.1."""
    return sdk


def logins(emulator: MaestroEmulator) -> int:
    return sum(
        1 for r in emulator.requests if r.path == "/api/v2/workspace/login" and r.fault is None
    )


async def test_transient_503s_on_a_read_are_absorbed(
    client: AnyClient, emulator: MaestroEmulator
) -> None:
    task = (await resolve(client.tasks.create("Invoices"))).parsed
    emulator.faults.schedule(503, times=2, method="GET", path="/api/v2/task/*")
    response = await resolve(client.tasks.get(task.id))
    assert response.parsed.id == task.id
    assert response.retries == 2


async def test_a_429_with_retry_after_is_waited_out_even_for_a_create(
    client: AnyClient, emulator: MaestroEmulator
) -> None:
    emulator.faults.schedule(429, method="POST", path="/api/v2/task", retry_after=1)
    response = await resolve(client.tasks.create("Invoices"))
    assert response.retries == 1
    assert len(emulator.tasks) == 1


async def test_a_create_dropped_after_the_server_applied_it_is_not_sent_again(
    client: AnyClient, emulator: MaestroEmulator
) -> None:
    emulator.faults.schedule_drop("after", method="POST", path="/api/v2/task")
    with pytest.raises(APIConnectionError):
        await resolve(client.tasks.create("Invoices"))
    assert len(emulator.tasks) == 1  # created once, and only once
    posts = [r for r in emulator.requests if r.method == "POST" and r.path == "/api/v2/task"]
    assert len(posts) == 1


async def test_a_create_dropped_before_the_server_applied_it_is_not_sent_again(
    client: AnyClient, emulator: MaestroEmulator
) -> None:
    emulator.faults.schedule_drop("before", method="POST", path="/api/v2/task")
    with pytest.raises(APIConnectionError):
        await resolve(client.tasks.create("Invoices"))
    assert emulator.tasks == {}  # the client cannot know; it must not guess by resending


async def test_a_503_on_a_create_is_not_retried(
    client: AnyClient, emulator: MaestroEmulator
) -> None:
    emulator.faults.schedule(503, times=1, method="POST", path="/api/v2/task")
    with pytest.raises(ServerError):
        await resolve(client.tasks.create("Invoices"))
    assert emulator.tasks == {}
    assert emulator.faults.pending == 0


async def test_a_read_dropped_mid_way_is_retried(
    client: AnyClient, emulator: MaestroEmulator
) -> None:
    task = (await resolve(client.tasks.create("Invoices"))).parsed
    emulator.faults.schedule_drop("after", method="GET", path="/api/v2/task/*")
    response = await resolve(client.tasks.get(task.id))
    assert response.parsed.id == task.id
    assert response.retries == 1


async def test_expired_tokens_cost_one_login_and_one_replay(
    client: AnyClient, emulator: MaestroEmulator
) -> None:
    task = (await resolve(client.tasks.create("Invoices"))).parsed
    assert logins(emulator) == 1
    emulator.expire_tokens()
    response = await resolve(client.tasks.get(task.id))
    assert response.parsed.id == task.id
    assert logins(emulator) == 2
    statuses = [r.status for r in emulator.requests if r.path == f"/api/v2/task/{task.id}"]
    assert statuses == [401, 200]


async def test_a_flaky_server_loses_no_read_and_duplicates_no_create(
    client: AnyClient, emulator: MaestroEmulator
) -> None:
    await resolve(client.authenticate())
    patient = client.with_options(max_retries=8)
    emulator.faults.random(
        0.3, statuses=(502, 503, 504, 429), retry_after=0, drop_rate=0.1, seed=11
    )
    created: list[int] = []
    failed = 0
    for _ in range(40):
        try:
            created.append((await resolve(patient.tasks.create("Invoices"))).parsed.id)
        except (ServerError, APIConnectionError):
            failed += 1  # a 5xx or a dropped connection on a create is reported, not resent
    for task_id in created:
        assert (await resolve(patient.tasks.get(task_id))).parsed.id == task_id
    creates = [r for r in emulator.requests if r.method == "POST" and r.path == "/api/v2/task"]
    applied = [r for r in creates if r.fault in (None, "after")]
    assert len(emulator.tasks) == len(applied)  # the server holds exactly what it applied
    assert len(created) + failed == 40
    assert failed > 0  # the seed does produce failures the client must not paper over


async def test_a_delete_whose_answer_was_lost_is_retried_and_its_404_says_it_was_a_retry(
    client: AnyClient, emulator: MaestroEmulator
) -> None:
    task = (await resolve(client.tasks.create("Invoices", test=True))).parsed
    emulator.faults.schedule_drop("after", method="DELETE", path="/api/v2/task/*")
    with pytest.raises(NotFoundError) as caught:
        await resolve(client.tasks.delete(task.id))
    assert caught.value.response.retries == 1  # the first attempt deleted it
    assert task.id not in emulator.tasks
