"""An in-memory, stateful emulator of the BotCity Maestro API v2.

>>> from maestro.testing import MaestroEmulator
>>> emulator = MaestroEmulator(login="demo", key="demo-key")
>>> with emulator.serve() as url:  # or emulator.client() in-process
...     ...

Route authors build on :class:`Router`, :class:`Request`, :class:`Response` and the
helpers exported here; see ``maestro/testing/_routes/`` for examples.
"""

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
