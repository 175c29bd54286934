"""The token cache: who we are, the current token, when it expires, and what must never be shown.

One ``TokenState`` is shared by a client and every ``with_options`` copy of it, so they log in
once between them. It does no I/O: the transports call login and hand the result to ``store``.
Single-flight renewal uses ``generation``: a caller that saw generation ``g`` fail asks for a
login "unless someone already replaced g", under a lock, so N concurrent failures cause one login.

Secrets never sit in a plain ``dict`` or ``str`` that a traceback printer would show
(``pytest --showlocals``, rich's ``show_locals``): headers travel as ``RequestHeaders``, whose
``repr`` hides every value but a few harmless ones, and ``TokenState``'s own ``repr`` hides
the key and tokens.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import httpx

from maestro._exceptions import FieldError

if TYPE_CHECKING:
    # Imported where an async client uses it: a sync bot does not pay for asyncio.
    import asyncio

__all__ = [
    "DEFAULT_TOKEN_TTL",
    "MIN_REDACTED_LENGTH",
    "RequestHeaders",
    "TokenState",
    "header_value_problem",
    "jwt_expiry",
    "redact_secrets",
]

DEFAULT_TOKEN_TTL = 50 * 60.0
"""Seconds a token is trusted when it carries no readable ``exp`` (the server's is undocumented)."""

_REFRESH_MARGIN = 60.0

MIN_REDACTED_LENGTH = 6
"""Secrets at least this long are replaced by ``***`` wherever they occur in a text.

A shorter secret (a one-letter value, a 4-digit PIN) occurs by chance in ordinary words and
numbers: replacing every occurrence would mangle messages and show the secret through the
gaps it leaves (``"a credential"`` with the secret ``"a"`` would read
``"*** credenti***l"``). Shorter secrets are therefore replaced only where they stand as a
value of their own: the whole text, or a quoted string (``'a'``, ``"a"``), which is how
error messages and field errors print values; from :data:`MIN_WORD_REDACTED_LENGTH` on, also
wherever they stand as a word of their own (``"pin 1234 refused"``).
"""

MIN_WORD_REDACTED_LENGTH = 4
"""Secrets at least this long (and shorter than :data:`MIN_REDACTED_LENGTH`) are also replaced
where no letter, digit or underscore touches them on either side.

A 4-digit PIN printed bare in a server's message (``"pin 1234 is invalid"``) is hidden so;
one to three characters stay masked only as whole or quoted values, because as words they are
ordinary ones (``"a"``, ``"id"``, ``"new"``) and masking them would point at the secret.
"""

_SHOWN_HEADERS = frozenset({"accept", "user-agent", "content-type", "organization"})


def header_value_problem(value: str) -> str | None:
    """Why ``value`` cannot be sent as an HTTP header value, or ``None`` when it can.

    A CR or LF would end the header (and could inject others); other control characters
    and non-ASCII text are refused by HTTP libraries and many servers.
    """
    if "\r" in value or "\n" in value:
        return "contains a line break (CR or LF)"
    if any((ord(char) < 0x20 and char != "\t") or ord(char) == 0x7F for char in value):
        return "contains a control character"
    if not value.isascii():
        return "contains non-ASCII characters"
    return None


def redact_secrets(text: str, secrets: Iterable[str]) -> str:
    """``text`` with each secret replaced by ``***`` (see :data:`MIN_REDACTED_LENGTH`)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if len(secret) >= MIN_REDACTED_LENGTH:
            text = text.replace(secret, "***")
        elif text == secret:
            return "***"
        elif len(secret) >= MIN_WORD_REDACTED_LENGTH:
            text = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", "***", text)
        else:
            for quote in ("'", '"'):
                text = text.replace(f"{quote}{secret}{quote}", f"{quote}***{quote}")
    return text


class RequestHeaders:
    """The headers of one request; its ``repr`` shows names, and values only where harmless.

    Tracebacks print the locals of every frame: a plain ``dict`` here would print the token.
    """

    __slots__ = ("_items", "_over")

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items: dict[str, str] = dict(items or {})
        self._over: tuple[list[tuple[bytes, bytes]], httpx.Headers] | None = None

    def merged(self, other: Mapping[str, str] | RequestHeaders | None) -> RequestHeaders:
        """A copy with ``other``'s headers added (they win over these)."""
        if not other:
            return self
        combined = RequestHeaders(self._items)
        extra = other._items if isinstance(other, RequestHeaders) else other
        # Header names are case-insensitive: a later "Accept" replaces an earlier "accept".
        for name, value in extra.items():
            for existing in [key for key in combined._items if key.lower() == name.lower()]:
                del combined._items[existing]
            combined._items[name] = value
        return combined

    def over(self, defaults: httpx.Headers) -> httpx.Headers:
        """``defaults`` (an httpx client's headers) with these on top, as httpx merges them.

        Made once for as long as ``defaults`` holds the same headers: the same headers are
        sent with every request of a token. httpx copies them into each request.
        """
        raw = defaults.raw
        over = self._over
        if over is None or over[0] != raw:
            merged = httpx.Headers(defaults)
            merged.update(self.pairs())
            over = self._over = (raw, merged)
        return over[1]

    def pairs(self) -> list[tuple[str, str]]:
        """The headers as ``(name, value)`` pairs, for httpx."""
        return list(self._items.items())

    def get(self, name: str) -> str | None:
        """One header's value (case-insensitive name), or ``None``."""
        for key, value in self._items.items():
            if key.lower() == name.lower():
                return value
        return None

    def __bool__(self) -> bool:
        return bool(self._items)

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}" if name.lower() in _SHOWN_HEADERS else f"{name}=***"
            for name, value in self._items.items()
        )
        return f"RequestHeaders({shown})"


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

    def headers(self) -> RequestHeaders:
        """The authentication headers of every request after login."""
        headers: dict[str, str] = {}
        if self._token:
            headers["token"] = self._token
            headers["Authorization"] = f"Bearer {self._token}"
        organization = self.organization
        if organization:
            headers["organization"] = organization
        return RequestHeaders(headers)

    def login_answer_problem(self, token: str, organization_label: str | None) -> FieldError | None:
        """What in a login's answer cannot be sent as a header, or ``None`` when all can.

        Never shows the token.
        """
        problem = header_value_problem(token)
        if problem is not None:
            return FieldError("accessToken", "***", f"{problem}: it cannot be sent as a header")
        if self._explicit_organization:
            return None  # the configured organization is sent, not the answered one
        organization = organization_label or self.login or ""
        problem = header_value_problem(organization)
        if problem is None:
            return None
        return FieldError(
            "organizationLabel" if organization_label else "login",
            repr(organization),
            f"{problem}: it cannot be sent as the organization header; give the client "
            "organization=... (the workspace label)",
        )

    def async_lock(self) -> asyncio.Lock:
        """The lock that makes async renewals single-flight, one per running event loop."""
        import asyncio  # here, not at the top: only async clients need it

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
        """``text`` with every secret replaced by ``***`` (see :data:`MIN_REDACTED_LENGTH`)."""
        return redact_secrets(text, [*self.secrets(), *extra])

    def __repr__(self) -> str:
        token = "***" if self._token else None
        key = "***" if self._key else None
        return (
            f"TokenState(login={self.login!r}, key={key}, token={token}, "
            f"organization={self.organization!r}, generation={self.generation})"
        )
