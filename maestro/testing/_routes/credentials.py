"""Credentials (§4.7): sets ("vaults") of secret keys, kept with their values.

A set is served as ``{label, organizationLabel, repositoryLabel, secrets: [{key, value,
valid}]}``, values included, as the reference's sources see it (C2, C6). ``GET
.../key/{key}`` answers the bare value as ``text/plain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maestro.testing._router import Router
from maestro.testing._state import EmulatorState
from maestro.testing._wire import (
    Request,
    Response,
    error,
    json_response,
    string_field,
    text_response,
)

router = Router()


@router.get("/api/v2/credential")
def list_credentials(request: Request, state: EmulatorState) -> Response:
    """C6 (COMM): every set, values included, as a plain array (not a page)."""
    return json_response(list(state.credentials.values()))


@router.post("/api/v2/credential")
def create_credential(request: Request, state: EmulatorState) -> Response:
    """C3: create a set; 409 when the label exists; ``organizationLabel`` must be ours."""
    body = request.json_object()
    label = string_field(body, "label", required=True, allow_empty=False)
    assert label is not None
    organization = string_field(body, "organizationLabel")
    if organization is not None and organization != state.organization:
        raise error(400, f"Field 'organizationLabel' must be '{state.organization}'")
    secrets = _secrets(body, required=False)
    if label in state.credentials:
        raise error(409, f"Credential '{label}' already exists")
    credential = {
        "label": label,
        "organizationLabel": state.organization,
        "repositoryLabel": string_field(body, "repositoryLabel", default="DEFAULT"),
        "secrets": secrets,
    }
    state.credentials[label] = credential
    return json_response(credential)


@router.get("/api/v2/credential/{label}")
def get_credential(request: Request, state: EmulatorState) -> Response:
    """C2: one set with its secrets; 404 when unknown."""
    return json_response(_credential(request, state))


@router.post("/api/v2/credential/{label}")
def replace_secrets(request: Request, state: EmulatorState) -> Response:
    """C5: replace the whole secret list (update or remove a key); answers the set."""
    credential = _credential(request, state)
    body = request.json_object()
    label = string_field(body, "label")
    if label is not None and label != credential["label"]:
        raise error(400, f"Field 'label' must be '{credential['label']}', the path's label")
    credential["secrets"] = _secrets(body, required=True)
    return json_response(credential)


@router.post("/api/v2/credential/{label}/key")
def add_key(request: Request, state: EmulatorState) -> Response:
    """C4: add ``{key, value}`` to a set; an existing key gets the new value. Answers the set."""
    credential = _credential(request, state)
    secret = _secret(request.json_object(), "")
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
    """C1: one secret value as plain text; 404 for an unknown set or key."""
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


def _secrets(body: Mapping[str, Any], *, required: bool) -> list[dict[str, Any]]:
    value = body.get("secrets")
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise error(400, "Field 'secrets' must be a list of {key, value}")
    secrets: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise error(400, f"Field 'secrets[{index}]' must be a JSON object")
        secret = _secret(item, f"secrets[{index}].")
        if any(existing["key"] == secret["key"] for existing in secrets):
            raise error(400, f"Field 'secrets[{index}].key' repeats the key '{secret['key']}'")
        secrets.append(secret)
    return secrets


def _secret(item: Mapping[str, Any], where: str) -> dict[str, Any]:
    """One ``{key, value, valid}``; errors name the field, never the value."""
    key = item.get("key")
    if not isinstance(key, str) or not key.strip():
        raise error(400, f"Field '{where}key' is required and must be a non-empty string")
    value = item.get("value")
    if not isinstance(value, str):
        raise error(400, f"Field '{where}value' is required and must be a string")
    valid = item.get("valid", True)
    if not isinstance(valid, bool):
        raise error(400, f"Field '{where}valid' must be a boolean")
    return {"key": key, "value": value, "valid": valid}
