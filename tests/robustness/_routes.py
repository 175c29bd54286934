"""Every public route of the clients, each with one set of valid sample arguments.

The table is explicit on purpose: ``public_methods()`` finds every public method of every
resource (and the client's own routes), and a test fails when one has no sample here, so a
new route cannot slip past the bad-response matrix.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maestro import MaestroClient, TaskWaitTimeoutError
from maestro._client import _BaseClient
from maestro._endpoint import _Declaration, endpoint
from tests.test_public_api import RESOURCES


@dataclass(frozen=True)
class Sample:
    """Arguments for one route; ``files`` builds the arguments that need a folder."""

    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    files: Callable[[Path], dict[str, Any]] | None = None
    also: tuple[type[BaseException], ...] = ()
    """Errors the operation may raise after a 2xx for reasons other than the body's shape."""
    downloads_to: str | None = None
    """The keyword that names a download target: its ``data`` must be the path."""

    def arguments(self, folder: Path) -> tuple[tuple[Any, ...], dict[str, Any]]:
        extra = self.files(folder) if self.files is not None else {}
        return self.args, {**self.kwargs, **extra}


def _to(name: str) -> Callable[[Path], dict[str, Any]]:
    return lambda folder: {"to": folder / name}


def _attachment(folder: Path) -> dict[str, Any]:
    path = folder / "notes.txt"
    path.write_bytes(b"notes")
    return {"attachments": [path]}


SAMPLES: dict[str, Sample] = {
    "client.version": Sample(),
    "client.request_raw": Sample(("GET", "/anything")),
    "tasks.get": Sample((1,)),
    "tasks.create": Sample(("Robot",), {"parameters": {"n": 1}}),
    "tasks.list": Sample(),
    "tasks.iterate": Sample(),
    "tasks.finish": Sample((1, "SUCCESS"), {"total_items": 2, "processed_items": 2}),
    "tasks.restart": Sample((1,)),
    "tasks.interrupt": Sample((1,)),
    "tasks.cancel": Sample((1,)),
    "tasks.kill": Sample((1,)),
    "tasks.delete": Sample((1,)),
    # A task in an unknown state is not final: waiting for it runs out of time.
    "tasks.wait": Sample(
        (1,), {"timeout": 1.0, "poll_interval": 1.0}, also=(TaskWaitTimeoutError,)
    ),
    "logs.list": Sample(),
    "logs.create": Sample(("Robot", [{"name": "Item", "label": "item", "width": 100}])),
    "logs.get": Sample(("Robot",)),
    "logs.delete": Sample(("Robot",)),
    "logs.add_entry": Sample(("Robot", {"item": "a"})),
    "logs.entries": Sample(("Robot",)),
    "logs.read": Sample(("Robot",)),
    "logs.export_csv": Sample(("Robot",), files=_to("log.csv"), downloads_to="to"),
    "automations.list": Sample(),
    "automations.search": Sample(),
    "automations.get": Sample(("Robot",)),
    "bots.list": Sample(),
    "bots.search": Sample(),
    "bots.get": Sample(("bot", "1.0")),
    "bots.deploy": Sample(
        ("bot", "1.0", b"PK\x03\x04"), {"technology": "PYTHON", "filename": "bot.zip"}
    ),
    "bots.upload": Sample(("bot", "1.0", b"PK\x03\x04"), {"filename": "bot.zip"}),
    "bots.release": Sample(("bot", "1.0")),
    "bots.delete": Sample(("bot", "1.0")),
    "runners.list": Sample(),
    "runners.iterate": Sample(),
    "runners.get": Sample(("runner-1",)),
    "runners.logs": Sample(("runner-1",)),
    "runners.tasks_summary": Sample(("runner-1",)),
    "credentials.list": Sample(),
    "credentials.get": Sample(("vault",)),
    "credentials.get_value": Sample(("vault", "user")),
    "credentials.create": Sample(("vault", {"user": "s3cr3t-value"})),
    "credentials.set_value": Sample(("vault", "user", "s3cr3t-value")),
    "credentials.update_value": Sample(("vault", "user", "s3cr3t-value")),
    "credentials.remove_key": Sample(("vault", "user")),
    "credentials.delete": Sample(("vault",)),
    "datapools.list": Sample(),
    "datapools.iterate": Sample(),
    "datapools.get": Sample(("orders",)),
    "datapools.create": Sample(("orders",)),
    "datapools.update": Sample(("orders",), {"name": "Orders"}),
    "datapools.activate": Sample(("orders",)),
    "datapools.deactivate": Sample(("orders",)),
    "datapools.delete": Sample(("orders",)),
    "datapools.summary": Sample(("orders",)),
    "datapools.view": Sample(("orders",)),
    "datapools.push": Sample(("orders", {"id": 1})),
    "datapools.pull": Sample(("orders",)),
    "datapools.get_entry": Sample(("orders", "e1")),
    "datapools.update_entry": Sample(("orders", "e1"), {"priority": 3}),
    "datapools.report_done": Sample(("orders", "e1")),
    "datapools.report_error": Sample(("orders", "e1")),
    "datapools.cancel_entry": Sample(("orders", "e1")),
    "datapools.delete_entry": Sample(("orders", "e1")),
    "datapools.consume": Sample(("orders",), {"limit": 1}),
    "result_files.list": Sample(),
    "result_files.iterate": Sample(),
    "result_files.get": Sample((1,)),
    "result_files.create": Sample((1, "Report", "report.txt")),
    "result_files.upload": Sample((1, b"data"), {"name": "report.txt"}),
    "result_files.download": Sample((1,), files=_to("out.bin"), downloads_to="to"),
    "result_files.delete": Sample((1,)),
    "errors.list": Sample(),
    "errors.iterate": Sample(),
    "errors.get": Sample((1,)),
    "errors.create": Sample((1,), {"type": "ValueError", "message": "boom"}),
    "errors.report": Sample(
        (1, ValueError("boom")),
        {"screenshot": b"\x89PNG", "include_environment": False},
        files=_attachment,
    ),
    "errors.add_screenshot": Sample((1, b"\x89PNG")),
    "errors.add_attachment": Sample((1, b"x"), {"filename": "a.txt"}),
    "schedules.list": Sample(),
    "schedules.iterate": Sample(),
    "schedules.get": Sample((1,)),
    "schedules.create": Sample(("Robot", "0 0 8 * * ?")),
    "schedules.update": Sample((1,), {"priority": 2}),
    "schedules.delete": Sample((1,)),
    "workspaces.list": Sample(),
    "workspaces.get": Sample((1,)),
    "alerts.create": Sample((1, "Title", "Message")),
    "alerts.list": Sample(),
    "messages.send": Sample(kwargs={"subject": "Hi", "body": "Hello", "emails": ["a@b.c"]}),
}


def public_methods() -> dict[str, str]:
    """``"resource.method"`` to its kind (endpoint, operation, paginated, method), every route."""
    found: dict[str, str] = {}
    client = MaestroClient("login", "key")
    for name, value in vars(_BaseClient).items():
        if isinstance(value, endpoint):
            found[f"client.{name}"] = "endpoint"
    for resource in RESOURCES:
        for klass in type(getattr(client, resource)).__mro__:
            if klass.__module__.startswith("maestro.resources"):
                for name, value in vars(klass).items():
                    if name.startswith("_") or f"{resource}.{name}" in found:
                        continue
                    if isinstance(value, _Declaration):
                        found[f"{resource}.{name}"] = type(value).__name__
                    elif inspect.isfunction(inspect.unwrap(value)):
                        found[f"{resource}.{name}"] = "method"
    client.close()
    return found
