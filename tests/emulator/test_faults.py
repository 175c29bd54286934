from __future__ import annotations

import time

import httpx
import pytest

from maestro.testing import MaestroEmulator

from .conftest import Api


def statuses_of(emulator: MaestroEmulator) -> list[tuple[int | None, str | None]]:
    return [(record.status, record.fault) for record in emulator.requests]


async def test_a_scheduled_status_answers_the_next_matching_requests_without_touching_state(
    api: Api,
) -> None:
    api.emulator.faults.schedule(503, times=2, method="POST", path="/api/v2/task")
    first = await api("POST", "/api/v2/task", json={"activityLabel": "Invoices"})
    second = await api("POST", "/api/v2/task", json={"activityLabel": "Invoices"})
    third = await api("POST", "/api/v2/task", json={"activityLabel": "Invoices"})
    assert [first.status_code, second.status_code, third.status_code] == [503, 503, 200]
    assert first.json()["message"] == "Fault injected by the Maestro emulator"
    assert "retry-after" not in first.headers
    assert list(api.emulator.tasks) == [1]
    assert statuses_of(api.emulator) == [(503, "status"), (503, "status"), (200, None)]


async def test_a_scheduled_status_carries_retry_after_when_given(api: Api) -> None:
    api.emulator.faults.schedule(429, retry_after=2)
    api.emulator.faults.schedule(503, retry_after=0.5)
    assert (await api("GET", "/api/v2/task")).headers["retry-after"] == "2"
    assert (await api("GET", "/api/v2/task")).headers["retry-after"] == "0.5"


async def test_a_scheduled_fault_skips_requests_that_do_not_match(api: Api) -> None:
    api.emulator.faults.schedule(500, method="GET", path="/api/v2/task/*")
    listed = await api("GET", "/api/v2/task")
    created = await api("POST", "/api/v2/task", json={"activityLabel": "Invoices"})
    fetched = await api("GET", "/api/v2/task/1")
    assert [listed.status_code, created.status_code, fetched.status_code] == [200, 200, 500]
    assert api.emulator.faults.pending == 0


async def test_scheduled_faults_fire_in_the_order_they_were_scheduled(api: Api) -> None:
    api.emulator.faults.schedule(502)
    api.emulator.faults.schedule(429)
    codes = [(await api("GET", "/api/v2/task")).status_code for _ in range(3)]
    assert codes == [502, 429, 200]


async def test_login_is_subject_to_faults_unless_a_path_excludes_it(api: Api) -> None:
    api.emulator.faults.schedule(503)
    response = await api(
        "POST", "/api/v2/workspace/login", auth=False, json={"login": "demo", "key": "demo-key"}
    )
    assert response.status_code == 503


async def test_a_connect_drop_reaches_nothing(api: Api) -> None:
    # In-process, nothing is connected: httpx.ConnectError. Over HTTP the connection is
    # already accepted when the fault is known, so it is closed without an answer.
    expected = httpx.RemoteProtocolError if api.mode.startswith("http") else httpx.ConnectError
    api.emulator.faults.schedule_drop("connect")
    with pytest.raises(expected):
        await api("POST", "/api/v2/task", json={"activityLabel": "Invoices"})
    assert api.emulator.tasks == {}
    assert statuses_of(api.emulator) == [(None, "connect")]


async def test_a_drop_before_applying_closes_without_an_answer_and_changes_nothing(
    api: Api,
) -> None:
    api.emulator.faults.schedule_drop("before", method="POST")
    with pytest.raises(httpx.RemoteProtocolError):
        await api("POST", "/api/v2/task", json={"activityLabel": "Invoices"})
    assert api.emulator.tasks == {}
    assert statuses_of(api.emulator) == [(None, "before")]


async def test_a_drop_after_applying_closes_without_an_answer_but_the_task_exists(
    api: Api,
) -> None:
    api.emulator.faults.schedule_drop("after", method="POST")
    with pytest.raises(httpx.RemoteProtocolError):
        await api("POST", "/api/v2/task", json={"activityLabel": "Invoices"})
    assert [task["activityLabel"] for task in api.emulator.tasks.values()] == ["Invoices"]
    assert statuses_of(api.emulator) == [(None, "after")]


