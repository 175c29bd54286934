"""Where the command line finds its server, login and key, and how ``maestro login`` saves them.

Each setting comes from the first of: its command-line option, its environment variable
(``MAESTRO_SERVER``, ``MAESTRO_LOGIN``, ``MAESTRO_KEY``), the profile in
``$XDG_CONFIG_HOME/maestro/config.toml`` (``~/.config/maestro/config.toml`` by default). The
profile is the one named by ``--profile``, else ``MAESTRO_PROFILE``, else ``default``.
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
    """Each setting from its option, else its environment variable, else the profile.

    ``profile`` is the ``--profile`` option. A profile asked for by name (option or
    ``MAESTRO_PROFILE``) must exist; the implicit ``default`` one may be missing.
    """
    values: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    for field in FIELDS:
        option = options.get(field)
        if option:
            values[field], sources[field] = option, f"--{field}"
        elif environ.get(ENVIRONMENT[field]):
            values[field], sources[field] = environ[ENVIRONMENT[field]], ENVIRONMENT[field]
    named = profile or environ.get("MAESTRO_PROFILE") or None
    name = named or DEFAULT_PROFILE
    if named or any(field not in values for field in FIELDS):
        stored = profiles.profiles()
        if name in stored:
            for field in FIELDS:
                text = stored[name].get(field)
                if field not in values and isinstance(text, str) and text:
                    values[field], sources[field] = text, f"profile {name!r}"
        elif named:
            known = ", ".join(sorted(stored)) or "none"
            raise UsageError(
                f"no profile {name!r} in {profiles.path} (profiles: {known}); "
                f"create it with: maestro login --profile {name}"
            )
    return Settings(
        server=values.get("server"),
        login=values.get("login"),
        key=values.get("key"),
        profile=name,
        sources=sources,
    )
