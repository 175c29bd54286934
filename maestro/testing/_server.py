"""The emulator as a real HTTP/1.1 server (keep-alive, one thread per connection).

Each response leaves in one write with ``TCP_NODELAY`` set: a response in two writes
meets Nagle's algorithm and the client's delayed ACK and stalls about 40 ms per request.

It holds up under load and against careless clients: a deep listen backlog takes bursts of
simultaneous connects, an idle connection is closed after ``idle_timeout`` seconds (its
thread ends with it), and a request body larger than ``max_body_bytes`` is answered 413
without being read.
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx

from maestro.testing._dispatch import Dispatcher
from maestro.testing._wire import ApiError, Response, is_integer_text

__all__ = [
    "DEFAULT_IDLE_TIMEOUT",
    "DEFAULT_MAX_BODY_BYTES",
    "LISTEN_BACKLOG",
    "EmulatorHTTPServer",
    "serve",
]

logger = logging.getLogger("maestro.testing")

# socketserver listens with a backlog of 5: a burst of simultaneous connects overflows it
# and the kernel drops the extra SYNs (clients time out or see resets). The kernel caps this
# at net.core.somaxconn.
LISTEN_BACKLOG = 1024
# Longer than the keep-alive expiry of common clients (httpx: 5 s), so the server rarely
# closes a connection that a client is about to reuse.
DEFAULT_IDLE_TIMEOUT = 60.0
# Room for a large bot package; the emulator keeps every body in memory.
DEFAULT_MAX_BODY_BYTES = 128 * 1024 * 1024

_MAX_LINE = 65536
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
# After a 413 the rest of the body is discarded up to this much, so that closing the
# connection with unread data does not reset it before the client has read the answer.
_MAX_DISCARDED_BYTES = 1024 * 1024
_DISCARD_TIMEOUT = 0.5


class _BadRequestError(Exception):
    """The request's framing (Content-Length, chunks) cannot be read."""


class _BodyTooLargeError(Exception):
    """The request's body is larger than the server accepts."""


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: EmulatorHTTPServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # A timeout on every read and write: an idle keep-alive connection, or a client that
        # stops sending mid-request, is closed (handle_one_request catches TimeoutError).
        self.connection.settimeout(self.server.idle_timeout)

    def handle_expect_100(self) -> bool:
        """Skip ``100 Continue`` for a body that will be refused: the 413 is the answer."""
        try:
            self._declared_length()
        except (_BadRequestError, _BodyTooLargeError):
            return True
        return super().handle_expect_100()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_GET  # noqa: N815

    def _serve(self) -> None:
        try:
            content = self._read_body()
        except _BadRequestError as exc:
            self.close_connection = True
            self._write(ApiError(400, str(exc)).to_response(self.path))
            return
        except _BodyTooLargeError:
            self.close_connection = True
            limit = self.server.max_body_bytes
            message = f"Request body is larger than the emulator accepts ({limit} bytes)"
            self._write(ApiError(413, message).to_response(self.path))
            self._discard_unread_body()
            return
        latency = self.server.dispatcher.faults.latency
        if latency > 0:
            time.sleep(latency)
        headers = httpx.Headers(list(self.headers.items()))
        outcome = self.server.dispatcher.exchange(self.command, self._target(), headers, content)
        if outcome.response is None:
            # A dropped connection: close without a byte of answer.
            self.close_connection = True
            return
        self._write(outcome.response)

    def _target(self) -> str:
        """Return the path and query, also from the absolute form of a request target."""
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            return parts.path + ("?" + parts.query if parts.query else "")
        return self.path

    def _read_body(self) -> bytes:
        length = self._declared_length()
        if length is None:
            return self._read_chunked()
        return self._read_exactly(length)

    def _declared_length(self) -> int | None:
        """Return the body's length from the headers, or ``None`` for a chunked body.

        Raises :class:`_BadRequestError` for framing it cannot trust and
        :class:`_BodyTooLargeError` for a length over the limit.
        """
        transfer_encoding = self.headers.get("Transfer-Encoding", "")
        if transfer_encoding:
            if transfer_encoding.strip().lower() != "chunked":
                raise _BadRequestError(f"Unsupported Transfer-Encoding: {transfer_encoding}")
            return None
        lengths = {value.strip() for value in self.headers.get_all("Content-Length", [])}
        if not lengths:
            return 0
        if len(lengths) > 1:
            raise _BadRequestError("Conflicting Content-Length headers")
        (length,) = lengths
        if not is_integer_text(length):
            raise _BadRequestError("Invalid Content-Length")
        if int(length) > self.server.max_body_bytes:
            raise _BodyTooLargeError
        return int(length)

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_line = self.rfile.readline(_MAX_LINE + 1)
            size_text = size_line.split(b";", 1)[0].strip()
            # int(..., 16) alone would also take "0x1f", "1_f" and surrounding spaces.
            if not size_text or not _HEX_DIGITS.issuperset(size_text):
                raise _BadRequestError("Invalid chunk size")
            size = int(size_text, 16)
            if size == 0:
                break
            if len(body) + size > self.server.max_body_bytes:
                raise _BodyTooLargeError
            body += self._read_exactly(size)
            if self.rfile.readline(_MAX_LINE + 1) not in (b"\r\n", b"\n"):
                raise _BadRequestError("Chunk not followed by CRLF")
        self._skip_trailers()
        return bytes(body)

    def _skip_trailers(self) -> None:
        """Read the trailer fields, if any, up to the empty line that ends them."""
        budget = _MAX_LINE
        while True:
            line = self.rfile.readline(_MAX_LINE + 1)
            if line in (b"\r\n", b"\n"):
                return
            budget -= len(line)
            if not line or budget < 0:
                raise _BadRequestError("Chunked body has no end of trailers")

    def _discard_unread_body(self) -> None:
        """Stop answering, then read and drop what the client still sends, for a short while.

        Closing a socket that still has unread data sends a reset, which can destroy the 413
        on its way to the client before the client reads it.
        """
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(_DISCARD_TIMEOUT)
            discarded = 0
            while discarded < _MAX_DISCARDED_BYTES:
                chunk = self.connection.recv(65536)
                if not chunk:
                    break
                discarded += len(chunk)

    def _read_exactly(self, size: int) -> bytes:
        data = self.rfile.read(size)
        if len(data) != size:
            raise _BadRequestError("Request body ended early")
        return data

    def _write(self, response: Response) -> None:
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        lines = [f"{self.protocol_version} {response.status} {reason}"]
        lines += [f"{name}: {value}" for name, value in response.headers]
        lines.append(f"Date: {self.date_time_string()}")
        bodiless = response.status in (204, 304) or 100 <= response.status < 200
        if not bodiless:
            lines.append(f"Content-Length: {len(response.content)}")
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        body = b"" if bodiless or self.command == "HEAD" else response.content
        # One write: status line, headers and body leave together (see the module docstring).
        self.wfile.write(head + body)
        self.log_request(response.status, len(body))


