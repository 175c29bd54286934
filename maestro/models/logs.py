"""Execution logs: the columns an automation logs, and the entries a bot adds."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StrictInt

from maestro.models._base import NonBlankStr, RequestModel, ResponseModel, WireDatetime

__all__ = ["Column", "CreateLogRequest", "Log", "LogColumn", "LogEntry"]


class Column(RequestModel):
    """A column of a new log: ``name`` is shown, ``label`` is the key entries use.

    ``Column("Items processed", "items")`` and ``Column(name=..., label=..., width=...)``
    both work, as the official SDK's column does.
    """

    name: NonBlankStr = Field(description="The column's title on the dashboard.")
    label: NonBlankStr = Field(description="The key of this column in each entry.")
    width: Annotated[StrictInt, Field(ge=1)] = Field(default=100, description="Width in pixels.")

    def __init__(self, name: Any = None, label: Any = None, width: Any = 100, **data: Any) -> None:
        if name is not None:
            data["name"] = name
        if label is not None:
            data["label"] = label
        data.setdefault("width", width)
        super().__init__(**data)


class CreateLogRequest(RequestModel):
    """Body of ``POST /api/v2/log`` as the official Python and JS SDKs send it."""

    activity_label: NonBlankStr
    columns: Annotated[list[Column], Field(min_length=1)]
    organization_label: str | None = None


class LogColumn(ResponseModel):
    """A column of a log as the server returns it."""

    name: str | None = None
    label: str | None = None
    width: int | None = None
    visible: bool | None = Field(default=None, description="Sent by the C# SDK only.")


class Log(ResponseModel):
    """An automation's log (``GET /api/v2/log/{label}``), fields in wire order."""

    id: str | None = Field(default=None, description="Usually `<organization>-<label>`.")
    organization_label: str | None = None
    activity_label: str | None = None
    label: str | None = Field(default=None, description="The C# SDK's name for the label.")
    date_creation: WireDatetime = None
    repository_label: str | None = None
    columns: list[LogColumn] = Field(default_factory=list)


class LogEntry(ResponseModel):
    """One entry of a log (``GET /api/v2/log/{label}/entry-list``): values by column label."""

    columns: dict[str, Any] = Field(default_factory=dict)
    date_creation: WireDatetime = None
