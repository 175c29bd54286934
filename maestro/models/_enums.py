"""The enums the facades' defaults need, kept apart from pydantic so they import cheaply.

``maestro.facades`` loads with the client and uses these as default values; the models import
them from here, and ``maestro.models.datapools`` (and ``maestro``) export them as before.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

__all__ = ["ConsumptionPolicy", "DatapoolTrigger", "ErrorType", "WireEnum"]


class WireEnum(str, Enum):
    """Base of the API's enums: members are their wire strings, found in any case.

    ``TaskState("finished") is TaskState.FINISHED``; ``str(member)`` is the wire value, so
    members print and format as the server spells them.
    """

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            wanted = value.strip().upper()
            for member in cls:
                if member.value == wanted:
                    return member
        return None


class ConsumptionPolicy(WireEnum):
    """The order in which entries of equal priority are pulled."""

    FIFO = "FIFO"
    LIFO = "LIFO"


class DatapoolTrigger(WireEnum):
    """When pushing an entry starts a task of the default automation."""

    ALWAYS = "ALWAYS"
    NEVER = "NEVER"
    NO_TASK_ACTIVE = "NO_TASK_ACTIVE"
    """Only when no task of the automation is active."""


class ErrorType(WireEnum):
    """Why an entry failed: the system (a crash) or the business rules (bad data)."""

    SYSTEM = "SYSTEM"
    BUSINESS = "BUSINESS"
