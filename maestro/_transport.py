"""The transports: authentication, retries, sending, parsing. Shared by every resource.

``_TransportCore`` holds everything that does no I/O (URLs, headers, timeouts, parsing, error
mapping); ``SyncTransport`` and ``AsyncTransport`` add only the I/O and the locks, so the two
stay line-for-line comparable. Resources never see a transport's internals: they hand it a
``Call``, a ``Flow`` or a ``Stream`` and get back a response, a result or an iterator.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import tenacity
from pydantic import ValidationError

from maestro._auth import TokenState
from maestro._call import Call, Emit, Flow, Sleep, Step, Stream, field_errors, json_body
from maestro._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    MaestroClientError,
    RequestValidationError,
    ResponseValidationError,
)
from maestro._response import MaestroResponse
from maestro._retry import RetryExchange, RetryPolicy
from maestro._version import __version__
from maestro.models.server import LoginRequest, LoginResponse

__all__ = ["AsyncTransport", "ClientOptions", "SyncTransport"]

logger = logging.getLogger("maestro")

T = TypeVar("T")
R = TypeVar("R")

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


class _TransportCore:
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


def _not_a_step(step: object) -> TypeError:
    return TypeError(f"a flow yielded {type(step).__name__}, expected a Call or a Sleep")


class SyncTransport(_TransportCore):
    """Runs calls, flows and streams on an ``httpx.Client``."""

    def __init__(
        self, http: httpx.Client, *, base_url: str, auth: TokenState, options: ClientOptions
    ) -> None:
        super().__init__(base_url=base_url, auth=auth, options=options)
        self.http = http

    def with_options(self, options: ClientOptions) -> SyncTransport:
        """A transport sharing this one's connection pool and token cache."""
        return SyncTransport(self.http, base_url=self.base_url, auth=self.auth, options=options)

    @staticmethod
    def sleep(seconds: float) -> None:
        """Wait between retries and polls (patched by tests)."""
        time.sleep(seconds)

    # -- one call -------------------------------------------------------------------------

    def execute(self, call: Call[T]) -> MaestroResponse[T]:
        """Send ``call``: log in if needed, retry by policy, renew the token once on a 401."""
        if call.authenticated and self.auth.needs_login():
            self._login_once(stale_generation=None)
        generation = self.auth.generation
        raw, exchange = self._send(call)
        if self.should_replay(call, raw, exchange):
            self._login_once(stale_generation=generation)
            raw, exchange = self._send(call)
        return self.finish(call, raw, exchange)

    def authenticate(self) -> MaestroResponse[LoginResponse]:
        """Log in now, whatever the cache holds."""
        with self.auth.lock:
            return self._login(raise_for_status=None)

    def _login_once(self, *, stale_generation: int | None) -> None:
        with self.auth.lock:
            if stale_generation is None and not self.auth.needs_login():
                return  # another thread logged in while this one waited
            if stale_generation is not None and self.auth.generation != stale_generation:
                return  # the token that failed was already replaced
            self._login(raise_for_status=True)

    def _login(self, *, raise_for_status: bool | None) -> MaestroResponse[LoginResponse]:
        call = self.login_call()
        raw, exchange = self._send(call)
        response = self.finish(call, raw, exchange, raise_for_status=False)
        if response.ok:
            self.auth.store(response.parsed.access_token, response.parsed.organization_label)
            logger.debug(
                "logged in as %r (organization %r)", self.auth.login, self.auth.organization
            )
        elif raise_for_status or (raise_for_status is None and self.options.raise_for_status):
            raise self.login_failed(response)
        return response

    def _send(self, call: Call[Any]) -> tuple[httpx.Response, RetryExchange]:
        url = self.url_for(call.path)
        exchange = self.exchange_for(call, url)
        retrying = tenacity.Retrying(**exchange.tenacity_options(self.sleep))
        try:
            raw: httpx.Response = retrying(self._attempt, call, url, exchange)
        except httpx.HTTPError as exc:
            raise self.connection_error(exc, call, url, exchange) from exc
        if call.download is not None and raw.is_success:
            self._stream_download(call, raw, url, exchange)
        return raw, exchange

    def _attempt(self, call: Call[Any], url: str, exchange: RetryExchange) -> httpx.Response:
        exchange.attempts += 1
        headers = self.request_headers(call)
        with contextlib.ExitStack() as stack:
            files = {
                name: stack.enter_context(part.opened())
                for name, part in (call.files or {}).items()
            }
            request = self.build_request(self.http, call, url, headers, exchange, files or None)
            started = time.perf_counter()
            raw = self.http.send(request, stream=call.download is not None)
            if call.download is not None and not raw.is_success:
                raw.read()  # error bodies are small; only a 2xx body is streamed to the target
        self.log_attempt(request, raw, started)
        return raw

    def _stream_download(
        self, call: Call[Any], raw: httpx.Response, url: str, exchange: RetryExchange
    ) -> None:
        assert call.download is not None
        total = _content_length(raw)
        try:
            with call.download.writer(total) as write:
                for chunk in raw.iter_bytes():
                    write(chunk)
        except httpx.HTTPError as exc:
            raise self.connection_error(exc, call, url, exchange) from exc
        finally:
            raw.close()

    # -- flows and streams ----------------------------------------------------------------

    def _run_step(self, step: Step) -> Any:
        if isinstance(step, Call):
            return self.execute(step)
        if isinstance(step, Sleep):
            self.sleep(step.seconds)
            return None
        raise _not_a_step(step)

    def run_flow(self, flow: Flow[R], operation: str) -> R:
        """Drive a multi-request operation to its result."""
        try:
            step = next(flow)
            while True:
                try:
                    result = self._run_step(step)
                except Exception as exc:
                    step = flow.throw(exc)
                else:
                    step = flow.send(result)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        except RequestValidationError as exc:
            exc.operation = exc.operation or operation
            raise

    def iterate(self, stream: Stream[T], operation: str) -> Iterator[T]:
        """Drive an iterator operation lazily: one request per page, as items are consumed."""
        try:
            step = next(stream)
            while True:
                if isinstance(step, Emit):
                    yield step.item
                    step = next(stream)
                    continue
                try:
                    result = self._run_step(step)
                except Exception as exc:
                    step = stream.throw(exc)
                else:
                    step = stream.send(result)
        except StopIteration:
            return
        except RequestValidationError as exc:
            exc.operation = exc.operation or operation
            raise
        finally:
            stream.close()


