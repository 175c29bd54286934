"""The emulator's routes, one module per resource; a new module is one line in ``ROUTERS``."""

from __future__ import annotations

from maestro.testing._router import Router
from maestro.testing._routes import alerts, auth, errors, logs, messages, result_files, tasks

ROUTERS: tuple[Router, ...] = (
    auth.router,
    tasks.router,
    logs.router,
    result_files.router,
    errors.router,
    alerts.router,
    messages.router,
)
