"""Runners (the API's "machines"): the agents that run tasks, identified by ``machineId``."""

from __future__ import annotations

from pydantic import Field

from maestro.models._base import ResponseModel, WireDatetime

__all__ = ["Runner", "RunnerTasksSummary"]


class Runner(ResponseModel):
    """A runner as ``GET /api/v2/machine/pagination`` lists it.

    ``name`` and ``isOnline`` are confirmed by official code, ``machineId`` as the filter
    and what tasks refer to; the rest is optional and kept as the server sends it.
    """

    id: int | str | None = None
    machine_id: str | None = Field(default=None, description="The id tasks refer to.")
    name: str | None = None
    description: str | None = None
    type: str | None = Field(default=None, description="Desktop or background runner.")
    is_online: bool | None = None
    organization_label: str | None = None
    version: str | None = Field(default=None, description="The runner's software version.")
    date_last_connection: WireDatetime = None
    date_creation: WireDatetime = None


class RunnerTasksSummary(ResponseModel):
    """What ``GET /api/v2/machine/{machineId}/tasks-summary`` answers, when it is an object.

    No source shows this answer (it may be a list, which ``runners.tasks_summary`` returns as
    sent). The fields below are the ones the SDK's emulator serves (task counts over the
    last ``days``); whatever a real server sends instead is kept in ``model_extra`` and in
    ``MaestroResponse.data``.
    """

    machine_id: str | None = None
    days: int | None = None
    total: int | None = Field(default=None, description="Tasks the runner took in the period.")
    states: dict[str, int] = Field(
        default_factory=dict, description="Task counts by state (START, RUNNING, FINISHED...)."
    )
