"""Field types shared by the bot-side request models (tasks, logs, result files, errors, alerts)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, PlainValidator, StrictInt

__all__ = ["Days", "TaskId"]


def _task_id(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise ValueError("must be a task id: a positive integer")
        return value
    if isinstance(value, str) and value.strip().isdigit() and int(value) > 0:
        return int(value)
    raise ValueError("must be a task id: a positive integer or a string of digits")


TaskId = Annotated[int, PlainValidator(_task_id)]
"""A task id in a request body: an integer, or the digits a bot gets on its command line.

Sent as a JSON number, which is what every official client sends.
"""

Days = Annotated[StrictInt, Field(ge=1)]
"""How many days back a list looks (``days``): a whole number of days, at least 1."""
