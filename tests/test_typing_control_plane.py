"""The control-plane resources' types, as users see them, checked with mypy --strict."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.test_typing import run

CONSUMER = Path(__file__).parent / "typing" / "control_plane.py"


def test_control_plane_consumer_passes_mypy_strict() -> None:
    result = run(sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(CONSUMER))
    assert result.returncode == 0, result.stdout + result.stderr
