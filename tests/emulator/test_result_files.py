from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from maestro.testing import UploadedFile

from .conftest import Api

# Every byte value, and byte runs that look like multipart framing.
AWKWARD_BYTES = bytes(range(256)) + b"\r\n--boundary\r\n\r\n--\r\n" + bytes(range(255, -1, -1))


async def create_artifact(api: Api, task_id: int, **fields: Any) -> Any:
    body = {"taskId": task_id, "name": "report.csv", "filename": "report.csv", **fields}
    return await api("POST", "/api/v2/artifact", json=body)


async def upload(api: Api, artifact_id: int, content: bytes, filename: str = "report.csv") -> Any:
    files = {"file": (filename, content, "text/csv")}
    return await api("POST", f"/api/v2/artifact/log/{artifact_id}", files=files)


async def test_create_artifact_answers_the_artifact(api: Api) -> None:
    task = await api.create_task()
    response = await create_artifact(api, task["id"], name="Report", filename="report.csv")
    assert response.status_code == 200
    artifact = response.json()
    assert artifact.pop("dateCreation").endswith("Z")
    assert artifact == {
        "id": 1,
        "type": "PROCESS",
        "taskId": task["id"],
        "taskName": "Invoices",
        "name": "Report",
        "fileName": "report.csv",
        "storageFileName": None,
        "storageFilePath": None,
        "organizationId": None,
        "organizationLabel": "demo",
        "user": None,
        "userId": None,
    }


async def test_create_artifact_for_an_unknown_task_is_404(api: Api) -> None:
    response = await create_artifact(api, 99)
    assert response.status_code == 404
    assert response.json()["message"] == "Task 99 not found"


async def test_create_artifact_without_a_task_id_is_400(api: Api) -> None:
    response = await api("POST", "/api/v2/artifact", json={"name": "x"})
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'taskId' is required"


async def test_create_artifact_without_a_name_is_400(api: Api) -> None:
    task = await api.create_task()
    response = await api("POST", "/api/v2/artifact", json={"taskId": task["id"]})
    assert response.status_code == 400
    assert response.json()["message"] == "Field 'name' is required"


async def test_upload_stores_the_bytes_exactly_and_download_returns_them(api: Api) -> None:
    task = await api.create_task()
    artifact = (await create_artifact(api, task["id"])).json()
    assert (await upload(api, artifact["id"], AWKWARD_BYTES)).status_code == 200
    stored = api.emulator.result_files[artifact["id"]]
    assert stored.file == UploadedFile("report.csv", "text/csv", AWKWARD_BYTES)
    response = await api("GET", f"/api/v2/artifact/{artifact['id']}/file")
    assert response.status_code == 200
    assert response.content == AWKWARD_BYTES
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"report.csv\"; filename*=UTF-8''report.csv"
    )


async def test_a_chunked_upload_of_unknown_length_is_stored_exactly(api: Api) -> None:
    task = await api.create_task()
    artifact = (await create_artifact(api, task["id"])).json()
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + AWKWARD_BYTES
        + f"\r\n--{boundary}--\r\n".encode()
    )

    def chunks() -> Any:
        for start in range(0, len(body), 100):
            yield body[start : start + 100]

    async def async_chunks() -> Any:
        for chunk in chunks():
            yield chunk

    content = async_chunks() if api.mode.endswith("async") else chunks()
    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    response = await api(
        "POST", f"/api/v2/artifact/log/{artifact['id']}", content=content, headers=headers
    )
    assert response.status_code == 200
    assert api.emulator.requests[-1].headers.get("transfer-encoding") == "chunked"
    assert api.emulator.result_files[artifact["id"]].content == AWKWARD_BYTES


async def test_upload_without_the_file_part_is_400(api: Api) -> None:
    task = await api.create_task()
    artifact = (await create_artifact(api, task["id"])).json()
    files = {"document": ("report.csv", b"x")}
    response = await api("POST", f"/api/v2/artifact/log/{artifact['id']}", files=files)
    assert response.status_code == 400
    assert response.json()["message"] == "Required part 'file' is not present"


async def test_upload_with_a_body_that_is_not_multipart_is_400(api: Api) -> None:
    task = await api.create_task()
    artifact = (await create_artifact(api, task["id"])).json()
    response = await api("POST", f"/api/v2/artifact/log/{artifact['id']}", json={"file": "x"})
    assert response.status_code == 400


async def test_upload_to_an_unknown_artifact_is_404(api: Api) -> None:
    response = await upload(api, 5, b"x")
    assert response.status_code == 404
    assert response.json()["message"] == "Artifact 5 not found"


async def test_download_before_any_upload_is_404(api: Api) -> None:
    task = await api.create_task()
    artifact = (await create_artifact(api, task["id"])).json()
    response = await api("GET", f"/api/v2/artifact/{artifact['id']}/file")
    assert response.status_code == 404
    assert response.json()["message"] == f"Artifact {artifact['id']} has no uploaded file"


async def test_download_names_a_non_ascii_file_exactly_in_filename_star(api: Api) -> None:
    task = await api.create_task()
    artifact = (await create_artifact(api, task["id"], filename='relatório "final".pdf')).json()
    await upload(api, artifact["id"], b"%PDF")
    response = await api("GET", f"/api/v2/artifact/{artifact['id']}/file")
    assert response.headers["content-disposition"] == (
        'attachment; filename="relat_rio _final_.pdf"; '
        "filename*=UTF-8''relat%C3%B3rio%20%22final%22.pdf"
    )


async def test_get_artifact_returns_the_record_with_its_file_name(api: Api) -> None:
    task = await api.create_task()
    artifact = (await create_artifact(api, task["id"])).json()
    response = await api("GET", f"/api/v2/artifact/{artifact['id']}")
    assert response.json()["fileName"] == "report.csv"


async def test_list_artifacts_is_a_page_newest_first_filtered_by_task(api: Api) -> None:
    first, second = await api.create_task(), await api.create_task()
    for task in (first, second, first):
        await create_artifact(api, task["id"])
    body = (await api("GET", f"/api/v2/artifact?taskId={first['id']}")).json()
    assert [artifact["id"] for artifact in body["content"]] == [3, 1]
    assert body["totalElements"] == 2


async def test_list_artifacts_defaults_to_the_last_seven_days(api: Api) -> None:
    task = await api.create_task()
    old = (await create_artifact(api, task["id"])).json()
    await create_artifact(api, task["id"])
    eight_days_ago = datetime.now(timezone.utc) - timedelta(days=8)
    api.emulator.result_files[old["id"]].artifact["dateCreation"] = eight_days_ago.isoformat()
    default = (await api("GET", "/api/v2/artifact")).json()
    wider = (await api("GET", "/api/v2/artifact?days=9")).json()
    assert (default["totalElements"], wider["totalElements"]) == (1, 2)


async def test_delete_artifact_is_204_and_forgets_it(api: Api) -> None:
    task = await api.create_task()
    artifact = (await create_artifact(api, task["id"])).json()
    response = await api("DELETE", f"/api/v2/artifact/{artifact['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert api.emulator.result_files == {}
