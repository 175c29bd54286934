"""An in-memory, stateful emulator of the BotCity Maestro API v2.

>>> from maestro.testing import MaestroEmulator
>>> emulator = MaestroEmulator(login="demo", key="demo-key")
>>> with emulator.serve() as url:  # or emulator.client() in-process
...     ...

Route authors build on :class:`Router`, :class:`Request`, :class:`Response` and the
helpers exported here; see ``maestro/testing/_routes/`` for examples.

The names load on first use, so that importing ``maestro.testing.pytest_plugin`` (which
pytest does in every run once the package is installed) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maestro.testing._emulator import MaestroEmulator
    from maestro.testing._faults import Fault, FaultInjector
    from maestro.testing._multipart import UploadedFile
    from maestro.testing._paging import filter_days, filter_equal, page, query_int
    from maestro.testing._recording import RecordedRequest
    from maestro.testing._router import Router
    from maestro.testing._state import EmulatorState, StoredArtifact, StoredError, StoredLog
    from maestro.testing._transport import EmulatorTransport
    from maestro.testing._wire import (
        ApiError,
        Request,
        Response,
        bytes_response,
        empty_response,
        error,
        json_response,
        require_fields,
        text_response,
    )

_HOMES = {
    "MaestroEmulator": "_emulator",
    "Fault": "_faults",
    "FaultInjector": "_faults",
    "UploadedFile": "_multipart",
    "filter_days": "_paging",
    "filter_equal": "_paging",
    "page": "_paging",
    "query_int": "_paging",
    "RecordedRequest": "_recording",
    "Router": "_router",
    "EmulatorState": "_state",
    "StoredArtifact": "_state",
    "StoredError": "_state",
    "StoredLog": "_state",
    "EmulatorTransport": "_transport",
    "ApiError": "_wire",
    "Request": "_wire",
    "Response": "_wire",
    "bytes_response": "_wire",
    "empty_response": "_wire",
    "error": "_wire",
    "json_response": "_wire",
    "require_fields": "_wire",
    "text_response": "_wire",
}

__all__ = [
    "ApiError",
    "EmulatorState",
    "EmulatorTransport",
    "Fault",
    "FaultInjector",
    "MaestroEmulator",
    "RecordedRequest",
    "Request",
    "Response",
    "Router",
    "StoredArtifact",
    "StoredError",
    "StoredLog",
    "UploadedFile",
    "bytes_response",
    "empty_response",
    "error",
    "filter_days",
    "filter_equal",
    "json_response",
    "page",
    "query_int",
    "require_fields",
    "text_response",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