class EmulatorHTTPServer(HTTPServer):
    """An HTTP server, one daemon thread per connection, that answers through a :class:`Dispatcher`.

    It keeps track of its open connections so that :meth:`stop` can end idle
    keep-alive connections too, and then join every connection thread. Its accept loop
    wakes on a socket pair instead of polling, so stopping takes no poll interval.
    A connection that sends nothing for ``idle_timeout`` seconds is closed; a request body
    over ``max_body_bytes`` is answered 413 without being read.
    """

    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        dispatcher: Dispatcher,
        *,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        if not idle_timeout > 0:
            raise ValueError(
                f"idle_timeout must be a positive number of seconds, not {idle_timeout!r}"
            )
        if max_body_bytes < 0:
            raise ValueError(f"max_body_bytes must not be negative, not {max_body_bytes!r}")
        self.dispatcher = dispatcher
        self.idle_timeout = idle_timeout
        self.max_body_bytes = max_body_bytes
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._connection_threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._wake_reader, self._wake_writer = socket.socketpair()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _RequestHandler)

    @property
    def url(self) -> str:
        """The base URL the server listens on, e.g. ``http://127.0.0.1:54321``."""
        host, port = self.server_address[0], self.server_address[1]
        host_text = host.decode() if isinstance(host, bytes) else str(host)
        if ":" in host_text:
            host_text = f"[{host_text}]"
        return f"http://{host_text}:{port}"

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup ``HTTPServer`` does (it can take seconds)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in its own daemon thread, tracking both for :meth:`stop`."""
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"maestro-emulator-connection-{client_address[1]}",
            daemon=True,
        )
        with self._connections_lock:
            self._connections.add(request)
            # socketserver does not join daemon threads on close; this server does.
            self._connection_threads = [
                known for known in self._connection_threads if known.is_alive()
            ]
            self._connection_threads.append(thread)
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def shutdown_request(self, request: Any) -> None:
        """Forget the connection and close it."""
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log a broken connection quietly instead of printing a traceback on stderr."""
        logger.debug("connection from %s failed", client_address, exc_info=True)

    def serve_until_stopped(self) -> None:
        """Accept connections until :meth:`stop` is called."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _events in selector.select():
                    if key.fileobj is self.socket and not self._stopping.is_set():
                        self.handle_request()

    def stop(self, serving_thread: threading.Thread) -> None:
        """Stop the accept loop, end every open connection, join every thread, close sockets."""
        self._stopping.set()
        self._wake_writer.send(b"x")
        serving_thread.join()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            # The client may have closed it already.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        with self._connections_lock:
            threads = list(self._connection_threads)
        for thread in threads:
            thread.join()
        self.server_close()
        self._wake_reader.close()
        self._wake_writer.close()


@contextmanager
def serve(
    dispatcher: Dispatcher,
    host: str,
    port: int,
    *,
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> Iterator[str]:
    """Run a server in a daemon thread for the duration of the ``with`` block; yield its URL."""
    server = EmulatorHTTPServer(
        (host, port), dispatcher, idle_timeout=idle_timeout, max_body_bytes=max_body_bytes
    )
    thread = threading.Thread(
        target=server.serve_until_stopped,
        name=f"maestro-emulator-{server.server_port}",
        daemon=True,
    )
    thread.start()
    try:
        yield server.url
    finally:
        server.stop(thread)
