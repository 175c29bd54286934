"""``DefaultAioHttpClient``: an ``httpx.AsyncClient`` whose requests travel over aiohttp.

It needs the ``aiohttp`` extra (``httpx-aiohttp``, which brings aiohttp), imported only when
one is built: ``import maestro`` never imports aiohttp.
"""

from __future__ import annotations

from typing import Any

import httpx

from maestro._config import TimeoutArg, check_timeout, pool_limits

__all__ = ["DefaultAioHttpClient"]

_MISSING_EXTRA = (
    'DefaultAioHttpClient needs the aiohttp extra: pip install "botcity-maestro-client[aiohttp]"'
)


_REFUSED = {
    "limits": "give max_connections instead",
    "transport": "it would replace aiohttp; give it to httpx.AsyncClient instead",
}


def _transport_class() -> Any:
    try:
        from maestro._aiohttp_transport import SdkAiohttpTransport
    except ImportError as exc:
        raise ImportError(_MISSING_EXTRA, name=exc.name) from exc
    return SdkAiohttpTransport


class DefaultAioHttpClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` that sends over aiohttp, for many concurrent async calls.

    ``AsyncMaestroClient(..., http_client=maestro.DefaultAioHttpClient())``: aiohttp's
    connection pool serves many calls in flight at a lower cost per call than httpx's own
    (httpcore). Everything above the transport stays the SDK's: login, retries, the
    deadline, redirects, the response size cap, streaming uploads and downloads, redaction.
    The ``AsyncMaestroClient`` it is given to closes it with itself, like its own pool.

    Needs the ``aiohttp`` extra: ``pip install "botcity-maestro-client[aiohttp]"``; without
    it, building one raises ``ImportError`` saying so.

    ``max_connections`` (default 100) bounds the connections open at a time; aiohttp keeps
    every idle one for reuse (for 5 seconds), so there is no separate keep-alive count.
    ``timeout`` applies to requests sent on this client directly; the SDK's calls use the
    ``AsyncMaestroClient``'s. Other keyword arguments go to ``httpx.AsyncClient``
    (``verify``, ``cert``, ``proxy``, ``trust_env``, ``headers``...), but not ``limits``
    or ``transport``.
    """

    def __init__(
        self,
        *,
        max_connections: int | None = None,
        timeout: TimeoutArg = 30.0,
        **kwargs: Any,
    ) -> None:
        self._aiohttp_transport = _transport_class()
        for name, why in _REFUSED.items():
            if name in kwargs:
                raise TypeError(f"DefaultAioHttpClient does not take {name}=: {why}")
        limits = pool_limits(max_connections, max_connections)
        super().__init__(limits=limits, timeout=check_timeout(timeout), **kwargs)

    # httpx builds its transports through these two hooks (as httpx-aiohttp's own client
    # does): aiohttp for every request, through a proxy from the environment too.

    def _init_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
        transport: httpx.AsyncBaseTransport | None = kwargs.pop("transport", None)
        return transport or self._aiohttp_transport(*args, **kwargs)

    def _init_proxy_transport(
        self, proxy: httpx.Proxy, *args: Any, **kwargs: Any
    ) -> httpx.AsyncBaseTransport:
        transport: httpx.AsyncBaseTransport = self._aiohttp_transport(*args, proxy=proxy, **kwargs)
        return transport
