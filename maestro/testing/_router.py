"""A tiny router: path templates with ``{param}`` segments, matched on the raw path.

Matching splits the percent-encoded path on ``/`` before decoding anything, so each
``{param}`` is exactly one segment: a label sent as ``a%2F..%2Fb`` arrives as ``a/../b`` in
one parameter and can never reach another route. Literal segments win over parameters,
so ``/api/v2/activity/pagination`` is found before ``/api/v2/activity/{label}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from maestro.testing._wire import ApiError, Request, Response, error

if TYPE_CHECKING:
    from maestro.testing._state import EmulatorState

__all__ = ["Handler", "Route", "RouteTable", "Router"]

Handler = Callable[[Request, "EmulatorState"], Response]


@dataclass(frozen=True)
class Route:
    """One route: a method, a path template and the handler that answers it.

    ``public`` routes answer without a token (login and version).
    """

    method: str
    template: str
    handler: Handler
    public: bool = False

    @property
    def segments(self) -> tuple[str, ...]:
        """The template split on ``/``."""
        return tuple(self.template.split("/"))

    def match(self, raw_segments: list[str]) -> dict[str, str] | None:
        """Return the decoded path parameters if the raw segments fit, else ``None``."""
        segments = self.segments
        if len(segments) != len(raw_segments):
            return None
        params: dict[str, str] = {}
        for template_segment, raw_segment in zip(segments, raw_segments, strict=True):
            decoded = unquote(raw_segment)
            if _is_param(template_segment):
                if not decoded:
                    return None
                params[template_segment[1:-1]] = decoded
            elif decoded != template_segment:
                return None
        return params

    def specificity(self) -> tuple[int, ...]:
        """Sort key: a literal segment (0) ranks before a parameter (1) at the same place."""
        return tuple(1 if _is_param(segment) else 0 for segment in self.segments)


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


class Router:
    """Routes of one resource, registered with ``@router.get(...)`` and friends.

    A handler takes the :class:`~maestro.testing._wire.Request` and the emulator state
    and returns a :class:`~maestro.testing._wire.Response` (or raises ``error(...)``)::

        router = Router()

        @router.get("/api/v2/task/{task_id}")
        def get_task(request: Request, state: EmulatorState) -> Response:
            return json_response(state.tasks[int(request.params["task_id"])])
    """

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(
        self, method: str, template: str, *, public: bool = False
    ) -> Callable[[Handler], Handler]:
        """Register the decorated handler for ``method`` on ``template``."""

        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method.upper(), template, handler, public))
            return handler

        return register

    def get(self, template: str, *, public: bool = False) -> Callable[[Handler], Handler]:
        """Register a GET handler."""
        return self.route("GET", template, public=public)

    def post(self, template: str, *, public: bool = False) -> Callable[[Handler], Handler]:
        """Register a POST handler."""
        return self.route("POST", template, public=public)

    def put(self, template: str, *, public: bool = False) -> Callable[[Handler], Handler]:
        """Register a PUT handler."""
        return self.route("PUT", template, public=public)

    def delete(self, template: str, *, public: bool = False) -> Callable[[Handler], Handler]:
        """Register a DELETE handler."""
        return self.route("DELETE", template, public=public)


@dataclass(frozen=True)
class Match:
    """The route chosen for a request, with its decoded path parameters."""

    route: Route
    params: dict[str, str]


class RouteTable:
    """All routes of all routers, answering which one serves a method and raw path."""

    def __init__(self, routers: Iterable[Router]) -> None:
        routes = [route for router in routers for route in router.routes]
        # Most specific first, so the first route that matches is the one to use.
        self.routes = sorted(routes, key=Route.specificity)

    def find(self, method: str, raw_path: str) -> Match:
        """Find the route for a request: 404 if no template fits, 405 if only the method is off."""
        raw_segments = raw_path.split("/")
        allowed: list[str] = []
        for route in self.routes:
            params = route.match(raw_segments)
            if params is None:
                continue
            if route.method == method.upper():
                return Match(route, params)
            allowed.append(route.method)
        if allowed:
            raise error(
                405,
                f"Request method '{method.upper()}' is not supported",
                headers={"Allow": ", ".join(sorted(set(allowed)))},
            )
        raise error(404, "No route matches this path")

    def is_public(self, method: str, raw_path: str) -> bool:
        """Whether this request goes to a route that needs no token."""
        try:
            return self.find(method, raw_path).route.public
        except ApiError:
            return False
