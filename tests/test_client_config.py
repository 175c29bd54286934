"""Client construction: parameters, environment, Runner arguments, copies, lifecycle."""

from __future__ import annotations

import httpx
import pytest
import respx

from maestro import (
    DEFAULT_BASE_URL,
    AsyncMaestroClient,
    ConfigurationError,
    MaestroClient,
    RedirectError,
)
from tests.conftest import BASE_URL, KEY, LOGIN, TOKEN, AnyClient, resolve

CLIENTS = [MaestroClient, AsyncMaestroClient]


@pytest.mark.parametrize("client_class", CLIENTS)
def test_defaults(client_class: type[AnyClient]) -> None:
    client = client_class(LOGIN, KEY)
    assert client.base_url == DEFAULT_BASE_URL == "https://developers.botcity.dev"
    assert client.login_value == LOGIN
    assert client.key_value == KEY
    assert client.organization == LOGIN  # until a login answers with organizationLabel
    assert client.token is None
    assert client.task_id is None
    assert client.timeout == httpx.Timeout(30.0)
    assert client.retry_policy.max_retries == 2
    assert client.retry_policy.deadline is None
    assert client.raise_for_status is True


@pytest.mark.parametrize("client_class", CLIENTS)
def test_repr_shows_base_url_and_organization_but_no_secret(client_class: type[AnyClient]) -> None:
    client = client_class(LOGIN, KEY, BASE_URL + "/", token=TOKEN, organization="ORG")
    text = repr(client)
    assert text == f"{client_class.__name__}(base_url='https://maestro.test', organization='ORG')"
    assert KEY not in text
    assert TOKEN not in text


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize("url", ["", "developers.botcity.dev", "ftp://x.y", "https://"])
def test_a_bad_base_url_is_refused(client_class: type[AnyClient], url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        client_class(LOGIN, KEY, url)


@pytest.mark.parametrize("client_class", CLIENTS)
def test_credentials_are_required(client_class: type[AnyClient]) -> None:
    with pytest.raises(ConfigurationError, match="login and key, or a token"):
        client_class(LOGIN)


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize(
    ("option", "value"),
    [("timeout", 0), ("timeout", "1"), ("max_retries", -1), ("max_retries", 1.5)],
)
def test_bad_options_are_refused(client_class: type[AnyClient], option: str, value: object) -> None:
    with pytest.raises(ConfigurationError, match=option):
        client_class(LOGIN, KEY, **{option: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("client_class", CLIENTS)
def test_http_client_and_transport_are_exclusive(client_class: type[AnyClient]) -> None:
    with pytest.raises(ConfigurationError, match="not both"):
        client_class(
            LOGIN,
            KEY,
            http_client=httpx.Client(),
            transport=httpx.MockTransport(lambda r: httpx.Response(200)),
        )  # type: ignore[arg-type]


ENV = {
    "MAESTRO_SERVER": "https://acme.botcity.dev",
    "MAESTRO_LOGIN": LOGIN,
    "MAESTRO_KEY": KEY,
    "MAESTRO_ORGANIZATION": "ACME",
    "MAESTRO_TIMEOUT": "12.5",
    "MAESTRO_MAX_RETRIES": "5",
}


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_env_reads_every_variable(client_class: type[AnyClient]) -> None:
    client = client_class.from_env({**ENV, "MAESTRO_TOKEN": TOKEN})
    assert isinstance(client, client_class)
    assert client.base_url == "https://acme.botcity.dev"
    assert (client.login_value, client.key_value, client.token) == (LOGIN, KEY, TOKEN)
    assert client.organization == "ACME"
    assert client.timeout == httpx.Timeout(12.5)
    assert client.retry_policy.max_retries == 5


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_env_uses_os_environ_and_keyword_overrides(
    client_class: type[AnyClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    client = client_class.from_env(max_retries=0)
    assert client.base_url == "https://acme.botcity.dev"
    assert client.retry_policy.max_retries == 0


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_env_without_a_server_uses_the_constructor_default(
    client_class: type[AnyClient],
) -> None:
    client = client_class.from_env({"MAESTRO_LOGIN": LOGIN, "MAESTRO_KEY": KEY})
    assert client.base_url == DEFAULT_BASE_URL


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_env_names_missing_credentials(client_class: type[AnyClient]) -> None:
    with pytest.raises(ConfigurationError, match="MAESTRO_LOGIN and MAESTRO_KEY"):
        client_class.from_env({"MAESTRO_SERVER": BASE_URL, "MAESTRO_LOGIN": LOGIN})


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_env_names_a_bad_number(client_class: type[AnyClient]) -> None:
    with pytest.raises(ConfigurationError, match="MAESTRO_TIMEOUT must be a number, got 'soon'"):
        client_class.from_env({**ENV, "MAESTRO_TIMEOUT": "soon"})


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_sys_args_reads_the_runner_command_line(client_class: type[AnyClient]) -> None:
    client = client_class.from_sys_args(
        ["bot.py", "https://acme.botcity.dev", "4242", TOKEN, "ACME"]
    )
    assert client.base_url == "https://acme.botcity.dev"
    assert client.task_id == "4242"
    assert client.token == TOKEN
    assert client.organization == "ACME"
    assert client.login_value is None


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_sys_args_organization_is_optional(client_class: type[AnyClient]) -> None:
    client = client_class.from_sys_args(["bot.py", BASE_URL, "1", TOKEN])
    assert client.organization is None
    assert client.task_id == "1"


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_sys_args_defaults_to_sys_argv(
    client_class: type[AnyClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.argv", ["bot", BASE_URL, "77", TOKEN])
    assert client_class.from_sys_args().task_id == "77"


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_sys_args_with_too_few_arguments_never_echoes_them(
    client_class: type[AnyClient],
) -> None:
    with pytest.raises(ConfigurationError, match="got 2 argument") as caught:
        client_class.from_sys_args(["bot", BASE_URL, TOKEN])
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize("client_class", CLIENTS)
def test_from_sys_args_accepts_login_and_key_for_renewal(client_class: type[AnyClient]) -> None:
    client = client_class.from_sys_args(["bot", BASE_URL, "1", TOKEN], login=LOGIN, key=KEY)
    assert client.login_value == LOGIN
    assert client._transport.auth.can_login


async def test_with_options_shares_the_connection_pool(client: AnyClient) -> None:
    copy = client.with_options(timeout=5.0, max_retries=7, deadline=9.0, raise_for_status=False)
    assert type(copy) is type(client)
    assert copy._transport.http is client._transport.http
    assert copy._transport.auth is client._transport.auth
    assert copy.timeout == httpx.Timeout(5.0)
    assert (copy.retry_policy.max_retries, copy.retry_policy.deadline) == (7, 9.0)
    assert copy.raise_for_status is False
    assert (client.retry_policy.max_retries, client.raise_for_status) == (2, True)


async def test_with_options_keeps_what_was_not_given(client: AnyClient) -> None:
    copy = client.with_options(deadline=3.0).with_options(max_retries=1)
    assert copy.retry_policy.deadline == 3.0
    assert copy.retry_policy.max_retries == 1
    assert copy.with_options(deadline=None).retry_policy.deadline is None


async def test_with_options_validates(client: AnyClient) -> None:
    with pytest.raises(ConfigurationError, match="deadline"):
        client.with_options(deadline=0)
    with pytest.raises(ConfigurationError, match="timeout"):
        client.with_options(timeout=-1)


async def test_closing_a_copy_leaves_the_shared_pool_open(
    client: AnyClient, api: respx.MockRouter
) -> None:
    api.get("/api/v2/task/1").respond(200, json={"id": 1})
    copy = client.with_options(max_retries=0)
    if isinstance(copy, AsyncMaestroClient):
        await copy.aclose()
    else:
        copy.close()
    assert not client._transport.http.is_closed
    assert (await resolve(client.tasks.get(1))).parsed.id == 1


def test_sync_context_manager_closes_its_pool() -> None:
    with MaestroClient(LOGIN, KEY, BASE_URL) as client:
        assert not client._transport.http.is_closed
    assert client._transport.http.is_closed


async def test_async_context_manager_closes_its_pool() -> None:
    async with AsyncMaestroClient(LOGIN, KEY, BASE_URL) as client:
        assert not client._transport.http.is_closed
    assert client._transport.http.is_closed


def test_an_injected_http_client_is_used_and_left_open() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/login"):
            return httpx.Response(200, json={"accessToken": TOKEN})
        return httpx.Response(200, json={"id": 1})

    http = httpx.Client(transport=httpx.MockTransport(handler), headers={"X-Proxy-Auth": "p"})
    with MaestroClient(LOGIN, KEY, BASE_URL, http_client=http) as client:
        client.tasks.get(1)
    assert not http.is_closed
    assert seen[-1].headers["x-proxy-auth"] == "p"
    assert str(seen[-1].url) == "https://maestro.test/api/v2/task/1"
    http.close()


async def test_an_injected_transport_carries_the_requests() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/login"):
            return httpx.Response(200, json={"accessToken": TOKEN})
        return httpx.Response(200, json={"version": "3.4.0"})

    async with AsyncMaestroClient(
        LOGIN, KEY, BASE_URL, transport=httpx.MockTransport(handler)
    ) as client:
        assert (await client.version()).parsed.version == "3.4.0"


def test_redirects_to_another_host_are_refused_so_the_token_stays_on_the_host() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url.host))
        if request.url.path.endswith("/login"):
            return httpx.Response(200, json={"accessToken": TOKEN})
        return httpx.Response(302, headers={"Location": "https://elsewhere.example/steal"})

    with (
        MaestroClient(
            LOGIN, KEY, BASE_URL, transport=httpx.MockTransport(handler), raise_for_status=False
        ) as client,
        pytest.raises(RedirectError, match=r"elsewhere\.example"),
    ):
        client.request_raw("GET", "/task/1")
    assert seen == ["maestro.test", "maestro.test"]
