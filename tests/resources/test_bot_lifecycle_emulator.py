"""Every bot-side method driven through the emulator, with both clients, checking its state.

In-process through ``emu.transport()`` for each resource, then one whole bot run over real
HTTP with ``emu.serve()``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from maestro import (
    AsyncMaestroClient,
    Column,
    ConflictError,
    DefaultAioHttpClient,
    MaestroClient,
    TaskState,
    TaskWaitTimeoutError,
)
from maestro.testing import MaestroEmulator
from tests.conftest import FAST_RETRIES, AnyClient, close, collect, httpx_kind_fixture, resolve

kind = httpx_kind_fixture("the emulator answers in-process (aiohttp has its own HTTP run)")


LABEL = "Invoices"
COLUMNS = [Column("Invoice", "invoice"), Column("Amount", "amount", 80)]


@pytest.fixture
def emu() -> MaestroEmulator:
    return MaestroEmulator(login="acme", key="acme-key", organization="ACME_ORG", strict=True)


@pytest.fixture
async def bot(kind: str, emu: MaestroEmulator, sleeps: list[float]) -> AsyncIterator[AnyClient]:
    """A client of each kind connected in-process; waits are recorded, not slept."""
    client = (
        emu.client(retry_policy=FAST_RETRIES)
        if kind == "sync"
        else emu.async_client(retry_policy=FAST_RETRIES)
    )
    yield client
    await close(client)


async def new_task(bot: AnyClient, label: str = LABEL) -> int:
    task = (await resolve(bot.tasks.create(label, parameters={"n": 1}))).parsed
    return task.id


def big_payload(size: int = 200_000) -> bytes:
    """More than three httpx chunks of varied bytes."""
    return bytes(i % 251 for i in range(size))


# -- tasks -----------------------------------------------------------------------------------


async def test_tasks_list_and_iterate_filter_by_state_and_label(
    bot: AnyClient, emu: MaestroEmulator
) -> None:
    first = await new_task(bot)
    second = await new_task(bot)
    await new_task(bot, "demo-reports")
    emu.run_task(second)

    page = (await resolve(bot.tasks.list(state="RUNNING", activity_label=LABEL))).parsed
    every = await collect(bot.tasks.iterate(activity_label=LABEL, page_size=1))

    assert [task.id for task in page.content] == [second]
    assert page.content[0].machine_id == "runner-01"
    assert sorted(task.id for task in every) == [first, second]


async def test_tasks_finish_stores_status_message_and_counts(
    bot: AnyClient, emu: MaestroEmulator
) -> None:
    task_id = await new_task(bot)
    emu.run_task(task_id)

    response = await resolve(
        bot.tasks.finish(
            task_id, "PARTIALLY_COMPLETED", message="2 failed", total_items=10, failed_items=2
        )
    )

    stored = emu.tasks[task_id]
    assert (stored["state"], stored["finishStatus"], stored["finishMessage"]) == (
        "FINISHED",
        "PARTIALLY_COMPLETED",
        "2 failed",
    )
    assert (stored["totalItems"], stored["processedItems"], stored["failedItems"]) == (10, 8, 2)
    assert response.parsed is not None
    assert response.parsed.processed_items == 8


async def test_tasks_finish_without_counts_warns_and_stores_none(
    bot: AnyClient, emu: MaestroEmulator
) -> None:
    task_id = await new_task(bot)

    with pytest.warns(UserWarning, match="no item counts"):
        await resolve(bot.tasks.finish(task_id, "SUCCESS"))

    assert emu.tasks[task_id]["state"] == "FINISHED"
    assert emu.tasks[task_id]["totalItems"] is None


async def test_tasks_finish_twice_is_a_conflict(bot: AnyClient, emu: MaestroEmulator) -> None:
    task_id = await new_task(bot)
    await resolve(bot.tasks.finish(task_id, "SUCCESS", total_items=1, failed_items=0))

    with pytest.raises(ConflictError):
        await resolve(bot.tasks.finish(task_id, "FAILED", total_items=1, failed_items=1))


async def test_tasks_restart_puts_a_finished_task_back_in_the_queue(
    bot: AnyClient, emu: MaestroEmulator
) -> None:
    task_id = await new_task(bot)
    await resolve(bot.tasks.finish(task_id, "FAILED", total_items=3, failed_items=3))

    response = await resolve(bot.tasks.restart(task_id))

    assert emu.tasks[task_id]["state"] == "START"
    assert emu.tasks[task_id]["finishStatus"] is None
    assert response.parsed is not None
    assert response.parsed.state is TaskState.START


async def test_tasks_cancel_cancels_a_queued_task(bot: AnyClient, emu: MaestroEmulator) -> None:
    task_id = await new_task(bot)

    await resolve(bot.tasks.cancel(task_id))

    assert emu.tasks[task_id]["state"] == "CANCELED"


async def test_tasks_interrupt_and_kill_flag_a_running_task(
    bot: AnyClient, emu: MaestroEmulator
) -> None:
    interrupted = await new_task(bot)
    killed = await new_task(bot)
    emu.run_task(interrupted)
    emu.run_task(killed)

    await resolve(bot.tasks.interrupt(interrupted))
    await resolve(bot.tasks.kill(killed))

    assert (emu.tasks[interrupted]["interrupted"], emu.tasks[interrupted]["killed"]) == (
        True,
        False,
    )
    assert (emu.tasks[killed]["interrupted"], emu.tasks[killed]["killed"]) == (True, True)


async def test_tasks_wait_returns_once_the_server_times_the_task_out(
    bot: AnyClient, emu: MaestroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    task_id = await new_task(bot)
    emu.run_task(task_id)
    waits: list[float] = []

    def server_moves_on(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            emu.time_out_task(task_id)

    async def async_server_moves_on(seconds: float) -> None:
        server_moves_on(seconds)

    patched = server_moves_on if isinstance(bot, MaestroClient) else async_server_moves_on
    monkeypatch.setattr(type(bot._transport), "sleep", staticmethod(patched))

    response = await resolve(bot.tasks.wait(task_id, poll_interval=1))

    assert response.parsed.state is TaskState.TIMEOUT
    assert waits == [1, 1]


async def test_tasks_wait_gives_up_on_a_task_that_keeps_running(
    bot: AnyClient, emu: MaestroEmulator, sleeps: list[float]
) -> None:
    task_id = await new_task(bot)
    emu.run_task(task_id)

    with pytest.raises(TaskWaitTimeoutError) as caught:
        await resolve(bot.tasks.wait(task_id, timeout=3, poll_interval=2))

    assert caught.value.last_state is TaskState.RUNNING
    assert sleeps == [2, 1]
    assert emu.tasks[task_id]["state"] == "RUNNING"


# -- logs ------------------------------------------------------------------------------------


async def test_logs_create_list_get_and_delete(bot: AnyClient, emu: MaestroEmulator) -> None:
    created = (await resolve(bot.logs.create(LABEL, COLUMNS))).parsed
    listed = (await resolve(bot.logs.list())).parsed
    fetched = (await resolve(bot.logs.get(LABEL))).parsed

    assert created.id == f"ACME_ORG-{LABEL}"
    assert [log.activity_label for log in listed] == [LABEL]
    assert [(c.name, c.label, c.width) for c in fetched.columns] == [
        ("Invoice", "invoice", 100),
        ("Amount", "amount", 80),
    ]
    assert emu.requests[-3].json()["organizationLabel"] == "ACME_ORG"

    await resolve(bot.logs.delete(LABEL))

    assert LABEL not in emu.logs


async def test_logs_entries_are_stored_and_read_back_by_column_name(
    bot: AnyClient, emu: MaestroEmulator
) -> None:
    await resolve(bot.logs.create(LABEL, COLUMNS))

    await resolve(bot.logs.add_entry(LABEL, {"invoice": "A-1", "amount": "10.00"}))
    await resolve(bot.logs.add_entry(LABEL, {"invoice": "A-2", "amount": "12.50"}))
    entries = (await resolve(bot.logs.entries(LABEL))).parsed
    rows = (await resolve(bot.logs.read(LABEL))).parsed

    assert [entry["columns"] for entry in emu.logs[LABEL].entries] == [
        {"invoice": "A-1", "amount": "10.00"},
        {"invoice": "A-2", "amount": "12.50"},
    ]
    assert [entry.columns["invoice"] for entry in entries] == ["A-1", "A-2"]
    assert rows == [
        {"Invoice": "A-1", "Amount": "10.00"},
        {"Invoice": "A-2", "Amount": "12.50"},
    ]


async def test_logs_export_csv_as_bytes_and_to_a_file(
    bot: AnyClient, emu: MaestroEmulator, tmp_path: Path
) -> None:
    await resolve(bot.logs.create(LABEL, COLUMNS))
    await resolve(bot.logs.add_entry(LABEL, {"invoice": "A-1", "amount": "10.00"}))

    data = (await resolve(bot.logs.export_csv(LABEL))).parsed
    await resolve(bot.logs.export_csv(LABEL, days=30, to=tmp_path / "log.csv"))

    assert data is not None
    assert list(csv.reader(io.StringIO(data.decode()))) == [
        ["Invoice", "Amount"],
        ["A-1", "10.00"],
    ]
    assert (tmp_path / "log.csv").read_bytes() == data


# -- result files ----------------------------------------------------------------------------


async def test_result_files_upload_stores_the_exact_bytes_under_the_display_name(
    bot: AnyClient, emu: MaestroEmulator, tmp_path: Path
) -> None:
    task_id = await new_task(bot)
    path = tmp_path / "results.bin"
    path.write_bytes(big_payload())

    artifact = (await resolve(bot.result_files.upload(task_id, path, name="Results"))).parsed

    assert artifact.id is not None
    stored = emu.result_files[artifact.id]
    assert stored.content == big_payload()
    assert stored.file is not None
    assert stored.file.filename == "Results.bin"
    assert (stored.artifact["name"], stored.artifact["taskId"]) == ("Results.bin", task_id)


async def test_result_files_list_iterate_get_download_and_delete(
    bot: AnyClient, emu: MaestroEmulator, tmp_path: Path
) -> None:
    task_id = await new_task(bot)
    other_task = await new_task(bot)
    uploaded = (await resolve(bot.result_files.upload(task_id, big_payload(), name="a.bin"))).parsed
    await resolve(bot.result_files.upload(other_task, b"other", name="b.txt"))
    assert uploaded.id is not None

    page = (await resolve(bot.result_files.list(task_id=task_id))).parsed
    every = await collect(bot.result_files.iterate(page_size=1))
    fetched = (await resolve(bot.result_files.get(uploaded.id))).parsed
    in_memory = (await resolve(bot.result_files.download(uploaded.id))).parsed
    await resolve(bot.result_files.download(uploaded.id, tmp_path / "copy.bin"))

    assert [artifact.id for artifact in page.content] == [uploaded.id]
    assert len(every) == 2
    assert fetched.file_name == "a.bin"
    assert in_memory == big_payload()
    assert (tmp_path / "copy.bin").read_bytes() == big_payload()

    await resolve(bot.result_files.delete(uploaded.id))

    assert uploaded.id not in emu.result_files


async def test_result_files_create_records_a_file_without_bytes(
    bot: AnyClient, emu: MaestroEmulator
) -> None:
    task_id = await new_task(bot)

    artifact = (await resolve(bot.result_files.create(task_id, "Later", "later.pdf"))).parsed

    assert artifact.id is not None
    assert emu.result_files[artifact.id].artifact["fileName"] == "later.pdf"
    assert emu.result_files[artifact.id].content is None


# -- errors ----------------------------------------------------------------------------------


def failure() -> ValueError:
    try:
        raise ValueError("amount is negative")
    except ValueError as caught:
        return caught


async def test_errors_report_stores_the_error_screenshot_and_attachments(
    bot: AnyClient, emu: MaestroEmulator, tmp_path: Path
) -> None:
    task_id = await new_task(bot)
    attachment = tmp_path / "input.csv"
    attachment.write_bytes(big_payload())

    report = (
        await resolve(
            bot.errors.report(
                task_id,
                failure(),
                screenshot=b"\x89PNG fake",
                attachments=[attachment],
                tags={"env": "test"},
            )
        )
    ).parsed

    assert report.id is not None
    stored = emu.errors[report.id]
    assert (stored.error["type"], stored.error["message"]) == ("ValueError", "amount is negative")
    assert "ValueError: amount is negative" in stored.error["stackTrace"]
    assert stored.error["tags"]["env"] == "test"
    assert {"user_name", "host_name", "os_name", "os_version", "python_version"} <= set(
        stored.error["tags"]
    )
    assert stored.screenshot is not None
    assert (stored.screenshot.filename, stored.screenshot.content) == (
        "screenshot.png",
        b"\x89PNG fake",
    )
    assert [file.filename for file in stored.attachments] == ["input.csv", "piplist.txt"]
    assert stored.attachments[0].content == big_payload()
    assert b"httpx==" in stored.attachments[1].content


async def test_errors_create_list_iterate_get_and_add_files(
    bot: AnyClient, emu: MaestroEmulator
) -> None:
    task_id = await new_task(bot)
    created = (
        await resolve(bot.errors.create(task_id, type="KeyError", message="'id'", tags={"a": "b"}))
    ).parsed
    assert created.id is not None

    await resolve(bot.errors.add_screenshot(created.id, b"first"))
    await resolve(bot.errors.add_screenshot(created.id, b"second"))
    await resolve(bot.errors.add_attachment(created.id, b"notes", filename="notes.txt"))
    page = (await resolve(bot.errors.list(task_id=task_id, automation_label=LABEL))).parsed
    every = await collect(bot.errors.iterate(days=1))
    fetched = (await resolve(bot.errors.get(created.id))).parsed

    stored = emu.errors[created.id]
    assert stored.screenshot is not None
    assert stored.screenshot.content == b"second"
    assert [(f.filename, f.content) for f in stored.attachments] == [("notes.txt", b"notes")]
    assert [report.id for report in page.content] == [created.id]
    assert [report.id for report in every] == [created.id]
    assert (fetched.type, fetched.tags) == ("KeyError", {"a": "b"})


# -- alerts and messages ---------------------------------------------------------------------


async def test_alerts_are_recorded_and_listed_by_task(bot: AnyClient, emu: MaestroEmulator) -> None:
    task_id = await new_task(bot)
    other = await new_task(bot)

    alert = (await resolve(bot.alerts.create(task_id, "Slow", "took 30 s", "WARN"))).parsed
    await resolve(bot.alerts.create(other, "Other", "-"))
    page = (await resolve(bot.alerts.list(task_id=task_id))).parsed
    infos = (await resolve(bot.alerts.list(type="INFO", days=1, sort="date,desc"))).parsed

    assert alert.id is not None
    assert emu.alerts[alert.id]["type"] == "WARN"
    assert emu.alerts[alert.id]["taskId"] == task_id
    assert [item.title for item in page.content] == ["Slow"]
    assert [item.title for item in infos.content] == ["Other"]


async def test_messages_are_recorded(bot: AnyClient, emu: MaestroEmulator) -> None:
    await resolve(
        bot.messages.send(
            subject="Done",
            body="<b>ok</b>",
            emails=["ops@acme.test"],
            users=["maria"],
            type="HTML",
            group="ops",
        )
    )

    [message] = emu.messages
    assert (message["emails"], message["logins"], message["subject"], message["body"]) == (
        ["ops@acme.test"],
        ["maria"],
        "Done",
        "<b>ok</b>",
    )
    assert (message["type"], message["groups"]) == ("HTML", ["ops"])


# -- one whole run over real HTTP ------------------------------------------------------------


async def test_a_whole_bot_run_over_http(kind: str, emu: MaestroEmulator, tmp_path: Path) -> None:
    with emu.serve() as url:
        options: dict[str, Any] = {"login": "acme", "key": "acme-key", "base_url": url}
        client: AnyClient = (
            MaestroClient(**options) if kind == "sync" else AsyncMaestroClient(**options)
        )
        try:
            await _bot_run(client, emu, tmp_path)
        finally:
            await close(client)


async def test_a_whole_bot_run_over_http_on_aiohttp(emu: MaestroEmulator, tmp_path: Path) -> None:
    with emu.serve() as url:
        http = DefaultAioHttpClient()
        async with AsyncMaestroClient("acme", "acme-key", url, http_client=http) as client:
            await _bot_run(client, emu, tmp_path)


async def _bot_run(client: AnyClient, emu: MaestroEmulator, tmp_path: Path) -> None:
    task_id = await new_task(client)
    emu.run_task(task_id)
    await resolve(client.logs.create(LABEL, COLUMNS))
    await resolve(client.logs.add_entry(LABEL, {"invoice": "A-1", "amount": "1"}))
    upload = tmp_path / "out.bin"
    upload.write_bytes(big_payload())
    artifact = (await resolve(client.result_files.upload(task_id, upload))).parsed
    assert artifact.id is not None
    await resolve(client.result_files.download(artifact.id, tmp_path / "back.bin"))
    report = (
        await resolve(client.errors.report(task_id, failure(), include_environment=False))
    ).parsed
    await resolve(client.alerts.create(task_id, "Half done", "1 of 2"))
    await resolve(client.messages.send(subject="s", body="b", emails=["ops@acme.test"]))
    await resolve(client.tasks.finish(task_id, "SUCCESS", total_items=2, processed_items=2))
    final = (await resolve(client.tasks.wait(task_id, timeout=5))).parsed

    assert final.state is TaskState.FINISHED
    assert (emu.tasks[task_id]["totalItems"], emu.tasks[task_id]["failedItems"]) == (2, 0)
    assert (await resolve(client.logs.read(LABEL))).parsed == [{"Invoice": "A-1", "Amount": "1"}]
    assert emu.result_files[artifact.id].content == big_payload()
    assert (tmp_path / "back.bin").read_bytes() == big_payload()
    assert report.id in emu.errors
    assert len(emu.alerts) == 1
    assert len(emu.messages) == 1
