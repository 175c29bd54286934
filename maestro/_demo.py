"""``maestro demo``: a narrated bot lifecycle, against the emulator or a real Maestro.

Everything goes through the public client, exactly as a bot would write it. The demo
deletes what it created when it ends, also when a step fails: its test task, the result
file, the datapool, and the automation's log when the demo created it. What the API has no
route to delete (the error report, the alert, entries added to a log that was already there)
stays; the plan shown before a run on a real workspace says so, and so does the last step.
"""

from __future__ import annotations

import contextlib
import io
import struct
import sys
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from maestro._client import MaestroClient
from maestro._exceptions import ConflictError, MaestroClientError, NotFoundError

__all__ = ["DEMO_AUTOMATION", "DemoOutcome", "plan_text", "run_lifecycle", "run_on_emulator"]

DEMO_AUTOMATION = "demo-invoices"
INVOICES = 5
_NO_ERROR_DELETE = "no API route deletes errors"
_NO_ALERT_DELETE = "no API route deletes alerts"
_NO_ENTRY_DELETE = "the log was there before the demo, and no API route deletes log entries"
_LOG_LABELS = ("invoice", "amount", "status")
_LOG_LABELS_TEXT = ", ".join(_LOG_LABELS)


def plan_text(server: str, automation: str) -> str:
    """What a run on ``server`` creates, and what becomes of each thing at the end."""
    return "\n".join(
        [
            f"The demo runs a bot's lifecycle on {server}, with the automation {automation!r}",
            "(it must exist there). It creates, and at the end:",
            f"  deletes  a test task of {automation!r}",
            "  deletes  a result file 'invoices.csv' of that task",
            f"  deletes  a datapool 'demo-pool-<id>' with {INVOICES} entries",
            f"  deletes  the log of {automation!r} with 3 entries, if the demo creates the log",
            f"  keeps    3 entries added to the log of {automation!r} if it exists already "
            "(no API route deletes log entries);",
            f"           writes none if that log has other columns than {_LOG_LABELS_TEXT}",
            f"  keeps    an error report with a screenshot ({_NO_ERROR_DELETE})",
            f"  keeps    a WARN alert 'Invoices processed' ({_NO_ALERT_DELETE})",
        ]
    )


@dataclass
class Cleanup:
    """What the demo created, and how each thing is removed (or why it cannot be)."""

    _items: list[tuple[str, Callable[[], object] | None, str]] = field(default_factory=list)
    results: list[dict[str, str]] = field(default_factory=list)
    """After :meth:`run`: ``{"item", "outcome", "detail"}``, outcome deleted, kept or failed."""

    @property
    def pending(self) -> bool:
        """Whether anything was created (and not yet cleaned up)."""
        return bool(self._items)

    def delete_later(self, what: str, delete: Callable[[], object]) -> None:
        """Delete ``what`` at the end with ``delete()``."""
        self._items.append((what, delete, ""))

    def keep(self, what: str, why: str) -> None:
        """``what`` stays; ``why`` says so at the end."""
        self._items.append((what, None, why))

    def run(self) -> list[dict[str, str]]:
        """Delete in the reverse order of creation; never raises an API error."""
        for what, delete, why in reversed(self._items):
            if delete is None:
                self.results.append({"item": what, "outcome": "kept", "detail": why})
                continue
            try:
                delete()
            except MaestroClientError as exc:
                self.results.append({"item": what, "outcome": "failed", "detail": str(exc)})
            else:
                self.results.append({"item": what, "outcome": "deleted", "detail": ""})
        self._items.clear()
        return self.results


@dataclass
class DemoOutcome:
    """What a demo run did: its server, its steps, and the fate of what it created."""

    server: str
    automation: str
    steps: int = 0
    cleanup: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The outcome as one JSON-ready document."""
        return {
            "server": self.server,
            "automation": self.automation,
            "steps": self.steps,
            "cleanup": self.cleanup,
        }


class _Narrator:
    """Prints numbered steps and their details, readably, with timings."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.number = 0
        self.started = time.perf_counter()

    def step(self, title: str) -> None:
        self.number += 1
        print(f"\n{self.number:>2}. {title}", file=self.out)

    def detail(self, text: str) -> None:
        print(f"    {text}", file=self.out)

    def done(self) -> None:
        elapsed = time.perf_counter() - self.started
        print(f"\nDone: {self.number} steps in {elapsed:.2f} s.", file=self.out)


