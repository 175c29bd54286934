"""What both transports share and does no I/O: URLs, headers, timeouts, parsing, errors.

``SyncTransport`` and ``AsyncTransport`` (``maestro/_transport.py``) add only the I/O and the
locks on top of ``TransportCore``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from maestro._auth import TokenState
from maestro._call import Call, field_errors, json_body
from maestro._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    MaestroClientError,
    ResponseValidationError,
)
from maestro._response import MaestroResponse
from maestro._retry import RetryExchange, RetryPolicy
from maestro._version import __version__
from maestro.models.server import LoginRequest, LoginResponse

__all__ = ["LOGIN_PATH", "USER_AGENT", "ClientOptions", "TransportCore", "content_length"]

logger = logging.getLogger("maestro")

T = TypeVar("T")

LOGIN_PATH = "/api/v2/workspace/login"
USER_AGENT = f"botcity-maestro-client/{__version__} python-httpx/{httpx.__version__}"

_TOKEN_ONLY_401 = (
    "the access token was rejected (it expired or was revoked) and cannot be renewed "
    "without login and key; start the client with login and key to renew tokens"
)


@dataclass(frozen=True)
class ClientOptions:
    """Per-client settings that ``with_options`` may change for a copy."""

    timeout: httpx.Timeout
    retry_policy: RetryPolicy
    raise_for_status: bool


class TransportCore:
    """Everything the two transports share that does no I/O."""

    def __init__(self, *, base_url: str, auth: TokenState, options: ClientOptions) -> None:
        self.base_url = base_url
        self.auth = auth
        self.options = options

    # -- requests -------------------------------------------------------------------------

    def url_for(self, path: str) -> str:
        """The absolute URL of an API path."""
        return self.base_url + path

    def login_call(self) -> Call[LoginResponse]:
        """``POST /api/v2/workspace/login`` with the configured login and key."""
        if not self.auth.can_login:
            raise ConfigurationError(
                "cannot log in: the client needs both login and key (token-only clients "
                "cannot renew their token)"
            )
        body = LoginRequest(login=self.auth.login or "", key=self.auth.key or "")
        return Call(
            "POST",
            LOGIN_PATH,
            json_body(LoginResponse),
            json=body.to_wire(),
            idempotent=True,  # logging in twice is harmless
            authenticated=False,
        )

    def request_headers(self, call: Call[Any]) -> dict[str, str]:
        """Default, authentication and per-call headers, in that order of precedence."""
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if call.authenticated:
            headers.update(self.auth.headers())
        if call.headers:
            headers.update(call.headers)
        return headers

    def timeout_for(self, call: Call[Any], exchange: RetryExchange) -> httpx.Timeout:
        """The call's timeout, shortened to what is left of the deadline."""
        timeout = call.timeout if call.timeout is not None else self.options.timeout
        if not isinstance(timeout, httpx.Timeout):
            timeout = httpx.Timeout(timeout)
        remaining = exchange.remaining()
        if remaining is None:
            return timeout
        if remaining <= 0:
            raise httpx.TimeoutException("the deadline ran out before the request was sent")

        def clamp(value: float | None) -> float:
            return remaining if value is None else min(value, remaining)

        return httpx.Timeout(
            connect=clamp(timeout.connect),
            read=clamp(timeout.read),
            write=clamp(timeout.write),
            pool=clamp(timeout.pool),
        )

    def build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        call: Call[Any],
        url: str,
        headers: dict[str, str],
        exchange: RetryExchange,
        files: dict[str, Any] | None,
    ) -> httpx.Request:
        """The httpx request of one attempt."""
        return http.build_request(
            call.method,
            url,
            params=call.params,
            json=call.json() if callable(call.json) else call.json,
            content=call.content,
            files=files if files is not None else call.raw_files,
            headers=headers,
            timeout=self.timeout_for(call, exchange),
        )

    def exchange_for(self, call: Call[Any], url: str) -> RetryExchange:
        """Retry bookkeeping for one call; uploads that cannot be replayed are sent once."""
        replayable = all(part.replayable for part in (call.files or {}).values())
        return self.options.retry_policy.exchange(
            method=call.method, url=url, idempotent=call.is_idempotent and replayable
        )

    # -- responses ------------------------------------------------------------------------

    def redact(self, text: str, call: Call[Any]) -> str:
        """``text`` without the key, tokens or the call's secret values."""
        return self.auth.redact(text, call.secrets)

    def should_replay(self, call: Call[Any], raw: httpx.Response, exchange: RetryExchange) -> bool:
        """Whether a 401 calls for one login and one replay; raises when it cannot be renewed."""
        if raw.status_code != 401 or not call.authenticated:
            return False
        if not self.auth.can_login:
            response: MaestroResponse[Any] = MaestroResponse(
                raw, retries=exchange.retries, redact=lambda text: self.redact(text, call)
            )
            raise AuthenticationError(_TOKEN_ONLY_401, response=response)
        return True

    def finish(
        self,
        call: Call[T],
        raw: httpx.Response,
        exchange: RetryExchange,
        *,
        raise_for_status: bool | None = None,
    ) -> MaestroResponse[T]:
        """Parse a final response, or raise its status error."""
        redact = self._redactor(call)
        if not raw.is_success:
            response: MaestroResponse[T] = MaestroResponse(
                raw, retries=exchange.retries, redact=redact
            )
            should_raise = (
                self.options.raise_for_status if raise_for_status is None else raise_for_status
            )
            if should_raise:
                raise response.status_error()
            return response
        data: Any = call.download.path if call.download is not None else _UNSET_DATA
        try:
            parsed = call.parse(raw)
        except ValidationError as exc:
            errors = field_errors(exc, secret_fields=frozenset(call.secrets))
            failed: MaestroResponse[T] = MaestroResponse(
                raw, retries=exchange.retries, redact=redact
            )
            details = "; ".join(str(error) for error in errors)
            message = f"{call.method} {call.path}: the response does not fit the model: {details}"
            raise ResponseValidationError(redact(message), failed, errors) from None
        if data is _UNSET_DATA:
            return MaestroResponse(raw, parsed=parsed, retries=exchange.retries, redact=redact)
        return MaestroResponse(
            raw, parsed=parsed, data=data, retries=exchange.retries, redact=redact
        )

    def _redactor(self, call: Call[Any]) -> Any:
        return lambda text: self.redact(text, call)

    def connection_error(
        self, exc: Exception, call: Call[Any], url: str, exchange: RetryExchange
    ) -> APIConnectionError:
        """The SDK error for an httpx transport failure."""
        tries = f" after {exchange.retries} retries" if exchange.retries else ""
        detail = self.redact(str(exc) or type(exc).__name__, call)
        if isinstance(exc, httpx.TimeoutException):
            message = f"{call.method} {url} timed out{tries}: {detail}"
            return APITimeoutError(message, method=call.method, url=url)
        message = f"{call.method} {url} failed{tries}: {type(exc).__name__}: {detail}"
        return APIConnectionError(message, method=call.method, url=url)

    def log_attempt(self, request: httpx.Request, raw: httpx.Response, started: float) -> None:
        """One DEBUG line per request; URLs carry no secrets, bodies are never logged."""
        if logger.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - started) * 1000
            logger.debug(
                "%s %s -> %d (%.1f ms)", request.method, request.url, raw.status_code, elapsed
            )

    def login_failed(self, response: MaestroResponse[Any]) -> MaestroClientError:
        """The error for a failed login: 4xx is an authentication failure, 5xx a server error."""
        if 400 <= response.status_code < 500:
            message = f"login as {self.auth.login!r} failed: {response.server_message()}"
            return AuthenticationError(self.auth.redact(message), response=response)
        return response.status_error()


_UNSET_DATA: Any = object()


def content_length(raw: httpx.Response) -> int | None:
    """The response's ``Content-Length``, or ``None`` when absent or not a number."""
    value = raw.headers.get("content-length")
    return int(value) if value and value.isdigit() else None
