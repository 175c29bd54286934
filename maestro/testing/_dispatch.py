"""One request through the emulator: record, apply faults, authenticate, route, handle.

Free of I/O: the in-process transport and the HTTP server both call
:meth:`Dispatcher.exchange` and turn its :class:`Outcome` into a response or a dropped
connection in their own way (after sleeping the fault latency in their own way).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

import httpx

from maestro.testing._faults import Fault, FaultInjector
from maestro.testing._recording import DEFAULT_MAX_RECORDED_REQUESTS, RecordedRequest, RequestLog
from maestro.testing._router import Match, RouteTable
from maestro.testing._state import EmulatorState
from maestro.testing._wire import ApiError, Request, Response, error

__all__ = ["Dispatcher", "Outcome"]

logger = logging.getLogger("maestro.testing")

FAULT_MESSAGE = "Fault injected by the Maestro emulator"


@dataclass(frozen=True)
class Outcome:
    """How to answer: with ``response``, or by dropping the connection (``drop`` says when)."""

    response: Response | None
    drop: str | None = None


class Dispatcher:
    """Routes requests to handlers over one state, one fault injector and one request log."""

    def __init__(
        self,
        state: EmulatorState,
        faults: FaultInjector,
        routes: RouteTable,
        *,
        max_recorded_requests: int = DEFAULT_MAX_RECORDED_REQUESTS,
    ) -> None:
        self.state = state
        self.faults = faults
        self.routes = routes
        self._requests = RequestLog(max_recorded_requests)

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of the requests received, in order of arrival (the most recent ones)."""
        return self._requests.snapshot()

    def clear_requests(self) -> None:
        """Forget the requests received so far."""
        self._requests.clear()

    def exchange(
        self, method: str, raw_target: str, headers: httpx.Headers, content: bytes
    ) -> Outcome:
        """Answer one request: ``raw_target`` is the path and query exactly as sent."""
        raw_path, _, raw_query = raw_target.partition("?")
        record = RecordedRequest(
            method=method.upper(),
            path=unquote(raw_path),
            raw_path=raw_path,
            query=parse_qs(raw_query, keep_blank_values=True),
            headers=headers,
            content=content,
        )
        self._requests.append(record)
        fault = self.faults.take(record.method, record.path)
        if fault is not None and fault.kind in ("connect", "before"):
            record.fault = fault.kind
            return Outcome(None, drop=fault.kind)
        if fault is not None and fault.kind == "status":
            record.fault = fault.kind
            response = self._fault_response(fault, record.path)
        else:
            response = self._respond(record)
        if fault is not None and fault.kind == "after":
            record.fault = fault.kind
            return Outcome(None, drop=fault.kind)
        record.status = response.status
        return Outcome(_bodiless_if_required(response))

    def _fault_response(self, fault: Fault, path: str) -> Response:
        assert fault.status is not None
        retry_after = fault.retry_after_header
        headers = {} if retry_after is None else {"Retry-After": retry_after}
        return ApiError(fault.status, FAULT_MESSAGE, headers=headers).to_response(path)

    def _respond(self, record: RecordedRequest) -> Response:
        try:
            match = self._route(record)
            request = Request(
                method=record.method,
                path=record.path,
                raw_path=record.raw_path,
                query=record.query,
                headers=record.headers,
                content=record.content,
                params=match.params,
            )
            with self.state.lock:
                return match.route.handler(request, self.state)
        except ApiError as exc:
            return exc.to_response(record.path)
        except Exception:
            logger.exception("emulator handler failed for %s %s", record.method, record.path)
            return ApiError(500, "Internal error in the Maestro emulator").to_response(record.path)

    def _route(self, record: RecordedRequest) -> Match:
        """Find the route, after authenticating unless the route is public.

        Authentication comes before 404 and 405, as behind Spring Security.
        """
        try:
            match: Match | None = self.routes.find(record.method, record.raw_path)
            routing_error: ApiError | None = None
        except ApiError as exc:
            match, routing_error = None, exc
        if match is None or not match.route.public:
            self._authorize(record.headers)
        if match is None:
            assert routing_error is not None
            raise routing_error
        return match

    def _authorize(self, headers: httpx.Headers) -> None:
        """401 without a valid, unexpired token; 403 when ``organization`` names another one."""
        presented = [headers.get("token", "")]
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            presented.append(credentials.strip())
        tokens = self.state.workspace.tokens
        if not any(token and tokens.is_valid(token) for token in presented):
            raise error(401, "Full authentication is required: send a valid, unexpired token")
        organization = headers.get("organization", "").strip()
        if organization and organization != self.state.organization:
            raise error(403, f"Access denied to organization '{organization}'")


def _bodiless_if_required(response: Response) -> Response:
    """Drop the body of a status that must not have one (1xx, 204, 304), e.g. a faulted 204."""
    if response.status in (204, 304) or 100 <= response.status < 200:
        headers = [
            (name, value) for name, value in response.headers if name.lower() != "content-type"
        ]
        return Response(response.status, b"", headers)
    return response
