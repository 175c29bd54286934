"""The handles ``datapools.consume`` yields, and the pull loop behind them.

Everything that decides what to send lives in ``_EntryHandle`` and ``consume_stream``, with
no I/O; ``ConsumedEntry`` and ``AsyncConsumedEntry`` only send the call it builds, the one
with ``transport.execute``, the other with ``await transport.execute``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from maestro._call import Call, Emit, Stream, fetch
from maestro._exceptions import MaestroClientError, ResponseValidationError
from maestro._response import MaestroResponse
from maestro.models.datapools import DatapoolEntry, EntryState, ErrorType
from maestro.resources._datapool_entries import (
    check_transition,
    entry_update_call,
    error_type_of,
    report_changes,
)

if TYPE_CHECKING:
    from maestro._transport import AsyncTransport, SyncTransport

__all__ = [
    "AsyncConsumedEntry",
    "ConsumeError",
    "ConsumedEntry",
    "OnError",
    "consume_stream",
]

logger = logging.getLogger("maestro")

OnError = Literal["raise", "continue"]
"""What ``consume`` does after reporting an exception as ``ERROR``: re-raise it, or go on."""

H = TypeVar("H", bound="_EntryHandle")


class ConsumeError(MaestroClientError, RuntimeError):
    """``datapools.consume`` was used in a way that would lose an entry.

    Raised when the loop asks for the next entry while the previous one was neither used in
    ``with entry:`` nor reported, and when a handle is entered twice.
    """

    __module__ = "maestro"  # shown and pickled as maestro.<name>


class _EntryHandle:
    """What a consumed entry knows and decides; the subclasses add the I/O."""

    def __init__(
        self, label: str, entry: DatapoolEntry, *, task_id: str | None, on_error: OnError
    ) -> None:
        if entry.state in (None, EntryState.PENDING):
            # A pulled entry is being processed, whatever the server echoed.
            entry = entry.model_copy(update={"state": EntryState.PROCESSING})
        self._label = label
        self._entry = entry
        self._task_id = task_id
        self._on_error = on_error
        self._entered = False
        self._failure: tuple[str, ErrorType] | None = None
        self.reported: EntryState | None = None
        """The state this handle reported (``DONE`` or ``ERROR``), ``None`` until then."""

    @property
    def entry(self) -> DatapoolEntry:
        """The entry as pulled, or as the server returned it after the report."""
        return self._entry

    @property
    def id(self) -> str:
        """The entry's id."""
        return self._entry.id

    @property
    def values(self) -> dict[str, Any]:
        """The entry's values (``{field: value}``)."""
        return self._entry.values

    def fail(self, message: str = "", *, error_type: ErrorType | str = ErrorType.BUSINESS) -> None:
        """Have the clean end of ``with entry:`` report ``ERROR`` (a business failure) not DONE."""
        self._failure = (message, error_type_of(error_type))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._label!r} entry {self.id!r}>"

    # -- decisions, no I/O ----------------------------------------------------------------

    def _enter(self) -> None:
        if self._entered or self.reported is not None:
            raise ConsumeError(f"entry {self.id!r} was already entered or reported")
        self._entered = True

    def _report_call(
        self, state: EntryState, message: str, error_type: ErrorType | str | None
    ) -> Call[DatapoolEntry]:
        if self.reported is not None:
            raise ConsumeError(f"entry {self.id!r} was already reported {self.reported.value}")
        check_transition(self._entry, state)
        changes = report_changes(state, message, error_type, self._task_id)
        return entry_update_call(self._label, self._entry, changes)

    def _exit_call(self, exc: BaseException | None) -> Call[DatapoolEntry] | None:
        if self.reported is not None:
            return None  # reported explicitly inside the block
        if exc is None:
            if self._failure is not None:
                message, error_type = self._failure
                return self._report_call(EntryState.ERROR, message, error_type)
            return self._report_call(EntryState.DONE, "", None)
        if isinstance(exc, Exception):
            return self._report_call(EntryState.ERROR, _describe(exc), ErrorType.SYSTEM)
        # KeyboardInterrupt, SystemExit, cancellation: no request now; the entry stays
        # PROCESSING until the pool's processing time limit moves it to TIMEOUT.
        logger.warning(
            "entry %r of datapool %r left PROCESSING by %s",
            self.id,
            self._label,
            type(exc).__name__,
        )
        return None

    def _reported(self, response: MaestroResponse[DatapoolEntry], state: EntryState) -> None:
        response.raise_for_status()  # a failed report is never silent, whatever the client says
        self.reported = state
        # The report took effect: an answer of another shape keeps the entry as pulled.
        with contextlib.suppress(ResponseValidationError):
            self._entry = response.parsed

    def _suppress(self, exc: BaseException | None) -> bool:
        if isinstance(exc, Exception) and self._on_error == "continue":
            logger.info(
                "entry %r of datapool %r reported ERROR after %s; consume goes on",
                self.id,
                self._label,
                type(exc).__name__,
            )
            return True
        return False


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _outcome(call: Call[DatapoolEntry]) -> EntryState:
    return EntryState(call.json["state"])


