"""``MaestroClient`` and ``AsyncMaestroClient``: configuration, resources, lifecycle.

Both clients share one declaration of their routes (``_BaseClient``); only construction and
closing differ, because they own different httpx clients. Each also inherits a generated mixin
from ``maestro/facades.py`` that types its resources with that client's facades and lists the
functions making them (mypy checks each against its facade); a resource is made, and its
module imported, the first time the client is asked for it.
"""

from __future__ import annotations

import re
import ssl
import threading
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

import httpx

from maestro._aiohttp import DefaultAioHttpClient
from maestro._call import Call, json_body
from maestro._config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    NOT_GIVEN,
    Hidden,
    NotGiven,
    TimeoutArg,
    changed_options,
    prepare,
    settings_from_argv,
    settings_from_env,
    warn_if_insecure,
)
from maestro._endpoint import Resource, TransportT, endpoint
from maestro._exceptions import RequestValidationError
from maestro._inputs import check_raw_request, encoded_raw_path
from maestro._response import MaestroResponse, decode_body
from maestro._retry import RetryPolicy
from maestro._transport import AsyncTransport, SyncTransport
from maestro.facades import _AsyncMaestroClientFacade, _MaestroClientFacade
from maestro.models.server import LoginResponse, ServerVersion

__all__ = ["DEFAULT_BASE_URL", "NOT_GIVEN", "AsyncMaestroClient", "MaestroClient", "NotGiven"]

_API_PREFIX = "/api/v2"
_ABSOLUTE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

_MAKING_RESOURCES = threading.Lock()

_ClientT = TypeVar("_ClientT", bound="_BaseClient[Any]")
_SyncClientT = TypeVar("_SyncClientT", bound="MaestroClient")
_AsyncClientT = TypeVar("_AsyncClientT", bound="AsyncMaestroClient")


