"""The emulator's bots: deploy, upload (stored byte for byte), release, list, get, delete."""

from __future__ import annotations

from typing import Any

import pytest

from maestro import ConflictError, NotFoundError, Technology
from maestro.testing import MaestroEmulator, UploadedFile
from tests.conftest import AnyClient, resolve

from .conftest import Api

# More than one 64 KiB chunk, every byte value, and runs that look like multipart framing.
PACKAGE = (bytes(range(256)) + b"\r\n--boundary\r\n\r\n--\r\n") * 300
DEPLOY = {
    "organization": "demo",
    "botId": "InvoiceBot",
    "version": "1.0.0",
    "technology": "PYTHON",
    "command": None,
    "repositoryLabel": "DEFAULT",
}


async def deploy(sdk: AnyClient, version: str = "1.0.0", content: bytes = PACKAGE) -> None:
    await resolve(
        sdk.bots.deploy("InvoiceBot", version, content, technology="PYTHON", filename="bot.zip")
    )


async def test_deploy_registers_the_version_and_stores_the_package_byte_for_byte(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    assert len(PACKAGE) > 64 * 1024

    await deploy(sdk)

    stored = emulator.bots[("InvoiceBot", "1.0.0")]
    assert stored.package == UploadedFile("bot.zip", "application/zip", PACKAGE)
    assert stored.bot["fileName"] == "bot.zip"
    assert (stored.bot["technology"], stored.bot["released"]) == ("PYTHON", False)
    assert [(r.method, r.path) for r in emulator.requests[1:]] == [
        ("POST", "/api/v2/bot"),
        ("POST", "/api/v2/bot/upload/InvoiceBot/version/1.0.0"),
    ]


async def test_list_gives_one_record_per_bot_at_its_latest_version(sdk: AnyClient) -> None:
    await deploy(sdk)
    await deploy(sdk, "1.1.0")

    listed = (await resolve(sdk.bots.list(bot_id="InvoiceBot"))).parsed
    searched = (await resolve(sdk.bots.search(size=1, bot_id="InvoiceBot"))).parsed
    fetched = (await resolve(sdk.bots.get("InvoiceBot", "1.0.0"))).parsed

    assert [(b.bot_id, b.version) for b in listed] == [("InvoiceBot", "1.1.0")]
    assert ([b.version for b in searched.content], searched.total_pages) == (["1.1.0"], 1)
    assert (fetched.version, fetched.technology, fetched.file_name) == (
        "1.0.0",
        Technology.PYTHON,
        "bot.zip",
    )


async def test_list_gives_a_bot_at_its_released_version(sdk: AnyClient) -> None:
    await deploy(sdk)
    await resolve(sdk.bots.release("InvoiceBot", "1.0.0"))
    await deploy(sdk, "1.1.0")

    listed = (await resolve(sdk.bots.list(bot_id="InvoiceBot"))).parsed

    assert [(b.version, b.released) for b in listed] == [("1.0.0", True)]


async def test_list_without_bot_id_gives_every_bot(sdk: AnyClient) -> None:
    await deploy(sdk)
    await resolve(sdk.bots.deploy("Other", "2", b"PK", technology="JAVA", filename="o.jar"))
    await deploy(sdk, "1.1.0")

    listed = (await resolve(sdk.bots.list())).parsed

    assert [(b.bot_id, b.version) for b in listed] == [("InvoiceBot", "1.1.0"), ("Other", "2")]


async def test_list_of_an_unknown_bot_is_empty(sdk: AnyClient) -> None:
    assert (await resolve(sdk.bots.list(bot_id="nobody"))).parsed == []


async def test_upload_replaces_the_package(sdk: AnyClient, emulator: MaestroEmulator) -> None:
    await deploy(sdk)

    await resolve(sdk.bots.upload("InvoiceBot", "1.0.0", b"new bytes", filename="bot.tar.gz"))

    assert emulator.bots[("InvoiceBot", "1.0.0")].package == UploadedFile(
        "bot.tar.gz", "application/gzip", b"new bytes"
    )


async def test_upload_to_an_unregistered_version_is_not_found(sdk: AnyClient) -> None:
    with pytest.raises(NotFoundError, match="Bot 'InvoiceBot' version '9' not found"):
        await resolve(sdk.bots.upload("InvoiceBot", "9", b"PK", filename="bot.zip"))


async def test_deploying_an_existing_version_again_keeps_its_package(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await deploy(sdk)
    await resolve(sdk.request_raw("POST", "/bot", json={**DEPLOY, "technology": "JAVA"}))

    stored = emulator.bots[("InvoiceBot", "1.0.0")]
    assert (stored.bot["technology"], stored.content) == ("JAVA", PACKAGE)
    assert len(emulator.bots) == 1


async def test_release_marks_one_version_released(
    sdk: AnyClient, emulator: MaestroEmulator
) -> None:
    await deploy(sdk)
    await deploy(sdk, "1.1.0")

    await resolve(sdk.bots.release("InvoiceBot", "1.0.0"))
    await resolve(sdk.bots.release("InvoiceBot", "1.1.0"))

    released = {version: b.bot["released"] for (_, version), b in emulator.bots.items()}
    assert released == {"1.0.0": False, "1.1.0": True}


async def test_release_before_any_upload_is_a_conflict(sdk: AnyClient) -> None:
    await resolve(sdk.request_raw("POST", "/bot", json=DEPLOY))

    with pytest.raises(ConflictError, match="has no uploaded package"):
        await resolve(sdk.bots.release("InvoiceBot", "1.0.0"))


async def test_release_of_an_unknown_version_is_not_found(sdk: AnyClient) -> None:
    with pytest.raises(NotFoundError):
        await resolve(sdk.bots.release("InvoiceBot", "1.0.0"))


async def test_delete_removes_the_version(sdk: AnyClient, emulator: MaestroEmulator) -> None:
    await deploy(sdk)

    response = await resolve(sdk.bots.delete("InvoiceBot", "1.0.0"))

    assert response.status_code == 200
    assert emulator.bots == {}
    with pytest.raises(NotFoundError):
        await resolve(sdk.bots.get("InvoiceBot", "1.0.0"))


async def test_deleting_an_unknown_version_is_404_with_a_json_message(api: Api) -> None:
    response = await api("DELETE", "/api/v2/bot/InvoiceBot/version/1.0.0")

    assert response.status_code == 404
    assert response.json()["message"] == "Bot 'InvoiceBot' version '1.0.0' not found"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"botId": None}, "Field 'botId' is required"),
        ({"version": " "}, "Field 'version' must not be empty"),
        ({"technology": "RUST"}, "Field 'technology' must be one of PYTHON, JAVA, JAVASCRIPT"),
        ({"technology": None}, "Field 'technology' is required"),
        ({"organization": None}, "Field 'organization' is required"),
        ({"command": 5}, "Field 'command' must be a string"),
    ],
)
async def test_an_invalid_deploy_body_is_400_naming_the_field(
    api: Api, change: dict[str, Any], message: str
) -> None:
    response = await api("POST", "/api/v2/bot", json={**DEPLOY, **change})

    assert response.status_code == 400
    assert response.json()["message"].startswith(message)
    assert api.emulator.bots == {}