async def test_the_client_can_go_on_after_a_dropped_connection(api: Api) -> None:
    api.emulator.faults.schedule_drop("before", times=2)
    for _ in range(2):
        with pytest.raises(httpx.RemoteProtocolError):
            await api("GET", "/api/v2/task")
    assert (await api("GET", "/api/v2/task")).status_code == 200


async def test_random_faults_with_the_same_seed_fail_the_same_requests(api: Api) -> None:
    api.emulator.faults.random(0.4, seed=11)
    first_run = [(await api("GET", "/api/v2/task")).status_code for _ in range(30)]
    api.emulator.faults.random(0.4, seed=11)
    second_run = [(await api("GET", "/api/v2/task")).status_code for _ in range(30)]
    assert first_run == second_run
    assert set(first_run) - {200} <= {500, 502, 503, 429}
    assert 0 < sum(code != 200 for code in first_run) < 30


def test_random_faults_default_to_the_emulator_seed() -> None:
    def run(emulator: MaestroEmulator) -> list[str | None]:
        emulator.faults.random(0.5)
        return [
            str(fault.status) if (fault := emulator.faults.take("GET", "/api/v2/task")) else None
            for _ in range(40)
        ]

    assert run(MaestroEmulator(seed=5, strict=True)) == run(MaestroEmulator(seed=5, strict=True))
    assert run(MaestroEmulator(seed=5, strict=True)) != run(MaestroEmulator(seed=6, strict=True))


async def test_random_status_faults_carry_retry_after_and_are_flagged(api: Api) -> None:
    api.emulator.faults.random(1.0, statuses=(429,), retry_after=3)
    response = await api("GET", "/api/v2/task")
    assert (response.status_code, response.headers["retry-after"]) == (429, "3")
    assert statuses_of(api.emulator) == [(429, "status")]


async def test_random_drops_use_the_drop_rate(api: Api) -> None:
    api.emulator.faults.random(0.0, drop_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        await api("GET", "/api/v2/task")
    assert api.emulator.requests[-1].fault in ("before", "after")


async def test_scheduled_faults_take_priority_over_random_ones(api: Api) -> None:
    api.emulator.faults.random(1.0, statuses=(500,))
    api.emulator.faults.schedule(429)
    codes = [(await api("GET", "/api/v2/task")).status_code for _ in range(2)]
    assert codes == [429, 500]


async def test_random_faults_honour_their_path_filter(api: Api) -> None:
    api.emulator.faults.random(1.0, statuses=(500,), path="/api/v2/task/*")
    assert (await api("GET", "/api/v2/task")).status_code == 200
    assert (await api("GET", "/api/v2/task/1")).status_code == 500


async def test_latency_delays_every_request(api: Api) -> None:
    api.emulator.faults.latency = 0.05
    started = time.perf_counter()
    response = await api("GET", "/api/v2/maestro/version", auth=False)
    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.05


async def test_clear_removes_every_fault_and_the_latency(api: Api) -> None:
    faults = api.emulator.faults
    faults.latency = 1.0
    faults.schedule(500, times=3)
    faults.random(1.0)
    faults.clear()
    assert (faults.latency, faults.pending) == (0.0, 0)
    assert (await api("GET", "/api/v2/task")).status_code == 200


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda faults: faults.schedule(99), "not an HTTP status"),
        (lambda faults: faults.schedule(500, times=0), "times must be at least 1"),
        (lambda faults: faults.schedule_drop("later"), "when must be one of"),
        (lambda faults: faults.random(1.5), "shares from 0 to 1"),
        (lambda faults: faults.random(0.6, drop_rate=0.6), "together at most 1"),
        (lambda faults: faults.random(0.1, statuses=()), "at least one status"),
    ],
)
def test_invalid_fault_settings_are_refused(call: object, message: str) -> None:
    faults = MaestroEmulator(strict=True).faults
    with pytest.raises(ValueError, match=message):
        call(faults)  # type: ignore[operator]


def test_negative_latency_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        MaestroEmulator(strict=True).faults.latency = -1