class AsyncTransport(_TransportCore):
    """Runs calls, flows and streams on an ``httpx.AsyncClient``."""

    def __init__(
        self, http: httpx.AsyncClient, *, base_url: str, auth: TokenState, options: ClientOptions
    ) -> None:
        super().__init__(base_url=base_url, auth=auth, options=options)
        self.http = http

    def with_options(self, options: ClientOptions) -> AsyncTransport:
        """A transport sharing this one's connection pool and token cache."""
        return AsyncTransport(self.http, base_url=self.base_url, auth=self.auth, options=options)

    @staticmethod
    async def sleep(seconds: float) -> None:
        """Wait between retries and polls (patched by tests)."""
        await asyncio.sleep(seconds)

    # -- one call -------------------------------------------------------------------------

    async def execute(self, call: Call[T]) -> MaestroResponse[T]:
        """Send ``call``: log in if needed, retry by policy, renew the token once on a 401."""
        if call.authenticated and self.auth.needs_login():
            await self._login_once(stale_generation=None)
        generation = self.auth.generation
        raw, exchange = await self._send(call)
        if self.should_replay(call, raw, exchange):
            await self._login_once(stale_generation=generation)
            raw, exchange = await self._send(call)
        return self.finish(call, raw, exchange)

    async def authenticate(self) -> MaestroResponse[LoginResponse]:
        """Log in now, whatever the cache holds."""
        async with self.auth.async_lock():
            return await self._login(raise_for_status=None)

    async def _login_once(self, *, stale_generation: int | None) -> None:
        async with self.auth.async_lock():
            if stale_generation is None and not self.auth.needs_login():
                return  # another task logged in while this one waited
            if stale_generation is not None and self.auth.generation != stale_generation:
                return  # the token that failed was already replaced
            await self._login(raise_for_status=True)

    async def _login(self, *, raise_for_status: bool | None) -> MaestroResponse[LoginResponse]:
        call = self.login_call()
        raw, exchange = await self._send(call)
        response = self.finish(call, raw, exchange, raise_for_status=False)
        if response.ok:
            self.auth.store(response.parsed.access_token, response.parsed.organization_label)
            logger.debug(
                "logged in as %r (organization %r)", self.auth.login, self.auth.organization
            )
        elif raise_for_status or (raise_for_status is None and self.options.raise_for_status):
            raise self.login_failed(response)
        return response

    async def _send(self, call: Call[Any]) -> tuple[httpx.Response, RetryExchange]:
        url = self.url_for(call.path)
        exchange = self.exchange_for(call, url)
        retrying = tenacity.AsyncRetrying(**exchange.tenacity_options(self.sleep))
        try:
            raw: httpx.Response = await retrying(self._attempt, call, url, exchange)
        except httpx.HTTPError as exc:
            raise self.connection_error(exc, call, url, exchange) from exc
        if call.download is not None and raw.is_success:
            await self._stream_download(call, raw, url, exchange)
        return raw, exchange

    async def _attempt(self, call: Call[Any], url: str, exchange: RetryExchange) -> httpx.Response:
        exchange.attempts += 1
        headers = self.request_headers(call)
        with contextlib.ExitStack() as stack:
            files = {
                name: stack.enter_context(part.opened())
                for name, part in (call.files or {}).items()
            }
            request = self.build_request(self.http, call, url, headers, exchange, files or None)
            started = time.perf_counter()
            raw = await self.http.send(request, stream=call.download is not None)
            if call.download is not None and not raw.is_success:
                await raw.aread()  # error bodies are small; only a 2xx body is streamed
        self.log_attempt(request, raw, started)
        return raw

    async def _stream_download(
        self, call: Call[Any], raw: httpx.Response, url: str, exchange: RetryExchange
    ) -> None:
        assert call.download is not None
        total = _content_length(raw)
        try:
            with call.download.writer(total) as write:
                async for chunk in raw.aiter_bytes():
                    write(chunk)
        except httpx.HTTPError as exc:
            raise self.connection_error(exc, call, url, exchange) from exc
        finally:
            await raw.aclose()

    # -- flows and streams ----------------------------------------------------------------

    async def _run_step(self, step: Step) -> Any:
        if isinstance(step, Call):
            return await self.execute(step)
        if isinstance(step, Sleep):
            await self.sleep(step.seconds)
            return None
        raise _not_a_step(step)

    async def run_flow(self, flow: Flow[R], operation: str) -> R:
        """Drive a multi-request operation to its result."""
        try:
            step = next(flow)
            while True:
                try:
                    result = await self._run_step(step)
                except Exception as exc:
                    step = flow.throw(exc)
                else:
                    step = flow.send(result)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        except RequestValidationError as exc:
            exc.operation = exc.operation or operation
            raise

    async def iterate(self, stream: Stream[T], operation: str) -> AsyncIterator[T]:
        """Drive an iterator operation lazily: one request per page, as items are consumed."""
        try:
            step = next(stream)
            while True:
                if isinstance(step, Emit):
                    yield step.item
                    step = next(stream)
                    continue
                try:
                    result = await self._run_step(step)
                except Exception as exc:
                    step = stream.throw(exc)
                else:
                    step = stream.send(result)
        except StopIteration:
            return
        except RequestValidationError as exc:
            exc.operation = exc.operation or operation
            raise
        finally:
            stream.close()


def _content_length(raw: httpx.Response) -> int | None:
    value = raw.headers.get("content-length")
    return int(value) if value and value.isdigit() else None
