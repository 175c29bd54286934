"""The resources of the API, one module per resource; each route is declared once.

A client makes each resource the first time it is read (``client.tasks``), importing its
module then; the names here load on first use too (see ``maestro/_lazy.py``).
"""

from typing import TYPE_CHECKING

__all__ = [
    "Alerts",
    "Automations",
    "Bots",
    "Credentials",
    "Datapools",
    "Errors",
    "Logs",
    "Messages",
    "ResultFiles",
    "Runners",
    "Schedules",
    "Tasks",
    "Workspaces",
]

if TYPE_CHECKING:
    from maestro.resources.alerts import Alerts
    from maestro.resources.automations import Automations
    from maestro.resources.bots import Bots
    from maestro.resources.credentials import Credentials
    from maestro.resources.datapools import Datapools
    from maestro.resources.errors import Errors
    from maestro.resources.logs import Logs
    from maestro.resources.messages import Messages
    from maestro.resources.result_files import ResultFiles
    from maestro.resources.runners import Runners
    from maestro.resources.schedules import Schedules
    from maestro.resources.tasks import Tasks
    from maestro.resources.workspaces import Workspaces
else:
    from maestro._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "maestro.resources.alerts": ["Alerts"],
            "maestro.resources.automations": ["Automations"],
            "maestro.resources.bots": ["Bots"],
            "maestro.resources.credentials": ["Credentials"],
            "maestro.resources.datapools": ["Datapools"],
            "maestro.resources.errors": ["Errors"],
            "maestro.resources.logs": ["Logs"],
            "maestro.resources.messages": ["Messages"],
            "maestro.resources.result_files": ["ResultFiles"],
            "maestro.resources.runners": ["Runners"],
            "maestro.resources.schedules": ["Schedules"],
            "maestro.resources.tasks": ["Tasks"],
            "maestro.resources.workspaces": ["Workspaces"],
        },
    )
