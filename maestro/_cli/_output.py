"""What the command line prints: tables and records, one JSON document, progress bars.

Plain text needs nothing but the standard library. When ``rich`` is installed (the ``cli``
extra) and ``--plain`` is not given, tables get borders and colours and progress bars are
drawn by rich; ``rich`` is imported only when something is printed, so ``maestro --help``
stays fast. Results go to stdout; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TextIO

__all__ = [
    "Lines",
    "Output",
    "ProgressUpdate",
    "Record",
    "StatusLine",
    "Table",
    "cell",
    "to_json",
]

# Values shown in colour with rich: what went well, what did not, what is under way.
_STATUS_STYLES = {
    "FINISHED": "green",
    "SUCCESS": "green",
    "DONE": "green",
    "ONLINE": "green",
    "FAILED": "red",
    "ERROR": "red",
    "OFFLINE": "red",
    "PARTIALLY_COMPLETED": "yellow",
    "CANCELED": "yellow",
    "TIMEOUT": "yellow",
    "RUNNING": "cyan",
    "PROCESSING": "cyan",
    "START": "blue",
    "PENDING": "blue",
}


@dataclass(frozen=True)
class Table:
    """Rows under column headings; ``empty`` is printed instead when there are no rows."""

    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    empty: str = "Nothing to show."
    title: str | None = None


@dataclass(frozen=True)
class Record:
    """One object as ``name  value`` lines."""

    fields: Sequence[tuple[str, Any]]
    title: str | None = None


@dataclass(frozen=True)
class Lines:
    """Free text, one or more lines."""

    text: str
    style: str | None = field(default=None)


View = Table | Record | Lines


class ProgressUpdate(Protocol):
    """Called as ``update(done, total)``; ``total`` is ``None`` when unknown."""

    def __call__(self, done: int, total: int | None, /) -> None: ...


def cell(value: Any) -> str:
    """How one value reads in a table."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", by_alias=True)
    return str(value)


