"""The scripts in ``examples/`` run as users run them: separate processes, over HTTP.

The emulator serves on loopback; each script gets the server, login and key the way it reads
them in production (``MAESTRO_*`` variables, or the Runner's command line for the bot), and
its output and what it left in the emulator are checked. The example test suite runs in a
pytest subprocess, in pytest-asyncio's default strict mode.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from maestro.testing import MaestroEmulator

EXAMPLES = Path(__file__).parent.parent / "examples"
LOGIN = "ops"
KEY = "ops-key"


class Workspace:
    """An emulator served over HTTP, and the environment that points scripts at it."""

    def __init__(self, emulator: MaestroEmulator, url: str) -> None:
        self.emulator = emulator
        self.url = url
        self.env = {
            **os.environ,
            "MAESTRO_SERVER": url,
            "MAESTRO_LOGIN": LOGIN,
            "MAESTRO_KEY": KEY,
        }

    def start(self, script: str, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, str(EXAMPLES / script), *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, script: str, *args: str) -> list[str]:
        process = self.start(script, *args)
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stdout + stderr
        return stdout.splitlines()

    def run_the_bot_for(self, task_id: int) -> list[str]:
        """Do what the Runner does: take the task, start the bot with it on its command line."""
        self.emulator.run_task(task_id)
        return self.run("bot.py", self.url, str(task_id), self.emulator.issue_token())

    def wait_for_a_queued_task(self) -> int:
        for _ in range(600):
            with self.emulator.state.lock:
                tasks = self.emulator.tasks.items()
                queued = [task_id for task_id, task in tasks if task["state"] == "START"]
            if queued:
                return queued[0]
            time.sleep(0.05)
        raise AssertionError("no task was queued")


@pytest.fixture
def workspace() -> Iterator[Workspace]:
    emulator = MaestroEmulator(login=LOGIN, key=KEY, strict=True)
    with emulator.serve() as url:
        yield Workspace(emulator, url)


def test_the_operations_script_prepares_the_workspace_and_queues_a_task(
    workspace: Workspace,
) -> None:
    output = workspace.run("operations.py", "INV-001", "INV-002")

    (task_id,) = workspace.emulator.tasks
    assert output == [
        "created the log of MyAutomation",
        "created the datapool invoices",
        f"task {task_id} created for 2 invoices",
        "invoices: 2 pending, 0 done",
    ]
    assert workspace.emulator.tasks[task_id]["parameters"] == {"invoices": 2}


def test_the_bot_started_by_the_runner_finishes_its_task(workspace: Workspace) -> None:
    workspace.run("operations.py", "INV-011", "INV-013", "INV-012")
    (task_id,) = workspace.emulator.tasks

    output = workspace.run_the_bot_for(task_id)

    assert output == [f"task {task_id}: 2 paid, 1 refused"]
    task = workspace.emulator.tasks[task_id]
    assert (task["state"], task["finishStatus"]) == ("FINISHED", "PARTIALLY_COMPLETED")
    assert (task["totalItems"], task["processedItems"], task["failedItems"]) == (3, 2, 1)
    entries = workspace.emulator.datapool_entries("invoices")
    assert [(entry["state"], entry["taskId"]) for entry in entries] == [
        ("DONE", str(task_id)),
        ("ERROR", str(task_id)),
        ("DONE", str(task_id)),
    ]
    log = workspace.emulator.logs["MyAutomation"]
    assert [entry["columns"] for entry in log.entries] == [
        {"invoice": "INV-011", "status": "DONE"},
        {"invoice": "INV-013", "status": "ERROR"},
        {"invoice": "INV-012", "status": "DONE"},
    ]
    (result_file,) = workspace.emulator.result_files.values()
    assert result_file.content == b"invoice,status\nINV-011,DONE\nINV-013,ERROR\nINV-012,DONE\n"
    (alert,) = workspace.emulator.alerts.values()
    assert (alert["title"], alert["message"]) == ("Payments refused", "1 of 3")
    assert alert["type"] == "WARN"


def test_the_operations_script_waits_until_the_bot_has_finished(workspace: Workspace) -> None:
    operations = workspace.start("operations.py", "--wait", "60", "--poll", "0.1", "INV-021")
    task_id = workspace.wait_for_a_queued_task()
    workspace.run_the_bot_for(task_id)
    stdout, stderr = operations.communicate(timeout=120)

    assert operations.returncode == 0, stdout + stderr
    assert stdout.splitlines()[-2:] == [
        f"task {task_id} FINISHED: SUCCESS",
        "invoices: 0 pending, 1 done",
    ]


def test_the_datapool_consumer_reports_every_entry(workspace: Workspace) -> None:
    workspace.run("operations.py", "INV-031", "bad-032", "INV-033")

    output = workspace.run("datapool_consumer.py", "invoices")

    assert output == ["invoices: 2 done, 1 failed"]
    entries = workspace.emulator.datapool_entries("invoices")
    assert [(entry["state"], entry["errorType"]) for entry in entries] == [
        ("DONE", None),
        ("ERROR", "BUSINESS"),
        ("DONE", None),
    ]
    assert entries[1]["message"] == "'bad-032' is not an invoice number"


def test_the_async_fan_out_starts_one_task_per_region(workspace: Workspace) -> None:
    output = workspace.run("async_fanout.py", "north", "south", "east", "--concurrency", "2")

    assert output == ["north: START", "south: START", "east: START"]
    regions = sorted(task["parameters"]["region"] for task in workspace.emulator.tasks.values())
    assert regions == ["east", "north", "south"]


def test_the_example_test_suite_passes_in_pytest_asyncios_strict_mode() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "asyncio_mode=strict",
            "test_bot.py",
        ],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("3 passed in ")
