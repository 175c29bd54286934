"""Client configuration: checking constructor arguments, the environment and the Runner's argv.

Every check runs before anything is built, and every message names the setting and the value
(never a key or a token).
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Final

import httpx

from maestro._auth import TokenState, header_value_problem
from maestro._exceptions import ConfigurationError, InsecureConnectionWarning
from maestro._retry import RetryPolicy
from maestro._transport import ClientOptions
from maestro._transport_core import DEFAULT_MAX_RESPONSE_BYTES
from maestro.models._json import text_problem

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_MAX_KEEPALIVE_CONNECTIONS",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "NOT_GIVEN",
    "Hidden",
    "NotGiven",
    "TimeoutArg",
    "changed_options",
    "check_timeout",
    "pool_limits",
    "prepare",
    "settings_from_argv",
    "settings_from_env",
    "warn_if_insecure",
]

DEFAULT_BASE_URL: Final = "https://developers.botcity.dev"

DEFAULT_MAX_CONNECTIONS: Final = 100
"""Connections the SDK's own pool opens to the server at most (httpx's default)."""

DEFAULT_MAX_KEEPALIVE_CONNECTIONS: Final = 50
"""Idle connections the SDK's own pool keeps for reuse (httpx's default keeps 20).

Chosen for a remote server such as BotCity's cloud, where a new connection costs round trips
(TCP, then TLS): with 20 kept, every call above 20 in flight closes a connection and opens
another (999 of 1,000 calls at 50 in flight); with 50 kept, 49 connections serve them all.
``python benchmarks/run.py --only pool`` shows both sides of the trade, 1,000 calls at 50 in
flight on two cores: against a server answering in 100 ms with 100 ms per new connection
(50 ms RTT), keeping 50 served 335 calls per second and keeping 20 served 204; against a
loopback server answering in 20 ms, where new connections cost nothing and the client's CPU
is the limit, keeping 20 served about twice as many (475 against 226), because httpcore
checks every kept connection on every request. ``max_keepalive_connections=20`` gives
httpx's behaviour back; ``DefaultAioHttpClient`` (aiohttp) reuses connections without that
cost.
"""


class Hidden:
    """A secret constructor argument (key, token) on its way through the checks.

    Tracebacks that print each frame's variables (``pytest --showlocals``, rich's
    ``show_locals``) would show a plain ``key`` argument if any check failed; the clients
    wrap their secrets in this first, so a configuration error never prints them.
    """

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "None" if self.value is None else "<not shown>"


class _Settings(dict[str, Any]):
    """Constructor arguments read from the environment or argv; ``repr`` hides key and token."""

    def __repr__(self) -> str:
        shown = {name: "<not shown>" if name in ("key", "token") and value else value
                 for name, value in self.items()}  # fmt: skip
        return repr(shown)


# The in-process emulator's host (``MaestroEmulator.base_url``): no network is involved.
_IN_PROCESS_HOSTS = frozenset({"maestro.emulator"})
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


class NotGiven:
    """Marks a ``with_options`` argument that was not given (``None`` is a real value there)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

TimeoutArg = float | httpx.Timeout | None


def _check_base_url(base_url: str) -> str:
    url = base_url.strip().rstrip("/") if isinstance(base_url, str) else ""
    # Never echo a user name or password given in the URL.
    shown = _USERINFO.sub(r"\1***@", base_url) if isinstance(base_url, str) else base_url
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigurationError(
            f"base_url must be an http(s) URL such as {DEFAULT_BASE_URL!r}, got {shown!r}"
        )
    if parsed.userinfo:
        raise ConfigurationError(
            f"base_url must not carry a user name or password, got {shown!r}: they would be "
            "sent to the server as Basic authentication in place of the token; give login "
            "and key instead"
        )
    return url


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost") or host in _IN_PROCESS_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_if_insecure(base_url: str, *, stacklevel: int) -> None:
    """Warn (once, for this client) when ``base_url`` is plain http to another machine."""
    url = httpx.URL(base_url)
    if url.scheme == "http" and not _is_local(url.host):
        warnings.warn(
            f"base_url {base_url!r} is plain http:// to another machine: the key (at login), "
            "the token, the organization and every body cross the network unencrypted and "
            "can be read or changed on the way; use https://",
            InsecureConnectionWarning,
            stacklevel=stacklevel + 1,
        )


def check_timeout(value: TimeoutArg, field: str = "timeout") -> httpx.Timeout:
    """``value`` as an ``httpx.Timeout``; refuses what is not a number of seconds > 0."""
    if isinstance(value, httpx.Timeout):
        return value
    if value is None:
        return httpx.Timeout(None)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigurationError(
            f"{field} must be a number of seconds > 0, an httpx.Timeout or None, got {value!r}"
        )
    return httpx.Timeout(float(value))


