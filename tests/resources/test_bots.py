"""Bots on the wire: list, search, get, deploy (register + upload), upload, release, delete."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest
import respx

from maestro import BotVersion, RequestValidationError, Technology
from tests.conftest import LOGIN, ORGANIZATION, AnyClient, close, make_client, resolve
from tests.resources._wire import (
    assert_authenticated,
    json_of,
    only_request,
    page,
    query,
    sent,
)

UPLOAD_PATH = "/api/v2/bot/upload/InvoiceBot/version/1.0.0"
CHUNK = 64 * 1024


def answer_deploy(api: respx.MockRouter) -> None:
    api.post("/api/v2/bot").respond(200, json={})
    api.post(UPLOAD_PATH).respond(200)


def package(tmp_path: Path, name: str = "bot.zip", size: int = 100) -> tuple[Path, bytes]:
    data = bytes(i % 251 for i in range(size))
    path = tmp_path / name
    path.write_bytes(data)
    return path, data


def file_part(request: httpx.Request, filename: str, content_type: str, data: bytes) -> bool:
    """Whether the multipart body holds exactly ``data`` as part ``file``."""
    head = (
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return head + data + b"\r\n--" in request.content


async def test_list_gets_one_bot_at_its_current_version_as_a_plain_array(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/bot").respond(200, json=[{"botId": "InvoiceBot", "version": "1.0.0"}])

    response = await resolve(client.bots.list(bot_id="InvoiceBot"))

    request = only_request(api)
    assert (request.method, request.url.path) == ("GET", "/api/v2/bot")
    assert query(request) == [("botId", "InvoiceBot")]
    assert request.content == b""
    assert_authenticated(request)
    assert response.parsed == [BotVersion(bot_id="InvoiceBot", version="1.0.0")]


async def test_list_without_bot_id_sends_no_query(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/bot").respond(200, json=[])

    await resolve(client.bots.list())

    assert query(only_request(api)) == []


async def test_search_sends_page_size_and_bot_id(client: AnyClient, api: respx.MockRouter) -> None:
    body = page([{"botId": "InvoiceBot", "version": "2.0", "technology": "JAVA"}], size=5)
    api.get("/api/v2/bot/pagination").respond(200, json=body)

    response = await resolve(client.bots.search(page=1, size=5, bot_id="InvoiceBot"))

    request = only_request(api)
    assert request.url.path == "/api/v2/bot/pagination"
    assert query(request) == [("page", "1"), ("size", "5"), ("botId", "InvoiceBot")]
    assert_authenticated(request)
    assert response.parsed.content[0].technology is Technology.JAVA


async def test_search_defaults_to_the_first_page_of_50(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/bot/pagination").respond(200, json=page([]))

    await resolve(client.bots.search())

    assert query(only_request(api)) == [("page", "0"), ("size", "50")]


async def test_get_fetches_one_version(client: AnyClient, api: respx.MockRouter) -> None:
    api.get("/api/v2/bot/InvoiceBot/version/1.0.0").respond(
        200, json={"botId": "InvoiceBot", "version": "1.0.0", "released": True}
    )

    response = await resolve(client.bots.get("InvoiceBot", "1.0.0"))

    request = only_request(api)
    assert (request.method, request.url.path) == ("GET", "/api/v2/bot/InvoiceBot/version/1.0.0")
    assert_authenticated(request)
    assert response.parsed.released is True


async def test_deploy_registers_the_version_then_uploads_the_package(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    answer_deploy(api)
    path, data = package(tmp_path)

    response = await resolve(
        client.bots.deploy("InvoiceBot", "1.0.0", path, technology=Technology.PYTHON)
    )

    register, upload = sent(api)
    assert (register.method, register.url.path) == ("POST", "/api/v2/bot")
    assert json_of(register) == {
        "organization": ORGANIZATION,
        "botId": "InvoiceBot",
        "version": "1.0.0",
        "technology": "PYTHON",
        "command": None,
        "repositoryLabel": "DEFAULT",
    }
    assert (upload.method, upload.url.path) == ("POST", UPLOAD_PATH)
    assert upload.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert file_part(upload, "bot.zip", "application/zip", data)
    for request in (register, upload):
        assert_authenticated(request)
    assert response.status_code == 200
    assert response.parsed is None


async def test_deploy_streams_a_package_larger_than_one_chunk_byte_for_byte(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    answer_deploy(api)
    path, data = package(tmp_path, size=3 * CHUNK + 123)
    progress: list[tuple[int, int | None]] = []

    await resolve(
        client.bots.deploy(
            "InvoiceBot",
            "1.0.0",
            path,
            technology="PYTHON",
            on_progress=lambda done, total: progress.append((done, total)),
        )
    )

    assert [done for done, _ in progress] == [CHUNK, 2 * CHUNK, 3 * CHUNK, len(data)]
    assert {total for _, total in progress} == {len(data)}
    assert file_part(sent(api)[1], "bot.zip", "application/zip", data)


async def test_deploy_sends_command_and_repository_of_a_command_bot(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    answer_deploy(api)
    path, _ = package(tmp_path)

    await resolve(
        client.bots.deploy(
            "InvoiceBot",
            "1.0.0",
            path,
            technology="command",
            command="run.sh --fast",
            repository_label="FINANCE",
        )
    )

    body = json_of(sent(api)[0])
    assert (body["technology"], body["command"], body["repositoryLabel"]) == (
        "COMMAND",
        "run.sh --fast",
        "FINANCE",
    )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("bot.tar.gz", "application/gzip"),
        ("bot.jar", "application/java-archive"),
        ("BOT.ZIP", "application/zip"),
    ],
)
async def test_deploy_sends_each_package_kind_with_its_mime_type(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path, name: str, content_type: str
) -> None:
    answer_deploy(api)
    path, data = package(tmp_path, name)

    await resolve(client.bots.deploy("InvoiceBot", "1.0.0", path, technology="JAVA"))

    assert file_part(sent(api)[1], name, content_type, data)


async def test_deploy_uploads_bytes_named_by_filename(
    client: AnyClient, api: respx.MockRouter
) -> None:
    answer_deploy(api)

    await resolve(
        client.bots.deploy(
            "InvoiceBot", "1.0.0", b"PK\x03\x04zip", technology="PYTHON", filename="b.zip"
        )
    )

    assert file_part(sent(api)[1], "b.zip", "application/zip", b"PK\x03\x04zip")


async def test_deploy_uploads_from_a_binary_file_object(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    answer_deploy(api)
    path, data = package(tmp_path, "bot.jar")

    with path.open("rb") as stream:
        await resolve(client.bots.deploy("InvoiceBot", "1.0.0", stream, technology="JAVA"))

    assert file_part(sent(api)[1], "bot.jar", "application/java-archive", data)


@pytest.mark.parametrize("name", ["bot.txt", "bot.tar", "bot.gz", "bot.tgz", "bot", ".zip"])
async def test_deploy_refuses_a_package_that_is_not_zip_tar_gz_or_jar(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path, name: str
) -> None:
    path, _ = package(tmp_path, name)

    with pytest.raises(RequestValidationError, match=r"must be a \.zip, \.tar\.gz or \.jar") as e:
        await resolve(client.bots.deploy("InvoiceBot", "1.0.0", path, technology="PYTHON"))

    assert e.value.operation == "bots.deploy"
    assert [error.field for error in e.value.errors] == ["file"]
    assert api.calls.call_count == 0


async def test_deploy_refuses_unnamed_bytes_and_says_how_to_name_them(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match=r"name it with filename="):
        await resolve(client.bots.deploy("InvoiceBot", "1.0.0", b"PK", technology="PYTHON"))

    assert api.calls.call_count == 0


async def test_deploy_refuses_a_missing_file_before_sending(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.zip"

    with pytest.raises(RequestValidationError, match="no such file"):
        await resolve(client.bots.deploy("InvoiceBot", "1.0.0", missing, technology="PYTHON"))

    assert api.calls.call_count == 0


async def test_deploy_refuses_an_unknown_technology_before_sending(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    path, _ = package(tmp_path)

    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.bots.deploy("InvoiceBot", "1.0.0", path, technology="RUST"))

    assert [(e.field, e.value) for e in caught.value.errors] == [("technology", "'RUST'")]
    assert api.calls.call_count == 0


async def test_deploy_refuses_a_blank_version_before_sending(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    path, _ = package(tmp_path)

    with pytest.raises(RequestValidationError) as caught:
        await resolve(client.bots.deploy("InvoiceBot", " ", path, technology="PYTHON"))

    assert [error.field for error in caught.value.errors] == ["version"]
    assert api.calls.call_count == 0


async def test_deploy_names_the_organization_given_to_the_client(
    kind: str, api: respx.MockRouter, tmp_path: Path
) -> None:
    answer_deploy(api)
    path, _ = package(tmp_path)
    client = make_client(kind, organization="OTHER_ORG")
    try:
        await resolve(client.bots.deploy("InvoiceBot", "1.0.0", path, technology="PYTHON"))
    finally:
        await close(client)

    register = sent(api)[0]
    assert json.loads(register.content)["organization"] == "OTHER_ORG"
    assert register.headers["organization"] == "OTHER_ORG"


async def test_deploy_names_the_login_when_the_login_answers_no_organization(
    kind: str, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.post("/api/v2/workspace/login").respond(200, json={"accessToken": "t"})
    answer_deploy(api)
    path, _ = package(tmp_path)
    client = make_client(kind)
    try:
        await resolve(client.bots.deploy("InvoiceBot", "1.0.0", path, technology="PYTHON"))
    finally:
        await close(client)

    assert json.loads(sent(api)[0].content)["organization"] == LOGIN


async def test_deploy_does_not_upload_when_the_registration_fails(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.post("/api/v2/bot").respond(400, json={"message": "version exists"})
    upload = api.post(UPLOAD_PATH).respond(200)
    path, _ = package(tmp_path)

    with pytest.raises(Exception, match="version exists"):
        await resolve(client.bots.deploy("InvoiceBot", "1.0.0", path, technology="PYTHON"))

    assert not upload.called


async def test_upload_sends_only_the_package(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.post(UPLOAD_PATH).respond(200)
    path, data = package(tmp_path, "bot.tar.gz", size=CHUNK + 1)
    progress: list[int] = []

    await resolve(
        client.bots.upload(
            "InvoiceBot", "1.0.0", path, on_progress=lambda done, _: progress.append(done)
        )
    )

    request = only_request(api)
    assert (request.method, request.url.path) == ("POST", UPLOAD_PATH)
    assert_authenticated(request)
    assert file_part(request, "bot.tar.gz", "application/gzip", data)
    assert progress == [CHUNK, CHUNK + 1]


async def test_upload_refuses_a_package_that_is_not_zip_tar_gz_or_jar(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match=r"bots\.upload"):
        await resolve(client.bots.upload("InvoiceBot", "1.0.0", io.BytesIO(b"x")))

    assert api.calls.call_count == 0


async def test_upload_is_retried_after_a_503_with_the_whole_package(
    client: AnyClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    route = api.post(UPLOAD_PATH)
    route.side_effect = [httpx.Response(503), httpx.Response(200)]
    path, data = package(tmp_path, size=CHUNK + 10)

    await resolve(client.bots.upload("InvoiceBot", "1.0.0", path))

    assert route.call_count == 2
    assert file_part(route.calls.last.request, "bot.zip", "application/zip", data)


async def test_release_posts_bot_id_and_version(client: AnyClient, api: respx.MockRouter) -> None:
    api.post("/api/v2/bot/release").respond(200)

    response = await resolve(client.bots.release("InvoiceBot", "1.0.0"))

    request = only_request(api)
    assert (request.method, request.url.path) == ("POST", "/api/v2/bot/release")
    assert json_of(request) == {"botId": "InvoiceBot", "version": "1.0.0"}
    assert_authenticated(request)
    assert response.parsed is None


async def test_delete_removes_one_version(client: AnyClient, api: respx.MockRouter) -> None:
    api.delete("/api/v2/bot/InvoiceBot/version/1.0.0").respond(200)

    await resolve(client.bots.delete("InvoiceBot", "1.0.0"))

    request = only_request(api)
    assert (request.method, request.url.path) == ("DELETE", "/api/v2/bot/InvoiceBot/version/1.0.0")
    assert_authenticated(request)


async def test_delete_encodes_the_version_into_one_segment(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.delete(url__regex=r".*").respond(200)

    await resolve(client.bots.delete("My Bot", "1.0/beta"))

    assert only_request(api).url.raw_path == b"/api/v2/bot/My%20Bot/version/1.0%2Fbeta"


def test_technology_accepts_plain_strings_in_any_case() -> None:
    assert Technology("javascript") is Technology.JAVASCRIPT
    assert Technology(" TypeScript ") is Technology.TYPESCRIPT
    assert str(Technology.COMMAND) == "COMMAND"
