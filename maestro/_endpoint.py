"""One declaration, both clients: the descriptors that turn a declared route into a method.

A resource method is written once, returning a description of the work (a ``Call``, a
``Flow`` or a ``Stream``). The descriptor binds it to the resource's transport: on a sync
resource the method returns the result, on an async resource it returns a coroutine (or an
async iterator), and mypy sees the exact type on each side through the ``__get__`` overloads.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Concatenate,
    Generic,
    ParamSpec,
    TypeVar,
    cast,
    overload,
)

from maestro._call import Call, Flow, Stream
from maestro._exceptions import RequestValidationError
from maestro._response import MaestroResponse

if TYPE_CHECKING:
    from maestro._transport import AsyncTransport, SyncTransport

__all__ = ["Resource", "endpoint", "operation", "paginated"]

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")
TransportT = TypeVar("TransportT", "SyncTransport", "AsyncTransport")


class Resource(Generic[TransportT]):
    """A group of routes (``client.tasks``, ``client.logs``...) bound to one transport."""

    _resource_name: ClassVar[str] = ""

    def __init__(self, transport: TransportT) -> None:
        self._transport: TransportT = transport

    def __repr__(self) -> str:
        return f"<{type(self).__name__} resource>"


class _Declaration(Generic[P, R]):
    """Shared plumbing: name, docstring and the operation label used in error messages."""

    def __init__(self, build: Callable[Concatenate[Any, P], R]) -> None:
        self._build = build
        self._name = build.__name__
        self._operation = build.__name__
        functools.update_wrapper(cast(Any, self), build)

    def __set_name__(self, owner: type[Any], name: str) -> None:
        prefix = getattr(owner, "_resource_name", "") or owner.__name__
        self._name = name
        self._operation = f"{prefix}.{name}"

    def _describe(self, resource: Any, args: Any, kwargs: Any) -> R:
        try:
            return self._build(resource, *args, **kwargs)
        except RequestValidationError as exc:
            exc.operation = exc.operation or self._operation
            raise

    def _bind(self, resource: Any, run: Callable[[R], Any]) -> Callable[..., Any]:
        @functools.wraps(self._build)
        def bound(*args: Any, **kwargs: Any) -> Any:
            work = self._describe(resource, args, kwargs)
            # Tracebacks print this frame's locals while the work runs: drop the arguments,
            # which may hold secrets (credential values).
            del args, kwargs
            return run(work)

        # A non-data descriptor: caching on the instance makes later lookups plain dict hits.
        resource.__dict__[self._name] = bound
        return bound


class endpoint(_Declaration[P, Call[T]]):  # noqa: N801 - used as a decorator, like property
    """Declare a single-request route: the method returns the ``Call`` that describes it."""

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> endpoint[P, T]: ...
    @overload
    def __get__(
        self, obj: Resource[SyncTransport], owner: type[Any]
    ) -> Callable[P, MaestroResponse[T]]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncTransport], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, MaestroResponse[T]]]: ...
    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        return self._bind(obj, obj._transport.execute)


class operation(_Declaration[P, Flow[R]]):  # noqa: N801 - used as a decorator
    """Declare a multi-request operation: the method returns a ``Flow`` generator."""

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> operation[P, R]: ...
    @overload
    def __get__(self, obj: Resource[SyncTransport], owner: type[Any]) -> Callable[P, R]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncTransport], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, R]]: ...
    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        transport = obj._transport
        return self._bind(obj, lambda flow: transport.run_flow(flow, self._operation))


class paginated(_Declaration[P, Stream[T]]):  # noqa: N801 - used as a decorator
    """Declare an iterator operation: the method returns a ``Stream`` of items."""

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> paginated[P, T]: ...
    @overload
    def __get__(
        self, obj: Resource[SyncTransport], owner: type[Any]
    ) -> Callable[P, Iterator[T]]: ...
    @overload
    def __get__(
        self, obj: Resource[AsyncTransport], owner: type[Any]
    ) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        if obj is None:
            return self
        transport = obj._transport
        return self._bind(obj, lambda stream: transport.iterate(stream, self._operation))
