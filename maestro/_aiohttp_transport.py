"""The aiohttp transport of ``DefaultAioHttpClient``; imported only when one is built.

httpx-aiohttp's transport, with the changes the SDK's retry policy depends on:

* aiohttp's own resend of an idempotent request after a dropped connection is off: the
  SDK decides what is sent again, counts it in ``response.retries`` and honours
  ``max_retries=0``;
* aiohttp's errors become the httpx errors httpx's own transport raises in the same
  situation. httpx-aiohttp reports a dropped connection (the request may have reached the
  server) as a connect timeout (it did not), which would send a create twice; and it lets
  some errors through as aiohttp's own, which the SDK would not see as connection errors;
* what reading the request body raised (``FileChangedError``) goes through as it is, as
  with httpx, instead of as a connection error that would be retried;
* cookies are left to httpx (the session keeps none), so none is sent twice;
* the URL goes as httpx encoded it, reserved characters inside a path segment still escaped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import ClassVar

import aiohttp
import aiohttp.abc
import httpx
import yarl
from httpx_aiohttp import AiohttpTransport
from httpx_aiohttp.transport import AiohttpResponseStream

__all__ = ["SdkAiohttpTransport"]

# First match wins: subclasses before their bases.
_ERRORS: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ClientProxyConnectionError, httpx.ProxyError),
    (aiohttp.ClientHttpProxyError, httpx.ProxyError),
    # Never reached the server: safe to send again, whatever the method.
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    # The request may have reached the server.
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),
    (aiohttp.ClientPayloadError, httpx.ReadError),
    (aiohttp.ClientError, httpx.ReadError),
)


def _translated(error: Exception, request: httpx.Request) -> Exception:
    """The httpx error for ``error`` (an aiohttp error, or httpx-aiohttp's mapping of one).

    Any other error is returned as it is.
    """
    cause = error.__cause__ if isinstance(error, httpx.TransportError) else error
    if not isinstance(cause, aiohttp.ClientError):
        return error
    raised_by_body = cause.__cause__
    if (
        isinstance(cause, aiohttp.ClientConnectionError)
        and isinstance(raised_by_body, Exception)
        and not isinstance(raised_by_body, (OSError, aiohttp.ClientError))
    ):
        # aiohttp wraps what reading the request body raised (a file that changed while it
        # was sent: FileChangedError); httpx lets it through as it is.
        return raised_by_body
    kind = next(
        httpx_kind for aiohttp_kind, httpx_kind in _ERRORS if isinstance(cause, aiohttp_kind)
    )
    translated = kind(str(cause) or type(cause).__name__, request=request)
    translated.__cause__ = cause  # shown in tracebacks, as ``raise ... from cause`` would
    return translated


class _TranslatedStream(httpx.AsyncByteStream):
    """A response body whose read errors are translated like the request's."""

    def __init__(self, stream: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except (httpx.TransportError, aiohttp.ClientError) as error:
            raise _translated(error, self._request)  # noqa: B904 - its cause is set

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        except (httpx.TransportError, aiohttp.ClientError) as error:
            raise _translated(error, self._request)  # noqa: B904 - its cause is set


class SdkAiohttpTransport(AiohttpTransport):
    """httpx-aiohttp's transport, with the SDK's error translation and no hidden resends."""

    # None is aiohttp's own name resolution. The test suite sets one that sends the test API's
    # host name to a loopback server, so its HTTP mocks answer over aiohttp too.
    _resolver: ClassVar[aiohttp.abc.AbstractResolver | None] = None

    def get_client(self) -> aiohttp.ClientSession:
        """The aiohttp session: the pool's limits, no cookies, no resend of its own."""
        connector = aiohttp.TCPConnector(
            limit=self.limits.max_connections or 0,
            keepalive_timeout=self.limits.keepalive_expiry,
            ssl=self.ssl_context,
            resolver=self._resolver,
        )
        session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
        # Not a constructor option: aiohttp's own tests turn it off the same way.
        session._retry_connection = False
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` over aiohttp; failures raise the httpx errors httpx would."""
        try:
            answer = await self._send(request)
        except (httpx.TransportError, aiohttp.ClientError) as error:
            raise _translated(error, request)  # noqa: B904 - its cause is set
        extensions = {"http_version": b"HTTP/1.1"}
        if answer.reason:
            extensions["reason_phrase"] = answer.reason.encode()
        return httpx.Response(
            answer.status,
            headers=answer.raw_headers,
            stream=_TranslatedStream(AiohttpResponseStream(answer), request),
            request=request,
            extensions=extensions,
        )

    async def _send(self, request: httpx.Request) -> aiohttp.ClientResponse:
        if not isinstance(self.client, aiohttp.ClientSession):
            self.client = self.get_client()
        body: bytes | httpx.AsyncByteStream | None
        try:
            body = request.content or None
        except httpx.RequestNotRead:  # a streamed upload: aiohttp frames it itself
            body = request.stream  # type: ignore[assignment]
            request.headers.pop("transfer-encoding", None)
        timeout = request.extensions.get("timeout", {})
        proxy = self.proxy
        return await self.client.request(
            request.method,
            # Sent as httpx encoded it. Parsed anew, the URL would lose the escapes of the
            # reserved characters inside a path segment: an id "a;b" would go as "/a;b",
            # which servers read as "a" with a parameter "b", not as "/a%3Bb".
            yarl.URL(str(request.url), encoded=True),
            headers=request.headers,
            data=body,
            allow_redirects=False,
            auto_decompress=False,
            compress=False,
            timeout=aiohttp.ClientTimeout(
                sock_connect=timeout.get("connect"),
                sock_read=timeout.get("read"),
                connect=timeout.get("pool"),
            ),
            server_hostname=request.extensions.get("sni_hostname"),
            proxy=str(proxy.url) if proxy else None,
            proxy_auth=aiohttp.BasicAuth(*proxy.auth) if proxy and proxy.auth else None,
            proxy_headers=proxy.headers if proxy else None,
        )
