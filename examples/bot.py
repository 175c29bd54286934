"""A bot, as the BotCity Runner starts it: pay every pending invoice of the datapool.

The Runner runs ``python bot.py <server> <task id> <token> [<organization>]``. The bot reads
its task, pays each entry of the ``invoices`` datapool (``DONE`` or ``ERROR`` per entry),
writes a line per invoice to the automation's log, uploads a report as a result file, reports
failures on the Errors page and finishes the task with its item counts.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from maestro import FinishStatus, MaestroClient

AUTOMATION = "MyAutomation"
POOL = "invoices"


class PaymentRefusedError(Exception):
    """The bank refused a transfer: a business failure of one item."""


def pay(invoice: str) -> None:
    """Pay one invoice: the automation's real work goes here."""
    if invoice.endswith("13"):  # the demo refuses these
        raise PaymentRefusedError(f"{invoice}: the bank refused the transfer")


def run(client: MaestroClient, task_id: int | str) -> FinishStatus:
    """Do the task's work and finish it; return the status it finished with."""
    outcomes: dict[str, str] = {}
    for entry in client.datapools.consume(POOL, task_id=task_id, on_error="continue"):
        invoice = str(entry.values["invoice"])
        with entry:  # DONE when the block ends cleanly
            try:
                pay(invoice)
            except PaymentRefusedError as refused:
                entry.fail(str(refused))  # ERROR, of type BUSINESS
            except Exception as exc:  # anything else: on the Errors page, then ERROR
                client.errors.report(task_id, exc, tags={"invoice": invoice})
                raise
        outcomes[invoice] = str(entry.reported)
        client.logs.add_entry(AUTOMATION, {"invoice": invoice, "status": outcomes[invoice]})

    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "payments.csv"
        lines = [f"{invoice},{status}" for invoice, status in outcomes.items()]
        report.write_text("invoice,status\n" + "".join(f"{line}\n" for line in lines), "utf-8")
        client.result_files.upload(task_id, report)

    failed = sum(status == "ERROR" for status in outcomes.values())
    done = len(outcomes) - failed
    if failed:
        client.alerts.create(task_id, "Payments refused", f"{failed} of {len(outcomes)}", "WARN")
    status = FinishStatus.SUCCESS if not failed else FinishStatus.PARTIALLY_COMPLETED
    if outcomes and not done:
        status = FinishStatus.FAILED
    message = f"{done} paid, {failed} refused"
    client.tasks.finish(task_id, status, message=message, processed_items=done, failed_items=failed)
    print(f"task {task_id}: {message}")
    return status


def main() -> None:
    """Entry point for the Runner."""
    with MaestroClient.from_sys_args() as client:
        if client.task_id is None:
            raise SystemExit("usage: bot.py <server> <task id> <token> [<organization>]")
        run(client, client.task_id)


if __name__ == "__main__":
    main()
