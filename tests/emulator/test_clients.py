"""The SDK's own clients against the emulator: in-process and over HTTP, sync and async."""

from __future__ import annotations

import warnings

import pytest

from maestro import NotFoundError, TaskState
from maestro.testing import MaestroEmulator
from tests.conftest import AnyClient, resolve


async def test_version_reports_the_emulator_version(sdk: AnyClient) -> None:
    response = await resolve(sdk.version())
    assert response.parsed.version == "3.4.0"


async def test_the_client_logs_in_on_first_use(sdk: AnyClient, emulator: MaestroEmulator) -> None:
    await resolve(sdk.tasks.create("Invoices"))
    assert [(r.method, r.path) for r in emulator.requests] == [
        ("POST", "/api/v2/workspace/login"),
        ("POST", "/api/v2/task"),
    ]
    assert emulator.requests[0].json() == {"login": "demo", "key": "demo-key"}


async def test_create_then_get_a_task(sdk: AnyClient) -> None:
    created = (await resolve(sdk.tasks.create("Invoices", parameters={"n": 1}, priority=3))).parsed
    fetched = (await resolve(sdk.tasks.get(created.id))).parsed
    assert fetched == created
    assert (fetched.state, fetched.activity_label, fetched.priority) == (
        TaskState.START,
        "Invoices",
        3,
    )
    assert fetched.parameters == {"n": 1}


async def test_get_an_unknown_task_raises_not_found_with_the_server_message(sdk: AnyClient) -> None:
    with pytest.raises(NotFoundError) as raised:
        await resolve(sdk.tasks.get(404))
    assert raised.value.status_code == 404
    assert "Task 404 not found" in str(raised.value)


async def test_the_client_sends_the_organization_and_token_headers(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await resolve(sdk.tasks.create("Invoices"))
    sent = emulator.requests[-1].headers
    assert sent["organization"] == "demo"
    assert emulator.state.workspace.tokens.is_valid(sent["token"])


async def test_request_raw_finishes_a_task(sdk: AnyClient, emulator: MaestroEmulator) -> None:
    task = (await resolve(sdk.tasks.create("Invoices"))).parsed
    body = {"state": "FINISHED", "finishStatus": "SUCCESS", "totalItems": 2, "processedItems": 2}
    response = await resolve(sdk.request_raw("POST", f"/api/v2/task/{task.id}", json=body))
    assert response.data["state"] == "FINISHED"
    assert emulator.tasks[task.id]["totalItems"] == 2


async def test_request_raw_drives_the_bot_side_routes(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    task = (await resolve(sdk.tasks.create("Invoices"))).parsed
    columns = [{"name": "Records", "label": "records", "width": 100}]
    await resolve(
        sdk.request_raw(
            "POST", "/api/v2/log", json={"activityLabel": "Invoices", "columns": columns}
        )
    )
    await resolve(sdk.request_raw("POST", "/api/v2/log/Invoices/entry", json={"records": "3"}))
    artifact = (
        await resolve(
            sdk.request_raw(
                "POST",
                "/api/v2/artifact",
                json={"taskId": task.id, "name": "out.bin", "filename": "out.bin"},
            )
        )
    ).data
    await resolve(
        sdk.request_raw(
            "POST",
            f"/api/v2/artifact/log/{artifact['id']}",
            files={"file": ("out.bin", b"\x00\xff")},
        )
    )
    downloaded = await resolve(sdk.request_raw("GET", f"/api/v2/artifact/{artifact['id']}/file"))
    reported = {
        "taskId": task.id,
        "type": "ValueError",
        "message": "x",
        "stackTrace": "",
        "language": "PYTHON",
        "tags": {},
    }
    error = await resolve(sdk.request_raw("POST", "/api/v2/error", json=reported))
    alert = {"taskId": task.id, "title": "t", "message": "m", "type": "INFO"}
    await resolve(sdk.request_raw("POST", "/api/v2/alerts", json=alert))
    message = {
        "emails": ["a@example.com"],
        "logins": [],
        "subject": "s",
        "body": "b",
        "type": "TEXT",
    }
    sent = await resolve(sdk.request_raw("POST", "/api/v2/message", json=message))
    assert downloaded.data == b"\x00\xff"
    assert error.status_code == 201
    assert sent.status_code == 200
    assert [entry["columns"] for entry in emulator.logs["Invoices"].entries] == [{"records": "3"}]
    assert len(emulator.alerts) == len(emulator.messages) == 1


async def test_after_tokens_expire_the_client_logs_in_again_and_replays(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    task = (await resolve(sdk.tasks.create("Invoices"))).parsed
    emulator.expire_tokens()
    emulator.clear_requests()
    fetched = (await resolve(sdk.tasks.get(task.id))).parsed
    assert fetched.id == task.id
    assert [(r.path, r.status) for r in emulator.requests] == [
        (f"/api/v2/task/{task.id}", 401),
        ("/api/v2/workspace/login", 200),
        (f"/api/v2/task/{task.id}", 200),
    ]


async def test_the_client_retries_a_get_through_a_scheduled_503(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    task = (await resolve(sdk.tasks.create("Invoices"))).parsed
    emulator.faults.schedule(503, method="GET", path="/api/v2/task/*", retry_after=0)
    response = await resolve(sdk.tasks.get(task.id))
    assert response.retries == 1
    assert [(r.status, r.fault) for r in emulator.requests[-2:]] == [(503, "status"), (200, None)]


async def test_a_finish_without_counts_reaches_the_server_even_when_warnings_are_errors(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    task = (await resolve(sdk.tasks.create("Invoices"))).parsed

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="no item counts"):
            await resolve(sdk.tasks.finish(task.id, "SUCCESS"))

    finished = emulator.tasks[task.id]
    assert (finished["state"], finished["finishStatus"]) == ("FINISHED", "SUCCESS")
