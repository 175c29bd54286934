"""Datapools: ``/api/v2/datapool``.

Entry reports check the allowed state transitions before sending. The routes that take
an ``entry_id`` fetch the entry first (``GET .../entry/{id}``): the update body is the whole
entry, and its current state is what the check needs. ``consume`` reports on the entry it
pulled, so each of its reports is one request.
"""

from __future__ import annotations

import builtins
import inspect
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import httpx

from maestro._call import Call, Flow, Stream, fetch, json_body, no_body, route, validate
from maestro._endpoint import (
    Resource,
    TransportT,
    endpoint,
    operation,
    paginated,
    results_by_client,
)
from maestro._exceptions import FieldError, RequestValidationError, short_repr
from maestro._pagination import check_page_args, walk_pages
from maestro._response import MaestroResponse
from maestro.models.datapools import (
    CancelEntryRequest,
    ConsumptionPolicy,
    CreateDatapoolRequest,
    Datapool,
    DatapoolEntry,
    DatapoolSummary,
    DatapoolTrigger,
    EntryState,
    EntryUpdateRequest,
    ErrorType,
    PushEntryRequest,
    SchemaField,
)
from maestro.models.page import Page
from maestro.resources._datapool_consume import (
    AsyncConsumedEntry,
    ConsumedEntry,
    OnError,
    consume_stream,
)
from maestro.resources._datapool_entries import (
    check_transition,
    entry_update_call,
    report_changes,
    task_id_of,
)

if TYPE_CHECKING:
    from maestro._transport import AsyncTransport, SyncTransport

__all__ = ["Datapools"]

EntryId = str | int
_UPDATABLE = frozenset(CreateDatapoolRequest.model_fields) - {"label"} | {"schema"}


