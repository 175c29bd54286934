"""Import time: ``import maestro`` against importing its three runtime dependencies.

Each sample is a fresh interpreter timing one import statement from the inside (the
interpreter's own start-up is the same for all and left out), in CPU time: importing reads
cached files and runs code, and the CPU time of the importing process does not count the
other processes of a shared machine. Bytecode is cached in a temporary folder, warmed by one
unmeasured round, as it is for any installed package.

The client makes its resources, and imports their modules and models, on first use; a
second case times the import and the first ``tasks.get`` together (over an in-process
transport), so that cost moved from the import to the first call shows. Its baseline imports
the same dependencies, defines the same ``Task`` model (imported from its module, with the
wire helpers it is made of) and makes the same request with httpx, validating the body.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import _server
from _harness import Goal, Measure, Row, interleave

BASELINE = "import httpx, pydantic, tenacity"
IMPORT_CASE = "import time (CPU time)"
FIRST_CALL_CASE = "import + first tasks.get, in-process (CPU time)"
FIRST_CALL_BASELINE = "deps + Task model + raw httpx call"
FIRST_CALL_SDK = "from maestro import MaestroClient + first tasks.get"

_ANSWER = f"""
def answer(request):
    return httpx.Response(200, content={_server.TASK_BODY!r})
"""
_RAW_FIRST_CALL = f"""
import httpx, pydantic, tenacity
from maestro.models.tasks import Task
{_ANSWER}
client = httpx.Client(
    transport=httpx.MockTransport(answer),
    base_url="https://maestro.test",
    headers={{"token": "t0ken", "organization": "myorg"}},
)
response = client.get("/api/v2/task/{_server.TASK_ID}")
response.raise_for_status()
Task.model_validate_json(response.content)
"""
_SDK_FIRST_CALL = f"""
import httpx
from maestro import MaestroClient
{_ANSWER}
client = MaestroClient(
    base_url="https://maestro.test",
    token="t0ken",
    organization="myorg",
    transport=httpx.MockTransport(answer),
)
client.tasks.get({_server.TASK_ID}).parsed
"""


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


def first_call_statements() -> dict[str, str]:
    """The import and first call of each side; the first is the baseline."""
    return {FIRST_CALL_BASELINE: _RAW_FIRST_CALL, FIRST_CALL_SDK: _SDK_FIRST_CALL}


def import_ms(statement: str, cache: Path) -> Measure:
    """Milliseconds ``statement`` (one or more lines) takes in a fresh interpreter."""
    script = (
        "import time\nstarted = time.process_time()\n"
        f"{statement}\nprint((time.process_time() - started) * 1000)"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-X", f"pycache_prefix={cache}", "-c", script]

    async def measure() -> float:
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
        return float(done.stdout)

    return measure


async def import_rows(rounds: int, cache: Path) -> list[Row]:
    """One row per statement, then the first-call case; ``import maestro`` carries the goal."""
    cases = dict.fromkeys(statements(), IMPORT_CASE)
    cases |= dict.fromkeys(first_call_statements(), FIRST_CALL_CASE)
    contenders = {
        name: import_ms(code, cache)
        for name, code in (statements() | first_call_statements()).items()
    }
    for measure in contenders.values():
        await measure()  # writes the bytecode caches
    samples = await interleave(rounds, contenders)
    rows = {name: Row(cases[name], name, "ms", values) for name, values in samples.items()}
    base = rows["httpx + pydantic + tenacity"]
    for name, row in rows.items():
        if cases[name] == IMPORT_CASE and row is not base:
            row.compare(base)
    rows[FIRST_CALL_SDK].compare(rows[FIRST_CALL_BASELINE])
    rows["import maestro"].goal = Goal("<=", 1.25)
    rows["import maestro"].note = "public names load on first use"
    # The same goal, on what a bot imports before its first call: shown met or not.
    rows["from maestro import MaestroClient"].goal = Goal("<=", 1.25)
    rows[
        "from maestro import MaestroClient"
    ].note = "the client; resources load on first use (below)"
    rows[FIRST_CALL_SDK].note = "the resource, its models and the call: cost moved from import"
    return list(rows.values())
