"""``python -m maestro demo``: the README's first command."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from maestro._demo import main
from maestro.testing import MaestroEmulator

STEPS = [
    "1. Log in",
    "2. Create a task for automation 'demo-invoices'",
    "3. Write execution log entries",
    "4. Upload a result file",
    "5. Push items to datapool",
    "6. Report an error with a screenshot",
    "7. Send an alert",
    "8. Finish the task with item counts",
    "9. List what happened",
]


def test_demo_runs_the_whole_lifecycle_against_the_emulator() -> None:
    out = io.StringIO()
    assert main(["demo"], out=out) == 0
    text = out.getvalue()
    assert "Started the Maestro emulator on http://127.0.0.1:" in text
    for step in STEPS:
        assert step in text
    assert "pool summary: 4 DONE, 1 ERROR" in text
    assert "FINISHED / PARTIALLY_COMPLETED, 4 processed, 1 failed" in text
    assert "alert: [WARN] Invoices processed: 4 of 5 invoices paid" in text


def test_demo_runs_against_a_server_given_on_the_command_line() -> None:
    emulator = MaestroEmulator(login="acme", key="acme-key")
    out = io.StringIO()
    with emulator.serve() as url:
        code = main(["demo", "--server", url, "--login", "acme", "--key", "acme-key"], out=out)
    assert code == 0
    (task,) = emulator.tasks.values()
    assert (task["state"], task["finishStatus"]) == ("FINISHED", "PARTIALLY_COMPLETED")
    assert (task["totalItems"], task["processedItems"], task["failedItems"]) == (5, 4, 1)
    assert [e["columns"]["invoice"] for e in emulator.logs["demo-invoices"].entries] == [
        "INV-001",
        "INV-002",
        "INV-003",
    ]
    (stored,) = emulator.result_files.values()
    assert stored.content.startswith(b"invoice,amount,status\n")
    (error,) = emulator.errors.values()
    assert error.screenshot is not None
    assert error.screenshot.content.startswith(b"\x89PNG")
    assert emulator.datapools == {}  # the demo removes the pool it created
    pushes = [r for r in emulator.requests if r.method == "POST" and r.path.endswith("/push")]
    assert len(pushes) == 5
    assert "Started the Maestro emulator" not in out.getvalue()


def test_demo_with_a_wrong_key_stops_with_a_clear_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    emulator = MaestroEmulator()
    out = io.StringIO()
    with emulator.serve() as url:
        code = main(["demo", "--server", url, "--login", "demo", "--key", "wrong"], out=out)
    assert code == 1
    assert emulator.tasks == {}
    message = capsys.readouterr().err
    assert "The demo stopped: 401" in message
    assert "login as 'demo' failed" in message
    assert "wrong" not in message


def test_python_dash_m_maestro_demo_exits_zero() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "maestro", "demo"],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "9. List what happened" in result.stdout
