"""The commands of ``maestro``, one module per area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maestro._cli._commands import _datapools, _files, _inventory, _tasks, _tools

if TYPE_CHECKING:
    from maestro._cli._app import Commands

__all__ = ["register"]


def register(commands: Commands) -> None:
    """Add every command, in the order ``maestro --help`` lists them."""
    _tasks.register(commands)
    _datapools.register(commands)
    _files.register(commands)
    _inventory.register(commands)
    _tools.register(commands)
