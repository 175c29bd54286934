"""``maestro login``, ``check``, ``demo`` and ``emulator serve``."""

from __future__ import annotations

import argparse
import importlib
import json
from typing import TYPE_CHECKING, Any

from maestro._cli._errors import CommandError, UsageError
from maestro._cli._output import Lines, Record, Table
from maestro._cli._settings import DEFAULT_PROFILE, ENVIRONMENT
from maestro.testing.__main__ import add_serve_arguments, serve

if TYPE_CHECKING:
    from maestro._cli._app import Commands, Context

__all__ = ["register"]


def register(commands: Commands) -> None:
    """Add ``login``, ``check``, ``demo`` and ``emulator serve``."""
    login = commands.add(
        "login",
        save_login,
        "save a profile: server, login and key (asked without echo), readable by you only",
    )
    login.add_argument(
        "--no-verify", action="store_true", help="save without logging in to check the key"
    )

    check = commands.add("check", run_check, "check a Maestro server against this SDK")
    check.add_argument(
        "--write", action="store_true", help="also try write routes on objects it creates"
    )
    check.add_argument("--yes", action="store_true", help="do not ask before creating objects")

    demo = commands.add(
        "demo",
        run_demo,
        "a narrated bot lifecycle: on the built-in emulator, or on --server/--profile",
    )
    demo.add_argument(
        "--automation",
        default=None,
        help="automation label of the demo's task (default: demo-invoices)",
    )
    demo.add_argument("--yes", action="store_true", help="with --server: do not ask first")

    emulator = commands.group("emulator", "the built-in Maestro emulator")
    serve = emulator.add_plain("serve", serve_emulator, "serve an emulator over HTTP until Ctrl-C")
    add_serve_arguments(serve)


def save_login(context: Context, args: argparse.Namespace) -> None:
    """``maestro login``: ask what the options do not give, check it, save the profile."""
    from maestro import DEFAULT_BASE_URL, MaestroClient

    environ = context.environ
    profiles = context.profiles
    name = context.option("profile") or environ.get("MAESTRO_PROFILE") or DEFAULT_PROFILE
    stored = profiles.profiles().get(name, {})

    def suggested(field: str) -> str | None:
        # The same order as every other command: an explicit --profile before the environment.
        from_environment = environ.get(ENVIRONMENT[field])
        if context.option("profile"):
            return stored.get(field) or from_environment
        return from_environment or stored.get(field)

    server = context.option("server") or context.ask(
        "Maestro server URL", suggested("server") or DEFAULT_BASE_URL
    )
    login = context.option("login") or context.ask("Workspace login", suggested("login"))
    key = context.option("key") or context.ask_secret("Workspace key")
    if not login or not key:
        raise UsageError("a login and a key are needed")
    if not args.no_verify:
        with MaestroClient(login, key, server) as client:
            client.authenticate()
    profiles.save_profile(name, {"server": server, "login": login, "key": key})
    path = profiles.path
    context.out.show(
        {"profile": name, "path": str(path), "server": server, "login": login},
        Record(
            [("server", server), ("login", login), ("key", "saved (not shown)")],
            title=f"Saved profile {name!r} to {path} (readable by you only).",
        ),
    )


def run_check(context: Context, args: argparse.Namespace) -> None:
    """``maestro check``: the conformance check of ``maestro._check``, as a table or JSON."""
    from maestro import MaestroClientError

    try:
        check = importlib.import_module("maestro._check")
    except ImportError:
        raise CommandError("the conformance check is not part of this installation") from None
    client = context.client()

    with context.out.status() as status:

        def confirm(plan: str) -> bool:
            status.clear()
            context.out.info(plan)
            return context.confirm("Create these objects, then delete them?")

        try:
            report = check.run_check(
                client, write=args.write, confirm=None if args.yes else confirm, progress=status
            )
        except MaestroClientError as exc:  # only a failed login escapes the check
            raise UsageError(f"cannot log in: {exc}") from None
    header, rows = report.table()
    document = report.to_json()
    if isinstance(document, str):
        document = json.loads(document)
    context.out.show(document, Table(list(header), [list(row) for row in rows]))
    if not context.out.json_mode:
        notes = _check_notes(document, failed=bool(report.exit_code))
        if notes:
            context.out.show(None, Lines("\n".join(notes)))
    context.exit_code = int(report.exit_code)


def _check_notes(document: Any, *, failed: bool) -> list[str]:
    """The lines under the check's table: its summary, and anything left behind."""
    notes = []
    summary = document.get("summary") if isinstance(document, dict) else None
    if isinstance(summary, dict) and {"fit", "called", "do_not_fit"} <= summary.keys():
        notes.append(
            f"{summary['fit']} of {summary['called']} routes called fit this SDK, "
            f"{summary['do_not_fit']} do not; {summary.get('skipped', 0)} not called."
        )
    if isinstance(document, dict):
        if document.get("write_note"):
            notes.append(str(document["write_note"]))
        notes.extend(
            f"NOT DELETED, remove it by hand: {item}" for item in document.get("not_deleted") or []
        )
    if failed:
        notes.append(
            "Something does not fit: attach the output of `maestro check --json` to a bug "
            "report, and use client.request_raw(...) for these routes meanwhile."
        )
    return notes


def run_demo(context: Context, args: argparse.Namespace) -> None:
    """``maestro demo``: on the emulator, unless ``--server`` or ``--profile`` names a workspace.

    The environment alone never sends the demo to a real workspace.
    """
    from maestro import _demo

    automation = args.automation or _demo.DEMO_AUTOMATION
    narration = context.out.stderr if context.out.json_mode else context.out.stdout
    if context.option("server") or context.option("profile"):
        client = context.client()
        context.out.info(_demo.plan_text(client.base_url, automation))
        if not args.yes and not context.confirm("Run the demo in this workspace?"):
            raise CommandError(
                "the demo did not run: nothing was created (--yes skips the question)"
            )
        outcome = _demo.run_lifecycle(client, automation=automation, out=narration)
    else:
        outcome = _demo.run_on_emulator(automation=automation, out=narration)
    if context.out.json_mode:
        context.out.print_json(outcome.to_json())
    failed = [item for item in outcome.cleanup if item["outcome"] == "failed"]
    if failed:
        listed = "; ".join(f"{item['item']} ({item['detail']})" for item in failed)
        raise CommandError(f"the demo could not delete: {listed}")


def serve_emulator(context: Context, args: argparse.Namespace) -> None:
    """``maestro emulator serve``: what ``python -m maestro.testing serve`` does."""
    context.exit_code = serve(args, out=context.out.stdout)
