"""The bot-side methods keep exact types on both clients (mypy --strict and pyright)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
CONSUMER = ROOT / "tests" / "typing" / "bot_consumer.py"


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_bot_consumer_passes_mypy_strict() -> None:
    result = run(sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(CONSUMER))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="pyright needs Node.js on PATH")
def test_bot_consumer_passes_pyright() -> None:
    result = run(sys.executable, "-m", "pyright", str(CONSUMER))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout
