"""A loopback HTTPS server that answers as the active respx routes do, for the aiohttp client.

respx replaces httpx's own transport, which ``DefaultAioHttpClient`` does not use: its
requests leave over aiohttp. This server takes them on 127.0.0.1, rebuilds each one as the
``httpx.Request`` the client asked for (``https://maestro.test/...``, the headers and body as
they came over the wire) and answers with what respx's routes resolve, so the routes' answers,
side effects and call records work for the aiohttp client as they do for httpx's.

The client reaches it through the transport's resolver hook (the test host name goes to
127.0.0.1, never to DNS) and trusts a certificate authority made for the test session.

Errors a route raises have no answer to send; the server does what a server would do:

* ``httpx.RemoteProtocolError``: closes the connection without answering;
* any other ``httpx.TransportError``: resets it (an aborted connection);
* anything else (a failed assertion in a side effect, a request no route matches) is kept
  in ``unexpected`` and the connection is reset; the fixture fails the test with it, as the
  error itself would have failed it with httpx's transport.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Iterable
from functools import cache
from typing import Any

import aiohttp.abc
import httpx
import trustme
from respx.mocks import Mocker

# What a request's head may hold; aiohttp's own requests stay far below.
_MAX_HEAD = 1 << 20
_NO_BODY_STATUSES = {204, 304}


@cache
def _authority() -> tuple[trustme.CA, trustme.LeafCert]:
    """A certificate authority for this test session, and the server certificate it signed."""
    authority = trustme.CA()
    return authority, authority.issue_cert("maestro.test")


@cache
def client_tls() -> ssl.SSLContext:
    """A client TLS context that trusts the bridge's certificate and nothing else.

    One for the session: building one, and loading its trust, costs more than a test's calls.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    _authority()[0].configure_trust(context)
    return context


@cache
def _server_tls() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    _authority()[1].configure_cert(context)
    return context


class BridgeResolver(aiohttp.abc.AbstractResolver):
    """Sends ``hosts`` to the bridge's port on 127.0.0.1; any other name fails to resolve."""

    def __init__(self, hosts: Iterable[str], port: int) -> None:
        self.hosts = frozenset(hosts)
        self.port = port

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[aiohttp.abc.ResolveResult]:
        if host not in self.hosts:
            raise OSError(f"{host} is not served by the test bridge")
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": self.port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        return None


class RespxBridge:
    """The loopback HTTPS server; ``start`` it on the test's event loop, then ``aclose`` it."""

    def __init__(self) -> None:
        self.unexpected: list[BaseException] = []
        self.served = 0  # requests answered by the routes
        self._server: asyncio.Server | None = None
        self._connections: dict[asyncio.StreamWriter, asyncio.Task[None]] = {}

    @property
    def port(self) -> int:
        """The port it listens on, on 127.0.0.1."""
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        """Listen on a free loopback port."""
        self._server = await asyncio.start_server(
            self._serve, "127.0.0.1", 0, ssl=_server_tls(), limit=_MAX_HEAD
        )

    async def aclose(self) -> None:
        """Stop listening, drop the connections still open and wait for their handlers."""
        assert self._server is not None
        self._server.close()
        handlers = list(self._connections.values())
        for writer in list(self._connections):
            writer.transport.abort()
        await asyncio.gather(*handlers, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections[writer] = task
        try:
            while (request := await _read_request(reader)) is not None:
                if not await self._answer(request, writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            writer.transport.abort()  # the client went away mid-request
        finally:
            del self._connections[writer]
            writer.close()

    async def _answer(self, request: httpx.Request, writer: asyncio.StreamWriter) -> bool:
        """Send what the routes resolve for ``request``; whether the connection stays open."""
        try:
            response = await Mocker.registry["httpcore"].async_handler(request)
        except httpx.RemoteProtocolError:
            return False
        except httpx.TransportError:
            writer.transport.abort()
            return False
        except Exception as error:
            self.unexpected.append(error)
            writer.transport.abort()
            return False
        if response is None:
            self.unexpected.append(AssertionError(f"no respx router is active for {request!r}"))
            writer.transport.abort()
            return False
        self.served += 1
        try:
            return await _write_response(request, response, writer)
        except httpx.TransportError:
            writer.transport.abort()  # the answer's stream broke off on purpose
            return False
        except Exception as error:
            self.unexpected.append(error)
            writer.transport.abort()
            return False


async def _read_request(reader: asyncio.StreamReader) -> httpx.Request | None:
    """The next request on the connection as an ``httpx.Request``; None once it is closed."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise
        return None
    request_line, *header_lines = head[:-4].split(b"\r\n")
    method, target, _version = request_line.split(b" ", 2)
    headers = [tuple(line.split(b":", 1)) for line in header_lines]
    raw_headers = [(name, value.strip()) for name, value in headers]
    fields = {name.lower(): value for name, value in raw_headers}
    if fields.get(b"transfer-encoding", b"").lower() == b"chunked":
        body = await _read_chunked(reader)
    else:
        body = await reader.readexactly(int(fields.get(b"content-length", b"0")))
    url = f"https://{fields[b'host'].decode('ascii')}{target.decode('ascii')}"
    request = httpx.Request(
        method.decode("ascii"), url, headers=raw_headers, stream=httpx.ByteStream(body)
    )
    request.read()
    return request


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
        body += await reader.readexactly(size)
        await reader.readexactly(2)
    while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers, if any
        pass
    return bytes(body)


async def _raw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The answer's body as it would come over the wire (still encoded, if it is)."""
    stream: Any = response.stream
    if isinstance(stream, httpx.AsyncByteStream):
        async for chunk in stream:
            yield chunk
    else:
        for chunk in stream:
            yield chunk


async def _write_response(
    request: httpx.Request, response: httpx.Response, writer: asyncio.StreamWriter
) -> bool:
    """Write ``response`` as HTTP/1.1; whether the connection can carry another request."""
    headers = list(response.headers.raw)
    names = {name.lower() for name, _ in headers}
    has_body = request.method != "HEAD" and response.status_code not in _NO_BODY_STATUSES
    chunked = b"transfer-encoding" in names
    declared = int(response.headers["content-length"]) if b"content-length" in names else None
    if has_body and not chunked and declared is None:
        if isinstance(response.stream, httpx.ByteStream):
            declared = len(b"".join([chunk async for chunk in _raw_chunks(response)]))
            headers.append((b"Content-Length", str(declared).encode()))
        else:
            chunked = True
            headers.append((b"Transfer-Encoding", b"chunked"))
    reason = response.reason_phrase.encode("ascii")
    head = [b"HTTP/1.1 %d %s" % (response.status_code, reason)]
    head += [name + b": " + value for name, value in headers]
    writer.write(b"\r\n".join(head) + b"\r\n\r\n")
    sent = 0
    if has_body:
        async for chunk in _raw_chunks(response):
            if not chunk:
                continue
            sent += len(chunk)
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            await writer.drain()
        if chunked:
            writer.write(b"0\r\n\r\n")
    await writer.drain()
    # An answer whose body is not the length it declared leaves the connection unusable, as
    # a server that died mid-answer would; so does an answer that asks to close it.
    closing = response.headers.get("connection", "").lower() == "close"
    keep = not closing and (chunked or not has_body or sent == declared)
    if request.headers.get("connection", "").lower() == "close":
        keep = False
    return keep
