from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from maestro.testing import UploadedFile

from .conftest import Api

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


async def report(api: Api, task_id: int, **fields: Any) -> Any:
    body = {
        "taskId": task_id,
        "type": "ValueError",
        "message": "bad value",
        "stackTrace": "Traceback ...",
        "language": "PYTHON",
        "tags": {"host_name": "vm-1"},
        **fields,
    }
    return await api("POST", "/api/v2/error", json=body)


async def test_create_error_is_201_with_the_error(api: Api) -> None:
    task = await api.create_task()
    response = await report(api, task["id"])
    assert response.status_code == 201
    body = response.json()
    assert body.pop("dateCreation").endswith("Z")
    assert body == {
        "id": 1,
        "taskId": task["id"],
        "activityLabel": "Invoices",
        "organizationLabel": "demo",
        "type": "ValueError",
        "message": "bad value",
        "stackTrace": "Traceback ...",
        "language": "PYTHON",
        "tags": {"host_name": "vm-1"},
    }


async def test_create_error_accepts_null_tags_as_the_python_sdk_sends_them(api: Api) -> None:
    task = await api.create_task()
    response = await report(api, task["id"], tags=None)
    assert response.status_code == 201
    assert response.json()["tags"] == {}


async def test_create_error_with_tags_that_are_not_an_object_is_400(api: Api) -> None:
    task = await api.create_task()
    response = await report(api, task["id"], tags=["a"])
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'tags' must be a JSON object"


async def test_create_error_for_an_unknown_task_is_404(api: Api) -> None:
    response = await report(api, 31)
    assert response.status_code == 404


async def test_create_error_without_a_task_id_is_400(api: Api) -> None:
    response = await api("POST", "/api/v2/error", json={"message": "x"})
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'taskId' is required"


async def test_screenshot_is_stored_byte_for_byte_with_its_file_name(api: Api) -> None:
    task = await api.create_task()
    error = (await report(api, task["id"])).json()
    files = {"file": ("/tmp/screen shot.png", PNG, "image/png")}
    response = await api("POST", f"/api/v2/error/{error['id']}/screenshot", files=files)
    assert response.status_code == 200
    stored = api.emulator.errors[error["id"]]
    assert stored.screenshot == UploadedFile("/tmp/screen shot.png", "image/png", PNG)


async def test_each_attachment_request_adds_one_attachment(api: Api) -> None:
    task = await api.create_task()
    error = (await report(api, task["id"])).json()
    for name, content in (("piplist.txt", b"httpx==0.28\n"), ("data.bin", bytes(range(256)))):
        files = {"file": (name, content, "application/octet-stream")}
        response = await api("POST", f"/api/v2/error/{error['id']}/attachments", files=files)
        assert response.status_code == 200
    attachments = api.emulator.errors[error["id"]].attachments
    assert [(item.filename, item.content) for item in attachments] == [
        ("piplist.txt", b"httpx==0.28\n"),
        ("data.bin", bytes(range(256))),
    ]


async def test_screenshot_without_the_file_part_is_400(api: Api) -> None:
    task = await api.create_task()
    error = (await report(api, task["id"])).json()
    files = {"image": ("a.png", PNG)}
    response = await api("POST", f"/api/v2/error/{error['id']}/screenshot", files=files)
    assert response.status_code == 400
    assert response.json()["message"] == "Required part 'file' is not present"


async def test_attachment_to_an_unknown_error_is_404(api: Api) -> None:
    files = {"file": ("a.txt", b"a")}
    response = await api("POST", "/api/v2/error/8/attachments", files=files)
    assert response.status_code == 404
    assert response.json()["message"] == "Error 8 not found"


async def test_get_error_returns_it(api: Api) -> None:
    task = await api.create_task()
    error = (await report(api, task["id"])).json()
    response = await api("GET", f"/api/v2/error/{error['id']}")
    assert response.json() == error


async def test_list_errors_filters_by_task_and_automation_label(api: Api) -> None:
    invoices = await api.create_task()
    payroll = await api.create_task(activityLabel="MyAutomation")
    for task in (invoices, payroll, invoices):
        await report(api, task["id"])
    by_task = (await api("GET", f"/api/v2/error?taskId={invoices['id']}")).json()
    by_label = (await api("GET", "/api/v2/error?automationLabel=MyAutomation")).json()
    assert [error["id"] for error in by_task["content"]] == [3, 1]
    assert [error["id"] for error in by_label["content"]] == [2]


async def test_list_errors_honours_days(api: Api) -> None:
    task = await api.create_task()
    old = (await report(api, task["id"])).json()
    await report(api, task["id"])
    two_days_ago = datetime.now(timezone.utc) - timedelta(days=2)
    api.emulator.errors[old["id"]].error["dateCreation"] = two_days_ago.isoformat()
    body = (await api("GET", "/api/v2/error?days=1")).json()
    assert body["totalElements"] == 1


async def test_delete_error_is_204_and_forgets_it_with_its_files(api: Api) -> None:
    task = await api.create_task()
    error = (await report(api, task["id"])).json()
    response = await api("DELETE", f"/api/v2/error/{error['id']}")
    assert response.status_code == 204
    assert api.emulator.errors == {}
