"""Which routes the check calls, read from the SDK's own declarations, and with what arguments.

Every ``@endpoint`` of every resource of the client is a candidate. One that needs no
argument is built with its defaults (building is pure: nothing is sent) and is a read route
when its call is a ``GET``. One that needs arguments is a read route when :data:`SOURCES`
says which list answer provides them; :data:`NOT_RUN` names the ``GET`` routes that a safe
check leaves alone, and why.
"""

from __future__ import annotations

import collections.abc
import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from maestro._call import Call
from maestro._endpoint import Resource, endpoint
from maestro._response import MaestroResponse

__all__ = [
    "FIRST_PAGE_SIZE",
    "NOT_RUN",
    "SOURCES",
    "Declared",
    "Source",
    "answer_type",
    "declared_routes",
]

FIRST_PAGE_SIZE = 10
"""The page size of the first page each list route is asked for."""


@dataclass(frozen=True)
class Source:
    """Where a route's arguments come from: the first item of another route's answer.

    ``fields`` maps each argument to the item's key (the first present of several);
    ``inherited`` arguments are the ones the source route itself was called with.
    """

    route: str
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    inherited: tuple[str, ...] = ()


def _from(route: str, *inherited: str, **fields: str | tuple[str, ...]) -> Source:
    keys = {name: (keys,) if isinstance(keys, str) else keys for name, keys in fields.items()}
    return Source(route, keys, inherited)


SOURCES: dict[str, Source] = {
    "tasks.get": _from("tasks.list", task_id="id"),
    "automations.get": _from("automations.list", label="label"),
    "bots.get": _from("bots.list", bot_id="botId", version="version"),
    "credentials.get": _from("credentials.list", label="label"),
    "datapools.get": _from("datapools.list", label="label"),
    "datapools.summary": _from("datapools.list", label="label"),
    "datapools.view": _from("datapools.list", label="label"),
    "datapools.get_entry": _from("datapools.view", "label", entry_id="id"),
    "errors.get": _from("errors.list", error_id="id"),
    "logs.get": _from("logs.list", activity_label=("activityLabel", "label")),
    "logs.entries": _from("logs.list", activity_label=("activityLabel", "label")),
    "logs.export_csv": _from("logs.list", activity_label=("activityLabel", "label")),
    "result_files.get": _from("result_files.list", artifact_id="id"),
    "runners.get": _from("runners.list", machine_id="machineId"),
    "runners.logs": _from("runners.list", machine_id="machineId"),
    "runners.tasks_summary": _from("runners.list", machine_id="machineId"),
    "schedules.get": _from("schedules.list", schedule_id="id"),
    "workspaces.get": _from("workspaces.list", workspace_id="id"),
}
"""Read routes that need arguments, and the list route whose first item provides them."""

NOT_RUN: dict[str, str] = {
    "credentials.get_value": "reads a secret value (--write reads the check's own)",
    "datapools.pull": "takes an entry off the queue (--write pulls from the check's own pool)",
    "result_files.download": "downloads a whole stored file",
}
"""``GET`` routes that the read-only check does not call, with the reason shown."""


@dataclass(frozen=True)
class Declared:
    """One ``@endpoint`` declaration, bound to the client's resource that serves it."""

    resource: Resource[Any]
    resource_name: str
    name: str
    declaration: endpoint[..., Any]

    @property
    def route(self) -> str:
        """The route's name as users call it: ``tasks.get`` (``version`` on the client)."""
        return f"{self.resource_name}.{self.name}" if self.resource_name else self.name

    @property
    def parameters(self) -> Mapping[str, inspect.Parameter]:
        """The declaration's parameters, without ``self``."""
        parameters = dict(inspect.signature(self.builder).parameters)
        parameters.pop("self", None)
        return parameters

    @property
    def required(self) -> tuple[str, ...]:
        """The parameters that have no default."""
        return tuple(
            name
            for name, parameter in self.parameters.items()
            if parameter.default is inspect.Parameter.empty
            and parameter.kind
            not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        )

    @property
    def paged(self) -> bool:
        """Whether the route takes Spring's ``page`` and ``size``."""
        return "page" in self.parameters and "size" in self.parameters

    @property
    def builder(self) -> Callable[..., Call[Any]]:
        """The function that describes the request (pure: it sends nothing)."""
        built: Callable[..., Call[Any]] = self.declaration.__wrapped__  # type: ignore[attr-defined]
        return built

    def call(self, **arguments: Any) -> Call[Any]:
        """The request this route sends with ``arguments`` (validated, not sent)."""
        return self.builder(self.resource, **arguments)

    def send(self, **arguments: Any) -> MaestroResponse[Any]:
        """Send the request through the client, as user code calling the method would."""
        method: Callable[..., MaestroResponse[Any]] = getattr(self.resource, self.name)
        return method(**arguments)


# The order of the report: a bot's day first, then the control plane; any resource not named
# here follows, by name. (The clients attach their resources in alphabetical order.)
REPORT_ORDER = (
    "tasks", "logs", "automations", "bots", "runners", "credentials", "datapools",
    "result_files", "errors", "schedules", "workspaces", "alerts", "messages",
)  # fmt: skip


def _report_position(resource: Resource[Any]) -> tuple[int, str]:
    name = type(resource)._resource_name
    return (REPORT_ORDER.index(name) if name in REPORT_ORDER else len(REPORT_ORDER), name)


def declared_routes(client: object) -> list[Declared]:
    """Every ``@endpoint`` of every resource of ``client``, in the report's order."""
    routes: list[Declared] = []
    # Reading each name makes the resources not yet made (a client makes them on first use).
    values = [getattr(client, name) for name in dir(client) if not name.startswith("_")]
    resources = [value for value in values if isinstance(value, Resource)]
    for resource in sorted(resources, key=_report_position):
        resource_name = type(resource)._resource_name
        seen: set[str] = set()
        # Declaration order, a subclass's routes after (or instead of) its base's.
        for owner in reversed(type(resource).__mro__):
            for name, value in vars(owner).items():
                if isinstance(value, endpoint) and not name.startswith("_") and name not in seen:
                    seen.add(name)
                    routes.append(Declared(resource, resource_name, name, value))
    return routes


def answer_type(builder: Callable[..., Any]) -> Any:
    """The model a declaration promises: ``X`` from ``Call[X]`` or ``Flow[MaestroResponse[X]]``.

    ``Any`` when the annotation cannot be read.
    """
    try:
        hints = typing.get_type_hints(builder)
    except Exception:  # an annotation naming what the module imports only for type checking
        return Any
    promised = hints.get("return", Any)
    while typing.get_origin(promised) is not None:
        origin = typing.get_origin(promised)
        arguments = typing.get_args(promised)
        if origin is Call or origin is MaestroResponse:
            promised = arguments[0]
            continue
        if origin is collections.abc.Generator and len(arguments) == 3:
            promised = arguments[2]
            continue
        break
    return promised
