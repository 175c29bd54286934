"""The token cache: who we are, the current token, when it expires, and what must never be shown.

One ``TokenState`` is shared by a client and every ``with_options`` copy of it, so they log in
once between them. It does no I/O: the transports call login and hand the result to ``store``.
Single-flight renewal uses ``generation``: a caller that saw generation ``g`` fail asks for a
login "unless someone already replaced g", under a lock, so N concurrent failures cause one login.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import threading
import time
from collections import deque
from collections.abc import Callable

__all__ = ["DEFAULT_TOKEN_TTL", "TokenState", "jwt_expiry"]

DEFAULT_TOKEN_TTL = 50 * 60.0
"""Seconds a token is trusted when it carries no readable ``exp`` (the server's is undocumented)."""

_REFRESH_MARGIN = 60.0


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim (epoch seconds) of a JWT, or ``None`` when the token is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, bool) or not isinstance(exp, (int, float)):
        return None
    return float(exp)


class TokenState:
    """Credentials, the cached token and organization, and the secrets to redact."""

    def __init__(
        self,
        *,
        login: str | None,
        key: str | None,
        token: str | None,
        organization: str | None,
        ttl: float = DEFAULT_TOKEN_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.login = login
        self._key = key
        self._explicit_organization = organization
        self._login_organization: str | None = None
        self._ttl = ttl
        self._clock = clock
        self._token: str | None = None
        self.expires_at: float | None = None
        self.generation = 0
        self.lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self._async_lock_loop: asyncio.AbstractEventLoop | None = None
        self._old_tokens: deque[str] = deque(maxlen=8)
        if token:
            self._set_token(token)

    @property
    def key(self) -> str | None:
        """The workspace key (never shown in reprs or messages)."""
        return self._key

    @property
    def token(self) -> str | None:
        """The current access token, if any."""
        return self._token

    @property
    def organization(self) -> str | None:
        """The workspace label: as configured, else as the login answered, else the login."""
        return self._explicit_organization or self._login_organization or self.login

    @property
    def can_login(self) -> bool:
        """Whether a login (and so a renewal) is possible: both login and key are known."""
        return bool(self.login) and bool(self._key)

    def needs_login(self) -> bool:
        """No token yet, or the token is (about to be) expired and can be renewed."""
        if not self.can_login:
            return False
        if self._token is None:
            return True
        return self.expires_at is not None and self._clock() >= self.expires_at

    def store(self, token: str, organization_label: str | None) -> None:
        """Cache a fresh token from a login."""
        self._login_organization = organization_label or None
        self._set_token(token)

    def _set_token(self, token: str) -> None:
        if self._token:
            self._old_tokens.append(self._token)
        self._token = token
        now = self._clock()
        exp = jwt_expiry(token)
        if exp is None:
            self.expires_at = now + self._ttl
        else:
            # Renew a little early, but never so early that a short-lived token loops.
            margin = min(_REFRESH_MARGIN, max(0.0, exp - now) * 0.1)
            self.expires_at = exp - margin
        self.generation += 1

    def headers(self) -> dict[str, str]:
        """The authentication headers of every request after login."""
        headers: dict[str, str] = {}
        if self._token:
            headers["token"] = self._token
            headers["Authorization"] = f"Bearer {self._token}"
        organization = self.organization
        if organization:
            headers["organization"] = organization
        return headers

    def async_lock(self) -> asyncio.Lock:
        """The lock that makes async renewals single-flight, one per running event loop."""
        loop = asyncio.get_running_loop()
        if self._async_lock is None or self._async_lock_loop is not loop:
            self._async_lock = asyncio.Lock()
            self._async_lock_loop = loop
        return self._async_lock

    def secrets(self) -> list[str]:
        """Every value that must never appear in a message: key, current and past tokens."""
        values = [self._key, self._token, *self._old_tokens]
        return [value for value in values if value]

    def redact(self, text: str, extra: tuple[str, ...] = ()) -> str:
        """``text`` with every secret replaced by ``***``."""
        for secret in sorted({*self.secrets(), *(e for e in extra if e)}, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, "***")
        return text
