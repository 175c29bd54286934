"""The emulator's memory: wire-format dicts (camelCase, exactly what is served), under one lock.

Every request handler runs while holding :attr:`EmulatorState.lock`, so handlers need no
locking of their own; code outside a handler (tests, server-side actions) takes the lock
before it changes anything. A resource added later gets its own field here and its own
route module under ``_routes/``.
"""

from __future__ import annotations

import random
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from maestro.testing._multipart import UploadedFile
from maestro.testing._tokens import Workspace
from maestro.testing._wire import error, format_datetime, is_integer_text, utc_now

__all__ = [
    "EmulatorState",
    "StoredArtifact",
    "StoredBot",
    "StoredDatapool",
    "StoredError",
    "StoredLog",
]

WireDict = dict[str, Any]


@dataclass
class StoredLog:
    """A log (custom columns of an automation) and its entries.

    ``log`` is the Log object as served; each entry is ``{"columns": {label: value},
    "dateCreation": "..."}`` as ``entry-list`` serves it. Change an entry's ``dateCreation``
    to backdate it.
    """

    log: WireDict
    entries: list[WireDict] = field(default_factory=list)

    @property
    def columns(self) -> list[WireDict]:
        """The log's columns: ``{"name", "label", "width", ...}`` each."""
        columns: list[WireDict] = self.log["columns"]
        return columns


@dataclass
class StoredArtifact:
    """A result file: the Artifact object as served and the uploaded file, once sent."""

    artifact: WireDict
    file: UploadedFile | None = None

    @property
    def content(self) -> bytes | None:
        """The uploaded bytes, or ``None`` before the upload."""
        return None if self.file is None else self.file.content


@dataclass
class StoredError:
    """A reported error: the Error object as served, its screenshot and its attachments."""

    error: WireDict
    screenshot: UploadedFile | None = None
    attachments: list[UploadedFile] = field(default_factory=list)


@dataclass
class StoredDatapool:
    """A datapool: the Datapool object as served and its entries by id, in push order."""

    pool: WireDict
    entries: dict[str, WireDict] = field(default_factory=dict)


@dataclass
class StoredBot:
    """A bot version: the object as served and its uploaded package, once sent."""

    bot: WireDict
    package: UploadedFile | None = None

    @property
    def content(self) -> bytes | None:
        """The package's bytes, or ``None`` before the upload."""
        return None if self.package is None else self.package.content


@dataclass
class EmulatorState:
    """Everything the emulator remembers, keyed the way the API addresses it.

    - ``workspace``: the login, organization, server version and issued tokens.
    - ``tasks``: task id -> Task object.
    - ``logs``: activity label -> :class:`StoredLog`.
    - ``artifacts``: artifact id -> :class:`StoredArtifact`.
    - ``errors``: error id -> :class:`StoredError`.
    - ``alerts``: alert id -> Alert object.
    - ``messages``: every message sent, as recorded (``emails``, ``logins``, ``subject``,
      ``body``, ``type``, ``groups``, ``dateCreation``).
    - ``automations``: automation label -> Automation object; tasks take their
      ``activityName`` and ``agentId`` from it when present (filled by the automations routes).
    - ``credentials``: credential label -> Credential object, secret values included.
    - ``datapools``: datapool label -> :class:`StoredDatapool`; ``used_datapool_labels``
      remembers every label ever created, since a deleted pool's label cannot be reused.
    - ``bots``: ``(botId, version)`` -> :class:`StoredBot`.
    - ``runners``: machine id -> Runner object; ``runner_logs``: machine id -> log lines.
    - ``schedules``: schedule id -> Schedule object.
    - ``workspaces``: workspace id -> Workspace object (the emulator's own workspace).
    - ``strict``: whether request bodies are checked strictly (see ``maestro.testing._bodies``).
    """

    workspace: Workspace
    strict: bool = False
    rng: random.Random = field(default_factory=random.Random)
    lock: threading.RLock = field(default_factory=threading.RLock)
    tasks: dict[int, WireDict] = field(default_factory=dict)
    logs: dict[str, StoredLog] = field(default_factory=dict)
    artifacts: dict[int, StoredArtifact] = field(default_factory=dict)
    errors: dict[int, StoredError] = field(default_factory=dict)
    alerts: dict[str, WireDict] = field(default_factory=dict)
    messages: list[WireDict] = field(default_factory=list)
    automations: dict[str, WireDict] = field(default_factory=dict)
    credentials: dict[str, WireDict] = field(default_factory=dict)
    datapools: dict[str, StoredDatapool] = field(default_factory=dict)
    used_datapool_labels: set[str] = field(default_factory=set)
    bots: dict[tuple[str, str], StoredBot] = field(default_factory=dict)
    runners: dict[str, WireDict] = field(default_factory=dict)
    runner_logs: dict[str, list[WireDict]] = field(default_factory=dict)
    schedules: dict[int, WireDict] = field(default_factory=dict)
    workspaces: dict[int, WireDict] = field(default_factory=dict)
    _counters: dict[str, int] = field(default_factory=dict)

    @property
    def organization(self) -> str:
        """The label of the workspace's organization."""
        return self.workspace.organization

    def next_id(self, kind: str) -> int:
        """Return the next integer id for ``kind`` (``"task"``, ``"artifact"``, ...), from 1."""
        with self.lock:
            self._counters[kind] = self._counters.get(kind, 0) + 1
            return self._counters[kind]

    def new_uuid(self) -> str:
        """Make a UUID-shaped string id, reproducible from the emulator's seed."""
        with self.lock:
            return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def now(self) -> datetime:
        """Return the emulator's time: now, in UTC."""
        return utc_now()

    def timestamp(self) -> str:
        """Now, formatted the way every date is served."""
        return format_datetime(self.now())

    def find_task(self, task_id: object, *, name: str = "taskId") -> WireDict:
        """Find a task by id (int or digit string); 400 if it is not an id, 404 if unknown."""
        text = str(task_id).strip()
        if isinstance(task_id, bool) or not is_integer_text(text):
            raise error(400, f"'{name}' must be an integer task id")
        task = self.tasks.get(int(text))
        if task is None:
            raise error(404, f"Task {int(text)} not found")
        return task
