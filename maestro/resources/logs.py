"""Execution logs: ``/api/v2/log``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from maestro._call import Call, Flow, fetch, json_body, no_body, route, validate
from maestro._endpoint import Resource, TransportT, endpoint, operation
from maestro._exceptions import FieldError, RequestValidationError, short_repr
from maestro._files import ProgressCallback, WriteTarget
from maestro._inputs import checked_json
from maestro._response import MaestroResponse
from maestro.models.logs import Column, CreateLogRequest, Log, LogEntry
from maestro.resources._transfer import file_call

__all__ = ["Logs"]

# Aliases: inside ``Logs`` the name ``list`` is the method, not the type.
_Entries = list[LogEntry]
_Rows = list[dict[str, Any]]


def _log_path(activity_label: str, suffix: str = "") -> str:
    return route("/api/v2/log/{label}" + suffix, label=activity_label)


def _check_days(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise RequestValidationError.single("", "days", days, "must be an integer >= 1")
    return days


def _check_values(values: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(values, Mapping):
        raise RequestValidationError.single(
            "", "values", values, "must be a mapping of column label to value"
        )
    errors = [
        FieldError(f"values.{key}", short_repr(key), "column labels must be non-empty strings")
        for key in values
        if not isinstance(key, str) or not key.strip()
    ]
    if not values:
        errors.append(FieldError("values", "{}", "must hold at least one column's value"))
    if errors:
        raise RequestValidationError("", errors)
    body: dict[str, Any] = checked_json(dict(values), "values")
    return body


def _rows(log: Log, entries: Sequence[LogEntry]) -> _Rows:
    """Entries keyed by column name, in the log's column order (the official ``get_log``).

    A value under a label that is no column of the log is kept under that label.
    """
    names = {column.label: column.name or column.label for column in log.columns if column.label}
    rows = []
    for entry in entries:
        row = {name: entry.columns.get(label) for label, name in names.items()}
        row.update({k: v for k, v in entry.columns.items() if k not in names})
        rows.append(row)
    return rows


class Logs(Resource[TransportT]):
    """An automation's execution log: its columns and entries."""

    _resource_name = "logs"

    @endpoint
    def list(self) -> Call[list[Log]]:
        """Every log of the workspace, as a plain array (``GET /api/v2/log``)."""
        return Call("GET", "/api/v2/log", json_body(list[Log]))

    @endpoint
    def create(
        self, activity_label: str, columns: Sequence[Column | Mapping[str, Any]]
    ) -> Call[Log]:
        """Create an automation's log with its columns (``POST /api/v2/log``).

        Sends the Python SDK's body: ``activityLabel``, ``columns`` (``name``, ``label``,
        ``width``) and ``organizationLabel``, the client's organization (as configured, else
        as the login answered, else the login), filled in once logged in.
        """
        body = validate(CreateLogRequest, activity_label=activity_label, columns=columns)
        auth = self._transport.auth

        def with_organization() -> dict[str, Any]:
            return {
                **body.to_wire(exclude={"organization_label"}),
                "organizationLabel": auth.organization,
            }

        return Call("POST", "/api/v2/log", json_body(Log), json=with_organization)

    @endpoint
    def get(self, activity_label: str) -> Call[Log]:
        """Fetch an automation's log with its columns (``GET /api/v2/log/{label}``)."""
        return Call("GET", _log_path(activity_label), json_body(Log))

    @endpoint
    def delete(self, activity_label: str) -> Call[None]:
        """Delete an automation's log and its entries (``DELETE /api/v2/log/{label}``)."""
        return Call("DELETE", _log_path(activity_label), no_body)

    @endpoint
    def add_entry(self, activity_label: str, values: Mapping[str, Any]) -> Call[None]:
        """Add one entry, values keyed by column label (``POST /api/v2/log/{label}/entry``)."""
        body = _check_values(values)
        return Call("POST", _log_path(activity_label, "/entry"), no_body, json=body)

    @endpoint
    def entries(self, activity_label: str, *, days: int = 7) -> Call[_Entries]:
        """The entries of the last ``days`` days (``GET /api/v2/log/{label}/entry-list``).

        Each entry keeps its values by column label; :meth:`read` keys them by column name.
        """
        return _entries_call(activity_label, days)

    @operation
    def read(self, activity_label: str, *, days: int = 365) -> Flow[MaestroResponse[_Rows]]:
        """The entries of the last ``days`` days as rows keyed by column name.

        Two requests, as the official SDK's ``get_log``: ``GET /api/v2/log/{label}`` for the
        columns, then ``GET /api/v2/log/{label}/entry-list?days=``. ``parsed`` holds the rows;
        ``data`` and ``raw`` are the entry list as the server sent it.
        """
        log_call: Call[Log] = Call("GET", _log_path(activity_label), json_body(Log))
        entries_call = _entries_call(activity_label, days)
        return self._read(log_call, entries_call)

    @staticmethod
    def _read(log_call: Call[Log], entries_call: Call[_Entries]) -> Flow[MaestroResponse[_Rows]]:
        log = (yield from fetch(log_call)).parsed
        entries = yield from fetch(entries_call)
        return entries.with_parsed(_rows(log, entries.parsed))

    @endpoint
    def export_csv(
        self,
        activity_label: str,
        *,
        days: int = 7,
        to: WriteTarget | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Call[bytes | None]:
        """The entries of the last ``days`` days as a CSV file.

        ``GET /api/v2/log/{label}/export?days=&format=csv`` (the JS SDK's route since 2023; the
        older ``/csv`` route is not used). With ``to=None`` the bytes are ``parsed``; with a
        path or binary file object they are streamed there and ``parsed`` is ``None``.
        """
        path = _log_path(activity_label, "/export")
        return file_call(path, to, on_progress, days=_check_days(days), format="csv")


def _entries_call(activity_label: str, days: int) -> Call[_Entries]:
    path = _log_path(activity_label, "/entry-list")
    return Call("GET", path, json_body(list[LogEntry]), params={"days": _check_days(days)})
