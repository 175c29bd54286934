"""Tasks beyond get/create: list, iterate, finish, restart, interrupt, cancel, kill, wait."""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import httpx
import pytest
import respx

from maestro import (
    BadRequestError,
    ConflictError,
    FinishStatus,
    NotFoundError,
    RequestValidationError,
    Task,
    TaskState,
    TaskWaitTimeoutError,
)
from tests.conftest import AnyClient, collect, resolve
from tests.resources._bot_helpers import task_json
from tests.resources._wire import json_of, page_json, query_of

TASK_PATH = "/api/v2/task/42"


# -- list ------------------------------------------------------------------------------------


async def test_list_sends_every_filter_as_the_reference_names_it(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task").respond(200, json=page_json([task_json()]))

    await resolve(
        client.tasks.list(
            page=2,
            size=20,
            sort="dateCreation,desc",
            days=3,
            state=TaskState.RUNNING,
            activity_label="MyAutomation",
            machine_id="runner-01",
        )
    )

    assert query_of(route.calls.last.request) == {
        "page": "2",
        "size": "20",
        "sort": "dateCreation,desc",
        "days": "3",
        "stateFilter": "RUNNING",
        "activityLabel": "MyAutomation",
        "machineId": "runner-01",
    }


async def test_list_sends_only_page_and_size_without_filters(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task").respond(200, json=page_json([]))

    await resolve(client.tasks.list())

    assert query_of(route.calls.last.request) == {"page": "0", "size": "50"}


async def test_list_parses_the_page_of_tasks(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/task").respond(
        200, json=page_json([task_json(1, "FINISHED"), task_json(2, "TIMEOUT")])
    )

    page = (await resolve(client.tasks.list())).parsed

    assert [task.id for task in page.content] == [1, 2]
    assert page.content[0].state is TaskState.FINISHED
    assert page.content[1].state is TaskState.TIMEOUT
    assert page.content[0].machine_id == "runner-01"
    assert page.is_last()


async def test_list_accepts_the_state_as_a_plain_string(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task").respond(200, json=page_json([]))

    await resolve(client.tasks.list(state="TIMEOUT"))

    assert query_of(route.calls.last.request)["stateFilter"] == "TIMEOUT"


async def test_list_rejects_an_unknown_state_before_sending(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.tasks.list(state="DONE"))

    assert caught.value.operation == "tasks.list"
    assert [(e.field, e.value) for e in caught.value.errors] == [("state", "'DONE'")]
    assert not api.calls


async def test_list_rejects_a_page_size_over_1000(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.tasks.list(size=5000))

    assert [e.field for e in caught.value.errors] == ["size"]
    assert not api.calls


async def test_list_rejects_zero_days_and_an_empty_label(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.tasks.list(days=0, activity_label=" "))

    assert [e.field for e in caught.value.errors] == ["days", "activity_label"]
    assert not api.calls


# -- iterate ---------------------------------------------------------------------------------


def _two_pages(request: httpx.Request) -> httpx.Response:
    if request.url.params["page"] == "0":
        return httpx.Response(200, json=page_json([task_json(1), task_json(2)], last=False))
    return httpx.Response(200, json=page_json([task_json(3)], number=1, last=True))


async def test_iterate_walks_every_page_keeping_the_filters(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task").mock(side_effect=_two_pages)

    tasks = await collect(client.tasks.iterate(state="RUNNING", days=2, page_size=2))

    assert [task.id for task in tasks] == [1, 2, 3]
    assert all(isinstance(task, Task) for task in tasks)
    assert [query_of(call.request) for call in route.calls] == [
        {"page": "0", "size": "2", "days": "2", "stateFilter": "RUNNING"},
        {"page": "1", "size": "2", "days": "2", "stateFilter": "RUNNING"},
    ]


async def test_iterate_stops_fetching_at_the_limit(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.get("/api/v2/task").mock(side_effect=_two_pages)

    tasks = await collect(client.tasks.iterate(page_size=2, limit=2))

    assert [task.id for task in tasks] == [1, 2]
    assert route.call_count == 1


async def test_iterate_rejects_a_bad_filter_when_called(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.tasks.iterate(machine_id="")

    assert caught.value.operation == "tasks.iterate"
    assert not api.calls


# -- finish ----------------------------------------------------------------------------------


async def test_finish_sends_status_message_and_counts(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post(TASK_PATH).respond(200, json=task_json(state="FINISHED"))

    await resolve(
        client.tasks.finish(
            42,
            FinishStatus.PARTIALLY_COMPLETED,
            message="3 failed",
            total_items=10,
            processed_items=7,
            failed_items=3,
        )
    )

    assert json_of(route.calls.last.request) == {
        "state": "FINISHED",
        "finishStatus": "PARTIALLY_COMPLETED",
        "finishMessage": "3 failed",
        "totalItems": 10,
        "processedItems": 7,
        "failedItems": 3,
    }


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ({"total_items": 10, "processed_items": 7}, (10, 7, 3)),
        ({"total_items": 10, "failed_items": 4}, (10, 6, 4)),
        ({"processed_items": 5, "failed_items": 1}, (6, 5, 1)),
    ],
)
async def test_finish_works_out_the_third_count_from_two(
    client: AnyClient, api: respx.MockRouter, given: dict[str, int], sent: tuple[int, ...]
) -> None:
    route = api.post(TASK_PATH).respond(200, json=task_json(state="FINISHED"))

    await resolve(client.tasks.finish(42, "SUCCESS", **given))

    body = json_of(route.calls.last.request)
    assert (body["totalItems"], body["processedItems"], body["failedItems"]) == sent


async def test_finish_rejects_counts_that_do_not_add_up(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.tasks.finish(42, "SUCCESS", total_items=10, processed_items=7, failed_items=2)

    assert caught.value.operation == "tasks.finish"
    assert [(e.field, e.value) for e in caught.value.errors] == [("total_items", "10")]
    assert "does not add up" in str(caught.value)
    assert not api.calls


async def test_finish_rejects_two_counts_that_leave_a_negative_third(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="does not add up"):
        client.tasks.finish(42, "SUCCESS", total_items=5, processed_items=7)

    assert not api.calls


async def test_finish_rejects_negative_counts(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.tasks.finish(42, "FAILED", processed_items=-1, failed_items=True)  # type: ignore[arg-type]

    assert [(e.field, e.value) for e in caught.value.errors] == [
        ("processed_items", "-1"),
        ("failed_items", "True"),
    ]
    assert not api.calls


async def test_finish_rejects_a_single_count(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError, match="at least two") as caught:
        client.tasks.finish(42, "SUCCESS", processed_items=3)

    assert [e.field for e in caught.value.errors] == ["processed_items"]
    assert not api.calls


async def test_finish_warns_and_sends_null_counts_when_none_given(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post(TASK_PATH).respond(200, json=task_json(state="FINISHED"))

    async def finish_here() -> None:
        # Awaited here, not in a helper of another file: the warning must point at this line.
        pending = client.tasks.finish(42, FinishStatus.SUCCESS)
        if inspect.isawaitable(pending):
            await pending

    with pytest.warns(UserWarning, match="no item counts") as warned:
        await finish_here()

    assert warned[0].filename == __file__  # points at the caller, not the SDK
    body = json_of(route.calls.last.request)
    assert body == {
        "state": "FINISHED",
        "finishStatus": "SUCCESS",
        "finishMessage": "",
        "totalItems": None,
        "processedItems": None,
        "failedItems": None,
    }


async def test_finish_without_counts_sends_before_it_warns(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post(TASK_PATH).respond(200, json=task_json(state="FINISHED"))

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="no item counts"):
            await resolve(client.tasks.finish(42, FinishStatus.SUCCESS))

    assert route.call_count == 1


async def test_finish_does_not_warn_when_the_server_refuses_it(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post(TASK_PATH).respond(409, json={"message": "Task 42 is FINISHED"})

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ConflictError, match="Task 42 is FINISHED"):
            await resolve(client.tasks.finish(42, FinishStatus.SUCCESS))


async def test_finish_rejects_an_unknown_status(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.tasks.finish(42, "DONE", total_items=1, processed_items=1)

    assert [(e.field, e.value) for e in caught.value.errors] == [("finish_status", "'DONE'")]
    assert not api.calls


async def test_finish_accepts_a_status_in_any_case(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/task/42").respond(200, json={"id": 42, "state": "FINISHED"})

    await resolve(client.tasks.finish(42, "success", total_items=1, processed_items=1))

    assert json_of(route.calls.last.request)["finishStatus"] == "SUCCESS"


async def test_finish_rejects_an_empty_task_id(client: AnyClient, api: respx.MockRouter) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.tasks.finish("", "SUCCESS", total_items=1, failed_items=0)

    assert [e.field for e in caught.value.errors] == ["task_id"]
    assert not api.calls


async def test_finish_parses_the_task_the_server_answers(
    client: AnyClient, api: respx.MockRouter
) -> None:
    answered = task_json(state="FINISHED", finishStatus="SUCCESS", totalItems=2)
    api.post(TASK_PATH).respond(200, json=answered)

    task = (await resolve(client.tasks.finish(42, "SUCCESS", total_items=2, failed_items=0))).parsed

    assert task is not None
    assert task.state is TaskState.FINISHED
    assert task.finish_status is FinishStatus.SUCCESS
    assert task.total_items == 2


async def test_finish_parses_none_when_the_server_answers_a_message(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post(TASK_PATH).respond(200, json={"message": "ok", "type": "success"})

    response = await resolve(client.tasks.finish(42, "SUCCESS", total_items=0, failed_items=0))

    assert response.parsed is None
    assert response.data == {"message": "ok", "type": "success"}


async def test_finish_is_retried_after_a_503_because_it_sets_a_state(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.post(TASK_PATH)
    route.side_effect = [httpx.Response(503), httpx.Response(200, json=task_json())]

    await resolve(client.tasks.finish(42, "SUCCESS", total_items=1, failed_items=1))

    assert route.call_count == 2


async def test_finish_raises_not_found_for_an_unknown_task(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/task/9").respond(404, json={"message": "Task 9 not found"})

    with pytest.raises(NotFoundError, match="Task 9 not found"):
        await resolve(client.tasks.finish(9, "FAILED", total_items=0, failed_items=0))


# -- restart, interrupt, cancel, kill --------------------------------------------------------

STATE_CHANGES = [
    ("restart", {"state": "START"}),
    ("interrupt", {"interrupted": True}),
    ("cancel", {"state": "CANCELED"}),
    ("kill", {"interrupted": True, "killed": True}),
]


@pytest.mark.parametrize(("method", "body"), STATE_CHANGES)
async def test_state_change_posts_its_body_to_the_task(
    client: AnyClient, api: respx.MockRouter, method: str, body: dict[str, Any]
) -> None:
    route = api.post(TASK_PATH).respond(200, json=task_json(state="START"))

    response = await resolve(getattr(client.tasks, method)(42))

    assert route.calls.last.request.method == "POST"
    assert json_of(route.calls.last.request) == body
    assert response.parsed.id == 42


@pytest.mark.parametrize(("method", "body"), STATE_CHANGES)
async def test_state_change_is_retried_after_a_502(
    client: AnyClient, api: respx.MockRouter, method: str, body: dict[str, Any]
) -> None:
    route = api.post(TASK_PATH)
    route.side_effect = [httpx.Response(502), httpx.Response(200, json=task_json())]

    await resolve(getattr(client.tasks, method)(42))

    assert route.call_count == 2


@pytest.mark.parametrize("method", ["restart", "interrupt", "cancel", "kill"])
async def test_state_change_refuses_a_task_id_that_is_a_path(
    client: AnyClient, api: respx.MockRouter, method: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        getattr(client.tasks, method)("..")

    assert caught.value.operation == f"tasks.{method}"
    assert not api.calls


# -- delete ----------------------------------------------------------------------------------


async def test_delete_sends_a_delete_to_the_task(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.delete(TASK_PATH).respond(200)

    response = await resolve(client.tasks.delete(42))

    assert route.calls.last.request.content == b""
    assert response.status_code == 200
    assert response.parsed is None


async def test_delete_is_retried_after_a_503_because_deleting_is_idempotent(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.delete(TASK_PATH)
    route.side_effect = [httpx.Response(503), httpx.Response(200)]

    response = await resolve(client.tasks.delete(42))

    assert (route.call_count, response.retries) == (2, 1)


async def test_delete_of_a_task_that_is_not_a_test_task_raises_the_servers_refusal(
    client: AnyClient, api: respx.MockRouter
) -> None:
    message = "Task 42 is not a test task: only test tasks can be deleted"
    api.delete(TASK_PATH).respond(400, json={"message": message})

    with pytest.raises(BadRequestError, match=message):
        await resolve(client.tasks.delete(42))


async def test_delete_refuses_a_task_id_that_is_a_path(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.tasks.delete("..")

    assert caught.value.operation == "tasks.delete"
    assert not api.calls


# -- wait ------------------------------------------------------------------------------------


async def test_wait_polls_until_the_task_is_finished(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get(TASK_PATH)
    route.side_effect = [
        httpx.Response(200, json=task_json(state="START")),
        httpx.Response(200, json=task_json(state="RUNNING")),
        httpx.Response(200, json=task_json(state="FINISHED")),
    ]

    response = await resolve(client.tasks.wait(42, poll_interval=2.5))

    assert response.parsed.state is TaskState.FINISHED
    assert route.call_count == 3
    assert sleeps == [2.5, 2.5]


@pytest.mark.parametrize("state", ["FINISHED", "CANCELED", "TIMEOUT"])
async def test_wait_returns_at_once_for_a_final_state(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float], state: str
) -> None:
    route = api.get(TASK_PATH).respond(200, json=task_json(state=state))

    response = await resolve(client.tasks.wait(42))

    assert response.parsed.state == state
    assert route.call_count == 1
    assert sleeps == []


async def test_wait_raises_a_timeout_naming_the_task_and_its_last_state(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get(TASK_PATH).respond(200, json=task_json(state="RUNNING"))

    with pytest.raises(TaskWaitTimeoutError) as caught:
        await resolve(client.tasks.wait(42, timeout=12, poll_interval=5))

    assert sleeps == [5, 5, 2]  # the last wait is cut to the time left
    assert route.call_count == 4
    assert caught.value.task_id == 42
    assert caught.value.last_state is TaskState.RUNNING
    assert "task 42" in str(caught.value)
    assert "RUNNING" in str(caught.value)
    assert isinstance(caught.value, TimeoutError)


async def test_wait_keeps_polling_an_unknown_state(
    client: AnyClient, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get(TASK_PATH)
    route.side_effect = [
        httpx.Response(200, json=task_json(state="PAUSED")),
        httpx.Response(200, json=task_json(state="FINISHED")),
    ]

    await resolve(client.tasks.wait(42))

    assert route.call_count == 2


async def test_wait_rejects_a_poll_interval_of_zero(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.tasks.wait(42, poll_interval=0, timeout=-1)

    assert caught.value.operation == "tasks.wait"
    assert [e.field for e in caught.value.errors] == ["timeout", "poll_interval"]
    assert not api.calls
