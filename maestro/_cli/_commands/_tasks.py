"""``maestro tasks``: list, get, create, wait for, cancel and finish tasks."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from maestro._cli._commands._args import (
    count,
    integer_id,
    key_json,
    key_value,
    priority,
    seconds,
    wire,
)
from maestro._cli._errors import UsageError
from maestro._cli._output import Record, Table

if TYPE_CHECKING:
    from maestro import Task
    from maestro._cli._app import Commands, Context

__all__ = ["register"]

FINISH_STATUSES = ("SUCCESS", "FAILED", "PARTIALLY_COMPLETED")


def register(commands: Commands) -> None:
    """Add the ``tasks`` commands."""
    tasks = commands.group("tasks", "tasks (executions of an automation)")

    listing = tasks.add("list", list_tasks, "list tasks, newest first")
    listing.add_argument("--state", help="START, RUNNING, FINISHED, CANCELED or TIMEOUT")
    listing.add_argument("--automation", metavar="LABEL", help="only this automation's tasks")
    listing.add_argument("--days", type=count, help="only tasks of the last N days")
    listing.add_argument("--limit", type=count, default=50, help="at most N tasks (default 50)")

    get = tasks.add("get", get_task, "show one task")
    get.add_argument("task_id", metavar="ID", type=integer_id)

    create = tasks.add("create", create_task, "create a task for an automation")
    create.add_argument("automation", metavar="LABEL", help="the automation's label")
    create.add_argument(
        "--param",
        metavar="KEY=VALUE",
        type=key_value,
        action="append",
        default=[],
        help="a text parameter (repeatable)",
    )
    create.add_argument(
        "--param-json",
        metavar="KEY=JSON",
        type=key_json,
        action="append",
        default=[],
        help="a parameter whose value is JSON: n=5, ok=true (repeatable)",
    )
    create.add_argument("--priority", type=priority, default=0, help="0 (lowest, default) to 10")
    create.add_argument("--test", action="store_true", help="mark it a test task")

    wait = tasks.add("wait", wait_task, "wait until a task is FINISHED, CANCELED or TIMEOUT")
    wait.add_argument("task_id", metavar="ID", type=integer_id)
    wait.add_argument("--timeout", type=seconds, help="give up after S seconds (exit 1)")
    wait.add_argument(
        "--interval", type=seconds, default=5.0, help="seconds between polls (default 5)"
    )

    cancel = tasks.add("cancel", cancel_task, "cancel a task that has not started")
    cancel.add_argument("task_id", metavar="ID", type=integer_id)

    finish = tasks.add("finish", finish_task, "finish a task with a status and item counts")
    finish.add_argument("task_id", metavar="ID", type=integer_id)
    finish.add_argument("--status", required=True, type=str.upper, choices=FINISH_STATUSES)
    finish.add_argument("--total", type=count, help="items in all")
    finish.add_argument("--processed", type=count, help="items processed")
    finish.add_argument("--failed", type=count, help="items failed")
    finish.add_argument("--message", default="", help="finish message")


def task_rows(tasks: list[Task]) -> Table:
    """The task list table."""
    return Table(
        ["id", "automation", "state", "status", "items", "runner", "created"],
        [
            [
                task.id,
                task.activity_label,
                task.state,
                task.finish_status,
                _items(task),
                task.machine_id,
                task.date_creation,
            ]
            for task in tasks
        ],
        empty="No tasks.",
    )


def _items(task: Task) -> str | None:
    if task.total_items is None:
        return None
    return f"{task.processed_items or 0}/{task.total_items}"


def task_record(task: Task, title: str | None = None) -> Record:
    """One task, field by field."""
    fields: list[tuple[str, Any]] = [
        ("id", task.id),
        ("automation", task.activity_label),
        ("state", task.state),
        ("finish status", task.finish_status),
        ("finish message", task.finish_message),
        ("parameters", task.parameters),
        ("priority", task.priority),
        ("test", task.test),
        ("runner", task.machine_id),
        ("items", _item_counts(task)),
        ("created", task.date_creation),
        ("started", task.date_start_running),
        ("last modified", task.date_last_modified),
    ]
    return Record(fields, title=title)


def _item_counts(task: Task) -> str | None:
    if task.total_items is None:
        return None
    return f"{task.total_items} total, {task.processed_items} processed, {task.failed_items} failed"


def list_tasks(context: Context, args: argparse.Namespace) -> None:
    """``maestro tasks list``."""
    tasks = list(
        context.client().tasks.iterate(
            state=args.state,
            activity_label=args.automation,
            days=args.days,
            sort="dateCreation,desc",
            page_size=max(1, min(args.limit, 100)),
            limit=args.limit,
        )
    )
    context.out.show([wire(task) for task in tasks], task_rows(tasks))


def get_task(context: Context, args: argparse.Namespace) -> None:
    """``maestro tasks get ID``."""
    response = context.client().tasks.get(args.task_id)
    context.out.show(response.data, task_record(response.parsed))


def create_task(context: Context, args: argparse.Namespace) -> None:
    """``maestro tasks create LABEL``."""
    parameters: dict[str, Any] = {}
    for key, value in [*args.param, *args.param_json]:
        if key in parameters:
            raise UsageError(f"parameter {key!r} is given twice")
        parameters[key] = value
    response = context.client().tasks.create(
        args.automation, parameters=parameters, priority=args.priority, test=args.test
    )
    task = response.parsed
    context.out.show(response.data, task_record(task, title=f"Created task {task.id}."))


def wait_task(context: Context, args: argparse.Namespace) -> None:
    """``maestro tasks wait ID``."""
    if args.interval <= 0:
        raise UsageError("--interval must be more than 0 seconds")
    if not context.out.json_mode:
        context.out.info(f"Waiting for task {args.task_id}...")
    response = context.client().tasks.wait(
        args.task_id, timeout=args.timeout, poll_interval=args.interval
    )
    context.out.show(response.data, task_record(response.parsed))


def _show_changed(context: Context, task_id: int, task: Task | None, title: str) -> None:
    """Show a task after a change: as the server answered it, else fetched again."""
    if task is None:
        response = context.client().tasks.get(task_id)
        document, task = response.data, response.parsed
    else:
        document = wire(task)
    context.out.show(document, task_record(task, title=title.format(id=task.id)))


def cancel_task(context: Context, args: argparse.Namespace) -> None:
    """``maestro tasks cancel ID``."""
    task = context.client().tasks.cancel(args.task_id).parsed
    _show_changed(context, args.task_id, task, "Canceled task {id}.")


def finish_task(context: Context, args: argparse.Namespace) -> None:
    """``maestro tasks finish ID --status S``."""
    task = (
        context.client()
        .tasks.finish(
            args.task_id,
            args.status,
            message=args.message,
            total_items=args.total,
            processed_items=args.processed,
            failed_items=args.failed,
        )
        .parsed
    )
    _show_changed(context, args.task_id, task, "Finished task {id}.")
