"""Alerts: ``/api/v2/alerts``."""

from __future__ import annotations

from maestro._call import Call, json_body, validate
from maestro._endpoint import Resource, TransportT, endpoint
from maestro._pagination import check_page_args
from maestro.models.alerts import Alert, AlertFilters, AlertType, CreateAlertRequest
from maestro.models.page import Page
from maestro.resources._query import SortArg, query

__all__ = ["Alerts"]


class Alerts(Resource[TransportT]):
    """Alerts shown on the Maestro dashboard."""

    _resource_name = "alerts"

    @endpoint
    def create(
        self, task_id: int | str, title: str, message: str, type: AlertType | str = "INFO"
    ) -> Call[Alert]:
        """Raise an alert on a task: ``INFO``, ``WARN`` or ``ERROR`` (``POST /api/v2/alerts``)."""
        body = validate(
            CreateAlertRequest, task_id=task_id, title=title, message=message, type=type
        )
        return Call("POST", "/api/v2/alerts", json_body(Alert), json=body.to_wire())

    @endpoint
    def list(
        self,
        *,
        task_id: int | str | None = None,
        type: AlertType | str | None = None,
        days: int | None = None,
        sort: SortArg = None,
        page: int = 0,
        size: int = 50,
    ) -> Call[Page[Alert]]:
        """One page of alerts (``GET /api/v2/alerts``; an unconfirmed route); pages count from 0.

        ``task_id`` keeps one task's alerts, ``type`` one kind (``INFO``, ``WARN``,
        ``ERROR``), ``days`` those of the last days; ``sort`` is Spring's
        ``field,asc|desc``. Unconfirmed route: only community code lists alerts.
        """
        check_page_args(page=page, size=size)
        filters = validate(AlertFilters, task_id=task_id, type=type, days=days)
        params = {**filters.to_wire(exclude_none=True), **query(page=page, size=size, sort=sort)}
        return Call("GET", "/api/v2/alerts", json_body(Page[Alert]), params=params)
