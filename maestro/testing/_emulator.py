"""``MaestroEmulator``: an in-memory, stateful Maestro API v2 for tests, demos and other clients."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from maestro.testing._dispatch import Dispatcher
from maestro.testing._faults import FaultInjector
from maestro.testing._recording import DEFAULT_MAX_RECORDED_REQUESTS, RecordedRequest
from maestro.testing._router import RouteTable
from maestro.testing._routes import ROUTERS
from maestro.testing._routes import automations as automation_routes
from maestro.testing._routes import datapools as datapool_routes
from maestro.testing._routes import runners as runner_routes
from maestro.testing._routes import tasks as task_routes
from maestro.testing._routes import workspaces as workspace_routes
from maestro.testing._server import DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_BODY_BYTES
from maestro.testing._server import serve as serve_http
from maestro.testing._state import (
    EmulatorState,
    StoredArtifact,
    StoredBot,
    StoredError,
    StoredLog,
    WireDict,
)
from maestro.testing._tokens import TokenIssuer, Workspace
from maestro.testing._transport import EmulatorTransport

if TYPE_CHECKING:
    from maestro import AsyncMaestroClient, MaestroClient

__all__ = ["MaestroEmulator"]

# Clients turn features off on servers older than this (datapools need 3.0.2).
MINIMUM_VERSION = (3, 0, 2)


class MaestroEmulator:
    """An in-memory Maestro that speaks the wire format of the Maestro API v2.

    Use it in-process through :meth:`transport` (or the ready :meth:`client` and
    :meth:`async_client`), or over real HTTP on loopback with :meth:`serve`.
    ``organization`` defaults to ``login``, as the official SDK assumes; ``version`` is what
    ``GET /api/v2/maestro/version`` reports; ``seed`` makes generated ids and random faults
    reproducible; ``max_recorded_requests`` bounds :attr:`requests` (the oldest are dropped).
    ``automations`` lists the labels of the automations the workspace has from the start;
    without it the emulator has a demo set (``demo-invoices``, ``demo-reports``,
    ``MyAutomation`` and ``Invoices``). More can be added later with :meth:`add_automation`.
    Tasks, schedules and datapools may name only these (404 for another), as on a real server.

    ``strict=True`` stops forgiving what a client sends wrong: a request body with a field
    the route does not know, or without one that every official client sends and that has
    no default, gets 400 naming the field. Off by default, as a server that
    ignores unknown JSON properties; turn it on to test a client's bodies.
    """

    base_url = "http://maestro.emulator"

    def __init__(
        self,
        login: str = "demo",
        key: str = "demo-key",
        organization: str | None = None,
        token_ttl: float = 3600.0,
        version: str = "3.4.0",
        *,
        seed: int = 0,
        max_recorded_requests: int = DEFAULT_MAX_RECORDED_REQUESTS,
        automations: Iterable[str] | None = None,
        strict: bool = False,
    ) -> None:
        labels = None if automations is None else _automation_labels(automations)
        if _version_tuple(version) < MINIMUM_VERSION:
            raise ValueError(f"version must be at least 3.0.2, not {version!r}")
        if token_ttl <= 0:
            raise ValueError("token_ttl must be positive")
        organization = organization or login
        workspace = Workspace(
            login=login,
            organization=organization,
            version=version,
            key=key,
            tokens=TokenIssuer(login, organization, token_ttl),
        )
        self.state = EmulatorState(workspace=workspace, rng=random.Random(seed), strict=strict)
        # Automations and a few runners from the start, so lists have something to show.
        automation_routes.seed(self.state, labels)
        for seed_resource in (runner_routes.seed, workspace_routes.seed):
            seed_resource(self.state)
        self.faults = FaultInjector(seed)
        self._dispatcher = Dispatcher(
            self.state,
            self.faults,
            RouteTable(ROUTERS),
            max_recorded_requests=max_recorded_requests,
        )
        self._transport = EmulatorTransport(self._dispatcher)

    def __repr__(self) -> str:
        return f"MaestroEmulator(login={self.login!r}, organization={self.organization!r})"

    @property
    def login(self) -> str:
        """The workspace login that the login route accepts."""
        return self.state.workspace.login

    @property
    def key(self) -> str:
        """The workspace key that the login route accepts."""
        return self.state.workspace.key

    @property
    def organization(self) -> str:
        """The organization label (the login unless given)."""
        return self.state.organization

    @property
    def strict(self) -> bool:
        """Whether request bodies are checked strictly (unknown and missing fields are 400)."""
        return self.state.strict

    @property
    def version(self) -> str:
        """The server version reported by ``GET /api/v2/maestro/version``."""
        return self.state.workspace.version

    # Connecting

    def transport(self) -> EmulatorTransport:
        """Return the httpx transport into this emulator, for sync and async clients alike."""
        return self._transport

    def client(self, **overrides: Any) -> MaestroClient:
        """Make a ``maestro.MaestroClient`` for this emulator, through :meth:`transport`.

        Keyword arguments pass through to the client and win over the defaults.
        """
        # Imported here: a test of the emulator alone does not need the clients.
        from maestro import MaestroClient

        return MaestroClient(**self._client_options(overrides))

    def async_client(self, **overrides: Any) -> AsyncMaestroClient:
        """Make a ``maestro.AsyncMaestroClient`` for this emulator, through :meth:`transport`.

        Keyword arguments pass through to the client and win over the defaults.
        """
        from maestro import AsyncMaestroClient

        return AsyncMaestroClient(**self._client_options(overrides))

    def _client_options(self, overrides: dict[str, Any]) -> dict[str, Any]:
        options: dict[str, Any] = {
            "login": self.login,
            "key": self.key,
            "base_url": self.base_url,
            "transport": self.transport(),
        }
        options.update(overrides)
        return options

    @contextmanager
    def serve(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> Iterator[str]:
        """Serve over real HTTP in a daemon thread; yields ``"http://<host>:<port>"``.

        ``port=0`` picks a free port. Leaving the ``with`` block stops the server, closes
        its connections and joins its threads. Same state and faults as in-process.
        A connection idle for ``idle_timeout`` seconds is closed (60 by default); a request
        body over ``max_body_bytes`` (128 MiB by default) is answered 413 unread.
        """
        with serve_http(
            self._dispatcher,
            host,
            port,
            idle_timeout=idle_timeout,
            max_body_bytes=max_body_bytes,
        ) as url:
            yield url

    # What the emulator received

    @property
    def requests(self) -> list[RecordedRequest]:
        """The most recent requests received (``max_recorded_requests`` at most), oldest first."""
        return self._dispatcher.requests

    def clear_requests(self) -> None:
        """Forget the requests received so far."""
        self._dispatcher.clear_requests()

    # Read access to the state. These are the live objects: change them only while no
    # request is in flight, or while holding ``emulator.state.lock``.

    @property
    def tasks(self) -> dict[int, WireDict]:
        """Tasks by id, as served."""
        return self.state.tasks

    @property
    def alerts(self) -> dict[str, WireDict]:
        """Alerts by id, as served."""
        return self.state.alerts

    @property
    def messages(self) -> list[WireDict]:
        """Messages sent, in order."""
        return self.state.messages

    @property
    def logs(self) -> dict[str, StoredLog]:
        """Logs by activity label, each with ``log``, ``columns`` and ``entries``."""
        return self.state.logs

    @property
    def result_files(self) -> dict[int, StoredArtifact]:
        """Result files by artifact id, each with ``artifact`` and the uploaded ``file``."""
        return self.state.artifacts

    @property
    def errors(self) -> dict[int, StoredError]:
        """Reported errors by id, each with ``error``, ``screenshot`` and ``attachments``."""
        return self.state.errors

    @property
    def credentials(self) -> dict[str, WireDict]:
        """Credential sets by label, secret values included, as served."""
        return self.state.credentials

    @property
    def datapools(self) -> dict[str, WireDict]:
        """Datapools by label, as served (a new dict; the pool objects are the live ones)."""
        return {label: stored.pool for label, stored in self.state.datapools.items()}

    def datapool_entries(self, label: str) -> list[WireDict]:
        """The entries of a datapool in push order, as served; ``KeyError`` for an unknown pool."""
        return list(self.state.datapools[label].entries.values())

    @property
    def automations(self) -> dict[str, WireDict]:
        """Automations by label, as served (those given to the constructor, else the demo set)."""
        return self.state.automations

    @property
    def bots(self) -> dict[tuple[str, str], StoredBot]:
        """Bot versions by ``(botId, version)``, each with ``bot`` and the uploaded ``package``."""
        return self.state.bots

    @property
    def runners(self) -> dict[str, WireDict]:
        """Runners by machine id, as served (``runner-01`` online, ``runner-02`` offline)."""
        return self.state.runners

    @property
    def schedules(self) -> dict[int, WireDict]:
        """Schedules by id, as served."""
        return self.state.schedules

    @property
    def workspaces(self) -> dict[int, WireDict]:
        """Workspaces by id, as served (the emulator's own)."""
        return self.state.workspaces

    def add_automation(self, label: str, *, name: str | None = None, **fields: Any) -> WireDict:
        """Add an automation (no API route creates one); camelCase ``fields`` override."""
        with self.state.lock:
            return automation_routes.add_automation(self.state, label, name=name, **fields)

    def add_runner(
        self, machine_id: str, *, name: str | None = None, is_online: bool = True, **fields: Any
    ) -> WireDict:
        """Add a runner (no API route registers one); camelCase ``fields`` override."""
        with self.state.lock:
            return runner_routes.add_runner(
                self.state, machine_id, name=name, is_online=is_online, **fields
            )

    # What a real server does on its own

    def issue_token(self) -> str:
        """Issue a fresh access token, as the Runner hands one to a bot it starts."""
        return self.state.workspace.tokens.issue()

    def expire_tokens(self) -> None:
        """Expire every token issued so far: the next request with one of them gets 401."""
        self.state.workspace.tokens.expire_all()

    def run_task(self, task_id: int, machine_id: str = "runner-01") -> WireDict:
        """Let a runner take the task: ``START`` -> ``RUNNING`` on ``machine_id``.

        Raises ``KeyError`` for an unknown task and ``ValueError`` when it is not in ``START``.
        """
        return task_routes.run_task(self.state, task_id, machine_id)

    def time_out_entry(self, label: str, entry_id: str) -> WireDict:
        """Time a datapool entry out: ``PROCESSING`` -> ``TIMEOUT``.

        Raises ``KeyError`` for an unknown pool or entry and ``ValueError`` from another state.
        """
        return datapool_routes.time_out_entry(self.state, label, entry_id)

    def time_out_task(self, task_id: int) -> WireDict:
        """Time the task out: ``START`` or ``RUNNING`` -> ``TIMEOUT``.

        Raises ``KeyError`` for an unknown task and ``ValueError`` from any other state.
        """
        return task_routes.time_out_task(self.state, task_id)


def _automation_labels(automations: Iterable[str]) -> list[str]:
    """The labels given, checked: an iterable of non-blank strings (a lone string is refused)."""
    if isinstance(automations, str):
        raise TypeError(f"automations must be a list of labels, not the string {automations!r}")
    labels = list(automations)
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"automation labels must be non-blank strings, not {label!r}")
    return labels


def _version_tuple(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        raise ValueError(f"version must look like 3.4.0, not {version!r}") from None
