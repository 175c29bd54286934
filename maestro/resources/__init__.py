"""The resources of the API, one module per resource; each route is declared once."""

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
