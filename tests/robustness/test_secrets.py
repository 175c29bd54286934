"""No secret anywhere a developer looks: traceback locals, error texts, replaced tokens."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
import respx

from maestro import MaestroClient, NotFoundError, ResponseValidationError
from maestro._auth import RequestHeaders, TokenState, redact_secrets
from maestro._call import Call, no_body
from tests.conftest import BASE_URL, KEY, LOGIN, TOKEN, AnyClient, resolve

CREDENTIAL_VALUE = "hunter2-credential"

LEAKY_TESTS = textwrap.dedent(
    f"""
    import asyncio
    import socket

    from maestro import AsyncMaestroClient, MaestroClient

    TOKEN = {TOKEN!r}
    KEY = {KEY!r}
    SECRET = {CREDENTIAL_VALUE!r}


    def closed_port_url():
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        return f"http://127.0.0.1:{{port}}"


    def test_a_connection_error_with_a_token():
        client = MaestroClient("acme", KEY, closed_port_url(), token=TOKEN, max_retries=0)
        client.tasks.get(1)


    def test_a_connection_error_at_login():
        client = MaestroClient("acme", KEY, closed_port_url(), max_retries=0)
        client.tasks.get(1)


    def test_a_connection_error_inside_a_credential_flow():
        client = MaestroClient(token=TOKEN, base_url=closed_port_url(), max_retries=0)
        client.credentials.set_value("vault", "user", SECRET)


    def test_a_connection_error_on_the_async_client():
        async def main():
            url = closed_port_url()
            async with AsyncMaestroClient(token=TOKEN, base_url=url, max_retries=0) as client:
                await client.credentials.create("vault", {{"user": SECRET}})

        asyncio.run(main())


    def test_a_read_timeout():
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts the connection, never answers
        url = "http://127.0.0.1:%d" % listener.getsockname()[1]
        client = MaestroClient(token=TOKEN, base_url=url, timeout=0.2, max_retries=0)
        try:
            client.tasks.get(1)
        finally:
            listener.close()
    """
)


def pytest_showlocals_output(tmp_path: Path, name: str, source: str) -> str:
    """What ``pytest -vv --showlocals`` prints (stdout and stderr) for one test module."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / name).write_text(source)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-vv", "--showlocals", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},  # a faster start
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout + result.stderr


def test_pytest_showlocals_prints_no_token_key_or_credential_value(tmp_path: Path) -> None:
    output = pytest_showlocals_output(tmp_path, "test_leaky.py", LEAKY_TESTS)
    assert "5 failed" in output
    assert "APIConnectionError" in output
    assert "APITimeoutError" in output
    assert "headers    = RequestHeaders(" in output  # the frame that held the live token
    assert TOKEN not in output
    assert KEY not in output
    assert CREDENTIAL_VALUE not in output


CONFIGURATION_ERRORS = textwrap.dedent(
    f"""
    import os
    import sys

    from maestro import AsyncMaestroClient, MaestroClient

    TOKEN = {TOKEN!r}
    KEY = {KEY!r}


    def test_a_bad_base_url_with_key_and_token():
        MaestroClient("acme", KEY, "ftp://maestro.example", token=TOKEN)


    def test_a_bad_timeout_on_the_async_client():
        AsyncMaestroClient("acme", KEY, "http://127.0.0.1:9", token=TOKEN, timeout=-1)


    def test_a_token_that_cannot_be_a_header():
        MaestroClient(token=TOKEN + "\\r\\n", base_url="http://127.0.0.1:9")


    def test_a_bad_number_in_the_environment():
        os.environ.update(MAESTRO_LOGIN="acme", MAESTRO_KEY=KEY, MAESTRO_TIMEOUT="soon")
        MaestroClient.from_env()


    def test_a_bad_server_on_the_runners_command_line():
        sys.argv = ["bot.py", "ftp://maestro.example", "7", TOKEN, "acme"]
        MaestroClient.from_sys_args()
    """
)


def test_configuration_errors_print_no_key_or_token_in_traceback_locals(tmp_path: Path) -> None:
    output = pytest_showlocals_output(tmp_path, "test_configuration.py", CONFIGURATION_ERRORS)
    assert "5 failed" in output
    assert output.count("ConfigurationError") >= 5
    assert "secret_key = <not shown>" in output  # the constructor frame, with its secrets hidden
    assert TOKEN not in output
    assert KEY not in output


def test_a_key_that_utf8_cannot_encode_is_refused_without_showing_it() -> None:
    from maestro import ConfigurationError

    with pytest.raises(ConfigurationError) as caught:
        MaestroClient("acme", "k\ud800ey", BASE_URL)
    assert str(caught.value) == "key must be text that UTF-8 can encode (value not shown)"
    with pytest.raises(ConfigurationError, match="key must be a string, not int"):
        MaestroClient("acme", 12345, BASE_URL)  # type: ignore[arg-type]


def test_rich_show_locals_prints_no_token() -> None:
    from rich.console import Console
    from rich.traceback import Traceback

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = MaestroClient(
        token=TOKEN, base_url=BASE_URL, transport=httpx.MockTransport(refuse), max_retries=0
    )
    try:
        client.credentials.set_value("vault", "user", CREDENTIAL_VALUE)
    except Exception as error:
        trace = Traceback.from_exception(
            type(error), error, error.__traceback__, show_locals=True, locals_max_string=10_000
        )
    output = io.StringIO()
    Console(file=output, width=200, color_system=None).print(trace)
    text = output.getvalue()
    assert "RequestHeaders(" in text
    assert TOKEN not in text
    assert CREDENTIAL_VALUE not in text


