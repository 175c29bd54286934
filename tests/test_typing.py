"""The types users see: consumer modules checked with mypy --strict and with pyright.

Each module in ``tests/typing/`` uses the SDK as a user would and pins the types with
``assert_type``: the sync client returns ``MaestroResponse[T]``, the async client a coroutine
of it, iterators are ``Iterator[T]`` / ``AsyncIterator[T]``. One checker run covers them all.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CONSUMERS = sorted(str(path) for path in (ROOT / "tests" / "typing").glob("*.py"))


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_there_are_consumer_modules() -> None:
    names = {Path(path).name for path in CONSUMERS}
    assert {"foundation.py", "bot_side.py", "control_plane.py", "data.py", "facades.py"} <= names


def test_consumer_modules_pass_mypy_strict() -> None:
    result = run(sys.executable, "-m", "mypy", "--strict", "--no-incremental", *CONSUMERS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="pyright needs Node.js on PATH")
def test_consumer_modules_pass_pyright() -> None:
    result = run(sys.executable, "-m", "pyright", *CONSUMERS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout
