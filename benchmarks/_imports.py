"""Import time: ``import maestro`` against importing its three runtime dependencies.

Each sample is a fresh interpreter timing one import statement from the inside (the
interpreter's own start-up is the same for all and left out), in CPU time: importing reads
cached files and runs code, and the CPU time of the importing process does not count the
other processes of a shared machine. Bytecode is cached in a temporary folder, warmed by one
unmeasured round, as it is for any installed package.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from _harness import Goal, Measure, Row, interleave

BASELINE = "import httpx, pydantic, tenacity"


def statements() -> dict[str, str]:
    """Contender name to import statement; the first is the baseline."""
    found = {
        "httpx + pydantic + tenacity": BASELINE,
        "import maestro": "import maestro",
        "from maestro import MaestroClient": "from maestro import MaestroClient",
    }
    if importlib.util.find_spec("botcity.maestro") is not None:
        found["import botcity.maestro"] = "import botcity.maestro"
    return found


def import_ms(statement: str, cache: Path) -> Measure:
    """Milliseconds ``statement`` takes in a fresh interpreter."""
    script = (
        "import time; started = time.process_time(); "
        f"{statement}; print((time.process_time() - started) * 1000)"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-X", f"pycache_prefix={cache}", "-c", script]

    async def measure() -> float:
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
        return float(done.stdout)

    return measure


async def import_rows(rounds: int, cache: Path) -> list[Row]:
    """One row per statement; ``import maestro`` carries the goal."""
    contenders = {name: import_ms(code, cache) for name, code in statements().items()}
    for measure in contenders.values():
        await measure()  # writes the bytecode caches
    samples = await interleave(rounds, contenders)
    rows = {
        name: Row("import time (CPU time)", name, "ms", values) for name, values in samples.items()
    }
    base = rows["httpx + pydantic + tenacity"]
    for row in rows.values():
        if row is not base:
            row.compare(base)
    rows["import maestro"].goal = Goal("<=", 1.25)
    rows["import maestro"].note = "public names load on first use"
    rows["from maestro import MaestroClient"].note = "all a first call needs"
    return list(rows.values())
