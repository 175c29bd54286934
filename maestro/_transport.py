"""The transports: authentication, retries, sending. Shared by every resource.

``TransportCore`` (``maestro/_transport_core.py``) holds everything that does no I/O: URLs,
headers, timeouts, parsing, error mapping. ``SyncTransport`` and ``AsyncTransport`` add only
the I/O and the locks, so the two stay line-for-line comparable. Resources never see a
transport's internals: they hand it a ``Call``, a ``Flow`` or a ``Stream`` and get back a
response, a result or an iterator.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

import httpx
import tenacity

from maestro._auth import TokenState
from maestro._call import Call, Emit, Flow, Sleep, Step, Stream
from maestro._exceptions import RequestValidationError
from maestro._response import MaestroResponse
from maestro._retry import RetryExchange
from maestro._transport_core import (
    ClientOptions,
    Hop,
    TransportCore,
    content_length,
    release_stream,
)
from maestro.models.server import LoginResponse

__all__ = ["AsyncTransport", "ClientOptions", "SyncTransport"]

T = TypeVar("T")
R = TypeVar("R")


def _not_a_step(step: object) -> TypeError:
    return TypeError(f"a flow yielded {type(step).__name__}, expected a Call or a Sleep")


class SyncTransport(TransportCore):
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
        """Send ``call``: log in if needed, retry by policy, renew the token once on a 401.

        The deadline, when there is one, covers all of it: login, renewal and replay.
        """
        return self._execute(call, self.deadline_at())

    def _execute(self, call: Call[T], deadline_at: float | None) -> MaestroResponse[T]:
        if call.authenticated and self.auth.needs_login():
            self._login_once(stale_generation=None, deadline_at=deadline_at)
        generation = self.auth.generation
        raw, exchange = self._send(call, deadline_at)
        if self.should_replay(call, raw, exchange):
            self._login_once(stale_generation=generation, deadline_at=deadline_at)
            raw, exchange = self._send(call, deadline_at)
        return self.finish(call, raw, exchange)

    def authenticate(self) -> MaestroResponse[LoginResponse]:
        """Log in now, whatever the cache holds."""
        with self.auth.lock:
            return self._login(raise_for_status=None, deadline_at=self.deadline_at())

    def _login_once(self, *, stale_generation: int | None, deadline_at: float | None) -> None:
        # Another thread may be logging in: wait for it only as long as this call's deadline.
        wait = self.login_wait(deadline_at)
        if not self.auth.lock.acquire(timeout=-1 if wait is None else wait):
            raise self.login_wait_timed_out()
        try:
            if stale_generation is None and not self.auth.needs_login():
                return  # another thread logged in while this one waited
            if stale_generation is not None and self.auth.generation != stale_generation:
                return  # the token that failed was already replaced
            self._login(raise_for_status=True, deadline_at=deadline_at)
        finally:
            self.auth.lock.release()

    def _login(
        self, *, raise_for_status: bool | None, deadline_at: float | None
    ) -> MaestroResponse[LoginResponse]:
        call = self.login_call()
        raw, exchange = self._send(call, deadline_at)
        return self.finish_login(call, raw, exchange, raise_for_status=raise_for_status)

    def _send(
        self, call: Call[Any], deadline_at: float | None
    ) -> tuple[httpx.Response, RetryExchange]:
        url = self.url_for(call.path)
        exchange = self.exchange_for(call, url, deadline_at)
        try:
            raw = self._attempts(call, url, exchange)
        except httpx.HTTPError as exc:
            raise self.connection_error(exc, call, url, exchange) from exc
        if call.download is not None and raw.is_success:
            self._stream_download(call, raw, url, exchange)
        return raw, exchange

    def _attempts(self, call: Call[Any], url: str, exchange: RetryExchange) -> httpx.Response:
        """The first attempt; tenacity's loop only once an outcome is worth retrying."""
        try:
            raw = self._attempt(call, url, exchange)
        except Exception as exc:
            if not exchange.may_retry(exc):
                raise
            first: httpx.Response | Exception = exc
        else:
            if not exchange.may_retry(raw):
                return raw
            first = raw
        retrying = tenacity.Retrying(**exchange.tenacity_options(self.sleep))
        resumed = exchange.resume(first, self._attempt)
        return retrying(resumed, call, url, exchange)

    def _attempt(self, call: Call[Any], url: str, exchange: RetryExchange) -> httpx.Response:
        exchange.attempts += 1
        hop: Hop | None = self.first_hop(call, url)
        redirects = 0
        while hop is not None:
            raw = self._send_hop(call, hop, exchange)
            try:
                hop = self.next_hop(call, raw, hop, redirects)
            except BaseException:
                raw.close()
                raise
            if hop is not None:
                raw.close()
                redirects += 1
        if call.download is None or not raw.is_success:
            self._read_body(raw, exchange)  # only a 2xx download is streamed, to its target
        return raw

    def _send_hop(self, call: Call[Any], hop: Hop, exchange: RetryExchange) -> httpx.Response:
        headers = self.request_headers(call)
        with self.opened_files(call, hop) as files:
            request = self.build_request(self.http, call, hop, headers, exchange, files)
            started = time.perf_counter()
            # Redirects are never followed by httpx, whatever the client was built with.
            raw = self.http.send(request, stream=True, follow_redirects=False)
        self.log_attempt(request, raw, started)
        return raw

    def _read_body(self, raw: httpx.Response, exchange: RetryExchange) -> None:
        try:
            buffer = self.body_buffer(raw)
            for chunk in raw.iter_bytes():
                buffer.add(chunk)
                self.check_reading_time(exchange)
            buffer.store(raw)
        finally:
            raw.close()
        release_stream(raw)

    def _stream_download(
        self, call: Call[Any], raw: httpx.Response, url: str, exchange: RetryExchange
    ) -> None:
        assert call.download is not None
        total = content_length(raw)
        try:
            with call.download.writer(total) as write:
                for chunk in raw.iter_bytes():
                    write(chunk)
                    self.check_reading_time(exchange)
        except httpx.HTTPError as exc:
            raise self.connection_error(exc, call, url, exchange) from exc
        finally:
            raw.close()

    # -- flows and streams ----------------------------------------------------------------

    def _run_step(
        self, step: Step, deadline_at: float | None, operation: str, previous: Call[Any] | None
    ) -> Any:
        if isinstance(step, Call):
            return self._execute(step, deadline_at)
        if isinstance(step, Sleep):
            pause = self.pause_within(step.seconds, deadline_at)
            self.sleep(pause.seconds)
            if pause.cut:
                raise self.deadline_ran_out_between_requests(operation, previous)
            return None
        raise _not_a_step(step)

    def run_flow(self, flow: Flow[R], operation: str) -> R:
        """Drive a multi-request operation to its result.

        The deadline, when there is one, covers the whole operation: every request and every
        wait between them share the budget counted from the start.
        """
        deadline_at = self.deadline_at()
        previous: Call[Any] | None = None  # the last request sent, named if a wait runs out
        try:
            step = next(flow)
            while True:
                previous = step if isinstance(step, Call) else previous
                try:
                    result = self._run_step(step, deadline_at, operation, previous)
                except Exception as exc:
                    step = flow.throw(exc)
                else:
                    step = flow.send(result)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        except RequestValidationError as exc:
            exc.operation = exc.operation or operation
            raise
        finally:
            # Left by an error, a cancellation or Ctrl-C: run the flow's own cleanup now.
            flow.close()

    def iterate(self, stream: Stream[T], operation: str) -> Iterator[T]:
        """Drive an iterator operation lazily: one request per page, as items are consumed.

        Each page's request is a call of its own with its own deadline: the time between
        pages is the consumer's.
        """
        previous: Call[Any] | None = None
        try:
            step = next(stream)
            while True:
                if isinstance(step, Emit):
                    yield step.item
                    step = next(stream)
                    continue
                previous = step if isinstance(step, Call) else previous
                try:
                    result = self._run_step(step, self.deadline_at(), operation, previous)
                except Exception as exc:
                    step = stream.throw(exc)
                else:
                    step = stream.send(result)
                    # The walker drops each page before it asks for the next; holding the
                    # answer here too would keep two pages alive while the next one arrives.
                    del result
        except StopIteration:
            return
        except RequestValidationError as exc:
            exc.operation = exc.operation or operation
            raise
        finally:
            stream.close()


