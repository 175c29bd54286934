"""``python -m maestro.testing serve``: run an emulator in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m maestro.testing", description="An in-memory BotCity Maestro API v2."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve over HTTP until interrupted")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    serve.add_argument("--port", type=int, default=8080, help="port (0 picks a free one)")
    serve.add_argument("--login", default="demo", help="workspace login (default: demo)")
    serve.add_argument("--key", default="demo-key", help="workspace key (default: demo-key)")
    serve.add_argument("--organization", default=None, help="organization (default: the login)")
    serve.add_argument("--version", default="3.4.0", help="server version to report")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = _parser().parse_args(argv)
    from maestro.testing import MaestroEmulator

    emulator = MaestroEmulator(
        login=arguments.login,
        key=arguments.key,
        organization=arguments.organization,
        token_ttl=arguments.token_ttl,
        version=arguments.version,
        automations=arguments.automations,
        strict=arguments.strict,
    )
    try:
        with emulator.serve(host=arguments.host, port=arguments.port) as url:
            print(f"Maestro emulator listening on {url} (Ctrl-C to stop)", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("Maestro emulator stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
