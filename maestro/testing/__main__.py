"""``python -m maestro.testing serve``: run an emulator in the foreground until stopped.

``maestro emulator serve`` is the same command: both take their options from
:func:`add_serve_arguments` and run :func:`serve`. Ctrl-C (SIGINT) and SIGTERM both stop it
cleanly, also when a shell started it in the background with ``&``.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import TextIO


def add_serve_arguments(serve: argparse.ArgumentParser) -> None:
    """The options of ``serve``, shared by ``python -m maestro.testing`` and ``maestro``."""
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    serve.add_argument("--port", type=int, default=8080, help="port (0 picks a free one)")
    serve.add_argument("--login", default="demo", help="workspace login (default: demo)")
    serve.add_argument("--key", default="demo-key", help="workspace key (default: demo-key)")
    serve.add_argument("--organization", default=None, help="organization (default: the login)")
    serve.add_argument(
        "--server-version", default="3.4.0", help="the Maestro version the server reports"
    )
    serve.add_argument("--token-ttl", type=float, default=3600.0, help="token lifetime, seconds")
    serve.add_argument(
        "--automation",
        action="append",
        dest="automations",
        metavar="LABEL",
        help="an automation the workspace has (repeatable; default: the demo automations)",
    )
    serve.add_argument(
        "--strict", action="store_true", help="refuse unknown and missing body fields (400)"
    )


def _parser() -> argparse.ArgumentParser:
    from maestro._version import __version__

    parser = argparse.ArgumentParser(
        prog="python -m maestro.testing", description="An in-memory BotCity Maestro API v2."
    )
    parser.add_argument("--version", action="version", version=f"maestro {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    add_serve_arguments(commands.add_parser("serve", help="serve over HTTP until interrupted"))
    return parser


class _TerminatedError(Exception):
    """Raised in the main thread when SIGTERM arrives, to leave the serving loop."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise _TerminatedError


@contextlib.contextmanager
def _stop_on_interrupt_and_terminate() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt and SIGTERM ``_TerminatedError``; the old handlers come back.

    A shell starts ``command &`` with SIGINT ignored, and Python then leaves it ignored:
    such an emulator could only be killed. Only the main thread may set handlers; elsewhere
    (an embedding program's worker thread) the handlers in force are left alone.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler),
        signal.SIGTERM: signal.signal(signal.SIGTERM, _raise_terminated),
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def serve(arguments: argparse.Namespace, out: TextIO | None = None) -> int:
    """Serve an emulator built from the ``serve`` options until SIGINT or SIGTERM; returns 0."""
    from maestro.testing import MaestroEmulator

    out = sys.stdout if out is None else out
    try:
        emulator = MaestroEmulator(
            login=arguments.login,
            key=arguments.key,
            organization=arguments.organization,
            token_ttl=arguments.token_ttl,
            version=arguments.server_version,
            automations=arguments.automations,
            strict=arguments.strict,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        with (
            _stop_on_interrupt_and_terminate(),
            emulator.serve(host=arguments.host, port=arguments.port) as url,
        ):
            print(f"Maestro emulator listening on {url} (Ctrl-C to stop)", file=out, flush=True)
            while True:
                time.sleep(3600)
    except (KeyboardInterrupt, _TerminatedError):
        print("Maestro emulator stopped", file=out, flush=True)
    except OSError as exc:  # the address is taken, or cannot be bound
        print(f"error: cannot serve on {arguments.host}:{arguments.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    return serve(_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
