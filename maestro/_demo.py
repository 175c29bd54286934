"""``python -m maestro demo``: a narrated bot lifecycle, against the emulator or a real Maestro.

Everything goes through the public client, exactly as a bot would write it. Against a real
server the demo creates a task for ``--automation``, a log, a datapool and a result file in
the workspace, and removes the datapool it created when it ends.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import struct
import sys
import time
import uuid
import zlib
from collections.abc import Iterator
from typing import TextIO

from maestro._client import MaestroClient
from maestro._exceptions import ConflictError, MaestroClientError

__all__ = ["main", "run_lifecycle"]

DEMO_AUTOMATION = "demo-invoices"


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
) -> None:
    """Run the bot lifecycle with ``client``, narrating each step to ``out``."""
    from maestro.models.logs import Column

    say = _Narrator(out)
    suffix = uuid.uuid4().hex[:6]

    say.step("Log in")
    client.authenticate()
    version = client.version().parsed.version
    say.detail(f"server {client.base_url}, Maestro {version}, organization {client.organization!r}")

    say.step(f"Create a task for automation {automation!r}")
    task = client.tasks.create(
        automation, parameters={"batch": suffix, "invoices": 5}, priority=5
    ).parsed
    say.detail(f"task {task.id} is {task.state}, parameters {task.parameters}")

    say.step("Write execution log entries")
    columns = [
        Column(name="Invoice", label="invoice", width=200),
        Column(name="Amount", label="amount", width=100),
        Column(name="Status", label="status", width=100),
    ]
    with contextlib.suppress(ConflictError):  # the automation's log may exist already
        client.logs.create(automation, columns)
    rows = [
        ("INV-001", "120.00", "paid"),
        ("INV-002", "75.50", "paid"),
        ("INV-003", "310.20", "pending"),
    ]
    for invoice, amount, status in rows:
        client.logs.add_entry(automation, {"invoice": invoice, "amount": amount, "status": status})
    say.detail(f"{len(rows)} entries written to the log of {automation!r}")

    say.step("Upload a result file")
    report = "invoice,amount,status\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)
    artifact = client.result_files.upload(
        task.id, io.BytesIO(report.encode()), name="invoices.csv"
    ).parsed
    say.detail(f"result file {artifact.id} ({artifact.name}, {len(report)} bytes)")

    pool = f"demo-pool-{suffix}"
    say.step(f"Push items to datapool {pool!r} and consume them")
    client.datapools.create(pool, name="Demo invoices", default_automation=automation)
    for number in range(1, 6):
        client.datapools.push(pool, {"invoice": f"INV-{number:03d}"}, priority=number % 3)
    outcomes: dict[str, str] = {}
    try:
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
        say.detail(f"error {error.parsed.id} ({error.parsed.type}) reported with a screenshot")

        say.step("Send an alert")
        client.alerts.create(
            task.id, "Invoices processed", f"{processed} of 5 invoices paid", type="WARN"
        )
        say.detail("a WARN alert is on the dashboard")

        say.step("Finish the task with item counts")
        client.tasks.finish(
            task.id,
            "PARTIALLY_COMPLETED",
            message="1 invoice failed",
            total_items=5,
            processed_items=processed,
        )
        finished = client.tasks.get(task.id).parsed
        say.detail(
            f"task {finished.id}: {finished.state} / {finished.finish_status}, "
            f"{finished.processed_items} processed, {finished.failed_items} failed"
        )
    finally:
        with contextlib.suppress(MaestroClientError):
            client.datapools.delete(pool)

    say.step("List what happened")
    for row in client.logs.read(automation, days=1).parsed[-len(rows) :]:
        say.detail(f"log: {row}")
    for result_file in client.result_files.list(task_id=task.id).parsed.content:
        say.detail(f"result file: {result_file.name}")
    for reported in client.errors.list(task_id=task.id).parsed.content:
        say.detail(f"error: {reported.type}: {reported.message}")
    for alert in client.alerts.list(task_id=task.id).parsed.content:
        say.detail(f"alert: [{alert.type}] {alert.title}: {alert.message}")
    say.done()


@contextlib.contextmanager
def _server(args: argparse.Namespace, out: TextIO) -> Iterator[tuple[str, str, str]]:
    if args.server:
        if not (args.login and args.key):
            raise SystemExit("--server needs --login and --key")
        yield args.server, args.login, args.key
        return
    from maestro.testing import MaestroEmulator

    emulator = MaestroEmulator()
    with emulator.serve() as url:
        print(f"Started the Maestro emulator on {url} (in memory, loopback only).", file=out)
        yield url, emulator.login, emulator.key


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    """Entry point of ``python -m maestro``."""
    parser = argparse.ArgumentParser(prog="python -m maestro", description="The maestro SDK.")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="run a narrated bot lifecycle (against the emulator by default)"
    )
    demo.add_argument("--server", help="a Maestro URL (default: start the built-in emulator)")
    demo.add_argument("--login", help="workspace login (with --server)")
    demo.add_argument("--key", help="workspace key (with --server)")
    demo.add_argument("--automation", default=DEMO_AUTOMATION, help="automation label for the task")
    args = parser.parse_args(argv)
    try:
        with _server(args, out) as (url, login, key), MaestroClient(login, key, url) as client:
            run_lifecycle(client, automation=args.automation, out=out)
    except MaestroClientError as exc:
        print(f"\nThe demo stopped: {exc}", file=sys.stderr)
        return 1
    return 0