class _BaseClient(Resource[TransportT]):
    """What both clients share: settings, routes declared once, resources made on first use."""

    _resource_name = "client"

    task_id: str | None
    """The task this bot runs for, when built by ``from_sys_args``; else ``None``."""

    _resource_makers: ClassVar[Mapping[str, Callable[[Any], object]]] = {}
    """Each client's facade mixin (maestro/facades.py) lists them, typed for that client."""

    def _setup(self, transport: TransportT, *, task_id: str | None, owns_http: bool) -> None:
        self._transport = transport
        self._owns_http = owns_http
        self.task_id = task_id

    if not TYPE_CHECKING:
        # Hidden from type checkers, which would accept any attribute name: they read the
        # resources' facades from the mixin's annotations.

        def __getattr__(self, name):
            # Called only while ``name`` is not in the instance's dict: a resource is made
            # (its module imported) the first time it is read, then read like any attribute.
            make = self._resource_makers.get(name)
            if make is None or "_transport" not in self.__dict__:
                message = f"{type(self).__name__!r} object has no attribute {name!r}"
                raise AttributeError(message, name=name, obj=self)
            with _MAKING_RESOURCES:  # threads reading it first all get the same resource
                resource = self.__dict__.get(name)
                if resource is None:
                    resource = self.__dict__[name] = make(self._transport)
            return resource

    def __dir__(self) -> list[str]:
        # The resources before they are made, for ``dir()`` and the completion of live
        # objects (IPython, Jupyter).
        return sorted({*super().__dir__(), *self._resource_makers})

    def _resources(self) -> list[Resource[TransportT]]:
        """Every resource of the client, made now if not yet."""
        return [getattr(self, name) for name in self._resource_makers]

    # -- what the seed's attributes expose -------------------------------------------------

    @property
    def base_url(self) -> str:
        """The server root, without a trailing slash."""
        return self._transport.base_url

    @property
    def login_value(self) -> str | None:
        """The workspace login."""
        return self._transport.auth.login

    @property
    def key_value(self) -> str | None:
        """The workspace key (never shown in ``repr`` or messages)."""
        return self._transport.auth.key

    @property
    def organization(self) -> str | None:
        """The workspace label sent in the ``organization`` header."""
        return self._transport.auth.organization

    @property
    def token(self) -> str | None:
        """The cached access token, or ``None`` before the first login."""
        return self._transport.auth.token

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of each request."""
        return self._transport.options.timeout

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy in force (``max_retries``, ``deadline``, backoff)."""
        return self._transport.options.retry_policy

    @property
    def raise_for_status(self) -> bool:
        """Whether non-2xx responses raise (``True``) or are returned (``False``)."""
        return self._transport.options.raise_for_status

    def __repr__(self) -> str:
        if "_transport" not in self.__dict__:  # the constructor failed half-way
            return f"{type(self).__name__}(<not configured>)"
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, organization={self.organization!r})"
        )

    # -- other ways to build a client ------------------------------------------------------

    @classmethod
    def from_env(
        cls: type[_ClientT], environ: Mapping[str, str] | None = None, **kwargs: Any
    ) -> _ClientT:
        """A client configured by the environment.

        Reads MAESTRO_LOGIN and MAESTRO_KEY (or MAESTRO_TOKEN) and, optionally,
        MAESTRO_SERVER (default: BotCity's cloud, as the constructor), MAESTRO_ORGANIZATION,
        MAESTRO_TIMEOUT, MAESTRO_MAX_RETRIES. ``kwargs`` go to the constructor and win over
        the environment.
        """
        client: _ClientT = cast(Any, cls)(**{**settings_from_env(environ), **kwargs})
        return client

    @classmethod
    def from_sys_args(
        cls: type[_ClientT], argv: Sequence[str] | None = None, **kwargs: Any
    ) -> _ClientT:
        """A client for a bot started by the BotCity Runner.

        The Runner's command line is ``bot server task_id token [organization]``.
        ``argv`` defaults to ``sys.argv`` (program name first). The task id is kept in
        ``client.task_id``. Give ``login`` and ``key`` too if the bot may outlive its token.
        """
        settings, task_id = settings_from_argv(argv)
        client: _ClientT = cast(Any, cls)(**{**settings, **kwargs})
        client.task_id = task_id
        return client

    def with_options(
        self: _ClientT,
        *,
        timeout: TimeoutArg | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        deadline: float | NotGiven | None = NOT_GIVEN,
        raise_for_status: bool | NotGiven = NOT_GIVEN,
    ) -> _ClientT:
        """A copy with other settings that shares this client's connection pool and token.

        ``deadline`` bounds each call's total time, retries and waits included; an
        operation of several requests shares one deadline, an iterator gives each page's
        request its own. Closing the copy does not close the shared pool; close the original.
        """
        options = changed_options(
            self._transport.options,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            raise_for_status=raise_for_status,
        )
        copy = object.__new__(type(self))
        copy._setup(self._transport.with_options(options), task_id=self.task_id, owns_http=False)
        return copy

    # -- client-level routes ---------------------------------------------------------------

    @endpoint
    def version(self) -> Call[ServerVersion]:
        """The server's version (``GET /api/v2/maestro/version``)."""
        return Call("GET", "/api/v2/maestro/version", json_body(ServerVersion))

    @endpoint
    def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        files: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: TimeoutArg = None,
    ) -> Call[Any]:
        """Call any route, authenticated and retried like every other call.

        ``path`` is relative to the server (``/api/v2`` is prepended when missing) or an
        absolute URL on ``base_url``'s host; other hosts are refused, so the token never
        leaves that host. ``parsed`` and ``data`` hold the decoded body. Only GET, HEAD,
        OPTIONS, PUT and DELETE are retried after a 502/503/504. Every argument is checked
        before anything is sent: ``json`` must have a faithful JSON form (no NaN, sets or
        other objects), text must be valid Unicode, header values printable ASCII without
        CR or LF, and at most one of ``json``, ``content`` and ``files`` is given.
        """
        raw = check_raw_request(
            method,
            path,
            params=params,
            json=json,
            content=content,
            files=files,
            headers=headers,
            timeout=timeout,
        )
        return Call(
            raw.method,
            self._api_path(path),
            decode_body,
            params=params,
            json=raw.json,
            content=raw.content,
            raw_files=files,
            headers=headers,
            timeout=raw.timeout,
        )

    def _api_path(self, path: str) -> str:
        base = httpx.URL(self.base_url)
        if _ABSOLUTE_URL.match(path):  # "/x?next=http://a/b" is a path, not another host
            target = _url(path)
            if (target.scheme, target.host, target.port) != (base.scheme, base.host, base.port):
                raise RequestValidationError.single(
                    "",
                    "path",
                    path,
                    f"is not on {base.host}: the token is only sent to base_url's host",
                )
            path = target.raw_path.decode("ascii")
            if base.path != "/" and path.startswith(base.path):
                path = path[len(base.path.rstrip("/")) :]
        if not path.startswith("/"):
            path = "/" + path
        if (
            path != _API_PREFIX
            and not path.startswith(_API_PREFIX + "/")
            and not path.startswith(_API_PREFIX + "?")
        ):
            path = _API_PREFIX + path
        path = encoded_raw_path(path)
        _url(self.base_url + path)  # refuses what httpx could not send
        return path