class Datapools(Resource[TransportT]):
    """Datapools and their entries."""

    _resource_name = "datapools"

    # -- pools -----------------------------------------------------------------------------

    @endpoint
    def list(self, *, page: int = 0, size: int = 50) -> Call[Page[Datapool]]:
        """One page of datapools (``GET /api/v2/datapool``; an unconfirmed route).

        Pages count from 0. Unconfirmed route: known from community code only. Each item may
        carry ``item_count``, the number of entries in the pool.
        """
        check_page_args(page=page, size=size)
        return self._list_call(page, size)

    @paginated
    def iterate(self, *, page_size: int = 50, limit: int | None = None) -> Stream[Datapool]:
        """Every datapool, page after page (``GET /api/v2/datapool``; an unconfirmed route)."""
        return walk_pages(self._list_call, page_size=page_size, limit=limit)

    @endpoint
    def get(self, label: str) -> Call[Datapool]:
        """Fetch one datapool (``GET /api/v2/datapool/{label}``)."""
        return self._get_call(label)

    @endpoint
    def create(
        self,
        label: str,
        *,
        name: str | None = None,
        default_automation: str | None = None,
        consumption_policy: ConsumptionPolicy | str = ConsumptionPolicy.FIFO,
        trigger: DatapoolTrigger | str = DatapoolTrigger.NEVER,
        schema: Sequence[SchemaField | Mapping[str, Any]] = (),
        auto_retry: bool = True,
        max_auto_retry: int = 0,
        abort_on_error: bool = True,
        max_errors_before_inactive: int = 0,
        enable_processing_time: bool = True,
        item_max_processing_time: int = 0,
        active: bool = True,
        repository_label: str = "DEFAULT",
    ) -> Call[Datapool]:
        """Create a datapool (``POST /api/v2/datapool``) with every field of the body.

        ``schema`` lists ``SchemaField(label=..., type="TEXT"|"INTEGER"|"DOUBLE")`` (or the
        same as mappings). ``name`` and ``default_automation`` are sent as ``null`` when not
        given. A label cannot be reused after its pool is deleted.
        """
        body = validate(
            CreateDatapoolRequest,
            label=label,
            name=name,
            default_automation=default_automation,
            consumption_policy=consumption_policy,
            trigger=trigger,
            schema=builtins.list(schema) if _is_sequence(schema) else schema,
            auto_retry=auto_retry,
            max_auto_retry=max_auto_retry,
            abort_on_error=abort_on_error,
            max_errors_before_inactive=max_errors_before_inactive,
            enable_processing_time=enable_processing_time,
            item_max_processing_time=item_max_processing_time,
            active=active,
            repository_label=repository_label,
        )
        return Call("POST", "/api/v2/datapool", _datapool_body, json=body.to_wire())

    @operation
    def update(self, label: str, /, **fields: Any) -> Flow[MaestroResponse[Datapool]]:
        """Change some fields of a datapool (flow).

        ``GET /api/v2/datapool/{label}``, then ``POST /api/v2/datapool/{label}`` with the full
        body: the given fields over the pool as it is. ``fields`` takes the keyword names of
        ``create`` (but ``label``); an unknown name or a bad value fails before sending.
        """
        changes = _changes(label, fields)
        return (yield from self._update_flow(label, changes))

    @operation
    def activate(self, label: str) -> Flow[MaestroResponse[Datapool]]:
        """Let bots pull from the pool again (flow: ``GET`` then ``POST .../{label}``)."""
        return (yield from self._update_flow(label, {"active": True}))

    @operation
    def deactivate(self, label: str) -> Flow[MaestroResponse[Datapool]]:
        """Stop bots pulling from the pool; pushes still work (flow: ``GET``, ``POST``)."""
        return (yield from self._update_flow(label, {"active": False}))

    @endpoint
    def delete(self, label: str) -> Call[None]:
        """Delete a datapool (``DELETE /api/v2/datapool/{label}``)."""
        return Call("DELETE", route("/api/v2/datapool/{label}", label=label), no_body)

    @endpoint
    def summary(self, label: str) -> Call[DatapoolSummary]:
        """Entry counters by state (``GET /api/v2/datapool/{label}/summary``)."""
        path = route("/api/v2/datapool/{label}/summary", label=label)
        return Call("GET", path, json_body(DatapoolSummary))

    @endpoint
    def view(
        self, label: str, *, page: int = 0, size: int = 50, display_value: str | None = None
    ) -> Call[Page[DatapoolEntry]]:
        """One page of a pool's entries (``GET /api/v2/datapool/{label}/view``).

        Known from BotCity's tools and community code, not from its SDKs. ``display_value``
        filters on the entries' display value (``displayValue``).
        """
        check_page_args(page=page, size=size)
        params: dict[str, Any] = {"page": page, "size": size}
        if display_value is not None:
            params["displayValue"] = display_value
        path = route("/api/v2/datapool/{label}/view", label=label)
        return Call("GET", path, json_body(Page[DatapoolEntry]), params=params)

    # -- entries ---------------------------------------------------------------------------

    @endpoint
    def push(
        self, label: str, values: Mapping[str, Any], *, priority: int = 0
    ) -> Call[DatapoolEntry]:
        """Add an entry, ``PENDING`` (``POST /api/v2/datapool/{label}/push``).

        ``priority`` is 0 (lowest) to 10 (highest); ``values`` maps schema fields to values.
        """
        if not isinstance(values, Mapping):
            raise RequestValidationError.single("", "values", values, "must be a mapping")
        body = validate(PushEntryRequest, priority=priority, values=dict(values))
        path = route("/api/v2/datapool/{label}/push", label=label)
        return Call("POST", path, _entry_body, json=body.to_wire())

    @endpoint
    def pull(self, label: str) -> Call[DatapoolEntry | None]:
        """Take the next entry, now ``PROCESSING`` (``GET /api/v2/datapool/{label}/pull``).

        ``parsed`` is ``None`` when nothing is pending (204). Although a GET, it is never
        retried after a 5xx or a timeout: the lost answer may have taken an entry.
        """
        return self._pull_call(label)

    @endpoint
    def get_entry(self, label: str, entry_id: EntryId) -> Call[DatapoolEntry]:
        """Fetch one entry (``GET /api/v2/datapool/{label}/entry/{id}``)."""
        return self._entry_call(label, entry_id)

    @operation
    def update_entry(
        self, label: str, entry_id: EntryId, /, **fields: Any
    ) -> Flow[MaestroResponse[DatapoolEntry]]:
        """Change fields of an entry (flow: ``GET``, then ``POST .../entry/{id}``).

        ``fields`` are ``EntryUpdateRequest`` names (``state``, ``priority``, ``values``,
        ``message``, ``error_type``...); unknown names and bad values fail before sending, and
        a new ``state`` must be a change allowed from the current one.
        """
        changes = validate(EntryUpdateRequest, **fields)
        current = yield from fetch(self._entry_call(label, entry_id))
        if not current.ok:
            return current
        if changes.state is not None and changes.state != current.parsed.state:
            check_transition(current.parsed, changes.state)
        return (yield from fetch(entry_update_call(label, current.parsed, changes)))

    @operation
    def report_done(
        self,
        label: str,
        entry_id: EntryId,
        *,
        message: str = "",
        task_id: str | int | None = None,
    ) -> Flow[MaestroResponse[DatapoolEntry]]:
        """Report an entry processed (flow: ``GET``, then ``POST`` with state ``DONE``).

        ``task_id`` names the task the entry was pulled for, sent as the entry's ``taskId``
        (the official SDKs send it with every report).
        """
        changes = report_changes(EntryState.DONE, message, None, task_id_of(task_id))
        return self._report_flow(label, entry_id, changes)

    @operation
    def report_error(
        self,
        label: str,
        entry_id: EntryId,
        *,
        error_type: ErrorType | str = ErrorType.SYSTEM,
        message: str = "",
        task_id: str | int | None = None,
    ) -> Flow[MaestroResponse[DatapoolEntry]]:
        """Report an entry failed (flow: ``GET``, then ``POST`` with state ``ERROR``).

        ``task_id`` names the task the entry was pulled for, sent as the entry's ``taskId``.
        """
        changes = report_changes(EntryState.ERROR, message, error_type, task_id_of(task_id))
        return self._report_flow(label, entry_id, changes)

    @operation
    def cancel_entry(
        self, label: str, entry_id: EntryId, *, message: str = ""
    ) -> Flow[MaestroResponse[DatapoolEntry]]:
        """Cancel a ``PENDING`` entry (flow: ``GET``, then ``PUT .../entry/{id}/cancel``)."""
        body = validate(CancelEntryRequest, message=message)
        current = yield from fetch(self._entry_call(label, entry_id))
        if not current.ok:
            return current
        check_transition(current.parsed, EntryState.CANCELED)
        path = route(
            "/api/v2/datapool/{label}/entry/{entry_id}/cancel", label=label, entry_id=entry_id
        )
        # A replay of an applied cancel is a refused CANCELED -> CANCELED: send it once.
        cancel = Call("PUT", path, _entry_body, json=body.to_wire(), idempotent=False)
        return (yield from fetch(cancel))

    @endpoint
    def delete_entry(self, label: str, entry_id: EntryId) -> Call[None]:
        """Delete an entry (``DELETE /api/v2/datapool/{label}/entry/{id}``).

        BotCity's SDK allows it in ``PENDING``, ``CANCELED``, ``DONE`` and ``ERROR``; the
        server checks (there is no transition to check here).
        """
        return Call("DELETE", self._entry_path(label, entry_id), no_body)

    # -- consume ---------------------------------------------------------------------------

    @overload
    def consume(
        self: Datapools[SyncTransport],
        label: str,
        *,
        task_id: str | int | None = None,
        limit: int | None = None,
        on_error: OnError = "raise",
    ) -> Iterator[ConsumedEntry]: ...
    @overload
    def consume(
        self: Datapools[AsyncTransport],
        label: str,
        *,
        task_id: str | int | None = None,
        limit: int | None = None,
        on_error: OnError = "raise",
    ) -> AsyncIterator[AsyncConsumedEntry]: ...
    @results_by_client(
        sync="Iterator[ConsumedEntry]", asynchronous="AsyncIterator[AsyncConsumedEntry]"
    )
    def consume(
        self,
        label: str,
        *,
        task_id: str | int | None = None,
        limit: int | None = None,
        on_error: OnError = "raise",
    ) -> Any:
        """Pull entries until the pool is empty (204) or ``limit``, each as a handle.

        ::

            for entry in client.datapools.consume("orders"):      # async for ... on async
                with entry:                                       # async with ... on async
                    process(entry.values)

        A clean ``with`` block reports ``DONE``; an exception reports ``ERROR`` (type
        ``SYSTEM``, message ``"<ExceptionType>: <message>"``), then is re-raised, or
        swallowed and the loop goes on when ``on_error="continue"``; ``entry.fail(message)``
        reports a ``BUSINESS`` error on a clean exit. ``task_id`` is sent with each report.
        Asking for the next entry while the previous one is unreported raises
        ``ConsumeError``; a failed report always raises. Arguments are checked now.
        """
        try:
            pull = self._pull_call(label)
            check_page_args(size=1, limit=limit)
            if on_error not in ("raise", "continue"):
                raise RequestValidationError.single(
                    "", "on_error", on_error, "must be 'raise' or 'continue'"
                )
            task = task_id_of(task_id)
        except RequestValidationError as exc:
            exc.operation = exc.operation or "datapools.consume"
            raise
        transport: Any = self._transport
        handle_class = (
            AsyncConsumedEntry if inspect.iscoroutinefunction(transport.execute) else ConsumedEntry
        )

        def handle(entry: DatapoolEntry) -> Any:
            return handle_class(transport, label, entry, task_id=task, on_error=on_error)

        stream = consume_stream(lambda: pull, handle, limit=limit)
        return transport.iterate(stream, "datapools.consume")

    # -- the calls and flows the routes share ----------------------------------------------

    def _list_call(self, page: int, size: int) -> Call[Page[Datapool]]:
        params = {"page": page, "size": size}
        return Call("GET", "/api/v2/datapool", json_body(Page[Datapool]), params=params)

    def _get_call(self, label: str) -> Call[Datapool]:
        return Call("GET", route("/api/v2/datapool/{label}", label=label), _datapool_body)

    def _pull_call(self, label: str) -> Call[DatapoolEntry | None]:
        path = route("/api/v2/datapool/{label}/pull", label=label)
        return Call("GET", path, json_body(DatapoolEntry | None), idempotent=False)

    def _entry_path(self, label: str, entry_id: EntryId) -> str:
        return route("/api/v2/datapool/{label}/entry/{entry_id}", label=label, entry_id=entry_id)

    def _entry_call(self, label: str, entry_id: EntryId) -> Call[DatapoolEntry]:
        return Call("GET", self._entry_path(label, entry_id), _entry_body)

    def _update_flow(self, label: str, changes: dict[str, Any]) -> Flow[MaestroResponse[Datapool]]:
        validate(CreateDatapoolRequest, label=label)  # the body's label, checked before sending
        current = yield from fetch(self._get_call(label))
        if not current.ok:
            return current
        body = _merged_body(label, current.parsed, changes)
        path = route("/api/v2/datapool/{label}", label=label)
        update = Call("POST", path, _datapool_body, json=body, idempotent=True)
        return (yield from fetch(update))

    def _report_flow(
        self, label: str, entry_id: EntryId, changes: EntryUpdateRequest
    ) -> Flow[MaestroResponse[DatapoolEntry]]:
        current = yield from fetch(self._entry_call(label, entry_id))
        if not current.ok:
            return current
        assert changes.state is not None
        check_transition(current.parsed, changes.state)
        return (yield from fetch(entry_update_call(label, current.parsed, changes)))


