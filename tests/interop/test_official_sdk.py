"""BotCity's own Python SDK (botcity-maestro-sdk) works unchanged against the emulator.

The emulator is written from the wire reference, not from this SDK, so a client written by
someone else is the real check of its wire format: every call here is the official SDK's,
over real HTTP on 127.0.0.1, and the emulator's state is asserted afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from botcity.maestro import (  # type: ignore[import-untyped]
    AlertType,
    AutomationTaskFinishStatus,
    BotMaestroSDK,
    Column,
    MessageType,
)
from botcity.maestro.datapool import DataPool, DataPoolEntry  # type: ignore[import-untyped]

from maestro.testing import MaestroEmulator


@pytest.fixture
def emulator() -> MaestroEmulator:
    return MaestroEmulator(login="acme", key="acme-key", strict=True)


@pytest.fixture
def official(emulator: MaestroEmulator) -> Iterator[BotMaestroSDK]:
    with emulator.serve() as url:
        sdk = BotMaestroSDK(url, "acme", "acme-key")
        sdk.login()
        yield sdk


def test_login_sends_the_official_headers(
    official: BotMaestroSDK, emulator: MaestroEmulator
) -> None:
    official.create_task("demo-invoices", {"n": 1})
    request = emulator.requests[-1]
    assert request.headers["token"] == official.access_token
    assert request.headers["organization"] == "acme"


def test_tasks_logs_and_finish(official: BotMaestroSDK, emulator: MaestroEmulator) -> None:
    task = official.create_task("demo-invoices", {"n": 1}, False, 5)
    assert official.get_task(task.id).state == "START"
    official.new_log("demo-invoices", [Column(name="Invoice", label="invoice", width=200)])
    official.new_log_entry("demo-invoices", {"invoice": "INV-1"})
    assert official.get_log("demo-invoices") == [{"Invoice": "INV-1"}]
    official.finish_task(
        task.id, AutomationTaskFinishStatus.SUCCESS, "done", total_items=3, processed_items=2
    )
    stored = emulator.tasks[int(task.id)]
    assert (stored["state"], stored["finishStatus"], stored["priority"]) == (
        "FINISHED",
        "SUCCESS",
        5,
    )
    assert (stored["totalItems"], stored["processedItems"], stored["failedItems"]) == (3, 2, 1)


# The official SDK's error report asks `distro` for the OS the deprecated way.
@pytest.mark.filterwarnings("ignore:distro.linux_distribution:DeprecationWarning")
def test_artifacts_alerts_messages_and_errors(
    official: BotMaestroSDK, emulator: MaestroEmulator, tmp_path: Path
) -> None:
    task = official.create_task("demo-invoices", {})
    report = tmp_path / "report.csv"
    report.write_bytes(b"a,b\n1,2\n")
    official.post_artifact(task.id, "report", str(report))
    assert [a.name for a in official.list_artifacts(days=1)] == ["report.csv"]
    (artifact,) = emulator.result_files.values()
    assert artifact.content == b"a,b\n1,2\n"

    official.alert(task.id, "Title", "Message", AlertType.WARN)
    official.message(["ops@example.com"], [], "Subject", "Body", MessageType.HTML)
    (alert,) = emulator.alerts.values()
    assert (alert["title"], alert["type"]) == ("Title", "WARN")
    (message,) = emulator.messages
    assert (message["emails"], message["type"]) == (["ops@example.com"], "HTML")

    try:
        raise ValueError("boom")
    except ValueError as exc:
        official.error(task.id, exc, attachments=[str(report)])
    (error,) = emulator.errors.values()
    assert (error.error["type"], error.error["message"]) == ("ValueError", "boom")
    names = sorted(attachment.filename for attachment in error.attachments)
    assert names == ["piplist.txt", "report.csv"]


def test_credentials(official: BotMaestroSDK, emulator: MaestroEmulator) -> None:
    official.create_credential("vault", "user", "alice")
    official.create_credential("vault", "password", "s3cret")
    assert official.get_credential("vault", "user") == "alice"
    assert official.get_credential("vault", "password") == "s3cret"
    assert sorted(s["key"] for s in emulator.credentials["vault"]["secrets"]) == [
        "password",
        "user",
    ]


def test_datapools(official: BotMaestroSDK, emulator: MaestroEmulator) -> None:
    task = official.create_task("demo-invoices", {})
    official.create_datapool(DataPool(label="pool-1", default_automation="demo-invoices"))
    pool = official.get_datapool("pool-1")
    pool.create_entry(DataPoolEntry(values={"x": 1}, priority=3))
    pool.create_entry(DataPoolEntry(values={"x": 2}, priority=9))
    first = pool.next(task_id=task.id)
    assert first.values == {"x": 2}  # the highest priority first
    first.report_done()
    second = pool.next(task_id=task.id)
    second.report_error()
    assert pool.next(task_id=task.id) is None  # 204: nothing pending
    summary = pool.summary()
    assert (summary["countDone"], summary["countProcessing"], summary["countPending"]) == (1, 0, 0)
    entries = emulator.datapool_entries("pool-1")
    assert sorted((entry["state"], entry["taskId"]) for entry in entries) == [
        ("DONE", str(task.id)),
        ("ERROR", str(task.id)),
    ]


def test_credential_updates_replace_the_whole_set(
    official: BotMaestroSDK, emulator: MaestroEmulator
) -> None:
    official.create_credential("vault", "user", "alice")
    official.create_credential("vault", "password", "s3cret")
    official.update_credential("vault", "password", "n3w")
    official.remove_credential("vault", "user")
    assert emulator.credentials["vault"]["secrets"] == [
        {"key": "password", "value": "n3w", "valid": True}
    ]


def test_datapool_switches_cancels_and_deletes(
    official: BotMaestroSDK, emulator: MaestroEmulator
) -> None:
    official.create_datapool(DataPool(label="pool-2", default_automation="demo-reports"))
    pool = official.get_datapool("pool-2")
    pool.deactivate()
    assert not pool.is_active()
    pool.activate()
    kept = pool.create_entry(DataPoolEntry(values={"x": 1}))
    dropped = pool.create_entry(DataPoolEntry(values={"x": 2}))
    pool.cancel_entry(kept.entry_id, "not needed")
    pool.delete_entry(dropped.entry_id)
    (entry,) = emulator.datapool_entries("pool-2")
    assert (entry["state"], entry["message"]) == ("CANCELED", "not needed")
    assert emulator.datapools["pool-2"]["active"] is True
