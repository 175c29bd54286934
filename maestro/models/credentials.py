"""Credentials: named sets ("vaults") of secret key/value pairs.

Every secret value is a :class:`pydantic.SecretStr`: it prints as ``'**********'`` in reprs,
logs and tracebacks; ``.get_secret_value()`` gives the text. Response models are built so
that no server reply can fail validation on a secret (which would print it in the error):
values and keys are coerced to text, unreadable entries are skipped (``data`` keeps them).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, SecretStr, field_serializer

from maestro.models._base import NonBlankStr, RequestModel, ResponseModel

__all__ = [
    "CreateCredentialRequest",
    "Credential",
    "CredentialSecret",
    "ReplaceCredentialRequest",
    "SecretItem",
]


def _as_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _readable_secrets(value: Any) -> Any:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


_Text = Annotated[str, BeforeValidator(_as_text)]
_SecretText = Annotated[SecretStr, BeforeValidator(_as_text)]


class CredentialSecret(ResponseModel):
    """One key of a credential set, as the server returns it."""

    key: _Text = ""
    value: _SecretText | None = Field(default=None, description="The secret; never printed.")
    valid: bool | None = None


class Credential(ResponseModel):
    """A credential set (``GET /api/v2/credential/{label}``): its label and its secrets."""

    label: _Text
    organization_label: str | None = None
    repository_label: str | None = None
    secrets: Annotated[list[CredentialSecret], BeforeValidator(_readable_secrets)] = Field(
        default_factory=list
    )

    @property
    def keys(self) -> list[str]:
        """The names of the secrets in this set, in server order."""
        return [secret.key for secret in self.secrets]

    def value(self, key: str) -> SecretStr | None:
        """The secret stored under ``key``, or ``None`` when the set has no such key."""
        for secret in self.secrets:
            if secret.key == key:
                return secret.value
        return None


class SecretItem(RequestModel):
    """One ``{key, value}`` pair of a credential request body.

    ``valid`` is sent only when set (the SDK passes back what the server returned).
    """

    key: NonBlankStr
    value: SecretStr
    valid: bool | None = None

    @field_serializer("value", when_used="json")
    def _reveal(self, value: SecretStr) -> str:
        # The wire needs the plain value; reprs and validation errors never show it.
        return value.get_secret_value()


class CreateCredentialRequest(RequestModel):
    """Body of ``POST /api/v2/credential`` (the seed's payload)."""

    label: NonBlankStr
    organization_label: str | None = None
    repository_label: NonBlankStr = "DEFAULT"
    secrets: list[SecretItem] = Field(default_factory=list)


class ReplaceCredentialRequest(RequestModel):
    """Body of ``POST /api/v2/credential/{label}``: the whole, replaced list of secrets."""

    label: NonBlankStr
    secrets: list[SecretItem]