def _tiny_png() -> bytes:
    """A valid 2x2 PNG, standing in for a screenshot."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\xff\x00" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def run_lifecycle(
    client: MaestroClient, *, automation: str = DEMO_AUTOMATION, out: TextIO = sys.stdout
) -> DemoOutcome:
    """Run the bot lifecycle with ``client``, narrating each step to ``out``, then clean up."""
    say = _Narrator(out)
    outcome = DemoOutcome(server=client.base_url, automation=automation)
    cleanup = Cleanup()
    try:
        _lifecycle(client, automation, say, cleanup)
    finally:
        if cleanup.pending:
            say.step("Clean up what the demo created")
        for result in cleanup.run():
            detail = f" ({result['detail']})" if result["detail"] else ""
            say.detail(f"{result['outcome']}: {result['item']}{detail}")
        outcome.steps = say.number
        outcome.cleanup = cleanup.results
    say.done()
    return outcome


def _lifecycle(client: MaestroClient, automation: str, say: _Narrator, cleanup: Cleanup) -> None:
    from maestro.models.logs import Column

    suffix = uuid.uuid4().hex[:6]

    say.step("Log in")
    client.authenticate()
    version = client.version().parsed.version
    say.detail(f"server {client.base_url}, Maestro {version}, organization {client.organization!r}")

    say.step(f"Create a test task for automation {automation!r}")
    task = client.tasks.create(
        automation, parameters={"batch": suffix, "invoices": INVOICES}, priority=5, test=True
    ).parsed
    cleanup.delete_later(f"test task {task.id}", lambda: client.tasks.delete(task.id))
    say.detail(f"task {task.id} is {task.state}, parameters {task.parameters}")

    say.step("Write execution log entries")
    rows = [
        ("INV-001", "120.00", "paid"),
        ("INV-002", "75.50", "paid"),
        ("INV-003", "310.20", "pending"),
    ]
    existing_labels = _create_log(client, automation, [
        Column(name="Invoice", label="invoice", width=200),
        Column(name="Amount", label="amount", width=100),
        Column(name="Status", label="status", width=100),
    ])  # fmt: skip
    if existing_labels is None:
        cleanup.delete_later(f"log of {automation!r}", lambda: client.logs.delete(automation))
    log_entries_written = existing_labels is None or set(_LOG_LABELS) <= set(existing_labels)
    if log_entries_written:
        for row in rows:
            client.logs.add_entry(automation, dict(zip(_LOG_LABELS, row, strict=True)))
        if existing_labels is not None:
            cleanup.keep(f"{len(rows)} entries in the log of {automation!r}", _NO_ENTRY_DELETE)
        say.detail(f"{len(rows)} entries written to the log of {automation!r}")
    else:
        # A log made for something else: entries the demo cannot fill would only clutter it.
        cleanup.keep(f"the log of {automation!r} has other columns; no entries written", "")
        say.detail(
            f"the log of {automation!r} exists with the columns "
            f"{', '.join(existing_labels or ['(none)'])}, not {_LOG_LABELS_TEXT}: "
            "no entries written"
        )

    say.step("Upload a result file")
    report = "invoice,amount,status\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)
    artifact = client.result_files.upload(
        task.id, io.BytesIO(report.encode()), name="invoices.csv"
    ).parsed
    artifact_id = artifact.id
    if artifact_id is not None:
        cleanup.delete_later(
            f"result file {artifact_id}", lambda: client.result_files.delete(artifact_id)
        )
    say.detail(f"result file {artifact_id} ({artifact.name}, {len(report)} bytes)")

    pool = f"demo-pool-{suffix}"
    say.step(f"Push items to datapool {pool!r} and consume them")
    client.datapools.create(pool, name="Demo invoices", default_automation=automation)
    cleanup.delete_later(f"datapool {pool!r}", lambda: client.datapools.delete(pool))
    for number in range(1, INVOICES + 1):
        client.datapools.push(pool, {"invoice": f"INV-{number:03d}"}, priority=number % 3)
    outcomes: dict[str, str] = {}
    for entry in client.datapools.consume(pool, task_id=task.id, on_error="continue"):
        with entry:  # a clean exit reports DONE, an exception reports ERROR
            invoice = entry.values["invoice"]
            if invoice == "INV-004":
                raise ValueError(f"{invoice}: amount missing")
        outcomes[invoice] = str(entry.reported)
    say.detail("consumed by priority: " + ", ".join(f"{k} {v}" for k, v in outcomes.items()))
    summary = client.datapools.summary(pool).parsed
    failed = sum(1 for state in outcomes.values() if state == "ERROR")
    say.detail(f"pool summary: {summary.count_done} DONE, {failed} ERROR")
    processed = sum(1 for state in outcomes.values() if state == "DONE")

    say.step("Report an error with a screenshot")
    try:
        raise ValueError("INV-004: amount missing")
    except ValueError as exc:
        error = client.errors.report(
            task.id, exc, screenshot=_tiny_png(), include_environment=False
        )
    cleanup.keep(f"error report {error.parsed.id}", _NO_ERROR_DELETE)
    say.detail(f"error {error.parsed.id} ({error.parsed.type}) reported with a screenshot")

    say.step("Send an alert")
    client.alerts.create(
        task.id, "Invoices processed", f"{processed} of {INVOICES} invoices paid", type="WARN"
    )
    cleanup.keep(f"alert 'Invoices processed' of task {task.id}", _NO_ALERT_DELETE)
    say.detail("a WARN alert is on the dashboard")

    say.step("Finish the task with item counts")
    client.tasks.finish(
        task.id,
        "PARTIALLY_COMPLETED",
        message="1 invoice failed",
        total_items=INVOICES,
        processed_items=processed,
    )
    finished = client.tasks.get(task.id).parsed
    say.detail(
        f"task {finished.id}: {finished.state} / {finished.finish_status}, "
        f"{finished.processed_items} processed, {finished.failed_items} failed"
    )

    say.step("List what happened")
    if log_entries_written:
        for entry_values in client.logs.read(automation, days=1).parsed[-len(rows) :]:
            say.detail(f"log: {entry_values}")
    for result_file in client.result_files.list(task_id=task.id).parsed.content:
        say.detail(f"result file: {result_file.name}")
    for reported in client.errors.list(task_id=task.id).parsed.content:
        say.detail(f"error: {reported.type}: {reported.message}")
    for alert in client.alerts.list(task_id=task.id).parsed.content:
        say.detail(f"alert: [{alert.type}] {alert.title}: {alert.message}")


def _create_log(client: MaestroClient, automation: str, columns: list[Any]) -> list[str] | None:
    """Create the automation's log unless it exists.

    Returns None when the demo created the log, else the column labels of the existing log.
    """
    with contextlib.suppress(NotFoundError):
        return _column_labels(client, automation)
    try:
        client.logs.create(automation, columns)
    except ConflictError:  # created meanwhile by someone else
        return _column_labels(client, automation)
    return None


def _column_labels(client: MaestroClient, automation: str) -> list[str]:
    """The column labels of the automation's log (NotFoundError when it has none)."""
    log = client.logs.get(automation).parsed
    return [column.label for column in log.columns if column.label is not None]


def run_on_emulator(*, automation: str = DEMO_AUTOMATION, out: TextIO = sys.stdout) -> DemoOutcome:
    """Start the built-in emulator on loopback and run the lifecycle against it."""
    from maestro.testing import MaestroEmulator

    emulator = MaestroEmulator()
    if automation not in emulator.automations:
        emulator.add_automation(automation)
    with emulator.serve() as url:
        print(f"Started the Maestro emulator on {url} (in memory, loopback only).", file=out)
        with MaestroClient(emulator.login, emulator.key, url) as client:
            return run_lifecycle(client, automation=automation, out=out)
