"""Access tokens: JWT-shaped (HS256), signed with a per-emulator secret, remembered by ``jti``.

The emulator trusts its own registry, not the token's ``exp`` alone, so that
:meth:`TokenIssuer.expire_all` can end every token at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TokenIssuer", "Workspace"]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenIssuer:
    """Issues and checks the access tokens of one workspace."""

    def __init__(self, login: str, organization: str, ttl: float) -> None:
        self.login = login
        self.organization = organization
        self.ttl = ttl
        self._secret = secrets.token_bytes(32)
        self._expiry_by_jti: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self) -> str:
        """Issue a fresh token with ``sub``, ``org``, ``iat``, ``exp`` and ``jti`` claims."""
        issued_at = time.time()
        expires_at = issued_at + self.ttl
        payload = {
            "sub": self.login,
            "org": self.organization,
            "iat": int(issued_at),
            # Rounded down, so a client that trusts `exp` never holds a token the server refuses.
            "exp": math.floor(expires_at),
            "jti": uuid.uuid4().hex,
        }
        header = {"alg": "HS256", "typ": "JWT"}
        signing_input = f"{_b64url(_json(header))}.{_b64url(_json(payload))}"
        token = f"{signing_input}.{_b64url(self._sign(signing_input))}"
        with self._lock:
            self._expiry_by_jti[str(payload["jti"])] = expires_at
        return token

    def is_valid(self, token: str) -> bool:
        """Whether this token was issued here, is intact and has not expired."""
        parts = token.split(".")
        if len(parts) != 3:
            return False
        signing_input = f"{parts[0]}.{parts[1]}"
        try:
            signature = _b64url_decode(parts[2])
            payload: Any = json.loads(_b64url_decode(parts[1]))
        except ValueError:
            return False
        if not hmac.compare_digest(signature, self._sign(signing_input)):
            return False
        if not isinstance(payload, dict):
            return False
        with self._lock:
            expires_at = self._expiry_by_jti.get(str(payload.get("jti")))
        return expires_at is not None and time.time() < expires_at

    def expire_all(self) -> None:
        """End every token issued so far; tokens issued later are not affected."""
        with self._lock:
            for jti in self._expiry_by_jti:
                self._expiry_by_jti[jti] = 0.0

    def _sign(self, signing_input: str) -> bytes:
        return hmac.new(self._secret, signing_input.encode("ascii"), hashlib.sha256).digest()


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode("utf-8")


@dataclass
class Workspace:
    """The one workspace an emulator serves: who may log in, and the tokens it has issued."""

    login: str
    organization: str
    version: str
    key: str = field(repr=False)
    tokens: TokenIssuer = field(repr=False)

    def accepts(self, login: object, key: object) -> bool:
        """Whether this login and key pair is the workspace's (compared in constant time)."""
        if not isinstance(login, str) or not isinstance(key, str):
            return False
        login_ok = hmac.compare_digest(login.encode("utf-8"), self.login.encode("utf-8"))
        key_ok = hmac.compare_digest(key.encode("utf-8"), self.key.encode("utf-8"))
        return login_ok and key_ok
