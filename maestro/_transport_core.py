"""What both transports share and does no I/O: URLs, headers, timeouts, parsing, errors.

``SyncTransport`` and ``AsyncTransport`` (``maestro/_transport.py``) add only the I/O and the
locks on top of ``TransportCore``.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import httpx

from maestro._auth import RequestHeaders, TokenState
from maestro._call import Call, json_body
from maestro._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    MaestroClientError,
    RedirectError,
    ResponseTooLargeError,
    ResponseValidationError,
)
from maestro._files import UploadFile
from maestro._response import MaestroResponse
from maestro._retry import RetryExchange, RetryPolicy
from maestro._version import __version__
from maestro.models.server import LoginRequest, LoginResponse

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "LOGIN_PATH",
    "MAX_REDIRECTS",
    "USER_AGENT",
    "BodyBuffer",
    "ClientOptions",
    "Hop",
    "Pause",
    "TransportCore",
    "content_length",
    "release_stream",
]

logger = logging.getLogger("maestro")

T = TypeVar("T")

LOGIN_PATH = "/api/v2/workspace/login"
USER_AGENT = f"botcity-maestro-client/{__version__} python-httpx/{httpx.__version__}"

_TOKEN_ONLY_401 = (
    "the access token was rejected (it expired or was revoked) and cannot be renewed "
    "without login and key; start the client with login and key to renew tokens"
)


DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""The default cap on a response body read into memory (downloads to a file are not capped)."""

MAX_REDIRECTS = 5
"""Same-origin redirects followed for one request before giving up."""

_BODY_DROPPING_REDIRECTS = {301: ("POST",), 302: ("POST",), 303: None}
"""Redirects that turn the request into a body-less GET (as browsers and httpx do).

``None``: every method but HEAD; 307 and 308 keep the method and the body."""


@dataclass(frozen=True)
class ClientOptions:
    """Per-client settings that ``with_options`` may change for a copy."""

    timeout: httpx.Timeout
    retry_policy: RetryPolicy
    raise_for_status: bool
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES


class Hop(NamedTuple):
    """Where one request of a call goes: the call's own URL, or a redirect's target."""

    method: str
    url: str
    params: Any = None
    with_body: bool = True


class Pause(NamedTuple):
    """A wait between the requests of an operation, cut to what is left of its deadline."""

    seconds: float
    cut: bool
    """Whether the deadline runs out during the wait: the operation ends with it."""


class BodyBuffer:
    """Collects a response body chunk by chunk, and stops once it passes the cap."""

    def __init__(self, raw: httpx.Response, limit: int) -> None:
        self._raw = raw
        self._limit = limit
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, chunk: bytes) -> None:
        """Keep one more chunk; raises ``ResponseTooLargeError`` past the cap."""
        self._size += len(chunk)
        if self._size > self._limit:
            self._chunks.clear()
            raise too_large(self._raw, self._limit)
        self._chunks.append(chunk)

    def store(self, raw: httpx.Response) -> None:
        """Hand the body to ``raw`` as if ``raw.read()`` had read it.

        httpx's own ``read()`` reads without a limit; this is what it stores when done.
        """
        raw._content = b"".join(self._chunks)
        self._chunks.clear()