def _retry_policy(
    base: RetryPolicy | None, max_retries: int | None, deadline: float | None = None
) -> RetryPolicy:
    """``base`` (or the default policy) with ``max_retries`` and ``deadline`` when given.

    ``max_retries=None`` keeps the policy's own count: an explicit policy wins unless a
    count is given too.
    """
    if max_retries is not None and (
        isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0
    ):
        raise ConfigurationError(
            f"max_retries must be an integer >= 0 or None, got {max_retries!r}"
        )
    if deadline is not None and (
        isinstance(deadline, bool) or not isinstance(deadline, (int, float)) or deadline <= 0
    ):
        raise ConfigurationError(
            f"deadline must be a number of seconds > 0 or None, got {deadline!r}"
        )
    if base is not None and not isinstance(base, RetryPolicy):
        raise ConfigurationError(f"retry_policy must be a RetryPolicy or None, got {base!r}")
    policy = base or RetryPolicy()
    return policy.replace(
        max_retries=max_retries if max_retries is not None else policy.max_retries,
        deadline=deadline if deadline is not None else policy.deadline,
    )


def _max_response_bytes(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(
            f"max_response_bytes must be an integer >= 1 (bytes), got {value!r}"
        )
    return value


def _check_http_client(
    http_client: object | None, expected: type[httpx.Client] | type[httpx.AsyncClient]
) -> None:
    if http_client is None or isinstance(http_client, expected):
        return
    suits = {httpx.Client: "MaestroClient", httpx.AsyncClient: "AsyncMaestroClient"}
    other = next((name for kind, name in suits.items() if isinstance(http_client, kind)), None)
    raise ConfigurationError(
        f"http_client must be an httpx.{expected.__name__} for this client, got "
        f"{type(http_client).__name__}" + (f", which suits {other}" if other else "")
    )


def pool_limits(
    max_connections: int | None,
    max_keepalive_connections: int | None,
    *,
    http_client: object | None = None,
    transport: object | None = None,
) -> httpx.Limits:
    """The connection pool's limits; ``None`` takes the default. Refuses what cannot work."""
    given = {
        "max_connections": max_connections,
        "max_keepalive_connections": max_keepalive_connections,
    }
    for name, value in given.items():
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise ConfigurationError(
                f"{name} must be an integer >= 1, or None for the default, got {value!r}"
            )
    named = next((name for name, value in given.items() if value is not None), None)
    if named is not None and http_client is not None:
        raise ConfigurationError(
            f"{named} sets the SDK's own connection pool and cannot be combined with "
            "http_client: give your httpx client its limits instead "
            "(limits=httpx.Limits(max_connections=..., max_keepalive_connections=...))"
        )
    if named is not None and transport is not None:
        raise ConfigurationError(
            f"{named} sets the SDK's own connection pool and cannot be combined with "
            "transport, which manages its own connections"
        )
    connections = max_connections or DEFAULT_MAX_CONNECTIONS
    keepalive = max_keepalive_connections or min(DEFAULT_MAX_KEEPALIVE_CONNECTIONS, connections)
    if keepalive > connections:
        raise ConfigurationError(
            f"max_keepalive_connections ({keepalive}) must not be larger than max_connections "
            f"({connections}): a pool keeps at most the connections it may open"
        )
    return httpx.Limits(max_connections=connections, max_keepalive_connections=keepalive)


def _options(
    *,
    timeout: TimeoutArg,
    max_retries: int | None,
    raise_for_status: bool,
    retry_policy: RetryPolicy | None,
    max_response_bytes: int,
) -> ClientOptions:
    return ClientOptions(
        timeout=check_timeout(timeout),
        retry_policy=_retry_policy(retry_policy, max_retries),
        raise_for_status=bool(raise_for_status),
        max_response_bytes=_max_response_bytes(max_response_bytes),
    )


def changed_options(
    options: ClientOptions,
    *,
    timeout: TimeoutArg | NotGiven,
    max_retries: int | NotGiven,
    deadline: float | NotGiven | None,
    raise_for_status: bool | NotGiven,
) -> ClientOptions:
    policy = options.retry_policy
    if not isinstance(max_retries, NotGiven):
        policy = _retry_policy(policy, max_retries)
    if not isinstance(deadline, NotGiven):
        _retry_policy(None, policy.max_retries, deadline)  # validates
        policy = policy.replace(deadline=deadline)
    return ClientOptions(
        timeout=options.timeout if isinstance(timeout, NotGiven) else check_timeout(timeout),
        retry_policy=policy,
        raise_for_status=(
            options.raise_for_status
            if isinstance(raise_for_status, NotGiven)
            else bool(raise_for_status)
        ),
        max_response_bytes=options.max_response_bytes,
    )


def _token_state(
    login: str | None, key: Hidden, token: Hidden, organization: str | None
) -> TokenState:
    # The secrets are read inline from their wrappers, never bound to a local variable.
    if not token.value and not (login and key.value):
        raise ConfigurationError(
            "give login and key, or a token (bots started by the BotCity Runner)"
        )
    if login is not None and (not isinstance(login, str) or text_problem(login)):
        raise ConfigurationError(f"login {_shown(login)} must be text that UTF-8 can encode")
    for name, secret in (("key", key), ("token", token)):
        if secret.value is not None and not isinstance(secret.value, str):
            raise ConfigurationError(
                f"{name} must be a string, not {type(secret.value).__name__} (value not shown)"
            )
    if isinstance(key.value, str) and text_problem(key.value):
        raise ConfigurationError("key must be text that UTF-8 can encode (value not shown)")
    # Both travel as header values: a line break would end the header early, and httpx
    # refuses non-ASCII text with a bare UnicodeEncodeError at the first request.
    if isinstance(token.value, str) and (problem := header_value_problem(token.value)):
        raise ConfigurationError(f"token {problem}: it cannot be sent as a header (not shown)")
    if isinstance(organization, str) and (problem := header_value_problem(organization)):
        raise ConfigurationError(
            f"organization {organization!r} {problem}: it cannot be sent as a header"
        )
    return TokenState(
        login=login or None,
        key=key.value or None,  # type: ignore[arg-type]  # checked above: str or None
        token=token.value or None,  # type: ignore[arg-type]
        organization=organization or None,
    )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def prepare(
    login: str | None,
    key: Hidden,
    base_url: str,
    token: Hidden,
    organization: str | None,
    timeout: TimeoutArg,
    max_retries: int | None,
    raise_for_status: bool,
    retry_policy: RetryPolicy | None,
    http_client: object | None,
    transport: object | None,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    *,
    max_connections: int | None = None,
    max_keepalive_connections: int | None = None,
    http_client_class: type[httpx.Client] | type[httpx.AsyncClient] = httpx.Client,
) -> tuple[str, TokenState, ClientOptions, httpx.Limits]:
    """Check every constructor argument both clients share; nothing is built on failure."""
    url = _check_base_url(base_url)
    options = _options(
        timeout=timeout,
        max_retries=max_retries,
        raise_for_status=raise_for_status,
        retry_policy=retry_policy,
        max_response_bytes=max_response_bytes,
    )
    auth = _token_state(login, key, token, organization)
    if http_client is not None and transport is not None:
        raise ConfigurationError("give http_client or transport, not both")
    _check_http_client(http_client, http_client_class)
    limits = pool_limits(
        max_connections, max_keepalive_connections, http_client=http_client, transport=transport
    )
    return url, auth, options, limits


def _environment(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    # Looked up at each read, never kept in a variable: os.environ's repr shows MAESTRO_KEY.
    return os.environ if environ is None else environ


def settings_from_env(environ: Mapping[str, str] | None) -> dict[str, Any]:
    def number(name: str, kind: type[int] | type[float]) -> Any:
        text = _environment(environ).get(name, "").strip()
        if not text:
            return None
        try:
            return kind(text)
        except ValueError:
            raise ConfigurationError(f"{name} must be a number, got {text!r}") from None

    settings = _Settings(
        login=_environment(environ).get("MAESTRO_LOGIN") or None,
        key=_environment(environ).get("MAESTRO_KEY") or None,
        token=_environment(environ).get("MAESTRO_TOKEN") or None,
        organization=_environment(environ).get("MAESTRO_ORGANIZATION") or None,
    )
    server = _environment(environ).get("MAESTRO_SERVER", "").strip()
    if server:  # else the constructor's default, BotCity's cloud
        settings["base_url"] = server
    if not settings["token"] and not (settings["login"] and settings["key"]):
        raise ConfigurationError("set MAESTRO_LOGIN and MAESTRO_KEY (or MAESTRO_TOKEN)")
    timeout = number("MAESTRO_TIMEOUT", float)
    if timeout is not None:
        settings["timeout"] = timeout
    max_retries = number("MAESTRO_MAX_RETRIES", int)
    if max_retries is not None:
        settings["max_retries"] = max_retries
    return settings


def settings_from_argv(argv: Sequence[str] | None) -> tuple[dict[str, Any], str]:
    args = list(sys.argv if argv is None else argv)
    if len(args) < 4:
        # Never echo the arguments: the third one is a token.
        raise ConfigurationError(
            "expected the BotCity Runner's command line: <bot> <server> <task_id> <token> "
            f"[<organization>], got {max(0, len(args) - 1)} argument(s)"
        )
    organization = args[4] if len(args) > 4 and args[4] else None
    return _Settings(base_url=args[1], token=args[3], organization=organization), args[2]
