"""Runners: ``/api/v2/machine``."""

from __future__ import annotations

import builtins
from typing import Any

from maestro._call import Call, Parser, Stream, json_body, route
from maestro._endpoint import Resource, TransportT, endpoint, paginated
from maestro._exceptions import RequestValidationError
from maestro._pagination import check_page_args, walk_pages
from maestro._response import decode_body
from maestro.models.page import Page
from maestro.models.runners import Runner, RunnerTasksSummary
from maestro.resources._query import SortArg, query

__all__ = ["Runners"]


class Runners(Resource[TransportT]):
    """Inspect the runners (machines) that take tasks."""

    _resource_name = "runners"

    @endpoint
    def list(
        self,
        *,
        page: int = 0,
        size: int = 50,
        is_online: bool | None = None,
        type: str | None = None,
        machine_id: str | None = None,
        sort: SortArg = None,
    ) -> Call[Page[Runner]]:
        """One page of runners, filtered (``GET /api/v2/machine/pagination``).

        Pages count from 0. ``is_online`` goes out as ``true``/``false``; the values of
        ``type`` are not documented (the docs name desktop and background runners).
        """
        check_page_args(page=page, size=size)
        return self._list_call(page, size, is_online, type, machine_id, sort)

    @paginated
    def iterate(
        self,
        *,
        is_online: bool | None = None,
        type: str | None = None,
        machine_id: str | None = None,
        sort: SortArg = None,
        page_size: int = 50,
        limit: int | None = None,
    ) -> Stream[Runner]:
        """Every runner matching the filters, page after page as they are consumed."""
        self._list_call(0, 1, is_online, type, machine_id, sort)  # checks the filters now
        return walk_pages(
            lambda page, size: self._list_call(page, size, is_online, type, machine_id, sort),
            page_size=page_size,
            limit=limit,
        )

    @endpoint
    def get(self, machine_id: str) -> Call[Runner]:
        """One runner (``GET /api/v2/machine/{machineId}``; an unconfirmed route).

        Unconfirmed route: known from community clients only. Where a server differs, use
        :meth:`list` with ``machine_id`` or ``client.request_raw``.
        """
        path = route("/api/v2/machine/{machine_id}", machine_id=machine_id)
        return Call("GET", path, json_body(Runner))

    @endpoint
    def logs(self, machine_id: str) -> Call[Any]:
        """A runner's log (``GET /api/v2/machine/log/{machineId}``; an unconfirmed route).

        Unconfirmed route: known from community clients only, one of which reads the answer
        as text; ``parsed`` is the decoded body (JSON, else text).
        """
        path = route("/api/v2/machine/log/{machine_id}", machine_id=machine_id)
        return Call("GET", path, decode_body)

    @endpoint
    def tasks_summary(
        self, machine_id: str, *, days: int = 30
    ) -> Call[RunnerTasksSummary | builtins.list[Any]]:
        """What a runner did over the last ``days`` days (an unconfirmed route).

        ``GET /api/v2/machine/{machineId}/tasks-summary?days=``. Unconfirmed route, known
        from community clients only, and no source shows its answer: ``parsed`` is a
        :class:`RunnerTasksSummary` when the server answers an object, the list as sent when
        it answers a list.
        """
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise RequestValidationError.single("", "days", days, "must be an integer >= 1")
        path = route("/api/v2/machine/{machine_id}/tasks-summary", machine_id=machine_id)
        # The parser (a pydantic TypeAdapter) is built on the first call, then cached.
        parse: Parser[RunnerTasksSummary | builtins.list[Any]] = json_body(
            RunnerTasksSummary | builtins.list[Any]
        )
        return Call("GET", path, parse, params={"days": days})

    def _list_call(
        self,
        page: int,
        size: int,
        is_online: bool | None,
        type: str | None,
        machine_id: str | None,
        sort: SortArg,
    ) -> Call[Page[Runner]]:
        if is_online is not None and not isinstance(is_online, bool):
            raise RequestValidationError.single(
                "", "is_online", is_online, "must be True, False or None"
            )
        params = query(
            page=page, size=size, sort=sort, machineId=machine_id, isOnline=is_online, type=type
        )
        return Call("GET", "/api/v2/machine/pagination", json_body(Page[Runner]), params=params)
