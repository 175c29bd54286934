"""Where the command line finds its server, login and key, and how ``maestro login`` saves them.

Each setting comes from the first of: its command-line option; the profile named by
``--profile``; its environment variable (``MAESTRO_SERVER``, ``MAESTRO_LOGIN``, ``MAESTRO_KEY``);
the profile named by ``MAESTRO_PROFILE``, else ``default``. Profiles live in
``$XDG_CONFIG_HOME/maestro/config.toml`` (``~/.config/maestro/config.toml`` by default).

A key read from a profile is only sent to that profile's server, and a key read from
``MAESTRO_KEY`` only to a server from ``MAESTRO_SERVER`` or ``--server``: any other mix is a
usage error naming where each came from. A key given with ``--key`` goes to any server.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maestro._cli._errors import UsageError
from maestro._cli._toml import TomlError, dumps, loads

__all__ = ["ProfileFile", "Settings", "config_path", "resolve_settings"]

DEFAULT_PROFILE = "default"
FIELDS = ("server", "login", "key")
ENVIRONMENT = {"server": "MAESTRO_SERVER", "login": "MAESTRO_LOGIN", "key": "MAESTRO_KEY"}
FILE_HEADER = (
    "Profiles of the maestro command line, written by `maestro login`.\n"
    "It holds workspace keys: keep it readable by you alone (chmod 600)."
)


def config_path(environ: Mapping[str, str]) -> Path:
    """The profile file: under ``$XDG_CONFIG_HOME`` when set to an absolute path, else ~/.config."""
    xdg = environ.get("XDG_CONFIG_HOME", "")
    if xdg and os.path.isabs(xdg):
        base = Path(xdg)
    else:
        home = environ.get("HOME")
        base = (Path(home) if home else Path.home()) / ".config"
    return base / "maestro" / "config.toml"


@dataclass(frozen=True)
class Settings:
    """The connection settings in force, and where each one came from."""

    server: str | None
    login: str | None
    key: str | None
    profile: str
    sources: Mapping[str, str]
    """For each setting found, what gave it: ``--server``, ``MAESTRO_SERVER``, ``profile 'x'``."""


class ProfileFile:
    """The TOML file of profiles: ``[profiles.<name>]`` tables of ``server``, ``login``, ``key``."""

    def __init__(self, path: Path, warn: Callable[[str], None]) -> None:
        self.path = path
        self._warn = warn

    def read(self) -> dict[str, Any]:
        """The whole document, ``{}`` when the file does not exist."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise UsageError(f"cannot read {self.path}: {exc.strerror}") from None
        self._warn_if_shared()
        try:
            document = loads(text)
        except TomlError as exc:
            raise UsageError(f"{self.path}: {exc}") from None
        profiles = document.get("profiles", {})
        if not isinstance(profiles, dict) or not all(
            isinstance(table, dict) for table in profiles.values()
        ):
            raise UsageError(f"{self.path}: [profiles.<name>] must be tables")
        return document

    def profiles(self) -> dict[str, dict[str, Any]]:
        """Every profile by name."""
        profiles: dict[str, dict[str, Any]] = self.read().get("profiles", {})
        return profiles

    def save_profile(self, name: str, values: Mapping[str, str]) -> None:
        """Write one profile, keeping the others; the file is created readable by the user only."""
        document = self.read()
        profiles = document.setdefault("profiles", {})
        profiles[name] = dict(values)
        try:
            text = dumps(document, header=FILE_HEADER)
        except TypeError as exc:
            raise UsageError(
                f"{self.path} holds a value this program cannot rewrite: {exc}"
            ) from None
        directory = self.path.parent
        if not directory.exists():
            directory.mkdir(mode=0o700, parents=True)
        # A temporary file, created 0600, renamed over the old one: never readable by others,
        # never half-written.
        handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                if hasattr(os, "fchmod"):
                    os.fchmod(stream.fileno(), 0o600)
                stream.write(text)
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def _warn_if_shared(self) -> None:
        if os.name != "posix":
            return
        mode = stat.S_IMODE(self.path.stat().st_mode)
        if mode & 0o077:
            self._warn(
                f"{self.path} can be read by other users (mode {mode:04o}); it holds workspace "
                f"keys: run chmod 600 {self.path}"
            )


def resolve_settings(
    options: Mapping[str, str | None],
    environ: Mapping[str, str],
    profiles: ProfileFile,
    *,
    profile: str | None,
) -> Settings:
    """Each setting from its option, ``--profile``, its variable, or the implicit profile.

    The implicit profile is the one named by ``MAESTRO_PROFILE``, else ``default``.
    ``profile`` is the ``--profile`` option. A profile asked for by name (option or
    ``MAESTRO_PROFILE``) must exist; the implicit ``default`` one may be missing. A server and
    a key from sources that could send a stored key to another server are a usage error.
    """
    values: dict[str, str | None] = {}
    sources: dict[str, str] = {}

    def take(field: str, value: object, source: str) -> None:
        if field not in values and isinstance(value, str) and value:
            values[field], sources[field] = value, source

    for field in FIELDS:
        take(field, options.get(field), f"--{field}")
    if profile:
        stored = _named_profile(profiles, profile)
        for field in FIELDS:
            take(field, stored.get(field), f"profile {profile!r}")
    for field in FIELDS:
        take(field, environ.get(ENVIRONMENT[field]), ENVIRONMENT[field])
    named = profile or environ.get("MAESTRO_PROFILE") or None
    name = named or DEFAULT_PROFILE
    if not profile:
        if named:
            stored = _named_profile(profiles, name)
        elif any(field not in values for field in FIELDS):
            stored = profiles.profiles().get(name, {})
        else:
            stored = {}
        for field in FIELDS:
            take(field, stored.get(field), f"profile {name!r}")
    _refuse_a_key_bound_elsewhere(sources)
    return Settings(
        server=values.get("server"),
        login=values.get("login"),
        key=values.get("key"),
        profile=name,
        sources=sources,
    )


def _named_profile(profiles: ProfileFile, name: str) -> dict[str, Any]:
    """The profile asked for by name; a usage error listing the known ones if it is missing."""
    stored = profiles.profiles()
    if name not in stored:
        known = ", ".join(sorted(stored)) or "none"
        raise UsageError(
            f"no profile {name!r} in {profiles.path} (profiles: {known}); "
            f"create it with: maestro login --profile {name}"
        )
    return stored[name]


def _refuse_a_key_bound_elsewhere(sources: Mapping[str, str]) -> None:
    """Stop before a stored key could go to a server it was not saved or set for.

    A profile's key goes only to that profile's server; ``MAESTRO_KEY`` only to a server from
    ``MAESTRO_SERVER`` or ``--server``. A key typed as ``--key`` goes anywhere.
    """
    key_source, server_source = sources.get("key"), sources.get("server")
    if key_source is None or server_source is None or key_source == "--key":
        return
    if key_source == ENVIRONMENT["key"]:
        allowed = {ENVIRONMENT["server"], "--server"}
    else:
        allowed = {key_source}
    if server_source in allowed:
        return
    raise UsageError(
        f"the server comes from {server_source} but the key from {key_source}, and a stored "
        "key is only sent to its own server: give --key too, or take server and key from "
        "the same place"
    )
