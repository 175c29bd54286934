"""Messages: send."""

from __future__ import annotations

import pytest
import respx

from maestro import MessageType, RequestValidationError
from tests.conftest import AnyClient, resolve
from tests.resources._wire import json_of


async def test_send_posts_the_python_sdk_body(client: AnyClient, api: respx.MockRouter) -> None:
    route = api.post("/api/v2/message").respond(200, text="")

    response = await resolve(
        client.messages.send(
            subject="Report",
            body="<b>done</b>",
            emails=["ops@acme.test"],
            users=["maria"],
            type=MessageType.HTML,
            group="ops",
        )
    )

    assert json_of(route.calls.last.request) == {
        "emails": ["ops@acme.test"],
        "logins": ["maria"],
        "subject": "Report",
        "body": "<b>done</b>",
        "type": "HTML",
        "group": "ops",
    }
    assert response.parsed is None


async def test_send_defaults_to_text_and_an_empty_group(
    client: AnyClient, api: respx.MockRouter
) -> None:
    route = api.post("/api/v2/message").respond(200, text="")

    await resolve(client.messages.send(subject="s", body="b", users=("maria",)))

    body = json_of(route.calls.last.request)
    assert (body["type"], body["group"], body["emails"]) == ("TEXT", "", [])


async def test_send_rejects_a_message_without_recipients(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError, match="no recipient") as caught:
        client.messages.send(subject="s", body="b")

    assert caught.value.operation == "messages.send"
    assert [e.field for e in caught.value.errors] == ["emails"]
    assert not api.calls


async def test_send_rejects_a_single_address_given_as_a_string(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.messages.send(subject="s", body="b", emails="ops@acme.test")

    assert [e.field for e in caught.value.errors] == ["emails"]
    assert not api.calls


async def test_send_rejects_an_unknown_type_and_an_empty_login(
    client: AnyClient, api: respx.MockRouter
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.messages.send(subject="s", body="b", users=[""], type="MARKDOWN")

    assert [(e.field, e.value) for e in caught.value.errors] == [
        ("users.0", "''"),
        ("type", "'MARKDOWN'"),
    ]
    assert not api.calls
