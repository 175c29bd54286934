"""An operations script: prepare the workspace, queue today's invoices, start the bot.

It gives the automation ``MyAutomation`` its log and its ``invoices`` datapool when they are
missing, pushes the invoices given on the command line, creates a task for the bot and prints
the pool's counters. Configure it with ``MAESTRO_SERVER``, ``MAESTRO_LOGIN`` and ``MAESTRO_KEY``::

    python operations.py INV-001 INV-002 INV-003
    python operations.py --wait 600 INV-004      # and wait for the bot to finish
"""

from __future__ import annotations

import argparse

from maestro import Column, MaestroClient, NotFoundError, SchemaField

AUTOMATION = "MyAutomation"
POOL = "invoices"


def prepare(client: MaestroClient) -> None:
    """Create the automation's log and datapool, unless they exist."""
    try:
        client.logs.get(AUTOMATION)
    except NotFoundError:
        columns = [Column("Invoice", "invoice"), Column("Status", "status")]
        client.logs.create(AUTOMATION, columns=columns)
        print(f"created the log of {AUTOMATION}")
    try:
        client.datapools.get(POOL)
    except NotFoundError:
        schema = [SchemaField(label="invoice", unique_id=True)]
        client.datapools.create(POOL, default_automation=AUTOMATION, schema=schema)
        print(f"created the datapool {POOL}")


def main() -> None:
    """Queue the invoices, start a task, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("invoices", nargs="+", help="invoice numbers to pay")
    parser.add_argument("--wait", type=float, metavar="SECONDS", help="wait for the task")
    parser.add_argument("--poll", type=float, default=5.0, metavar="SECONDS", help="while waiting")
    args = parser.parse_args()

    with MaestroClient.from_env() as client:
        prepare(client)
        for invoice in args.invoices:
            client.datapools.push(POOL, {"invoice": invoice})
        task = client.tasks.create(AUTOMATION, parameters={"invoices": len(args.invoices)}).parsed
        print(f"task {task.id} created for {len(args.invoices)} invoices")

        if args.wait is not None:
            final = client.tasks.wait(task.id, timeout=args.wait, poll_interval=args.poll).parsed
            print(f"task {task.id} {final.state}: {final.finish_status}")

        summary = client.datapools.summary(POOL).parsed
        print(f"{POOL}: {summary.count_pending} pending, {summary.count_done} done")


if __name__ == "__main__":
    main()
