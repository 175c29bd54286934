"""The check's result: one row per route, as a table for people and as JSON for a bug report."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from maestro._check._compare import Comparison, OtherType
from maestro._version import __version__

__all__ = ["CheckReport", "RouteResult"]

FORMAT_VERSION = 1
"""The version of the ``--json`` document's layout."""

_CELL_ITEMS = 4
_MASK = "***"
# Masking a very short secret everywhere would reveal it by the holes it leaves; the report
# never holds a value anyway, so this pass is a last line of defence for real secrets.
_MIN_MASKED_LENGTH = 8


@dataclass
class RouteResult:
    """What one route answered, and how it compares with the SDK's model.

    ``fits`` is ``True`` when the answer is a 2xx that the SDK reads, carrying every required
    field with the declared type; ``False`` when not (or the call failed); ``None`` when the
    route was not called (``note`` says why). ``paging`` is set for list routes: ``True``
    when ``page`` and ``size`` were honoured, ``False`` when not, ``None`` when unknown.
    """

    route: str
    kind: str = "read"
    """``read`` (a safe call on what the server has) or ``write`` (on the check's own objects)."""
    method: str | None = None
    path: str | None = None
    status: int | None = None
    fits: bool | None = None
    comparison: Comparison = field(default_factory=Comparison)
    paging: bool | None = None
    paging_note: str = ""
    note: str = ""
    unanswered: bool = False
    """Whether the request may have reached the server and no answer came (a dropped
    connection, a timeout): a create may then have been made all the same."""

    @property
    def ok(self) -> bool:
        """Whether nothing in this row disagrees with the SDK (skipped rows are ok)."""
        return self.fits is not False and self.paging is not False

    @property
    def skipped(self) -> bool:
        """Whether the route was not called."""
        return self.fits is None and self.status is None

    def to_json(self) -> dict[str, Any]:
        """The row as a JSON object (field names and types only, never a value)."""
        return {
            "route": self.route,
            "kind": self.kind,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "fits": self.fits,
            "server_only_fields": list(self.comparison.server_only),
            "missing_fields": list(self.comparison.missing),
            "fields_of_another_type": [
                {"field": item.field, "expected": item.expected, "got": item.got}
                for item in self.comparison.other_type
            ],
            "optional_fields_not_sent": list(self.comparison.not_sent),
            "paging": self.paging,
            "paging_note": self.paging_note,
            "note": self.note,
        }

    def cells(self) -> list[str]:
        """The row's table cells, in the order of :data:`TABLE_HEADER`."""
        expected = [f"{name} (missing)" for name in self.comparison.missing]
        expected += [_describe_other_type(item) for item in self.comparison.other_type]
        expected += [f"{name} (not sent)" for name in self.comparison.not_sent]
        return [
            self.route,
            self.kind,
            "-" if self.status is None else str(self.status),
            {True: "yes", False: "NO", None: "-"}[self.fits],
            _paging_cell(self.paging, self.paging_note),
            _list_cell(self.comparison.server_only),
            _list_cell(expected),
            self.note,
        ]


TABLE_HEADER = [
    "ROUTE",
    "CHECK",
    "STATUS",
    "FITS",
    "PAGE/SIZE",
    "SENT, NOT IN MODEL",
    "IN MODEL: MISSING OR OTHER TYPE",
    "NOTE",
]


def _describe_other_type(item: OtherType) -> str:
    return f"{item.field} ({item.got}, expected {item.expected})"


def _paging_cell(paging: bool | None, note: str) -> str:
    if paging is None:
        return note and "?"
    return "yes" if paging else f"NO: {note}"


def _list_cell(items: Sequence[str]) -> str:
    if not items:
        return ""
    shown = ", ".join(items[:_CELL_ITEMS])
    if len(items) > _CELL_ITEMS:
        shown += f" (+{len(items) - _CELL_ITEMS} more)"
    return shown


@dataclass
class CheckReport:
    """The whole check: the server, one :class:`RouteResult` per route, and the clean-up.

    ``exit_code`` is 0 when every route fits and 1 when something does not.
    :meth:`to_json` is the document to attach to a bug report; it holds no token, key or
    credential value.
    """

    server_url: str
    server_version: str | None = None
    run_id: str = ""
    write: bool = False
    rows: list[RouteResult] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    """What the write checks created, in words (``datapool 'maestro-check-1a2b'``)."""
    not_deleted: list[str] = field(default_factory=list)
    """What they created and could not delete: remove these by hand."""
    write_note: str = ""
    _secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def exit_code(self) -> int:
        """0 when every route fits (and pages where it should), 1 when something does not."""
        return 0 if all(row.ok for row in self.rows) and not self.not_deleted else 1

    def mask(self, *values: str | None) -> None:
        """Keep these values (a token, a key, a secret) out of the table and the JSON."""
        self._secrets += tuple(value for value in values if value)

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` document: environment, server, one object per route, clean-up."""
        called = [row for row in self.rows if not row.skipped]
        document: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "sdk": {"distribution": "botcity-maestro-client", "version": __version__},
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
            "server": {"url": self.server_url, "version": self.server_version},
            "run_id": self.run_id,
            "write": self.write,
            "exit_code": self.exit_code,
            "summary": {
                "routes": len(self.rows),
                "called": len(called),
                "fit": sum(1 for row in called if row.ok),
                "do_not_fit": sum(1 for row in called if not row.ok),
                "skipped": len(self.rows) - len(called),
            },
            "routes": [row.to_json() for row in self.rows],
            "created": list(self.created),
            "not_deleted": list(self.not_deleted),
            "write_note": self.write_note,
        }
        scrubbed: dict[str, Any] = _scrub(document, self._secrets)
        return scrubbed

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The header and one row of cells per route, for a plain or a rich table."""
        return list(TABLE_HEADER), [
            [_scrub(cell, self._secrets) for cell in row.cells()] for row in self.rows
        ]


def _scrub(value: Any, secrets: Sequence[str]) -> Any:
    """Replace every secret inside strings, lists and dicts (a last line of defence)."""
    if isinstance(value, str):
        for secret in secrets:
            if len(secret) >= _MIN_MASKED_LENGTH:
                value = value.replace(secret, _MASK)
        return value
    if isinstance(value, list):
        return [_scrub(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, secrets) for key, item in value.items()}
    return value