class TransportCore:
    """Everything the two transports share that does no I/O."""

    def __init__(self, *, base_url: str, auth: TokenState, options: ClientOptions) -> None:
        self.base_url = base_url
        self.auth = auth
        self.options = options
        self._origin = _origin(httpx.URL(base_url))
        # The default and authentication headers of the token generation they were made for.
        self._authenticated_headers: tuple[int, RequestHeaders] = (-1, _DEFAULT_HEADERS)

    @staticmethod
    def clock() -> float:
        """Seconds on a monotonic clock, for deadlines (patched by tests)."""
        return time.monotonic()

    # -- requests -------------------------------------------------------------------------

    def url_for(self, path: str) -> str:
        """The absolute URL of an API path."""
        return self.base_url + path

    def deadline_at(self) -> float | None:
        """When a call starting now must be over (on :meth:`clock`), or ``None``."""
        return self.options.retry_policy.deadline_from(self.clock())

    def login_wait(self, deadline_at: float | None) -> float | None:
        """How long a call may wait for another call's login: ``None`` for as long as it takes."""
        return None if deadline_at is None else max(0.0, deadline_at - self.clock())

    def login_wait_timed_out(self) -> APITimeoutError:
        """The error for a call whose deadline ran out while another call was logging in."""
        url = self.url_for(LOGIN_PATH)
        return APITimeoutError(
            f"POST {url} timed out: the deadline ran out while waiting for another call's login",
            method="POST",
            url=url,
        )

    def pause_within(self, seconds: float, deadline_at: float | None) -> Pause:
        """A wait of ``seconds``, cut to what is left before ``deadline_at``."""
        if deadline_at is None:
            return Pause(seconds, cut=False)
        remaining = max(0.0, deadline_at - self.clock())
        if seconds < remaining:
            return Pause(seconds, cut=False)
        return Pause(remaining, cut=True)

    def deadline_ran_out_between_requests(
        self, operation: str, previous: Call[Any] | None
    ) -> APITimeoutError:
        """The error for an operation whose deadline ran out while it waited to send again.

        ``method`` and ``url`` name the last request it sent.
        """
        method, url = (
            ("", "") if previous is None else (previous.method, self.url_for(previous.path))
        )
        return APITimeoutError(
            f"{operation} timed out: the deadline ran out while waiting to send its next request",
            method=method,
            url=url,
        )

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

    def request_headers(self, call: Call[Any]) -> RequestHeaders:
        """Default, authentication and per-call headers, in that order of precedence.

        The result hides its values from ``repr``: tracebacks print the locals holding it.
        """
        headers = self._headers_of_token() if call.authenticated else _DEFAULT_HEADERS
        return headers.merged(call.headers)

    def _headers_of_token(self) -> RequestHeaders:
        # Made once per token: the token and the organization change only with the generation.
        generation, headers = self._authenticated_headers
        if generation != self.auth.generation:
            generation = self.auth.generation
            headers = _DEFAULT_HEADERS.merged(self.auth.headers())
            self._authenticated_headers = (generation, headers)
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

    def check_reading_time(self, exchange: RetryExchange) -> None:
        """Raise once the deadline has run out while an answer's body is still arriving.

        Called after every chunk of a body, so a server trickling its answer cannot hold a
        call past its deadline by more than one read. httpx fixes a request's read timeout
        when the request is sent (:meth:`timeout_for` shortens it to what was left then) and
        offers no way to shorten it read by read; this check bounds the total.
        """
        if exchange.deadline_at is not None and exchange.deadline_at <= self.clock():
            # Not an error the retry policy repeats: no time is left for another attempt.
            raise httpx.TimeoutException("the deadline ran out while reading the answer")

    def opened_files(
        self, call: Call[Any], hop: Hop
    ) -> AbstractContextManager[dict[str, Any] | None]:
        """The call's upload parts, opened for one request; ``None`` when it sends none."""
        if not call.files or not hop.with_body:
            return _NO_FILES
        return _opened(call.files)

    def first_hop(self, call: Call[Any], url: str) -> Hop:
        """The first request of a call: its own method, URL and query."""
        return Hop(call.method, url, call.params)

    def build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        call: Call[Any],
        hop: Hop,
        headers: RequestHeaders,
        exchange: RetryExchange,
        files: dict[str, Any] | None,
    ) -> httpx.Request:
        """The httpx request of one attempt (or of one redirect within it).

        What ``http.build_request`` builds. When the client adds nothing but its headers to a
        request (no cookies, no default query, its own ``build_request``), the request is
        built directly with the headers already merged over the client's: httpx would merge
        them again for every request, which costs as much as all the SDK's own work.
        """
        body = hop.with_body
        request_body: dict[str, Any] = {
            "json": (call.json() if callable(call.json) else call.json) if body else None,
            "content": call.content if body else None,
            "files": (files if files is not None else call.raw_files) if body else None,
        }
        # As httpx stores it from ``timeout=``, without copying the Timeout first.
        extensions = {"timeout": self.timeout_for(call, exchange).as_dict()}
        if _adds_only_headers(http):
            return httpx.Request(
                hop.method,
                hop.url,
                params=hop.params,
                headers=headers.over(http.headers),
                extensions=extensions,
                **request_body,
            )
        return http.build_request(
            hop.method,
            hop.url,
            params=hop.params,
            headers=headers.pairs(),
            extensions=extensions,
            **request_body,
        )

    def exchange_for(
        self, call: Call[Any], url: str, deadline_at: float | None = None
    ) -> RetryExchange:
        """Retry bookkeeping for one request; uploads that cannot be replayed are sent once."""
        return self.options.retry_policy.exchange(
            method=call.method,
            url=url,
            idempotent=call.is_idempotent and _replayable(call),
            deadline_at=deadline_at,
            clock=self.clock,
        )

    def next_hop(
        self, call: Call[Any], raw: httpx.Response, hop: Hop, redirects: int
    ) -> Hop | None:
        """Where a redirect leads, when it may be followed; ``None`` when ``raw`` is no redirect.

        Only redirects on ``base_url``'s origin (scheme, host and port) are followed, at most
        :data:`MAX_REDIRECTS` times: anywhere else, the token, the organization and the body
        would go with them. 301/302 turn a POST, and 303 anything but HEAD, into a GET
        without body; 307/308 resend the same request, body included, when it can be resent.
        """
        if not raw.is_redirect:
            return None
        location = raw.headers["location"]
        try:
            target = raw.request.url.join(location).copy_with(fragment=None)
        except httpx.InvalidURL:
            raise self._redirect_error(hop, raw, location, "to an unreadable Location") from None
        if _origin(target) != self._origin:
            where = _origin_text(target)
            raise self._redirect_error(
                hop,
                raw,
                str(target),
                f"to another origin, {where}: not followed, so the token, the organization "
                f"and the request body stay on {_origin_text(httpx.URL(self.base_url))}. If the "
                f"server moved, point base_url at {where}",
            )
        if redirects >= MAX_REDIRECTS:
            raise self._redirect_error(
                hop, raw, str(target), f"again after {MAX_REDIRECTS} redirects: not followed"
            )
        method, with_body = hop.method, hop.with_body
        dropping = _BODY_DROPPING_REDIRECTS.get(raw.status_code, ())
        if (dropping is None and method != "HEAD") or (dropping and method in dropping):
            method, with_body = "GET", False
        if with_body and not _replayable(call):
            raise self._redirect_error(
                hop, raw, str(target), "with its body, which cannot be sent twice (a stream)"
            )
        return Hop(method, str(target), None, with_body)

    def _redirect_error(
        self, hop: Hop, raw: httpx.Response, location: str, why: str
    ) -> RedirectError:
        url = raw.request.url
        where = url.copy_with(query=None)
        message = f"{hop.method} {where} was redirected ({raw.status_code}) {why}"
        return RedirectError(
            message, method=hop.method, url=str(url), location=location, status_code=raw.status_code
        )

    def body_buffer(self, raw: httpx.Response) -> BodyBuffer:
        """A buffer for ``raw``'s body, capped at ``max_response_bytes``.

        Raises at once when the declared ``Content-Length`` is already over the cap.
        """
        limit = self.options.max_response_bytes
        declared = content_length(raw)
        if declared is not None and declared > limit:
            raise too_large(raw, limit)
        return BodyBuffer(raw, limit)

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
        """The response of a call, or its status error; the body is parsed when first read.

        A 2xx answer never raises here, whatever its body: the server accepted the request.
        """
        extra: dict[str, Any] = {}
        if call.download is not None and raw.is_success:
            extra["data"] = call.download.path  # the body went to the file
        response = MaestroResponse(
            raw, parse=call.parse, retries=exchange.retries, redact=self._redactor(call), **extra
        )
        if not raw.is_success:
            should_raise = (
                self.options.raise_for_status if raise_for_status is None else raise_for_status
            )
            if should_raise:
                raise response.status_error()
        return response

    def finish_login(
        self,
        call: Call[LoginResponse],
        raw: httpx.Response,
        exchange: RetryExchange,
        *,
        raise_for_status: bool | None,
    ) -> MaestroResponse[LoginResponse]:
        """Store the token a login answered, or raise its error (as asked)."""
        response = self.finish(call, raw, exchange, raise_for_status=False)
        if response.ok:
            login = response.parsed
            problem = self.auth.login_answer_problem(login.access_token, login.organization_label)
            if problem is not None:
                request = raw.request
                message = (
                    f"the server accepted {request.method} {request.url.path} "
                    f"({raw.status_code} {raw.reason_phrase}), but a value it answered cannot "
                    f"be sent in a header: {problem}"
                )
                raise ResponseValidationError(message, response, [problem])
            self.auth.store(login.access_token, login.organization_label)
            logger.debug(
                "logged in as %r (organization %r)", self.auth.login, self.auth.organization
            )
        elif raise_for_status or (raise_for_status is None and self.options.raise_for_status):
            raise self.login_failed(response)
        return response

    def _redactor(self, call: Call[Any]) -> Callable[[str], str]:
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


