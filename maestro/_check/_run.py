"""``run_check``: log in, read the version, call every read route, and (``--write``) the writes."""

from __future__ import annotations

import inspect
import secrets
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from maestro._check._judge import judge, paging_verdict, path_template, send
from maestro._check._report import CheckReport, RouteResult
from maestro._check._routes import (
    FIRST_PAGE_SIZE,
    NOT_RUN,
    SOURCES,
    Declared,
    Source,
    answer_type,
    declared_routes,
)
from maestro._endpoint import endpoint
from maestro._response import MaestroResponse
from maestro.models.server import LoginResponse

if TYPE_CHECKING:
    from maestro._client import MaestroClient

__all__ = ["Checker", "run_check"]

RUN_ID_PREFIX = "maestro-check-"


def run_check(
    client: MaestroClient,
    *,
    write: bool = False,
    confirm: Callable[[str], bool] | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Check the server ``client`` talks to against this SDK; see :mod:`maestro._check`."""
    checker = Checker(client, progress)
    checker.log_in()
    checker.read_version()
    checker.read_routes()
    if write:
        # Imported here: a read-only check does not need the write plan.
        from maestro._check._write import WriteCheck

        WriteCheck(checker).run(confirm)
    return checker.report


class Checker:
    """The state of one check: the client, the report so far, and the answers seen."""

    def __init__(self, client: MaestroClient, progress: Callable[[str], None] | None) -> None:
        self.client = client
        self._progress = progress
        self.run_id = RUN_ID_PREFIX + secrets.token_hex(4)
        self.report = CheckReport(server_url=client.base_url, run_id=self.run_id)
        self.report.mask(client.token, client.key_value)
        self._first_answers: dict[str, tuple[dict[str, Any], Any]] = {}
        self._read_rows: dict[str, RouteResult] = {}

    def say(self, text: str) -> None:
        """Report progress, if anyone listens."""
        if self._progress is not None:
            self._progress(text)

    # -- login and version -----------------------------------------------------------------

    def log_in(self) -> None:
        """Log in now, so that a wrong login or key fails first and clearly (it raises)."""
        if self.client.login_value is None:
            return  # a token was given: nothing to log in with
        self.say("logging in")
        response = self.client.authenticate()
        if not response.ok:
            raise response.status_error()
        self.report.mask(self.client.token)
        row = RouteResult("login", "read", "POST", "/api/v2/workspace/login")
        judge(row, response, LoginResponse)
        self.report.rows.append(row)

    def read_version(self) -> None:
        """Call ``version`` and remember what the server says it is."""
        self.say("reading version")
        declaration = inspect.getattr_static(type(self.client), "version")
        assert isinstance(declaration, endpoint)
        version = Declared(self.client, "", "version", declaration)
        row, response = self.exercise(version, {})
        if response is not None and isinstance(response.data, Mapping):
            reported = response.data.get("version")
            self.report.server_version = reported if isinstance(reported, str) else None
        self.report.rows.append(row)

    # -- read routes -----------------------------------------------------------------------

    def read_routes(self) -> None:
        """Call every read route once (lists first, then the routes their items feed)."""
        routes = declared_routes(self.client)
        waiting: list[Declared] = []
        order: list[str] = []
        for route in routes:
            if route.route in NOT_RUN:
                order.append(route.route)
                self._read_rows[route.route] = RouteResult(route.route, note=NOT_RUN[route.route])
            elif route.route in SOURCES:
                order.append(route.route)
                waiting.append(route)
            elif not route.required and route.call(**self._first_page(route)).method == "GET":
                order.append(route.route)
                self._read_list(route, self._first_page(route))
        while waiting:
            # Routes whose source has run; when none is left, the rest have no source to wait
            # for (a source that is not a read route) and are reported as such.
            ready = [
                route for route in waiting if SOURCES[route.route].route in self._read_rows
            ] or list(waiting)
            for route in ready:
                waiting.remove(route)
                arguments, reason = self._arguments_from(SOURCES[route.route])
                if arguments is None:
                    self._read_rows[route.route] = RouteResult(route.route, note=reason)
                else:
                    self._read_list(route, {**arguments, **self._first_page(route)})
        self.report.rows.extend(self._read_rows[name] for name in order)

    def first_item(self, route: str) -> Any:
        """The first item of a list route's answer in this check, or ``None``."""
        answer = self._first_answers.get(route)
        return None if answer is None else _first_item(answer[1])

    def _arguments_from(self, source: Source) -> tuple[dict[str, Any] | None, str]:
        answer = self._first_answers.get(source.route)
        if answer is None:
            if source.route not in self._read_rows:
                return None, f"not called: {source.route} is not a read route of this SDK"
            return None, f"not called: {source.route} did not answer"
        source_arguments, data = answer
        item = _first_item(data)
        if not isinstance(item, Mapping):
            return None, f"not called: {source.route} returned no items"
        arguments = {name: source_arguments[name] for name in source.inherited}
        for name, keys in source.fields.items():
            found = next((item[key] for key in keys if item.get(key) not in (None, "")), None)
            if found is None:
                return None, f"not called: the first item of {source.route} has no {keys[0]}"
            arguments[name] = found
        return arguments, ""

    @staticmethod
    def _first_page(route: Declared) -> dict[str, Any]:
        return {"page": 0, "size": FIRST_PAGE_SIZE} if route.paged else {}

    def _read_list(self, route: Declared, arguments: dict[str, Any]) -> None:
        self.say(f"reading {route.route}")
        row, response = self.exercise(route, arguments)
        self._read_rows[route.route] = row
        if response is None or not response.ok:
            return
        self._first_answers[route.route] = (arguments, response.data)
        if route.paged:
            self._check_paging(route, arguments, response.data, row)

    def _check_paging(
        self, route: Declared, arguments: dict[str, Any], first: Any, row: RouteResult
    ) -> None:
        """Ask for page 1 with size 1 and compare it with the first page's items."""
        content = first.get("content") if isinstance(first, Mapping) else None
        if not isinstance(content, list):
            row.paging_note = "not checked: the first answer is not a page"
            return
        probe = RouteResult(route.route)
        response = send(probe, lambda: route.send(**{**arguments, "page": 1, "size": 1}))
        if response is None or not response.ok:
            status = "no answer" if response is None else str(response.status_code)
            row.paging, row.paging_note = False, f"page 1 with size 1 failed ({status})"
            return
        row.paging, row.paging_note = paging_verdict(content, response.data)

    # -- one route -------------------------------------------------------------------------

    def exercise(
        self, route: Declared, arguments: Mapping[str, Any], *, kind: str = "read"
    ) -> tuple[RouteResult, MaestroResponse[Any] | None]:
        """Send ``route`` with ``arguments`` and judge the answer; returns the row and response."""
        call = route.call(**arguments)
        return self.step(
            route.route,
            lambda: route.send(**arguments),
            answer_type(route.builder),
            arguments,
            kind=kind,
            method=call.method,
            path=call.path,
        )

    def step(
        self,
        name: str,
        request: Callable[[], MaestroResponse[Any]],
        answer: Any,
        arguments: Mapping[str, Any],
        *,
        kind: str,
        method: str | None = None,
        path: str | None = None,
    ) -> tuple[RouteResult, MaestroResponse[Any] | None]:
        """Send one request (or run one operation) and judge its answer against ``answer``."""
        row = RouteResult(
            name, kind, method, None if path is None else path_template(path, arguments)
        )
        response = send(row, request)
        if response is not None:
            if row.path is None:
                row.path = path_template(response.raw.request.url.path, arguments)
            judge(row, response, answer)
        return row, response


def _first_item(data: Any) -> Any:
    if isinstance(data, Mapping):
        data = data.get("content")
    if isinstance(data, list) and data:
        return data[0]
    return None
