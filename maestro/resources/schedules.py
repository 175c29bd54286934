"""Schedules: ``/api/v2/scheduling``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maestro._call import Call, Stream, json_body, no_body, route, validate
from maestro._endpoint import Resource, TransportT, endpoint, paginated
from maestro._exceptions import RequestValidationError
from maestro._pagination import check_page_args, walk_pages
from maestro.models.page import Page
from maestro.models.schedules import CreateScheduleRequest, Schedule, UpdateScheduleRequest
from maestro.resources._organization import naming_organization
from maestro.resources._query import SortArg, query

__all__ = ["Schedules"]


class Schedules(Resource[TransportT]):
    """Start automations on a Quartz cron, evaluated in UTC.

    The list is read by BotCity's own code; ``create`` and ``delete`` are known from a
    community client. ``get`` and ``update`` are unconfirmed routes, and so are the
    ``priority``, ``active`` and ``name`` fields, which no client sends. Where a server
    differs, call it with ``client.request_raw``.
    """

    _resource_name = "schedules"

    @endpoint
    def list(self, *, page: int = 0, size: int = 50, sort: SortArg = None) -> Call[Page[Schedule]]:
        """One page of schedules (``GET /api/v2/scheduling``); pages count from 0."""
        check_page_args(page=page, size=size)
        return self._list_call(page, size, sort)

    @paginated
    def iterate(
        self, *, sort: SortArg = None, page_size: int = 50, limit: int | None = None
    ) -> Stream[Schedule]:
        """Every schedule, page after page as they are consumed."""
        self._list_call(0, 1, sort)  # checks sort now
        return walk_pages(
            lambda page, size: self._list_call(page, size, sort), page_size=page_size, limit=limit
        )

    @endpoint
    def get(self, schedule_id: int | str) -> Call[Schedule]:
        """One schedule (``GET /api/v2/scheduling/{id}``; a speculative route).

        Speculative route: no client fetches one schedule by id.
        """
        path = route("/api/v2/scheduling/{schedule_id}", schedule_id=schedule_id)
        return Call("GET", path, json_body(Schedule))

    @endpoint
    def create(
        self,
        activity_label: str,
        cron: str,
        *,
        schedule_strategy: str | None = None,
        parameters: Mapping[str, Any] | None = None,
        repository_label: str = "DEFAULT",
        priority: int | None = None,
        active: bool | None = None,
        name: str | None = None,
    ) -> Call[Schedule]:
        """Schedule an automation (``POST /api/v2/scheduling``; an unconfirmed route).

        ``cron`` is Quartz syntax in UTC, six or seven fields with ``?`` in exactly one of
        day-of-month and day-of-week (``"0 0 13 ? * MON-FRI"``: 13:00 UTC on weekdays); a
        malformed expression is refused before sending. ``schedule_strategy`` is the
        schedule in words, as the dashboard shows it (the cron expression when not given).
        ``parameters`` are passed to every task the schedule creates. The body also carries
        the client's organization and ``repository_label``.

        ``priority`` (0 to 10), ``active`` and ``name`` are sent only when given: they are
        unconfirmed field names, from the documentation's schedule form.
        """
        auth = self._transport.auth
        body = validate(
            CreateScheduleRequest,
            activity_label=activity_label,
            organization_label=auth.organization,
            repository_label=repository_label,
            cron=cron,
            schedule_strategy=cron if schedule_strategy is None else schedule_strategy,
            parameters=parameters if parameters is not None else {},
            priority=priority,
            active=active,
            name=name,
        ).to_wire(exclude_none=True)
        json = naming_organization(body, "organizationLabel", lambda: auth.organization)
        return Call("POST", "/api/v2/scheduling", json_body(Schedule), json=json)

    @endpoint
    def update(
        self,
        schedule_id: int | str,
        *,
        activity_label: str | None = None,
        cron: str | None = None,
        schedule_strategy: str | None = None,
        parameters: Mapping[str, Any] | None = None,
        priority: int | None = None,
        active: bool | None = None,
        name: str | None = None,
    ) -> Call[Schedule]:
        """Change a schedule (``PUT /api/v2/scheduling/{id}``; a speculative route).

        Speculative route: no client updates a schedule, and every confirmed update route of
        this API is a ``POST`` to ``/{resource}/{id}``, not a ``PUT``. Only the arguments
        given are sent; at least one is needed. ``cron`` is checked as in :meth:`create`.
        """
        path = route("/api/v2/scheduling/{schedule_id}", schedule_id=schedule_id)
        body = validate(
            UpdateScheduleRequest,
            activity_label=activity_label,
            cron=cron,
            schedule_strategy=schedule_strategy,
            parameters=parameters,
            priority=priority,
            active=active,
            name=name,
        )
        wire = body.to_wire(exclude_none=True)
        if not wire:
            raise RequestValidationError.single(
                "", "(body)", {}, "nothing to update: give at least one field"
            )
        return Call("PUT", path, json_body(Schedule), json=wire)

    @endpoint
    def delete(self, schedule_id: int | str) -> Call[None]:
        """Delete a schedule (``DELETE /api/v2/scheduling/{id}``; an unconfirmed route).

        Unconfirmed route: known from a community client only.
        """
        path = route("/api/v2/scheduling/{schedule_id}", schedule_id=schedule_id)
        return Call("DELETE", path, no_body)

    def _list_call(self, page: int, size: int, sort: SortArg) -> Call[Page[Schedule]]:
        params = query(page=page, size=size, sort=sort)
        return Call("GET", "/api/v2/scheduling", json_body(Page[Schedule]), params=params)