_DEFAULT_HEADERS = RequestHeaders({"Accept": "application/json", "User-Agent": USER_AGENT})
_NO_FILES = contextlib.nullcontext(None)


@contextlib.contextmanager
def _opened(parts: Mapping[str, UploadFile]) -> Iterator[dict[str, Any]]:
    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(part.opened()) for name, part in parts.items()}


_STOCK_BUILDERS = (httpx.Client.build_request, httpx.AsyncClient.build_request)


def _adds_only_headers(http: httpx.Client | httpx.AsyncClient) -> bool:
    """Whether ``http.build_request`` would only merge the client's headers into a request.

    The SDK's URLs are absolute, so a ``base_url`` changes nothing; cookies (a load
    balancer's, say) and default query parameters are left to httpx.
    """
    return type(http).build_request in _STOCK_BUILDERS and not http.cookies and not http.params


def _replayable(call: Call[Any]) -> bool:
    return all(part.replayable for part in (call.files or {}).values())


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default_port = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default_port


def _origin_text(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii').rpartition('@')[2]}"


def too_large(raw: httpx.Response, limit: int) -> ResponseTooLargeError:
    """The error for a body read into memory that passed ``limit`` bytes."""
    request = raw.request
    return ResponseTooLargeError(
        f"{request.method} {request.url.path} answered a body larger than "
        f"max_response_bytes ({limit} bytes); the rest was not read. Give the client a "
        "larger max_response_bytes, or download it to a file",
        method=request.method,
        url=str(request.url),
        limit=limit,
    )


def release_stream(raw: httpx.Response) -> None:
    """Let go of the connection's stream of a response whose body is read and closed.

    httpx's response and its stream refer to each other, so a response outlives its last
    reference until the garbage collector's next full pass: pages of an iterator would pile
    up until then. With the body in hand the stream is done; the bytes stand in for it.
    """
    raw.stream = httpx.ByteStream(raw.content)


def content_length(raw: httpx.Response) -> int | None:
    """The response's ``Content-Length``, or ``None`` when absent or not a number."""
    value = raw.headers.get("content-length")
    return int(value) if value and value.isdigit() else None
