"""``python -m maestro._check``: another name for ``maestro check``, with the same behaviour.

The command line's ``check`` command (``maestro._cli``) is the one implementation: its
options, prompt, table, JSON document, closing notes and exit statuses.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``maestro check`` with these arguments (default: the process's); returns its status."""
    from maestro._cli import main as command_line

    arguments = sys.argv[1:] if argv is None else list(argv)
    return command_line(["check", *arguments])
