"""The ``maestro`` command line for operators (``maestro`` or ``python -m maestro``).

Imported only by the console script and ``python -m maestro``: ``import maestro`` never
loads it. See ``docs/cli.md``.
"""

from __future__ import annotations

from maestro._cli._app import main

__all__ = ["main"]