def to_json(document: Any) -> str:
    """One indented JSON document (models by their wire names, dates in ISO 8601)."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=_json_default)


def human_size(count: float) -> str:
    """Bytes in B, KiB, MiB or GiB."""
    for unit in ("B", "KiB", "MiB"):
        if count < 1024:
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} GiB"


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _rich_installed() -> bool:
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


class Output:
    """Prints a command's result as a table (plain or rich) or as JSON, and its progress."""

    def __init__(self, stdout: TextIO, stderr: TextIO, *, json_mode: bool, plain: bool) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.json_mode = json_mode
        self._plain = plain
        self._use_rich: bool | None = None

    @property
    def rich(self) -> bool:
        """Whether rich draws the output (installed, and ``--plain`` not given)."""
        if self._use_rich is None:
            self._use_rich = not self._plain and _rich_installed()
        return self._use_rich

    # -- results ---------------------------------------------------------------------------

    def show(self, document: Any, view: View) -> None:
        """Print ``document`` as JSON with ``--json``, else ``view`` for people."""
        if self.json_mode:
            self.print_json(document)
        elif self.rich:
            self._show_rich(view)
        else:
            self._show_plain(view)

    def print_json(self, document: Any) -> None:
        """Print ``document`` as one JSON document."""
        print(to_json(document), file=self.stdout)

    def _show_plain(self, view: View) -> None:
        out = self.stdout
        if isinstance(view, Lines):
            print(view.text, file=out)
            return
        if view.title:
            print(view.title, file=out)
        if isinstance(view, Record):
            width = max((len(name) for name, _ in view.fields), default=0)
            for name, value in view.fields:
                print(f"{name:<{width}}  {cell(value)}".rstrip(), file=out)
            return
        if not view.rows:
            print(view.empty, file=out)
            return
        header = [name.upper() for name in view.columns]
        rows = [[cell(value) for value in row] for row in view.rows]
        widths = [max(len(line[i]) for line in (header, *rows)) for i in range(len(header))]
        for line in (header, *rows):
            text = "  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True))
            print(text.rstrip(), file=out)

    def _console(self, stream: TextIO) -> Any:
        from rich.console import Console

        # Not a terminal (a pipe, a file): no wrapping at 80 columns, no colour codes.
        width = None if _is_terminal(stream) else 1000
        return Console(file=stream, highlight=False, width=width, soft_wrap=False)

    def _show_rich(self, view: View) -> None:
        from rich import box
        from rich.table import Table as RichTable
        from rich.text import Text

        console = self._console(self.stdout)
        if isinstance(view, Lines):
            console.print(Text(view.text, style=view.style or ""))
            return
        if view.title:
            # Printed apart: a table's own title would wrap at the table's width.
            console.print(Text(view.title, style="bold"))
        if isinstance(view, Record):
            table = RichTable(box=None, show_header=False, pad_edge=False)
            table.add_column(style="bold")
            table.add_column(overflow="fold")
            for name, value in view.fields:
                table.add_row(name, _styled(value))
            console.print(table)
            return
        if not view.rows:
            console.print(Text(view.empty, style="dim"))
            return
        table = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
        for name in view.columns:
            table.add_column(name.upper())
        for row in view.rows:
            table.add_row(*(_styled(value) for value in row))
        console.print(table)

    # -- messages on stderr ----------------------------------------------------------------

    def warn(self, text: str) -> None:
        """A warning on stderr."""
        print(f"warning: {text}", file=self.stderr)

    def error(self, text: str) -> None:
        """An error on stderr."""
        print(f"maestro: error: {text}", file=self.stderr)

    def info(self, text: str) -> None:
        """A note for people on stderr, kept out of the result on stdout."""
        print(text, file=self.stderr)

    # -- progress --------------------------------------------------------------------------

    @contextmanager
    def progress(self, description: str, *, unit: str = "items") -> Iterator[ProgressUpdate]:
        """A progress bar on stderr when it is a terminal; yields its ``update(done, total)``.

        ``unit`` is ``items`` or ``bytes``. Elsewhere (a pipe, a log file) nothing is drawn.
        """
        if not _is_terminal(self.stderr):
            yield _ignore
        elif self.rich:
            with self._rich_progress(description, unit) as update:
                yield update
        else:
            with self._plain_progress(description, unit) as update:
                yield update

    @contextmanager
    def status(self) -> Iterator[StatusLine]:
        """A one-line status on stderr, drawn only when stderr is a terminal."""
        line = StatusLine(self.stderr if _is_terminal(self.stderr) else None)
        try:
            yield line
        finally:
            line.clear()

    @contextmanager
    def _rich_progress(self, description: str, unit: str) -> Iterator[ProgressUpdate]:
        from rich import progress as bars

        amount = (
            bars.DownloadColumn() if unit == "bytes" else bars.MofNCompleteColumn()
        )  # "1.2/3.4 MB" or "57/100"
        with bars.Progress(
            bars.TextColumn("{task.description}"),
            bars.BarColumn(),
            bars.TaskProgressColumn(),
            amount,
            bars.TimeRemainingColumn(),
            console=self._console(self.stderr),
        ) as progress:
            task = progress.add_task(description, total=None)

            def update(done: int, total: int | None) -> None:
                progress.update(task, completed=done, total=total)

            yield update

    @contextmanager
    def _plain_progress(self, description: str, unit: str) -> Iterator[ProgressUpdate]:
        stream = self.stderr
        last: list[str] = []

        def update(done: int, total: int | None) -> None:
            amount = human_size(done) if unit == "bytes" else str(done)
            if total:
                whole = human_size(total) if unit == "bytes" else str(total)
                text = f"{description} {amount}/{whole} ({done * 100 // total}%)"
            else:
                text = f"{description} {amount}"
            if not last or text != last[-1]:
                stream.write("\r" + text)
                stream.flush()
                last[:] = [text]

        try:
            yield update
        finally:
            if last:
                stream.write("\n")
                stream.flush()


def _ignore(done: int, total: int | None, /) -> None:
    """A progress update that draws nothing."""


class StatusLine:
    """One line of stderr, rewritten in place, that says what is being done."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream
        self._width = 0

    def __call__(self, text: str) -> None:
        """Show ``text`` in place of the previous status."""
        if self._stream is None:
            return
        self._stream.write("\r" + text.ljust(self._width))
        self._stream.flush()
        self._width = max(self._width, len(text))

    def clear(self) -> None:
        """Blank the line, before printing something else or at the end."""
        if self._stream is not None and self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0


def _styled(value: Any) -> Any:
    from rich.text import Text

    text = cell(value)
    style = _STATUS_STYLES.get(text)
    if style is None and isinstance(value, bool):
        style = "green" if value else "dim"
    return Text(text, style=style or "")


def mapping_rows(values: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """A mapping as ``Record`` fields, in its order."""
    return list(values.items())
