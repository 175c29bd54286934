"""The standalone command line of the check: ``python -m maestro._check``.

The ``maestro check`` command of the SDK's command line calls :func:`run_check` the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from maestro._check._report import CheckReport, format_plain_table
from maestro._check._run import run_check
from maestro._exceptions import MaestroClientError

__all__ = ["main", "render"]

EXIT_LOGIN_FAILED = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m maestro._check",
        description="Check a Maestro server against this SDK: every read route, and with "
        "--write the write routes on objects the check creates and deletes.",
    )
    parser.add_argument("--server", help="the server's URL (default: $MAESTRO_SERVER)")
    parser.add_argument("--login", help="the workspace login (default: $MAESTRO_LOGIN)")
    parser.add_argument("--key", help="the workspace key (default: $MAESTRO_KEY)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--write", action="store_true", help="also create, exercise and delete test objects"
    )
    parser.add_argument("--yes", action="store_true", help="do not ask before --write creates")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the check from the command line; returns the exit status (0, 1 or 2)."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    server = arguments.server or os.environ.get("MAESTRO_SERVER")
    login = arguments.login or os.environ.get("MAESTRO_LOGIN")
    key = arguments.key or os.environ.get("MAESTRO_KEY")
    if not (server and login and key):
        parser.error(
            "give --server, --login and --key (or MAESTRO_SERVER, MAESTRO_LOGIN, MAESTRO_KEY)"
        )
    from maestro._client import MaestroClient

    try:
        client = MaestroClient(login, key, server)
    except MaestroClientError as exc:
        print(f"maestro check: {exc}", file=sys.stderr)
        return EXIT_LOGIN_FAILED
    with client:
        try:
            report = run_check(
                client,
                write=arguments.write,
                confirm=None if arguments.yes else ask,
                progress=_progress if sys.stderr.isatty() else None,
            )
        except MaestroClientError as exc:
            print(f"maestro check: could not log in to {server}: {exc}", file=sys.stderr)
            return EXIT_LOGIN_FAILED
    print(render(report, as_json=arguments.json), end="")
    return report.exit_code


def render(report: CheckReport, *, as_json: bool) -> str:
    """The report as printed: the JSON document, or the table and a summary."""
    if as_json:
        return json.dumps(report.to_json(), indent=2) + "\n"
    document = report.to_json()
    summary = document["summary"]
    lines = [
        format_plain_table(*report.table()),
        f"{summary['fit']} of {summary['called']} routes called fit this SDK, "
        f"{summary['do_not_fit']} do not; {summary['skipped']} not called.",
    ]
    if document["write_note"]:
        lines.append(document["write_note"])
    for leftover in document["not_deleted"]:
        lines.append(f"NOT DELETED, remove it by hand: {leftover}")
    if report.exit_code:
        lines.append(
            "Something does not fit: attach the output of --json to a bug report, and use "
            "client.request_raw(...) for these routes meanwhile."
        )
    return "\n".join(lines) + "\n"


def ask(plan: str) -> bool:
    """Show the plan on stderr and ask for a yes on stdin (no answer means no)."""
    print(plan, file=sys.stderr)
    print("Create them? [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def _progress(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)