class ConsumedEntry(_EntryHandle):
    """An entry pulled by ``client.datapools.consume`` (sync client).

    ``with entry:`` reports ``DONE`` when the block ends cleanly and ``ERROR`` (with the
    exception's type and message) when it raises; ``fail()`` inside the block turns the clean
    end into an ``ERROR`` of type ``BUSINESS``.
    """

    def __init__(
        self,
        transport: SyncTransport,
        label: str,
        entry: DatapoolEntry,
        *,
        task_id: str | None,
        on_error: OnError,
    ) -> None:
        super().__init__(label, entry, task_id=task_id, on_error=on_error)
        self._transport = transport

    def report_done(self, message: str = "") -> MaestroResponse[DatapoolEntry]:
        """Report ``DONE`` now (``POST /api/v2/datapool/{label}/entry/{id}``)."""
        return self._send(self._report_call(EntryState.DONE, message, None))

    def report_error(
        self, message: str = "", *, error_type: ErrorType | str = ErrorType.SYSTEM
    ) -> MaestroResponse[DatapoolEntry]:
        """Report ``ERROR`` now (``POST /api/v2/datapool/{label}/entry/{id}``)."""
        return self._send(self._report_call(EntryState.ERROR, message, error_type))

    def _send(self, call: Call[DatapoolEntry]) -> MaestroResponse[DatapoolEntry]:
        response = self._transport.execute(call)
        self._reported(response, _outcome(call))
        return response

    def __enter__(self) -> ConsumedEntry:
        self._enter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        call = self._exit_call(exc)
        if call is not None:
            self._send(call)
        return self._suppress(exc)


class AsyncConsumedEntry(_EntryHandle):
    """An entry pulled by ``client.datapools.consume`` (async client); use ``async with``.

    ``async with entry:`` reports ``DONE`` when the block ends cleanly and ``ERROR`` (with
    the exception's type and message) when it raises; ``fail()`` inside the block turns the
    clean end into an ``ERROR`` of type ``BUSINESS``.
    """

    def __init__(
        self,
        transport: AsyncTransport,
        label: str,
        entry: DatapoolEntry,
        *,
        task_id: str | None,
        on_error: OnError,
    ) -> None:
        super().__init__(label, entry, task_id=task_id, on_error=on_error)
        self._transport = transport

    async def report_done(self, message: str = "") -> MaestroResponse[DatapoolEntry]:
        """Report ``DONE`` now (``POST /api/v2/datapool/{label}/entry/{id}``)."""
        return await self._send(self._report_call(EntryState.DONE, message, None))

    async def report_error(
        self, message: str = "", *, error_type: ErrorType | str = ErrorType.SYSTEM
    ) -> MaestroResponse[DatapoolEntry]:
        """Report ``ERROR`` now (``POST /api/v2/datapool/{label}/entry/{id}``)."""
        return await self._send(self._report_call(EntryState.ERROR, message, error_type))

    async def _send(self, call: Call[DatapoolEntry]) -> MaestroResponse[DatapoolEntry]:
        response = await self._transport.execute(call)
        self._reported(response, _outcome(call))
        return response

    async def __aenter__(self) -> AsyncConsumedEntry:
        self._enter()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        call = self._exit_call(exc)
        if call is not None:
            await self._send(call)
        return self._suppress(exc)


def consume_stream(
    pull: Callable[[], Call[DatapoolEntry | None]],
    handle: Callable[[DatapoolEntry], H],
    *,
    limit: int | None,
) -> Stream[H]:
    """Pull and hand out entries until the pool answers 204 or ``limit`` entries were pulled.

    Before each pull (and at the end) the previous entry must have been reported: an entry
    left behind raises ``ConsumeError`` instead of being silently lost.
    """
    pulled = 0
    previous: H | None = None
    try:
        while limit is None or pulled < limit:
            _require_reported(previous)
            response = yield from fetch(pull())
            entry = response.parsed  # raises the status error, whatever raise_for_status says
            if entry is None:
                return
            pulled += 1
            previous = handle(entry)
            yield Emit(previous)
        _require_reported(previous)
    except GeneratorExit:
        if previous is not None and previous.reported is None:
            logger.warning(
                "datapools.consume stopped with entry %r unreported; it stays PROCESSING "
                "until the pool's processing time runs out",
                previous.id,
            )
        raise


def _require_reported(handle: _EntryHandle | None) -> None:
    if handle is not None and handle.reported is None:
        raise ConsumeError(
            f"entry {handle.id!r} was not reported: use `with entry:` (`async with` on an "
            "async client) or call entry.report_done() / entry.report_error() before the "
            "next one; it stays PROCESSING until the pool's processing time runs out"
        )
