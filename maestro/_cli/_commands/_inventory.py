"""What a workspace holds: credentials, bots, runners, schedules and automations."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from maestro._cli._commands._args import wire
from maestro._cli._output import Record, Table

if TYPE_CHECKING:
    from maestro._cli._app import Commands, Context

__all__ = ["register"]

MASK = "********"
TECHNOLOGIES = ("PYTHON", "JAVA", "JAVASCRIPT", "TYPESCRIPT", "COMMAND")


def register(commands: Commands) -> None:
    """Add the ``credentials``, ``bots``, ``runners``, ``schedules``, ``automations`` commands."""
    credentials = commands.group("credentials", "credential sets and their keys")
    credentials.add("list", list_credentials, "list credential sets and their keys (no values)")
    get = credentials.add("get", get_credential, "show one secret value, masked unless --reveal")
    get.add_argument("label", metavar="LABEL", help="the credential set")
    # Not `key`: that is the global --key (the workspace key).
    get.add_argument("secret_key", metavar="KEY", help="the key in the set")
    get.add_argument("--reveal", action="store_true", help="print the value itself")

    bots = commands.group("bots", "bots and their versions")
    bot_list = bots.add("list", list_bots, "list bots with their current version")
    bot_list.add_argument("--bot", metavar="BOT_ID", help="only this bot")
    deploy = bots.add("deploy", deploy_bot, "register a bot version and upload its package")
    deploy.add_argument("bot_id", metavar="BOT")
    deploy.add_argument("version", metavar="VERSION")
    deploy.add_argument("file", metavar="FILE", type=Path, help="a .zip, .tar.gz or .jar package")
    deploy.add_argument("--technology", required=True, type=str.upper, choices=TECHNOLOGIES)
    deploy.add_argument("--command", dest="bot_command", help="the command line of COMMAND bots")
    deploy.add_argument("--release", action="store_true", help="make it the released version")

    commands.group("runners", "runners (machines that run tasks)").add(
        "list", list_runners, "list runners"
    )
    commands.group("schedules", "schedules of automations").add(
        "list", list_schedules, "list schedules"
    )
    commands.group("automations", "automations").add("list", list_automations, "list automations")


def list_credentials(context: Context, args: argparse.Namespace) -> None:
    """``maestro credentials list``: labels and key names only, never values."""
    credentials = context.client().credentials.list().parsed
    context.out.show(
        [{"label": item.label, "keys": item.keys} for item in credentials],
        Table(
            ["label", "keys"],
            [[item.label, ", ".join(item.keys)] for item in credentials],
            empty="No credentials.",
        ),
    )


def get_credential(context: Context, args: argparse.Namespace) -> None:
    """``maestro credentials get LABEL KEY [--reveal]``."""
    secret = context.client().credentials.get_value(args.label, args.secret_key).parsed
    value = secret.get_secret_value() if args.reveal else MASK
    context.out.show(
        {"label": args.label, "key": args.secret_key, "value": value, "revealed": args.reveal},
        Record([("label", args.label), ("key", args.secret_key), ("value", value)]),
    )
    if not args.reveal and not context.out.json_mode:
        context.out.info("(masked: add --reveal to print the value)")


def list_bots(context: Context, args: argparse.Namespace) -> None:
    """``maestro bots list``."""
    bots = context.client().bots.list(bot_id=args.bot).parsed
    table = Table(
        ["bot", "version", "technology", "released", "file", "modified"],
        [
            [
                bot.bot_id,
                bot.version,
                bot.technology,
                bot.released,
                bot.file_name,
                bot.date_last_modified or bot.date_creation,
            ]
            for bot in bots
        ],
        empty="No bots.",
    )
    context.out.show([wire(bot) for bot in bots], table)


def deploy_bot(context: Context, args: argparse.Namespace) -> None:
    """``maestro bots deploy BOT VERSION FILE --technology T [--release]``."""
    bots = context.client().bots
    with context.out.progress(f"Uploading {args.file.name}", unit="bytes") as update:
        bots.deploy(
            args.bot_id,
            args.version,
            args.file,
            technology=args.technology,
            command=args.bot_command,
            on_progress=update,
        )
    if args.release:
        bots.release(args.bot_id, args.version)
    released = "released" if args.release else "not released"
    context.out.show(
        {
            "botId": args.bot_id,
            "version": args.version,
            "technology": args.technology,
            "released": args.release,
        },
        Record(
            [
                ("bot", args.bot_id),
                ("version", args.version),
                ("technology", args.technology),
                ("released", args.release),
            ],
            title=f"Deployed {args.bot_id} {args.version} ({released}).",
        ),
    )


def list_runners(context: Context, args: argparse.Namespace) -> None:
    """``maestro runners list``."""
    runners = list(context.client().runners.iterate())
    table = Table(
        ["machine", "name", "type", "status"],
        [
            [
                runner.machine_id,
                runner.name,
                runner.type,
                None if runner.is_online is None else ("ONLINE" if runner.is_online else "OFFLINE"),
            ]
            for runner in runners
        ],
        empty="No runners.",
    )
    context.out.show([wire(runner) for runner in runners], table)


def list_schedules(context: Context, args: argparse.Namespace) -> None:
    """``maestro schedules list``."""
    schedules = list(context.client().schedules.iterate())
    table = Table(
        ["id", "automation", "cron", "active", "parameters"],
        [[s.id, s.activity_label, s.cron, s.active, s.parameters or None] for s in schedules],
        empty="No schedules.",
    )
    context.out.show([wire(schedule) for schedule in schedules], table)


def list_automations(context: Context, args: argparse.Namespace) -> None:
    """``maestro automations list``."""
    automations = context.client().automations.list().parsed
    table = Table(
        ["label", "name", "bot", "technology", "parameters"],
        [
            [
                item.label,
                item.name,
                item.agent_id,
                item.technology,
                ", ".join(p.label for p in item.parameters if p.label) or None,
            ]
            for item in automations
        ],
        empty="No automations.",
    )
    context.out.show([wire(item) for item in automations], table)
