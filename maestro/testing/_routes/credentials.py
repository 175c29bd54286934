"""Credentials: sets ("vaults") of secret keys, kept with their values.

A set is served as ``{label, organizationLabel, repositoryLabel, secrets: [{key, value,
valid}]}``, values included, as clients read it. ``GET
.../key/{key}`` answers the bare value as ``text/plain``.
"""

from __future__ import annotations

from typing import Any

from maestro.testing._bodies import Body, Flag, Items, Text
from maestro.testing._router import Router
from maestro.testing._state import EmulatorState
from maestro.testing._wire import (
    Request,
    Response,
    error,
    json_response,
    text_response,
)

router = Router()

SECRET = Body(
    key=Text(required=True, allow_empty=False),
    value=Text(required=True),
    valid=Flag(default=True),
)
"""One secret; also the body that adds a key. Errors name the field, never the value."""

CREATE_CREDENTIAL = Body(
    label=Text(required=True, allow_empty=False),
    organizationLabel=Text(),
    repositoryLabel=Text(default="DEFAULT"),
    secrets=Items(item=SECRET, expected=True, noun="{key, value}"),
)
"""Every client sends ``label`` and ``secrets``; the C# SDK and the seed add
``repositoryLabel``, the seed ``organizationLabel``."""

REPLACE_SECRETS = Body(
    label=Text(expected=True),
    secrets=Items(item=SECRET, required=True, noun="{key, value}"),
)
"""The whole list of secrets, with the set's label."""


@router.get("/api/v2/credential")
def list_credentials(request: Request, state: EmulatorState) -> Response:
    """Every set, values included, as a plain array (not a page)."""
    return json_response(list(state.credentials.values()))


@router.post("/api/v2/credential")
def create_credential(request: Request, state: EmulatorState) -> Response:
    """Create a set; 409 when the label exists; ``organizationLabel`` must be ours."""
    fields = CREATE_CREDENTIAL.read(request, state)
    organization = fields["organizationLabel"]
    if organization is not None and organization != state.organization:
        raise error(400, f"Field 'organizationLabel' must be '{state.organization}'")
    secrets = _unique_keys(fields["secrets"])
    label = fields["label"]
    if label in state.credentials:
        raise error(409, f"Credential '{label}' already exists")
    credential = {
        "label": label,
        "organizationLabel": state.organization,
        "repositoryLabel": fields["repositoryLabel"],
        "secrets": secrets,
    }
    state.credentials[label] = credential
    return json_response(credential)


@router.get("/api/v2/credential/{label}")
def get_credential(request: Request, state: EmulatorState) -> Response:
    """One set with its secrets; 404 when unknown."""
    return json_response(_credential(request, state))


@router.post("/api/v2/credential/{label}")
def replace_secrets(request: Request, state: EmulatorState) -> Response:
    """Replace the whole secret list (update or remove a key); answers the set."""
    credential = _credential(request, state)
    fields = REPLACE_SECRETS.read(request, state)
    label = fields["label"]
    if label is not None and label != credential["label"]:
        raise error(400, f"Field 'label' must be '{credential['label']}', the path's label")
    credential["secrets"] = _unique_keys(fields["secrets"])
    return json_response(credential)


@router.post("/api/v2/credential/{label}/key")
def add_key(request: Request, state: EmulatorState) -> Response:
    """Add ``{key, value}`` to a set; an existing key gets the new value. Answers the set."""
    credential = _credential(request, state)
    secret = SECRET.read(request, state)
    secrets: list[dict[str, Any]] = credential["secrets"]
    for index, existing in enumerate(secrets):
        if existing["key"] == secret["key"]:
            secrets[index] = secret
            break
    else:
        secrets.append(secret)
    return json_response(credential)


@router.get("/api/v2/credential/{label}/key/{key}")
def get_value(request: Request, state: EmulatorState) -> Response:
    """One secret value as plain text; 404 for an unknown set or key."""
    credential = _credential(request, state)
    key = request.params["key"]
    for secret in credential["secrets"]:
        if secret["key"] == key:
            return text_response(secret["value"])
    raise error(404, f"Key '{key}' not found in credential '{credential['label']}'")


@router.delete("/api/v2/credential/{label}")
def delete_credential(request: Request, state: EmulatorState) -> Response:
    """Unconfirmed (no source shows it; the SDK's choice): delete a set; 200, empty body."""
    credential = _credential(request, state)
    del state.credentials[credential["label"]]
    return text_response("")


def _credential(request: Request, state: EmulatorState) -> dict[str, Any]:
    label = request.params["label"]
    credential = state.credentials.get(label)
    if credential is None:
        raise error(404, f"Credential '{label}' not found")
    return credential


def _unique_keys(secrets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The secrets, unless a key is given twice (400 naming the second)."""
    keys: set[str] = set()
    for index, secret in enumerate(secrets):
        if secret["key"] in keys:
            raise error(400, f"Field 'secrets[{index}].key' repeats the key '{secret['key']}'")
        keys.add(secret["key"])
    return secrets