def _url(text: str) -> httpx.URL:
    try:
        return httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise RequestValidationError.single(
            "", "path", text, f"is not a valid URL: {exc}"
        ) from None


class MaestroClient(_MaestroClientFacade, _BaseClient[SyncTransport]):
    """The synchronous client: one entry point to every resource of the Maestro API v2.

    Logs in on first use, renews the token before it expires and once after a 401, and
    retries what is safe to retry. Use it as a context manager, or call :meth:`close`.

    ``max_retries`` overrides the ``retry_policy``'s count when given (default: the
    policy's, 2). ``max_response_bytes`` caps a body read into memory (64 MiB; downloads to
    a file are not capped). ``base_url`` may not carry a user name or password; plain
    ``http://`` to another machine issues an :class:`~maestro.InsecureConnectionWarning`.

    ``max_connections`` (default 100) and ``max_keepalive_connections`` (default 50) size
    the connection pool the client builds; they cannot be combined with ``http_client`` or
    ``transport``, which bring their own. Threads sharing a client reuse connections up to
    50 calls at a time (httpx's own default keeps 20: beyond that, almost every call opens
    a new connection, over HTTPS with a new TLS handshake).

    Its resources, each typed by its facade from :mod:`maestro.facades`:

    - ``alerts``: ``AlertsFacade``
    - ``automations``: ``AutomationsFacade``
    - ``bots``: ``BotsFacade``
    - ``credentials``: ``CredentialsFacade``
    - ``datapools``: ``DatapoolsFacade``
    - ``errors``: ``ErrorsFacade``
    - ``logs``: ``LogsFacade``
    - ``messages``: ``MessagesFacade``
    - ``result_files``: ``ResultFilesFacade``
    - ``runners``: ``RunnersFacade``
    - ``schedules``: ``SchedulesFacade``
    - ``tasks``: ``TasksFacade``
    - ``workspaces``: ``WorkspacesFacade``
    """

    def __init__(
        self,
        login: str | None = None,
        key: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        *,
        token: str | None = None,
        organization: str | None = None,
        timeout: TimeoutArg = 30.0,
        max_retries: int | None = None,
        raise_for_status: bool = True,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | str | bool = True,
        retry_policy: RetryPolicy | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_connections: int | None = None,
        max_keepalive_connections: int | None = None,
    ) -> None:
        # Hidden before any check can fail: tracebacks that print locals must not show them.
        secret_key, secret_token = Hidden(key), Hidden(token)
        del key, token
        url, auth, options, limits = prepare(
            login, secret_key, base_url, secret_token, organization, timeout, max_retries,
            raise_for_status, retry_policy, http_client, transport, max_response_bytes,
            max_connections=max_connections,
            max_keepalive_connections=max_keepalive_connections,
            http_client_class=httpx.Client,
        )  # fmt: skip
        warn_if_insecure(url, stacklevel=2)
        http = http_client or httpx.Client(
            transport=transport, verify=verify, timeout=options.timeout, limits=limits
        )
        self._setup(
            SyncTransport(http, base_url=url, auth=auth, options=options),
            task_id=None,
            owns_http=http_client is None,
        )

    def authenticate(self) -> MaestroResponse[LoginResponse]:
        """Log in now (``POST /api/v2/workspace/login``) and cache the token and organization."""
        return self._transport.authenticate()

    def close(self) -> None:
        """Close the connection pool (unless it was passed in as ``http_client``)."""
        if self._owns_http:
            self._transport.http.close()

    def __enter__(self: _SyncClientT) -> _SyncClientT:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncMaestroClient(_AsyncMaestroClientFacade, _BaseClient[AsyncTransport]):
    """The asyncio client: the same resources and methods as :class:`MaestroClient`, awaited.

    Use it with ``async with``, or call :meth:`aclose`. Takes the same arguments as
    :class:`MaestroClient`, with an ``httpx.AsyncClient`` or async transport.

    Many calls at once (``asyncio.gather``): up to ``max_keepalive_connections`` (default
    50) calls in flight reuse their connections, and at most ``max_connections`` (default
    100) are open at a time. Reuse saves handshakes and, at real network latencies, CPU;
    but httpcore checks every kept connection on each request, so a client whose CPU is the
    limit (a fast server, many calls in flight) serves fewer calls per second than when it
    opens new connections (``max_keepalive_connections=20``, httpx's default). The aiohttp
    transport has neither cost and serves several times more calls at once:
    ``pip install "botcity-maestro-client[aiohttp]"`` and
    ``AsyncMaestroClient(..., http_client=maestro.DefaultAioHttpClient())``.

    Its resources, each typed by its facade from :mod:`maestro.facades`:

    - ``alerts``: ``AsyncAlertsFacade``
    - ``automations``: ``AsyncAutomationsFacade``
    - ``bots``: ``AsyncBotsFacade``
    - ``credentials``: ``AsyncCredentialsFacade``
    - ``datapools``: ``AsyncDatapoolsFacade``
    - ``errors``: ``AsyncErrorsFacade``
    - ``logs``: ``AsyncLogsFacade``
    - ``messages``: ``AsyncMessagesFacade``
    - ``result_files``: ``AsyncResultFilesFacade``
    - ``runners``: ``AsyncRunnersFacade``
    - ``schedules``: ``AsyncSchedulesFacade``
    - ``tasks``: ``AsyncTasksFacade``
    - ``workspaces``: ``AsyncWorkspacesFacade``
    """

    def __init__(
        self,
        login: str | None = None,
        key: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        *,
        token: str | None = None,
        organization: str | None = None,
        timeout: TimeoutArg = 30.0,
        max_retries: int | None = None,
        raise_for_status: bool = True,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        verify: ssl.SSLContext | str | bool = True,
        retry_policy: RetryPolicy | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_connections: int | None = None,
        max_keepalive_connections: int | None = None,
    ) -> None:
        # Hidden before any check can fail: tracebacks that print locals must not show them.
        secret_key, secret_token = Hidden(key), Hidden(token)
        del key, token
        url, auth, options, limits = prepare(
            login, secret_key, base_url, secret_token, organization, timeout, max_retries,
            raise_for_status, retry_policy, http_client, transport, max_response_bytes,
            max_connections=max_connections,
            max_keepalive_connections=max_keepalive_connections,
            http_client_class=httpx.AsyncClient,
        )  # fmt: skip
        warn_if_insecure(url, stacklevel=2)
        http = http_client or httpx.AsyncClient(
            transport=transport, verify=verify, timeout=options.timeout, limits=limits
        )
        self._setup(
            AsyncTransport(http, base_url=url, auth=auth, options=options),
            task_id=None,
            # The SDK's aiohttp client is built for the client it is given to.
            owns_http=http_client is None or isinstance(http_client, DefaultAioHttpClient),
        )

    async def authenticate(self) -> MaestroResponse[LoginResponse]:
        """Log in now (``POST /api/v2/workspace/login``) and cache the token and organization."""
        return await self._transport.authenticate()

    async def aclose(self) -> None:
        """Close the connection pool (unless it was passed in as ``http_client``).

        A :class:`~maestro.DefaultAioHttpClient` passed in is closed too.
        """
        if self._owns_http:
            await self._transport.http.aclose()

    async def __aenter__(self: _AsyncClientT) -> _AsyncClientT:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
