"""A datapool worker: take entries one at a time and report each, with retries left to Maestro.

``consume`` (see ``bot.py``) reports through ``with entry:``; this worker shows the steps
underneath: ``pull`` takes the next entry (``None`` when nothing is pending), the work runs,
and ``report_done`` or ``report_error`` tells Maestro how it went. Configure it with
``MAESTRO_SERVER``, ``MAESTRO_LOGIN`` and ``MAESTRO_KEY``::

    python datapool_consumer.py invoices --limit 100
"""

from __future__ import annotations

import argparse

from maestro import DatapoolEntry, ErrorType, MaestroClient


class InvalidInvoiceError(Exception):
    """The entry's data cannot be processed: a business error, not worth retrying."""


def process(entry: DatapoolEntry) -> None:
    """The work on one entry (yours goes here)."""
    invoice = str(entry.values.get("invoice", ""))
    if not invoice.startswith("INV-"):
        raise InvalidInvoiceError(f"{invoice!r} is not an invoice number")


def work_through(client: MaestroClient, label: str, limit: int | None) -> dict[str, int]:
    """Process entries until the pool has none pending or ``limit`` is reached."""
    counts = {"DONE": 0, "ERROR": 0}
    while limit is None or sum(counts.values()) < limit:
        entry = client.datapools.pull(label).parsed
        if entry is None:  # nothing pending
            break
        try:
            process(entry)
        except InvalidInvoiceError as invalid:
            client.datapools.report_error(
                label, entry.id, error_type=ErrorType.BUSINESS, message=str(invalid)
            )
            counts["ERROR"] += 1
        except Exception as exc:  # a system error: the pool's retry policy may run it again
            client.datapools.report_error(label, entry.id, message=f"{type(exc).__name__}: {exc}")
            counts["ERROR"] += 1
        else:
            client.datapools.report_done(label, entry.id)
            counts["DONE"] += 1
    return counts


def main() -> None:
    """Work through the datapool named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("label", help="the datapool's label")
    parser.add_argument("--limit", type=int, help="stop after this many entries")
    args = parser.parse_args()

    with MaestroClient.from_env() as client:
        counts = work_through(client, args.label, args.limit)
    print(f"{args.label}: {counts['DONE']} done, {counts['ERROR']} failed")


if __name__ == "__main__":
    main()