def test_header_sets_and_token_state_hide_their_values() -> None:
    headers = RequestHeaders({"Accept": "application/json"}).merged(
        {"token": TOKEN, "Authorization": f"Bearer {TOKEN}", "organization": "ACME"}
    )
    state = TokenState(login=LOGIN, key=KEY, token=TOKEN, organization=None)
    assert repr(headers) == (
        "RequestHeaders(Accept='application/json', token=***, Authorization=***, "
        "organization='ACME')"
    )
    assert repr(state) == (
        "TokenState(login='acme', key=***, token=***, organization='acme', generation=1)"
    )


async def test_a_token_replaced_after_a_401_stays_redacted(
    client: AnyClient, api: respx.MockRouter
) -> None:
    tokens = iter(["first-token-value", "second-token-value"])
    api["login"].mock(
        side_effect=lambda request: httpx.Response(200, json={"accessToken": next(tokens)})
    )
    api.get("/api/v2/task/1").mock(
        side_effect=[httpx.Response(401), httpx.Response(200, json={"id": 1})]
    )
    api.get("/api/v2/task/2").respond(
        404, json={"message": "no task 2 for first-token-value nor second-token-value"}
    )
    await resolve(client.tasks.get(1))
    assert client.token == "second-token-value"
    with pytest.raises(NotFoundError) as caught:
        await resolve(client.tasks.get(2))
    assert caught.value.message == "no task 2 for *** nor ***"


async def test_redaction_happens_before_a_long_message_is_shortened(
    client: AnyClient, api: respx.MockRouter
) -> None:
    # Unredacted, the 500-character cut would fall inside the key and keep its first part.
    filler = "x" * 485
    api.get("/api/v2/task/1").respond(404, json={"message": f"{filler} {KEY} tail"})
    with pytest.raises(NotFoundError) as caught:
        await resolve(client.tasks.get(1))
    assert caught.value.message == f"{filler} *** tail"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no credential with this label", "no credential with this label"),
        ("value 'a' is not allowed", "value '***' is not allowed"),
        ('value "a" is not allowed', 'value "***" is not allowed'),
        ("a", "***"),
    ],
)
def test_a_one_character_secret_is_masked_as_a_value_but_not_inside_words(
    text: str, expected: str
) -> None:
    assert redact_secrets(text, ["a"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pin 1234 is invalid", "pin *** is invalid"),
        ("pin 1234: invalid (1234)", "pin ***: invalid (***)"),
        ("value '1234' refused", "value '***' refused"),
        ("order 912345 and 12340 are fine", "order 912345 and 12340 are fine"),
        ("pin_1234 and 1234x stay", "pin_1234 and 1234x stay"),
    ],
)
def test_a_four_character_secret_is_masked_where_it_stands_as_a_word(
    text: str, expected: str
) -> None:
    assert redact_secrets(text, ["1234"]) == expected


def test_a_three_character_secret_is_not_masked_as_a_word_because_that_would_point_at_it() -> None:
    assert redact_secrets("a new credential", ["new"]) == "a new credential"
    assert redact_secrets("value 'new' refused", ["new"]) == "value '***' refused"


async def test_a_short_credential_value_does_not_mangle_the_servers_message(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.post("/api/v2/credential").respond(
        400, json={"message": "no credential with this label; value 'a' refused"}
    )
    call = Call("POST", "/api/v2/credential", no_body, json={"value": "a"}, secrets=("a",))
    with pytest.raises(Exception) as caught:
        await resolve(client._transport.execute(call))
    assert str(caught.value) == (
        "400 Bad Request: no credential with this label; value '***' refused"
    )


async def test_response_validation_errors_describe_values_without_printing_them(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(200, json={"id": TOKEN})
    response = await resolve(client.tasks.get(1))
    with pytest.raises(ResponseValidationError) as caught:
        _ = response.parsed
    assert [str(error) for error in caught.value.errors] == [
        "id=<text of 13 characters>: Input should be a valid integer, unable to parse string "
        "as an integer"
    ]
    assert TOKEN not in str(caught.value)


async def test_response_validation_errors_redact_what_a_parser_says(
    client: AnyClient, api: respx.MockRouter
) -> None:
    def parse(raw: httpx.Response) -> object:
        raise ValueError(f"cannot read {raw.text}")

    await resolve(client.authenticate())
    api.get("/api/v2/echo").respond(200, text=f"token {TOKEN}")
    response = await resolve(client._transport.execute(Call("GET", "/api/v2/echo", parse)))
    with pytest.raises(ResponseValidationError) as caught:
        _ = response.parsed
    assert [str(error) for error in caught.value.errors] == [
        "(body)=<body>: ValueError: cannot read token ***"
    ]
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "answer",
    [
        # A Spring page where a plain list was expected: the input is the whole page.
        {"content": [{"label": "vault", "secrets": [{"key": "u", "value": CREDENTIAL_VALUE}]}]},
        # Plain values where credential sets were expected.
        [CREDENTIAL_VALUE],
        [{"label": "vault"}, [CREDENTIAL_VALUE, 1234]],
    ],
)
async def test_a_credential_answer_of_another_shape_never_shows_its_values(
    client: AnyClient, api: respx.MockRouter, answer: object
) -> None:
    api.get("/api/v2/credential").respond(200, json=answer)
    response = await resolve(client.credentials.list())
    with pytest.raises(ResponseValidationError) as caught:
        _ = response.parsed
    shown = [str(caught.value), *(str(error) for error in caught.value.errors)]
    assert all(CREDENTIAL_VALUE not in text for text in shown)
    assert response.data == answer  # nothing the server said is lost
