"""The emulator's routes, one module per resource; a new module is one line in ``ROUTERS``."""

from __future__ import annotations

from maestro.testing._router import Router
from maestro.testing._routes import (
    alerts,
    auth,
    automations,
    bots,
    credentials,
    datapools,
    errors,
    logs,
    messages,
    result_files,
    runners,
    schedules,
    tasks,
    workspaces,
)

ROUTERS: tuple[Router, ...] = (
    auth.router,
    tasks.router,
    logs.router,
    result_files.router,
    errors.router,
    alerts.router,
    messages.router,
    credentials.router,
    datapools.router,
    automations.router,
    bots.router,
    runners.router,
    schedules.router,
    workspaces.router,
)
