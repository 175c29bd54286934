"""``maestro datapools``: list pools, show a pool's counters, push a file of entries.

``push`` reads and checks the whole file first (CSV with a header row, or JSON lines), and
the values against the pool's schema, so a malformed row stops it before anything is sent.
Then it pushes row by row. Should the server refuse a row, or the connection fail, it stops
there and says which lines were pushed and where to resume (``--from-line``): nothing after
the failing row was sent, and nothing before it is sent again.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maestro._cli._commands._args import count, priority, wire
from maestro._cli._errors import CommandError
from maestro._cli._output import Record, Table
from maestro._cli._rows import FORMATS, Row, check_schema, file_format, raise_problems, read_rows

if TYPE_CHECKING:
    from maestro import MaestroClient
    from maestro._cli._app import Commands, Context

__all__ = ["register"]


def register(commands: Commands) -> None:
    """Add the ``datapools`` commands."""
    pools = commands.group("datapools", "datapools and their entries")
    pools.add("list", list_pools, "list datapools")

    summary = pools.add("summary", show_summary, "a datapool's entry counters")
    summary.add_argument("label", metavar="LABEL")

    push = pools.add(
        "push",
        push_file,
        "push a CSV (header row) or JSON lines file of entries",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    push.add_argument("label", metavar="LABEL")
    push.add_argument("file", metavar="FILE", type=Path)
    push.add_argument("--format", choices=FORMATS, help="default: from the extension")
    push.add_argument("--priority", type=priority, default=0, help="0 (default) to 10")
    push.add_argument(
        "--from-line",
        type=count,
        default=1,
        metavar="N",
        help="skip the rows before line N (to resume a push that stopped)",
    )
    push.add_argument("--dry-run", action="store_true", help="check the file, send nothing")


def list_pools(context: Context, args: argparse.Namespace) -> None:
    """``maestro datapools list``."""
    pools = list(context.client().datapools.iterate())
    table = Table(
        ["label", "name", "active", "default automation", "policy", "items"],
        [
            [
                pool.label,
                pool.name,
                pool.active,
                pool.default_automation,
                pool.consumption_policy,
                getattr(pool, "item_count", None),
            ]
            for pool in pools
        ],
        empty="No datapools.",
    )
    context.out.show([wire(pool) for pool in pools], table)


def show_summary(context: Context, args: argparse.Namespace) -> None:
    """``maestro datapools summary LABEL``."""
    response = context.client().datapools.summary(args.label)
    summary = response.parsed
    record = Record(
        [
            ("pending", summary.count_pending),
            ("processing", summary.count_processing),
            ("done", summary.count_done),
            ("timeout", summary.count_timeout),
            ("average done time", summary.avg_done),
            ("active", summary.active),
            # Counters the SDK does not model (an error count, say), as the server names them.
            *(summary.model_extra or {}).items(),
        ],
        title=f"Datapool {args.label}",
    )
    context.out.show(response.data, record)


def push_file(context: Context, args: argparse.Namespace) -> None:
    """``maestro datapools push LABEL FILE``."""
    path: Path = args.file
    fmt = file_format(path, args.format)
    rows, problems = read_rows(path, fmt)
    rows = [row for row in rows if row.line >= args.from_line]
    problems = [p for p in problems if p.whole_file or p.line >= args.from_line]
    client = context.client()
    schema = {
        field.label: str(field.type or "TEXT").upper()
        for field in client.datapools.get(args.label).parsed.schema_fields
        if field.label
    }
    rows, schema_problems = check_schema(rows, schema, from_text=fmt == "csv")
    raise_problems(path, [*problems, *schema_problems])
    if args.dry_run:
        _report(context, args, rows, len(rows), checked_only=True)
        return
    pushed = _push(context, client, args, rows)
    _report(context, args, rows, pushed, checked_only=False)


def _push(
    context: Context, client: MaestroClient, args: argparse.Namespace, rows: list[Row]
) -> int:
    from maestro import APIConnectionError, MaestroClientError, RequestValidationError

    pushed = 0
    with context.out.progress(f"Pushing to {args.label}") as update:
        update(0, len(rows))
        for index, row in enumerate(rows):
            try:
                client.datapools.push(args.label, row.values, priority=args.priority)
            except RequestValidationError:
                if pushed == 0:
                    raise  # refused before sending: nothing was sent, a usage error
                raise _stopped(args, rows, index, "was refused before sending", sure=True) from None
            except APIConnectionError as exc:
                raise _stopped(args, rows, index, str(exc), sure=False) from None
            except MaestroClientError as exc:
                raise _stopped(args, rows, index, f"refused: {exc}", sure=True) from None
            except KeyboardInterrupt:
                context.out.error(str(_stopped(args, rows, index, "interrupted", sure=False)))
                raise
            pushed += 1
            update(pushed, len(rows))
    return pushed


def _stopped(
    args: argparse.Namespace, rows: list[Row], index: int, reason: str, *, sure: bool
) -> CommandError:
    """Where a push stopped, and the exact command to resume it."""
    row = rows[index]
    done = (
        f"lines {rows[0].line}-{rows[index - 1].line} ({index} entries) were pushed"
        if index
        else "nothing was pushed before it"
    )
    resume = f"maestro datapools push {args.label} {args.file} --from-line"
    if sure:
        advice = f"nothing after it was sent. Resume with: {resume} {row.line}"
    else:
        after = rows[index + 1].line if index + 1 < len(rows) else None
        skip = f" (or {resume} {after} if it is there)" if after else " (if it is not there)"
        advice = (
            f"that entry may or may not have reached the pool; nothing after it was sent. "
            f"Check with `maestro datapools summary {args.label}`, then resume with: "
            f"{resume} {row.line}{skip}"
        )
    return CommandError(f"{args.file}: line {row.line} {reason}; {done}; {advice}")


def _report(
    context: Context, args: argparse.Namespace, rows: list[Row], pushed: int, *, checked_only: bool
) -> None:
    lines = f"{rows[0].line}-{rows[-1].line}" if rows else None
    document: dict[str, Any] = {
        "datapool": args.label,
        "file": str(args.file),
        "checked" if checked_only else "pushed": pushed,
        "lines": lines,
    }
    verb = "would be pushed (dry run, nothing sent)" if checked_only else "pushed"
    title = (
        f"{pushed} entries {verb} to {args.label}."
        if rows
        else f"Nothing to push: {args.file} has no rows from line {args.from_line}."
    )
    record = Record([("datapool", args.label), ("entries", pushed), ("lines", lines)], title=title)
    if not rows:
        record = Record([], title=title)
    context.out.show(document, record)
