"""``maestro result-files``, ``maestro logs`` and ``maestro errors``: what tasks leave behind."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from maestro._cli._commands._args import count, integer_id, wire
from maestro._cli._errors import UsageError
from maestro._cli._output import Record, Table, human_size

if TYPE_CHECKING:
    from maestro import Artifact, MaestroClient
    from maestro._cli._app import Commands, Context

__all__ = ["register"]


def register(commands: Commands) -> None:
    """Add the ``result-files``, ``logs`` and ``errors`` commands."""
    files = commands.group("result-files", "result files of tasks (the API's artifacts)")
    listing = files.add("list", list_files, "list result files, newest first")
    listing.add_argument("--task", metavar="ID", type=integer_id, help="only this task's files")
    listing.add_argument("--days", type=count, default=7, help="of the last N days (default 7)")
    listing.add_argument("--limit", type=count, default=50, help="at most N files (default 50)")

    download = files.add("download", download_file, "download a result file")
    download.add_argument("artifact_id", metavar="ID", type=integer_id)
    download.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        type=Path,
        help="file or folder to write (default: the file's own name, here; never overwritten)",
    )

    upload = files.add("upload", upload_file, "upload a file as a task's result file")
    upload.add_argument("task_id", metavar="TASK_ID", type=integer_id)
    upload.add_argument("file", metavar="FILE", type=Path)
    upload.add_argument("--name", help="display name (default: the file's name)")

    logs = commands.group("logs", "execution logs of automations")
    export = logs.add("export", export_log, "export an automation's log as CSV")
    export.add_argument("label", metavar="LABEL", help="the automation's label")
    export.add_argument("--days", type=count, default=7, help="of the last N days (default 7)")
    export.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write here (default: stdout)"
    )

    errors = commands.group("errors", "errors reported by tasks")
    error_list = errors.add("list", list_errors, "list reported errors")
    error_list.add_argument("--automation", metavar="LABEL", help="only this automation's")
    error_list.add_argument("--task", metavar="ID", type=integer_id, help="only this task's")
    error_list.add_argument("--days", type=count, help="of the last N days")
    error_list.add_argument("--limit", type=count, default=50, help="at most N (default 50)")


def artifact_record(artifact: Artifact, title: str) -> Record:
    """One result file's record."""
    return Record(
        [
            ("id", artifact.id),
            ("name", artifact.name),
            ("file", artifact.file_name),
            ("task", artifact.task_id),
            ("created", artifact.date_creation),
        ],
        title=title,
    )


def list_files(context: Context, args: argparse.Namespace) -> None:
    """``maestro result-files list``."""
    files = list(
        context.client().result_files.iterate(
            task_id=args.task,
            days=args.days,
            page_size=max(1, min(args.limit, 100)),
            limit=args.limit,
        )
    )
    table = Table(
        ["id", "name", "file", "task", "created"],
        [[f.id, f.name, f.file_name, f.task_id, f.date_creation] for f in files],
        empty="No result files.",
    )
    context.out.show([wire(artifact) for artifact in files], table)


def _own_name(client: MaestroClient, artifact_id: int) -> str:
    """The file's name as stored, reduced to a plain file name (no folders, no ``..``)."""
    artifact = client.result_files.get(artifact_id).parsed
    for candidate in (artifact.file_name, artifact.name):
        name = Path(str(candidate or "").replace("\\", "/")).name
        if name not in ("", ".", ".."):
            return name
    return f"result-file-{artifact_id}"


def download_file(context: Context, args: argparse.Namespace) -> None:
    """``maestro result-files download ID``."""
    client = context.client()
    output: Path | None = args.output
    if output is None or output.is_dir():
        path = (output or Path()) / _own_name(client, args.artifact_id)
        if path.exists():
            raise UsageError(f"{path} exists: give -o PATH to overwrite it or to write elsewhere")
    else:
        path = output
    with context.out.progress(f"Downloading {path.name}", unit="bytes") as update:
        client.result_files.download(args.artifact_id, path, on_progress=update)
    size = path.stat().st_size
    context.out.show(
        {"id": args.artifact_id, "path": str(path), "bytes": size},
        Record([("path", path), ("size", human_size(size))], title=f"Downloaded {path}."),
    )


def upload_file(context: Context, args: argparse.Namespace) -> None:
    """``maestro result-files upload TASK_ID FILE``."""
    path: Path = args.file
    with context.out.progress(f"Uploading {path.name}", unit="bytes") as update:
        response = context.client().result_files.upload(
            args.task_id, path, name=args.name, on_progress=update
        )
    artifact = response.parsed
    context.out.show(
        response.data, artifact_record(artifact, f"Uploaded result file {artifact.id}.")
    )


def export_log(context: Context, args: argparse.Namespace) -> None:
    """``maestro logs export LABEL``."""
    logs = context.client().logs
    output: Path | None = args.output
    if output is None:
        if context.out.json_mode:
            raise UsageError("logs export writes CSV: with --json, give -o FILE")
        binary = getattr(context.out.stdout, "buffer", None)
        if binary is not None:  # a real stdout: streamed, never held whole in memory
            context.out.stdout.flush()
            logs.export_csv(args.label, days=args.days, to=binary)
            binary.flush()
        else:
            csv_bytes = logs.export_csv(args.label, days=args.days).parsed or b""
            context.out.stdout.write(csv_bytes.decode("utf-8", errors="replace"))
        return
    with context.out.progress(f"Exporting {args.label}", unit="bytes") as update:
        logs.export_csv(args.label, days=args.days, to=output, on_progress=update)
    size = output.stat().st_size
    context.out.show(
        {"label": args.label, "days": args.days, "path": str(output), "bytes": size},
        Record([("path", output), ("size", human_size(size))], title=f"Exported to {output}."),
    )


def list_errors(context: Context, args: argparse.Namespace) -> None:
    """``maestro errors list``."""
    errors = list(
        context.client().errors.iterate(
            automation_label=args.automation,
            task_id=args.task,
            days=args.days,
            sort="dateCreation,desc",
            page_size=max(1, min(args.limit, 100)),
            limit=args.limit,
        )
    )
    table = Table(
        ["id", "task", "automation", "type", "message", "date"],
        [
            [e.id, e.task_id, e.activity_label, e.type, _first_line(e.message), e.date_creation]
            for e in errors
        ],
        empty="No errors.",
    )
    context.out.show([wire(error) for error in errors], table)


def _first_line(text: str | None, limit: int = 80) -> str | None:
    if text is None:
        return None
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."
