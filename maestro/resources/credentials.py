"""Credentials: ``/api/v2/credential``.

Secret values travel only in request bodies and response bodies: they are passed to every
``Call`` as ``secrets`` (redacted from error messages), masked in validation errors, and
parsed as :class:`pydantic.SecretStr`. Nothing here logs a body.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

import httpx
from pydantic import BaseModel, SecretStr

from maestro._call import Call, Flow, fetch, json_body, no_body, route, validate
from maestro._endpoint import Resource, TransportT, endpoint, operation
from maestro._exceptions import FieldError, NotFoundError, RequestValidationError, short_repr
from maestro._response import MaestroResponse
from maestro.models._json import text_problem
from maestro.models.credentials import (
    CreateCredentialRequest,
    Credential,
    ReplaceCredentialRequest,
    SecretItem,
)
from maestro.resources._organization import naming_organization

__all__ = ["Credentials"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

SecretValue = str | SecretStr
"""A secret given by the caller: plain text or an already wrapped ``SecretStr``."""


class Credentials(Resource[TransportT]):
    """Credential sets (vaults) and their secret keys."""

    _resource_name = "credentials"

    @endpoint
    def list(self) -> Call[builtins.list[Credential]]:
        """Every credential set, with values (``GET /api/v2/credential``; an unconfirmed route).

        Unconfirmed route: known from community clients only, which read a plain JSON array,
        not a page.
        """
        return Call("GET", "/api/v2/credential", json_body(list[Credential]))

    @endpoint
    def get(self, label: str) -> Call[Credential]:
        """Fetch one credential set with its secrets (``GET /api/v2/credential/{label}``)."""
        return self._get_call(label)

    @endpoint
    def get_value(self, label: str, key: str) -> Call[SecretStr]:
        """One secret value (``GET /api/v2/credential/{label}/key/{key}``).

        The server answers plain text; ``parsed`` wraps it in a ``SecretStr`` so that it never
        shows in a repr or a log line: ``.parsed.get_secret_value()`` gives the text
        (``data`` and ``raw`` still hold the body as received).
        """
        path = route("/api/v2/credential/{label}/key/{key}", label=label, key=key)
        return Call("GET", path, _secret_text)

    @endpoint
    def create(
        self,
        label: str,
        values: Mapping[str, SecretValue],
        *,
        repository_label: str = "DEFAULT",
    ) -> Call[Credential]:
        """Create a credential set with the given secrets (``POST /api/v2/credential``).

        Sends ``label``, ``organizationLabel`` (the client's workspace: the one given to the
        client, else the one the login answered, else the login), ``repositoryLabel`` and
        ``secrets: [{key, value, valid: true}]``.
        """
        items = _secret_items(values)
        return self._create_call(label, items, repository_label, _credential_body)

    @operation
    def set_value(self, label: str, key: str, value: SecretValue) -> Flow[MaestroResponse[None]]:
        """Store one secret, creating the set when it does not exist (flow).

        ``GET /api/v2/credential/{label}``, then: on 404, ``POST /api/v2/credential`` with the
        new set; when the set has no such key, ``POST /api/v2/credential/{label}/key`` (as the
        official SDK's ``create_credential``); when the key exists, the whole set is replaced
        with the new value (``POST /api/v2/credential/{label}``), so the key is never doubled.
        Returns the response of the request that stored the value (``parsed`` is ``None``;
        ``data`` has the server's body).
        """
        item = _secret_item(key, value)
        del value  # kept in `item` as a SecretStr; a plain local would show in tracebacks
        get = self._get_call(label)
        try:
            current = yield from fetch(get)
        except NotFoundError:
            current = None
        if current is None or current.status_code == 404:
            created = yield from fetch(self._create_call(label, [item], "DEFAULT", no_body))
            return created
        if not current.ok:
            return _failed(current)
        if key in current.parsed.keys:
            secrets = _replace(current.parsed, label, item)
            replaced = yield from fetch(self._replace_call(label, secrets, no_body))
            return replaced
        path = route("/api/v2/credential/{label}/key", label=label)
        add = Call(
            "POST",
            path,
            no_body,
            json=item.to_wire(exclude_none=True),
            secrets=(item.value.get_secret_value(),),
        )
        added = yield from fetch(add)
        return added

    @operation
    def update_value(
        self, label: str, key: str, value: SecretValue
    ) -> Flow[MaestroResponse[Credential]]:
        """Change the value of an existing key (flow; server 3.0.0 or later).

        ``GET /api/v2/credential/{label}``, then ``POST /api/v2/credential/{label}`` with the
        whole set, that key's value replaced. A key the set does not have raises
        ``RequestValidationError`` before anything is changed.
        """
        item = _secret_item(key, value)
        del value  # kept in `item` as a SecretStr; a plain local would show in tracebacks
        current = yield from fetch(self._get_call(label))
        if not current.ok:
            return current
        _require_key(current.parsed, label, key)
        secrets = _replace(current.parsed, label, item)
        replaced = yield from fetch(self._replace_call(label, secrets, _credential_body))
        return replaced

    @operation
    def remove_key(self, label: str, key: str) -> Flow[MaestroResponse[Credential]]:
        """Remove one key from a set (flow; server 3.0.0 or later).

        ``GET /api/v2/credential/{label}``, then ``POST /api/v2/credential/{label}`` with the
        whole set less that key. A key the set does not have raises
        ``RequestValidationError`` before anything is changed.
        """
        _check_key(key)
        current = yield from fetch(self._get_call(label))
        if not current.ok:
            return current
        _require_key(current.parsed, label, key)
        kept = _replace(current.parsed, label, None, drop=key)
        replaced = yield from fetch(self._replace_call(label, kept, _credential_body))
        return replaced

    @endpoint
    def delete(self, label: str) -> Call[None]:
        """Delete a credential set (``DELETE /api/v2/credential/{label}``; a speculative route).

        Speculative route: no client deletes a credential set; the path follows the
        datapool's ``DELETE``.
        """
        return Call("DELETE", route("/api/v2/credential/{label}", label=label), no_body)

    # -- the calls the flows share --------------------------------------------------------

    def _get_call(self, label: str) -> Call[Credential]:
        return Call("GET", route("/api/v2/credential/{label}", label=label), _credential_body)

    def _create_call(
        self,
        label: str,
        secrets: Sequence[SecretItem],
        repository_label: str,
        parse: Callable[[httpx.Response], T],
    ) -> Call[T]:
        auth = self._transport.auth
        body = _validated(
            CreateCredentialRequest,
            label=label,
            organization_label=auth.organization,
            repository_label=repository_label,
            # A new set's secrets are sent valid, as the official SDK sends them.
            secrets=[item.model_copy(update={"valid": True}) for item in secrets],
        ).to_wire(exclude_none=True)
        json = naming_organization(body, "organizationLabel", lambda: auth.organization)
        return Call("POST", "/api/v2/credential", parse, json=json, secrets=_plain(secrets))

    def _replace_call(
        self, label: str, secrets: Sequence[SecretItem], parse: Callable[[httpx.Response], T]
    ) -> Call[T]:
        body = _validated(ReplaceCredentialRequest, label=label, secrets=list(secrets))
        return Call(
            "POST",
            route("/api/v2/credential/{label}", label=label),
            parse,
            json=body.to_wire(exclude_none=True),
            secrets=_plain(secrets),
            idempotent=True,  # it sets the whole list: sending it twice changes nothing more
        )


_credential_body: Callable[[httpx.Response], Credential] = json_body(Credential)


def _secret_text(raw: httpx.Response) -> SecretStr:
    return SecretStr(raw.text)


def _failed(response: MaestroResponse[Any]) -> MaestroResponse[None]:
    # A non-2xx response (raise_for_status=False) is handed back as it is: reading its
    # ``parsed`` raises the status error, so its declared model type does not matter.
    return cast("MaestroResponse[None]", response)


def _plain(secrets: Sequence[SecretItem]) -> tuple[str, ...]:
    return tuple(item.value.get_secret_value() for item in secrets)


def _validated(model: type[M], **values: Any) -> M:
    return validate(model, secret_fields={"value", "secrets"}, **values)


def _check_key(key: object) -> str:
    if not isinstance(key, str) or not key.strip():
        raise RequestValidationError.single("", "key", key, "must be a non-blank string")
    problem = text_problem(key)
    if problem is not None:
        raise RequestValidationError.single("", "key", key, problem)
    return key


def _check_value(field: str, value: object) -> SecretStr:
    secret = SecretStr(value) if isinstance(value, str) else value
    if not isinstance(secret, SecretStr):
        message = "must be a string or SecretStr"
        raise RequestValidationError("", [FieldError(field, "***", message)])
    problem = text_problem(secret.get_secret_value())
    if problem is not None:
        raise RequestValidationError("", [FieldError(field, "***", problem)])
    return secret


def _secret_item(key: object, value: object) -> SecretItem:
    return SecretItem(key=_check_key(key), value=_check_value("value", value))


def _secret_items(values: object) -> list[SecretItem]:
    if not isinstance(values, Mapping):
        raise RequestValidationError(
            "", [FieldError("values", "***", "must be a mapping of key to secret value")]
        )
    errors: list[FieldError] = []
    items: list[SecretItem] = []
    for key, value in values.items():
        if not isinstance(key, str) or not key.strip() or text_problem(key):
            message = "keys must be non-blank strings of valid Unicode text"
            errors.append(FieldError("values", short_repr(key), message))
            continue
        try:
            items.append(SecretItem(key=key, value=_check_value(f"values[{key!r}]", value)))
        except RequestValidationError as exc:
            errors += exc.errors
    if errors:
        raise RequestValidationError("", errors)
    return items


def _require_key(credential: Credential, label: str, key: str) -> None:
    if key not in credential.keys:
        known = ", ".join(repr(name) for name in credential.keys) or "none"
        raise RequestValidationError.single(
            "", "key", key, f"is not a key of credential {label!r} (its keys: {known})"
        )


def _replace(
    credential: Credential, label: str, item: SecretItem | None, *, drop: str | None = None
) -> builtins.list[SecretItem]:
    """The set's secrets with ``item`` replacing its key (or ``drop`` removed).

    Every other secret is sent back as the server returned it; if the server did not return
    a value, replacing the set would erase it, so that is refused before anything is sent.
    """
    result: builtins.list[SecretItem] = []
    missing: builtins.list[str] = []
    for secret in credential.secrets:
        if secret.key == drop:
            continue
        if item is not None and secret.key == item.key:
            result.append(item.model_copy(update={"valid": secret.valid}))
            continue
        if secret.value is None:
            missing.append(secret.key)
            continue
        # Passed back as the server gave it: no validation that could fail on (and print) it.
        result.append(
            SecretItem.model_construct(key=secret.key, value=secret.value, valid=secret.valid)
        )
    if missing:
        names = ", ".join(repr(name) for name in missing)
        raise RequestValidationError.single(
            "",
            "label",
            label,
            f"the server did not return the values of {names}; replacing the set would erase"
            " them, so nothing was sent",
        )
    return result
