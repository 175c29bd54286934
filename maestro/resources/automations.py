"""Automations: ``/api/v2/activity``."""

from __future__ import annotations

import builtins

from maestro._call import Call, json_body, route
from maestro._endpoint import Resource, TransportT, endpoint
from maestro._pagination import check_page_args
from maestro.models.automations import Automation
from maestro.models.page import Page
from maestro.resources._query import SortArg, query

__all__ = ["Automations"]


class Automations(Resource[TransportT]):
    """Read the workspace's automations (the API calls them activities)."""

    _resource_name = "automations"

    @endpoint
    def list(self) -> Call[builtins.list[Automation]]:
        """Every automation, as a plain list (``GET /api/v2/activity``; an unconfirmed route).

        Unconfirmed route: known from community clients only (BotCity's dashboard uses
        :meth:`search`). Where a server differs, call it with ``client.request_raw``.
        """
        return Call("GET", "/api/v2/activity", json_body(list[Automation]))

    @endpoint
    def search(
        self,
        *,
        page: int = 0,
        size: int = 50,
        sort: SortArg = None,
        automation: str | None = None,
        label: str | None = None,
        name: str | None = None,
    ) -> Call[Page[Automation]]:
        """One page of automations, filtered (``GET /api/v2/activity/pagination``).

        Pages count from 0; ``sort`` is Spring's ``field,asc|desc`` (``"name,asc"``).
        ``label`` and ``name`` filter on those fields; ``automation`` is the search text
        BotCity's dashboard sends (how the server matches it is not documented).
        """
        check_page_args(page=page, size=size)
        params = query(
            page=page, size=size, sort=sort, automation=automation, label=label, name=name
        )
        return Call(
            "GET", "/api/v2/activity/pagination", json_body(Page[Automation]), params=params
        )

    @endpoint
    def get(self, label: str) -> Call[Automation]:
        """One automation (``GET /api/v2/activity/{label}``; an unconfirmed route).

        The answer carries the automation's parameters. Unconfirmed route: known from
        community clients only. Where a server differs, call it with ``client.request_raw``.
        """
        return Call("GET", route("/api/v2/activity/{label}", label=label), json_body(Automation))
