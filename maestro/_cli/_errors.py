"""The command line's own failures and their exit statuses."""

from __future__ import annotations

__all__ = ["CommandError", "UsageError"]


class CommandError(Exception):
    """A command could not do its work (exit status 1); the message goes to stderr."""

    exit_code = 1


class UsageError(CommandError):
    """The command line, a setting or an input file is wrong (exit status 2)."""

    exit_code = 2