_datapool_body: Callable[[httpx.Response], Datapool] = json_body(Datapool)
_entry_body: Callable[[httpx.Response], DatapoolEntry] = json_body(DatapoolEntry)


def _is_sequence(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _changes(label: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The wire fields ``update`` changes, checked as ``create`` would check them."""
    route("/api/v2/datapool/{label}", label=label)
    errors = [
        FieldError(name, short_repr(value), "cannot be changed: it names the pool")
        if name == "label"
        else FieldError(name, short_repr(value), "unknown field")
        for name, value in fields.items()
        if name not in _UPDATABLE
    ]
    if errors:
        raise RequestValidationError("", errors)
    given = dict(fields)
    if "schema" in given and _is_sequence(given["schema"]):
        given["schema"] = builtins.list(given["schema"])
    body = validate(CreateDatapoolRequest, label=label, **given)
    return body.to_wire(include=body.model_fields_set - {"label"})


def _merged_body(label: str, current: Datapool, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Create defaults, then the pool as the server has it, then the changes (wire names)."""
    body = dict(CreateDatapoolRequest(label=label).to_wire())  # extended below: a copy
    wire_names = set(body)
    known = current.model_dump(mode="json", by_alias=True, exclude_none=True)
    body.update({name: value for name, value in known.items() if name in wire_names})
    body.update(changes)
    body["label"] = label
    return body
