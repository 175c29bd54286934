"""The facades by name, as users annotate their own helpers: mypy --strict and pyright.

The clients' resources are typed by the facades of ``maestro.facades``; a helper that takes
``tasks: TasksFacade`` sees the same types as code that uses ``client.tasks``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from typing_extensions import assert_type

from maestro import (
    Alert,
    Artifact,
    AsyncConsumedEntry,
    AsyncMaestroClient,
    Automation,
    BotVersion,
    Column,
    ConsumedEntry,
    Credential,
    Datapool,
    DatapoolEntry,
    DatapoolSummary,
    ErrorReport,
    Log,
    LogEntry,
    MaestroClient,
    MaestroResponse,
    Page,
    Runner,
    Schedule,
    Task,
    Workspace,
)
from maestro.facades import (
    AlertsFacade,
    AsyncAlertsFacade,
    AsyncAutomationsFacade,
    AsyncBotsFacade,
    AsyncCredentialsFacade,
    AsyncDatapoolsFacade,
    AsyncErrorsFacade,
    AsyncLogsFacade,
    AsyncMessagesFacade,
    AsyncResultFilesFacade,
    AsyncRunnersFacade,
    AsyncSchedulesFacade,
    AsyncTasksFacade,
    AsyncWorkspacesFacade,
    AutomationsFacade,
    BotsFacade,
    CredentialsFacade,
    DatapoolsFacade,
    ErrorsFacade,
    LogsFacade,
    MessagesFacade,
    ResultFilesFacade,
    RunnersFacade,
    SchedulesFacade,
    TasksFacade,
    WorkspacesFacade,
)
from maestro.models import RunnerTasksSummary


def sync_resources_are_their_facades(client: MaestroClient) -> None:
    assert_type(client.alerts, AlertsFacade)
    assert_type(client.automations, AutomationsFacade)
    assert_type(client.bots, BotsFacade)
    assert_type(client.credentials, CredentialsFacade)
    assert_type(client.datapools, DatapoolsFacade)
    assert_type(client.errors, ErrorsFacade)
    assert_type(client.logs, LogsFacade)
    assert_type(client.messages, MessagesFacade)
    assert_type(client.result_files, ResultFilesFacade)
    assert_type(client.runners, RunnersFacade)
    assert_type(client.schedules, SchedulesFacade)
    assert_type(client.tasks, TasksFacade)
    assert_type(client.workspaces, WorkspacesFacade)


def async_resources_are_their_facades(client: AsyncMaestroClient) -> None:
    assert_type(client.alerts, AsyncAlertsFacade)
    assert_type(client.automations, AsyncAutomationsFacade)
    assert_type(client.bots, AsyncBotsFacade)
    assert_type(client.credentials, AsyncCredentialsFacade)
    assert_type(client.datapools, AsyncDatapoolsFacade)
    assert_type(client.errors, AsyncErrorsFacade)
    assert_type(client.logs, AsyncLogsFacade)
    assert_type(client.messages, AsyncMessagesFacade)
    assert_type(client.result_files, AsyncResultFilesFacade)
    assert_type(client.runners, AsyncRunnersFacade)
    assert_type(client.schedules, AsyncSchedulesFacade)
    assert_type(client.tasks, AsyncTasksFacade)
    assert_type(client.workspaces, AsyncWorkspacesFacade)


def sync_helpers(
    tasks: TasksFacade,
    logs: LogsFacade,
    result_files: ResultFilesFacade,
    errors: ErrorsFacade,
    alerts: AlertsFacade,
    messages: MessagesFacade,
    error: Exception,
) -> None:
    assert_type(tasks.get(1), MaestroResponse[Task])
    assert_type(tasks.get("1").parsed, Task)
    assert_type(tasks.create("label", priority=3), MaestroResponse[Task])
    assert_type(tasks.list(state="RUNNING"), MaestroResponse[Page[Task]])
    assert_type(tasks.iterate(days=1), Iterator[Task])
    assert_type(tasks.finish(1, "SUCCESS", total_items=1, failed_items=0).parsed, Task | None)
    assert_type(tasks.kill(1), MaestroResponse[Task | None])
    assert_type(tasks.wait(1, timeout=60), MaestroResponse[Task])
    assert_type(logs.list().parsed, list[Log])
    assert_type(logs.create("a", [Column("n", "l")]), MaestroResponse[Log])
    assert_type(logs.add_entry("a", {"l": 1}), MaestroResponse[None])
    assert_type(logs.entries("a").parsed, list[LogEntry])
    assert_type(logs.read("a"), MaestroResponse[list[dict[str, Any]]])
    assert_type(logs.export_csv("a").parsed, bytes | None)
    assert_type(result_files.iterate(), Iterator[Artifact])
    assert_type(result_files.upload(1, Path("f.txt")), MaestroResponse[Artifact])
    assert_type(result_files.download(1, "out.bin"), MaestroResponse[bytes | None])
    assert_type(errors.report(1, error), MaestroResponse[ErrorReport])
    assert_type(errors.add_attachment(1, b"x", filename="x"), MaestroResponse[None])
    assert_type(alerts.create(1, "t", "m").parsed, Alert)
    assert_type(messages.send(subject="s", body="b", emails=["a@b"]), MaestroResponse[None])


async def async_helpers(
    tasks: AsyncTasksFacade,
    logs: AsyncLogsFacade,
    result_files: AsyncResultFilesFacade,
    errors: AsyncErrorsFacade,
    alerts: AsyncAlertsFacade,
    error: Exception,
) -> None:
    assert_type(await tasks.get(1), MaestroResponse[Task])
    assert_type((await tasks.create("label")).parsed, Task)
    assert_type(await tasks.list(), MaestroResponse[Page[Task]])
    assert_type(tasks.iterate(), AsyncIterator[Task])
    assert_type(await tasks.restart(1), MaestroResponse[Task | None])
    assert_type(await tasks.wait(1), MaestroResponse[Task])
    assert_type(await logs.read("a", days=30), MaestroResponse[list[dict[str, Any]]])
    assert_type(result_files.iterate(task_id=1), AsyncIterator[Artifact])
    assert_type(await result_files.upload(1, b"x", name="x"), MaestroResponse[Artifact])
    assert_type(errors.iterate(), AsyncIterator[ErrorReport])
    assert_type(await errors.report(1, error), MaestroResponse[ErrorReport])
    assert_type((await alerts.list()).parsed, Page[Alert])


def run_from_sync_code(tasks: AsyncTasksFacade) -> Task:
    # asyncio.run needs a Coroutine, not just an Awaitable: an async def gives one.
    return asyncio.run(tasks.get(1)).parsed


def sync_control_plane(
    automations: AutomationsFacade,
    bots: BotsFacade,
    runners: RunnersFacade,
    schedules: SchedulesFacade,
    workspaces: WorkspacesFacade,
) -> None:
    assert_type(automations.list(), MaestroResponse[list[Automation]])
    assert_type(automations.search(label="x"), MaestroResponse[Page[Automation]])
    assert_type(automations.get("x").parsed, Automation)
    assert_type(bots.list(bot_id="b"), MaestroResponse[list[BotVersion]])
    assert_type(bots.search(), MaestroResponse[Page[BotVersion]])
    assert_type(bots.get("b", "1"), MaestroResponse[BotVersion])
    assert_type(bots.deploy("b", "1", "bot.zip", technology="PYTHON"), MaestroResponse[None])
    assert_type(bots.upload("b", "1", b"", filename="b.zip"), MaestroResponse[None])
    assert_type(bots.release("b", "1"), MaestroResponse[None])
    assert_type(bots.delete("b", "1"), MaestroResponse[None])
    assert_type(runners.list(is_online=True), MaestroResponse[Page[Runner]])
    assert_type(runners.iterate(type="DESKTOP"), Iterator[Runner])
    assert_type(runners.get("m"), MaestroResponse[Runner])
    assert_type(runners.logs("m"), MaestroResponse[Any])
    assert_type(runners.tasks_summary("m", days=7), MaestroResponse[RunnerTasksSummary | list[Any]])
    assert_type(schedules.list(), MaestroResponse[Page[Schedule]])
    assert_type(schedules.iterate(), Iterator[Schedule])
    assert_type(schedules.get(1), MaestroResponse[Schedule])
    assert_type(schedules.create("a", "0 0 13 ? * *"), MaestroResponse[Schedule])
    assert_type(schedules.update(1, active=False), MaestroResponse[Schedule])
    assert_type(schedules.delete(1), MaestroResponse[None])
    assert_type(workspaces.list(), MaestroResponse[list[Workspace]])
    assert_type(workspaces.get(1), MaestroResponse[Workspace])


async def async_control_plane(
    automations: AsyncAutomationsFacade,
    bots: AsyncBotsFacade,
    runners: AsyncRunnersFacade,
    schedules: AsyncSchedulesFacade,
    workspaces: AsyncWorkspacesFacade,
) -> None:
    assert_type(await automations.list(), MaestroResponse[list[Automation]])
    assert_type(await bots.deploy("b", "1", "bot.zip", technology="PYTHON"), MaestroResponse[None])
    assert_type(runners.iterate(), AsyncIterator[Runner])
    assert_type(schedules.iterate(), AsyncIterator[Schedule])
    assert_type((await schedules.create("a", "0 0 13 ? * *")).parsed, Schedule)
    assert_type((await workspaces.get(1)).parsed, Workspace)


def sync_data(credentials: CredentialsFacade, datapools: DatapoolsFacade) -> None:
    assert_type(credentials.get("vault"), MaestroResponse[Credential])
    assert_type(credentials.list().parsed, list[Credential])
    assert_type(credentials.get_value("vault", "user").parsed, SecretStr)
    assert_type(credentials.set_value("vault", "user", "x"), MaestroResponse[None])
    assert_type(credentials.remove_key("vault", "user"), MaestroResponse[Credential])
    assert_type(datapools.list(), MaestroResponse[Page[Datapool]])
    assert_type(datapools.update("p", active=True), MaestroResponse[Datapool])
    assert_type(datapools.summary("p").parsed, DatapoolSummary)
    assert_type(datapools.pull("p").parsed, "DatapoolEntry | None")
    assert_type(datapools.report_done("p", 1), MaestroResponse[DatapoolEntry])
    for pool in datapools.iterate():
        assert_type(pool, Datapool)
    for entry in datapools.consume("p", limit=3):
        assert_type(entry, ConsumedEntry)
        with entry:
            assert_type(entry.values, dict[str, Any])


async def async_data(credentials: AsyncCredentialsFacade, datapools: AsyncDatapoolsFacade) -> None:
    assert_type(await credentials.get("vault"), MaestroResponse[Credential])
    assert_type((await credentials.get_value("vault", "k")).parsed, SecretStr)
    assert_type(await datapools.activate("p"), MaestroResponse[Datapool])
    assert_type((await datapools.pull("p")).parsed, "DatapoolEntry | None")
    async for pool in datapools.iterate():
        assert_type(pool, Datapool)
    async for entry in datapools.consume("p", on_error="continue"):
        assert_type(entry, AsyncConsumedEntry)
        async with entry:
            assert_type(await entry.report_done(), MaestroResponse[DatapoolEntry])