async def test_deploy_for_another_organization_is_403(api: Api) -> None:
    response = await api("POST", "/api/v2/bot", json={**DEPLOY, "organization": "OTHER"})

    assert response.status_code == 403
    assert response.json()["message"] == "Organization 'OTHER' is not this workspace"


def test_deploy_accepts_the_login_as_organization_as_the_official_tools_send_it() -> None:
    emulator = MaestroEmulator(login="acme", key="k", organization="ACME_ORG", strict=True)

    with emulator.client() as client:
        body = {**DEPLOY, "organization": "acme"}
        response = client.request_raw("POST", "/bot", json=body)

    assert response.data["organizationLabel"] == "ACME_ORG"


async def test_an_upload_without_the_file_part_is_400(api: Api) -> None:
    await api("POST", "/api/v2/bot", json=DEPLOY)

    response = await api(
        "POST", "/api/v2/bot/upload/InvoiceBot/version/1.0.0", files={"other": ("a.zip", b"x")}
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Required part 'file' is not present"


async def test_an_upload_that_is_not_a_package_is_400(api: Api) -> None:
    await api("POST", "/api/v2/bot", json=DEPLOY)

    response = await api(
        "POST", "/api/v2/bot/upload/InvoiceBot/version/1.0.0", files={"file": ("a.txt", b"x")}
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Part 'file' must be a .zip, .tar.gz or .jar package"
    assert api.emulator.bots[("InvoiceBot", "1.0.0")].package is None