class AsyncTransport(TransportCore):
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
        import asyncio  # where used, so that a sync bot never loads it

        await asyncio.sleep(seconds)

    # -- one call -------------------------------------------------------------------------

    async def execute(self, call: Call[T]) -> MaestroResponse[T]:
        """Send ``call``: log in if needed, retry by policy, renew the token once on a 401.

        The deadline, when there is one, covers all of it: login, renewal and replay.
        """
        return await self._execute(call, self.deadline_at())

    async def _execute(self, call: Call[T], deadline_at: float | None) -> MaestroResponse[T]:
        if call.authenticated and self.auth.needs_login():
            await self._login_once(stale_generation=None, deadline_at=deadline_at)
        generation = self.auth.generation
        raw, exchange = await self._send(call, deadline_at)
        if self.should_replay(call, raw, exchange):
            await self._login_once(stale_generation=generation, deadline_at=deadline_at)
            raw, exchange = await self._send(call, deadline_at)
        return self.finish(call, raw, exchange)

    async def authenticate(self) -> MaestroResponse[LoginResponse]:
        """Log in now, whatever the cache holds."""
        async with self.auth.async_lock():
            return await self._login(raise_for_status=None, deadline_at=self.deadline_at())

    async def _login_once(self, *, stale_generation: int | None, deadline_at: float | None) -> None:
        # Another task may be logging in: wait for it only as long as this call's deadline.
        import asyncio  # where used, so that a sync bot never loads it

        lock = self.auth.async_lock()
        wait = self.login_wait(deadline_at)
        if wait is None:
            await lock.acquire()
        else:
            try:
                await asyncio.wait_for(lock.acquire(), wait)
            except asyncio.TimeoutError:
                raise self.login_wait_timed_out() from None
        try:
            if stale_generation is None and not self.auth.needs_login():
                return  # another task logged in while this one waited
            if stale_generation is not None and self.auth.generation != stale_generation:
                return  # the token that failed was already replaced
            await self._login(raise_for_status=True, deadline_at=deadline_at)
        finally:
            lock.release()

    async def _login(
        self, *, raise_for_status: bool | None, deadline_at: float | None
    ) -> MaestroResponse[LoginResponse]:
        call = self.login_call()
        raw, exchange = await self._send(call, deadline_at)
        return self.finish_login(call, raw, exchange, raise_for_status=raise_for_status)

    async def _send(
        self, call: Call[Any], deadline_at: float | None
    ) -> tuple[httpx.Response, RetryExchange]:
        url = self.url_for(call.path)
        exchange = self.exchange_for(call, url, deadline_at)
        try:
            raw = await self._attempts(call, url, exchange)
        except httpx.HTTPError as exc:
            raise self.connection_error(exc, call, url, exchange) from exc
        if call.download is not None and raw.is_success:
            await self._stream_download(call, raw, url, exchange)
        return raw, exchange

    async def _attempts(self, call: Call[Any], url: str, exchange: RetryExchange) -> httpx.Response:
        """The first attempt; tenacity's loop only once an outcome is worth retrying."""
        try:
            raw = await self._attempt(call, url, exchange)
        except Exception as exc:
            if not exchange.may_retry(exc):
                raise
            first: httpx.Response | Exception = exc
        else:
            if not exchange.may_retry(raw):
                return raw
            first = raw
        retrying = tenacity.AsyncRetrying(**exchange.tenacity_options(self.sleep))
        resumed = exchange.resume_async(first, self._attempt)
        return await retrying(resumed, call, url, exchange)

    async def _attempt(self, call: Call[Any], url: str, exchange: RetryExchange) -> httpx.Response:
        exchange.attempts += 1
        hop: Hop | None = self.first_hop(call, url)
        redirects = 0
        while hop is not None:
            raw = await self._send_hop(call, hop, exchange)
            try:
                hop = self.next_hop(call, raw, hop, redirects)
            except BaseException:
                await raw.aclose()
                raise
            if hop is not None:
                await raw.aclose()
                redirects += 1
        if call.download is None or not raw.is_success:
            await self._read_body(raw, exchange)  # only a 2xx download is streamed, to its target
        return raw

    async def _send_hop(self, call: Call[Any], hop: Hop, exchange: RetryExchange) -> httpx.Response:
        headers = self.request_headers(call)
        with self.opened_files(call, hop) as files:
            request = self.build_request(self.http, call, hop, headers, exchange, files)
            started = time.perf_counter()
            # Redirects are never followed by httpx, whatever the client was built with.
            raw = await self.http.send(request, stream=True, follow_redirects=False)
        self.log_attempt(request, raw, started)
        return raw

    async def _read_body(self, raw: httpx.Response, exchange: RetryExchange) -> None:
        try:
            buffer = self.body_buffer(raw)
            async for chunk in raw.aiter_bytes():
                buffer.add(chunk)
                self.check_reading_time(exchange)
            buffer.store(raw)
        finally:
            await raw.aclose()
        release_stream(raw)

    async def _stream_download(
        self, call: Call[Any], raw: httpx.Response, url: str, exchange: RetryExchange
    ) -> None:
        assert call.download is not None
        total = content_length(raw)
        try:
            with call.download.writer(total) as write:
                async for chunk in raw.aiter_bytes():
                    write(chunk)
                    self.check_reading_time(exchange)
        except httpx.HTTPError as exc:
            raise self.connection_error(exc, call, url, exchange) from exc
        finally:
            await raw.aclose()

    # -- flows and streams ----------------------------------------------------------------

    async def _run_step(
        self, step: Step, deadline_at: float | None, operation: str, previous: Call[Any] | None
    ) -> Any:
        if isinstance(step, Call):
            return await self._execute(step, deadline_at)
        if isinstance(step, Sleep):
            pause = self.pause_within(step.seconds, deadline_at)
            await self.sleep(pause.seconds)
            if pause.cut:
                raise self.deadline_ran_out_between_requests(operation, previous)
            return None
        raise _not_a_step(step)

    async def run_flow(self, flow: Flow[R], operation: str) -> R:
        """Drive a multi-request operation to its result.

        The deadline, when there is one, covers the whole operation: every request and every
        wait between them share the budget counted from the start.
        """
        deadline_at = self.deadline_at()
        previous: Call[Any] | None = None  # the last request sent, named if a wait runs out
        try:
            step = next(flow)
            while True:
                previous = step if isinstance(step, Call) else previous
                try:
                    result = await self._run_step(step, deadline_at, operation, previous)
                except Exception as exc:
                    step = flow.throw(exc)
                else:
                    step = flow.send(result)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        except RequestValidationError as exc:
            exc.operation = exc.operation or operation
            raise
        finally:
            # Left by an error, a cancellation or Ctrl-C: run the flow's own cleanup now.
            flow.close()

    async def iterate(self, stream: Stream[T], operation: str) -> AsyncIterator[T]:
        """Drive an iterator operation lazily: one request per page, as items are consumed.

        Each page's request is a call of its own with its own deadline: the time between
        pages is the consumer's.
        """
        previous: Call[Any] | None = None
        try:
            step = next(stream)
            while True:
                if isinstance(step, Emit):
                    yield step.item
                    step = next(stream)
                    continue
                previous = step if isinstance(step, Call) else previous
                try:
                    result = await self._run_step(step, self.deadline_at(), operation, previous)
                except Exception as exc:
                    step = stream.throw(exc)
                else:
                    step = stream.send(result)
                    # The walker drops each page before it asks for the next; holding the
                    # answer here too would keep two pages alive while the next one arrives.
                    del result
        except StopIteration:
            return
        except RequestValidationError as exc:
            exc.operation = exc.operation or operation
            raise
        finally:
            stream.close()
